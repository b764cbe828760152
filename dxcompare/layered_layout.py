"""A layered drawing's geometry (Sugiyama style), in points: rows, slots, x positions and edge paths.

Nodes sit in rows; an edge spanning several rows passes each row in between
at a slot of its own (a "dummy" point). A node's block in its row holds its
marker and, when labelled, its label on its right; slots and blocks never
overlap and keep a GAP. Each row has a band (the node line ± `band`) where
edges only run straight up or down — out of their node, through their slot,
into their target — and edges bend only in the channels between bands,
along cubic curves whose control points stay in the channel. So an edge can
never cross a label: labels live in bands, in blocks no edge passes through.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from matplotlib.path import Path

SLOT = "\x00"  # starts the id of an edge's slot in a row: sorts apart from, and never equals, a document id
SLOT_WIDTH = 3.0  # room an edge slot takes in its row (its lines are at most 1.1 points wide)
GAP = 2.0  # least room between two blocks (node with its label, or slot) of a row; labels carry their own pad
AIR = 4.0  # more room on each side of a node's block, so that a label does not run into the next marker
LABEL_GAP = 2.0  # between a marker and its label
STUB = 5.0  # a row's band reaches this far beyond its largest marker or label: edges run straight there
MIN_CHANNEL = 8.0  # least height between two bands for labels to be drawn at all


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


@dataclass
class Rows:
    """The layered order: rows top to bottom, each a left-to-right list of nodes and slots, and every edge's way."""

    keys: list  # row keys, top row first
    layers: dict[int, list[str]]  # row -> node ids and slot ids, left to right
    row_of: dict[str, int]  # node or slot -> its row
    routes: dict[tuple[str, str], list[str]]  # edge -> [source, slot in each row in between …, target]
    neighbours: dict[str, set]  # node or slot -> the nodes and slots next to it on some edge's way


def _slot(row: int, target: str, kind: str) -> str:
    """Id of the place where the edges of relation `kind` to `target` pass row `row` (never a document id)."""
    return f"{SLOT}{row:04d}{SLOT}{target}{SLOT}{kind}"


def build_rows(row_key: dict[str, tuple], nodes: list[str], edges: dict[tuple[str, str], str]) -> Rows:
    """Rows (sorted `row_key` values, top first), a slot in every row an edge passes, an order with few crossings.

    `nodes` in their initial order within rows; `edges` (u, v) -> relation.
    The edges of one relation to one node share their slots (edge
    concentration), so a row holds at most one slot per (target, relation)
    passing it, however many edges there are.
    """
    keys = sorted(set(row_key.values()))
    row_of = {n: keys.index(row_key[n]) for n in nodes}
    layers: dict[int, list[str]] = defaultdict(list)
    for n in nodes:
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
    return Rows(keys, dict(layers), row_of, routes, neighbours)


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


def positions(rows: Rows, extent: dict[str, tuple[float, float]], width: float, sweeps: int = 4) -> dict:
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
            if row_width(layer, extent) > width:
                continue
            desired = [sum(x[m] for m in rows.neighbours[n]) / len(rows.neighbours[n]) if rows.neighbours[n]
                       else x[n] for n in layer]
            x.update(_pack(layer, desired, extent, width))
    return x


def row_width(layer: list[str], extent: dict[str, tuple[float, float]]) -> float:
    """Least width the row needs: its blocks and a GAP after each."""
    return sum(a + b for a, b in (extent[n] for n in layer)) + GAP * len(layer)


def extents(rows: Rows, radius: dict[str, float], text_width: dict[str, float], labelled: set) -> dict:
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


def fit_labels(rows: Rows, radius, text_width, importance, width: float) -> set:
    """The nodes that keep a label: in each row, the least important labels go until the row fits `width`."""
    labelled = {n for n in text_width}
    extent = extents(rows, radius, text_width, labelled)
    for layer in rows.layers.values():
        need = row_width(layer, extent)
        for n in sorted((n for n in layer if n in labelled), key=lambda n: (importance[n], n)):
            if need <= width:
                break
            labelled.discard(n)
            need -= LABEL_GAP + text_width[n]
            extent[n] = (radius[n] + AIR, radius[n] + AIR)
    return labelled


def edge_path(way: list[str], x: dict, y: dict, radius: dict, band: float, arch: float) -> Path:
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
