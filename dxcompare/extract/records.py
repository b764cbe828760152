"""Typed records produced by the extractor, and their JSON shape.

Every record keeps the span `[start, end)` of the passage it came from in the
NFC text, and `quote == text[start:end]`, so a reviewer can always go back to
the source. The extractor gives a record the document's `SourceText` rather than
a copy of its passage, and `quote` is sliced from it when read: the quotes of a
long plan's records, passages read again and again, weighed about as much as
the text itself. Fields that only the plan-YAML draft needs (indicator codes,
funding sources, deadlines) are kept on the record but left out of the JSON,
whose shape is fixed by issue 3.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field

from .sourcetext import SourceText

Span = tuple[int, int]


def _span(span: Span) -> list[int]:
    return [span[0], span[1]]


class _Quoted:
    """`quote`: the quote given as a string, or `text[span]` of the `SourceText` given instead."""

    __slots__ = ()

    @property
    def quote(self) -> str:
        q = self._quote
        return q if isinstance(q, str) else q[self.span[0]:self.span[1]]


@dataclass(slots=True)
class Citation(_Quoted):
    doc_id: str
    doc_type: str | None
    date: str | None
    issuer: str | None
    relation: str  # can_cu | thuc_hien | reference
    _quote: str | SourceText = field(repr=False)  # see `quote`
    span: Span

    def to_json(self) -> dict:
        return {"doc_id": self.doc_id, "doc_type": self.doc_type, "date": self.date, "issuer": self.issuer,
                "relation": self.relation, "quote": self.quote, "span": _span(self.span)}


@dataclass(slots=True)
class Target(_Quoted):
    indicator: str
    value: float
    unit: str  # % | count | percent_per_year | percentage_points
    comparator: str  # = | > | >= | ~ | <=
    year: int | None
    scope: str
    pillar: str
    _quote: str | SourceText = field(repr=False)  # see `quote`
    span: Span
    indicator_code: str | None = None
    code_score: float = 0.0
    year_from: str = "sentence"  # sentence | heading | table | plan

    def to_json(self) -> dict:
        return {"indicator": self.indicator, "value": self.value, "unit": self.unit, "comparator": self.comparator,
                "year": self.year, "scope": self.scope, "pillar": self.pillar, "quote": self.quote,
                "span": _span(self.span)}


@dataclass(slots=True)
class Budget(_Quoted):
    amount_vnd: int
    purpose: str
    _quote: str | SourceText = field(repr=False)  # see `quote`
    span: Span
    funding_source: str | None = None
    year: int | None = None
    part_of: int | None = None  # a component of the budget at this 1-based position

    def to_json(self) -> dict:
        return {"amount_vnd": self.amount_vnd, "purpose": self.purpose, "quote": self.quote, "span": _span(self.span)}


@dataclass(slots=True)
class FundingSource(_Quoted):
    source: str
    _quote: str | SourceText = field(repr=False)  # see `quote`
    span: Span


class TaskText:
    """An agency's task as the extractor words it: the words of `work[start:end]`, one space apart, without
    edge punctuation, at most 200 characters. Worked out when a record's `task` is read, so that thousands
    of records do not each hold theirs."""

    __slots__ = ("work", "start", "end")

    def __init__(self, work: str, start: int, end: int):
        self.work, self.start, self.end = work, start, end

    def __str__(self) -> str:
        return " ".join(self.work[self.start:self.end].split()).strip(" :;,.")[:200]


@dataclass(slots=True)
class AgencyRole(_Quoted):
    name: str
    agency_id: str | None
    role: str  # lead | coordinate | implement | advise | report
    _task: str | TaskText = field(repr=False)  # see `task`
    _quote: str | SourceText = field(repr=False)  # see `quote`
    span: Span
    deadline: str | None = None
    match: str = "exact"  # exact | closest | none: how agency_id was resolved
    _surface: str | SourceText = field(default="", repr=False)  # see `surface`
    surface_span: Span = (0, 0)
    unit: str | None = None  # the specific locality of a generic body ("Cần Giuộc" for ubnd_huyen)

    @property
    def task(self) -> str:
        """What the agency is to do: the string given, or the `TaskText` given worked out."""
        t = self._task
        return t if isinstance(t, str) else str(t)

    @property
    def surface(self) -> str:
        """The name exactly as written (`name` is the registry's canonical name when resolved): the string
        given, or `text[surface_span]` of the `SourceText` given instead."""
        s = self._surface
        return s if isinstance(s, str) else s[self.surface_span[0]:self.surface_span[1]]

    def to_json(self) -> dict:
        return {"name": self.name, "surface": self.surface, "surface_span": _span(self.surface_span),
                "agency_id": self.agency_id, "unit": self.unit, "role": self.role, "task": self.task,
                "quote": self.quote, "span": _span(self.span)}


@dataclass(slots=True)
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


@dataclass(slots=True)
class ExtractedDocument:
    """Everything drafted from one plan text. The spans index its NFC text: `source_text[a:b]` slices it
    without building it; `text` is the whole of it, built (once) when it is read."""

    source: str | None
    source_text: SourceText = field(repr=False)  # a plain str is taken too
    meta: Metadata
    citations: list[Citation] = field(default_factory=list)
    targets: list[Target] = field(default_factory=list)
    budgets: list[Budget] = field(default_factory=list)
    funding_sources: list[FundingSource] = field(default_factory=list)
    agencies: list[AgencyRole] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    _text: str | None = field(default=None, init=False, repr=False, compare=False)

    def __post_init__(self):
        if isinstance(self.source_text, str):
            self.source_text = SourceText(self.source_text, [])

    @property
    def text(self) -> str:
        """The NFC text the spans index (a second copy of a long text: the command line never asks for it)."""
        if self._text is None:
            self._text = str(self.source_text)
        return self._text

    def to_json(self) -> dict:
        head, lists = self._json_parts()
        return {**head, **{key: [r.to_json() for r in records] if key != "warnings" else list(records)
                           for key, records in lists}}

    def _json_parts(self) -> tuple[dict, list[tuple[str, list]]]:
        m = self.meta
        head = {"source": self.source, "doc_number": m.doc_number, "doc_type": m.doc_type, "issuer": m.issuer,
                "admin_level": m.admin_level, "province": m.province, "locality": m.locality, "issued": m.issued,
                "signer": m.signer, "title": m.title}
        return head, [("citations", self.citations), ("targets", self.targets), ("budgets", self.budgets),
                      ("agencies", self.agencies), ("warnings", self.warnings)]

    def write_json(self, write, indent: int | None = None, margin: str = "") -> None:
        """Write `json.dumps(self.to_json(), ensure_ascii=False, indent=indent)` through `write`, a record
        at a time, with `margin` before every line: the same bytes, without the whole text in memory.

        JSON strings never hold a raw line break, so indenting the lines of a record's own dump nests it.
        """
        head, lists = self._json_parts()
        step = " " * indent if indent is not None else None
        open_, sep, close, key_sep = (("{", ", ", "}", ": ") if step is None else
                                      ("{\n" + margin + step, ",\n" + margin + step, "\n" + margin + "}", ": "))
        write(margin + open_)
        first = True
        for key, value in head.items():
            write(("" if first else sep) + _dumps(key) + key_sep + _dumps(value))
            first = False
        for key, records in lists:
            write(sep + _dumps(key) + key_sep)
            if not records:
                write("[]")
                continue
            inner = None if step is None else "\n" + margin + step * 2
            write("[" if step is None else "[" + inner)
            for i, r in enumerate(records):
                item = r if key == "warnings" else r.to_json()
                if step is None:
                    write((", " if i else "") + _dumps(item))
                else:
                    write(("," + inner if i else "") + _encoder(indent).encode(item).replace("\n", inner))
            write("]" if step is None else "\n" + margin + step + "]")
        write(close)


_ENCODERS: dict[int | None, json.JSONEncoder] = {}


def _encoder(indent: int | None) -> json.JSONEncoder:
    """`json.dumps(…, ensure_ascii=False, indent=indent)` without building an encoder for every record."""
    enc = _ENCODERS.get(indent)
    if enc is None:
        enc = _ENCODERS[indent] = json.JSONEncoder(ensure_ascii=False, indent=indent)
    return enc


def _dumps(value) -> str:
    return _encoder(None).encode(value)
