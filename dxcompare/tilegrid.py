"""A tile-grid cartogram layout: one equal square per province, placed near its centroid.

A choropleth of Việt Nam hides the small, dense delta provinces behind the
large mountain ones; equal tiles give every province the same weight. The
placement is an optimal assignment of provinces to grid cells (least total
squared distance between a province's scaled centroid and its cell), solved
exactly, so it is deterministic and no two provinces share a cell.
"""
from __future__ import annotations

import math

import numpy as np
import pandas as pd


def assign(positions: pd.DataFrame, *, columns: int | None = None, rows: int | None = None) -> pd.DataFrame:
    """`positions` (unit_code, latitude, longitude) -> (unit_code, col, row), row 0 at the top (north).

    The grid keeps the country's aspect ratio (longitude shrunk by cos(latitude));
    its size defaults to the smallest grid of that shape with room for every unit.
    """
    if positions["unit_code"].duplicated().any():
        raise ValueError("each unit needs exactly one position")
    pos = positions.sort_values("unit_code", kind="stable").reset_index(drop=True)
    n = len(pos)
    if n == 0:
        return pd.DataFrame({"unit_code": pd.array([], dtype="str"), "col": pd.array([], dtype="Int64"),
                             "row": pd.array([], dtype="Int64")})
    lat = pos["latitude"].astype(float).to_numpy()
    lon = pos["longitude"].astype(float).to_numpy()
    x = lon * math.cos(math.radians(float(lat.mean())))
    y = -lat
    width, height = max(float(np.ptp(x)), 1e-9), max(float(np.ptp(y)), 1e-9)
    if columns is None or rows is None:
        columns, rows = _grid_shape(n, width / height)
    if columns * rows < n:
        raise ValueError(f"a {columns}×{rows} grid has fewer cells than the {n} units")
    gx = (x - x.min()) / width * (columns - 1)
    gy = (y - y.min()) / height * (rows - 1)
    cells = np.array([(c, r) for r in range(rows) for c in range(columns)], dtype=float)
    cost = (gx[:, None] - cells[None, :, 0]) ** 2 + (gy[:, None] - cells[None, :, 1]) ** 2
    chosen = hungarian(cost)
    return pd.DataFrame({
        "unit_code": pd.array(pos["unit_code"].astype(str), dtype="str"),
        "col": pd.array(cells[chosen, 0].astype(int), dtype="Int64"),
        "row": pd.array(cells[chosen, 1].astype(int), dtype="Int64"),
    })


def _grid_shape(n: int, aspect: float) -> tuple[int, int]:
    """Columns and rows of the given aspect (width / height) with room for n tiles and some slack."""
    cells = math.ceil(n * 1.6)
    columns = max(2, round(math.sqrt(cells * aspect)))
    rows = max(2, math.ceil(cells / columns))
    return columns, rows


def hungarian(cost: np.ndarray) -> np.ndarray:
    """Minimum-cost assignment of each row to a distinct column (rows <= columns).

    The O(n²m) shortest-augmenting-path form of the Hungarian method (Kuhn–Munkres,
    as presented by Jonker and Volgenant); ties go to the lowest column index, so
    the result is the same on every machine.
    """
    cost = np.asarray(cost, dtype=float)
    n, m = cost.shape
    if n > m:
        raise ValueError("more rows than columns")
    inf = float("inf")
    u = np.zeros(n + 1)
    v = np.zeros(m + 1)
    match = np.zeros(m + 1, dtype=int)  # match[j]: row (1-based) given column j, 0 = free
    way = np.zeros(m + 1, dtype=int)
    for i in range(1, n + 1):
        match[0] = i
        j0 = 0
        minv = np.full(m + 1, inf)
        used = np.zeros(m + 1, dtype=bool)
        while True:
            used[j0] = True
            i0 = match[j0]
            free = ~used[1:]
            reduced = cost[i0 - 1] - u[i0] - v[1:]
            better = free & (reduced < minv[1:])
            minv[1:][better] = reduced[better]
            way[1:][better] = j0
            candidates = np.where(free, minv[1:], inf)
            j1 = int(np.argmin(candidates)) + 1
            delta = candidates[j1 - 1]
            u[match[used]] += delta
            v[used] -= delta
            minv[1:][free] -= delta
            j0 = j1
            if match[j0] == 0:
                break
        while j0:
            j1 = way[j0]
            match[j0] = match[j1]
            j0 = j1
    result = np.empty(n, dtype=int)
    for j in range(1, m + 1):
        if match[j]:
            result[match[j] - 1] = j - 1
    return result
