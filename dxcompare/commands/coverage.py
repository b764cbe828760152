"""`coverage`: how complete the national layer is, per table and year, against its goals."""
from __future__ import annotations

import argparse
from pathlib import Path

import pandas as pd

from ..defaults import default_data_dir
from ..loader import load_dataset
from ..analysis.data_coverage import coverage


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--data", type=Path, default=None, help="data folder (default: the repository's data/)")


def run(args: argparse.Namespace) -> int:
    table = coverage(load_dataset(args.data or default_data_dir()))
    for rec in table.itertuples(index=False):
        year = "" if pd.isna(rec.year) else f" {rec.year}"
        goal = "" if pd.isna(rec.goal) else f"  goal ≥ {rec.goal}: {'met' if rec.met else 'NOT met'}"
        print(f"{rec.table}{year}: {rec.measure}: {rec.count}/{rec.of}{goal}")
    return 0
