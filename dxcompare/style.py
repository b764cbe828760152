"""One look for every figure: colour-blind-safe palette, Vietnamese-capable font, source line.

DejaVu Sans ships with matplotlib and covers Vietnamese diacritics, so figures
render the same on every machine with no font download.
"""
from __future__ import annotations

import matplotlib

matplotlib.use("Agg")  # reports and tests draw off-screen; notebooks switch to inline themselves

import matplotlib.pyplot as plt  # noqa: E402

# Okabe & Ito (2008), "Color Universal Design": distinguishable under common colour-vision deficiencies.
OKABE_ITO = ("#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7", "#000000")
FONT = "DejaVu Sans"
SOURCE_PREFIX = "Nguồn / Source: "


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


def source_line(fig, text: str) -> None:
    """Write the data source under the figure, as every published chart should."""
    fig.text(0.01, -0.02, SOURCE_PREFIX + text, ha="left", va="top", fontsize=7, color="#444444")
