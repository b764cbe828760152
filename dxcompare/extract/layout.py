"""A document's lines and paragraphs, stored compactly.

A plan text has a line every ~60 characters and a paragraph every ~170; an object per line or
paragraph, with its own integers (and, for lines, its own copy of the text) weighed more than the text
itself. `Lines` and `Paras` keep them in arrays and hand out a `Line` or a `Para` when one is read,
so a 20 MB plan's structure takes a few MB. `lines` and `normalize` fill them.
"""
from __future__ import annotations

from array import array
from dataclasses import dataclass, field

Span = tuple[int, int]

_MKINDS = ("", "part", "roman", "num", "num2", "letter", "bullet", "table")


@dataclass(slots=True)
class Para:
    """A logical paragraph: a heading, a bullet, a block of text or a table row."""

    index: int
    start: int  # span in the NFC text, white space stripped
    end: int
    body: int  # where the text after the list marker starts
    marker: str
    kind: str  # heading | bullet | text | table
    rank: int | None  # heading depth: 0 part, 1 roman or capitals, 2 "1.", 3 "1.1.", ... 6 "a)", 7 lead-in line
    caps: bool = False
    cells: tuple[Span, ...] = ()
    parents: tuple[int, ...] = ()  # enclosing headings, outermost first
    mkind: str = ""  # part | roman | num | num2 | letter | bullet | table | ""


_KINDS = ("heading", "bullet", "text", "table")
_NO_RANK = 255


class Paras:
    """A document's paragraphs in a few arrays, read as `Para`s: `paras[i]`, slices, iteration, len.

    An object per paragraph (with its own numbers) weighed about as much as the text; here a paragraph
    costs ~40 bytes, and `paras[i]` builds its `Para` when it is read. Headings, read again and again
    for every paragraph under them, are kept built.
    """

    __slots__ = ("start", "end", "body", "kind", "rank", "caps", "mkind", "markers", "parents", "cells", "_built")

    def __init__(self):
        self.start, self.end, self.body = array("q"), array("q"), array("q")
        self.kind, self.rank, self.caps, self.mkind = bytearray(), bytearray(), bytearray(), bytearray()
        self.markers: list[str] = []  # shared strings ("-", "1.")
        self.parents: list[tuple[int, ...]] = []  # shared tuples
        self.cells: dict[int, tuple[Span, ...]] = {}  # table rows only
        self._built: dict[int, Para] = {}

    def append(self, start: int, end: int, body: int, marker: str, kind: str, caps: bool,
               cells: tuple[Span, ...], mkind: str) -> None:
        if cells:
            self.cells[len(self.kind)] = cells
        self.start.append(start)
        self.end.append(end)
        self.body.append(body)
        self.kind.append(_KINDS.index(kind))
        self.rank.append(_NO_RANK)
        self.caps.append(caps)
        self.mkind.append(_MKINDS.index(mkind))
        self.markers.append(marker)
        self.parents.append(())

    def set(self, i: int, parents: tuple[int, ...], rank: int | None) -> None:
        """Place paragraph `i` under its headings, and make it a heading of depth `rank` unless None."""
        self.parents[i] = parents
        if rank is not None:
            self.rank[i] = rank
            self.kind[i] = 0
            self._built[i] = self._build(i)

    def __len__(self) -> int:
        return len(self.kind)

    def __getitem__(self, i):
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self.kind)))]
        if i < 0:
            i += len(self.kind)
        return self._built.get(i) or self._build(i)

    def __iter__(self):
        return (self[i] for i in range(len(self.kind)))

    def _build(self, i: int) -> Para:
        if not 0 <= i < len(self.kind):
            raise IndexError(i)
        rank = self.rank[i]
        return Para(i, self.start[i], self.end[i], self.body[i], self.markers[i], _KINDS[self.kind[i]],
                    None if rank == _NO_RANK else rank, bool(self.caps[i]), self.cells.get(i, ()), self.parents[i],
                    _MKINDS[self.mkind[i]])


@dataclass(slots=True)
class Line:
    """A non-empty physical line, while it is classified or joined; `Lines` keeps them all."""

    src: str = field(repr=False)
    start: int
    end: int  # stripped span
    furniture: bool
    gap: bool = False  # an empty line comes before it
    marker: str = ""
    mkind: str = ""
    body: int = 0
    cells: tuple[Span, ...] = ()
    caps: bool = False
    cont: bool = False  # goes on with the table row above (a row a copy put one cell a line)

    @property
    def text(self) -> str:
        return self.src[self.start:self.end]


_FURNITURE_BIT, _GAP_BIT, _CAPS_BIT, _CONT_BIT = 1, 2, 4, 8


class Lines:
    """Every non-empty line of a text in a few arrays, not an object (and a copy of its text) per line.

    A text has a line every ~60 characters, and an object per line with its own offsets and text
    weighed more than the text itself. `lines[i]` rebuilds line `i` as a `Line` for the moment it is used.
    """

    __slots__ = ("src", "start", "end", "body", "flags", "mkind", "markers", "cells", "_same")

    def __init__(self, src: str):
        self.src = src
        self.start, self.end, self.body = array("q"), array("q"), array("q")
        self.flags, self.mkind = bytearray(), bytearray()
        self.markers: dict[int, str] = {}  # only the lines that have one
        self.cells: dict[int, tuple[Span, ...]] = {}
        self._same: dict[str, str] = {}  # one string per distinct marker ("-", "1.", "a)")

    def append(self, ln: Line) -> None:
        i = len(self.flags)
        self.start.append(ln.start)
        self.end.append(ln.end)
        self.body.append(ln.body)
        self.flags.append(ln.furniture * _FURNITURE_BIT | ln.gap * _GAP_BIT | ln.caps * _CAPS_BIT)
        self.mkind.append(_MKINDS.index(ln.mkind))
        if ln.marker:
            self.markers[i] = self._same.setdefault(ln.marker, ln.marker)
        if ln.cells:
            self.cells[i] = ln.cells

    def __len__(self) -> int:
        return len(self.flags)

    def __getitem__(self, i: int) -> Line:
        f = self.flags[i]
        return Line(self.src, self.start[i], self.end[i], bool(f & _FURNITURE_BIT), bool(f & _GAP_BIT),
                     self.markers.get(i, ""), _MKINDS[self.mkind[i]], self.body[i], self.cells.get(i, ()),
                     bool(f & _CAPS_BIT), bool(f & _CONT_BIT))

    def __iter__(self):
        return (self[i] for i in range(len(self.flags)))

    def text(self, i: int) -> str:
        return self.src[self.start[i]:self.end[i]]

    def is_furniture(self, i: int) -> bool:
        return bool(self.flags[i] & _FURNITURE_BIT)

    def make_row(self, i: int, cells: tuple[Span, ...], rest: list[int]) -> None:
        """Line `i` opens a table row with `cells` (spans that may lie on the lines `rest`, which continue it)."""
        self.cells[i] = cells
        self.mkind[i] = _MKINDS.index("table")
        self.body[i] = self.start[i]
        self.markers.pop(i, None)
        for j in rest:
            self.flags[j] |= _CONT_BIT

    def make_furniture(self, i: int) -> None:
        self.flags[i] |= _FURNITURE_BIT
        self.mkind[i] = 0
        self.markers.pop(i, None)
        self.cells.pop(i, None)
