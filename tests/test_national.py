"""The national layer: reading and rules, analyses, tile grid, on a small hand-checked folder."""
from __future__ import annotations

import itertools
import subprocess
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import national_factory
from dxcompare import load_dataset
from dxcompare.defaults import default_data_dir
from dxcompare import tilegrid
from dxcompare import analysis
from dxcompare.analysis import merger, outcomes

from clirun import run_cli

DATA = default_data_dir()


@pytest.fixture(scope="module")
def national_small(tmp_path_factory) -> Path:
    return national_factory.make(DATA, tmp_path_factory.mktemp("national") / "data")


@pytest.fixture(scope="module")
def ds(national_small):
    return load_dataset(national_small, cache=False)


def _validate(data: Path) -> subprocess.CompletedProcess:
    return run_cli("validate", "--data", str(data))


def _corrupt(tmp_path: Path, table: str, change) -> Path:
    data = tmp_path / "data"
    rows = national_factory.national_rows(DATA)
    change(rows[table])
    return national_factory.make(DATA, data, rows)


def test_the_small_folder_is_valid_and_typed(ds):
    assert str(ds.dti["score"].dtype) == "Float64"
    assert str(ds.catalogue["issued"].dtype) == "datetime64[us]"
    assert str(ds.catalogue["conflict"].dtype) == "boolean"
    assert ds.catalogue["category"].dtype == "category"


def test_two_provinces_keep_their_own_01_nq_tu(ds):
    same = ds.catalogue[ds.catalogue["doc_number"] == "01-NQ/TU"]
    assert sorted(same["doc_key"]) == ["24:01-NQ/TU", "83:01-NQ/TU"]


@pytest.mark.parametrize("table, change, where", [
    ("dti", lambda rows: rows[3].update(rank="1"), ("dti.csv:5", "rank")),
    ("dti", lambda rows: rows[0].update(score="1.5"), ("dti.csv:2", "score")),
    ("dti", lambda rows: rows[1].update(province_code="99"), ("dti.csv:3", "province_code")),
    ("dti", lambda rows: rows[3].update(score="0.55"), ("dti.csv:5", "rank")),
    ("catalogue", lambda rows: rows[0].update(province_code="00"), ("catalogue.csv:2", "province_code")),
    ("catalogue", lambda rows: rows[0].update(source_url=""), ("catalogue.csv:2", "source_url")),
    ("catalogue", lambda rows: rows[0].update(read_date=""), ("catalogue.csv:2", "read_date")),
    ("catalogue", lambda rows: rows[0].update(issued="2030-01-01"), ("catalogue.csv:2", "issued")),
    ("catalogue", lambda rows: rows[0].update(doc_key="24:01"), ("catalogue.csv:2", "doc_key")),
    ("catalogue", lambda rows: rows.append(dict(rows[0])), ("catalogue.csv:6", "conflict")),
    ("catalogue", lambda rows: rows[3].update(searched=""), ("catalogue.csv:5", "searched")),
    ("headline_targets", lambda rows: rows[0].update(comparator="≥"), ("headline_targets.csv:2", "comparator")),
    ("headline_targets", lambda rows: rows[0].update(unit="count"), ("headline_targets.csv:2", "unit")),
    ("headline_targets", lambda rows: rows[0].update(doc_key="83:01-NQ/TU"), ("headline_targets.csv:2", "doc_key")),
    ("headline_targets", lambda rows: rows[0].update(value="-5"), ("headline_targets.csv:2", "value")),
    ("national_targets", lambda rows: rows[0].update(document="999/QĐ-TTg"), ("national_targets.csv:2", "document")),
    ("centroids", lambda rows: rows.pop(0), ("centroids.csv", "unit_code")),
    ("centroids", lambda rows: rows[0].update(latitude="48.1"), ("centroids.csv:2", "latitude")),
])
def test_a_broken_fact_fails_validate_naming_file_line_and_field(tmp_path, table, change, where):
    r = _validate(_corrupt(tmp_path, table, change))
    assert r.returncode == 1
    assert "Traceback" not in r.stderr
    place, field = where
    assert any(place in line and f": {field}: " in line for line in r.stderr.splitlines()), r.stderr


def test_a_published_tie_is_accepted(ds):
    ties = ds.dti[ds.dti["rank"] == 2]
    assert len(ties) == 2 and ties["score"].nunique() == 1


def test_ambition_lists_every_province_and_never_turns_missing_into_zero(ds):
    table = analysis.ambition(ds, indicator="digital_economy_share_grdp", year=2025)
    assert set(table["province_code"]) == set(ds.provinces["code"])
    row = table.set_index("province_code")
    assert row.loc["24", "gap_pp"] == 5 and row.loc["83", "gap_pp"] == -5
    assert row.loc["84", "status"] == "not_found" and pd.isna(row.loc["84", "value"])
    assert row.loc["01", "status"] == "not_recorded" and pd.isna(row.loc["01", "gap_pp"])
    assert list(table["province_code"][:2]) == ["24", "83"]  # highest first, missing last
    assert str(table["value"].dtype) == "Float64"


def test_adoption_counts_days_after_749(ds):
    t = analysis.adoption(ds)
    row = t[(t["province_code"] == "24") & (t["category"] == "dx_resolution")].iloc[0]
    assert row["days_after"] == (pd.Timestamp("2021-06-01") - pd.Timestamp("2020-06-03")).days
    bt = t[(t["province_code"] == "84") & (t["category"] == "dx_programme")].iloc[0]
    assert bt["status"] == "not_found" and pd.isna(bt["days_after"])


def test_merger_grouping_keeps_each_predecessor_and_the_range(ds):
    # Bến Tre (83) 15, Trà Vinh (84) unknown, Vĩnh Long (86) 30 -> tỉnh Vĩnh Long (86): range 15-30, 2 of 3 known
    values = pd.DataFrame({"province_code": ["83", "86"], "value": [15.0, 30.0]})
    long = merger.by_successor(values, ds.provinces)
    vl = long[long["successor_code"] == "86"]
    assert list(vl["province_code"]) == ["83", "84", "86"]
    assert vl["value"].isna().tolist() == [False, True, False]
    assert (vl["min"] == 15).all() and (vl["max"] == 30).all() and (vl["n_known"] == 2).all()
    short = merger.ranges(values, ds.provinces).set_index("unit_code")
    assert short.loc["86", "n_predecessors"] == 3
    assert len(short) == ds.provinces["successor_code"].nunique()


def test_merger_refuses_two_values_for_one_province(ds):
    with pytest.raises(ValueError):
        merger.by_successor(pd.DataFrame({"province_code": ["83", "83"], "value": [1.0, 2.0]}), ds.provinces)


def test_spearman_and_a_reproducible_bootstrap(ds):
    assert outcomes.spearman(np.array([1, 2, 3, 4.0]), np.array([10, 20, 30, 40.0])) == pytest.approx(1.0)
    assert outcomes.spearman(np.array([1, 2, 3, 4.0]), np.array([4, 3, 2, 1.0])) == pytest.approx(-1.0)
    assert outcomes.spearman(np.array([1, 1, 1.0]), np.array([1, 2, 3.0])) is None
    a = outcomes.ambition_vs_outcome(ds, dti_year=2022)
    assert a.n == 2 and a.rho is None  # two provinces are too few: no number is made up
    assert "not an effect" in a.caution


def test_bootstrap_interval_is_the_same_on_every_run(tmp_path):
    rows = national_factory.national_rows(DATA)
    codes = ["01", "02", "04", "06", "08", "10", "11", "12"]
    rows["dti"] = [{**national_factory.PROV, "province_code": c, "year": "2022", "scheme": "63",
                    "score": f"{0.9 - 0.05 * i:.2f}", "rank": str(i + 1)} for i, c in enumerate(codes)]
    rows["catalogue"] += [{**national_factory.PROV, "doc_key": f"{c}:1-NQ/TU", "province_code": c,
                           "doc_number": "1-NQ/TU", "doc_type": "Nghị quyết", "issuer": "Tỉnh ủy",
                           "issuer_level": "province_party", "category": "dx_resolution"} for c in codes]
    rows["headline_targets"] += [{**national_factory.PROV, "target_key": f"{c}#t", "doc_key": f"{c}:1-NQ/TU",
                                  "province_code": c, "indicator_code": "digital_economy_share_grdp",
                                  "comparator": "=", "value": str(v), "unit": "%", "year": "2025"}
                                 for c, v in zip(codes, [30, 25, 28, 20, 22, 15, 18, 10])]
    ds = load_dataset(national_factory.make(DATA, tmp_path / "data", rows), cache=False)
    a, b = (outcomes.ambition_vs_outcome(ds, dti_year=2022) for _ in range(2))
    assert a.n == 8 and a.rho == pytest.approx(outcomes.spearman(a.data["target"].to_numpy(float),
                                                                 a.data["outcome"].to_numpy(float)))
    assert (a.ci_low, a.ci_high) == (b.ci_low, b.ci_high)
    assert -1 <= a.ci_low <= a.rho <= a.ci_high <= 1


def test_hungarian_is_optimal_against_brute_force():
    rng = np.random.default_rng(7)
    for _ in range(200):
        n = int(rng.integers(1, 6))
        m = int(rng.integers(n, 7))
        cost = rng.integers(0, 6, (n, m)).astype(float)
        chosen = tilegrid.hungarian(cost)
        assert len(set(chosen)) == n
        best = min(sum(cost[i, p[i]] for i in range(n)) for p in itertools.permutations(range(m), n))
        assert cost[np.arange(n), chosen].sum() == pytest.approx(best)


@pytest.mark.parametrize("scheme", ["63", "34"])
def test_tile_grid_is_deterministic_without_overlaps(ds, scheme):
    pos = ds.centroids[ds.centroids["scheme"] == scheme][["unit_code", "latitude", "longitude"]]
    a = tilegrid.assign(pos)
    b = tilegrid.assign(pos.sample(frac=1, random_state=3))
    pd.testing.assert_frame_equal(a, b)
    assert not a.duplicated(["col", "row"]).any()
    assert set(a["unit_code"]) == set(pos["unit_code"])


def test_tile_grid_keeps_north_above_south():
    pos = pd.DataFrame({"unit_code": ["n", "m", "s"], "latitude": [22.0, 16.0, 10.0], "longitude": [105.0] * 3})
    rows = tilegrid.assign(pos).set_index("unit_code")["row"]
    assert rows["n"] < rows["m"] < rows["s"]


def test_the_graph_keeps_two_provinces_01_nq_tu_apart_and_follows_implements(ds):
    from dxcompare.graph import build_graph
    from dxcompare.national.network import resting_on

    G = build_graph(ds)
    assert "24:01-NQ/TU" in G
    bt = [n for n, a in G.nodes(data=True) if a.get("doc_key") == "83:01-NQ/TU"]
    assert len(bt) == 1 and bt[0] != "24:01-NQ/TU"  # Bến Tre's is the registry's node, merged, not Bắc Giang's
    rest = resting_on(G, "749/QĐ-TTg")
    assert list(rest["doc_key"]) == ["24:01-NQ/TU", "24:100/QĐ-UBND"]
    assert list(rest["steps"]) == [1, 2]
