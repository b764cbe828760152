"""One-line findings: each report's answer, Vietnamese then English, at the top of the report and in the index.

Every count comes from `dxcompare.analysis`; the text names plans, agencies and
documents from the data, so it is escaped for Markdown.
"""
from __future__ import annotations

import pandas as pd

from .. import analysis, schema
from ..selection import select_plans
from . import views
from .text import Note, format_number, md_text, money_unit

SUMMARY_KEY = "dxcompare"  # output metadata marking a report's one-line finding (read by dxcompare.report)
SUMMARY_VI, SUMMARY_EN = "**Tóm lại:**", "**In short:**"


class Summary(Note):
    """A report's finding, Vietnamese then English, shown as a highlighted quote at the top of the report;
    marked in the output's metadata so `dxcompare.report` can put it in the index.

    `vi` and `en` are plain text (they name plans, agencies, documents from the
    data), so they are escaped for Markdown; the attributes keep them as given.
    """

    def __new__(cls, vi: str, en: str):
        text = md_text
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
    o = analysis.overview(ds, plans)
    levels = _counts(o["admin_level"], {k: (f"cấp {vi}", en) for k, (vi, en) in schema.ADMIN_LEVELS.items()})
    copies = _counts(o["completeness"], schema.COMPLETENESS)
    years = sorted(d.year for d in o["issued"])
    span = f"{years[0]}–{years[-1]}" if years[0] != years[-1] else f"{years[0]}"
    far = int(o["horizon"].max())
    return Summary(f"{len(o)} kế hoạch ({levels[0]}), ban hành {span}, nhìn xa nhất tới {far}; "
                   f"bản sao: {copies[0]}.",
                   f"{len(o)} plans ({levels[1]}), issued {span}, looking ahead to {far} at most; "
                   f"copies: {copies[1]}.")


def legal_summary(ds, G, focus_doc: str, plans=None, include_references: bool = False) -> Summary:
    """How many plans rest on the focus document (formal bases unless `include_references`), directly or
    not, for how many the link is not recorded, and which bases are shared most."""
    fd = analysis.focus_document(ds, plans, graph=G, doc_id=focus_doc, include_references=include_references)
    n, direct, reached = len(fd), int((fd["depth"] == 1).sum()), int(fd["depth"].notna().sum())
    unknown = int((fd["link"] == "not_recorded").sum())
    shared = analysis.common_bases(ds, plans, graph=G, include_references=include_references)
    cited = ds.citations.loc[ds.citations["plan_id"].isin(select_plans(ds, plans)), "doc_id"].nunique()
    how_vi = ", tính cả dẫn chiếu" if include_references else ""
    how_en = ", counting mentions" if include_references else ""
    vi = (f"Các kế hoạch dẫn {cited} văn bản; {reached}/{n} kế hoạch dựa trên {focus_doc} "
          f"({direct} trực tiếp, {reached - direct} qua văn bản khác{how_vi})")
    en = (f"The plans cite {_n(cited, 'document')}; {reached} of {_n(n, 'plan')} rest on {focus_doc} "
          f"({direct} directly, {reached - direct} through other documents{how_en})")
    if unknown:
        vi += f"; {unknown} kế hoạch chưa ghi nhận được liên kết (văn bản trung gian chưa ghi căn cứ)"
        en += (f"; for {unknown} the link is not recorded (an intermediate document's own basis "
               "is not in the registry)")
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
    n_plans = len(select_plans(ds, plans))
    t = analysis.select_targets(ds, plans, pillar=pillar, year=year, scope=scope, quotes=False)
    if t.empty:
        return Summary(f"{where_vi}: không kế hoạch nào đặt chỉ tiêu định lượng.",
                       f"{where_en}: no plan sets a quantified target.")
    gap = analysis.ambition_gap(ds, plans, pillar=pillar, year=year, scope=scope)["gap_pp"].dropna()
    above, level, below = int((gap > 0).sum()), int((gap == 0).sum()), int((gap < 0).sum())
    setters, codes = t["plan_id"].nunique(), t["indicator_code"].nunique()
    vi = f"{where_vi}: {setters}/{n_plans} kế hoạch đặt {len(t)} con số cho {codes} chỉ tiêu; "
    en = (f"{where_en}: {setters} of {_n(n_plans, 'plan')} set{'s' if setters == 1 else ''} "
          f"{_n(len(t), 'number')} on {_n(codes, 'indicator')}; ")
    national = analysis.NATIONAL_DOC
    if gap.empty:
        return Summary(vi + f"không con số nào so sánh được với {national} (khác năm, đơn vị hoặc phạm vi).",
                       en + f"none compares with {national} (other year, unit or scope).")
    return Summary(vi + f"{len(gap)} so sánh được với {national}: {above} cao hơn, {level} ngang bằng, "
                   f"{below} thấp hơn.",
                   en + f"{len(gap)} compare with {national}: {above} above, {level} level, {below} below.")


def budget_summary(ds, unit: str = "million", plans=None) -> Summary:
    """Which plans state money (how many amounts, the largest), which only name sources, which say nothing."""
    cov = analysis.budget_coverage(ds, plans)
    amounts = analysis.budgets(ds, plans, unit=unit)
    col = analysis.amount_column(unit)
    vi_unit, en_unit = money_unit(unit).split(" / ")
    stated = cov[cov["n_amounts"] > 0]
    only_sources = int(((cov["n_amounts"] == 0) & (cov["n_sources"] > 0)).sum())
    silent = int(((cov["n_amounts"] == 0) & (cov["n_sources"] == 0)).sum())
    vi_parts, en_parts = [], []
    largest = amounts.groupby("plan")[col].max()  # one group-by, not a mask per plan
    for plan, n in zip(stated["plan"], stated["n_amounts"]):
        top = format_number(largest[plan])
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
    ids = select_plans(ds, plans)
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
    o = views.overview(analysis.overview(ds, [plan_id])).iloc[0]
    copy_vi, copy_en = schema.COMPLETENESS[str(o["completeness"])]
    issuer = ds.plans.set_index("plan_id").loc[plan_id, "issuer"]
    counts_vi = (f"{o['n_targets']} chỉ tiêu, {o['n_citations']} văn bản được dẫn, "
                 f"{o['n_budgets']} khoản tiền, {o['n_assignments']} phân công")
    counts_en = (f"{_n(o['n_targets'], 'target')}, {_n(o['n_citations'], 'document')} cited, "
                 f"{_n(o['n_budgets'], 'amount')}, {_n(o['n_assignments'], 'assignment')}")
    return Summary(f"{o['doc_number']}, {issuer}, ban hành {o['issued']} ({copy_vi}): {counts_vi}.",
                   f"{o['doc_number']}, {issuer}, issued {o['issued']} ({copy_en}): {counts_en}.")


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
