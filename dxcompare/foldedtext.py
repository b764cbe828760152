"""A raw text folded for quote matching, with a map back to its NFC offsets.

Apart from `textnorm` because it needs numpy, which the extractor (and so the
start of every `extract` run) does not.
"""
from __future__ import annotations

from bisect import bisect_right

import numpy as np

from .textnorm import nfc

# Which code points str.split() (and the regex \s) treat as white space: all lie below U+3001
# (tests/test_loader_scale.py checks every code point).
_IS_SPACE = np.array([chr(c).isspace() for c in range(0x3001)] + [False], dtype=bool)
_SPACE = np.uint32(32)


class FoldedText:
    """A raw text in NFC, folded for quote matching, with a map back to NFC offsets.

    `find(quote)` answers the span of the quote in the NFC text, so a fact can
    point at the exact characters it came from even when the quote crosses a
    line break. Built for long texts and many of them: one vectorised pass over
    the code points (numpy) turns every run of white space into one space, and
    the offset map keeps only runs of two or more white-space characters (the
    only ones that shift offsets).
    """

    __slots__ = ("nfc", "folded", "_run_start", "_run_orig", "_shift")

    def __init__(self, text: str):
        self.nfc = n = nfc(text)
        self._run_start, self._run_orig, self._shift = [], [], []
        codes = np.frombuffer(n.encode("utf-32-le"), dtype=np.uint32)
        space = _IS_SPACE[np.minimum(codes, 0x3001)]
        follows = np.zeros(len(codes), dtype=bool)  # a white-space character right after another: dropped
        np.logical_and(space[1:], space[:-1], out=follows[1:])
        self.folded = np.where(space, _SPACE, codes)[~follows].tobytes().decode("utf-32-le")
        if len(self.folded) != len(n):
            edges = np.diff(space.view(np.int8), prepend=np.int8(0), append=np.int8(0))
            starts, ends = np.flatnonzero(edges == 1), np.flatnonzero(edges == -1)
            long = ends - starts >= 2
            starts, ends = starts[long], ends[long]
            removed = np.cumsum(ends - starts - 1)
            self._run_orig = starts.tolist()
            self._shift = removed.tolist()
            self._run_start = (starts - removed + (ends - starts - 1)).tolist()

    def original(self, k: int) -> int:
        """Offset in the NFC text of character `k` of the folded text."""
        starts = self._run_start
        if not starts or k < starts[0]:
            return k
        i = bisect_right(starts, k) - 1
        if k == starts[i]:
            return self._run_orig[i]
        return k + self._shift[i]

    def find(self, quote: str, start: int = 0, *, is_nfc: bool = False) -> tuple[int, int] | None:
        """Span [start, end) of `quote` in the NFC text, or None when absent.

        `is_nfc`: the quote is known to be NFC already (plan files are normalised on reading).
        """
        q = quote if is_nfc else nfc(quote)
        if not (q.isprintable() and "  " not in q and q[:1] != " " and q[-1:] != " "):
            q = " ".join(q.split())  # fold white space (printable text with single inner spaces is folded already)
        if not q:
            return None
        k = self.folded.find(q, start)
        if k < 0:
            return None
        return self.original(k), self.original(k + len(q) - 1) + 1
