"""Quantified targets: which plan sets what number for which indicator, and how it stands against 749/QĐ-TTg.

Absent numbers stay absent: a plan that sets no target is not a plan that targets 0 %.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from .. import schema
from ..selection import per_table, select_plans
from .plans import plan_labels

NATIONAL_YEARS = (2025, 2030)
NATIONAL_DOC = "749/QĐ-TTg"
# Units whose differences are percentage points (a gap in % of % is meaningless).
POINT_UNITS = ("%", "percent_per_year", "percentage_points")
NAN = float("nan")


def lookup(keys: pd.Series, table: pd.Series) -> pd.Series:
    """`keys.map(table)`, looked up once per distinct key (250,000 targets share a few dozen indicator codes)."""
    codes, uniques = pd.factorize(keys, use_na_sentinel=False)
    found = pd.Series(uniques).map(table)
    return pd.Series(found.array.take(codes), index=keys.index, name=keys.name)


def _rank(s: pd.Series, order) -> np.ndarray:
    """Position of each value in `order` (NaN when absent), through the categories of a categorical column."""
    rank = {v: i for i, v in enumerate(order)}
    if not isinstance(s.dtype, pd.CategoricalDtype):
        return s.astype("str").map(rank).to_numpy("float64")
    per_category = np.array([rank.get(str(c), np.nan) for c in s.cat.categories] + [np.nan])
    return per_category[s.cat.codes.to_numpy()]  # code -1 (missing) takes the trailing NaN


def target_rows(ds, plans=None, *, pillar=None, year=None, scope=None) -> tuple[list[str], list[int]]:
    """(chosen plan ids, positions in `ds.targets` of their targets after the filters, in comparison order).

    The order is pillar, indicator, year, plan (oldest first), scope. Only the
    keys are filtered and sorted (a sort on several keys is stable, so the
    order is that of sorting the whole table); the caller then takes the
    columns it needs once: moving the long quotes around was most of the cost.
    """
    ids = select_plans(ds, plans)
    t = ds.targets[["plan_id", "pillar", "indicator_code", "year", "scope"]].reset_index(drop=True)
    t = t.assign(_plan=lookup(t["plan_id"], pd.Series(range(len(ids)), index=ids)))
    t = t[t["_plan"].notna()]  # a chosen plan
    if pillar is not None:
        t = t[t["pillar"] == pillar]
    if year is not None:
        t = t[t["year"] == year]
    if scope is not None:
        t = t[t["scope"] == scope]
    t = t.assign(_pillar=_rank(t["pillar"], schema.PILLARS))
    return ids, t.sort_values(["_pillar", "indicator_code", "year", "_plan", "scope"]).index.tolist()


def _key(name: str, plans, **filters) -> str:
    chosen = None if plans is None else tuple([plans] if isinstance(plans, str) else plans)
    return repr((name, chosen, sorted(filters.items())))


def select_targets(ds, plans=None, *, pillar=None, year=None, scope=None, quotes: bool = True) -> pd.DataFrame:
    """Targets of the chosen plans, filtered, with the indicator's names, unit, scope and national values.

    `quotes=False` leaves out the source wording and quote (faster at national scale). The result is
    kept while the dataset lives: a notebook's summary, matrix, gap and chart ask for the same rows.
    """
    key = _key("select_targets", plans, pillar=pillar, year=year, scope=scope, quotes=quotes)
    found = per_table(key, ds.targets, lambda: _select_targets(ds, plans, pillar, year, scope, quotes))
    return found.copy(deep=False)  # copy-on-write: a caller's change never reaches the kept frame


def _select_targets(ds, plans, pillar, year, scope, quotes: bool) -> pd.DataFrame:
    _, rows = target_rows(ds, plans, pillar=pillar, year=year, scope=scope)
    ind = ds.indicators.set_index("indicator_code")
    text = ["indicator"] if quotes else []
    out = ds.targets[["plan_id", "indicator_code", *text, "pillar", "value", "unit", "comparator",
                      "year", "scope", *(["quote"] if quotes else [])]].iloc[rows].reset_index(drop=True)
    out.insert(1, "plan", lookup(out["plan_id"], plan_labels(ds)).astype("str"))
    codes = out["indicator_code"]
    out["name_vi"] = lookup(codes, ind["name_vi"]).astype("str")
    out["name_en"] = lookup(codes, ind["name_en"]).astype("str")
    for col in ("unit", "scope", "national_2025", "national_comparator_2025",
                "national_2030", "national_comparator_2030"):
        out[f"indicator_{col}" if col in ("unit", "scope") else col] = lookup(codes, ind[col]).to_numpy()
    return out


def indicator_glossary(ds, codes) -> pd.DataFrame:
    """Bilingual names, unit, scope and 749/QĐ-TTg national targets (value, comparator; NaN where none)."""
    ind = ds.indicators.set_index("indicator_code").loc[list(codes)]
    return pd.DataFrame({
        "name_vi": ind["name_vi"], "name_en": ind["name_en"], "unit": ind["unit"], "scope": ind["scope"],
        **{c: ind[c] for y in NATIONAL_YEARS for c in (f"national_{y}", f"national_comparator_{y}")},
    }, index=ind.index)


def target_values(ds, plans=None, *, pillar=None, year=None, scope=None, unit: str = "%") -> pd.DataFrame:
    """Numeric targets in one unit (for plotting): plan, indicator_code, year, value, national value."""
    t = select_targets(ds, plans, pillar=pillar, year=year, scope=scope, quotes=False)
    t = t[t["unit"].astype("str") == unit]
    national = [n[0] for n in _nationals(t)]
    return t.assign(national=national)[["plan_id", "plan", "indicator_code", "year", "scope", "comparator",
                                        "value", "national"]].reset_index(drop=True)


def _plain(s: pd.Series) -> list:
    """A column as Python values, None where missing (comparisons on plain values, not per-cell pandas calls)."""
    return s.astype("object").where(s.notna(), None).tolist()


def _nationals(t: pd.DataFrame) -> list[tuple[float, str | None, str]]:
    """(national value, comparator, note) for each target row of `select_targets`; the note is empty when
    the target compares with the national one (same year, unit in points, same scope)."""
    columns = [_plain(t[c]) for c in ("year", "unit", "indicator_unit", "scope", "indicator_scope",
                                      "national_2025", "national_comparator_2025",
                                      "national_2030", "national_comparator_2030")]
    out = []
    for year, unit, i_unit, scope, i_scope, v25, c25, v30, c30 in zip(*columns):
        if v25 is None and v30 is None:
            out.append((NAN, None, "749/QĐ-TTg không đặt / no national target"))
        elif year not in NATIONAL_YEARS:
            out.append((NAN, None, f"749/QĐ-TTg chỉ đặt cho 2025, 2030 / no national target for {year}"))
        else:
            value, comp = (v25, c25) if year == 2025 else (v30, c30)
            if value is None:
                out.append((NAN, None, f"749/QĐ-TTg không đặt cho {year} / no national target for {year}"))
            elif str(unit) != str(i_unit) or str(unit) not in POINT_UNITS:
                out.append((float(value), comp, "khác đơn vị / not comparable in percentage points"))
            elif str(scope) != str(i_scope):
                out.append((float(value), comp, f"khác phạm vi / national target is for scope {i_scope}"))
            else:
                out.append((float(value), comp, ""))
    return out


def ambition_gap(ds, plans=None, *, pillar=None, year=None, scope=None) -> pd.DataFrame:
    """Each target against 749/QĐ-TTg: plan value minus national value, in percentage points.

    Compared only like with like: same year (2025 or 2030), same unit, and the
    same measured scope (a commune target against the national commune target).
    Anything else gets no gap (NaN) and a note saying why (empty when compared).
    """
    key = _key("ambition_gap", plans, pillar=pillar, year=year, scope=scope)
    return per_table(key, ds.targets, lambda: _ambition_gap(ds, plans, pillar, year, scope)).copy(deep=False)


def _ambition_gap(ds, plans, pillar, year, scope) -> pd.DataFrame:
    t = select_targets(ds, plans, pillar=pillar, year=year, scope=scope, quotes=False)
    found = _nationals(t)
    nat = np.array([f[0] for f in found], dtype="float64")
    notes = [f[2] for f in found]
    compared = np.array([n == "" for n in notes], dtype=bool)
    out = pd.DataFrame({
        "plan_id": t["plan_id"], "plan": t["plan"], "indicator_code": t["indicator_code"],
        "scope": pd.Categorical(t["scope"].astype("str"), categories=list(schema.SCOPES)),
        "year": t["year"].astype("Int64"),
        "value": t["value"].astype("float64"), "comparator": t["comparator"], "unit": t["unit"],
        "national": nat,
        "national_comparator": pd.array([f[1] for f in found], dtype="str"),
        "national_unit": t["indicator_unit"],
        "gap_pp": np.where(compared, t["value"].to_numpy("float64") - nat, np.nan),
        "note": pd.array(notes, dtype="str"),
    })
    return out.reset_index(drop=True)


def target_coverage(ds, plans=None, *, pillar=None, year=None, scope=None) -> pd.DataFrame:
    """Per indicator (first-appearance order): how many chosen plans set a number, and which set none.

    `plans_without` lists their short names (', '-separated), NA when every plan sets one.
    """
    ids, rows = target_rows(ds, plans, pillar=pillar, year=year, scope=scope)
    t = ds.targets[["plan_id", "indicator_code"]].iloc[rows]
    labels = plan_labels(ds).loc[ids]
    # A label is a column of the matrix: two plans with one label count once, as the matrix shows them.
    names = list(dict.fromkeys(labels))
    setters = t.assign(label=lookup(t["plan_id"], labels).astype("str")).groupby(
        "indicator_code", sort=False)["label"].agg(set)
    return pd.DataFrame({
        "n_plans_with": np.array([sum(n in s for n in names) for s in setters], dtype=np.int64),
        "plans_without": pd.array([", ".join(n for n in names if n not in s) or pd.NA for s in setters],
                                  dtype="str"),
    }, index=pd.Index(setters.index.astype("str"), name="indicator_code"))
