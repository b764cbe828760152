"""Text normalisation shared by the loader (quote matching) and the extractor.

Sources arrive NFC or NFD, with CRLF and hard line breaks inside sentences; a
quote typed by a curator must still be found. Everything is compared in NFC
with runs of white space folded to one space.
"""
from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right

_WS = re.compile(r"\s+")


def nfc(text: str) -> str:
    """NFC-normalise and turn CRLF / CR line ends into LF."""
    return unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")


def fold(text: str) -> str:
    """NFC plus white-space folding: the form in which quotes are compared."""
    return _WS.sub(" ", unicodedata.normalize("NFC", text)).strip()


class FoldedText:
    """A text folded for matching, with a map back to offsets in its NFC form.

    `find(quote)` answers the span of the quote in the NFC text, so a fact can
    point at the exact characters it came from even when the quote crosses a
    line break. The map keeps only the white-space runs (found by the regex
    engine), so building it costs little even for long texts.
    """

    def __init__(self, text: str):
        self.nfc = nfc(text)
        self.folded = _WS.sub(" ", self.nfc)
        self._run_start: list[int] = []  # folded offset of each run's single space
        self._run_orig: list[int] = []  # original offset of that run
        self._shift: list[int] = []  # characters removed up to and including the run
        removed = 0
        for m in _WS.finditer(self.nfc):
            self._run_start.append(m.start() - removed)
            self._run_orig.append(m.start())
            removed += m.end() - m.start() - 1
            self._shift.append(removed)

    def original(self, k: int) -> int:
        """Offset in the NFC text of character `k` of the folded text."""
        i = bisect_right(self._run_start, k) - 1
        if i < 0:
            return k
        if k == self._run_start[i]:
            return self._run_orig[i]
        return k + self._shift[i]

    def find(self, quote: str, start: int = 0) -> tuple[int, int] | None:
        """Span [start, end) of `quote` in the NFC text, or None when absent."""
        q = fold(quote)
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
