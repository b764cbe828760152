"""Test corpus for `dxcompare ingest`: a plan's clean text rendered the ways plans reach a researcher.

Used by `benchmarks/ingest_quality.py` and by `tests/test_ingest*.py` (fixtures are made here,
never committed): a text-layer PDF in one or two columns with a running header and page
numbers (tables drawn as ruled grids), a .docx (paragraphs and tables), TCVN3 and VNI byte
streams (from `dxcompare.ingest.legacy`'s encoders), and page scans (a PDF rasterised, with
mild noise and a small rotation). The font is DejaVu Serif, shipped with matplotlib.

A line of the clean text with two or more `|` cells is a table row; a markdown rule row
(`|---|---|`) is drawn, not written, so `reference()` drops it before texts are compared.
"""
from __future__ import annotations

import random
import re
import unicodedata
from pathlib import Path

FONT = Path(__import__("matplotlib").get_data_path()) / "fonts" / "ttf" / "DejaVuSerif.ttf"
_RULE = re.compile(r"^\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?$")


def cells(line: str) -> list[str] | None:
    """The cells of a table row (two or more non-empty), else None."""
    if "|" not in line:
        return None
    parts = [c.strip() for c in line.strip().strip("|").split("|")]
    return parts if sum(1 for c in parts if c) >= 2 else None


def blocks(text: str) -> list[tuple[str, object]]:
    """('para', text) | ('table', [rows]) | ('gap', None), in order; rule rows dropped."""
    out: list[tuple[str, object]] = []
    for raw in unicodedata.normalize("NFC", text).replace("\r\n", "\n").split("\n"):
        line = " ".join(raw.split())
        if _RULE.match(line) and "-" in line:
            continue
        row = cells(line)
        if row:
            if out and out[-1][0] == "table" and len(out[-1][1][0]) == len(row):
                out[-1][1].append(row)
            else:
                out.append(("table", [row]))
        elif line:
            out.append(("para", line))
        elif out and out[-1][0] != "gap":
            out.append(("gap", None))
    return out


def reference(text: str) -> str:
    """What a conversion should give back, for comparison: NFC, rule rows dropped, table rows as `| a | b |`."""
    lines = []
    for kind, value in blocks(text):
        if kind == "para":
            lines.append(value)
        elif kind == "table":
            lines += ["| " + " | ".join(row) + " |" for row in value]
    return "\n".join(lines)


# --- PDF ---------------------------------------------------------------------------

def pdf_bytes(text: str, columns: int = 1, header: str = "UBND TỈNH — Kế hoạch chuyển đổi số",
              page_numbers: bool = True, size: float = 11.0) -> bytes:
    """The text typeset on A4 pages: running header, page number footer, ruled tables."""
    from fpdf import FPDF

    pdf = FPDF(format="A4", unit="pt")
    pdf.set_auto_page_break(False)
    pdf.add_font("DejaVu", "", str(FONT))
    pdf.set_font("DejaVu", size=size)
    margin, top, bottom = 57.0, 70.0, 70.0
    width, height = pdf.w, pdf.h
    gutter = 24.0
    col_w = (width - 2 * margin - gutter * (columns - 1)) / columns
    lead = size * 1.35
    state = {"col": 0, "y": top, "page": 0, "band": top}  # band: where the current run of columns starts

    def new_page() -> None:
        pdf.add_page()
        state["page"] += 1
        state["col"], state["y"], state["band"] = 0, top, top
        pdf.set_font("DejaVu", size=8.5)
        if header:
            pdf.set_xy(margin, 30)
            pdf.cell(width - 2 * margin, 10, header, align="C")
        if page_numbers:
            pdf.set_xy(margin, height - 40)
            pdf.cell(width - 2 * margin, 10, f"Trang {state['page']}", align="C")
        pdf.set_font("DejaVu", size=size)

    def room(h: float) -> None:
        if state["y"] + h <= height - bottom:
            return
        if state["col"] + 1 < columns:
            state["col"] += 1
            state["y"] = state["band"]
        else:
            new_page()

    def x0() -> float:
        return margin + state["col"] * (col_w + gutter)

    new_page()
    for kind, value in blocks(text):
        if kind == "gap":
            state["y"] += lead * 0.5
            continue
        if kind == "para":
            lines = pdf.multi_cell(col_w, lead, value, dry_run=True, output="LINES")
            for line in lines:
                room(lead)
                pdf.set_xy(x0(), state["y"])
                pdf.cell(col_w, lead, line)
                state["y"] += lead
            state["y"] += lead * 0.3
            continue
        rows = value
        n = len(rows[0])
        span = col_w
        if columns > 1:  # a table spans the page: below the left column, else on a new page
            if state["col"] > 0:
                new_page()
            span = width - 2 * margin
        longest = [max(len(r[i]) for r in rows) + 4 for i in range(n)]
        widths = [max(36.0, span * w / sum(longest)) for w in longest]
        widths = [w * span / sum(widths) for w in widths]
        pad = 3.0
        for row in rows:
            wrapped = [pdf.multi_cell(w - 2 * pad, lead, c or " ", dry_run=True, output="LINES")
                       for c, w in zip(row, widths)]
            h = max(len(w) for w in wrapped) * lead + 2 * pad
            if state["y"] + h > height - bottom:
                new_page()
            x = x0() if columns == 1 else margin
            for w, lines in zip(widths, wrapped):
                pdf.rect(x, state["y"], w, h)
                for k, line in enumerate(lines):
                    pdf.set_xy(x + pad, state["y"] + pad + k * lead)
                    pdf.cell(w - 2 * pad, lead, line)
                x += w
            state["y"] += h
        state["y"] += lead * 0.5
        state["band"] = state["y"]
    return bytes(pdf.output())


# --- Word ----------------------------------------------------------------------------

def docx_bytes(text: str) -> bytes:
    """The text as a Word document: one paragraph per line, tables as Word tables."""
    import io

    import docx

    doc = docx.Document()
    for kind, value in blocks(text):
        if kind == "para":
            doc.add_paragraph(value)
        elif kind == "table":
            table = doc.add_table(rows=len(value), cols=len(value[0]))
            for r, row in enumerate(value):
                for c, cell in enumerate(row):
                    table.cell(r, c).text = cell
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


# --- scans ------------------------------------------------------------------------------

def scan_images(pdf: bytes, dpi: int = 300, seed: int = 0, noise: float = 0.03, max_angle: float = 0.6):
    """Each page of `pdf` rasterised at `dpi` as a greyscale PIL image, rotated a little, with speckle noise."""
    import numpy as np
    import pypdfium2 as pdfium
    from PIL import Image

    rng = random.Random(seed)
    doc = pdfium.PdfDocument(pdf)
    out = []
    try:
        for i in range(len(doc)):
            img = doc[i].render(scale=dpi / 72, grayscale=True).to_pil().convert("L")
            img = img.rotate(rng.uniform(-max_angle, max_angle), resample=Image.Resampling.BILINEAR,
                             expand=False, fillcolor=255)
            arr = np.asarray(img, dtype=np.int16).copy()
            gen = np.random.default_rng(seed * 1000 + i)
            arr += gen.normal(0, 12, arr.shape).astype(np.int16)  # paper grain
            speck = gen.random(arr.shape) < noise / 10  # scattered dark specks
            arr[speck] = 40
            out.append(Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8), "L"))
    finally:
        doc.close()
    return out


def scan_pdf_bytes(images, dpi: int = 300) -> bytes:
    """Page images as an image-only PDF (no text layer), as a scanner writes it."""
    import io

    buf = io.BytesIO()
    images[0].save(buf, format="PDF", save_all=True, append_images=images[1:], resolution=dpi)
    return buf.getvalue()
