"""The NFC text of a plan, held once.

Every stage matches on the working copy (`Doc.work`: the NFC text with page furniture and zero-width
characters blanked to spaces, character for character) and quotes the NFC text itself. Two full copies
of a long text, at 2 bytes a character for Vietnamese, weighed 3x the file; `SourceText` keeps only the
working copy and the few pieces it blanked, and gives back any slice of the NFC text from them.

`cut` splits a text into pieces that end at line breaks, so that it can be normalised and read a piece
at a time: NFC is exact per piece, since a line break is a starter that composes with nothing and
blocks reordering (tests/test_extract_memory.py checks it against whole-text NFC).
"""
from __future__ import annotations

import functools
from array import array
from bisect import bisect_right
from collections.abc import Iterable, Iterator

PIECE = 1 << 16  # characters a piece holds at most, unless a line is longer


class SourceText:
    """`text[a:b]` (and `text[i]`, `len(text)`, `str(text)`) of the NFC text, from the working copy and the
    original characters of the ranges it blanked (sorted, disjoint)."""

    __slots__ = ("work", "_starts", "_ends", "_at", "_orig")

    def __init__(self, work: str, patches: list[tuple[int, str]]):
        self.work = work
        self._starts, self._ends, self._at = array("q"), array("q"), array("q")
        pieces = []
        at = 0
        for start, original in patches:
            self._starts.append(start)
            self._ends.append(start + len(original))
            self._at.append(at)
            pieces.append(original)
            at += len(original)
        self._orig = "".join(pieces)

    def __len__(self) -> int:
        return len(self.work)

    def __str__(self) -> str:
        return self[0:len(self.work)]

    def __getitem__(self, key):
        if isinstance(key, int):
            i = key + len(self.work) if key < 0 else key
            if not 0 <= i < len(self.work):
                raise IndexError("string index out of range")
            return self[i:i + 1]
        a, b, step = key.indices(len(self.work))
        if step != 1:
            return str(self)[key]
        work, ends = self.work, self._ends
        i = bisect_right(ends, a)  # the first blanked range that ends after `a`
        if i == len(ends) or self._starts[i] >= b:
            return work[a:b]
        pieces, pos = [], a
        while i < len(ends) and self._starts[i] < b:
            start = self._starts[i]
            lo, hi = max(start, pos), min(ends[i], b)
            pieces.append(work[pos:lo])
            pieces.append(self._orig[self._at[i] + lo - start:self._at[i] + hi - start])
            pos = hi
            i += 1
        pieces.append(work[pos:b])
        return "".join(pieces)

    def blanked(self) -> int:
        """How many characters the working copy changed: all that is kept besides it."""
        return len(self._orig)

    def __eq__(self, other) -> bool:
        if isinstance(other, SourceText):
            return (self.work, self._starts, self._orig) == (other.work, other._starts, other._orig)
        return isinstance(other, str) and str(self) == other

    __hash__ = None


def blank_out(pieces: list[str], spans: list[tuple[int, int]], zero_width: list[tuple[int, str]]) -> SourceText:
    """The working copy, from the text's pieces in order (zero-width characters already spaces): `spans`
    blanked to spaces, the pieces joined once (each replaced by its blanked self first, so the text is
    never held more than twice). `zero_width` (position, character) are the characters the pieces no
    longer have. Empties `pieces`.
    """
    spans = sorted(spans)
    patches: list[tuple[int, str]] = []
    k, offset = 0, 0  # the next span; where the piece starts (a span never crosses a line break)
    for i, piece in enumerate(pieces):
        end = offset + len(piece)
        parts, pos = [], offset
        while k < len(spans) and spans[k][0] < end:
            a, b = spans[k]
            k += 1
            a, b = max(a, pos), min(b, end)
            if b <= a:
                continue
            parts.append(piece[pos - offset:a - offset])
            patches.append((a, piece[a - offset:b - offset]))
            parts.append(" " * (b - a))
            pos = b
        if parts:
            parts.append(piece[pos - offset:])
            pieces[i] = "".join(parts)
        offset = end
    work = "".join(pieces)
    pieces.clear()
    return SourceText(work, _restore(patches, zero_width))


def _restore(patches: list[tuple[int, str]], zero_width: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """Blanked pieces with their zero-width characters put back, and the other zero-width characters, in order."""
    if not zero_width:
        return patches
    out, j = [], 0
    for a, original in patches:
        while j < len(zero_width) and zero_width[j][0] < a:
            out.append(zero_width[j])
            j += 1
        if j < len(zero_width) and zero_width[j][0] < a + len(original):
            chars = list(original)
            while j < len(zero_width) and zero_width[j][0] < a + len(original):
                chars[zero_width[j][0] - a] = zero_width[j][1]
                j += 1
            original = "".join(chars)
        out.append((a, original))
    return out + zero_width[j:]


def give_back(size: int) -> None:
    """Hand the free pages of the C heap back to the system after a long text's pieces were freed.

    The pieces (each below glibc's mmap threshold) and the line arrays live in its heap; once freed they
    stay resident, since the objects the later stages make come from Python's own arenas and never
    reuse them: ~1.3x a 10 MB file, measured (benchmarks/extraction_scale.md). `malloc_trim(0)`
    (glibc >= 2.8 returns whole free pages anywhere in the heap) gives them back; elsewhere, nothing.
    """
    if size >= _TRIM_FROM:
        trim = _malloc_trim()
        if trim is not None:
            trim(0)


_TRIM_FROM = 1 << 20  # characters: below this the pages in question are few


@functools.cache
def _malloc_trim():
    try:
        import ctypes

        return getattr(ctypes.CDLL(None), "malloc_trim", None)
    except (ImportError, OSError):
        return None


def cut(text: str | Iterable[str], size: int = PIECE) -> Iterator[str]:
    """The text again, in pieces that each end just after a line break (the last one excepted) and hold about
    `size` characters at most unless a line is longer, whatever pieces it came in. A CR counts as a line
    break only where its next character is known not to be an LF (CRLF stays in one piece)."""
    if isinstance(text, str):
        text = (text,)
    carry = ""
    for chunk in text:
        if carry:
            chunk, carry = carry + chunk, ""
        pos, n = 0, len(chunk)
        while pos < n:
            end = _line_end(chunk, min(pos + size, n))
            if end < 0:
                break
            yield chunk[pos:end]  # the chunk itself, not a copy, when it is one piece
            pos = end
        carry = chunk[pos:]
    if carry:
        yield carry


def _line_end(chunk: str, at: int) -> int:
    """Just after the first line break at or after index `at - 1` whose next character is known (-1: none)."""
    nl = chunk.find("\n", at - 1)
    limit = nl if nl >= 0 else len(chunk) - 1
    cr = chunk.find("\r", at - 1, limit)
    while cr >= 0 and chunk[cr + 1] == "\n":
        cr = chunk.find("\r", cr + 2, limit)
    if cr >= 0:
        return cr + 1
    return nl + 1 if nl >= 0 else -1
