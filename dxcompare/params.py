"""Check notebook parameters before any analysis runs.

A researcher passes parameters on the command line (papermill); a typo must end
the run with one message that says what is accepted (the valid plan ids, the
pillars, the expected type), not with a KeyError deep in pandas. Every failure
raises `UsageError`, which `dxcompare report` turns into exit 1 and that message.
"""
from __future__ import annotations

from typing import Any

from . import schema
from .analysis.outcomes import MEASURES
from .errors import UsageError
from .national.schema import SCHEMES
from .schema import MONEY_UNITS
from .selection import check_ids, did_you_mean, plan_order
from .textnorm import nfc

ALL = "all"


def _type_name(value: Any) -> str:
    return f"{type(value).__name__} {value!r}"


def _text(name: str, value: Any, what: str) -> str:
    if not isinstance(value, str):
        raise UsageError(f"{name}: expected {what} (text), got {_type_name(value)}")
    return nfc(value.strip())


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
        raise UsageError(f"unknown {name} {value!r}.{did_you_mean(value, choices)} Valid {name}s: {listed}{extra}")
    return value


def check_plans(ds, plans: Any) -> list[str] | None:
    """None for every plan, else the list of ids (a list, or one comma-separated string), checked by
    `dxcompare.selection` (the same message as every other entry point)."""
    if plans is None or plans == ALL:
        return None
    if isinstance(plans, str) and plans.strip().startswith("["):
        listed = plans.strip()
        raise UsageError(f"plans: got the text {plans!r}, not a list. papermill's -p passes text: use "
                         f"-y 'plans: {listed}' with papermill, `dxcompare report -p plans \"{listed}\"`, "
                         "or a comma-separated string 'a,b'")
    if isinstance(plans, str):
        plans = [p for p in plans.split(",") if p.strip()]
    if not isinstance(plans, (list, tuple)):
        raise UsageError(f"plans: expected a list of plan ids or one comma-separated string, got {_type_name(plans)}")
    ids = [_text("plans", p, "a plan id") for p in plans]
    valid = plan_order(ds)
    if not ids:
        raise UsageError(f"plans: choose at least one plan. Valid plan ids: {', '.join(valid)}")
    return check_ids(ids, valid)


def check_plan_id(ds, plan_id: Any) -> str:
    return check_ids([_text("plan_id", plan_id, "a plan id")], plan_order(ds))[0]


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
        raise UsageError(f"unknown focus_doc {doc_id!r}.{did_you_mean(doc_id, valid)} "
                         f"Documents in the registry: {', '.join(valid)}")
    return doc_id


def check_flag(name: str, value: Any) -> bool:
    if not isinstance(value, bool):
        raise UsageError(f"{name}: expected True or False, got {_type_name(value)}")
    return value


# --- the national notebooks ---------------------------------------------------------------

def _one_of(name: str, value: Any, valid: list[str]) -> str:
    value = _text(name, value, f"a {name}")
    if value not in valid:
        raise UsageError(f"unknown {name} {value!r}.{did_you_mean(value, valid)} Valid {name}s: {', '.join(valid)}")
    return value


def check_scheme(ds, value: Any) -> str:
    """'63' or '34' (a number is accepted: papermill passes `-p scheme 34` as one)."""
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    return _one_of("scheme", value, list(SCHEMES))


def check_region(ds, value: Any) -> str | None:
    if value is None or value == ALL:
        return None
    return _one_of("region", value, sorted(ds.provinces["region"].unique()))


def _year_in(name: str, value: Any, years: list[int], what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise UsageError(f"{name}: expected an integer year such as 2025, got {_type_name(value)}")
    if value not in years:
        raise UsageError(f"{name}: no {what} for {value}. Years with data: {', '.join(map(str, years)) or 'none'}")
    return value


def check_target_year(ds, value: Any) -> int:
    """A year some province or national document sets a headline target for."""
    years = sorted({int(y) for y in ds.headline_targets["year"].dropna()}
                   | {int(y) for y in ds.national_targets["year"].dropna()})
    return _year_in("year", value, years, "headline target")


def check_dti_year(ds, value: Any) -> int:
    return _year_in("dti_year", value, sorted({int(y) for y in ds.dti["year"].dropna()}), "DTI ranking")


CHECKS = {
    "include_references": lambda ds, v: check_flag("include_references", v),
    "plans": check_plans,
    "plan_id": check_plan_id,
    "year": check_year,
    "focus_doc": check_doc,
    "pillar": lambda ds, v: _choice("pillar", v, schema.PILLARS, "pillar"),
    "scope": lambda ds, v: _choice("scope", v, schema.SCOPES, "scope"),
    "role": lambda ds, v: _choice("role", v, schema.ROLES, "role"),
    "unit": lambda ds, v: _choice("unit", v, tuple(MONEY_UNITS), "unit", optional=False),
    "indicator": lambda ds, v: _one_of("indicator", v, sorted(ds.indicators["indicator_code"])),
    "scheme": check_scheme,
    "region": check_region,
    "target_year": check_target_year,
    "dti_year": check_dti_year,
    "measure": lambda ds, v: _one_of("measure", v, list(MEASURES)),
}


def validate(ds, **params: Any) -> dict[str, Any]:
    """Check every given parameter against the dataset; return them normalised.

    None (or 'all') for plans, pillar, year, scope or role means no filter.
    `include_references` (True / False): count body-text mentions as legal bases too.
    """
    unknown = set(params) - set(CHECKS)
    if unknown:
        raise TypeError(f"no check for parameter(s) {sorted(unknown)}")
    return {name: CHECKS[name](ds, value) for name, value in params.items()}
