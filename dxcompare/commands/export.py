"""`export`: the tidy tables as csv, parquet or json, with a Frictionless datapackage.json."""
from __future__ import annotations

import argparse
from pathlib import Path

from ..defaults import default_data_dir
from ..export import FORMATS, check_destination, export
from ..loader import load_dataset


def add_arguments(p: argparse.ArgumentParser) -> None:
    # --format is checked in run(): a bad value is a usage error (exit 1) with the same message as the library's
    p.add_argument("--format", required=True, metavar="|".join(FORMATS), help="file format of the tables")
    p.add_argument("--out", type=Path, required=True,
                   help="output folder, replaced whole (created when missing; not inside --data)")
    p.add_argument("--data", type=Path, default=None, help="data folder (default: the repository's data/)")
    p.add_argument("--force", action="store_true", help="replace an existing export in --out")
    p.add_argument("--excel", action="store_true",
                   help="CSV with a UTF-8 byte-order mark, so that Excel shows Vietnamese correctly")
    p.add_argument("--no-cache", action="store_true", help="read and validate every file, ignoring processed/")


def run(args: argparse.Namespace) -> int:
    data_dir = args.data or default_data_dir()
    # refuse a bad destination before loading anything
    check_destination(args.out, data_dir, args.format, force=args.force, excel=args.excel)
    ds = load_dataset(data_dir, cache=not args.no_cache)
    written = export(ds, args.out, args.format, force=args.force, excel=args.excel)
    print(f"wrote {len(written)} files ({args.format}) to {args.out}")
    return 0
