"""Load a data folder into typed pandas tables, validating everything on the way.

`load_dataset()` either returns a complete, consistent `Dataset` or raises
`DataError` listing every problem; there is no partially valid result, so an
analysis can never silently run on half the data. `collect()` is the same
check without raising: it is what `validate` runs, and every data rule any
command relies on is checked here (so a folder `validate` accepts, every
command accepts).

The work is split by input: `sources.py` (raw/sources.yaml and the raw texts),
`registries.py` (reference/*.csv), `plans.py` (plan files, in worker processes
when there are many), `identity.py` (plans that are registry documents, ids
shared by two kinds of node); here the parent assembles the workers' packed
columns (`columns.py`), runs the checks that need every plan at once, and
caches a valid dataset under `processed/` (see `cache.py`). With a cache in
place, plan files that did not change keep their rows from it and only the
others are read again (`reuse.py`); the checks across files always run.
"""
from __future__ import annotations

import gc
import os
import time
import warnings
from pathlib import Path

import pandas as pd

from . import cache as _cache
from . import columns as cols
from . import identity, registries, reuse, schema, sources
from .dataset import Dataset, Texts
from .errors import DataError, Problem, sort_key
from .plans import FACT_SPECS, Context, read_plans
from .defaults import default_data_dir, default_jobs
from .sources import SOURCE_COLUMNS, rel
from .national import rules as national_rules
from .national import tables as national_tables

__all__ = ["Dataset", "Texts", "collect", "default_data_dir", "default_jobs", "load_dataset"]


class DraftSkipped(UserWarning):
    """A plan file still marked `draft: true` was left out of the dataset."""


# --- typed tables ----------------------------------------------------------------------

def _frame(columns: dict[str, list], specs: tuple[schema.Column, ...]) -> pd.DataFrame:
    return pd.DataFrame({c.name: cols.column(columns.get(c.name, []), c) for c in specs})


def _records_frame(records: list[dict], specs: tuple[schema.Column, ...]) -> pd.DataFrame:
    return _frame({c.name: [r[c.name] for r in records] for c in specs}, specs)


def _in_plan_order(frame: pd.DataFrame, table: str, kept: reuse.Kept | None) -> pd.DataFrame:
    """Plans in plan_id order, each plan's rows in file order (chunks already are, unless extra files were given)."""
    if kept is not None:
        return kept.merged(table, frame)
    if not frame["plan_id"].is_monotonic_increasing:
        frame = frame.sort_values("plan_id", kind="stable", ignore_index=True)
    return frame


def _build(data_dir: Path, chunks: list[dict], regs: dict[str, list[dict]], source_rows: list[dict],
           texts: dict[str, str], inputs: dict[str, str], national: dict[str, list[dict]],
           kept: reuse.Kept | None) -> Dataset:
    metas = sorted((m[2] for c in chunks for m in c["metas"]), key=lambda m: m[0])
    plan_cols = dict(zip((c.name for c in schema.PLAN_COLUMNS), zip(*metas))) if metas else {}
    facts = {}
    for table, specs in FACT_SPECS.items():
        pieces = [c["columns"][table] for c in chunks if c["columns"][table]]
        frame = pd.DataFrame({spec.name: cols.decode([p[i] for p in pieces], spec) for i, spec in enumerate(specs)})
        facts[table] = _in_plan_order(frame, table, kept)
    agencies = _records_frame(regs["agencies"], schema.AGENCY_COLUMNS)
    names = agencies.set_index("agency_id")["name_vi"]
    national_frames = national_tables.frames(national)
    facts["assignments"]["agency_name"] = facts["assignments"]["agency_id"].map(names).astype("str")
    return Dataset(
        data_dir=data_dir,
        plans=_in_plan_order(_frame(plan_cols, schema.PLAN_COLUMNS), "plans", kept),
        **facts,
        legal_documents=_records_frame(regs["legal_documents"], schema.LEGAL_DOCUMENT_COLUMNS),
        agencies=agencies,
        indicators=national_tables.national_reference(
            _records_frame(regs["indicators"], schema.INDICATOR_COLUMNS), national_frames["national_targets"]),
        provinces=_records_frame(regs["provinces"], schema.PROVINCE_COLUMNS),
        sources=pd.DataFrame({k: pd.array([None if s[k] is None else str(s[k]) for s in source_rows], dtype="str")
                              for k in SOURCE_COLUMNS}),
        **national_frames,
        texts=Texts(data_dir, {s["file"]: texts[s["file"]] for s in source_rows if s["file"] in texts}),
        inputs=dict(sorted(inputs.items())),
    )


def _sorted_unique(problems: list[Problem]) -> list[Problem]:
    """In `errors.sort_key` order (root causes first); a text shared by plans in two chunks reports once."""
    unique = {sort_key(p): p for p in problems}
    return [unique[k] for k in sorted(unique)]


def collect(data_dir: Path, extra_plan_files: tuple[Path, ...] = (), *, jobs: int | None = None,
            drafts: list[str] | None = None, previous: reuse.Previous | None = None
            ) -> tuple[Dataset | None, list[Problem]]:
    """Read and check a data folder (plus any extra plan files); never raises on bad data.

    Problems come root causes first, then sorted by file, line and field, whatever
    the number of workers. Plan files in `plans/` still marked `draft: true` are
    left out; their labels are appended to `drafts` when a list is given (extra
    plan files given by name are checked even when marked: the mark is a problem).
    `previous` (from `cache.lookup`): plan files whose checked result it holds
    are not read again; the result is the same as without it.
    """
    data_dir = Path(data_dir)
    if not (data_dir / "plans").is_dir():
        return None, [Problem(str(data_dir), None, "data", str(data_dir), "not a data folder (no plans/ inside)")]
    # Reading creates millions of small objects and no reference cycles: the cyclic
    # collector would only re-scan them again and again (it doubled the load time).
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _collect(data_dir, extra_plan_files, jobs, drafts if drafts is not None else [], previous)
    finally:
        if enabled:
            gc.enable()


def _collect(data_dir: Path, extra_plan_files: tuple[Path, ...], jobs: int | None, drafts: list[str],
             previous: reuse.Previous | None) -> tuple[Dataset | None, list[Problem]]:
    problems: list[Problem] = []
    inputs: dict[str, str] = {}
    n_before = len(problems)
    source_rows, expected = sources.read_manifest(data_dir, problems, inputs)
    manifest_ok = not any(p.file.endswith("sources.yaml") and not sort_key(p)[0] for p in problems[n_before:])
    regs = registries.read_registries(data_dir, problems, inputs)
    ids = {name: None if rows is None else {r[schema.REGISTRIES[name][2]] for r in rows} for name, rows in regs.items()}
    ctx = Context(data_dir, expected if manifest_ok else None, ids,
                  None if regs["provinces"] is None else {r["name_vi"] for r in regs["provinces"]},
                  {r["indicator_code"]: r["pillar"] for r in regs["indicators"] or ()})
    # in plan_id order (a plan file is named after its plan_id), so the tables need no sorting
    paths = sorted((data_dir / "plans").glob("*.yaml"), key=lambda p: (p.stem, p.name))
    folder_label = rel(data_dir / "plans", data_dir)  # plain strings: pathlib per file costs seconds at 10,000
    items = [(p, os.path.join(folder_label, p.name), f"plans/{p.name}", True) for p in paths]
    items += [(Path(p), str(p), str(p), False) for p in extra_plan_files]
    context = reuse.context_digest(_cache.code_digest(), ctx)
    to_read, kept = reuse.split(items, ctx, context, previous if not extra_plan_files else None, _cache.signature_of)
    chunks = read_plans(to_read, ctx, default_jobs() if jobs is None else jobs)

    texts: dict[str, str] = {}  # raw file -> sha256, for the texts that decoded
    seen_plans: dict[str, tuple[str, int]] = {}
    plan_metas = []  # (file order, label, line, plan_id)
    order = {item[1]: n for n, item in enumerate(items)}
    for chunk in chunks:
        problems += chunk["problems"]
        inputs.update(chunk["inputs"])
        texts.update(chunk["texts"])
        drafts.extend(label for label, _ in chunk["drafts"])
        for name, digest in chunk["digests"].items():
            inputs[f"raw/{name}"] = digest
        plan_metas += [(order[label], label, line, meta[0]) for label, line, meta in chunk["metas"]]
    if kept is not None:
        for n, (_path, label, key, _draft_ok) in enumerate(items):
            if key in kept.plans:
                pid, line, plan_sha, name, raw_sha = kept.plans[key]
                inputs[key] = plan_sha
                inputs[f"raw/{name}"] = texts[name] = raw_sha
                plan_metas.append((n, label, line, pid))
    for _, label, line, pid in sorted(plan_metas, key=lambda m: m[0]):  # in file order, as a cold load meets them
        if pid in seen_plans:
            problems.append(Problem(label, line, "plan_id", pid, f"duplicate plan_id (also in {seen_plans[pid][0]})"))
        seen_plans.setdefault(pid, (label, line))
    for name, exp in expected.items():  # texts no plan points at: their hash is still checked
        if f"raw/{name}" not in inputs and name not in texts:
            source, digest = sources.load_text(data_dir, name, exp, problems)
            if source is not None:
                texts[name] = digest
            if digest is not None:
                inputs[f"raw/{name}"] = digest
    sources.check_plan_links(source_rows, expected, {p.stem for p in paths} | set(seen_plans), problems)
    if all(rows is not None for rows in regs.values()):
        registries.check_links(data_dir, regs, ids, problems)
    national = national_tables.read(data_dir, lambda p: rel(p, data_dir), problems, inputs)
    if all(rows is not None for rows in regs.values()):
        known = national_rules.Known(
            provinces=frozenset(ids["provinces"]),
            successors=frozenset(r["successor_code"] for r in regs["provinces"]),
            indicators={r["indicator_code"]: r["unit"] for r in regs["indicators"]},
            documents=frozenset(ids["legal_documents"]))
        national_rules.check(national, known, lambda f: rel(data_dir / national_tables.FOLDER / f, data_dir), problems)
    if problems:
        return None, _sorted_unique(problems)
    ds = _build(data_dir, chunks, regs, source_rows, texts, inputs, national, kept)
    ds.drafts = tuple(drafts)
    ds.entries = _entries(items, ds, context, expected, {m[3]: m[2] for m in plan_metas},
                          {} if kept is None else {k: previous.entries[k][1] for k in kept.plans})
    lines = {name: {r[schema.REGISTRIES[name][2]]: r["_line"] for r in rows} for name, rows in regs.items()}
    merged, node_problems = identity.node_problems(ds, seen_plans, lines)
    node_problems += identity.unregistered_plans(ds, merged, seen_plans)
    if node_problems:
        return None, _sorted_unique(node_problems)
    return ds, []


def _entries(items: list[tuple], ds: Dataset, context: str, expected: dict, lines: dict[str, int],
             known: dict[str, str]) -> dict[str, list]:
    """Each plan file of the folder in the dataset: [plan_id, entry key, line, source_file] (see `reuse.py`)."""
    sources_of = dict(zip(ds.plans["plan_id"], ds.plans["source_file"]))
    out = {}
    for _path, _label, key, in_folder in items:
        pid = Path(key).stem
        if not in_folder or pid not in sources_of or key not in ds.inputs:
            continue  # a draft left out, or a file given by name
        name = sources_of[pid]
        entry = known.get(key) or reuse.entry_key(context, key, ds.inputs[key], name, expected[name][2],
                                                  ds.inputs.get(f"raw/{name}"))
        out[key] = [pid, entry, lines[pid], name]
    return out


def load_dataset(data_dir: str | os.PathLike | None = None, *, cache: bool = True, jobs: int | None = None) -> Dataset:
    """Load and validate a data folder (default: the repository's `data/`).

    With `cache` (the default) an unchanged folder is read from `processed/`, a
    changed one re-reads only its changed plan files, and a freshly validated
    dataset is written there (when the folder is writable).
    `jobs`: worker processes for a cold load (default: `default_jobs()`).
    A plan file still marked `draft: true` is left out, with a `DraftSkipped` warning.
    """
    data_dir = Path(data_dir) if data_dir is not None else default_data_dir()
    ds, previous = _cache.lookup(data_dir) if cache else (None, None)
    if ds is None:
        ds = _load(data_dir, cache, jobs, previous)
    warn_drafts(ds)
    return ds


def _load(data_dir: Path, cache: bool, jobs: int | None, previous: reuse.Previous | None) -> Dataset:
    started = time.time_ns()
    drafts: list[str] = []
    ds, problems = collect(data_dir, jobs=jobs, drafts=drafts, previous=previous)
    if problems:
        raise DataError(problems)
    if cache:
        _cache.store(ds, started, previous)
    return ds


def warn_drafts(ds: Dataset) -> None:
    for label in ds.drafts:
        warnings.warn(f"{label}: still marked draft: true; left out until reviewed", DraftSkipped, stacklevel=3)
