"""Drawings of the network: the legal-basis hierarchy and the plans ↔ agencies bipartite graph.

Layouts are computed, never random: layers by level, order within a layer by
a few barycentre sweeps (fewer crossings), ties broken by id, so a drawing is
the same on every run. Labels are placed greedily, most important first, and
a label that would overlap another label or a node is left out: the drawing
stays readable at five plans and at fifty.
"""
from __future__ import annotations

import math
from collections import defaultdict

import matplotlib.pyplot as plt
import networkx as nx
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import LineCollection
from matplotlib.lines import Line2D
from matplotlib.patches import FancyArrowPatch

from . import style
from .graph import LEVELS, chain_depths
from .schema import ADMIN_LEVELS, ISSUER_LEVELS, RELATIONS, ROLES, label
from .selection import check_ids

LEVEL_COLOURS = {  # Okabe–Ito; agencies' "central" shares the government's colour
    "party_central": "#000000", "government": "#D55E00", "ministry": "#E69F00", "province_party": "#CC79A7",
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


def _place_labels(ax, items: list[tuple], obstacles: list, lines: list = (), clear: frozenset = frozenset()) -> int:
    """Place labels most important first, each at its first free spot; return how many fit.

    `items` are (importance, sort key, x, y, text, [(dx, dy, ha, va), …]) with
    offsets in points. A label that would overlap a placed label or a node is
    dropped, so crowded drawings show only their most important labels. The
    labels of the nodes in `clear` (the plans) also keep off the drawn `lines`
    (display-space paths of the edges): a spot an edge crosses is skipped while
    another is free, and their background is opaque, above the edges, so that no
    line is ever drawn across a plan's name.
    """
    renderer = _renderer(ax.figure)
    placed, shown = list(obstacles), 0
    for _, key, x, y, text, spots in sorted(items, key=lambda it: (-it[0], it[1])):
        passes = (True, False) if key in clear and lines else (False,)
        for avoid_lines in passes:
            for dx, dy, ha, va in spots:
                opaque = key in clear  # where no free spot is left, the edges pass under a plan's label, unseen
                t = ax.annotate(text, (x, y), xytext=(dx, dy), textcoords="offset points", ha=ha, va=va,
                                fontsize=FONT_SIZE, gid="node-label", annotation_clip=False, zorder=4,
                                bbox=dict(boxstyle="square,pad=0.15" if opaque else "square,pad=0.05", fc="white",
                                          ec="none", alpha=1.0 if opaque else 0.75))
                box = t.get_window_extent(renderer).padded(LABEL_PAD * ax.figure.dpi / 72)
                if not any(box.overlaps(b) for b in placed) and not (
                        avoid_lines and any(line.intersects_bbox(box, filled=False) for line in lines)):
                    placed.append(box)
                    shown += 1
                    break
                t.remove()
            else:
                continue
            break
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


def _barycentre_order(layers: dict[int, list[str]], neighbours: dict[str, set], sweeps: int = 6) -> None:
    """Reorder each layer by the mean position of its neighbours (in place), alternating down and up."""
    pos = {n: (i + 0.5) / len(layer) for layer in layers.values() for i, n in enumerate(layer)}
    ranks = sorted(layers)
    for sweep in range(sweeps):
        for r in (ranks if sweep % 2 == 0 else ranks[::-1]):
            layer = layers[r]
            bary = {n: (sum(pos[m] for m in neighbours[n]) / len(neighbours[n]) if neighbours[n] else pos[n])
                    for n in layer}
            layer.sort(key=lambda n: (round(bary[n], 9), pos[n], n))
            pos.update({n: (i + 0.5) / len(layer) for i, n in enumerate(layer)})


def legal_layout(G: nx.MultiDiGraph, plans=None) -> dict[str, tuple[float, float]]:
    """Positions for `legal_network`: one row per level (national on top), plans just under their level's documents."""
    chosen = _plans(G, plans)
    nodes, edges, _ = _legal_subgraph(G, chosen)
    return _legal_positions(G, nodes, edges)


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


def _legal_positions(G, nodes, edges) -> dict[str, tuple[float, float]]:
    rank = {n: _row_key(G, n) for n in nodes}
    rows = sorted(set(rank.values()))
    layers: dict[int, list[str]] = defaultdict(list)
    for n in sorted(nodes, key=lambda n: (G.nodes[n].get("province", ""), G.nodes[n].get("date", ""), n)):
        layers[rows.index(rank[n])].append(n)
    neighbours: dict[str, set] = defaultdict(set)
    for u, v in edges:
        neighbours[u].add(v)
        neighbours[v].add(u)
    _barycentre_order(layers, neighbours)
    return {n: ((i + 0.5) / len(layer), -float(r)) for r, layer in layers.items() for i, n in enumerate(layer)}


def _bend(x0: float, y0: float, x1: float, y1: float, row_xs: dict[float, list[float]]) -> float:
    """Curvature for an edge: curved within a row, or when a straight line would run through a node on the way."""
    if y0 == y1:
        return 0.25
    for y, xs in row_xs.items():
        if min(y0, y1) < y < max(y0, y1):
            x = x0 + (x1 - x0) * (y - y0) / (y1 - y0)
            if any(abs(x - other) < 0.012 for other in xs):
                return 0.2
    return 0.0


def legal_network(G: nx.MultiDiGraph, ax=None, plans=None):
    """Draw plans and their legal bases in layers, national level on top, commune at the bottom; return the axes."""
    chosen = _plans(G, plans)
    nodes, edges, reach = _legal_subgraph(G, chosen)
    xy = _legal_positions(G, nodes, edges)
    row_text: dict[float, float] = defaultdict(float)  # inches of label text per row, at ~0.6 em per character
    for n, (_, y) in xy.items():
        row_text[y] += len(G.nodes[n]["label_vi"]) * 0.6 * FONT_SIZE / 72 + 0.15
    n_rows = len(row_text)
    width = max(row_text.values(), default=1.0) / 1.6 / 0.775  # labels in about two tiers; axes ~ 0.775 of the figure
    ax = _figure(ax, min(max(9.0, width), 24.0), min(max(4.0, 1.1 * n_rows + 1.0), 11.0))
    ax.set_xlim(-0.04, 1.04)
    ax.set_ylim(-(n_rows - 1) - 0.45, 0.45)
    sizes = {n: 110.0 if G.nodes[n]["kind"] == "plan" else 40.0 + 25.0 * min(reach[n], 8) for n in nodes}

    alpha = 0.8 if len(edges) <= 100 else max(0.3, 0.8 * math.sqrt(100 / len(edges)))  # dense: fainter lines
    row_xs: dict[float, list[float]] = defaultdict(list)
    for x, y in xy.values():
        row_xs[y].append(x)
    arrows = []
    for (u, v), kind in sorted(edges.items()):
        (x0, y0), (x1, y1) = xy[u], xy[v]
        st = EDGE_STYLES[kind]
        arrows.append(FancyArrowPatch(
            (x0, y0), (x1, y1), arrowstyle="-|>", mutation_scale=7, color=st["color"], linestyle=st["linestyle"],
            lw=st["lw"], alpha=alpha, zorder=1, connectionstyle=f"arc3,rad={_bend(x0, y0, x1, y1, row_xs)}",
            shrinkA=_marker_radius_pts(sizes[u]), shrinkB=_marker_radius_pts(sizes[v]) + 1))
        ax.add_patch(arrows[-1])
    groups: dict[tuple, list[str]] = defaultdict(list)
    for n in nodes:
        groups[(G.nodes[n]["kind"], G.nodes[n].get("level"))].append(n)
    for (kind, level), members in sorted(groups.items(), key=lambda kv: (kv[0][0], str(kv[0][1]))):
        ax.scatter([xy[n][0] for n in members], [xy[n][1] for n in members], s=[sizes[n] for n in members],
                   marker=KIND_MARKERS[kind], c=LEVEL_COLOURS.get(level, "#999999"), edgecolors="#222222",
                   linewidths=0.6, zorder=3)

    rows = {y: _row_key(G, n) for n, (_, y) in xy.items()}
    ax.set_yticks(sorted(rows), [_row_label(rows[y]) for y in sorted(rows)], fontsize=FONT_SIZE)
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

    items = []
    for n in nodes:
        a = G.nodes[n]
        importance = (len(chosen) + 1 if a["kind"] == "plan" and len(chosen) <= 12 else reach[n]) + a.get("national", 0)
        r = _marker_radius_pts(sizes[n]) + LABEL_PAD + 1
        spots = [(0, -r, "center", "top"), (0, r, "center", "bottom"),  # centred, then shifted right or left
                 (-r, -r, "left", "top"), (-r, r, "left", "bottom"), (r, -r, "right", "top"), (r, r, "right", "bottom"),
                 (0, -r - 1.3 * FONT_SIZE, "center", "top"), (0, r + 1.3 * FONT_SIZE, "center", "bottom")]
        if a["kind"] == "plan":  # more room to look for a spot no edge crosses: beside, then further below
            spots += [(r + 2, 0, "left", "center"), (-r - 2, 0, "right", "center"),
                      *((dx, -r - k * 1.3 * FONT_SIZE, ha, "top") for k in (2, 3)
                        for dx, ha in ((0, "center"), (-r, "left"), (r, "right")))]
        items.append((importance, n, xy[n][0], xy[n][1], a["label_vi"], spots))
    _renderer(ax.figure)
    ax.figure.canvas.draw()  # fix the layout before measuring labels
    lines = [arrow.get_transform().transform_path(arrow.get_path()) for arrow in arrows]
    plan_nodes = frozenset(n for n in nodes if G.nodes[n]["kind"] == "plan")
    shown = _place_labels(ax, items, _node_boxes(ax, xy, sizes) + _fixed_boxes(ax), lines, plan_nodes)
    hidden = len(nodes) - shown
    note = f"; {hidden} nhãn ẩn vì chật / labels hidden where crowded" if hidden else ""
    style.source_line(ax.figure, f"{SOURCE}; {len(chosen)} kế hoạch / plans{note}")
    return ax


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
