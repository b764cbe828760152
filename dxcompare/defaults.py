"""Defaults a user can override from the environment: where the data folder is (`$DXCOMPARE_DATA`) and
how many worker processes a command uses (`$DXCOMPARE_JOBS`). Light on purpose: the extractor reads
them without importing pandas."""
from __future__ import annotations

import os
from pathlib import Path

DEFAULT_DATA_DIR = Path(__file__).resolve().parent.parent / "data"


def default_data_dir() -> Path:
    """`$DXCOMPARE_DATA` when set, else the repository's `data/` folder."""
    return Path(os.environ.get("DXCOMPARE_DATA", DEFAULT_DATA_DIR))


def default_jobs() -> int:
    """`$DXCOMPARE_JOBS` when set, else the cores this process may use."""
    env = os.environ.get("DXCOMPARE_JOBS")
    if env and env.isdigit() and int(env) > 0:
        return int(env)
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1
