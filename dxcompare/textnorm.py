"""Text normalisation shared by the loader (quote matching) and the extractor.

Sources arrive NFC or NFD, with CRLF and hard line breaks inside sentences; a
quote typed by a curator must still be found. Everything is compared in NFC
with runs of white space folded to one space (`fold`; for a whole raw text with
a map back to its offsets, `foldedtext.FoldedText`).
"""
from __future__ import annotations

import re
import unicodedata

_WS = re.compile(r"\s+")


def nfc(text: str) -> str:
    """NFC-normalise and turn CRLF / CR line ends into LF."""
    return unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")


def fold(text: str) -> str:
    """NFC plus white-space folding: the form in which quotes are compared."""
    return _WS.sub(" ", unicodedata.normalize("NFC", text)).strip()


# --- added for the extractor (dxcompare.extract) -------------------------------

_LOSSY_LO, _LOSSY_HI = "\u1ea0", "\u1ef9"  # Latin Extended Additional: ạ … ỹ
# every Vietnamese vowel letter by its bare letter: a scan may lose a mark or read another ("Căn cú", "chu tri")
_VARIANTS = {b: "".join(sorted({c for c in "aăâeêioôơuưyàằầèềìòồờùừỳáắấéếíóốớúứýảẳẩẻểỉỏổởủửỷãẵẫẽễĩõỗỡũữỹạặậẹệịọộợụựỵ"
                                if unicodedata.normalize("NFD", c)[0] == b}))
             for b in "aeiouy"}


def tolerant_pattern(phrase: str) -> str:
    """Regex source for `phrase` that survives what copying does to real texts.

    Copies from PDFs and web pages lose precomposed letters ("thúc đẩy" becomes
    "thúc đy", "được" becomes "đưc") and break lines anywhere, so every letter of
    the Latin Extended Additional block is optional and any white space matches
    any run of white space. A phrase of two words or more also matches with its marks lost, as a scan or
    an unaccented copy writes it ("chu tri" for "chủ trì"); a single word would match other words so.
    Use with re.IGNORECASE for case-free matching.
    """
    phrase = unicodedata.normalize("NFC", phrase)
    bare = len(phrase.split()) > 1
    out: list[str] = []
    for ch in phrase:
        if ch.isspace():
            if not out or out[-1] != r"\s+":
                out.append(r"\s+")
            continue
        base = unicodedata.normalize("NFD", ch)[0].lower() if bare else ch
        one = re.escape(ch) if base == ch or base not in _VARIANTS else f"[{_VARIANTS[base]}]"
        out.append(f"{one}?" if _LOSSY_LO <= ch <= _LOSSY_HI else one)
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
