"""Tables laid out in columns without `|`: tab-separated (web and Word copies) or aligned with spaces (PDF and
OCR text, where a long cell wraps onto the next line in its own column).

A table starts at a header line of three or more cells naming what task tables name (STT, nhiệm vụ, chủ trì,
phối hợp, thời gian, kinh phí); its column starts are taken from that line. Each following line is a row
whose cells fall under those columns (an absent column is an empty cell, so that a column keeps its index),
until an empty line or a line of running text. Lines are read one at a time, as `lines.LineReader` reads them.
"""
from __future__ import annotations

import re

Span = tuple[int, int]

_HEADER_WORDS = re.compile(r"(?i)(?<!\w)(?:STT|TT|nhiệm\s+vụ|nội\s+dung|chủ\s+trì|phối\s+hợp|thời\s+gian|thời\s+hạn|"
                           r"kinh\s+phí|đơn\s+vị|cơ\s+quan)(?!\w)")
_SPACED = re.compile(r"\S+(?:[^\S\t\n]\S+)*")  # words one space apart: two spaces or more part cells
_TABBED = re.compile(r"[^\t]*")
_SLACK = 2  # characters a cell may start before its column (OCR and proportional fonts misalign a little)


class ColumnTable:
    """Feed each physical line with `row`; it gives the line's cells while a column table is open."""

    def __init__(self):
        self._starts: list[int] | None = None  # column starts (characters from the line start), spaced tables
        self._tabs = 0  # number of columns of an open tab-separated table

    @property
    def open(self) -> bool:
        return self._starts is not None or self._tabs > 0

    def end(self) -> None:
        self._starts, self._tabs = None, 0

    def row(self, raw: str) -> tuple[Span, ...] | None:
        """Cells of `raw` (spans within it, one per column) when it is a header or row of a column table."""
        if "\t" in raw.strip():
            return self._tab_row(raw)
        if self._tabs:
            self.end()
        return self._spaced_row(raw)

    def _tab_row(self, raw: str) -> tuple[Span, ...] | None:
        body = raw.rstrip()
        cells = [(m.start(), m.end()) for m in _TABBED.finditer(body) if m.start() == 0 or body[m.start() - 1] == "\t"]
        cells = [_strip(body, a, b) for a, b in cells]
        filled = sum(b > a for a, b in cells)
        if not self._tabs:
            if not _header([body[a:b] for a, b in cells if b > a]):
                return None
            self._tabs = len(cells)
            self._starts = None
        return tuple(cells) if filled else None

    def _spaced_row(self, raw: str) -> tuple[Span, ...] | None:
        if self._starts is None and "  " not in raw.strip():  # most lines: no table, and no look at their words
            return None
        chunks = [(m.start(), m.end()) for m in _SPACED.finditer(raw.rstrip())]
        if self._starts is None:
            if _header([raw[a:b] for a, b in chunks]):
                self._starts = [a for a, _ in chunks]
                return tuple(chunks)
            return None
        starts = self._starts
        if not chunks or (len(chunks) == 1 and chunks[0][0] < starts[1] - _SLACK and chunks[0][1] > starts[1]):
            self.end()  # running text across the columns: the table is over
            return None
        cells: list[list[int]] = [[] for _ in starts]
        for a, b in chunks:
            col = max(i for i, s in enumerate(starts) if s <= a + _SLACK or i == 0)
            cells[col] += [a, b]
        first = chunks[0][0]
        return tuple((min(c), max(c)) if c else (first, first) for c in cells)


def _header(cells: list[str]) -> bool:
    """Three short cells or more, two of them naming what task tables name, and no label's colon."""
    return len(cells) >= 3 and all(len(c.split()) <= 6 and ":" not in c for c in cells) and \
        sum(bool(_HEADER_WORDS.search(c)) for c in cells) >= 2


def _strip(s: str, a: int, b: int) -> Span:
    while a < b and s[a].isspace():
        a += 1
    while b > a and s[b - 1].isspace():
        b -= 1
    return a, b
