"""Legal bases, on the network of `dxcompare.graph`: what each plan rests on, up to the national level.

"Rests on" means formal bases by default: a citation as legal basis (`can_cu`)
or as what the plan implements (`thuc_hien`), and the registry's `implements`
links between documents. A body-text mention (`reference`) is no basis; pass
`include_references=True` to follow mentions too. A local document whose
`implements` is empty in the registry ends a chain because nothing is
recorded, not because it rests on nothing: `focus_document` says so
(`link = "not_recorded"`).

Chains are computed once per graph and relation set and kept (weakly) with the
graph, so the notebook's summary, focus table and chain table share one search.
"""
from __future__ import annotations

import weakref

import numpy as np
import pandas as pd

from .. import graph as network
from ..selection import select_plans
from .plans import plan_labels
from .targets import lookup

FORMAL_RELATIONS = ("can_cu", "thuc_hien")
LINKS = ("direct", "indirect", "not_recorded", "none")  # how a plan reaches a document, in focus_document
_CHAIN_ROWS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # graph -> {relations: {plan: rows}}


def relations(include_references: bool = False) -> tuple[str, ...] | None:
    """The citation relations followed: formal bases, or every citation (None) with references."""
    return None if include_references else FORMAL_RELATIONS


def _cache(G, include_references: bool) -> dict:
    """Per graph and relation set: the legal parents of each node, node attributes, each plan's chain rows."""
    rel = network._check_relations(relations(include_references))
    return _CHAIN_ROWS.setdefault(G, {}).setdefault(rel, {"parents": network.LegalParents(G, rel), "columns": {},
                                                          "rows": {}})


def _rows(G, ids: list[str], include_references: bool) -> list[dict]:
    """Chain rows of `ids` (graph.legal_basis_chain's, untyped), computed once per plan and graph."""
    cache = _cache(G, include_references)
    per_plan = cache["rows"]
    for p in ids:
        if p not in per_plan:
            network._check_plan(G, p)
            per_plan[p] = network._chain_rows(G, p, cache["parents"], cache["columns"])
    return [row for p in ids for row in per_plan[p]]


def legal_chains(ds, plans=None, *, graph, include_references: bool = False) -> pd.DataFrame:
    """Each chosen plan's chain of legal bases up to the national level: every ancestor, one row per
    (plan, document), plans oldest first.

    `depth` is the fewest steps, `longest` the most; `relation` how the plan
    links to the document itself ("can_cu; thuc_hien", NA when reached only
    through others); `via` the plan or documents it is reached through ('; ');
    `level` the issuer's level; `title_vi` the registry's title (NA if none).
    """
    ids = select_plans(ds, plans)
    rows = _rows(graph, ids, include_references)
    node = _cache(graph, include_references)["columns"]  # node attributes, once per node
    columns = ["plan_id", "doc_id", "depth", "longest", "relation", "via"]
    c = pd.DataFrame({k: [r[k] for r in rows] for k in columns}, columns=columns)
    c["level"] = [node[d]["level"] for d in c["doc_id"].tolist()]
    c["national"] = [node[d]["national"] for d in c["doc_id"].tolist()]
    titles = ds.legal_documents.set_index("doc_id")["title_vi"]
    return pd.DataFrame({
        "plan_id": c["plan_id"].astype("str"),
        "plan": lookup(c["plan_id"], plan_labels(ds)).astype("str"),
        "doc_id": c["doc_id"].astype("str"), "depth": c["depth"].astype("Int64"),
        "longest": c["longest"].astype("Int64"), "relation": c["relation"].astype("str"),
        "via": c["via"].astype("str"), "level": c["level"].astype("str"), "national": c["national"].astype(bool),
        "title_vi": lookup(c["doc_id"], titles).astype("str"),
    })


def focus_document(ds, plans=None, *, graph, doc_id: str, include_references: bool = False) -> pd.DataFrame:
    """Does each chosen plan rest on `doc_id`, and how.

    `link`: "direct" (the plan cites it), "indirect" (through other documents,
    `via`), "not_recorded" (not reached, but the chain stops at a local
    document whose own basis the registry does not record), "none".
    `relation` and `via` as in `legal_chains`; `depth` NA when not reached.
    """
    ids = select_plans(ds, plans)
    node = next((n for n, d in graph.nodes(data="doc_id") if d == doc_id), doc_id)  # a plan that is a document
    _rows(graph, ids, include_references)
    cache = _cache(graph, include_references)
    parents, per_plan = cache["parents"], cache["rows"]
    open_end: dict[str, bool] = {}

    def stops(n: str) -> bool:  # a local document (or plan) with no recorded basis of its own
        if n not in open_end:
            open_end[n] = not graph.nodes[n].get("national") and not parents[n]
        return open_end[n]

    link, relation, depth, via = [], [], [], []
    for p in ids:
        hit = next((r for r in per_plan[p] if r["doc_id"] == node), None)
        if hit is not None:
            link.append("direct" if hit["relation"] else "indirect")
        else:
            link.append("not_recorded" if any(stops(r["doc_id"]) for r in per_plan[p]) else "none")
        relation.append(hit["relation"] if hit else None)
        depth.append(hit["depth"] if hit else None)
        via.append(hit["via"] if hit else None)
    return pd.DataFrame({
        "plan": plan_labels(ds).loc[ids].to_numpy(),
        "link": pd.Categorical(link, categories=list(LINKS)),
        "relation": pd.array(relation, dtype="str"), "depth": pd.array(depth, dtype="Int64"),
        "via": pd.array(via, dtype="str"),
    }, index=pd.Index(ids, name="plan_id"))


def _citing(ds, graph, ids: list[str] | None, include_references: bool) -> pd.DataFrame:
    """Per cited document (graph node id): how many of the plans cite it directly, and which (a list),
    most cited first.

    From the citations table in one group-by (a walk over every edge of a
    national graph took seconds); ties by issuer level, then id, as in `graph.most_cited`.
    """
    c = ds.citations
    if ids is not None:
        c = c[c["plan_id"].isin(ids)]
    if not include_references:
        c = c[c["relation"].isin(FORMAL_RELATIONS)]
    node = {d: n for n, d in graph.nodes(data="doc_id") if d is not None}  # registry entries that are plans
    pairs = c[["doc_id", "plan_id"]].drop_duplicates()
    by_doc: dict[str, list[str]] = {}
    for d, p in zip(pairs["doc_id"].tolist(), pairs["plan_id"].tolist()):
        by_doc.setdefault(node.get(d, d), []).append(p)
    docs = list(by_doc)
    levels = [graph.nodes[d].get("level") for d in docs]
    out = pd.DataFrame({"doc_id": pd.array(docs, dtype="str"), "n_plans": [len(by_doc[d]) for d in docs],
                        "plans": [by_doc[d] for d in docs], "level": levels,
                        "_r": [network._level_rank(lv) for lv in levels]})
    return out.sort_values(["n_plans", "_r", "doc_id"], ascending=[False, True, True]).drop(columns="_r")


def _doc_table(ds, df: pd.DataFrame) -> pd.DataFrame:
    """Document rows: n_plans, the plans' short names (oldest first), level, title."""
    labels = plan_labels(ds).to_dict()
    rank = {p: i for i, p in enumerate(labels)}
    titles = ds.legal_documents.set_index("doc_id")["title_vi"]
    plans = [sorted(ps, key=lambda p: rank.get(p, len(rank))) for ps in df["plans"]]
    return pd.DataFrame({
        "doc_id": df["doc_id"].to_numpy(), "n_plans": df["n_plans"].to_numpy("int64"),
        "plan": pd.array([", ".join(labels.get(p, p) for p in ps) for ps in plans], dtype="str"),
        "issuer_level": pd.array(df["level"].tolist(), dtype="str"),
        "title_vi": df["doc_id"].map(titles).astype("str").to_numpy(),
    }).set_index("doc_id")


def cited_documents(ds, plans=None, *, graph, n: int | None = 10, include_references: bool = False) -> pd.DataFrame:
    """The `n` documents the chosen plans cite directly most often (all when n is None)."""
    ids = None if plans is None else select_plans(ds, plans)
    top = _citing(ds, graph, ids, include_references)
    return _doc_table(ds, top if n is None else top.head(n))


def common_bases(ds, plans=None, *, graph, include_references: bool = False) -> pd.DataFrame:
    """Documents two or more of the chosen plans rest on directly (formal bases unless include_references)."""
    top = _citing(ds, graph, select_plans(ds, plans), include_references)
    return _doc_table(ds, top[top["n_plans"] >= 2])


def alignment(ds, plans=None, *, graph, include_references: bool = False) -> pd.DataFrame:
    """Plan × national document: how the plan links to it ("can_cu", …), "indirect" through its chain, NA if not.

    Only national documents some chosen plan reaches are columns (by level, date, id); rows are plan ids,
    oldest first. Read from the cached chains: no second search.
    """
    ids = select_plans(ds, plans)
    node = _cache(graph, include_references)["columns"]
    rows = [r for r in _rows(graph, ids, include_references) if node[r["doc_id"]]["national"]]
    docs = sorted({r["doc_id"] for r in rows}, key=lambda n: (network._level_rank(graph.nodes[n].get("level")),
                                                               graph.nodes[n].get("date", ""), n))
    col = {d: j for j, d in enumerate(docs)}
    row = {p: i for i, p in enumerate(ids)}
    grid = np.full((len(ids), len(docs)), None, dtype=object)
    for r in rows:
        grid[row[r["plan_id"]], col[r["doc_id"]]] = r["relation"] or "indirect"
    return pd.DataFrame(grid, index=pd.Index(ids, name="plan_id"), columns=pd.Index(docs, name="doc_id"), dtype="str")
