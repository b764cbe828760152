"""Drawings of the network: the legal-basis hierarchy and the plans ↔ agencies bipartite graph.

Layouts are computed, never random: layers by level, order within a layer by
a few barycentre sweeps (fewer crossings), ties broken by id, so a drawing is
the same on every run. Where room is short, the least important labels are
left out (the source line says how many): the drawing stays readable at five
plans and at fifty. In the legal network no edge ever crosses a label: labels
stand in their row's band beside their node, edges cross a band only straight
through a slot of their own, and bend only between bands (`legal_drawing`).
"""
from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass

import matplotlib.pyplot as plt
import networkx as nx
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import LineCollection
from matplotlib.lines import Line2D
from matplotlib.patches import FancyArrowPatch

from . import layered_layout as layered
from . import style
from .graph import LEVELS, chain_depths
from .schema import ADMIN_LEVELS, ISSUER_LEVELS, RELATIONS, ROLES, label
from .selection import check_ids

LEVEL_COLOURS = {  # Okabe–Ito; agencies' "central" shares the government's colour
    "party_central": "#000000", "national_assembly": "#882255", "government": "#D55E00", "ministry": "#E69F00", "province_party": "#CC79A7",
    "province": "#0072B2", "district": "#56B4E9", "commune": "#009E73", "village": "#F0E442", "central": "#D55E00",
}
AGENCY_LEVELS = {"central": ("Trung ương", "central"), "province": ("Cấp tỉnh", "province"),
                 "district": ("Cấp huyện", "district"), "commune": ("Cấp xã", "commune"),
                 "village": ("Thôn, tổ", "village")}
KIND_MARKERS = {"plan": "s", "legal_document": "o", "agency": "^"}
KIND_LABELS = {"plan": "Kế hoạch (plan)", "legal_document": "Văn bản (legal document)",
               "agency": "Cơ quan (agency)"}
EDGE_STYLES = {  # relation of a citation, or the registry's `implements`
    "can_cu": dict(color="#333333", linestyle="solid", lw=1.0),
    "thuc_hien": dict(color="#333333", linestyle="dashed", lw=1.1),
    "reference": dict(color="#999999", linestyle="dotted", lw=0.9),
    "implements": dict(color="#56B4E9", linestyle="solid", lw=0.9),
}
ROLE_STYLES = {
    "lead": dict(color="#D55E00", linestyle="solid", lw=1.8),
    "coordinate": dict(color="#0072B2", linestyle="dashed", lw=1.1),
    "implement": dict(color="#009E73", linestyle="solid", lw=1.0),
    "advise": dict(color="#CC79A7", linestyle="dashdot", lw=1.1),
    "report": dict(color="#E69F00", linestyle="dotted", lw=1.3),
}
EDGE_PRIORITY = ("can_cu", "thuc_hien", "implements", "reference")  # one line per pair: the first of these
FONT_SIZE = 7
LABEL_PAD = 1.0  # points kept free around every label
SOURCE = "dxcompare — data/plans/*.yaml, data/reference/legal_documents.csv, agencies.csv"


# --- shared helpers -------------------------------------------------------------

def _plans(G: nx.MultiDiGraph, plans) -> list[str]:
    """The chosen plan nodes, sorted (all when `plans` is None), checked by `dxcompare.selection`."""
    known = sorted(n for n, k in G.nodes(data="kind") if k == "plan")
    return known if plans is None else sorted(check_ids(plans, known))


def _figure(ax, width: float, height: float):
    style.apply()
    if ax is None:
        fig, ax = plt.subplots(figsize=(width, height))
        fig.subplots_adjust(top=1 - 0.6 / height, bottom=0.25 / height)  # room for a two-line title, no more
    return ax


def _renderer(fig):
    """The figure's renderer, giving a figure made without pyplot an Agg canvas to measure text with."""
    if not hasattr(fig.canvas, "get_renderer"):
        FigureCanvasAgg(fig)
    return fig.canvas.get_renderer()


def _marker_radius_pts(size: float) -> float:
    return math.sqrt(size) / 2


def _node_boxes(ax, xy: dict, sizes: dict) -> list:
    """Display-space boxes of the node markers, obstacles for the labels."""
    from matplotlib.transforms import Bbox
    boxes = []
    scale = ax.figure.dpi / 72
    for n, (x, y) in xy.items():
        cx, cy = ax.transData.transform((x, y))
        r = _marker_radius_pts(sizes[n]) * scale
        boxes.append(Bbox([[cx - r, cy - r], [cx + r, cy + r]]))
    return boxes


def _fixed_boxes(ax) -> list:
    """Display-space boxes of the legend, title and tick labels, which node labels must not cover."""
    renderer = _renderer(ax.figure)
    ticks = ax.get_yticklabels() if ax.axison and ax.yaxis.get_visible() else []
    artists = [ax.get_legend(), ax.title, *ticks]
    return [a.get_window_extent(renderer) for a in artists if a is not None and a.get_visible() and
            (not hasattr(a, "get_text") or a.get_text())]


def _place_labels(ax, items: list[tuple], obstacles: list) -> int:
    """Place labels most important first, each at its first free spot; return how many fit.

    `items` are (importance, sort key, x, y, text, [(dx, dy, ha, va), …]) with
    offsets in points. A label that would overlap a placed label or a node is
    dropped, so crowded drawings show only their most important labels.
    """
    renderer = _renderer(ax.figure)
    placed, shown = list(obstacles), 0
    for _, _, x, y, text, spots in sorted(items, key=lambda it: (-it[0], it[1])):
        for dx, dy, ha, va in spots:
            t = ax.annotate(text, (x, y), xytext=(dx, dy), textcoords="offset points", ha=ha, va=va,
                            fontsize=FONT_SIZE, gid="node-label", annotation_clip=False, zorder=4,
                            bbox=dict(boxstyle="square,pad=0.05", fc="white", ec="none", alpha=0.75))
            box = t.get_window_extent(renderer).padded(LABEL_PAD * ax.figure.dpi / 72)
            if not any(box.overlaps(b) for b in placed):
                placed.append(box)
                shown += 1
                break
            t.remove()
    return shown


def _legend(ax, handles: list, title: str | None = None) -> None:
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=FONT_SIZE, frameon=False,
              title=title, title_fontsize=FONT_SIZE, alignment="left")


def _marker(kind: str, colour: str, text: str) -> Line2D:
    return Line2D([], [], marker=KIND_MARKERS[kind], color="none", markerfacecolor=colour,
                  markeredgecolor="#222222", markersize=6, label=text)


def _line(style_: dict, text: str) -> Line2D:
    return Line2D([], [], color=style_["color"], linestyle=style_["linestyle"], lw=style_["lw"], label=text)


# --- legal network ----------------------------------------------------------------

def _legal_subgraph(G: nx.MultiDiGraph, plans: list[str]):
    """Nodes: the plans and every ancestor; edges: one per pair (strongest relation, or implements)."""
    reach: dict[str, int] = defaultdict(int)
    nodes = set(plans)
    for p in plans:
        for doc in chain_depths(G, p):
            nodes.add(doc)
            reach[doc] += 1
    edges: dict[tuple, str] = {}
    for u, v, a in G.edges(data=True):
        if u in nodes and v in nodes and a["kind"] in ("cites", "implements"):
            kind = a.get("relation", "implements")
            if (u, v) not in edges or EDGE_PRIORITY.index(kind) < EDGE_PRIORITY.index(edges[(u, v)]):
                edges[(u, v)] = kind
    return sorted(nodes), edges, reach


def _legal_rows(G, nodes, edges) -> layered.Rows:
    """Rows by level (plans under their level's documents), first ordered by province, date and id."""
    order = sorted(nodes, key=lambda n: (G.nodes[n].get("province", ""), G.nodes[n].get("date", ""), n))
    return layered.build_rows({n: _row_key(G, n) for n in nodes}, order, edges)


def legal_layout(G: nx.MultiDiGraph, plans=None) -> dict[str, tuple[float, float]]:
    """Order of `legal_network`: (place within its row in [0, 1], -row) per node; one row per level (national on
    top), plans just under their level's documents."""
    chosen = _plans(G, plans)
    nodes, edges, _ = _legal_subgraph(G, chosen)
    rows = _legal_rows(G, nodes, edges)
    return {n: ((i + 0.5) / len(layer), -float(r)) for r, layer in rows.layers.items()
            for i, n in enumerate(layer) if not n.startswith(layered.SLOT)}


def _row_key(G, n) -> tuple[int, bool]:
    """(level rank, is a plan): plans get their own row under the documents of their level."""
    level = G.nodes[n].get("level")
    return (LEVELS.index(level) if level in LEVELS else len(LEVELS), G.nodes[n]["kind"] == "plan")


def _row_label(key: tuple[int, bool]) -> str:
    level = LEVELS[key[0]] if key[0] < len(LEVELS) else None
    if key[1]:
        vi, en = ADMIN_LEVELS.get(level, (level, level))
        return f"Kế hoạch cấp {vi}\n({en} plans)"
    return label(ISSUER_LEVELS, level).replace(" (", "\n(") if level else "?"


@dataclass
class LegalDrawing:
    """The legal network as drawn: its axes, each edge's artist and each shown label (for checks and edits)."""

    ax: object
    edges: dict[tuple[str, str], FancyArrowPatch]
    labels: dict[str, object]  # node -> its Text


def _axes_points(ax) -> tuple[float, float]:
    """Width and height of the axes in points."""
    w, h = ax.figure.get_size_inches()
    box = ax.get_position()
    return box.width * w * 72, box.height * h * 72


def legal_drawing(G: nx.MultiDiGraph, ax=None, plans=None) -> LegalDrawing:
    """Draw plans and their legal bases in layers, national level on top, commune at the bottom.

    Data coordinates are points, so label sizes and edge paths share one
    scale. Every label stands right of its node inside the row's band, where
    edges only run straight through their own slot or node; a row too full
    for its labels drops the least important ones (the source line says how
    many), never letting an edge cross one.
    """
    chosen = _plans(G, plans)
    nodes, edges, reach = _legal_subgraph(G, chosen)
    rows = _legal_rows(G, nodes, edges)
    sizes = {n: 110.0 if G.nodes[n]["kind"] == "plan" else 40.0 + 25.0 * min(reach[n], 8) for n in nodes}
    radius = {n: _marker_radius_pts(s) for n, s in sizes.items()}
    importance = {n: (len(chosen) + 1 if G.nodes[n]["kind"] == "plan" and len(chosen) <= 12 else reach[n])
                  + G.nodes[n].get("national", 0) for n in nodes}
    given = ax is not None
    ax = _figure(ax, 9.0, min(max(4.0, 1.1 * len(rows.keys) + 1.0), 11.0))
    texts = {n: ax.annotate(G.nodes[n]["label_vi"], (0, 0), xytext=(0, 0), textcoords="offset points", ha="left",
                            va="center", fontsize=FONT_SIZE, gid="node-label", annotation_clip=False, zorder=4)
             for n in nodes}
    renderer = _renderer(ax.figure)
    to_pts = 72 / ax.figure.dpi
    text_width = {n: t.get_window_extent(renderer).width * to_pts + 2 * LABEL_PAD for n, t in texts.items()}
    text_height = max((t.get_window_extent(renderer).height * to_pts for t in texts.values()), default=0.0)
    if not given:  # as wide as the rows with all their labels need, within a page's reach
        full = layered.extents(rows, radius, text_width, set(nodes))
        need = max((layered.row_width(layer, full) for layer in rows.layers.values()), default=0.0)
        ax.figure.set_size_inches(min(max(9.0, need / 72 / ax.get_position().width), 24.0),
                                  ax.figure.get_size_inches()[1])
    width, height = _axes_points(ax)
    n_rows = max(len(rows.keys), 1)
    spacing = height / (n_rows - 1 + 0.9)
    band = max(max(radius.values(), default=0.0), text_height / 2 + LABEL_PAD) + layered.STUB
    roomy = spacing - 2 * band >= layered.MIN_CHANNEL
    labelled = layered.fit_labels(rows, radius, text_width, importance, width) if roomy else set()
    extent = layered.extents(rows, radius, text_width, labelled)
    x = layered.positions(rows, extent, width)
    y = {n: -(0.45 + r) * spacing for n, r in rows.row_of.items()}
    ax.set_xlim(0, width)
    ax.set_ylim(-height, 0)

    alpha = 0.8 if len(edges) <= 100 else max(0.3, 0.8 * math.sqrt(100 / len(edges)))  # dense: fainter lines
    drawn = {}
    for (u, v), kind in sorted(edges.items()):
        room = 0.45 * spacing - band if rows.row_of[u] == 0 else spacing - 2 * band  # the channel above a row
        arch = max(room - 2, 0) / 0.75 * 0.8  # a cubic's peak is 3/4 of its control height: it stays in the channel
        st = EDGE_STYLES[kind]
        drawn[(u, v)] = ax.add_patch(FancyArrowPatch(
            path=layered.edge_path(rows.routes[(u, v)], x, y, radius, band, arch), arrowstyle="-|>", mutation_scale=7,
            color=st["color"], linestyle=st["linestyle"], lw=st["lw"], alpha=alpha, zorder=1))
    groups: dict[tuple, list[str]] = defaultdict(list)
    for n in nodes:
        groups[(G.nodes[n]["kind"], G.nodes[n].get("level"))].append(n)
    for (kind, level), members in sorted(groups.items(), key=lambda kv: (kv[0][0], str(kv[0][1]))):
        ax.scatter([x[n] for n in members], [y[n] for n in members], s=[sizes[n] for n in members],
                   marker=KIND_MARKERS[kind], c=LEVEL_COLOURS.get(level, "#999999"), edgecolors="#222222",
                   linewidths=0.6, zorder=3)
    for n, t in texts.items():
        if n in labelled:
            t.xy, t.xyann = (x[n], y[n]), (radius[n] + layered.LABEL_GAP + LABEL_PAD, 0)
        else:
            t.remove()

    row_y = [-(0.45 + r) * spacing for r in range(len(rows.keys))]
    ax.set_yticks(row_y, [_row_label(k) for k in rows.keys], fontsize=FONT_SIZE)
    ax.set_xticks([])
    for side in ("left", "bottom", "top", "right"):
        ax.spines[side].set_visible(False)
    ax.tick_params(axis="y", length=0)

    present = [lv for lv in LEVELS if any(G.nodes[n].get("level") == lv for n in nodes)]
    handles = [_marker("legal_document", LEVEL_COLOURS[lv], label(ISSUER_LEVELS, lv)) for lv in present]
    handles += [_marker(k, "#FFFFFF", KIND_LABELS[k]) for k in ("plan", "legal_document")]
    handles += [_line(EDGE_STYLES[r], label(RELATIONS, r)) for r in RELATIONS if r in edges.values()]
    if "implements" in edges.values():
        handles.append(_line(EDGE_STYLES["implements"], "văn bản → văn bản cấp trên (document implements, registry)"))
    _legend(ax, handles)
    ax.set_title("Căn cứ pháp lý của các kế hoạch chuyển đổi số\nLegal bases of the digital-transformation plans",
                 fontsize=9)
    hidden = len(nodes) - len(labelled)
    note = f"; {hidden} nhãn ẩn vì chật / labels hidden where crowded" if hidden else ""
    style.source_line(ax.figure, f"{SOURCE}; {len(chosen)} kế hoạch / plans{note}")
    return LegalDrawing(ax, drawn, {n: t for n, t in texts.items() if n in labelled})


def legal_network(G: nx.MultiDiGraph, ax=None, plans=None):
    """Draw plans and their legal bases in layers (see `legal_drawing`); return the axes."""
    return legal_drawing(G, ax=ax, plans=plans).ax


# --- agency network ------------------------------------------------------------------

def _fit_columns(ax, left: list[str], right: list[str]) -> None:
    """Widen the x-limits so the plan labels (left of x=0) and agency labels (right of x=1) stay inside the axes."""
    renderer = _renderer(ax.figure)
    width_pts = ax.get_window_extent(renderer).width * 72 / ax.figure.dpi

    def widest(texts: list[str]) -> float:
        if not texts:
            return 0.0
        t = ax.text(0, 0, max(texts, key=len), fontsize=FONT_SIZE)
        w = t.get_window_extent(renderer).width * 72 / ax.figure.dpi
        t.remove()
        return w * 1.1 + 12  # longest string is a fair proxy for the widest; margin for the marker
    wl, wr = widest(left), widest(right)
    share = min((wl + wr) / width_pts, 0.75)  # keep at least a quarter of the width for the lines
    span = 1 / (1 - share)
    total = wl + wr or 1
    ax.set_xlim(-span * share * wl / total - 0.02, 1 + span * share * wr / total + 0.02)


def agency_network(G: nx.MultiDiGraph, ax=None, plans=None):
    """Draw plans (left) and the agencies they task (right), one line per role, styled by role; return the axes."""
    chosen = _plans(G, plans)
    counts: dict[tuple, int] = defaultdict(int)
    for u, v, a in G.edges(data=True):
        if a["kind"] == "assigns" and u in chosen:
            counts[(u, v, a["role"])] += 1
    agencies = sorted({v for _, v, _ in counts})
    rank = {lv: i for i, lv in enumerate([*LEVELS, "central", "village"])}
    plan_order = sorted(chosen, key=lambda p: (rank.get(G.nodes[p]["level"], 99), G.nodes[p].get("province", ""), p))
    py = {p: 1 - (i + 0.5) / len(plan_order) for i, p in enumerate(plan_order)}
    linked: dict[str, list[float]] = defaultdict(list)
    for p, ag, _ in counts:
        linked[ag].append(py[p])
    agency_order = sorted(agencies, key=lambda ag: (-sum(linked[ag]) / len(linked[ag]), ag))
    ay = {ag: 1 - (i + 0.5) / max(len(agency_order), 1) for i, ag in enumerate(agency_order)}

    rows = max(len(plan_order), len(agency_order), 1)
    ax = _figure(ax, 10.0, min(max(4.0, 0.24 * rows + 1.4), 30.0))
    ax.set_ylim(0, 1)
    ax.axis("off")
    gap = 1 / rows
    by_role: dict[str, list] = defaultdict(list)
    widths: dict[str, list] = defaultdict(list)
    for (p, ag, role), k in sorted(counts.items()):
        off = (list(ROLES).index(role) - 2) * 0.12 * gap
        by_role[role].append([(0.0, py[p] + off), (1.0, ay[ag] + off)])
        widths[role].append(ROLE_STYLES[role]["lw"] * (1 + 0.5 * math.log2(k)))
    for role in ROLES:
        if by_role[role]:
            st = ROLE_STYLES[role]
            ax.add_collection(LineCollection(by_role[role], colors=st["color"], linestyles=st["linestyle"],
                                             linewidths=widths[role], alpha=0.75, zorder=1))
    xy = {**{p: (0.0, py[p]) for p in plan_order}, **{ag: (1.0, ay[ag]) for ag in agency_order}}
    sizes = {n: 70.0 for n in xy}
    for kind, members, x in (("plan", plan_order, 0.0), ("agency", agency_order, 1.0)):
        if members:
            ax.scatter([x] * len(members), [xy[n][1] for n in members], s=70, marker=KIND_MARKERS[kind],
                       c=[LEVEL_COLOURS.get(G.nodes[n].get("level"), "#999999") for n in members],
                       edgecolors="#222222", linewidths=0.6, zorder=3)

    levels = [lv for lv in AGENCY_LEVELS if any(G.nodes[n].get("level") == lv for n in agency_order)]
    plan_levels = [lv for lv in LEVELS if any(G.nodes[n].get("level") == lv for n in plan_order)]
    handles = [_line(ROLE_STYLES[r], label(ROLES, r)) for r in ROLES if by_role[r]]
    handles += [_marker("agency", LEVEL_COLOURS[lv], label(AGENCY_LEVELS, lv)) for lv in levels]
    handles += [_marker("plan", LEVEL_COLOURS[lv], f"Kế hoạch {label(ISSUER_LEVELS, lv)}") for lv in plan_levels]
    _legend(ax, handles)
    ax.set_title("Cơ quan được giao nhiệm vụ theo vai trò\nAgencies tasked by each plan, by role", fontsize=9)

    tasks = defaultdict(int)
    for (p, ag, _), k in counts.items():
        tasks[p] += k
        tasks[ag] += k
    off = _marker_radius_pts(70.0) + LABEL_PAD + 2
    items = [(tasks[p], p, 0.0, py[p], G.nodes[p]["label_vi"], [(-off, 0, "right", "center")]) for p in plan_order]
    items += [(tasks[ag], ag, 1.0, ay[ag], G.nodes[ag]["label_vi"], [(off, 0, "left", "center")])
              for ag in agency_order]
    _fit_columns(ax, [G.nodes[p]["label_vi"] for p in plan_order], [G.nodes[a]["label_vi"] for a in agency_order])
    _renderer(ax.figure)
    ax.figure.canvas.draw()
    shown = _place_labels(ax, items, _node_boxes(ax, xy, sizes) + _fixed_boxes(ax))
    hidden = len(xy) - shown
    note = f"; {hidden} nhãn ẩn vì chật / labels hidden where crowded" if hidden else ""
    style.source_line(ax.figure, f"{SOURCE}; {len(chosen)} kế hoạch / plans{note}")
    return ax
