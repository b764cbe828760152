"""The shipped data: raw texts unchanged, every quote in its source, every reference resolved."""
import hashlib
from pathlib import Path

import pandas as pd
import pytest
import yaml

from dxcompare import load_dataset
from dxcompare.textnorm import fold

DATA = Path(__file__).resolve().parent.parent / "data"
FACT_TABLES = ("citations", "targets", "budgets", "funding_sources", "assignments", "evidence")


@pytest.fixture(scope="module")
def ds():
    return load_dataset(DATA)


def test_raw_texts_match_their_recorded_hashes():
    manifest = yaml.safe_load((DATA / "raw" / "sources.yaml").read_text(encoding="utf-8"))
    assert {e["file"] for e in manifest} == {p.name for p in (DATA / "raw").glob("*.txt")}
    for entry in manifest:
        digest = hashlib.sha256((DATA / "raw" / entry["file"]).read_bytes()).hexdigest()
        assert digest == entry["sha256"], entry["file"]


def test_every_plan_has_its_raw_source(ds):
    manifest = ds.sources.set_index("file")["plan_id"]
    for plan_id, source in zip(ds.plans["plan_id"], ds.plans["source_file"]):
        assert manifest[source] == plan_id


@pytest.mark.parametrize("table", FACT_TABLES)
def test_every_quote_is_in_its_source_at_its_span(ds, table):
    df = getattr(ds, table)
    for row in df.itertuples():
        text = ds.texts[row.source_file]
        assert fold(text[row.quote_start:row.quote_end]) == fold(row.quote), row.fact_id


def test_every_reference_resolves(ds):
    assert set(ds.citations["doc_id"]) <= set(ds.legal_documents["doc_id"])
    assert set(ds.targets["indicator_code"]) <= set(ds.indicators["indicator_code"])
    assert set(ds.assignments["agency_id"]) <= set(ds.agencies["agency_id"])
    assert set(ds.plans["province"]) <= set(ds.provinces["name_vi"])
    implemented = {d.strip() for v in ds.legal_documents["implements"].dropna() for d in v.split(";")}
    assert implemented <= set(ds.legal_documents["doc_id"])


def test_ids_are_unique(ds):
    assert ds.plans["plan_id"].is_unique
    for table in FACT_TABLES:
        assert getattr(ds, table)["fact_id"].is_unique


def test_every_plan_file_is_loaded_and_every_plan_has_facts(ds):
    files = {p.stem for p in (DATA / "plans").glob("*.yaml")}
    assert set(ds.plans["plan_id"]) == files - set(Path(d).stem for d in ds.drafts)
    with_facts = set(ds.citations["plan_id"]) | set(ds.targets["plan_id"]) | set(ds.assignments["plan_id"])
    assert set(ds.plans["plan_id"]) <= with_facts


def test_counts_the_sources_hold(ds):
    per_plan = ds.targets.groupby("plan_id").size()
    assert per_plan["tinh-tra-quang-ngai-2024"] > 20
    assert len(ds.budgets.query("plan_id == 'long-an-1069-2021'")) == 3


def test_long_an_budget_parts_add_up_to_the_total(ds):
    amounts = sorted(ds.budgets.query("plan_id == 'long-an-1069-2021'")["amount_vnd"])
    assert amounts == [660_000_000, 900_000_000, 1_560_000_000]


def test_budget_components_point_at_an_amount_they_do_not_exceed_in_sum(ds):
    for plan_id, rows in ds.budgets.groupby("plan_id"):
        amount = dict(zip(rows["fact_id"], rows["amount_vnd"]))
        parts = rows.dropna(subset=["part_of"])
        assert set(parts["part_of"]) <= set(amount), plan_id  # part_of is the fact_id of an amount of the plan
        for whole, group in parts.groupby("part_of"):
            assert group["amount_vnd"].sum() <= amount[whole], plan_id


def test_tables_are_typed(ds):
    assert ds.plans["issued"].dtype == "datetime64[us]"
    assert isinstance(ds.targets["comparator"].dtype, pd.CategoricalDtype)
    assert ds.targets["value"].dtype == "float64"
    assert ds.budgets["amount_vnd"].dtype == "int64"
    assert ds.plans["plan_id"].dtype == "str"
    assert "agency_name" in ds.assignments


def test_blank_document_number_is_null(ds):
    tinh_tra = ds.plans.set_index("plan_id").loc["tinh-tra-quang-ngai-2024"]
    assert pd.isna(tinh_tra["doc_number"])
    assert tinh_tra["admin_level"] == "commune"
