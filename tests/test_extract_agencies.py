"""Agency recognition (issue 10), one class of miss per test, on small texts written for the purpose."""
from heldout_support import reg, run  # noqa: F401 - reg is a fixture

PROVINCE = ("ỦY BAN NHÂN DÂN\nTỈNH QUẢNG NGÃI\nSố: 15/KH-UBND\nQuảng Ngãi, ngày 10 tháng 3 năm 2023\nKẾ HOẠCH\n"
            "Chuyển đổi số năm 2023\n")
DISTRICT = ("ỦY BAN NHÂN DÂN\nHUYỆN CẦN GIUỘC\nSố: 31/KH-UBND\nCần Giuộc, ngày 03 tháng 5 năm 2023\nKẾ HOẠCH\n"
            "Chuyển đổi số huyện Cần Giuộc năm 2023\n")
COMMUNE = ("ỦY BAN NHÂN DÂN\nXÃ PHƯỚC LÝ\nSố: 08/KH-UBND\nPhước Lý, ngày 03 tháng 5 năm 2025\nKẾ HOẠCH\n"
           "Chuyển đổi số xã Phước Lý năm 2025\n")


def got(doc):
    return {(a.agency_id or a.name, a.role) for a in doc.agencies}


def test_an_abbreviation_comes_out_under_the_registrys_canonical_name_with_the_text_as_surface(reg):
    text = PROVINCE + ("III. TỔ CHỨC THỰC HIỆN\n1. Sở NN&PTNT, Sở LĐ-TB&XH, Sở GD&ĐT, Sở KH&CN, Sở TC: Triển khai "
                       "các nhiệm vụ được giao.\n2. Uỷ ban MTTQ Việt Nam tỉnh, Đài PT&TH tỉnh phối hợp tuyên truyền.\n")
    doc = run(text, reg)
    names = {a.surface: (a.name, a.agency_id) for a in doc.agencies}
    assert names["Sở NN&PTNT"] == ("Sở Nông nghiệp và Phát triển nông thôn", "so_nn_ptnt")
    assert names["Sở LĐ-TB&XH"] == ("Sở Lao động - Thương binh và Xã hội", "so_ldtbxh")
    assert names["Sở GD&ĐT"][1] == "so_gddt" and names["Sở KH&CN"][1] == "so_khcn" and names["Sở TC"][1] == "so_tai_chinh"
    assert names["Uỷ ban MTTQ Việt Nam tỉnh"] == ("Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh", "ubmttq_tinh")
    assert names["Đài PT&TH tỉnh"][1] == "dai_pth_tinh"
    for a in doc.agencies:
        assert doc.text[a.surface_span[0]:a.surface_span[1]] == a.surface


def test_a_generic_body_of_a_named_unit_keeps_the_unit(reg):
    doc = run(PROVINCE + "III. TỔ CHỨC THỰC HIỆN\n1. UBND huyện Cần Giuộc chủ trì thí điểm nền tảng họp trực tuyến.\n", reg)
    (a,) = doc.agencies
    assert (a.agency_id, a.unit, a.surface, a.role) == ("ubnd_huyen", "Cần Giuộc", "UBND huyện Cần Giuộc", "lead")
    assert doc.to_json()["agencies"][0]["unit"] == "Cần Giuộc"


def test_district_offices_and_their_2025_successors_with_or_without_the_level_word(reg):
    text = DISTRICT + ("III. TỔ CHỨC THỰC HIỆN\n1. Phòng Văn hóa và Thông tin chủ trì tham mưu triển khai Kế hoạch.\n"
                       "2. Phòng Tài chính - Kế hoạch huyện, Phòng Giáo dục và Đào tạo, Phòng Nông nghiệp và Phát triển "
                       "nông thôn phối hợp thực hiện.\n3. Văn phòng HĐND và UBND huyện vận hành Bộ phận Một cửa.\n"
                       "4. Phòng Văn hóa, Khoa học và Thông tin; Phòng Nông nghiệp và Môi trường: Thực hiện số hóa hồ sơ.\n")
    ids = {a.agency_id for a in run(text, reg).agencies}
    assert ids == {"phong_vhtt_huyen", "phong_tckh_huyen", "phong_gddt_huyen", "phong_nn_ptnt_huyen",
                   "vp_hdnd_ubnd_huyen", "phong_vhkhtt_huyen", "phong_nn_mt_huyen"}


def test_provincial_departments_beyond_the_common_few_and_sector_branches(reg):
    text = PROVINCE + ("III. TỔ CHỨC THỰC HIỆN\n1. Sở Lao động – Thương binh và Xã hội, Sở Nông nghiệp và Môi trường, "
                       "Sở Dân tộc và Tôn giáo: Triển khai các nhiệm vụ.\n2. Ngân hàng Nhà nước chi nhánh tỉnh, Kho bạc "
                       "Nhà nước tỉnh, Bộ Chỉ huy Quân sự tỉnh, Viettel Quảng Ngãi phối hợp thực hiện.\n")
    assert {a.agency_id for a in run(text, reg).agencies} == {
        "so_ldtbxh", "so_nn_mt", "so_dan_toc_ton_giao", "nhnn_chi_nhanh_tinh", "kbnn_tinh", "bchqs_tinh", "viettel_tinh"}


def test_commune_bodies_and_civil_servant_posts(reg):
    text = COMMUNE + ("III. TỔ CHỨC THỰC HIỆN\n1. Công an xã chủ trì triển khai định danh điện tử.\n"
                      "2. Đoàn Thanh niên xã, Ủy ban Mặt trận Tổ quốc xã phối hợp tuyên truyền.\n"
                      "3. Công chức Văn phòng - Thống kê tổng hợp, báo cáo kết quả.\n"
                      "4. Phòng Văn hóa - Xã hội, Trung tâm Phục vụ hành chính công xã: Thực hiện số hóa hồ sơ.\n")
    assert got(run(text, reg)) == {
        ("cong_an_xa", "lead"), ("doan_tn_xa", "coordinate"), ("ubmttq_xa", "coordinate"),
        ("van_phong_ubnd_xa", "report"), ("phong_vhxh_xa", "implement"), ("ttphcc_xa", "implement")}


def test_a_body_named_after_a_person_or_absent_from_the_registry_is_still_found(reg):
    text = PROVINCE + ("III. TỔ CHỨC THỰC HIỆN\n1. Trường Chính trị Tô Hiệu phối hợp bồi dưỡng kỹ năng số.\n"
                       "2. Hội Khuyến học tỉnh, Trung tâm Khuyến công Quảng Ngãi tham gia tuyên truyền.\n")
    doc = run(text, reg)
    school = next(a for a in doc.agencies if a.surface == "Trường Chính trị Tô Hiệu")
    assert (school.agency_id, school.unit, school.role) == ("truong_chinh_tri_tinh", "Tô Hiệu", "coordinate")
    unknown = {a.name for a in doc.agencies if a.agency_id is None}
    assert unknown == {"Hội Khuyến học tỉnh", "Trung tâm Khuyến công Quảng Ngãi"}
    assert all(any(repr(n) in w and "left unresolved" in w for w in doc.warnings) for n in unknown)


def test_a_party_resolution_names_its_boards_committees_front_and_media(reg):
    text = ("ĐẢNG BỘ TỈNH HÀ NAM\nTỈNH ỦY\nSố 12-NQ/TU\nHà Nam, ngày 05 tháng 8 năm 2022\nNGHỊ QUYẾT\nvề chuyển đổi số\n"
            "II. TỔ CHỨC THỰC HIỆN\n1. Các huyện ủy, thị ủy, thành ủy, đảng ủy trực thuộc Tỉnh ủy tổ chức quán triệt "
            "Nghị quyết.\n2. Đảng đoàn HĐND tỉnh lãnh đạo ban hành cơ chế hỗ trợ.\n3. Ban cán sự đảng UBND tỉnh xây dựng "
            "kế hoạch thực hiện.\n4. Ban Tuyên giáo Tỉnh ủy chủ trì, phối hợp với Ban Dân vận Tỉnh ủy, Báo Hà Nam, Đài "
            "Phát thanh và Truyền hình tỉnh tuyên truyền Nghị quyết.\n5. Ban Tổ chức Tỉnh ủy tham mưu kiện toàn Ban Chỉ "
            "đạo.\n6. Ủy ban Kiểm tra Tỉnh uỷ chủ trì giám sát.\n7. Văn phòng Tỉnh ủy theo dõi, đôn đốc thực hiện.\n")
    doc = run(text, reg)
    assert doc.meta.issuer == "Tỉnh ủy Hà Nam" and doc.meta.issuer_agency_id == "tinh_uy"
    assert got(doc) == {
        ("huyen_uy", "implement"), ("dang_uy_truc_thuoc", "implement"), ("dang_doan_hdnd_tinh", "implement"),
        ("ban_can_su_ubnd_tinh", "implement"), ("ban_tuyen_giao_tu", "lead"), ("ban_dan_van_tu", "coordinate"),
        ("bao_tinh", "coordinate"), ("dai_pth_tinh", "coordinate"), ("ban_to_chuc_tu", "advise"),
        ("ubkt_tu", "lead"), ("vp_tinh_uy", "implement")}


def test_the_proposer_advises_and_a_chained_item_gives_each_body_its_role(reg):
    text = ("ỦY BAN NHÂN DÂN\nTỈNH QUẢNG NGÃI\nSố: 15/QĐ-UBND\nQuảng Ngãi, ngày 10 tháng 3 năm 2023\nQUYẾT ĐỊNH\n"
            "Ban hành Kế hoạch chuyển đổi số\nTheo đề nghị của Giám đốc Sở Khoa học và Công nghệ tại Tờ trình số "
            "45/TTr-SKHCN ngày 01/3/2023.\nQUYẾT ĐỊNH:\nĐiều 1. Ban hành Kế hoạch.\nĐiều 2. Trên cơ sở đề xuất của "
            "Sở Nội vụ, Sở Tài chính tham mưu UBND tỉnh bố trí kinh phí; Sở Tài chính chủ trì, phối hợp với Sở Y tế "
            "tham mưu UBND tỉnh phân bổ kinh phí.\n")
    assert got(run(text, reg)) == {("so_khcn", "advise"), ("so_noi_vu", "advise"), ("so_tai_chinh", "advise"),
                                   ("so_tai_chinh", "lead"), ("so_y_te", "coordinate")}


def test_heads_of_bodies_in_an_execution_article_make_the_bodies_implement(reg):
    text = ("ỦY BAN NHÂN DÂN\nTỈNH QUẢNG NGÃI\nSố: 15/QĐ-UBND\nQuảng Ngãi, ngày 10 tháng 3 năm 2023\nQUYẾT ĐỊNH\n"
            "Ban hành Kế hoạch\nĐiều 3. Chánh Văn phòng UBND tỉnh, Giám đốc các sở, Thủ trưởng các ban, ngành thuộc "
            "tỉnh, Chủ tịch UBND các huyện, thị xã, thành phố chịu trách nhiệm thi hành Quyết định này.\n")
    doc = run(text, reg)
    assert got(doc) == {("van_phong_ubnd_tinh", "implement"), ("cac_so_nganh", "implement"), ("ubnd_huyen", "implement")}
    assert all(a.name in ("Văn phòng Ủy ban nhân dân tỉnh", "Các sở, ban, ngành tỉnh", "Ủy ban nhân dân cấp huyện")
               for a in doc.agencies)  # the bodies, not their heads


def test_an_appendix_task_table_gives_lead_coordinate_and_money_with_the_unit_in_the_header(reg):
    text = DISTRICT + ("PHỤ LỤC\nNHIỆM VỤ TRIỂN KHAI\n"
                       "| STT | Nhiệm vụ | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian | Kinh phí (triệu đồng) |\n"
                       "| 1 | Xây dựng kho dữ liệu dùng chung | Phòng Văn hóa và Thông tin | Phòng Tài chính - Kế hoạch, "
                       "UBND các xã | 2023 | 1.500 |\n"
                       "| 2 | Đào tạo kỹ năng số cho cán bộ | Phòng Nội vụ | Trung tâm Chính trị huyện | 2023-2024 | 350 |\n")
    doc = run(text, reg)
    assert got(doc) == {("phong_vhtt_huyen", "lead"), ("phong_tckh_huyen", "coordinate"), ("ubnd_xa", "coordinate"),
                        ("phong_noi_vu_huyen", "lead"), ("Trung tâm Chính trị huyện", "coordinate")}
    assert sorted(b.amount_vnd for b in doc.budgets) == [350_000_000, 1_500_000_000]


# --- classes found on the round-4 held-out plans (tests/heldout/round4/), each with a new text ------------

def test_a_body_that_directs_another_acts_and_so_does_the_body_directed(reg):
    text = PROVINCE + ("III. TỔ CHỨC THỰC HIỆN\n1. Sở Y tế chỉ đạo Trung tâm Kiểm soát bệnh tật tỉnh triển khai "
                       "hồ sơ sức khỏe điện tử.\n2. UBND tỉnh giao Sở Tư pháp số hóa sổ hộ tịch.\n")
    assert got(run(text, reg)) == {("so_y_te", "implement"), ("Trung tâm Kiểm soát bệnh tật tỉnh", "implement"),
                                   ("so_tu_phap", "implement")}


def test_a_number_after_a_name_and_a_qualifier_before_the_verb_keep_it_a_subject(reg):
    text = PROVINCE + ("III. TỔ CHỨC THỰC HIỆN\n1. Ngân hàng Nhà nước Khu vực 9 phối hợp thúc đẩy thanh toán số.\n"
                       "2. Ủy ban MTTQ Việt Nam tỉnh chỉ đạo các tổ chức chính trị - xã hội trực thuộc vận động "
                       "hội viên.\n")
    assert got(run(text, reg)) == {("nhnn_khu_vuc", "coordinate"), ("ubmttq_tinh", "implement"),
                                   ("to_chuc_ctxh", "implement")}


def test_whole_words_only_and_capitalised_words_inside_an_unregistered_name(reg):
    text = COMMUNE + ("III. TỔ CHỨC THỰC HIỆN\n1. Đoàn Thanh niên, Hội Nông dân phối hợp tuyên truyền.\n"
                      "2. Quỹ Hỗ trợ Phát triển hợp tác xã tỉnh phối hợp cho vay.\n")
    assert got(run(text, reg)) == {("doan_tn_xa", "coordinate"), ("hoi_nong_dan_xa", "coordinate"),
                                   ("Quỹ Hỗ trợ Phát triển hợp tác xã tỉnh", "coordinate")}


def test_district_party_committees_as_a_list_and_coordination_between_bodies(reg):
    text = PROVINCE + ("I. MỤC ĐÍCH, YÊU CẦU\n- Bảo đảm sự phối hợp chặt chẽ giữa các sở, ban, ngành và UBND các "
                       "huyện, thị xã trong tổ chức thực hiện.\nIII. TỔ CHỨC THỰC HIỆN\n1. Các thị ủy, huyện ủy "
                       "quán triệt Kế hoạch.\n")
    assert got(run(text, reg)) == {("cac_so_nganh", "coordinate"), ("ubnd_huyen", "coordinate"),
                                   ("huyen_uy", "implement")}


def test_a_comparator_is_shared_by_a_second_number_that_names_only_its_level(reg):
    doc = run(DISTRICT + "II. CHỈ TIÊU NĂM 2023\n1. Tối thiểu 70% hồ sơ thủ tục hành chính cấp huyện và 50% cấp xã "
                         "được giải quyết trực tuyến.\n", reg)
    assert {(t.value, t.comparator) for t in doc.targets} == {(70, ">="), (50, ">=")}


def test_after_directing_another_body_the_item_continues_with_its_own_subject(reg):
    text = PROVINCE + ("III. TỔ CHỨC THỰC HIỆN\n1. UBND các huyện, thị xã, thành phố xây dựng kế hoạch thực hiện; chỉ "
                       "đạo UBND cấp xã triển khai Tổ công nghệ số cộng đồng; báo cáo kết quả về Sở Thông tin và "
                       "Truyền thông trước ngày 15/12 hằng năm.\n")
    assert got(run(text, reg)) == {("ubnd_huyen", "implement"), ("ubnd_huyen", "report"), ("ubnd_xa", "implement")}
