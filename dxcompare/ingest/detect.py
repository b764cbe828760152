"""What kind of file an input is, from its first bytes (never from its name alone).

Refuses, before opening, what is not a regular file (a folder, a device, a FIFO: opening
a FIFO would block), and reads a bounded head only.
"""
from __future__ import annotations

import os
import stat
import zipfile
from pathlib import Path

from .errors import IngestError

MAX_INPUT_BYTES = 500 * 2**20  # a 500-page scanned PDF is well under this
FORMATS = ("pdf", "docx", "doc", "image", "text")
_IMAGE_MAGIC = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"II*\x00", b"MM\x00*", b"BM", b"GIF87a", b"GIF89a")
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def check_regular(path: Path) -> os.stat_result:
    """The file's stat, or IngestError when it is missing, not a regular file, empty or too large."""
    try:
        st = path.stat()
    except FileNotFoundError:
        raise IngestError(path, "no such file") from None
    except OSError as exc:
        raise IngestError(path, f"cannot be read ({exc.strerror or exc})") from None
    if stat.S_ISDIR(st.st_mode):
        raise IngestError(path, "is a directory; give the files inside it (e.g. DIR/*.pdf)")
    if not stat.S_ISREG(st.st_mode):
        raise IngestError(path, "is not a regular file (a device, FIFO or socket); copy the document to a file first")
    if st.st_size == 0:
        raise IngestError(path, "is empty")
    if st.st_size > MAX_INPUT_BYTES:
        raise IngestError(path, f"is {st.st_size / 2**20:.0f} MB, over the {MAX_INPUT_BYTES // 2**20} MB limit; "
                                f"split the document")
    return st


def detect_format(path: Path) -> str:
    """One of FORMATS, or IngestError saying the file is none of them."""
    check_regular(path)
    try:
        with path.open("rb") as fh:
            head = fh.read(4096)
    except OSError as exc:
        raise IngestError(path, f"cannot be read ({exc.strerror or exc})") from None
    if b"%PDF-" in head[:1024]:
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return _zip_kind(path)
    if head.startswith(_OLE2):
        return "doc"
    if head.startswith(_IMAGE_MAGIC) or head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image"
    if head.startswith(b"{\\rtf"):
        raise IngestError(path, "is an RTF file; save it as .docx or PDF and ingest that")
    if _looks_like_text(head):
        return "text"
    raise IngestError(path, "is not a supported format (PDF, .docx, .doc, a scanned image, or a .txt file)")


def _looks_like_text(head: bytes) -> bool:
    """UTF-16 (BOM, or ASCII with every other byte zero), or bytes with few control characters."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff", b"\xef\xbb\xbf")):
        return True
    if len(head) >= 4 and head[1::2].count(0) > 0.4 * len(head[1::2]) and head[0::2].count(0) == 0:
        return True  # UTF-16LE without BOM
    if len(head) >= 4 and head[0::2].count(0) > 0.4 * len(head[0::2]) and head[1::2].count(0) == 0:
        return True  # UTF-16BE without BOM
    if b"\x00" in head:
        return False
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13))
    return controls <= 0.02 * len(head)


def _zip_kind(path: Path) -> str:
    """'docx' when the zip holds a Word document's parts, else IngestError naming what it holds."""
    try:
        with zipfile.ZipFile(path) as zf:
            names = set(zf.namelist())
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise IngestError(path, f"is a damaged zip file ({exc}); re-save the document") from None
    if "word/document.xml" in names and "[Content_Types].xml" in names:
        return "docx"
    if "content.xml" in names:
        raise IngestError(path, "is an OpenDocument file; save it as .docx or PDF and ingest that")
    if any(n.startswith("xl/") for n in names):
        raise IngestError(path, "is an Excel workbook, not a plan document; save the plan as .docx or PDF")
    raise IngestError(path, "is a zip archive, not a Word document (no word/document.xml inside); "
                            "unzip it and ingest the documents it holds")
