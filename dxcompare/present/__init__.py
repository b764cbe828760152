"""Presentation: `dxcompare.analysis` tables turned into what a reader reads, in Vietnamese and English.

- `text`: the missing mark "—", Markdown-safe text (`md_text`, `Note`), numbers, targets, short names;
- `tables`: bilingual headers and labels (`table`, `bilingual`, `show`);
- `views`: one formatter per analysis table that needs words (targets, relations, successors …);
- `summaries`: each report's one-line finding (`Summary`);
- `national`: the national layer's views and findings (provinces, DTI, merger ranges).

A notebook calls an analysis, then `present.table(ds, present.<view>(result), index=…)`.
"""
from . import national, summaries, tables, text, views
from .summaries import (SUMMARY_EN, SUMMARY_KEY, SUMMARY_VI, Summary, agency_summary, budget_summary,
                        coverage_note, legal_summary, overview_summary, profile_summary, targets_summary)
from .tables import HEADERS, bilingual, show, table
from .text import MISSING, Note, format_number, format_target, indicator_names, md_text, money_unit, shorten
from .views import (agency_successors, alignment, ambition_gap, budgets, drop_ids, focus_document,
                    indicator_glossary, legal_chains, overview, plan_metadata, plan_targets, plan_title,
                    role_matrix, target_matrix)

__all__ = ["HEADERS", "MISSING", "Note", "SUMMARY_EN", "SUMMARY_KEY", "SUMMARY_VI", "Summary", "agency_successors",
           "agency_summary", "alignment", "ambition_gap", "bilingual", "budget_summary", "budgets", "coverage_note",
           "drop_ids", "focus_document", "format_number", "format_target", "indicator_glossary", "indicator_names",
           "legal_chains", "legal_summary", "md_text", "national", "money_unit", "overview", "overview_summary",
           "plan_metadata", "plan_targets", "plan_title", "profile_summary", "role_matrix", "shorten", "show",
           "summaries", "table", "tables", "target_matrix", "targets_summary", "text", "views"]
