"""Tables a copy flattened to one cell a line: a PDF or web copy that loses a table's grid often keeps its cells in
order, each on a line of its own ("STT", "Nhiệm vụ", "Cơ quan chủ trì", …, then "1", the task, the lead body …).

A header of three or more short lines naming what task tables name, the first of them "STT" or "TT", gives the
columns. Each row then opens with a line holding only its number (1, 2, … in turn) and has a line per further
column; a line in lower case continues the cell above (a wrapped cell). A "Tổng cộng" line and the amount after
it are the total row. The lines of a row become one table row: its first line carries every cell (spans over
the row's lines) and the others continue it (`Lines.make_row`), so the later stages read it as any other table.
A row whose lines do not fall one to a column is left as text, and so is a header no row follows. Lines are
seen one at a time, as `lines.LineReader` reads them, and a row is settled when the next line comes.
"""
from __future__ import annotations

import re

from .layout import Lines

Span = tuple[int, int]

_HEADER_CELL = re.compile(
    r"(?i)(?:STT|TT|số\s+TT|(?:tên\s+)?nhiệm\s+vụ|nội\s+dung(?:\s+công\s+việc)?|công\s+việc|"
    r"(?:cơ\s+quan|đơn\s+vị)(?:\s+(?:chủ\s+trì|phối\s+hợp|thực\s+hiện))?|chủ\s+trì|phối\s+hợp|"
    r"thời\s+gian(?:\s+(?:thực\s+hiện|hoàn\s+thành))?|thời\s+hạn|tiến\s+độ|(?:dự\s+kiến\s+)?kinh\s+phí|"
    r"nguồn\s+(?:kinh\s+phí|vốn)|sản\s+phẩm(?:\s+đầu\s+ra)?|kết\s+quả(?:\s+đầu\s+ra)?|ghi\s+chú)"
    r"(?:\s*\([^()\n]{1,30}\))?")
_NUMBER = re.compile(r"\d{1,3}\.?")
_TOTAL = re.compile(r"(?i)(?:tổng\s+cộng|tổng\s+số|tổng|cộng)\s*:?")
_AMOUNT = re.compile(r"\d{1,3}(?:\.\d{3})*(?:,\d{1,3})?")
_PAGE = re.compile(r"(?i)(?:trang|page)\s*\d+(?:\s*(?:/|của|of)\s*\d+)?|[-–—]\s*\d{1,4}\s*[-–—]")

_HEADING = re.compile(r"(?:[IVXLC]{1,6}\s*[.)/]|(?:PHẦN|Phần|CHƯƠNG|Chương|ĐIỀU|Điều)\s+\w+)(?:\s|$)")


def _capitals(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 8 and " " in text.strip() and all(c.isupper() for c in letters)


class StackedTable:
    """Feed each non-empty physical line with `see`; rows are written into `lines` as they are settled."""

    def __init__(self, lines: Lines):
        self._lines = lines
        self._header: list[tuple[int, Span, str]] = []  # candidate header lines: (index, span, text)
        self._columns = 0  # number of columns of an open table, 0 when none is open
        self._money_col: int | None = None
        self._next = 1  # the number the next row opens with
        self._row: list[tuple[int, Span, str]] = []  # the open row's lines
        self._total = False  # the open row is the total row
        self._closing = False  # the total row is complete: settle it when the next line comes
        self._pending: list[tuple[int, Span, str]] = []  # the header, written with the first row that fits

    @property
    def open(self) -> bool:
        return self._columns > 0

    def see(self, i: int, span: Span, text: str) -> bool:
        """Take line `i` (its span in the whole text and its stripped text); True when it belongs to an open
        table's row, so that it is no page furniture even if it looks like a page number."""
        if self._closing:
            self.end()
        if self._columns:
            if _PAGE.fullmatch(text):
                return False
            if _HEADING.match(text) or _capitals(text):
                self.end()  # the next section: the table is over
                return False
            if _NUMBER.fullmatch(text) and int(text.rstrip(".")) == self._next:
                self._settle()
                self._row, self._next = [(i, span, text)], self._next + 1
                return True
            if _TOTAL.fullmatch(text):
                self._settle()
                self._row, self._total = [(i, span, text)], True
                return True
            if self._row and not self._closing and (self._cells() < self._columns or text[:1].islower()):
                self._row.append((i, span, text))
                self._closing = self._total and bool(_AMOUNT.fullmatch(text))
                return True
            self.end()
            return False
        if len(text) <= 60 and _HEADER_CELL.fullmatch(text):
            if not self._header and text.upper() not in ("STT", "TT", "SỐ TT"):
                return False
            self._header.append((i, span, text))
            return False
        self._open_table()
        if self._columns:
            return self.see(i, span, text)
        return False

    def _cells(self) -> int:
        """Cells the open row has so far (lines in lower case go on with the cell above)."""
        return 1 + sum(1 for k, (_, _, t) in enumerate(self._row[1:]) if not (k and t[:1].islower()))

    def end(self) -> None:
        """The table is over (a line that is no row of it, or the end of the text): settle what is open."""
        if not self._columns:
            self._open_table()
        self._settle()
        self._header, self._pending, self._columns, self._next, self._closing = [], [], 0, 1, False

    def _open_table(self) -> None:
        header, self._header = self._header, []
        if len(header) < 3:
            return
        self._columns, self._pending = len(header), header
        self._money_col = next((k for k, (_, _, t) in enumerate(header) if "kinh" in t.lower()), None)

    def _write(self, row: list[tuple[int, Span, str]], cells: tuple[Span, ...]) -> None:
        if self._pending:
            head, self._pending = self._pending, []
            self._lines.make_row(head[0][0], tuple(s for _, s, _ in head), [j for j, _, _ in head[1:]])
        self._lines.make_row(row[0][0], cells, [j for j, _, _ in row[1:]])

    def _settle(self) -> None:
        row, total = self._row, self._total
        self._row, self._total = [], False
        if not row:
            return
        if total:
            if self._money_col is None or len(row) != 2:
                return
            first = row[0][1]
            cells = [(first[0], first[0])] * self._columns
            cells[0], cells[self._money_col] = first, row[1][1]
            self._write(row, tuple(cells))
            return
        cells: list[Span] = [row[0][1]]
        for _, span, text in row[1:]:
            if text[:1].islower() and len(cells) > 1:
                cells[-1] = (cells[-1][0], span[1])  # a wrapped cell goes on in lower case
            else:
                cells.append(span)
        if len(cells) == self._columns:
            self._write(row, tuple(cells))
