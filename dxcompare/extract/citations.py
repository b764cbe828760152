"""Stage 2: documents cited by number, joined to their date and issuer.

A citation is any document number of the official form (`749/QĐ-TTg`,
`01-NQ/TU`, `85/2016/NĐ-CP`, `3445/BNN-VPĐP`), even when a line break or a
stray space splits it. Its relation comes from where it stands:
- `can_cu`: in a paragraph opening with "Căn cứ", or listed under a heading
  such as "CĂN CỨ PHÁP LÝ";
- `thuc_hien`: what the plan says it carries out ("Thực hiện Kết luận số …",
  "Triển khai thực hiện các nhiệm vụ … tại Quyết định số …"); a preamble line
  opening with "Thực hiện" governs every document it lists, across ';';
- `reference`: any other mention ("theo Quyết định số …", "phù hợp với …").
A document named inside another one's description ("Chương trình số 120 …
thực hiện Nghị quyết số 12 …") shares that one's relation. The plan's own
number is not a citation.
"""
from __future__ import annotations

import datetime as dt
import re

from .normalize import Doc, Para, kw
from .records import Citation

# Code tokens: upper-case initial, then letters/digits ("QĐ", "TTg", "CTr", "QH15", "BCĐTW").
_TOKEN = r"[A-ZĐ][A-Za-zĐđ0-9&]*"
_SPACE_JOINED = r"(?:UBND|HĐND|TTg|CP|TU|TW|BCĐ|BTTTT|VPCP|BNV|BTC|BKHĐT|BNN|BTP|BCT|BYT)"
DOCNUM = re.compile(
    r"(?<![\w/.\-])(?P<num>\d{1,5}[a-z]?)"
    r"(?:\s*/\s*(?P<year>(?:19|20)\d{2}))?"
    r"\s*(?P<sep>[-/])\s*"
    r"(?P<code>" + _TOKEN + r"(?:(?:\s*[-/]\s*|\s(?=" + _SPACE_JOINED + r"\b))" + _TOKEN + r")*)"
    r"(?![\w&])")
BLANK_NUMBER = re.compile(r"(?<![\w/])(?:\.{2,}|…|_+)?\s*/\s*(?P<code>[A-ZĐ][A-Za-zĐđ]*(?:-[A-ZĐ][A-Za-zĐđ0-9]*)+)")

_TYPE_WORDS = {
    "quyết định": "Quyết định", "nghị quyết": "Nghị quyết", "nghị định": "Nghị định", "kế hoạch": "Kế hoạch",
    "chương trình hành động": "Chương trình", "chương trình": "Chương trình", "chỉ thị": "Chỉ thị",
    "công văn": "Công văn", "văn bản": "Công văn", "kết luận": "Kết luận", "thông tư liên tịch": "Thông tư",
    "thông tư": "Thông tư", "luật": "Luật", "đề án": "Đề án", "thông báo": "Thông báo", "hướng dẫn": "Hướng dẫn",
    "quy định": "Quy định", "tờ trình": "Tờ trình", "báo cáo": "Báo cáo", "nghị quyết liên tịch": "Nghị quyết",
}
_TYPE_BEFORE = re.compile(
    r"(?<!\w)(?P<type>" + "|".join(sorted((re.escape(w) for w in _TYPE_WORDS), key=len, reverse=True)) + r")"
    r"(?:\s+(?:liên tịch|của\s+\S+))?\s*(?P<so>số\s*:?)?\s*$", re.I)
_SO_BEFORE = re.compile(r"(?<!\w)số\s*:?\s*$", re.I)
_CODE_TYPES = [  # first matching code token -> document type
    (re.compile(r"^QĐ"), "Quyết định"), (re.compile(r"^NQ|[-/]NQ\b"), "Nghị quyết"), (re.compile(r"^NĐ"), "Nghị định"),
    (re.compile(r"^KH\b"), "Kế hoạch"), (re.compile(r"^CTr\b|^CTR\b"), "Chương trình"), (re.compile(r"^CT\b"), "Chỉ thị"),
    (re.compile(r"^KL\b|[-/]KL\b"), "Kết luận"), (re.compile(r"^TTLT\b|^TT\b"), "Thông tư"),
    (re.compile(r"^QH\d*$"), "Luật"), (re.compile(r"^TB\b"), "Thông báo"), (re.compile(r"^HD\b"), "Hướng dẫn"),
    (re.compile(r"^ĐA\b"), "Đề án"), (re.compile(r"^BC\b"), "Báo cáo"),
]
_DATE_AFTER = re.compile(
    r"\s*,?\s*(?:ban hành\s+)?ngày\s+(?P<d>\d{1,2})\s*(?:[/.\-]|\s+tháng\s+)\s*(?P<m>\d{1,2})\s*"
    r"(?:[/.\-]|\s+năm\s+)\s*(?P<y>(?:19|20)\d{2})", re.I)
_ISSUER_HEADS = (r"Thủ tướng|Chính phủ|Quốc hội|Bộ|Ban|Tỉnh ủy|Tỉnh uỷ|Huyện ủy|Huyện uỷ|Đảng ủy|UBND|Ủy ban|Uỷ ban|"
                 r"HĐND|Hội đồng|Chủ tịch|Văn phòng|Sở|Trưởng ban|Bộ trưởng|Thường trực|Ban Thường vụ|Ban Chấp hành|"
                 r"Bộ Chính trị|Ban Bí thư|Tổng cục|Cục")
_ISSUER_AFTER = re.compile(
    r"\s*(?P<of>của\s+|Của\s+)?(?P<issuer>(?:" + _ISSUER_HEADS + r")(?:\s+[^\s\d,;.:()\[\]]+){0,12}?)"
    r"(?=\s+(?:về|phê duyệt|ban hành|quy định|hướng dẫn|thực hiện|triển khai|V/v|ngày|tại|theo|nhằm|đã|để|"
    r"trong|sau|khi|và các|quy|đến năm|(?:và|,)\s+(?:Quyết định|Nghị quyết|Nghị định|Kế hoạch|Chương trình|"
    r"Chỉ thị|Công văn|Kết luận|Thông tư|Luật|Đề án|Văn bản))\b|\s*[,;.:()\[\]]|\s*$)")
_CODE_ISSUERS = [(re.compile(r"-TTg$"), "Thủ tướng Chính phủ"), (re.compile(r"NĐ-CP$|NQ-CP$"), "Chính phủ"),
                 (re.compile(r"^QH\d*$"), "Quốc hội"), (re.compile(r"-BTTTT$"), "Bộ Thông tin và Truyền thông")]

_CAN_CU_OPEN = kw("căn cứ")  # the preamble's legal bases; a proposal ("Xét đề nghị … Tờ trình số …") is only a mention
_CAN_CU_HEADING = re.compile(r"(?i)căn\s+c(?:ứ)?\b(?!.*thực\s+tiễn)")
_THUC_HIEN = kw("thực hiện", "triển khai", "cụ thể hóa", "cụ thể hoá", "thi hành")
# "thực hiện" of a result, or of other documents ("các chương trình, kế hoạch thực hiện Nghị quyết …"): not the plan's
_NOT_THUC_HIEN = re.compile(r"(?i)(?:(?:kết quả|tình hình|tiến độ|quá trình|đánh giá|sơ kết|tổng kết|báo cáo)\s+(?:\S+\s+){0,2}|"
                            r"(?:các|những)\s+(?:chương\s+trình|kế\s+hoạch|đề\s+án|văn\s+bản)"
                            r"(?:\s*,\s*(?:chương\s+trình|kế\s+hoạch|đề\s+án|văn\s+bản))*\s+)$")
_REFERENCE = kw("theo", "phù hợp", "căn cứ", "quy định tại", "bám sát", "so với", "kèm theo", "đúng")
_PREAMBLE_THUC_HIEN = kw("thực hiện")
_CAN_CU_CUE = kw("căn cứ")
_FILE_EXTENSION = re.compile(r"(?i)\.(?:pdf|docx?|xlsx?|odt|rtf|zip|rar|signed)\b")
_THEO_DOI = re.compile(r"(?i)theo\s+(?:dõi|đó)\b")


def canonical_id(m: re.Match) -> str:
    """'712/QĐ UBND', '12- NQ/TU', '749/\\nQĐ-TTg' -> '712/QĐ-UBND', '12-NQ/TU', '749/QĐ-TTg'."""
    code = re.sub(r"\s*([-/])\s*", r"\1", m.group("code"))
    code = re.sub(r"\s+", "-", code)
    code = re.sub(r"(?<![A-Za-z])TTG\b", "TTg", code).replace("CTR-", "CTr-")
    year = f"/{m.group('year')}" if m.group("year") else ""
    return f"{m.group('num')}{year}{m.group('sep')}{code}"


def type_from_code(code: str) -> str | None:
    first = re.split(r"[-/]", code)[0]
    for pattern, name in _CODE_TYPES:
        if pattern.search(first) or (name in ("Nghị quyết", "Kết luận") and pattern.search(code)):
            return name
    return None


def iso_date(d: str, m: str, y: str) -> str | None:
    try:
        return dt.date(int(y), int(m), int(d)).isoformat()
    except ValueError:
        return None


def parse_number(work: str, m: re.Match, para_start: int, para_end: int) -> dict | None:
    """Type, date and issuer around one document number, or None if it is not a citation."""
    before = work[max(para_start, m.start() - 60):m.start()]
    tm = _TYPE_BEFORE.search(before)
    code = re.sub(r"\s+", "", m.group("code"))
    if tm:
        doc_type = _TYPE_WORDS[tm.group("type").lower()]
        start = m.start() - len(before) + tm.start()
    else:
        doc_type = type_from_code(code)
        if doc_type is None and not _SO_BEFORE.search(before):
            return None
        doc_type = doc_type or "Công văn"
        start = m.start()
    end = m.end()
    date = None
    dm = _DATE_AFTER.match(work, end, para_end)
    if dm:
        date = iso_date(dm.group("d"), dm.group("m"), dm.group("y"))
        end = dm.end()
    issuer = None
    im = _ISSUER_AFTER.match(work, end, para_end)
    if im and (im.group("of") or im.group("issuer").split()[0] in ("Thủ", "Bộ", "Chính", "Quốc", "Ban", "Tỉnh", "UBND")):
        issuer = " ".join(im.group("issuer").split())
        end = im.end("issuer")
    if issuer is None:
        issuer = next((name for pat, name in _CODE_ISSUERS if pat.search(canonical_id(m).split("/", 1)[-1])), None)
    return {"doc_type": doc_type, "date": date, "issuer": issuer, "start": start, "end": end}


def _is_can_cu(doc: Doc, p: Para) -> bool:
    body = doc.body_text(p)
    if _CAN_CU_OPEN.match(body.lstrip(" \"“(")):
        return True
    return any(_CAN_CU_HEADING.match(doc.title_of(h)) for h in doc.chain(p, include_self=False)
               if len(doc.title_of(h)) < 80)


def _cue_relation(work: str, clause_start: int, pos: int, default: str = "reference") -> str:
    """The relation implied by the nearest cue word before `pos` in its clause, else `default`; in a preamble
    sentence ("Thực hiện …; căn cứ …, Ban Thường vụ … xây dựng Kế hoạch") "căn cứ" names bases too."""
    window = work[clause_start:pos]
    best, best_at = default, -1
    if default == "thuc_hien":
        for m in _CAN_CU_CUE.finditer(window):
            best, best_at = "can_cu", m.start()
    for m in _THUC_HIEN.finditer(window):
        if m.start() > best_at and not _NOT_THUC_HIEN.search(window, 0, m.start()):
            best, best_at = "thuc_hien", m.start()
    for m in _REFERENCE.finditer(window):
        if m.start() > best_at and not _THEO_DOI.match(window, m.start()):
            best, best_at = "reference", m.start()
    return best


_MAYBE_NUMBER = re.compile(r"\d\s*[-/]")


def extract(doc: Doc, own_number: str | None = None, own_date: str | None = None,
            all_spans: list[tuple[int, int]] | None = None) -> list[Citation]:
    """One citation per (doc_id, relation), quoting its first mention.

    `all_spans`, when given, receives the span of every document number with its
    date and issuer (own number included): numbers there are not targets.
    """
    out: list[Citation] = []
    seen: set[tuple[str, str]] = set()
    work, text = doc.work, doc.text
    for p in doc.paras:
        if not _MAYBE_NUMBER.search(work, p.start, p.end):
            continue
        if p.kind == "table":
            clauses = [c for c in p.cells if c[1] > c[0]]
        else:
            clauses = doc.clauses(p)
        can_cu = _is_can_cu(doc, p)
        # "Thực hiện Quyết định số 749/…; Quyết định số 06/…;": a preamble line's opening verb governs
        # the documents listed after it, in every clause, unless a clause has a cue of its own
        opening = "thuc_hien" if p.kind != "table" and _PREAMBLE_THUC_HIEN.match(doc.body_text(p).lstrip(" \"“(")) \
            else "reference"
        for cs, ce in clauses:
            prev_relation = None
            for m in DOCNUM.finditer(work, cs, ce):
                info = parse_number(work, m, p.start, p.end)
                if all_spans is not None:
                    all_spans.append((info["start"], info["end"]) if info else (m.start(), m.end()))
                if info is None:
                    continue
                if _FILE_EXTENSION.match(work, info["end"]):
                    continue  # "Tệp đính kèm: 386-KH-SYT.pdf": a file's name, not a document cited
                doc_id = canonical_id(m)
                if own_number and doc_id == own_number and (info["date"] in (None, own_date) or own_date is None):
                    continue
                if can_cu:
                    relation = "can_cu"
                elif prev_relation is not None:
                    relation = prev_relation
                else:
                    relation = _cue_relation(work, cs, info["start"], opening)
                prev_relation = relation
                if (doc_id, relation) in seen:
                    continue
                seen.add((doc_id, relation))
                s, e = info["start"], info["end"]
                out.append(Citation(doc_id, info["doc_type"], info["date"], info["issuer"], relation, text, (s, e)))
    return out


def spans(doc: Doc) -> list[tuple[int, int]]:
    """Every document number with its date and issuer: numbers there are not targets."""
    out = []
    for p in doc.paras:
        if not _MAYBE_NUMBER.search(doc.work, p.start, p.end):
            continue
        for m in DOCNUM.finditer(doc.work, p.start, p.end):
            info = parse_number(doc.work, m, p.start, p.end)
            out.append((info["start"], info["end"]) if info else (m.start(), m.end()))
    return out
