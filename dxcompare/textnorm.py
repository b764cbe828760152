"""Text normalisation shared by the loader (quote matching) and the extractor.

Sources arrive NFC or NFD, with CRLF and hard line breaks inside sentences; a
quote typed by a curator must still be found. Everything is compared in NFC
with runs of white space folded to one space.
"""
from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right

import numpy as np

_WS = re.compile(r"\s+")


def nfc(text: str) -> str:
    """NFC-normalise and turn CRLF / CR line ends into LF."""
    return unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")


def fold(text: str) -> str:
    """NFC plus white-space folding: the form in which quotes are compared."""
    return _WS.sub(" ", unicodedata.normalize("NFC", text)).strip()


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



# --- added for the extractor (dxcompare.extract) -------------------------------

_LOSSY_LO, _LOSSY_HI = "\u1ea0", "\u1ef9"  # Latin Extended Additional: ạ … ỹ


def tolerant_pattern(phrase: str) -> str:
    """Regex source for `phrase` that survives what copying does to real texts.

    Copies from PDFs and web pages lose precomposed letters ("thúc đẩy" becomes
    "thúc đy", "được" becomes "đưc") and break lines anywhere, so every letter of
    the Latin Extended Additional block is optional and any white space matches
    any run of white space. Use with re.IGNORECASE for case-free matching.
    """
    out: list[str] = []
    for ch in unicodedata.normalize("NFC", phrase):
        if ch.isspace():
            if not out or out[-1] != r"\s+":
                out.append(r"\s+")
        elif _LOSSY_LO <= ch <= _LOSSY_HI:
            out.append(f"(?:{re.escape(ch)})?")
        else:
            out.append(re.escape(ch))
    return "".join(out)


def ascii_fold(text: str) -> str:
    """'Thừa Thiên Huế' -> 'Thua Thien Hue': for slugs and file names."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def slug(text: str) -> str:
    """'Bà Rịa - Vũng Tàu 2704' -> 'ba-ria-vung-tau-2704'."""
    return re.sub(r"[^a-z0-9]+", "-", ascii_fold(text).lower()).strip("-")


_AGENCY_ABBREV = ((re.compile(r"\bubnd\b"), "ủy ban nhân dân"), (re.compile(r"\bhđnd\b"), "hội đồng nhân dân"),
                  (re.compile(r"\bmttq\b"), "mặt trận tổ quốc"))
_AGENCY_JOIN = re.compile(r"\s*&\s*")
_AGENCY_DASH = re.compile(r"\s*[-–—]\s*")
_AGENCY_PUNCT = re.compile(r"[,.]")


def agency_key(name: str) -> str:
    """One key per spelling of a body's name: the registry's uniqueness rule and the extractor's look-up.

    Folds what writers vary without changing the body: case, NFC, "Uỷ"/"Ủy", UBND/HĐND/MTTQ written
    out, "&" = "và", any dash = " - ", commas and full stops, runs of white space.
    """
    s = unicodedata.normalize("NFC", name).lower().replace("uỷ", "ủy")
    for rx, full in _AGENCY_ABBREV:
        s = rx.sub(full, s)
    s = _AGENCY_DASH.sub(" - ", _AGENCY_JOIN.sub(" và ", s))
    return " ".join(_AGENCY_PUNCT.sub(" ", s).split())
