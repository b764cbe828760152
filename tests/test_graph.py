"""The legal-basis / agency network: structure on a small synthetic folder, acceptance facts on the shipped data."""
import hashlib
import json
from pathlib import Path

import networkx as nx
import pandas as pd
import pytest
import yaml

from dxcompare import DataError, UsageError, load_dataset
from dxcompare.cli import main
from dxcompare.graph import (agency_centrality, agency_roles, alignment_matrix, build_graph, chain_depths,
                             document_centrality, flatten, legal_basis_chain, most_cited, select, shared_bases)

DATA = Path(__file__).resolve().parent.parent / "data"

# --- a small synthetic data folder, read by the real loader -------------------------

PROVINCES = [
    ("80", "Long An", "Long An", "Mekong", "72", "Tây Ninh"),
    ("72", "Tây Ninh", "Tay Ninh", "Southeast", "72", "Tây Ninh"),
    ("51", "Quảng Ngãi", "Quang Ngai", "Central", "51", "Quảng Ngãi"),
    ("83", "Bến Tre", "Ben Tre", "Mekong", "86", "Vĩnh Long"),
    ("86", "Vĩnh Long", "Vinh Long", "Mekong", "86", "Vĩnh Long"),
]
DOCS = [  # doc_id, doc_type, issuer, issuer_level, date, implements
    ("749/QĐ-TTg", "Quyết định", "Thủ tướng Chính phủ", "government", "2020-06-03", ""),
    ("1726/QĐ-BTTTT", "Quyết định", "Bộ Thông tin và Truyền thông", "ministry", "2020-10-12", "749/QĐ-TTg"),
    ("13-NQ/TU", "Nghị quyết", "Tỉnh ủy Quảng Ngãi", "province_party", "2023-09-06", "749/QĐ-TTg"),
    ("50/KH-UBND (Sơn Tịnh)", "Kế hoạch", "UBND huyện Sơn Tịnh", "district", "2024-03-11", "13-NQ/TU"),
    ("100/KH-UBND", "Kế hoạch", "UBND tỉnh Long An", "province", "2021-04-05", "749/QĐ-TTg"),
    ("7/QĐ-UBND", "Quyết định", "UBND tỉnh Bến Tre", "province", "", ""),
    ("8/KH-UBND", "Kế hoạch", "UBND tỉnh Bến Tre", "province", "2021-05-01", ""),  # validate: every numbered plan
    ("9/CT-TTg", "Chỉ thị", "Thủ tướng Chính phủ", "government", "2019-01-01", ""),
]
AGENCIES = [("so_tttt", "Sở Thông tin và Truyền thông", "Department of Information and Communications", "province"),
            ("ubnd_huyen", "Ủy ban nhân dân cấp huyện", "District People's Committee", "district"),
            ("ubnd_xa", "Ủy ban nhân dân xã", "Commune People's Committee", "commune")]


def _plan(plan_id, doc_number, level, province, locality, issued, cites, assigns):
    return {"plan_id": plan_id, "doc_number": doc_number, "doc_type": "Kế hoạch", "title": f"Kế hoạch {plan_id}",
            "title_en": f"Plan {plan_id}", "issuer": f"UBND {locality or 'tỉnh ' + province}", "admin_level": level,
            "province": province, "locality": locality, "issued": issued, "signer": None,
            "period_start": int(issued[:4]), "period_end": 2025, "horizon": 2030, "completeness": "full",
            "source_file": f"{plan_id}.txt",
            "citations": [{"doc_id": d, "relation": r, "quote": f"trích dẫn {d} ({r})"} for d, r in cites],
            "assignments": [{"agency_id": a, "name_in_source": None, "role": r, "task": f"nhiệm vụ {i}",
                             "deadline": None, "quote": f"giao {a} {r} {i}"} for i, (a, r) in enumerate(assigns)]}


PLANS = [
    _plan("long-an-100-2021", "100/KH-UBND", "province", "Long An", None, "2021-04-05",
          [("749/QĐ-TTg", "can_cu"), ("1726/QĐ-BTTTT", "reference")],
          [("so_tttt", "lead"), ("so_tttt", "lead"), ("so_tttt", "report"), ("ubnd_huyen", "implement")]),
    _plan("ben-tre-7-2021", "8/KH-UBND", "province", "Bến Tre", None, "2021-05-01",
          [("7/QĐ-UBND", "can_cu"), ("100/KH-UBND", "reference"), ("1726/QĐ-BTTTT", "reference")],
          [("so_tttt", "coordinate")]),
    _plan("son-tinh-50-2024", "50/KH-UBND", "district", "Quảng Ngãi", "huyện Sơn Tịnh", "2024-03-11",
          [("13-NQ/TU", "thuc_hien")], [("ubnd_xa", "implement")]),
    _plan("tinh-tra-2024", None, "commune", "Quảng Ngãi", "xã Tịnh Trà, huyện Sơn Tịnh", "2024-04-26",
          [("13-NQ/TU", "thuc_hien"), ("50/KH-UBND (Sơn Tịnh)", "thuc_hien"), ("9/CT-TTg", "reference"),
           ("9/CT-TTg", "can_cu")],
          [("ubnd_xa", "lead"), ("ubnd_xa", "advise")]),
]


def _csv(path: Path, header: str, rows) -> None:
    rows = sorted(rows, key=lambda r: r[0])  # validate: registries sorted by id
    lines = [header] + [",".join(f'"{c}"' if "," in c else c for c in row) for row in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def write_mini_data(root: Path) -> Path:
    """A valid data folder with four plans exercising every kind of node and edge."""
    for sub in ("raw", "plans", "reference"):
        (root / sub).mkdir(parents=True)
    manifest = []
    for plan in PLANS:
        quotes = [c["quote"] for c in plan["citations"]] + [a["quote"] for a in plan["assignments"]]
        raw = root / "raw" / plan["source_file"]
        raw.write_text("\n".join(["KẾ HOẠCH", *quotes]) + "\n", encoding="utf-8")
        manifest.append({"file": raw.name, "plan_id": plan["plan_id"], "kind": "official_text",
                         "completeness": "full", "origin": "synthetic", "retrieved_note": "test",
                         "sha256": hashlib.sha256(raw.read_bytes()).hexdigest()})
        (root / "plans" / f"{plan['plan_id']}.yaml").write_text(yaml.safe_dump(plan, allow_unicode=True),
                                                                encoding="utf-8")
    (root / "raw" / "sources.yaml").write_text(yaml.safe_dump(manifest, allow_unicode=True), encoding="utf-8")
    ref = root / "reference"
    _csv(ref / "provinces.csv", "code,name_vi,name_en,region,successor_code,successor_name_vi,source",
         [(*p, "test") for p in PROVINCES])
    _csv(ref / "legal_documents.csv", "doc_id,doc_type,issuer,issuer_level,date,title_vi,title_en,implements,source",
         [(d, t, i, lvl, date, f"Văn bản {d}", f"Document {d}", impl, "test") for d, t, i, lvl, date, impl in DOCS])
    _csv(ref / "agencies.csv", "agency_id,name_vi,name_en,aliases,kind,level,successor,successor_note,source",
         [(a, vi, en, "", "body", lvl, "", "", "Nghị định 45/2025/NĐ-CP (test)") for a, vi, en, lvl in AGENCIES])
    _csv(ref / "indicators.csv", "indicator_code,pillar,name_vi,name_en,unit,scope,source", [])
    return root


@pytest.fixture(scope="module")
def mini(tmp_path_factory):
    return load_dataset(write_mini_data(tmp_path_factory.mktemp("mini") / "data"))


@pytest.fixture(scope="module")
def mg(mini):
    return build_graph(mini)


def _legal_types(G):
    items = [*G.graph.values()]
    items += [v for _, a in G.nodes(data=True) for v in a.values()]
    items += [v for *_, a in G.edges(keys=True, data=True) for v in a.values()]
    return all(type(v) in (str, int, float, bool) for v in items)


def test_nodes_are_plans_every_registry_document_and_agencies(mini, mg):
    kinds = dict(mg.nodes(data="kind"))
    assert {n for n, k in kinds.items() if k == "plan"} == set(mini.plans["plan_id"])
    assert {n for n, k in kinds.items() if k == "agency"} == set(mini.agencies["agency_id"])
    # Three registry entries are plans of the folder: they are plan nodes, not document nodes.
    docs = {n for n, k in kinds.items() if k == "legal_document"}
    assert docs == set(mini.legal_documents["doc_id"]) - {"100/KH-UBND", "50/KH-UBND (Sơn Tịnh)", "8/KH-UBND"}
    assert mg.nodes["long-an-100-2021"]["in_registry"] and mg.nodes["long-an-100-2021"]["doc_id"] == "100/KH-UBND"
    assert mg.nodes["son-tinh-50-2024"]["doc_id"] == "50/KH-UBND (Sơn Tịnh)"
    assert mg.nodes["ben-tre-7-2021"]["in_registry"] and mg.nodes["ben-tre-7-2021"]["doc_id"] == "8/KH-UBND"
    assert "7/QĐ-UBND" in docs  # only cited, still a node
    assert _legal_types(mg)


def test_a_plan_in_the_registry_keeps_the_registry_edges(mg):
    assert mg.has_edge("long-an-100-2021", "749/QĐ-TTg", key="implements")
    assert mg.has_edge("ben-tre-7-2021", "long-an-100-2021", key="cites:reference")
    assert mg.has_edge("tinh-tra-2024", "son-tinh-50-2024", key="cites:thuc_hien")
    assert mg.has_edge("son-tinh-50-2024", "13-NQ/TU", key="implements")


def test_a_number_reused_elsewhere_is_not_merged_and_ambiguity_is_an_error(mini):
    from dataclasses import replace
    plans = mini.plans.copy()
    bt = plans["plan_id"] == "ben-tre-7-2021"  # same number and date as Long An's plan, other province
    plans.loc[bt, "doc_number"] = "100/KH-UBND"
    plans.loc[bt, "issued"] = pd.Timestamp("2021-04-05")
    G = build_graph(replace(mini, plans=plans))
    assert G.nodes["ben-tre-7-2021"]["in_registry"] is False
    assert G.nodes["long-an-100-2021"]["doc_id"] == "100/KH-UBND"
    plans.loc[bt, "province"] = "Long An"
    with pytest.raises(DataError, match="matches two plans"):
        build_graph(replace(mini, plans=plans))


def test_node_attributes(mg):
    tt = mg.nodes["tinh-tra-2024"]
    assert tt["level"] == "commune" and tt["date"] == "2024-04-26" and tt["kind"] == "plan"
    assert tt["label_vi"] == "Kế hoạch (xã Tịnh Trà, 2024)" and tt["label_en"] == "Plan (Tịnh Trà commune, 2024)"
    assert "doc_number" not in tt  # unknown values are absent, never None
    la = mg.nodes["long-an-100-2021"]
    assert la["province_2025"] == "Tây Ninh" and la["label_vi"] == "100/KH-UBND (Long An)"
    assert mg.nodes["749/QĐ-TTg"]["level"] == "government" and mg.nodes["749/QĐ-TTg"]["national"] is True
    assert "province" not in mg.nodes["749/QĐ-TTg"]
    assert mg.nodes["13-NQ/TU"]["province"] == "Quảng Ngãi"  # named by its issuer
    assert "date" not in mg.nodes["7/QĐ-UBND"] and mg.nodes["7/QĐ-UBND"]["province_2025"] == "Vĩnh Long"
    assert mg.nodes["so_tttt"]["label_en"] == "Department of Information and Communications"


def test_edges_carry_relation_quote_role_task(mg):
    e = mg.edges["tinh-tra-2024", "9/CT-TTg", "cites:can_cu"]
    assert e["kind"] == "cites" and e["relation"] == "can_cu" and e["quote"] == "trích dẫn 9/CT-TTg (can_cu)"
    assigns = [a for _, v, a in mg.out_edges("long-an-100-2021", data=True) if a["kind"] == "assigns"]
    assert sorted((a["role"], a["task"]) for a in assigns) == [
        ("implement", "nhiệm vụ 3"), ("lead", "nhiệm vụ 0"), ("lead", "nhiệm vụ 1"), ("report", "nhiệm vụ 2")]


def test_build_is_deterministic_and_independent_of_row_order(mini, mg):
    from dataclasses import replace
    shuffled = replace(mini, **{t: getattr(mini, t).iloc[::-1] for t in ("plans", "citations", "assignments",
                                                                          "legal_documents", "agencies")})
    again = build_graph(shuffled)
    assert list(again.nodes(data=True)) == list(mg.nodes(data=True))
    assert list(again.edges(keys=True, data=True)) == list(mg.edges(keys=True, data=True))


def test_chain_reaches_through_a_plan_in_the_registry(mg):
    chain = legal_basis_chain(mg, "tinh-tra-2024").set_index("doc_id")
    assert chain.loc["son-tinh-50-2024", "depth"] == 1
    assert chain.loc["13-NQ/TU", "depth"] == 1 and chain.loc["13-NQ/TU", "longest"] == 2
    assert chain.loc["13-NQ/TU", "via"] == "son-tinh-50-2024; tinh-tra-2024"
    assert chain.loc["749/QĐ-TTg", "depth"] == 2 and chain.loc["749/QĐ-TTg", "longest"] == 3
    assert pd.isna(chain.loc["749/QĐ-TTg", "relation"])
    assert chain.loc["9/CT-TTg", "relation"] == "can_cu; reference"
    assert chain_depths(mg, "tinh-tra-2024") == chain["depth"].to_dict()
    formal = legal_basis_chain(mg, "tinh-tra-2024", relations=("can_cu", "thuc_hien")).set_index("doc_id")
    assert formal.loc["9/CT-TTg", "relation"] == "can_cu"
    assert set(legal_basis_chain(mg, "long-an-100-2021", relations="can_cu")["doc_id"]) == {"749/QĐ-TTg"}
    with pytest.raises(UsageError, match="unknown plan"):
        legal_basis_chain(mg, "nowhere")
    with pytest.raises(UsageError, match="unknown relation"):
        legal_basis_chain(mg, "tinh-tra-2024", relations=["cites"])


def test_most_cited_and_shared_bases(mg):
    top = most_cited(mg, 2)
    assert list(top["doc_id"]) == ["1726/QĐ-BTTTT", "13-NQ/TU"]  # two plans each; the higher level first
    assert top.iloc[0]["reference"] == 2 and top.iloc[1]["thuc_hien"] == 2
    assert len(most_cited(mg, None)) == 7
    shared = shared_bases(mg, ["long-an-100-2021", "ben-tre-7-2021", "tinh-tra-2024"]).set_index("doc_id")
    assert list(shared.index) == ["1726/QĐ-BTTTT"]
    assert shared.loc["1726/QĐ-BTTTT", "long-an-100-2021"] == "reference"
    assert pd.isna(shared.loc["1726/QĐ-BTTTT", "tinh-tra-2024"])
    assert shared_bases(mg, ["long-an-100-2021", "ben-tre-7-2021"], relations=["can_cu"]).empty


def test_alignment_matrix_marks_direct_and_indirect(mg):
    m = alignment_matrix(mg)
    assert list(m.columns) == ["9/CT-TTg", "749/QĐ-TTg", "1726/QĐ-BTTTT"]  # level, then date
    assert m.loc["long-an-100-2021", "749/QĐ-TTg"] == "can_cu; implements"  # cited, and implemented per registry
    assert m.loc["ben-tre-7-2021", "749/QĐ-TTg"] == "indirect"  # via Long An's plan and 1726
    assert m.loc["tinh-tra-2024", "749/QĐ-TTg"] == "indirect"
    assert pd.isna(m.loc["son-tinh-50-2024", "1726/QĐ-BTTTT"])


def test_agency_roles_and_centrality(mini, mg):
    roles = agency_roles(mg)
    expected = mini.assignments.groupby(["agency_id", "plan_id", "role"], observed=True).size()
    got = roles.set_index(["agency_id", "plan_id", "role"])["n_tasks"]
    assert got.sort_index().to_dict() == expected.sort_index().to_dict()
    ac = agency_centrality(mg).set_index("agency_id")
    assert ac.loc["so_tttt", "n_plans"] == 2 and ac.loc["so_tttt", "n_lead"] == 2
    assert ac.loc["ubnd_xa", "plan_share"] == 0.5
    dc = document_centrality(mg).set_index("doc_id")
    assert dc.index[0] == "749/QĐ-TTg" and dc.loc["749/QĐ-TTg", "n_reaching_plans"] == 4
    assert dc.loc["13-NQ/TU", "betweenness"] > 0  # the resolution brokers the local plans → 749


def test_select_and_flatten(mg):
    legal = select(mg, "legal")
    assert {k for _, k in legal.nodes(data="kind")} == {"plan", "legal_document"}
    assert {a["kind"] for *_, a in legal.edges(data=True)} == {"cites", "implements"}
    agencies = select(mg, "agencies")
    assert {a["kind"] for *_, a in agencies.edges(data=True)} == {"assigns"}
    with pytest.raises(UsageError):
        select(mg, "people")
    H = mg.copy()
    H.nodes["so_tttt"].update(tags=["a", "b"], missing=None, when=pd.Timestamp("2024-01-02"))
    F = flatten(H)
    assert F.nodes["so_tttt"]["tags"] == "a; b" and "missing" not in F.nodes["so_tttt"]
    assert F.nodes["so_tttt"]["when"] == "2024-01-02" and _legal_types(F)


# --- export command -----------------------------------------------------------------

def _same(G, H):
    assert list(G.nodes(data=True)) == list(H.nodes(data=True))
    assert sorted(G.edges(keys=True, data=True)) == sorted(H.edges(keys=True, data=True))


@pytest.fixture(scope="module")
def mini_dir(mini):
    return mini.data_dir


@pytest.mark.parametrize("kind", ["legal", "agencies", "all"])
def test_graphml_and_json_round_trip(mini, mini_dir, tmp_path, kind):
    expected = select(build_graph(mini), kind)
    assert main(["graph", "--data", str(mini_dir), "--format", "graphml", "--out", str(tmp_path / "g.graphml"),
                 "--kind", kind]) == 0
    _same(expected, nx.read_graphml(tmp_path / "g.graphml", force_multigraph=True))
    assert main(["graph", "--data", str(mini_dir), "--format", "json", "--out", str(tmp_path / "g.json"),
                 "--kind", kind]) == 0
    data = json.loads((tmp_path / "g.json").read_text(encoding="utf-8"))
    _same(expected, nx.node_link_graph(data, edges="edges"))


def test_gexf_is_written_for_gephi_and_is_reproducible(mini_dir, tmp_path):
    out = tmp_path / "g.gexf"
    assert main(["graph", "--data", str(mini_dir), "--format", "gexf", "--out", str(out)]) == 0
    first = out.read_bytes()
    assert b"lastmodifieddate" not in first  # no run date: same data, same bytes
    H = nx.read_gexf(out)
    assert H.nodes["tinh-tra-2024"]["label"] == "Kế hoạch (xã Tịnh Trà, 2024)"
    assert H.nodes["tinh-tra-2024"]["label_en"] == "Plan (Tịnh Trà commune, 2024)"
    assert main(["graph", "--data", str(mini_dir), "--out", str(out), "--force"]) == 0  # format from the suffix
    assert out.read_bytes() == first


def test_bad_format_or_path_exits_1_with_one_line_and_writes_nothing(mini_dir, tmp_path, capsys):
    out = tmp_path / "g.dot"
    assert main(["graph", "--data", str(mini_dir), "--format", "dot", "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "unknown format 'dot'" in err and not out.exists()
    assert main(["graph", "--data", str(mini_dir), "--format", "json", "--kind", "people", "--out", str(out)]) == 1
    assert "unknown graph kind 'people'" in capsys.readouterr().err
    blocker = tmp_path / "file.txt"
    blocker.write_text("x")
    assert main(["graph", "--data", str(mini_dir), "--format", "json", "--out", str(blocker / "g.json")]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "cannot write" in err
    folder = tmp_path / "folder.json"
    folder.mkdir()
    assert main(["graph", "--data", str(mini_dir), "--format", "json", "--out", str(folder)]) == 1
    assert capsys.readouterr().err.count("\n") == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file.txt", "folder.json"]  # no temporary left behind
    assert list(folder.iterdir()) == []


# --- acceptance on the shipped data ----------------------------------------------------

@pytest.fixture(scope="module")
def ds():
    return load_dataset(DATA)


@pytest.fixture(scope="module")
def G(ds):
    return build_graph(ds)


def test_shipped_graph_has_every_plan_document_and_agency(ds, G):
    assert set(ds.plans["plan_id"]) <= set(G)
    assert set(ds.agencies["agency_id"]) <= set(G)
    for doc_id in ds.legal_documents["doc_id"]:  # a document is its own node or the plan node it is
        assert doc_id in G or any(a.get("doc_id") == doc_id for _, a in G.nodes(data=True))
    assert _legal_types(G)


def test_tinh_tra_chain_reaches_13_nq_tu_through_50_kh_ubnd(G):
    chain = legal_basis_chain(G, "tinh-tra-quang-ngai-2024")
    district = chain[chain["label_vi"].str.startswith("50/KH-UBND")]
    assert len(district) == 1 and district["level"].iloc[0] == "district"
    row = chain.set_index("doc_id").loc["13-NQ/TU"]
    assert district["doc_id"].iloc[0] in row["via"].split("; ")
    assert row["longest"] >= 2 and row["level"] == "province_party"


def test_ben_tre_chain_contains_749(G):
    chain = legal_basis_chain(G, "ben-tre-2140-2021").set_index("doc_id")
    assert chain.loc["749/QĐ-TTg", "national"] and chain.loc["749/QĐ-TTg", "level"] == "government"


@pytest.mark.parametrize("doc_id, plans", [
    ("924/QĐ-TTg", {"thua-thien-hue-132-2024", "tinh-tra-quang-ngai-2024"}),
    ("1726/QĐ-BTTTT", {"ben-tre-2140-2021", "long-an-1069-2021"}),
])
def test_shared_bases(G, doc_id, plans):
    shared = shared_bases(G).set_index("doc_id")
    assert plans <= set(shared.loc[doc_id, "plans"].split("; "))
    assert shared_bases(G, sorted(plans))["doc_id"].tolist().count(doc_id) == 1


def test_every_assigned_agency_appears_with_its_role(ds, G):
    roles = agency_roles(G)
    got = set(zip(roles["agency_id"], roles["plan_id"], roles["role"]))
    assert got == set(zip(ds.assignments["agency_id"], ds.assignments["plan_id"], ds.assignments["role"]))
    assert roles["n_tasks"].sum() == len(ds.assignments)


@pytest.mark.parametrize("plan_id", ["long-an-1069-2021", "ba-ria-vung-tau-2704-2023"])
def test_department_of_information_leads(G, plan_id):
    roles = agency_roles(G)
    lead = roles[(roles["agency_id"] == "so_tttt") & (roles["plan_id"] == plan_id) & (roles["role"] == "lead")]
    assert len(lead) == 1 and lead["n_tasks"].iloc[0] >= 1
    assert lead["label_vi"].iloc[0] == "Sở Thông tin và Truyền thông"


def test_shipped_export_round_trips(ds, tmp_path):
    G = build_graph(ds)
    for fmt, read in (("graphml", lambda p: nx.read_graphml(p, force_multigraph=True)),
                      ("json", lambda p: nx.node_link_graph(json.loads(p.read_text(encoding="utf-8")), edges="edges"))):
        out = tmp_path / f"g.{fmt}"
        assert main(["graph", "--data", str(DATA), "--format", fmt, "--out", str(out)]) == 0
        _same(G, read(out))


def test_building_the_shipped_graph_is_fast(ds):
    import time
    build_graph(ds)
    start = time.perf_counter()
    build_graph(ds)
    assert time.perf_counter() - start < 0.5
