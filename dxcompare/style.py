"""One look for every figure: colour-blind-safe palette, Vietnamese-capable font, source line.

DejaVu Sans ships with matplotlib and covers Vietnamese diacritics, so figures
render the same on every machine with no font download.
"""
from __future__ import annotations

import os

import matplotlib

matplotlib.use("Agg")  # reports and tests draw off-screen; notebooks switch to inline themselves

import matplotlib.pyplot as plt  # noqa: E402

# Okabe & Ito (2008), "Color Universal Design": distinguishable under common colour-vision deficiencies.
OKABE_ITO = ("#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7", "#000000")
FONT = "DejaVu Sans"
SOURCE_PREFIX = "Nguồn / Source: "
# Set by `dxcompare report --dpi N --figure-format svg …` for the kernels it starts.
DPI_ENV, FORMATS_ENV = "DXCOMPARE_DPI", "DXCOMPARE_FIGURE_FORMATS"
FORMATS = ("png", "svg", "pdf")


def apply() -> None:
    """Set the project's matplotlib defaults (idempotent)."""
    plt.rcParams.update({
        "font.family": FONT,
        "axes.prop_cycle": matplotlib.cycler(color=OKABE_ITO),
        "axes.spines.top": False,
        "axes.spines.right": False,
        "figure.dpi": 100,
        "savefig.dpi": 150,
        "savefig.bbox": "tight",
        "svg.hashsalt": "dxcompare",  # deterministic SVG ids
    })
    dpi = os.environ.get(DPI_ENV)
    if dpi:
        plt.rcParams["savefig.dpi"] = int(dpi)
    _inline_formats(os.environ.get(FORMATS_ENV, ""), int(dpi) if dpi else None)


def _inline_formats(formats: str, dpi: int | None) -> None:
    """In a notebook kernel: embed the figures also as SVG / PDF (PNG always, for the HTML page)."""
    chosen = [f for f in formats.split(",") if f in FORMATS and f != "png"]
    if not chosen and dpi is None:
        return
    try:
        from IPython import get_ipython
        from matplotlib_inline.backend_inline import set_matplotlib_formats
    except ImportError:
        return
    if get_ipython() is not None:
        set_matplotlib_formats("png", *chosen, **({"dpi": dpi} if dpi else {}))


def save(fig, path, dpi: int | None = None) -> None:
    """Write a figure for a paper: PNG at `dpi`, or vector SVG / PDF by the file's suffix, the same bytes on
    every run (no creation date in PDF or SVG metadata)."""
    suffix = str(path).rsplit(".", 1)[-1].lower()
    if suffix not in FORMATS:
        from .errors import UsageError
        raise UsageError(f"{path}: choose a .png, .svg or .pdf file")
    metadata = {"png": {"Software": None}, "svg": {"Date": None}, "pdf": {"CreationDate": None}}[suffix]
    fig.savefig(path, dpi=dpi or plt.rcParams["savefig.dpi"], metadata=metadata)


def source_line(fig, text: str) -> None:
    """Write the data source under the figure, as every published chart should."""
    fig.text(0.01, -0.02, SOURCE_PREFIX + text, ha="left", va="top", fontsize=7, color="#444444")
