"""Publish a report set whole: build it in a temporary sibling folder, then swap it into place.

The new folder starts as a copy of the current one, so reports a
run does not remake are kept; the run writes into it; two renames then put it
where the old one was. A run killed at any point leaves either the old set or
the new one, never a new notebook beside an old page; the next run removes
what a killed run left behind (and puts the old set back if it was killed
between the two renames).
"""
from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ..errors import UsageError


def _siblings(out_dir: Path, kind: str) -> list[Path]:
    return sorted(out_dir.parent.glob(f".{out_dir.name}.{kind}-*"))


def clean_stale(out_dir: Path) -> None:
    """Remove what killed runs left beside `out_dir`; restore the old set if a swap stopped halfway."""
    for stage in _siblings(out_dir, "partial"):
        shutil.rmtree(stage, ignore_errors=True)
    olds = _siblings(out_dir, "old")
    if olds and not out_dir.exists():
        os.rename(olds.pop(), out_dir)
    for old in olds:
        shutil.rmtree(old, ignore_errors=True)


def check_destination(out_dir: Path) -> None:
    """Refuse, before any notebook runs, a destination that is a file or cannot be written."""
    out_dir = Path(out_dir)
    if out_dir.exists() and not out_dir.is_dir():
        raise UsageError(f"cannot write reports to {out_dir}: it is a file, not a folder")
    parent = out_dir.parent if out_dir.parent != Path("") else Path(".")
    existing = next((p for p in (parent, *parent.parents) if p.exists()), Path("."))
    if not existing.is_dir():
        raise UsageError(f"cannot write reports to {out_dir}: {existing} is a file, not a folder")
    if not os.access(existing, os.W_OK | os.X_OK) or (out_dir.is_dir() and not os.access(out_dir, os.W_OK | os.X_OK)):
        raise UsageError(f"cannot write reports to {out_dir}: permission denied")


@contextmanager
def staged(out_dir: Path) -> Iterator[Path]:
    """Yield a temporary sibling folder holding the current set; on success it replaces `out_dir` whole."""
    out_dir = Path(out_dir)
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    clean_stale(out_dir)
    stage = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.partial-", dir=out_dir.parent))
    try:
        os.chmod(stage, 0o777 & ~_umask())
        if out_dir.is_dir():
            for f in sorted(out_dir.iterdir()):
                if f.is_file() and not f.is_symlink():
                    shutil.copy2(f, stage / f.name)  # a copy, not a link: nothing written here reaches the old set
        yield stage
        _swap(stage, out_dir)
    finally:
        if stage.exists():
            shutil.rmtree(stage, ignore_errors=True)


def _swap(stage: Path, out_dir: Path) -> None:
    if out_dir.exists():
        aside = out_dir.parent / f".{out_dir.name}.old-{os.getpid()}"
        os.rename(out_dir, aside)
        os.rename(stage, out_dir)
        shutil.rmtree(aside, ignore_errors=True)
    else:
        os.rename(stage, out_dir)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
