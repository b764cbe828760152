"""Check notebook parameters before any analysis runs.

A researcher passes parameters on the command line (papermill); a typo must end
the run with one message that says what is accepted (the valid plan ids, the
pillars, the expected type), not with a KeyError deep in pandas. Every failure
raises `UsageError`, which `dxcompare report` turns into exit 1 and that message.
"""
from __future__ import annotations

import difflib
import unicodedata
from typing import Any

from . import schema
from .compare import MONEY_UNITS
from .errors import UsageError

ALL = "all"


def _type_name(value: Any) -> str:
    return f"{type(value).__name__} {value!r}"


def _did_you_mean(value: str, valid) -> str:
    """' Did you mean 'digital_government'?' for a near miss (a typo), else ''."""
    close = difflib.get_close_matches(value, [str(v) for v in valid], n=1, cutoff=0.6)
    return f" Did you mean {close[0]!r}?" if close else ""


def _text(name: str, value: Any, what: str) -> str:
    if not isinstance(value, str):
        raise UsageError(f"{name}: expected {what} (text), got {_type_name(value)}")
    return unicodedata.normalize("NFC", value.strip())


def _choice(name: str, value: Any, choices: dict[str, tuple[str, str]] | tuple[str, ...], what: str,
            optional: bool = True) -> str | None:
    """One of `choices`; None or 'all' means no filter when `optional`."""
    if value is None and optional:
        return None
    value = _text(name, value, f"a {what}")
    if optional and value == ALL:
        return None
    if value not in choices:
        listed = ", ".join(f"{k} ({choices[k][0]} / {choices[k][1]})" if isinstance(choices, dict) else k
                           for k in choices)
        extra = f" (or {ALL!r} / None for every {what})" if optional else ""
        raise UsageError(f"unknown {name} {value!r}.{_did_you_mean(value, choices)} Valid {name}s: {listed}{extra}")
    return value


def check_plans(ds, plans: Any) -> list[str] | None:
    """None for every plan, else the list of ids (a list, or one comma-separated string)."""
    valid = list(ds.plans["plan_id"])
    if plans is None or plans == ALL:
        return None
    if isinstance(plans, str):
        plans = [p for p in plans.split(",") if p.strip()]
    if not isinstance(plans, (list, tuple)):
        raise UsageError(f"plans: expected a list of plan ids or one comma-separated string, got {_type_name(plans)}")
    ids = [_text("plans", p, "a plan id") for p in plans]
    if not ids:
        raise UsageError(f"plans: choose at least one plan. Valid plan ids: {', '.join(valid)}")
    unknown = [p for p in ids if p not in valid]
    if unknown:
        hint = _did_you_mean(unknown[0], valid) if len(unknown) == 1 else ""
        raise UsageError(f"unknown plan id {', '.join(map(repr, unknown))}.{hint} Valid plan ids: {', '.join(valid)}")
    return list(dict.fromkeys(ids))


def check_plan_id(ds, plan_id: Any) -> str:
    valid = list(ds.plans["plan_id"])
    plan_id = _text("plan_id", plan_id, "a plan id")
    if plan_id not in valid:
        raise UsageError(f"unknown plan id {plan_id!r}.{_did_you_mean(plan_id, valid)} "
                         f"Valid plan ids: {', '.join(valid)}")
    return plan_id


def check_year(ds, year: Any) -> int | None:
    """None for every year, else a year for which some plan sets a target."""
    if year is None or year == ALL:
        return None
    if isinstance(year, bool) or not isinstance(year, int):
        raise UsageError(f"year: expected an integer year such as 2025, got {_type_name(year)}")
    years = sorted({int(y) for y in ds.targets["year"].dropna()})
    if year not in years:
        raise UsageError(f"no plan sets a target for year {year}. Years with targets: "
                         f"{', '.join(map(str, years))} (or None for every year)")
    return year


def check_doc(ds, doc_id: Any) -> str:
    valid = list(ds.legal_documents["doc_id"])
    doc_id = _text("focus_doc", doc_id, "a document number such as 749/QĐ-TTg")
    if doc_id not in valid:
        raise UsageError(f"unknown focus_doc {doc_id!r}.{_did_you_mean(doc_id, valid)} "
                         f"Documents in the registry: {', '.join(valid)}")
    return doc_id


CHECKS = {
    "plans": check_plans,
    "plan_id": check_plan_id,
    "year": check_year,
    "focus_doc": check_doc,
    "pillar": lambda ds, v: _choice("pillar", v, schema.PILLARS, "pillar"),
    "scope": lambda ds, v: _choice("scope", v, schema.SCOPES, "scope"),
    "role": lambda ds, v: _choice("role", v, schema.ROLES, "role"),
    "unit": lambda ds, v: _choice("unit", v, tuple(MONEY_UNITS), "unit", optional=False),
}


def validate(ds, **params: Any) -> dict[str, Any]:
    """Check every given parameter against the dataset; return them normalised.

    None (or 'all') for plans, pillar, year, scope or role means no filter.
    """
    unknown = set(params) - set(CHECKS)
    if unknown:
        raise TypeError(f"no check for parameter(s) {sorted(unknown)}")
    return {name: CHECKS[name](ds, value) for name, value in params.items()}
