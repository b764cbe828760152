"""Extraction at corpus scale: throughput per core, speed-up with `--jobs 2`, peak memory on one large input.

Builds a corpus from the shipped raw texts (each plan a file, repeated to ~`--mb` MB in all),
runs the real command line (`python -m dxcompare extract --format jsonl`) with one and with two jobs,
checks that both outputs are byte-identical, and measures the peak resident memory of a run on one
input of `--large-mb` MB (the same texts concatenated). Writes nothing outside a temporary folder.

    python benchmarks/extract_scale.py [--mb 6] [--large-mb 20] [--markdown FILE]
"""
from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCES = sorted((ROOT / "data" / "raw").glob("*.txt"))  # real plan text (the held-out texts are denser)


def _run(args: list[str]) -> tuple[float, bytes, int]:
    """Wall seconds, stdout, and the peak RSS (kB) of the child (ru_maxrss of the largest child so far)."""
    t0 = time.perf_counter()
    out = subprocess.run([sys.executable, "-m", "dxcompare", "extract", *args], capture_output=True, check=True,
                         cwd=ROOT).stdout
    return time.perf_counter() - t0, out, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mb", type=float, default=6.0, help="corpus size for the throughput runs")
    ap.add_argument("--large-mb", type=float, default=20.0, help="size of the one input for the memory run")
    ap.add_argument("--markdown", type=Path, default=None, help="append the figures to this file")
    args = ap.parse_args(argv)
    texts = [p.read_text(encoding="utf-8") for p in SOURCES]
    unit = sum(len(t.encode("utf-8")) for t in texts)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "corpus"
        folder.mkdir()
        paths, size, i = [], 0, 0
        while size < args.mb * 1e6:
            text = texts[i % len(texts)]
            path = folder / f"plan_{i:05d}.txt"
            path.write_text(text, encoding="utf-8")
            paths.append(str(path))
            size += len(text.encode("utf-8"))
            i += 1
        _run(["--jobs", "1", paths[0]])  # warm the page cache and the registries' parse
        t1, out1, _ = _run(["--format", "jsonl", "--jobs", "1", *paths])
        t2, out2, _ = _run(["--format", "jsonl", "--jobs", "2", *paths])
        assert out1 == out2, "--jobs 2 changed the output"
        large = Path(tmp) / "large.txt"
        reps = max(1, int(args.large_mb * 1e6 / unit))
        large.write_text("\n\n".join(texts * reps), encoding="utf-8")
        large_mb = large.stat().st_size / 1e6
        base_rss = _run(["--format", "jsonl", paths[0]])[2]
        tl, _, peak = _run(["--format", "jsonl", "--max-size", str(int(large_mb) + 1), str(large)])
    lines = [
        "## Extraction at corpus scale (`benchmarks/extract_scale.py`)", "",
        f"Machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at the start (a shared machine). Corpus: {len(paths)} plans, {size / 1e6:.1f} MB "
        "(the shipped raw texts, repeated).", "",
        "| run | wall (s) | MB/s |", "|---|---|---|",
        f"| `--jobs 1` | {t1:.1f} | {size / 1e6 / t1:.2f} |",
        f"| `--jobs 2` | {t2:.1f} | {size / 1e6 / t2:.2f} |", "",
        f"Speed-up with 2 jobs: {t1 / t2:.2f}×; outputs byte-identical.", "",
        f"One input of {large_mb:.1f} MB: {tl:.1f} s ({large_mb / tl:.2f} MB/s), peak resident memory "
        f"{peak / 1024:.0f} MB ({peak / 1024 / large_mb:.1f}× the input; a one-plan run peaks at "
        f"{base_rss / 1024:.0f} MB).",
    ]
    text = "\n".join(lines)
    print(text)
    if args.markdown:
        with args.markdown.open("a", encoding="utf-8") as fh:
            fh.write("\n" + text + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
