"""The catalogue's documents in the legal network: one node per document, never per number.

A document number is not unique across the country (every Tỉnh ủy has a
01-NQ/TU), so a catalogue document's node is its `doc_key` (province code and
number). A registry document cited by a shipped plan is the same document when
its province and number agree; then the two are one node (the registry's),
carrying the catalogue key as an attribute.
"""
from __future__ import annotations

import re
from collections import deque

import networkx as nx
import pandas as pd

NATIONAL_LEVELS = ("party_central", "national_assembly", "government", "ministry")


def registry_keys(ds, find_province) -> dict[str, str]:
    """doc_key -> registry doc_id for the registry's provincial documents whose province is known."""
    code_of = dict(zip(ds.provinces["name_vi"], ds.provinces["code"]))
    out = {}
    for d in ds.legal_documents.itertuples(index=False):
        if d.issuer_level in NATIONAL_LEVELS:
            continue
        province = find_province(d.issuer)
        if province is None:
            continue
        number = re.sub(r"\s*\([^()]*\)$", "", d.doc_id)
        out[f"{code_of[province]}:{number}"] = d.doc_id
    return out


def add_catalogue(G: nx.MultiDiGraph, ds, node_of: dict[str, str], find_province) -> None:
    """Add the catalogue's found documents and their `implements` edges to the legal network."""
    cat = ds.catalogue[ds.catalogue["status"] == "found"].sort_values("doc_key", kind="stable")
    if cat.empty:
        return
    prov = ds.provinces.set_index("code")
    merged = registry_keys(ds, find_province)
    node = {}
    for d in cat.drop_duplicates("doc_key").itertuples(index=False):
        key = d.doc_key
        attrs = {k: v for k, v in {
            "kind": "legal_document", "label_vi": f"{d.doc_number} ({prov.at[d.province_code, 'name_vi']})",
            "label_en": f"{d.doc_number} ({prov.at[d.province_code, 'name_en']})",
            "level": _level(d.issuer_level), "national": False, "doc_type": _text(d.doc_type),
            "date": None if pd.isna(d.issued) else d.issued.date().isoformat(),
            "province": prov.at[d.province_code, "name_vi"], "province_en": prov.at[d.province_code, "name_en"],
            "province_2025": prov.at[d.province_code, "successor_name_vi"], "title_vi": _text(d.title_vi),
            "title_en": _text(d.title_en), "issuer": _text(d.issuer), "issuer_level": _level(d.issuer_level),
            "doc_key": key, "category": str(d.category), "source": _text(d.source_url), "in_catalogue": True,
        }.items() if v is not None}
        if key in merged and node_of.get(merged[key], merged[key]) in G:
            node[key] = node_of.get(merged[key], merged[key])
            G.nodes[node[key]].update(doc_key=key, category=str(d.category), in_catalogue=True)
        else:
            node[key] = key
            G.add_node(key, **attrs)
    for d in cat.itertuples(index=False):
        targets = sorted({t.strip() for t in (d.implements if not pd.isna(d.implements) else "").split(";")} - {""})
        for t in targets:
            target = node.get(t) or node_of.get(t, t)
            if target in G and not G.has_edge(node[d.doc_key], target, key="implements"):
                G.add_edge(node[d.doc_key], target, key="implements", kind="implements")


def _level(level) -> str | None:
    """The catalogue's issuer levels in the graph's vocabulary (a provincial council sits with the province)."""
    if level is None or pd.isna(level):
        return None
    return {"province_council": "province"}.get(str(level), str(level))


def _text(value) -> str | None:
    return None if value is None or pd.isna(value) else str(value)


def resting_on(G: nx.MultiDiGraph, doc: str) -> pd.DataFrame:
    """Every provincial catalogue document that implements `doc`, directly or through another document.

    Columns: doc_key, province, category, steps (1 = names `doc` itself), via (the chain, ' → ').
    Follows `implements` edges only: a mention is not a basis.
    """
    if doc not in G:
        raise KeyError(doc)
    rows, seen = [], {doc: [doc]}
    queue = deque([doc])
    while queue:
        current = queue.popleft()
        for source, _target, key in sorted(G.in_edges(current, keys=True)):
            if key != "implements" or source in seen:
                continue
            seen[source] = [source, *seen[current]]
            queue.append(source)
            attrs = G.nodes[source]
            if attrs.get("in_catalogue"):
                rows.append({"doc_key": attrs["doc_key"], "province": attrs.get("province"),
                             "category": attrs.get("category"), "steps": len(seen[source]) - 1,
                             "via": " → ".join(G.nodes[n].get("label_vi", n) for n in seen[source])})
    out = pd.DataFrame(rows, columns=["doc_key", "province", "category", "steps", "via"])
    return out.astype({"doc_key": "str", "province": "str", "category": "str", "steps": "Int64", "via": "str"}
                      ).sort_values(["steps", "doc_key"], ignore_index=True)
