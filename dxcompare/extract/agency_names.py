"""Finding agency names in text and resolving them against `reference/agencies.csv`.

Names come from the registry — every name and alias, tolerant to how writers vary them
("Ủy ban nhân dân" = "UBND", "Uỷ" = "Ủy", "và" = "&" = "-", dash = comma, optional commas, a final
level word written or not and in another form of the same level, a place name after the name:
"Báo Long An" is `bao_tinh` with unit "Long An") — and from the grammar of Vietnamese administrative
text (people's committees of lists of levels, department groups, party committees as a list, police,
military, centres and posts named to their level, commune civil-servant posts). Words after the first
may have lost a precomposed letter in copying ("Sở Kế hoạch và Đu tư"). A body neither knows but
that opens with a regular head word ("Trường Chính trị Tô Hiệu", "Hội Khuyến học tỉnh") is still a
body, unresolved (`match="none"`); a plural name as written ("các đoàn thể") may resolve to the
registry's group (`match="closest"`); vague groups ("các cơ quan, đơn vị") are kept as `generic`
so that they can be subjects without producing records.

Size: over 400 lines because the registry patterns and the head-word grammar must agree on one span
per name (the longest name wins, the registry's on a tie): they are built and matched together.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..textnorm import agency_key, ascii_fold
from .normalize import HEAD_WORDS
from .registry import AgencyEntry, Registries
from .roles import PREDICATE

_UPPER = "".join(sorted({chr(c) for c in range(0x41, 0x1EFA) if chr(c).isupper() and chr(c).isalpha()}))
_UP = "[" + re.escape(_UPPER) + "]"
_SP = r"[^\S\n]+"  # a space that does not cross a line: names end at line ends
PROPER = r"(?-i:" + _UP + r"\w*(?:" + _SP + _UP + r"\w*){0,3})(?<!\bCÁO)(?<!\bBÁO)"
_UB = r"(?:ủy\s+ban\s+nhân\s+dân|uỷ\s+ban\s+nhân\s+dân|uy\s+ban\s+nhân\s+dân|ubnd)"  # "Uy ban": a scan's lost mark
_TITLES = re.compile(r"(?:(?:Thủ trưởng|Giám đốc|Phó Giám đốc|Chủ tịch|Phó Chủ tịch|Trưởng ban|Trưởng Ban|Trưởng phòng|"
                     r"Lãnh đạo|lãnh đạo|Người đứng đầu|người đứng đầu|Trưởng)\s+)$")

_LEVEL_OF = {"tỉnh": "province", "cấp tỉnh": "province", "thành phố": "district", "huyện": "district",
             "cấp huyện": "district", "quận": "district", "thị xã": "district", "xã": "commune", "cấp xã": "commune",
             "phường": "commune", "thị trấn": "commune"}
# level words may be cut by a line break ("Bưu điện thị\nxã"): their inner space is any white space
_LVL = r"(?P<lvl>cấp\s+tỉnh|cấp\s+huyện|cấp\s+xã|tỉnh|thành\s+phố|huyện|quận|thị\s+xã|xã|phường|thị\s+trấn)"
_LVL_LIST = r"(?:\s*[,/]\s*(?:thị\s+xã|thành\s+phố|quận|huyện|phường|thị\s+trấn|xã)(?!\w)(?!\s+(?:đoàn|ủy|uỷ)(?!\w)))*"
# a list of district kinds sharing the last word ("các huyện, thị, thành ủy" = huyện ủy, thị ủy, thành ủy)
_CONTRACTED = r"các\s+(?:huyện|thị|thành|quận)(?:\s*,\s*(?:huyện|thị|thành|quận))*\s*(?:,|và)\s*(?:huyện|thị|thành|quận)\s+"
# the registry names a body by its level's usual word: a phường's committee is the commune-level one
_LEVEL_WORD = {"province": "tỉnh", "district": "huyện", "commune": "xã"}
_LEVEL_WORDS = re.compile(r"(?<!\w)(?:cấp tỉnh|cấp huyện|cấp xã|tỉnh|thành phố|huyện|quận|thị xã|xã|phường|thị trấn)$")
# The words of a centre's name up to its level word: a capital first (a proper name, not "trung tâm dữ liệu"),
# not a facility ("Trung tâm Dữ liệu", "Trung tâm Giám sát, điều hành"), no other agency's head inside it.
_CENTRE_WORDS = (r"[^\S\n]+(?!(?:Dữ|Điều|Giám|Tích|Lưu)\b)(?-i:" + _UP + r")[^\W\d_]*"
                 r"(?:[^\S\n]*(?:,|[-–&])?[^\S\n]+(?!(?:UBND|Ủy|Uỷ|Sở|Phòng|Ban|các|tỉnh|huyện|xã|thị|thành|quận|phường|"
                 r"(?-i:Bưu|Viettel|VNPT|MobiFone|Mobifone|Trung|Hội|Đoàn|Công|Chi))"
                 r"(?!\w))[^\W\d_]+){0,9}?")

@dataclass
class Mention:
    start: int
    end: int
    name: str
    agency_id: str | None
    match: str  # exact | closest | none | generic
    unit: str | None = None  # the locality of a generic body as written ("Cần Giuộc" in "UBND huyện Cần Giuộc")


@dataclass
class _Pattern:
    rx: re.Pattern
    kind: str
    level: str | None  # None: from the match (lvl group) or the plan
    canonical: str | None
    cap_first: bool = False


norm_key = agency_key  # one normalisation for the registry's rules and the look-up


_LOSSY_LO, _LOSSY_HI = "\u1ea0", "\u1ef9"  # Latin Extended Additional: ạ … ỹ, the letters copying loses


def _word(w: str, tolerant: bool = False) -> str:
    """Regex for one word of a name; `tolerant`: its precomposed letters may be missing ("Đầu" -> "Đu")."""
    pieces = []
    for ch in w.strip(","):
        if ch == "\x01":
            pieces.append(r"\s*[-–—,]\s*")  # "Văn hóa - Thể thao" = "Văn hóa, Thể thao"
        elif ch == "\x02":
            pieces.append(r"\s*&\s*")
        elif ch == "\x03":
            pieces.append(_HD)
        elif ch == "\x04":
            pieces.append("(?:ủy|uỷ)")
        elif tolerant and _LOSSY_LO <= ch <= _LOSSY_HI:
            pieces.append(f"(?:{re.escape(ch)})?")
        else:
            pieces.append(re.escape(ch))
    return "".join(pieces)


_HD = r"(?:hội\s+đồng\s+nhân\s+dân|hđnd)"
# level words a registry name may end with, and the other words for a unit of that level ("phường" is a xã)
_TRAIL = {"tỉnh": r"(?:cấp\s+)?tỉnh(?!\w)", "huyện": r"(?:cấp\s+)?(?:huyện|quận|thị\s+xã)(?!\w)",
          "xã": r"(?:cấp\s+)?(?:xã|phường|thị\s+trấn)(?!\w)"}
_TRAIL_LEVEL = {"tỉnh": "province", "huyện": "district", "xã": "commune"}
# a locality written after a name: a proper name that is not the start of another name or a title
_UNIT = (r"(?!(?:Tỉnh|Huyện|Thị|Thành|Xã|Quận|Phường|Đảng|Ủy|Uỷ|UBND|HĐND|Sở|Phòng|Ban|Việt|Chủ|Phó|Giám|Trưởng|Khối|"
         r"Thủ|Văn|Trung|Hội|Đoàn|Công|Các|Bộ)(?!\w))" + PROPER)
_SPACE = re.compile(r"\s")
_UNIT_AFTER = re.compile(_SP + "(" + _UNIT + ")")
_SCHOOL = (r"(?:học|mầm\s+non|tiểu\s+học|trung\s+học\s+cơ\s+sở|THCS|trung\s+học\s+phổ\s+thông|THPT|"
           r"phổ\s+thông(?:\s+dân\s+tộc\s+(?:nội|bán)\s+trú)?|liên\s+cấp)(?!\w)")
_VN = r"(?:[^\S\n]+(?:Việt[^\S\n]+Nam|VN)(?!\w))?(?:[^\S\n]+(?:\d{1,2}|[IVXL]{1,5})(?![\w/.,%]))?"


@dataclass(frozen=True)
class _Alias:
    base: str  # regex source of the name without its final level word
    trail: str | None  # tỉnh | huyện | xã: the level word the name ends with
    cap_first: bool
    head: str


def _alias_parts(alias: str) -> _Alias:
    """A registry name as regex pieces: "và" = "&" = "-", optional commas, Ủy/Uỷ, UBND/HĐND written out or not."""
    s = re.sub(r"(?i)\b(?:ủy|uỷ)\s+ban\s+nhân\s+dân\b|\bUBND\b", "\x00", alias.strip())
    s = re.sub(r"(?i)\bhội\s+đồng\s+nhân\s+dân\b|\bHĐND\b", "\x03", s)
    s = re.sub(r"\s*[-–—]\s*", "\x01", s)
    s = re.sub(r"\s*&\s*", "\x02", s)
    s = re.sub(r"(?i)(?<!\w)(?:ủy|uỷ)(?!\w)", "\x04", s)
    words = s.split()
    trail = words[-1].lower() if len(words) > 1 and words[-1].lower() in _TRAIL else None
    if trail:
        words = words[:-1]
    pieces = []
    for i, w in enumerate(words):
        if w.lower() == "và":
            pieces.append(r"\s*(?:và|&|-|–)\s*")
            continue
        if i and words[i - 1].lower() != "và":
            pieces.append(r"(?:\s*[,\-–—]\s*|\s+)")
        pieces.append(_UB if w == "\x00" else _word(w, tolerant=i > 0 and len(w) >= 3))
    stripped = alias.strip()
    cap_first = stripped[:1].isupper() and not re.match(r"(?i)(?:các|ubnd|ủy|uỷ|hđnd)\b", stripped)
    first = [re.split(r"[\x01\x02]", w)[0].lower().strip(",") for w in words[:2]]
    head = {"\x00": "ủy", "\x03": "hđnd", "\x04": "ủy"}.get(words[0], first[0]) if words else ""
    if head in _DETERMINERS and len(first) > 1:
        head = f"{head} {first[1]}"
    return _Alias("".join(pieces) + r"(?!\w)", trail, cap_first, head)  # whole words: "đoàn thể" is not "Đoàn Th…"


def _alias_regex(alias: str) -> tuple[str, bool, str]:
    """Regex source for a registry name with its level word, whether it must start upper-case, its first word.

    The locality that may follow ("Hội Nông dân tỉnh Long An") is matched apart (`_UNIT_AFTER`): in every
    alternative it made the registry's patterns slow to compile (seconds per process)."""
    p = _alias_parts(alias)
    src = p.base + _VN
    if p.trail:
        src += r"\s+" + _TRAIL[p.trail]
    return src, p.cap_first, p.head


def _builtins() -> list[tuple[str, str, str | None, str | None, tuple[str, ...]]]:
    """(regex, kind, level, canonical name, first words) of names every Vietnamese plan uses."""
    b = [
        (r"(?:Văn phòng)\s+(?:HĐND\s+và\s+)?" + _UB + r"\s+(?:các\s+)?" + _LVL + r"(?:" + _SP + PROPER + r")?",
         "office", None, None, ("văn",)),
        (_UB + r"\s+(?:các\s+)?" + _LVL + _LVL_LIST + r"(?:" + _SP + PROPER + r")?", "peoples_committee", None, None,
         ("ủy", "uy")),
        # the steering committee, by its name since 2025 too ("Ban Chỉ đạo phát triển khoa học, công nghệ, đổi mới sáng
        # tạo và chuyển đổi số xã"), or as "Ban Chỉ đạo" alone where the plan has one; not the central one
        (r"(?-i:Ban\s+Chỉ\s+đạo)(?!\s+(?:Trung\s+ương|quốc\s+gia))(?:\s+(?:về\s+)?(?:phát\s+triển\s+[^\n;:.()]{0,80}?\s)?"
         r"(?:chuyển\s+đổi\s+số|CĐS))?(?:\s+(?:của\s+)?" + _LVL + r"(?!\w))?(?:" + _SP + PROPER + r")?",
         "steering_committee", None, None, ("ban",)),
        # the steering committee's working group ("Tổ giúp việc Ban Chỉ đạo"): a body of its own, unregistered
        (r"(?-i:Tổ)\s+(?:giúp\s+việc|công\s+tác\s+giúp\s+việc|thư\s+ký)(?:\s+(?:của\s+)?Ban\s+Chỉ\s+đạo)?", "working_group",
         None, None, ("tổ",)),
        (r"BCĐ\s+(?:chuyển\s+đổi\s+số|CĐS)(?:\s+" + _LVL + r")?(?:" + _SP + PROPER + r")?", "steering_committee", None, None,
         ("bcđ",)),
        (r"(?:các\s+)?sở\s*,\s*(?:ban\s*,\s*)?ngành(?:\s*,\s*(?:hội\s*,\s*)?đoàn\s+thể)?"
         r"(?:\s+(?:tỉnh|thuộc\s+tỉnh|cấp\s+tỉnh|thành\s+phố|có\s+liên\s+quan|liên\s+quan))?", "department_group", "province",
         "Các sở, ban, ngành tỉnh", ("các sở", "sở")),
        # "Giám đốc các sở, Thủ trưởng các ban, ngành thuộc tỉnh" (an execution article): the departments as a group
        (r"các\s+sở(?:\s*,\s*ngành)?(?:\s+(?:thuộc\s+tỉnh|tỉnh|cấp\s+tỉnh))?(?!\w)(?!\s*:)"
         r"(?!\s*,\s*(?:ban|ngành|hội|đoàn|cơ\s+quan)(?!\w))|"
         r"các\s+ban\s*,\s*ngành(?:\s*,\s*(?:hội\s*,\s*)?đoàn\s+thể)?\s+(?:thuộc\s+tỉnh|tỉnh|cấp\s+tỉnh)(?!\w)",
         "department_group", "province", "Các sở, ban, ngành tỉnh", ("các sở", "các ban")),
        # district party committees as a list ("Các huyện ủy, thành ủy", "các thị ủy, huyện ủy")
        (r"các\s+(?:huyện|thị|thành|quận)\s+(?:ủy|uỷ)(?:\s*,\s*(?:huyện|thị|thành|quận)\s+(?:ủy|uỷ))*(?!\w)|" + _CONTRACTED
         + r"(?:ủy|uỷ)(?!\w)", "party_committee", "district", "Huyện ủy", ("các huyện", "các thị", "các thành", "các quận")),
        # the same list contracted for youth unions ("Các huyện, thị, thành Đoàn")
        (_CONTRACTED + r"(?-i:Đoàn)(?!\w)", "mass_organisation", "district", "Huyện Đoàn",
         ("các huyện", "các thị", "các thành", "các quận")),
        # the committees of a people's council as a group ("các Ban HĐND tỉnh", "các Ban của Hội đồng nhân dân xã"): no
        # registry row is that group
        (r"(?:các\s+)?(?-i:Ban)\s+(?:của\s+)?(?:HĐND|Hội\s+đồng\s+nhân\s+dân)\s+" + _LVL + r"(?!\w)", "council_bodies", None,
         None, ("các ban", "ban")),
        # grassroots party committees as a group ("Các đảng bộ, chi bộ cơ sở", "các đảng bộ cơ sở trực thuộc"): no registry
        # row is that group; "các đảng bộ" alone is a phrase of the text, not a body
        (r"các\s+đảng\s+bộ(?=\s*,\s*(?:các\s+)?chi\s+bộ)|các\s+đảng\s+bộ\s+(?:cơ\s+sở|trực\s+thuộc)(?:\s+trực\s+thuộc)?(?!\w)",
         "party_base", None, None, ("các đảng",)),
        # commune party committees as a list ("các đảng ủy xã, phường", "Đảng ủy các xã, thị trấn")
        (r"(?:các\s+)?đảng\s+(?:ủy|uỷ)\s+(?:các\s+)?(?:xã|phường|thị\s+trấn)(?:\s*,\s*(?:xã|phường|thị\s+trấn))+(?!\w)|"
         r"các\s+đảng\s+(?:ủy|uỷ)\s+(?:xã|phường|thị\s+trấn)(?!\w)|đảng\s+(?:ủy|uỷ)\s+các\s+(?:xã|phường|thị\s+trấn)(?!\w)",
         "party_committee", "commune", "Đảng ủy xã", ("các đảng", "đảng")),
        (r"Báo" + _SP + r"(?:tỉnh|" + PROPER + r")", "media", "province", "Báo tỉnh", ("báo",)),
        (r"Đài\s+(?:Phát\s+thanh\s*(?:và|-|–|&)\s*Truyền\s+hình|PT\s*(?:&|và|-)\s*TH|PTTH)(?:" + _SP + r"(?:tỉnh|" + PROPER + r"))?",
         "media", "province", "Đài Phát thanh và Truyền hình tỉnh", ("đài",)),
        (r"(?:Đài|Trạm)\s+(?:Truyền\s+thanh|truyền\s+thanh)(?:\s+" + _LVL + r")?(?:" + _SP + PROPER + r")?", "media", None,
         None, ("đài", "trạm")),
        (r"(?:Ủy\s+ban\s+|Uỷ\s+ban\s+|Uy\s+ban\s+|UBMT)?(?:Mặt\s+trận\s+Tổ\s+quốc|MTTQ)(?:\s+Việt\s+Nam|\s+VN)?(?:\s+" + _LVL
         + r")?", "mass_organisation", None, None, ("ủy", "uỷ", "uy", "ubmt", "mặt", "mttq")),
        # a city's youth union ("Thành Đoàn Cần Thơ"): the province's or the district's, as the city is
        (r"(?-i:(?:Thành|Thị|Quận)\s+[Đđ]oàn)(?:" + _SP + PROPER + r")?", "city_youth_union", None, None,
         ("thành", "thị", "quận")),
        (r"(?:Đoàn\s+Thanh\s+niên(?:\s+Cộng\s+sản\s+Hồ\s+Chí\s+Minh)?|Tỉnh\s+Đoàn|Huyện\s+Đoàn|Hội\s+Liên\s+hiệp\s+Phụ\s+nữ|"
         r"Hội\s+Nông\s+dân|Hội\s+Cựu\s+chiến\s+binh|Liên\s+đoàn\s+Lao\s+động)(?:\s+(?:các\s+)?" + _LVL + _LVL_LIST + r")?"
         r"(?:" + _SP + PROPER + r")?", "mass_organisation",
         None, None, ("đoàn", "tỉnh", "huyện", "hội", "liên")),
        (r"các\s+(?:hội\s*,\s*)?đoàn\s+thể(?:\s+chính\s+trị\s*[-–]\s*xã\s+hội)?(?:\s+" + _LVL + r"(?!\w))?",
         "mass_organisation", None, None, ("các hội", "các đoàn")),
        (r"(?:công\s+chức|bộ\s+phận)\s+(?:Tư\s+pháp\s*[-–]\s*Hộ\s+tịch|Địa\s+chính(?:\s*[-–]\s*(?:Xây\s+dựng|Nông\s+nghiệp|Đô\s+thị)(?:\s+và\s+Môi\s+trường)?){1,3}|"
         r"Văn\s+phòng\s*[-–]\s*Thống\s+kê|Văn\s+hóa\s*[-–]\s*Xã\s+hội|Tài\s+chính\s*[-–]\s*Kế\s+toán)"
         r"(?:\s+(?:xã|phường|thị\s+trấn)(?!\w))?", "commune_unit",
         "commune", None, ("công", "bộ")),
        # a post named by its field ("công chức phụ trách chuyển đổi số"): a body of one, unregistered
        (r"(?:công\s+chức|cán\s+bộ)\s+(?:phụ\s+trách|chuyên\s+trách|làm\s+công\s+tác)\s+(?:công\s+tác\s+)?"
         r"(?:chuyển\s+đổi\s+số|công\s+nghệ\s+thông\s+tin|CNTT|CĐS)(?:\s+(?:của\s+)?(?:xã|phường|thị\s+trấn)(?!\w))?",
         "post", "commune", None, ("công", "cán")),
        # police and military units at each level: bodies of their ministries, not units of the committee
        (r"Công\s+an\s+(?:các\s+)?" + _LVL + _LVL_LIST + r"(?:" + _SP + PROPER + r")?", "police", None, None, ("công",)),
        (r"(?:Bộ|Ban)\s+Chỉ\s+huy\s+Quân\s+sự\s+(?:các\s+)?" + _LVL + _LVL_LIST + r"(?:" + _SP + PROPER + r")?",
         "military", None, None, ("bộ", "ban")),
        # public service centres named down to their level ("Trung tâm Văn hóa - Truyền thông huyện")
        (r"Trung\s+tâm" + _CENTRE_WORDS + r"[^\S\n]+" + _LVL + r"(?!\w)(?:" + _SP + PROPER + r")?", "centre", None, None,
         ("trung",)),
        # provincial branches of central bodies (banking, social insurance, tax) and business associations
        # (the State Bank itself, "Ngân hàng Nhà nước Việt Nam", is a central body: a branch or a province is named)
        (r"Ngân\s+hàng\s+Nhà\s+nước\s+(?:(?:Việt\s+Nam\s+)?[Cc]hi\s+nhánh(?:\s+(?:tỉnh|thành\s+phố))?|tỉnh)"
         r"(?:" + _SP + PROPER + r")?", "bank_branch", "province", None, ("ngân",)),
        (r"Bảo\s+hiểm\s+xã\s+hội\s+(?:các\s+)?" + _LVL + r"(?!\w)(?:" + _SP + PROPER + r")?", "social_insurance", None,
         None, ("bảo",)),
        (r"(?:Cục\s+Thuế|Chi\s+cục\s+Thuế|Thuế)\s+(?:các\s+)?" + _LVL + r"(?!\w)(?:" + _SP + PROPER + r")?|"
         r"(?:Cục\s+Thuế|Chi\s+cục\s+Thuế)" + _SP + PROPER, "tax", None, None, ("cục", "chi", "thuế")),
        (r"Hiệp\s+hội\s+Doanh\s+nghiệp(?:\s+(?:nhỏ\s+và\s+vừa\s+)?" + _LVL + r"(?!\w))?(?:" + _SP + PROPER + r")?",
         "association", None, None, ("hiệp",)),
        # heads of villages and residential groups (trưởng thôn, ấp, khóm, bản; tổ trưởng tổ dân phố)
        (r"(?:Trưởng|trưởng)\s+(?:các\s+)?(?:thôn|ấp|khóm|bản|xóm|làng|khu\s+phố|buôn|sóc)(?!\w)|"
         r"(?:Tổ|tổ)\s+trưởng\s+(?:các\s+)?tổ\s+dân\s+phố", "village_head", "village", None, ("trưởng", "tổ")),
        # the one-stop desk of a committee ("Bộ phận Tiếp nhận và Trả kết quả phường", "Bộ phận Một cửa huyện")
        (r"Bộ\s+phận\s+(?:Tiếp\s+nhận\s+và\s+[Tt]rả\s+kết\s+quả|[Mm]ột\s+cửa)(?:\s+" + _LVL + r"(?!\w))?",
         "service_desk", None, None, ("bộ",)),
        # telecom centres named after their place ("Trung tâm Viễn thông Ninh Hòa")
        (r"Trung\s+tâm\s+Viễn\s+thông(?:\s+" + _LVL + r"(?!\w))?(?:" + _SP + PROPER + r")?", "enterprise", None, None,
         ("trung",)),
        # post offices and telecom units at each level ("Bưu điện huyện", "Bưu điện văn hóa xã")
        (r"Bưu\s+điện(?:\s+văn\s+hó?a)?\s+(?:các\s+)?" + _LVL + r"(?!\w)(?:" + _SP + PROPER + r")?", "enterprise",
         None, None, ("bưu",)),
        (r"(?:Viettel|VNPT|MobiFone|Mobifone)(?:\s+" + _LVL + r"(?!\w))?(?:" + _SP + PROPER + r")?", "enterprise",
         None, None, ("viettel", "vnpt", "mobifone")),
        (r"Bộ\s+(?:Thông\s+tin\s+và\s+Truyền\s+thông|TT&TT|Kế\s+hoạch\s+và\s+Đầu\s+tư|Tài\s+chính|Nội\s+vụ|Công\s+an|"
         r"Khoa\s+học\s+và\s+Công\s+nghệ|Nông\s+nghiệp\s+và\s+(?:Phát\s+triển\s+nông\s+thôn|Môi\s+trường)|NN&PTNT|Y\s+tế|"
         r"Giáo\s+dục\s+và\s+Đào\s+tạo|Công\s+Thương|Xây\s+dựng|Tư\s+pháp|Văn\s+hóa,\s+Thể\s+thao\s+và\s+Du\s+lịch)",
         "ministry", "central", None, ("bộ",)),
        (r"Phòng\s+(?:Văn\s+hóa\s*(?:và|-|–)\s*Thông\s+tin|Tài\s+chính\s*[-–]\s*Kế\s+hoạch|Nội\s+vụ|Kinh\s+tế(?:\s+và\s+Hạ\s+tầng)?|"
         r"Giáo\s+dục\s+và\s+Đào\s+tạo|Tư\s+pháp|Y\s+tế|Nông\s+nghiệp\s+và\s+Phát\s+triển\s+nông\s+thôn|"
         r"Tài\s+nguyên\s+và\s+Môi\s+trường|Lao\s+động\s*[-–]\s*Thương\s+binh\s+và\s+Xã\s+hội)(?:\s+" + _LVL + r")?",
         "district_unit", "district", None, ("phòng",)),
        # commune health stations and schools, one or a list of their kinds ("Các Trạm Y tế xã, thị trấn",
        # "các trường mầm non, tiểu học, trung học cơ sở"); lower case only after "các"
        (r"(?:các\s+[Tt]rạm|(?-i:Trạm))\s+[Yy]\s+tế(?:\s+(?:các\s+)?(?:xã|phường|thị\s+trấn)(?!\w)"
         r"(?:\s*,\s*(?:xã|phường|thị\s+trấn)(?!\w))*)?(?:" + _SP + PROPER + r")?",
         "health_station", "commune", None, ("các trạm", "trạm")),
        (r"(?:các\s+[Tt]rường|(?-i:Trường))\s+" + _SCHOOL + r"(?:\s*(?:,|và)\s*(?:trường\s+)?" + _SCHOOL + r")*"
         r"(?:" + _SP + PROPER + r")?", "school", None, None, ("các trường", "trường")),
        # a named cooperative ("Hợp tác xã thủy sản Tân Thuận") and a residential area's board ("Ban điều hành khu phố")
        (r"(?-i:Hợp\s+tác\s+xã|HTX)(?:[^\S\n]+[a-zà-ỹđ]+){0,4}" + _SP + PROPER + r"|"
         r"các\s+(?:hợp\s+tác\s+xã|HTX)(?:[^\S\n]*,?[^\S\n]*(?:nông\s+nghiệp|thủy\s+sản|thuỷ\s+sản|dịch\s+vụ|sản\s+xuất|"
         r"kiểu\s+mới))*(?!\w)", "cooperative", None, None, ("hợp", "htx", "các hợp", "các htx")),
        # a market's management board ("Ban quản lý chợ Phú Lộc") and a commercial bank's branch ("Agribank chi nhánh …")
        (r"(?-i:Ban)\s+(?:quản\s+lý|Quản\s+lý)\s+(?:các\s+)?chợ(?:\s+(?:tỉnh|huyện|quận|thị\s+xã|thành\s+phố|xã|phường|"
         r"thị\s+trấn)(?!\w))?(?:" + _SP + PROPER + r")?", "market_board", None, None, ("ban",)),
        (r"(?-i:Agribank|Vietcombank|VietinBank|Vietinbank|BIDV|Sacombank|LienVietPostBank|Ngân\s+hàng\s+Chính\s+sách\s+xã\s+hội)"
         r"(?:\s+(?:[Cc]hi\s+nhánh|[Pp]hòng\s+giao\s+dịch))?(?:\s+(?:tỉnh|huyện|thị\s+xã|thành\s+phố|quận)(?!\w))?"
         r"(?:" + _SP + PROPER + r")?",
         "bank", None, None, ("agribank", "vietcombank", "vietinbank", "bidv", "sacombank", "lienvietpostbank", "ngân")),
        (r"(?:các\s+)?(?-i:Ban)\s+điều\s+hành\s+(?:các\s+)?(?:khu\s+phố|ấp|thôn|tổ\s+dân\s+phố|khóm)(?!\w)(?:" + _SP + PROPER + r")?",
         "residential_board", "village", None, ("ban", "các ban")),
        # a body's own units as a group ("Các phòng, đơn vị thuộc Sở", "các phòng chuyên môn thuộc UBND huyện")
        (r"các\s+(?:phòng|ban|cơ\s+quan|đơn\s+vị|trung\s+tâm|chi\s+cục|bộ\s+phận)(?:\s*,\s*(?:phòng|ban|ngành|đơn\s+vị|trung\s+tâm|"
         r"chi\s+cục|bộ\s+phận))*(?:\s+(?:chuyên\s+môn|nghiệp\s+vụ))?(?:\s*,\s*(?:đơn\s+vị|trung\s+tâm))*\s+(?:trực\s+)?thuộc\s+"
         r"(?:(?P<parent>(?-i:Sở))(?!\w)|" + _UB + r"\s+" + _LVL + r"(?!\w))",
         "unit_group", None, None, ("các phòng", "các ban", "các cơ", "các đơn", "các trung", "các chi", "các bộ")),
        # vague groups: subjects of sentences, but no agency to assign
        (r"(?:các\s+)?(?:phòng\s*,\s*(?:ban\s*,\s*)?)?(?:cơ\s+quan|đơn\s+vị)(?:\s*,\s*(?:đơn\s+vị|tổ\s+chức|địa\s+phương|"
         r"ban\s*,\s*ngành|cá\s+nhân))*(?:\s+(?:có\s+liên\s+quan|liên\s+quan))?", "generic", None, None,
         ("các cơ", "các đơn", "các phòng", "cơ", "đơn")),
        (r"các\s+(?:ngành|địa\s+phương|tổ\s+chức|ban\s*,\s*ngành)(?:\s*,\s*(?:địa\s+phương|cá\s+nhân|đoàn\s+thể))*"
         r"(?:\s+(?:có\s+liên\s+quan|liên\s+quan))?", "generic", None, None,
         ("các ngành", "các địa", "các tổ", "các ban")),
    ]
    return b


class AgencyMatcher:
    """All name patterns of one registry, indexed by their first word for speed.

    Per first word, the registry's names are one alternation, longest first: names written with their
    level word ("Hội Nông dân tỉnh"), then names without it ("Hội Nông dân"), which resolve to the row of
    the plan's own level (else the province's). Builtin patterns add the grammar of lists and levels
    ("UBND các huyện, thị xã"); what neither knows but starts with a regular head word ("Trường Chính
    trị Tô Hiệu") is still a body, unresolved.
    """

    def __init__(self, reg: Registries):
        self.entries = {a.agency_id: a for a in reg.agencies}
        self.heads_of = {a.agency_id: {norm_key(n).split(" ", 1)[0] for n in (a.name_vi, *a.aliases)} for a in reg.agencies}
        self.by_key: dict[str, AgencyEntry] = {}
        self.by_fold: dict[str, AgencyEntry] = {}  # names without tone marks: OCR and lost-accent copies
        ambiguous: set[str] = set()
        self.by_base: dict[str, dict[str, AgencyEntry]] = {}
        per_head: dict[str, list[tuple[int, int, str, tuple]]] = {}
        for a in reg.agencies:
            for n in sorted({a.name_vi, *a.aliases}, key=len, reverse=True):
                self.by_key.setdefault(norm_key(n), a)
                folded = ascii_fold(norm_key(n))
                if self.by_fold.setdefault(folded, a) is not a:
                    ambiguous.add(folded)
                p = _alias_parts(n)
                full, cap, head = _alias_regex(n)
                heads_n = [_head_key(p.head)] + (["hội"] if p.head == "hđnd" else [])  # HĐND written out or not
                for h in heads_n:
                    per_head.setdefault(h, []).append((0, -len(n), full, (a, cap, None)))
                if p.trail:
                    base_key = norm_key(n.rsplit(None, 1)[0])
                    levels = self.by_base.setdefault(base_key, {})
                    levels.setdefault(a.level, a)
                    if len(levels) == 1:  # one alternative per base name
                        for h in heads_n:
                            per_head[h].append((1, -len(n), p.base + _VN, (a, cap, base_key)))
        for k in ambiguous:
            del self.by_fold[k]
        # names of more than 6 letters without the marks that part their words ("Văn hóa - Thông tin" is "Văn hóa,
        # Thông tin"), by kind, and all of them
        self.keys_of_kind: dict[str, list[tuple[str, AgencyEntry]]] = {}
        self.loose_keys: list[tuple[str, AgencyEntry]] = []
        for k, a in self.by_key.items():
            if len(k) > 6:
                self.keys_of_kind.setdefault(a.kind, []).append((_loose(k), a))
                self.loose_keys.append((_loose(k), a))
        self.registry: dict[str, tuple[re.Pattern, dict[str, tuple]]] = {}
        for head, alts in per_head.items():
            alts.sort(key=lambda t: (t[0], t[1]))
            groups = {f"r{i}": info for i, (_, _, _, info) in enumerate(alts)}
            rx = re.compile("|".join(f"(?P<r{i}>{src})" for i, (_, _, src, _) in enumerate(alts)), re.I)
            self.registry[head] = (rx, groups)
        heads: dict[str, list[_Pattern]] = {}
        for src, kind, level, canonical, first_words in _builtins():
            pat = _Pattern(re.compile(src, re.I), kind, level, canonical)
            for h in first_words:
                heads.setdefault(_head_key(h), []).append(pat)
        self.heads = heads
        self.next_allowed = {h: set(ws) for h, ws in _NEXT_ALLOWED.items()}
        for a in reg.agencies:
            for n in (a.name_vi, *a.aliases):
                words = [re.split(r"[&\-–]", w.lower().strip(","))[0] for w in n.split()]
                if words and words[0] == "hđnd":
                    self.next_allowed["hội"].add("đồng")
                if len(words) > 1 and words[0] in self.next_allowed:
                    self.next_allowed[words[0]].update({"ủy", "uỷ"} if words[1] in ("ủy", "uỷ") else {words[1]})
        keys = {h.split()[0] for h in heads} | {h.split()[0] for h in self.registry} | {"uỷ", "uy", "ubnd"}
        self.trigger = re.compile(r"(?<!\w)(?:" + "|".join(re.escape(h) for h in sorted(keys, key=len, reverse=True))
                                  + r")(?!\w)", re.I)

    def find(self, text: str, start: int, end: int, plan_level: str | None = None) -> list[Mention]:
        cands = []
        for t in self.trigger.finditer(text, start, end):
            key = _head_key(t.group())
            if key in _DETERMINERS or key in self.next_allowed:
                nxt = _NEXT_WORD.match(text, t.end(), end)
                word = nxt.group(1).lower() if nxt else ""
                if key in _DETERMINERS:  # "các" is everywhere: the word after it decides
                    if not word:
                        continue
                    key = f"{key} {word}"
                elif word not in self.next_allowed[key]:
                    continue
            reg = self.registry.get(key)
            if reg is not None:
                m = reg[0].match(text, t.start(), end)
                if m and m.end() > m.start():
                    entry, cap, base = reg[1][m.lastgroup]
                    if not cap or text[m.start()].isupper() or _HEAD_OF_TITLE.search(text, max(start, m.start() - 8),
                                                                                      m.start()):
                        u = _UNIT_AFTER.match(text, m.end(), end)
                        stop = u.end() if u else m.end()
                        other = None if u else self._other_level(text, m.end(), end, entry, base)
                        each = _EACH_OF_LEVEL.match(text, m.end(), end) if base is not None and not u else None
                        if each and (at := self.by_base[base].get(_LEVEL_OF.get(" ".join(each.group("lvl").lower().split()), ""))):
                            entry, base, stop, other = at, None, each.end(), None  # "… chuyển đổi số các xã, thị trấn"
                        # one word alone is no body ("Báo cáo …", "UBND các …"); "Báo Long An", "Báo tỉnh" are
                        if base is None or u or _SPACE.search(m.group()):
                            cands.append((m.start(), -((other or stop) - m.start()), False, m, None,
                                          (entry, base, stop, u, other)))
            for p in self.heads.get(key, ()):
                m = p.rx.match(text, t.start(), end)
                if not m or m.end() <= m.start():
                    continue
                if p.cap_first and not text[m.start()].isupper():
                    continue
                groups = {k: v for k, v in m.groupdict().items() if v is not None}
                stop = _parent_end(text, m, end) if "parent" in groups else m.end()
                cands.append((m.start(), -(stop - m.start()), True, m, p, groups))
        # longest names first (the registry's on a tie), vague groups last; keep those that overlap no better one
        cands.sort(key=lambda c: (c[4] is not None and c[4].kind == "generic", c[1], c[2], c[0]))
        chosen: list[tuple[int, int, object]] = []
        for c in cands:
            s, e = c[0], c[0] - c[1]
            if all(e <= o[0] or s >= o[1] for o in chosen):
                chosen.append((s, e, c))
        for s, e in _unregistered(text, start, end):
            overlap = [o for o in chosen if not (e <= o[0] or s >= o[1])]
            if overlap and len(overlap) == 1 and s < overlap[0][0] and overlap[0][1] == e and \
                    _OWNER_END.search(text, overlap[0][0], e):
                chosen.remove(overlap[0])  # the committee at the end of its own body's name ("… Huyện ủy")
                overlap = []
            if overlap and all(o[2] is not None and o[2][4] is not None and o[2][4].kind == "generic"
                               and s <= o[0] and o[1] <= e for o in overlap):
                for o in overlap:  # a vague group inside a body's name ("Đoàn Khối các cơ quan tỉnh")
                    chosen.remove(o)
                overlap = []
            if not overlap:
                chosen.append((s, e, None))
        out: list[Mention] = []
        prev_end = -1
        for s, e, c in sorted(chosen, key=lambda o: o[0]):
            if c is not None and c[4] is None and c[5][0].kind == "peoples_council" and \
                    _DELEGATES_BEFORE.search(text, max(start, s - 16), s):
                continue  # "đại biểu HĐND tỉnh": the council's members, each on their own, not the council
            name_start = s
            tm = _TITLES.search(text, max(start, s - 20), s)
            # "Đảng ủy X lãnh đạo UBND tỉnh …": right after a body, "lãnh đạo" is its verb, not a title
            if tm and not (tm.group().startswith("lãnh") and text[prev_end:tm.start()].isspace()):
                name_start = tm.start()
            prev_end = e
            if c is None:
                hit = self.by_fold.get(ascii_fold(norm_key(text[s:e])))  # "Sở Thông tín …": a registry name, mis-accented
                out.append(Mention(name_start, e, hit.name_vi, hit.agency_id, "closest") if hit else
                           Mention(name_start, e, _clean(text[s:e]), None, "none", _unit(text[s:e])))
            elif c[4] is None:
                out.append(self._registered(text, name_start, c[3], c[5], plan_level))
            else:
                out.append(self._mention(text, name_start, c[3], c[4], plan_level, c[5]))
        return _party_committees_of(text, out)

    def _registered(self, text: str, start: int, m: re.Match, info: tuple, plan_level: str | None) -> Mention:
        entry, base, stop, u, other = info
        if other:  # the body at a level the registry lacks, named as written
            return Mention(start, other, _clean(text[start:other]), None, "none")
        if base is not None:  # written without its level word: the plan's level, else the province's
            levels = self.by_base[base]
            entry = levels.get(plan_level or "") or levels.get("province") or entry
        return Mention(start, stop, entry.name_vi, entry.agency_id, "exact", _clean(u.group(1)) if u else None)

    def at_level(self, agency_id: str | None, level: str | None) -> str | None:
        """The body of the same kind at `level` when it has one there ("UBND thành phố Cần Thơ" issues a province's
        plan: the provincial committee), else `agency_id`."""
        entry = self.entries.get(agency_id or "")
        if entry is None or level is None or entry.level == level:
            return agency_id
        same = [a for a in self.entries.values() if a.kind == entry.kind and a.level == level]
        return same[0].agency_id if len(same) == 1 and entry.kind in _ONE_PER_LEVEL else agency_id

    def _other_level(self, text: str, pos: int, end: int, entry: AgencyEntry, base: str | None) -> int | None:
        """Where a name ends that the registry has at another level only ("Ban Tổ chức Huyện ủy", "Thường trực HĐND
        huyện"), else None; a group ("Các tổ chức chính trị - xã hội") stands for every level."""
        after = _LEVEL_AFTER_NAME.match(text, pos, end)
        levels = self.by_base[base] if base is not None else {entry.level: entry}
        if after and not entry.name_vi.startswith("Các") and _level_after(after) not in levels:
            return after.end()
        return None

    def _unit_group(self, text: str, start: int, m: re.Match, level: str | None) -> Mention:
        """The units of a committee are the registry's group of units at its level ("Các phòng, ban, ngành huyện");
        the units of a department are a body of their own, unregistered, named with the department's name."""
        if m.group("parent"):
            stop = _parent_end(text, m, len(text))
            return Mention(start, stop, _clean(text[m.start():stop]), None, "none")
        groups_ = [a for a in self.entries.values() if a.level == level and re.match(r"(?i)các\b", a.name_vi)
                   and a.kind in ("department_group", "district_unit", "commune_unit")]
        if groups_:
            return self._resolved(start, m, groups_[0], "closest")
        return Mention(start, m.end(), _clean(m.group()), None, "none")

    def _resolved(self, start: int, m: re.Match, entry: AgencyEntry, match: str = "exact") -> Mention:
        return Mention(start, m.end(), entry.name_vi, entry.agency_id, match, _unit(m.group()))

    def _mention(self, text: str, start: int, m: re.Match, p: _Pattern, plan_level: str | None,
                 groups: dict[str, str]) -> Mention:
        name = _clean(m.group())
        if p.kind == "generic":
            return Mention(start, m.end(), name, None, "generic")
        level = p.level
        lvl = groups.get("lvl")
        if level is None:
            level = _LEVEL_OF.get(" ".join((lvl or "").lower().split()), plan_level)
            if lvl and " ".join(lvl.lower().split()) == "thành phố":
                # "thành phố" alone is the plan's own city: a province (Cần Thơ) or a district (Buôn Ma Thuột);
                # a named city or "các thành phố" is a district inside the province
                named = re.search(r"thành phố\s+" + _UP, m.group()) or "các" in m.group().lower()
                level = "district" if named or plan_level not in ("province", "district") else plan_level
        if p.kind == "unit_group":
            return self._unit_group(text, start, m, level)
        if p.kind == "city_youth_union":  # a town's or urban district's is a district's; a city's as the city is
            city = m.group().startswith("Thành")
            level = plan_level if city and plan_level in ("province", "district") else "district"
            hit = self.by_key.get(norm_key("Tỉnh Đoàn" if level == "province" else "Huyện Đoàn"))
            return self._resolved(start, m, hit) if hit else Mention(start, m.end(), name, None, "none")
        canonical = p.canonical
        if canonical and (hit := self.by_key.get(norm_key(canonical))):
            return self._resolved(start, m, hit)
        key = _LOST_MARK.sub("ủy ban", norm_key(m.group())).replace(" các ", " ")  # "Hội Nông dân các xã": each commune's
        if level in _LEVEL_WORD:  # "Ủy ban MTTQ Việt Nam phường" is the commune-level committee
            key = _LEVEL_WORDS.sub(_LEVEL_WORD[level], key)
        key = _loose(key)
        # a commune civil servant by post ("công chức Văn phòng - Thống kê") is the unit the post is registered as
        of_kind = self.keys_of_kind.get(p.kind, ())
        pool = self.loose_keys if p.kind == "commune_unit" else of_kind
        inside = [a for k, a in pool if k in key and a.level == level]
        if not inside:
            inside = [a for k, a in of_kind if k in key]
        if inside:
            return self._resolved(start, m, max(inside, key=lambda a: len(a.name_vi)))
        same = [a for a in self.entries.values() if a.kind == p.kind and a.level == level]
        if len(same) == 1 and canonical is None and p.kind in _ONE_PER_LEVEL and \
                key.split(" ", 1)[0] in self.heads_of[same[0].agency_id]:
            # the one body of its kind at this level, named the same way ("Tỉnh Đoàn" is not the Front's committee);
            # a body with a name of its own that the registry lacks ("Sở Ngoại vụ") is not that one
            return self._resolved(start, m, same[0])
        # a body the registry lacks stays unresolved (None, name kept) rather than becoming a loosely related
        # group; only a plural name as written ("các đoàn thể") is a member of the registry's group
        plural = re.match(r"(?i)(?:các|những)\b", m.group()) is not None
        groups_ = [a for a in same if re.match(r"(?i)các\b", a.name_vi)]
        if groups_ and plural:
            return self._resolved(start, m, groups_[0], "closest")
        if plural and p.kind in ("department", "commune_unit", "district_unit"):
            group_kind = {"department": "department_group"}.get(p.kind)
            fallback = [a for a in self.entries.values() if a.kind == group_kind and a.level == level]
            if fallback:
                return self._resolved(start, m, fallback[0], "closest")
        return Mention(start, m.end(), name, None, "none", _unit(m.group()))


_PARTING = re.compile(r"\s*[-–,]\s*|\s+")


def _loose(key: str) -> str:
    """A registry key without the marks that part a name's words ("văn hóa - thông tin" -> "văn hóa thông tin")."""
    return _PARTING.sub(" ", key)


def _clean(surface: str) -> str:
    return " ".join(surface.split())


_UNIT_AFTER_LEVEL = re.compile(r"(?:^|\s)(?:tỉnh|huyện|xã|thị\s+xã|thành\s+phố|quận|phường|thị\s+trấn)\s+(" + PROPER + r")\s*$")


def _unit(surface: str) -> str | None:
    """The locality a name ends with ("UBND huyện Cần Giuộc" -> "Cần Giuộc"; "Báo Long An" -> "Long An")."""
    m = _UNIT_AFTER_LEVEL.search(surface)
    return _clean(m.group(1)) if m else None


# Head words of Vietnamese public bodies: a capitalised name after one is a body even when no registry knows it.
_HEAD = re.compile(r"(?<!\w)(?:Sở|" + HEAD_WORDS + r")(?=[^\S\n]+" + _UP + r")")
_HEAD_WORD = re.compile(_HEAD.pattern.split("(?=")[0] + r"(?!\w)")  # a head word, whatever follows it
# a name may also open with a plural ("Đoàn các trường đại học"), but only a capitalised one ends the name before it
_HEAD_OR_PLURAL = re.compile(_HEAD.pattern.split("(?=")[0] + r"(?=[^\S\n]+(?:" + _UP + r"|các[^\S\n]+[a-zà-ỹđ]))")
_NAME_WORD = re.compile(r"[^\S\n]*(?:[-–&][^\S\n]*)?([^\W\d_][\w]*)")
_STOP = {"với", "tại", "theo", "của", "cho", "về", "trong", "để", "các", "những", "có", "được", "là", "khi", "nếu",
         "từ", "đến", "tới", "trên", "thuộc", "này", "đó", "năm", "ngày", "hoặc", "cùng", "nhằm", "qua", "bằng"}


def _digital(text: str, m: re.Match, end: int) -> bool:
    """"số" that ends a name ("Phòng Chuyển đổi số", "Trung tâm Kinh tế số") rather than opening a number
    ("số 12", "Số:") or a word of its own ("số hóa", "số liệu"): what follows is the end of the name."""
    if m.group(1).lower() != "số":
        return False
    nxt = _NAME_WORD.match(text, m.end(), end)
    if nxt is None:
        return not re.match(r"[^\S\n]*[\d:]", text[m.end():end])
    w = nxt.group(1)
    return w[:1].isupper() or w.lower() in _STOP or bool(PREDICATE.match(text, nxt.start(1), end))
_COMMA_IN_NAME = re.compile(r"[^\S\n]*,[^\S\n]*(" + _UP + r"\w*(?:[^\S\n]+[^\W\d_]+){0,3}[^\S\n]+và[^\S\n]+" + _UP + r")")
_LEVEL_WORD_RX = re.compile(r"(?i)(?:tỉnh|huyện|xã|thị\s+xã|thành\s+phố|quận|phường|thị\s+trấn)(?!\w)")


# words of a name that are also modal or task words ("Trung tâm Giáo dục nghề nghiệp - Giáo dục thường xuyên", "Phòng
# Cảnh sát quản lý hành chính về trật tự xã hội", "Phòng Hậu cần", "Ban Quản lý dự án đầu tư xây dựng …")
_NAME_PHRASE = re.compile(r"(?i)quản\s+lý\s+hành\s+chính\s+về\s|(?<=hậu\s)cần(?!\w)|(?<=dự\sán\s)đầu\s+tư(?!\w)|"
                          r"(?<=đầu\stư\s)xây\s+dựng(?!\w)|thường\s+xuyên(?=[^\S\n]*(?:$|[,;.:)\n]|[^\S\n]+(?:tỉnh|huyện|quận|thị|thành|xã|các)\b|"
                          r"[^\S\n]+" + _UP + r"))")
_LOWER_WORD = re.compile(r"[^\S\n]+(?!(?:và|của|với|trên|tại|theo|để|trong|thuộc|có|được|là)\b)[a-zà-ỹđ]+")
_LEVEL_AFTER = re.compile(r"[^\S\n]+(?:tỉnh|huyện|quận|thị\s+xã|thành\s+phố|xã|phường|thị\s+trấn)(?!\w)")
_MORE_LEVELS = re.compile(_LVL_LIST + r"(?!\w)")
# the field a police or inspection unit is named for, after "về" ("… quản lý hành chính về trật tự xã hội", "… điều tra
# tội phạm về ma túy"): part of the name, not a preposition that ends it
_FIELD_AFTER_VE = re.compile(r"[^\S\n]+(?:trật\s+tự(?:\s*,\s*an\s+toàn)?\s+xã\s+hội|ma\s+túy|ma\s+tuý|kinh\s+tế|"
                             r"môi\s+trường|tham\s+nhũng|buôn\s+lậu|an\s+ninh(?:\s+mạng)?|quản\s+lý\s+kinh\s+tế|"
                             r"hành\s+chính|giao\s+thông)(?!\w)")
_NAME_END = re.compile(r"[^\S\n]*(?:[,;.:)|\t]|$|\n)")


def _plural_tail(text: str, pos: int, end: int) -> int | None:
    """Where a name with "các" inside ends: one to three lower-case nouns and a level word, then the name's end or
    a verb ("Ban Quản lý các chợ quận;", "Ban Quản lý các dự án chủ trì …"); None when no such name goes on."""
    for _ in range(3):
        w = _LOWER_WORD.match(text, pos, end)
        if not w or PREDICATE.match(text, w.start() + 1, end):
            return None
        pos = w.end()
        lv = _LEVEL_AFTER.match(text, pos, end)
        stop = lv.end() if lv else pos
        stop = _MORE_LEVELS.match(text, stop, end).end()  # "… các huyện, thị xã, thành phố"
        if _NAME_END.match(text, stop, end) or PREDICATE.match(text, stop + 1, end):
            return stop
    return None


def _unregistered(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Spans of names that open with a head word and a capitalised word ("Trường Chính trị Tô Hiệu").

    The name runs over capitalised words and the lower-case words of a name ("Phát triển nông thôn"),
    joined by "và", "-", "&", up to a verb, a preposition, punctuation, or a level word and its
    proper name, which end it.
    """
    out = []
    for h in _HEAD_OR_PLURAL.finditer(text, start, end):
        pos, words, last = h.end(), 0, h.end()
        while words < 12:
            cm = _COMMA_IN_NAME.match(text, pos, end) if words else None
            if cm and not _HEAD.match(text, cm.start(1), end) and not _LEVEL_WORD_RX.match(text, cm.start(1), end):
                pos = cm.start(1)  # "Sở Văn hóa, Thể thao và Du lịch": a comma inside a name of the form "A, B và C"
            m = _NAME_WORD.match(text, pos, end)
            if not m:
                break
            w = m.group(1)
            lw = w.lower()
            if words and lw == "số" and not _digital(text, m, end):
                break
            if lw == "các":  # "Ban Quản lý các chợ quận", "Đoàn các trường đại học"
                if (tail := _plural_tail(text, m.end(1), end)):
                    last = pos = tail
                    words += 1
                break
            if words and lw == "về" and (field := _FIELD_AFTER_VE.match(text, m.end(1), end)):
                last = pos = field.end()  # "Phòng Cảnh sát quản lý hành chính về trật tự xã hội"
                words += 1
                continue
            if words and (lw in _STOP or (not w[:1].isupper() and PREDICATE.match(text, m.start(1), end)
                                          and not _NAME_PHRASE.match(text, m.start(1), end))):
                break
            if lw == "và":
                nxt = _NAME_WORD.match(text, m.end(), end)
                if not nxt or not nxt.group(1)[:1].isupper() or _HEAD_WORD.match(text, nxt.start(1), end):
                    break
                pos = m.end()
                continue
            if words and _HEAD.match(text, m.start(1), end):
                if (bloc := _BLOC_OWNER.match(text, m.start(1), end) or _FORCE_OWNER.match(text, m.start(1), end)):
                    last = bloc.end()  # "Ủy ban Kiểm tra Đảng ủy Khối", "Phòng Cảnh sát giao thông Công an tỉnh"
                break
            if words and _LEVEL_WORD_RX.match(text, m.start(1), end) and \
                    not re.search(r"(?i)hợp\s+tác\s*$", text[max(start, m.start(1) - 12):m.start(1)]):  # "hợp tác xã"
                lv = _LEVEL_WORD_RX.match(text, m.start(1), end)
                last = lv.end()
                if (pu := _PARTY_WORD.match(text, last, end)):  # "Ủy ban Kiểm tra Huyện ủy": a body of the committee
                    last = pu.end()
                elif (pm := _PROPER_AFTER.match(text, last, end)):
                    last = pm.end()
                break
            last = pos = m.end()
            words += 1
        if words:
            det = _DETERMINER_BEFORE.search(text, max(start, h.start() - 8), h.start())
            out.append((det.start() if det else h.start(), last))  # "các Hạt Kiểm lâm": the plural is the name
    return out


_BARE_PARTY = re.compile(r"(?i)đảng\s+(?:ủy|uỷ)")


def _party_committees_of(text: str, found: list[Mention]) -> list[Mention]:
    """"Đảng ủy" written right before another body is that body's party committee ("Đảng ủy Hội đồng nhân dân
    tỉnh"): one body, unregistered unless the registry names it whole ("Đảng ủy UBND tỉnh")."""
    out: list[Mention] = []
    for m in found:
        if out and _BARE_PARTY.fullmatch(text, out[-1].start, out[-1].end) and text[out[-1].end:m.start].isspace() \
                and m.agency_id is not None:
            out[-1] = Mention(out[-1].start, m.end, _clean(text[out[-1].start:m.end]), None, "none")
            continue
        out.append(m)
    return out


# a level word, a party committee or youth union of a level, or a region ("khu vực"), right after a registry name
_LEVEL_AFTER_NAME = re.compile(r"[^\S\n]+(?:(?P<party>(?:Huyện|Thị|Quận|Thành|Tỉnh)[^\S\n]+(?:ủy|uỷ|[Đđ]oàn))|"
                               r"(?P<bloc>(?:Đảng[^\S\n]+(?:ủy|uỷ)[^\S\n]+)?Khối)|"
                               r"(?P<lvl>tỉnh|huyện|quận|thị[^\S\n]+xã|xã|phường|thị[^\S\n]+trấn)|"
                               r"(?P<region>khu[^\S\n]+vực(?:[^\S\n]+(?:[IVXL]{1,5}|\d{1,2})(?![\w/]))?)|"
                               r"(?P<dept>(?-i:Sở))(?![^\S\n]+(?-i:[A-ZĐ])))(?!\w)")


def _level_after(m: re.Match) -> str | None:
    if m.group("region"):
        return "region"  # "Kho bạc Nhà nước khu vực": the 2025 regional office, not the province's
    if m.group("dept") or m.group("bloc"):
        return None  # "Thanh tra Sở", "Ban Tuyên giáo Đảng ủy Khối": the department's or the bloc's own unit
    if m.group("party"):
        if m.group("party").lower().endswith("đoàn"):
            return None  # "Ban Tuyên giáo Tỉnh Đoàn": a body of the youth union, at no level of the registry's name
        return "province" if m.group("party").startswith("Tỉnh") else "district"
    return _LEVEL_OF[" ".join(m.group("lvl").split())]


def _parent_end(text: str, m: re.Match, end: int) -> int:
    """Where a group's parent department is named to ("… thuộc Sở Y tế"), else the group's own end."""
    names = _unregistered(text, m.start("parent"), min(end, m.end() + 120))
    return names[0][1] if names and names[0][0] == m.start("parent") else m.end()


_PARTY_WORD = re.compile(r"[^\S\n]*(?:ủy|uỷ|Đoàn)(?!\w)")  # the committee or youth union a body belongs to
_OWNER_END = re.compile(r"(?:ủy|uỷ|Đoàn|Khối|(?:Công\s+an|Quân\s+sự)\s+(?:tỉnh|thành\s+phố|huyện|quận|thị\s+xã|xã|phường|"
                        r"thị\s+trấn))$")
_BLOC_OWNER = re.compile(r"Đảng[^\S\n]+(?:ủy|uỷ)[^\S\n]+Khối(?!\w)")  # a committee or union named last: the owner of a body named before it
_PROPER_AFTER = re.compile(_SP + PROPER)
_DETERMINERS = ("các", "những")
_EACH_OF_LEVEL = re.compile(r"[^\S\n]+các[^\S\n]+" + _LVL + _LVL_LIST + r"(?!\w)", re.I)  # a body of each unit of a level
_LOST_MARK = re.compile(r"^uy ban")  # a scan's "Uy ban" for "Ủy ban"
_HEAD_OF_TITLE = re.compile(r"(?<!\w)[Tt]rưởng[^\S\n]+$")  # "Trưởng phòng Tư pháp": the office's name in lower case
# the police or military command a unit belongs to, named after it ("Phòng Cảnh sát giao thông Công an tỉnh")
_FORCE_OWNER = re.compile(r"(?:Công\s+an|Bộ\s+Chỉ\s+huy\s+Quân\s+sự|Ban\s+Chỉ\s+huy\s+Quân\s+sự)[^\S\n]+"
                          r"(?:tỉnh|thành\s+phố|huyện|quận|thị\s+xã|xã|phường|thị\s+trấn)(?!\w)")
_DELEGATES_BEFORE = re.compile(r"(?i)(?<!\w)đại\s+biểu\s+$")
_DETERMINER_BEFORE = re.compile(r"(?<!\w)(?:[Cc]ác|[Nn]hững)[^\S\n]+$")
# kinds of which a unit has one body by law: a name of that kind and level can only be that body
_ONE_PER_LEVEL = frozenset({"peoples_committee", "peoples_council", "office", "police", "military", "social_insurance",
                            "tax", "treasury", "bank_branch", "inspectorate", "steering_committee", "service_desk",
                            "village_head"})
# First words that are also everyday words ("tổ chức", "công nghệ", "ban hành", "báo cáo", "văn bản"): a name
# starts there only when the next word is one of these (registry names add their own second words).
_NEXT_ALLOWED = {
    "tổ": {"cnscđ", "trưởng", "giúp", "công", "thư"}, "công": {"an", "chức"}, "bảo": {"hiểm"}, "cục": {"thuế"}, "chi": {"cục"},
    "thuế": {"tỉnh", "huyện", "thành", "thị", "quận"}, "ngân": {"hàng"}, "hiệp": {"hội"},
    "trưởng": {"thôn", "ấp", "khóm", "bản", "xóm", "làng", "khu", "buôn", "sóc", "các"},
    "tỉnh": {"đoàn"}, "huyện": {"đoàn"}, "hội": {"liên", "nông", "cựu"},
    "ban": {"chỉ", "dân", "điều", "quản"}, "văn": {"phòng", "hóa", "hoá"}, "liên": {"đoàn"}, "trạm": {"truyền", "y"},
    "phòng": {"văn", "tài", "nội", "kinh", "giáo", "tư", "y", "nông", "lao"},
    "trung": {"tâm"}, "bưu": {"điện"}, "đảng": {"ủy", "uỷ", "đoàn"}, "thanh": {"tra"}, "kho": {"bạc"},
    "thị": {"ủy", "uỷ", "đoàn"}, "thành": {"ủy", "uỷ", "đoàn"}, "quận": {"ủy", "uỷ", "đoàn"}, "xã": {"đoàn"},
}

_NEXT_WORD = re.compile(r"\s+(\w+)")


def _head_key(word: str) -> str:
    w = word.lower()
    return "ủy" if w in ("ủy", "uỷ", "uy", "ubnd") else w


def matcher(reg: Registries) -> AgencyMatcher:
    m = reg.cache.get("agency_matcher")
    if m is None:
        m = reg.cache["agency_matcher"] = AgencyMatcher(reg)
    return m
