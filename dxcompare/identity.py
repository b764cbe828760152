"""Which rows are the same thing: a plan that is itself a registry document, and ids two kinds share.

The network (`graph.build_graph`) makes one node per plan, document and agency;
these rules decide its nodes, so they are data rules: validation runs them (with
file:line messages) and the graph builder relies on them, from this one place.
"""
from __future__ import annotations

import re
from collections import defaultdict, namedtuple
from functools import lru_cache

import pandas as pd

from .errors import Problem
from .textnorm import fold as _space_fold

REGISTRY_FILE = "data/reference/legal_documents.csv"


def fold(text: str) -> str:
    """Comparison form: `textnorm.fold` (NFC, spaces folded), case-folded, dashes unified."""
    return _space_fold(re.sub(r"\s*[-‐-―]\s*", " - ", _space_fold(text).casefold()))


def province_finder(provinces: pd.DataFrame):
    """Find a province named in an issuer ("Tỉnh ủy Quảng Ngãi"), longest name first, whole words."""
    names = sorted(provinces["name_vi"], key=lambda n: (-len(n), n))
    patterns = [(n, re.compile(r"(?<!\w)" + re.escape(fold(n)) + r"(?!\w)")) for n in names]

    @lru_cache(maxsize=None)  # a national registry repeats a few hundred issuers thousands of times
    def find(issuer: str) -> str | None:
        folded = fold(issuer)
        return next((n for n, pat in patterns if pat.search(folded)), None)
    return find


_Doc = namedtuple("_Doc", "doc_id date issuer")
_Plan = namedtuple("_Plan", "plan_id doc_number issuer locality province issued")


def _rows(frame: pd.DataFrame, row: type) -> list:
    """The frame's rows, only the named columns (itertuples would convert every column, value by value)."""
    return list(map(row._make, zip(*(frame[c].tolist() for c in row._fields)))) if len(frame) else []


def registry_match(plans: pd.DataFrame, docs: pd.DataFrame, find_province,
                   where: dict[str, tuple[str, int | None]] | None = None) -> tuple[dict[str, str], list[Problem]]:
    """doc_id -> plan_id for plans that are themselves registry entries, and the problems found.

    A doc_id matches a plan's number exactly, or as "number (Locality)" when the
    bracket names the plan's place (the registry's rule for colliding local
    numbers). A registry date, when given, must equal the plan's date, and a
    province named by the registry's issuer must be the plan's: the same number
    is reused by every locality. `where`: plan_id -> (file, line) for messages.
    """
    where = where or {}
    by_number: dict[str, list] = defaultdict(list)
    for d in _rows(docs, _Doc):
        by_number[re.sub(r"\s*\([^()]*\)$", "", d.doc_id)].append(d)
    out: dict[str, str] = {}
    problems = []
    candidates = plans[plans["doc_number"].isin(list(by_number))]  # the others cannot match; skip their rows
    for p in _rows(candidates, _Plan):
        place = None
        found = []
        for d in by_number[p.doc_number]:
            bracket = d.doc_id[len(p.doc_number):].strip()[1:-1]
            if bracket and place is None:
                place = fold(" ".join(str(x) for x in (p.issuer, p.locality, p.province) if not pd.isna(x)))
            if bracket and fold(bracket) not in place:
                continue
            if not pd.isna(d.date) and d.date != p.issued:
                continue
            if find_province(d.issuer) not in (None, p.province):
                continue
            found.append(d.doc_id)
        file, line = where.get(p.plan_id, (REGISTRY_FILE, None))
        if len(found) > 1:
            problems.append(Problem(file, line, "doc_number", p.doc_number,
                                    f"plan {p.plan_id} matches several entries {found} of {REGISTRY_FILE}: "
                                    "add the locality in brackets"))
        elif found and found[0] in out:
            problems.append(Problem(file, line, "doc_number", found[0], f"matches two plans, {out[found[0]]} "
                                    f"and {p.plan_id}: add the locality in brackets in {REGISTRY_FILE}"))
        elif found:
            out[found[0]] = p.plan_id
    return out, problems


def clashes(plan_ids: set[str], doc_ids: set[str], agency_ids: set[str], merged: dict[str, str]) -> set[str]:
    """Ids used by two kinds of node (plan, document, agency); a plan merged with its registry row is one node."""
    found = (plan_ids | doc_ids) & agency_ids
    return found | (plan_ids & (doc_ids - set(merged)))


def unregistered_plans(ds, merged: dict[str, str], where: dict[str, tuple[str, int | None]] | None = None
                       ) -> list[Problem]:
    """A numbered plan needs its own registry row, so that a plan citing it resolves to it (a data rule of
    `validate`; the graph itself also works for a plan outside the registry, as its own node)."""
    own = set(merged.values())
    problems = []
    for p in _rows(ds.plans[ds.plans["doc_number"].notna()], _Plan):
        if p.plan_id not in own:
            file, line = (where or {}).get(p.plan_id, ("data/plans", None))
            problems.append(Problem(file, line, "doc_number", p.doc_number,
                                    "the plan's own number has no row in reference/legal_documents.csv: add it "
                                    "(issuer, date, title), so that a plan citing this one resolves to it"))
    return problems


def node_problems(ds, where: dict[str, tuple[str, int | None]] | None = None,
                  registry_lines: dict[str, dict[str, int]] | None = None) -> tuple[dict[str, str], list[Problem]]:
    """The plan ↔ registry matches of a dataset and every problem with its nodes."""
    merged, problems = registry_match(ds.plans, ds.legal_documents, province_finder(ds.provinces), where)
    lines = registry_lines or {}
    plan_ids, doc_ids = set(ds.plans["plan_id"].tolist()), set(ds.legal_documents["doc_id"].tolist())
    agency_ids = set(ds.agencies["agency_id"].tolist())
    for c in sorted(clashes(plan_ids, doc_ids, agency_ids, merged)):
        kinds = [k for k, ids in (("plan", plan_ids), ("document", doc_ids), ("agency", agency_ids)) if c in ids]
        if c in agency_ids:
            file, line = "data/reference/agencies.csv", lines.get("agencies", {}).get(c)
        elif c in doc_ids:
            file, line = REGISTRY_FILE, lines.get("legal_documents", {}).get(c)
        else:
            file, line = where.get(c, ("data/plans", None)) if where else ("data/plans", None)
        problems.append(Problem(file, line, "id", c, f"used by two kinds of node ({', '.join(kinds)}); "
                                "ids must differ across plans, documents and agencies"))
    return merged, problems
