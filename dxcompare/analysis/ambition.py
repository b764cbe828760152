"""How far each province's headline targets go beyond the national ones.

A province without a target for the indicator and year is listed as such —
`not_found` (searched, none found) or `not_recorded` (never searched) — with
its value NA, never 0; a gap is only computed where both numbers exist.
"""
from __future__ import annotations

import pandas as pd

from ..national.tables import NATIONAL_ORDER


def national_values(ds, *, indicator: str, year: int) -> pd.DataFrame:
    """The national targets for the indicator and year, one row per document that sets one."""
    nt = ds.national_targets
    rows = nt[(nt["indicator_code"] == indicator) & (nt["year"] == year) & (nt["status"] == "found")]
    rows = rows.assign(_order=rows["document"].map(lambda d: NATIONAL_ORDER.index(d) if d in NATIONAL_ORDER
                                                    else len(NATIONAL_ORDER)))
    return rows.sort_values(["_order", "document"], kind="stable").drop(columns="_order").reset_index(drop=True)


def ambition(ds, *, indicator: str = "digital_economy_share_grdp", year: int = 2025,
             region: str | None = None, national_doc: str | None = None) -> pd.DataFrame:
    """Every province's target for `indicator` in `year` against the national target.

    One row per (province, document setting a target); a province with none gets
    one row with `status` not_found / not_recorded and NA value. `gap_pp` is the
    province's value minus the national value of `national_doc` (default: the
    first of 749, 411, 942, 924 that sets one) in percentage points (or ranks).
    Sorted by value, highest first; missing last, by province code.
    """
    provinces = ds.provinces
    if region is not None:
        provinces = provinces[provinces["region"] == region]
    base = provinces[["code", "name_vi", "region"]].rename(columns={"code": "province_code", "name_vi": "province"})
    ht = ds.headline_targets
    found = ht[(ht["indicator_code"] == indicator) & (ht["year"] == year) & (ht["status"] == "found")]
    searched = set(ht.loc[(ht["indicator_code"] == indicator) & (ht["status"] == "not_found"), "province_code"])
    cols = ["province_code", "doc_key", "comparator", "value", "unit", "conflict", "source_url"]
    table = base.merge(found[cols], on="province_code", how="left")
    has = table["value"].notna()
    table["status"] = pd.Categorical(
        ["target" if h else ("not_found" if c in searched else "not_recorded")
         for h, c in zip(has, table["province_code"])],
        categories=["target", "not_found", "not_recorded"])
    nat = national_values(ds, indicator=indicator, year=year)
    if national_doc is not None:
        nat = nat[nat["document"] == national_doc]
    if len(nat):
        first = nat.iloc[0]
        table["national_doc"] = first["document"]
        table["national_value"] = first["value"]
    else:
        table["national_doc"] = pd.NA
        table["national_value"] = pd.NA
    table["national_doc"] = table["national_doc"].astype("str")
    table["national_value"] = table["national_value"].astype("Float64")
    table["value"] = table["value"].astype("Float64")
    table["gap_pp"] = (table["value"] - table["national_value"]).astype("Float64")
    if len(nat) and nat.iloc[0]["unit"] == "rank":
        table["gap_pp"] = -table["gap_pp"]  # a smaller rank is more ambitious
    table["conflict"] = table["conflict"].astype("boolean").fillna(False)
    order = table["value"] if not len(nat) or nat.iloc[0]["unit"] != "rank" else -table["value"]
    table = table.assign(_v=order).sort_values(["_v", "province_code", "doc_key"], ascending=[False, True, True],
                                                na_position="last", kind="stable")
    return table.drop(columns="_v").reset_index(drop=True)


def highest_target(ds, *, indicator: str, year: int) -> pd.DataFrame:
    """(province_code, value): the highest target a province states for the indicator and year.

    A province with several documents (resolution, programme) may state the
    target more than once; a one-value-per-province view takes the most
    ambitious (lowest for a rank) and says so. Conflicting sources are left out.
    """
    ht = ds.headline_targets
    rows = ht[(ht["indicator_code"] == indicator) & (ht["year"] == year) & (ht["status"] == "found")
              & ~ht["conflict"].astype(bool) & ht["value"].notna()]
    rank = (rows["unit"] == "rank").any()
    grouped = rows.groupby("province_code", observed=True)["value"]
    out = (grouped.min() if rank else grouped.max()).rename("value").reset_index()
    return out.astype({"province_code": "str", "value": "Float64"}).sort_values("province_code", ignore_index=True)
