"""A content-hashed cache of a validated dataset, under `<data>/processed/`.

A national corpus takes seconds to parse and validate; an unchanged one should
load at once. The cache is one folder `processed/dataset-<key>/` holding one
Arrow IPC file per table and `manifest.json`, where the key is the sha256 of
the loader's own code and of every input file (path and sha256). It is used
only while every input still has the sha256 recorded:

- a file whose stat signature (size, mtime, ctime, inode) is unchanged keeps its
  recorded sha256; any other file is read and hashed again, and a different
  hash means a miss (so `touch` or a checkout costs a re-hash, not a rebuild);
- a file changed less than `RACY_NS` before the dataset was read is always
  re-hashed, because a rewrite within one clock tick can leave its signature
  unchanged (git's index has the same rule);
- plan files added or removed change the set of inputs, which is a miss.

Writes go to a temporary folder renamed into place, so a reader never sees a
half-written cache; a cache that cannot be read (truncated, edited, from
another version) is ignored and replaced by the next successful load. Only
valid datasets are cached, and a folder that cannot be written is left alone.
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
import time
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.feather as feather

FORMAT = 1
RACY_NS = 2_000_000_000  # generous: coarse file-system clocks, clock steps
CODE_FILES = ("cache.py", "columns.py", "loader.py", "readers.py", "records.py", "schema.py", "textnorm.py")
_code_digest: str | None = None


def code_digest() -> str:
    """sha256 of the code that shapes a dataset (and the versions it was stored with)."""
    global _code_digest
    if _code_digest is None:
        h = hashlib.sha256(f"format {FORMAT}; pandas {pd.__version__}; pyarrow {pa.__version__}\n".encode())
        here = Path(__file__).resolve().parent
        for name in CODE_FILES:
            h.update(name.encode() + b"\0" + (here / name).read_bytes() + b"\0")
        _code_digest = h.hexdigest()
    return _code_digest


def cache_key(inputs: dict[str, str]) -> str:
    h = hashlib.sha256(code_digest().encode())
    for path, digest in sorted(inputs.items()):
        h.update(f"\n{path}\0{digest}".encode())
    return h.hexdigest()


def _signature(st: os.stat_result) -> list[int]:
    return [st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino]


def _plan_files(data_dir: Path) -> set[str]:
    with os.scandir(data_dir / "plans") as entries:
        return {f"plans/{e.name}" for e in entries if e.name.endswith(".yaml") and e.is_file()}


def _unchanged(data_dir: Path, files: dict[str, list]) -> bool:
    """Every recorded input still has its recorded sha256 (re-hashing only what may have changed)."""
    if {k for k in files if k.startswith("plans/")} != _plan_files(data_dir):
        return False
    root = str(data_dir) + os.sep
    for rel, (digest, signature) in files.items():
        path = root + rel  # plain strings: pathlib would cost more than the stat itself
        try:
            if signature is not None and _signature(os.stat(path)) == signature:
                continue
            with open(path, "rb") as f:
                if hashlib.sha256(f.read()).hexdigest() != digest:
                    return False
        except OSError:
            return False
    return True


def _folders(data_dir: Path) -> list[Path]:
    processed = data_dir / "processed"
    found = []
    try:
        for p in processed.iterdir():
            if p.name.startswith("dataset-") and p.is_dir():
                found.append((p.stat().st_mtime_ns, p))
    except OSError:
        pass
    return [p for _, p in sorted(found, reverse=True)]


def load(data_dir: Path):
    """The cached `Dataset` of `data_dir` when every input is unchanged, else None."""
    from .loader import Dataset, Texts

    data_dir = Path(data_dir)
    for folder in _folders(data_dir):
        try:
            manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
            if manifest.get("format") != FORMAT or manifest.get("code") != code_digest():
                continue
            files = manifest["files"]
            if cache_key({k: v[0] for k, v in files.items()}) != manifest["key"] or not _unchanged(data_dir, files):
                continue
            tables = {name: feather.read_table(folder / f"{name}.arrow", memory_map=True).to_pandas()
                      for name in Dataset.TABLES}
            return Dataset(data_dir=data_dir, **tables, texts=Texts(data_dir, manifest["texts"]),
                           inputs={k: v[0] for k, v in files.items()})
        except Exception:  # noqa: BLE001 - any unreadable cache is a miss, never a failure
            continue
    return None


def store(ds, read_started_ns: int) -> Path | None:
    """Write `ds` (just validated from files read after `read_started_ns`) as the folder's cache.

    Returns the cache folder, or None when it could not be written (read-only data, full disk…).
    """
    from .loader import Texts

    if not isinstance(ds.texts, Texts):
        return None
    data_dir = Path(ds.data_dir)
    processed = data_dir / "processed"
    key = cache_key(ds.inputs)
    final = processed / f"dataset-{key[:24]}"
    if final.is_dir():
        return final
    files = {}
    root = str(data_dir) + os.sep
    for rel, digest in ds.inputs.items():
        if not rel.startswith(("plans/", "raw/", "reference/")) or ".." in rel.split("/"):
            return None  # an input outside the folder (extra plan files): not a cacheable dataset
        try:
            st = os.stat(root + rel)
        except OSError:
            return None
        racy = max(st.st_mtime_ns, st.st_ctime_ns) >= read_started_ns - RACY_NS
        files[rel] = [digest, None if racy else _signature(st)]
    tmp = None
    try:
        processed.mkdir(exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=".dataset-", dir=processed))
        for name, frame in ds.tables().items():
            feather.write_feather(frame, tmp / f"{name}.arrow", compression="uncompressed")
        manifest = {"format": FORMAT, "key": key, "code": code_digest(), "written": time.time_ns(),
                    "texts": ds.texts.digests,
                    "files": files}
        (tmp / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, sort_keys=True), encoding="utf-8")
        os.rename(tmp, final)
        tmp = None
    except Exception:  # noqa: BLE001 - a cache that cannot be written is only a slower next load
        return final if final.is_dir() else None
    finally:
        if tmp is not None:
            shutil.rmtree(tmp, ignore_errors=True)
    for old in _folders(data_dir):
        if old != final:
            shutil.rmtree(old, ignore_errors=True)
    return final
