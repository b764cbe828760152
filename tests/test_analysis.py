"""dxcompare.analysis on the small known corpus: typed, tidy results whose every number is known.

Display (labels, "—", formatted targets) is tested in test_present.py.
"""
import pandas as pd
import pytest

from dxcompare import analysis, graph, load_dataset
from small_corpus import LEGAL_DOCUMENTS, PLANS, TEXT_Q, make_data_folder

# --- plans ----------------------------------------------------------------------


def test_plan_labels_name_lower_levels_by_locality(small):
    labels = analysis.plan_labels(small)
    assert labels["p-1"] == "Long An (2021)"
    assert labels["c-2"] == "xã Tịnh Trà (2024)"
    assert list(analysis.plan_labels(small, ["c-2", "p-1"]).index) == ["p-1", "c-2"]  # oldest first


def test_overview_is_typed_with_na_for_what_is_absent(small):
    ov = analysis.overview(small)
    assert list(ov.index) == ["p-1", "q-3", "c-2"]  # by issue date
    assert ov.loc["p-1", "province_2025"] == "Tây Ninh"
    assert pd.isna(ov.loc["c-2", "doc_number"]) and pd.isna(ov.loc["p-1", "locality"])
    assert ov["issued"].dtype.kind == "M" and ov["n_targets"].dtype == "int64"
    assert ov.loc["p-1", "n_targets"] == 4 and ov.loc["q-3", "n_targets"] == 0
    assert (ov.loc["c-2", "period_start"], ov.loc["c-2", "period_end"]) == (2024, 2025)


def test_overview_respects_plan_selection(small):
    assert list(analysis.overview(small, ["c-2"]).index) == ["c-2"]


def test_count_by_lists_every_level(small):
    c = analysis.count_by(small, column="admin_level").set_index("admin_level")
    assert c.loc["province", "n_plans"] == 2 and c.loc["district", "n_plans"] == 0


# --- targets --------------------------------------------------------------------

def test_select_targets_filters_scope_and_plans(small):
    t = analysis.select_targets(small, ["c-2"], scope="commune")
    assert list(t["indicator_code"]) == ["online_services_level4", "records_online_commune"]
    assert "quote" not in analysis.select_targets(small, quotes=False).columns


def test_ambition_gap_compares_like_with_like_in_numbers(small):
    gap = analysis.ambition_gap(small).set_index(["plan", "indicator_code", "year"])
    assert gap.loc[("Long An (2021)", "records_online_province", 2025), "gap_pp"] == pytest.approx(5)
    assert gap.loc[("Long An (2021)", "records_online_province", 2030), "gap_pp"] == pytest.approx(0)
    # commune target against the national commune target (60 %), not the province one
    assert gap.loc[("xã Tịnh Trà (2024)", "records_online_commune", 2025), "gap_pp"] == pytest.approx(-10)
    assert gap.loc[("Long An (2021)", "records_online_commune", 2025), "national"] == 60.0
    # different scope, no national target, other year: no gap, and a note why
    for key in [("xã Tịnh Trà (2024)", "online_services_level4", 2025), ("Long An (2021)", "pilot_communes_dx", 2021)]:
        assert pd.isna(gap.loc[key, "gap_pp"]) and gap.loc[key, "note"]


def test_target_coverage_names_plans_without_a_number(small):
    cov = analysis.target_coverage(small, year=2025)
    assert cov.loc["records_online_commune", "n_plans_with"] == 2
    assert cov.loc["records_online_commune", "plans_without"] == "Tây Ninh (2023)"


def test_glossary_has_national_targets_as_numbers(small):
    g = analysis.indicator_glossary(small, ["records_online_commune", "pilot_communes_dx"])
    assert g.loc["records_online_commune", "national_2030"] == 70.0
    assert pd.isna(g.loc["pilot_communes_dx", "national_2025"])


# --- budgets --------------------------------------------------------------------

@pytest.mark.parametrize("unit,column,value", [("VND", "amount_vnd", 1_560_000_000),
                                               ("million", "amount_million_vnd", 1560.0),
                                               ("billion", "amount_billion_vnd", 1.56)])
def test_budget_units(small, unit, column, value):
    b = analysis.budgets(small, unit=unit)
    assert b[column].iloc[0] == pytest.approx(value)
    assert len(b) == 2 and set(b["plan"]) == {"Long An (2021)"}


def test_a_part_names_its_whole_by_fact_id_and_top_level_amounts_never_double_count(small):
    b = analysis.budgets(small)
    assert list(b["purpose"]) == ["Tổng kinh phí", "Tuyên truyền"]
    assert b["purpose_en"].iloc[0] == "Total funding" and pd.isna(b["purpose_en"].iloc[1])  # not glossed: NA
    assert pd.isna(b["part_of"].iloc[0]) and b["part_of"].iloc[1] == b["fact_id"].iloc[0] == "p-1#budgets-1"
    assert list(b["top_level"]) == [True, False]
    top = analysis.top_level_budgets(small)
    assert top["amount_million_vnd"].sum() == pytest.approx(1560.0)  # not 2220: the part is inside the total


def test_funding_sources_and_coverage(small):
    f = analysis.funding_sources(small)
    assert list(f["source"]) == ["nguồn vốn đầu tư phát triển", "ngân sách xã"]
    cov = analysis.budget_coverage(small)
    assert cov.loc["c-2", "n_amounts"] == 0 and cov.loc["c-2", "n_sources"] == 1


# --- legal bases ------------------------------------------------------------------

def test_focus_document_says_how_each_plan_reaches_it(small, small_graph):
    f = analysis.focus_document(small, graph=small_graph, doc_id="749/QĐ-TTg")
    assert (f.loc["p-1", "link"], f.loc["p-1", "relation"], f.loc["p-1", "depth"]) == ("direct", "can_cu", 1)
    assert f.loc["p-1", "via"] == "p-1"  # the plan itself: cited directly
    assert f.loc["q-3", "link"] == "none" and pd.isna(f.loc["q-3", "depth"]) and pd.isna(f.loc["q-3", "via"])


def test_common_bases_and_alignment(small, small_graph):
    shared = analysis.common_bases(small, graph=small_graph)
    assert shared.loc["749/QĐ-TTg", "plan"] == "Long An (2021), xã Tịnh Trà (2024)"
    assert analysis.common_bases(small, ["p-1"], graph=small_graph).empty
    al = analysis.alignment(small, graph=small_graph)
    assert al.loc["p-1", "749/QĐ-TTg"] == "can_cu" and pd.isna(al.loc["q-3", "749/QĐ-TTg"])
    chains = analysis.legal_chains(small, ["c-2"], graph=small_graph)
    assert list(chains["doc_id"]) == ["749/QĐ-TTg"] and chains["title_vi"].iloc[0].startswith("Chương trình")


def _folder_with(tmp_path, relation, implements="749/QĐ-TTg"):
    """The small corpus where Tây Ninh's plan links to a provincial plan 12/KH-UBND by `relation`,
    and the registry records that 12/KH-UBND implements `implements` (empty: not recorded)."""
    q3 = {**PLANS["q-3"], "citations": [{"doc_id": "12/KH-UBND", "relation": relation,
                                         "quote": "theo Kế hoạch số 12/KH-UBND"}]}
    docs = [*LEGAL_DOCUMENTS, ["12/KH-UBND", "Kế hoạch", "UBND tỉnh Tây Ninh", "province", "2022-01-10",
                               "Kế hoạch chuyển đổi số tỉnh", "Provincial plan", implements, "test"]]
    return load_dataset(make_data_folder(tmp_path, plans={"q-3": q3}, legal_documents=docs,
                                         texts={"q.txt": TEXT_Q + "Triển khai theo Kế hoạch số 12/KH-UBND.\n"}))


def test_a_mention_is_not_a_basis_unless_references_are_asked_for(tmp_path):
    ds = _folder_with(tmp_path, "reference")
    G = graph.build_graph(ds)
    formal = analysis.focus_document(ds, graph=G, doc_id="749/QĐ-TTg")
    assert formal.loc["q-3", "link"] == "none" and pd.isna(formal.loc["q-3", "depth"])
    assert "12/KH-UBND" not in set(analysis.legal_chains(ds, ["q-3"], graph=G)["doc_id"])
    mentions = analysis.focus_document(ds, graph=G, doc_id="749/QĐ-TTg", include_references=True)
    assert mentions.loc["q-3", "link"] == "indirect" and mentions.loc["q-3", "depth"] == 2
    assert analysis.common_bases(ds, ["p-1", "q-3"], graph=G, include_references=True).empty


def test_an_empty_implements_reads_not_recorded(tmp_path):
    ds = _folder_with(tmp_path, "can_cu", implements="")
    f = analysis.focus_document(ds, graph=graph.build_graph(ds), doc_id="749/QĐ-TTg")
    assert f.loc["q-3", "link"] == "not_recorded"  # its basis 12/KH-UBND has no recorded basis of its own
    assert f.loc["p-1", "link"] == "direct"


def test_via_holds_the_plan_id_when_the_plan_cites_the_document_itself(small_more):
    G = graph.build_graph(small_more)
    chain = analysis.legal_chains(small_more, ["c-2"], graph=G).set_index("doc_id")
    assert chain.loc["12/KH-UBND", "via"] == "c-2"
    assert chain.loc["749/QĐ-TTg", "via"] == "12/KH-UBND; c-2"  # cited, and reached through 12/KH-UBND


def test_chains_of_all_plans_equal_the_chain_of_each(shipped, shipped_graph):
    every = analysis.legal_chains(shipped, graph=shipped_graph, include_references=True)
    for pid in shipped.plans["plan_id"]:
        one = graph.legal_basis_chain(shipped_graph, pid)
        mine = every[every["plan_id"] == pid]
        assert list(mine["doc_id"]) == list(one["doc_id"]) and list(mine["depth"]) == list(one["depth"])


# --- agencies and profile -------------------------------------------------------------

def test_agency_roles_and_leads(small):
    r = analysis.agency_roles(small).set_index(["agency_id", "plan_id", "role"])
    assert r.loc[("so_tttt", "p-1", "lead"), "n_tasks"] == 1
    assert list(analysis.agency_roles(small, role="coordinate")["agency_id"]) == ["so_tai_chinh"]
    lp = analysis.leads_and_partners(small)
    assert (lp.loc["p-1", "lead"], lp.loc["p-1", "coordinate"]) == ("Sở Thông tin và Truyền thông", "Sở Tài chính")
    assert pd.isna(lp.loc["c-2", "lead"])


def test_names_with_commas_stay_whole(small_more):
    lp = analysis.leads_and_partners(small_more)
    assert lp.loc["c-2", "coordinate"].split("; ") == [
        "Báo tỉnh", "Các sở, ban, ngành tỉnh", "Ngân hàng Nhà nước chi nhánh tỉnh", "Ủy ban nhân dân cấp huyện"]


def test_agency_successors_are_names_or_na(small):
    s = analysis.agency_successors(small)
    assert s.loc["so_tttt", "successor"] == "Sở Khoa học và Công nghệ"
    assert pd.isna(s.loc["so_tai_chinh", "successor"]) and pd.isna(s.loc["so_tai_chinh", "successor_note"])
    assert list(analysis.agency_successors(small, role="coordinate").index) == ["so_tai_chinh"]


def test_plan_profile_tables(small):
    t = analysis.plan_targets(small, "c-2")
    assert t["quote"].str.contains("tại xã").all() and t["value"].dtype == "float64"
    assert list(analysis.plan_citations(small, "p-1")["doc_id"]) == ["749/QĐ-TTg"]
    a = analysis.plan_assignments(small, "p-1")
    assert a["deadline"].dtype.kind == "M" and pd.isna(a["deadline"].iloc[0])


# --- typed results (the public API's contract) -------------------------------------------

NUMERIC = {"depth", "longest", "value", "gap_pp", "national", "year", "horizon", "period_start", "period_end",
           "national_2025", "national_2030"}  # and every n_* and amount_* column


def _calls(ds, G):
    return {
        "overview": analysis.overview(ds), "count_by": analysis.count_by(ds, column="completeness"),
        "sources": analysis.sources(ds), "timeline": analysis.timeline(ds),
        "select_targets": analysis.select_targets(ds), "target_values": analysis.target_values(ds),
        "ambition_gap": analysis.ambition_gap(ds), "target_coverage": analysis.target_coverage(ds),
        "indicator_glossary": analysis.indicator_glossary(ds, ds.indicators["indicator_code"]),
        "budgets": analysis.budgets(ds), "funding_sources": analysis.funding_sources(ds),
        "budget_coverage": analysis.budget_coverage(ds),
        "legal_chains": analysis.legal_chains(ds, graph=G),
        "focus_document": analysis.focus_document(ds, graph=G, doc_id="749/QĐ-TTg"),
        "cited_documents": analysis.cited_documents(ds, graph=G),
        "common_bases": analysis.common_bases(ds, graph=G), "alignment": analysis.alignment(ds, graph=G),
        "agency_roles": analysis.agency_roles(ds), "leads_and_partners": analysis.leads_and_partners(ds),
        "agency_successors": analysis.agency_successors(ds),
        "plan_targets": analysis.plan_targets(ds, ds.plans["plan_id"].iloc[0]),
    }


@pytest.mark.parametrize("corpus", ["small", "shipped"])
def test_every_analysis_returns_numbers_as_numbers_and_no_display_marks(corpus, request):
    ds = request.getfixturevalue(corpus)
    for name, df in _calls(ds, graph.build_graph(ds)).items():
        for col in df.columns:
            s = df[col]
            if col in NUMERIC or str(col).startswith(("n_", "amount_")):
                assert pd.api.types.is_numeric_dtype(s), f"{name}.{col} is {s.dtype}"
            cells = s.dropna().tolist()
            assert not any(isinstance(v, str) for v in cells) or all(isinstance(v, str) for v in cells), \
                f"{name}.{col} mixes text and numbers"
            assert "—" not in cells and "nan" not in cells, f"{name}.{col} holds a display mark"
