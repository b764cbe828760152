"""Analyses across plans: typed, tidy tables for researchers, notebooks and reports.

Conventions (a new module, e.g. `national.py`, follows them and is re-exported here):

- One signature shape: `f(ds, plans=None, *, option=…)`. `ds` is a loaded
  `Dataset`; `plans` is None (every plan) or plan ids, checked by
  `dxcompare.selection.select_plans` (an unknown id raises `UsageError` with a
  suggestion); everything else is keyword-only. Analyses of the legal network
  take the graph as `graph=` (`dxcompare.graph.build_graph(ds)`, built once).
- Tidy, typed results: one row per thing, snake_case columns, codes (not
  labels), real dates (`datetime64`), numbers as numbers, `pd.NA` / NaN where
  a value is absent, never "—" or 0. Rows in plan order (oldest first).
- No formatting here: `dxcompare.present` turns these tables into what a
  reader sees (bilingual headers and labels, "—", grouped numbers).
- Honest claims: "rests on" means formal bases (`can_cu`, `thuc_hien`) unless
  `include_references=True`; an empty `implements` is "not recorded".
"""
from .agencies import agency_roles, agency_successors, leads_and_partners
from .budgets import amount_column, budget_coverage, budgets, funding_sources, top_level_budgets
from .legal import FORMAL_RELATIONS, alignment, cited_documents, common_bases, focus_document, legal_chains
from .plans import count_by, overview, plan_labels, sources, successor_provinces, timeline
from .profile import plan_assignments, plan_citations, plan_targets
from .targets import (NATIONAL_DOC, NATIONAL_YEARS, ambition_gap, indicator_glossary, select_targets,
                      target_coverage, target_values)

__all__ = ["FORMAL_RELATIONS", "NATIONAL_DOC", "NATIONAL_YEARS", "agency_roles", "agency_successors", "alignment",
           "ambition_gap", "amount_column", "budget_coverage", "budgets", "cited_documents",
           "common_bases", "count_by", "focus_document", "funding_sources", "indicator_glossary",
           "leads_and_partners", "legal_chains", "overview", "plan_assignments", "plan_citations", "plan_labels",
           "plan_targets", "select_targets", "sources", "successor_provinces", "target_coverage", "target_values",
           "timeline", "top_level_budgets"]
