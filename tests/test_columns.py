"""Task tables laid out in columns without "|": tab-separated and aligned with spaces (texts written for these tests)."""
from dxcompare.extract.columns import ColumnTable
from heldout_support import reg, roles, run  # noqa: F401 - reg is a fixture

_HEAD = "KẾ HOẠCH\nỨng dụng công nghệ thông tin năm 2024\n\nPHỤ LỤC\nNHIỆM VỤ CỤ THỂ\n"


def _cells(table: ColumnTable, line: str) -> list[str] | None:
    cells = table.row(line)
    return None if cells is None else [line[a:b] for a, b in cells]


def test_a_spaced_table_keeps_each_cell_under_its_column_and_ends_at_running_text():
    t = ColumnTable()
    assert _cells(t, "STT  Nhiệm vụ              Chủ trì        Phối hợp") == ["STT", "Nhiệm vụ", "Chủ trì", "Phối hợp"]
    assert _cells(t, "1    Số hóa hồ sơ          Sở Tư pháp     Công an tỉnh") == \
        ["1", "Số hóa hồ sơ", "Sở Tư pháp", "Công an tỉnh"]
    assert _cells(t, "     hộ tịch                             Bưu điện tỉnh") == ["", "hộ tịch", "", "Bưu điện tỉnh"]
    assert _cells(t, "Các nhiệm vụ trên được triển khai trong năm 2024 theo tiến độ đã giao cho từng cơ quan.") is None
    assert _cells(t, "2    Không còn là bảng     Sở Y tế        Sở Tài chính") is None  # a new header is needed


def test_prose_with_wide_spaces_or_labels_is_no_table():
    t = ColumnTable()
    assert t.row("Sở Nội vụ\xa0chủ trì, phối hợp với Sở Tài chính  thực hiện  nhiệm vụ cải cách hành chính") is None
    assert t.row("Cơ quan chủ trì:   Sở Y tế     Thời gian:  2024") is None
    assert t.row("ỦY BAN NHÂN DÂN        CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM") is None


def test_a_tab_separated_task_table_gives_roles_and_money(reg):
    text = _HEAD + ("STT\tNhiệm vụ\tCơ quan chủ trì\tCơ quan phối hợp\tKinh phí (triệu đồng)\n"
                    "1\tNâng cấp mạng nội bộ\tVăn phòng UBND huyện\tViettel huyện\t1.200\n"
                    "2\tTập huấn kỹ năng số\tPhòng Nội vụ huyện\t\t300\n"
                    "\tTổng cộng\t\t\t1.500\n")
    doc = run(text, reg)
    assert roles(doc) == {("vp_hdnd_ubnd_huyen", "lead"), ("Viettel huyện", "coordinate"), ("phong_noi_vu_huyen", "lead")}
    assert [b.amount_vnd for b in doc.budgets] == [1_200_000_000, 300_000_000, 1_500_000_000]


def test_a_spaced_table_with_wrapped_cells_gives_roles_money_and_whole_tasks(reg):
    text = _HEAD + (
        "STT  Nhiệm vụ                        Cơ quan chủ trì     Cơ quan phối hợp        Kinh phí\n"
        "                                                                                 (triệu đồng)\n"
        "1    Số hóa hồ sơ, kết quả giải      Sở Tư pháp          Công an tỉnh;           2.400\n"
        "     quyết thủ tục hành chính                            Bưu điện tỉnh\n"
        "2    Nền tảng học trực tuyến         Sở GD&ĐT            VNPT tỉnh               Lồng ghép\n"
        "\n"
        "Giao Sở Tài chính thẩm định kinh phí.\n")
    doc = run(text, reg)
    got = {(a.agency_id, a.role, a.task) for a in doc.agencies if a.role in ("lead", "coordinate")}
    assert ("buu_dien_tinh", "coordinate", "Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính") in got
    assert ("so_tu_phap", "lead", "Số hóa hồ sơ, kết quả giải") in got
    assert {(i, r) for i, r, _ in got} == {("so_tu_phap", "lead"), ("cong_an_tinh", "coordinate"),
                                          ("buu_dien_tinh", "coordinate"), ("so_gddt", "lead"), ("vnpt_tinh", "coordinate")}
    assert [b.amount_vnd for b in doc.budgets] == [2_400_000_000]
