"""From the file a researcher has (PDF, Word, legacy-encoded text, scans) to a raw UTF-8 text and its manifest entry.

Modules, one job each: `detect` (what a file is), `pdftext` (a PDF's text layer in
reading order), `wordfile` (.docx, and .doc via LibreOffice), `textfile` and `legacy`
(UTF-16, Windows-1258, TCVN3, VNI), `ocr` (Tesseract, pages in parallel), `pipeline`
(one file → `Conversion`), `manifest` (the sources.yaml entry), `batch` (many files
into one folder).
"""
from .pipeline import Conversion, convert
from .errors import IngestError

__all__ = ["Conversion", "IngestError", "convert"]
