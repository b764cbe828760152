"""The one plan selector: which plans a comparison, a figure or a graph query is about.

Every entry point (notebook parameters, `dxcompare.analysis`, `dxcompare.graph`,
`dxcompare.network_figures`) checks plan ids here, so a typo gives the same
`UsageError` everywhere: the unknown id, a suggestion ("Did you mean …?", also
for a shortened id such as `long-an`), and the valid ids. Plans come oldest
first, so a plan keeps its column and colour in every table and figure.
"""
from __future__ import annotations

import difflib
import weakref
from collections.abc import Callable, Iterable

from .errors import UsageError
from .textnorm import nfc

LISTED = 20  # valid ids named in a message; a national corpus has thousands
_MEMO: dict[tuple[str, int], tuple[weakref.ref, object]] = {}


def per_table(name: str, frame, compute: Callable[[], object]):
    """`compute()`, remembered for as long as the table `frame` lives (a dataset's tables are never changed
    in place): plan order and short names are asked for by every comparison, once per notebook cell."""
    key = (name, id(frame))
    hit = _MEMO.get(key)
    if hit is not None and hit[0]() is frame:
        return hit[1]
    value = compute()
    _MEMO[key] = (weakref.ref(frame, lambda _, k=key: _MEMO.pop(k, None)), value)
    return value


def did_you_mean(value: str, valid: Iterable[str]) -> str:
    """' Did you mean 'x'?' for a near miss or a shortened id (the start of one or more ids), else ''."""
    valid = [str(v) for v in valid]
    starts = sorted(v for v in valid if value and v.startswith(value))
    if len(starts) == 1:
        return f" Did you mean {starts[0]!r}?"
    if starts:
        more = f" (+{len(starts) - 3})" if len(starts) > 3 else ""
        return f" Did you mean one of {', '.join(map(repr, starts[:3]))}{more}?"
    close = difflib.get_close_matches(value, valid, n=1, cutoff=0.6)
    return f" Did you mean {close[0]!r}?" if close else ""


def _listed(valid: list[str]) -> str:
    more = f", … ({len(valid)} in all)" if len(valid) > LISTED else ""
    return ", ".join(valid[:LISTED]) + more


def unknown_plans(unknown: list[str], valid: list[str]) -> UsageError:
    """The error for ids that are not plans: each named, a suggestion for a single one, the valid ids."""
    hint = did_you_mean(unknown[0], valid) if len(unknown) == 1 else ""
    return UsageError(f"unknown plan id {', '.join(map(repr, unknown))}.{hint} Valid plan ids: {_listed(valid)}")


def check_ids(requested: Iterable[str] | str, valid: list[str]) -> list[str]:
    """`requested` (one id or several) in NFC, each checked against `valid`; duplicates dropped, order kept."""
    requested = [requested] if isinstance(requested, str) else list(requested)
    ids = [nfc(str(p).strip()) for p in requested]
    known = set(valid)
    unknown = [p for p in ids if p not in known]
    if unknown:
        raise unknown_plans(unknown, valid)
    return list(dict.fromkeys(ids))


def plan_order(ds) -> list[str]:
    """Every plan id, oldest first (ties by id): the order of every table and figure."""
    return list(per_table("plan_order", ds.plans,
                          lambda: ds.plans.sort_values(["issued", "plan_id"])["plan_id"].tolist()))


def select_plans(ds, plans: Iterable[str] | str | None = None) -> list[str]:
    """The chosen plan ids in `plan_order` (all when `plans` is None); an unknown id raises `UsageError`."""
    order = plan_order(ds)
    if plans is None:
        return order
    chosen = set(check_ids(plans, order))
    return [p for p in order if p in chosen]
