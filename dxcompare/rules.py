"""Check one record's fields against its column specs and coerce them.

Values come from YAML (typed) or CSV (text); both go through the same checks so
a curator gets the same message, naming file, line, field and value, either way.
Numbers must be finite and fit a 64-bit column; ids must not hold look-alike or
invisible characters (a `749/QÐ-TTg` with U+00D0 would be a second, identical-
looking node in every graph and table).
"""
from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata

from .errors import Problem
from .schema import Column

INT_LIMIT = 2**63  # int64 columns
# Columns that hold identifiers (or lists of them, ';'-separated): checked by `id_problem`.
ID_COLUMNS = frozenset({"plan_id", "doc_number", "doc_id", "implements", "indicator_code", "agency_id", "successor",
                        "code", "successor_code", "national_doc", "source_file",
                        "doc_key", "target_key", "province_code", "unit_code", "document"})
_PLAIN_ID = re.compile(r"[ -~\u0110\u0111]+")  # printable ASCII and Đ đ
_VIETNAMESE_MARKS = frozenset("\u0300\u0301\u0303\u0309\u0323\u0302\u0306\u031b")


def _id_char_ok(ch: str) -> bool:
    """ASCII, Đ/đ, or an ASCII letter carrying Vietnamese diacritics (ế, ư, ộ …)."""
    if ch in "\u0110\u0111" or (" " <= ch <= "~"):
        return True
    base, *marks = unicodedata.normalize("NFD", ch)
    return base.isascii() and base.isalpha() and bool(marks) and all(m in _VIETNAMESE_MARKS for m in marks)


def id_problem(value: str) -> str | None:
    """Why `value` is not an acceptable id (a look-alike, invisible or space character), else None."""
    if _PLAIN_ID.fullmatch(value):
        return None
    for ch in value:
        if not _id_char_ok(ch):
            name = unicodedata.name(ch, "unnamed character")
            hint = " (a look-alike of Đ U+0110?)" if ch in "\u00d0\u0189" else ""
            return f"contains U+{ord(ch):04X} {name}{hint}; ids use letters, digits, spaces and - _ / . ( ) only"
    return None


def _as_number(value, kind: str):
    if isinstance(value, bool):
        raise ValueError("expected a number, got true/false")
    if isinstance(value, str):
        try:
            value = float(value) if kind == "float" else int(value)
        except ValueError:
            raise ValueError(f"expected a {'number' if kind == 'float' else 'whole number'}, got text") from None
    if not isinstance(value, (int, float)):
        raise ValueError("expected a " + ("whole number" if kind == "int" else "number"))
    if isinstance(value, float) and not math.isfinite(value):
        raise ValueError("expected a finite number (not .inf or .nan)")
    if kind == "int":
        if isinstance(value, float) and not value.is_integer():
            raise ValueError("expected a whole number")
        if not -INT_LIMIT < int(value) < INT_LIMIT:
            raise ValueError("too large for a 64-bit whole number; check the digits and the unit")
        return int(value)
    try:
        return float(value)
    except OverflowError:
        raise ValueError("too large to be a number") from None


def _as_date(value) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
                raise ValueError("not a date in the calendar") from None
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
    if col.name in ID_COLUMNS:
        why = id_problem(value)
        if why:
            raise ValueError(why)
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
                if name in ID_COLUMNS:
                    why = id_problem(value)
                    if why:
                        problems.append(Problem(file, line_of(name), name, value, why))
                        ok = False
                out[name] = value
                continue
        elif kind == 1:
            if t is str and value in allowed:
                out[name] = value
                continue
        elif kind == 2:
            if (t is int and -INT_LIMIT < value < INT_LIMIT) or (t is float and -math.inf < value < math.inf):
                out[name] = float(value)
                continue
        elif kind == 3:
            if t is int and 1945 <= value <= 2100:
                out[name] = value
                continue
        elif kind == 4:
            if t is int and -INT_LIMIT < value < INT_LIMIT:
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
