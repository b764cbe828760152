"""An incremental load: plan files that did not change keep their rows from the last validated dataset.

A plan file's checked result (its metadata row, its fact rows with their quote
spans) depends only on the file's bytes, the bytes of the raw text it quotes,
that text's manifest sha256, what the plan is checked against (registry ids,
province names, indicator pillars) and the package's code. The sha256 of all
of these together is the file's *entry key*; the cache (`cache.py`) records it
for every plan file of the valid dataset it holds. On the next load a plan file
whose entry key is unchanged keeps its rows from the cache, and only the others
are read and checked again. Every check that spans files (one plan per id, the
manifest, the registries, plans that are registry documents) then runs on the
whole assembled dataset, as on a cold load, so the result is the cold load's
table for table and problem for problem.

Only a valid dataset is cached, so every kept file had no problem of its own;
a file with problems is always read again and reports them as a cold load does.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from .readers import read_bytes

MAX_PIECES = 256  # beyond this many slices, one sort of the concatenated rows is cheaper


def context_digest(code: str, ctx) -> str:
    """sha256 of the package code and of everything a plan file is checked against except its own text."""
    h = hashlib.sha256(f"code {code}\nmanifest {ctx.expected is not None}\ndrafts {ctx.skip_drafts}\n".encode())
    for name in sorted(ctx.ids):
        ids = ctx.ids[name]
        h.update(f"\nids {name} ".encode() + (b"-" if ids is None else "\x1f".join(sorted(ids)).encode()))
    names = ctx.province_names
    h.update(b"\nprovinces " + (b"-" if names is None else "\x1f".join(sorted(names)).encode()))
    h.update(b"\npillars " + "\x1f".join(f"{k}={v}" for k, v in sorted(ctx.indicator_pillars.items())).encode())
    return h.hexdigest()


def entry_key(context: str, key: str, plan_sha: str, source_file: str, listed_sha: str | None,
              raw_sha: str | None) -> str:
    """The key of one plan file's checked result (see the module docstring)."""
    parts = (context, key, plan_sha, source_file, listed_sha or "-", raw_sha or "-")
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()


@dataclass
class Previous:
    """What the cache holds of the last valid dataset: its inputs, its plan files' entries, its tables."""

    data_dir: Path
    files: dict[str, list]  # input (relative) -> [sha256, stat signature or None]
    entries: dict[str, list]  # plan file (relative) -> [plan_id, entry key, line, source_file]
    load_tables: object  # () -> {table: DataFrame} for plans and the fact tables, hashes checked
    folder: Path | None = None  # the cache folder
    manifest: dict = field(default_factory=dict)
    verified: bool = False  # its plan tables were read and had their recorded sha256
    _digests: dict[str, str | None] = field(default_factory=dict)
    same: dict[str, list] = field(default_factory=dict)  # input -> its recorded stat signature, found unchanged now

    def digest(self, rel: str, signature_of) -> str | None:
        """The file's sha256 now: the recorded one while its stat signature is unchanged, else re-hashed."""
        if rel in self._digests:
            return self._digests[rel]
        recorded = self.files.get(rel)
        path = f"{self.data_dir}/{rel}"  # plain strings: pathlib would cost more than the stat itself
        digest = None
        if recorded is not None and recorded[1] is not None and signature_of(path) == recorded[1]:
            digest = recorded[0]
            self.same[rel] = recorded[1]
        else:  # read as a load reads it: a FIFO or a device is refused, never waited on
            data = read_bytes(Path(path), rel, [])
            digest = None if data is None else hashlib.sha256(data).hexdigest()
        self._digests[rel] = digest
        return digest


@dataclass
class Kept:
    """Plan files whose rows are taken from the cache: input key -> (plan_id, line, sha256, source_file, raw sha256)."""

    plans: dict[str, tuple]
    frames: dict[str, pd.DataFrame]  # plans and fact tables as cached (in plan_id order); only kept plans are used

    def merged(self, table: str, new: pd.DataFrame) -> pd.DataFrame:
        """The kept plans' cached rows and `new` (rows read now), in plan_id order, each plan's rows in file order.

        Assembled from slices (no row is copied) while the pieces are few, as after editing a few plans.
        """
        old = self.frames[table][list(new.columns)]
        if not new["plan_id"].is_monotonic_increasing:
            new = new.sort_values("plan_id", kind="stable", ignore_index=True)
        keep = {k[0] for k in self.plans.values()}
        old_ids, old_at = plan_runs(old)
        new_ids, new_at = plan_runs(new)
        plan_ids = sorted({*(p for p in old_ids if p in keep), *new_ids})
        where = {p: (old, old_at[i], old_at[i + 1]) for i, p in enumerate(old_ids) if p in keep}
        where.update({p: (new, new_at[i], new_at[i + 1]) for i, p in enumerate(new_ids)})
        pieces: list[list] = []
        for pid in plan_ids:
            frame, start, end = where[pid]
            if pieces and pieces[-1][0] is frame and pieces[-1][2] == start:
                pieces[-1][2] = end
            else:
                pieces.append([frame, start, end])
        if len(pieces) > MAX_PIECES:
            out = pd.concat([old[old["plan_id"].isin(keep)], new], ignore_index=True)
            return out.sort_values("plan_id", kind="stable", ignore_index=True)
        if len(pieces) == 1 and pieces[0][1] == 0 and pieces[0][2] == len(pieces[0][0]):
            return pieces[0][0]
        if not pieces:
            return new.iloc[:0]
        return pd.concat([f.iloc[a:b] for f, a, b in pieces], ignore_index=True)


def plan_runs(frame: pd.DataFrame) -> tuple[list[str], np.ndarray]:
    """The distinct plan ids of a frame in plan_id order, and where each one's rows start (plus the end)."""
    ids = pa.chunked_array(pa.array(frame["plan_id"].array, type=pa.large_string())).combine_chunks() \
        if len(frame) else pa.array([], type=pa.large_string())
    n = len(ids)
    if n == 0:
        return [], np.zeros(1, dtype=np.int64)
    change = pc.not_equal(ids.slice(1), ids.slice(0, n - 1)).to_numpy(zero_copy_only=False)
    starts = np.concatenate([[0], np.flatnonzero(change) + 1, [n]]).astype(np.int64)
    return ids.take(pa.array(starts[:-1])).to_pylist(), starts


def split(items: list[tuple], ctx, context: str, previous: Previous | None, signature_of) -> tuple[list, Kept | None]:
    """(items to read, what is kept): a plan file is kept when its entry key is the one recorded."""
    if previous is None or not previous.entries or ctx.expected is None:
        return items, None
    to_read, kept = [], {}
    for item in items:
        key = item[2]
        entry = previous.entries.get(key)
        if entry is None or not item[3]:
            to_read.append(item)
            continue
        pid, recorded, line, src = entry
        plan_sha = previous.digest(key, signature_of)
        raw_sha = previous.digest(f"raw/{src}", signature_of)
        listed = ctx.expected.get(src)
        if plan_sha is None or raw_sha is None or \
                entry_key(context, key, plan_sha, src, listed and listed[2], raw_sha) != recorded:
            to_read.append(item)
            continue
        kept[key] = (pid, line, plan_sha, src, raw_sha)
    if not kept:
        return items, None
    try:
        tables = previous.load_tables()
    except Exception:  # noqa: BLE001 - a cache that cannot be read is a miss, never a failure
        tables = None
    if tables is None:
        return items, None
    previous.verified = True
    return to_read, Kept(kept, tables)
