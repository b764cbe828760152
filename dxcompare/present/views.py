"""Views: an analysis table turned into the columns a reader reads (still snake_case; `table` labels them).

Each view takes the frame its namesake in `dxcompare.analysis` returns and
formats what needs words: targets as '≥80% (2025)', relations and links as
bilingual phrases, a budget's whole by its purpose, a successor or its note.
"""
from __future__ import annotations

import functools

import numpy as np
import pandas as pd

from .. import schema
from ..analysis import plan_labels, successor_provinces
from ..textnorm import nfc
from .render import ALL, VALUES
from .tables import HEADERS
from .text import MISSING, Note, format_target, md_text, vi_en

UNNUMBERED = "(không số / unnumbered)"
DIRECT = "trực tiếp (direct)"  # a 'via' cell: the plan cites the document itself
INDIRECT = "gián tiếp (indirect)"
UNCHANGED = "(không đổi / unchanged)"
LINK_TEXT = {"indirect": INDIRECT, "not_recorded": "chưa ghi nhận (not recorded)", "none": MISSING}
# Short bilingual readings of the registry's reorganisation notes (English) for bodies that have no
# successor, matched on the note's opening words; any other note is shown as written.
SUCCESSOR_NOTES = (
    ("District level abolished", "bãi bỏ cấp huyện (2025) / district level abolished (2025)"),
    ("The 63 provincial branches were reorganised into 15 regional branches",
     "tổ chức lại thành chi nhánh khu vực (2025) / reorganised into regional branches (2025)"),
)


def _period(start, end) -> str:
    """'2021–2025', or '2021' for a plan of one year."""
    return f"{start}" if start == end else f"{start}–{end}"


# --- plans ---------------------------------------------------------------------------

def overview(o: pd.DataFrame) -> pd.DataFrame:
    """`analysis.overview` with the number (or 'unnumbered'), the date and the period as one cell."""
    out = o.drop(columns=["period_start", "period_end"])
    out["doc_number"] = o["doc_number"].fillna(UNNUMBERED)
    out["issued"] = o["issued"].dt.strftime("%Y-%m-%d")
    out.insert(out.columns.get_loc("horizon"), "period",
               [_period(a, b) for a, b in zip(o["period_start"], o["period_end"])])
    return out


# --- targets -------------------------------------------------------------------------

def _target_cells(t: pd.DataFrame, with_year: bool = True) -> list[str]:
    """`format_target` of each row of `t`, computed once per distinct (value, comparator, unit, year).

    A corpus repeats few such combinations (4,554 among 250,000 targets).
    The value's bit pattern is the key, so 0.0 and -0.0 stay apart.
    """
    years = t["year"].tolist() if with_year else [None] * len(t)
    rows = zip(t["value"].tolist(), t["comparator"].astype("str").tolist(), t["unit"].astype("str").tolist(), years)
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


def target_matrix(targets: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    """Indicator × plan from `analysis.select_targets`; each cell 'comparator value unit (year)', "—" where
    the plan sets no number.

    `columns` are the chosen plans' short names (`analysis.plan_labels(ds, plans)`): every chosen plan
    is a column even when it sets no target at all, so its silence is visible. Several numbers for one
    cell (years, scopes) are joined; rows follow the indicators' first appearance.
    """
    column_label, labels = pd.factorize(pd.Index(columns))
    row, codes = pd.factorize(targets["indicator_code"])
    label = labels.get_indexer(targets["plan"])
    grid = _joined(row, label, _target_cells(targets), (len(codes), len(labels)))[:, column_label]
    out = pd.DataFrame(grid, dtype=object, index=pd.Index(list(codes), dtype="str", name="indicator_code"),
                       columns=pd.Index(columns, dtype="str", name="plan"))
    out.attrs[VALUES] = ALL  # every cell is a target (or "—")
    return out


def indicator_glossary(g: pd.DataFrame) -> pd.DataFrame:
    """`analysis.indicator_glossary` with the national targets as readable cells."""
    national = {y: [format_target(v, c, u) if pd.notna(v) and pd.notna(c) else MISSING
                    for v, c, u in zip(g[f"national_{y}"], g[f"national_comparator_{y}"], g["unit"].astype("str"))]
                for y in (2025, 2030)}
    return pd.DataFrame({"name_vi": g["name_vi"], "name_en": g["name_en"], "scope": g["scope"],
                         "national_2025": national[2025], "national_2030": national[2030]}, index=g.index)


def ambition_gap(gap: pd.DataFrame) -> pd.DataFrame:
    """`analysis.ambition_gap` with plan and national targets as readable cells."""
    national = [format_target(v, c, str(u)) if pd.notna(c) else MISSING
                for v, c, u in zip(gap["national"], gap["national_comparator"], gap["national_unit"])]
    return pd.DataFrame({
        "plan": gap["plan"], "indicator_code": gap["indicator_code"], "scope": gap["scope"], "year": gap["year"],
        "target": _target_cells(gap, with_year=False), "national": pd.array(national, dtype="str"),
        "gap_pp": gap["gap_pp"], "note": gap["note"],
    })


def plan_targets(t: pd.DataFrame) -> pd.DataFrame:
    """`analysis.plan_targets` with each number as a readable cell."""
    out = t.drop(columns=["value", "comparator", "unit"])
    out.insert(2, "target", _target_cells(t, with_year=False))
    return out


# --- budgets -------------------------------------------------------------------------

def budgets(b: pd.DataFrame) -> pd.DataFrame:
    """`analysis.budgets` for reading: purposes as 'Vietnamese / English' (a gloss not recorded is "—"),
    the whole a part belongs to named by its purpose, ids left out."""
    purpose = [vi_en(vi, en) for vi, en in zip(b["purpose"], b["purpose_en"])]
    purposes = dict(zip(b["fact_id"].tolist(), purpose))
    part_of = [MISSING if pd.isna(w) else purposes.get(w, w) for w in b["part_of"]]
    out = b.drop(columns=["plan_id", "fact_id", "top_level", "purpose_en"])
    out["purpose"] = pd.array(purpose, dtype="str")
    out["part_of"] = pd.array(part_of, dtype="str")
    return out


def drop_ids(df: pd.DataFrame) -> pd.DataFrame:
    """A table without its `plan_id` column (the short name says which plan)."""
    return df.drop(columns="plan_id")


# --- legal bases ------------------------------------------------------------------------

RELATION_NAMES = {**{k: schema.label(schema.RELATIONS, k) for k in schema.RELATIONS},
                  "implements": schema.label(schema.RELATIONS, "thuc_hien"),  # registry link of a plan-document
                  "indirect": INDIRECT}


@functools.lru_cache(maxsize=256)
def _relations_text(cell: str) -> str:
    return "; ".join(dict.fromkeys(RELATION_NAMES.get(p.strip(), p.strip()) for p in cell.split(";")))


def relation_text(cell) -> str:
    """'can_cu; thuc_hien' -> 'căn cứ (legal basis); thực hiện (implements)' (a corpus has few distinct cells)."""
    if not isinstance(cell, str) or not cell:
        return MISSING
    return _relations_text(cell)


def via_text(cell, plan_id: str) -> str:
    """A 'via' cell: the plan's own id there means the plan cites the document itself, said first
    ('trực tiếp (direct); 924/QĐ-TTg': cited directly, and also reached through 924/QĐ-TTg)."""
    if not isinstance(cell, str) or not cell:
        return MISSING
    if plan_id not in cell and ";" not in cell:
        return cell.strip()
    parts = dict.fromkeys(DIRECT if p.strip() == plan_id else p.strip() for p in cell.split(";"))
    return "; ".join(sorted(parts, key=lambda p: p != DIRECT))


def legal_chains(c: pd.DataFrame) -> pd.DataFrame:
    """`analysis.legal_chains` for reading: how each document is reached, in words."""
    return pd.DataFrame({
        "plan": c["plan"], "doc_id": c["doc_id"], "depth": c["depth"],
        "relation_text": [relation_text(r) if isinstance(r, str) else INDIRECT for r in c["relation"]],
        "via": [via_text(v, p) for v, p in zip(c["via"], c["plan_id"])],
        "issuer_level": c["level"], "title_vi": c["title_vi"],
    })


def focus_document(f: pd.DataFrame) -> pd.DataFrame:
    """`analysis.focus_document` for reading: how each plan cites the document, or why it does not."""
    how = [relation_text(r) if link == "direct" else LINK_TEXT[link] for r, link in zip(f["relation"], f["link"])]
    return pd.DataFrame({"plan": f["plan"], "relation_text": how, "depth": f["depth"],
                         "via": [via_text(v, p) for v, p in zip(f["via"], f.index)]}, index=f.index)


def alignment(m: pd.DataFrame, labels: pd.Series) -> pd.DataFrame:
    """`analysis.alignment` for reading: national document × plan (a plan per column, so the table fits a
    screen at a few plans), relations in words, plans by their short names."""
    cells = m.to_numpy(dtype=object).T  # document × plan, built as one block (a column per plan is slow)
    text = np.array([[relation_text(v) for v in row] for row in cells], dtype=object).reshape(cells.shape)
    return pd.DataFrame(text, dtype=object, index=pd.Index(m.columns, name="doc_id"),
                        columns=pd.Index(list(labels.loc[m.index]), name="plan"))


# --- agencies --------------------------------------------------------------------------

def role_matrix(r: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    """Agency × plan from `analysis.agency_roles`: the roles each plan gives each agency, with task counts
    ('chủ trì / lead 2; phối hợp / coordinate 1'); "—" where the plan gives it nothing.

    `agency_roles` sorts by agency, plan, role, so the rows of one cell are adjacent: each cell is
    one run, joined by numpy's `add.reduceat` and placed in the grid by position — no Python step
    per row, so the time grows with the rows and no faster.
    """
    role_names = pd.Series({k: f"{vi} / {en}" for k, (vi, en) in schema.ROLES.items()})
    vi, en = r["agency_name"].astype("str"), r["name_en_agency"].astype("str")
    names = vi.where(en.isna() | (en == ""), vi + " (" + en + ")")  # the registry's English gloss beside the name
    text = (role_names.reindex(r["role"].astype("str")).to_numpy(dtype=object)
            + " " + r["n_tasks"].astype("str").to_numpy(dtype=object))
    agencies = pd.Index(sorted(set(names.tolist())), dtype="str", name="agency_name")
    plans = pd.Index(columns, dtype="str", name="plan")
    row, col = agencies.get_indexer(names), plans.get_indexer(r["plan"].astype("str"))
    keep = col >= 0
    cell = (row * len(plans) + col)[keep]
    text = text[keep]
    grid = np.full(len(agencies) * len(plans), MISSING, dtype=object)
    if len(cell):
        first = np.r_[True, cell[1:] != cell[:-1]]
        starts = np.flatnonzero(first)
        text = np.where(first, text, "; " + text)  # a separator before every role after a cell's first
        grid[cell[starts]] = np.add.reduceat(text, starts)
    # One object block: a str column each is seconds of conversion at 10,000 plans, for the same display.
    return pd.DataFrame(grid.reshape(len(agencies), len(plans)), dtype=object, index=agencies, columns=plans)


def _no_successor(note) -> str:
    """The successor cell of a body without one: abolished or reorganised when the registry's note says so
    (its short bilingual reading where one is known, else the note), unchanged only when there is no note."""
    note = note.strip() if isinstance(note, str) else ""
    if not note:
        return UNCHANGED
    return next((text for start, text in SUCCESSOR_NOTES if note.startswith(start)), note)


def agency_successors(s: pd.DataFrame) -> pd.DataFrame:
    """`analysis.agency_successors` for reading: the successor, or what the registry's note says instead."""
    out = s.copy()
    out["successor"] = [v if isinstance(v, str) else _no_successor(n)
                        for v, n in zip(s["successor"], s["successor_note"])]
    out["successor_note"] = s["successor_note"].fillna("")
    return out


# --- one plan ----------------------------------------------------------------------------

def plan_title(ds, plan_id: str) -> Note:
    """'## Long An (2021): Kế hoạch Thực hiện Chương trình …' — a profile's heading, its text escaped."""
    title = ds.plans.set_index("plan_id").loc[plan_id, "title"]
    return Note(f"## {md_text(plan_labels(ds)[plan_id])}: {md_text(title)}")


def plan_metadata(ds, plan_id: str) -> pd.DataFrame:
    """The plan's metadata as a two-column table (field, value), for a profile page."""
    p = ds.plans.set_index("plan_id").loc[plan_id]
    succ = successor_provinces(ds).get(nfc(p["province"]), MISSING)
    text = lambda v: v if isinstance(v, str) else MISSING  # noqa: E731
    rows = [
        ("Tên / Title", p["title"]),
        ("Title (English gloss)", text(p["title_en"])),
        (HEADERS["doc_number"], p["doc_number"] if isinstance(p["doc_number"], str) else UNNUMBERED),
        (HEADERS["doc_type"], str(p["doc_type"])),
        ("Cơ quan ban hành / Issuer", p["issuer"]),
        (HEADERS["admin_level"], schema.label(schema.ADMIN_LEVELS, str(p["admin_level"]))),
        (HEADERS["province"], p["province"]),
        (HEADERS["province_2025"], succ),
        (HEADERS["locality"], text(p["locality"])),
        (HEADERS["issued"], p["issued"].strftime("%Y-%m-%d")),
        ("Người ký / Signer", text(p["signer"])),
        (HEADERS["period"], _period(p["period_start"], p["period_end"])),
        (HEADERS["horizon"], str(p["horizon"])),
        (HEADERS["completeness"], schema.label(schema.COMPLETENESS, str(p["completeness"]))),
        ("Tệp nguồn / Source file", f"data/raw/{p['source_file']}"),
    ]
    return pd.DataFrame(rows, columns=["field", "value"]).set_index("field")
