"""Comparisons across plans: overview, targets, ambition gap, budgets, profiles.

Every function takes a `Dataset` and returns a plain DataFrame with snake_case
columns, so the notebooks stay thin and the logic is unit-tested here.
`bilingual()` turns such a table into what a reader sees (Vietnamese / English
headers, enumeration codes as bilingual labels). Absent numbers stay absent
(NaN or `MISSING`), never zero: a plan that sets no target is not a plan that
targets 0 %.
"""
from __future__ import annotations

import html
import re
import unicodedata

import numpy as np
import pandas as pd

from . import schema
from .loader import Dataset

MISSING = "—"
NATIONAL_YEARS = (2025, 2030)
NATIONAL_DOC = "749/QĐ-TTg"
# Units whose differences are percentage points (a gap in % of % is meaningless).
POINT_UNITS = ("%", "percent_per_year", "percentage_points")
MONEY_UNITS = {"VND": (1, "VND"), "million": (10**6, "million VND"), "billion": (10**9, "billion VND")}
COMPARATOR_SYMBOLS = {"=": "", ">": ">", ">=": "≥", "~": "≈", "<=": "≤"}
UNIT_SUFFIX = {"%": "%", "count": "", "percent_per_year": " %/năm", "percentage_points": " điểm %"}

# Reader-facing headers: Vietnamese / English.
HEADERS = {
    "plan_id": "Mã / Plan id",
    "plan": "Kế hoạch / Plan",
    "doc_number": "Số hiệu / Number",
    "doc_type": "Loại văn bản / Type",
    "admin_level": "Cấp / Level",
    "province": "Tỉnh (trước 2025) / Province (pre-2025)",
    "province_2025": "Tỉnh sau sáp nhập 2025 / Province after 2025 merger",
    "locality": "Địa bàn / Locality",
    "issued": "Ngày ban hành / Issued",
    "period": "Giai đoạn / Period",
    "horizon": "Tầm nhìn / Horizon",
    "completeness": "Bản sao / Copy",
    "file": "Tệp nguồn / Source file",
    "kind": "Loại bản sao / Kind of copy",
    "origin": "Nguồn gốc / Origin",
    "n_targets": "Số chỉ tiêu / Targets",
    "n_citations": "Số văn bản dẫn / Citations",
    "n_budgets": "Số khoản tiền / Amounts",
    "n_assignments": "Số phân công / Assignments",
    "n_plans": "Số kế hoạch / Plans",
    "indicator_code": "Mã chỉ tiêu / Indicator code",
    "indicator": "Chỉ tiêu (nguyên văn) / Indicator (source wording)",
    "name_vi": "Tên chỉ tiêu / Indicator (Vietnamese)",
    "name_en": "Indicator (English)",
    "pillar": "Trụ cột / Pillar",
    "scope": "Phạm vi đo / Measured over",
    "year": "Năm / Year",
    "target": "Chỉ tiêu / Target",
    "national": "Quốc gia (749/QĐ-TTg) / National",
    "national_2025": "Quốc gia 2025 / National 2025",
    "national_2030": "Quốc gia 2030 / National 2030",
    "gap_pp": "Chênh lệch (điểm %) / Gap (pp)",
    "note": "Ghi chú / Note",
    "n_plans_with": "Số KH đặt số / Plans with a number",
    "plans_without": "KH không đặt số / Plans setting no number",
    "purpose": "Mục đích / Purpose",
    "funding_source": "Nguồn vốn / Funding source",
    "source": "Nguồn vốn được nêu / Funding source named",
    "amount_vnd": "Số tiền (đồng) / Amount (VND)",
    "amount_million_vnd": "Số tiền (triệu đồng) / Amount (million VND)",
    "amount_billion_vnd": "Số tiền (tỷ đồng) / Amount (billion VND)",
    "n_amounts": "Số khoản tiền nêu / Amounts stated",
    "n_sources": "Số nguồn vốn nêu / Sources named",
    "quote": "Trích dẫn / Quote",
    "field": "Trường / Field",
    "value": "Giá trị / Value",
    "doc_id": "Văn bản / Document",
    "relation": "Quan hệ / Relation",
    "title_vi": "Trích yếu / Title",
    "issuer_level": "Cấp ban hành / Issuer level",
    "agency_id": "Mã cơ quan / Agency id",
    "agency_name": "Cơ quan / Agency",
    "name_en_agency": "Agency (English)",
    "role": "Vai trò / Role",
    "task": "Nhiệm vụ / Task",
    "deadline": "Thời hạn / Deadline",
    "successor": "Cơ quan kế thừa sau 2025 / Successor after 2025",
    "successor_note": "Ghi chú sắp xếp / Reorganisation note",
    "relation_text": "Cách dẫn / How cited",
    "depth": "Số bước / Steps",
    "via": "Qua / Via",
    "part_of": "Thành phần của / Part of",
    "lead": "Chủ trì / Leads",
    "coordinate": "Phối hợp / Coordinates",
}
ENUM_COLUMNS = {
    "admin_level": schema.ADMIN_LEVELS,
    "pillar": schema.PILLARS,
    "scope": schema.SCOPES,
    "completeness": schema.COMPLETENESS,
    "role": schema.ROLES,
    "relation": schema.RELATIONS,
    "issuer_level": schema.ISSUER_LEVELS,
    "kind": {"official_text": ("văn bản chính thức", "official text"), "news_summary": ("bản tin", "news summary")},
}
DIRECT = "trực tiếp (direct)"  # a 'via' cell: the plan cites the document itself
UNCHANGED = "(không đổi / unchanged)"
# Short bilingual readings of the registry's reorganisation notes (English) for bodies that have no
# successor, matched on the note's opening words; any other note is shown as written.
SUCCESSOR_NOTES = (
    ("District level abolished", "bãi bỏ cấp huyện (2025) / district level abolished (2025)"),
    ("The 63 provincial branches were reorganised into 15 regional branches",
     "tổ chức lại thành chi nhánh khu vực (2025) / reorganised into regional branches (2025)"),
)
SIGNED = ("gap_pp",)  # shown with an explicit sign: +10 above the national target, -5 below


class Note(str):
    """Markdown text: a notebook renders it as Markdown and prints it as itself, not as an object repr."""

    def _repr_markdown_(self) -> str:
        return str(self)

    def __repr__(self) -> str:
        return str(self)


_MD_SPECIAL = re.compile(r"([\\`*_\[\]|~$#])")  # emphasis, code, links, tables, strike-through, maths, headings
_MD_BLOCK_START = re.compile(r"^(?:(\d+)(?=[.)])|(?=[-+=]))")  # '1.', '1)', '-', '+', '=' open a list or a heading


def md_text(value) -> str:
    """`value` as literal text inside Markdown, so that what a source or registry says cannot become markup.

    Markdown passes raw HTML through, so `&`, `<`, `>` become entities; inline
    markers are backslash-escaped; white space, newlines included, folds to one
    space, so no new block can start, and a leading list marker is escaped too.
    """
    text = html.escape(" ".join(str(value).split()), quote=False)
    return _MD_BLOCK_START.sub(r"\1\\", _MD_SPECIAL.sub(r"\\\1", text), count=1)


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


# --- plans ---------------------------------------------------------------------

def plan_labels(ds: Dataset) -> pd.Series:
    """Short, unique display names: 'Long An (2021)', 'xã Tịnh Trà (2024)'.

    Lower-level plans are named by their own locality, not the province, so a
    commune plan is never mistaken for a provincial one.
    """
    p = ds.plans
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
    return labels.loc[select_plans(ds, None)].rename("plan")


def select_plans(ds: Dataset, plans: list[str] | None) -> list[str]:
    """Plan ids, oldest first (all when `plans` is None); ids are checked in `params`.

    One fixed order everywhere, so a plan keeps its column and colour in every table and figure.
    """
    ids = list(ds.plans.sort_values(["issued", "plan_id"])["plan_id"])
    return ids if plans is None else [p for p in ids if p in set(plans)]


def successor_provinces(ds: Dataset) -> pd.Series:
    """Pre-2025 province name -> the province it became in the 2025 merger."""
    prov = ds.provinces
    return pd.Series(prov["successor_name_vi"].to_numpy(), index=[_nfc(n) for n in prov["name_vi"]])


def overview(ds: Dataset, plans: list[str] | None = None) -> pd.DataFrame:
    """One row per plan: what it is, where, when, how complete the copy is, how much it holds."""
    ids = select_plans(ds, plans)
    p = ds.plans.set_index("plan_id").loc[ids]
    counts = {f"n_{t}": getattr(ds, t)["plan_id"].value_counts().reindex(ids, fill_value=0)
              for t in ("targets", "citations", "budgets", "assignments")}
    succ = successor_provinces(ds)
    out = pd.DataFrame({
        "plan": plan_labels(ds).loc[ids],
        "doc_number": p["doc_number"].fillna("(không số / unnumbered)"),
        "doc_type": p["doc_type"].astype("str"),
        "admin_level": p["admin_level"],
        "province": p["province"],
        "province_2025": [succ.get(_nfc(x), MISSING) for x in p["province"]],
        "locality": p["locality"].fillna(MISSING),
        "issued": p["issued"].dt.strftime("%Y-%m-%d"),
        "period": [_period(a, b) for a, b in zip(p["period_start"], p["period_end"])],
        "horizon": p["horizon"],
        "completeness": p["completeness"],
        **counts,
    }, index=pd.Index(ids, name="plan_id"))
    return out.sort_values(["issued", "plan"])


def _period(start, end) -> str:
    """'2021–2025', or '2021' for a plan of one year."""
    return f"{start}" if start == end else f"{start}–{end}"


def count_by(ds: Dataset, column: str, plans: list[str] | None = None) -> pd.DataFrame:
    """How many plans per value of a plan column (level, type, completeness), every value listed."""
    p = ds.plans[ds.plans["plan_id"].isin(select_plans(ds, plans))]
    counts = p[column].value_counts(sort=False)
    labels = plan_labels(ds)
    members = [", ".join(labels.loc[p.loc[p[column] == v, "plan_id"]]) for v in counts.index]
    return pd.DataFrame({column: counts.index, "n_plans": counts.to_numpy(), "plan": members})


def sources(ds: Dataset, plans: list[str] | None = None) -> pd.DataFrame:
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


def timeline(ds: Dataset, plans: list[str] | None = None) -> pd.DataFrame:
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


# --- targets -------------------------------------------------------------------

def format_target(value: float, comparator: str, unit: str, year: int | None = None) -> str:
    """'≥80% (2025)': comparator, number and unit as one readable cell."""
    text = f"{COMPARATOR_SYMBOLS[comparator]}{value:g}{UNIT_SUFFIX[unit]}"
    return text if year is None or pd.isna(year) else f"{text} ({year})"


def _target_order(ds: Dataset, pillar: str | None, year: int | None, plans: list[str] | None,
                  scope: str | None) -> tuple[list[str], list[int]]:
    """(chosen plan ids, positions in `ds.targets` of their targets after the filters, in comparison order).

    The order is pillar, indicator, year, plan (oldest first), scope. Only the
    keys are filtered and sorted (a sort on several keys is stable, so the
    order is that of sorting the whole table); the caller then takes the
    columns it needs once: moving the long quotes around was most of the cost.
    """
    ids = select_plans(ds, plans)
    t = ds.targets[["plan_id", "pillar", "indicator_code", "year", "scope"]].reset_index(drop=True)
    t = t.assign(_plan=_lookup(t["plan_id"], pd.Series(range(len(ids)), index=ids)))
    t = t[t["_plan"].notna()]  # a chosen plan
    if pillar is not None:
        t = t[t["pillar"] == pillar]
    if year is not None:
        t = t[t["year"] == year]
    if scope is not None:
        t = t[t["scope"] == scope]
    t = t.assign(_pillar=_rank(t["pillar"], schema.PILLARS))
    return ids, t.sort_values(["_pillar", "indicator_code", "year", "_plan", "scope"]).index.tolist()


def _rank(s: pd.Series, order) -> np.ndarray:
    """Position of each value in `order` (NaN when absent), through the categories of a categorical column."""
    rank = {v: i for i, v in enumerate(order)}
    if not isinstance(s.dtype, pd.CategoricalDtype):
        return s.astype("str").map(rank).to_numpy("float64")
    per_category = np.array([rank.get(str(c), np.nan) for c in s.cat.categories] + [np.nan])
    return per_category[s.cat.codes.to_numpy()]  # code -1 (missing) takes the trailing NaN


def _lookup(keys: pd.Series, table: pd.Series) -> pd.Series:
    """`keys.map(table)`, looked up once per distinct key (250,000 targets share a few dozen indicator codes)."""
    codes, uniques = pd.factorize(keys, use_na_sentinel=False)
    found = pd.Series(uniques).map(table)
    return pd.Series(found.array.take(codes), index=keys.index, name=keys.name)


def select_targets(ds: Dataset, pillar: str | None = None, year: int | None = None,
                   plans: list[str] | None = None, scope: str | None = None) -> pd.DataFrame:
    """Targets of the chosen plans, filtered, with the indicator's names and national values."""
    _, rows = _target_order(ds, pillar, year, plans, scope)
    ind = ds.indicators.set_index("indicator_code")
    out = ds.targets[["plan_id", "indicator_code", "indicator", "pillar", "value", "unit", "comparator",
                      "year", "scope", "quote"]].iloc[rows].reset_index(drop=True)
    out.insert(1, "plan", _lookup(out["plan_id"], plan_labels(ds)).astype("str"))
    codes = out["indicator_code"]
    out["name_vi"] = _lookup(codes, ind["name_vi"]).astype("str")
    out["name_en"] = _lookup(codes, ind["name_en"]).astype("str")
    for col in ("unit", "scope", "national_2025", "national_comparator_2025",
                "national_2030", "national_comparator_2030"):
        out[f"indicator_{col}" if col in ("unit", "scope") else col] = _lookup(codes, ind[col]).to_numpy()
    return out


def _target_cells(t: pd.DataFrame) -> list[str]:
    """`format_target` of each row of `t`, computed once per distinct (value, comparator, unit, year).

    A corpus repeats few such combinations (4,554 among 250,000 targets).
    The value's bit pattern is the key, so 0.0 and -0.0 stay apart.
    """
    rows = zip(t["value"].tolist(), t["comparator"].astype("str").tolist(), t["unit"].astype("str").tolist(),
               t["year"].tolist())
    done: dict[tuple, str] = {}
    cells = []
    for bits, row in zip(t["value"].to_numpy("float64").view("int64").tolist(), rows):
        key = (bits, *row[1:])
        cell = done.get(key)
        if cell is None:
            cell = done[key] = format_target(*row)
        cells.append(cell)
    return cells


def _joined(row: np.ndarray, column: np.ndarray, texts: list[str], shape: tuple[int, int]) -> np.ndarray:
    """An object grid: each (row, column) cell its texts '; '-joined in input order, `MISSING` where none.

    Grouped with one stable numpy sort: a pandas group-by over 160,000
    (indicator, plan) pairs took seconds at 10,000 plans.
    """
    grid = np.full(shape, MISSING, dtype=object)
    if not len(texts):
        return grid
    key = row.astype("int64") * shape[1] + column
    order = np.argsort(key, kind="stable")
    key = key[order]
    starts = np.flatnonzero(np.r_[True, key[1:] != key[:-1]])
    ends = np.r_[starts[1:], len(key)]
    ordered = [texts[i] for i in order.tolist()]
    grid.flat[key[starts]] = ["; ".join(ordered[a:b]) for a, b in zip(starts.tolist(), ends.tolist())]
    return grid


def target_matrix(ds: Dataset, pillar: str | None = None, year: int | None = None,
                  plans: list[str] | None = None, scope: str | None = None) -> pd.DataFrame:
    """Indicator x plan; each cell 'comparator value unit (year)', `MISSING` where the plan sets no number.

    Every chosen plan is a column even when it sets no target at all, so its
    silence is visible. Several numbers for one cell (years, scopes) are joined.
    Rows follow the indicators' first appearance in `select_targets` order.
    """
    ids, rows = _target_order(ds, pillar, year, plans, scope)
    t = ds.targets[["plan_id", "indicator_code", "value", "comparator", "unit", "year"]].iloc[rows]
    all_labels = plan_labels(ds)
    columns = list(all_labels.loc[ids])
    column_label, labels = pd.factorize(pd.Index(columns))  # cells are grouped by label, as a column name
    row, codes = pd.factorize(t["indicator_code"])  # first appearance order
    label = labels.get_indexer(_lookup(t["plan_id"], all_labels))
    grid = _joined(row, label, _target_cells(t), (len(codes), len(labels)))[:, column_label]
    return pd.DataFrame(grid, dtype="str", index=pd.Index(list(codes), dtype="str", name="indicator_code"),
                        columns=pd.Index(columns, dtype="str", name="plan"))


def indicator_glossary(ds: Dataset, codes: list[str] | pd.Index) -> pd.DataFrame:
    """Bilingual names and 749/QĐ-TTg national targets of the given indicator codes."""
    ind = ds.indicators.set_index("indicator_code").loc[list(codes)]
    national = {y: [format_target(v, c, u) if pd.notna(v) and pd.notna(c) else MISSING
                    for v, c, u in zip(ind[f"national_{y}"], ind[f"national_comparator_{y}"], ind["unit"].astype("str"))]
                for y in NATIONAL_YEARS}
    return pd.DataFrame({
        "name_vi": ind["name_vi"], "name_en": ind["name_en"], "scope": ind["scope"],
        "national_2025": national[2025], "national_2030": national[2030],
    }, index=ind.index)


def target_values(ds: Dataset, pillar: str | None = None, year: int | None = None,
                  plans: list[str] | None = None, scope: str | None = None, unit: str = "%") -> pd.DataFrame:
    """Numeric targets in one unit (for plotting): plan, indicator_code, year, value, national value."""
    t = select_targets(ds, pillar, year, plans, scope)
    t = t[t["unit"].astype("str") == unit]
    national = [_national(row)[0] for row in t.itertuples()]
    return t.assign(national=national)[["plan_id", "plan", "indicator_code", "year", "scope", "comparator",
                                        "value", "national"]].reset_index(drop=True)


def _national(row) -> tuple[float, str | None, str]:
    """(national value, comparator, note) for one target row of `select_targets`."""
    year = row.year
    if pd.isna(row.national_2025) and pd.isna(row.national_2030):
        return float("nan"), None, "749/QĐ-TTg không đặt / no national target"
    if year not in NATIONAL_YEARS:
        return float("nan"), None, f"749/QĐ-TTg chỉ đặt cho 2025, 2030 / no national target for {year}"
    value = getattr(row, f"national_{year}")
    comp = getattr(row, f"national_comparator_{year}")
    if pd.isna(value):
        return float("nan"), None, f"749/QĐ-TTg không đặt cho {year} / no national target for {year}"
    if str(row.unit) != str(row.indicator_unit) or str(row.unit) not in POINT_UNITS:
        return float(value), comp, "khác đơn vị / not comparable in percentage points"
    if str(row.scope) != str(row.indicator_scope):
        return float(value), comp, f"khác phạm vi / national target is for scope {row.indicator_scope}"
    return float(value), comp, ""


def ambition_gap(ds: Dataset, pillar: str | None = None, year: int | None = None,
                 plans: list[str] | None = None, scope: str | None = None) -> pd.DataFrame:
    """Each target against 749/QĐ-TTg: plan value minus national value, in percentage points.

    Compared only like with like: same year (2025 or 2030), same unit, and the
    same measured scope (a commune target against the national commune target).
    Anything else gets no gap and a note saying why.
    """
    t = select_targets(ds, pillar, year, plans, scope)
    rows = []
    for row in t.itertuples():
        nat, comp, note = _national(row)
        gap = row.value - nat if note == "" else float("nan")
        rows.append({
            "plan": row.plan, "indicator_code": row.indicator_code, "scope": row.scope, "year": row.year,
            "target": format_target(row.value, str(row.comparator), str(row.unit)),
            "national": format_target(nat, comp, str(row.indicator_unit)) if comp is not None else MISSING,
            "gap_pp": gap, "note": note,
        })
    out = pd.DataFrame(rows, columns=["plan", "indicator_code", "scope", "year", "target", "national", "gap_pp", "note"])
    out["scope"] = pd.Categorical(out["scope"], categories=list(schema.SCOPES))
    out["year"] = out["year"].astype("Int64")
    out["gap_pp"] = out["gap_pp"].astype("float64")
    return out


def target_coverage(ds: Dataset, pillar: str | None = None, year: int | None = None,
                    plans: list[str] | None = None, scope: str | None = None) -> pd.DataFrame:
    """Per indicator: how many of the chosen plans set a number, and which set none."""
    matrix = target_matrix(ds, pillar, year, plans, scope)
    missing = matrix == MISSING
    return pd.DataFrame({
        "n_plans_with": (~missing).sum(axis=1).astype("int64"),
        "plans_without": [", ".join(matrix.columns[row]) or MISSING for row in missing.to_numpy()],
    }, index=matrix.index)


# --- budgets -------------------------------------------------------------------

def amount_column(unit: str) -> str:
    """Name of the amount column in `unit`: amount_vnd, amount_million_vnd, amount_billion_vnd."""
    return "amount_vnd" if unit == "VND" else f"amount_{unit}_vnd"


def budgets(ds: Dataset, unit: str = "million", plans: list[str] | None = None) -> pd.DataFrame:
    """Every stated amount, per plan and purpose, in `unit` (VND, million, billion).

    Amounts are listed as stated and never summed: a plan may state a total
    and its parts, and adding them would double count. `part_of` names the
    purpose of the amount a row is a component of (`MISSING` for a total or a
    stand-alone amount), so the table shows which is which.
    """
    factor, _ = MONEY_UNITS[unit]
    ids = select_plans(ds, plans)
    b = ds.budgets[ds.budgets["plan_id"].isin(ids)]
    col = amount_column(unit)
    amount = b["amount_vnd"] if unit == "VND" else b["amount_vnd"] / factor
    out = pd.DataFrame({
        "plan": b["plan_id"].map(plan_labels(ds)).astype("str"),
        "purpose": b["purpose"],
        "funding_source": b["funding_source"].fillna(MISSING),
        "year": b["year"],
        col: amount,
        "part_of": _part_of(ds.budgets, b),
        "quote": b["quote"],
    })
    out["_plan"] = b["plan_id"].map({p: i for i, p in enumerate(ids)})
    return out.sort_values(["_plan"], kind="stable").drop(columns="_plan").reset_index(drop=True)


def _part_of(every: pd.DataFrame, b: pd.DataFrame) -> list[str]:
    """Per row of `b`: the purpose of the budget it is part of (`part_of` is that budget's 1-based position
    in its plan's list, which the loader's fact id `<plan_id>#budgets-<n>` carries; '#n' if there is no
    such budget), else `MISSING`."""
    purposes = dict(zip(every["fact_id"].tolist(), every["purpose"].tolist()))
    return [MISSING if pd.isna(n) else purposes.get(f"{pid}#budgets-{int(n)}", f"#{int(n)}")
            for pid, n in zip(b["plan_id"].tolist(), b["part_of"].tolist())]


def funding_sources(ds: Dataset, plans: list[str] | None = None) -> pd.DataFrame:
    """Sources of money each plan names without an amount."""
    ids = select_plans(ds, plans)
    f = ds.funding_sources[ds.funding_sources["plan_id"].isin(ids)]
    out = pd.DataFrame({"plan": f["plan_id"].map(plan_labels(ds)).astype("str"),
                        "source": f["source"], "quote": f["quote"]})
    out["_plan"] = f["plan_id"].map({p: i for i, p in enumerate(ids)})
    return out.sort_values("_plan", kind="stable").drop(columns="_plan").reset_index(drop=True)


def budget_coverage(ds: Dataset, plans: list[str] | None = None) -> pd.DataFrame:
    """Per plan: amounts stated, sources named, and how complete the copy is."""
    ids = select_plans(ds, plans)
    p = ds.plans.set_index("plan_id").loc[ids]
    return pd.DataFrame({
        "plan": plan_labels(ds).loc[ids],
        "n_amounts": ds.budgets["plan_id"].value_counts().reindex(ids, fill_value=0),
        "n_sources": ds.funding_sources["plan_id"].value_counts().reindex(ids, fill_value=0),
        "completeness": p["completeness"],
    }, index=pd.Index(ids, name="plan_id"))


def coverage_note(coverage: pd.DataFrame) -> Note:
    """A bilingual sentence on how little money the plans state, and why that may be the copy's fault."""
    n = len(coverage)
    with_amount = coverage.loc[coverage["n_amounts"] > 0, "plan"]
    partial = coverage.loc[coverage["completeness"].astype("str") != "full", "plan"]
    names = ", ".join(md_text(x) for x in with_amount) if len(with_amount) else "không có / none"
    vi = (f"{len(with_amount)}/{n} kế hoạch nêu số tiền cụ thể ({names}); "
          f"{n - len(with_amount)} kế hoạch chỉ nêu nguồn vốn hoặc không nêu gì. "
          f"{len(partial)} bản sao không đầy đủ (cắt cụt hoặc bản tin), nên việc thiếu số tiền "
          "có thể do bản sao chứ không do kế hoạch.")
    en = (f"{len(with_amount)} of {n} plans state an amount of money ({names}); "
          f"the other {n - len(with_amount)} name funding sources at most. "
          f"{len(partial)} copies are incomplete (truncated or a news summary), so a missing "
          "amount may be missing from the copy, not from the plan. Amounts are not summed: "
          "a stated total and its parts would be counted twice.")
    return Note(f"{vi}\n\n{en}")


# --- legal bases (on the graph of dxcompare.graph) ---------------------------------

def _relation_label(cell) -> str:
    """'can_cu; thuc_hien' -> 'căn cứ (legal basis); thực hiện (implements)'; 'indirect' -> 'gián tiếp (indirect)'."""
    if not isinstance(cell, str) or not cell:
        return MISSING
    names = {**{k: schema.label(schema.RELATIONS, k) for k in schema.RELATIONS},
             "implements": schema.label(schema.RELATIONS, "thuc_hien"),  # registry link of a plan that is a document
             "indirect": "gián tiếp (indirect)"}
    return "; ".join(dict.fromkeys(names.get(p.strip(), p.strip()) for p in cell.split(";")))


def _via(cell, plan_id: str) -> str:
    """A 'via' cell of `graph.legal_basis_chain` for readers: the plan's own id there means the plan
    cites the document itself, said first ('trực tiếp (direct); 924/QĐ-TTg': cited directly, and
    also reached through 924/QĐ-TTg)."""
    if not isinstance(cell, str) or not cell:
        return MISSING
    parts = dict.fromkeys(DIRECT if p.strip() == plan_id else p.strip() for p in cell.split(";"))
    return "; ".join(sorted(parts, key=lambda p: p != DIRECT))


def focus_document(ds: Dataset, G, doc_id: str, plans: list[str] | None = None) -> pd.DataFrame:
    """Does each plan rest on `doc_id`: how it cites it, or through which documents it reaches it, in how many steps."""
    from . import graph

    rows = []
    labels = plan_labels(ds)  # once, not per plan: 10,000 plans made that quadratic
    for pid in select_plans(ds, plans):
        chain = graph.legal_basis_chain(G, pid).set_index("doc_id")
        hit = doc_id in chain.index
        direct = hit and isinstance(chain.loc[doc_id, "relation"], str)
        rows.append({"plan": labels[pid],
                     "relation_text": (_relation_label(chain.loc[doc_id, "relation"]) if direct else
                                       "gián tiếp (indirect)" if hit else MISSING),
                     "depth": chain.loc[doc_id, "depth"] if hit else pd.NA,
                     "via": _via(chain.loc[doc_id, "via"], pid) if hit else MISSING})
    out = pd.DataFrame(rows, columns=["plan", "relation_text", "depth", "via"],
                       index=pd.Index(select_plans(ds, plans), name="plan_id"))
    out["depth"] = out["depth"].astype("Int64")
    return out


def _doc_table(ds: Dataset, df: pd.DataFrame) -> pd.DataFrame:
    """Document rows from dxcompare.graph, with the registry title and plan labels instead of ids."""
    labels = plan_labels(ds)
    rank = {p: i for i, p in enumerate(labels.index)}
    order = lambda p: rank.get(p, len(rank))  # noqa: E731 - oldest plan first, as everywhere
    titles = ds.legal_documents.set_index("doc_id")["title_vi"]
    return pd.DataFrame({
        "doc_id": df["doc_id"], "n_plans": df["n_plans"],
        "plan": [", ".join(labels.get(p, p) for p in sorted(str(ps).split("; "), key=order)) for ps in df["plans"]],
        "issuer_level": df["level"],
        "title_vi": df["doc_id"].map(titles).fillna(MISSING).astype("str"),
    }).set_index("doc_id")


def most_cited(ds: Dataset, G, n: int = 10) -> pd.DataFrame:
    """The documents cited directly by the most plans (whole corpus)."""
    from . import graph

    return _doc_table(ds, graph.most_cited(G, n))


def shared_bases(ds: Dataset, G, plans: list[str] | None = None) -> pd.DataFrame:
    """Documents cited directly by two or more of the chosen plans."""
    from . import graph

    return _doc_table(ds, graph.shared_bases(G, select_plans(ds, plans)))


def legal_chains(ds: Dataset, G, plans: list[str] | None = None) -> pd.DataFrame:
    """Each chosen plan's chain of legal bases up to the national level (depth = fewest steps)."""
    from . import graph

    docs = ds.legal_documents.set_index("doc_id")["title_vi"]
    frames = []
    labels = plan_labels(ds)  # once, not per plan: 10,000 plans made that quadratic
    for pid in select_plans(ds, plans):
        c = graph.legal_basis_chain(G, pid)
        frames.append(pd.DataFrame({
            "plan": labels[pid], "doc_id": c["doc_id"], "depth": c["depth"],
            "relation_text": [_relation_label(r) if isinstance(r, str) else "gián tiếp (indirect)" for r in c["relation"]],
            "via": [_via(v, pid) for v in c["via"]], "issuer_level": c["level"],
            "title_vi": c["doc_id"].map(docs).fillna(MISSING).astype("str"),
        }))
    cols = ["plan", "doc_id", "depth", "relation_text", "via", "issuer_level", "title_vi"]
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=cols)


def alignment(ds: Dataset, G, plans: list[str] | None = None) -> pd.DataFrame:
    """Plan x national document: how the plan cites it, 'gián tiếp (indirect)' through its chain, `MISSING` if not at all."""
    from . import graph

    ids = select_plans(ds, plans)
    m = graph.alignment_matrix(G).reindex(ids)
    m = m.loc[:, m.notna().any(axis=0)]
    out = pd.DataFrame({c: [_relation_label(v) for v in m[c]] for c in m.columns}, index=plan_labels(ds).loc[ids])
    out.index.name, out.columns.name = "plan", "doc_id"
    return out


# --- agencies ------------------------------------------------------------------

def role_matrix(ds: Dataset, G, role: str | None = None, plans: list[str] | None = None) -> pd.DataFrame:
    """Agency x plan: the roles each plan gives each agency, with task counts
    ('chủ trì / lead 2; phối hợp / coordinate 1').

    `MISSING` where the plan gives the agency nothing (in that role).
    """
    from . import graph

    ids = select_plans(ds, plans)
    r = graph.agency_roles(G)
    r = r[r["plan_id"].isin(ids)]
    if role is not None:
        r = r[r["role"] == role]
    role_names = {k: f"{vi} / {en}" for k, (vi, en) in schema.ROLES.items()}
    r = r.assign(plan=r["plan_id"].map(plan_labels(ds)),
                 cell=[f"{role_names[str(ro)]} {n}" for ro, n in zip(r["role"], r["n_tasks"])])
    cells = r.groupby(["label_vi", "plan"], sort=True)["cell"].agg("; ".join)
    out = cells.unstack("plan").reindex(columns=list(plan_labels(ds).loc[ids])).astype("str").fillna(MISSING)
    out.index.name, out.columns.name = "agency_name", "plan"
    return out


def leads_and_partners(ds: Dataset, plans: list[str] | None = None) -> pd.DataFrame:
    """Per plan: the agencies that lead (chủ trì) and those told to coordinate (phối hợp), '; '-separated."""
    ids = select_plans(ds, plans)
    a = ds.assignments

    def names(pid, role):
        found = sorted(set(a.loc[(a["plan_id"] == pid) & (a["role"] == role), "agency_name"]))
        return "; ".join(found) or MISSING  # names hold commas: "Các sở, ban, ngành tỉnh"

    return pd.DataFrame({"plan": plan_labels(ds).loc[ids], "lead": [names(p, "lead") for p in ids],
                         "coordinate": [names(p, "coordinate") for p in ids]},
                        index=pd.Index(ids, name="plan_id"))


def agency_successors(ds: Dataset, plans: list[str] | None = None, role: str | None = None) -> pd.DataFrame:
    """Agencies given a task in the chosen plans, and what each became after the 2025 reorganisation.

    A body with no successor is 'unchanged' only when the registry says nothing
    more; a note (district level abolished, branches regrouped) is shown instead.
    """
    a = ds.assignments[ds.assignments["plan_id"].isin(select_plans(ds, plans))]
    if role is not None:
        a = a[a["role"] == role]
    reg = ds.agencies.set_index("agency_id")
    ids = sorted(set(a["agency_id"]))
    notes = reg.loc[ids, "successor_note"].fillna("").astype("str")
    return pd.DataFrame({
        "agency_name": reg.loc[ids, "name_vi"],
        "name_en_agency": reg.loc[ids, "name_en"],
        "successor": [reg.loc[s, "name_vi"] if isinstance(s, str) and s else _no_successor(n)
                      for s, n in zip(reg.loc[ids, "successor"], notes)],
        "successor_note": notes,
    }, index=pd.Index(ids, name="agency_id"))


def _no_successor(note: str) -> str:
    """The successor cell of a body without one: abolished or reorganised when the registry's note says so
    (its short bilingual reading where one is known, else the note), unchanged only when there is no note."""
    note = note.strip()
    if not note:
        return UNCHANGED
    return next((text for start, text in SUCCESSOR_NOTES if note.startswith(start)), note)


# --- one plan --------------------------------------------------------------------

def plan_title(ds: Dataset, plan_id: str) -> Note:
    """'## Long An (2021): Kế hoạch Thực hiện Chương trình …' — a profile's heading, its text escaped."""
    title = ds.plans.set_index("plan_id").loc[plan_id, "title"]
    return Note(f"## {md_text(plan_labels(ds)[plan_id])}: {md_text(title)}")


def plan_metadata(ds: Dataset, plan_id: str) -> pd.DataFrame:
    """The plan's metadata as a two-column table (field, value), for a profile page."""
    p = ds.plans.set_index("plan_id").loc[plan_id]
    succ = successor_provinces(ds).get(_nfc(p["province"]), MISSING)
    rows = [
        ("Tên / Title", p["title"]),
        ("Title (English gloss)", p["title_en"] if isinstance(p["title_en"], str) else MISSING),
        (HEADERS["doc_number"], p["doc_number"] if isinstance(p["doc_number"], str) else "(không số / unnumbered)"),
        (HEADERS["doc_type"], str(p["doc_type"])),
        ("Cơ quan ban hành / Issuer", p["issuer"]),
        (HEADERS["admin_level"], schema.label(schema.ADMIN_LEVELS, str(p["admin_level"]))),
        (HEADERS["province"], p["province"]),
        (HEADERS["province_2025"], succ),
        (HEADERS["locality"], p["locality"] if isinstance(p["locality"], str) else MISSING),
        (HEADERS["issued"], p["issued"].strftime("%Y-%m-%d")),
        ("Người ký / Signer", p["signer"] if isinstance(p["signer"], str) else MISSING),
        (HEADERS["period"], _period(p["period_start"], p["period_end"])),
        (HEADERS["horizon"], str(p["horizon"])),
        (HEADERS["completeness"], schema.label(schema.COMPLETENESS, str(p["completeness"]))),
        ("Tệp nguồn / Source file", f"data/raw/{p['source_file']}"),
    ]
    return pd.DataFrame(rows, columns=["field", "value"]).set_index("field")


def plan_citations(ds: Dataset, plan_id: str) -> pd.DataFrame:
    """Documents the plan cites, with the relation and the registry's description."""
    c = ds.citations[ds.citations["plan_id"] == plan_id]
    docs = ds.legal_documents.set_index("doc_id")
    return pd.DataFrame({
        "doc_id": c["doc_id"],
        "relation": c["relation"],
        "issuer_level": c["doc_id"].map(docs["issuer_level"]).to_numpy(),
        "title_vi": c["doc_id"].map(docs["title_vi"]).astype("str"),
        "quote": c["quote"],
    }).reset_index(drop=True)


def plan_targets(ds: Dataset, plan_id: str) -> pd.DataFrame:
    """The plan's targets in the source's words, each with the quote it rests on."""
    t = select_targets(ds, plans=[plan_id])
    return pd.DataFrame({
        "indicator_code": t["indicator_code"],
        "indicator": t["indicator"],
        "target": [format_target(v, str(c), str(u)) for v, c, u in zip(t["value"], t["comparator"], t["unit"])],
        "year": t["year"],
        "scope": t["scope"],
        "quote": t["quote"],
    })


def plan_assignments(ds: Dataset, plan_id: str) -> pd.DataFrame:
    """Who must do what in the plan: agency, role, task, deadline."""
    a = ds.assignments[ds.assignments["plan_id"] == plan_id]
    return pd.DataFrame({
        "agency_name": a["agency_name"],
        "role": a["role"],
        "task": a["task"],
        "deadline": a["deadline"].dt.strftime("%Y-%m-%d").fillna(MISSING),
    }).reset_index(drop=True)


# --- presentation ----------------------------------------------------------------

def _signed(v: float) -> str:
    return "0" if v == 0 else f"{v:+g}"


def bilingual(df: pd.DataFrame) -> pd.DataFrame:
    """The table as a reader sees it: bilingual headers and enumeration labels.

    Codes become 'xã (commune)' and so on; absent values stay visibly absent.
    """
    out = df.copy()
    for col in out.columns:
        if col in SIGNED or (pd.api.types.is_numeric_dtype(out[col]) and out[col].isna().any()):
            fmt = _signed if col in SIGNED else "{:g}".format
            out[col] = [fmt(v) if pd.notna(v) else MISSING for v in out[col]]
    for col, enum in ENUM_COLUMNS.items():
        if col in out.columns:
            out[col] = [schema.label(enum, str(v)) if pd.notna(v) and str(v) in enum else MISSING
                        for v in out[col]]
    if out.index.name in ENUM_COLUMNS:
        enum = ENUM_COLUMNS[out.index.name]
        out.index = pd.Index([schema.label(enum, str(v)) for v in out.index], name=out.index.name)
    out = out.rename(columns=HEADERS)
    if out.index.name in HEADERS:
        out.index.name = HEADERS[out.index.name]
    if out.columns.name in HEADERS:
        out.columns.name = HEADERS[out.columns.name]
    return out


def show(df: pd.DataFrame, empty: str = "Không có / none recorded") -> pd.DataFrame | Note:
    """`bilingual(df)` for display, or a short note when there is nothing to show.

    An empty table reads as a glitch; a sentence saying that nothing is recorded reads as a finding.
    """
    return Note(f"*{empty}*") if df.empty else bilingual(df)
