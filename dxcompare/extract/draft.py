"""Write an extraction as a draft plan file in the `data/plans/` format.

The draft carries `draft: true` (the loader refuses it until a curator has
reviewed it) and comments wherever a value needs a decision: a code the
registries lack, a year taken from the plan's period, an agency resolved only
to its closest registry entry. Quotes are the extracted passages with white
space folded, which the loader matches back to the raw text.
"""
from __future__ import annotations

import json
import re

from ..textnorm import fold, slug
from .records import ExtractedDocument
from .registry import Registries

_NEEDS_ESCAPE = re.compile("[\u0000-\u001f\u007f-\u009f\u2028\u2029\ufeff\ud800-\udfff]")


def _q(value) -> str:
    """A YAML scalar: null, a number, an ISO date, or a double-quoted string."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    s = json.dumps(str(value), ensure_ascii=False)
    return _NEEDS_ESCAPE.sub(lambda m: f"\\u{ord(m.group()):04x}", s)


def _date(value: str | None) -> str:
    return value if value and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value) else "null"


def plan_id(doc: ExtractedDocument) -> str:
    """'locality-number-year': province, or commune and district, then the number and the year."""
    m = doc.meta
    parts: list[str] = []
    if m.admin_level in ("district", "commune") and m.locality:
        parts += [re.sub(r"^(?:xã|phường|thị trấn|huyện|quận|thị xã|thành phố)\s+", "", p.strip())
                  for p in m.locality.split(",")]
    elif m.province:
        parts.append(re.sub(r"^(?:Thành phố|Tỉnh)\s+", "", m.province))
    if m.doc_number:
        parts.append(m.doc_number.split("/")[0])
    year = (m.issued or "")[:4] or (str(m.period_start) if m.period_start else "")
    if year:
        parts.append(year)
    return slug(" ".join(parts)) or "plan-draft"


def plan_yaml(doc: ExtractedDocument, source_file: str, reg: Registries, pid: str | None = None) -> str:
    """The draft, as one string."""
    return "".join(line + "\n" for line in _lines(doc, source_file, reg, pid))


def write_plan_yaml(write, doc: ExtractedDocument, source_file: str, reg: Registries, pid: str | None = None) -> None:
    """`write(plan_yaml(…))` a line at a time: a long plan's folded quotes are never all held at once."""
    for line in _lines(doc, source_file, reg, pid):
        write(line + "\n")


def _lines(doc: ExtractedDocument, source_file: str, reg: Registries, pid: str | None):
    m = doc.meta
    pid = pid or plan_id(doc)
    yield from (f"# Draft written by `dxcompare extract` from {source_file}.",
                "# Review every fact against the source, fix what the comments flag, then delete `draft: true`.",
                "draft: true",
                f"plan_id: {pid}")

    def field(name: str, value, comment: str | None = None, raw: str | None = None) -> str:
        text = raw if raw is not None else _q(value)
        note = f"  # {comment}" if comment else ""
        return f"{name}: {text}{note}"

    todo = "TODO: not found in the text"
    yield field("doc_number", m.doc_number)
    yield field("doc_type", m.doc_type)
    yield field("title", m.title, None if m.title else todo)
    yield field("title_en", None, "TODO: English gloss")
    yield field("issuer", m.issuer, None if m.issuer else todo)
    yield field("admin_level", m.admin_level, None if m.admin_level else todo)
    yield field("province", m.province, None if m.province in reg.provinces or not reg.provinces else
                "TODO: not a name_vi of reference/provinces.csv")
    yield field("locality", m.locality)
    yield field("issued", None, None if m.issued else todo, raw=_date(m.issued))
    yield field("signer", m.signer)
    yield field("period_start", m.period_start, None if m.period_start else todo)
    yield field("period_end", m.period_end, None if m.period_end else todo)
    yield field("horizon", m.horizon, None if m.horizon else todo)
    yield field("completeness", m.completeness)
    yield field("source_file", source_file)
    if m.evidence:
        yield "evidence:"
        for k, (s, e) in m.evidence.items():
            yield f"  {k}: {_q(fold(doc.source_text[s:e]))}"

    yield "citations:" + ("" if doc.citations else " []")
    for c in doc.citations:
        if reg.legal_documents is not None and c.doc_id not in reg.legal_documents:
            yield "  # not yet in reference/legal_documents.csv: add it (type, issuer, date from the quote)"
        yield f"  - doc_id: {_q(c.doc_id)}"
        yield f"    relation: {c.relation}"
        yield f"    quote: {_q(fold(c.quote))}"

    yield "targets:" + ("" if doc.targets else " []")
    codes = {i.code for i in reg.indicators}
    for t in doc.targets:
        notes = []
        if t.indicator_code is None or t.indicator_code not in codes:
            notes.append("no indicator code: add one to reference/indicators.csv")
        elif t.code_score < 0.75:
            notes.append(f"indicator_code is only the closest registry entry (score {t.code_score:.2f}): check it")
        if t.year_from == "plan":
            notes.append("year taken from the plan's period: check it")
        for n in notes:
            yield f"  # {n}"
        yield f"  - indicator: {_q(t.indicator)}"
        yield f"    indicator_code: {_q(t.indicator_code)}"
        yield f"    pillar: {t.pillar}"
        yield f"    value: {_q(float(t.value))}"
        yield f"    unit: {_q(t.unit)}"
        yield f"    comparator: {_q(t.comparator)}"
        yield f"    year: {_q(t.year)}"
        yield f"    scope: {t.scope}"
        yield f"    quote: {_q(fold(t.quote))}"

    yield "budgets:" + ("" if doc.budgets else " []")
    for b in doc.budgets:
        yield f"  - amount_vnd: {b.amount_vnd}"
        yield f"    purpose: {_q(b.purpose or fold(b.quote)[:120])}"
        yield "    purpose_en: null  # review: an English gloss of the purpose (leave null when unsure)"
        yield f"    funding_source: {_q(b.funding_source)}"
        yield f"    year: {_q(b.year)}"
        yield f"    part_of: {_q(None if b.part_of is None else f'{pid}#budgets-{b.part_of}')}"
        yield f"    quote: {_q(fold(b.quote))}"

    yield "funding_sources:" + ("" if doc.funding_sources else " []")
    for f in doc.funding_sources:
        yield f"  - source: {_q(f.source)}"
        yield f"    quote: {_q(fold(f.quote))}"

    assigned = [a for a in doc.agencies if a.agency_id]
    unresolved = [a for a in doc.agencies if not a.agency_id]
    yield "assignments:" + ("" if assigned else " []")
    for a in assigned:
        if a.match == "closest":
            yield f"  # {_q(a.name)} is not in reference/agencies.csv; {a.agency_id} is the closest entry: check it"
        yield f"  - agency_id: {a.agency_id}"
        yield f"    name_in_source: {_q(fold(a.surface or a.name))}"
        if a.unit:
            yield f"    unit: {_q(a.unit)}"
        yield f"    role: {a.role}"
        yield f"    task: {_q(a.task or fold(a.quote)[:160])}"
        yield f"    deadline: {_date(a.deadline)}"
        yield f"    quote: {_q(fold(a.quote))}"
    for a in unresolved:
        yield f"  # not in reference/agencies.csv, add it to assign: {_q(a.name)} {a.role}: {_q(fold(a.quote)[:100])}"
    if doc.warnings:
        yield "# Extractor warnings:"
        yield from (f"#   {_NEEDS_ESCAPE.sub(' ', w)}" for w in doc.warnings)
