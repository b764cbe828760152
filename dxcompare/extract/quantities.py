"""What a number in a plan says: its value, unit, comparator and year.

Vietnamese writes "2,5" for two and a half and "1.000" for a thousand;
comparators are words right before the number ("Trên 70%", "đạt tối thiểu
10%", "khoảng 20%") or after it ("90% trở lên"); a count is a number before a
unit noun that also tells the scope ("03 phường/xã" -> communes); the year is
a phrase such as "đến năm 2025" or "trong năm 2021" — never a date ("ngày 03
tháng 6 năm 2020"), a baseline ("so với năm 2020") or inside a document
number or its date.
"""
from __future__ import annotations

import re
from bisect import bisect_right

from .normalize import Doc, Para, kw

Span = tuple[int, int]

PCT = re.compile(r"(?<![\w.,/])(?P<v>\d{1,3}(?:[.,]\d{1,2})?)\s*(?P<u>%|phần\s+trăm)(?P<py>\s*/\s*năm)?", re.I)
PP = re.compile(r"(?<![\w.,/])(?P<v>\d{1,3}(?:[.,]\d{1,2})?)\s*điểm\s+(?:phần\s+trăm|%)", re.I)
_COUNT_UNITS = {
    "commune": ("phường/xã", "xã/phường", "xã, phường, thị trấn", "xã, phường", "xã, thị trấn", "xã", "phường",
                "thị trấn", "đơn vị hành chính cấp xã"),
    "district": ("huyện, thị xã, thành phố", "huyện", "quận", "đơn vị hành chính cấp huyện"),
    "village": ("thôn, tổ dân phố", "thôn", "ấp", "làng", "bản", "tổ dân phố", "khu phố"),
    "household": ("hộ gia đình", "hộ dân", "hộ"),
    "population": ("người dân", "lượt người", "người", "học viên", "công dân"),
    "enterprise": ("doanh nghiệp", "hợp tác xã", "HTX", "cơ sở sản xuất", "hộ kinh doanh"),
    "official": ("cán bộ, công chức", "cán bộ", "công chức", "viên chức"),
    "province": ("sản phẩm OCOP", "sản phẩm"),
    "agency": ("cơ quan", "dịch vụ công", "thủ tục hành chính", "cơ sở dữ liệu", "nền tảng số", "hệ thống thông tin"),
}
UNIT_SCOPE = {}
for _scope, _units in _COUNT_UNITS.items():
    for _u in _units:
        UNIT_SCOPE[_u.lower()] = _scope
COUNT = re.compile(
    r"(?<![\w.,/])(?P<v>\d{1,3}(?:\.\d{3})+|\d{1,4})\s+(?:(?:UBND|đơn vị|mô hình|số)\s+)?(?P<unit>"
    + "|".join(re.escape(u) for u in sorted(UNIT_SCOPE, key=len, reverse=True)) + r")(?!\w)", re.I)
NOT_COUNT_BEFORE = re.compile(
    r"(?:năm|tháng|ngày|số|mục|khoản|điểm|điều|chỉ tiêu|tiêu chí|mức độ|mức|giai đoạn|phụ lục|lần|khóa|khoá|phần|"
    r"chương|kỳ|thứ|top|nhóm|quý|tuần|giờ|đề án|dự án|nghị định|quyết định|nghị quyết|thông tư|chỉ thị|kế hoạch|"
    r"công văn|kết luận|hướng dẫn|biểu|mẫu|bảng)\s*$", re.I)
# Official texts pad small counts with a zero ("02 gian hàng", "05 xã"): such a number before any noun is a
# count even when the noun is not a known unit; durations ("06 tháng") are not.
PADDED_COUNT = re.compile(r"(?<![\w.,/])(?P<v>0[1-9])\s+(?P<unit>[^\W\d_]+)(?!\w)")
_NOT_COUNTED = re.compile(r"(?i)(?:năm|tháng|ngày|tuần|quý|giờ|phút|buổi|kỳ|"  # durations
                          r"của|và|về|tại|theo|trên|trong|với|các|cho|là|được|đã|sẽ|đến|từ|hoặc)$")


def padded_count_unit(word: str) -> bool:
    """Whether the word after a zero-padded number can be what is counted (not a duration or a function word)."""
    return not _NOT_COUNTED.fullmatch(word)


# A rank to reach: "(duy trì) trong nhóm 10 tỉnh, thành phố dẫn đầu", "vào top 20 địa phương đứng đầu",
# "xếp hạng trong nhóm 15": the rank N or better.
RANK = re.compile(
    r"(?i)(?:(?:trong|thuộc|vào|nằm\s+trong)\s+(?:nhóm|top)\s+(?P<v>\d{1,2})\s+(?:tỉnh|địa\s+phương|đơn\s+vị|"
    r"huyện|xã|cơ\s+quan|sở|ngành|quận|phường)[^.;:\n]{0,40}?(?:dẫn\s+đầu|đứng\s+đầu|cao\s+nhất|tốt\s+nhất|xếp\s+hạng\s+cao)|"
    r"xếp\s+(?:hạng|thứ)\s+(?:trong\s+)?(?:nhóm|top)\s+(?P<v2>\d{1,2})(?!\d))")
COUNT_VERB = kw("thí điểm", "lựa chọn", "phấn đấu", "đạt", "xây dựng", "hoàn thành", "thành lập", "hỗ trợ", "đào tạo",
                 "tập huấn", "bồi dưỡng", "phát triển", "nâng cấp", "công nhận", "có ít nhất", "tối thiểu", "ít nhất",
                 "chọn", "triển khai thí điểm", "mô hình")
OBJECTIVE = kw("mục tiêu", "chỉ tiêu")

# Comparators: a phrase right before the number ("Trên 70%", "đạt tối thiểu 10%") or after it ("90% trở lên").
_CMP_BEFORE = [
    ("~", kw("khoảng", "xấp xỉ", "gần", "chừng", "trên dưới", "khoảng chừng")),
    (">=", kw("tối thiểu", "ít nhất", "không dưới", "không thấp hơn", "không ít hơn", "trên hoặc bằng", "từ")),
    ("<=", kw("không quá", "không vượt quá", "tối đa", "dưới", "không nhiều hơn", "không cao hơn", "thấp hơn")),
    (">", kw("trên", "hơn", "vượt", "cao hơn", "lớn hơn")),
    ("=", kw("đạt", "bằng", "là")),
]
_CMP_SYMBOL = re.compile(r"(?P<s>≥|>=|≤|<=|>|<|~|≈)\s*$")
_SYMBOLS = {"≥": ">=", ">=": ">=", "≤": "<=", "<=": "<=", ">": ">", "<": "<=", "~": "~", "≈": "~"}
_FILLER = re.compile(r"(?:\s+(?:là|ở mức|mức|đạt|bằng))?\s*$", re.I)
_TRO_LEN = re.compile(r"\s*" + kw("trở lên").pattern)
_TRO_XUONG = re.compile(r"\s*" + kw("trở xuống").pattern)
GROWTH = kw("tăng", "tăng trưởng", "tăng bình quân")
PER_YEAR = kw("hằng năm", "hàng năm", "mỗi năm", "bình quân năm", "/năm")

# A year then a dash and a number is a range ("2021 - 2025"), not the year; across a line break only
# when a year follows: under a heading "Định hướng đến năm 2030" a list item "- 100% …" is no range.
_YEAR_PHRASE = re.compile(
    r"(?<!\w)(?:(?P<lead>đến hết|đến|trong|vào|tới|cuối|hết|trước|sau|từ|so với)\s+|"
    r"(?P<range>giai\s+đoạn\s+(?:19|20)\d{2}\s*[-–—]\s*))?"
    r"(?:năm\s+)?(?P<y>(?:19|20)\d{2})(?![^\S\n]*[-–—/][^\S\n]*\d|\s*[-–—]\s*(?:19|20)\d{2}(?!\d))(?!\d)", re.I)
# a deadline by date, month or quarter ("trước ngày 31/12/2024", "đến hết tháng 6/2025", "trong quý IV/2024"): its year
_DEADLINE = re.compile(r"(?i)(?<!\w)(?P<lead>trước|đến\s+hết|đến|trong|vào|hết)\s+(?:ngày\s+)?(?:\d{1,2}\s*/\s*\d{1,2}|"
                       r"tháng\s+\d{1,2}|quý\s+[IV]{1,3})\s*/\s*(?P<y>(?:19|20)\d{2})(?!\d)")
VALUE_CELL = re.compile(
    r"^\s*(?P<pre>[^\d]{0,24}?)\s*(?P<v>\d{1,3}(?:\.\d{3})*(?:[.,]\d{1,2})?)\s*(?P<u>%|[^\d]{0,30}?)\s*$")


def number(s: str, count: bool = False) -> float:
    """'1.000' is a thousand when counting, '2,5' and '2.5' are two and a half."""
    if count and re.fullmatch(r"\d{1,3}(?:\.\d{3})+", s):
        return float(s.replace(".", ""))
    return float(s.replace(",", "."))


def comparator(work: str, lo: int, start: int, end: int, hi: int) -> tuple[str, int]:
    """(comparator, where its phrase starts) for the number at [start, end) within [lo, hi)."""
    after = work[end:hi]
    if _TRO_LEN.match(after):
        before = work[max(lo, start - 12):start]
        fm = re.search(r"(?i)từ\s*$", before)
        return ">=", (start - len(before) + fm.start()) if fm else start
    if _TRO_XUONG.match(after):
        return "<=", start
    before = work[max(lo, start - 40):start]
    sm = _CMP_SYMBOL.search(before)
    if sm:
        return _SYMBOLS[sm.group("s")], start - len(before) + sm.start()
    trimmed = before
    fm = _FILLER.search(trimmed)
    core = trimmed[:fm.start()] if fm else trimmed
    best = None
    for cmp, rx in _CMP_BEFORE:
        for m in rx.finditer(core):
            if m.end() == len(core) and (best is None or m.start() < best[1]):
                best = (cmp, m.start())
    if best:
        return best[0], start - len(before) + best[1]
    if fm and fm.group().strip():
        return "=", start - len(before) + fm.start() + (len(fm.group()) - len(fm.group().lstrip()))
    return "=", start


class Years:
    """Year phrases ("đến năm 2025", "trong năm 2021"), found on demand for the clauses that need them."""

    def __init__(self, doc: Doc, masked: list[Span], mstarts: list[int]):
        self.work, self.masked, self.mstarts = doc.work, masked, mstarts
        self.cache: dict[Span, list[tuple[int, int, str]]] = {}

    def in_range(self, lo: int, hi: int) -> list[tuple[int, int, str]]:
        key = (lo, hi)
        found = self.cache.get(key)
        if found is not None:
            return found
        found = []
        work = self.work
        for m in _YEAR_PHRASE.finditer(work, lo, hi):
            i = bisect_right(self.mstarts, m.start()) - 1
            if i >= 0 and self.masked[i][0] <= m.start() < self.masked[i][1]:
                continue
            lead = (m.group("lead") or ("giai đoạn" if m.group("range") else "")).lower()
            if lead in ("so với", "từ", "sau"):
                continue
            if not lead and not re.match(r"(?i)năm\s", m.group()):
                continue  # a bare 2021 is part of a date or a number, not "the year"
            if re.search(r"(?i)tháng\s+\d{1,2}\s*$", work[max(0, m.start() - 12):m.start()]):
                continue  # "ngày 03 tháng 6 năm 2020"
            found.append((m.start(), int(m.group("y")), lead))
        for m in _DEADLINE.finditer(work, lo, hi):
            found.append((m.start(), int(m.group("y")), " ".join(m.group("lead").lower().split())))
        found.sort()
        self.cache[key] = found
        return found


def heading_year(doc: Doc, p: Para, years: Years) -> int | None:
    """The year of the nearest heading naming one ("Mục tiêu cụ thể đến năm 2025"), its main one first."""
    for h in doc.chain(p, include_self=True):
        title = doc.title_of(h)
        found = years.in_range(h.body, h.body + len(title) + 5)
        main = [y for pos, y, lead in found if not re.search(r"(?i)(?:định hướng|tầm nhìn)\s+$",
                                                              doc.work[max(0, pos - 14):pos])]
        if main or found:
            return (main or [y for _, y, _ in found])[0]
    return None


