"""Measures of the 63 pre-2025 provinces shown for the 34 units that exist since 2025.

A merged unit has no value of its own for a year before the merger; averaging its
predecessors would invent one. So a measure is grouped by successor with every
predecessor's value kept on its own row, plus the range (minimum to maximum)
and how many predecessors have a value — never a silent mean.
"""
from __future__ import annotations

import pandas as pd


def by_successor(values: pd.DataFrame, provinces: pd.DataFrame, *, value: str = "value") -> pd.DataFrame:
    """One row per pre-2025 province, grouped under its 2025 unit, with the unit's range.

    `values`: at most one row per province (`province_code`, `value`; NA or absent = unknown).
    Columns: successor_code, successor_name_vi, province_code, province, value,
    n_predecessors, n_known, min, max (the last four per successor).
    """
    if values["province_code"].duplicated().any():
        raise ValueError("one value per province: choose a document or year first")
    table = provinces[["successor_code", "successor_name_vi", "code", "name_vi"]].rename(
        columns={"code": "province_code", "name_vi": "province"})
    table = table.merge(values[["province_code", value]].rename(columns={value: "value"}),
                        on="province_code", how="left")
    table["value"] = table["value"].astype("Float64")
    table = table.sort_values(["successor_code", "province_code"], kind="stable", ignore_index=True)
    group = table.groupby("successor_code", sort=False)["value"]
    table["n_predecessors"] = group.transform("size").astype("Int64")
    table["n_known"] = group.transform("count").astype("Int64")
    table["min"] = group.transform("min").astype("Float64")
    table["max"] = group.transform("max").astype("Float64")
    return table


def ranges(values: pd.DataFrame, provinces: pd.DataFrame, *, value: str = "value") -> pd.DataFrame:
    """One row per 2025 unit: unit_code, name, n_predecessors, n_known, min, max (for a map of the 34 units)."""
    long = by_successor(values, provinces, value=value)
    short = long.drop_duplicates("successor_code")[["successor_code", "successor_name_vi", "n_predecessors",
                                                    "n_known", "min", "max"]]
    return short.rename(columns={"successor_code": "unit_code", "successor_name_vi": "name_vi"}).reset_index(drop=True)
