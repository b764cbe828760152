"""`dxcompare.extract`: draft structured records from a plan's raw text.

One stage per module: `normalize` (text and structure) -> `metadata` ->
`citations` -> `money` -> `targets` -> `agencies`, run by `assemble`; `draft`
writes the result in the `data/plans/` format for review. Helpers: `quantities`
(numbers, comparators, years), `indicators` (codes, pillars, scopes),
`agency_names` (names and their registry ids), `roles` (roles from verbs),
`task_tables` (task tables and labelled lines), `layout` (lines and paragraphs
stored compactly), `registry` (reference CSVs),
`sources` (reading files, refusing what is not a UTF-8 text).
"""
from .assemble import extract
from .records import AgencyRole, Budget, Citation, ExtractedDocument, FundingSource, Metadata, Target
from .registry import Registries
from .sources import InputError, extract_path, read_input

__all__ = ["AgencyRole", "Budget", "Citation", "ExtractedDocument", "FundingSource", "InputError", "Metadata",
           "Registries", "Target", "extract", "extract_path", "read_input"]
