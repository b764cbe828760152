"""Bilingual, formatted views of the national analyses for notebooks and reports.

The analyses return typed tables (numbers, NA, codes); this module only turns
them into what a reader sees: bilingual headers and labels, "—" for a missing
value (never 0), comparators as symbols, and each report's one-line finding.
"""
from __future__ import annotations

import pandas as pd

from ..analysis.outcomes import Association
from ..national.schema import CATEGORIES, REGIONS
from ..schema import label
from .summaries import Summary
from .text import COMPARATOR_SYMBOLS, MISSING

TARGET_STATUS = {
    "target": ("có mục tiêu", "target set"),
    "not_found": ("đã tìm, không thấy", "searched, none found"),
    "not_recorded": ("chưa ghi nhận", "not recorded"),
}
ADOPTION_STATUS = {
    "adopted": ("đã ban hành", "adopted"),
    "undated": ("chưa rõ ngày", "date not recorded"),
    "not_found": ("đã tìm, không thấy", "searched, none found"),
    "not_recorded": ("chưa ghi nhận", "not recorded"),
}


def bi(enum: dict, code) -> str:
    if code is None or pd.isna(code) or code not in enum:
        return MISSING if code is None or pd.isna(code) else str(code)
    return label(enum, code)


def number(value, unit: str | None = None, comparator: str | None = None, digits: int = 1) -> str:
    if value is None or pd.isna(value):
        return MISSING
    v = float(value)
    text = f"{v:.{digits}f}".rstrip("0").rstrip(".") if not v.is_integer() else str(int(v))
    symbol = COMPARATOR_SYMBOLS.get(comparator or "=", "")
    prefix = f"{symbol} " if symbol else ""
    if unit == "%":
        return f"{prefix}{text}%"
    if unit == "rank":
        return f"{prefix}hạng {text} (rank)"
    return f"{prefix}{text}"


def _signed(value) -> str:
    if value is None or pd.isna(value):
        return MISSING
    return f"{float(value):+.1f}"


def region_label(code) -> str:
    return bi(REGIONS, code)


def ambition(table: pd.DataFrame) -> pd.DataFrame:
    """Province, document, target, national target, gap, status, source — as a reader sees them."""
    return pd.DataFrame({
        "Tỉnh / Province": table["province"],
        "Vùng / Region": table["region"].map(region_label),
        "Văn bản / Document": [("chưa rõ văn bản / document not named" if s == "target" else MISSING)
                               if pd.isna(k) else k.split(":", 1)[1] for k, s in zip(table["doc_key"], table["status"])],
        "Mục tiêu / Target": [number(v, u, c) for v, u, c in zip(table["value"], table["unit"], table["comparator"])],
        "Quốc gia / National": [MISSING if pd.isna(v) else f"{number(v, u)} ({d})"
                               for v, u, d in zip(table["national_value"], table["unit"], table["national_doc"])],
        "Chênh lệch / Gap (điểm / points)": table["gap_pp"].map(_signed),
        "Trạng thái / Status": [bi(TARGET_STATUS, s) + (" ⚠ nguồn mâu thuẫn / sources disagree" if c else "")
                                for s, c in zip(table["status"], table["conflict"])],
        "Nguồn / Source": table["source_url"].fillna(MISSING),
    }).reset_index(drop=True)


def national_targets(rows: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({
        "Văn bản / Document": rows["document"],
        "Năm / Year": rows["year"].astype("Int64").astype("str"),
        "Chỉ tiêu quốc gia / National target": [number(v, u, c) for v, u, c in
                                                zip(rows["value"], rows["unit"], rows["comparator"])],
        "Vị trí trong nguồn / Where in the source": rows["source_location"].fillna(MISSING),
    }).reset_index(drop=True)


def adoption(table: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({
        "Tỉnh / Province": table["province"],
        "Vùng / Region": table["region"].map(region_label),
        "Loại văn bản / Kind": table["category"].map(lambda c: bi(CATEGORIES, c)),
        "Văn bản / Document": table["doc_number"].fillna(MISSING),
        "Ngày ban hành / Issued": table["issued"].map(lambda d: MISSING if pd.isna(d) else f"{d.day:02d}/{d.month:02d}/{d.year}"),
        "Số ngày sau 749 / Days after 749": table["days_after"].map(lambda d: MISSING if pd.isna(d) else f"{int(d):+d}"),
        "Trạng thái / Status": table["status"].map(lambda s: bi(ADOPTION_STATUS, s)),
    }).reset_index(drop=True)


def by_successor(table: pd.DataFrame, unit: str | None = None) -> pd.DataFrame:
    """One row per 2025 unit, its predecessors' values side by side and their range (never a mean)."""
    rows = []
    for code, group in table.groupby("successor_code", sort=True):
        first = group.iloc[0]
        values = " · ".join(f"{p} {number(v, unit)}" for p, v in zip(group["province"], group["value"]))
        lo, hi = first["min"], first["max"]
        span = MISSING if pd.isna(lo) else (number(lo, unit) if lo == hi else f"{number(lo, unit)} – {number(hi, unit)}")
        rows.append({"Đơn vị từ 2025 / Unit since 2025": first["successor_name_vi"],
                     "Các tỉnh trước 2025 / Predecessors": values,
                     "Khoảng / Range": span,
                     "Có số liệu / Known": f"{first['n_known']}/{first['n_predecessors']}"})
    return pd.DataFrame(rows)


def trajectories(wide: pd.DataFrame, measure: str) -> pd.DataFrame:
    digits = 4 if measure == "score" else 0
    out = wide.reset_index().rename(columns={"province": "Tỉnh / Province"}).drop(columns="province_code")
    for col in wide.columns:
        out[col] = wide[col].map(lambda v: MISSING if pd.isna(v) else (f"{v:.{digits}f}" if digits else str(int(v)))).to_numpy()
    out.columns = [str(c) for c in out.columns]
    return out


def ambition_finding(table: pd.DataFrame, indicator_vi: str, indicator_en: str, year: int) -> Summary:
    provinces = table["province_code"].nunique()
    with_target = table[table["value"].notna()]
    n = with_target["province_code"].nunique()
    nat = table["national_value"].dropna()
    if not n:
        return Summary(f"Chưa ghi nhận tỉnh nào có mục tiêu {indicator_vi} cho năm {year}.",
                       f"No province has a recorded {indicator_en} target for {year}.")
    best = with_target.iloc[0]
    unit = best["unit"]
    vi = f"{n}/{provinces} tỉnh có mục tiêu {indicator_vi} cho năm {year}; cao nhất: {best['province']} ({number(best['value'], unit, best['comparator'])})"
    en = f"{n} of {provinces} provinces set a {indicator_en} target for {year}; highest: {best['province']} ({number(best['value'], unit, best['comparator'])})"
    if len(nat):
        above = with_target[with_target["gap_pp"] > 0]["province_code"].nunique()
        doc = table["national_doc"].dropna().iloc[0]
        vi += f"; {above} tỉnh đặt cao hơn mức quốc gia {number(nat.iloc[0], unit)} ({doc})."
        en += f"; {above} set more than the national {number(nat.iloc[0], unit)} ({doc})."
    else:
        vi += "; chưa có chỉ tiêu quốc gia để so sánh."
        en += "; no national target recorded to compare with."
    return Summary(vi, en)


def association_finding(assoc: Association, target_year: int, dti_year: int) -> Summary:
    what_vi, what_en = ("điểm", "score") if assoc.measure == "score" else ("thứ hạng", "rank")
    if assoc.rho is None:
        return Summary(f"Chỉ {assoc.n} tỉnh có cả mục tiêu {target_year} và {what_vi} DTI {dti_year}: quá ít để so sánh.",
                       f"Only {assoc.n} provinces have both a {target_year} target and a DTI {dti_year} {what_en}: "
                       "too few to compare.")
    ci = "" if assoc.ci_low is None else f" [{assoc.ci_low:.2f}; {assoc.ci_high:.2f}]"
    sign_vi = " (ρ âm: mục tiêu cao đi cùng thứ hạng tốt hơn)" if assoc.measure == "rank" else ""
    sign_en = " (negative ρ: higher targets go with better ranks)" if assoc.measure == "rank" else ""
    return Summary(
        f"Mục tiêu kinh tế số {target_year} và {what_vi} DTI {dti_year}: ρ Spearman = {assoc.rho:.2f}{ci}, "
        f"n = {assoc.n}{sign_vi} — một tương quan giữa các tỉnh, không phải tác động.",
        f"Digital-economy target for {target_year} and DTI {dti_year} {what_en}: Spearman ρ = {assoc.rho:.2f}{ci}, "
        f"n = {assoc.n}{sign_en} — an association across provinces, not an effect.")


def association(assoc: Association) -> pd.DataFrame:
    d = assoc.data
    return pd.DataFrame({
        "Tỉnh / Province": d["province"],
        "Mục tiêu / Target": d["target"].map(lambda v: number(v)),
        ("Điểm DTI / DTI score" if assoc.measure == "score" else "Hạng DTI / DTI rank"):
            d["outcome"].map(lambda v: MISSING if pd.isna(v) else (f"{float(v):.4f}" if assoc.measure == "score"
                                                                   else str(int(v)))),
    })
