"""Stage 4: amounts of money, and sources of money named without an amount.

Amounts are written "1.560.000.000 đồng", "2,5 tỷ đồng", "850 triệu đồng",
"15.000 triệu đồng" (dots group thousands, a comma marks decimals); "tỷ" and
"triệu" without "đồng" count only in a sentence about funds. In a `|` table
the unit is often said once, in a column header ("Kinh phí (triệu đồng)") or
a line above ("Đơn vị tính: triệu đồng"): the bare numbers of that column are
amounts. A table's total row ("Tổng cộng") restating an amount the document
states elsewhere, above the table or below it, is not a new one.
Each amount's
purpose is the clause it stands in; a list item under "… Trong đó:" inherits
its parent's funding source and year, and is marked as a component of it
(`part_of`, the parent's 1-based position among the budgets).
"""
from __future__ import annotations

import re

from .normalize import Doc, kw
from .records import Budget, FundingSource

Span = tuple[int, int]

_INT = r"(?P<int>\d{1,3}(?:,\d{3}){2,}|\d{1,3}(?:\.\d{3})+|\d+)(?:,(?P<dec>\d{1,3}))?"
_MONEY = re.compile(
    r"(?<![\w.,])" + _INT + r"\s*(?:(?P<mult>tỷ|tỉ|triệu|nghìn|ngàn)\s*(?:(?P<int2>\d{1,3})\s*(?P<mult2>triệu|nghìn|ngàn)\s*)?)?"
    r"(?P<cur>đồng|VNĐ|VND|vnđ|đ)?(?!\w)", re.I)
_MULT = {"tỷ": 10 ** 9, "tỉ": 10 ** 9, "triệu": 10 ** 6, "nghìn": 10 ** 3, "ngàn": 10 ** 3}
_FUNDS_CONTEXT = kw("kinh phí", "vốn", "ngân sách", "dự toán", "tổng mức", "chi phí", "tổng chi", "đầu tư", "nguồn",
                    "bố trí", "hỗ trợ", "chi")
_SOURCE = re.compile(
    r"(?<!\w)(?:từ\s+)?(?P<src>(?:nguồn\s+(?:vốn|kinh phí|ngân sách|sự nghiệp|lực|thu|chi)|ngân sách\s+(?:nhà nước|tỉnh|"
    r"huyện|xã|trung ương|địa phương)|vốn\s+(?:đầu tư|sự nghiệp|ngân sách|xã hội hóa|xã hội hoá|huy động)|"
    r"nguồn lực xã hội\s+ho[áa]|kinh phí\s+(?:chi\s+)?thường xuyên)"
    r"(?:\s+(?!(?:bố|cấp|hỗ|để|cho|theo|năm|là|được|và|với|trong|đã|sẽ)\b)[^\s\d,;:.()]+){0,8})", re.I)
_DIGIT = re.compile(r"\d")
_MONEY_WORD = re.compile(r"(?i)đồng|vnđ|vnd|tỷ|tỉ|triệu|nghìn|ngàn|\dđ|\d\sđ\b")
_YEAR = re.compile(r"(?<!\w)năm\s+(?P<y>(?:19|20)\d{2})(?!\d)", re.I)
_PARENT_OPEN = re.compile(r"(?i)(?:trong\s+đó|cụ\s+thể|bao\s+gồm|như\s+sau)\s*:?\s*$|:\s*$")


_UNIT_WORDS = r"(?P<mult>tỷ|tỉ|triệu|nghìn|ngàn)?\s*(?:đồng|VNĐ|VND|đ)"
_HEADER_UNIT = re.compile(r"(?i)\(\s*(?:đơn\s+vị(?:\s+tính)?\s*:?\s*|ĐVT\s*:?\s*)?" + _UNIT_WORDS + r"\s*\)")
_UNIT_LINE = re.compile(r"(?i)(?:đơn\s+vị(?:\s+tính)?|ĐVT)\s*:\s*" + _UNIT_WORDS + r"\b")
_BARE_NUMBER = re.compile(r"\s*(?P<int>\d{1,3}(?:\.\d{3})+|\d+)(?:,(?P<dec>\d{1,3}))?\s*$")
_TOTAL_ROW = re.compile(r"(?i)\s*(?:tổng\s+cộng|tổng\s+số|tổng|cộng)(?:\s+(?:kinh\s+phí|chung|cộng|toàn\s+bộ))?(?:\s*\([^()\n]*\))?\s*[:.]?\s*")


def _table_units(doc: Doc) -> dict[int, dict[int, int]]:
    """For each row of a `|` table whose money unit a header cell or the line above states: column -> multiplier."""
    work = doc.work
    out: dict[int, dict[int, int]] = {}
    paras = doc.paras
    i = 0
    while i < len(paras):
        if paras[i].kind != "table":
            i += 1
            continue
        j = i
        while j < len(paras) and paras[j].kind == "table":
            j += 1
        cols: dict[int, int] = {}
        line_unit = _UNIT_LINE.search(work, paras[i - 1].start, paras[i - 1].end) if i else None
        for row in paras[i:j]:
            texts = [work[a:b] for a, b in row.cells]
            if any(_BARE_NUMBER.match(t) for t in texts):
                continue  # a data row
            for k, t in enumerate(texts):
                hm = _HEADER_UNIT.search(t)
                if hm:
                    cols[k] = _MULT.get((hm.group("mult") or "").lower(), 1)
                elif line_unit and _FUNDS_CONTEXT.search(t):
                    cols[k] = _MULT.get((line_unit.group("mult") or "").lower(), 1)
        if cols:
            for row in paras[i:j]:
                out[row.index] = cols
        i = j
    return out


def _amount(m: re.Match) -> int | None:
    raw = m.group("int")
    if "," in raw and m.group("dec") is None:
        whole = int(raw.replace(",", ""))
        frac = 0.0
    else:
        whole = int(raw.replace(".", ""))
        frac = float("0." + m.group("dec")) if m.group("dec") else 0.0
    mult = _MULT.get((m.group("mult") or "").lower(), 1)
    value = (whole + frac) * mult
    if m.group("int2"):
        value += int(m.group("int2")) * _MULT[m.group("mult2").lower()]
    return int(round(value))


def _is_money(m: re.Match, work: str, clause: Span) -> bool:
    cur, mult = m.group("cur"), m.group("mult")
    if not cur and not mult:
        return False
    if cur and cur.lower() == "đ" and not (mult or "." in m.group("int")):
        return False
    if not cur:  # "2,5 tỷ" alone: money only where the sentence speaks of funds
        nxt = work[m.end():m.end() + 12].lower()
        if re.match(r"\s*(?:người|lượt|usd|đô|thuê bao|hộ|sản phẩm|cuốn|m2|m3|tấn|kwh|km)", nxt):
            return False
        return bool(_FUNDS_CONTEXT.search(work, clause[0], clause[1]))
    return True


def _after_amount(work: str, pos: int, end: int) -> int:
    """Where the next amount's own words start: after the separator following this amount."""
    m = re.compile(r"\s*[,;.]?\s*(?:và\s+|trong\s+đó\s*:?\s*)?").match(work, pos, end)
    return m.end() if m else pos


def _clean(s: str) -> str:
    s = " ".join(s.split()).strip(" ,;:.-–")
    s = re.sub(r"(?i)\s*(?:là|khoảng|dự kiến|tổng cộng|với|gồm)$", "", s)
    return s


def extract(doc: Doc) -> tuple[list[Budget], list[FundingSource], list[Span]]:
    """Budgets, funding sources without amounts, and the spans of all amounts (not targets)."""
    work, text = doc.work, doc.text
    budgets: list[Budget] = []
    sources: list[FundingSource] = []
    money_spans: list[Span] = []
    parent: tuple[str | None, int | None, int] | None = None  # source, year, position of an open "Trong đó:" list
    totals: set[int] = set()  # positions of amounts found in a table's total row
    units = _table_units(doc)
    for p in doc.paras:
        if p.index in units:
            _unit_cells(doc, p, units[p.index], budgets, money_spans, parent, totals)
            continue
        if not _DIGIT.search(work, p.start, p.end):
            if p.kind != "bullet" and p.kind != "table":
                parent = None
            continue
        clauses = [c for c in p.cells if c[1] > c[0]] if p.kind == "table" else doc.clauses(p)
        if p.kind not in ("bullet",) and p.kind != "table":
            parent = None
        para_had_money = False
        for cs, ce in clauses:
            src_m = _SOURCE.search(work, cs, ce)
            src = re.sub(r"(?i)\s+(?:năm\s+\d{4}|để|theo|cho)$", "", " ".join(src_m.group("src").split())) \
                if src_m else None
            amounts = [m for m in _MONEY.finditer(work, cs, ce) if _is_money(m, work, (cs, ce))] \
                if _MONEY_WORD.search(work, cs, ce) else []
            clause_years = [int(y.group("y")) for y in _YEAR.finditer(work, cs, ce)]
            prev_end = cs
            for m in amounts:
                amount = _amount(m)
                if not amount:
                    continue
                para_had_money = True
                money_spans.append((m.start(), m.end()))
                purpose = _clean(work[prev_end:m.start()])
                if len(purpose.split()) < 2:
                    purpose = _clean(work[m.end():ce]) or _clean(work[cs:m.start()])
                if p.kind == "table" and p.cells:
                    text_cells = [c for c in p.cells if len(work[c[0]:c[1]].split()) >= 2]
                    cell = next((c for c in text_cells if c[0] <= m.start() < c[1]), text_cells[0] if text_cells else None)
                    if cell:
                        purpose = _clean(work[cell[0]:m.start()] if cell[0] < m.start() < cell[1] else work[cell[0]:cell[1]])
                seg_years = [int(y.group("y")) for y in _YEAR.finditer(work, prev_end, m.start())]
                year = seg_years[-1] if seg_years else (clause_years[0] if len(amounts) == 1 and clause_years else None)
                b_src = src
                part_of = None
                if parent is not None and p.kind in ("bullet", "table"):
                    b_src = b_src or parent[0]
                    year = year or parent[1]
                    part_of = parent[2]
                start = prev_end if prev_end > cs else cs
                if p.kind == "table" and _is_total_row(work, p.cells):
                    totals.add(len(budgets))
                budgets.append(Budget(amount, purpose[:200], text, (start, m.end()), b_src, year, part_of))
                prev_end = _after_amount(work, m.end(), ce)
            if not amounts and src_m and _FUNDS_CONTEXT.search(work, cs, ce):
                a = src_m.start("src")
                b = a + len(src_m.group("src").rstrip())
                sources.append(FundingSource(src, text, (a, b)))
        if p.kind != "bullet" and para_had_money and _PARENT_OPEN.search(work[p.start:p.end]):
            last = budgets[-1]
            parent = (last.funding_source, last.year, len(budgets))
    return _without_restated_totals(budgets, totals), _dedupe(sources), money_spans


def _without_restated_totals(budgets: list[Budget], totals: set[int]) -> list[Budget]:
    """Drops a total row's amount that another budget of the document states; `part_of` positions follow."""
    stated = {b.amount_vnd for i, b in enumerate(budgets) if i not in totals}
    drop = {i for i in totals if budgets[i].amount_vnd in stated}
    if not drop:
        return budgets
    new_pos = {}
    for i, b in enumerate(budgets):
        if i not in drop:
            new_pos[i + 1] = len(new_pos) + 1
    kept = []
    for i, b in enumerate(budgets):
        if i in drop:
            continue
        if b.part_of is not None:
            b.part_of = new_pos.get(b.part_of)
        kept.append(b)
    return kept


def _unit_cells(doc: Doc, row, cols: dict[int, int], budgets: list[Budget], money_spans: list[Span],
                parent: tuple[str | None, int | None, int] | None, totals: set[int]) -> None:
    """The amounts of one table row whose columns carry their unit in the header."""
    work, text = doc.work, doc.text
    label = next(((a, b) for a, b in row.cells if len(re.findall(r"[^\W\d_]{2,}", work[a:b])) >= 2), None)
    for k, mult in cols.items():
        if k >= len(row.cells):
            continue
        a, b = row.cells[k]
        m = _BARE_NUMBER.match(work, a, b) if b > a else None
        if not m or not (amount := _amount_parts(m.group("int"), m.group("dec"), mult)):
            continue
        s, e = a + (m.start("int") - a), a + (m.end("dec") if m.group("dec") else m.end("int")) - a
        money_spans.append((s, e))
        if _is_total_row(work, row.cells):
            totals.add(len(budgets))
        qs = label[0] if label and label[0] < s else s
        purpose = _clean(work[label[0]:label[1]]) if label else ""
        src, year, part_of = (parent[0], parent[1], parent[2]) if parent else (None, None, None)
        budgets.append(Budget(amount, purpose[:200], text, (qs, e), src, year, part_of))


def _is_total_row(work: str, cells: list[Span]) -> bool:
    """Whether the first cell with a word in it says "Tổng cộng", "Tổng số", "Tổng" or "Cộng"."""
    label = next(((a, b) for a, b in cells if re.search(r"[^\W\d_]", work[a:b])), None)
    return label is not None and bool(_TOTAL_ROW.fullmatch(work, *label))


def _amount_parts(whole: str, dec: str | None, mult: int) -> int:
    return int(round((int(whole.replace(".", "")) + (float("0." + dec) if dec else 0.0)) * mult))


def _dedupe(sources: list[FundingSource]) -> list[FundingSource]:
    seen, out = set(), []
    for s in sources:
        key = " ".join(s.source.lower().split())
        if key not in seen:
            seen.add(key)
            out.append(s)
    return out
