"""Every comparison the notebooks call with their default parameters, as named callables for timing.

`benchmarks/run.py` times each on a synthetic corpus (stage `comparisons`); the
names say which notebook cell the call comes from. The graph is built once,
before timing, as a notebook builds it once.
"""
from __future__ import annotations

from dxcompare import analysis, present

FOCUS_DOC = "749/QĐ-TTg"


def notebook_calls(ds, G) -> dict:
    """name -> zero-argument callable, in notebook order (01 … 05)."""
    legal = {"graph": G, "include_references": False}
    year = {"pillar": None, "year": 2025, "scope": None}
    columns = list(analysis.plan_labels(ds))
    return {
        "01 overview_summary": lambda: present.overview_summary(ds),
        "01 overview": lambda: present.overview(analysis.overview(ds)),
        "01 count_by (x3)": lambda: [analysis.count_by(ds, column=c) for c in ("admin_level", "doc_type",
                                                                               "completeness")],
        "01 timeline": lambda: analysis.timeline(ds),
        "01 sources": lambda: analysis.sources(ds),
        "02 legal_summary": lambda: present.legal_summary(ds, G, FOCUS_DOC),
        "02 focus_document": lambda: present.focus_document(analysis.focus_document(ds, doc_id=FOCUS_DOC, **legal)),
        "02 cited_documents": lambda: analysis.cited_documents(ds, graph=G, n=10, include_references=True),
        "02 common_bases": lambda: analysis.common_bases(ds, **legal),
        "02 legal_chains": lambda: present.legal_chains(analysis.legal_chains(ds, **legal)),
        "02 alignment": lambda: present.alignment(analysis.alignment(ds, **legal), analysis.plan_labels(ds)),
        "03 targets_summary": lambda: present.targets_summary(ds, **year),
        "03 target_matrix": lambda: present.target_matrix(analysis.select_targets(ds, **year, quotes=False),
                                                          columns),
        "03 indicator_glossary": lambda: present.indicator_glossary(
            analysis.indicator_glossary(ds, ds.indicators["indicator_code"])),
        "03 target_values": lambda: analysis.target_values(ds, **year),
        "03 ambition_gap": lambda: present.ambition_gap(analysis.ambition_gap(ds, **year)),
        "03 target_coverage": lambda: analysis.target_coverage(ds, **year),
        "04 budget_summary": lambda: present.budget_summary(ds),
        "04 budgets": lambda: present.budgets(analysis.budgets(ds)),
        "04 funding_sources": lambda: analysis.funding_sources(ds),
        "04 budget_coverage": lambda: present.coverage_note(analysis.budget_coverage(ds)),
        "05 agency_summary": lambda: present.agency_summary(ds),
        "05 leads_and_partners": lambda: analysis.leads_and_partners(ds),
        "05 role_matrix": lambda: present.role_matrix(analysis.agency_roles(ds), columns),
        "05 agency_successors": lambda: present.agency_successors(analysis.agency_successors(ds)),
    }
