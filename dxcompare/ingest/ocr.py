"""Scans: page images read by Tesseract with its Vietnamese model, pages in parallel.

Tesseract runs as a subprocess (Debian: `tesseract-ocr` and `tesseract-ocr-vie`) reading each page
as one block of text (`--psm 6`: official documents are set in one column; measured CER 0.2%
against 0.7% for `--psm 4` and 4% for automatic layout, which split repeated short lines
into columns) after a 3×3 median filter that removes scanner dust, one
page per process and one thread per process (OMP_THREAD_LIMIT=1), as many at once as
there are cores. Its TSV output gives every word's confidence; the text is rebuilt from
the same TSV (blocks, paragraphs, lines), so the words and their confidences agree.
"""
from __future__ import annotations

import csv
import io
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from .errors import IngestError

DPI = 300
PAGE_TIMEOUT = 300  # seconds for one page
INSTALL = "install Tesseract with its Vietnamese model (Debian/Ubuntu: apt-get install tesseract-ocr tesseract-ocr-vie)"


@dataclass
class OcrText:
    pages: list[str]
    confidence: float | None  # mean word confidence, 0-100, over all pages
    tool: str
    warnings: list[str] = field(default_factory=list)


def tesseract() -> str | None:
    return shutil.which("tesseract")


def check_available(path: Path) -> str:
    """The tesseract executable, or IngestError saying how to install it (with the Vietnamese model)."""
    exe = tesseract()
    if exe is None:
        raise IngestError(path, f"needs OCR (no text layer), but Tesseract is not installed; {INSTALL}")
    langs = subprocess.run([exe, "--list-langs"], capture_output=True, text=True, timeout=60)
    if "vie" not in (langs.stdout + langs.stderr).split():
        raise IngestError(path, "needs OCR, but Tesseract's Vietnamese model is missing; "
                                "install it (Debian/Ubuntu: apt-get install tesseract-ocr-vie)")
    return exe


def version(exe: str) -> str:
    out = subprocess.run([exe, "--version"], capture_output=True, text=True, timeout=60)
    first = (out.stdout or out.stderr).splitlines()
    return f"{first[0].strip() if first else 'tesseract'} (vie)"


def ocr_pages(path: Path, count: int, page_image: Callable[[int], object], jobs: int | None = None) -> OcrText:
    """OCR of `count` pages, `page_image(k)` giving page k as a PIL image, in order.

    Pages are rendered one at a time (under a lock: PDFium is not thread-safe) and
    recognised in parallel, so memory holds a few page images, not the document's."""
    exe = check_available(path)
    jobs = max(1, min(jobs or os.cpu_count() or 1, count))
    done = [0]
    show = sys.stderr.isatty()
    lock = threading.Lock()

    def one(k: int) -> tuple[str, list[float]]:
        with lock:
            image = page_image(k)
        result = _ocr_page(exe, image, path, k)
        with lock:
            done[0] += 1
            if show:
                print(f"\r{path.name}: OCR {done[0]}/{count} pages", end="", file=sys.stderr, flush=True)
        return result

    with ThreadPoolExecutor(max_workers=jobs) as pool:
        results = list(pool.map(one, range(count)))
    if show:
        print(file=sys.stderr)
    confs = [c for _, cs in results for c in cs]
    texts, headers, numbers = drop_furniture([t for t, _ in results])
    warnings = [f"text recognised by OCR from {count} page image(s); check numbers and names against the scan"]
    low = [k + 1 for k, (_, cs) in enumerate(results) if cs and sum(cs) / len(cs) < 70]
    if low:
        warnings.append(f"low OCR confidence (< 70) on page(s) {', '.join(map(str, low[:20]))}")
    if headers:
        warnings.append(f"removed {headers} running header or footer line(s)")
    if numbers:
        warnings.append(f"removed page numbers from {numbers} page(s)")
    return OcrText(texts, round(sum(confs) / len(confs), 1) if confs else None,
                   version(exe), warnings)


def _ocr_page(exe: str, image, path: Path, k: int) -> tuple[str, list[float]]:
    with tempfile.TemporaryDirectory(prefix="dxcompare-ocr-") as tmp:
        png = Path(tmp) / "page.png"
        clean, rules = _clean_scan(image)
        clean.save(png, dpi=(DPI, DPI))
        env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
        try:
            proc = subprocess.run([exe, str(png), "stdout", "-l", "vie", "--psm", "6", "--dpi", str(DPI), "tsv"],
                                  capture_output=True, timeout=PAGE_TIMEOUT, env=env)
        except subprocess.TimeoutExpired:
            raise IngestError(path, f"OCR of page {k + 1} took over {PAGE_TIMEOUT} s; "
                                    "check the scan (is it a page image?)") from None
    if proc.returncode != 0:
        why = proc.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or ["no message"]
        raise IngestError(path, f"Tesseract failed on page {k + 1} ({why[0]}); check the scan")
    return from_tsv(proc.stdout.decode("utf-8", "replace"), rules)


def _clean_scan(image):
    """Greyscale with isolated specks removed (a 3×3 median), so that dust is not read as '_' or '~',
    and table rules erased (dark runs of 3 cm or more across, 1 cm or more down), so that cells read as text;
    also the masks of the rules (across, down), which delimit a table's rows and cells."""
    import numpy as np
    from PIL import Image, ImageFilter

    arr = np.asarray(image.convert("L").filter(ImageFilter.MedianFilter(3))).copy()
    dark = arr < 128
    rules = [np.zeros(dark.shape, dtype=bool), np.zeros(dark.shape, dtype=bool)]  # across, down
    for axis in (0, 1):
        # a rule across is 3 cm or more of dark (the joined crossbars of "TTTT" are not), one down 1 cm or more
        run = DPI * (30 if axis == 1 else 10) // 25
        d = dark if axis == 1 else dark.T
        cs = np.concatenate([np.zeros((d.shape[0], 1), dtype=np.int32), np.cumsum(d, axis=1, dtype=np.int32)], axis=1)
        full = (cs[:, run:] - cs[:, :-run]) == run  # window [j, j+run) all dark
        if not full.any():
            continue
        hit = np.zeros(d.shape[1] + 1, dtype=np.int32)[None, :].repeat(d.shape[0], axis=0)
        hit[:, :-run][full] += 1
        hit[:, run:][full] -= 1
        mask = np.cumsum(hit, axis=1)[:, :-1] > 0
        mask = mask if axis == 1 else mask.T
        grown = mask.copy()  # and the pixel on either side of a rule, where anti-aliasing left grey
        grown[1:] |= mask[:-1]
        grown[:-1] |= mask[1:]
        grown[:, 1:] |= mask[:, :-1]
        grown[:, :-1] |= mask[:, 1:]
        arr[grown] = 255
        rules[1 - axis] = grown
    return Image.fromarray(arr, "L"), tuple(rules)


def drop_furniture(pages: list[str]) -> tuple[list[str], int, int]:
    """OCR page texts without page numbers and running headers/footers (the first or last two lines
    of a page that recur, digits aside, on half the pages or more); also (pages with a header
    or footer removed, pages with a number removed)."""
    import re

    from .pdftext import _PAGE_NUMBER, _furniture_key

    def edges(lines: list[str]) -> list[int]:
        idx = [i for i, ln in enumerate(lines) if ln.strip()]
        return idx[:2] + idx[-2:] if len(idx) > 4 else idx

    split = [p.split("\n") for p in pages]
    seen: dict[str, int] = {}
    for lines in split:
        for key in {_furniture_key(lines[i]) for i in edges(lines)}:
            seen[key] = seen.get(key, 0) + 1
    repeat = max(2, (len(pages) + 1) // 2)
    headers = numbers = 0
    out = []
    for lines in split:
        drop = set()
        for i in edges(lines):
            text = re.sub(r"\s+", " ", lines[i]).strip()
            if _PAGE_NUMBER.match(text):
                drop.add(i)
                numbers += 1
            elif len(pages) >= 2 and seen[_furniture_key(lines[i])] >= repeat:
                drop.add(i)
                headers += 1
        out.append("\n".join(ln for i, ln in enumerate(lines) if i not in drop))
    return out, headers, numbers


def from_tsv(tsv: str, rules=None) -> tuple[str, list[float]]:
    """Text (a line per OCR line, a blank line between blocks) and word confidences from Tesseract's TSV.

    With the page's rule masks, a line split by vertical rules is a table row (`| a | b |`), and the
    next lines of a cell that wraps (no rule across in between) are added to that row's cells."""
    lines: dict[tuple[int, int, int], list[tuple[str, int, int, int, int]]] = {}
    order: list[tuple[int, int, int]] = []
    confs: list[float] = []
    for row in csv.DictReader(io.StringIO(tsv), delimiter="\t", quoting=csv.QUOTE_NONE):
        if row.get("level") != "5":
            continue
        word = (row.get("text") or "").strip()
        if not word:
            continue
        key = (int(row["block_num"]), int(row["par_num"]), int(row["line_num"]))
        if key not in lines:
            lines[key] = []
            order.append(key)
        left, top, width, height = (int(row[k]) for k in ("left", "top", "width", "height"))
        lines[key].append((word, left, left + width, top, height))
        try:
            conf = float(row["conf"])
        except (TypeError, ValueError):
            continue
        if conf >= 0:
            confs.append(conf)
    across, down = rules if rules is not None else (None, None)
    out: list[str] = []
    row: tuple[int, list[list[str]], list[int], int, int, int] | None = None  # out index, cells, cuts, x0, x1, bottom
    prev = None
    for key in order:
        words = lines[key]
        top = min(w[3] for w in words)
        bottom = max(w[3] + w[4] for w in words)
        if row is not None and _same_row(row, words, top, across):
            idx, cells, cuts = row[0], row[1], row[2]
            for w in words:
                centre = (w[1] + w[2]) // 2
                cells[sum(1 for c in cuts if c < centre)].append(w[0])
            out[idx] = "| " + " | ".join(" ".join(c).replace("|", "/") for c in cells) + " |"
            row = (*row[:5], bottom)
            prev = key
            continue
        if prev is not None and key[:2] != prev[:2]:
            out.append("")
        cells, cuts = _cells_of(words, down, top, bottom)
        if len(cells) > 1:
            row = (len(out), cells, cuts, words[0][1], words[-1][2], bottom)
            out.append("| " + " | ".join(" ".join(c).replace("|", "/") for c in cells) + " |")
        else:
            row = None
            out.append(" ".join(cells[0]))
        prev = key
    return "\n".join(out), confs


def _same_row(row, words, top: int, across) -> bool:
    """Whether a line continues the table row above it: within its columns, close below, no rule across between."""
    _, _, _, x0, x1, bottom = row
    height = sorted(w[4] for w in words)[len(words) // 2]
    if across is None or not (0 <= top - bottom < 2 * height):
        return False
    if words[0][1] < x0 - height or words[-1][2] > x1 + height:
        return False
    return not bool(across[bottom:top + 1, x0:x1].any())


def _cells_of(words, down, top: int, bottom: int) -> tuple[list[list[str]], list[int]]:
    """A line's words split into cells where a vertical rule, or a gap wider than twice the line's height
    (the two blocks of a document's heading), separates them; and the x of each cut."""
    heights = sorted(w[4] for w in words)
    gap = 2 * heights[len(heights) // 2]
    cells: list[list[str]] = [[words[0][0]]]
    cuts: list[int] = []
    for prev, word in zip(words, words[1:]):
        end, start = prev[2], word[1]
        ruled = down is not None and start > end and bool(down[top:bottom, end:start].any())
        if ruled or start - end > gap:
            cells.append([])
            cuts.append((end + start) // 2)
        cells[-1].append(word[0])
    return cells, cuts


class PdfPages:
    """Pages of a PDF rendered on demand as greyscale PIL images at `dpi`; use as a context manager."""

    def __init__(self, path: Path, dpi: int = DPI):
        from .pdftext import open_pdf

        self.path, self.dpi = path, dpi
        self.doc = open_pdf(path)

    def __call__(self, i: int):
        import pypdfium2 as pdfium

        try:
            page = self.doc[i]
            try:
                return page.render(scale=self.dpi / 72, grayscale=True).to_pil().convert("L")
            finally:
                page.close()
        except pdfium.PdfiumError as exc:
            raise IngestError(self.path, f"page {i + 1} cannot be rendered for OCR ({exc}); get a fresh copy") from None

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.doc.close()


def load_image_pages(path: Path) -> list:
    """Every frame of an image file (a multi-page TIFF has several) as a greyscale PIL image."""
    from PIL import Image, ImageSequence, UnidentifiedImageError

    Image.MAX_IMAGE_PIXELS = 200_000_000  # a bigger "page" is a decompression bomb
    try:
        with Image.open(path) as img:
            frames = [f.convert("L") for f in ImageSequence.Iterator(img)]
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError) as exc:
        raise IngestError(path, f"is not a readable image ({exc}); re-scan or re-save it as PNG or TIFF") from None
    if not frames:
        raise IngestError(path, "is an image with no pages")
    return frames
