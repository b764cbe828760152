"""Stage 3: targets — every number that states an objective.

A target is a percentage ("100%", "Trên 70%", "từ 90% trở lên"), a growth rate
("tăng tối thiểu 7%" a year), a count of units ("03 phường/xã"; any noun after a
zero-padded number where objectives are stated: "02 gian hàng") or a rank
("trong nhóm 10 tỉnh dẫn đầu": 10 or better) stated as something to reach. Each number in a clause is its own target, with the words
around it deciding comparator, scope and indicator; the year comes from the
sentence, else from the enclosing heading ("Mục tiêu cụ thể đến năm 2025"),
else from the table column ("Định hướng đến năm 2030"), else from the plan's
period. Document numbers, dates, criterion numbers ("chỉ tiêu 8.4") and money
are never targets, nor are numbers in sections describing the current state.
"""
from __future__ import annotations

import re
from bisect import bisect_right

from . import indicators
from .citations import iso_date
from .normalize import RECIPIENTS, Doc, Para, kw
from .quantities import (COUNT, COUNT_VERB, GROWTH, NOT_COUNT_BEFORE, OBJECTIVE, PADDED_COUNT, PCT, PER_YEAR, PP,
                         RANK, UNIT_SCOPE, VALUE_CELL, Years, comparator, heading_year, number, padded_count_unit)
from .records import Target
from .registry import Registries

Span = tuple[int, int]

_EXCLUDED_SECTION = kw("thực trạng", "tình hình", "kết quả đạt được", "kết quả thực hiện", "đánh giá kết quả",
                       "căn cứ pháp lý", "căn cứ xây dựng", "bối cảnh", "hiện trạng", "kết quả triển khai")
_RESULTS_TITLE = re.compile(r"(?i)\s*kết\s+quả\b")  # a heading opening "Kết quả …" reports what was done


class _Ctx:
    """The document, registries, and the spans no target may come from (numbers, dates, money)."""

    def __init__(self, doc: Doc, reg: Registries, masked: list[Span], default_year: int | None,
                 money: list[Span] = (), issued: str | None = None):
        self.doc, self.reg, self.default_year, self.issued = doc, reg, default_year, issued
        self.issued_year = int(issued[:4]) if issued and issued[:4].isdigit() else None
        self.money_starts = sorted(a for a, _ in money)
        self.masked = sorted(masked)
        self.mstarts = [a for a, _ in self.masked]
        self.years = Years(doc, self.masked, self.mstarts)
        self.last_clause: Span | None = None

    def money_in(self, a: int, b: int) -> bool:
        i = bisect_right(self.money_starts, a)
        return i < len(self.money_starts) and self.money_starts[i] < b

    def is_masked(self, a: int, b: int) -> bool:
        i = bisect_right(self.mstarts, a) - 1
        for j in (i, i + 1):
            if 0 <= j < len(self.masked) and self.masked[j][0] < b and a < self.masked[j][1]:
                return True
        return False


def _flags(doc: Doc, h: Para) -> tuple[bool, bool]:
    """(describes the current state, states objectives) for one heading; cached, a byte a paragraph."""
    cache = doc.__dict__.get("_target_flags")
    if cache is None:
        cache = doc.__dict__["_target_flags"] = bytearray(len(doc.paras))  # 0: not worked out yet
    got = cache[h.index]
    if not got:
        title = doc.title_of(h)
        objective = bool(OBJECTIVE.search(title))
        past = bool(_EXCLUDED_SECTION.search(title) or _RESULTS_TITLE.match(title))
        got = cache[h.index] = 1 | (past and not objective) << 1 | objective << 2
    return bool(got & 2), bool(got & 4)


def _excluded(doc: Doc, p: Para) -> bool:
    if RECIPIENTS.match(doc.work, p.start, p.end):
        return True
    return any(_flags(doc, h)[0] for h in doc.chain(p, include_self=False))


def _objective_section(doc: Doc, p: Para) -> bool:
    return any(_flags(doc, h)[1] for h in doc.chain(p))


_EDGE_WORDS = re.compile(r"(?i)^(?:(?:các|số|của|trong|trở lên|trở xuống|là)\s+)+|"
                         r"(?:\s+(?:và|hoặc|đạt|là|ở mức|bằng|với|,))+$")


def _make(ctx: _Ctx, p: Para, value: float, unit: str, cmp: str, before: Span, after: Span, clause: Span,
          year: int | None, year_from: str, scope_hint: str | None = None, subject: Span | None = None) -> Target:
    """A target from its number's surroundings: the words after it (its head noun), else before it."""
    doc = ctx.doc
    work = doc.work
    before_t = _EDGE_WORDS.sub("", " ".join(work[before[0]:before[1]].split()).strip(" ,;:.-–("))
    after_t = _EDGE_WORDS.sub("", " ".join(work[after[0]:after[1]].split()).strip(" ,;:.-–"))
    if after_t.count("(") > after_t.count(")"):
        after_t += ")"
    own = after_t if len(after_t.split()) >= 2 else before_t
    indicator = (own or after_t or before_t)[:160].strip()
    scope = scope_hint or indicators.scope_of(after_t, before_t)
    clause_text = " ".join(work[clause[0]:clause[1]].split())
    headings = [doc.title_of(h) for h in doc.chain(p)]
    both = f"{before_t} {after_t}".strip()
    pillar = indicators.pillar_words(both) or indicators.pillar_of(clause_text, headings)
    if scope is None:
        scope = "province" if pillar == "digital_economy" else "agency"
    if len(both.split()) >= 4:
        code_text = both
    else:  # "… phủ trên 80% hộ gia đình và đạt 100% cấp xã": the shared subject, then this number's own words
        code_text = (" ".join(work[subject[0]:subject[1]].split()) + " " + both) if subject else clause_text
    code, score = indicators.match(code_text, unit, scope, ctx.reg)
    if ctx.last_clause != clause:  # the targets of one clause share its span
        ctx.last_clause = clause
    return Target(indicator, value, unit, cmp, year, scope, pillar, doc.text, ctx.last_clause, code, score,
                  year_from)


def _sentence_year(ctx: _Ctx, clause: Span, at: int, sentence_start: int | None = None) -> tuple[int | None, bool]:
    """The year stated before the number in its sentence, else after it in its clause; and whether it
    was stated before the number (the sentence is about that year: "Năm 2023, … 38% …")."""
    lo = clause[0] if sentence_start is None else sentence_start
    before = [y for pos, y, _ in ctx.years.in_range(lo, clause[1]) if pos < at]
    if before:
        return before[-1], True
    work = ctx.doc.work
    after = [y for pos, y, _ in ctx.years.in_range(*clause)
             if pos > at and work.rfind("(", at, pos) <= work.rfind(")", at, pos)]  # not a baseline "(năm 2022 đạt …)"
    return (after[0] if after else None), False


_DIGIT = re.compile(r"\d")
# only a level between them, the measured thing not restated ("… 50% ở cấp tỉnh, 35% ở cấp huyện"; not
# "Trên 90% hồ sơ công việc cấp tỉnh, 80% hồ sơ công việc cấp huyện", where each number is its own)
_ELLIPTICAL_GAP = re.compile(r"(?i)\s*(?:(?:ở|tại|đối\s+với|với)\s+)?(?:cấp\s+)?(?:tỉnh|huyện|xã|thôn|bản|ấp|"
                             r"thành\s+phố|thị\s+xã|phường|thị\s+trấn)\s*(?:,\s*và|,|và)\s*")
_LEVELS = r"(?:cấp\s+)?(?:tỉnh|huyện|xã|thôn|bản|ấp|thành\s+phố|thị\s+xã|phường|thị\s+trấn)"
_LEVEL_THEN_SEP = re.compile(r"(?i)(?<!\w)" + _LEVELS + r"\s*(?:,\s*và|,|và)\s*$")
_LEVEL_FIRST = re.compile(r"(?i)\s*(?:(?:ở|tại)\s+)?" + _LEVELS + r"(?!\w)")
# "Năm 2022, tỉnh đã đạt tỷ lệ 31,5% …": a level already reached is a result, not an objective
_PAST = re.compile(r"(?i)(?<!\w)(?:đã\s+(?:đạt|có|hoàn\s+thành|thực\s+hiện\s+được)|mới\s+đạt|chỉ\s+đạt)(?!\w)[^;.]{0,60}$")
# "100% xã, phường đã thành lập Tổ công nghệ số": what the number counts has already done it
_PAST_AFTER = re.compile(r"(?i)[^;.:]{0,50}?(?<!\w)đã\s+(?:thành\s+lập|đạt|có|hoàn\s+thành|được|triển\s+khai|thực\s+hiện|"
                         r"ký|cấp|kết\s+nối|sử\s+dụng)(?!\w)")
# a clause that states the level at a day ("Tính đến ngày 31/8/2025, …", "Đến hết ngày 30/6/2024, …")
_AS_OF = re.compile(r"(?i)\s*(?:tính\s+)?(?:đến|tới)\s+(?:hết\s+)?(?:(?:ngày\s+)?(?P<d>\d{1,2})\s*/\s*|tháng\s+)(?P<m>\d{1,2})\s*/\s*"
                    r"(?P<y>\d{4})")
_NOW = kw("hiện nay", "hiện tại", "hiện đạt", "năm trước", "cùng kỳ", "đã đạt", "thực hiện được")
# a policy's support rate ("Hỗ trợ 50% chi phí thuê dịch vụ", "mức hỗ trợ tối đa 70% học phí"): a term of the
# policy, not a level to reach
_SUPPORT_BEFORE = re.compile(r"(?i)(?<!\w)hỗ\s+trợ(?:\s+(?:là|tối\s+đa|đến|không\s+quá|bằng|một\s+lần))*\s*$")
_COST_AFTER = re.compile(r"(?i)\s*(?:tổng\s+)?(?:chi\s+phí|học\s+phí|kinh\s+phí|lãi\s+suất|giá\s+trị|giá|tiền|phí)(?!\w)")


def _current_state(work: str, cs: int, ce: int, pos: int) -> bool:
    """A number inside a parenthesis about today's level ("(hiện nay đạt 45%)") is not an objective."""
    open_at = work.rfind("(", cs, pos)
    if open_at < 0 or work.find(")", open_at, pos) >= 0:
        return False
    close_at = work.find(")", pos, ce)
    inside = work[open_at:close_at if close_at > 0 else ce]
    return bool(_NOW.search(inside))


def _text_targets(ctx: _Ctx, p: Para, clause: Span, objective: bool, out: list[tuple[int, Target]],
                  sentence_start: int | None = None) -> None:
    work = ctx.doc.work
    cs, ce = clause
    if not _DIGIT.search(work, cs, ce):
        return
    if ctx.issued and (asof := _AS_OF.match(work, cs if sentence_start is None else sentence_start, ce)) and \
            (iso_date(asof.group("d") or "28", asof.group("m"), asof.group("y")) or "9") < ctx.issued:
        return  # "Tính đến ngày 31/8/2025, … đạt 46,7%; …" in a plan issued after that day: results
    hits: list[tuple[int, int, float, str, str | None]] = []  # start, end, value, unit, scope hint
    taken: list[Span] = []
    for m in PP.finditer(work, cs, ce):
        if not ctx.is_masked(m.start(), m.end()):
            hits.append((m.start("v"), m.end(), number(m.group("v")), "percentage_points", None, m.end()))
            taken.append((m.start(), m.end()))
    for m in PCT.finditer(work, cs, ce):
        if ctx.is_masked(m.start(), m.end()) or any(a <= m.start() < b for a, b in taken):
            continue
        if _current_state(work, cs, ce, m.start()) or _PAST.search(work, cs, m.start()) or \
                _PAST_AFTER.match(work, m.end(), ce):
            continue
        if _SUPPORT_BEFORE.search(work, max(cs, m.start() - 40), m.start()) and _COST_AFTER.match(work, m.end(), ce):
            continue
        unit = "%"
        if m.group("py") or (GROWTH.search(work, cs, m.start()) and PER_YEAR.search(work, cs, ce)):
            unit = "percent_per_year"
        hits.append((m.start("v"), m.end(), number(m.group("v")), unit, None, m.end()))
    for m in COUNT.finditer(work, cs, ce):
        v = m.group("v")
        if ctx.is_masked(m.start(), m.end()) or re.fullmatch(r"(?:19|20)\d{2}", v):
            continue
        if NOT_COUNT_BEFORE.search(work, max(cs, m.start() - 14), m.start()):
            continue
        if not (objective or COUNT_VERB.search(work, max(cs, m.start() - 50), m.start())):
            continue
        if ctx.money_in(cs, ce):
            continue
        if any(a < m.end() and m.start() < b for a, b, *_ in hits):
            continue
        hits.append((m.start("v"), m.end(), number(v, count=True), "count", UNIT_SCOPE.get(m.group("unit").lower()),
                     m.end("v")))
    ranks: set[int] = set()
    if "0" in work[cs:ce] or "nhóm" in work[cs:ce] or "top" in work[cs:ce].lower():
        _other_counts(ctx, cs, ce, objective, hits, ranks)
    if not hits:
        return
    hits.sort()
    cmps = []
    for i, (vs, ve, *_rest) in enumerate(hits):
        lo = hits[i - 1][1] if i else cs
        hi = hits[i + 1][0] if i + 1 < len(hits) else ce
        cmps.append(("<=", vs) if vs in ranks else comparator(work, lo, vs, ve, hi))
        # "đạt tối thiểu 50% ở cấp tỉnh, 35% ở cấp huyện và 20% ở cấp xã": a bare number in a short list
        # after one with a comparator shares it
        if i and cmps[i] == ("=", vs) and cmps[i - 1][0] != "=" and vs not in ranks and hits[i - 1][0] not in ranks \
                and (_ELLIPTICAL_GAP.fullmatch(work, hits[i - 1][1], vs) or
                     (_LEVEL_THEN_SEP.search(work, hits[i - 1][1], vs) and _LEVEL_FIRST.match(work, ve, hi))):
            # also "tối thiểu 70% hồ sơ … cấp huyện và 50% cấp xã": the second number names only its level
            cmps[i] = (cmps[i - 1][0], vs)
    # Which words belong to which number: the words after a number are its own unless they open
    # with a separator ("…đạt ít nhất 70%, thời gian xử lý giảm không dưới 30%"), in which case
    # they belong to the next number and the number's own words are those before it.
    owns_after = []
    for i, (vs, ve, value, unit, hint, words_at) in enumerate(hits):
        seg_hi = cmps[i + 1][1] if i + 1 < len(hits) else ce
        tail = work[words_at:seg_hi]
        owns_after.append(len(tail.split()) >= 2 and not _OPENS_WITH_SEPARATOR.match(tail))
    for i, (vs, ve, value, unit, hint, words_at) in enumerate(hits):
        seg_hi = cmps[i + 1][1] if i + 1 < len(hits) else ce
        if i == 0:
            before = (cs, cmps[i][1])
        elif owns_after[i - 1]:
            before = (cmps[i][1], cmps[i][1])
        else:
            before = (hits[i - 1][1], cmps[i][1])
        after = (words_at, seg_hi) if owns_after[i] or i + 1 == len(hits) else (words_at, words_at)
        year, year_first = _sentence_year(ctx, clause, vs, sentence_start)
        if year_first and ctx.issued_year is not None and year < ctx.issued_year:
            continue  # "Năm 2023, … 38% …" in a plan of 2024: a year already past when it was written, a result
        year_from = "sentence"
        if year is None:
            year, year_from = heading_year(ctx.doc, p, ctx.years), "heading"
        if year is None:
            year, year_from = ctx.default_year, "plan"
        out.append((p.index, _make(ctx, p, value, unit, cmps[i][0], before, after, clause, year, year_from, hint,
                                   (cs, cmps[0][1]))))


def _other_counts(ctx: _Ctx, cs: int, ce: int, objective: bool, hits: list, ranks: set[int]) -> None:
    """Counts of things that are not a known unit ("02 gian hàng") and ranks to reach ("nhóm 10 tỉnh dẫn đầu")."""
    work = ctx.doc.work
    for m in RANK.finditer(work, cs, ce):
        g = "v" if m.group("v") else "v2"
        if ctx.is_masked(m.start(g), m.end(g)) or any(a <= m.start(g) < b for a, b, *_ in hits):
            continue
        hits.append((m.start(g), m.end(g), float(m.group(g)), "count", "province", m.end(g)))
        ranks.add(m.start(g))
    for m in PADDED_COUNT.finditer(work, cs, ce):
        if ctx.is_masked(m.start(), m.end()) or not padded_count_unit(m.group("unit")):
            continue
        if any(a <= m.start() < b for a, b, *_ in hits) or ctx.money_in(cs, ce):
            continue
        if any(unit == "%" and b <= m.start() for a, b, _v, unit, *_ in hits):
            continue  # "5% hồ sơ phải bổ sung quá 01 lần": part of what the percentage measures
        if NOT_COUNT_BEFORE.search(work, max(cs, m.start() - 14), m.start()):
            continue
        if not (objective or _AT_LEAST.search(work, max(cs, m.start() - 16), m.start())):
            continue  # an unknown unit: only where objectives are stated, or with "ít nhất" right before it
        hits.append((m.start("v"), m.end("v"), float(m.group("v")), "count", None, m.end("v")))
    if not objective:
        return
    for m in _AT_LEAST_COUNT.finditer(work, cs, ce):  # "Ít nhất 50 di tích …": a floor on a count of anything
        if ctx.is_masked(m.start("v"), m.end("v")) or not padded_count_unit(m.group("unit")):
            continue
        if any(a <= m.start("v") < b for a, b, *_ in hits) or ctx.money_in(m.start(), m.end()):
            continue
        hits.append((m.start("v"), m.end("v"), float(m.group("v").replace(".", "")), "count", None, m.end("v")))


_AT_LEAST = re.compile(r"(?i)(?:ít\s+nhất|tối\s+thiểu|không\s+dưới)\s*$")
_AT_LEAST_COUNT = re.compile(r"(?i)(?<!\w)(?:ít\s+nhất|tối\s+thiểu|không\s+dưới)\s+(?P<v>[1-9]\d{0,2}(?:\.\d{3})*)"
                             r"\s+(?P<unit>[^\W\d_]+)(?!\w)")


_OPENS_WITH_SEPARATOR = re.compile(r"\s*(?:[,;]|và\b|hoặc\b)", re.I)


_YEAR_CELL = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")


_RESULT_COLUMN = re.compile(r"(?i)kết\s+quả|hiện\s+trạng|thực\s+trạng|ước\s+(?:thực\s+hiện|đạt)|đã\s+đạt")


def _table_targets(ctx: _Ctx, rows: list[Para], out: list[tuple[int, Target]]) -> None:
    """Targets in a `|` table: one per value cell, its year from the column header."""
    doc, work = ctx.doc, ctx.doc.work
    col_year: dict[int, int] = {}
    col_pct: set[int] = set()
    col_past: set[int] = set()  # "Kết quả 2024", "Hiện trạng", a year before the plan's: results, not targets
    unit_col = None
    for row in rows:
        texts = [work[a:b] for a, b in row.cells]
        values = [bool(VALUE_CELL.match(t)) and not _YEAR_CELL.fullmatch(t.strip()) for t in texts]
        if not any(values):
            for j, t in enumerate(texts):
                if (ym := _YEAR_CELL.findall(t)):
                    col_year[j] = int(ym[-1] if re.search(r"(?i)giai đoạn", t) else ym[0])
                if _RESULT_COLUMN.search(t) or (j in col_year and ctx.issued_year and col_year[j] < ctx.issued_year):
                    col_past.add(j)
                if "%" in t:
                    col_pct.add(j)
                if re.search(r"(?i)đơn vị(?:\s+tính)?", t):
                    unit_col = j
            continue
        ind_j = next((j for j, t in enumerate(texts) if not values[j] and len(re.findall(r"[^\W\d_]{2,}", t)) >= 2),
                     None)
        if ind_j is None:
            continue
        ind_span = row.cells[ind_j]
        ind_text = " ".join(texts[ind_j].split())
        row_unit = texts[unit_col].strip() if unit_col is not None and unit_col < len(texts) else ""
        for j, t in enumerate(texts):
            a, b = row.cells[j]
            if not values[j]:
                if j != ind_j and "%" in t:  # a sentence inside a cell
                    _text_targets(ctx, row, (a, b), True, out)
                continue
            if j == unit_col or (j < ind_j) or j in col_past:
                continue
            m = VALUE_CELL.match(t)
            if ctx.is_masked(a + m.start("v"), a + m.end("v")):
                continue
            tail = m.group("u").strip().lower()
            if tail == "%" or j in col_pct or row_unit == "%":
                unit, value = "%", number(m.group("v"))
            elif tail and not re.fullmatch(r"(?i)trở\s+lên|trở\s+xuống", tail):
                unit, value = "count", number(m.group("v"), count=True)
            elif re.search(r"(?i)tỷ\s+lệ|tỷ\s+trọng|phần\s+trăm", ind_text):
                unit, value = "%", number(m.group("v"))
            else:
                unit, value = "count", number(m.group("v"), count=True)
            vs = a + m.start("v")
            cmp, _ = comparator(work, a, vs, a + m.end("v"), b)
            year, year_from = col_year.get(j), "table"
            if year is None:
                year, year_from = heading_year(doc, row, ctx.years), "heading"
            if year is None:
                year, year_from = ctx.default_year, "plan"
            hint = UNIT_SCOPE.get(tail) if unit == "count" else None
            t_ = _make(ctx, row, value, unit, cmp, ind_span, (ind_span[1], ind_span[1]), (ind_span[0], b), year,
                       year_from, hint)
            t_.indicator = ind_text[:160]
            t_.scope = hint or indicators.scope_of(ind_text, "") or t_.scope
            out.append((row.index, t_))


def extract(doc: Doc, reg: Registries, masked: list[Span], default_year: int | None,
            money: list[Span] = (), issued: str | None = None) -> list[Target]:
    """`default_year`: the plan's period end, for a target with no year of its own; `issued`: the date the plan
    was issued (ISO), before which a number tied to its year, or to a day ("Tính đến ngày …"), is a result."""
    ctx = _Ctx(doc, reg, masked, default_year, money, issued)
    found: list[tuple[int, Target]] = []
    table: list[Para] = []
    for p in doc.paras:
        if p.kind == "table":
            table.append(p)
            continue
        if table:
            if not _excluded(doc, table[0]):
                _table_targets(ctx, table, found)
            table = []
        if _excluded(doc, p):
            continue
        objective = _objective_section(doc, p)
        sentence_start = p.body
        for clause in doc.clauses(p):
            if doc.work[sentence_start:clause[0]].rstrip().endswith((".", "!", "?")):
                sentence_start = clause[0]
            _text_targets(ctx, p, clause, objective, found, sentence_start)
    if table and not _excluded(doc, table[0]):
        _table_targets(ctx, table, found)
    return _drop_heading_echoes(doc, found)


def _drop_heading_echoes(doc: Doc, found: list[tuple[int, Target]]) -> list[Target]:
    """A heading that names a number its own section states again is not a second target."""
    where: dict[tuple[float, str], list[int]] = {}
    for idx, t in found:
        where.setdefault((t.value, t.unit), []).append(idx)
    out = []
    for idx, t in found:
        if doc.paras[idx].kind == "heading" and any(
                j != idx and idx in doc.paras[j].parents for j in where[(t.value, t.unit)]):
            continue
        out.append(t)
    return out
