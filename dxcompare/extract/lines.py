"""Stage 1a: a text's physical lines, read a piece at a time and classified, and the page furniture among them.

`normalize` feeds the NFC pieces of a text in order (each ending at a line break, see `sourcetext.cut`),
so that the whole text is never needed while its lines are read: a line is classified on its own
(furniture, list marker, table cells, capitals), and what spans lines (related-news lists) is decided
from a flag or two per line when every piece has been read.
"""
from __future__ import annotations

import re

from .columns import ColumnTable
from .layout import Line, Lines
from .stacked import StackedTable

Span = tuple[int, int]

_FURNITURE = re.compile(r"""^\s*(?:
      [-–—]*\s*\d{1,4}\s*[-–—]*                       # page number: "3", "- 3 -"
    | (?:Trang|Page)\s*\d+(?:\s*(?:/|của|of)\s*\d+)?   # "Trang 3/12"
    | \d{1,4}\s*/\s*\d{1,4}                            # "3/12"
    | (?:\d{1,3}\s+){1,}\d{1,3}                        # pager "1 2 3"
    | [-=_*~.·•]{3,}                                   # rules "-------"
    | \|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?      # markdown table rule
    | image(?:\s+\w+)+                                 # "image banner", "image advertisement"
    | !\[[^\]]*\]\([^)]*\)[\s|]*                       # markdown image
    | [•·]?\s*(?:Lượt\s+xem|Đang\s+online|Hôm\s+nay|Hôm\s+qua|Trong\s+tuần|Trong\s+tháng|Tất\s+cả|Lượt\s+truy\s+cập)\s*:?\s*[\d.,]*
    | (?:Thống\s+kê\s+truy\s+cập|In\s+trang|In\s+bài|Chia\s+sẻ|Bản\s+in|Quay\s+lại|Về\s+đầu\s+trang|Ban\s+biên\s+tập
       |Tin\s+khác|Tin\s+liên\s+quan|Các\s+tin\s+khác|Liên\s+kết\s+website|Đường\s+dây\s+nóng|Chưa\s+config
       |Tải\s+về|Xem\s+thêm|Trở\s+về|Print|Share)\s*:?
    | [|\s]+                                           # nothing but table pipes
)\s*$""", re.X | re.I)

# Web furniture that also turns up as one cell of a `|` line ("Cập nhật: 08/03/2024 | Lượt xem: 1.245").
_CELL_FURNITURE = re.compile(
    r"(?i)^(?:Lượt\s+xem|Lượt\s+truy\s+cập|Đang\s+online|Cập\s+nhật|Ngày\s+cập\s+nhật|Ngày\s+đăng|Đăng\s+ngày|"
    r"Đăng\s+lúc|Lượt\s+thích|Bình\s+luận)\s*:?\s*[\d.,/:\s-]*$|^(?:In\s+trang|In\s+bài|Chia\s+sẻ|Bản\s+in|"
    r"Cỡ\s+chữ|Đăng\s+nhập|Tìm\s+kiếm|Trang\s+chủ)\b")
# Related-news lists of web copies: a heading such as "Tin liên quan", then titles each ending with its date.
_NEWS_MARKER = re.compile(r"(?i)^(?:Tin\s+liên\s+quan|Tin\s+khác|Các\s+tin\s+khác|Tin\s+cùng\s+chuyên\s+mục|"
                          r"Bài\s+viết\s+liên\s+quan|Tin\s+mới(?:\s+nhất)?|Tin\s+đã\s+đưa)\s*:?$")
_DATED_TITLE = re.compile(r"^[^|]{8,240}\(\s*\d{1,2}/\d{1,2}/(?:19|20)\d{2}(?:\s+\d{1,2}:\d{2})?\s*\)$")

_MARKER = re.compile(r"""^(?:
      (?P<part>(?:Phần|PHẦN|Chương|CHƯƠNG|Điều|ĐIỀU)\s+(?:[IVXLC]+|\d+)\b\.?)
    | (?P<roman>[IVXLC]{1,6})\s*[.)/](?=\s)
    | (?P<num>\d{1,2}(?:\.\d{1,2}){0,3})\s*[.)](?!\d)
    | (?P<num2>\d{1,2}(?:\.\d{1,2}){1,3})(?=\s)
    | (?P<letter>[a-zđ])\s*[).](?=\s)
    | (?P<bullet>[-–—•+*·▪●○◦➢✓](?![-–—]))
)\s*""", re.X)


class LineReader:
    """`feed` the pieces of a text in order, then `finish`: every non-empty line, and the spans to blank
    (furniture, stray table pipes), in offsets of the whole text."""

    def __init__(self):
        self.lines = Lines("")  # `src` is set once the working copy exists
        self.blank: list[Span] = []
        self._gap = False
        self._dated = bytearray()  # per line: a title ending with its date in brackets
        self._news = bytearray()  # per line: a related-news heading ("Tin liên quan")
        self._columns = ColumnTable()  # an open table laid out in columns without "|"
        self._stacked = StackedTable(self.lines)  # an open table flattened to one cell a line
        self._pipes = 0  # cells of the open `|` table's widest row, 0 when none is open

    def feed(self, piece: str, offset: int) -> None:
        """Read the lines of `piece`, which starts at `offset` in the whole text and ends at a line break
        (the text's last piece excepted): an empty segment after its final line break is the next piece's."""
        blank, pos, n = self.blank, 0, len(piece)
        while pos < n:
            nl = piece.find("\n", pos)
            stop = n if nl < 0 else nl
            raw = piece[pos:stop]
            stripped = raw.strip()
            if stripped:
                a = pos + len(raw) - len(raw.lstrip())
                in_row = "|" not in stripped and not self._columns.open and \
                    self._stacked.see(len(self.lines), (offset + a, offset + a + len(stripped)), stripped)
                ln = Line(piece, a, a + len(stripped), not in_row and bool(_FURNITURE.match(stripped)), self._gap)
                mark = len(blank)
                cells = None
                if ln.furniture:
                    blank.append((ln.start, ln.end))
                elif "|" in stripped:
                    self._columns.end()
                elif self._columns.open or "\t" in stripped or "  " in stripped:  # most lines: no column table
                    cells = self._columns.row(raw)
                if cells:
                    ln.cells, ln.mkind, ln.body = tuple((pos + a, pos + b) for a, b in cells), "table", ln.start
                elif not ln.furniture:
                    _classify(ln, blank, stripped)
                    self._pipes = _mend_row(ln, piece, self._pipes) if self._pipes or ln.cells else 0
                text = piece[ln.start:ln.end]
                self._dated.append(text[-1:] == ")" and bool(_DATED_TITLE.match(text)))
                self._news.append(bool(_NEWS_MARKER.match(text)))
                if offset:
                    _shift(ln, blank, mark, offset)
                self.lines.append(ln)
                self._gap = False
            else:
                self._gap = True
                self._columns.end()
                self._pipes = 0
            if nl < 0:
                break
            pos = nl + 1

    def finish(self) -> tuple[Lines, list[Span]]:
        """Titles with a date in brackets under a related-news heading, or two or more in a row, are furniture."""
        self._stacked.end()
        lines, blank, dated, news = self.lines, self.blank, self._dated, self._news
        i = dated.find(1)
        while i >= 0:
            if not lines.is_furniture(i):
                k = i - 1
                while k >= 0 and dated[k]:
                    k -= 1
                run = (i + 1 < len(dated) and dated[i + 1]) or (i > 0 and dated[i - 1])
                if run or (k >= 0 and news[k]):
                    lines.make_furniture(i)
                    blank.append((lines.start[i], lines.end[i]))
            i = dated.find(1, i + 1)
        return lines, blank


def _shift(ln: Line, blank: list[Span], mark: int, offset: int) -> None:
    """Offsets in the piece -> offsets in the whole text (a furniture line has no body)."""
    ln.start += offset
    ln.end += offset
    if not ln.furniture:
        ln.body += offset
    if ln.cells:
        ln.cells = tuple((a + offset, b + offset) for a, b in ln.cells)
    for j in range(mark, len(blank)):
        a, b = blank[j]
        blank[j] = (a + offset, b + offset)


def _classify(ln: Line, blank: list[Span], s: str) -> None:
    if "|" in s:
        cells, allcells, off = [], [], 0
        parts = s.split("|")
        for i, part in enumerate(parts):
            core = part.strip()
            lead = len(part) - len(part.lstrip())
            span = (ln.start + off + lead, ln.start + off + lead + len(core))
            if core:
                cells.append(span)
            if core or 0 < i < len(parts) - 1:
                allcells.append(span)
            off += len(part) + 1
        for span in [c for c in cells if _CELL_FURNITURE.match(_cell_text(ln, c))]:
            blank.append(span)
            cells.remove(span)
        if len(cells) >= 2:
            ln.cells = tuple(allcells)
            ln.mkind = "table"
            ln.body = ln.start
            return
        # one cell: a layout table flattened by copying; the pipes are furniture
        for i, ch in enumerate(s):
            if ch == "|":
                blank.append((ln.start + i, ln.start + i + 1))
        if cells:
            a, b = cells[0]
            s = s[a - ln.start:b - ln.start]
            ln.start, ln.end = a, b
    m = _MARKER.match(s)
    if m:
        ln.mkind = m.lastgroup or ""
        ln.marker = m.group(m.lastgroup).strip() if m.lastgroup else ""
        ln.body = ln.start + m.end()
    else:
        ln.body = ln.start
    ln.caps = _caps(s[ln.body - ln.start:])


_VALUE = r"[≥≤<>]?\s*\d[\d.,]*\s*%?"
_VALUES = re.compile(r"(?:" + _VALUE + r")(?:\s+(?:" + _VALUE + r"))+")
_ONE_VALUE = re.compile(r"(?:[≥≤<>]\s*)?\d[\d.,]*%?")
_WIDE_GAP = re.compile(r"\S+(?:[ \t]\S+)*")  # words one space apart: two spaces or more part cells (a scan's lost "|")


def _mend_row(ln: Line, src: str, width: int) -> int:
    """A row of a `|` table whose separators a scan lost: the last cell holding several values ("15% 30%") is split
    into them, a line without "|" whose two-space gaps give the table's number of cells is a row. Returns the open
    table's width (0 when the line ends it)."""
    if ln.cells:
        filled = [c for c in ln.cells if c[1] > c[0]]
        if width and len(filled) < width and filled and _VALUES.fullmatch(src[filled[-1][0]:filled[-1][1]]):
            a, b = filled[-1]
            parts = [(m.start(), m.end()) for m in _ONE_VALUE.finditer(src, a, b)]
            if len(filled) - 1 + len(parts) == width:
                ln.cells = tuple(filled[:-1] + parts)
        return max(width, len([c for c in ln.cells if c[1] > c[0]]))
    if ln.mkind or not width:
        return 0
    chunks = [(ln.start + m.start(), ln.start + m.end()) for m in _WIDE_GAP.finditer(src[ln.start:ln.end])]
    if len(chunks) == width and all(b > a for a, b in chunks):
        ln.cells, ln.mkind, ln.body, ln.caps = tuple(chunks), "table", ln.start, False
        return width
    return 0


def _cell_text(ln: Line, span: Span) -> str:
    return ln.src[span[0]:span[1]]



_NON_LETTER = re.compile(r"[\W\d_]+")


def _caps(s: str) -> bool:
    """A line in capitals (a heading or header), ignoring digits and punctuation."""
    if len(s) > 240:
        return False
    letters = _NON_LETTER.sub("", s)
    return len(letters) >= 4 and letters.upper() == letters
