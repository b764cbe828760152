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
    m = doc.meta
    pid = pid or plan_id(doc)
    out = [f"# Draft written by `dxcompare extract` from {source_file}.",
           "# Review every fact against the source, fix what the comments flag, then delete `draft: true`.",
           "draft: true",
           f"plan_id: {pid}"]

    def field(name: str, value, comment: str | None = None, raw: str | None = None) -> None:
        text = raw if raw is not None else _q(value)
        note = f"  # {comment}" if comment else ""
        out.append(f"{name}: {text}{note}")

    todo = "TODO: not found in the text"
    field("doc_number", m.doc_number)
    field("doc_type", m.doc_type)
    field("title", m.title, None if m.title else todo)
    field("title_en", None, "TODO: English gloss")
    field("issuer", m.issuer, None if m.issuer else todo)
    field("admin_level", m.admin_level, None if m.admin_level else todo)
    field("province", m.province, None if m.province in reg.provinces or not reg.provinces else
          "TODO: not a name_vi of reference/provinces.csv")
    field("locality", m.locality)
    field("issued", None, None if m.issued else todo, raw=_date(m.issued))
    field("signer", m.signer)
    field("period_start", m.period_start, None if m.period_start else todo)
    field("period_end", m.period_end, None if m.period_end else todo)
    field("horizon", m.horizon, None if m.horizon else todo)
    field("completeness", m.completeness)
    field("source_file", source_file)
    if m.evidence:
        out.append("evidence:")
        for k, (s, e) in m.evidence.items():
            out.append(f"  {k}: {_q(fold(doc.source_text[s:e]))}")

    out.append("citations:" + ("" if doc.citations else " []"))
    for c in doc.citations:
        if reg.legal_documents is not None and c.doc_id not in reg.legal_documents:
            out.append("  # not yet in reference/legal_documents.csv: add it (type, issuer, date from the quote)")
        out.append(f"  - doc_id: {_q(c.doc_id)}")
        out.append(f"    relation: {c.relation}")
        out.append(f"    quote: {_q(fold(c.quote))}")

    out.append("targets:" + ("" if doc.targets else " []"))
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
            out.append(f"  # {n}")
        out.append(f"  - indicator: {_q(t.indicator)}")
        out.append(f"    indicator_code: {_q(t.indicator_code)}")
        out.append(f"    pillar: {t.pillar}")
        out.append(f"    value: {_q(float(t.value))}")
        out.append(f"    unit: {_q(t.unit)}")
        out.append(f"    comparator: {_q(t.comparator)}")
        out.append(f"    year: {_q(t.year)}")
        out.append(f"    scope: {t.scope}")
        out.append(f"    quote: {_q(fold(t.quote))}")

    out.append("budgets:" + ("" if doc.budgets else " []"))
    for b in doc.budgets:
        out.append(f"  - amount_vnd: {b.amount_vnd}")
        out.append(f"    purpose: {_q(b.purpose or fold(b.quote)[:120])}")
        out.append("    purpose_en: null  # review: an English gloss of the purpose (leave null when unsure)")
        out.append(f"    funding_source: {_q(b.funding_source)}")
        out.append(f"    year: {_q(b.year)}")
        out.append(f"    part_of: {_q(None if b.part_of is None else f'{pid}#budgets-{b.part_of}')}")
        out.append(f"    quote: {_q(fold(b.quote))}")

    out.append("funding_sources:" + ("" if doc.funding_sources else " []"))
    for f in doc.funding_sources:
        out.append(f"  - source: {_q(f.source)}")
        out.append(f"    quote: {_q(fold(f.quote))}")

    assigned = [a for a in doc.agencies if a.agency_id]
    unresolved = [a for a in doc.agencies if not a.agency_id]
    out.append("assignments:" + ("" if assigned else " []"))
    for a in assigned:
        if a.match == "closest":
            out.append(f"  # {_q(a.name)} is not in reference/agencies.csv; {a.agency_id} is the closest entry: check it")
        out.append(f"  - agency_id: {a.agency_id}")
        out.append(f"    name_in_source: {_q(fold(a.surface or a.name))}")
        if a.unit:
            out.append(f"    unit: {_q(a.unit)}")
        out.append(f"    role: {a.role}")
        out.append(f"    task: {_q(a.task or fold(a.quote)[:160])}")
        out.append(f"    deadline: {_date(a.deadline)}")
        out.append(f"    quote: {_q(fold(a.quote))}")
    for a in unresolved:
        out.append(f"  # not in reference/agencies.csv, add it to assign: {_q(a.name)} {a.role}: {_q(fold(a.quote)[:100])}")
    if doc.warnings:
        out.append("# Extractor warnings:")
        out += [f"#   {_NEEDS_ESCAPE.sub(' ', w)}" for w in doc.warnings]
    return "\n".join(out) + "\n"
