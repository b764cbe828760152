"""Load a data folder into typed pandas tables, validating everything on the way.

`load_dataset()` either returns a complete, consistent `Dataset` or raises
`DataError` listing every problem; there is no partially valid result, so an
analysis can never silently run on half the data.
"""
from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from . import schema
from .errors import DataError, Problem
from .readers import LineDict, read_csv, read_text, read_yaml
from .records import check_record
from .textnorm import FoldedText

DEFAULT_DATA_DIR = Path(__file__).resolve().parent.parent / "data"
PLAN_META_EXTRA = ("evidence", "draft", *schema.FACT_TABLES)


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
    texts: dict[str, str] = field(repr=False, default_factory=dict)

    TABLES = ("plans", "citations", "targets", "budgets", "funding_sources", "assignments",
              "evidence", "legal_documents", "agencies", "indicators", "provinces", "sources")

    def tables(self) -> dict[str, pd.DataFrame]:
        return {name: getattr(self, name) for name in self.TABLES}


# --- reading -----------------------------------------------------------------

def _rel(path: Path, root: Path) -> str:
    try:
        return str(path.relative_to(root.parent))
    except ValueError:
        return str(path)


def _read_sources(data_dir: Path, problems: list[Problem]) -> tuple[list[dict], dict[str, FoldedText]]:
    """The raw-text manifest, each file's hash checked, and the texts themselves."""
    manifest_path = data_dir / "raw" / "sources.yaml"
    label = _rel(manifest_path, data_dir)
    entries = read_yaml(manifest_path, label, problems)
    if entries is None:
        return [], {}
    if not isinstance(entries, list):
        problems.append(Problem(label, 1, "sources", type(entries).__name__, "expected a list of files"))
        return [], {}
    rows, texts = [], {}
    for entry in entries:
        if not isinstance(entry, LineDict) or not isinstance(entry.get("file"), str):
            problems.append(Problem(label, getattr(entry, "line", None), "file", entry, "expected an entry with a file name"))
            continue
        name = entry["file"]
        path = data_dir / "raw" / name
        if Path(name).name != name:
            problems.append(Problem(label, entry.line_of("file"), "file", name, "must be a plain file name inside raw/"))
            continue
        raw_label = _rel(path, data_dir)
        text = read_text(path, raw_label, problems)
        if text is None:
            continue
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        if entry.get("sha256") != digest:
            problems.append(Problem(label, entry.line_of("sha256"), "sha256", entry.get("sha256"),
                                    f"does not match {name} (its sha256 is {digest})"))
        texts[name] = FoldedText(text)
        rows.append({k: entry.get(k) for k in ("file", "plan_id", "kind", "completeness", "origin", "sha256")})
    return rows, texts


def _read_registries(data_dir: Path, problems: list[Problem]) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {}
    for name, (file_name, columns, key) in schema.REGISTRIES.items():
        path = data_dir / "reference" / file_name
        label = _rel(path, data_dir)
        rows = read_csv(path, label, problems)
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


def read_plan(path: Path, label: str, problems: list[Problem]) -> dict | None:
    """One plan file: its metadata record and its fact rows, each with its line."""
    doc = read_yaml(path, label, problems)
    if doc is None:
        return None
    if not isinstance(doc, LineDict):
        problems.append(Problem(label, 1, "plan", type(doc).__name__, "expected a mapping of plan fields"))
        return None
    if doc.get("draft"):
        problems.append(Problem(label, doc.line_of("draft"), "draft", doc["draft"],
                                "still marked as a draft: review it against the source, then remove the mark"))
    meta = check_record(doc, schema.PLAN_COLUMNS, label, doc.line_of, problems, allow_extra=PLAN_META_EXTRA)
    facts: dict[str, list[dict]] = {}
    for table, columns in {**schema.FACT_TABLES, "evidence": schema.EVIDENCE_COLUMNS}.items():
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


def _evidence_item(evidence: LineDict, key: str) -> LineDict:
    item = LineDict(field=key, quote=evidence[key])
    item.line = evidence.line_of(key)
    item.lines = {}
    return item


# --- cross-checks ------------------------------------------------------------

def _cross_check(plans: list[dict], registries: dict[str, list[dict]], texts: dict[str, FoldedText],
                 problems: list[Problem]) -> None:
    """Ids unique, references resolvable, every quote found in its source (span recorded)."""
    ids = {name: {r[schema.REGISTRIES[name][2]] for r in rows} for name, rows in registries.items()}
    province_names = {r["name_vi"] for r in registries["provinces"]}
    refs = {"citations": ("doc_id", "legal_documents"), "assignments": ("agency_id", "agencies"),
            "targets": ("indicator_code", "indicators")}
    seen_plans: dict[str, str] = {}
    for plan in plans:
        meta, label = plan["meta"], plan["label"]
        pid = meta["plan_id"]
        if pid in seen_plans:
            problems.append(Problem(label, meta["_line"], "plan_id", pid, f"duplicate plan_id (also in {seen_plans[pid]})"))
        seen_plans.setdefault(pid, label)
        if Path(label).stem != pid:
            problems.append(Problem(label, meta["_line"], "plan_id", pid, f"file must be named {pid}.yaml"))
        if province_names and meta["province"] not in province_names:
            problems.append(Problem(label, meta["_line"], "province", meta["province"], "not in reference/provinces.csv (name_vi)"))
        if meta["period_start"] > meta["period_end"] or meta["horizon"] < meta["period_end"]:
            problems.append(Problem(label, meta["_line"], "period_end", meta["period_end"],
                                    "needs period_start <= period_end <= horizon"))
        text = texts.get(meta["source_file"])
        if text is None:
            problems.append(Problem(label, meta["_line"], "source_file", meta["source_file"], "not listed in raw/sources.yaml"))
        for table, rows in plan["facts"].items():
            ref = refs.get(table)
            seen_rows: set = set()
            for rec in rows:
                if ref and rec[ref[0]] not in ids[ref[1]]:
                    problems.append(Problem(label, rec["_line"], ref[0], rec[ref[0]],
                                            f"not in reference/{schema.REGISTRIES[ref[1]][0]}"))
                key = (rec["doc_id"], rec["relation"]) if table == "citations" else None
                if key and key in seen_rows:
                    problems.append(Problem(label, rec["_line"], "doc_id", rec["doc_id"],
                                            f"cited twice with relation {rec['relation']}: keep one row"))
                seen_rows.add(key)
                if text is not None:
                    span = text.find(rec["quote"])
                    if span is None:
                        problems.append(Problem(label, rec["_line"], "quote", rec["quote"][:80],
                                                f"not found in raw/{meta['source_file']}"))
                    else:
                        rec["quote_start"], rec["quote_end"] = span
    _check_registry_links(registries, ids, problems)


def _check_registry_links(registries: dict[str, list[dict]], ids: dict[str, set], problems: list[Problem]) -> None:
    for rec in registries["legal_documents"]:
        for target in filter(None, (s.strip() for s in (rec["implements"] or "").split(";"))):
            if target not in ids["legal_documents"]:
                problems.append(Problem("data/reference/legal_documents.csv", rec["_line"], "implements", target,
                                        "not a doc_id of this registry"))
    for rec in registries["agencies"]:
        if rec["successor"] and rec["successor"] not in ids["agencies"]:
            problems.append(Problem("data/reference/agencies.csv", rec["_line"], "successor", rec["successor"],
                                    "not an agency_id of this registry"))
    codes = ids["provinces"]
    for rec in registries["provinces"]:
        if rec["successor_code"] not in codes:
            problems.append(Problem("data/reference/provinces.csv", rec["_line"], "successor_code", rec["successor_code"],
                                    "not a code of this registry"))


# --- typed tables --------------------------------------------------------------

_DTYPES = {"str": "str", "int": "int64", "float": "float64", "year": "Int64"}


def _frame(rows: list[dict], columns: tuple[schema.Column, ...], lead: tuple[str, ...] = ()) -> pd.DataFrame:
    names = [*lead, *(c.name for c in columns)]
    extra = [n for n in ("quote_start", "quote_end", "line") if rows and n in rows[0]]
    df = pd.DataFrame(rows, columns=[*names, *extra])
    for c in columns:
        if c.kind == "category":
            df[c.name] = pd.Categorical(df[c.name], categories=list(c.enum))
        elif c.kind == "date":
            df[c.name] = pd.to_datetime(df[c.name]).astype("datetime64[us]")
        else:
            df[c.name] = df[c.name].astype(_DTYPES[c.kind])
    for n in lead:
        df[n] = df[n].astype("str")
    for n in extra:
        df[n] = df[n].astype("int64")
    return df


def _fact_rows(plans: list[dict], table: str) -> list[dict]:
    rows = []
    for plan in plans:
        meta = plan["meta"]
        for rec in plan["facts"].get(table, []):
            row = {k: v for k, v in rec.items() if not k.startswith("_")}
            row.update(plan_id=meta["plan_id"], fact_id=f"{meta['plan_id']}#{table}-{rec['_n']}",
                       source_file=meta["source_file"], line=rec["_line"])
            rows.append(row)
    return rows


def _build(data_dir: Path, plans: list[dict], registries: dict[str, list[dict]], sources: list[dict],
           texts: dict[str, FoldedText]) -> Dataset:
    plans = sorted(plans, key=lambda p: p["meta"]["plan_id"])
    lead = ("plan_id", "fact_id", "source_file")
    facts = {table: _frame(_fact_rows(plans, table), cols, lead)
             for table, cols in {**schema.FACT_TABLES, "evidence": schema.EVIDENCE_COLUMNS}.items()}
    agencies = _frame(registries["agencies"], schema.AGENCY_COLUMNS)
    names = agencies.set_index("agency_id")["name_vi"]
    facts["assignments"]["agency_name"] = facts["assignments"]["agency_id"].map(names).astype("str")
    plan_rows = [{k: v for k, v in p["meta"].items() if not k.startswith("_")} for p in plans]
    return Dataset(
        data_dir=data_dir,
        plans=_frame(plan_rows, schema.PLAN_COLUMNS),
        **facts,
        legal_documents=_frame(registries["legal_documents"], schema.LEGAL_DOCUMENT_COLUMNS),
        agencies=agencies,
        indicators=_frame(registries["indicators"], schema.INDICATOR_COLUMNS),
        provinces=_frame(registries["provinces"], schema.PROVINCE_COLUMNS),
        sources=pd.DataFrame(sources, columns=["file", "plan_id", "kind", "completeness", "origin", "sha256"]).astype("str"),
        texts={name: t.nfc for name, t in texts.items()},
    )


def collect(data_dir: Path, extra_plan_files: tuple[Path, ...] = ()) -> tuple[Dataset | None, list[Problem]]:
    """Read and check a data folder (plus any extra plan files); never raises on bad data."""
    data_dir = Path(data_dir)
    problems: list[Problem] = []
    if not (data_dir / "plans").is_dir():
        return None, [Problem(str(data_dir), None, "data", str(data_dir), "not a data folder (no plans/ inside)")]
    sources, texts = _read_sources(data_dir, problems)
    registries = _read_registries(data_dir, problems)
    plans = []
    paths = [(p, _rel(p, data_dir)) for p in sorted((data_dir / "plans").glob("*.yaml"))]
    paths += [(Path(p), str(p)) for p in extra_plan_files]
    for path, label in paths:
        plan = read_plan(path, label, problems)
        if plan is not None:
            plans.append(plan)
    _cross_check(plans, registries, texts, problems)
    if problems:
        return None, problems
    return _build(data_dir, plans, registries, sources, texts), []


def load_dataset(data_dir: str | os.PathLike | None = None) -> Dataset:
    """Load and validate a data folder (default: the repository's `data/`)."""
    ds, problems = collect(Path(data_dir) if data_dir is not None else default_data_dir())
    if problems:
        raise DataError(problems)
    return ds
