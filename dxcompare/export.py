"""Write the dataset's tidy tables (csv, parquet or json) with a Frictionless `datapackage.json`.

An export is what researchers take to R, Stata or a spreadsheet, and what a
regenerated report is diffed against, so it is deterministic: rows sorted by
their key, no timestamps, JSON keys in table order, Parquet with fixed settings
(its only metadata are the pinned library versions). The package descriptor
gives every field's type, the primary keys and the foreign keys, and the sha256
of every file written and of every input it was made from.

Writing is all or nothing: every file is rendered in memory, written into a
temporary folder beside the output folder, and that folder replaces the output
folder in one step (`atomic.atomic_folder`): even `kill -9` never leaves a new
table beside an old `datapackage.json`. An existing export is replaced only
with `force`; a folder holding anything else is never replaced.

CSV cells that a spreadsheet would run as a formula (text starting with
= + - @, a tab or a carriage return) get a leading apostrophe, as OWASP
recommends against CSV injection; JSON and Parquet keep the text as it is.
"""
from __future__ import annotations

import errno
import os
import hashlib
import io
import json
from pathlib import Path

import pandas as pd

from . import schema, values
from .national.schema import NATIONAL_TABLES
from .atomic import atomic_folder
from .dataset import Dataset
from .errors import UsageError

FORMATS = {"csv": ("csv", "text/csv"), "parquet": ("parquet", "application/vnd.apache.parquet"),
           "json": ("json", "application/json")}
PRIMARY_KEYS = {"plans": ["plan_id"], "legal_documents": ["doc_id"], "agencies": ["agency_id"],
                "indicators": ["indicator_code"], "provinces": ["code"], "sources": ["file"]}
FACT_TABLES = ("citations", "targets", "budgets", "funding_sources", "assignments", "evidence")
FOREIGN_KEYS = {
    **{t: [("plan_id", "plans", "plan_id"), ("source_file", "sources", "file")] for t in FACT_TABLES},
    "plans": [("source_file", "sources", "file")],
}
FOREIGN_KEYS["citations"].append(("doc_id", "legal_documents", "doc_id"))
FOREIGN_KEYS["targets"].append(("indicator_code", "indicators", "indicator_code"))
FOREIGN_KEYS["assignments"].append(("agency_id", "agencies", "agency_id"))
FOREIGN_KEYS["agencies"] = [("successor", "agencies", "agency_id")]
FOREIGN_KEYS["provinces"] = [("successor_code", "provinces", "code")]
# The national layer: a DTI row and a national target may be given twice (two sources that disagree,
# flagged `conflict`), so their key includes the source; a 2025 unit's code is a code of provinces.csv.
PRIMARY_KEYS.update({"catalogue": ["doc_key", "source_url"], "headline_targets": ["target_key"],
                     "dti": ["province_code", "year", "scheme", "source_url"],
                     "national_targets": ["indicator_code", "document", "year", "source_url"],
                     "centroids": ["scheme", "unit_code"]})
FOREIGN_KEYS.update({
    "catalogue": [("province_code", "provinces", "code")],
    "headline_targets": [("province_code", "provinces", "code"), ("indicator_code", "indicators", "indicator_code")],
    "dti": [("province_code", "provinces", "code")],
    "national_targets": [("indicator_code", "indicators", "indicator_code"), ("document", "legal_documents", "doc_id")],
    "centroids": [("unit_code", "provinces", "code")],
})
SORT_KEYS = {**{t: ["plan_id", "line"] for t in FACT_TABLES}, **PRIMARY_KEYS}
_FIELD_TYPES = {"str": "string", "category": "string", "int": "integer", "float": "number", "year": "year",
                "date": "date"}
_EXTRA_FIELDS = {"plan_id": "string", "fact_id": "string", "source_file": "string", "quote_start": "integer",
                 "quote_end": "integer", "line": "integer", "agency_name": "string"}
_DESCRIPTIONS = {
    "fact_id": "plan_id#table-n: the n-th row of that table in the plan file",
    "quote_start": "start of the quote in the NFC-normalised raw text (characters, inclusive)",
    "quote_end": "end of the quote in the NFC-normalised raw text (characters, exclusive)",
    "line": "line of the row in its plan file",
    "agency_name": "name_vi of agency_id in agencies",
    "purpose_en": "curated English gloss of purpose (a translation, not in the source); empty when not glossed",
    "national_2025": "derived from national_targets: the first of 749, 411, 942, 924/QĐ-TTg setting a 2025 value",
    "national_2030": "derived from national_targets: the first of 749, 411, 942, 924/QĐ-TTg setting a 2030 value",
}


def _specs(table: str) -> dict[str, schema.Column]:
    cols = {"plans": schema.PLAN_COLUMNS, "evidence": schema.EVIDENCE_COLUMNS, **schema.FACT_TABLES}.get(table)
    if cols is None and table in schema.REGISTRIES:
        cols = schema.REGISTRIES[table][1]
    if cols is None and table in NATIONAL_TABLES:
        cols = NATIONAL_TABLES[table][1]
    return {c.name: c for c in cols or ()}


def _field(table: str, name: str, df: pd.DataFrame) -> dict:
    spec = _specs(table).get(name)
    field: dict = {"name": name}
    if pd.api.types.is_bool_dtype(df[name]):  # a flag (the national layer's `conflict`): True / False
        field["type"] = "boolean"
    elif spec is not None:
        field["type"] = _FIELD_TYPES[spec.kind]
        constraints = {}
        if spec.required:
            constraints["required"] = True
        if spec.enum is not None:
            constraints["enum"] = list(spec.enum)
        if constraints:
            field["constraints"] = constraints
    else:
        dtype = df[name].dtype
        field["type"] = _EXTRA_FIELDS.get(name) or ("integer" if pd.api.types.is_integer_dtype(dtype) else
                                                    "number" if pd.api.types.is_float_dtype(dtype) else "string")
        if name in PRIMARY_KEYS.get(table, ()) or name in _EXTRA_FIELDS:
            field["constraints"] = {"required": True}
    if name in _DESCRIPTIONS:
        field["description"] = _DESCRIPTIONS[name]
    return field


def _schema(table: str, df: pd.DataFrame) -> dict:
    out = {"fields": [_field(table, c, df) for c in df.columns], "missingValues": [""]}
    out["primaryKey"] = PRIMARY_KEYS.get(table, ["fact_id"] if table in FACT_TABLES else [])
    fks = [{"fields": f, "reference": {"resource": r, "fields": rf}} for f, r, rf in FOREIGN_KEYS.get(table, ())
           if f in df.columns]
    if fks:
        out["foreignKeys"] = fks
    return out


def sorted_table(table: str, df: pd.DataFrame) -> pd.DataFrame:
    """Rows in key order (fact tables: by plan, then as they stand in the plan file)."""
    keys = [k for k in SORT_KEYS.get(table, []) if k in df.columns]
    return df.sort_values(keys, kind="stable", ignore_index=True) if keys else df.reset_index(drop=True)


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise_formulas(df: pd.DataFrame) -> pd.DataFrame:
    """Text cells that a spreadsheet would evaluate (=, +, -, @, tab, CR first) with a leading apostrophe."""
    out = df
    for c in df.columns:
        if pd.api.types.is_string_dtype(df[c]) and not isinstance(df[c].dtype, pd.CategoricalDtype):
            risky = df[c].str.startswith(FORMULA_START).fillna(False).astype(bool)
            if risky.any():
                if out is df:
                    out = df.copy()
                out[c] = df[c].where(~risky, "'" + df[c])
    return out


def render(table: str, df: pd.DataFrame, fmt: str, *, excel: bool = False) -> bytes:
    """One table's file content, identical for identical data (`excel`: CSV with a UTF-8 byte-order mark)."""
    df = sorted_table(table, df)
    dates = [c for c in df.columns if pd.api.types.is_datetime64_any_dtype(df[c])]
    if fmt == "csv":
        text = neutralise_formulas(df).to_csv(index=False, lineterminator="\n", date_format="%Y-%m-%d")
        return ("\ufeff" if excel else "").encode() + text.encode("utf-8")
    if fmt == "json":
        plain = df.astype({c: "object" for c in df.columns})
        for c in dates:
            plain[c] = [None if pd.isna(v) else v.date().isoformat() for v in df[c]]
        rows = (json.dumps({k: values.plain(v) for k, v in zip(df.columns, row)}, ensure_ascii=False, allow_nan=False)
                for row in plain.itertuples(index=False, name=None))
        return ("[\n" + ",\n".join(rows) + "\n]\n").encode("utf-8")
    if fmt == "parquet":
        import pyarrow as pa
        import pyarrow.parquet as pq

        buf = io.BytesIO()
        pq.write_table(pa.Table.from_pandas(df, preserve_index=False), buf, compression="zstd", compression_level=3,
                       use_dictionary=True, write_statistics=True, row_group_size=1 << 20)
        return buf.getvalue()
    raise UsageError(f"--format {fmt!r}: choose one of {', '.join(FORMATS)}")


def descriptor(ds, fmt: str, files: dict[str, bytes], *, excel: bool = False) -> dict:
    ext, mediatype = FORMATS[fmt]
    resources = []
    for table, df in ds.tables().items():
        data = files[f"{table}.{ext}"]
        resource = {"name": table, "path": f"{table}.{ext}", "profile": "tabular-data-resource", "format": ext,
                    "mediatype": mediatype}
        if fmt != "parquet":
            resource["encoding"] = "utf-8-sig" if excel else "utf-8"
        resource.update({"bytes": len(data), "hash": "sha256:" + hashlib.sha256(data).hexdigest(),
                         "schema": _schema(table, df)})
        resources.append(resource)
    return {
        "profile": "tabular-data-package",
        "name": "dxcompare-plans",
        "title": "Vietnam's provincial digital-transformation plans as structured, citable data (dxcompare)",
        "description": "Curated plans (metadata, citations, targets, budgets, funding sources, assignments, "
                       "evidence) with the reference registries; every fact carries the quote it was taken from "
                       "and its character span in the NFC-normalised raw text.",
        "licenses": [{"name": "CC-BY-4.0", "title": "Creative Commons Attribution 4.0",
                      "path": "https://creativecommons.org/licenses/by/4.0/"}],
        "resources": resources,
        "dxcompare": {"inputs": {k: "sha256:" + v for k, v in sorted(ds.inputs.items())}},
    }


def _fail(out: Path, exc: OSError) -> UsageError:
    why = "no space left on the disk" if exc.errno == errno.ENOSPC else (exc.strerror or str(exc))
    return UsageError(f"cannot write to {out}: {why}; nothing was changed")


def check_out_dir(out: Path, data_dir: Path) -> Path:
    """The output folder, refused when it is a file or lies inside the data folder it is made from."""
    try:
        out_r, data_r = Path(out).resolve(), Path(data_dir).resolve()
    except OSError as exc:
        raise _fail(Path(out), exc) from None
    if out_r == data_r or data_r in out_r.parents:
        raise UsageError(f"--out {out}: inside the data folder {data_dir}; "
                         "write exports elsewhere, so that they can never overwrite the sources")
    if out_r in data_r.parents:  # the folder is replaced whole: it would take the data with it
        raise UsageError(f"--out {out}: contains the data folder {data_dir}; choose a folder of its own")
    if out_r.exists() and not out_r.is_dir():
        raise UsageError(f"--out {out}: exists and is not a folder")
    parent = next((p for p in (out_r, *out_r.parents) if p.exists()), None)
    if parent is None or not parent.is_dir():
        raise UsageError(f"--out {out}: {parent} is not a folder")
    if not os.access(parent if not out_r.exists() else out_r.parent, os.W_OK | os.X_OK):
        raise UsageError(f"--out {out}: cannot write in {out_r.parent if out_r.exists() else parent} (permission denied)")
    return out_r


def _export_names() -> set[str]:
    return {f"{table}.{ext}" for table in Dataset.TABLES for ext, _ in FORMATS.values()} | {"datapackage.json"}


def check_replaceable(root: Path, force: bool) -> None:
    """An existing output folder may be replaced only with `force`, and only when it holds an export."""
    if not root.exists():
        return
    entries = sorted(p.name for p in root.iterdir() if not p.name.startswith(".export-"))
    if not entries:
        return
    if not force:
        raise UsageError(f"--out {root}: already holds files ({', '.join(entries[:3])}…); "
                         "add --force to replace that export")
    names = _export_names()
    foreign = [n for n in entries if n not in names or (root / n).is_symlink() or not (root / n).is_file()]
    if foreign:
        raise UsageError(f"--out {root}: holds {foreign[0]}, which is not part of an export; "
                         f"refusing to write outside the output folder's export files (choose an empty folder)")


def file_names(fmt: str) -> list[str]:
    """The files an export in `fmt` writes (table files, then datapackage.json)."""
    if fmt not in FORMATS:
        raise UsageError(f"--format {fmt!r}: choose one of {', '.join(FORMATS)}")
    return [f"{table}.{FORMATS[fmt][0]}" for table in Dataset.TABLES] + ["datapackage.json"]


def check_destination(out: Path, data_dir: Path, fmt: str, *, force: bool = False, excel: bool = False) -> Path:
    """Every check on the destination, so that a refused export is refused before any work (or cache write)."""
    file_names(fmt)
    if excel and fmt != "csv":
        raise UsageError("--excel applies to --format csv only")
    root = check_out_dir(out, data_dir)
    check_replaceable(root, force)
    return root


def write_folder(root: Path, files: dict[str, bytes]) -> list[Path]:
    """Publish `files` as the whole content of `root`, in one step; one readable error on any OS failure."""
    try:
        with atomic_folder(root) as tmp:
            for name, data in files.items():
                (tmp / name).write_bytes(data)
    except OSError as exc:
        raise _fail(root, exc) from None
    return [root / name for name in files]


def export(ds, out: Path, fmt: str, *, force: bool = False, excel: bool = False) -> list[Path]:
    """Write every table of `ds` and `datapackage.json` into `out`; returns the files written.

    `force` replaces an existing export in `out`; `excel` writes CSV with a byte-order mark.
    """
    root = check_destination(out, ds.data_dir, fmt, force=force, excel=excel)
    ext = FORMATS[fmt][0]
    files = {f"{table}.{ext}": render(table, df, fmt, excel=excel) for table, df in ds.tables().items()}
    package = descriptor(ds, fmt, files, excel=excel)
    files["datapackage.json"] = (json.dumps(package, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    return write_folder(root, files)
