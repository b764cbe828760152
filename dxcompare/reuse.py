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

import pandas as pd

from .readers import read_bytes


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
    _digests: dict[str, str | None] = field(default_factory=dict)

    def digest(self, rel: str, signature_of) -> str | None:
        """The file's sha256 now: the recorded one while its stat signature is unchanged, else re-hashed."""
        if rel in self._digests:
            return self._digests[rel]
        recorded = self.files.get(rel)
        path = self.data_dir / rel
        digest = None
        if recorded is not None and recorded[1] is not None and signature_of(path) == recorded[1]:
            digest = recorded[0]
        else:  # read as a load reads it: a FIFO or a device is refused, never waited on
            data = read_bytes(path, rel, [])
            digest = None if data is None else hashlib.sha256(data).hexdigest()
        self._digests[rel] = digest
        return digest


@dataclass
class Kept:
    """Plan files whose rows are taken from the cache: input key -> (plan_id, line, sha256, source_file, raw sha256)."""

    plans: dict[str, tuple]
    frames: dict[str, pd.DataFrame]  # plans and fact tables: the rows of those plans, in plan_id order


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
    ids = pd.Index([k[0] for k in kept.values()])
    frames = {name: frame[frame["plan_id"].isin(ids)].reset_index(drop=True) for name, frame in tables.items()}
    return to_read, Kept(kept, frames)
