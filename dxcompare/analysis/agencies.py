"""Who carries the work: the agencies each plan tasks, in which role, and what became of them in 2025."""
from __future__ import annotations

import pandas as pd

from ..schema import ROLES
from ..selection import select_plans
from .plans import plan_labels
from .targets import lookup


def _assignments(ds, plans, role) -> tuple[list[str], pd.DataFrame]:
    ids = select_plans(ds, plans)
    a = ds.assignments[ds.assignments["plan_id"].isin(ids)]
    if role is not None:
        a = a[a["role"] == role]
    return ids, a


def agency_roles(ds, plans=None, *, role: str | None = None) -> pd.DataFrame:
    """Agency × plan × role: how many tasks each chosen plan gives each agency in each role (one row each).

    Sorted by the agency's Vietnamese name, then plan (oldest first), then role in `schema.ROLES` order.
    """
    ids, a = _assignments(ds, plans, role)
    counts = a.groupby(["agency_id", "plan_id", "role"], observed=True).size().rename("n_tasks").reset_index()
    reg = ds.agencies.set_index("agency_id")
    rank = {p: i for i, p in enumerate(ids)}
    out = pd.DataFrame({
        "agency_id": counts["agency_id"].astype("str"),
        "agency_name": lookup(counts["agency_id"], reg["name_vi"]).astype("str"),
        "name_en_agency": lookup(counts["agency_id"], reg["name_en"]).astype("str"),
        "plan_id": counts["plan_id"].astype("str"),
        "plan": lookup(counts["plan_id"], plan_labels(ds)).astype("str"),
        "role": pd.Categorical(counts["role"].astype("str"), categories=list(ROLES)),
        "n_tasks": counts["n_tasks"].astype("int64"),
    })
    out = out.assign(_plan=lookup(out["plan_id"], pd.Series(rank)).astype("int64"))
    return out.sort_values(["agency_name", "_plan", "role"]).drop(columns="_plan").reset_index(drop=True)


def specific_units(ds, plans=None, *, role: str | None = None) -> pd.DataFrame:
    """The tasks given to a specific body: a generic registry body (e.g. the district People's Committee)
    for one named unit ("UBND huyện Cần Giuộc" → `ubnd_huyen`, unit "Cần Giuộc").

    One row per assignment that names a unit, in plan order then file order: plan,
    agency (the generic body), unit, role, task. Keeps the generic node of the agency
    network and shows which districts or communes carry what.
    """
    ids, a = _assignments(ds, plans, role)
    a = a[a["unit"].notna()]
    rank = {p: i for i, p in enumerate(ids)}
    a = a.assign(_plan=a["plan_id"].map(rank)).sort_values(["_plan", "line", "fact_id"], kind="stable")
    return pd.DataFrame({
        "plan": lookup(a["plan_id"], plan_labels(ds)).astype("str").to_numpy(),
        "agency_name": a["agency_name"].astype("str").to_numpy(),
        "agency_unit": a["unit"].astype("str").to_numpy(),
        "role": pd.Categorical(a["role"].astype("str"), categories=list(ROLES)),
        "task": a["task"].astype("str").to_numpy(),
    })


def leads_and_partners(ds, plans=None) -> pd.DataFrame:
    """Per plan: the agencies that lead (chủ trì) and those told to coordinate (phối hợp).

    Names as the registry writes them, sorted, '; '-separated (names hold
    commas: "Các sở, ban, ngành tỉnh"); NA when the plan names none. One
    pass over the table for all plans: masking it per plan was quadratic.
    """
    ids, a = _assignments(ds, plans, None)
    names: dict[str, dict[str, set]] = {"lead": {}, "coordinate": {}}
    for pid, role, name in zip(a["plan_id"].tolist(), a["role"].astype("str").tolist(), a["agency_name"].tolist()):
        if role in names:
            names[role].setdefault(pid, set()).add(name)
    cells = {role: pd.array(["; ".join(sorted(by[p])) if p in by else None for p in ids], dtype="str")
             for role, by in names.items()}
    return pd.DataFrame({"plan": plan_labels(ds).loc[ids].to_numpy(), "lead": cells["lead"],
                         "coordinate": cells["coordinate"]}, index=pd.Index(ids, name="plan_id"))


def agency_successors(ds, plans=None, *, role: str | None = None) -> pd.DataFrame:
    """Agencies given a task in the chosen plans, and what each became after the 2025 reorganisation.

    `successor` is the successor's name (NA when the registry names none),
    `successor_note` the registry's note (NA when none): a body with neither
    is unchanged; a note alone says it was abolished or regrouped.
    """
    _, a = _assignments(ds, plans, role)
    reg = ds.agencies.set_index("agency_id")
    ids = sorted(set(a["agency_id"]))
    succ = reg.loc[ids, "successor"]
    return pd.DataFrame({
        "agency_name": reg.loc[ids, "name_vi"],
        "name_en_agency": reg.loc[ids, "name_en"],
        "successor": pd.array([reg.loc[s, "name_vi"] if isinstance(s, str) and s else pd.NA for s in succ],
                              dtype="str"),
        "successor_note": reg.loc[ids, "successor_note"].astype("str"),
    }, index=pd.Index(ids, name="agency_id"))
