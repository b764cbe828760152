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
from matplotlib.path import Path

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
# Legal network geometry, in points.
SLOT = "\x00"  # starts the id of an edge's slot in a row: sorts apart from, and never equals, a document id
SLOT_WIDTH = 3.0  # room an edge slot takes in its row (its lines are at most 1.1 points wide)
GAP = 2.0  # least room between two blocks (node with its label, or slot) of a row; labels carry their own pad
AIR = 4.0  # more room on each side of a node's block, so that a label does not run into the next marker
LABEL_GAP = 2.0  # between a marker and its label
STUB = 5.0  # a row's band reaches this far beyond its largest marker or label: edges run straight there
MIN_CHANNEL = 8.0  # least height between two bands for labels to be drawn at all
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
    """Order of `legal_network`: (place within its row in [0, 1], -row) per node; one row per level (national on
    top), plans just under their level's documents."""
    chosen = _plans(G, plans)
    nodes, edges, _ = _legal_subgraph(G, chosen)
    rows = _legal_rows(G, nodes, edges)
    return {n: ((i + 0.5) / len(layer), -float(r)) for r, layer in rows.layers.items()
            for i, n in enumerate(layer) if not n.startswith(SLOT)}


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
class _Rows:
    """The layered order: rows top to bottom, each a left-to-right list of nodes and slots, and every edge's way."""

    keys: list[tuple[int, bool]]  # row keys (`_row_key`), top row first
    layers: dict[int, list[str]]  # row -> node ids and slot ids, left to right
    row_of: dict[str, int]  # node or slot -> its row
    routes: dict[tuple[str, str], list[str]]  # edge -> [source, slot in each row in between …, target]
    neighbours: dict[str, set]  # node or slot -> the nodes and slots next to it on some edge's way


def _slot(row: int, target: str, kind: str) -> str:
    """Id of the place where the edges of relation `kind` to `target` pass row `row` (never a document id)."""
    return f"{SLOT}{row:04d}{SLOT}{target}{SLOT}{kind}"


def _legal_rows(G, nodes, edges) -> _Rows:
    """Rows by level, a slot in every row an edge passes, and an order within rows with few crossings.

    The edges of one relation to one document share their slots (edge
    concentration), so a row holds at most one slot per (document, relation)
    passing it, however many plans there are.
    """
    key = {n: _row_key(G, n) for n in nodes}
    keys = sorted(set(key.values()))
    row_of = {n: keys.index(key[n]) for n in nodes}
    layers: dict[int, list[str]] = defaultdict(list)
    for n in sorted(nodes, key=lambda n: (G.nodes[n].get("province", ""), G.nodes[n].get("date", ""), n)):
        layers[row_of[n]].append(n)
    routes: dict[tuple[str, str], list[str]] = {}
    neighbours: dict[str, set] = defaultdict(set)
    for (u, v), kind in sorted(edges.items()):
        ru, rv = row_of[u], row_of[v]
        step = 1 if rv > ru else -1
        slots = [_slot(r, v, kind) for r in range(ru + step, rv, step)] if ru != rv else []
        for r, sl in zip(range(ru + step, rv, step), slots):
            if sl not in row_of:
                row_of[sl] = r
                layers[r].append(sl)
        way = routes[(u, v)] = [u, *slots, v]
        for a, b in zip(way, way[1:]):
            neighbours[a].add(b)
            neighbours[b].add(a)
    _barycentre_order(layers, neighbours)
    return _Rows(keys, dict(layers), row_of, routes, neighbours)


def _row_x(layer: list[str], extent: dict[str, tuple[float, float]], width: float) -> dict[str, float]:
    """x (points) of each item of a row: blocks (extent left and right of the item's x) side by side,
    the free width shared out evenly between them."""
    used = sum(a + b for a, b in (extent[n] for n in layer))
    gap = (width - used) / len(layer)
    x, out = gap / 2, {}
    for n in layer:
        left, right = extent[n]
        out[n] = x + left
        x += left + right + gap
    return out


def _pack(layer: list[str], desired: list[float], extent: dict[str, tuple[float, float]], width: float) -> dict:
    """x of each item as near its desired x as the row allows (least squares), keeping the order, GAP between
    blocks and every block inside [0, width]: an isotonic regression (pool adjacent violators), then clipped."""
    offset, at = [], 0.0
    for i, n in enumerate(layer):  # least distance from the first item's x to each item's x
        if i:
            at += extent[layer[i - 1]][1] + GAP + extent[n][0]
        offset.append(at)
    blocks: list[list[float]] = []  # [mean, count] of pooled targets, non-decreasing
    for d, o in zip(desired, offset):
        blocks.append([d - o, 1])
        while len(blocks) > 1 and blocks[-2][0] > blocks[-1][0]:
            (m1, k1), (m2, k2) = blocks.pop(-2), blocks.pop()
            blocks.append([(m1 * k1 + m2 * k2) / (k1 + k2), k1 + k2])
    low, high = extent[layer[0]][0], width - extent[layer[-1]][1] - offset[-1]
    start = [min(max(m, low), high) for m, k in blocks for _ in range(k)]
    return {n: s + o for n, s, o in zip(layer, start, offset)}


def _positions(rows: _Rows, extent: dict[str, tuple[float, float]], width: float, sweeps: int = 4) -> dict:
    """x of every node and slot: evenly spread first, then each row in turn drawn towards the mean x of
    its items' neighbours (down and up again), so edges run as straight as the blocks allow. A row that
    does not fit (no label left to drop) keeps its even spread."""
    x: dict[str, float] = {}
    for layer in rows.layers.values():
        x.update(_row_x(layer, extent, width))
    order = sorted(rows.layers)
    for sweep in range(sweeps):
        for r in (order if sweep % 2 == 0 else order[::-1]):
            layer = rows.layers[r]
            if _row_width(layer, extent) > width:
                continue
            desired = [sum(x[m] for m in rows.neighbours[n]) / len(rows.neighbours[n]) if rows.neighbours[n]
                       else x[n] for n in layer]
            x.update(_pack(layer, desired, extent, width))
    return x


def _row_width(layer: list[str], extent: dict[str, tuple[float, float]]) -> float:
    return sum(a + b for a, b in (extent[n] for n in layer)) + GAP * len(layer)


def _extents(rows: _Rows, radius: dict[str, float], text_width: dict[str, float], labelled: set) -> dict:
    """Room each item takes in its row (points left and right of its x): a node its marker and, when
    labelled, its label on the right; a slot its own narrow width."""
    out = {}
    for layer in rows.layers.values():
        for n in layer:
            if n.startswith(SLOT):
                out[n] = (SLOT_WIDTH / 2, SLOT_WIDTH / 2)
            else:
                r = radius[n]
                out[n] = (r + AIR, r + AIR + (LABEL_GAP + text_width[n] if n in labelled else 0.0))
    return out


def _fit_labels(rows: _Rows, radius, text_width, importance, width: float) -> set:
    """The nodes that keep a label: in each row, the least important labels go until the row fits `width`."""
    labelled = {n for n in text_width}
    extent = _extents(rows, radius, text_width, labelled)
    for layer in rows.layers.values():
        need = _row_width(layer, extent)
        for n in sorted((n for n in layer if n in labelled), key=lambda n: (importance[n], n)):
            if need <= width:
                break
            labelled.discard(n)
            need -= LABEL_GAP + text_width[n]
            extent[n] = (radius[n] + AIR, radius[n] + AIR)
    return labelled


def _edge_path(way: list[str], x: dict, y: dict, radius: dict, band: float, arch: float) -> Path:
    """An edge as drawn (points): straight up or down inside a row's band — out of its node, through each
    slot, into its target — and curved only in the channels between bands, where no label stands."""
    u, *slots, v = way
    (xu, yu), (xv, yv) = (x[u], y[u]), (x[v], y[v])
    if yu == yv:  # within a row: out of the band above, over, and back down into the target
        top = yu + band
        verts = [(xu, yu + radius[u]), (xu, top), (xu, top + arch), (xv, top + arch), (xv, top),
                 (xv, yv + radius[v] + 1)]
        return Path(verts, [Path.MOVETO, Path.LINETO, Path.CURVE4, Path.CURVE4, Path.CURVE4, Path.LINETO])
    s = 1.0 if yv > yu else -1.0
    verts, codes = [(xu, yu + s * radius[u]), (xu, yu + s * band)], [Path.MOVETO, Path.LINETO]
    px, py = verts[-1]
    for w in [*slots, v]:
        wx, wy = x[w], y[w]
        entry = wy - s * band
        mid = (py + entry) / 2  # control points at mid-channel: the curve stays between the two bands
        verts += [(px, mid), (wx, mid), (wx, entry)]
        codes += [Path.CURVE4] * 3
        px, py = wx, wy + s * band
        verts.append((wx, wy - s * (radius[v] + 1)) if w == v else (px, py))
        codes.append(Path.LINETO)
    return Path(verts, codes)


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
        full = _extents(rows, radius, text_width, set(nodes))
        need = max((_row_width(layer, full) for layer in rows.layers.values()), default=0.0)
        ax.figure.set_size_inches(min(max(9.0, need / 72 / ax.get_position().width), 24.0),
                                  ax.figure.get_size_inches()[1])
    width, height = _axes_points(ax)
    n_rows = max(len(rows.keys), 1)
    spacing = height / (n_rows - 1 + 0.9)
    band = max(max(radius.values(), default=0.0), text_height / 2 + LABEL_PAD) + STUB
    labelled = _fit_labels(rows, radius, text_width, importance, width) if spacing - 2 * band >= MIN_CHANNEL else set()
    extent = _extents(rows, radius, text_width, labelled)
    x = _positions(rows, extent, width)
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
            path=_edge_path(rows.routes[(u, v)], x, y, radius, band, arch), arrowstyle="-|>", mutation_scale=7,
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
            t.xy, t.xyann = (x[n], y[n]), (radius[n] + LABEL_GAP + LABEL_PAD, 0)
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
