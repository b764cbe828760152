"""Comparison figures: target dot chart, timeline of plans, budget bars.

Each function takes a table from `dxcompare.compare` and returns a Matplotlib
figure that stands on its own when copied into a paper: a bilingual title,
axes labelled with units, a source line and the Okabe–Ito palette. Figures are
made with pyplot so a notebook's inline backend shows them.
"""
from __future__ import annotations

import textwrap

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.lines import Line2D

from . import schema, style
from .compare import amount_column

OKABE_ITO = style.OKABE_ITO
NATIONAL_COLOUR = OKABE_ITO[-1]  # black is kept for the national benchmark
# Yellow last: it is the hardest of the palette to see as a small dot on white.
PLAN_COLOURS = tuple(c for c in OKABE_ITO[:-1] if c != "#F0E442") + ("#F0E442",)
DATA_SOURCE = "dxcompare, data/plans/*.yaml (kế hoạch đã mã hóa / curated plans)"
NATIONAL_SOURCE = "; chỉ tiêu quốc gia / national targets: 749/QĐ-TTg (data/reference/indicators.csv)"
COMPARATOR_MARKERS = {"=": "o", ">": ">", ">=": ">", "~": "D", "<=": "<"}
COMPARATOR_LEGEND = (("o", ("=",), "= đạt / equals"), (">", (">", ">="), "> ≥ trên, tối thiểu / more than, at least"),
                     ("D", ("~",), "≈ khoảng / about"), ("<", ("<=",), "≤ không quá / at most"))
COMPLETENESS_COLOURS = {"full": OKABE_ITO[4], "truncated": OKABE_ITO[0], "summary": OKABE_ITO[6]}


def plan_colours(plans) -> dict[str, str]:
    """A fixed colour per plan, in the order given (colours repeat past seven plans)."""
    return {p: PLAN_COLOURS[i % len(PLAN_COLOURS)] for i, p in enumerate(dict.fromkeys(plans))}


def _empty(ax, message: str) -> None:
    ax.text(0.5, 0.5, message, ha="center", va="center", transform=ax.transAxes, fontsize=11, color="#444444")
    ax.set_yticks([])


def _finish(fig, source: str):
    style.source_line(fig, source)
    fig.tight_layout()
    return fig


def target_dots(values: pd.DataFrame, year: int | None = None, plans=None):
    """Targets in % as dots, one row per indicator, one colour per plan; national target as a black bar.

    `values` is `compare.target_values(...)`. Marker shape shows the comparator
    (● equals, ▶ more than / at least, ◆ about, ◀ at most).
    """
    style.apply()
    codes = list(dict.fromkeys(values["indicator_code"]))
    fig, ax = plt.subplots(figsize=(9, 1.2 + 0.45 * max(len(codes), 3)))
    when = f"năm {year} / in {year}" if year is not None else "mọi năm / all years"
    ax.set_title(f"Chỉ tiêu theo kế hoạch, {when}\nTargets by plan (%)", loc="left")
    ax.set_xlabel("Giá trị chỉ tiêu / Target value (%)")
    ax.set_ylabel("Mã chỉ tiêu / Indicator code")
    if values.empty:
        _empty(ax, "Không có chỉ tiêu tính bằng % / no targets in % for this selection")
        return _finish(fig, DATA_SOURCE)
    colours = plan_colours(plans if plans is not None else values["plan"])
    order = list(colours)
    n = len(order)
    for plan, group in values.groupby("plan", sort=False):
        k = order.index(plan)
        for comp, g in group.groupby(group["comparator"].astype("str"), sort=False):
            y = [codes.index(c) + (k - (n - 1) / 2) * min(0.15, 0.7 / n) for c in g["indicator_code"]]
            ax.scatter(g["value"], y, s=55, marker=COMPARATOR_MARKERS[comp], color=colours[plan],
                       edgecolors="none", zorder=3)
    national = values.dropna(subset=["national"]).drop_duplicates(["indicator_code", "year"])
    if not national.empty:
        ax.scatter(national["national"], [codes.index(c) for c in national["indicator_code"]], s=400,
                   marker="|", color=NATIONAL_COLOUR, linewidths=2, zorder=2)
    ax.set_yticks(range(len(codes)), codes)
    ax.set_ylim(len(codes) - 0.5, -0.5)
    ax.set_xlim(0, 105)
    ax.grid(axis="x", color="#dddddd", zorder=0)
    handles = [Line2D([], [], marker="o", ls="", color=c, label=p) for p, c in colours.items()
               if p in set(values["plan"])]
    handles.append(Line2D([], [], marker="|", ls="", color=NATIONAL_COLOUR, markersize=14, markeredgewidth=2,
                          label="Quốc gia / national (749/QĐ-TTg)"))
    present = set(values["comparator"].astype("str"))
    handles += [Line2D([], [], marker=m, ls="", color="#777777", label=text)
                for m, comps, text in COMPARATOR_LEGEND if present & set(comps)]
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=8, frameon=False)
    return _finish(fig, DATA_SOURCE + NATIONAL_SOURCE)


def timeline(tl: pd.DataFrame):
    """Each plan as a line from issue date to horizon; the thick part is its main period.

    `tl` is `compare.timeline(...)`; colour says whether the copy is complete.
    """
    style.apply()
    fig, ax = plt.subplots(figsize=(9, 1.4 + 0.5 * max(len(tl), 2)))
    ax.set_title("Ngày ban hành, giai đoạn và tầm nhìn của kế hoạch\nIssue dates, periods and horizons",
                 loc="left")
    ax.set_xlabel("Năm / Year")
    if tl.empty:
        _empty(ax, "Không có kế hoạch / no plans")
        return _finish(fig, DATA_SOURCE)
    for i, row in enumerate(tl.itertuples()):
        colour = COMPLETENESS_COLOURS[str(row.completeness)]
        issued = row.issued.year + (row.issued.day_of_year - 1) / 365.25
        end = row.horizon + 1
        ax.plot([issued, end], [i, i], color=colour, lw=1.5, zorder=2)
        ax.plot([max(issued, row.period_start), row.period_end + 1], [i, i], color=colour, lw=7,
                solid_capstyle="butt", zorder=2)
        ax.plot([issued], [i], marker="o", color=NATIONAL_COLOUR, ms=6, zorder=3)
        ax.plot([end], [i], marker=">", color=colour, ms=8, zorder=3)
    ax.set_yticks(range(len(tl)), list(tl["plan"]))
    ax.set_ylim(len(tl) - 0.5, -0.5)
    first = int(tl["issued"].dt.year.min())
    last = int(tl["horizon"].max()) + 1
    ax.set_xticks(range(first, last + 1))
    ax.tick_params(axis="x", labelrotation=45)
    ax.grid(axis="x", color="#dddddd", zorder=0)
    handles = [Line2D([], [], marker="o", ls="", color=NATIONAL_COLOUR, label="Ban hành / issued"),
               Line2D([], [], lw=7, color="#777777", label="Giai đoạn chính / main period"),
               Line2D([], [], marker=">", lw=1.5, color="#777777", label="Tầm nhìn / horizon (end of year)")]
    handles += [Line2D([], [], lw=7, color=COMPLETENESS_COLOURS[c], label=schema.label(schema.COMPLETENESS, c))
                for c in COMPLETENESS_COLOURS if c in set(tl["completeness"].astype("str"))]
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=8, frameon=False)
    return _finish(fig, DATA_SOURCE)


def budget_bars(budgets: pd.DataFrame, unit: str = "million", plans=None):
    """Every stated amount as a bar, labelled by purpose and coloured by plan (amounts are not summed).

    `budgets` is `compare.budgets(ds, unit, ...)`.
    """
    style.apply()
    label = {"VND": "đồng / VND", "million": "triệu đồng / million VND", "billion": "tỷ đồng / billion VND"}[unit]
    fig, ax = plt.subplots(figsize=(9, 1.4 + 0.45 * max(len(budgets), 3)))
    ax.set_title("Các khoản kinh phí được nêu, theo kế hoạch và mục đích\nStated amounts by plan and purpose",
                 loc="left")
    ax.set_xlabel(f"Số tiền / Amount ({label})")
    if budgets.empty:
        _empty(ax, "Không kế hoạch nào nêu số tiền / no amount stated in these plans")
        return _finish(fig, DATA_SOURCE)
    col = amount_column(unit)
    colours = plan_colours(plans if plans is not None else budgets["plan"])
    ylabels = [textwrap.shorten(p, 55, placeholder="…") for p in budgets["purpose"]]
    bars = ax.barh(range(len(budgets)), budgets[col], color=[colours[p] for p in budgets["plan"]], zorder=2)
    ax.bar_label(bars, labels=[f"{v:,.6g}" for v in budgets[col]], padding=3, fontsize=8)
    ax.set_yticks(range(len(budgets)), ylabels)
    ax.set_ylim(len(budgets) - 0.5, -0.5)
    ax.set_xlim(0, budgets[col].max() * 1.15)
    ax.grid(axis="x", color="#dddddd", zorder=0)
    handles = [Line2D([], [], lw=7, color=c, label=p) for p, c in colours.items() if p in set(budgets["plan"])]
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=8, frameon=False)
    return _finish(fig, DATA_SOURCE)
