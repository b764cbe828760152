"""The plans themselves: short names, what each is, where and when, what its copy holds."""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..selection import per_table, plan_order, select_plans
from ..textnorm import nfc as _nfc


def plan_labels(ds, plans=None) -> pd.Series:
    """Short, unique display names by plan id: 'Long An (2021)', 'xã Tịnh Trà (2024)'.

    Lower-level plans are named by their own locality, not the province, so a
    commune plan is never mistaken for a provincial one; two plans of one place
    and year get their number appended.
    """
    labels = per_table("plan_labels", ds.plans, lambda: _labels(ds.plans))
    ids = plan_order(ds) if plans is None else select_plans(ds, plans)
    return labels.loc[ids].rename("plan")


def _labels(p: pd.DataFrame) -> pd.Series:
    place = [
        (loc.split(",")[0].strip() if level != "province" and isinstance(loc, str) and loc else prov)
        for level, loc, prov in zip(p["admin_level"].tolist(), p["locality"].tolist(), p["province"].tolist())
    ]  # .tolist(): iterating an Arrow-backed column is ten times slower
    labels = pd.Series([f"{pl} ({d.year})" for pl, d in zip(place, p["issued"].tolist())],
                       index=p["plan_id"].to_numpy())
    dup = labels.duplicated(keep=False)
    if dup.any():
        numbers = p["doc_number"].fillna(p["plan_id"]).to_numpy()
        labels[dup.to_numpy()] = [f"{lab} {num}" for lab, num in zip(labels[dup], numbers[dup.to_numpy()])]
    return labels


def successor_provinces(ds) -> pd.Series:
    """Pre-2025 province name -> the province it became in the 2025 merger."""
    prov = ds.provinces
    return pd.Series(prov["successor_name_vi"].to_numpy(), index=[_nfc(n) for n in prov["name_vi"]])


def plan_counts(ds, ids: list[str]) -> dict[str, pd.Series]:
    """n_targets, n_citations, n_budgets, n_assignments per plan id (0 when none)."""
    return {f"n_{t}": getattr(ds, t)["plan_id"].value_counts().reindex(ids, fill_value=0).astype("int64")
            for t in ("targets", "citations", "budgets", "assignments")}


def overview(ds, plans=None) -> pd.DataFrame:
    """One row per plan: what it is, where, when, how complete the copy is, how much it holds.

    `doc_number`, `locality` and `province_2025` are NA where there is none.
    """
    ids = select_plans(ds, plans)
    p = ds.plans.set_index("plan_id").loc[ids]
    succ = successor_provinces(ds)
    out = pd.DataFrame({
        "plan": plan_labels(ds).loc[ids],
        "doc_number": p["doc_number"],
        "doc_type": p["doc_type"].astype("str"),
        "admin_level": p["admin_level"],
        "province": p["province"],
        "province_2025": pd.array([succ.get(_nfc(x), pd.NA) for x in p["province"]], dtype="str"),
        "locality": p["locality"],
        "issued": p["issued"],
        "period_start": p["period_start"],
        "period_end": p["period_end"],
        "horizon": p["horizon"],
        "completeness": p["completeness"],
        **plan_counts(ds, ids),
    }, index=pd.Index(ids, name="plan_id"))
    return out.sort_values(["issued", "plan"])


def count_by(ds, plans=None, *, column: str = "admin_level") -> pd.DataFrame:
    """How many plans per value of a plan column (level, type, completeness), every value listed.

    `plan` lists the plans of each value (', '-separated short names).
    """
    p = ds.plans[ds.plans["plan_id"].isin(select_plans(ds, plans))]
    counts = p[column].value_counts(sort=False)
    labels = plan_labels(ds)
    members = [", ".join(labels.loc[p.loc[p[column] == v, "plan_id"]]) for v in counts.index]
    return pd.DataFrame({column: counts.index, "n_plans": counts.to_numpy(np.int64), "plan": members})


def sources(ds, plans=None) -> pd.DataFrame:
    """What each raw copy is: official text or news summary, full or truncated, and where it came from."""
    ids = select_plans(ds, plans)
    s = ds.sources.set_index("plan_id").loc[ids]
    return pd.DataFrame({
        "plan": plan_labels(ds).loc[ids],
        "file": s["file"],
        "kind": s["kind"],
        "completeness": s["completeness"],
        "origin": s["origin"],
    }, index=pd.Index(ids, name="plan_id"))


def timeline(ds, plans=None) -> pd.DataFrame:
    """Issue date, main period and horizon of each plan, oldest first."""
    ids = select_plans(ds, plans)
    p = ds.plans.set_index("plan_id").loc[ids]
    out = pd.DataFrame({
        "plan": plan_labels(ds).loc[ids],
        "issued": p["issued"],
        "period_start": p["period_start"],
        "period_end": p["period_end"],
        "horizon": p["horizon"],
        "completeness": p["completeness"],
    }, index=pd.Index(ids, name="plan_id"))
    return out.sort_values(["issued", "plan"])
