"""A content-hashed cache of a validated dataset, under `<data>/processed/`.

A national corpus takes seconds to parse and validate; an unchanged one should
load at once. The cache is one folder `processed/dataset-<key>/` holding one
Arrow IPC file per table (the plan tables in shards of `SHARD_PLANS` consecutive
plans) and `manifest.json`, where the key is the sha256 of
the package's own code (every .py file of dxcompare, so a new module counts
without anyone listing it), the Python, PyYAML, pandas and pyarrow versions,
and every input file (path and sha256). The manifest records the sha256 of
each Arrow file, checked on every load: one changed byte or two swapped files
is a miss, never served. It is used only while every input still has the
sha256 recorded:

- a file whose stat signature (size, mtime, ctime, inode) is unchanged keeps its
  recorded sha256; any other file is read and hashed again, and a different
  hash means a miss (so `touch` or a checkout costs a re-hash, not a rebuild);
- a file changed less than `RACY_NS` before the dataset was read is always
  re-hashed, because a rewrite within one clock tick can leave its signature
  unchanged (git's index has the same rule);
- plan files added or removed change the set of inputs, which is a miss.

On a miss the same folder still serves the plan files that did not change: its
manifest records each plan file's entry key (see `reuse.py`), and `lookup`
hands those rows to the loader, which reads and checks only the other files;
writing the new folder then links the shards whose plans all kept their keys.

Writes go to a temporary folder renamed into place (`atomic.atomic_folder`), so
a reader never sees a half-written cache; a cache that cannot be read
(truncated, edited, from another version) is ignored and rewritten by the next
successful load, even when its folder has the right key. Only valid datasets
are cached, and a folder that cannot be written is left alone.
"""
from __future__ import annotations

import bisect
import hashlib
import json
import os
import platform
import shutil
import time
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.feather as feather
import pyarrow.ipc as ipc
import yaml

from .atomic import atomic_folder
from .dataset import Dataset, Texts
from .national import tables as national_tables
from .readers import read_bytes
from .reuse import Previous, plan_runs

FORMAT = 3
RACY_NS = 2_000_000_000  # generous: coarse file-system clocks, clock steps
_code_digest: str | None = None


def code_digest() -> str:
    """sha256 of the package's code and of the versions that shape a dataset."""
    global _code_digest
    if _code_digest is None:
        versions = (f"format {FORMAT}; python {platform.python_version()}; pyyaml {yaml.__version__} "
                    f"(libyaml {getattr(yaml, '__with_libyaml__', False)}); pandas {pd.__version__}; "
                    f"pyarrow {pa.__version__}\n")
        h = hashlib.sha256(versions.encode())
        here = Path(__file__).resolve().parent
        for path in sorted(here.rglob("*.py")):
            h.update(path.relative_to(here).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
        _code_digest = h.hexdigest()
    return _code_digest


def cache_key(inputs: dict[str, str]) -> str:
    h = hashlib.sha256(code_digest().encode())
    for path, digest in sorted(inputs.items()):
        h.update(f"\n{path}\0{digest}".encode())
    return h.hexdigest()


def _signature(st: os.stat_result) -> list[int]:
    return [st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino]


def signature_of(path) -> list[int] | None:
    try:
        return _signature(os.stat(path))
    except OSError:
        return None


def _plan_files(data_dir: Path) -> set[str]:
    """The plan and national-table files present: one added or removed invalidates the cache."""
    found = set()
    for folder, suffix in (("plans", ".yaml"), ("national", ".csv")):
        try:
            with os.scandir(data_dir / folder) as entries:
                found |= {f"{folder}/{e.name}" for e in entries if e.name.endswith(suffix) and e.is_file()}
        except FileNotFoundError:
            continue
    return found


def _unchanged(data_dir: Path, files: dict[str, list]) -> bool:
    """Every recorded input still has its recorded sha256 (re-hashing only what may have changed)."""
    if {k for k in files if k.startswith(("plans/", "national/"))} != _plan_files(data_dir):
        return False
    root = str(data_dir) + os.sep
    for rel, (digest, signature) in files.items():
        path = root + rel  # plain strings: pathlib would cost more than the stat itself
        try:
            if signature is not None and _signature(os.stat(path)) == signature:
                continue
            data = read_bytes(Path(path), rel, [])  # a FIFO or device in place of a file is refused, not waited on
            if data is None or hashlib.sha256(data).hexdigest() != digest:
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


def _read(folder: Path, file: str, digest: str) -> pa.Table | None:
    """One cached Arrow file, None unless its bytes have the recorded sha256."""
    data = (folder / file).read_bytes()
    if hashlib.sha256(data).hexdigest() != digest:
        return None
    return feather.read_table(pa.BufferReader(data))


def _table(folder: Path, name: str, manifest: dict) -> pd.DataFrame | None:
    """One cached table (from its shards, for the plan tables), None when any file is not as recorded."""
    if name not in SHARDED:
        table = _read(folder, f"{name}.arrow", manifest["tables"][name])
        return None if table is None else table.to_pandas()
    parts = [_read(folder, _shard_file(name, k), digest) for k, digest in enumerate(manifest["shards"]["tables"][name])]
    if not parts or any(t is None for t in parts):
        return None
    return pa.concat_tables(parts).to_pandas()


def _manifest(folder: Path) -> dict | None:
    """The folder's manifest when it is this code's and well formed, else None."""
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT or manifest.get("code") != code_digest():
        return None
    files, entries, shards = manifest.get("files"), manifest.get("plans"), manifest.get("shards")
    if not (isinstance(files, dict) and isinstance(entries, dict) and isinstance(manifest.get("tables"), dict)
            and isinstance(shards, dict) and isinstance(shards.get("bounds"), list)
            and isinstance(shards.get("tables"), dict)):
        return None
    if not all(isinstance(v, list) and len(v) == 2 and isinstance(v[0], str) for v in files.values()):
        return None
    if not all(isinstance(v, list) and len(v) == 4 and isinstance(v[0], str) and isinstance(v[1], str)
               and isinstance(v[3], str) for v in entries.values()):
        return None
    bounds = shards["bounds"]
    if not (bounds and bounds[0] == "" and all(isinstance(b, str) for b in bounds) and bounds == sorted(set(bounds))
            and all(len(shards["tables"].get(n) or ()) == len(bounds) for n in SHARDED)):
        return None
    return manifest


def _manifests(data_dir: Path):
    """(folder, manifest) of every cache folder of this code, newest first; unreadable ones are skipped."""
    for folder in _folders(data_dir):
        try:
            manifest = _manifest(folder)
        except Exception:  # noqa: BLE001 - any unreadable cache is a miss, never a failure
            continue
        if manifest is not None:
            yield folder, manifest


def lookup(data_dir: Path) -> tuple[Dataset | None, Previous | None]:
    """(the cached `Dataset` when every input and cache file is unchanged, else None;
    else what the newest cache folder of this code can still serve: see `reuse.py`)."""
    data_dir = Path(data_dir)
    newest = None
    for folder, manifest in _manifests(data_dir):
        newest = newest or (folder, manifest)
        try:
            files = manifest["files"]
            if cache_key({k: v[0] for k, v in files.items()}) != manifest["key"] or not _unchanged(data_dir, files):
                continue
            tables = {name: _table(folder, name, manifest) for name in Dataset.TABLES}
            if any(t is None for t in tables.values()):
                continue
            tables.update(national_tables.retyped({n: tables[n] for n in national_tables.NATIONAL_TABLES}))
            return Dataset(data_dir=data_dir, **tables, texts=Texts(data_dir, manifest["texts"]),
                           inputs={k: v[0] for k, v in files.items()}, drafts=tuple(manifest.get("drafts", ())),
                           entries=manifest["plans"]), None
        except Exception:  # noqa: BLE001 - any unreadable cache is a miss, never a failure
            continue
    return None, (None if newest is None else _previous(data_dir, *newest))


def previous(data_dir: Path) -> Previous | None:
    """What the newest cache folder of this code can serve to an incremental `collect`, even when nothing
    changed: for `validate`, which reads the cache but never writes it."""
    newest = next(_manifests(Path(data_dir)), None)
    return None if newest is None else _previous(Path(data_dir), *newest)


def _previous(data_dir: Path, folder: Path, manifest: dict) -> Previous:
    def load_tables() -> dict[str, pd.DataFrame] | None:
        out = {name: _table(folder, name, manifest) for name in SHARDED}
        return None if any(t is None for t in out.values()) else out
    return Previous(data_dir, manifest["files"], manifest["plans"], load_tables, folder, manifest)


# The plan tables are stored in shards of consecutive plans, so that after a few plans changed
# only their shards are written again; the others are hard links to the previous folder's files.
SHARDED = ("plans", "citations", "targets", "budgets", "funding_sources", "assignments", "evidence")
SHARD_PLANS = 250


def _shard_file(name: str, k: int) -> str:
    return f"{name}.{k:04d}.arrow"


def _bounds(plan_ids: list[str], old: list[str] | None) -> list[str]:
    """Shard lower bounds (plan ids): the previous ones while no shard grew past twice its size."""
    if old:
        sizes = [0] * len(old)
        for pid in plan_ids:
            sizes[bisect.bisect_right(old, pid) - 1] += 1
        if max(sizes) <= 2 * SHARD_PLANS and len(old) <= 2 * len(plan_ids) // SHARD_PLANS + 2:
            return old
    return ["", *plan_ids[SHARD_PLANS::SHARD_PLANS]]


def _shard_members(entries: dict[str, list], bounds: list[str]) -> list[dict[str, str]]:
    """Per shard, its plan files and their entry keys."""
    out: list[dict[str, str]] = [{} for _ in bounds]
    for key, (pid, entry, *_rest) in entries.items():
        out[bisect.bisect_right(bounds, pid) - 1][key] = entry
    return out


def _write_table(path: Path, frame: pd.DataFrame) -> str:
    """Write `frame` as an Arrow IPC (Feather v2) file; its sha256."""
    table = pa.Table.from_pandas(frame, preserve_index=False)
    sink = pa.BufferOutputStream()
    with ipc.new_file(sink, table.schema) as writer:
        writer.write_table(table)
    data = sink.getvalue()
    path.write_bytes(data)
    return hashlib.sha256(data).hexdigest()


def _write_shards(tmp: Path, ds, previous: Previous | None) -> dict:
    """Write the plan tables in shards; a shard whose plan files all kept their entry keys is linked, not written."""
    plan_ids = list(ds.plans["plan_id"])
    old = previous.manifest if previous is not None and previous.verified else None
    bounds = _bounds(plan_ids, old["shards"]["bounds"] if old else None)
    members = _shard_members(ds.entries, bounds)
    same = [False] * len(bounds)
    if old and old["shards"]["bounds"] == bounds and \
            old["files"].get("reference/agencies.csv", [None])[0] == ds.inputs.get("reference/agencies.csv"):
        same = [a == b for a, b in zip(members, _shard_members(old["plans"], bounds))]
    tables: dict[str, list[str]] = {}
    for name in SHARDED:
        frame = getattr(ds, name)
        ids, starts = plan_runs(frame)
        cuts = [int(starts[bisect.bisect_left(ids, b)]) for b in bounds] + [len(frame)]
        digests = []
        for k in range(len(bounds)):
            file = _shard_file(name, k)
            if same[k]:
                try:
                    os.link(previous.folder / file, tmp / file)
                    digests.append(old["shards"]["tables"][name][k])
                    continue
                except OSError:
                    pass  # no hard links here: write it
            digests.append(_write_table(tmp / file, frame.iloc[cuts[k]:cuts[k + 1]]))
        tables[name] = digests
    return {"bounds": bounds, "tables": tables}


def store(ds, read_started_ns: int, previous: Previous | None = None) -> Path | None:
    """Write `ds` (just validated from files read after `read_started_ns`) as the folder's cache.

    Returns the cache folder, or None when it could not be written (read-only data, full disk…).
    A folder with the same key is replaced: `store` runs only after `load` missed, so that
    folder is broken (edited, truncated, swapped files). `previous`: the cache folder this
    load kept rows from, whose unchanged shards are linked instead of written.
    """
    if not isinstance(ds.texts, Texts):
        return None
    data_dir = Path(ds.data_dir)
    processed = data_dir / "processed"
    key = cache_key(ds.inputs)
    final = processed / f"dataset-{key[:24]}"
    files = {}
    root = str(data_dir) + os.sep
    same = previous.same if previous is not None else {}
    for rel, digest in ds.inputs.items():
        if not rel.startswith(("plans/", "raw/", "reference/", "national/")) or ".." in rel.split("/"):
            return None  # an input outside the folder (extra plan files): not a cacheable dataset
        if rel in same and previous.files[rel][0] == digest:  # stat'ed during this load, unchanged: no need again
            files[rel] = [digest, same[rel]]
            continue
        try:
            st = os.stat(root + rel)
        except OSError:
            return None
        racy = max(st.st_mtime_ns, st.st_ctime_ns) >= read_started_ns - RACY_NS
        files[rel] = [digest, None if racy else _signature(st)]
    try:
        processed.mkdir(exist_ok=True)
        with atomic_folder(final) as tmp:
            shards = _write_shards(tmp, ds, previous)
            tables = {name: _write_table(tmp / f"{name}.arrow", frame) for name, frame in ds.tables().items()
                      if name not in SHARDED}
            manifest = {"format": FORMAT, "key": key, "code": code_digest(), "written": time.time_ns(),
                        "texts": ds.texts.digests, "files": files, "tables": tables, "shards": shards,
                        "drafts": list(ds.drafts), "plans": ds.entries}
            (tmp / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, sort_keys=True),
                                               encoding="utf-8")
    except Exception:  # noqa: BLE001 - a cache that cannot be written is only a slower next load
        return None
    for old in _folders(data_dir):
        if old != final:
            shutil.rmtree(old, ignore_errors=True)
    return final
