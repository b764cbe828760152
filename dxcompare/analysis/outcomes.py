"""Provincial DTI outcomes, and how they line up with the provinces' ambitions.

The association between a province's digital-economy target and its later DTI
score is a rank correlation across provinces: it says whether the two go
together, not that one causes the other (richer provinces may both promise more
and score higher). `Association.caution` says so in both languages, and the
interval comes from a seeded bootstrap so the figure is the same on every run.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .ambition import highest_target

MEASURES = ("score", "rank")
CAUTION = ("Tương quan giữa các tỉnh, không phải tác động nhân quả: tỉnh đặt mục tiêu cao hơn không vì thế mà "
           "đạt điểm cao hơn. (An association across provinces, not an effect: setting a higher target does not "
           "by itself raise a province's score.)")


def dti_panel(ds, *, scheme: str = "63", region: str | None = None) -> pd.DataFrame:
    """Found DTI rows of the scheme with province names; conflicting sources kept, flagged."""
    dti = ds.dti[(ds.dti["scheme"] == scheme) & (ds.dti["status"] == "found")]
    names = _units(ds, scheme)
    table = dti.merge(names, on="province_code", how="left")
    if region is not None:
        table = table[table["region"] == region]
    return table.sort_values(["province_code", "year", "source_url"], kind="stable", ignore_index=True)


def _units(ds, scheme: str) -> pd.DataFrame:
    p = ds.provinces
    if scheme == "63":
        return p[["code", "name_vi", "region"]].rename(columns={"code": "province_code", "name_vi": "province"})
    units = p.drop_duplicates("successor_code")[["successor_code", "successor_name_vi", "region"]]
    return units.rename(columns={"successor_code": "province_code", "successor_name_vi": "province"})


def trajectories(ds, *, scheme: str = "63", measure: str = "score", region: str | None = None) -> pd.DataFrame:
    """Province × year table of a DTI measure (score or rank); NA where unknown or in conflict."""
    panel = dti_panel(ds, scheme=scheme, region=region)
    agreed = panel[~panel["conflict"].astype(bool)]
    wide = agreed.pivot_table(index=["province_code", "province"], columns="year", values=measure,
                              aggfunc="first", observed=True)
    return wide.astype("Float64").sort_index()


@dataclass(frozen=True)
class Association:
    """Spearman's rank correlation across provinces, with a bootstrap interval."""

    data: pd.DataFrame       # province_code, province, target, outcome
    measure: str             # the DTI figure used as outcome: score or rank
    rho: float | None
    ci_low: float | None
    ci_high: float | None
    n: int
    n_excluded_conflict: int
    resamples: int
    seed: int
    caution: str = CAUTION


def spearman(x: np.ndarray, y: np.ndarray) -> float | None:
    """Spearman's rho (average ranks for ties); None when either side has no spread."""
    rx = pd.Series(x).rank(method="average").to_numpy()
    ry = pd.Series(y).rank(method="average").to_numpy()
    if len(x) < 3 or rx.std() == 0 or ry.std() == 0:
        return None
    return float(np.corrcoef(rx, ry)[0, 1])


def ambition_vs_outcome(ds, *, indicator: str = "digital_economy_share_grdp", target_year: int = 2025,
                        dti_year: int = 2022, measure: str = "score", region: str | None = None,
                        resamples: int = 2000, seed: int = 20200603) -> Association:
    """Each province's target (`highest_target`) against its DTI score in `dti_year`.

    `measure` is the DTI `score` (higher is better) or `rank` (1 is best, so a
    negative rho means higher targets go with better ranks). Provinces whose DTI
    figure is in conflict between sources are left out and counted.
    """
    if measure not in MEASURES:
        raise ValueError(f"measure must be one of {MEASURES}")
    targets = highest_target(ds, indicator=indicator, year=target_year).set_index("province_code")["value"].rename("target")
    panel = dti_panel(ds, scheme="63", region=region)
    year = panel[panel["year"] == dti_year]
    conflicted = set(year.loc[year["conflict"].astype(bool), "province_code"])
    scores = year[~year["conflict"].astype(bool)].set_index("province_code")[measure].astype("Float64").rename("outcome")
    data = pd.concat([targets, scores], axis=1, join="inner").dropna()
    excluded = len(conflicted & set(targets.index))
    names = _units(ds, "63").set_index("province_code")["province"]
    data = data.reset_index().rename(columns={"index": "province_code"})
    data.insert(1, "province", data["province_code"].map(names).astype("str"))
    data = data.astype({"province_code": "str", "target": "Float64", "outcome": "Float64"})
    data = data.sort_values("province_code", ignore_index=True)
    x = data["target"].to_numpy(dtype=float)
    y = data["outcome"].to_numpy(dtype=float)
    rho = spearman(x, y)
    low = high = None
    if rho is not None:
        rng = np.random.default_rng(seed)
        draws = []
        for _ in range(resamples):
            idx = rng.integers(0, len(x), len(x))
            r = spearman(x[idx], y[idx])
            if r is not None:
                draws.append(r)
        if draws:
            low, high = (float(v) for v in np.quantile(draws, [0.025, 0.975]))
    return Association(data, measure, rho, low, high, len(data), excluded, resamples, seed)
