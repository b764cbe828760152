"""Stage 0 of the facts: what the document says about itself.

Number, type, issuer, date, signer and title sit in a few conventional places:
the official header ("ỦY BAN NHÂN DÂN / TỈNH …", "Số: …", "<Nơi>, ngày … tháng
… năm …"), the header block of legal-database pages ("Số hiệu", "Ngày ban
hành", "Người ký"), the signature block, the name of an attached file
("1069_KH-UBND_05-04-2021…"), or a news lead ("Ngày 25/10/2023, UBND tỉnh ban
hành Quyết định số …"). Each is tried in that order; the passage used is
kept as evidence.
"""
from __future__ import annotations

import re

from . import issuer
from .citations import DOCNUM, BLANK_NUMBER, canonical_id, iso_date, type_from_code
from .normalize import Doc, kw
from .records import Metadata
from .registry import Registries

_OWN_NUMBER = re.compile(r"(?m)^[ \t]*(?:Số|SỐ)(?:\s+hiệu)?\s*:?\s*(?=\d)")
_FILE_NUMBER = re.compile(r"(?P<num>\d{1,5})_(?P<code>[A-ZĐ][A-Za-zĐđ]*(?:-[A-ZĐ][A-Za-zĐđ]*)+)_(?P<d>\d{1,2})-(?P<m>\d{1,2})-"
                          r"(?P<y>(?:19|20)\d{2})")
_SOURCE_NUMBER = re.compile(r"\(\s*Nguồn\s*:\s*(?:Quyết định|Kế hoạch|Chương trình|Đề án)\s+(?:số\s+)?(?=\d)", re.I)
_NEWS_NUMBER = re.compile(r"ban hành\s+(?P<type>Quyết định|Kế hoạch|Chương trình|Đề án)\s+(?:số\s+)?(?=\d)", re.I)
_TITLE_NUMBER = re.compile(r"^(?P<type>Kế hoạch|Quyết định|Chương trình|Đề án)\s+(?:số\s+)?(?=\d)", re.I)
_PLACE_DATE = re.compile(r"^(?P<place>[A-ZĐÀ-Ỹ][^\n,]{1,40}),\s*ngày\s+(?P<d>\d{1,2})\s+tháng\s+(?P<m>\d{1,2})\s+năm\s+"
                         r"(?P<y>(?:19|20)\d{2})")
_COLUMNS = re.compile(r"[ \t]{2,}|\t")
_DB_DATE = re.compile(r"^Ngày ban hành\s*:?\s*(?P<d>\d{1,2})/(?P<m>\d{1,2})/(?P<y>\d{4})", re.I)
_NEWS_DATE = re.compile(r"^Ngày\s+(?P<d>\d{1,2})/(?P<m>\d{1,2})/(?P<y>\d{4}),?\s+(?:UBND|Ủy ban|Uỷ ban)", re.I)
_DB_TYPE = re.compile(r"^Loại văn bản\s*:?\s*(?P<type>Kế hoạch|Quyết định|Chương trình|Đề án)\b", re.I)
_STANDALONE_TYPE = re.compile(r"^(?P<type>KẾ HOẠCH|QUYẾT ĐỊNH|CHƯƠNG TRÌNH|ĐỀ ÁN)$")
_DB_SIGNER = re.compile(r"^Người ký\s*:?\s*(?P<name>[A-ZĐÀ-Ỹ][^\n]{3,40}?)\s*$")
_SIGN_TITLE = re.compile(r"^(?:KT\.\s*|TM\.\s*|Q\.\s*)?(?:PHÓ\s+)?(?:CHỦ TỊCH|GIÁM ĐỐC|TRƯỞNG BAN|BÍ THƯ)\b")
_PERSON = re.compile(r"^(?:[A-ZĐÀ-Ỹ][a-zà-ỹđ]+)(?:\s+[A-ZĐÀ-Ỹ][a-zà-ỹđ]+){1,4}$")
_PLAN_TYPES = ("Kế hoạch", "Quyết định", "Chương trình", "Đề án")
_PERIOD = re.compile(r"(?:giai\s+đoạn|(?:các\s+)?năm)\s+(?P<a>(?:19|20)\d{2})\s*[-–—]\s*(?P<b>(?:19|20)\d{2})", re.I)
_HORIZON = re.compile(r"(?:định\s+hướng|tầm\s+nhìn)\s+(?:đến|tới)\s+năm\s+(?P<y>(?:19|20)\d{2})", re.I)
_UNTIL = re.compile(r"(?<!hướng\s)(?<!nhìn\s)(?:đến|tới)\s+năm\s+(?P<y>(?:19|20)\d{2})", re.I)
_YEAR = re.compile(r"năm\s+(?P<y>(?:19|20)\d{2})", re.I)
_TRUNCATED = re.compile(r"\[\s*(?:\.\.\.|…)\s*\]\s*$")
_NEWS = kw("theo đó", "kế hoạch cũng nêu", "kế hoạch đã đề ra", "nguồn:")


def extract(doc: Doc, reg: Registries) -> Metadata:
    meta = Metadata()
    head, tail = doc.paras[:60], doc.paras[-25:]
    file_m = _FILE_NUMBER.search(doc.work)
    code = _number(doc, head, file_m, meta)
    meta.doc_type = _doc_type(doc, head, code)
    title_span = _title(doc, head)
    title = " ".join(doc.work[title_span[0]:title_span[1]].split()) if title_span else ""
    if title_span:
        meta.title = title
        meta.evidence["title"] = title_span
    issuer.find(doc, head, reg, code, file_m, title, title_span, meta)
    _issued(doc, head, file_m, meta)
    _signer(doc, head, tail, meta)
    _period(meta, title, doc, int(meta.issued[:4]) if meta.issued else None)
    last = _tail(doc.text, 40)
    if _TRUNCATED.search(last) or last.endswith(("...", "…")):
        meta.completeness = "truncated"
    elif "issuer" not in meta.evidence or not issuer.in_header(doc, meta.evidence["issuer"]):
        if len(_NEWS.findall(doc.work)) >= 2:
            meta.completeness = "summary"
    return meta


def _tail(text: str, n: int) -> str:
    """`text.rstrip()[-n:]` without copying the whole text."""
    end = len(text)
    while end and text[end - 1].isspace():
        end -= 1
    return text[max(0, end - n):end]


def _number(doc: Doc, head, file_m, meta: Metadata) -> str | None:
    """The plan's own number (None when left blank, "Số: /KH-UBND") and its code ("KH-UBND")."""
    work = doc.work
    for p in head:
        line = work[p.start:p.end]
        # "Số: …" opens a line, not always the paragraph: a two-column header copied from a PDF
        # ("THỊ XÃ X        Độc lập …\nSố: 215/KH-UBND        X, ngày …") joins its lines into one
        for ls in (0, *(i + 1 for i, ch in enumerate(line) if ch == "\n")):
            m = _OWN_NUMBER.match(line, ls)
            nm = DOCNUM.match(work, p.start + m.end(), p.end) if m else None
            if nm:
                meta.doc_number = canonical_id(nm)
                meta.evidence["doc_number"] = (p.start + ls, nm.end())
                return re.sub(r"\s+", "", nm.group("code"))
        bm = re.match(r"^(?:Số|SỐ)\s*:?\s*", line)
        if bm and (blank := BLANK_NUMBER.match(line, bm.end())):
            meta.evidence["doc_number"] = (p.start, p.start + blank.end())
            return blank.group("code")
    for rx, where in ((_SOURCE_NUMBER, doc.paras), (_NEWS_NUMBER, head), (_TITLE_NUMBER, head[:1])):
        for p in where:
            for m in rx.finditer(work, p.start, p.end):
                nm = DOCNUM.match(work, m.end(), p.end)
                if nm:
                    meta.doc_number = canonical_id(nm)
                    meta.evidence["doc_number"] = (m.start(), nm.end())
                    return re.sub(r"\s+", "", nm.group("code"))
    if file_m:  # "Chi tiết: 1069_KH-UBND_05-04-2021_….pdf"
        meta.doc_number = f"{file_m.group('num')}/{file_m.group('code')}"
        meta.evidence["doc_number"] = _line_span(doc, file_m.start())
        return file_m.group("code")
    return None


def _doc_type(doc: Doc, head, code: str | None) -> str:
    if code and (t := type_from_code(code)) in _PLAN_TYPES:
        return t
    for rx in (_DB_TYPE, _STANDALONE_TYPE):
        for p in head:
            if (m := rx.match(doc.work[p.start:p.end])):
                return next((t for t in _PLAN_TYPES if t.lower() == m.group("type").lower()), "Kế hoạch")
    return "Kế hoạch"


def _issued(doc: Doc, head, file_m, meta: Metadata) -> None:
    work = doc.work
    for rx in (_PLACE_DATE, _DB_DATE, _NEWS_DATE):
        for p in head:
            m = rx.match(" ".join(work[p.start:p.end].split()))
            if m is None and rx is _PLACE_DATE and "ngày" in work[p.start:p.end]:
                # a two-column header: "Số: 187/KH-UBND      Buôn Ma Thuột, ngày …"
                m = next((c for col in _COLUMNS.split(work[p.start:p.end])[1:] if (c := rx.match(" ".join(col.split())))),
                         None)
            if m and (iso := iso_date(m.group("d"), m.group("m"), m.group("y"))):
                meta.issued = iso
                end = p.end if rx is not _NEWS_DATE else p.start + _raw_len(work, p.start, m.end())
                meta.evidence["issued"] = (p.start, end)
                return
    if file_m:
        meta.issued = iso_date(file_m.group("d"), file_m.group("m"), file_m.group("y"))
        meta.evidence["issued"] = _line_span(doc, file_m.start())


def _signer(doc: Doc, head, tail, meta: Metadata) -> None:
    """"Người ký …" in a database header, else the name under the signature title."""
    work = doc.work
    for p in head:
        m = _DB_SIGNER.match(work[p.start:p.end])
        if m:
            meta.signer = m.group("name").strip()
            meta.evidence["signer"] = (p.start, p.end)
            return
    for i, p in enumerate(tail[:-1]):
        if _SIGN_TITLE.match(work[p.start:p.end]):
            for q in tail[i + 1:i + 4]:
                name = " ".join(work[q.start:q.end].split())
                if _PERSON.match(name):
                    meta.signer = name
                    meta.evidence["signer"] = (p.start, q.end)
                    return


def _raw_len(work: str, start: int, folded_len: int) -> int:
    """Length in `work` from `start` covering `folded_len` characters of its folded form."""
    n = seen = 0
    prev_space = False
    while start + n < len(work) and seen < folded_len:
        ch = work[start + n]
        if ch.isspace():
            if not prev_space:
                seen += 1
            prev_space = True
        else:
            seen += 1
            prev_space = False
        n += 1
    return n


def _line_span(doc: Doc, pos: int) -> tuple[int, int]:
    for p in doc.paras:
        if p.start <= pos < p.end:
            return p.start, p.end
    return pos, pos + 1


def _title(doc: Doc, head) -> tuple[int, int] | None:
    """The document's own title: the block after its type line, else its first line naming its type."""
    work = doc.work
    for i, p in enumerate(head):
        if _STANDALONE_TYPE.match(work[p.start:p.end]) and i + 1 < len(head):
            q = head[i + 1]
            stop = q.end
            # a title set in capitals may run over several heading-like lines
            j = i + 2
            while q.caps and j < len(head) and head[j].caps and head[j].kind == "heading" and not head[j].marker \
                    and not re.match(r"(?:CHỦ TỊCH|ỦY BAN|UỶ BAN|QUYẾT ĐỊNH|TM\.|KT\.)", work[head[j].start:head[j].end]):
                stop = head[j].end
                j += 1
            return q.start, stop
    for p in head[:8]:
        line = work[p.start:p.end]
        m = re.search(r"(?<!\w)(?:Kế hoạch|Quyết định|Chương trình|Đề án)\b", line)
        if m and not re.match(r"(?i)(?:Loại văn bản|Số|Cơ quan)", line):
            s = p.start + m.start()
            nm = re.match(r"(?:Kế hoạch|Quyết định|Chương trình|Đề án)\s+(?:số\s+)?\S+/\S+(?:\s+năm\s+\d{4})?\s+",
                          work[s:p.end])
            if nm:
                s += nm.end()
            vm = re.match(r"(?i)về\s+(?=\S)", work[s:p.end])
            if vm:
                s += vm.end()
            e = p.end
            while e > s and work[e - 1] in ".;: ":
                e -= 1
            return s, e
    return None


def _period(meta: Metadata, title: str, doc: Doc, issued_year: int | None) -> None:
    start = end = None
    if (m := _PERIOD.search(title)):
        start, end = int(m.group("a")), int(m.group("b"))
    elif (m := _UNTIL.search(title)):
        end = int(m.group("y"))
    else:
        years = [int(y.group("y")) for y in _YEAR.finditer(title)]
        if years:
            start = end = years[0]
    horizons = [int(h.group("y")) for h in _HORIZON.finditer(title)]
    if not horizons:
        for p in doc.paras:
            seg = doc.work[p.start:p.end]
            if DOCNUM.search(seg):
                continue
            horizons += [int(h.group("y")) for h in _HORIZON.finditer(seg)]
    end = end or issued_year
    start = start or (min(issued_year, end) if issued_year and end else end)
    meta.period_start, meta.period_end = start, end
    if end is not None:
        meta.horizon = max([end, *horizons])
