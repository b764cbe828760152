"""What a reader reads: short bilingual names, numbers, tables and the one-line finding of each report.

Codes such as `records_online_commune` are keys for the data, not words for a
reader, and the registry's names run to 180 characters; a table row or an axis
needs a name that fits, in Vietnamese and English, still unique. Numbers are
grouped with a narrow space, because "1,560" means one thousand five hundred and
sixty to an English reader but one point five six to a Vietnamese one.
Everything here is presentation over `dxcompare.compare`; nothing is computed twice.
"""
from __future__ import annotations

import re
import unicodedata

import pandas as pd

from . import compare, schema

MISSING = compare.MISSING
THIN = "\u202f"  # narrow no-break space: a thousands separator read the same way in both languages
SUMMARY_KEY = "dxcompare"  # output metadata marking a report's one-line finding (read by dxcompare.report)
SUMMARY_VI, SUMMARY_EN = "**Tóm lại:**", "**In short:**"
# Headers of the columns this module adds; the rest come from compare.HEADERS.
HEADERS = {"indicator_name": "Chỉ tiêu / Indicator"}
MONEY_UNITS = {"VND": "đồng / VND", "million": "triệu đồng / million VND", "billion": "tỷ đồng / billion VND"}
NAME_WIDTH = 64  # characters per language in a table
AXIS_WIDTH = 60  # characters per language on a figure axis (one line each)
_PARENS = re.compile(r"\s*\([^()]*\)")
# Abbreviations every reader of Vietnamese administrative writing knows, used only when a name is too long.
ABBREVIATIONS = (
    ("nông thôn mới", "NTM"), ("công nghệ thông tin", "CNTT"), ("Ủy ban nhân dân", "UBND"),
    ("dịch vụ công trực tuyến", "DVCTT"), ("doanh nghiệp nhỏ và vừa", "DNNVV"),
    ("small and medium-sized enterprises", "SMEs"),
)


# --- names ---------------------------------------------------------------------------------

def shorten(text: str, width: int) -> str:
    """A name cut to `width` characters, losing the least first.

    First the usual abbreviations (nông thôn mới → NTM), then parenthesised
    detail (it explains; the words before it name), then words from the end,
    marked with '…'. A spaced dash clause such as "– Bộ tiêu chí xã NTM nâng
    cao" is kept as long as it fits: it tells two otherwise identical criteria apart.
    """
    text = " ".join(unicodedata.normalize("NFC", str(text)).split())
    if len(text) <= width:
        return text
    for long, short in ABBREVIATIONS:
        text = re.sub(re.escape(long), short, text, flags=re.IGNORECASE)
    if len(text) <= width:
        return text
    bare = _PARENS.sub("", text)
    if len(bare) <= width:
        return bare
    cut = bare[: width - 1]
    if " " in cut and not bare[width - 1].isspace():
        cut = cut[: cut.rfind(" ")]
    return cut.rstrip(" ,;:–-") + "…"


def indicator_names(indicators: pd.DataFrame, codes, width: int = NAME_WIDTH,
                    sep: str = " / ") -> dict[str, str]:
    """code -> 'Vietnamese name / English name', each shortened to `width`, unique over `codes`.

    A code missing from the registry keeps its code; two codes whose short
    names coincide get their code appended, so no two rows read the same.
    """
    reg = indicators.set_index("indicator_code")
    names = {}
    for code in dict.fromkeys(codes):
        if code in reg.index:
            names[code] = sep.join(shorten(reg.loc[code, col], width) for col in ("name_vi", "name_en"))
        else:
            names[code] = str(code)
    seen = pd.Series(names).duplicated(keep=False)
    return {c: f"{n} [{c}]" if seen[c] else n for c, n in names.items()}


def format_number(value) -> str:
    """'1 560', '0.66', '1 560 000 000': thousands grouped by a narrow space, at most three decimals."""
    if value is None or pd.isna(value):
        return MISSING
    value = float(value)
    if value.is_integer():
        text = f"{int(value):,}"
    else:
        text = f"{value:,.3f}".rstrip("0").rstrip(".")
    return text.replace(",", THIN)


def money_unit(unit: str) -> str:
    """'triệu đồng / million VND' for `unit` = 'million' (see compare.MONEY_UNITS)."""
    return MONEY_UNITS[unit]


# --- tables ----------------------------------------------------------------------------------

def _header(column: str) -> str:
    return HEADERS.get(column, compare.HEADERS.get(column, column))


def table(ds, df: pd.DataFrame, index=None, names: bool = True, codes: bool = False,
          empty: str = "Không có / none recorded"):
    """A compare table as a reader sees it: `compare.show` plus names, numbers and a meaningful row header.

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
        return compare.show(df, empty)
    index = [index] if isinstance(index, str) else index
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
    for col in [c for c in df.columns if str(c).startswith("amount_")]:
        df[col] = [format_number(v) for v in df[col]]
    out = compare.bilingual(df).rename(columns=HEADERS)
    if index is not None:
        columns_name = out.columns.name
        out = out.set_index([_header(c) for c in index])
        out.columns.name = columns_name
    return out


# --- one-line findings -----------------------------------------------------------------------

class Summary(compare.Note):
    """A report's finding, Vietnamese then English, shown as a highlighted quote at the top of the report;
    marked in the output's metadata so `dxcompare.report` can put it in the index.

    `vi` and `en` are plain text (they name plans, agencies, documents from the
    data), so they are escaped for Markdown; the attributes keep them as given.
    """

    def __new__(cls, vi: str, en: str):
        text = compare.md_text
        self = super().__new__(cls, f"> {SUMMARY_VI} {text(vi)}\n>\n> {SUMMARY_EN} {text(en)}")
        self.vi, self.en = vi, en
        return self

    def _repr_markdown_(self):
        return str(self), {SUMMARY_KEY: "summary"}


def _counts(values, enum: dict) -> tuple[str, str]:
    """'cấp tỉnh 4, cấp xã 1' / 'province 4, commune 1' in the enumeration's order, zeros left out."""
    counts = pd.Series([str(v) for v in values]).value_counts()
    present = [k for k in enum if counts.get(k, 0)]
    return (", ".join(f"{enum[k][0]} {counts[k]}" for k in present),
            ", ".join(f"{enum[k][1]} {counts[k]}" for k in present))


def _n(k: int, word: str, plural: str | None = None) -> str:
    """'1 target', '3 targets': English needs the plural, Vietnamese does not."""
    return f"{k} {word if k == 1 else plural or word + 's'}"


def _list(names, limit: int = 3) -> str:
    names = list(names)
    return "; ".join(names[:limit]) + (f" (+{len(names) - limit})" if len(names) > limit else "")


def overview_summary(ds, plans=None) -> Summary:
    """How many plans, at which levels, issued when, looking how far, in what kind of copy."""
    o = compare.overview(ds, plans)
    levels = _counts(o["admin_level"], {k: (f"cấp {vi}", en) for k, (vi, en) in schema.ADMIN_LEVELS.items()})
    copies = _counts(o["completeness"], schema.COMPLETENESS)
    years = sorted(int(y[:4]) for y in o["issued"])
    span = f"{years[0]}–{years[-1]}" if years[0] != years[-1] else f"{years[0]}"
    far = int(o["horizon"].max())
    return Summary(f"{len(o)} kế hoạch ({levels[0]}), ban hành {span}, nhìn xa nhất tới {far}; "
                   f"bản sao: {copies[0]}.",
                   f"{len(o)} plans ({levels[1]}), issued {span}, looking ahead to {far} at most; "
                   f"copies: {copies[1]}.")


def legal_summary(ds, G, focus_doc: str, plans=None) -> Summary:
    """How many plans rest on the focus document, directly or not, and which bases are shared most."""
    fd = compare.focus_document(ds, G, focus_doc, plans=plans)
    n, direct, reached = len(fd), int((fd["depth"] == 1).sum()), int(fd["depth"].notna().sum())
    shared = compare.shared_bases(ds, G, plans=plans)
    cited = ds.citations.loc[ds.citations["plan_id"].isin(compare.select_plans(ds, plans)), "doc_id"].nunique()
    vi = (f"Các kế hoạch dẫn {cited} văn bản; {reached}/{n} kế hoạch dựa trên {focus_doc} "
          f"({direct} trực tiếp, {reached - direct} qua văn bản khác)")
    en = (f"The plans cite {_n(cited, 'document')}; {reached} of {_n(n, 'plan')} rest on {focus_doc} "
          f"({direct} directly, {reached - direct} through other documents)")
    if shared.empty:
        return Summary(vi + "; không có căn cứ chung.", en + "; no basis is shared.")
    top = shared.index[shared["n_plans"] == shared["n_plans"].max()]
    k = int(shared["n_plans"].max())
    return Summary(f"{vi}; {len(shared)} văn bản là căn cứ chung, nhiều nhất {_list(top)} ({k} kế hoạch).",
                   f"{en}; {_n(len(shared), 'document')} shared, most widely {_list(top)} ({k} plans).")


def _target_scope(pillar, year, scope) -> tuple[str, str]:
    vi = [f"Năm {year}" if year is not None else "Mọi năm"]
    en = [f"For {year}" if year is not None else "All years"]
    if pillar is not None:
        vi.append(schema.PILLARS[pillar][0].lower())
        en.append(schema.PILLARS[pillar][1].lower())
    if scope is not None:
        vi.append(f"đo theo {schema.SCOPES[scope][0]}")
        en.append(f"measured over {schema.SCOPES[scope][1]}")
    return ", ".join(vi), ", ".join(en)


def targets_summary(ds, pillar=None, year=None, plans=None, scope=None) -> Summary:
    """How many targets from how many plans, and how the comparable ones stand against 749/QĐ-TTg."""
    where_vi, where_en = _target_scope(pillar, year, scope)
    n_plans = len(compare.select_plans(ds, plans))
    t = compare.select_targets(ds, pillar, year, plans, scope)
    if t.empty:
        return Summary(f"{where_vi}: không kế hoạch nào đặt chỉ tiêu định lượng.",
                       f"{where_en}: no plan sets a quantified target.")
    gap = compare.ambition_gap(ds, pillar, year, plans, scope)["gap_pp"].dropna()
    above, level, below = int((gap > 0).sum()), int((gap == 0).sum()), int((gap < 0).sum())
    setters, codes = t["plan_id"].nunique(), t["indicator_code"].nunique()
    vi = f"{where_vi}: {setters}/{n_plans} kế hoạch đặt {len(t)} con số cho {codes} chỉ tiêu; "
    en = (f"{where_en}: {setters} of {_n(n_plans, 'plan')} set{'s' if setters == 1 else ''} "
          f"{_n(len(t), 'number')} on {_n(codes, 'indicator')}; ")
    national = compare.NATIONAL_DOC
    if gap.empty:
        return Summary(vi + f"không con số nào so sánh được với {national} (khác năm, đơn vị hoặc phạm vi).",
                       en + f"none compares with {national} (other year, unit or scope).")
    return Summary(vi + f"{len(gap)} so sánh được với {national}: {above} cao hơn, {level} ngang bằng, "
                   f"{below} thấp hơn.",
                   en + f"{len(gap)} compare with {national}: {above} above, {level} level, {below} below.")


def budget_summary(ds, unit: str = "million", plans=None) -> Summary:
    """Which plans state money (how many amounts, the largest), which only name sources, which say nothing."""
    cov = compare.budget_coverage(ds, plans)
    amounts = compare.budgets(ds, unit, plans)
    col = compare.amount_column(unit)
    vi_unit, en_unit = money_unit(unit).split(" / ")
    stated = cov[cov["n_amounts"] > 0]
    only_sources = int(((cov["n_amounts"] == 0) & (cov["n_sources"] > 0)).sum())
    silent = int(((cov["n_amounts"] == 0) & (cov["n_sources"] == 0)).sum())
    vi_parts, en_parts = [], []
    for plan, n in zip(stated["plan"], stated["n_amounts"]):
        top = format_number(amounts.loc[amounts["plan"] == plan, col].max())
        vi_parts.append(f"{plan}: {n} khoản, lớn nhất {top} {vi_unit}")
        en_parts.append(f"{plan}: {_n(n, 'amount')}, largest {top} {en_unit}")
    vi_which = f" ({'; '.join(vi_parts)})" if vi_parts else ""
    en_which = f" ({'; '.join(en_parts)})" if en_parts else ""
    one = len(stated) == 1
    return Summary(f"{len(stated)}/{len(cov)} kế hoạch nêu số tiền{vi_which}; "
                   f"{only_sources} chỉ nêu nguồn vốn; {silent} không nêu gì về kinh phí. "
                   "Các khoản không được cộng dồn.",
                   f"{len(stated)} of {_n(len(cov), 'plan')} state{'s' if one else ''} amounts{en_which}; "
                   f"{only_sources} only name{'s' if only_sources == 1 else ''} funding sources; "
                   f"{silent} say{'s' if silent == 1 else ''} nothing about money. Amounts are never summed.")


def agency_summary(ds, role=None, plans=None) -> Summary:
    """How many tasks to how many agencies, who leads (or holds the role) in most plans, who was reorganised."""
    ids = compare.select_plans(ds, plans)
    a = ds.assignments[ds.assignments["plan_id"].isin(ids)]
    if role is not None:
        a = a[a["role"].astype("str") == role]
    vi_role, en_role = schema.ROLES[role or "lead"]
    if a.empty:
        return Summary(f"Không kế hoạch nào giao nhiệm vụ{f' với vai trò {vi_role}' if role else ''}.",
                       f"No plan assigns a task{f' in the role {en_role}' if role else ''}.")
    reg = ds.agencies.set_index("agency_id")
    holders = a[a["role"].astype("str") == (role or "lead")].groupby("agency_id")["plan_id"].nunique()
    touched = reg.loc[sorted(set(a["agency_id"]))]
    said = [touched[c].fillna("").astype("str").str.strip() != "" for c in ("successor", "successor_note")]
    n_changed = int((said[0] | said[1]).sum())  # a successor, or a note saying the body was abolished
    n_plans, n_agencies = a["plan_id"].nunique(), a["agency_id"].nunique()
    vi = (f"{n_plans}/{len(ids)} kế hoạch giao {len(a)} nhiệm vụ{f' ({vi_role})' if role else ''} "
          f"cho {n_agencies} cơ quan")
    en = (f"{n_plans} of {_n(len(ids), 'plan')} assign{'s' if n_plans == 1 else ''} {_n(len(a), 'task')}"
          f"{f' ({en_role})' if role else ''} to {_n(n_agencies, 'agency', 'agencies')}")
    if not holders.empty:
        k = int(holders.max())
        top = sorted(holders.index[holders == k])
        vi += f"; {vi_role} ở nhiều kế hoạch nhất: {_list(reg.loc[top, 'name_vi'])} ({k})"
        en += f"; {en_role} in most plans: {_list(reg.loc[top, 'name_en'])} ({k})"
    return Summary(f"{vi}; {n_changed} cơ quan trong số đó đã được sắp xếp lại năm 2025 "
                   "(sáp nhập hoặc giải thể).",
                   f"{en}; {n_changed} of them {'was' if n_changed == 1 else 'were'} merged or abolished "
                   "in the 2025 reorganisation.")


def profile_summary(ds, plan_id: str) -> Summary:
    """The plan's number, issuer, date and copy, and how many facts of each kind it holds."""
    o = compare.overview(ds, [plan_id]).iloc[0]
    copy_vi, copy_en = schema.COMPLETENESS[str(o["completeness"])]
    issuer = ds.plans.set_index("plan_id").loc[plan_id, "issuer"]
    counts_vi = (f"{o['n_targets']} chỉ tiêu, {o['n_citations']} văn bản được dẫn, "
                 f"{o['n_budgets']} khoản tiền, {o['n_assignments']} phân công")
    counts_en = (f"{_n(o['n_targets'], 'target')}, {_n(o['n_citations'], 'document')} cited, "
                 f"{_n(o['n_budgets'], 'amount')}, {_n(o['n_assignments'], 'assignment')}")
    return Summary(f"{o['doc_number']}, {issuer}, ban hành {o['issued']} ({copy_vi}): {counts_vi}.",
                   f"{o['doc_number']}, {issuer}, issued {o['issued']} ({copy_en}): {counts_en}.")
