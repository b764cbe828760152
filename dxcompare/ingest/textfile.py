"""Plain-text files in whatever encoding Vietnamese offices saved them: UTF-8, UTF-16,
Windows-1258, TCVN3 (ABC) or VNI — decoded to Unicode NFC, with the encoding and a confidence."""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from . import legacy
from .errors import IngestError

MAX_TEXT_BYTES = 50 * 2**20


@dataclass
class PlainText:
    text: str
    encoding: str  # utf-8 | utf-16 | windows-1258 | tcvn3 | vni (+ '/tcvn3' etc. when a Unicode file held mojibake)
    confidence: float | None
    warnings: list[str] = field(default_factory=list)


def read_text_file(path: Path) -> PlainText:
    data = path.read_bytes()
    if len(data) > MAX_TEXT_BYTES:
        raise IngestError(path, f"is a {len(data) / 2**20:.0f} MB text file, over the "
                                f"{MAX_TEXT_BYTES // 2**20} MB limit; split it")
    unicode_name, text = _unicode(data)
    if text is not None:
        converted, guess = legacy.convert(text)
        if guess.encoding != "unicode":
            return PlainText(converted, f"{unicode_name}/{guess.encoding}", guess.confidence,
                             [legacy_warning(guess)])
        return PlainText(converted, unicode_name, None if not guess.words else guess.confidence)
    return _eight_bit(path, data)


def _unicode(data: bytes) -> tuple[str, str | None]:
    """('utf-8' | 'utf-16', text) when the bytes are Unicode, else (name, None)."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return "utf-16", data.decode("utf-16")
        except UnicodeDecodeError:
            return "utf-16", None
    if len(data) >= 4 and data[1::2].count(0) > 0.4 * len(data[1::2]) and data[0::2].count(0) == 0:
        try:
            return "utf-16", data.decode("utf-16-le")
        except UnicodeDecodeError:
            return "utf-16", None
    try:
        return "utf-8", data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return "utf-8", None


def _eight_bit(path: Path, data: bytes) -> PlainText:
    """Bytes that are not Unicode: Windows-1258, TCVN3 or VNI, whichever reads as Vietnamese."""
    look_alikes = legacy.from_bytes(data)
    guess = legacy.detect(look_alikes)
    cp1258 = unicodedata.normalize("NFC", data.decode("cp1258", errors="replace"))
    score_1258 = legacy.vietnamese_score(cp1258)
    if guess.encoding in legacy.DECODERS and guess.confidence >= score_1258:
        return PlainText(legacy.DECODERS[guess.encoding](look_alikes), guess.encoding, guess.confidence,
                         [legacy_warning(guess)])
    if score_1258 >= 0.6:
        return PlainText(cp1258, "windows-1258", score_1258,
                         [f"decoded from Windows-1258 (confidence {score_1258:.2f})"])
    raise IngestError(path, "is not UTF-8, UTF-16, Windows-1258, TCVN3 or VNI text that reads as Vietnamese; "
                            "open it in a word processor and save it as UTF-8 text")


def legacy_warning(guess: legacy.Guess, what: str = "text") -> str:
    name = {"tcvn3": "TCVN3 (ABC)", "vni": "VNI"}[guess.encoding]
    note = "; TCVN3 has no capitals with tone marks, so they were restored from context: check headings and names" \
        if guess.encoding == "tcvn3" else ""
    return f"{what} converted from {name}, detected with confidence {guess.confidence:.2f} over {guess.words} words{note}"
