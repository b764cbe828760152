"""Run the stages in order and assemble one `ExtractedDocument`.

Order matters: metadata first (the plan's own number is not a citation, its
period end is the default target year), then citations and money, whose spans
keep document numbers, dates and amounts out of the targets.
"""
from __future__ import annotations

import os
from collections.abc import Iterable

from . import agencies, citations, metadata, money, targets
from .normalize import parse
from .records import ExtractedDocument
from .registry import Registries


def extract(text: str | Iterable[str], *, source: str | None = None, data_dir: str | os.PathLike | None = None,
            registries: Registries | None = None) -> ExtractedDocument:
    """Draft structured records from a plan's text (any Unicode string, or its pieces in order, such as
    `read_pieces` gives; never raises on content)."""
    reg = registries if registries is not None else Registries.load(data_dir)
    doc = parse(text)
    del text  # the text is doc.text now; an NFD original goes unless the caller keeps it
    meta = metadata.extract(doc, reg)
    number_spans: list[tuple[int, int]] = []
    cits = citations.extract(doc, meta.doc_number, meta.issued, number_spans)
    budgets, sources, money_spans = money.extract(doc)
    tgts = targets.extract(doc, reg, number_spans + money_spans, meta.period_end, money_spans, meta.issued)
    roles, issuer_id = agencies.extract(doc, reg, meta, number_spans)
    meta.issuer_agency_id = issuer_id
    warnings = _warnings(meta, cits, tgts, roles, reg)
    return ExtractedDocument(source, doc.text, meta, cits, tgts, budgets, sources, roles, warnings)


def _warnings(meta, cits, tgts, roles, reg: Registries) -> list[str]:
    """What a reviewer must decide: missing metadata, unknown documents, guessed years and codes, unknown agencies."""
    out = []
    for field in ("doc_number", "issuer", "issued", "province", "title"):
        if getattr(meta, field) is None:
            out.append(f"metadata: no {field} found in the text")
    if reg.legal_documents is not None:
        for c in cits:
            if c.doc_id not in reg.legal_documents:
                out.append(f"citation {c.doc_id}: not in reference/legal_documents.csv")
    for t in tgts:
        if t.year_from == "plan":
            out.append(f"target {t.value:g}{'%' if t.unit == '%' else ' ' + t.unit} at {t.span[0]}: "
                       f"year {t.year} taken from the plan's period (none in its sentence or heading)")
        if t.indicator_code is None or t.code_score < 0.75:
            out.append(f"target {t.value:g} at {t.span[0]}: no close indicator code in reference/indicators.csv")
    seen = set()
    for a in roles:
        if a.match != "exact" and a.name not in seen:
            seen.add(a.name)
            how = f"closest registry entry {a.agency_id}" if a.agency_id else "left unresolved"
            out.append(f"agency {a.name!r}: not in reference/agencies.csv, {how}")
    return out
