"""`export`: the tables in three formats, a datapackage.json that describes them truly, safe writing."""
from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from dxcompare import UsageError, load_dataset
from dxcompare import export as ex

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def data(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("synth") / "data"
    subprocess.run([sys.executable, str(ROOT / "benchmarks" / "synth.py"), "--plans", "6", "--out", str(out),
                    "--seed", "3"], check=True, capture_output=True)
    return out


@pytest.fixture(scope="module")
def ds(data):
    return load_dataset(data, cache=False)


@pytest.fixture(scope="module", params=list(ex.FORMATS))
def exported(request, ds, tmp_path_factory) -> tuple[str, Path]:
    out = tmp_path_factory.mktemp(f"export-{request.param}")
    ex.export(ds, out, request.param)
    return request.param, out


def read_back(fmt: str, path: Path) -> pd.DataFrame:
    if fmt == "csv":
        return pd.read_csv(path, dtype=str, keep_default_na=False)
    if fmt == "json":
        return pd.DataFrame(json.loads(path.read_text(encoding="utf-8")))
    return pd.read_parquet(path)


def test_every_table_and_the_descriptor_are_written(exported, ds):
    fmt, out = exported
    assert sorted(p.name for p in out.iterdir()) == sorted(ex.file_names(fmt))
    package = json.loads((out / "datapackage.json").read_text(encoding="utf-8"))
    assert [r["name"] for r in package["resources"]] == list(ds.TABLES)
    for resource in package["resources"]:
        data = (out / resource["path"]).read_bytes()
        assert resource["bytes"] == len(data)
        assert resource["hash"] == "sha256:" + hashlib.sha256(data).hexdigest()
        table = getattr(ds, resource["name"])
        assert [f["name"] for f in resource["schema"]["fields"]] == list(table.columns)


def test_descriptor_declares_the_keys_the_issue_asks_for(exported):
    fmt, out = exported
    package = json.loads((out / "datapackage.json").read_text(encoding="utf-8"))
    schemas = {r["name"]: r["schema"] for r in package["resources"]}
    assert schemas["plans"]["primaryKey"] == ["plan_id"]
    assert schemas["targets"]["primaryKey"] == ["fact_id"]
    fks = {(name, fk["fields"], fk["reference"]["resource"], fk["reference"]["fields"])
           for name, s in schemas.items() for fk in s.get("foreignKeys", [])}
    for table in ("citations", "targets", "budgets", "funding_sources", "assignments", "evidence"):
        assert (table, "plan_id", "plans", "plan_id") in fks
    assert ("citations", "doc_id", "legal_documents", "doc_id") in fks
    assert ("targets", "indicator_code", "indicators", "indicator_code") in fks
    assert ("assignments", "agency_id", "agencies", "agency_id") in fks
    types = {f["name"]: f["type"] for f in schemas["targets"]["fields"]}
    assert types["value"] == "number" and types["year"] == "year" and types["quote_start"] == "integer"
    pillar = next(f for f in schemas["targets"]["fields"] if f["name"] == "pillar")
    assert "digital_government" in pillar["constraints"]["enum"]


def test_the_files_satisfy_their_descriptor(exported):
    """Primary keys unique and present, foreign keys resolve, enums and types hold, read from the files."""
    fmt, out = exported
    package = json.loads((out / "datapackage.json").read_text(encoding="utf-8"))
    frames = {r["name"]: read_back(fmt, out / r["path"]) for r in package["resources"]}
    for resource in package["resources"]:
        df, schema = frames[resource["name"]], resource["schema"]
        key = schema["primaryKey"]
        assert not df.duplicated(key).any(), resource["name"]
        for fk in schema.get("foreignKeys", []):
            values = df[fk["fields"]].replace("", None).dropna().astype(str)
            assert set(values) <= set(frames[fk["reference"]["resource"]][fk["reference"]["fields"]].astype(str)), fk
        for field in schema["fields"]:
            column = df[field["name"]].replace("", None).dropna()
            if field.get("constraints", {}).get("required"):
                assert len(column) == len(df), (resource["name"], field["name"])
            if "enum" in field.get("constraints", {}):
                assert set(column.astype(str)) <= set(field["constraints"]["enum"])
            if field["type"] in ("integer", "year"):
                assert all(float(v) == int(float(v)) for v in column)
            if field["type"] == "date" and fmt != "parquet":
                assert all(pd.Timestamp(v).strftime("%Y-%m-%d") == v for v in column)


def test_parquet_reads_back_as_the_same_tables(ds, tmp_path):
    ex.export(ds, tmp_path, "parquet")
    for name, table in ds.tables().items():
        back = pd.read_parquet(tmp_path / f"{name}.parquet")
        pd.testing.assert_frame_equal(back, ex.sorted_table(name, table), obj=name)


def test_csv_holds_the_values(ds, tmp_path):
    ex.export(ds, tmp_path, "csv")
    back = pd.read_csv(tmp_path / "targets.csv")
    assert list(back["fact_id"]) == list(ds.targets["fact_id"])
    assert list(back["value"]) == list(ds.targets["value"])
    assert list(back["quote"]) == list(ds.targets["quote"])


def test_refuses_a_bad_format_or_destination(ds, data, tmp_path):
    with pytest.raises(UsageError, match="choose one of csv, parquet, json"):
        ex.export(ds, tmp_path, "xlsx")
    with pytest.raises(UsageError, match="inside the data folder"):
        ex.export(ds, data / "exports", "csv")
    (tmp_path / "file").write_text("x")
    with pytest.raises(UsageError, match="is not a folder"):
        ex.export(ds, tmp_path / "file", "csv")
    (tmp_path / "out").mkdir()
    (tmp_path / "elsewhere.csv").write_text("keep")
    (tmp_path / "out" / "plans.csv").symlink_to(tmp_path / "elsewhere.csv")
    with pytest.raises(UsageError, match="refusing to write outside the output folder"):
        ex.export(ds, tmp_path / "out", "csv")
    assert (tmp_path / "elsewhere.csv").read_text() == "keep"


def test_a_rename_that_fails_midway_puts_the_previous_files_back(ds, tmp_path, monkeypatch):
    ex.export(ds, tmp_path, "json")
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    changed = ds.targets.assign(value=ds.targets["value"] + 1)
    ds2 = type(ds)(**{**{f: getattr(ds, f) for f in ("data_dir", *ds.TABLES, "texts", "inputs")}, "targets": changed})
    real_replace, calls = os.replace, []

    def failing_replace(src, dst):
        calls.append(dst)
        if len(calls) == 5:  # after four tables were already replaced
            raise OSError(28, "No space left on device")
        return real_replace(src, dst)

    monkeypatch.setattr(ex.os, "replace", failing_replace)
    with pytest.raises(UsageError, match="No space left on device; nothing was changed"):
        ex.export(ds2, tmp_path, "json")
    monkeypatch.undo()
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before


def test_cli_export_prints_what_it_wrote(data, tmp_path):
    result = subprocess.run([sys.executable, "-m", "dxcompare", "export", "--format", "parquet", "--data", str(data),
                             "--out", str(tmp_path / "x")], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"wrote 13 files (parquet) to {tmp_path / 'x'}"
    bad = subprocess.run([sys.executable, "-m", "dxcompare", "export", "--format", "xml", "--data", str(data),
                          "--out", str(tmp_path / "y")], capture_output=True, text=True, cwd=ROOT)
    assert bad.returncode == 1 and "--format 'xml': choose one of csv, parquet, json" in bad.stderr
    assert not (tmp_path / "y").exists()
