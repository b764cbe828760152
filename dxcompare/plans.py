"""Read and check plan files, in chunks, in worker processes when there are many.

Each chunk parses its plan files, checks every record, resolves references
against the registries, checks the plan's own rules (period, amounts, the
pillar of a target's indicator, budget parts) and finds every quote in its raw
text. A raw text is held only while its plan's quotes are searched, so memory
does not grow with the corpus. A chunk returns plain lists (packed by
`columns.py`), cheap to send back from a worker.
"""
from __future__ import annotations

import concurrent.futures
import hashlib
import multiprocessing
import operator
import os
import sys
from dataclasses import dataclass
from pathlib import Path

from . import columns as cols
from . import schema
from .errors import DataError, Problem
from .readers import LineDict, decode, parse_yaml, read_bytes
from .rules import check_record
from .sources import load_text

PLAN_META_EXTRA = ("evidence", "draft", *schema.FACT_TABLES)
FACT_COLUMNS = {**schema.FACT_TABLES, "evidence": schema.EVIDENCE_COLUMNS}
LEAD = ("plan_id", "fact_id", "source_file")
SPAN = ("quote_start", "quote_end", "line")
PARALLEL_FROM = 200  # plans; below this, starting processes costs more than it saves
SERIAL_CHUNK = 1000  # plans read in one process are packed this many at a time, so their rows never pile up
FACT_SPECS = {table: (*(schema.Column(n, "str") for n in LEAD), *specs, *(schema.Column(n, "int") for n in SPAN))
              for table, specs in FACT_COLUMNS.items()}
_GETTERS = {table: operator.itemgetter(*(c.name for c in specs)) for table, specs in FACT_SPECS.items()}
_META_GETTER = operator.itemgetter(*(c.name for c in schema.PLAN_COLUMNS))
_REFS = {"citations": ("doc_id", "legal_documents"), "assignments": ("agency_id", "agencies"),
         "targets": ("indicator_code", "indicators")}


@dataclass
class Context:
    """What every chunk needs to know about the folder: manifest, registry ids, indicator pillars.

    A registry (or the manifest) that could not be read is None: the plans are
    then not checked against it, so its one root-cause problem is not buried
    under a follow-on problem for every reference.
    """

    data_dir: Path
    expected: dict | None  # raw file -> (manifest label, line, sha256, …)
    ids: dict[str, set | None]
    province_names: set | None
    indicator_pillars: dict[str, str]
    skip_drafts: bool = True


def _evidence_item(evidence: LineDict, key: str) -> LineDict:
    item = LineDict(field=key, quote=evidence[key])
    item.line = evidence.line_of(key)
    item.lines = {}
    return item


def plan_from_doc(doc, label: str, problems: list[Problem], *, draft_ok: bool = False) -> dict | None:
    """The plan's metadata and fact rows (each with its line), None when unusable; drafts marked."""
    if not isinstance(doc, LineDict):
        problems.append(Problem(label, 1, "plan", type(doc).__name__, "expected a mapping of plan fields"))
        return None
    if doc.get("draft"):
        if draft_ok:
            return {"draft": doc.line_of("draft"), "label": label}
        problems.append(Problem(label, doc.line_of("draft"), "draft", doc["draft"],
                                "still marked as a draft: review it against the source, then remove the mark"))
    meta = check_record(doc, schema.PLAN_COLUMNS, label, doc.line_of, problems, allow_extra=PLAN_META_EXTRA)
    facts: dict[str, list[dict]] = {}
    for table, columns in FACT_COLUMNS.items():
        items = doc.get(table) or []
        if table == "evidence" and isinstance(items, LineDict):
            items = [_evidence_item(items, k) for k in items]
        if not isinstance(items, list):
            problems.append(Problem(label, doc.line_of(table), table, type(items).__name__, "expected a list"))
            continue
        rows = []
        for n, item in enumerate(items, start=1):
            if not isinstance(item, LineDict):
                problems.append(Problem(label, doc.line_of(table), f"{table}[{n}]", item, "expected a mapping"))
                continue
            rec = check_record(item, columns, label, item.line_of, problems)
            if rec is not None:
                rec["_line"] = item.line
                rec["_n"] = n
                rows.append(rec)
        facts[table] = rows
    if meta is None:
        return None
    meta["_line"] = doc.line
    return {"meta": meta, "facts": facts, "label": label}


def _check_values(plan: dict, ctx: Context, problems: list[Problem]) -> None:
    """The plan's own rules: dates in order, amounts and targets plausible, pillars as registered."""
    meta, label = plan["meta"], plan["label"]
    pid = meta["plan_id"]
    if Path(label).stem != pid:
        problems.append(Problem(label, meta["_line"], "plan_id", pid, f"file must be named {pid}.yaml"))
    if ctx.province_names is not None and meta["province"] not in ctx.province_names:
        problems.append(Problem(label, meta["_line"], "province", meta["province"], "not in reference/provinces.csv (name_vi)"))
    if meta["period_start"] > meta["period_end"] or meta["horizon"] < meta["period_end"]:
        problems.append(Problem(label, meta["_line"], "period_end", meta["period_end"],
                                "needs period_start <= period_end <= horizon"))
    for rec in plan["facts"].get("targets", ()):
        if rec["value"] < 0:
            problems.append(Problem(label, rec["_line"], "value", rec["value"], "a target cannot be negative"))
        pillar = ctx.indicator_pillars.get(rec["indicator_code"])
        if pillar is not None and rec["pillar"] != pillar:
            problems.append(Problem(label, rec["_line"], "pillar", rec["pillar"],
                                    f"indicator {rec['indicator_code']} belongs to pillar {pillar} "
                                    "in reference/indicators.csv"))
    budgets = plan["facts"].get("budgets", ())
    wholes = {f"{pid}#budgets-{rec['_n']}" for rec in budgets}
    for rec in budgets:
        if rec["amount_vnd"] <= 0:
            problems.append(Problem(label, rec["_line"], "amount_vnd", rec["amount_vnd"],
                                    "an amount must be more than 0 (leave a budget out when the plan gives none)"))
        part_of = rec["part_of"]  # the fact_id of another amount of this plan
        if part_of is not None and (part_of not in wholes or part_of == f"{pid}#budgets-{rec['_n']}"):
            problems.append(Problem(label, rec["_line"], "part_of", part_of,
                                    f"must be the fact_id of another amount of this plan ({pid}#budgets-<n>)"))


def _check_plan(plan: dict, ctx: Context, texts: dict, current: list, problems: list[Problem]) -> None:
    """Values, references resolvable, citations not repeated, every quote found in its source (span recorded)."""
    _check_values(plan, ctx, problems)
    meta, label = plan["meta"], plan["label"]
    name = meta["source_file"]
    if ctx.expected is not None and name not in ctx.expected:
        problems.append(Problem(label, meta["_line"], "source_file", name, "not listed in raw/sources.yaml"))
    source = None
    if ctx.expected is not None and name in ctx.expected:
        if current and current[0] == name:
            source = current[1]
        elif name not in texts or texts[name][0]:
            source, digest = load_text(ctx.data_dir, name, ctx.expected[name], problems)
            texts[name] = (source is not None, digest)
            current[:] = [name, source]  # only the text in use is held
    for table, rows in plan["facts"].items():
        ref = _REFS.get(table)
        known = ctx.ids.get(ref[1]) if ref else None
        seen: set = set()
        for rec in rows:
            if known is not None and rec[ref[0]] not in known:
                problems.append(Problem(label, rec["_line"], ref[0], rec[ref[0]],
                                        f"not in reference/{schema.REGISTRIES[ref[1]][0]}"))
            if table == "citations":
                key = (rec["doc_id"], rec["relation"])
                if key in seen:
                    problems.append(Problem(label, rec["_line"], "doc_id", rec["doc_id"],
                                            f"cited twice with relation {rec['relation']}: keep one row"))
                seen.add(key)
            if source is not None:
                span = source.find(rec["quote"], is_nfc=True)
                if span is None:
                    problems.append(Problem(label, rec["_line"], "quote", rec["quote"][:80], f"not found in raw/{name}"))
                else:
                    rec["quote_start"], rec["quote_end"] = span


def read_chunk(items: list[tuple[Path, str, str, bool]], ctx: Context) -> dict:
    """Read and check a run of plan files; plain lists only, so the result pickles cheaply.

    `items`: (path, label for messages, input key, whether a draft is skipped).
    """
    problems: list[Problem] = []
    texts: dict[str, tuple[bool, str | None]] = {}  # raw file -> (decoded, sha256)
    current: list = []
    inputs: dict[str, str] = {}
    metas, rows, drafts = [], {table: [] for table in FACT_COLUMNS}, []
    for path, label, key, draft_ok in items:
        data = read_bytes(path, label, problems)
        if data is None:
            continue
        inputs[key] = hashlib.sha256(data).hexdigest()
        text = decode(data, label, problems)
        doc = None if text is None else parse_yaml(text, label, problems)
        plan = None if doc is None else plan_from_doc(doc, label, problems, draft_ok=draft_ok)
        if plan is None:
            continue
        if "draft" in plan:
            drafts.append((label, plan["draft"]))
            continue
        _check_plan(plan, ctx, texts, current, problems)
        meta = plan["meta"]
        pid, src = meta["plan_id"], meta["source_file"]
        metas.append((label, meta["_line"], _META_GETTER(meta)))
        for table, recs in plan["facts"].items():
            getter, out = _GETTERS[table], rows[table]
            for rec in recs:
                rec["plan_id"], rec["source_file"], rec["line"] = pid, src, rec["_line"]
                rec["fact_id"] = f"{pid}#{table}-{rec['_n']}"
                rec.setdefault("quote_start", None)
                rec.setdefault("quote_end", None)
                out.append(getter(rec))
    return {
        "problems": problems,
        "metas": metas,
        "drafts": drafts,
        # encoded only when the chunk is valid: with any problem the dataset is not built
        "columns": {} if problems else {table: [cols.encode(values, c) for values, c in zip(zip(*r), FACT_SPECS[table])]
                                        if r else [] for table, r in rows.items()},
        "texts": {name: t[1] for name, t in texts.items() if t[0]},
        "digests": {name: t[1] for name, t in texts.items() if t[1] is not None},
        "inputs": inputs,
    }


_WORKER_CTX: Context | None = None


def _init_worker(ctx: Context) -> None:
    global _WORKER_CTX
    _WORKER_CTX = ctx
    # A worker whose parent was killed would print BrokenPipeError tracebacks to the
    # terminal; everything a worker has to say goes back to the parent as data.
    sys.stderr = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115 - lives as long as the worker


def _read_chunk_in_worker(items: list) -> dict:
    return read_chunk(items, _WORKER_CTX)


def read_plans(items: list, ctx: Context, jobs: int) -> list[dict]:
    """Chunks in file order; in `jobs` forked workers when the corpus is large.

    Workers only parse and check (pure Python), never touch pandas or Arrow, so
    forking is safe; where fork is unavailable (Windows, macOS) the chunks run
    here, with the same results. A worker that dies (killed, out of memory)
    ends the load with one message instead of leaving the pool waiting for ever.
    """
    parallel = jobs > 1 and len(items) >= PARALLEL_FROM and sys.platform.startswith("linux")
    if not parallel:  # in chunks all the same: a chunk's rows are packed (columns.py) before the next is read
        return [read_chunk(items[i:i + SERIAL_CHUNK], ctx) for i in range(0, max(len(items), 1), SERIAL_CHUNK)]
    n_chunks = jobs * 4
    size = -(-len(items) // n_chunks)
    chunks = [items[i:i + size] for i in range(0, len(items), size)]
    try:
        with concurrent.futures.ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("fork"),
                                                    initializer=_init_worker, initargs=(ctx,)) as pool:
            return list(pool.map(_read_chunk_in_worker, chunks))
    except concurrent.futures.process.BrokenProcessPool:
        raise DataError([Problem(str(ctx.data_dir / "plans"), None, "workers", jobs,
                                 "a worker process died while reading the plans (out of memory, or killed); "
                                 "try again with DXCOMPARE_JOBS=1 to find the file")]) from None
