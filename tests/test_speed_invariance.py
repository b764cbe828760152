"""The speed-ups of `build_graph` and the comparisons changed no output: fingerprints pin them.

`build_graph`, `target_matrix`, `select_targets`, `budgets`, `plan_labels`,
`legal_basis_chain` and the centralities were rewritten to reach 10,000 plans
in seconds (issue 6). Their outputs on the shipped data and on a 200-plan
synthetic corpus (seed 0) are fingerprinted here, the expected values having
been computed with the code before the rewrite (commit fc5c90b) on the same
inputs: every node and edge with its attributes (as a sorted set, and in
insertion order, which GraphML exports keep), each table's CSV text and dtypes.

The fingerprints depend on the inputs too: the synthetic corpus draws its ids
from `data/reference/`. After a deliberate change of the data or registries,
print the new values with `python tests/test_speed_invariance.py`, run from a
checkout whose graph and comparison code is trusted (not the code under test).
"""
from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pandas as pd
import pytest

from dxcompare import compare, graph, load_dataset

ROOT = Path(__file__).resolve().parent.parent
SYNTH_PLANS, SYNTH_SEED = 200, 0

EXPECTED = {  # computed with the graph.py and compare.py of commit fc5c90b
    "shipped": {
        "agency_centrality": "a310c8502970290bf6ab",
        "agency_roles": "0bc1da6606a89b4ce73f",
        "alignment_matrix": "80d8f290975aa6bb4d56",
        "ambition_gap": "aa2dc8632aae26871b77",
        "budgets": "60bcf8f3c8af611f5d23",
        "budgets_vnd_some_plans": "1c1cad7d36889f71077a",
        "document_centrality": "8947a190cd4920e3d43f",
        "graph_content": "dce44736a1cf9ed4dadf",
        "graph_order": "e5a46bc0f0041e05beec",
        "legal_basis_chain:ba-ria-vung-tau-2704-2023": "d72036d9f12567596742",
        "legal_basis_chain:ben-tre-2140-2021": "50a7dc306a94d43a82f0",
        "legal_basis_chain:long-an-1069-2021": "26daf383abe26d3118d2",
        "legal_basis_chain:thua-thien-hue-132-2024": "afacda110361f0502f46",
        "legal_basis_chain:tinh-tra-quang-ngai-2024": "38025687d8178ae2ac32",
        "legal_basis_chain_formal:ba-ria-vung-tau-2704-2023": "d72036d9f12567596742",
        "legal_basis_chain_formal:ben-tre-2140-2021": "e35f0a192c4d7799ed94",
        "legal_basis_chain_formal:long-an-1069-2021": "8be4edf3ced05ef29ac8",
        "legal_basis_chain_formal:thua-thien-hue-132-2024": "c8fc698664445fe9c7af",
        "legal_basis_chain_formal:tinh-tra-quang-ngai-2024": "f2c906db9c20290b529c",
        "most_cited": "d0d4c9b7941c1c84a72a",
        "plan_labels": "7ac582e3c6fba8a4122b",
        "select_targets": "075ec12ded5856c9be4a",
        "select_targets_filtered": "6a0d6c629d76c263f6f5",
        "target_coverage": "9a706625e748c74d1dd4",
        "target_matrix": "06223598ead74b10af7f",
        "target_matrix_filtered": "a86fb8c73ec3cabf31c6",
        "target_matrix_nothing": "eda13dffb413083ed015",
        "target_matrix_some_plans": "1a464bbcdff8a2fb3adf",
    },
    "synth": {
        "agency_centrality": "57baa8b539c8ca17e2c0",
        "agency_roles": "087e86c52be8c0ca0ba6",
        "alignment_matrix": "f4c05369b159696574b2",
        "ambition_gap": "c2d95d07ea852b4dc1b5",
        "budgets": "c57b0d2fd779145ace81",
        "budgets_vnd_some_plans": "6b993ed75bcd6346aae2",
        "document_centrality": "041bcef762df8dcaaa56",
        "graph_content": "e9ee35d9d8355b761a49",
        "graph_order": "b184332b6b8941fa7565",
        "legal_basis_chain:an-giang-100-2021": "ab4f34fa46a49908ed6b",
        "legal_basis_chain:ben-tre-144-2021": "9a74e2228f94ce85c075",
        "legal_basis_chain:cao-bang-262-2023": "2f5ba1fa2e47fc3097c4",
        "legal_basis_chain:gia-lai-109-2023": "9cc9f45d0b602bdd662c",
        "legal_basis_chain:hung-yen-118-2020": "bedb0bfdf8fceec22e98",
        "legal_basis_chain:nam-dinh-222-2021": "39666606421b47a1320b",
        "legal_basis_chain:quang-nam-233-2025": "d7916bc244d193d8a959",
        "legal_basis_chain:thanh-pho-ho-chi-minh-155-2023": "d7c965d6cff09b510224",
        "legal_basis_chain_formal:an-giang-100-2021": "e0585fbe0f1c792df775",
        "legal_basis_chain_formal:ben-tre-144-2021": "3604aa1625e8d5d10e3b",
        "legal_basis_chain_formal:cao-bang-262-2023": "0b1c5d2f43b3afdad45c",
        "legal_basis_chain_formal:gia-lai-109-2023": "9cc9f45d0b602bdd662c",
        "legal_basis_chain_formal:hung-yen-118-2020": "331d20cc7afe7f497d69",
        "legal_basis_chain_formal:nam-dinh-222-2021": "464c1b2e3fb94f288e41",
        "legal_basis_chain_formal:quang-nam-233-2025": "d7916bc244d193d8a959",
        "legal_basis_chain_formal:thanh-pho-ho-chi-minh-155-2023": "d2f5b08244488f274dfb",
        "most_cited": "62a0943ab62c8ee65238",
        "plan_labels": "91b8c23ada12a43df19e",
        "select_targets": "d6af2cc182d46c18ed56",
        "select_targets_filtered": "2d3e40e61ee388a63b33",
        "target_coverage": "1c0341b2a2ea49bc4d84",
        "target_matrix": "d0927c523c1bf70c281b",
        "target_matrix_filtered": "3f5d7708b6b617d07139",
        "target_matrix_nothing": "a654d98fdc068017391d",
        "target_matrix_some_plans": "10fce0281c40c9e0fc9f",
    },
}


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:20]


def graph_fingerprints(G: nx.MultiDiGraph) -> dict[str, str]:
    """Hashes of the graph's content (sorted) and of its order; `repr` keeps value types (1 is not 1.0 or '1')."""
    nodes = [(n, list(a.items())) for n, a in G.nodes(data=True)]
    edges = [(u, v, k, list(a.items())) for u, v, k, a in G.edges(keys=True, data=True)]
    content = (sorted(repr((n, sorted(a))) for n, a in nodes),
               sorted(repr((u, v, k, sorted(a))) for u, v, k, a in edges), sorted(G.graph.items()))
    return {"graph_content": _sha(repr(content)), "graph_order": _sha(repr((nodes, edges, list(G.graph.items()))))}


def table_fingerprint(df: pd.DataFrame) -> str:
    """Hash of the CSV text, the column dtypes and the index and column names and dtypes."""
    meta = ([str(t) for t in df.dtypes], df.index.name, df.columns.name, str(df.index.dtype), str(df.columns.dtype),
            df.shape)
    return _sha(df.to_csv() + repr(meta))


def fingerprints(ds, graph_module=graph, compare_module=compare) -> dict[str, str]:
    """Every pinned output of `ds`; the modules are parameters so the same code can fingerprint an older version."""
    g, c = graph_module, compare_module
    G = g.build_graph(ds)
    plans = sorted(ds.plans["plan_id"])
    some = plans[::max(1, len(plans) // 8)]
    tables = {
        "target_matrix": c.target_matrix(ds),
        "target_matrix_filtered": c.target_matrix(ds, pillar="digital_government", year=2025),
        "target_matrix_some_plans": c.target_matrix(ds, plans=some[:3], scope="population"),
        "target_matrix_nothing": c.target_matrix(ds, year=1999),
        "select_targets": c.select_targets(ds),
        "select_targets_filtered": c.select_targets(ds, pillar="skills", plans=some[:4]),
        "target_coverage": c.target_coverage(ds),
        "ambition_gap": c.ambition_gap(ds),
        "budgets": c.budgets(ds),
        "budgets_vnd_some_plans": c.budgets(ds, "VND", plans=some[:3]),
        "plan_labels": c.plan_labels(ds).to_frame(),
        "document_centrality": g.document_centrality(G),
        "agency_centrality": g.agency_centrality(G),
        "most_cited": g.most_cited(G, None),
        "alignment_matrix": g.alignment_matrix(G),
        "agency_roles": g.agency_roles(G),
    }
    for p in some:
        tables[f"legal_basis_chain:{p}"] = g.legal_basis_chain(G, p)
        tables[f"legal_basis_chain_formal:{p}"] = g.legal_basis_chain(G, p, ("can_cu", "thuc_hien"))
    return {**graph_fingerprints(G), **{name: table_fingerprint(df) for name, df in tables.items()}}


def synth_corpus(out: Path) -> Path:
    subprocess.run([sys.executable, str(ROOT / "benchmarks" / "synth.py"), "--plans", str(SYNTH_PLANS),
                    "--out", str(out), "--seed", str(SYNTH_SEED)], check=True, capture_output=True)
    return out


@pytest.fixture(scope="module")
def datasets(tmp_path_factory) -> dict:
    return {"shipped": load_dataset(), "synth": load_dataset(synth_corpus(tmp_path_factory.mktemp("synth") / "data"))}


@pytest.mark.parametrize("name", list(EXPECTED))
def test_outputs_match_the_fingerprints_taken_before_the_speed_up(datasets, name):
    found = fingerprints(datasets[name])
    assert set(found) == set(EXPECTED[name])
    differing = sorted(k for k in found if found[k] != EXPECTED[name][k])
    assert not differing, f"{name}: changed outputs {differing} (see the module docstring if the data changed)"


@pytest.mark.parametrize("name", list(EXPECTED))
def test_betweenness_equals_networkx_to_the_last_bit(datasets, name):
    """The local Brandes must give networkx's floats exactly, on both graphs the centralities use."""
    G = graph.build_graph(datasets[name])
    legal = nx.DiGraph((u, v) for u, v, a in G.edges(data=True) if a["kind"] in ("cites", "implements"))
    legal.add_nodes_from(n for n, k in G.nodes(data="kind") if k != "agency")
    tasks = nx.Graph((u, v) for u, v, a in G.edges(data=True) if a["kind"] == "assigns")
    for H in (legal, tasks, nx.path_graph(3), nx.DiGraph([(1, 2), (2, 3), (3, 1)]), nx.Graph()):
        assert list(graph._betweenness(H).items()) == list(nx.betweenness_centrality(H, normalized=True).items())


if __name__ == "__main__":  # print the fingerprints of this checkout, to pin after a deliberate data change
    import json
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        found = {"shipped": fingerprints(load_dataset()),
                 "synth": fingerprints(load_dataset(synth_corpus(Path(tmp) / "data")))}
    print(json.dumps(found, indent=4, sort_keys=True))
