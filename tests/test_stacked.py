"""Task tables a copy flattened to one cell a line, and `|` rows a scan broke (texts written for these tests)."""
from dxcompare.extract.normalize import parse
from heldout_support import reg, roles, run  # noqa: F401 - reg is a fixture

_HEAD = "KẾ HOẠCH\nChuyển đổi số năm 2024\n\nPHỤ LỤC\nDANH MỤC NHIỆM VỤ\nĐơn vị tính: triệu đồng\n"
_COLUMNS = "STT\nNhiệm vụ\nCơ quan chủ trì\nCơ quan phối hợp\nThời gian\nKinh phí\n"


def _table_rows(text: str) -> list[list[str]]:
    doc = parse(text)
    return [[" ".join(doc.work[a:b].split()) for a, b in p.cells] for p in doc.paras if p.kind == "table"]


def test_each_row_becomes_one_table_row_with_a_page_footer_inside_and_a_total(reg):
    text = (_HEAD + _COLUMNS + "1\nSố hóa hồ sơ hộ tịch\nPhòng Tư pháp huyện\nUBND các xã, thị trấn\nQuý II/2024\n850\n"
            "2\nTập huấn kỹ năng số\nPhòng Văn hóa và Thông tin huyện\nTrang 4/6\nPhòng Nội vụ huyện\nNăm 2024\n"
            "1.040\nTổng cộng\n1.890\n")
    rows = _table_rows(text)
    assert rows[1] == ["1", "Số hóa hồ sơ hộ tịch", "Phòng Tư pháp huyện", "UBND các xã, thị trấn", "Quý II/2024", "850"]
    assert rows[2][2:] == ["Phòng Văn hóa và Thông tin huyện", "Phòng Nội vụ huyện", "Năm 2024", "1.040"]
    assert rows[3][0] == "Tổng cộng" and rows[3][5] == "1.890"
    doc = run(text, reg)
    assert sorted(b.amount_vnd for b in doc.budgets) == [850_000_000, 1_040_000_000, 1_890_000_000]
    assert roles(doc) == {("phong_tu_phap_huyen", "lead"), ("ubnd_xa", "coordinate"), ("phong_vhtt_huyen", "lead"),
                          ("phong_noi_vu_huyen", "coordinate")}


def test_a_cell_wrapped_in_lower_case_joins_the_cell_above():
    text = _HEAD + _COLUMNS + "1\nSố hóa hồ sơ, kết quả giải quyết\nthủ tục hành chính\nPhòng Tư pháp\nCông an huyện\nNăm 2024\n300\n"
    assert _table_rows(text)[1][1] == "Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính"


def test_a_row_whose_lines_do_not_fall_one_to_a_column_stays_text_and_page_numbers_stay_furniture():
    text = _HEAD + _COLUMNS + "1\nSố hóa hồ sơ\nPhòng Tư pháp\nNăm 2024\n300\n\nII. TỔ CHỨC THỰC HIỆN\n12\n"
    assert _table_rows(text) == []  # no row fits: the header alone is no table
    doc = parse(text)
    assert doc.work.rstrip().endswith("THỰC HIỆN")  # "12" after the table is a page number, blanked


def test_numbers_that_do_not_run_in_turn_are_no_rows():
    text = _HEAD + _COLUMNS + "3\nSố hóa hồ sơ\nPhòng Tư pháp\nCông an huyện\nNăm 2024\n300\n"
    assert _table_rows(text) == []


def test_a_pipe_table_row_whose_separators_a_scan_lost_is_mended():
    text = ("II. CHỈ TIÊU NĂM 2022\nSTT | Chỉ tiêu | Năm 2021 | Năm 2022\n1 | Hồ sơ trực tuyến tại xã | 22% | ≥ 40%\n"
            "2  Hộ gia đình cài đặt ứng dụng   61%   80%\n3 | Hộ kinh doanh thanh toán số | 15% 30%\n"
            "Các chỉ tiêu trên được giao cho từng thôn.\n")
    assert _table_rows(text)[1:] == [["1", "Hồ sơ trực tuyến tại xã", "22%", "≥ 40%"],
                                     ["2", "Hộ gia đình cài đặt ứng dụng", "61%", "80%"],
                                     ["3", "Hộ kinh doanh thanh toán số", "15%", "30%"]]
