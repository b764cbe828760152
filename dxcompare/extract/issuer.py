"""Who issued a plan: the committee or party body of its header, a body signing under it, its place and level.

The header names the issuer ("ỦY BAN NHÂN DÂN / TỈNH NGHỆ AN", "TỈNH ỦY QUẢNG TRỊ"), with a body of its own on the
next line when that body signs for itself ("SỞ Y TẾ", "BAN TUYÊN GIÁO"); a legal-database page names it in a field, a
news lead in its first sentence, a plan without a header in its title. The province is the one the header
names, else the one the text names most.
"""
from __future__ import annotations

import re
from collections import Counter

from ..textnorm import ascii_fold
from .agency_names import matcher
from .normalize import Doc
from .records import Metadata
from .registry import Registries

_LEVEL_WORDS = {"tỉnh": "province", "thành phố": "province", "huyện": "district", "quận": "district",
                "thị xã": "district", "xã": "commune", "phường": "commune", "thị trấn": "commune"}
_HEADER_ISSUER = re.compile(
    r"^(?:ỦY BAN NHÂN DÂN|UỶ BAN NHÂN DÂN|UBND|(?P<council>HỘI ĐỒNG NHÂN DÂN|HĐND))\s+(?P<level>TỈNH|THÀNH PHỐ|HUYỆN|QUẬN|THỊ XÃ|XÃ|PHƯỜNG|THỊ TRẤN)"
    r"\s+(?P<place>[^\n|,;]{2,40}?)(?=\s{2,}|\s+CỘNG\s+HÒA|\s+CỘNG\s+HOÀ|\s*\||\s*$|\s+Số\s*:|"
    r"\s+(?:SỞ|PHÒNG|BAN|TRUNG\s+TÂM|CHI\s+CỤC|VĂN\s+PHÒNG|THANH\s+TRA|CÔNG\s+AN)\s)")  # or a body signing under it
# a body under the committee that signs for itself ("UBND TỈNH THANH HÓA" / "SỞ KHOA HỌC VÀ CÔNG NGHỆ"): it is the
# issuer, on the header's next line or run into the same paragraph; cut where the motto column starts
_SUBORDINATE = re.compile(
    r"(?:^|\s)(?P<body>(?:VĂN\s+PHÒNG|(?:ỦY|UỶ)\s+BAN\s+KIỂM\s+TRA)(?:\s[^\n|]{2,80}?)?|"  # a party office may stand alone
    r"(?:SỞ|PHÒNG|BAN|TRUNG\s+TÂM|CHI\s+CỤC|CỤC|ĐÀI|BÁO|TRƯỜNG|BỆNH\s+VIỆN|THANH\s+TRA|BỘ\s+CHỈ\s+HUY|CÔNG\s+AN)"
    r"\s[^\n|]{2,80}?)(?=\s{2,}|\s+ĐỘC\s+LẬP|\s+Độc\s+lập|\s*\||\s*$)")
_ORG_ISSUER = re.compile(
    r"^(?:(?:BCH|BAN\s+CHẤP\s+HÀNH|BAN\s+THƯỜNG\s+VỤ|BTV)\s+)?(?P<org>ĐOÀN(?:\s+TNCS\s+HỒ\s+CHÍ\s+MINH)?|HỘI\s+LIÊN\s+HIỆP\s+PHỤ\s+NỮ|"
    r"HỘI\s+LHPN|HỘI\s+NÔNG\s+DÂN|HỘI\s+CỰU\s+CHIẾN\s+BINH|LIÊN\s+ĐOÀN\s+LAO\s+ĐỘNG|(?:ỦY|UỶ)\s+BAN\s+(?:MTTQ|MẶT\s+TRẬN\s+TỔ\s+QUỐC)"
    r"(?:\s+VIỆT\s+NAM)?)\s+(?P<level>TỈNH|THÀNH\s+PHỐ|HUYỆN|QUẬN|THỊ\s+XÃ|XÃ|PHƯỜNG|THỊ\s+TRẤN)\s+(?P<place>[^\n|*]{2,40}?)\s*$|"
    r"^(?P<org2>(?P<level2>TỈNH|HUYỆN|THÀNH|THỊ|QUẬN)\s+ĐOÀN)\s+(?P<place2>[^\n|*]{2,40}?)\s*$")
_ORGS = {"hội liên hiệp phụ nữ": "Hội Liên hiệp Phụ nữ", "hội lhpn": "Hội Liên hiệp Phụ nữ", "hội nông dân": "Hội Nông dân",
         "hội cựu chiến binh": "Hội Cựu chiến binh", "liên đoàn lao động": "Liên đoàn Lao động"}
_DB_ISSUER = re.compile(r"^Cơ quan ban hành\s+(?P<level>Tỉnh|Thành phố|Huyện|Quận|Thị xã|Xã|Phường|Thị trấn)\s+"
                        r"(?P<place>[^\n]{2,40}?)\s*$", re.I)
_NEWS_ISSUER = re.compile(r"(?P<who>UBND|Ủy ban nhân dân|Uỷ ban nhân dân)\s+(?P<level>tỉnh|thành phố|huyện|quận|thị xã|xã|"
                          r"phường|thị trấn)(?P<place>(?:\s+[A-ZĐÀ-Ỹ][^\s,;.]*){0,4})\s+(?:đã\s+)?ban hành", re.I)
# a party committee's header ("TỈNH ỦY HÀ NAM", "HUYỆN ỦY CẦN GIUỘC", "ĐẢNG ỦY XÃ TÂN LẬP"), its place on the
# "ĐẢNG BỘ TỈNH …" line above when the header leaves it out
_PARTY_ISSUER = re.compile(r"^(?P<who>TỈNH|THÀNH|HUYỆN|THỊ|QUẬN)\s+(?:ỦY|UỶ)(?:\s+(?P<place>[^\n|*]{2,40}?))?\s*$|"
                           r"^ĐẢNG\s+(?:ỦY|UỶ)\s+(?P<who2>XÃ|PHƯỜNG|THỊ\s+TRẤN)\s+(?P<place2>[^\n|*]{2,40}?)\s*$|"
                           r"^ĐẢNG\s+(?:ỦY|UỶ)\s+KHỐI\s+(?P<bloc>[^\n|*]{2,60}?)\s*$")  # a bloc's committee
_PARTY_PLACE = re.compile(r"^ĐẢNG\s+BỘ\s+(?:TỈNH|THÀNH\s+PHỐ|HUYỆN|THỊ\s+XÃ|QUẬN)\s+(?P<place>[^\n|*]{2,40}?)\s*$")
_PARTY_LEVEL = {"tỉnh": ("tỉnh", "Tỉnh ủy"), "thành": ("tỉnh", "Thành ủy"), "huyện": ("huyện", "Huyện ủy"),
                "thị": ("thị xã", "Thị ủy"), "quận": ("quận", "Quận ủy"), "xã": ("xã", "Đảng ủy xã"),
                "phường": ("phường", "Đảng ủy phường"), "thị trấn": ("thị trấn", "Đảng ủy thị trấn")}


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


# a body of a ministry's own system at a level, in capitals under its ministry ("CÔNG AN TỈNH HÀ TĨNH", "KHO BẠC NHÀ
# NƯỚC HUYỆN …", "BẢO HIỂM XÃ HỘI TỈNH …"), when the registry knows the body at that level
_VERTICAL_ISSUER = re.compile(r"^(?P<body>[A-ZĐÀ-Ỹ][A-ZĐÀ-Ỹ ]{2,50}?)\s+(?P<level>TỈNH|THÀNH\s+PHỐ|HUYỆN|QUẬN|THỊ\s+XÃ)\s+"
                              r"(?P<place>[A-ZĐÀ-Ỹ][A-ZĐÀ-Ỹ -]{1,30}?)\s*$")


def _sentence_case(s: str) -> str:
    return s[:1] + s[1:].lower()


def _registered(text: str, reg: Registries, level: str | None = None) -> str | None:
    """The registry's name of the body `text` names whole ("Công an tỉnh", "SỞ Y TẾ"), else None."""
    found = [m for m in matcher(reg).find(text, 0, len(text), level) if m.start == 0 and m.end >= len(text) - 1]
    return found[0].name if found and found[0].agency_id else None


def in_header(doc: Doc, span: tuple[int, int]) -> bool:
    """Whether the passage is an official header naming a committee."""
    return bool(_HEADER_ISSUER.match(_line(doc, span)))


def _line(doc: Doc, span: tuple[int, int]) -> str:
    return re.sub(r"[ \t]*\n[ \t]*", " ", doc.work[span[0]:span[1]])


def _org_name(org: str, level_word: str) -> str:
    """A mass organisation by the name the registry gives it at that level ("Tỉnh Đoàn", "Hội Nông dân huyện")."""
    org = " ".join(org.lower().split())
    if org.startswith("đoàn") or org.endswith("đoàn"):
        return {"tỉnh": "Tỉnh Đoàn", "thành phố": "Thành Đoàn", "huyện": "Huyện Đoàn", "quận": "Quận Đoàn",
                "thị xã": "Thị Đoàn"}.get(level_word, f"Đoàn Thanh niên {level_word}")
    if "ban" in org:
        return f"Ủy ban MTTQ Việt Nam {level_word}"
    return f"{_ORGS[org]} {level_word}"


def _subordinate(line: str, anywhere: bool = False) -> re.Match | None:
    """A body written in capitals that signs under its committee ("SỞ Y TẾ", "BAN TUYÊN GIÁO")."""
    m = (_SUBORDINATE.search if anywhere else _SUBORDINATE.match)(line.strip())
    return m if m and m.group("body") == m.group("body").upper() else None


def _body_name(body: str, reg: Registries, level: str | None, level_word: str, place: str | None,
               party: str | None) -> str:
    """A subordinate issuer as the registry names it, else as written in sentence case, with its locality
    ("Sở Y tế tỉnh Hà Tĩnh", "Ban Tuyên giáo Tỉnh ủy Nghệ An")."""
    written = " ".join(body.split()) + (f" {party}" if party else "")
    name = _registered(written, reg, level) or _sentence_case(written)
    if party and not name.endswith(party):
        name = f"{name} {party}"
    if not place:
        return name
    if party or name.lower().endswith((" " + level_word, " tỉnh", " huyện", " xã")):
        return f"{name} {place}"
    return f"{name} {level_word} {place}"


def find(doc: Doc, head, reg: Registries, code, file_m, title: str, title_span, meta: Metadata) -> None:
    """Issuer, administrative level, province and locality."""
    work = doc.work
    level_word = place = body = council = None
    for i, p in enumerate(head):
        line = _line(doc, (p.start, p.end))
        m = _HEADER_ISSUER.match(line) or _DB_ISSUER.match(line)
        if m:
            raw_place = m.group("place")
            sub = _subordinate(raw_place, anywhere=True)
            if sub:
                body, raw_place = sub.group("body"), raw_place[:sub.start()].strip()
            elif (sub := _subordinate(re.split(r"\s+Số\s*:", line[m.end():])[0])) or \
                    (i + 1 < len(head) and (sub := _subordinate(_line(doc, (head[i + 1].start, head[i + 1].end))))):
                body = sub.group("body")
            level_word, place = m.group("level").lower(), _title_case(raw_place)
            council = "council" in m.groupdict() and m.group("council")
            meta.evidence["issuer"] = (p.start, p.end)
            break
    party = None
    if level_word is None:
        lines = [ln.strip() for p in head for ln in doc.work[p.start:p.end].split("\n")]
        for p in head:
            j, m = next(((j, m) for j, ln in enumerate(lines) if (m := _PARTY_ISSUER.match(ln))
                         and p.start <= work.find(ln, p.start) < p.end), (None, None))
            if m:
                nxt = next((ln for ln in lines[j + 1:] if ln), "")
                if (sub := _subordinate(nxt)):
                    body = sub.group("body")
                if m.group("bloc"):  # "ĐẢNG ỦY KHỐI CÁC CƠ QUAN TỈNH" under "ĐẢNG BỘ TỈNH HÀ NAM"
                    level_word, party = "tỉnh", "Đảng ủy Khối " + " ".join(m.group("bloc").lower().split())
                else:
                    level_word, party = _PARTY_LEVEL[" ".join((m.group("who") or m.group("who2")).lower().split())]
                raw_place = m.group("place") or m.group("place2")
                if not raw_place:
                    raw_place = next((pm.group("place") for ln in lines if (pm := _PARTY_PLACE.match(ln))), None)
                place = _title_case(raw_place) if raw_place else None
                meta.evidence["issuer"] = (p.start, p.end)
                break
    if level_word is None:  # a mass organisation's header ("BCH ĐOÀN TỈNH QUẢNG NAM", "HỘI NÔNG DÂN HUYỆN …")
        for p in head:
            m = next((m for ln in work[p.start:p.end].split("\n") if (m := _ORG_ISSUER.match(ln.strip()))), None)
            if m:
                level_word = " ".join((m.group("level") or m.group("level2")).lower().split())
                level_word = {"thành": "thành phố", "thị": "thị xã"}.get(level_word, level_word)
                party = _org_name(m.group("org") or m.group("org2"), level_word)
                place = _title_case(m.group("place") or m.group("place2"))
                meta.evidence["issuer"] = (p.start, p.end)
                break
    if level_word is None:  # a body of a ministry's own system ("BỘ CÔNG AN / CÔNG AN TỈNH HÀ TĨNH")
        lines = [(p, ln.strip()) for p in head[:8] for ln in work[p.start:p.end].split("\n")]
        for p, ln in lines:
            m = _VERTICAL_ISSUER.match(ln)
            if m and (name := _registered(_sentence_case(m.group("body") + " " + m.group("level")), reg)):
                level_word = " ".join(m.group("level").lower().split())
                party, place = name, _title_case(m.group("place"))
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
        who = party or f"{'HĐND' if council else 'UBND'} {level_word}"
        meta.issuer = f"{who} {place}" if place else who
        if body:
            meta.issuer = _body_name(body, reg, meta.admin_level, level_word, place, party)
    if meta.admin_level in ("district", "commune") and place:
        meta.locality = f"{level_word} {place}"
        if meta.admin_level == "commune":
            districts = Counter(m.group(1).strip() for m in re.finditer(
                r"(?:UBND|Ủy ban nhân dân)\s+huyện\s+((?:[A-ZĐÀ-Ỹ][^\s,;.]*\s?){1,3})", work))
            if districts:
                meta.locality += f", huyện {districts.most_common(1)[0][0]}"
