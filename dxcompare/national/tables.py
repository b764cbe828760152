"""Read `data/national/*.csv` into checked records and typed frames.

The national folder is optional: a data folder without it loads with empty
national tables, so a researcher's own small corpus needs none of it. A file
that is present is checked field by field exactly like the registries
(`records.check_record`), then row against row by `rules.check`.
"""
from __future__ import annotations

import hashlib
from pathlib import Path

import pandas as pd

from .. import columns as cols
from ..errors import Problem
from ..readers import decode, parse_csv, read_bytes
from ..rules import check_record
from ..schema import COMPARATORS as COMPARATOR_CODES
from .schema import NATIONAL_TABLES

FOLDER = "national"


def read(data_dir: Path, label_of, problems: list[Problem], inputs: dict[str, str]) -> dict[str, list[dict]]:
    """Checked records of every national table (missing file: no records); `_line` kept for messages."""
    out: dict[str, list[dict]] = {}
    for name, (file_name, columns, _key) in NATIONAL_TABLES.items():
        path = data_dir / FOLDER / file_name
        records: list[dict] = []
        out[name] = records
        if not path.exists() and not path.is_symlink():
            continue
        label = label_of(path)
        data = read_bytes(path, label, problems)
        if data is None:
            continue
        inputs[f"{FOLDER}/{file_name}"] = hashlib.sha256(data).hexdigest()
        text = decode(data, label, problems)
        rows = None if text is None else parse_csv(text, label, problems)
        for line, row in rows or []:
            rec = check_record(row, columns, label, lambda _k, line=line: line, problems)
            if rec is not None:
                rec["_line"] = line
                records.append(rec)
    return out


def frames(records: dict[str, list[dict]]) -> dict[str, pd.DataFrame]:
    """Typed frames: categories, datetime64[us], nullable numbers; `conflict` as boolean."""
    out = {}
    for name, (_file, columns, _key) in NATIONAL_TABLES.items():
        rows = records.get(name, [])
        frame = pd.DataFrame({c.name: _typed([r[c.name] for r in rows], c) for c in columns})
        if "conflict" in frame:
            frame["conflict"] = frame["conflict"].astype("str").eq("true").astype("boolean")
        out[name] = frame
    return out


def _typed(values: list, col):
    if col.kind == "float":
        return pd.array(values, dtype="Float64")
    if col.kind == "date":
        return pd.array(pd.to_datetime(pd.Series(values, dtype="object")).astype("datetime64[us]"))
    return cols.column(values, col)


def retyped(frames_: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """Frames read back from Arrow with the schema's categories (an empty column loses them there)."""
    out = {}
    for name, frame in frames_.items():
        frame = frame.copy()
        for col in NATIONAL_TABLES[name][1]:
            if col.kind == "category" and col.name != "conflict":
                frame[col.name] = pd.Categorical(frame[col.name].astype("object"), categories=list(col.enum))
        out[name] = frame
    return out


def empty_frames() -> dict[str, pd.DataFrame]:
    return frames({})



NATIONAL_ORDER = ("749/QĐ-TTg", "411/QĐ-TTg", "942/QĐ-TTg", "924/QĐ-TTg")
REFERENCE_YEARS = (2025, 2030)


def national_reference(indicators: pd.DataFrame, national_targets: pd.DataFrame) -> pd.DataFrame:
    """The indicator registry with each indicator's national target for 2025 and 2030, from `national_targets`.

    One place holds the national figures (`national/national_targets.csv`, every value
    with its document and source); the registry's `national_<year>`,
    `national_comparator_<year>` and `national_doc` columns are derived from it: the
    first of 749, 411, 942, 924/QĐ-TTg (then any other, by number) that sets a value
    for the year. Empty where no national document sets one, or none was found.
    """
    found = national_targets[(national_targets["status"] == "found") & national_targets["value"].notna()]
    order = {doc: i for i, doc in enumerate(NATIONAL_ORDER)}
    found = found.assign(_o=found["document"].map(lambda d: order.get(d, len(order))))
    found = found.sort_values(["indicator_code", "year", "_o", "document"], kind="stable")
    first = found.drop_duplicates(["indicator_code", "year"])
    out = indicators.copy()
    docs: dict[str, list[str]] = {}
    for year in REFERENCE_YEARS:
        rows = first[first["year"] == year].set_index("indicator_code")
        out[f"national_{year}"] = pd.array(out["indicator_code"].map(rows["value"].astype("float")).astype("float"),
                                           dtype="float64")
        out[f"national_comparator_{year}"] = pd.Categorical(
            out["indicator_code"].map(rows["comparator"].astype("object")), categories=list(COMPARATOR_CODES))
        for code, doc in rows["document"].items():
            docs.setdefault(code, [])
            if doc not in docs[code]:
                docs[code].append(doc)
    out["national_doc"] = pd.array([("; ".join(docs[c]) if c in docs else None) for c in out["indicator_code"]],
                                   dtype="str")
    return out
