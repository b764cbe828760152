"""dxcompare.present: short bilingual names, readable numbers, reader tables, views and the one-line findings.

Everything runs on the small corpus of tests/small_corpus.py, so every number is known exactly.
"""
import unicodedata

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from dxcompare import analysis, graph
from dxcompare import present

THIN = "\u202f"


@pytest.fixture(scope="module")
def ds(small):
    return small


# --- names ---------------------------------------------------------------------------------

def test_shorten_leaves_a_name_that_fits():
    assert present.shorten("Tỷ trọng kinh tế số trong GRDP", 40) == "Tỷ trọng kinh tế số trong GRDP"
    assert present.shorten("Tỷ  trọng\nkinh tế", 40) == "Tỷ trọng kinh tế"  # white space folded


def test_shorten_returns_nfc():
    nfd = unicodedata.normalize("NFD", "Hộ gia đình được phủ cáp quang")
    assert present.shorten(nfd, 60) == unicodedata.normalize("NFC", nfd)


def test_shorten_abbreviates_then_drops_detail_then_words():
    name = ("Xã đạt chuẩn chỉ tiêu 8.4 (ứng dụng CNTT trong quản lý, điều hành phục vụ đời sống kinh tế - xã hội) "
            "– Bộ tiêu chí xã nông thôn mới nâng cao")
    # the criterion and the criteria set survive; the explanation in brackets goes first
    assert present.shorten(name, 64) == "Xã đạt chuẩn chỉ tiêu 8.4 – Bộ tiêu chí xã NTM nâng cao"
    cut = present.shorten("Người dân trong độ tuổi lao động được đào tạo kỹ năng số, kỹ năng an toàn thông tin", 40)
    assert cut == "Người dân trong độ tuổi lao động được…"  # whole words, marked
    assert present.shorten("Dịch vụ công trực tuyến mức độ 4", 60) == "Dịch vụ công trực tuyến mức độ 4"  # fits: kept


@given(st.text(min_size=1, max_size=300), st.integers(min_value=2, max_value=90))
def test_shorten_never_exceeds_width(text, width):
    short = present.shorten(text, width)
    assert len(short) <= width
    assert unicodedata.is_normalized("NFC", short)


def test_indicator_names_are_bilingual_and_unique():
    reg = pd.DataFrame({"indicator_code": ["a", "b", "c"],
                        "name_vi": ["Hồ sơ cấp xã xử lý trên mạng", "Tỷ lệ dùng dịch vụ (mức 3)",
                                    "Tỷ lệ dùng dịch vụ (mức 4)"],
                        "name_en": ["Records online, commune", "Service use (level 3)", "Service use (level 4)"]})
    names = present.indicator_names(reg, ["a", "b", "c", "zz"], width=20)
    assert names["a"] == "Hồ sơ cấp xã xử lý… / Records online…"
    assert names["b"].endswith("[b]") and names["c"].endswith("[c]")  # short names coincide: codes tell them apart
    assert len(set(names.values())) == 4
    assert names["zz"] == "zz"  # not in the registry: the code stays
    assert present.indicator_names(reg, ["a"], sep="\n")["a"] == "Hồ sơ cấp xã xử lý trên mạng\nRecords online, commune"


@pytest.mark.parametrize("value,text", [(1560, f"1{THIN}560"), (1560000000.0, f"1{THIN}560{THIN}000{THIN}000"),
                                        (0.66, "0.66"), (1.5604, "1.56"), (-1200, f"-1{THIN}200"), (7, "7"),
                                        (float("nan"), "—"), (None, "—")])
def test_format_number_groups_with_a_narrow_space(value, text):
    assert present.format_number(value) == text


def _matrix(ds, plans=None, **filters):
    return present.target_matrix(analysis.select_targets(ds, plans, **filters), list(analysis.plan_labels(ds, plans)))


# --- tables ----------------------------------------------------------------------------------

def test_matrix_rows_are_named_and_grouped_by_pillar(ds):
    shown = present.table(ds, _matrix(ds, year=2025), index=["pillar", "indicator_name"])
    assert list(shown.index.names) == ["Trụ cột / Pillar", "Chỉ tiêu / Indicator"]
    assert shown.columns.name == "Kế hoạch / Plan"
    pillars, names = zip(*shown.index)
    assert set(pillars) == {"Chính quyền số (Digital government)"}
    assert "Hồ sơ cấp tỉnh xử lý trên mạng / Records online, province" in names
    assert not any("records_online" in n for n in names)
    commune = (pillars[0], "Hồ sơ cấp xã xử lý trên mạng / Records online, commune")
    assert shown.loc[commune, "Long An (2021)"] == "70% (2025)"


def test_codes_and_names_on_request(ds):
    gloss = present.table(ds, present.indicator_glossary(analysis.indicator_glossary(ds, ["records_online_commune"])),
                         index=["pillar", "indicator_code"], names=False)
    assert gloss.index[0][1] == "records_online_commune"
    assert "Chỉ tiêu / Indicator" not in gloss.columns
    targets = present.table(ds, present.plan_targets(analysis.plan_targets(ds, "p-1")), index="indicator_name",
                            codes=True)
    assert "pilot_communes_dx" in set(targets[present.HEADERS["indicator_code"]])
    assert "Số xã thí điểm chuyển đổi số / Pilot communes" in targets.index


def test_amounts_are_grouped_and_rows_named_by_plan_and_purpose(ds):
    shown = present.table(ds, present.budgets(analysis.budgets(ds, unit="million")), index=["plan", "purpose"])
    assert list(shown.index.names) == ["Kế hoạch / Plan", "Mục đích / Purpose"]
    assert list(shown[present.HEADERS["amount_million_vnd"]]) == [f"1{THIN}560", "660"]
    assert isinstance(shown.index, pd.MultiIndex) and shown.index[0] == ("Long An (2021)", "Tổng kinh phí / Total funding")


def test_a_plan_citing_a_document_itself_reads_direct(ds):
    chain = present.legal_chains(analysis.legal_chains(ds, graph=graph.build_graph(ds)))
    shown = present.table(ds, chain, index=["plan", "doc_id"])
    assert set(shown[present.HEADERS["via"]]) == {present.views.DIRECT}


def test_count_table_is_indexed_by_its_category(ds):
    shown = present.table(ds, analysis.count_by(ds, column="admin_level"), index="admin_level")
    assert shown.index.name == "Cấp / Level"
    assert list(shown.index) == ["tỉnh (province)", "huyện (district)", "xã (commune)"]


def test_an_empty_table_says_so(ds):
    note = present.table(ds, present.budgets(analysis.budgets(ds, ["c-2"])), index="plan",
                         empty="Không nêu số tiền / none")
    assert isinstance(note, present.Note) and str(note) == "*Không nêu số tiền / none*"


# --- findings --------------------------------------------------------------------------------

def test_summary_is_marked_markdown_in_both_languages():
    s = present.Summary("Năm 2025: 2 kế hoạch.", "For 2025: 2 plans.")
    text, meta = s._repr_markdown_()
    assert meta == {present.SUMMARY_KEY: "summary"}
    assert text.splitlines() == [f"> {present.SUMMARY_VI} Năm 2025: 2 kế hoạch.", ">",
                                 f"> {present.SUMMARY_EN} For 2025: 2 plans."]
    assert repr(s) == text and (s.vi, s.en) == ("Năm 2025: 2 kế hoạch.", "For 2025: 2 plans.")


def test_summary_escapes_the_names_it_quotes():
    s = present.Summary("Cơ quan <b>X</b> chủ trì", "*X* [leads](http://x)")
    text, _ = s._repr_markdown_()
    assert text.splitlines() == [f"> {present.SUMMARY_VI} Cơ quan &lt;b&gt;X&lt;/b&gt; chủ trì", ">",
                                 rf"> {present.SUMMARY_EN} \*X\* \[leads\](http://x)"]
    assert (s.vi, s.en) == ("Cơ quan <b>X</b> chủ trì", "*X* [leads](http://x)")  # plain text kept as given


def test_overview_summary(ds):
    s = present.overview_summary(ds)
    assert s.vi == ("3 kế hoạch (cấp tỉnh 2, cấp xã 1), ban hành 2021–2024, nhìn xa nhất tới 2030; "
                    "bản sao: toàn văn 2, bản tin tóm tắt 1.")
    assert s.en.startswith("3 plans (province 2, commune 1), issued 2021–2024")
    assert present.overview_summary(ds, ["c-2"]).en.startswith("1 plans (commune 1), issued 2024,")


def test_targets_summary_counts_the_gap_directions(ds):
    s = present.targets_summary(ds, year=2025)
    # p-1: 95 vs 90 (province) and 70 vs 60 (commune) above; c-2: 50 vs 60 below; level-4 services: other scope
    assert s.en == ("For 2025: 2 of 3 plans set 4 numbers on 3 indicators; "
                    "3 compare with 749/QĐ-TTg: 2 above, 0 level, 1 below.")
    assert s.vi.startswith("Năm 2025: 2/3 kế hoạch đặt 4 con số cho 3 chỉ tiêu")
    none = present.targets_summary(ds, year=2021)
    assert "none compares with 749/QĐ-TTg" in none.en  # the national programme sets 2025 and 2030 only
    assert present.targets_summary(ds, year=2030, plans=["c-2"]).en == "For 2030: no plan sets a quantified target."


def test_budget_summary(ds):
    s = present.budget_summary(ds, "billion")
    assert s.en == ("1 of 3 plans states amounts (Long An (2021): 2 amounts, largest 1.56 billion VND); "
                    "1 only names funding sources; 1 says nothing about money. Amounts are never summed.")
    assert "lớn nhất 1.56 tỷ đồng" in s.vi


def test_agency_summary_names_the_leads_and_the_reorganised(ds):
    s = present.agency_summary(ds)
    assert s.en == ("2 of 3 plans assign 3 tasks to 3 agencies; lead in most plans: Department of Science and "
                    "Technology; Department of Information and Communications (1); 1 of them was merged or "
                    "abolished in the 2025 reorganisation.")
    coordinate = present.agency_summary(ds, role="coordinate")
    assert coordinate.vi.startswith("1/3 kế hoạch giao 1 nhiệm vụ (phối hợp) cho 1 cơ quan; phối hợp ở nhiều kế hoạch "
                                    "nhất: Sở Tài chính (1); 0 cơ quan")
    assert present.agency_summary(ds, role="advise").en == "No plan assigns a task in the role advise."


def test_legal_and_profile_summaries(ds):
    s = present.legal_summary(ds, graph.build_graph(ds), "749/QĐ-TTg")
    assert s.en == ("The plans cite 1 document; 2 of 3 plans rest on 749/QĐ-TTg (2 directly, 0 through other "
                    "documents); 1 document shared, most widely 749/QĐ-TTg (2 plans).")
    mentions = present.legal_summary(ds, graph.build_graph(ds), "749/QĐ-TTg", include_references=True)
    assert "(2 directly, 0 through other documents, counting mentions)" in mentions.en
    p = present.profile_summary(ds, "p-1")
    assert p.en == "1069/KH-UBND, UBND, issued 2021-04-05 (full text): 4 targets, 1 document cited, 2 amounts, " \
                   "2 assignments."


# --- views: analysis tables in words ---------------------------------------------------------

def test_format_target():
    assert present.format_target(80.0, ">=", "%", 2025) == "≥80% (2025)"
    assert present.format_target(3.0, "=", "count") == "3"
    assert present.format_target(7.0, ">=", "percent_per_year") == "≥7 %/năm"


def test_target_matrix_shows_missing_not_zero(ds):
    m = _matrix(ds, year=2025)
    assert list(m.columns) == ["Long An (2021)", "Tây Ninh (2023)", "xã Tịnh Trà (2024)"]  # oldest first
    assert m.loc["records_online_province", "Long An (2021)"] == "≥95% (2025)"
    assert m.loc["records_online_province", "xã Tịnh Trà (2024)"] == present.MISSING
    assert (m["Tây Ninh (2023)"] == present.MISSING).all()  # a plan with no target is still a column
    assert not m.isin(["0", "0%"]).any().any()
    assert list(_matrix(ds, year=2030).index) == ["records_online_province"]


def test_target_matrix_joins_several_numbers_in_one_cell(ds):
    m = _matrix(ds, ["p-1"])
    assert m.loc["records_online_province", "Long An (2021)"] == "≥95% (2025); 100% (2030)"


def test_gap_and_glossary_read_as_targets(ds):
    gap = present.ambition_gap(analysis.ambition_gap(ds)).set_index(["plan", "indicator_code", "year"])
    assert gap.loc[("Long An (2021)", "records_online_commune", 2025), "national"] == "60%"
    assert gap.loc[("Long An (2021)", "records_online_commune", 2025), "target"] == "70%"
    g = present.indicator_glossary(analysis.indicator_glossary(ds, ["records_online_commune", "pilot_communes_dx"]))
    assert g.loc["records_online_commune", "national_2030"] == "70%"
    assert g.loc["pilot_communes_dx", "national_2025"] == present.MISSING
    shown = present.bilingual(present.ambition_gap(analysis.ambition_gap(ds)))
    assert set(shown[present.HEADERS["gap_pp"]]) == {"+5", "0", "+10", "-10", present.MISSING}


def test_a_part_reads_its_total_by_purpose(ds):
    b = present.budgets(analysis.budgets(ds))
    assert list(b["part_of"]) == [present.MISSING, "Tổng kinh phí / Total funding"]
    assert "fact_id" not in b.columns and "plan_id" not in b.columns


def test_a_purpose_reads_vietnamese_then_english_and_a_missing_gloss_is_a_dash(ds):
    b = present.budgets(analysis.budgets(ds))
    assert list(b["purpose"]) == ["Tổng kinh phí / Total funding", f"Tuyên truyền / {present.MISSING}"]
    assert "purpose_en" not in b.columns  # folded into the bilingual cell


def test_focus_document_says_direct_indirect_or_not_recorded(ds, small_more):
    f = present.focus_document(analysis.focus_document(ds, graph=graph.build_graph(ds), doc_id="749/QĐ-TTg"))
    assert f.loc["p-1", "relation_text"] == "căn cứ (legal basis)" and f.loc["p-1", "depth"] == 1
    assert f.loc["p-1", "via"] == present.views.DIRECT == "trực tiếp (direct)"
    assert f.loc["q-3", "via"] == present.MISSING and f.loc["q-3", "relation_text"] == present.MISSING
    more = analysis.focus_document(small_more, graph=graph.build_graph(small_more), doc_id="749/QĐ-TTg")
    assert present.focus_document(more).loc["c-2", "via"] == "trực tiếp (direct); 12/KH-UBND"
    not_recorded = pd.DataFrame({"plan": ["x"], "link": ["not_recorded"], "relation": pd.array([pd.NA], dtype="str"),
                                 "depth": pd.array([pd.NA], dtype="Int64"), "via": pd.array([pd.NA], dtype="str")},
                                index=pd.Index(["x"], name="plan_id"))
    assert present.focus_document(not_recorded).loc["x", "relation_text"] == "chưa ghi nhận (not recorded)"


def test_via_text_names_the_documents_in_between():
    via = present.views.via_text("924/QĐ-TTg; p-1; 353/KH-UBND", "p-1")
    assert via == "trực tiếp (direct); 924/QĐ-TTg; 353/KH-UBND"
    assert present.views.via_text("c-2", "p-1") == "c-2"  # another plan's id is not "direct"
    assert present.views.via_text(None, "p-1") == present.MISSING


def test_alignment_and_role_matrix_in_words(ds, small_more):
    G = graph.build_graph(ds)
    al = present.alignment(analysis.alignment(ds, graph=G), analysis.plan_labels(ds))
    assert al.loc["749/QĐ-TTg", "Long An (2021)"] == "căn cứ (legal basis)"
    assert al.loc["749/QĐ-TTg", "Tây Ninh (2023)"] == present.MISSING
    assert list(al.columns) == list(analysis.plan_labels(ds))  # a plan per column: narrow at a few plans
    columns = list(analysis.plan_labels(ds))
    m = present.role_matrix(analysis.agency_roles(ds), columns)
    tttt = "Sở Thông tin và Truyền thông (Department of Information and Communications)"  # with its English gloss
    assert m.loc[tttt, "Long An (2021)"] == "chủ trì / lead 1"
    assert m.loc[tttt, "Tây Ninh (2023)"] == present.MISSING
    m = present.role_matrix(analysis.agency_roles(small_more), list(analysis.plan_labels(small_more)))
    assert m.loc["Ủy ban nhân dân cấp huyện (District People's Committee)", "xã Tịnh Trà (2024)"] == \
        "chủ trì / lead 1; phối hợp / coordinate 1"


def test_a_body_without_successor_is_unchanged_only_without_a_note(small_more):
    s = present.agency_successors(analysis.agency_successors(small_more))
    assert s.loc["ubnd_huyen", "successor"] == "bãi bỏ cấp huyện (2025) / district level abolished (2025)"
    assert s.loc["ubnd_huyen", "successor_note"].startswith("District level abolished on 1 July 2025")
    assert s.loc["nhnn", "successor"] == ("tổ chức lại thành chi nhánh khu vực (2025) / "
                                         "reorganised into regional branches (2025)")
    assert s.loc["bao_tinh", "successor"] == "Closed in 2025"  # no short reading known: the note as written
    assert s.loc["cac_so_nganh", "successor"] == present.views.UNCHANGED
    assert s.loc["so_tttt", "successor"] == "Sở Khoa học và Công nghệ"


def test_plan_profile_views(ds):
    meta = present.plan_metadata(ds, "c-2")
    assert meta.loc[present.HEADERS["province_2025"], "value"] == "Quảng Ngãi"
    assert meta.loc[present.HEADERS["period"], "value"] == "2024–2025"
    one_year = present.plan_metadata(ds, "p-1").loc[present.HEADERS["period"], "value"]
    assert one_year == "2021" == present.overview(analysis.overview(ds)).loc["p-1", "period"]  # not "2021–2021"
    assert present.plan_title(ds, "c-2").startswith("## xã Tịnh Trà (2024): ")
    shown = present.table(ds, analysis.plan_assignments(ds, "p-1"))
    assert list(shown[present.HEADERS["deadline"]]) == [present.MISSING, "2021-12-31"]
    assert present.overview(analysis.overview(ds)).loc["c-2", "doc_number"].startswith("(không số")


def test_bilingual_labels(ds):
    out = present.bilingual(analysis.overview(ds))
    assert out.loc["p-1", present.HEADERS["admin_level"]] == "tỉnh (province)"
    assert out.loc["p-1", present.HEADERS["locality"]] == present.MISSING
    assert out.loc["p-1", present.HEADERS["issued"]] == "2021-04-05"
    assert out.index.name == present.HEADERS["plan_id"]


def test_show_says_when_nothing_is_recorded(ds):
    note = present.show(analysis.budgets(ds, ["c-2"]), "none")
    assert isinstance(note, present.Note) and repr(note) == "*none*" and note._repr_markdown_() == "*none*"
    assert isinstance(present.show(analysis.budgets(ds)), pd.DataFrame)


# --- text is never markup ------------------------------------------------------------------

@pytest.mark.parametrize("text,escaped", [
    ("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"),
    ("*bold* _it_ `code` [a](b) ~~s~~ $x$ a|b #1", r"\*bold\* \_it\_ \`code\` \[a\](b) \~\~s\~\~ \$x\$ a\|b \#1"),
    ("A & B", "A &amp; B"),
    ("- not a list", r"\- not a list"), ("1. not a list", r"1\. not a list"), ("2021) x", r"2021\) x"),
    ("two\n\n# lines", r"two \# lines"),  # no new block can start
    ("Kế hoạch 2023-2025, định hướng đến năm 2030 (Long An)", "Kế hoạch 2023-2025, định hướng đến năm 2030 (Long An)"),
])
def test_md_text_escapes_html_and_markdown(text, escaped):
    assert present.md_text(text) == escaped


def _rendered(markdown: str) -> str:
    """Markdown as the HTML reports render it (nbconvert's filter)."""
    from nbconvert.filters.markdown import markdown2html
    return markdown2html(markdown)


def test_a_title_cannot_inject_markup(small_more):
    from small_corpus import TITLE_WITH_MARKUP
    note = present.plan_title(small_more, "q-3")
    assert note.startswith("## Tây Ninh (2023): ") and "<script" not in note
    page = _rendered(note)
    assert "<script" not in page and "<em>" not in page and 'href="http://x"' not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; *bold* [link](http://x)" in page  # shown as text
    raw = _rendered(f"## {TITLE_WITH_MARKUP}")  # what the heading did before: markup went through
    assert "<script>" in raw and "<em>bold</em>" in raw
    table = present.bilingual(present.plan_metadata(small_more, "q-3")).to_html()  # pandas escapes cell text
    assert "<script" not in table and "&lt;script&gt;" in table


def test_data_in_notes_is_escaped():
    cov = pd.DataFrame({"plan": ["<b>x</b> (2021)", "*y* (2022)"], "n_amounts": [1, 1], "n_sources": [0, 0],
                        "completeness": ["full", "full"]})
    page = _rendered(present.coverage_note(cov))
    assert "<b>" not in page and "<em>" not in page and "&lt;b&gt;x&lt;/b&gt; (2021)" in page


def test_coverage_note_counts_plans_stating_money(ds):
    note = present.coverage_note(analysis.budget_coverage(ds))
    assert "1 of 3 plans state an amount" in note and "1/3 kế hoạch" in note
