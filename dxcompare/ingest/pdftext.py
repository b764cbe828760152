"""A PDF's text layer as plain text in reading order, with the page's layout undone.

Library: pypdfium2 (PDFium; Apache-2.0/BSD-3), chosen on measured quality and speed on
Vietnamese text (`benchmarks/ingest_quality.md`): it keeps precomposed Vietnamese letters
whole, gives every character's box and font size, and reads ~100 pages a second on one
core. From those boxes this module

- splits the page into lines, and into two columns when a gutter runs down the page;
- turns ruled tables (cells drawn as rectangles or as a grid of lines) into `| a | b |` rows;
- drops running headers and footers (a line in the top or bottom tenth of the page that
  recurs, digits aside, on half the pages or more) and page numbers ("3", "- 3 -",
  "Trang 3/12"), counting them for the manifest;
- joins the lines of a paragraph when the next line's first word would have fitted at the
  end of the line (so the line break was the typesetter's, not the author's); the
  extractor's own rules handle whatever stays broken;
- marks each page break with a line holding a form feed (`\\f`), which the extractor reads
  as a blank line.

A page with (almost) no usable text but with images is reported as needing OCR.

Size: over 400 lines because the steps above share the page's character and line records (`_Char`,
`Line`) and their geometry; split, those private records would become an interface between modules.
"""
from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from .errors import IngestError

PAGE_BREAK = "\f"
MIN_TEXT_CHARS = 20  # fewer usable characters than this on a page with an image: a scan
MAX_PAGE_CHARS = 200_000  # a page with more characters than this is not a plan's page
_PAGE_NUMBER = re.compile(r"^(?:[-–—]?\s*\d{1,4}\s*[-–—]?|(?:trang|page)\s*\d{1,4}(?:\s*(?:/|của|of)\s*\d{1,4})?"
                          r"|\d{1,4}\s*/\s*\d{1,4})$", re.I)
_MARKER = re.compile(r"^(?:[-–—•+*▪●○◦➢✓]\s|\d{1,2}(?:\.\d{1,2}){0,3}[.)]\s|[a-zđ][.)]\s|[IVXLC]{1,6}[.)]\s|"
                     r"(?:Điều|Chương|Phần|Mục)\s+\w+[.:]?\s)")


def library_version() -> str:
    from pypdfium2.version import PDFIUM_INFO, PYPDFIUM_INFO

    return f"pypdfium2 {PYPDFIUM_INFO.version} (PDFium {PDFIUM_INFO.build})"


@dataclass
class Line:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    first_word: float = 0.0  # width of the first word, for the "would it have fitted" test
    space: float = 0.0  # width of a space at this size
    table: bool = False
    column: int = 0  # 0 full width, 1 left, 2 right


@dataclass
class Page:
    lines: list[Line]
    height: float
    needs_ocr: bool = False
    chars: int = 0


@dataclass
class PdfText:
    text: str
    pages: int
    warnings: list[str] = field(default_factory=list)
    ocr_pages: list[int] = field(default_factory=list)  # 0-based pages with no usable text layer
    page_texts: list[str] = field(default_factory=list)


def open_pdf(path: Path):
    """A pypdfium2 document, or IngestError for a protected, damaged or empty PDF."""
    import pypdfium2 as pdfium

    try:
        doc = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as exc:
        msg = str(exc)
        why = re.search(r"PDFium: ([^)]*)", msg)
        if "password" in msg.lower():
            raise IngestError(path, "is password-protected; open it with its password and save an unprotected copy "
                                    "(or print it to PDF), then ingest that") from None
        if _empty_page_tree(path):
            raise IngestError(path, "is a PDF with no pages; get a complete copy of the document") from None
        raise IngestError(path, f"is not a readable PDF ({why.group(1) if why else msg}); "
                                "get a fresh copy of the file") from None
    if len(doc) == 0:
        doc.close()
        raise IngestError(path, "is a PDF with no pages; get a complete copy of the document")
    return doc


def _empty_page_tree(path: Path, limit: int = 64 * 2**20) -> bool:
    """Whether a PDF that PDFium refused declares a page tree of zero pages and holds no page (PDFium
    refuses such a file as malformed)."""
    with path.open("rb") as fh:
        data = fh.read(limit)
    return (re.search(rb"/Type\s*/Pages\b[^>]*?/Count\s+0\b", data) is not None
            and re.search(rb"/Type\s*/Page(?!s)\b", data) is None and b"/ObjStm" not in data)


def read_pdf(path: Path) -> PdfText:
    """The text layer of every page, laid out as plain text; pages without one are listed for OCR."""
    import pypdfium2 as pdfium

    doc = open_pdf(path)
    pages: list[Page] = []
    try:
        for i in range(len(doc)):
            try:
                page = doc[i]
                try:
                    pages.append(_read_page(page))
                finally:
                    page.close()
            except pdfium.PdfiumError as exc:
                raise IngestError(path, f"page {i + 1} cannot be read ({exc}); get a fresh copy of the file") from None
    finally:
        doc.close()
    return layout(pages)


def layout(pages: list[Page]) -> PdfText:
    warnings: list[str] = []
    removed = _drop_furniture(pages)
    if removed["header"]:
        warnings.append(f"removed a running header or footer from {removed['header']} page(s)")
    if removed["number"]:
        warnings.append(f"removed page numbers from {removed['number']} page(s)")
    two = sum(1 for p in pages if any(ln.column for ln in p.lines))
    if two:
        warnings.append(f"read {two} page(s) as two columns, left column first")
    tables = sum(1 for p in pages for ln in p.lines if ln.table)
    if tables:
        warnings.append(f"wrote {tables} table row(s) as '|'-separated cells")
    texts = ["\n".join(_paragraphs(p.lines)) for p in pages]
    ocr = [i for i, p in enumerate(pages) if p.needs_ocr]
    return PdfText(join_pages(texts), len(pages), warnings, ocr, texts)


def join_pages(texts: list[str]) -> str:
    """Page texts with a form-feed line between pages."""
    return f"\n{PAGE_BREAK}\n".join(t.strip("\n") for t in texts) + "\n"


# --- one page -------------------------------------------------------------------------------

@dataclass(slots=True)
class _Char:
    ch: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float


def _read_page(page) -> Page:
    import ctypes

    import pypdfium2.raw as raw

    width, height = page.get_size()
    tp = page.get_textpage()
    try:
        n = min(tp.count_chars(), MAX_PAGE_CHARS)
        text = tp.get_text_range(0, n) if n else ""
        per_char = len(text) != n  # characters outside the BMP: read one by one
        chars: list[_Char] = []
        breaks: set[int] = set()
        rect = raw.FS_RECTF()
        handle, box, font_size = tp.raw, raw.FPDFText_GetLooseCharBox, raw.FPDFText_GetFontSize
        ref = ctypes.byref(rect)
        for i in range(n):
            ch = tp.get_text_range(i, 1) if per_char else text[i]
            if ch == "\ufffe":  # PDFium's mark for a hyphen that ends a line
                ch = "-"
            if ch in "\r\n":
                breaks.add(len(chars))
                continue
            box(handle, i, ref)  # font-wide box: one baseline per line, whatever the glyph
            size = font_size(handle, i) or (rect.top - rect.bottom) or 10.0
            chars.append(_Char(ch, rect.left, rect.right, height - rect.top, height - rect.bottom, size))
        rects = _cells(page, width)
    finally:
        tp.close()
    usable = sum(1 for c in chars if c.ch.isalnum())
    images = usable < MIN_TEXT_CHARS and _has_image(page)
    lines = _lines(chars, breaks, rects, width)
    return Page(lines, height, needs_ocr=images, chars=usable)


def _has_image(page) -> bool:
    import pypdfium2.raw as raw

    return any(True for _ in page.get_objects(filter=[raw.FPDF_PAGEOBJ_IMAGE], max_depth=3))


def _cells(page, width: float) -> list[tuple[float, float, float, float]]:
    """Table cells on the page, as (x0, top, x1, bottom) in top-down coordinates."""
    import pypdfium2.raw as raw

    _, height = page.get_size()
    boxes, hlines, vlines = [], [], []
    for k, obj in enumerate(page.get_objects(filter=[raw.FPDF_PAGEOBJ_PATH], max_depth=3)):
        if k > 20000:
            break
        left, bottom, right, top = obj.get_bounds()
        w, h = right - left, top - bottom
        box = (left, height - top, right, height - bottom)
        if w <= 2.5 and h > 6:
            vlines.append(box)
        elif h <= 2.5 and w > 6:
            hlines.append(box)
        elif w > 8 and h > 8 and w < 0.9 * width:
            boxes.append(box)
    if hlines and vlines:
        boxes += _grid(hlines, vlines)
    return _leaves(boxes[:2000])


def _leaves(boxes):
    """Cells that hold no other cell (a table's outer border is not a cell), smallest first."""
    boxes = sorted(set(boxes), key=lambda b: (b[2] - b[0]) * (b[3] - b[1]))

    def inside(a, b):
        return a != b and b[0] - 1 <= a[0] and b[1] - 1 <= a[1] and a[2] <= b[2] + 1 and a[3] <= b[3] + 1

    return [b for b in boxes if not any(inside(a, b) for a in boxes)]


def _grid(hlines, vlines) -> list[tuple[float, float, float, float]]:
    """Cells of a table drawn as separate horizontal and vertical rules."""
    xs = sorted({round((v[0] + v[2]) / 2) for v in vlines})
    ys = sorted({round((h[1] + h[3]) / 2) for h in hlines})
    out = []

    def has_v(x, t, b):
        return any(abs((v[0] + v[2]) / 2 - x) < 2 and v[1] <= t + 2 and v[3] >= b - 2 for v in vlines)

    def has_h(y, a, c):
        return any(abs((h[1] + h[3]) / 2 - y) < 2 and h[0] <= a + 2 and h[2] >= c - 2 for h in hlines)

    for t, b in zip(ys, ys[1:]):
        for j, a in enumerate(xs):
            for c in xs[j + 1:]:
                if has_v(a, t, b) and has_v(c, t, b) and has_h(t, a, c) and has_h(b, a, c):
                    out.append((a, t, c, b))
                    break
    return out


def _fragments(chars: list[_Char], breaks: set[int]) -> list[list[_Char]]:
    """Runs of characters on one baseline without a wide gap, in the content's order."""
    frags: list[list[_Char]] = []
    cur: list[_Char] = []
    for i, c in enumerate(chars):
        if cur:
            p = cur[-1]
            em = max(p.size, 1.0)
            jump = (i in breaks or abs(c.bottom - p.bottom) > 0.5 * em or c.x0 < p.x0 - 0.5 * em
                    or (c.x0 - p.x1 > 2.0 * em and c.ch != " " and p.ch != " "))
            if jump:
                frags.append(cur)
                cur = []
        cur.append(c)
    if cur:
        frags.append(cur)
    return [f for f in frags if any(not c.ch.isspace() for c in f)]


def _line(chars: list[_Char], table: bool = False) -> Line:
    ink = [c for c in chars if not c.ch.isspace()]
    text = " ".join("".join(c.ch for c in chars).split())
    sizes = sorted(c.size for c in ink)
    size = sizes[len(sizes) // 2]
    first = ink[0].x0
    end = first
    for c in chars:
        if c.ch.isspace():
            break
        end = c.x1
    return Line(text, ink[0].x0, ink[-1].x1, min(c.top for c in ink), max(c.bottom for c in ink), size,
                first_word=end - first, space=0.28 * size, table=table)


def _lines(chars: list[_Char], breaks: set[int], cells, width: float) -> list[Line]:
    """The page's lines in reading order: table rows, columns left then right."""
    in_cell: dict[int, list[_Char]] = {}
    flow: list[_Char] = []
    flow_breaks: set[int] = set()
    for i, c in enumerate(chars):
        if i in breaks:
            flow_breaks.add(len(flow))
        cx, cy = (c.x0 + c.x1) / 2, (c.top + c.bottom) / 2
        k = next((k for k, (a, t, b, d) in enumerate(cells) if a <= cx <= b and t <= cy <= d), None) \
            if cells else None
        if k is None:
            flow.append(c)
        else:
            in_cell.setdefault(k, []).append(c)
    lines = [_line(f) for f in _fragments(flow, flow_breaks)]
    lines += _table_rows(in_cell, cells)
    return _reading_order(_merge_baselines(lines), width)


def _table_rows(in_cell: dict[int, list[_Char]], cells) -> list[Line]:
    """One `| a | b |` line per row of cells (cells sharing a top edge), rows of two or more cells only."""
    rows: dict[int, list[int]] = {}
    for k in sorted(range(len(cells)), key=lambda k: (cells[k][1], cells[k][0])):
        top = round(cells[k][1])
        key = next((t for t in rows if abs(t - top) <= 2), top)
        rows.setdefault(key, []).append(k)
    out = []
    for top, ks in sorted(rows.items()):
        if not any(k in in_cell for k in ks):
            continue
        ks.sort(key=lambda k: cells[k][0])
        texts = [_cell_text(in_cell.get(k, [])) for k in ks]
        chars = [c for k in ks for c in in_cell.get(k, [])]
        if len(ks) < 2:
            out += [_line(f) for f in _fragments(sorted(chars, key=lambda c: (round(c.bottom), c.x0)), set())]
            continue
        ln = _line([c for c in chars if not c.ch.isspace()] or chars, table=True)
        ln.text = "| " + " | ".join(texts) + " |"
        ln.x0, ln.x1 = cells[ks[0]][0], cells[ks[-1]][2]
        ln.top = min(cells[k][1] for k in ks)
        out.append(ln)
    return out


def _cell_text(chars: list[_Char]) -> str:
    parts = [_line(f).text for f in _fragments(chars, set())]
    return " ".join(" ".join(parts).replace("|", "/").split())


def _merge_baselines(lines: list[Line]) -> list[Line]:
    """Fragments on one baseline whose gap is narrower than a column gutter become one line."""
    out: list[Line] = []
    for ln in sorted(lines, key=lambda ln: (round(ln.bottom), ln.x0)):
        prev = out[-1] if out else None
        if (prev and not prev.table and not ln.table and abs(prev.bottom - ln.bottom) < 0.3 * ln.size
                and 0 <= ln.x0 - prev.x1 < 1.2 * ln.size):
            prev.text += " " + ln.text
            prev.x1 = ln.x1
            continue
        out.append(ln)
    return out


def _reading_order(lines: list[Line], width: float) -> list[Line]:
    """Top to bottom; where a gutter splits the page, each band's left column before its right."""
    split = _gutter(lines, width)
    lines.sort(key=lambda ln: (ln.top, ln.x0))
    if split is None:
        return lines
    out: list[Line] = []
    band: list[Line] = []
    for ln in lines:
        if ln.x1 <= split:
            ln.column = 1
            band.append(ln)
        elif ln.x0 >= split:
            ln.column = 2
            band.append(ln)
        else:
            out += _band(band)
            band = []
            out.append(ln)
    return out + _band(band)


def _band(band: list[Line]) -> list[Line]:
    return sorted(band, key=lambda ln: (ln.column, ln.top, ln.x0))


def _gutter(lines: list[Line], width: float) -> float | None:
    """The x of an empty vertical band between two columns of text, if the page has two."""
    body = [ln for ln in lines if not ln.table]
    if len(body) < 8:
        return None
    lo, hi = int(0.3 * width), int(0.7 * width)
    change = [0] * (hi - lo + 2)  # lines crossing x, for every integer x in [lo, hi], by a difference array
    for ln in body:
        a, b = max(lo, math.floor(ln.x0) + 1), min(hi, math.ceil(ln.x1) - 1)
        if a <= b:
            change[a - lo] += 1
            change[b - lo + 1] -= 1
    best, start, crossing = None, None, 0
    for x in range(lo, hi + 1):
        crossing += change[x - lo]
        if crossing <= 0.05 * len(body):
            start = x if start is None else start
            if best is None or x - start > best[1] - best[0]:
                best = (start, x)
        else:
            start = None
    if best is None or best[1] - best[0] < 6:
        return None
    split = (best[0] + best[1]) / 2
    left = sum(1 for ln in body if ln.x1 <= split)
    right = sum(1 for ln in body if ln.x0 >= split)
    return split if left >= 0.2 * len(body) and right >= 0.2 * len(body) else None


# --- headers, footers, page numbers -----------------------------------------------------------

def _furniture_key(text: str) -> str:
    return " ".join(re.sub(r"\d+", "#", text).casefold().split())


def _drop_furniture(pages: list[Page]) -> Counter:
    """Remove running headers/footers and page numbers in place; count the pages each was on."""
    zones = []
    for p in pages:
        edge = 0.1 * p.height
        zones.append([ln for ln in p.lines if not ln.table and (ln.bottom < edge or ln.top > p.height - edge)])
    seen = Counter()
    for z in zones:
        seen.update({_furniture_key(ln.text) for z_ln in [z] for ln in z_ln})
    repeat = max(2, (len(pages) + 1) // 2)
    removed = Counter()
    for p, z in zip(pages, zones):
        drop = set()
        for ln in z:
            if _PAGE_NUMBER.match(ln.text.strip()):
                drop.add(id(ln))
                removed["number"] += 1
            elif len(pages) >= 2 and seen[_furniture_key(ln.text)] >= repeat:
                drop.add(id(ln))
                removed["header"] += 1
        p.lines = [ln for ln in p.lines if id(ln) not in drop]
    return removed


# --- paragraphs --------------------------------------------------------------------------------

def _paragraphs(lines: list[Line]) -> list[str]:
    """Join the lines a typesetter broke; keep the breaks an author made."""
    out: list[str] = []
    right: dict[int, float] = {}
    for col in {ln.column for ln in lines}:
        ends = sorted(ln.x1 for ln in lines if ln.column == col and not ln.table)
        if ends:
            right[col] = ends[int(0.9 * (len(ends) - 1))]
    steps = sorted(b.top - a.top for a, b in zip(lines, lines[1:])
                   if a.column == b.column and not a.table and not b.table and 0 < b.top - a.top < 3 * b.size)
    pitch = steps[len(steps) // 4] if steps else None  # the line pitch inside a paragraph (the smaller steps)
    prev: Line | None = None
    for ln in lines:
        if prev is not None and _continues(prev, ln, right, pitch):
            out[-1] += " " + ln.text
        else:
            out.append(ln.text)
        prev = ln
    return out


def _continues(prev: Line, ln: Line, right: dict[int, float], pitch: float | None) -> bool:
    if prev.table or ln.table or _MARKER.match(ln.text):
        return False
    if prev.column == ln.column:
        step = ln.top - prev.top
        if step <= 0 or step > (1.15 * pitch if pitch else 1.9 * ln.size):
            return False  # a paragraph gap, or a line above the previous one
    edge = right.get(prev.column, prev.x1)
    return prev.x1 + prev.space + ln.first_word > edge + 0.5 * prev.size
