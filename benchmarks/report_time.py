"""How long `make report` takes, against the bare cost of its kernels.

    python benchmarks/report_time.py [--jobs N]

Three measurements, printed side by side:
1. the full report run, exactly as `make report` runs it
   (`python -m dxcompare report --all --out DIR --jobs N`, in a fresh process,
   into a temporary folder);
2. the floor: starting a kernel until it answers, then shutting it down, once
   per notebook run, one after the other (the same kernel spec and settings the
   report uses). No report can avoid this cost; spread over N cores it is
   floor / N;
3. the notebooks' own compute: the time their cells take (papermill's per-cell
   durations, from a second, in-process run), also spread over N cores.

The report meets its budget when wall <= 2 x floor / N + compute / N.
The machine may be shared, so the wall time and the floor are each the best of
`--repeat` passes (the pass least disturbed by other work).
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from jupyter_client import KernelManager

from dxcompare import load_dataset, report


def kernel_floor(runs: int) -> float:
    """Seconds to start (until ready) and stop `runs` kernels, one after the other."""
    total = 0.0
    for _ in range(runs):
        start = time.perf_counter()
        with tempfile.TemporaryDirectory(prefix="dxcompare-kernel-") as sockets:
            km = KernelManager(kernel_name=report.KERNEL, config=report.kernel_config(sockets))
            km.start_kernel(extra_arguments=report.KERNEL_ARGUMENTS, cwd=str(report.NOTEBOOK_DIR))
            kc = km.client()
            kc.start_channels()
            kc.wait_for_ready(timeout=60)
            kc.stop_channels()
            km.shutdown_kernel(now=report.KERNEL_SHUTDOWN == "immediate")  # as the report stops its kernels
        total += time.perf_counter() - start
    return total


def cli_run(jobs: int, out: Path) -> float:
    """Wall time of the report command in a fresh interpreter, as `make report` runs it."""
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "dxcompare", "report", "--all", "--out", str(out), "--jobs", str(jobs)],
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="cores for the report (default: all)")
    parser.add_argument("--repeat", type=int, default=2, help="passes of the report and of the floor; best is kept")
    args = parser.parse_args()
    jobs = report.all_jobs(list(load_dataset().plans["plan_id"]))
    cores = max(1, min(args.jobs, len(jobs)))

    floor = min(kernel_floor(len(jobs)) for _ in range(args.repeat))
    with tempfile.TemporaryDirectory() as tmp:
        wall = min(cli_run(cores, Path(tmp) / "cli") for _ in range(args.repeat))
        start = time.perf_counter()
        results = report.run_jobs(jobs, Path(tmp) / "inproc", n_jobs=cores, progress=False)
        inproc = time.perf_counter() - start
    compute = sum(r.compute_seconds for r in results)
    budget = 2 * floor / cores + compute / cores

    print(f"notebook runs: {len(jobs)} ({', '.join(j.stem for j in jobs)})")
    print(f"cores used:    {cores}")
    print(f"report wall (python -m dxcompare report --all):  {wall:7.2f} s   (in-process run: {inproc:.2f} s)")
    print(f"kernel floor (start+stop x {len(jobs)}, serial):         {floor:7.2f} s   floor / cores: {floor / cores:.2f} s")
    print(f"notebooks' own compute (cells, summed):          {compute:7.2f} s   compute / cores: {compute / cores:.2f} s")
    print(f"ratio wall / (floor / cores):                    {wall / (floor / cores):7.2f}")
    print(f"budget 2 x floor/cores + compute/cores:          {budget:7.2f} s   -> "
          f"{'within' if wall <= budget else 'OVER'} budget ({wall / budget:.2f} of it)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
