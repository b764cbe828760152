"""Typed records produced by the extractor, and their JSON shape.

Every record keeps the span `[start, end)` of the passage it came from in the
NFC text, and `quote == text[start:end]`, so a reviewer can always go back to
the source. Fields that only the plan-YAML draft needs (indicator codes,
funding sources, deadlines) are kept on the record but left out of the JSON,
whose shape is fixed by issue 3.
"""
from __future__ import annotations

from dataclasses import dataclass, field

Span = tuple[int, int]


def _span(span: Span) -> list[int]:
    return [span[0], span[1]]


@dataclass
class Citation:
    doc_id: str
    doc_type: str | None
    date: str | None
    issuer: str | None
    relation: str  # can_cu | thuc_hien | reference
    quote: str
    span: Span

    def to_json(self) -> dict:
        return {"doc_id": self.doc_id, "doc_type": self.doc_type, "date": self.date, "issuer": self.issuer,
                "relation": self.relation, "quote": self.quote, "span": _span(self.span)}


@dataclass
class Target:
    indicator: str
    value: float
    unit: str  # % | count | percent_per_year | percentage_points
    comparator: str  # = | > | >= | ~ | <=
    year: int | None
    scope: str
    pillar: str
    quote: str
    span: Span
    indicator_code: str | None = None
    code_score: float = 0.0
    year_from: str = "sentence"  # sentence | heading | table | plan

    def to_json(self) -> dict:
        return {"indicator": self.indicator, "value": self.value, "unit": self.unit, "comparator": self.comparator,
                "year": self.year, "scope": self.scope, "pillar": self.pillar, "quote": self.quote,
                "span": _span(self.span)}


@dataclass
class Budget:
    amount_vnd: int
    purpose: str
    quote: str
    span: Span
    funding_source: str | None = None
    year: int | None = None
    part_of: int | None = None  # a component of the budget at this 1-based position

    def to_json(self) -> dict:
        return {"amount_vnd": self.amount_vnd, "purpose": self.purpose, "quote": self.quote, "span": _span(self.span)}


@dataclass
class FundingSource:
    source: str
    quote: str
    span: Span


@dataclass
class AgencyRole:
    name: str
    agency_id: str | None
    role: str  # lead | coordinate | implement | advise | report
    task: str
    quote: str
    span: Span
    deadline: str | None = None
    match: str = "exact"  # exact | closest | none: how agency_id was resolved
    surface: str = ""  # the name exactly as written; `name` is the registry's canonical name when resolved
    surface_span: Span = (0, 0)
    unit: str | None = None  # the specific locality of a generic body ("Cần Giuộc" for ubnd_huyen)

    def to_json(self) -> dict:
        return {"name": self.name, "surface": self.surface, "surface_span": _span(self.surface_span),
                "agency_id": self.agency_id, "unit": self.unit, "role": self.role, "task": self.task,
                "quote": self.quote, "span": _span(self.span)}


@dataclass
class Metadata:
    doc_number: str | None = None
    doc_type: str | None = None
    issuer: str | None = None
    issuer_agency_id: str | None = None
    admin_level: str | None = None
    province: str | None = None
    locality: str | None = None
    issued: str | None = None
    signer: str | None = None
    title: str | None = None
    period_start: int | None = None
    period_end: int | None = None
    horizon: int | None = None
    completeness: str = "full"
    evidence: dict[str, Span] = field(default_factory=dict)


@dataclass
class ExtractedDocument:
    """Everything drafted from one plan text; `text` is the NFC text the spans index."""

    source: str | None
    text: str = field(repr=False)
    meta: Metadata
    citations: list[Citation] = field(default_factory=list)
    targets: list[Target] = field(default_factory=list)
    budgets: list[Budget] = field(default_factory=list)
    funding_sources: list[FundingSource] = field(default_factory=list)
    agencies: list[AgencyRole] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def to_json(self) -> dict:
        m = self.meta
        return {
            "source": self.source, "doc_number": m.doc_number, "doc_type": m.doc_type, "issuer": m.issuer,
            "admin_level": m.admin_level, "province": m.province, "locality": m.locality, "issued": m.issued,
            "signer": m.signer, "title": m.title,
            "citations": [c.to_json() for c in self.citations],
            "targets": [t.to_json() for t in self.targets],
            "budgets": [b.to_json() for b in self.budgets],
            "agencies": [a.to_json() for a in self.agencies],
            "warnings": list(self.warnings),
        }
