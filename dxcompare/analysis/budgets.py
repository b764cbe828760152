"""Money: the amounts plans state, the funding sources they name, and how much of that a copy shows.

A plan may state a total and its parts; `part_of` links a part to its whole by
the whole's `fact_id`, so `top_level_budgets` (or the `top_level` column) gives
amounts that can be added without counting anything twice.
"""
from __future__ import annotations

import pandas as pd

from ..schema import MONEY_UNITS
from ..selection import select_plans
from .plans import plan_labels


def amount_column(unit: str) -> str:
    """Name of the amount column in `unit`: amount_vnd, amount_million_vnd, amount_billion_vnd."""
    return "amount_vnd" if unit == "VND" else f"amount_{unit}_vnd"


def _in_plan_order(df: pd.DataFrame, plan_ids: pd.Series, ids: list[str]) -> pd.DataFrame:
    order = plan_ids.map({p: i for i, p in enumerate(ids)}).to_numpy()
    return df.assign(_plan=order).sort_values("_plan", kind="stable").drop(columns="_plan").reset_index(drop=True)


def budgets(ds, plans=None, *, unit: str = "million") -> pd.DataFrame:
    """Every stated amount, per plan and purpose, in `unit` (VND, million, billion), as stated.

    `purpose_en` is the curated English gloss (NA when not glossed, never
    machine-made). `part_of` is the `fact_id` of the amount a row is a component of (NA for a
    total or a stand-alone amount); `top_level` is True for rows that are part
    of nothing: summing those never double counts.
    """
    factor = MONEY_UNITS[unit][0]
    ids = select_plans(ds, plans)
    b = ds.budgets[ds.budgets["plan_id"].isin(ids)]
    amount = b["amount_vnd"] if unit == "VND" else b["amount_vnd"] / factor
    out = pd.DataFrame({
        "plan_id": b["plan_id"],
        "plan": b["plan_id"].map(plan_labels(ds)).astype("str"),
        "fact_id": b["fact_id"],
        "purpose": b["purpose"],
        "purpose_en": b["purpose_en"],
        "funding_source": b["funding_source"],
        "year": b["year"],
        amount_column(unit): amount,
        "part_of": b["part_of"].astype("str"),
        "top_level": b["part_of"].isna().to_numpy(),
        "quote": b["quote"],
    })
    return _in_plan_order(out, b["plan_id"], ids)


def top_level_budgets(ds, plans=None, *, unit: str = "million") -> pd.DataFrame:
    """`budgets` without the components of another amount: the rows that may be summed."""
    b = budgets(ds, plans, unit=unit)
    return b[b["top_level"]].reset_index(drop=True)


def funding_sources(ds, plans=None) -> pd.DataFrame:
    """Sources of money each plan names without an amount."""
    ids = select_plans(ds, plans)
    f = ds.funding_sources[ds.funding_sources["plan_id"].isin(ids)]
    out = pd.DataFrame({"plan_id": f["plan_id"], "plan": f["plan_id"].map(plan_labels(ds)).astype("str"),
                        "source": f["source"], "quote": f["quote"]})
    return _in_plan_order(out, f["plan_id"], ids)


def budget_coverage(ds, plans=None) -> pd.DataFrame:
    """Per plan: amounts stated, sources named, and how complete the copy is."""
    ids = select_plans(ds, plans)
    p = ds.plans.set_index("plan_id").loc[ids]
    return pd.DataFrame({
        "plan": plan_labels(ds).loc[ids],
        "n_amounts": ds.budgets["plan_id"].value_counts().reindex(ids, fill_value=0).astype("int64"),
        "n_sources": ds.funding_sources["plan_id"].value_counts().reindex(ids, fill_value=0).astype("int64"),
        "completeness": p["completeness"],
    }, index=pd.Index(ids, name="plan_id"))
