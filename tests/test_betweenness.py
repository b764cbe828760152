"""`graph._betweenness` (the fast local Brandes behind the document centrality) equals networkx exactly.

It was written to make centrality usable at thousands of plans (issue 6); any drift from
networkx's floats would silently change a published ranking.
"""
from __future__ import annotations

import networkx as nx
import pytest

from dxcompare import graph, load_dataset


@pytest.fixture(scope="module")
def datasets(synth_corpus) -> dict:
    out = synth_corpus(200, seed=0)
    return {"shipped": load_dataset(), "synth": load_dataset(out)}


@pytest.mark.parametrize("name", ["shipped", "synth"])
def test_betweenness_equals_networkx_to_the_last_bit(datasets, name):
    G = graph.build_graph(datasets[name])
    legal = nx.DiGraph((u, v) for u, v, a in G.edges(data=True) if a["kind"] in ("cites", "implements"))
    legal.add_nodes_from(n for n, k in G.nodes(data="kind") if k != "agency")
    tasks = nx.Graph((u, v) for u, v, a in G.edges(data=True) if a["kind"] == "assigns")
    for H in (legal, tasks, nx.path_graph(3), nx.DiGraph([(1, 2), (2, 3), (3, 1)]), nx.Graph()):
        assert list(graph._betweenness(H).items()) == list(nx.betweenness_centrality(H, normalized=True).items())
