"""Figures of the national layer: tile-grid map, ambition dots, adoption strip, DTI lines, scatter.

Each takes a table from the national analyses and returns a Matplotlib figure
that stands alone in a paper: bilingual title, labelled axes, a source line,
"no data" drawn visibly differently from any value (hatched grey, never a colour
of the scale), and Vietnamese names with their diacritics (DejaVu Sans).
"""
from __future__ import annotations

import textwrap

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.colors import Normalize
from matplotlib.patches import Patch, Rectangle

from . import style
from .analysis.outcomes import Association
from .national.schema import CATEGORIES, REGIONS

NO_DATA = "#E6E6E6"
NO_DATA_HATCH = "////"
NO_DATA_LABEL = "Không có dữ liệu (no data)"
SOURCE = "dxcompare, data/national/*.csv (trang web công khai, xem source_url / public web pages, see source_url)"
CMAP = "viridis"
UNNAMED = "văn bản chưa rõ / document not named"


def _tile_label(name: str) -> str:
    short = name.removeprefix("Thành phố ").removeprefix("Tỉnh ")
    short = {"Hồ Chí Minh": "TP. HCM", "Bà Rịa - Vũng Tàu": "BR-VT", "Thừa Thiên Huế": "Huế"}.get(short, short)
    return "\n".join(textwrap.wrap(short, 9)) or short


def cartogram(values: pd.DataFrame, tiles: pd.DataFrame, names: pd.Series, *, title: str, legend: str,
              source: str = SOURCE, vmin: float | None = None, vmax: float | None = None, reverse: bool = False):
    """A tile-grid map: one equal square per unit, coloured by `values.value` (NA: hatched "no data").

    `values`: unit_code, value; `tiles`: unit_code, col, row (from `tilegrid.assign`);
    `names`: unit_code -> name. `reverse` flips the scale (ranks: 1 is best).
    """
    style.apply()
    table = tiles.merge(values[["unit_code", "value"]], on="unit_code", how="left")
    cols, rows = int(table["col"].max()) + 1, int(table["row"].max()) + 1
    known = table["value"].dropna().astype(float)
    lo = vmin if vmin is not None else (known.min() if len(known) else 0.0)
    hi = vmax if vmax is not None else (known.max() if len(known) else 1.0)
    norm = Normalize(lo, hi if hi > lo else lo + 1)
    cmap = plt.get_cmap(CMAP + ("_r" if reverse else ""))
    fig, ax = plt.subplots(figsize=(0.62 * cols + 2.2, 0.5 * rows + 1.0))
    for rec in table.itertuples(index=False):
        x, y = int(rec.col), rows - 1 - int(rec.row)
        missing = pd.isna(rec.value)
        face = NO_DATA if missing else cmap(norm(float(rec.value)))
        ax.add_patch(Rectangle((x, y), 0.94, 0.94, facecolor=face, edgecolor="white" if not missing else "#999999",
                               hatch=NO_DATA_HATCH if missing else None, linewidth=0.8))
        dark = not missing and _luminance(face) < 0.45
        ax.text(x + 0.47, y + 0.47, _tile_label(str(names.get(rec.unit_code, rec.unit_code))), ha="center",
                va="center", fontsize=5.2, color="white" if dark else "#222222", linespacing=0.95)
    ax.set_xlim(-0.1, cols + 0.1)
    ax.set_ylim(-0.1, rows + 0.1)
    ax.set_aspect("equal")
    ax.axis("off")
    mappable = plt.cm.ScalarMappable(norm=norm, cmap=cmap)
    bar = fig.colorbar(mappable, ax=ax, fraction=0.035, pad=0.02)
    bar.set_label(legend, fontsize=8)
    if reverse:
        bar.ax.invert_yaxis()
    ax.legend(handles=[Patch(facecolor=NO_DATA, edgecolor="#999999", hatch=NO_DATA_HATCH, label=NO_DATA_LABEL)],
              loc="lower left", fontsize=7, frameon=False, bbox_to_anchor=(0.0, -0.04))
    ax.set_title(title, fontsize=10, loc="left")
    style.source_line(fig, source + "; bố cục ô / tile layout: dxcompare.tilegrid")
    fig.tight_layout()
    return fig


def _luminance(rgba) -> float:
    r, g, b = rgba[:3]
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def ambition_chart(table: pd.DataFrame, *, title: str, unit_label: str, source: str = SOURCE):
    """Dots: each province's target, national target as a vertical line; provinces without one listed apart."""
    style.apply()
    with_target = table[table["value"].notna()]
    without = table[table["value"].isna()].drop_duplicates("province_code")
    n = max(len(with_target), 1)
    fig, ax = plt.subplots(figsize=(7.2, 0.22 * n + 1.6))
    y = np.arange(len(with_target))[::-1]
    labels = [f"{p} ({UNNAMED if pd.isna(d) else d.split(':', 1)[-1]})"
              for p, d in zip(with_target["province"], with_target["doc_key"])]
    conflict = with_target["conflict"].astype(bool).to_numpy()
    ax.scatter(with_target["value"].astype(float)[~conflict], y[~conflict], color=style.OKABE_ITO[4], s=22, zorder=3,
               label="Mục tiêu của tỉnh (provincial target)")
    if conflict.any():
        ax.scatter(with_target["value"].astype(float)[conflict], y[conflict], facecolor="white",
                   edgecolor=style.OKABE_ITO[5], s=26, zorder=3, label="Nguồn mâu thuẫn (sources disagree)")
    nat = table["national_value"].dropna()
    if len(nat):
        ax.axvline(float(nat.iloc[0]), color="black", linewidth=1, linestyle="--",
                   label=f"Quốc gia (national): {table['national_doc'].dropna().iloc[0]}")
    ax.set_yticks(y, labels, fontsize=7)
    ax.set_xlabel(unit_label)
    if not len(with_target):
        ax.text(0.5, 0.5, "Chưa có mục tiêu nào được ghi nhận (no target recorded)", ha="center",
                transform=ax.transAxes)
    ax.legend(fontsize=7, loc="lower right", frameon=False)
    ax.set_title(title, fontsize=10, loc="left")
    missing = ", ".join(without["province"].astype(str))
    note = (f"Không có mục tiêu / no target ({len(without)}): " + missing) if len(without) else ""
    style.source_line(fig, source + ("\n" + "\n".join(textwrap.wrap(note, 150)) if note else ""))
    fig.tight_layout()
    return fig


def adoption_chart(table: pd.DataFrame, *, title: str, reference_label: str, source: str = SOURCE):
    """A strip per category: each dated document as a tick at its days after the reference, by region."""
    style.apply()
    dated = table[table["days_after"].notna()]
    regions = sorted(dated["region"].astype(str).unique())
    categories = list(table["category"].cat.categories)
    fig, axes = plt.subplots(len(categories), 1, figsize=(7.2, 1.1 + 1.2 * len(categories)), sharex=True,
                             squeeze=False)
    palette = [c for c in style.OKABE_ITO if c not in ("#F0E442", "#000000")]  # yellow is unreadable as a dot
    colours = {r: palette[i % len(palette)] for i, r in enumerate(regions)}
    for ax, category in zip(axes[:, 0], categories):
        part = dated[dated["category"] == category]
        for i, region in enumerate(regions):
            d = part[part["region"] == region]
            ax.scatter(d["days_after"].astype(float), np.full(len(d), i), color=colours[region], s=14,
                       label=region if category == categories[0] else None)
        ax.axvline(0, color="black", linewidth=1, linestyle="--")
        ax.set_yticks(range(len(regions)), [f"{REGIONS[r][0]} ({REGIONS[r][1]})" if r in REGIONS else r
                                            for r in regions], fontsize=6.5)
        n_missing = int((table["category"] == category).sum() - len(part))
        vi, en = CATEGORIES.get(category, (category, category))
        ax.set_title(f"{vi} ({en}): {len(part)} tỉnh có ngày / dated; {n_missing} chưa rõ ngày hoặc chưa tìm thấy "
                     "/ undated or not found", fontsize=8, loc="left")
    axes[-1, 0].set_xlabel(f"Số ngày sau {reference_label} (days after)")
    fig.suptitle(title, fontsize=10, x=0.01, ha="left")
    style.source_line(fig, source)
    fig.tight_layout()
    return fig


def trajectory_chart(wide: pd.DataFrame, *, title: str, measure_label: str, highlight: list[str] | None = None,
                     invert: bool = False, source: str = SOURCE):
    """One line per province across years (grey), highlighted provinces in colour and labelled."""
    style.apply()
    fig, ax = plt.subplots(figsize=(7.2, 4.2))
    years = [int(y) for y in wide.columns]
    highlight = highlight or []
    for (code, name), row in wide.iterrows():
        vals = pd.to_numeric(row, errors="coerce").to_numpy(dtype=float, na_value=np.nan)
        if code in highlight:
            continue
        ax.plot(years, vals, color="#BBBBBB", linewidth=0.7, marker="o", markersize=1.5)
    for i, code in enumerate(highlight):
        rows = wide[wide.index.get_level_values(0) == code]
        for (c, name), row in rows.iterrows():
            vals = pd.to_numeric(row, errors="coerce").to_numpy(dtype=float, na_value=np.nan)
            colour = style.OKABE_ITO[i % 7]
            ax.plot(years, vals, color=colour, linewidth=1.8, marker="o", markersize=3, label=name)
    ax.set_xticks(years, [str(y) for y in years])
    ax.set_xlabel("Năm đánh giá (DTI year)")
    ax.set_ylabel(measure_label)
    if invert:
        ax.invert_yaxis()
    if highlight:
        ax.legend(fontsize=7, frameon=False)
    ax.set_title(title, fontsize=10, loc="left")
    style.source_line(fig, source + "; xám: các tỉnh khác / grey: other provinces")
    fig.tight_layout()
    return fig


def association_chart(assoc: Association, *, title: str, x_label: str, y_label: str, source: str = SOURCE):
    """Scatter of target against outcome with rho, its 95% interval, n, and the association caution."""
    style.apply()
    fig, ax = plt.subplots(figsize=(7.2, 4.6))
    d = assoc.data
    ax.scatter(d["target"].astype(float), d["outcome"].astype(float), color=style.OKABE_ITO[4], s=20)
    for rec in d.itertuples(index=False):
        ax.annotate(rec.province, (float(rec.target), float(rec.outcome)), fontsize=5.5, xytext=(2, 2),
                    textcoords="offset points", color="#444444")
    ax.set_xlabel(x_label)
    ax.set_ylabel(y_label)
    if assoc.measure == "rank":
        ax.invert_yaxis()  # rank 1, the best, at the top
    if assoc.rho is None:
        stat = f"n = {assoc.n}: quá ít để tính tương quan (too few to compute a correlation)"
    else:
        interval = ("" if assoc.ci_low is None else
                    f", KTC 95% / 95% CI [{assoc.ci_low:.2f}, {assoc.ci_high:.2f}] (bootstrap, {assoc.resamples})")
        stat = f"Spearman ρ = {assoc.rho:.2f}{interval}, n = {assoc.n}"
    ax.set_title(title + "\n" + stat, fontsize=9, loc="left")
    caution = "\n".join(textwrap.wrap(assoc.caution, 140))
    style.source_line(fig, source + "\n" + caution)
    fig.tight_layout()
    return fig
