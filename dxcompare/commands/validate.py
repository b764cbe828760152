"""`validate`: check a data folder; one line per problem, exit 1 when any.

Plan files unchanged since the last validated load keep their checked rows from the cache
(`reuse.py`: the result is a cold load's, problem for problem); the cache is read, never written.
`--no-cache` reads every file again."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .. import cache
from ..defaults import default_data_dir
from ..loader import collect


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--data", type=Path, default=None, help="data folder (default: the repository's data/)")
    p.add_argument("plan_files", nargs="*", type=Path,
                   help="extra plan files (e.g. a reviewed draft) checked against the folder's registries and raw texts")
    p.add_argument("--no-cache", action="store_true",
                   help="read and check every file again (default: unchanged plan files keep their cached result)")


def run(args: argparse.Namespace) -> int:
    data_dir = args.data or default_data_dir()
    drafts: list[str] = []
    previous = None if args.no_cache else cache.previous(data_dir)
    ds, problems = collect(data_dir, tuple(args.plan_files), drafts=drafts, previous=previous)
    for p in problems:
        print(p, file=sys.stderr)
    for label in drafts:
        print(f"{label}: skipped: still marked draft: true (review it, then remove the mark)", file=sys.stderr)
    if problems:
        print(f"{len(problems)} problem(s) found in {data_dir}", file=sys.stderr)
        return 1
    counts = ", ".join(f"{len(getattr(ds, t))} {t}" for t in ("plans", "citations", "targets", "budgets", "assignments"))
    print(f"valid: {counts}")
    return 0
