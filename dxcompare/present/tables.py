"""Tables as a reader sees them: bilingual headers and enumeration labels, "—" for missing, grouped amounts.

`table(ds, df, index=…)` takes any table of `dxcompare.analysis` (or a view
of `dxcompare.present.views`) and returns the DataFrame a notebook displays.
"""
from __future__ import annotations

import pandas as pd

from .. import schema
from .render import ALL, VALUES, Table
from .text import MISSING, Note, format_number, indicator_names

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
    "indicator_name": "Chỉ tiêu / Indicator",
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
    "agency_unit": "Đơn vị cụ thể / Specific unit",
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
SIGNED = ("gap_pp",)  # shown with an explicit sign: +10 above the national target, -5 below
VALUE_NAMES = {"gap_pp", "target", "national", "national_2025", "national_2030", "period"}  # formatted values
EMPTY = "Không có / none recorded"


def _signed(v: float) -> str:
    return "0" if v == 0 else f"{v:+g}"


def header(column: str) -> str:
    return HEADERS.get(column, column)


def bilingual(df: pd.DataFrame) -> pd.DataFrame:
    """The table as a reader sees it: bilingual headers and enumeration labels, dates as YYYY-MM-DD.

    Codes become 'xã (commune)' and so on; absent values become "—", never 0 or "nan".
    """
    out = df.copy()
    for col in out.columns:
        s = out[col]
        if s.dtype.kind == "M":
            out[col] = pd.array([MISSING if pd.isna(v) else v.strftime("%Y-%m-%d") for v in s], dtype="str")
        elif col in SIGNED or (pd.api.types.is_numeric_dtype(s) and not pd.api.types.is_bool_dtype(s)
                               and s.isna().any()):
            fmt = _signed if col in SIGNED else "{:g}".format
            out[col] = [fmt(v) if pd.notna(v) else MISSING for v in s]
        elif col not in ENUM_COLUMNS and not pd.api.types.is_numeric_dtype(s) and s.isna().any():
            out[col] = s.astype("object").where(s.notna(), MISSING).astype(s.dtype if s.dtype == "str" else "object")
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


def show(df: pd.DataFrame, empty: str = EMPTY) -> pd.DataFrame | Note:
    """`bilingual(df)` for display, or a short note when there is nothing to show.

    An empty table reads as a glitch; a sentence saying that nothing is recorded reads as a finding.
    """
    return Note(f"*{empty}*") if df.empty else bilingual(df)


def table(ds, df: pd.DataFrame, index=None, names: bool = True, codes: bool = False, empty: str = EMPTY):
    """A table as a reader sees it: `show` plus indicator names, grouped amounts and a meaningful row header.

    - beside `indicator_code` goes `indicator_name`, the short bilingual name
      (`names=False`: not, for a glossary that shows the full names itself);
      the code column itself is dropped unless `codes`; `pillar` is added from
      the registry when `index` asks for it;
    - amounts are grouped with a narrow space;
    - `index`: the columns that name a row (e.g. ["plan", "doc_id"]); they
      replace the row numbers or plan ids, and repeated leading values are
      shown once.
    """
    if df.empty:
        return show(df, empty)
    index = [index] if isinstance(index, str) else index
    every_value = df.attrs.get(VALUES) == ALL
    df = df.copy()
    if index is not None:  # the old index goes, unless it is one of the new ones (or the code behind a name)
        wanted = set(index) | ({"indicator_code"} if "indicator_name" in index else set())
        df = df.reset_index(drop=df.index.name not in wanted)
    if "indicator_code" in df.columns:
        if index is not None and "pillar" in index and "pillar" not in df.columns:
            pillar = ds.indicators.set_index("indicator_code")["pillar"].astype("str")
            df.insert(0, "pillar", df["indicator_code"].map(pillar))
        if names:
            short = indicator_names(ds.indicators, df["indicator_code"])
            at = df.columns.get_loc("indicator_code")
            df.insert(at, "indicator_name", df["indicator_code"].map(short))
        if not (codes or "indicator_code" in (index or ())):
            df = df.drop(columns="indicator_code")
    values = [header(c) for c in df.columns if every_value or _is_value(c, df[c])]
    for col in [c for c in df.columns if str(c).startswith("amount_")]:
        df[col] = [format_number(v) for v in df[col]]
    out = bilingual(df)
    if index is not None:
        columns_name = out.columns.name
        out = out.set_index([header(c) for c in index])
        out.columns.name = columns_name
    out = Table(out)
    out.attrs[VALUES] = ALL if every_value else [c for c in out.columns if c in set(values)]
    return out


def _is_value(column, s: pd.Series) -> bool:
    """A column of values (right-aligned): numbers, amounts, gaps, targets, periods — known from the table's
    types and names, not guessed from its text."""
    numeric = pd.api.types.is_numeric_dtype(s) and not pd.api.types.is_bool_dtype(s)
    return numeric or str(column).startswith("amount_") or column in VALUE_NAMES
