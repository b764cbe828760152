"""The stamp every report page carries: package version, a digest of the data, and the date of the data.

No wall-clock time: the same package and data give the same stamp, so reruns give the same bytes.
"""
from __future__ import annotations

import hashlib
from pathlib import Path


def data_digest(data_dir: Path) -> str:
    """sha256 over every input file of the data folder (relative path and content; the cache left out)."""
    h = hashlib.sha256()
    for path in sorted(p for p in Path(data_dir).rglob("*") if p.is_file()):
        rel = path.relative_to(data_dir)
        if rel.parts[0] == "processed" or any(part.startswith(".") for part in rel.parts):
            continue
        h.update(rel.as_posix().encode("utf-8") + b"\0" + hashlib.sha256(path.read_bytes()).digest())
    return h.hexdigest()


def stamp(ds, data_dir: Path) -> str:
    """'dxcompare 0.1.0 · dữ liệu / data sha256:1a2b3c4d5e6f · dữ liệu tới / data as of 2024-04-26'."""
    from .. import __version__

    latest = ds.plans["issued"].max()
    as_of = latest.strftime("%Y-%m-%d") if latest == latest else "—"
    return (f"dxcompare {__version__} · dữ liệu / data sha256:{data_digest(data_dir)[:12]} · "
            f"dữ liệu tới / data as of {as_of}")
