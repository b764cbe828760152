"""Charts of the comparisons: target dot chart, timeline of plans, budget bars.

(Drawings of the legal and agency network are in `dxcompare.network_figures`.)
Each function takes a table from `dxcompare.analysis` and returns a Matplotlib
figure that stands on its own when copied into a paper: a bilingual title,
axes labelled with units, a source line and the Okabe–Ito palette. Figures are
made with pyplot so a notebook's inline backend shows them.
"""
from __future__ import annotations

import textwrap

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.lines import Line2D
from matplotlib.ticker import FuncFormatter, MaxNLocator

from . import schema, style
from .analysis import amount_column
from .present.text import AXIS_WIDTH, format_number, gloss, indicator_names, money_unit, shorten

OKABE_ITO = style.OKABE_ITO
NATIONAL_COLOUR = OKABE_ITO[-1]  # black is kept for the national benchmark
# Yellow last: it is the hardest of the palette to see as a small dot on white.
PLAN_COLOURS = tuple(c for c in OKABE_ITO[:-1] if c != "#F0E442") + ("#F0E442",)
DATA_SOURCE = "dxcompare, data/plans/*.yaml (kế hoạch đã mã hóa / curated plans)"
NATIONAL_SOURCE = "; chỉ tiêu quốc gia / national targets: 749/QĐ-TTg (data/reference/indicators.csv)"
COMPARATOR_MARKERS = {"=": "o", ">": ">", ">=": ">", "~": "D", "<=": "<"}
COMPARATOR_LEGEND = (("o", ("=",), "= đạt / equals"),
                     (">", (">", ">="), "> trên, ≥ tối thiểu / more than, at least"),
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


def _indicator_rows(codes: list[str], indicators: pd.DataFrame | None) -> list[tuple[str, str, str]]:
    """(kind, key, tick label) per row: with the registry, a bold pillar row heads each pillar's indicators."""
    if indicators is None:
        return [("indicator", c, c) for c in codes]
    names = indicator_names(indicators, codes, AXIS_WIDTH, sep="\n")
    pillar = indicators.set_index("indicator_code")["pillar"].astype("str")
    order = {p: i for i, p in enumerate(schema.PILLARS)}
    rows, current = [], None
    for code in sorted(codes, key=lambda c: (order.get(pillar.get(c), len(order)), codes.index(c))):
        p = pillar.get(code)
        if p != current and p in schema.PILLARS:
            rows.append(("pillar", p, " / ".join(schema.PILLARS[p]).upper()))
        current = p
        rows.append(("indicator", code, names[code]))
    return rows


def target_dots(values: pd.DataFrame, year: int | None = None, plans=None, indicators: pd.DataFrame | None = None):
    """Targets in % as dots, one row per indicator, one colour per plan; national target as a black bar.

    `values` is `analysis.target_values(...)`. With `indicators` (the registry,
    `ds.indicators`) rows are named in Vietnamese and English and grouped by
    pillar; without it they show the indicator codes. Marker shape shows the
    comparator (● equals, ▶ more than / at least, ◆ about, ◀ at most).
    """
    style.apply()
    codes = list(dict.fromkeys(values["indicator_code"]))
    rows = _indicator_rows(codes, indicators)
    named = indicators is not None
    fig, ax = plt.subplots(figsize=(12 if named else 9, 1.6 + (0.42 if named else 0.45) * max(len(rows), 3)))
    when_vi, when_en = (f"năm {year}", f"for {year}") if year is not None else ("mọi năm", "all years")
    ax.set_title(f"Chỉ tiêu tính bằng % của các kế hoạch, {when_vi}, so với 749/QĐ-TTg\n"
                 f"Targets in % set by the plans, {when_en}, against 749/QĐ-TTg", loc="left")
    ax.set_xlabel("Giá trị chỉ tiêu / Target value (%)")
    ax.set_ylabel("Chỉ tiêu / Indicator" if named else "Mã chỉ tiêu / Indicator code")
    if values.empty:
        _empty(ax, "Không có chỉ tiêu tính bằng % / no targets in % for this selection")
        return _finish(fig, DATA_SOURCE)
    ypos = {key: i for i, (kind, key, _) in enumerate(rows) if kind == "indicator"}
    several_years = year is None and values["year"].nunique() > 1
    colours = plan_colours(plans if plans is not None else values["plan"])
    order = list(colours)
    n = len(order)
    for plan, group in values.groupby("plan", sort=False):
        k = order.index(plan)
        for comp, g in group.groupby(group["comparator"].astype("str"), sort=False):
            y = [ypos[c] + (k - (n - 1) / 2) * min(0.15, 0.7 / n) for c in g["indicator_code"]]
            ax.scatter(g["value"], y, s=55, marker=COMPARATOR_MARKERS[comp], color=colours[plan],
                       edgecolors="none", zorder=3)
            if several_years:  # one row holds several years: say which dot is which
                for x, yy, when in zip(g["value"], y, g["year"]):
                    ax.annotate(f"{when}", (x, yy), xytext=(0, 5), textcoords="offset points", ha="center",
                                va="bottom", fontsize=6, color=colours[plan], zorder=4)
    national = values.dropna(subset=["national"]).drop_duplicates(["indicator_code", "year"])
    if not national.empty:
        ax.scatter(national["national"], [ypos[c] for c in national["indicator_code"]], s=400,
                   marker="|", color=NATIONAL_COLOUR, linewidths=2, zorder=2)
        if several_years:
            for x, c, when in zip(national["national"], national["indicator_code"], national["year"]):
                ax.annotate(f"{when}", (x, ypos[c]), xytext=(0, -9), textcoords="offset points", ha="center",
                            va="top", fontsize=6, color=NATIONAL_COLOUR, zorder=4)
    ax.set_yticks(range(len(rows)), [text for _, _, text in rows], fontsize=8 if named else None)
    for tick, (kind, _, _) in zip(ax.get_yticklabels(), rows):
        if kind == "pillar":
            tick.set_fontweight("bold")
            tick.set_fontsize(8.5)
    for i, (kind, _, _) in enumerate(rows):
        if kind == "pillar" and i:
            ax.axhline(i - 0.5, color="#bbbbbb", lw=0.8, zorder=1)
    ax.tick_params(axis="y", length=0)
    ax.set_ylim(len(rows) - 0.5, -0.5)
    ax.set_xlim(0, 105)
    ax.grid(axis="x", color="#dddddd", zorder=0)
    handles = [Line2D([], [], marker="o", ls="", color=c, label=p) for p, c in colours.items()
               if p in set(values["plan"])]
    handles.append(Line2D([], [], marker="|", ls="", color=NATIONAL_COLOUR, markersize=14, markeredgewidth=2,
                          label="Quốc gia, cùng năm / national, same year"))
    present = set(values["comparator"].astype("str"))
    handles += [Line2D([], [], marker=m, ls="", color="#777777", label=text)
                for m, comps, text in COMPARATOR_LEGEND if present & set(comps)]
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=8, frameon=False)
    return _finish(fig, DATA_SOURCE + NATIONAL_SOURCE)


def timeline(tl: pd.DataFrame):
    """Each plan as a line from issue date to horizon; the thick part is its main period.

    `tl` is `analysis.timeline(...)`; colour says whether the copy is complete.
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


def _wrap(text: str, width: int = 44, lines: int = 2) -> str:
    """Up to `lines` lines of `width` characters; what does not fit is cut with '…'."""
    return "\n".join(textwrap.wrap(shorten(text, width * lines - 2), width)[:lines])


def _budget_rows(budgets: pd.DataFrame) -> list[tuple[int, float, bool]]:
    """(row of `budgets`, left edge, is a part) in drawing order: each whole, then its parts laid end to end
    from the whole's start, so a part is drawn inside its total; parts of an amount not shown come last."""
    wholes = {f: i for i, f in enumerate(budgets["fact_id"])}
    parts: dict[int, list[int]] = {}
    loose = []
    for i, w in enumerate(budgets["part_of"]):
        if isinstance(w, str) and w in wholes:
            parts.setdefault(wholes[w], []).append(i)
        elif isinstance(w, str):
            loose.append(i)
    col = [c for c in budgets.columns if str(c).startswith("amount_")][0]
    amounts = budgets[col].tolist()
    order = []
    for i, w in enumerate(budgets["part_of"]):
        if isinstance(w, str):
            continue
        order.append((i, 0.0, False))
        left = 0.0
        for j in parts.get(i, []):
            order.append((j, left, True))
            left += amounts[j]
    return order + [(i, 0.0, True) for i in loose]


def budget_bars(budgets: pd.DataFrame, unit: str = "million", plans=None):
    """Every stated amount as a bar, labelled by purpose (Vietnamese, then its English gloss or "—") and
    coloured by plan; a total's parts are drawn under it, inside its span (amounts are not summed).

    `budgets` is `analysis.budgets(ds, plans, unit=unit)`. Numbers are grouped
    with a narrow space ("1 560"), which reads the same in Vietnamese and English.
    """
    style.apply()
    fig, ax = plt.subplots(figsize=(10, 1.6 + 0.8 * max(len(budgets), 3)))  # up to four lines of label a bar
    ax.set_title("Các khoản kinh phí được nêu, theo kế hoạch và mục đích (không cộng dồn)\n"
                 "Stated amounts by plan and purpose (not summed)",
                 loc="left")
    ax.set_xlabel(f"Số tiền / Amount ({money_unit(unit)})")
    if budgets.empty:
        _empty(ax, "Không kế hoạch nào nêu số tiền / no amount stated in these plans")
        return _finish(fig, DATA_SOURCE)
    col = amount_column(unit)
    colours = plan_colours(plans if plans is not None else budgets["plan"])
    rows = _budget_rows(budgets)
    b = budgets.iloc[[i for i, _, _ in rows]]
    lefts = [left for _, left, _ in rows]
    part = [p for _, _, p in rows]
    bars = ax.barh(range(len(b)), b[col], left=lefts, color=[colours[p] for p in b["plan"]],
                   height=[0.5 if p else 0.8 for p in part], alpha=1.0, zorder=2)
    for bar, is_part in zip(bars, part):
        if not is_part and any(part):  # a whole: lighter, so its parts below read as its pieces
            bar.set_alpha(0.45)
    values = [format_number(v) for v in b[col]]
    ax.bar_label(bars, labels=values, padding=3, fontsize=8)
    ax.set_yticks(range(len(b)), [("↳ " if p else "") + _wrap(t) + "\n" + _wrap(gloss(e))
                                  for t, e, p in zip(b["purpose"], b["purpose_en"], part)], fontsize=8.5)
    ax.set_ylim(len(b) - 0.5, -0.5)
    ends = [left + v for left, v in zip(lefts, b[col])]
    ax.set_xlim(0, max(ends) * (1.08 + 0.015 * max(map(len, values))))  # room for the longest label
    ax.xaxis.set_major_locator(MaxNLocator(nbins=4))
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: format_number(v)))
    ax.tick_params(axis="x", labelsize=8.5)
    ax.grid(axis="x", color="#dddddd", zorder=0)
    handles = [Line2D([], [], lw=7, color=c, label=p) for p, c in colours.items() if p in set(budgets["plan"])]
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=8, frameon=False,
              title="Kế hoạch / Plan", title_fontsize=8, alignment="left")
    return _finish(fig, DATA_SOURCE)
