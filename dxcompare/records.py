"""Check one record's fields against its column specs and coerce them.

Values come from YAML (typed) or CSV (text); both go through the same checks so
a curator gets the same message, naming file, line, field and value, either way.
"""
from __future__ import annotations

import datetime as dt
import math

from .errors import Problem
from .schema import Column

_MISSING = (None, "")


def _as_number(value, kind: str):
    if isinstance(value, bool):
        raise ValueError("expected a number, got true/false")
    if isinstance(value, str):
        try:
            value = float(value) if kind == "float" else int(value)
        except ValueError:
            raise ValueError(f"expected a {'number' if kind == 'float' else 'whole number'}, got text") from None
    if kind == "int":
        if isinstance(value, float) and not value.is_integer():
            raise ValueError("expected a whole number")
        if not isinstance(value, (int, float)):
            raise ValueError("expected a whole number")
        return int(value)
    if not isinstance(value, (int, float)) or math.isnan(float(value)):
        raise ValueError("expected a number")
    return float(value)


def _as_date(value) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    raise ValueError("expected an ISO date YYYY-MM-DD")


def _as_year(value) -> int:
    year = _as_number(value, "int")
    if not 1945 <= year <= 2100:
        raise ValueError("expected a year between 1945 and 2100")
    return year


def coerce(value, col: Column):
    """The value in its Python type; raises ValueError with the reason."""
    if col.kind in ("int", "float"):
        return _as_number(value, col.kind)
    if col.kind == "date":
        return _as_date(value)
    if col.kind == "year":
        return _as_year(value)
    if not isinstance(value, str):
        raise ValueError("expected text" + (" (quote it in YAML)" if col.kind == "category" else ""))
    if col.enum is not None and value not in col.enum:
        raise ValueError("not one of: " + ", ".join(col.enum))
    if not value.strip():
        raise ValueError("is blank")
    return value


_KINDS = {"str": 0, "category": 1, "float": 2, "year": 3, "int": 4, "date": 5}
_specs: dict[tuple, tuple] = {}


def _spec(columns: tuple[Column, ...], allow_extra: tuple[str, ...]) -> tuple:
    # keyed by identity: the column tuples are module constants, and hashing them field by field is slow
    key = (id(columns), allow_extra)
    spec = _specs.get(key)
    if spec is None or spec[0] is not columns:
        known = frozenset(c.name for c in columns) | frozenset(allow_extra)
        checks = tuple((c.name, c.required, _KINDS.get(c.kind, -1), frozenset(c.enum or ()), c) for c in columns)
        spec = _specs[key] = (columns, known, checks)
    return spec


def check_record(raw: dict, columns: tuple[Column, ...], file: str, line_of, problems: list[Problem],
                 *, allow_extra: tuple[str, ...] = ()) -> dict | None:
    """A dict of coerced values, or None when any field is bad (problems appended).

    Nearly every value in a curated file already has its column's type, so that
    case is tested inline (a national corpus has millions of values); anything
    else goes through `coerce`, which gives the same value or the message.
    """
    _columns, known, checks = _spec(columns, allow_extra)
    ok = True
    out = {}
    if not known.issuperset(raw):
        for key in raw:
            if key not in known:
                problems.append(Problem(file, line_of(key), str(key), raw[key], "unknown field"))
                ok = False
    get = raw.get
    for name, required, kind, allowed, col in checks:
        value = get(name)
        if value is None or value == "":
            if required:
                problems.append(Problem(file, line_of(name), name, value, "is required"))
                ok = False
            out[name] = None
            continue
        t = type(value)
        if kind == 0:
            if t is str and not value.isspace():
                out[name] = value
                continue
        elif kind == 1:
            if t is str and value in allowed:
                out[name] = value
                continue
        elif kind == 2:
            if t is int or (t is float and value == value):
                out[name] = float(value)
                continue
        elif kind == 3:
            if t is int and 1945 <= value <= 2100:
                out[name] = value
                continue
        elif kind == 4:
            if t is int:
                out[name] = value
                continue
        elif kind == 5 and t is dt.date:
            out[name] = value
            continue
        try:
            out[name] = coerce(value, col)
        except ValueError as exc:
            problems.append(Problem(file, line_of(name), name, value, str(exc)))
            ok = False
    return out if ok else None
