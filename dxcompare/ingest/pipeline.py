"""One input file → its raw text and what the manifest says about the conversion.

The original is only ever read (LibreOffice works on a copy). The result is Unicode NFC
with `\\n` line ends: the text that quotes and spans will refer to.
"""
from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from . import legacy, ocr
from .detect import detect_format
from .errors import IngestError

_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f\ufeff]")


@dataclass
class Conversion:
    """A converted document and the facts the manifest records about it."""

    original: Path
    format: str  # pdf | docx | doc | image | text
    method: str  # pdf-text-layer | pdf-ocr | pdf-text-layer+ocr | docx | doc-libreoffice | image-ocr | text
    tool: str  # the converting library or program and its version
    text: str
    original_sha256: str
    pages: int | None = None
    warnings: list[str] = field(default_factory=list)
    ocr_confidence: float | None = None  # Tesseract's mean word confidence, 0-100
    encoding: str | None = None  # what the text was typed in, when not plain Unicode
    encoding_confidence: float | None = None

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()


def convert(path: str | Path, jobs: int | None = None) -> Conversion:
    """Convert one file; IngestError (one line: the file and what to do) when it cannot be."""
    path = Path(path)
    kind = detect_format(path)
    digest = _sha256(path)
    if kind == "pdf":
        conv = _pdf(path, digest, jobs)
    elif kind in ("docx", "doc"):
        from . import wordfile

        word = wordfile.read_docx(path) if kind == "docx" else wordfile.read_doc(path)
        conv = Conversion(path, kind, "docx" if kind == "docx" else "doc-libreoffice", word.tool, word.text, digest,
                          word.pages, word.warnings)
        _legacy_fonts(conv)
    elif kind == "image":
        frames = ocr.load_image_pages(path)
        result = ocr.ocr_pages(path, len(frames), frames.__getitem__, jobs)
        conv = Conversion(path, "image", "image-ocr", result.tool, _join(result.pages), digest, len(frames),
                          result.warnings, result.confidence)
    else:
        from .textfile import read_text_file

        plain = read_text_file(path)
        conv = Conversion(path, "text", "text", "python codecs + dxcompare.ingest.legacy", plain.text, digest, None,
                          plain.warnings)
        if plain.encoding != "utf-8":
            conv.encoding, conv.encoding_confidence = plain.encoding, plain.confidence
    conv.text = clean(conv.text)
    if not conv.text.strip():
        raise IngestError(path, "holds no text; if it is a scan, check that the pages are images of text")
    return conv


def clean(text: str) -> str:
    """NFC, `\\n` line ends, no control characters but tab and form feed, trailing blanks dropped, one final newline."""
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    text = _CONTROLS.sub("", text)
    return "\n".join(line.rstrip(" \t") for line in text.split("\n")).strip("\n") + "\n"


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _join(pages: list[str]) -> str:
    from .pdftext import join_pages

    return join_pages(pages)


def _pdf(path: Path, digest: str, jobs: int | None) -> Conversion:
    from .pdftext import library_version, read_pdf

    layer = read_pdf(path)
    if not layer.ocr_pages:
        conv = Conversion(path, "pdf", "pdf-text-layer", library_version(), layer.text, digest, layer.pages,
                          layer.warnings)
        _legacy_fonts(conv)
        if not conv.text.strip():
            raise IngestError(path, "has no text layer and no page images; nothing to convert")
        return conv
    with ocr.PdfPages(path) as render:
        result = ocr.ocr_pages(path, len(layer.ocr_pages), lambda k: render(layer.ocr_pages[k]), jobs)
    texts = list(layer.page_texts)
    for k, page in enumerate(layer.ocr_pages):
        texts[page] = result.pages[k]
    whole = len(layer.ocr_pages) == layer.pages
    method = "pdf-ocr" if whole else "pdf-text-layer+ocr"
    tool = result.tool if whole else f"{library_version()}; {result.tool}"
    warnings = list(layer.warnings) + result.warnings
    if not whole:
        pages = ", ".join(str(p + 1) for p in layer.ocr_pages[:20])
        warnings.append(f"page(s) {pages} had no text layer and were read by OCR")
    return Conversion(path, "pdf", method, tool, _join(texts), digest, layer.pages, warnings, result.confidence)


def _legacy_fonts(conv: Conversion) -> None:
    """Text typed in TCVN3 or VNI fonts comes out of PDF and Word as Latin-1 look-alikes: convert it."""
    text, guess = legacy.convert(conv.text)
    if guess.encoding == "unicode":
        return
    from .textfile import legacy_warning

    conv.text = text
    conv.encoding, conv.encoding_confidence = guess.encoding, guess.confidence
    conv.warnings.append(legacy_warning(guess, "text in legacy fonts"))
