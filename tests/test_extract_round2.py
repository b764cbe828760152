"""Generalisation failures found on the round-2 held-out plans (`tests/heldout/round2/`), one class per test.

The round-2 plans were written and annotated before the extractor's code was read or run on
them. The small texts here are new (other places, other wording), so the rules stay general.
The last tests keep the round-2 annotations honest and guard their results.
"""
from collections import Counter
from pathlib import Path

import pytest

from dxcompare.extract import Registries, extract
from dxcompare.extract.issuer import find_province
from dxcompare.foldedtext import FoldedText
from heldout_support import agency_key, annotations, reg, roles, run, tgts  # noqa: F401 - reg is a fixture

ROUND2 = Path(__file__).parent / "heldout" / "round2"

SMALL_AGENCIES = """agency_id,name_vi,name_en,aliases,kind,level,successor,successor_note,source
cac_so_nganh,"Các sở, ban, ngành tỉnh",Provincial departments,Các sở ngành,department_group,province,,,test
so_tttt,Sở Thông tin và Truyền thông,Department of Information and Communications,Sở TT&TT,department,province,,,test
to_chuc_ctxh,Các tổ chức chính trị - xã hội,Socio-political organisations,đoàn thể,mass_organisation,province,,,test
ubmttq_tinh,Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh,Provincial Front,Ủy ban MTTQ Việt Nam tỉnh,mass_organisation,province,,,test
ubnd_tinh,Ủy ban nhân dân tỉnh,Provincial People's Committee,UBND tỉnh,peoples_committee,province,,,test
"""


@pytest.fixture(scope="module")
def small_reg(tmp_path_factory) -> Registries:
    ref = tmp_path_factory.mktemp("data") / "reference"
    ref.mkdir()
    (ref / "agencies.csv").write_text(SMALL_AGENCIES, encoding="utf-8")
    return Registries.load(ref.parent)


PROVINCE_HEAD = "ỦY BAN NHÂN DÂN\nTỈNH PHÚ YÊN\nSố: 12/KH-UBND\nPhú Yên, ngày 02 tháng 3 năm 2023\nKẾ HOẠCH\nChuyển đổi số năm 2023\n"
COMMUNE_HEAD = "ỦY BAN NHÂN DÂN\nPHƯỜNG HÒA BÌNH\nSố: 08/KH-UBND\nHòa Bình, ngày 05 tháng 4 năm 2024\nKẾ HOẠCH\nChuyển đổi số năm 2024\n"


# --- agencies: what the registry lacks -----------------------------------------------------

def test_a_body_the_registry_lacks_stays_unresolved_with_a_warning_not_a_loose_group(small_reg):
    text = PROVINCE_HEAD + ("III. TỔ CHỨC THỰC HIỆN\n1. Sở Ngoại vụ: Phối hợp với Sở Thông tin và Truyền thông quảng bá.\n"
                            "2. Hội Cựu chiến binh tỉnh: Phối hợp tuyên truyền.\n"
                            "3. Các đoàn thể tỉnh phối hợp vận động hội viên.\n")
    doc = run(text, small_reg)
    assert roles(doc) == {("Sở Ngoại vụ", "coordinate"), ("Hội Cựu chiến binh tỉnh", "coordinate"),
                          ("to_chuc_ctxh", "coordinate")}  # a plural group as written is a member of the group
    for name in ("Sở Ngoại vụ", "Hội Cựu chiến binh tỉnh"):
        assert any(repr(name) in w and "left unresolved" in w for w in doc.warnings)


def test_a_level_word_of_another_form_resolves_to_the_registry_level(reg):
    text = COMMUNE_HEAD + ("III. TỔ CHỨC THỰC HIỆN\n1. Đề nghị Ủy ban MTTQ Việt Nam phường và các đoàn thể phường phối hợp "
                           "tuyên truyền.\n2. Bưu điện thị\nxã phối hợp hỗ trợ người dân.\n")
    doc = run(text, reg)
    assert ("ubmttq_xa", "coordinate") in roles(doc)
    assert ("buu_dien_huyen", "coordinate") in roles(doc)  # a level word cut by a line break
    district = run(PROVINCE_HEAD + "III. TỔ CHỨC THỰC HIỆN\n1. Đề nghị Ủy ban MTTQ Việt Nam thị xã phối hợp vận động.\n", reg)
    assert roles(district) == {("ubmttq_huyen", "coordinate")}


# --- agencies: bodies common in provincial plans ------------------------------------------

def test_branches_of_central_bodies_mass_organisations_and_village_heads_are_named(reg):
    text = PROVINCE_HEAD + (
        "IV. TỔ CHỨC THỰC HIỆN\n"
        "1. Ngân hàng Nhà nước chi nhánh tỉnh Phú Yên: Triển khai thanh toán không dùng tiền mặt.\n"
        "2. Bảo hiểm xã hội tỉnh, Cục Thuế tỉnh: Thực hiện giao dịch điện tử.\n"
        "3. Thanh tra tỉnh chủ trì kiểm tra an toàn thông tin.\n"
        "4. Đề nghị Tỉnh đoàn Phú Yên, Hội LHPN tỉnh, Hội Nông dân tỉnh, Hiệp hội Doanh nghiệp tỉnh phối hợp tuyên truyền.\n"
        "5. Đề nghị MobiFone Phú Yên, Trung tâm Viễn thông Sông Cầu, Bưu điện tỉnh phối hợp phát triển hạ tầng.\n"
        "6. Trưởng thôn, tổ trưởng tổ dân phố: Phối hợp hướng dẫn người dân.\n")
    assert roles(run(text, reg)) == {
        ("nhnn_chi_nhanh_tinh", "implement"), ("bhxh_tinh", "implement"), ("cuc_thue_tinh", "implement"),
        ("thanh_tra_tinh", "lead"), ("tinh_doan", "coordinate"), ("hoi_lhpn_tinh", "coordinate"),
        ("hoi_nong_dan_tinh", "coordinate"), ("hiep_hoi_dn_tinh", "coordinate"),
        ("mobifone_tinh", "coordinate"), ("Trung tâm Viễn thông Sông Cầu", "coordinate"),
        ("buu_dien_tinh", "coordinate"), ("truong_thon", "coordinate")}


def test_district_and_commune_units_of_mass_organisations_are_not_the_provincial_ones(reg):
    text = ("ỦY BAN NHÂN DÂN\nHUYỆN CHÂU THÀNH\nSố: 31/KH-UBND\nChâu Thành, ngày 03 tháng 5 năm 2023\nKẾ HOẠCH\nChuyển đổi số\n"
            "III. TỔ CHỨC THỰC HIỆN\n1. Đề nghị Hội Nông dân huyện, Huyện đoàn Châu Thành, Hội Cựu chiến binh huyện phối hợp "
            "tuyên truyền.\n2. Bộ phận Tiếp nhận và Trả kết quả huyện: Thực hiện số hóa hồ sơ.\n")
    assert roles(run(text, reg)) == {
        ("hoi_nong_dan_huyen", "coordinate"), ("doan_tn_huyen", "coordinate"),
        ("hoi_ccb_huyen", "coordinate"), ("Bộ phận Tiếp nhận và Trả kết quả huyện", "implement")}


def test_a_commune_civil_servant_by_office_or_unit_is_that_unit(reg):
    text = COMMUNE_HEAD + ("III. TỔ CHỨC THỰC HIỆN\n1. Công chức Văn phòng - Thống kê: Là đầu mối, tham mưu UBND phường.\n"
                           "2. Công chức Văn hóa - Xã hội phường: Thực hiện tuyên truyền.\n")
    assert roles(run(text, reg)) == {("van_phong_ubnd_xa", "lead"), ("van_phong_ubnd_xa", "advise"),
                                     ("bo_phan_vhxh_xa", "implement")}


# --- agencies: who is the subject ---------------------------------------------------------

def test_a_body_told_to_act_by_chi_dao_is_the_subject_of_that_task(reg):
    text = COMMUNE_HEAD + ("III. TỔ CHỨC THỰC HIỆN\n1. UBND các khóm\n- Chỉ đạo trưởng khóm phối hợp với Tổ công nghệ số "
                           "cộng đồng hướng dẫn người dân.\n")
    assert roles(run(text, reg)) == {("truong_thon", "coordinate")}


def test_a_body_followed_by_where_it_sits_is_still_a_subject(reg):
    text = COMMUNE_HEAD + ("III. TỔ CHỨC THỰC HIỆN\n1. Tổ công nghệ số cộng đồng thôn, tổ dân phố thực hiện hướng dẫn "
                           "người dân.\n2. Trưởng ấp, Tổ công nghệ số cộng đồng các khóm: Triển khai hướng dẫn người dân.\n")
    assert roles(run(text, reg)) == {("to_cns_cong_dong", "implement"), ("truong_thon", "implement")}


def test_the_body_reports_are_sent_to_for_compiling_is_not_assigned(reg):
    text = PROVINCE_HEAD + ("IV. TỔ CHỨC THỰC HIỆN\n1. Các sở, ban, ngành triển khai nhiệm vụ; báo cáo kết quả về Sở "
                            "Thông tin và Truyền thông để tổng hợp.\n")
    assert roles(run(text, reg)) == {("cac_so_nganh", "implement"), ("cac_so_nganh", "report")}


def test_compiling_then_reporting_and_a_deadline_opening_are_reporting(reg):
    text = PROVINCE_HEAD + ("IV. TỔ CHỨC THỰC HIỆN\n1. Sở Thông tin và Truyền thông\n- Tổng hợp kết quả thực hiện, báo cáo "
                            "UBND tỉnh.\n2. Sở Nội vụ chủ trì đánh giá; trước ngày 10/12 hằng năm tổng hợp, báo cáo UBND "
                            "tỉnh.\n")
    assert roles(run(text, reg)) == {("so_tttt", "report"), ("so_noi_vu", "lead"), ("so_noi_vu", "report")}


# --- metadata -----------------------------------------------------------------------------

def test_own_number_in_a_two_column_header_is_not_a_citation(reg):
    text = ("UỶ BAN NHÂN DÂN            CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nTHỊ XÃ SÔNG CẦU        Độc lập - Tự do - Hạnh phúc\n"
            "Số: 77/KH-UBND          Sông Cầu, ngày 09 tháng 5 năm 2022\n\nKẾ HOẠCH\nChuyển đổi số năm 2022\n"
            "Căn cứ Quyết định số 749/QĐ-TTg ngày 03/6/2020 của Thủ tướng Chính phủ;\n")
    doc = run(text, reg)
    assert doc.meta.doc_number == "77/KH-UBND"
    assert {c.doc_id for c in doc.citations} == {"749/QĐ-TTg"}


def test_the_province_named_most_wins_and_after_tinh_counts_more(reg):
    assert find_province("tỉnh Phú Yên; Khánh Hòa, Khánh Hòa", reg) == "Phú Yên"
    assert find_province("Khánh Hòa và Khánh Hòa, Phú Yên", reg) == "Khánh Hòa"


# --- targets ------------------------------------------------------------------------------

def test_a_comparator_is_shared_by_a_list_of_levels_but_not_by_restated_items(reg):
    text = PROVINCE_HEAD + ("II. MỤC TIÊU NĂM 2023\n- Tỷ lệ số hóa hồ sơ đạt tối thiểu 60% ở cấp tỉnh, 40% ở cấp huyện và "
                            "25% ở cấp xã.\n- Trên 90% hồ sơ công việc cấp tỉnh, 70% hồ sơ công việc cấp huyện được xử lý "
                            "trên môi trường mạng.\n")
    assert tgts(run(text, reg)) == {(60, "%", ">=", 2023), (40, "%", ">=", 2023), (25, "%", ">=", 2023),
                                    (90, "%", ">", 2023), (70, "%", "=", 2023)}


def test_a_level_already_reached_is_not_a_target_and_products_are_counted(reg):
    text = PROVINCE_HEAD + ("II. MỤC TIÊU NĂM 2023\n- Năm 2022, tỉnh đã đạt 28,4% hồ sơ trực tuyến.\n"
                            "- Phấn đấu tỷ lệ hồ sơ trực tuyến đạt 45%.\n"
                            "- Đưa 80 sản phẩm OCOP lên sàn thương mại điện tử.\n")
    assert tgts(run(text, reg)) == {(45, "%", "=", 2023), (80, "count", "=", 2023)}


# --- the round-2 held-out plans -----------------------------------------------------------


def test_every_round2_quote_is_in_its_text_and_ids_are_in_the_registry(reg):
    ids = {a.agency_id for a in reg.agencies}
    count = 0
    for text_path, ann in annotations(ROUND2):
        folded = FoldedText(text_path.read_text(encoding="utf-8"))
        for key in ("citations", "targets", "budgets", "assignments"):
            for row in ann.get(key) or []:
                assert folded.find(row["quote"]) is not None, (text_path.name, key, row["quote"])
                count += 1
        for row in ann["assignments"]:
            assert row["agency_id"] is None or row["agency_id"] in ids, (text_path.name, row["agency_id"])
    assert count > 200


def test_round2_plans_keep_their_results(reg):
    """Exact on everything but targets; one annotated target (a count in a task list) is still missed."""
    missed_targets = 0
    for text_path, ann in annotations(ROUND2):
        doc = extract(text_path.read_text(encoding="utf-8"), registries=reg)
        assert {(c.doc_id, c.relation) for c in doc.citations} == \
            {(c["doc_id"], c["relation"]) for c in ann["citations"]}, text_path.name
        assert Counter(b.amount_vnd for b in doc.budgets) == Counter(b["amount_vnd"] for b in ann["budgets"])
        assert {(agency_key(a.agency_id, a.name), a.role) for a in doc.agencies} == \
            {(agency_key(a["agency_id"], a["name_in_source"]), a["role"]) for a in ann["assignments"]}, text_path.name
        got = Counter((float(t.value), t.comparator, t.year) for t in doc.targets)
        want = Counter((float(t["value"]), t["comparator"], t["year"]) for t in ann["targets"])
        assert not got - want, text_path.name
        missed_targets += sum((want - got).values())
    assert missed_targets <= 1


ROUND4 = Path(__file__).parent / "heldout" / "round4"


def test_round4_plans_keep_their_results_after_the_fixes(reg):
    """Round 4's first run is in benchmarks/heldout_quality.md; after the fixes every fact comes out as annotated."""
    ids = {a.agency_id for a in reg.agencies}
    for text_path, ann in annotations(ROUND4):
        doc = run(text_path.read_text(encoding="utf-8"), reg)
        assert {(c.doc_id, c.relation) for c in doc.citations} == \
            {(c["doc_id"], c["relation"]) for c in ann["citations"]}, text_path.name
        assert Counter(b.amount_vnd for b in doc.budgets) == Counter(b["amount_vnd"] for b in ann["budgets"])
        assert Counter((float(t.value), t.comparator, t.year) for t in doc.targets) == \
            Counter((float(t["value"]), t["comparator"], t["year"]) for t in ann["targets"]), text_path.name
        assert {(agency_key(a.agency_id, a.name), a.role) for a in doc.agencies} == \
            {(agency_key(a["agency_id"], a["name_in_source"]), a["role"]) for a in ann["assignments"]}, text_path.name
        assert all(a["agency_id"] is None or a["agency_id"] in ids for a in ann["assignments"])
