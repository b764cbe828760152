"""Write the dataset's tidy tables (csv, parquet or json) with a Frictionless `datapackage.json`.

An export is what researchers take to R, Stata or a spreadsheet, and what a
regenerated report is diffed against, so it is deterministic: rows sorted by
their key, no timestamps, JSON keys in table order, Parquet with fixed settings
(its only metadata are the pinned library versions). The package descriptor
gives every field's type, the primary keys and the foreign keys, and the sha256
of every file written and of every input it was made from.

Writing is all or nothing: every file is rendered in memory, then written into
a staging folder inside the output folder and renamed into place, with
`datapackage.json` last. A run that fails leaves existing files as they were.
"""
from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import tempfile
from pathlib import Path

import pandas as pd

from . import schema
from .errors import UsageError
from . import values

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
}


def _specs(table: str) -> dict[str, schema.Column]:
    cols = {"plans": schema.PLAN_COLUMNS, "evidence": schema.EVIDENCE_COLUMNS, **schema.FACT_TABLES}.get(table)
    if cols is None and table in schema.REGISTRIES:
        cols = schema.REGISTRIES[table][1]
    return {c.name: c for c in cols or ()}


def _field(table: str, name: str, df: pd.DataFrame) -> dict:
    spec = _specs(table).get(name)
    field: dict = {"name": name}
    if spec is not None:
        field["type"] = _FIELD_TYPES[spec.kind]
        constraints = {}
        if spec.required:
            constraints["required"] = True
        if spec.enum is not None:
            constraints["enum"] = list(spec.enum)
        if constraints:
            field["constraints"] = constraints
    else:
        field["type"] = _EXTRA_FIELDS.get(name) or ("integer" if pd.api.types.is_integer_dtype(df[name]) else "string")
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


def render(table: str, df: pd.DataFrame, fmt: str) -> bytes:
    """One table's file content, identical for identical data."""
    df = sorted_table(table, df)
    dates = [c for c in df.columns if pd.api.types.is_datetime64_any_dtype(df[c])]
    if fmt == "csv":
        return df.to_csv(index=False, lineterminator="\n", date_format="%Y-%m-%d").encode("utf-8")
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


def descriptor(ds, fmt: str, files: dict[str, bytes]) -> dict:
    ext, mediatype = FORMATS[fmt]
    resources = []
    for table, df in ds.tables().items():
        data = files[f"{table}.{ext}"]
        resource = {"name": table, "path": f"{table}.{ext}", "profile": "tabular-data-resource", "format": ext,
                    "mediatype": mediatype}
        if fmt != "parquet":
            resource["encoding"] = "utf-8"
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


def check_out_dir(out: Path, data_dir: Path) -> Path:
    """The output folder, refused when it is a file or lies inside the data folder it is made from."""
    out_r, data_r = Path(out).resolve(), Path(data_dir).resolve()
    if out_r == data_r or data_r in out_r.parents:
        raise UsageError(f"--out {out}: inside the data folder {data_dir}; "
                         "write exports elsewhere, so that they can never overwrite the sources")
    if out_r.exists() and not out_r.is_dir():
        raise UsageError(f"--out {out}: exists and is not a folder")
    return out_r


def _target(root: Path, name: str) -> Path:
    candidate = (root / name).resolve()
    if candidate.parent != root:
        raise UsageError(f"{root / name}: refusing to write outside the output folder {root} "
                         f"(it resolves to {candidate})")
    if candidate.exists() and not candidate.is_file():
        raise UsageError(f"{candidate}: exists and is not a regular file")
    return root / name


def write_files(out: Path, files: dict[str, bytes]) -> list[Path]:
    """Write `files` into `out` all or nothing.

    Every check comes first; the files are written into a staging folder inside
    `out`, then renamed over their targets one by one (the last name last). Should
    a rename fail, the files already replaced are put back from hard links kept in
    the staging folder, so the folder holds either the old export or the new one.
    """
    targets = {name: _target(out, name) for name in files}
    created = not out.exists()
    out.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".export-", dir=out))
    previous = staging / ".previous"
    replaced: list[str] = []
    try:
        for name, data in files.items():
            (staging / name).write_bytes(data)
        previous.mkdir()
        for name in files:
            target = targets[name]
            if target.exists():
                try:
                    os.link(target, previous / name)
                except OSError:
                    shutil.copy2(target, previous / name)
            os.replace(staging / name, target)
            replaced.append(name)
    except OSError as exc:
        for name in reversed(replaced):
            if (previous / name).exists():
                os.replace(previous / name, targets[name])
            else:
                targets[name].unlink(missing_ok=True)
        raise UsageError(f"cannot write to {out}: {exc.strerror or exc}; nothing was changed") from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)
        if created and out.is_dir() and not any(out.iterdir()):
            out.rmdir()
    return list(targets.values())


def file_names(fmt: str) -> list[str]:
    """The files an export in `fmt` writes (table files, then datapackage.json)."""
    if fmt not in FORMATS:
        raise UsageError(f"--format {fmt!r}: choose one of {', '.join(FORMATS)}")
    from .loader import Dataset

    return [f"{table}.{FORMATS[fmt][0]}" for table in Dataset.TABLES] + ["datapackage.json"]


def check_destination(out: Path, data_dir: Path, fmt: str) -> Path:
    """Every check on the destination, so that a refused export is refused before any work (or cache write)."""
    root = check_out_dir(out, data_dir)
    for name in file_names(fmt):
        _target(root, name)
    return root


def export(ds, out: Path, fmt: str) -> list[Path]:
    """Write every table of `ds` and `datapackage.json` into `out`; returns the files written."""
    root = check_destination(out, ds.data_dir, fmt)
    ext = FORMATS[fmt][0]
    files = {f"{table}.{ext}": render(table, df, fmt) for table, df in ds.tables().items()}
    package = descriptor(ds, fmt, files)
    files["datapackage.json"] = (json.dumps(package, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    return write_files(root, files)
