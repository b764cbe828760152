"""How building the legal-basis / agency network grows with the number of plans.

    python benchmarks/bench_graph.py [--plans 50 500 2000] [--repeat 3]

The shipped data is measured first; larger corpora are written by
`benchmarks/synth.py` (same registries, plans of the curated shape) into a
temporary folder and loaded once. Each timing is the best of `--repeat` runs
(the least disturbed by other work on the machine). Besides `build_graph`, the
table shows the per-plan questions that walk the graph (every plan's
`legal_basis_chain`) and the whole-graph ones (`alignment_matrix`,
`agency_roles`), so a notebook author knows what a corpus of that size costs.
"""
from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from dxcompare import load_dataset
from dxcompare.graph import agency_roles, alignment_matrix, build_graph, legal_basis_chain

HERE = Path(__file__).resolve().parent


def best_of(repeat: int, fn) -> tuple[float, object]:
    """Smallest wall time of `repeat` calls, and the last result."""
    best, result = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - start)
    return best, result


def measure(ds, repeat: int) -> dict:
    build, G = best_of(repeat, lambda: build_graph(ds))
    plans = list(ds.plans["plan_id"])
    chains, _ = best_of(1, lambda: [legal_basis_chain(G, p) for p in plans])
    matrix, _ = best_of(1, lambda: alignment_matrix(G))
    roles, _ = best_of(repeat, lambda: agency_roles(G))
    return {"plans": len(plans), "nodes": G.number_of_nodes(), "edges": G.number_of_edges(), "build_s": build,
            "build_ms_per_plan": 1000 * build / len(plans), "chains_s": chains, "alignment_s": matrix,
            "agency_roles_s": roles}


def synthetic(n: int, root: Path):
    out = root / f"synth-{n}"
    subprocess.run([sys.executable, str(HERE / "synth.py"), "--plans", str(n), "--out", str(out)], check=True,
                   stdout=subprocess.DEVNULL)
    return load_dataset(out)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--plans", type=int, nargs="*", default=[50, 500, 2000], help="synthetic corpus sizes")
    p.add_argument("--repeat", type=int, default=3)
    args = p.parse_args(argv)
    rows = [("shipped", measure(load_dataset(), args.repeat))]
    with tempfile.TemporaryDirectory(prefix="dxcompare-bench-graph-") as tmp:
        for n in args.plans:
            rows.append(("synth", measure(synthetic(n, Path(tmp)), args.repeat)))
    cols = ["plans", "nodes", "edges", "build_s", "build_ms_per_plan", "chains_s", "alignment_s", "agency_roles_s"]
    print(f"{'data':8}" + "".join(f"{c:>18}" for c in cols))
    for name, r in rows:
        print(f"{name:8}" + "".join(f"{r[c]:>18.4f}" if isinstance(r[c], float) else f"{r[c]:>18}" for c in cols))
    return 0


if __name__ == "__main__":
    sys.exit(main())
