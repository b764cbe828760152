"""Word documents: .docx read directly (paragraphs and tables in body order), legacy .doc via LibreOffice.

A .docx is a zip: its parts' declared sizes are checked before anything is inflated, so a
zip bomb is refused rather than unpacked. Headers, footers and footnotes live in other
parts and are left out; an explicit page break becomes a form-feed line, as for a PDF.
"""
from __future__ import annotations

import shutil
import subprocess
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from .errors import IngestError
from .pdftext import PAGE_BREAK

MAX_PART_BYTES = 100 * 2**20  # an uncompressed word/document.xml larger than this is not a plan
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@dataclass
class WordText:
    text: str
    pages: int | None
    warnings: list[str] = field(default_factory=list)
    tool: str = ""


def library_version() -> str:
    from importlib.metadata import version

    return f"python-docx {version('python-docx')}"


def read_docx(path: Path) -> WordText:
    _check_zip(path)
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(str(path))
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile) as exc:
        raise IngestError(path, f"is not a readable Word document ({exc}); re-save it from Word as .docx") from None
    except Exception as exc:  # lxml's XMLSyntaxError and the like: a damaged part
        raise IngestError(path, f"is a damaged Word document ({type(exc).__name__}); re-save it from Word") from None
    lines: list[str] = []
    tables = breaks = 0
    for block in document.iter_inner_content():
        if hasattr(block, "rows"):
            tables += 1
            lines += _table_lines(block)
            continue
        text = block.text
        if block._p.xpath("./w:r/w:br[@w:type='page']") or block._p.xpath("./w:pPr/w:pageBreakBefore"):
            breaks += 1
            if lines:
                lines.append(PAGE_BREAK)
        lines.append(" ".join(text.replace("\t", " ").split()) if text.strip() else "")
    warnings = []
    if tables:
        warnings.append(f"wrote {tables} table(s) as '|'-separated rows")
    if breaks:
        warnings.append(f"marked {breaks} explicit page break(s)")
    return WordText("\n".join(lines).strip("\n") + "\n", _page_count(path), warnings, library_version())


def _table_lines(table) -> list[str]:
    out = []
    for row in table.rows:
        cells, seen = [], set()
        for cell in row.cells:
            if id(cell._tc) in seen:  # a merged cell is returned once per grid column it spans
                continue
            seen.add(id(cell._tc))
            cells.append(" ".join(cell.text.replace("|", "/").split()))
        if len(cells) >= 2:
            out.append("| " + " | ".join(cells) + " |")
        elif cells and cells[0]:
            out.append(cells[0])
    return out


def _check_zip(path: Path) -> None:
    try:
        with zipfile.ZipFile(path) as zf:
            info = zf.getinfo("word/document.xml")
            total = sum(i.file_size for i in zf.infolist())
    except KeyError:
        raise IngestError(path, "is a zip archive without word/document.xml, not a Word document") from None
    except (zipfile.BadZipFile, OSError) as exc:
        raise IngestError(path, f"is a damaged zip file ({exc}); re-save the document from Word") from None
    if info.file_size > MAX_PART_BYTES or total > 4 * MAX_PART_BYTES:
        raise IngestError(path, f"unpacks to {total / 2**20:.0f} MB, too large for a plan document "
                                f"(a zip bomb?); refusing to open it")


def _page_count(path: Path) -> int | None:
    """The page count Word recorded in docProps/app.xml, when it did."""
    import xml.etree.ElementTree as ET

    try:
        with zipfile.ZipFile(path) as zf:
            if "docProps/app.xml" not in zf.namelist() or zf.getinfo("docProps/app.xml").file_size > 2**20:
                return None
            root = ET.fromstring(zf.read("docProps/app.xml"))
    except (zipfile.BadZipFile, OSError, ET.ParseError):
        return None
    for el in root.iter():
        if el.tag.endswith("}Pages") and (el.text or "").strip().isdigit():
            return int(el.text)
    return None


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def read_doc(path: Path, timeout: int = 300) -> WordText:
    """A legacy .doc converted to .docx by LibreOffice (headless), then read as a .docx."""
    exe = soffice()
    if exe is None:
        raise IngestError(path, "is a legacy Word .doc; install LibreOffice (Debian: apt-get install "
                                "libreoffice-writer) or save it as .docx from Word, then ingest again")
    with tempfile.TemporaryDirectory(prefix="dxcompare-doc-") as tmp:
        src = Path(tmp) / "in.doc"
        shutil.copyfile(path, src)  # LibreOffice never sees (or locks) the original
        try:
            proc = subprocess.run([exe, "--headless", f"-env:UserInstallation=file://{tmp}/profile",
                                   "--convert-to", "docx", "--outdir", tmp, str(src)],
                                  capture_output=True, text=True, timeout=timeout)
        except subprocess.TimeoutExpired:
            raise IngestError(path, f"LibreOffice did not finish converting it in {timeout} s; "
                                    "save it as .docx from Word") from None
        out = Path(tmp) / "in.docx"
        if proc.returncode != 0 or not out.exists():
            raise IngestError(path, "LibreOffice could not convert this .doc; open it in Word and save it as .docx")
        result = read_docx(out)
        version = subprocess.run([exe, "--version"], capture_output=True, text=True, timeout=60).stdout.strip()
    result.tool = f"{version or 'LibreOffice'}; {result.tool}"
    return result
