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
from collections import Counter

from ..textnorm import ascii_fold
from .citations import DOCNUM, BLANK_NUMBER, canonical_id, iso_date, type_from_code
from .normalize import Doc, kw
from .records import Metadata
from .registry import Registries

_LEVEL_WORDS = {"tỉnh": "province", "thành phố": "province", "huyện": "district", "quận": "district",
                "thị xã": "district", "xã": "commune", "phường": "commune", "thị trấn": "commune"}
_HEADER_ISSUER = re.compile(
    r"^(?:ỦY BAN NHÂN DÂN|UỶ BAN NHÂN DÂN|UBND)\s+(?P<level>TỈNH|THÀNH PHỐ|HUYỆN|QUẬN|THỊ XÃ|XÃ|PHƯỜNG|THỊ TRẤN)"
    r"\s+(?P<place>[^\n|,;]{2,40}?)(?=\s{2,}|\s+CỘNG\s+HÒA|\s+CỘNG\s+HOÀ|\s*\||\s*$)")
_DB_ISSUER = re.compile(r"^Cơ quan ban hành\s+(?P<level>Tỉnh|Thành phố|Huyện|Quận|Thị xã|Xã|Phường|Thị trấn)\s+"
                        r"(?P<place>[^\n]{2,40}?)\s*$", re.I)
_NEWS_ISSUER = re.compile(r"(?P<who>UBND|Ủy ban nhân dân|Uỷ ban nhân dân)\s+(?P<level>tỉnh|thành phố|huyện|quận|thị xã|xã|"
                          r"phường|thị trấn)(?P<place>(?:\s+[A-ZĐÀ-Ỹ][^\s,;.]*){0,4})\s+(?:đã\s+)?ban hành", re.I)
# a party committee's header ("TỈNH ỦY HÀ NAM", "HUYỆN ỦY CẦN GIUỘC", "ĐẢNG ỦY XÃ TÂN LẬP"), its place on the
# "ĐẢNG BỘ TỈNH …" line above when the header leaves it out
_PARTY_ISSUER = re.compile(r"^(?P<who>TỈNH|THÀNH|HUYỆN|THỊ|QUẬN)\s+(?:ỦY|UỶ)(?:\s+(?P<place>[^\n|*]{2,40}?))?\s*$|"
                           r"^ĐẢNG\s+(?:ỦY|UỶ)\s+(?P<who2>XÃ|PHƯỜNG|THỊ\s+TRẤN)\s+(?P<place2>[^\n|*]{2,40}?)\s*$")
_PARTY_PLACE = re.compile(r"^ĐẢNG\s+BỘ\s+(?:TỈNH|THÀNH\s+PHỐ|HUYỆN|THỊ\s+XÃ|QUẬN)\s+(?P<place>[^\n|*]{2,40}?)\s*$")
_PARTY_LEVEL = {"tỉnh": ("tỉnh", "Tỉnh ủy"), "thành": ("tỉnh", "Thành ủy"), "huyện": ("huyện", "Huyện ủy"),
                "thị": ("thị xã", "Thị ủy"), "quận": ("quận", "Quận ủy"), "xã": ("xã", "Đảng ủy xã"),
                "phường": ("phường", "Đảng ủy phường"), "thị trấn": ("thị trấn", "Đảng ủy thị trấn")}
_OWN_NUMBER = re.compile(r"(?m)^[ \t]*(?:Số|SỐ)(?:\s+hiệu)?\s*:?\s*(?=\d)")
_FILE_NUMBER = re.compile(r"(?P<num>\d{1,5})_(?P<code>[A-ZĐ][A-Za-zĐđ]*(?:-[A-ZĐ][A-Za-zĐđ]*)+)_(?P<d>\d{1,2})-(?P<m>\d{1,2})-"
                          r"(?P<y>(?:19|20)\d{2})")
_SOURCE_NUMBER = re.compile(r"\(\s*Nguồn\s*:\s*(?:Quyết định|Kế hoạch|Chương trình|Đề án)\s+(?:số\s+)?(?=\d)", re.I)
_NEWS_NUMBER = re.compile(r"ban hành\s+(?P<type>Quyết định|Kế hoạch|Chương trình|Đề án)\s+(?:số\s+)?(?=\d)", re.I)
_TITLE_NUMBER = re.compile(r"^(?P<type>Kế hoạch|Quyết định|Chương trình|Đề án)\s+(?:số\s+)?(?=\d)", re.I)
_PLACE_DATE = re.compile(r"^(?P<place>[A-ZĐÀ-Ỹ][^\n,]{1,40}),\s*ngày\s+(?P<d>\d{1,2})\s+tháng\s+(?P<m>\d{1,2})\s+năm\s+"
                         r"(?P<y>(?:19|20)\d{2})")
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


def _title_case(s: str) -> str:
    return " ".join(w[:1].upper() + w[1:].lower() for w in s.split())


def _fold_key(s: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", ascii_fold(s).lower()).strip()


def _core(name: str) -> str:
    return re.sub(r"^(?:Thành phố|Tỉnh)\s+", "", name)


def _province_patterns(reg: Registries) -> list[tuple[str, re.Pattern, re.Pattern]]:
    """(name_vi, the name anywhere, the name after "tỉnh") per registry province; dashes and spaces vary."""
    cached = reg.cache.get("province_patterns")
    if cached is None:
        cached = []
        for name in reg.provinces:
            core = r"\s*[-–]\s*".join(re.escape(part) for part in re.split(r"\s*[-–]\s*", _core(name)))
            core = core.replace(r"\ ", r"\s+")
            cached.append((name, re.compile(r"(?<!\w)" + core + r"(?!\w)"),
                           re.compile(r"(?<!\w)tỉnh\s+" + core + r"(?!\w)")))
        reg.cache["province_patterns"] = cached
    return cached


def _province_scan(reg: Registries) -> tuple[re.Pattern, dict[str, str]]:
    """Every registry province in one pattern (longest first), optionally after "tỉnh", with a group per name."""
    cached = reg.cache.get("province_scan")
    if cached is None:
        alts, names = [], {}
        for i, (name, bare, _) in enumerate(sorted(_province_patterns(reg), key=lambda x: -len(x[0]))):
            core = bare.pattern[len(r"(?<!\w)"):-len(r"(?!\w)")]
            alts.append(f"(?P<p{i}>{core})")
            names[f"p{i}"] = name
        firsts = "".join(sorted({_core(n)[:1] for n in names.values()} | {"t"}))
        rx = re.compile(r"(?=[" + re.escape(firsts) + r"])(?<!\w)(?P<tinh>tỉnh\s+)?(?:" + "|".join(alts) + r")(?!\w)") \
            if alts else re.compile(r"(?!x)x")  # the look-ahead rejects most positions at once
        cached = reg.cache["province_scan"] = (rx, names)
    return cached


def find_province(text: str, reg: Registries, prefer: str | None = None) -> str | None:
    """The registry province named `prefer`, else the one the text names most (after "tỉnh" counts thrice)."""
    patterns = _province_patterns(reg)
    if prefer:
        key = _fold_key(prefer)
        for name, _, _ in patterns:
            if _fold_key(_core(name)) == key:
                return name
    counts = Counter()
    combined, names = _province_scan(reg)
    for m in combined.finditer(text):  # one pass over the text, not two per province
        counts[names[m.lastgroup]] += 3 if m.group("tinh") else 1
    if counts:
        return counts.most_common(1)[0][0]
    m = re.search(r"\btỉnh\s+((?:[A-ZĐÀ-Ỹ][a-zà-ỹđ]+\s*){1,3})", text)
    return m.group(1).strip() if m else None


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
    _issuer(doc, head, reg, code, file_m, title, title_span, meta)
    _issued(doc, head, file_m, meta)
    _signer(doc, head, tail, meta)
    _period(meta, title, doc, int(meta.issued[:4]) if meta.issued else None)
    last = _tail(doc.text, 40)
    if _TRUNCATED.search(last) or last.endswith(("...", "…")):
        meta.completeness = "truncated"
    elif "issuer" not in meta.evidence or not _HEADER_ISSUER.match(_line(doc, meta.evidence["issuer"])):
        if len(_NEWS.findall(doc.work)) >= 2:
            meta.completeness = "summary"
    return meta


def _tail(text: str, n: int) -> str:
    """`text.rstrip()[-n:]` without copying the whole text."""
    end = len(text)
    while end and text[end - 1].isspace():
        end -= 1
    return text[max(0, end - n):end]


def _line(doc: Doc, span: tuple[int, int]) -> str:
    return re.sub(r"[ \t]*\n[ \t]*", " ", doc.work[span[0]:span[1]])


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


def _issuer(doc: Doc, head, reg: Registries, code, file_m, title: str, title_span, meta: Metadata) -> None:
    """Issuer, administrative level, province and locality."""
    work = doc.work
    level_word = place = None
    for p in head:
        m = _HEADER_ISSUER.match(_line(doc, (p.start, p.end))) or _DB_ISSUER.match(_line(doc, (p.start, p.end)))
        if m:
            level_word, place = m.group("level").lower(), _title_case(m.group("place"))
            meta.evidence["issuer"] = (p.start, p.end)
            break
    party = None
    if level_word is None:
        lines = [ln.strip() for p in head for ln in doc.work[p.start:p.end].split("\n")]
        for p in head:
            m = next((m for ln in doc.work[p.start:p.end].split("\n") if (m := _PARTY_ISSUER.match(ln.strip()))), None)
            if m:
                who = " ".join((m.group("who") or m.group("who2")).lower().split())
                level_word, party = _PARTY_LEVEL[who]
                raw_place = m.group("place") or m.group("place2")
                if not raw_place:
                    raw_place = next((pm.group("place") for ln in lines if (pm := _PARTY_PLACE.match(ln))), None)
                place = _title_case(raw_place) if raw_place else None
                meta.evidence["issuer"] = (p.start, p.end)
                break
    if level_word is None:
        for p in head:
            m = _NEWS_ISSUER.search(work, p.start, p.end)
            if m:
                level_word, place = m.group("level").lower(), m.group("place").strip() or None
                meta.evidence["issuer"] = (m.start(), m.end())
                break
    if level_word is None and code and code.endswith("UBND"):  # no header: the title names the place
        tm = re.search(r"\b(tỉnh|thành phố|huyện|quận|thị xã|xã|phường|thị trấn)\s+((?:[A-ZĐÀ-Ỹ][^\s,;.]*\s*){1,4})",
                       title)
        if tm:
            level_word, place = tm.group(1), tm.group(2).strip()
            meta.evidence.setdefault("issuer", title_span)
        elif file_m:
            level_word = "tỉnh"
    if level_word:
        meta.admin_level = _LEVEL_WORDS.get(level_word, "province")
    if meta.admin_level == "province" or level_word in (None, "thành phố"):
        province = find_province(work, reg, prefer=place)
        if level_word == "thành phố" and place and province and _fold_key(place) not in _fold_key(province):
            meta.admin_level = "district"  # a city inside a province
            province = find_province(work, reg)
    else:
        province = find_province(work, reg)
    meta.province = province
    if meta.admin_level is None and province:
        meta.admin_level = "province"
    if meta.admin_level == "province":
        place = place or (_core(province) if province else None)
    if level_word:
        who = party or f"UBND {level_word}"
        meta.issuer = f"{who} {place}" if place else who
    if meta.admin_level in ("district", "commune") and place:
        meta.locality = f"{level_word} {place}"
        if meta.admin_level == "commune":
            districts = Counter(m.group(1).strip() for m in re.finditer(
                r"(?:UBND|Ủy ban nhân dân)\s+huyện\s+((?:[A-ZĐÀ-Ỹ][^\s,;.]*\s?){1,3})", work))
            if districts:
                meta.locality += f", huyện {districts.most_common(1)[0][0]}"


def _issued(doc: Doc, head, file_m, meta: Metadata) -> None:
    work = doc.work
    for rx in (_PLACE_DATE, _DB_DATE, _NEWS_DATE):
        for p in head:
            m = rx.match(" ".join(work[p.start:p.end].split()))
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
