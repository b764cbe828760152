"""labels.py: short bilingual names, readable numbers, reader tables and the one-line findings.

The findings run on the synthetic data folder of test_compare.py, so every
number in them is known exactly.
"""
import unicodedata

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st
from test_compare import make_data_folder

from dxcompare import compare, graph, labels, load_dataset

THIN = "\u202f"


@pytest.fixture(scope="module")
def ds(tmp_path_factory):
    return load_dataset(make_data_folder(tmp_path_factory.mktemp("data")))


# --- names ---------------------------------------------------------------------------------

def test_shorten_leaves_a_name_that_fits():
    assert labels.shorten("Tỷ trọng kinh tế số trong GRDP", 40) == "Tỷ trọng kinh tế số trong GRDP"
    assert labels.shorten("Tỷ  trọng\nkinh tế", 40) == "Tỷ trọng kinh tế"  # white space folded


def test_shorten_returns_nfc():
    nfd = unicodedata.normalize("NFD", "Hộ gia đình được phủ cáp quang")
    assert labels.shorten(nfd, 60) == unicodedata.normalize("NFC", nfd)


def test_shorten_abbreviates_then_drops_detail_then_words():
    name = ("Xã đạt chuẩn chỉ tiêu 8.4 (ứng dụng CNTT trong quản lý, điều hành phục vụ đời sống kinh tế - xã hội) "
            "– Bộ tiêu chí xã nông thôn mới nâng cao")
    # the criterion and the criteria set survive; the explanation in brackets goes first
    assert labels.shorten(name, 64) == "Xã đạt chuẩn chỉ tiêu 8.4 – Bộ tiêu chí xã NTM nâng cao"
    cut = labels.shorten("Người dân trong độ tuổi lao động được đào tạo kỹ năng số, kỹ năng an toàn thông tin", 40)
    assert cut == "Người dân trong độ tuổi lao động được…"  # whole words, marked
    assert labels.shorten("Dịch vụ công trực tuyến mức độ 4", 60) == "Dịch vụ công trực tuyến mức độ 4"  # fits: kept


@given(st.text(min_size=1, max_size=300), st.integers(min_value=2, max_value=90))
def test_shorten_never_exceeds_width(text, width):
    short = labels.shorten(text, width)
    assert len(short) <= width
    assert unicodedata.is_normalized("NFC", short)


def test_indicator_names_are_bilingual_and_unique():
    reg = pd.DataFrame({"indicator_code": ["a", "b", "c"],
                        "name_vi": ["Hồ sơ cấp xã xử lý trên mạng", "Tỷ lệ dùng dịch vụ (mức 3)",
                                    "Tỷ lệ dùng dịch vụ (mức 4)"],
                        "name_en": ["Records online, commune", "Service use (level 3)", "Service use (level 4)"]})
    names = labels.indicator_names(reg, ["a", "b", "c", "zz"], width=20)
    assert names["a"] == "Hồ sơ cấp xã xử lý… / Records online…"
    assert names["b"].endswith("[b]") and names["c"].endswith("[c]")  # short names coincide: codes tell them apart
    assert len(set(names.values())) == 4
    assert names["zz"] == "zz"  # not in the registry: the code stays
    assert labels.indicator_names(reg, ["a"], sep="\n")["a"] == "Hồ sơ cấp xã xử lý trên mạng\nRecords online, commune"


@pytest.mark.parametrize("value,text", [(1560, f"1{THIN}560"), (1560000000.0, f"1{THIN}560{THIN}000{THIN}000"),
                                        (0.66, "0.66"), (1.5604, "1.56"), (-1200, f"-1{THIN}200"), (7, "7"),
                                        (float("nan"), "—"), (None, "—")])
def test_format_number_groups_with_a_narrow_space(value, text):
    assert labels.format_number(value) == text


# --- tables ----------------------------------------------------------------------------------

def test_matrix_rows_are_named_and_grouped_by_pillar(ds):
    shown = labels.table(ds, compare.target_matrix(ds, year=2025), index=["pillar", "indicator_name"])
    assert list(shown.index.names) == ["Trụ cột / Pillar", "Chỉ tiêu / Indicator"]
    assert shown.columns.name == "Kế hoạch / Plan"
    pillars, names = zip(*shown.index)
    assert set(pillars) == {"Chính quyền số (Digital government)"}
    assert "Hồ sơ cấp tỉnh xử lý trên mạng / Records online, province" in names
    assert not any("records_online" in n for n in names)
    commune = (pillars[0], "Hồ sơ cấp xã xử lý trên mạng / Records online, commune")
    assert shown.loc[commune, "Long An (2021)"] == "70% (2025)"


def test_codes_and_names_on_request(ds):
    gloss = labels.table(ds, compare.indicator_glossary(ds, ["records_online_commune"]),
                         index=["pillar", "indicator_code"], names=False)
    assert gloss.index[0][1] == "records_online_commune"
    assert "Chỉ tiêu / Indicator" not in gloss.columns
    targets = labels.table(ds, compare.plan_targets(ds, "p-1"), index="indicator_name", codes=True)
    assert "pilot_communes_dx" in set(targets[compare.HEADERS["indicator_code"]])
    assert "Số xã thí điểm chuyển đổi số / Pilot communes" in targets.index


def test_amounts_are_grouped_and_rows_named_by_plan_and_purpose(ds):
    shown = labels.table(ds, compare.budgets(ds, "million"), index=["plan", "purpose"])
    assert list(shown.index.names) == ["Kế hoạch / Plan", "Mục đích / Purpose"]
    assert list(shown[compare.HEADERS["amount_million_vnd"]]) == [f"1{THIN}560", "660"]
    assert isinstance(shown.index, pd.MultiIndex) and shown.index[0] == ("Long An (2021)", "Tổng kinh phí")


def test_a_plan_citing_a_document_itself_reads_direct(ds):
    chain = compare.legal_chains(ds, graph.build_graph(ds))
    shown = labels.table(ds, chain, index=["plan", "doc_id"])
    assert set(shown[compare.HEADERS["via"]]) == {compare.DIRECT}  # as compare says it, not translated here


def test_count_table_is_indexed_by_its_category(ds):
    shown = labels.table(ds, compare.count_by(ds, "admin_level"), index="admin_level")
    assert shown.index.name == "Cấp / Level"
    assert list(shown.index) == ["tỉnh (province)", "huyện (district)", "xã (commune)"]


def test_an_empty_table_says_so(ds):
    note = labels.table(ds, compare.budgets(ds, plans=["c-2"]), index="plan", empty="Không nêu số tiền / none")
    assert isinstance(note, compare.Note) and str(note) == "*Không nêu số tiền / none*"


# --- findings --------------------------------------------------------------------------------

def test_summary_is_marked_markdown_in_both_languages():
    s = labels.Summary("Năm 2025: 2 kế hoạch.", "For 2025: 2 plans.")
    text, meta = s._repr_markdown_()
    assert meta == {labels.SUMMARY_KEY: "summary"}
    assert text.splitlines() == [f"> {labels.SUMMARY_VI} Năm 2025: 2 kế hoạch.", ">",
                                 f"> {labels.SUMMARY_EN} For 2025: 2 plans."]
    assert repr(s) == text and (s.vi, s.en) == ("Năm 2025: 2 kế hoạch.", "For 2025: 2 plans.")


def test_summary_escapes_the_names_it_quotes():
    s = labels.Summary("Cơ quan <b>X</b> chủ trì", "*X* [leads](http://x)")
    text, _ = s._repr_markdown_()
    assert text.splitlines() == [f"> {labels.SUMMARY_VI} Cơ quan &lt;b&gt;X&lt;/b&gt; chủ trì", ">",
                                 rf"> {labels.SUMMARY_EN} \*X\* \[leads\](http://x)"]
    assert (s.vi, s.en) == ("Cơ quan <b>X</b> chủ trì", "*X* [leads](http://x)")  # plain text kept as given


def test_overview_summary(ds):
    s = labels.overview_summary(ds)
    assert s.vi == ("3 kế hoạch (cấp tỉnh 2, cấp xã 1), ban hành 2021–2024, nhìn xa nhất tới 2030; "
                    "bản sao: toàn văn 2, bản tin tóm tắt 1.")
    assert s.en.startswith("3 plans (province 2, commune 1), issued 2021–2024")
    assert labels.overview_summary(ds, ["c-2"]).en.startswith("1 plans (commune 1), issued 2024,")


def test_targets_summary_counts_the_gap_directions(ds):
    s = labels.targets_summary(ds, year=2025)
    # p-1: 95 vs 90 (province) and 70 vs 60 (commune) above; c-2: 50 vs 60 below; level-4 services: other scope
    assert s.en == ("For 2025: 2 of 3 plans set 4 numbers on 3 indicators; "
                    "3 compare with 749/QĐ-TTg: 2 above, 0 level, 1 below.")
    assert s.vi.startswith("Năm 2025: 2/3 kế hoạch đặt 4 con số cho 3 chỉ tiêu")
    none = labels.targets_summary(ds, year=2021)
    assert "none compares with 749/QĐ-TTg" in none.en  # the national programme sets 2025 and 2030 only
    assert labels.targets_summary(ds, year=2030, plans=["c-2"]).en == "For 2030: no plan sets a quantified target."


def test_budget_summary(ds):
    s = labels.budget_summary(ds, "billion")
    assert s.en == ("1 of 3 plans states amounts (Long An (2021): 2 amounts, largest 1.56 billion VND); "
                    "1 only names funding sources; 1 says nothing about money. Amounts are never summed.")
    assert "lớn nhất 1.56 tỷ đồng" in s.vi


def test_agency_summary_names_the_leads_and_the_reorganised(ds):
    s = labels.agency_summary(ds)
    assert s.en == ("2 of 3 plans assign 3 tasks to 3 agencies; lead in most plans: Department of Science and "
                    "Technology; Department of Information and Communications (1); 1 of them was merged or "
                    "abolished in the 2025 reorganisation.")
    coordinate = labels.agency_summary(ds, role="coordinate")
    assert coordinate.vi.startswith("1/3 kế hoạch giao 1 nhiệm vụ (phối hợp) cho 1 cơ quan; phối hợp ở nhiều kế hoạch "
                                    "nhất: Sở Tài chính (1); 0 cơ quan")
    assert labels.agency_summary(ds, role="advise").en == "No plan assigns a task in the role advise."


def test_legal_and_profile_summaries(ds):
    s = labels.legal_summary(ds, graph.build_graph(ds), "749/QĐ-TTg")
    assert s.en == ("The plans cite 1 document; 2 of 3 plans rest on 749/QĐ-TTg (2 directly, 0 through other "
                    "documents); 1 document shared, most widely 749/QĐ-TTg (2 plans).")
    p = labels.profile_summary(ds, "p-1")
    assert p.en == "1069/KH-UBND, UBND, issued 2021-04-05 (full text): 4 targets, 1 document cited, 2 amounts, " \
                   "2 assignments."
