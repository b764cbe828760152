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


def check_record(raw: dict, columns: tuple[Column, ...], file: str, line_of, problems: list[Problem],
                 *, allow_extra: tuple[str, ...] = ()) -> dict | None:
    """A dict of coerced values, or None when any field is bad (problems appended)."""
    ok = True
    out = {}
    known = {c.name for c in columns} | set(allow_extra)
    for key in raw:
        if key not in known:
            problems.append(Problem(file, line_of(key), str(key), raw[key], "unknown field"))
            ok = False
    for col in columns:
        value = raw.get(col.name)
        if value in _MISSING:
            if col.required:
                problems.append(Problem(file, line_of(col.name), col.name, value, "is required"))
                ok = False
            out[col.name] = None
            continue
        try:
            out[col.name] = coerce(value, col)
        except ValueError as exc:
            problems.append(Problem(file, line_of(col.name), col.name, value, str(exc)))
            ok = False
    return out if ok else None
