"""`export`: the tables in three formats, a datapackage.json that describes them truly, safe writing."""
from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path

import pandas as pd

from dxcompare.dataset import Dataset
import pytest

from dxcompare import UsageError, load_dataset
from dxcompare import export as ex

from clirun import run_cli

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
    gloss = next(f for f in schemas["budgets"]["fields"] if f["name"] == "purpose_en")
    assert "English gloss" in gloss["description"] and "constraints" not in gloss  # optional, described


def test_the_files_satisfy_their_descriptor(exported):
    """Primary keys unique and present, foreign keys resolve, enums and types hold, read from the files."""
    fmt, out = exported
    package = json.loads((out / "datapackage.json").read_text(encoding="utf-8"))
    frames = {r["name"]: read_back(fmt, out / r["path"]) for r in package["resources"]}
    for resource in package["resources"]:
        df, schema = frames[resource["name"]], resource["schema"]
        if df.empty:  # an empty table (a folder without the national layer): JSON records carry no columns
            continue
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
        if table.empty:  # Parquet keeps no categories for an empty column: the columns are what is there to compare
            assert list(back.columns) == list(table.columns), name
            continue
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
    with pytest.raises(UsageError, match="already holds files"):
        ex.export(ds, tmp_path / "out", "csv")
    with pytest.raises(UsageError, match="plans.csv, which is not part of an export"):
        ex.export(ds, tmp_path / "out", "csv", force=True)
    assert (tmp_path / "elsewhere.csv").read_text() == "keep"
    with pytest.raises(UsageError, match="--excel applies to --format csv only"):
        ex.export(ds, tmp_path / "x", "json", excel=True)
    with pytest.raises(UsageError, match="is not a folder"):
        ex.export(ds, tmp_path / "file" / "sub", "csv")
    assert not (tmp_path / "x").exists()


def test_a_failure_while_writing_leaves_the_previous_export_whole(ds, tmp_path, monkeypatch):
    out = tmp_path / "out"
    ex.export(ds, out, "json")
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    changed = ds.targets.assign(value=ds.targets["value"] + 1)
    ds2 = type(ds)(**{**{f: getattr(ds, f) for f in ("data_dir", *ds.TABLES, "texts", "inputs")}, "targets": changed})
    real_write, calls = Path.write_bytes, []

    def failing_write(self, data):
        calls.append(self)
        if len(calls) == 5:  # after four tables were already written
            raise OSError(28, "No space left on device")
        return real_write(self, data)

    monkeypatch.setattr(Path, "write_bytes", failing_write)
    with pytest.raises(UsageError, match="no space left on the disk; nothing was changed"):
        ex.export(ds2, out, "json", force=True)
    monkeypatch.undo()
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    assert [p.name for p in tmp_path.iterdir()] == ["out"]  # no temporary left behind
    ex.export(ds2, out, "json", force=True)
    assert {p.name: p.read_bytes() for p in out.iterdir()} != before


def test_csv_cells_that_a_spreadsheet_would_run_are_neutralised(ds, tmp_path):
    risky = ["=HYPERLINK(\"http://x\")", "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1)", "\tx", "safe"]
    plans = ds.plans.copy()
    plans["title"] = (risky * len(plans))[:len(plans)]
    ds2 = type(ds)(**{**{f: getattr(ds, f) for f in ("data_dir", *ds.TABLES, "texts", "inputs")}, "plans": plans})
    ex.export(ds2, tmp_path / "csv", "csv")
    back = pd.read_csv(tmp_path / "csv" / "plans.csv", keep_default_na=False)
    for cell in back["title"]:
        assert cell == "safe" or cell.startswith("'"), cell
    ex.export(ds2, tmp_path / "json", "json")
    assert "=HYPERLINK" in (tmp_path / "json" / "plans.json").read_text(encoding="utf-8")  # JSON keeps the text


def test_excel_csv_starts_with_a_byte_order_mark(ds, tmp_path):
    ex.export(ds, tmp_path / "x", "csv", excel=True)
    assert (tmp_path / "x" / "plans.csv").read_bytes().startswith("\ufeff".encode())
    package = json.loads((tmp_path / "x" / "datapackage.json").read_text(encoding="utf-8"))
    assert {r["encoding"] for r in package["resources"]} == {"utf-8-sig"}


def test_cli_export_prints_what_it_wrote(data, tmp_path):
    result = run_cli("export", "--format", "parquet", "--data", str(data), "--out", str(tmp_path / "x"))
    assert result.returncode == 0, result.stderr
    n_files = len(Dataset.TABLES) + 1  # every table and datapackage.json
    assert result.stdout.strip() == f"wrote {n_files} files (parquet) to {tmp_path / 'x'}"
    bad = run_cli("export", "--format", "xml", "--data", str(data), "--out", str(tmp_path / "y"))
    assert bad.returncode == 1 and "--format 'xml': choose one of csv, parquet, json" in bad.stderr
    assert not (tmp_path / "y").exists()


def test_temporaries_of_a_killed_export_are_removed_by_the_next(ds, tmp_path):
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True,
                          text=True).stdout.strip()  # a process id that no longer runs
    stale = tmp_path / f".out.tmp-{dead}-abc"
    stale.mkdir()
    (stale / "targets.csv").write_text("half")
    old_style = tmp_path / "out" / ".export-xyz"
    old_style.mkdir(parents=True)
    ex.export(ds, tmp_path / "out", "csv")
    assert not stale.exists() and not old_style.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]
