"""Drawings of the network render without warnings, deterministically, and stay readable at fifty plans."""
import io
import itertools
import warnings
from dataclasses import replace
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

from dxcompare import UsageError, load_dataset, network_figures
from dxcompare.graph import build_graph, legal_basis_chain
from dxcompare.schema import ROLES

DATA = Path(__file__).resolve().parent.parent / "data"


def replicate(ds, n_plans: int):
    """The dataset with its plans copied to `n_plans` plans (new ids and numbers), in memory."""
    sources = itertools.islice(itertools.cycle(ds.plans["plan_id"]), n_plans)
    copies = [(pid, f"{pid}-{k}", k) for k, pid in enumerate(sources)]
    plans, facts = [], {t: [] for t in ("citations", "assignments")}
    for pid, new, k in copies:
        row = ds.plans[ds.plans["plan_id"] == pid].assign(plan_id=new)
        plans.append(row.assign(doc_number=row["doc_number"].fillna("KH") + f" #{k}"))
        for t in facts:
            df = getattr(ds, t)
            part = df[df["plan_id"] == pid]
            facts[t].append(part.assign(plan_id=new, fact_id=part["fact_id"].str.replace(pid, new, regex=False)))
    return replace(ds, plans=pd.concat(plans, ignore_index=True),
                   **{t: pd.concat(parts, ignore_index=True) for t, parts in facts.items()})


@pytest.fixture(scope="module")
def ds():
    return load_dataset(DATA)


@pytest.fixture(scope="module")
def G(ds):
    return build_graph(ds)


@pytest.fixture(scope="module")
def G50(ds):
    return build_graph(replicate(ds, 50))


def _render(draw, G, **kw) -> tuple[bytes, object]:
    """PNG bytes of a drawing, with every warning (missing glyph, layout…) an error."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        ax = draw(G, **kw)
        buf = io.BytesIO()
        ax.figure.savefig(buf, format="png")
    return buf.getvalue(), ax


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def _labels(ax):
    return [t for t in ax.texts if t.get_gid() == "node-label"]


def _assert_no_overlap(ax):
    renderer = ax.figure.canvas.get_renderer()
    boxes = [t.get_window_extent(renderer) for t in _labels(ax)]
    for a, b in itertools.combinations(boxes, 2):
        assert not a.overlaps(b)


@pytest.mark.parametrize("draw", [network_figures.legal_network, network_figures.agency_network])
def test_draws_the_shipped_plans_without_warnings_deterministically(G, draw):
    png, ax = _render(draw, G)
    assert png.startswith(b"\x89PNG") and len(png) > 20_000
    assert ax.get_legend() is not None and ax.get_legend().get_texts()
    assert any(t.get_text().startswith("Nguồn / Source:") for t in ax.figure.texts)
    _assert_no_overlap(ax)
    again, _ = _render(draw, G)
    assert again == png


def test_legal_network_labels_every_plan_and_key_document(G):
    _, ax = _render(network_figures.legal_network, G)
    shown = {t.get_text() for t in _labels(ax)}
    plans = [a["label_vi"] for _, a in G.nodes(data=True) if a["kind"] == "plan"]
    assert set(plans) <= shown
    assert {"749/QĐ-TTg", "924/QĐ-TTg", "13-NQ/TU", "50/KH-UBND", "1726/QĐ-BTTTT"} <= shown
    assert "Kế hoạch (xã Tịnh Trà, 2024)" in shown  # Vietnamese label, rendered with its diacritics


def test_legal_layout_puts_national_on_top_and_commune_at_the_bottom(G):
    pos = network_figures.legal_layout(G)
    y = {n: p[1] for n, p in pos.items()}
    assert y["52-NQ/TW"] > y["749/QĐ-TTg"] > y["1726/QĐ-BTTTT"] > y["13-NQ/TU"] > y["long-an-1069-2021"]
    assert y["long-an-1069-2021"] > y["50/KH-UBND"] > y["tinh-tra-quang-ngai-2024"]
    assert set(network_figures.legal_layout(G, plans=["ben-tre-2140-2021"])) == {
        "ben-tre-2140-2021", *legal_basis_chain(G, "ben-tre-2140-2021")["doc_id"]}


def test_agency_network_shows_each_tasked_agency_with_its_roles(G, ds):
    _, ax = _render(network_figures.agency_network, G, plans=["long-an-1069-2021"])
    shown = {t.get_text() for t in _labels(ax)}
    tasked = ds.assignments.query("plan_id == 'long-an-1069-2021'")
    assert set(tasked["agency_name"]) <= shown
    legend = {t.get_text() for t in ax.get_legend().get_texts()}
    assert {f"{vi} ({en})" for vi, en in
            (ROLES[r] for r in tasked["role"].astype(str).unique())} <= legend


@pytest.mark.parametrize("draw", [network_figures.legal_network, network_figures.agency_network])
def test_fifty_plans_stay_readable(G50, draw):
    png, ax = _render(draw, G50)
    labels = _labels(ax)
    _assert_no_overlap(ax)
    assert 10 <= len(labels)
    w, h = ax.figure.get_size_inches()
    assert w <= 30 and h <= 30
    if draw is network_figures.legal_network:  # crowded: only the important nodes keep a label
        texts = {t.get_text() for t in labels}
        assert {"749/QĐ-TTg", "924/QĐ-TTg", "13-NQ/TU"} <= texts
        assert any("nhãn ẩn" in t.get_text() for t in ax.figure.texts)


def test_drawing_into_a_given_axes_and_bad_plans(G):
    fig, ax = plt.subplots(figsize=(8, 5))
    assert network_figures.legal_network(G, ax=ax, plans="tinh-tra-quang-ngai-2024") is ax
    plt.close(fig)
    with pytest.raises(UsageError, match="unknown plan"):
        network_figures.agency_network(G, plans=["nowhere"])


def _segments(patch, samples: int = 48) -> np.ndarray:
    """The patch's outline as drawn, in display coordinates: an (n, 2, 2) array of short segments, curves
    sampled finely, arrow head included."""
    path = patch.get_transform().transform_path(patch.get_path())
    parts = []
    for bezier, _ in path.iter_bezier():
        if bezier.degree >= 1:
            points = bezier(np.linspace(0.0, 1.0, 2 if bezier.degree == 1 else samples))
            parts.append(np.stack([points[:-1], points[1:]], axis=1))
    return np.concatenate(parts)


def _meets(segments: np.ndarray, box) -> np.ndarray:
    """Which segments meet the box (Liang–Barsky clipping, all segments at once)."""
    start, delta = segments[:, 0], segments[:, 1] - segments[:, 0]
    lo, hi = np.zeros(len(segments)), np.ones(len(segments))
    ok = np.ones(len(segments), dtype=bool)
    for p, q in ((-delta[:, 0], start[:, 0] - box.x0), (delta[:, 0], box.x1 - start[:, 0]),
                 (-delta[:, 1], start[:, 1] - box.y0), (delta[:, 1], box.y1 - start[:, 1])):
        ok &= ~((p == 0) & (q < 0))  # parallel to this side and outside it
        ratio = np.divide(q, p, out=np.zeros_like(q), where=p != 0)
        lo = np.where(p < 0, np.maximum(lo, ratio), lo)
        hi = np.where(p > 0, np.minimum(hi, ratio), hi)
    return ok & (lo <= hi)


def _crossings(drawing) -> list[tuple]:
    """(edge, label's node) for every drawn edge — line, curve or arrow head — that meets a label's box."""
    fig = drawing.ax.figure
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    edges = list(drawing.edges)
    pieces = [_segments(drawing.edges[e]) for e in edges]
    owner = np.repeat(np.arange(len(edges)), [len(p) for p in pieces])
    segments = np.concatenate(pieces)
    found = []
    for n, text in drawing.labels.items():
        hit = _meets(segments, text.get_window_extent(renderer))
        found += [(edges[i], n) for i in sorted(set(owner[hit].tolist()))]
    return found


@pytest.fixture(scope="module", params=["shipped", 6, 20, 50])
def corpus_graph(request, synth_corpus):
    from dxcompare import graph
    return graph.build_graph(load_dataset(DATA if request.param == "shipped" else synth_corpus(request.param)))


def test_no_edge_crosses_any_label(corpus_graph):
    """Not even the labels of the edge's own ends; checked at the drawing's resolution and at 300 dpi."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        drawing = network_figures.legal_drawing(corpus_graph)
    plans = [n for n, k in corpus_graph.nodes(data="kind") if k == "plan"]
    assert drawing.labels and len(drawing.edges) >= len(plans)
    assert all(t.get_gid() == "node-label" for t in drawing.labels.values())
    assert _crossings(drawing) == []
    drawing.ax.figure.set_dpi(300)
    assert _crossings(drawing) == []
    if len(plans) <= 12:  # few plans: every plan keeps its label
        assert set(plans) <= set(drawing.labels)


def test_the_crossing_check_sees_a_label_put_on_an_edge(G):
    drawing = network_figures.legal_drawing(G)
    (u, v), patch = next(iter(drawing.edges.items()))
    node, text = next((n, t) for n, t in drawing.labels.items() if n not in (u, v))
    drawing.ax.figure.canvas.draw()
    start = patch.get_path().vertices[0]  # where the edge leaves its source
    text.xy, text.xyann = tuple(start), (0, 0)
    text.set_horizontalalignment("center")
    assert ((u, v), node) in _crossings(drawing)
