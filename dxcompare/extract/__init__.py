"""`dxcompare.extract`: draft structured records from a plan's raw text.

One stage per module: `normalize` (text and structure) -> `metadata` ->
`citations` -> `money` -> `targets` -> `agencies`, run by `assemble`; `draft`
writes the result in the `data/plans/` format for review. Helpers: `quantities`
(numbers, comparators, years), `indicators` (codes, pillars, scopes),
`agency_names` (names and their registry ids), `roles` (roles from verbs),
`task_tables` (task tables and labelled lines), `layout` (lines and paragraphs
stored compactly), `lines` (physical lines and page furniture, a piece of text
at a time), `sourcetext` (the NFC text held once), `registry` (reference CSVs),
`sources` (reading files a piece at a time, refusing what is not a UTF-8 text),
`issuer` (the issuing body, its place and level, for `metadata`), `columns` (tables laid out
in columns without `|`, for `lines`), `stacked` (tables a copy flattened to one cell a line,
for `lines`).
"""
from .assemble import extract
from .records import AgencyRole, Budget, Citation, ExtractedDocument, FundingSource, Metadata, Target
from .registry import Registries
from .sources import InputError, extract_path, read_input, read_pieces

__all__ = ["AgencyRole", "Budget", "Citation", "ExtractedDocument", "FundingSource", "InputError", "Metadata",
           "Registries", "Target", "extract", "extract_path", "read_input", "read_pieces"]
