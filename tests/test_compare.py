"""compare.py and figures.py on a small synthetic data folder loaded by the real loader.

The folder is built here (raw texts, plans, registries), so the expected
numbers are known exactly and the tests do not move when the curated data grows.
"""
import hashlib
import warnings

import matplotlib.pyplot as plt
import pandas as pd
import pytest
import yaml

from dxcompare import compare, figures, load_dataset

TEXT_P = """KẾ HOẠCH Chuyển đổi số tỉnh Long An năm 2021
Căn cứ Quyết định số 749/QĐ-TTg ngày 03/6/2020 của Thủ tướng Chính phủ;
Mục tiêu đến năm 2025: 95% hồ sơ công việc cấp tỉnh được xử lý trên môi trường mạng;
70% hồ sơ công việc cấp xã được xử lý trên môi trường mạng.
Đến năm 2030: 100% hồ sơ công việc cấp tỉnh được xử lý trên môi trường mạng.
Thí điểm chuyển đổi số cho 03 phường/xã.
Kinh phí thực hiện: 1.560.000.000 đồng; trong đó tuyên truyền: 660.000.000 đồng.
Sử dụng nguồn vốn đầu tư phát triển.
Sở Thông tin và Truyền thông chủ trì; Sở Tài chính phối hợp.
"""
TEXT_C = """KẾ HOẠCH chuyển đổi số xã Tịnh Trà năm 2024
Căn cứ Quyết định số 749/QĐ-TTg;
Phấn đấu đến năm 2025 trên 50% hồ sơ công việc tại xã được xử lý trên môi trường mạng.
100% dịch vụ công trực tuyến mức độ 4 tại xã.
Nguồn ngân sách xã.
"""
TEXT_Q = "Bản tin: Tây Ninh ban hành kế hoạch chuyển đổi số, giao Sở Khoa học và Công nghệ chủ trì.\n"

INDICATORS = [
    # code, pillar, name_vi, name_en, unit, scope, n2025, c2025, n2030, c2030
    ("records_online_province", "digital_government", "Hồ sơ cấp tỉnh xử lý trên mạng", "Records online, province",
     "%", "province", "90", "=", "100", "="),
    ("records_online_commune", "digital_government", "Hồ sơ cấp xã xử lý trên mạng", "Records online, commune",
     "%", "commune", "60", "=", "70", "="),
    ("online_services_level4", "digital_government", "Dịch vụ công mức độ 4", "Level-4 online services",
     "%", "agency", "80", "=", "100", "="),
    ("pilot_communes_dx", "digital_government", "Số xã thí điểm chuyển đổi số", "Pilot communes",
     "count", "commune", "", "", "", ""),
]


def _target(code, value, unit, comp, year, scope, quote):
    return {"indicator": quote[:30], "indicator_code": code, "pillar": "digital_government", "value": value,
            "unit": unit, "comparator": comp, "year": year, "scope": scope, "quote": quote}


def _plan(plan_id, source, **meta):
    base = {"plan_id": plan_id, "doc_number": None, "doc_type": "Kế hoạch", "title": "Kế hoạch chuyển đổi số",
            "title_en": None, "issuer": "UBND", "admin_level": "province", "province": "Long An", "locality": None,
            "issued": "2021-04-05", "signer": None, "period_start": 2021, "period_end": 2021, "horizon": 2030,
            "completeness": "full", "source_file": source}
    base.update(meta)
    return base


PLANS = {
    "p-1": _plan(
        "p-1", "p.txt", doc_number="1069/KH-UBND",
        citations=[{"doc_id": "749/QĐ-TTg", "relation": "can_cu", "quote": "Căn cứ Quyết định số 749/QĐ-TTg"}],
        targets=[
            _target("records_online_province", 95, "%", ">=", 2025, "province",
                    "95% hồ sơ công việc cấp tỉnh được xử lý trên môi trường mạng"),
            _target("records_online_commune", 70, "%", "=", 2025, "commune",
                    "70% hồ sơ công việc cấp xã được xử lý trên môi trường mạng"),
            _target("records_online_province", 100, "%", "=", 2030, "province",
                    "Đến năm 2030: 100% hồ sơ công việc cấp tỉnh"),
            _target("pilot_communes_dx", 3, "count", "=", 2021, "commune", "Thí điểm chuyển đổi số cho 03 phường/xã"),
        ],
        budgets=[
            {"amount_vnd": 1560000000, "purpose": "Tổng kinh phí", "funding_source": None, "year": 2021,
             "quote": "Kinh phí thực hiện: 1.560.000.000 đồng"},
            {"amount_vnd": 660000000, "purpose": "Tuyên truyền", "funding_source": None, "year": 2021,
             "part_of": 1, "quote": "tuyên truyền: 660.000.000 đồng"},
        ],
        funding_sources=[{"source": "nguồn vốn đầu tư phát triển", "quote": "nguồn vốn đầu tư phát triển"}],
        assignments=[
            {"agency_id": "so_tttt", "name_in_source": "Sở Thông tin và Truyền thông", "role": "lead",
             "task": "Chủ trì", "deadline": None, "quote": "Sở Thông tin và Truyền thông chủ trì"},
            {"agency_id": "so_tai_chinh", "name_in_source": "Sở Tài chính", "role": "coordinate",
             "task": "Phối hợp", "deadline": "2021-12-31", "quote": "Sở Tài chính phối hợp"},
        ],
    ),
    "c-2": _plan(
        "c-2", "c.txt", admin_level="commune", province="Quảng Ngãi", locality="xã Tịnh Trà, huyện Sơn Tịnh",
        issued="2024-04-26", period_start=2024, period_end=2025,
        citations=[{"doc_id": "749/QĐ-TTg", "relation": "can_cu", "quote": "Căn cứ Quyết định số 749/QĐ-TTg;"}],
        targets=[
            _target("records_online_commune", 50, "%", ">", 2025, "commune",
                    "trên 50% hồ sơ công việc tại xã được xử lý trên môi trường mạng"),
            _target("online_services_level4", 100, "%", "=", 2025, "commune",
                    "100% dịch vụ công trực tuyến mức độ 4 tại xã"),
        ],
        funding_sources=[{"source": "ngân sách xã", "quote": "Nguồn ngân sách xã"}],
    ),
    "q-3": _plan(
        "q-3", "q.txt", province="Tây Ninh", issued="2023-10-25", period_start=2023, period_end=2025,
        completeness="summary", doc_number="2704/QĐ-UBND", doc_type="Quyết định",
        assignments=[{"agency_id": "so_khcn", "name_in_source": "Sở Khoa học và Công nghệ", "role": "lead",
                      "task": "Chủ trì", "deadline": None, "quote": "Sở Khoa học và Công nghệ chủ trì"}],
    ),
}


def _csv(path, header, rows):
    import csv
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(header)
        w.writerows(rows)


AGENCIES = [
    ["so_tttt", "Sở Thông tin và Truyền thông", "Department of Information and Communications", "",
     "department", "province", "so_khcn", "Merged in 2025", ""],
    ["so_khcn", "Sở Khoa học và Công nghệ", "Department of Science and Technology", "", "department",
     "province", "", "", ""],
    ["so_tai_chinh", "Sở Tài chính", "Department of Finance", "", "department", "province", "", "", ""],
]
LEGAL_DOCUMENTS = [
    ["749/QĐ-TTg", "Quyết định", "Thủ tướng Chính phủ", "government", "2020-06-03",
     "Chương trình Chuyển đổi số quốc gia", "National Digital Transformation Programme", "", "test"],
]


def make_data_folder(root, plans=None, texts=None, agencies=AGENCIES, legal_documents=LEGAL_DOCUMENTS):
    """A complete, valid data folder with three plans (province, commune, news summary).

    `plans` and `texts` ({file name: raw text}) replace the default plans and raw texts they name.
    """
    plans = {**PLANS, **(plans or {})}
    texts = {"p.txt": TEXT_P, "c.txt": TEXT_C, "q.txt": TEXT_Q, **(texts or {})}
    for d in ("raw", "plans", "reference"):
        (root / d).mkdir(parents=True)
    sources = []
    for name, pid, kind, comp in (("p.txt", "p-1", "official_text", "full"), ("c.txt", "c-2", "official_text", "full"),
                                  ("q.txt", "q-3", "news_summary", "summary")):
        text = texts[name]
        (root / "raw" / name).write_text(text, encoding="utf-8")
        sources.append({"file": name, "plan_id": pid, "kind": kind, "completeness": comp, "origin": "test",
                        "retrieved_note": "synthetic", "sha256": hashlib.sha256(text.encode()).hexdigest()})
    (root / "raw" / "sources.yaml").write_text(yaml.safe_dump(sources, allow_unicode=True), encoding="utf-8")
    for pid, plan in plans.items():
        (root / "plans" / f"{pid}.yaml").write_text(yaml.safe_dump(plan, allow_unicode=True, sort_keys=False),
                                                     encoding="utf-8")
    ref = root / "reference"
    _csv(ref / "legal_documents.csv",
         ["doc_id", "doc_type", "issuer", "issuer_level", "date", "title_vi", "title_en", "implements", "source"],
         legal_documents)
    _csv(ref / "agencies.csv",  # every row names its act; a successor, the act that decided it (validate's rules)
         ["agency_id", "name_vi", "name_en", "aliases", "kind", "level", "successor", "successor_act",
          "successor_note", "source"],
         [[*r[:7], "Nghị định 45/2025/NĐ-CP" if r[6] else "", r[7], r[8] or "Nghị định 45/2025/NĐ-CP (test)"]
          for r in agencies])
    _csv(ref / "indicators.csv",
         ["indicator_code", "pillar", "name_vi", "name_en", "unit", "scope", "national_2025",
          "national_comparator_2025", "national_2030", "national_comparator_2030", "national_doc", "source"],
         [[*row, "749/QĐ-TTg" if row[6] else "", "test"] for row in INDICATORS])
    _csv(ref / "provinces.csv",
         ["code", "name_vi", "name_en", "region", "successor_code", "successor_name_vi", "source"],
         [["80", "Long An", "Long An", "Mekong Delta", "72", "Tây Ninh", "test"],
          ["72", "Tây Ninh", "Tay Ninh", "South East", "72", "Tây Ninh", "test"],
          ["51", "Quảng Ngãi", "Quang Ngai", "South Central Coast", "51", "Quảng Ngãi", "test"]])
    return root


@pytest.fixture(scope="module")
def ds(tmp_path_factory):
    return load_dataset(make_data_folder(tmp_path_factory.mktemp("data")))


# A second folder for the edge cases the summaries of test_labels.py need not see: bodies abolished or
# regrouped in 2025, a name with commas, a chain through a provincial plan, a title carrying markup.
TITLE_WITH_MARKUP = "<script>alert(1)</script> *bold* [link](http://x)"
TEXT_C_MORE = TEXT_C + """Căn cứ Kế hoạch số 12/KH-UBND của UBND tỉnh.
Ủy ban nhân dân cấp huyện chủ trì tuyên truyền; Ủy ban nhân dân cấp huyện phối hợp kiểm tra.
Các sở, ban, ngành tỉnh phối hợp. Báo tỉnh phối hợp. Ngân hàng Nhà nước phối hợp.
"""


def _assign(agency_id, name, role, quote):
    return {"agency_id": agency_id, "name_in_source": name, "role": role, "task": quote[:20], "deadline": None,
            "quote": quote}


@pytest.fixture(scope="module")
def ds_more(tmp_path_factory):
    c2 = {**PLANS["c-2"],
          "citations": [*PLANS["c-2"]["citations"],
                        {"doc_id": "12/KH-UBND", "relation": "can_cu", "quote": "Căn cứ Kế hoạch số 12/KH-UBND"}],
          "assignments": [
              _assign("ubnd_huyen", "Ủy ban nhân dân cấp huyện", "lead", "Ủy ban nhân dân cấp huyện chủ trì tuyên truyền"),
              _assign("ubnd_huyen", "Ủy ban nhân dân cấp huyện", "coordinate",
                      "Ủy ban nhân dân cấp huyện phối hợp kiểm tra"),
              _assign("cac_so_nganh", "Các sở, ban, ngành tỉnh", "coordinate", "Các sở, ban, ngành tỉnh phối hợp"),
              _assign("bao_tinh", "Báo tỉnh", "coordinate", "Báo tỉnh phối hợp"),
              _assign("nhnn", "Ngân hàng Nhà nước", "coordinate", "Ngân hàng Nhà nước phối hợp"),
          ]}
    q3 = {**PLANS["q-3"], "title": TITLE_WITH_MARKUP}
    agencies = [*AGENCIES,
                ["ubnd_huyen", "Ủy ban nhân dân cấp huyện", "District People's Committee", "", "peoples_committee",
                 "district", "", "District level abolished on 1 July 2025; tasks passed to provinces and communes",
                 ""],
                ["cac_so_nganh", "Các sở, ban, ngành tỉnh", "Provincial departments, boards and sectors", "",
                 "department_group", "province", "", "", ""],
                ["bao_tinh", "Báo tỉnh", "Provincial newspaper", "", "media", "province", "", "Closed in 2025", ""],
                ["nhnn", "Ngân hàng Nhà nước chi nhánh tỉnh", "State Bank provincial branch", "", "bank_branch",
                 "province", "", "The 63 provincial branches were reorganised into 15 regional branches "
                 "(Ngân hàng Nhà nước Khu vực) from 1 March 2025", ""]]
    docs = [*LEGAL_DOCUMENTS, ["12/KH-UBND", "Kế hoạch", "UBND tỉnh Quảng Ngãi", "province", "2022-01-10",
                               "Kế hoạch chuyển đổi số tỉnh", "Provincial plan", "749/QĐ-TTg", "test"]]
    folder = make_data_folder(tmp_path_factory.mktemp("data_more"), plans={"c-2": c2, "q-3": q3},
                              texts={"c.txt": TEXT_C_MORE}, agencies=agencies, legal_documents=docs)
    return load_dataset(folder)


# --- plans ----------------------------------------------------------------------

def test_plan_labels_name_lower_levels_by_locality(ds):
    labels = compare.plan_labels(ds)
    assert labels["p-1"] == "Long An (2021)"
    assert labels["c-2"] == "xã Tịnh Trà (2024)"


def test_overview_has_successor_province_and_counts(ds):
    ov = compare.overview(ds)
    assert list(ov.index) == ["p-1", "q-3", "c-2"]  # by issue date
    assert ov.loc["p-1", "province_2025"] == "Tây Ninh"
    assert ov.loc["c-2", "doc_number"].startswith("(không số")
    assert ov.loc["p-1", "n_targets"] == 4 and ov.loc["q-3", "n_targets"] == 0
    assert ov.loc["q-3", "completeness"] == "summary"


def test_overview_respects_plan_selection(ds):
    assert list(compare.overview(ds, ["c-2"]).index) == ["c-2"]


def test_count_by_lists_every_level(ds):
    c = compare.count_by(ds, "admin_level").set_index("admin_level")
    assert c.loc["province", "n_plans"] == 2 and c.loc["district", "n_plans"] == 0


# --- targets --------------------------------------------------------------------

def test_format_target():
    assert compare.format_target(80.0, ">=", "%", 2025) == "≥80% (2025)"
    assert compare.format_target(3.0, "=", "count") == "3"
    assert compare.format_target(7.0, ">=", "percent_per_year") == "≥7 %/năm"


def test_target_matrix_shows_missing_not_zero(ds):
    m = compare.target_matrix(ds, year=2025)
    assert list(m.columns) == ["Long An (2021)", "Tây Ninh (2023)", "xã Tịnh Trà (2024)"]  # oldest first
    assert m.loc["records_online_province", "Long An (2021)"] == "≥95% (2025)"
    assert m.loc["records_online_province", "xã Tịnh Trà (2024)"] == compare.MISSING
    assert (m["Tây Ninh (2023)"] == compare.MISSING).all()  # a plan with no target is still a column
    assert not m.isin(["0", "0%"]).any().any()


def test_target_matrix_year_filter(ds):
    m = compare.target_matrix(ds, year=2030)
    assert list(m.index) == ["records_online_province"]
    assert m.loc["records_online_province", "Long An (2021)"] == "100% (2030)"


def test_target_matrix_joins_several_numbers_in_one_cell(ds):
    m = compare.target_matrix(ds, plans=["p-1"])
    assert m.loc["records_online_province", "Long An (2021)"] == "≥95% (2025); 100% (2030)"


def test_target_filters_scope_and_plans(ds):
    t = compare.select_targets(ds, scope="commune", plans=["c-2"])
    assert list(t["indicator_code"]) == ["online_services_level4", "records_online_commune"]


def test_ambition_gap_compares_like_with_like(ds):
    gap = compare.ambition_gap(ds).set_index(["plan", "indicator_code", "year"])
    assert gap.loc[("Long An (2021)", "records_online_province", 2025), "gap_pp"] == pytest.approx(5)
    assert gap.loc[("Long An (2021)", "records_online_province", 2030), "gap_pp"] == pytest.approx(0)
    # commune target against the national commune target (60 %), not the province one
    assert gap.loc[("xã Tịnh Trà (2024)", "records_online_commune", 2025), "gap_pp"] == pytest.approx(-10)
    assert gap.loc[("Long An (2021)", "records_online_commune", 2025), "national"] == "60%"
    # different scope, no national target, other year: no gap, and a note why
    for key in [("xã Tịnh Trà (2024)", "online_services_level4", 2025), ("Long An (2021)", "pilot_communes_dx", 2021)]:
        assert pd.isna(gap.loc[key, "gap_pp"]) and gap.loc[key, "note"]


def test_target_coverage_names_plans_without_a_number(ds):
    cov = compare.target_coverage(ds, year=2025)
    assert cov.loc["records_online_commune", "n_plans_with"] == 2
    assert cov.loc["records_online_commune", "plans_without"] == "Tây Ninh (2023)"


def test_glossary_has_national_targets(ds):
    g = compare.indicator_glossary(ds, ["records_online_commune", "pilot_communes_dx"])
    assert g.loc["records_online_commune", "national_2030"] == "70%"
    assert g.loc["pilot_communes_dx", "national_2025"] == compare.MISSING


# --- budgets --------------------------------------------------------------------

@pytest.mark.parametrize("unit,column,value", [("VND", "amount_vnd", 1_560_000_000),
                                               ("million", "amount_million_vnd", 1560.0),
                                               ("billion", "amount_billion_vnd", 1.56)])
def test_budget_units(ds, unit, column, value):
    b = compare.budgets(ds, unit=unit)
    assert b[column].iloc[0] == pytest.approx(value)
    assert len(b) == 2 and set(b["plan"]) == {"Long An (2021)"}


def test_budgets_tell_a_total_from_its_parts(ds):
    b = compare.budgets(ds)
    assert list(b["purpose"]) == ["Tổng kinh phí", "Tuyên truyền"]
    assert list(b["part_of"]) == [compare.MISSING, "Tổng kinh phí"]  # the part names its total
    shown = compare.bilingual(b)
    assert list(shown["Thành phần của / Part of"]) == [compare.MISSING, "Tổng kinh phí"]


def test_part_of_a_budget_that_is_not_there_keeps_its_position():
    every = pd.DataFrame({"plan_id": ["a", "a"], "fact_id": ["a#budgets-1", "a#budgets-2"],
                          "purpose": ["Tổng", "Phần"], "part_of": pd.array([pd.NA, 7], dtype="Int64")})
    assert compare._part_of(every, every) == [compare.MISSING, "#7"]


def test_funding_sources_and_coverage(ds):
    f = compare.funding_sources(ds)
    assert list(f["source"]) == ["nguồn vốn đầu tư phát triển", "ngân sách xã"]
    cov = compare.budget_coverage(ds)
    assert cov.loc["c-2", "n_amounts"] == 0 and cov.loc["c-2", "n_sources"] == 1
    note = compare.coverage_note(cov)
    assert "1 of 3 plans state an amount" in note and "1/3 kế hoạch" in note


# --- legal bases and agencies on the graph ---------------------------------------

@pytest.fixture(scope="module")
def G(ds):
    from dxcompare import graph
    return graph.build_graph(ds)


def test_focus_document(ds, G):
    f = compare.focus_document(ds, G, "749/QĐ-TTg")
    assert f.loc["p-1", "relation_text"] == "căn cứ (legal basis)" and f.loc["p-1", "depth"] == 1
    assert f.loc["p-1", "via"] == compare.DIRECT == "trực tiếp (direct)"
    assert f.loc["q-3", "via"] == compare.MISSING
    assert f.loc["q-3", "relation_text"] == compare.MISSING and pd.isna(f.loc["q-3", "depth"])


def test_shared_bases_and_alignment(ds, G):
    shared = compare.shared_bases(ds, G)
    assert shared.loc["749/QĐ-TTg", "plan"] == "Long An (2021), xã Tịnh Trà (2024)"
    assert compare.shared_bases(ds, G, ["p-1"]).empty
    al = compare.alignment(ds, G)
    assert al.loc["Long An (2021)", "749/QĐ-TTg"] == "căn cứ (legal basis)"
    assert al.loc["Tây Ninh (2023)", "749/QĐ-TTg"] == compare.MISSING
    chains = compare.legal_chains(ds, G, ["c-2"])
    assert list(chains["doc_id"]) == ["749/QĐ-TTg"] and chains["title_vi"].iloc[0].startswith("Chương trình")
    assert list(compare.legal_chains(ds, G)["via"]) == [compare.DIRECT] * 2  # never the plan's own id


def test_via_says_direct_first_then_the_documents_in_between(ds_more):
    from dxcompare import graph
    G = graph.build_graph(ds_more)
    chain = compare.legal_chains(ds_more, G, ["c-2"]).set_index("doc_id")
    assert chain.loc["12/KH-UBND", "via"] == compare.DIRECT
    # 749 is cited by the plan and also reached through the provincial plan
    assert chain.loc["749/QĐ-TTg", "via"] == "trực tiếp (direct); 12/KH-UBND"
    assert compare.focus_document(ds_more, G, "749/QĐ-TTg").loc["c-2", "via"] == "trực tiếp (direct); 12/KH-UBND"
    assert compare._via("924/QĐ-TTg; p-1; 353/KH-UBND", "p-1") == "trực tiếp (direct); 924/QĐ-TTg; 353/KH-UBND"
    assert compare._via("c-2", "p-1") == "c-2"  # another plan's id is not "direct"
    assert compare._via(None, "p-1") == compare.MISSING


def test_role_matrix_and_leads(ds, G):
    m = compare.role_matrix(ds, G)
    assert m.loc["Sở Thông tin và Truyền thông", "Long An (2021)"] == "chủ trì / lead 1"
    assert m.loc["Sở Tài chính", "Long An (2021)"] == "phối hợp / coordinate 1"
    assert m.loc["Sở Thông tin và Truyền thông", "Tây Ninh (2023)"] == compare.MISSING
    assert list(compare.role_matrix(ds, G, role="coordinate").index) == ["Sở Tài chính"]
    lp = compare.leads_and_partners(ds)
    assert (lp.loc["p-1", "lead"], lp.loc["p-1", "coordinate"]) == ("Sở Thông tin và Truyền thông", "Sở Tài chính")
    assert lp.loc["c-2", "lead"] == compare.MISSING


def test_roles_are_bilingual_and_names_with_commas_stay_whole(ds_more):
    from dxcompare import graph
    m = compare.role_matrix(ds_more, graph.build_graph(ds_more))
    assert m.loc["Ủy ban nhân dân cấp huyện", "xã Tịnh Trà (2024)"] == "chủ trì / lead 1; phối hợp / coordinate 1"
    lp = compare.leads_and_partners(ds_more)
    assert lp.loc["c-2", "coordinate"].split("; ") == [
        "Báo tỉnh", "Các sở, ban, ngành tỉnh", "Ngân hàng Nhà nước chi nhánh tỉnh", "Ủy ban nhân dân cấp huyện"]


# --- agencies and profile -------------------------------------------------------------

def test_agency_successors(ds):
    s = compare.agency_successors(ds)
    assert s.loc["so_tttt", "successor"] == "Sở Khoa học và Công nghệ"
    assert s.loc["so_tai_chinh", "successor"].startswith("(không đổi")
    assert list(compare.agency_successors(ds, role="coordinate").index) == ["so_tai_chinh"]


def test_a_body_without_successor_is_unchanged_only_without_a_note(ds_more):
    s = compare.agency_successors(ds_more)
    assert s.loc["ubnd_huyen", "successor"] == "bãi bỏ cấp huyện (2025) / district level abolished (2025)"
    assert s.loc["ubnd_huyen", "successor_note"].startswith("District level abolished on 1 July 2025")
    assert s.loc["nhnn", "successor"] == ("tổ chức lại thành chi nhánh khu vực (2025) / "
                                         "reorganised into regional branches (2025)")
    assert s.loc["bao_tinh", "successor"] == "Closed in 2025"  # no short reading known: the note as written
    assert s.loc["cac_so_nganh", "successor"] == compare.UNCHANGED
    assert s.loc["so_tai_chinh", "successor"] == compare.UNCHANGED
    assert s.loc["so_tttt", "successor"] == "Sở Khoa học và Công nghệ"


def test_plan_profile_tables(ds):
    meta = compare.plan_metadata(ds, "c-2")
    assert meta.loc[compare.HEADERS["province_2025"], "value"] == "Quảng Ngãi"
    assert meta.loc[compare.HEADERS["period"], "value"] == "2024–2025"
    one_year = compare.plan_metadata(ds, "p-1").loc[compare.HEADERS["period"], "value"]
    assert one_year == "2021" == compare.overview(ds).loc["p-1", "period"]  # not "2021–2021"
    t = compare.plan_targets(ds, "c-2")
    assert t["quote"].str.contains("tại xã").all()
    assert list(compare.plan_citations(ds, "p-1")["doc_id"]) == ["749/QĐ-TTg"]
    assert compare.plan_title(ds, "c-2").startswith("## xã Tịnh Trà (2024): ")
    a = compare.plan_assignments(ds, "p-1")
    assert list(a["deadline"]) == [compare.MISSING, "2021-12-31"]


@pytest.mark.parametrize("text,escaped", [
    ("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"),
    ("*bold* _it_ `code` [a](b) ~~s~~ $x$ a|b #1", r"\*bold\* \_it\_ \`code\` \[a\](b) \~\~s\~\~ \$x\$ a\|b \#1"),
    ("A & B", "A &amp; B"),
    ("- not a list", r"\- not a list"), ("1. not a list", r"1\. not a list"), ("2021) x", r"2021\) x"),
    ("two\n\n# lines", r"two \# lines"),  # no new block can start
    ("Kế hoạch 2023-2025, định hướng đến năm 2030 (Long An)", "Kế hoạch 2023-2025, định hướng đến năm 2030 (Long An)"),
])
def test_md_text_escapes_html_and_markdown(text, escaped):
    assert compare.md_text(text) == escaped


def _rendered(markdown: str) -> str:
    """Markdown as the HTML reports render it (nbconvert's filter)."""
    from nbconvert.filters.markdown import markdown2html
    return markdown2html(markdown)


def test_a_title_cannot_inject_markup(ds_more):
    note = compare.plan_title(ds_more, "q-3")
    assert note.startswith("## Tây Ninh (2023): ") and "<script" not in note
    page = _rendered(note)
    assert "<script" not in page and "<em>" not in page and 'href="http://x"' not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; *bold* [link](http://x)" in page  # shown as text
    raw = _rendered(f"## {TITLE_WITH_MARKUP}")  # what the heading did before: markup went through
    assert "<script>" in raw and "<em>bold</em>" in raw
    # the same title in a table: pandas escapes cell text
    table = compare.bilingual(compare.plan_metadata(ds_more, "q-3")).to_html()
    assert "<script" not in table and "&lt;script&gt;" in table


def test_data_in_notes_is_escaped():
    cov = pd.DataFrame({"plan": ["<b>x</b> (2021)", "*y* (2022)"], "n_amounts": [1, 1], "n_sources": [0, 0],
                        "completeness": ["full", "full"]})
    page = _rendered(compare.coverage_note(cov))
    assert "<b>" not in page and "<em>" not in page and "&lt;b&gt;x&lt;/b&gt; (2021)" in page


def test_no_table_is_rendered_without_escaping():
    """Every table reaches HTML through pandas' escaping `to_html`: no `escape=False`, no pandas Styler
    (whose `format` does not escape unless told to)."""
    import re
    from pathlib import Path

    import dxcompare
    package = Path(dxcompare.__file__).parent
    unsafe = re.compile(r"escape\s*=\s*False|Styler|\.style\.(?:format|apply|map|hide|set_\w+|to_html)\b")
    paths = [*package.rglob("*.py"), *(package.parent / "notebooks").glob("*.ipynb")]
    assert len(paths) > 10
    assert not [str(p) for p in paths if unsafe.search(p.read_text(encoding="utf-8"))]
    assert unsafe.search("df.style.format(escape=None)")  # the pattern does catch a Styler


def test_bilingual_labels(ds):
    out = compare.bilingual(compare.overview(ds))
    assert out.loc["p-1", compare.HEADERS["admin_level"]] == "tỉnh (province)"
    assert out.index.name == compare.HEADERS["plan_id"]
    gap = compare.bilingual(compare.ambition_gap(ds))
    assert set(gap[compare.HEADERS["gap_pp"]]) == {"+5", "0", "+10", "-10", compare.MISSING}


def test_show_says_when_nothing_is_recorded(ds):
    note = compare.show(compare.budgets(ds, plans=["c-2"]), "none")
    assert isinstance(note, compare.Note) and repr(note) == "*none*" and note._repr_markdown_() == "*none*"
    assert isinstance(compare.show(compare.budgets(ds)), pd.DataFrame)


# --- figures --------------------------------------------------------------------

def _texts(fig):
    return [t.get_text() for t in fig.findobj(lambda a: hasattr(a, "get_text"))]


def _check_figure(fig, unit_word):
    ax = fig.axes[0]
    assert ax.get_title(loc="left")
    assert unit_word in ax.get_xlabel() or unit_word in ax.get_ylabel()
    assert any(t.startswith("Nguồn / Source") for t in _texts(fig))
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a missing Vietnamese glyph warns
        fig.canvas.draw()
    plt.close(fig)


def test_target_dots(ds):
    fig = figures.target_dots(compare.target_values(ds, year=2025), year=2025)
    _check_figure(fig, "%")
    from matplotlib.colors import to_rgb
    used = {tuple(rgba[:3]) for c in fig.axes[0].collections
            for rgba in [*c.get_facecolor(), *c.get_edgecolor()] if rgba[3] > 0}
    assert used and used <= {to_rgb(c) for c in figures.OKABE_ITO}


def test_timeline_figure(ds):
    _check_figure(figures.timeline(compare.timeline(ds)), "Năm")


def test_budget_bars(ds):
    _check_figure(figures.budget_bars(compare.budgets(ds, "billion"), "billion"), "billion VND")


def test_empty_figures_say_so(ds):
    fig = figures.budget_bars(compare.budgets(ds, "million", plans=["c-2"]), "million")
    assert any("no amount" in t for t in _texts(fig))
    plt.close(fig)
