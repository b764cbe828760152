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
- Analyses of the national layer (`ambition`, `adoption`, `outcomes`, `merger`,
  `data_coverage`) are about provinces, not plans: `f(ds, *, option=…)`, with
  the province region as `region=` where it applies. A province without a
  value is a row with NA and a status (`not_found`: searched; `not_recorded`:
  never searched), so a reader can tell missing from zero.
- Honest claims: "rests on" means formal bases (`can_cu`, `thuc_hien`) unless
  `include_references=True`; an empty `implements` is "not recorded".
"""
from .adoption import adoption
from .agencies import agency_roles, agency_successors, leads_and_partners, specific_units
from .ambition import ambition, highest_target, national_values
from .budgets import amount_column, budget_coverage, budgets, funding_sources, top_level_budgets
from .legal import FORMAL_RELATIONS, alignment, cited_documents, common_bases, focus_document, legal_chains
from .data_coverage import coverage
from .merger import by_successor, ranges
from .outcomes import Association, ambition_vs_outcome, dti_panel, spearman, trajectories
from .plans import count_by, overview, plan_labels, sources, successor_provinces, timeline
from .profile import plan_assignments, plan_citations, plan_targets
from .targets import (NATIONAL_DOC, NATIONAL_YEARS, ambition_gap, indicator_glossary, select_targets,
                      target_coverage, target_values)

__all__ = ["Association", "FORMAL_RELATIONS", "NATIONAL_DOC", "NATIONAL_YEARS", "adoption", "agency_roles",
           "agency_successors", "alignment", "ambition", "ambition_gap", "ambition_vs_outcome", "by_successor",
           "coverage", "dti_panel", "highest_target", "national_values", "ranges", "spearman", "trajectories", "amount_column", "budget_coverage", "budgets", "cited_documents",
           "common_bases", "count_by", "focus_document", "funding_sources", "indicator_glossary",
           "leads_and_partners", "legal_chains", "overview", "plan_assignments", "plan_citations", "plan_labels",
           "plan_targets", "select_targets", "sources", "specific_units", "successor_provinces", "target_coverage", "target_values",
           "timeline", "top_level_budgets"]
