"""The extractor on varied plan texts: every form issue 3 lists, spans that quote exactly."""
import unicodedata
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from dxcompare.extract import Registries, extract
from dxcompare.extract.citations import DOCNUM, canonical_id

TEXTS = Path(__file__).parent / "extract_texts"

AGENCIES = """agency_id,name_vi,name_en,aliases,kind,level,successor,successor_note,source
ubnd_tinh,Ủy ban nhân dân tỉnh,Provincial People's Committee,UBND tỉnh,peoples_committee,province,,,
ubnd_huyen,Ủy ban nhân dân cấp huyện,District People's Committee,"UBND huyện;UBND các huyện, thị xã, thành phố",peoples_committee,district,,,
ubnd_xa,Ủy ban nhân dân xã,Commune People's Committee,UBND xã;UBND cấp xã,peoples_committee,commune,,,
van_phong_ubnd_tinh,Văn phòng Ủy ban nhân dân tỉnh,Office,Văn phòng UBND tỉnh,office,province,,,
so_tttt,Sở Thông tin và Truyền thông,Dept of Information and Communications,Sở TT&TT;Sở TTTT,department,province,,,
so_khdt,Sở Kế hoạch và Đầu tư,Dept of Planning and Investment,Sở KH&ĐT,department,province,,,
so_tai_chinh,Sở Tài chính,Dept of Finance,Sở TC,department,province,,,
so_noi_vu,Sở Nội vụ,Dept of Home Affairs,Sở NV,department,province,,,
so_khcn,Sở Khoa học và Công nghệ,Dept of Science and Technology,Sở KH&CN,department,province,,,
cac_so_nganh,"Các sở, ban, ngành tỉnh",Departments,Các sở ngành,department_group,province,,,
bao_tinh,Báo tỉnh,Provincial newspaper,,media,province,,,
dai_pth_tinh,Đài Phát thanh và Truyền hình tỉnh,Radio and Television,Đài PT&TH,media,province,,,
bo_phan_vhxh_xa,Bộ phận Văn hóa – Xã hội xã,Culture unit,Văn hóa – Xã hội,commune_unit,commune,,,
bo_phan_tckt_xa,Bộ phận Tài chính – Kế toán xã,Finance unit,Tài chính – Kế toán,commune_unit,commune,,,
bo_phan_chuyen_mon_xa,Các bộ phận chuyên môn thuộc Ủy ban nhân dân xã,Commune units,bộ phận chuyên môn,commune_unit,commune,,,
to_chuc_ctxh,Các tổ chức chính trị - xã hội,Mass organisations,đoàn thể;Mặt trận Tổ quốc,mass_organisation,commune,,,
to_cns_cong_dong,Tổ Công nghệ số cộng đồng,Community digital team,Tổ CNSCĐ,community,village,,,
"""
INDICATORS = """indicator_code,pillar,name_vi,name_en,unit,scope,national_2025,national_comparator_2025,national_2030,national_comparator_2030,national_doc,source
records_online_district,digital_government,Hồ sơ công việc cấp huyện được xử lý trên môi trường mạng,x,%,district,,,,,,
records_online_commune,digital_government,Hồ sơ công việc cấp xã được xử lý trên môi trường mạng,x,%,commune,,,,,,
digital_economy_share_grdp,digital_economy,Tỷ trọng kinh tế số trong GRDP,x,%,province,,,,,,
fibre_households,infrastructure,Hộ gia đình được phủ cáp quang băng rộng,x,%,household,,,,,,
fibre_communes,infrastructure,Xã được phủ cáp quang băng rộng,x,%,commune,,,,,,
adults_smartphone_payment_account,digital_society,"Dân số trưởng thành có điện thoại thông minh, có tài khoản giao dịch thanh toán",x,%,population,,,,,,
"""
PROVINCES = """code,name_vi,name_en,region,successor_code,successor_name_vi,source
42,Hà Tĩnh,Ha Tinh,x,42,Tỉnh Hà Tĩnh,x
46,Thừa Thiên Huế,Thua Thien Hue,x,46,Thành phố Huế,x
52,Bình Định,Binh Dinh,x,64,Tỉnh Gia Lai,x
80,Long An,Long An,x,72,Tỉnh Tây Ninh,x
77,Bà Rịa - Vũng Tàu,Ba Ria - Vung Tau,x,79,Thành phố Hồ Chí Minh,x
"""


@pytest.fixture(scope="module")
def reg(tmp_path_factory) -> Registries:
    ref = tmp_path_factory.mktemp("data") / "reference"
    ref.mkdir()
    (ref / "agencies.csv").write_text(AGENCIES, encoding="utf-8")
    (ref / "indicators.csv").write_text(INDICATORS, encoding="utf-8")
    (ref / "provinces.csv").write_text(PROVINCES, encoding="utf-8")
    return Registries.load(ref.parent)


def run(text: str, reg: Registries):
    doc = extract(text, registries=reg)
    for fact in (*doc.citations, *doc.targets, *doc.budgets, *doc.agencies):
        start, end = fact.span
        assert 0 <= start < end <= len(doc.text)
        assert doc.text[start:end] == fact.quote
    return doc


def cits(doc):
    return {(c.doc_id, c.relation) for c in doc.citations}


def tgts(doc):
    return {(t.value, t.unit, t.comparator, t.year, t.scope) for t in doc.targets}


def roles(doc):
    return {(a.agency_id, a.role) for a in doc.agencies}


# --- whole texts ------------------------------------------------------------------------

HA_TINH_CITATIONS = {("749/QĐ-TTg", "can_cu"), ("05-NQ/TU", "can_cu"), ("942/QĐ-TTg", "can_cu"),
                     ("47/2020/NĐ-CP", "can_cu"), ("749/QĐ-TTg", "thuc_hien"), ("922/QĐ-BTTTT", "reference")}
HA_TINH_TARGETS = {
    (90, "%", ">", 2025, "province"), (80, "%", "=", 2025, "district"), (60, "%", "=", 2025, "commune"),
    (100, "%", "=", 2025, "agency"), (50, "%", ">=", 2025, "agency"), (70, "%", ">=", 2025, "official"),
    (15, "%", "~", 2025, "province"), (6, "percent_per_year", ">=", 2025, "province"),
    (5, "count", ">=", 2023, "enterprise"), (25, "%", ">=", 2030, "province"), (90, "%", ">=", 2030, "household"),
    (5, "%", "<=", 2030, "household")}
HA_TINH_ROLES = {("so_tttt", "lead"), ("so_tttt", "advise"), ("so_tttt", "implement"), ("so_tttt", "report"),
                 ("so_khdt", "advise"), ("so_tai_chinh", "advise"), ("so_noi_vu", "lead"), ("so_tttt", "coordinate"),
                 ("bao_tinh", "implement"), ("dai_pth_tinh", "implement"), ("ubnd_huyen", "implement"),
                 ("ubnd_huyen", "coordinate"), ("ubnd_huyen", "report")}


@pytest.mark.parametrize("form", ["nfc", "nfd", "crlf", "nfd+crlf"])
def test_wrapped_pdf_copy_in_any_normal_form(reg, form):
    raw = (TEXTS / "ha_tinh_pdf_wrapped.txt").read_text(encoding="utf-8")
    if "nfd" in form:
        raw = unicodedata.normalize("NFD", raw)
    if "crlf" in form:
        raw = raw.replace("\n", "\r\n")
    doc = run(raw, reg)
    m = doc.meta
    assert (m.doc_number, m.doc_type, m.issuer, m.admin_level, m.province, m.issued, m.signer) == (
        "412/KH-UBND", "Kế hoạch", "UBND tỉnh Hà Tĩnh", "province", "Hà Tĩnh", "2022-03-15", "Nguyễn Hồng Lĩnh")
    assert (m.period_start, m.period_end, m.horizon) == (2022, 2025, 2030)
    assert cits(doc) == HA_TINH_CITATIONS
    assert tgts(doc) == HA_TINH_TARGETS
    assert sorted(b.amount_vnd for b in doc.budgets) == [850_000_000, 1_560_000_000, 2_500_000_000, 15_000_000_000]
    assert roles(doc) == HA_TINH_ROLES
    by_id = {c.doc_id: c for c in doc.citations if c.relation == "can_cu"}
    assert (by_id["749/QĐ-TTg"].date, by_id["749/QĐ-TTg"].issuer) == ("2020-06-03", "Thủ tướng Chính phủ")
    assert by_id["942/QĐ-TTg"].date == "2021-06-15"  # number split across a line break
    assert " ".join(by_id["05-NQ/TU"].issuer.split()) == "Ban Thường vụ Tỉnh ủy Hà Tĩnh"


def test_commune_web_copy_with_layout_pipes_tables_and_lost_letters(reg):
    doc = run((TEXTS / "commune_web_table.txt").read_text(encoding="utf-8"), reg)
    m = doc.meta
    assert (m.doc_number, m.issuer, m.admin_level, m.province, m.signer) == (
        "27/KH-UBND", "UBND xã Hương Toàn", "commune", "Thừa Thiên Huế", "Lê Văn Hòa")
    assert cits(doc) == {("135/KH-UBND", "can_cu"), ("12-NQ/TU", "can_cu")}
    assert tgts(doc) == {
        (70, "%", "=", 2023, "commune"), (90, "%", "=", 2025, "commune"),  # year from the table column
        (60, "%", ">", 2023, "population"), (80, "%", ">", 2025, "population"),
        (3, "count", "=", 2023, "village"), (7, "count", "=", 2025, "village"),
        (50, "%", ">=", 2023, "household"), (30, "%", ">", 2023, "household"),
        (100, "%", "=", 2023, "official"),  # "đưc cấp": a letter lost in copying
        (2, "%", "<=", 2023, "agency")}
    assert [b.amount_vnd for b in doc.budgets] == [120_000_000]
    assert roles(doc) == {("bo_phan_vhxh_xa", "lead"), ("bo_phan_vhxh_xa", "advise"), ("bo_phan_vhxh_xa", "report"),
                          ("to_cns_cong_dong", "coordinate"), ("to_cns_cong_dong", "implement"),
                          ("bo_phan_tckt_xa", "advise"), ("bo_phan_tckt_xa", "implement"),
                          ("to_chuc_ctxh", "coordinate")}
    assert not any(a.agency_id == "ubnd_xa" for a in doc.agencies)  # the issuer and recipient of reports


def test_news_summary_comparators_counts_money_and_delegation(reg):
    doc = run((TEXTS / "news_summary.txt").read_text(encoding="utf-8"), reg)
    assert (doc.meta.doc_number, doc.meta.doc_type, doc.meta.completeness) == ("2360/QĐ-UBND", "Quyết định", "summary")
    assert "2360/QĐ-UBND" not in {c.doc_id for c in doc.citations}  # the plan's own number
    assert cits(doc) == {("749/QĐ-TTg", "reference"), ("02-NQ/TU", "reference"), ("01/KL-BCĐ", "thuc_hien"),
                         ("3445/BGDĐT-CNTT", "reference")}
    assert {(t.value, t.comparator, t.year) for t in doc.targets} == {
        (80, "~", 2025), (1, "<=", 2025), (70, ">=", 2025), (30, ">=", 2025), (5, "<=", 2030), (95, ">", 2030),
        (3, "=", 2023), (50, "=", 2023)}
    assert {t.scope for t in doc.targets if t.unit == "count"} == {"commune", "enterprise"}
    assert sorted(b.amount_vnd for b in doc.budgets) == [45_500_000_000, 320_000_000_000]
    assert roles(doc) >= {("so_tttt", "lead"), ("so_khcn", "coordinate"), ("so_tttt", "report"), ("so_khdt", "advise"),
                          ("so_tai_chinh", "advise"), ("cac_so_nganh", "implement"), ("ubnd_huyen", "implement")}
    assert ("so_khcn", "lead") not in roles(doc) and ("ubnd_tinh", "report") not in roles(doc)


def test_district_plan_with_a_task_table_and_labelled_roles(reg):
    doc = run((TEXTS / "district_task_table.txt").read_text(encoding="utf-8"), reg)
    assert (doc.meta.issuer, doc.meta.admin_level, doc.meta.locality) == ("UBND huyện Cần Giuộc", "district",
                                                                           "huyện Cần Giuộc")
    assert cits(doc) == {("1069/KH-UBND", "thuc_hien"), ("4081/QĐ-UBND", "thuc_hien")}
    assert {(t.value, t.unit, t.scope) for t in doc.targets} == {
        (100, "%", "commune"), (90, "%", "district"), (70, "%", "commune"), (2, "count", "commune")}
    assert [b.amount_vnd for b in doc.budgets] == [350_000_000]
    assert roles(doc) == {(None, "lead"), (None, "coordinate"), ("ubnd_xa", "coordinate"), ("ubnd_xa", "implement"),
                          ("ubnd_xa", "report"), ("to_chuc_ctxh", "coordinate")}
    table = [a for a in doc.agencies if a.task.startswith("Triển khai nền tảng họp")]
    assert {(a.surface, a.role) for a in table} == {("Văn phòng HĐND và UBND huyện", "lead"),
                                                    ("UBND các xã, thị trấn", "coordinate")}


def test_decision_with_parts_lead_in_lines_and_lists_cut_by_semicolons(reg):
    doc = run((TEXTS / "decision_parts.txt").read_text(encoding="utf-8"), reg)
    m = doc.meta
    assert (m.doc_number, m.doc_type, m.issuer, m.issued, m.signer, m.title) == (
        "1512/QĐ-UBND", "Quyết định", "UBND tỉnh Quảng Nam", "2023-06-30", "Trần Anh Tuấn",
        "Ban hành Kế hoạch phát triển kinh tế số tỉnh Quảng Nam đến năm 2025")
    assert cits(doc) == {("749/QĐ-TTg", "can_cu"), ("411/QĐ-TTg", "can_cu"), ("88/TTr-STTTT", "reference")}  # a proposal, not a basis
    # "(năm 2022 đạt 6,5%, hiện nay đạt 7%)" is today's level, not a target, and not the target's year
    assert {(t.value, t.unit, t.comparator, t.year) for t in doc.targets} == {
        (12, "%", "=", 2025), (60, "%", ">=", 2025), (40, "%", "=", 2025), (20, "percent_per_year", "=", 2025),
        (100, "%", "=", 2024)}
    assert roles(doc) == {("so_tttt", "lead"), ("so_tttt", "implement"), ("so_tttt", "report"), ("so_tttt", "advise"),
                          (None, "lead"), (None, "coordinate"), ("cac_so_nganh", "implement"),
                          ("ubnd_huyen", "implement"), ("to_chuc_ctxh", "coordinate")}
    # departments this registry lacks stay unresolved (name kept, a warning), not the generic "các sở, ngành"
    unresolved = {a.name for a in doc.agencies if a.agency_id is None}
    assert unresolved == {"Sở Công Thương", "Sở Văn hóa, Thể thao và Du lịch"}
    assert all(any(repr(n) in w and "left unresolved" in w for w in doc.warnings) for n in unresolved)


# --- citations ----------------------------------------------------------------------------

@pytest.mark.parametrize("written, doc_id", [
    ("Quyết định số 749/QĐ-TTg", "749/QĐ-TTg"), ("Nghị quyết số 01-NQ/TU", "01-NQ/TU"),
    ("Nghị định số 85/2016/NĐ-CP", "85/2016/NĐ-CP"), ("Công văn số 3445/BNN-VPĐP", "3445/BNN-VPĐP"),
    ("Kết luận số 01/KL-BCĐ", "01/KL-BCĐ"), ("Quyết định số 712/QĐ UBND", "712/QĐ-UBND"),
    ("Nghị quyết số 12- NQ/TU", "12-NQ/TU"), ("Quyết định số 749/\nQĐ-TTg", "749/QĐ-TTg"),
    ("Quyết định số 749/QĐ-\nTTg", "749/QĐ-TTg"), ("Chương trình số 120/CTr-UBND", "120/CTr-UBND"),
    ("Quyết định số 06/QĐ-BCĐTW-VPĐP", "06/QĐ-BCĐTW-VPĐP"), ("Nghị quyết số 202/2025/QH15", "202/2025/QH15")])
def test_document_numbers_in_every_written_form(written, doc_id):
    assert canonical_id(DOCNUM.search(written)) == doc_id


@pytest.mark.parametrize("text", ["ngày 03/6/2020, 4G/5G và 1.560.000.000 đồng", "năm 2021-2025", "tỉnh/huyện/xã"])
def test_dates_networks_money_and_slashes_are_not_document_numbers(text):
    assert DOCNUM.search(text) is None


def test_citation_joins_date_and_issuer_in_both_date_forms(reg):
    doc = run("Căn cứ Quyết định số 749/QĐ-TTg ngày 03 tháng 6 năm 2020 của Thủ tướng Chính phủ về phê duyệt.\n"
              "- Theo Nghị quyết số 52-NQ/TW ngày 27/9/2019 của Bộ Chính trị về chủ trương.", reg)
    got = {c.doc_id: (c.doc_type, c.date, c.issuer, c.relation) for c in doc.citations}
    assert got == {"749/QĐ-TTg": ("Quyết định", "2020-06-03", "Thủ tướng Chính phủ", "can_cu"),
                   "52-NQ/TW": ("Nghị quyết", "2019-09-27", "Bộ Chính trị", "reference")}


def test_bullets_under_a_legal_basis_heading_are_can_cu_and_later_mentions_are_references(reg):
    doc = run("CĂN CỨ PHÁP LÝ\n- Quyết định số 749/QĐ-TTg ngày 03/6/2020;\n- Kế hoạch số 50/KH-UBND ngày 11/3/2024.\n"
              "I. MỤC ĐÍCH\n- Triển khai thực hiện có hiệu quả Kế hoạch số 50/KH-UBND.\n"
              "- Phù hợp với Quyết định số 749/QĐ-TTg và Chỉ thị số 19/CT-TTg.", reg)
    assert cits(doc) == {("749/QĐ-TTg", "can_cu"), ("50/KH-UBND", "can_cu"), ("50/KH-UBND", "thuc_hien"),
                         ("749/QĐ-TTg", "reference"), ("19/CT-TTg", "reference")}


def test_the_plans_own_number_is_not_a_citation(reg):
    doc = run("UBND TỈNH LONG AN\nSố: 1069/KH-UBND\nLong An, ngày 05 tháng 4 năm 2021\nKẾ HOẠCH\n"
              "Căn cứ Quyết định số 4081/QĐ-UBND ngày 04/11/2020 của UBND tỉnh.\n"
              "Các cơ quan báo cáo kết quả thực hiện Kế hoạch số 1069/KH-UBND.", reg)
    assert doc.meta.doc_number == "1069/KH-UBND"
    assert {c.doc_id for c in doc.citations} == {"4081/QĐ-UBND"}


# --- targets ------------------------------------------------------------------------------

@pytest.mark.parametrize("phrase, comparator", [
    ("100%", "="), ("đạt 50%", "="), ("Trên 70%", ">"), ("từ 90% trở lên", ">="), ("tối thiểu 30%", ">="),
    ("ít nhất 60%", ">="), ("không dưới 40%", ">="), ("khoảng 20%", "~"), ("không quá 5%", "<="),
    ("tối đa 5%", "<="), ("dưới 3%", "<="), ("≥ 80%", ">="), ("đt trên 50%", ">")])
def test_every_comparator(reg, phrase, comparator):
    doc = run(f"Mục tiêu đến năm 2025\n- Tỷ lệ hồ sơ công việc cấp xã xử lý trên mạng {phrase}.", reg)
    assert [(t.comparator, t.year) for t in doc.targets] == [(comparator, 2025)]


def test_several_numbers_in_one_bullet_are_several_targets_with_their_own_scope(reg):
    doc = run("II. MỤC TIÊU\n- 80% hồ sơ công việc cấp huyện, 60% hồ sơ công việc cấp xã được xử lý trên môi trường mạng.\n"
              "- Hạ tầng cáp quang băng rộng phủ trên 80% hộ gia đình và đạt 100% cấp xã.", reg)
    assert [(t.value, t.comparator, t.scope, t.indicator_code) for t in doc.targets] == [
        (80, "=", "district", "records_online_district"), (60, "=", "commune", "records_online_commune"),
        (80, ">", "household", "fibre_households"), (100, "=", "commune", "fibre_communes")]
    assert {t.pillar for t in doc.targets[2:]} == {"infrastructure"}


def test_year_from_sentence_then_heading_then_plan_period(reg):
    doc = run("KẾ HOẠCH\nChuyển đổi số năm 2022\nI. MỤC TIÊU\n1. Mục tiêu cơ bản đến năm 2025\n"
              "- Trên 50% doanh nghiệp nhỏ và vừa sử dụng nền tảng số.\n- Đến năm 2030, 100% xã có cáp quang.\n"
              "2. Nhiệm vụ khác\n- 100% cán bộ được tập huấn.", reg)
    assert [(t.value, t.year, t.scope) for t in doc.targets] == [
        (50, 2025, "enterprise"), (100, 2030, "commune"), (100, 2022, "official")]
    assert [t.year_from for t in doc.targets] == ["heading", "sentence", "plan"]


def test_years_dates_document_numbers_criteria_and_money_are_not_targets(reg):
    doc = run("I. MỤC TIÊU\n- Năm 2025 hoàn thành theo Quyết định số 749/QĐ-TTg ngày 03/6/2020, "
              "đạt chuẩn chỉ tiêu 8.4 và Tiêu chí số 8; kinh phí 2,5 tỷ đồng cho 03 xã; định kỳ 06 tháng báo cáo.", reg)
    assert doc.targets == []


def test_counts_are_targets_when_stated_as_objectives(reg):
    doc = run("3. Thí điểm chuyển đổi số cho 03 phường/xã\nKhảo sát, lựa chọn 03 phường/xã để thí điểm trong năm 2021.",
              reg)
    assert [(t.value, t.unit, t.scope, t.year) for t in doc.targets] == [(3, "count", "commune", 2021)]


def test_table_columns_give_the_year(reg):
    doc = run("II. MỤC TIÊU\n| Chỉ tiêu | Đến năm 2025 | Định hướng đến năm 2030 |\n|---|---|---|\n"
              "| Tỷ trọng kinh tế số trong GRDP | khoảng 20% | tối thiểu 30% |\n"
              "| Tỷ lệ hộ gia đình có cáp quang băng rộng | Trên 80% | 100% |", reg)
    assert [(t.value, t.comparator, t.year, t.scope) for t in doc.targets] == [
        (20, "~", 2025, "province"), (30, ">=", 2030, "province"), (80, ">", 2025, "household"),
        (100, "=", 2030, "household")]
    assert doc.targets[0].indicator_code == "digital_economy_share_grdp"


# --- money --------------------------------------------------------------------------------

@pytest.mark.parametrize("written, amount", [
    ("1.560.000.000 đồng", 1_560_000_000), ("2,5 tỷ đồng", 2_500_000_000), ("850 triệu đồng", 850_000_000),
    ("15.000 triệu đồng", 15_000_000_000), ("120.000.000 đ", 120_000_000), ("3 tỷ 500 triệu đồng", 3_500_000_000),
    ("1,560,000,000 VNĐ", 1_560_000_000)])
def test_every_money_form(reg, written, amount):
    doc = run(f"III. KINH PHÍ\n- Kinh phí thực hiện nhiệm vụ tuyên truyền: {written}.", reg)
    assert [(b.amount_vnd, b.purpose) for b in doc.budgets] == [(amount, "Kinh phí thực hiện nhiệm vụ tuyên truyền")]


def test_money_list_items_inherit_their_parents_source_and_year(reg):
    doc = run("III. KINH PHÍ\n2. Kinh phí từ nguồn ngân sách tỉnh năm 2021: 1.560.000.000 đồng. Trong đó:\n"
              "- Tuyên truyền: 660.000.000 đồng.\n- Thí điểm cho 03 xã: 900.000.000 đồng.", reg)
    assert [(b.amount_vnd, b.funding_source, b.year, b.part_of) for b in doc.budgets] == [
        (1_560_000_000, "nguồn ngân sách tỉnh", 2021, None), (660_000_000, "nguồn ngân sách tỉnh", 2021, 1),
        (900_000_000, "nguồn ngân sách tỉnh", 2021, 1)]
    assert doc.targets == []


# --- agencies and roles --------------------------------------------------------------------

@pytest.mark.parametrize("sentence, expected", [
    ("Sở Thông tin và Truyền thông chủ trì rà soát các chỉ số.", {("so_tttt", "lead")}),
    ("Sở TT&TT là đầu mối theo dõi việc thực hiện.", {("so_tttt", "lead")}),
    ("Sở KH&ĐT: Tham mưu UBND tỉnh bố trí vốn đầu tư.", {("so_khdt", "advise")}),
    ("Sở Tài chính đề xuất UBND tỉnh bố trí kinh phí.", {("so_tai_chinh", "advise")}),
    ("Sở NV trình UBND tỉnh ban hành quy chế.", {("so_noi_vu", "advise")}),
    ("Đài PT&TH tỉnh tăng cường tuyên truyền.", {("dai_pth_tinh", "implement")}),
    ("Các sở, ban, ngành phối hợp chặt chẽ với Sở TT&TT triển khai.", {("cac_so_nganh", "coordinate")}),
    ("Sở Nội vụ chủ trì, phối hợp với Sở Tài chính xây dựng quy chế.", {("so_noi_vu", "lead"),
                                                                        ("so_tai_chinh", "coordinate")}),
    ("UBND các huyện, thị xã, thành phố báo cáo UBND tỉnh kết quả thực hiện.", {("ubnd_huyen", "report")}),
    ("Ủy ban nhân dân tỉnh giao Sở Khoa học và Công nghệ chủ trì triển khai.", {("so_khcn", "lead")}),
    ("Văn phòng UBND tỉnh theo dõi, đôn đốc các sở, ban, ngành.", {("van_phong_ubnd_tinh", "implement")}),
    ("Các cơ quan, đơn vị gửi báo cáo về Sở TT&TT để tổng hợp, báo cáo UBND tỉnh.", {("so_tttt", "report")}),
])
def test_roles_and_that_recipients_are_not_assigned(reg, sentence, expected):
    doc = run("IV. TỔ CHỨC THỰC HIỆN\n" + sentence, reg)
    assert roles(doc) == expected


def test_a_heading_names_the_agency_of_the_tasks_below_it(reg):
    doc = run("IV. TỔ CHỨC THỰC HIỆN\n1. Văn hóa – Xã hội\n- Tổ chức truyền thông về Kế hoạch.\n"
              "- Định kỳ hằng quý tổng hợp báo cáo UBND xã.\n2. Tài chính – Kế toán\n- Tham mưu bố trí kinh phí.", reg)
    assert roles(doc) == {("bo_phan_vhxh_xa", "implement"), ("bo_phan_vhxh_xa", "report"),
                          ("bo_phan_tckt_xa", "advise")}


def test_flat_paragraphs_continue_the_last_subject_until_another_appears(reg):
    doc = run("Ủy ban nhân dân tỉnh giao Sở TT&TT chủ trì triển khai Kế hoạch;\n"
              "Tổ chức các lớp bồi dưỡng kỹ năng số.\nSở Tài chính bố trí kinh phí.\nKinh phí từ ngân sách tỉnh.\n"
              "Thực hiện các nhiệm vụ khác.", reg)
    assert roles(doc) == {("so_tttt", "lead"), ("so_tttt", "implement"), ("so_tai_chinh", "implement")}


def test_objectives_name_bodies_without_assigning_them(reg):
    doc = run("I. MỤC TIÊU\n- Các cơ quan Đảng, Nhà nước, Mặt trận Tổ quốc và các tổ chức chính trị - xã hội "
              "ứng dụng dữ liệu số trong công tác chỉ đạo.", reg)
    assert doc.agencies == []


# --- robustness -------------------------------------------------------------------------

def test_page_furniture_and_hard_breaks_do_not_split_facts(reg):
    doc = run("II. MỤC TIÊU\n- 100% cán bộ, công chức cấp xã được\n\n- 2 -\n\nđào tạo kỹ năng số; thúc đy ứng dụng.\n"
              "image advertisement\nLượt xem: 91\nTrang 3/12\n", reg)
    assert [(t.value, t.scope, t.pillar) for t in doc.targets] == [(100, "official", "skills")]
    assert "đào tạo kỹ năng số" in " ".join(doc.targets[0].quote.split())


def test_without_registries_names_stay_unresolved_and_nothing_fails():
    doc = extract((TEXTS / "ha_tinh_pdf_wrapped.txt").read_text(encoding="utf-8"), registries=Registries())
    assert doc.citations and doc.targets and doc.agencies
    assert all(a.agency_id is None for a in doc.agencies)


def test_json_shape_is_exactly_the_issues(reg):
    doc = run((TEXTS / "news_summary.txt").read_text(encoding="utf-8"), reg).to_json()
    assert list(doc) == ["source", "doc_number", "doc_type", "issuer", "admin_level", "province", "locality", "issued",
                         "signer", "title", "citations", "targets", "budgets", "agencies", "warnings"]
    assert list(doc["citations"][0]) == ["doc_id", "doc_type", "date", "issuer", "relation", "quote", "span"]
    assert list(doc["targets"][0]) == ["indicator", "value", "unit", "comparator", "year", "scope", "pillar", "quote",
                                       "span"]
    assert list(doc["budgets"][0]) == ["amount_vnd", "purpose", "quote", "span"]
    assert list(doc["agencies"][0]) == ["name", "surface", "surface_span", "agency_id", "unit", "role", "task", "quote",
                                        "span"]


_TOKENS = ["Căn cứ", "Quyết định số", "749/QĐ-TTg", "ngày", "03/6/2020", "của", "Sở TT&TT", "chủ trì", "phối hợp với",
           "UBND tỉnh", "100%", "Trên", "70%", "từ", "trở lên", "03 xã", "1.560.000.000 đồng", "2,5 tỷ đồng", "|", "\n",
           "- ", "I.", "1.", "a)", "KẾ HOẠCH", "Số:", "năm 2025", "Đến năm 2025", ":", ";", ",", ".", "báo cáo", "gửi",
           "về", "để tổng hợp", "Cơ quan chủ trì:", "(", ")", "thúc đy", "\r\n", "ỦY BAN NHÂN DÂN", "TỈNH BẾN TRE"]


@settings(max_examples=200, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.text(max_size=400) | st.lists(st.sampled_from(_TOKENS), max_size=50).map(" ".join), st.booleans())
def test_any_unicode_never_raises_and_every_span_quotes_the_text(reg, text, with_registries):
    doc = extract(text, registries=reg if with_registries else Registries())
    doc.to_json()
    for fact in (*doc.citations, *doc.targets, *doc.budgets, *doc.agencies):
        start, end = fact.span
        assert 0 <= start <= end <= len(doc.text)
        assert doc.text[start:end] == fact.quote
