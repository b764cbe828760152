"""Load a data folder into typed pandas tables, validating everything on the way.

`load_dataset()` either returns a complete, consistent `Dataset` or raises
`DataError` listing every problem; there is no partially valid result, so an
analysis can never silently run on half the data.

Scale: a national corpus is thousands of plans. Plan files are read in chunks,
in worker processes when there are many (each chunk: parse, check records,
find every quote in its raw text), and the parent only assembles the workers'
packed columns (`columns.py`) and runs the checks that need every plan at once
(duplicate ids). A valid
dataset is cached under `processed/` (see `cache.py`), so a second load of an
unchanged folder reads a few Arrow files instead of thousands of YAML files.
"""
from __future__ import annotations

import gc
import hashlib
import multiprocessing
import operator
import os
import re
import sys
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from . import columns as cols
from . import schema
from .errors import DataError, Problem
from .readers import LineDict, decode, parse_csv, parse_yaml, read_bytes, read_yaml
from .records import check_record
from .textnorm import FoldedText, agency_key, nfc

DEFAULT_DATA_DIR = Path(__file__).resolve().parent.parent / "data"
PLAN_META_EXTRA = ("evidence", "draft", *schema.FACT_TABLES)
FACT_COLUMNS = {**schema.FACT_TABLES, "evidence": schema.EVIDENCE_COLUMNS}
LEAD = ("plan_id", "fact_id", "source_file")
SPAN = ("quote_start", "quote_end", "line")
SOURCE_COLUMNS = ("file", "plan_id", "kind", "completeness", "origin", "sha256")
PARALLEL_FROM = 200  # plans; below this, starting processes costs more than it saves


def default_data_dir() -> Path:
    """`$DXCOMPARE_DATA` when set, else the repository's `data/` folder."""
    return Path(os.environ.get("DXCOMPARE_DATA", DEFAULT_DATA_DIR))


@dataclass
class Dataset:
    """Every table of a data folder; fact tables carry `plan_id` and the quote's span."""

    data_dir: Path
    plans: pd.DataFrame
    citations: pd.DataFrame
    targets: pd.DataFrame
    budgets: pd.DataFrame
    funding_sources: pd.DataFrame
    assignments: pd.DataFrame
    evidence: pd.DataFrame
    legal_documents: pd.DataFrame
    agencies: pd.DataFrame
    indicators: pd.DataFrame
    provinces: pd.DataFrame
    sources: pd.DataFrame
    texts: Mapping[str, str] = field(repr=False, default_factory=dict)  # raw file -> NFC text (see `Texts`)
    inputs: dict[str, str] = field(repr=False, default_factory=dict)  # file (relative) -> sha256 of the bytes read

    TABLES = ("plans", "citations", "targets", "budgets", "funding_sources", "assignments",
              "evidence", "legal_documents", "agencies", "indicators", "provinces", "sources")

    def tables(self) -> dict[str, pd.DataFrame]:
        return {name: getattr(self, name) for name in self.TABLES}


def _rel(path: Path, root: Path) -> str:
    try:
        return str(path.relative_to(root.parent))
    except ValueError:
        return str(path)


def _input_key(path: Path, data_dir: Path) -> str:
    try:
        return path.relative_to(data_dir).as_posix()
    except ValueError:
        return str(path)


# --- raw texts ------------------------------------------------------------------

class Texts(Mapping):
    """The raw texts by file name, in NFC, read when first asked for.

    A corpus of thousands of plans holds hundreds of megabytes of text that most
    analyses never look at, so texts are not kept from the validation pass (nor
    stored in the cache). Each is checked, when read, against the sha256 it had
    when the dataset was validated: the quote spans always index the very text
    they were computed on, or reading fails with a clear message.
    """

    def __init__(self, data_dir: Path, digests: dict[str, str]):
        self.data_dir = Path(data_dir)
        self.digests = dict(digests)
        self._texts: dict[str, str] = {}

    def __getitem__(self, name: str) -> str:
        text = self._texts.get(name)
        if text is None:
            if name not in self.digests:
                raise KeyError(name)
            path = self.data_dir / "raw" / name
            try:
                data = path.read_bytes()
            except OSError as exc:
                raise DataError([Problem(str(path), None, "file", name, f"cannot be read ({exc.strerror})")]) from None
            if hashlib.sha256(data).hexdigest() != self.digests[name]:
                raise DataError([Problem(str(path), None, "sha256", name,
                                         "changed since the dataset was loaded; load the dataset again")])
            text = self._texts[name] = nfc(data.decode("utf-8-sig"))
        return text

    def __iter__(self) -> Iterator[str]:
        return iter(self.digests)

    def __len__(self) -> int:
        return len(self.digests)

    def __repr__(self) -> str:
        return f"Texts({len(self)} files in {self.data_dir / 'raw'})"


def _load_text(data_dir: Path, name: str, expected: tuple, problems: list[Problem]) -> tuple[FoldedText | None, str | None]:
    """One manifest entry's text and sha256, the hash checked against the manifest."""
    label, sha_line, sha = expected
    path = data_dir / "raw" / name
    raw_label = _rel(path, data_dir)
    data = read_bytes(path, raw_label, problems)
    if data is None:
        return None, None
    digest = hashlib.sha256(data).hexdigest()
    text = decode(data, raw_label, problems)
    if text is None:
        return None, digest
    if sha != digest:
        problems.append(Problem(label, sha_line, "sha256", sha, f"does not match {name} (its sha256 is {digest})"))
    return FoldedText(text), digest


def _read_manifest(data_dir: Path, problems: list[Problem], inputs: dict[str, str]) -> tuple[list[dict], dict]:
    """The raw-text manifest: its rows, and for each file (manifest label, line of sha256, sha256)."""
    path = data_dir / "raw" / "sources.yaml"
    label = _rel(path, data_dir)
    data = read_bytes(path, label, problems)
    if data is None:
        return [], {}
    inputs["raw/sources.yaml"] = hashlib.sha256(data).hexdigest()
    text = decode(data, label, problems)
    entries = None if text is None else parse_yaml(text, label, problems)
    if entries is None:
        return [], {}
    if not isinstance(entries, list):
        problems.append(Problem(label, 1, "sources", type(entries).__name__, "expected a list of files"))
        return [], {}
    rows, expected = [], {}
    for entry in entries:
        if not isinstance(entry, LineDict) or not isinstance(entry.get("file"), str):
            problems.append(Problem(label, getattr(entry, "line", None), "file", entry, "expected an entry with a file name"))
            continue
        name = entry["file"]
        if Path(name).name != name or name in ("", ".", ".."):
            problems.append(Problem(label, entry.line_of("file"), "file", name, "must be a plain file name inside raw/"))
            continue
        expected[name] = (label, entry.line_of("sha256"), entry.get("sha256"))
        rows.append({k: entry.get(k) for k in SOURCE_COLUMNS})
    return rows, expected


def _read_registries(data_dir: Path, problems: list[Problem], inputs: dict[str, str]) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {}
    for name, (file_name, columns, key) in schema.REGISTRIES.items():
        path = data_dir / "reference" / file_name
        label = _rel(path, data_dir)
        data = read_bytes(path, label, problems)
        rows = None
        if data is not None:
            inputs[f"reference/{file_name}"] = hashlib.sha256(data).hexdigest()
            text = decode(data, label, problems)
            rows = None if text is None else parse_csv(text, label, problems)
        records, seen = [], {}
        for line, row in rows or []:
            rec = check_record(row, columns, label, lambda _k, line=line: line, problems)
            if rec is None:
                continue
            if rec[key] in seen:
                problems.append(Problem(label, line, key, rec[key], f"duplicate id (first on line {seen[rec[key]]})"))
                continue
            seen[rec[key]] = line
            rec["_line"] = line
            records.append(rec)
        out[name] = records
    return out


# --- plans ------------------------------------------------------------------------

def _plan_from_doc(doc, label: str, problems: list[Problem]) -> dict | None:
    if not isinstance(doc, LineDict):
        problems.append(Problem(label, 1, "plan", type(doc).__name__, "expected a mapping of plan fields"))
        return None
    if doc.get("draft"):
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


def read_plan(path: Path, label: str, problems: list[Problem]) -> dict | None:
    """One plan file: its metadata record and its fact rows, each with its line."""
    doc = read_yaml(path, label, problems)
    return None if doc is None else _plan_from_doc(doc, label, problems)


def _evidence_item(evidence: LineDict, key: str) -> LineDict:
    item = LineDict(field=key, quote=evidence[key])
    item.line = evidence.line_of(key)
    item.lines = {}
    return item


# --- one chunk of plans (run in a worker process when there are many) --------------

@dataclass
class _Context:
    """What every chunk needs to know about the folder: manifest and registry ids."""

    data_dir: Path
    expected: dict  # raw file -> (manifest label, line, sha256)
    ids: dict[str, set]
    province_names: set


_REFS = {"citations": ("doc_id", "legal_documents"), "assignments": ("agency_id", "agencies"),
         "targets": ("indicator_code", "indicators")}
FACT_SPECS = {table: (*(schema.Column(n, "str") for n in LEAD), *specs, *(schema.Column(n, "int") for n in SPAN))
              for table, specs in FACT_COLUMNS.items()}
_GETTERS = {table: operator.itemgetter(*(c.name for c in specs)) for table, specs in FACT_SPECS.items()}
_META_GETTER = operator.itemgetter(*(c.name for c in schema.PLAN_COLUMNS))


def _check_plan(plan: dict, ctx: _Context, texts: dict, problems: list[Problem]) -> None:
    """References resolvable, citations not repeated, every quote found in its source (span recorded)."""
    meta, label = plan["meta"], plan["label"]
    pid = meta["plan_id"]
    if Path(label).stem != pid:
        problems.append(Problem(label, meta["_line"], "plan_id", pid, f"file must be named {pid}.yaml"))
    if ctx.province_names and meta["province"] not in ctx.province_names:
        problems.append(Problem(label, meta["_line"], "province", meta["province"], "not in reference/provinces.csv (name_vi)"))
    if meta["period_start"] > meta["period_end"] or meta["horizon"] < meta["period_end"]:
        problems.append(Problem(label, meta["_line"], "period_end", meta["period_end"],
                                "needs period_start <= period_end <= horizon"))
    name = meta["source_file"]
    text = texts.get(name)
    if text is None and name not in texts:
        if name in ctx.expected:
            texts[name] = _load_text(ctx.data_dir, name, ctx.expected[name], problems)
            text = texts[name]
        else:
            texts[name] = None
    source = text[0] if text else None
    if name not in ctx.expected:
        problems.append(Problem(label, meta["_line"], "source_file", name, "not listed in raw/sources.yaml"))
    wholes = {f"{pid}#budgets-{rec['_n']}" for rec in plan["facts"].get("budgets", [])}
    for rec in plan["facts"].get("budgets", []):  # part_of: the fact_id of another amount of this plan
        part_of = rec.get("part_of")
        if part_of is not None and (part_of not in wholes or part_of == f"{pid}#budgets-{rec['_n']}"):
            problems.append(Problem(label, rec["_line"], "part_of", part_of,
                                    f"must be the fact_id of another amount of this plan ({pid}#budgets-<n>)"))
    for table, rows in plan["facts"].items():
        ref = _REFS.get(table)
        seen: set = set()
        for rec in rows:
            if ref and rec[ref[0]] not in ctx.ids[ref[1]]:
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


def _read_chunk(items: list[tuple[Path, str, str]], ctx: _Context) -> dict:
    """Read and check a run of plan files; plain lists only, so the result pickles cheaply."""
    problems: list[Problem] = []
    texts: dict[str, tuple | None] = {}
    inputs: dict[str, str] = {}
    metas, rows = [], {table: [] for table in FACT_COLUMNS}
    for path, label, key in items:
        data = read_bytes(path, label, problems)
        if data is None:
            continue
        inputs[key] = hashlib.sha256(data).hexdigest()
        text = decode(data, label, problems)
        doc = None if text is None else parse_yaml(text, label, problems)
        plan = None if doc is None else _plan_from_doc(doc, label, problems)
        if plan is None:
            continue
        _check_plan(plan, ctx, texts, problems)
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
        # encoded only when the chunk is valid: with any problem the dataset is not built
        "columns": {} if problems else {table: [cols.encode(values, c) for values, c in zip(zip(*r), FACT_SPECS[table])]
                                        if r else [] for table, r in rows.items()},
        "texts": {name: t[1] for name, t in texts.items() if t and t[0] is not None},
        "digests": {name: t[1] for name, t in texts.items() if t and t[1] is not None},
        "inputs": inputs,
    }


_WORKER_CTX: _Context | None = None


def _init_worker(ctx: _Context) -> None:
    global _WORKER_CTX
    _WORKER_CTX = ctx


def _read_chunk_in_worker(items: list[tuple[Path, str, str]]) -> dict:
    return _read_chunk(items, _WORKER_CTX)


def default_jobs() -> int:
    """`$DXCOMPARE_JOBS` when set, else the cores this process may use."""
    env = os.environ.get("DXCOMPARE_JOBS")
    if env and env.isdigit() and int(env) > 0:
        return int(env)
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


def _read_plans(items: list[tuple[Path, str, str]], ctx: _Context, jobs: int) -> list[dict]:
    """Chunks in file order; in `jobs` forked workers when the corpus is large.

    Workers only parse and check (pure Python), never touch pandas or Arrow, so
    forking is safe; where fork is unavailable (Windows, macOS) the chunks run
    here, with the same results.
    """
    parallel = jobs > 1 and len(items) >= PARALLEL_FROM and sys.platform.startswith("linux")
    if not parallel:
        return [_read_chunk(items, ctx)]
    n_chunks = jobs * 4
    size = -(-len(items) // n_chunks)
    chunks = [items[i:i + size] for i in range(0, len(items), size)]
    with multiprocessing.get_context("fork").Pool(jobs, initializer=_init_worker, initargs=(ctx,)) as pool:
        return pool.map(_read_chunk_in_worker, chunks, chunksize=1)


# --- checks across plans and registries ----------------------------------------------

def _check_registry_links(data_dir: Path, registries: dict[str, list[dict]], ids: dict[str, set],
                          problems: list[Problem]) -> None:
    def label(name: str) -> str:
        return _rel(data_dir / "reference" / schema.REGISTRIES[name][0], data_dir)

    for rec in registries["legal_documents"]:
        for target in filter(None, (s.strip() for s in (rec["implements"] or "").split(";"))):
            if target not in ids["legal_documents"]:
                problems.append(Problem(label("legal_documents"), rec["_line"], "implements", target,
                                        "not a doc_id of this registry"))
    _check_agency_registry(registries["agencies"], ids["agencies"], label("agencies"), problems)
    codes = ids["provinces"]
    for rec in registries["provinces"]:
        if rec["successor_code"] not in codes:
            problems.append(Problem(label("provinces"), rec["_line"], "successor_code", rec["successor_code"],
                                    "not a code of this registry"))


_ACT = re.compile(r"(?:Hiến pháp|Điều lệ|Luật|Bộ luật|Nghị định|Nghị quyết|Quyết định|Quy định|Kết luận|Hướng dẫn|"
                  r"Thông tư|Chỉ thị)\b|\braw:\S+")


def _check_agency_registry(rows: list[dict], ids: set, file: str, problems: list[Problem]) -> None:
    """The agency registry's own rules: every spelling names one body, successors resolve, every fact is sourced.

    Names are compared as the extractor looks them up (`textnorm.agency_key`), so two bodies can never
    claim one spelling; a successor needs the act that decided it; a source must name a legal act
    (or the raw text, `raw:<file>`) so that every row can be checked against the law.
    """
    owner: dict[str, tuple[str, int]] = {}
    for rec in rows:
        line, aid = rec["_line"], rec["agency_id"]
        names = [("name_vi", rec["name_vi"])] + [("aliases", a.strip()) for a in (rec["aliases"] or "").split(";")]
        for field_name, name in names:
            if not name:
                continue
            key = agency_key(name)
            first = owner.setdefault(key, (aid, line))
            if first[0] != aid:
                problems.append(Problem(file, line, field_name, name,
                                        f"the same name as {first[0]} (line {first[1]}) once normalised"))
        succ = rec["successor"]
        if succ and succ not in ids:
            problems.append(Problem(file, line, "successor", succ, "not an agency_id of this registry"))
        elif succ == aid:
            problems.append(Problem(file, line, "successor", succ, "a body cannot succeed itself"))
        if succ and not rec.get("successor_act"):
            problems.append(Problem(file, line, "successor_act", None, "a successor needs the act that decided it"))
        if not _ACT.search(rec["source"] or ""):
            problems.append(Problem(file, line, "source", rec["source"],
                                    "must name the legal act the row rests on (or raw:<file>)"))


# --- typed tables ----------------------------------------------------------------------

def _frame(columns: dict[str, list], specs: tuple[schema.Column, ...]) -> pd.DataFrame:
    return pd.DataFrame({c.name: cols.column(columns.get(c.name, []), c) for c in specs})


def _records_frame(records: list[dict], specs: tuple[schema.Column, ...]) -> pd.DataFrame:
    return _frame({c.name: [r[c.name] for r in records] for c in specs}, specs)


def _build(data_dir: Path, chunks: list[dict], registries: dict[str, list[dict]], sources: list[dict],
           texts: dict[str, str], inputs: dict[str, str]) -> Dataset:
    metas = sorted((m[2] for c in chunks for m in c["metas"]), key=lambda m: m[0])
    plan_cols = dict(zip((c.name for c in schema.PLAN_COLUMNS), zip(*metas))) if metas else {}
    facts = {}
    for table, specs in FACT_SPECS.items():
        pieces = [c["columns"][table] for c in chunks if c["columns"][table]]
        frame = pd.DataFrame({spec.name: cols.decode([p[i] for p in pieces], spec) for i, spec in enumerate(specs)})
        # plans in plan_id order, each plan's rows in file order (chunks already are, unless extra files were given)
        if not frame["plan_id"].is_monotonic_increasing:
            frame = frame.sort_values("plan_id", kind="stable", ignore_index=True)
        facts[table] = frame
    agencies = _records_frame(registries["agencies"], schema.AGENCY_COLUMNS)
    names = agencies.set_index("agency_id")["name_vi"]
    facts["assignments"]["agency_name"] = facts["assignments"]["agency_id"].map(names).astype("str")
    return Dataset(
        data_dir=data_dir,
        plans=_frame(plan_cols, schema.PLAN_COLUMNS),
        **facts,
        legal_documents=_records_frame(registries["legal_documents"], schema.LEGAL_DOCUMENT_COLUMNS),
        agencies=agencies,
        indicators=_records_frame(registries["indicators"], schema.INDICATOR_COLUMNS),
        provinces=_records_frame(registries["provinces"], schema.PROVINCE_COLUMNS),
        sources=pd.DataFrame({k: pd.array([None if s[k] is None else str(s[k]) for s in sources], dtype="str")
                              for k in SOURCE_COLUMNS}),
        texts=Texts(data_dir, {s["file"]: texts[s["file"]] for s in sources if s["file"] in texts}),
        inputs=dict(sorted(inputs.items())),
    )


def _sorted_unique(problems: list[Problem]) -> list[Problem]:
    """Sorted by file, line and field; a text shared by plans in two chunks reports once."""
    unique = {(p.file, p.line or 0, p.field, repr(p.value), p.why): p for p in problems}
    return [unique[k] for k in sorted(unique)]


def collect(data_dir: Path, extra_plan_files: tuple[Path, ...] = (), *, jobs: int | None = None
            ) -> tuple[Dataset | None, list[Problem]]:
    """Read and check a data folder (plus any extra plan files); never raises on bad data.

    Problems come sorted by file, line and field, whatever the number of workers.
    """
    data_dir = Path(data_dir)
    if not (data_dir / "plans").is_dir():
        return None, [Problem(str(data_dir), None, "data", str(data_dir), "not a data folder (no plans/ inside)")]
    # Reading creates millions of small objects and no reference cycles: the cyclic
    # collector would only re-scan them again and again (it doubled the load time).
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _collect(data_dir, extra_plan_files, jobs)
    finally:
        if enabled:
            gc.enable()


def _collect(data_dir: Path, extra_plan_files: tuple[Path, ...], jobs: int | None
             ) -> tuple[Dataset | None, list[Problem]]:
    problems: list[Problem] = []
    inputs: dict[str, str] = {}
    sources, expected = _read_manifest(data_dir, problems, inputs)
    registries = _read_registries(data_dir, problems, inputs)
    ids = {name: {r[schema.REGISTRIES[name][2]] for r in rows} for name, rows in registries.items()}
    ctx = _Context(data_dir, expected, ids, {r["name_vi"] for r in registries["provinces"]})
    # in plan_id order (a plan file is named after its plan_id), so the tables need no sorting
    paths = sorted((data_dir / "plans").glob("*.yaml"), key=lambda p: (p.stem, p.name))
    items = [(p, _rel(p, data_dir), _input_key(p, data_dir)) for p in paths]
    items += [(Path(p), str(p), str(p)) for p in extra_plan_files]
    chunks = _read_plans(items, ctx, default_jobs() if jobs is None else jobs)

    texts: dict[str, str] = {}  # raw file -> sha256, for the texts that decoded
    seen_plans: dict[str, str] = {}
    for chunk in chunks:
        problems += chunk["problems"]
        inputs.update(chunk["inputs"])
        texts.update(chunk["texts"])
        for name, digest in chunk["digests"].items():
            inputs[f"raw/{name}"] = digest
        for label, line, meta in chunk["metas"]:
            pid = meta[0]
            if pid in seen_plans:
                problems.append(Problem(label, line, "plan_id", pid, f"duplicate plan_id (also in {seen_plans[pid]})"))
            seen_plans.setdefault(pid, label)
    for name, exp in expected.items():  # texts no plan points at: their hash is still checked
        if f"raw/{name}" not in inputs and name not in texts:
            source, digest = _load_text(data_dir, name, exp, problems)
            if source is not None:
                texts[name] = digest
            if digest is not None:
                inputs[f"raw/{name}"] = digest
    _check_registry_links(data_dir, registries, ids, problems)
    if problems:
        return None, _sorted_unique(problems)
    return _build(data_dir, chunks, registries, sources, texts, inputs), []


def load_dataset(data_dir: str | os.PathLike | None = None, *, cache: bool = True, jobs: int | None = None) -> Dataset:
    """Load and validate a data folder (default: the repository's `data/`).

    With `cache` (the default) an unchanged folder is read from `processed/`,
    and a freshly validated one is written there (when the folder is writable).
    `jobs`: worker processes for a cold load (default: `default_jobs()`).
    """
    from . import cache as _cache

    data_dir = Path(data_dir) if data_dir is not None else default_data_dir()
    if cache:
        ds = _cache.load(data_dir)
        if ds is not None:
            return ds
    started = time.time_ns()
    ds, problems = collect(data_dir, jobs=jobs)
    if problems:
        raise DataError(problems)
    if cache:
        _cache.store(ds, started)
    return ds
