"""One plan in detail: what it cites, the targets it sets, who must do what."""
from __future__ import annotations

import pandas as pd

from ..selection import check_ids, plan_order
from .targets import select_targets


def _one(ds, plan_id: str) -> str:
    return check_ids([plan_id], plan_order(ds))[0]


def plan_citations(ds, plan_id: str) -> pd.DataFrame:
    """Documents the plan cites, with the relation, the issuer's level and the registry's title."""
    plan_id = _one(ds, plan_id)
    c = ds.citations[ds.citations["plan_id"] == plan_id]
    docs = ds.legal_documents.set_index("doc_id")
    return pd.DataFrame({
        "doc_id": c["doc_id"],
        "relation": c["relation"],
        "issuer_level": c["doc_id"].map(docs["issuer_level"]).to_numpy(),
        "title_vi": c["doc_id"].map(docs["title_vi"]).astype("str"),
        "quote": c["quote"],
    }).reset_index(drop=True)


def plan_targets(ds, plan_id: str) -> pd.DataFrame:
    """The plan's targets in the source's words (value, comparator, unit), each with the quote it rests on."""
    t = select_targets(ds, [_one(ds, plan_id)])
    return t[["indicator_code", "indicator", "value", "comparator", "unit", "year", "scope", "quote"]]


def plan_assignments(ds, plan_id: str) -> pd.DataFrame:
    """Who must do what in the plan: agency (and the registry's English name), role, task, deadline (NaT if none)."""
    plan_id = _one(ds, plan_id)
    a = ds.assignments[ds.assignments["plan_id"] == plan_id]
    names_en = ds.agencies.set_index("agency_id")["name_en"]
    return pd.DataFrame({
        "agency_name": a["agency_name"],
        "name_en_agency": a["agency_id"].map(names_en).astype("str"),
        "role": a["role"],
        "task": a["task"],
        "deadline": a["deadline"],
    }).reset_index(drop=True)
