"""Row-against-row rules of the national tables (the field rules are in the schema).

Each rule reports `file:line: field: value — why`, like every other rule of
`validate`, so a curator adding a province's facts sees exactly what to fix.
"""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from ..errors import Problem
from .schema import DTI_SCORES, NATIONAL_TABLES, PROVENANCE

PROVENANCE_FIELDS = tuple(c.name for c in PROVENANCE)
ROUNDING = 0.005  # some pages round a DTI score to two decimals (0.54 for 0.5438)
LAT_RANGE = (8.0, 24.0)   # mainland Việt Nam and its near islands
LON_RANGE = (102.0, 110.0)


@dataclass(frozen=True)
class Known:
    """Ids the national tables may point at, from the registries."""

    provinces: frozenset[str]     # codes of the 63 pre-2025 units
    successors: frozenset[str]    # codes of the 34 units from 2025
    indicators: dict[str, str]    # indicator_code -> unit
    documents: frozenset[str]     # legal_documents doc_id


def check(records: dict[str, list[dict]], known: Known, label_of, problems: list[Problem],
          today: dt.date | None = None) -> None:
    today = today or dt.date.today()
    labels = {name: label_of(spec[0]) for name, spec in NATIONAL_TABLES.items()}

    def bad(table: str, rec: dict, field: str, value, why: str) -> None:
        problems.append(Problem(labels[table], rec["_line"], field, value, why))

    for table, rows in records.items():
        for rec in rows:
            _provenance(table, rec, bad, today)
    _catalogue(records["catalogue"], known, bad)
    _headline_targets(records["headline_targets"], records["catalogue"], known, bad)
    _dti(records["dti"], known, bad)
    _national_targets(records["national_targets"], known, bad)
    _centroids(records["centroids"], known, bad, labels["centroids"], problems)
    for table, rows in records.items():
        _conflicts(table, rows, bad)


def _provenance(table: str, rec: dict, bad, today: dt.date) -> None:
    """A web fact names its page, title, read date and place; a gap names what was searched."""
    status = rec.get("status")
    derived = rec.get("method") == "derived_mean_of_predecessors"
    if status == "not_found":
        if not rec.get("searched"):
            bad(table, rec, "searched", None, "a not_found row must say what was searched")
    elif derived:
        if not rec.get("note"):
            bad(table, rec, "note", None, "a derived position must name the units it is derived from")
    else:
        for field in PROVENANCE_FIELDS:
            if not rec.get(field):
                bad(table, rec, field, None, "every fact from the web needs its source URL, page title, "
                                             "read date and place on the page")
    url = rec.get("source_url")
    if url and not url.startswith(("https://", "http://")):
        bad(table, rec, "source_url", url, "expected an http(s) address")
    read = rec.get("read_date")
    if read and read > today:
        bad(table, rec, "read_date", read.isoformat(), "is in the future")
    issued = rec.get("issued")
    if issued and read and issued > read:
        bad(table, rec, "issued", issued.isoformat(), f"is after the date the page was read ({read.isoformat()})")
    elif issued and issued > today:
        bad(table, rec, "issued", issued.isoformat(), "is in the future")


def _catalogue(rows: list[dict], known: Known, bad) -> None:
    keys = {r["doc_key"] for r in rows if r["status"] == "found"}
    for rec in rows:
        for target in filter(None, (t.strip() for t in (rec.get("implements") or "").split(";"))):
            if target not in known.documents and target not in keys:
                bad("catalogue", rec, "implements", target,
                    "neither a doc_id of legal_documents.csv nor a doc_key of this catalogue")
        code, number = rec["province_code"], rec["doc_number"]
        if code not in known.provinces:
            bad("catalogue", rec, "province_code", code, "not a code of provinces.csv")
        if rec["status"] == "not_found":
            expected = f"{code}:not_found:{rec['category']}"
        else:
            for field in ("doc_number", "doc_type", "issuer", "issuer_level"):
                if not rec.get(field):
                    bad("catalogue", rec, field, None, "a found document needs its number, type, issuer and level")
            expected = f"{code}:{number}"
        if rec["doc_key"] != expected:
            bad("catalogue", rec, "doc_key", rec["doc_key"], f"expected {expected!r} (province code:number as written)")
        if rec.get("period_start") and rec.get("horizon") and rec["horizon"] < rec["period_start"]:
            bad("catalogue", rec, "horizon", rec["horizon"], "is before period_start")


def _check_target(table: str, rec: dict, known: Known, bad) -> None:
    unit = known.indicators.get(rec["indicator_code"])
    if unit is None:
        bad(table, rec, "indicator_code", rec["indicator_code"], "not an indicator_code of indicators.csv")
    if rec["status"] != "found":
        return
    for field in ("comparator", "value", "unit", "year"):
        if rec.get(field) is None:
            bad(table, rec, field, None, "a found target needs comparator, value, unit and year")
    if unit is not None and rec.get("unit") and rec["unit"] != unit:
        bad(table, rec, "unit", rec["unit"], f"indicator {rec['indicator_code']} is measured in {unit!r}")
    value = rec.get("value")
    if value is not None:
        if value < 0:
            bad(table, rec, "value", value, "a target cannot be negative")
        elif rec.get("unit") == "%" and value > 100:
            bad(table, rec, "value", value, "a share above 100%")
        elif rec.get("unit") == "rank" and (value < 1 or not float(value).is_integer()):
            bad(table, rec, "value", value, "a rank is a whole number from 1")


def _headline_targets(rows: list[dict], catalogue: list[dict], known: Known, bad) -> None:
    docs = {r["doc_key"]: r["province_code"] for r in catalogue}
    for rec in rows:
        if rec["province_code"] not in known.provinces:
            bad("headline_targets", rec, "province_code", rec["province_code"], "not a code of provinces.csv")
        doc = rec.get("doc_key")
        if doc:
            if doc not in docs:
                bad("headline_targets", rec, "doc_key", doc, "not a doc_key of catalogue.csv")
            elif docs[doc] != rec["province_code"]:
                bad("headline_targets", rec, "doc_key", doc, f"belongs to province {docs[doc]}, not {rec['province_code']}")
        _check_target("headline_targets", rec, known, bad)


def _national_targets(rows: list[dict], known: Known, bad) -> None:
    for rec in rows:
        if rec["document"] not in known.documents:
            bad("national_targets", rec, "document", rec["document"], "not a doc_id of legal_documents.csv")
        _check_target("national_targets", rec, known, bad)


def _dti(rows: list[dict], known: Known, bad) -> None:
    groups: dict[tuple, list[dict]] = defaultdict(list)
    for rec in rows:
        codes = known.provinces if rec["scheme"] == "63" else known.successors
        if rec["province_code"] not in codes:
            bad("dti", rec, "province_code", rec["province_code"],
                f"not a code of the {rec['scheme']}-unit scheme in provinces.csv")
        for name in DTI_SCORES:
            v = rec.get(name)
            if v is not None and not 0.0 <= v <= 1.0:
                bad("dti", rec, name, v, "DTI scores lie between 0 and 1")
        if rec["status"] == "found":
            if rec.get("score") is None and rec.get("rank") is None:
                bad("dti", rec, "score", None, "a found DTI row needs a score or a rank")
            if rec.get("rank") is not None:
                n = rec.get("n_ranked") or int(rec["scheme"])
                if not 1 <= rec["rank"] <= n:
                    bad("dti", rec, "rank", rec["rank"], f"a rank lies between 1 and {n}")
            if rec.get("n_ranked") is not None and rec["n_ranked"] > int(rec["scheme"]):
                bad("dti", rec, "n_ranked", rec["n_ranked"], f"more than the {rec['scheme']} units of the scheme")
            if rec["conflict"] == "false":
                groups[(rec["year"], rec["scheme"])].append(rec)
    for (_year, _scheme), recs in groups.items():
        seen: dict[int, dict] = {}
        for rec in recs:
            r = rec.get("rank")
            if r is None:
                continue
            first = seen.setdefault(r, rec)
            if first is not rec and rec.get("score") != first.get("score"):  # equal (or both unpublished): a tie
                bad("dti", rec, "rank", r, f"rank already given on line {first['_line']} for the same year and "
                                           "scheme, and the scores are not a published tie")
        ranked = sorted((rec for rec in recs if rec.get("rank") is not None and rec.get("score") is not None),
                        key=lambda rec: rec["rank"])
        for better, worse in zip(ranked, ranked[1:]):
            if worse["score"] > better["score"] + ROUNDING:
                bad("dti", worse, "rank", worse["rank"],
                    f"scores {worse['score']} above rank {better['rank']}'s {better['score']} (line {better['_line']})")


def _centroids(rows: list[dict], known: Known, bad, label: str, problems: list[Problem]) -> None:
    if not rows:
        return
    have = defaultdict(set)
    for rec in rows:
        codes = known.provinces if rec["scheme"] == "63" else known.successors
        if rec["unit_code"] not in codes:
            bad("centroids", rec, "unit_code", rec["unit_code"], f"not a code of the {rec['scheme']}-unit scheme")
        if not LAT_RANGE[0] <= rec["latitude"] <= LAT_RANGE[1]:
            bad("centroids", rec, "latitude", rec["latitude"], f"outside Việt Nam ({LAT_RANGE[0]}–{LAT_RANGE[1]})")
        if not LON_RANGE[0] <= rec["longitude"] <= LON_RANGE[1]:
            bad("centroids", rec, "longitude", rec["longitude"], f"outside Việt Nam ({LON_RANGE[0]}–{LON_RANGE[1]})")
        have[rec["scheme"]].add(rec["unit_code"])
    for scheme, codes in (("63", known.provinces), ("34", known.successors)):
        for code in sorted(codes - have[scheme]):
            problems.append(Problem(label, None, "unit_code", code,
                                    f"no position for this unit of the {scheme}-unit scheme (the map needs every unit)"))


def _identity(table: str, rec: dict) -> tuple:
    """What one fact is about, so two rows about it must agree or be flagged."""
    if table == "catalogue":
        return (rec["doc_key"],)
    if table == "headline_targets":
        return (rec["province_code"], rec.get("doc_key"), rec["indicator_code"], rec.get("year"), rec.get("scope"))
    if table == "dti":
        return (rec["province_code"], rec["year"], rec["scheme"])
    if table == "national_targets":
        return (rec["indicator_code"], rec["document"], rec["year"], rec.get("scope"))
    return (rec["scheme"], rec["unit_code"])


def _partner(table: str, rec: dict) -> tuple:
    """What a conflicting row disagrees about: a province's target may be set by a named and an unnamed document."""
    if table == "headline_targets":
        return (rec["province_code"], rec["indicator_code"], rec.get("year"), rec.get("scope"))
    return _identity(table, rec)


def _conflicts(table: str, rows: list[dict], bad) -> None:
    """Two rows about one fact are allowed only when both carry `conflict: true`, and a flag needs a partner."""
    groups: dict[tuple, list[dict]] = defaultdict(list)
    partners: dict[tuple, int] = defaultdict(int)
    for rec in rows:
        if rec.get("status", "found") == "found":
            groups[_identity(table, rec)].append(rec)
            partners[_partner(table, rec)] += 1
    for recs in groups.values():
        for rec in recs[1:]:
            if rec.get("conflict") != "true" or recs[0].get("conflict") != "true":
                bad(table, rec, "conflict", rec.get("conflict"),
                    f"a second row for the same fact (line {recs[0]['_line']}): keep both only with conflict=true")
        for rec in recs:
            if rec.get("conflict") == "true" and partners[_partner(table, rec)] < 2:
                bad(table, rec, "conflict", "true", "flagged as a conflict but no other row gives this fact")
