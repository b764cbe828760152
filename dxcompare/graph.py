"""The network of plans, their legal bases and the agencies they task.

One `networkx.MultiDiGraph` answers the researchers' questions (which national
documents does a plan rest on, which plans share a basis, who carries the
work) and exports unchanged to Gephi / Cytoscape: every attribute is already a
GraphML-legal scalar (str, int, float, bool) and an unknown value is simply
absent, never None. Nodes and edges are added in sorted order so two builds of
the same data are identical, attribute for attribute.

Node ids: plans by `plan_id`, legal documents by `doc_id`, agencies by
`agency_id`. A plan that is itself in the document registry (another plan cites
it) is one node, the plan node, carrying the registry's attributes and edges.

Size: over 400 lines because the build and the questions share the node/edge
conventions and their private helpers (level ranks, attribute columns, the
legal-parent walk, which `analysis.legal` also uses); splitting them would make
those helpers a module interface of their own.
"""
from __future__ import annotations

from collections import defaultdict, deque, namedtuple
from collections.abc import Iterable
from itertools import repeat

import networkx as nx
import pandas as pd

from .dataset import Dataset
from .errors import DataError, UsageError
from .identity import node_problems, province_finder
from .national.network import add_catalogue
from .schema import ISSUER_LEVELS, RELATIONS, ROLES
from .selection import unknown_plans
from .values import plain

KINDS = ("plan", "legal_document", "agency")
LEVELS = tuple(ISSUER_LEVELS)  # top (central party) to bottom (commune)
NATIONAL_LEVELS = ("party_central", "national_assembly", "government", "ministry")
LEGAL_EDGES = ("cites", "implements")
DOC_TYPE_EN = {"Kế hoạch": "Plan", "Quyết định": "Decision", "Chương trình": "Programme", "Đề án": "Scheme"}
# Prefixes of a locality name and their English unit, longest first so "thị xã" wins over "xã".
LOCALITY_UNITS = (("thành phố", "city"), ("thị trấn", "township"), ("thị xã", "town"), ("phường", "ward"),
                  ("huyện", "district"), ("quận", "urban district"), ("xã", "commune"))
SUBSETS = ("legal", "agencies", "all")


# --- small helpers -------------------------------------------------------------

def _attrs(**kwargs) -> dict:
    """Attributes with missing values left out (GraphML has no null)."""
    return {k: v for k, v in ((k, plain(v)) for k, v in kwargs.items()) if v is not None}


def _level_rank(level: str | None) -> int:
    return LEVELS.index(level) if level in LEVELS else len(LEVELS)


def _join(values: Iterable[str]) -> str:
    return "; ".join(values)


# --- building ------------------------------------------------------------------

def _locality_labels(locality: str) -> tuple[str, str]:
    """'xã Tịnh Trà, huyện Sơn Tịnh' -> ('xã Tịnh Trà', 'Tịnh Trà commune')."""
    first = locality.split(",")[0].strip()
    for vi, en in LOCALITY_UNITS:
        if first.casefold().startswith(vi + " "):
            return first, f"{first[len(vi):].strip()} {en}"
    return first, first


def _plan_labels(p, province_en: str | None) -> tuple[str, str]:
    """Short bilingual labels: the number and the place, or type, place and year when unnumbered."""
    if p.locality and not pd.isna(p.locality):
        place_vi, place_en = _locality_labels(p.locality)
    else:
        place_vi, place_en = p.province, province_en or p.province
    if p.doc_number and not pd.isna(p.doc_number):
        return f"{p.doc_number} ({place_vi})", f"{p.doc_number} ({place_en})"
    year = p.issued.year
    return (f"{p.doc_type} ({place_vi}, {year})",
            f"{DOC_TYPE_EN.get(p.doc_type, p.doc_type)} ({place_en}, {year})")


def _column(s: pd.Series) -> list:
    """A column as `_value` would give each cell (None where missing), converted per column.

    Iterating an Arrow-backed frame row by row costs about a microsecond per
    cell; at 10,000 plans that was most of the build. Dates become ISO strings
    once per distinct date (a corpus repeats few deadlines many times).
    """
    if s.dtype.kind == "M":
        codes, uniques = pd.factorize(s)
        iso = [d.date().isoformat() for d in uniques]
        return [iso[c] if c >= 0 else None for c in codes.tolist()]
    values = s.to_numpy(dtype=object, na_value=None)
    text = s.dtype.categories.dtype if isinstance(s.dtype, pd.CategoricalDtype) else s.dtype
    return values.tolist() if isinstance(text, pd.StringDtype) else _clean(values)


def _clean(values: Iterable) -> list:
    """`_value` of each item, skipping the call for the common cases (None, str)."""
    return [v if v is None or type(v) is str else plain(v) for v in values]


def _records(columns: dict) -> list[dict]:
    """Per row, the attributes `_attrs` would give: {name: value} in column order, missing values left out.

    `columns` maps a name to a list (one value per row, already `_value`-clean)
    or to a scalar shared by every row.
    """
    lists = [v if isinstance(v, list) else repeat(plain(v)) for v in columns.values()]
    names = list(columns)
    return [{k: v for k, v in zip(names, row) if v is not None} for row in zip(*lists)]


def _sorted(df: pd.DataFrame, by: list[str]) -> list[int]:
    """Row positions in `df.sort_values(by)` order, without moving the (long) text columns.

    A sort on several keys is stable, so sorting only the keys gives the same order.
    """
    keys = df[by].reset_index(drop=True)
    return keys.sort_values(by).index.tolist()


_LabelRow = namedtuple("_LabelRow", ["locality", "province", "doc_number", "doc_type", "issued"])  # what labels need


def _plan_nodes(plans: pd.DataFrame, prov_en: dict, prov_2025: dict) -> list[tuple[str, dict]]:
    """(plan_id, attributes) for every plan, in the frame's order."""
    rows = map(_LabelRow._make, zip(*(plans[c].tolist() for c in _LabelRow._fields)))
    labels = [_plan_labels(p, prov_en.get(p.province)) for p in rows]
    province = plans["province"].tolist()
    attrs = _records({
        "kind": "plan", "label_vi": [vi for vi, _ in labels], "label_en": [en for _, en in labels],
        "level": _column(plans["admin_level"]), "national": False, "doc_type": _column(plans["doc_type"]),
        "date": _column(plans["issued"]), "province": _column(plans["province"]),
        "province_en": _clean(prov_en.get(p) for p in province),
        "province_2025": _clean(prov_2025.get(p) for p in province),
        "locality": _column(plans["locality"]), "doc_number": _column(plans["doc_number"]),
        "title_vi": _column(plans["title"]), "title_en": _column(plans["title_en"]),
        "issuer": _column(plans["issuer"]), "period_start": _column(plans["period_start"]),
        "period_end": _column(plans["period_end"]), "horizon": _column(plans["horizon"]),
        "completeness": _column(plans["completeness"]), "in_registry": False})
    return list(zip(plans["plan_id"].tolist(), attrs))


def _citation_edges(cites: pd.DataFrame, node_of: dict[str, str]) -> list[tuple]:
    """(plan, document node, "cites:<relation>", attributes), sorted by plan, document and relation."""
    order = _sorted(cites, ["plan_id", "doc_id", "relation"])
    plan, doc, relation = (_column(cites[c]) for c in ("plan_id", "doc_id", "relation"))
    attrs = _records({"kind": "cites", "relation": relation, "quote": _column(cites["quote"]),
                      "fact_id": _column(cites["fact_id"])})
    return [(plan[i], node_of[doc[i]], f"cites:{relation[i]}", attrs[i]) for i in order]


def _assignment_edges(assignments: pd.DataFrame) -> list[tuple]:
    """(plan, agency, fact_id, attributes), sorted by plan, agency, role (in ROLES order), line and fact."""
    keyed = assignments.assign(_role=assignments["role"].astype("str").map(list(ROLES).index))
    order = _sorted(keyed, ["plan_id", "agency_id", "_role", "line", "fact_id"])
    plan, agency, fact = (_column(assignments[c]) for c in ("plan_id", "agency_id", "fact_id"))
    attrs = _records({"kind": "assigns", **{c: _column(assignments[c]) for c in
                                             ("role", "task", "deadline", "name_in_source", "quote")},
                      "fact_id": fact})
    return [(plan[i], agency[i], fact[i], attrs[i]) for i in order]


def _add_edges(G: nx.MultiDiGraph, edges: list[tuple]) -> None:
    """Add (u, v, key, attributes) edges in order.

    `add_edge` with the attributes as keywords: a MultiDiGraph's `add_edges_from`
    sets them through adjacency views, three times slower at this size.
    """
    for u, v, key, attrs in edges:
        G.add_edge(u, v, key, **attrs)


def build_graph(ds: Dataset) -> nx.MultiDiGraph:
    """Build the plans / legal documents / agencies network from a loaded `Dataset`."""
    plans = ds.plans.sort_values("plan_id")
    docs = ds.legal_documents.sort_values("doc_id")
    agencies = ds.agencies.sort_values("agency_id")
    prov = ds.provinces.set_index("name_vi")
    prov_en, prov_2025 = prov["name_en"].to_dict(), prov["successor_name_vi"].to_dict()
    find_province = province_finder(ds.provinces)
    merged, problems = node_problems(ds)  # doc_id -> plan_id; `validate` reports the same problems
    if problems:
        raise DataError(problems)
    node_of = {d: merged.get(d, d) for d in docs["doc_id"]}

    G = nx.MultiDiGraph(name="dxcompare: plans, legal bases, agencies")
    G.add_nodes_from(_plan_nodes(plans, prov_en, prov_2025))

    cites = ds.citations
    plan_province = dict(zip(plans["plan_id"], plans["province"]))
    citing_provinces: dict[str, set] = defaultdict(set)
    for doc, plan in zip(cites["doc_id"].tolist(), cites["plan_id"].tolist()):
        citing_provinces[doc].add(plan_province[plan])
    for d in docs.itertuples(index=False):
        province = None
        if d.issuer_level not in NATIONAL_LEVELS:
            # Local documents: the province the issuer names, else the one province of the plans citing it.
            province = find_province(d.issuer)
            if province is None and len(citing_provinces[d.doc_id]) == 1:
                province = next(iter(citing_provinces[d.doc_id]))
        if d.doc_id in merged:
            G.nodes[merged[d.doc_id]].update(_attrs(doc_id=d.doc_id, issuer_level=d.issuer_level, source=d.source),
                                             in_registry=True)
            continue
        G.add_node(d.doc_id, **_attrs(
            kind="legal_document", label_vi=d.doc_id, label_en=d.doc_id, level=d.issuer_level,
            national=d.issuer_level in NATIONAL_LEVELS, doc_type=d.doc_type, date=d.date,
            province=province, province_en=prov_en.get(province), province_2025=prov_2025.get(province),
            title_vi=d.title_vi, title_en=d.title_en, issuer=d.issuer, issuer_level=d.issuer_level, source=d.source))
    for a in agencies.itertuples(index=False):
        G.add_node(a.agency_id, **_attrs(
            kind="agency", label_vi=a.name_vi, label_en=a.name_en, level=a.level, national=a.level == "central",
            agency_kind=a.kind, successor=a.successor, successor_note=a.successor_note))

    _add_edges(G, _citation_edges(cites, node_of))
    for d in docs.itertuples(index=False):
        targets = sorted({t.strip() for t in (d.implements if not pd.isna(d.implements) else "").split(";")} - {""})
        for t in targets:
            G.add_edge(node_of[d.doc_id], node_of[t], key="implements", kind="implements")
    add_catalogue(G, ds, node_of, find_province)
    _add_edges(G, _assignment_edges(ds.assignments))
    return G


def select(G: nx.MultiDiGraph, subset: str = "all") -> nx.MultiDiGraph:
    """The `legal` (plans, documents), `agencies` (plans, agencies) or `all` part of the graph."""
    if subset not in SUBSETS:
        raise UsageError(f"unknown graph kind {subset!r}; choose one of {', '.join(SUBSETS)}")
    if subset == "all":
        return G.copy()
    node_kinds = {"legal": ("plan", "legal_document"), "agencies": ("plan", "agency")}[subset]
    edge_kinds = LEGAL_EDGES if subset == "legal" else ("assigns",)
    H = nx.MultiDiGraph(**G.graph)
    H.add_nodes_from((n, dict(a)) for n, a in G.nodes(data=True) if a["kind"] in node_kinds)
    H.add_edges_from((u, v, k, dict(a)) for u, v, k, a in G.edges(keys=True, data=True) if a["kind"] in edge_kinds)
    return H


def flatten(G: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy whose attributes are all GraphML-legal scalars (lists joined by '; ', dates ISO, None dropped)."""
    def flat(attrs: dict) -> dict:
        out = {}
        for k, v in attrs.items():
            if isinstance(v, (list, tuple, set, frozenset)):
                v = _join(str(x) for x in (sorted(v) if isinstance(v, (set, frozenset)) else v))
            elif hasattr(v, "isoformat") and not isinstance(v, pd.Timestamp):
                v = v.isoformat()
            v = plain(v)
            if v is not None:
                out[str(k)] = v if isinstance(v, (str, int, float, bool)) else str(v)
        return out
    H = nx.MultiDiGraph(**flat(G.graph))
    H.add_nodes_from((n, flat(a)) for n, a in G.nodes(data=True))
    H.add_edges_from((u, v, k, flat(a)) for u, v, k, a in G.edges(keys=True, data=True))
    return H


# --- questions -------------------------------------------------------------------

def _check_relations(relations: Iterable[str] | None) -> frozenset:
    if relations is None:
        return frozenset(RELATIONS)
    chosen = frozenset([relations] if isinstance(relations, str) else relations)
    if unknown := chosen - set(RELATIONS):
        raise UsageError(f"unknown relation(s) {sorted(unknown)}; choose from {', '.join(RELATIONS)}")
    return chosen


def _plans(G: nx.MultiDiGraph) -> list[str]:
    return [n for n, k in G.nodes(data="kind") if k == "plan"]


def _check_plan(G: nx.MultiDiGraph, plan_id: str) -> None:
    if plan_id not in G or G.nodes[plan_id]["kind"] != "plan":
        raise unknown_plans([plan_id], _plans(G))


class LegalParents(dict):
    """node -> [(parent, how)]: its citations with the chosen relations and its registry `implements`,
    read from the graph on first use and kept.

    One instance serves every plan of a bulk query, so each node's edges are
    read once; a networkx edge view per visit was most of a chain's cost.
    """

    def __init__(self, G: nx.MultiDiGraph, relations: frozenset):
        super().__init__()
        self.G, self.relations = G, relations

    def __missing__(self, node: str) -> list[tuple[str, str]]:
        out = []
        for v, keyed in self.G._succ[node].items():  # the adjacency dict itself: no edge view per node
            for a in keyed.values():
                if a["kind"] == "implements":
                    out.append((v, "implements"))
                elif a["kind"] == "cites" and a["relation"] in self.relations:
                    out.append((v, a["relation"]))
        self[node] = out
        return out


DIRECT_LINKS = (*RELATIONS, "implements")  # how a plan links to a document itself, in this order


def _direct(parents: LegalParents, plan_id: str) -> dict[str, list[str]]:
    """doc -> how the plan links to it itself: its citation relations, then "implements" when the
    registry lists the plan as implementing the document (a plan that is a registry entry)."""
    out: dict[str, set] = defaultdict(set)
    for v, how in parents[plan_id]:
        out[v].add(how)
    return {v: sorted(r, key=DIRECT_LINKS.index) for v, r in out.items()}


def _chain(parents: LegalParents, plan_id: str):
    """Breadth-first ancestors: depth (fewest steps), predecessors in the chain, and the edges walked."""
    depth, via, edges = {plan_id: 0}, defaultdict(set), []
    frontier = [plan_id]
    while frontier:
        nxt = []
        for u in frontier:
            for v, _ in parents[u]:
                via[v].add(u)
                edges.append((u, v))
                if v not in depth:
                    depth[v] = depth[u] + 1
                    nxt.append(v)
        frontier = sorted(set(nxt))
    return depth, via, edges


def chain_depths(G: nx.MultiDiGraph, plan_id: str, relations: Iterable[str] | None = None) -> dict[str, int]:
    """{ancestor: fewest steps from the plan}: the bare result of `legal_basis_chain`, cheap enough for loops."""
    _check_plan(G, plan_id)
    depth = _chain(LegalParents(G, _check_relations(relations)), plan_id)[0]
    del depth[plan_id]
    return depth


def _longest(plan_id: str, nodes: Iterable[str], edges: list[tuple[str, str]]) -> dict[str, int] | None:
    """Most steps from the plan to each ancestor; None when the chain has a cycle.

    Kahn's topological walk in plain Python: a networkx graph per plan cost
    more than the whole search at 10,000 plans.
    """
    succ: dict[str, set] = defaultdict(set)
    indegree = dict.fromkeys(nodes, 0)
    for u, v in set(edges):
        succ[u].add(v)
        indegree[v] += 1
    ready = [n for n, k in indegree.items() if k == 0]
    longest, seen = {plan_id: 0}, 0
    while ready:
        n = ready.pop()
        seen += 1
        for v in succ[n]:
            if n in longest:
                longest[v] = max(longest.get(v, 0), longest[n] + 1)
            indegree[v] -= 1
            if indegree[v] == 0:
                ready.append(v)
    return longest if seen == len(indegree) else None


def _doc_columns(G: nx.MultiDiGraph, n: str) -> dict:
    a = G.nodes[n]
    return {"kind": a["kind"], "level": a.get("level"), "national": a.get("national", False),
            "label_vi": a.get("label_vi"), "label_en": a.get("label_en"), "doc_type": a.get("doc_type"),
            "date": a.get("date"), "province": a.get("province")}


def _typed(df: pd.DataFrame, ints: Iterable[str] = ()) -> pd.DataFrame:
    """Project dtypes: text columns `str`, counts Int64, `national` bool.

    One new frame rather than a column assignment each: on the few rows of a
    plan's chain, pandas' per-call overhead was most of `legal_basis_chain`.
    """
    blank = df.isna().all()
    columns = {}
    for c in df.columns:
        s = df[c]
        if c in ints:
            s = s.astype("Int64")
        elif c == "national":
            s = s.astype(bool)
        elif s.dtype == object or blank[c]:
            s = s.astype("str")
        columns[c] = s
    return pd.DataFrame(columns, index=df.index, columns=df.columns)


CHAIN_COLUMNS = ["plan_id", "doc_id", "depth", "longest", "via", "relation", "kind", "level", "national",
                 "label_vi", "label_en", "doc_type", "date", "province"]


def _chain_rows(G: nx.MultiDiGraph, plan_id: str, parents: LegalParents, columns: dict) -> list[dict]:
    """The rows of `legal_basis_chain` for one plan, sorted, without the node's own attributes (they are
    `columns[doc_id]`, filled here once per node: copying them into every row was most of the cost)."""
    depth, via, edges = _chain(parents, plan_id)
    # With one way into every node the chain is a tree: the longest path is the shortest one.
    tree = all(len(v) == 1 for v in via.values())
    longest = depth if tree else (_longest(plan_id, depth, edges) or {})
    direct = _direct(parents, plan_id)
    rows = []
    for n, d in depth.items():
        if n == plan_id:
            continue
        if n not in columns:
            columns[n] = _doc_columns(G, n)
        rows.append({"plan_id": plan_id, "doc_id": n, "depth": d, "longest": longest.get(n),
                     "via": _join(sorted(via[n])), "relation": _join(direct.get(n, [])) or None})
    # Sorted here: on a frame of a few rows, a pandas sort costs more than walking the graph.
    rows.sort(key=lambda r: (r["depth"], _level_rank(columns[r["doc_id"]]["level"]), r["doc_id"]))
    return rows


def legal_basis_chains(G: nx.MultiDiGraph, plan_ids: Iterable[str] | None = None,
                       relations: Iterable[str] | None = None) -> pd.DataFrame:
    """`legal_basis_chain` of several plans (default: every plan, in graph order) as one frame.

    Rows are collected for all plans and typed once: a frame per plan was most
    of the cost at national scale.
    """
    ids = _plans(G) if plan_ids is None else list(plan_ids)
    for p in ids:
        _check_plan(G, p)
    parents = LegalParents(G, _check_relations(relations))
    columns: dict[str, dict] = {}
    rows = [{**row, **columns[row["doc_id"]]} for p in ids for row in _chain_rows(G, p, parents, columns)]
    return _typed(pd.DataFrame(rows, columns=CHAIN_COLUMNS), ints=("depth", "longest"))


def legal_basis_chain(G: nx.MultiDiGraph, plan_id: str, relations: Iterable[str] | None = None) -> pd.DataFrame:
    """Every ancestor of a plan (cited, or implemented by what it cites) up to the national level, with depth.

    `depth` is the fewest steps from the plan, `longest` the most (how long the
    chain can be); `via` lists the plan or documents through which the row is
    reached, so "13-NQ/TU via 50/KH-UBND" shows a chain even when the plan also
    cites the resolution itself. `relation` is how the plan links to the row
    itself (its citation relations, or "implements" from the registry; empty
    when reached only through others). `relations` limits the
    plan-to-document links followed (default: every citation; pass
    ("can_cu", "thuc_hien") for formal bases only).
    """
    return legal_basis_chains(G, [plan_id], relations)


def _citing_plans(G: nx.MultiDiGraph, relations: frozenset, plans: set | None = None) -> dict[str, dict[str, list]]:
    """doc -> {plan -> relations} over direct citations."""
    out: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    for u, v, a in G.edges(data=True):
        if a["kind"] == "cites" and a["relation"] in relations and (plans is None or u in plans):
            out[v][u].append(a["relation"])
    return out


def most_cited(G: nx.MultiDiGraph, n: int | None = 10, relations: Iterable[str] | None = None) -> pd.DataFrame:
    """The `n` documents cited by the most plans (all when n is None), with per-relation plan counts."""
    rel = _check_relations(relations)
    rows = []
    for doc, by_plan in _citing_plans(G, rel).items():
        counts = {r: sum(r in rs for rs in by_plan.values()) for r in RELATIONS}
        rows.append({"doc_id": doc, "n_plans": len(by_plan), **counts, "plans": _join(sorted(by_plan)),
                     **_doc_columns(G, doc)})
    columns = ["doc_id", "n_plans", *RELATIONS, "plans", "kind", "level", "national", "label_vi", "label_en",
               "doc_type", "date", "province"]
    df = pd.DataFrame(rows, columns=columns)
    df = df.assign(_r=df["level"].map(_level_rank)).sort_values(
        ["n_plans", "_r", "doc_id"], ascending=[False, True, True]).drop(columns="_r")
    df = _typed(df.reset_index(drop=True), ints=("n_plans", *RELATIONS))
    return df if n is None else df.head(n)


def shared_bases(G: nx.MultiDiGraph, plan_ids: Iterable[str] | None = None,
                 relations: Iterable[str] | None = None, min_plans: int = 2) -> pd.DataFrame:
    """Documents cited directly by two (`min_plans`) or more of the given plans (default: all plans).

    One column per plan holds how it cites the document ("can_cu; thuc_hien"),
    empty when it does not.
    """
    plan_ids = sorted(set(_plans(G) if plan_ids is None else ([plan_ids] if isinstance(plan_ids, str) else plan_ids)))
    for p in plan_ids:
        _check_plan(G, p)
    rel = _check_relations(relations)
    rows = []
    for doc, by_plan in _citing_plans(G, rel, set(plan_ids)).items():
        if len(by_plan) < min_plans:
            continue
        order = list(RELATIONS).index
        cells = {p: _join(sorted(set(by_plan[p]), key=order)) if p in by_plan else None for p in plan_ids}
        rows.append({"doc_id": doc, "n_plans": len(by_plan), "plans": _join(sorted(by_plan)),
                     **_doc_columns(G, doc), **cells})
    columns = ["doc_id", "n_plans", "plans", "kind", "level", "national", "label_vi", "label_en", "doc_type",
               "date", "province", *plan_ids]
    df = pd.DataFrame(rows, columns=columns)
    df = df.assign(_r=df["level"].map(_level_rank)).sort_values(
        ["n_plans", "_r", "doc_id"], ascending=[False, True, True]).drop(columns="_r")
    return _typed(df.reset_index(drop=True), ints=("n_plans",))


def alignment_matrix(G: nx.MultiDiGraph, relations: Iterable[str] | None = None) -> pd.DataFrame:
    """Plans × national documents: how each plan links to each ("can_cu", …), "indirect" when only through its chain.

    Columns are the national documents reached by at least one plan, ordered
    by level, date and id; a missing cell means the plan does not reach it.
    """
    parents = LegalParents(G, _check_relations(relations))
    cells: dict[str, dict[str, str]] = {}
    for p in _plans(G):
        depth, _, _ = _chain(parents, p)
        direct = _direct(parents, p)
        cells[p] = {n: _join(direct[n]) if n in direct else "indirect"
                    for n in depth if n != p and G.nodes[n].get("national")}
    docs = sorted({n for row in cells.values() for n in row},
                  key=lambda n: (_level_rank(G.nodes[n].get("level")), G.nodes[n].get("date", ""), n))
    df = pd.DataFrame([[cells[p].get(d) for d in docs] for p in cells], index=pd.Index(list(cells), name="plan_id"),
                      columns=pd.Index(docs, name="doc_id"), dtype="str")
    return df


def agency_roles(G: nx.MultiDiGraph) -> pd.DataFrame:
    """Agency × plan × role: how many tasks each plan gives each agency in each role."""
    counts: dict[tuple, int] = defaultdict(int)
    for u, v, a in G.edges(data=True):
        if a["kind"] == "assigns":
            counts[(v, u, a["role"])] += 1
    rows = [{"agency_id": ag, "label_vi": G.nodes[ag]["label_vi"], "label_en": G.nodes[ag]["label_en"],
             "agency_level": G.nodes[ag].get("level"), "plan_id": p, "province": G.nodes[p].get("province"),
             "role": role, "n_tasks": k} for (ag, p, role), k in counts.items()]
    df = pd.DataFrame(rows, columns=["agency_id", "label_vi", "label_en", "agency_level", "plan_id", "province",
                                     "role", "n_tasks"])
    df = _typed(df, ints=("n_tasks",))
    df["role"] = pd.Categorical(df["role"], categories=list(ROLES))
    return df.sort_values(["agency_id", "plan_id", "role"]).reset_index(drop=True)


def _betweenness(G: nx.Graph) -> dict:
    """`nx.betweenness_centrality(G, normalized=True)`, the same floats, without its cost per source of |G|.

    networkx sets up path counts for every node before each breadth-first
    search, so a corpus of 10,000 plans, each reaching twenty documents, paid
    10,000 x 10,000 set-ups (minutes). Here only the nodes a source reaches are
    touched; the searches, the additions and their order are networkx's (Brandes
    2001), so the result is equal to the last bit (a test compares the two).
    """
    between = dict.fromkeys(G, 0.0)
    for s in G:
        order, preds, sigma, dist = [], {s: []}, {s: 1.0}, {s: 0}
        queue = deque([s])
        while queue:  # shortest paths from s, counted
            v = queue.popleft()
            order.append(v)
            for w in G[v]:
                if w not in dist:
                    queue.append(w)
                    dist[w], sigma[w], preds[w] = dist[v] + 1, 0.0, []
                if dist[w] == dist[v] + 1:
                    sigma[w] += sigma[v]
                    preds[w].append(v)
        delta = dict.fromkeys(order, 0)
        while order:  # dependencies, farthest first
            w = order.pop()
            coeff = (1 + delta[w]) / sigma[w]
            for v in preds[w]:
                delta[v] += sigma[v] * coeff
            if w != s:
                between[w] += delta[w]
    n = len(G) - 1  # pairs of other nodes; normalised as networkx does (endpoints excluded)
    if n >= 2:
        scale = 1 / (n * (n - 1))
        if scale != 1:
            for v in between:
                between[v] *= scale
    return between


def document_centrality(G: nx.MultiDiGraph, relations: Iterable[str] | None = None) -> pd.DataFrame:
    """How central each document is: plans citing it, plans whose chain reaches it, in-degree, betweenness.

    `n_reaching_plans` counts plans that rest on the document directly or
    through intermediate documents — the measure of a national programme's
    reach; `betweenness` (directed, normalised, exact) picks out brokers such as
    a provincial resolution between local plans and the national programme.
    """
    rel = _check_relations(relations)
    D = nx.DiGraph()
    D.add_nodes_from(n for n, k in G.nodes(data="kind") if k in ("plan", "legal_document"))
    D.add_edges_from((u, v) for u, v, a in G.edges(data=True)
                     if a["kind"] == "implements" or (a["kind"] == "cites" and a["relation"] in rel))
    reach: dict[str, int] = defaultdict(int)
    parents = LegalParents(G, rel)
    for p in _plans(G):
        for n in _chain(parents, p)[0]:
            if n != p:
                reach[n] += 1
    citing = _citing_plans(G, rel)
    between = _betweenness(D)
    docs = [n for n, a in G.nodes(data=True) if a["kind"] == "legal_document" or (a["kind"] == "plan" and n in citing)]
    rows = [{"doc_id": n, "n_citing_plans": len(citing.get(n, {})), "n_reaching_plans": reach.get(n, 0),
             "in_degree": D.in_degree(n), "betweenness": between[n], **_doc_columns(G, n)} for n in docs]
    df = pd.DataFrame(rows, columns=["doc_id", "n_citing_plans", "n_reaching_plans", "in_degree", "betweenness",
                                     "kind", "level", "national", "label_vi", "label_en", "doc_type", "date",
                                     "province"])
    df = df.sort_values(["n_reaching_plans", "betweenness", "doc_id"], ascending=[False, False, True])
    return _typed(df.reset_index(drop=True), ints=("n_citing_plans", "n_reaching_plans", "in_degree"))


def agency_centrality(G: nx.MultiDiGraph) -> pd.DataFrame:
    """How central each tasked agency is: plans, tasks, lead tasks, share of plans, bipartite betweenness."""
    B = nx.Graph()
    tasks, leads = defaultdict(int), defaultdict(int)
    for u, v, a in G.edges(data=True):
        if a["kind"] == "assigns":
            B.add_edge(u, v)
            tasks[v] += 1
            leads[v] += a["role"] == "lead"
    n_all = len(_plans(G)) or 1
    between = _betweenness(B)
    rows = [{"agency_id": ag, "label_vi": G.nodes[ag]["label_vi"], "label_en": G.nodes[ag]["label_en"],
             "level": G.nodes[ag].get("level"), "n_plans": B.degree(ag), "n_tasks": tasks[ag], "n_lead": leads[ag],
             "plan_share": B.degree(ag) / n_all, "betweenness": between[ag]}
            for ag in sorted(tasks)]
    df = pd.DataFrame(rows, columns=["agency_id", "label_vi", "label_en", "level", "n_plans", "n_tasks", "n_lead",
                                     "plan_share", "betweenness"])
    df = df.sort_values(["n_plans", "n_tasks", "agency_id"], ascending=[False, False, True])
    return _typed(df.reset_index(drop=True), ints=("n_plans", "n_tasks", "n_lead"))


__all__ = ["build_graph", "select", "flatten", "legal_basis_chain", "legal_basis_chains", "chain_depths", "most_cited", "shared_bases",
           "alignment_matrix", "agency_roles", "document_centrality", "agency_centrality", "KINDS", "LEVELS",
           "NATIONAL_LEVELS"]
