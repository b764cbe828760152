"""Extraction at corpus scale: throughput per core, speed-up with `--jobs 2`, peak memory against input size.

Builds a corpus from the shipped raw texts (each plan a file, repeated to ~`--mb` MB in all), runs the
real command line (`python -m dxcompare extract --format jsonl`) with one and with two jobs, best of
`--repeat` runs each, and checks that both outputs are byte-identical. Then runs it on one input of
each of `--sizes` MB (the same texts concatenated) and reads the peak resident memory of that one
process as the process itself sees it (`VmHWM`; the `ru_maxrss` that `wait4` returns would include the
pages of this benchmark process it was forked from, ~50 MB, and hide a small run's own peak), against a
one-plan run as the fixed base. The load
average is recorded next to every timing: the machine may be shared. Writes nothing outside a
temporary folder. `--src DIR` runs the extractor of another checkout (to compare before and after).

`--same-as DIR` only checks that a change kept the extraction itself: this checkout's outputs and those
of the checkout DIR (e.g. `git worktree add /tmp/base main`) must be byte-identical on the shipped seeds,
every held-out and test text, and one 5 MB input, in every format.

    python benchmarks/extract_scale.py [--mb 6] [--plan-kb 30] [--sizes 5,10,20] [--repeat 3] [--src DIR]
        [--memory-only] [--markdown FILE]
    python benchmarks/extract_scale.py --same-as DIR
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCES = sorted((ROOT / "data" / "raw").glob("*.txt"))  # real plan text (the held-out texts are denser)


# `python -m dxcompare extract ARGS`, which writes its own peak resident set (kB) to $PEAK_FILE at exit: the
# mm's high-water mark after exec (Linux), else what getrusage says.
_MEASURED = r"""
import atexit, os, runpy, sys

def _peak():
    kb = None
    try:
        with open("/proc/self/status") as f:
            kb = next((int(line.split()[1]) for line in f if line.startswith("VmHWM:")), None)
    except OSError:
        pass
    if kb is None:
        import resource
        kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    with open(os.environ["PEAK_FILE"], "w") as f:
        f.write(str(kb))

atexit.register(_peak)
sys.argv = ["dxcompare", *sys.argv[1:]]
runpy.run_module("dxcompare", run_name="__main__", alter_sys=True)
"""


class Runner:
    def __init__(self, src: Path, scratch: Path):
        self.src, self.out, self.peak = src, scratch / "stdout", scratch / "peak"
        self.env = {**os.environ, "PYTHONPATH": str(src), "PEAK_FILE": str(self.peak)}

    def run(self, args: list[str]) -> tuple[float, bytes, float]:
        """Wall seconds, stdout, and the peak resident memory (MB) of this one run; `self.cpu` its CPU seconds
        (user + system: what the run itself cost, whatever else the machine was doing)."""
        with self.out.open("wb") as fh:
            t0 = time.perf_counter()
            proc = subprocess.Popen([sys.executable, "-c", _MEASURED, "extract", *args], stdout=fh,
                                    stderr=subprocess.DEVNULL, cwd=self.src, env=self.env)
            _, status, usage = os.wait4(proc.pid, 0)
            wall = time.perf_counter() - t0
        self.cpu = usage.ru_utime + usage.ru_stime
        proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.returncode != 0:
            raise SystemExit(f"extract {' '.join(args[:4])} … failed with exit code {proc.returncode}")
        return wall, self.out.read_bytes(), int(self.peak.read_text()) / 1024


def same_outputs(old: Path, texts: list[str]) -> int:
    """0 when both checkouts write the same bytes for every text in every format, else 1 (naming the first)."""
    inputs = [*SOURCES, *sorted((ROOT / "tests" / "heldout").rglob("*.txt")),
              *sorted((ROOT / "tests" / "extract_texts").glob("*.txt"))]
    with tempfile.TemporaryDirectory() as tmp:
        large = Path(tmp) / "large.txt"
        large.write_text("\n\n".join(texts * max(1, round(5e6 / sum(len(t.encode()) for t in texts)))),
                         encoding="utf-8")
        runs = {name: Runner(src.resolve(), Path(tmp) / name) for name, src in (("new", ROOT), ("old", old))}
        for runner in runs.values():
            runner.out.parent.mkdir()
        cases = [(fmt, [str(p) for p in inputs]) for fmt in ("json", "jsonl", "plan-yaml")] + [("jsonl", [str(large)])]
        for fmt, paths in cases:
            args = ["--format", fmt, "--jobs", "1", "--max-size", "10", *paths]
            if runs["new"].run(args)[1] != runs["old"].run(args)[1]:
                print(f"different output: --format {fmt} {' '.join(paths) if len(paths) == 1 else '(every text)'}")
                return 1
    print(f"same output, byte for byte, in {len(cases)} runs ({len(inputs)} texts and a 5 MB input; json, jsonl, "
          "plan-yaml)")
    return 0


def _busy(n: int) -> int:
    total = 0
    for i in range(n):
        total += i
    return total


def control() -> float:
    """The speed-up two processes of pure Python get right now: what the machine allows `--jobs 2`."""
    import multiprocessing

    n = 10_000_000
    t0 = time.perf_counter()
    _busy(n)
    _busy(n)
    serial = time.perf_counter() - t0
    with multiprocessing.get_context("fork").Pool(2) as pool:
        t0 = time.perf_counter()
        pool.map(_busy, [n, n])
        parallel = time.perf_counter() - t0
    return serial / parallel


def _load() -> str:
    return "/".join(f"{x:.1f}" for x in os.getloadavg())


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mb", type=float, default=6.0, help="corpus size for the throughput runs")
    ap.add_argument("--sizes", default="5,10,20", help="sizes (MB) of the one input for the memory runs")
    ap.add_argument("--repeat", type=int, default=3, help="timed runs per job count; the best counts")
    ap.add_argument("--plan-kb", type=float, default=0.0,
                    help="make each corpus plan about this many kB (the shipped texts joined in turn; default: "
                         "each shipped text is one plan)")
    ap.add_argument("--src", type=Path, default=ROOT, help="checkout whose extractor runs (default: this one)")
    ap.add_argument("--memory-only", action="store_true", help="skip the throughput runs (corpus, --jobs 1 and 2)")
    ap.add_argument("--markdown", type=Path, default=None, help="append the figures to this file")
    ap.add_argument("--same-as", type=Path, default=None, metavar="DIR",
                    help="only check that the outputs equal those of the checkout DIR, byte for byte")
    args = ap.parse_args(argv)
    texts = [p.read_text(encoding="utf-8") for p in SOURCES]
    if args.same_as is not None:
        return same_outputs(args.same_as, texts)
    unit = sum(len(t.encode("utf-8")) for t in texts)
    lines = ["## Extraction at corpus scale (`benchmarks/extract_scale.py`)", "",
             f"Machine: {os.cpu_count()} cores; load average (1/5/15 min) {_load()} at the start.", ""]
    with tempfile.TemporaryDirectory() as tmp:
        runner = Runner(args.src.resolve(), Path(tmp))
        folder = Path(tmp) / "corpus"
        folder.mkdir()
        paths, size, i, k = [], 0, 0, 0
        while size < args.mb * 1e6:
            parts, n = [], 0
            while not parts or n < args.plan_kb * 1e3:
                parts.append(texts[k % len(texts)])
                n += len(parts[-1].encode("utf-8")) + 2
                k += 1
            text = "\n\n".join(parts)
            path = folder / f"plan_{i:05d}.txt"
            path.write_text(text, encoding="utf-8")
            paths.append(str(path))
            size += len(text.encode("utf-8"))
            i += 1
        runner.run(["--jobs", "1", paths[0]])  # warm the page cache and the registries' parse
        if not args.memory_only:
            lines += throughput(runner, paths, size, args.repeat)
        base = runner.run(["--format", "jsonl", paths[0]])[2]
        base_cpu = runner.cpu
        lines += [f"Memory: a one-plan run peaks at {base:.0f} MB (the fixed base) and takes {base_cpu:.2f} s of CPU. "
                  "One input of each size, `--jobs 1`; CPU is user + system time of the run less the base's:",
                  "", "| input (MB) | wall (s) | CPU (s) | MB per CPU s | peak RSS (MB) | above the base (MB) | "
                  "above the base / input | load average |", "|---|---|---|---|---|---|---|---|"]
        for mb in (float(x) for x in args.sizes.split(",")):
            large = Path(tmp) / "large.txt"
            reps = max(1, round(mb * 1e6 / unit))
            large.write_text("\n\n".join(texts * reps), encoding="utf-8")
            large_mb = large.stat().st_size / 1e6
            load = _load()
            tl, _, peak = runner.run(["--format", "jsonl", "--max-size", str(int(large_mb) + 1), str(large)])
            cpu = runner.cpu - base_cpu
            lines.append(f"| {large_mb:.1f} | {tl:.1f} | {cpu:.1f} | {large_mb / cpu:.2f} | {peak:.0f} | "
                         f"{peak - base:.0f} | {(peak - base) / large_mb:.1f}× | {load} |")
    text = "\n".join(lines)
    print(text)
    if args.markdown:
        with args.markdown.open("a", encoding="utf-8") as fh:
            fh.write("\n" + text + "\n")
    return 0


def throughput(runner: Runner, paths: list[str], size: int, repeat: int) -> list[str]:
    """Best wall time of `repeat` runs with one and with two jobs on the corpus, and the control."""
    best: dict[int, float] = {}
    loads: dict[int, list[str]] = {1: [], 2: []}
    outputs: dict[int, bytes] = {}
    controls = []
    for _ in range(repeat):
        controls.append(control())
        for jobs in (1, 2):
            loads[jobs].append(_load())
            wall, out, _ = runner.run(["--format", "jsonl", "--jobs", str(jobs), *paths])
            best[jobs] = min(best.get(jobs, wall), wall)
            assert outputs.setdefault(jobs, out) == out, "two runs gave different output"
    assert outputs[1] == outputs[2], "--jobs 2 changed the output"
    lines = [f"Corpus: {len(paths)} plans, {size / 1e6:.1f} MB, {size / len(paths) / 1e3:.0f} kB a plan on average "
             f"(the shipped raw texts, repeated); best of {repeat} runs each.", "",
             "| run | wall (s) | MB/s | load average before each run |", "|---|---|---|---|"]
    for jobs in (1, 2):
        lines.append(f"| `--jobs {jobs}` | {best[jobs]:.2f} | {size / 1e6 / best[jobs]:.2f} | "
                     f"{', '.join(loads[jobs])} |")
    return lines + ["", f"Speed-up with 2 jobs: {best[1] / best[2]:.2f}×; outputs byte-identical. Control (two "
                    f"busy loops in a 2-process pool against one after the other, before each pair of runs): "
                    f"{', '.join(f'{c:.2f}×' for c in controls)}; a control well under 2× means the second core "
                    "was taken by other work.", ""]


if __name__ == "__main__":
    raise SystemExit(main())
