"""How complete the national layer is, against the goals the project set itself (issue #9).

The figures are counts of provinces with a sourced fact, so a researcher can see
at a glance how far a national comparison can be trusted to be national.
"""
from __future__ import annotations

import pandas as pd

DOC_CATEGORIES = ("dx_resolution", "dx_programme", "digital_economy_society", "digital_government")
DTI_GOALS = {2020: None, 2021: 40, 2022: 63, 2023: 40, 2024: None}
DOCUMENT_GOAL = 55
TARGET_GOAL = 35


def coverage(ds) -> pd.DataFrame:
    """One row per measure: what is counted, how many of how many, the goal, whether it is met."""
    n63 = len(ds.provinces)
    n34 = ds.provinces["successor_code"].nunique()
    rows = []
    cat = ds.catalogue
    identified = cat[(cat["status"] == "found") & cat["category"].isin(DOC_CATEGORIES)
                     & cat["doc_number"].notna() & cat["issuer"].notna() & cat["source_url"].notna()]
    dated = identified[identified["issued"].notna()]
    rows.append(("catalogue", "provinces with a digital-transformation document (number, issuer, source)", pd.NA,
                 identified["province_code"].nunique(), n63, DOCUMENT_GOAL))
    rows.append(("catalogue", "… of which with its full date", pd.NA, dated["province_code"].nunique(), n63, pd.NA))
    rows.append(("catalogue", "provinces searched without result", pd.NA,
                 _only_not_found(cat), n63, pd.NA))
    ht = ds.headline_targets
    de = ht[(ht["indicator_code"] == "digital_economy_share_grdp") & (ht["status"] == "found") & ht["value"].notna()]
    rows.append(("headline_targets", "provinces with a numeric digital-economy share target", pd.NA,
                 de["province_code"].nunique(), n63, TARGET_GOAL))
    for year in sorted(set(DTI_GOALS) | set(ds.dti["year"].dropna().astype(int))):
        for scheme, n in (("63", n63), ("34", n34)):
            found = ds.dti[(ds.dti["year"] == year) & (ds.dti["scheme"] == scheme) & (ds.dti["status"] == "found")]
            if scheme == "34" and found.empty:
                continue
            goal = DTI_GOALS.get(year) if scheme == "63" else pd.NA
            rows.append(("dti", f"units with a DTI score or rank ({scheme}-unit scheme)", year,
                         found["province_code"].nunique(), n, goal if goal is not None else pd.NA))
    nt = ds.national_targets
    rows.append(("national_targets", "national target values found", pd.NA,
                 int((nt["status"] == "found").sum()), len(nt), pd.NA))
    rows.append(("national_targets", "national target values searched, not found", pd.NA,
                 int((nt["status"] == "not_found").sum()), len(nt), pd.NA))
    out = pd.DataFrame(rows, columns=["table", "measure", "year", "count", "of", "goal"])
    out = out.astype({"table": "str", "measure": "str", "year": "Int64", "count": "Int64", "of": "Int64",
                      "goal": "Int64"})
    out["met"] = (out["count"] >= out["goal"]).astype("boolean")
    return out


def _only_not_found(cat: pd.DataFrame) -> int:
    found = set(cat.loc[cat["status"] == "found", "province_code"])
    return len(set(cat.loc[cat["status"] == "not_found", "province_code"]) - found)
