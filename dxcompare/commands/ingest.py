"""`ingest`: turn PDFs, Word files, legacy-encoded texts and scans into raw UTF-8 texts with their manifest entries.

    python -m dxcompare ingest FILE... --out DIR [--force] [--jobs N]

Each input becomes DIR/<name>.txt (Unicode NFC) and an entry appended to
DIR/sources.yaml. Exit 0 when every input was converted, 2 when some failed (the
others are written), 1 when all failed or the arguments are wrong.
"""
from __future__ import annotations

import argparse
from pathlib import Path

from ..errors import UsageError
from ..ingest.batch import ingest


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("paths", nargs="+", metavar="FILE",
                   help="PDF (text layer or scanned), .docx, .doc, page images, or .txt (UTF-8/16, Windows-1258, TCVN3, VNI)")
    p.add_argument("--out", type=Path, required=True,
                   help="folder for the texts and their sources.yaml entries (e.g. data/raw)")
    p.add_argument("--force", action="store_true", help="replace a text file (and its entry) that is already there")
    p.add_argument("--jobs", type=int, default=None, help="OCR pages recognised at once (default: number of cores)")


def run(args: argparse.Namespace) -> int:
    if args.jobs is not None and args.jobs < 1:
        raise UsageError(f"--jobs must be at least 1, got {args.jobs}")
    outcomes = ingest(args.paths, args.out, force=args.force, jobs=args.jobs)
    failed = sum(1 for o in outcomes if o.error)
    if failed == len(outcomes):
        return 1
    return 2 if failed else 0
