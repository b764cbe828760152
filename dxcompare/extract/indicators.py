"""Which registry indicator a target's wording measures, and its pillar and scope.

Plans word the same indicator many ways, so codes are chosen by overlap of
syllable pairs with each registry name (`reference/indicators.csv`), helped by
matching unit and scope; criterion numbers ("chỉ tiêu 8.4") must agree. The
pillar and scope come from general keyword rules, not from the registry, so
they also work for indicators the registry does not know yet.
"""
from __future__ import annotations

import math
import re

from .normalize import kw
from .registry import IndicatorEntry, Registries

_STOP = frozenset("""các của và được có trên tại trong theo về cho với là đạt số tỷ lệ trọng những từ đến hoặc
khác đã sẽ thì mà này đó như bao gồm cả nhiều tổng""".split())
_WORD = re.compile(r"\w+(?:\.\d+)?")
_CRITERION = re.compile(r"(?<![\d.])\d{1,2}\.\d{1,2}(?![\d.])")

# Scope: the unit the number is measured over; the earliest keyword after the number wins
# (at one place, the family listed first: the more specific ones come first).
_SCOPES = [
    ("official", kw("cán bộ", "công chức", "viên chức", "CBCCVC", "CBCC", "người đứng đầu", "cán bộ quản lý")),
    ("enterprise", kw("doanh nghiệp", "hợp tác xã", "HTX", "cơ sở sản xuất", "hộ kinh doanh", "SMEs", "SME")),
    ("household", kw("hộ gia đình", "hộ dân", "hộ")),
    ("population", kw("người dân", "dân số", "người lao động", "độ tuổi lao động", "người", "dân cư", "học sinh",
                      "thuê bao", "công dân")),
    ("province", kw("kinh tế số", "GRDP", "GDP", "tổng sản phẩm", "năng suất lao động", "cấp tỉnh")),
    ("records", kw("hồ sơ", "đơn vị")),
    ("village", kw("thôn", "ấp", "làng", "bản", "tổ dân phố", "khu phố", "thôn, tổ dân phố")),
    ("commune", kw("xã", "phường", "thị trấn", "cấp xã", "phường/xã", "xã/phường")),
    ("district", kw("huyện", "cấp huyện", "quận", "thị xã")),
    ("agency", kw("văn bản", "dịch vụ công", "thủ tục hành chính", "TTHC", "cơ quan", "chế độ báo cáo",
                  "hệ thống thông tin", "cơ sở dữ liệu", "nền tảng", "cổng thông tin", "trang thông tin")),
]
_LEVEL = [("district", kw("cấp huyện", "huyện", "quận", "thị xã")), ("commune", kw("cấp xã", "xã", "phường", "thị trấn")),
          ("province", kw("cấp tỉnh", "tỉnh"))]

_PILLARS = [  # checked in order: the first family found in the indicator's wording wins
    ("infrastructure", kw("cáp quang", "băng rộng", "băng thông rộng", "4G", "5G", "hạ tầng", "phủ sóng", "BTS",
                          "trạm phát sóng", "điểm truy cập", "wifi")),
    ("skills", kw("đào tạo", "tập huấn", "bồi dưỡng", "kỹ năng số", "kỹ năng", "nguồn nhân lực", "nhân lực",
                  "nâng cao năng lực", "nâng cao nhận thức", "phổ cập kỹ năng")),
    ("digital_government", kw("dịch vụ công", "hồ sơ", "văn bản", "thủ tục hành chính", "TTHC", "thư điện tử công vụ",
                              "quản lý văn bản", "chế độ báo cáo", "cổng thông tin", "trang thông tin", "chính quyền số",
                              "chính quyền điện tử", "cơ quan nhà nước", "một cửa", "chữ ký số chuyên dùng",
                              "quản lý, điều hành", "hệ thống thông tin báo cáo")),
    ("digital_society", kw("điện thoại thông minh", "tài khoản thanh toán", "tài khoản giao dịch", "chữ ký số cá nhân",
                           "chữ ký điện tử cá nhân", "chữ ký số", "xã hội số", "công dân số", "dân số trưởng thành",
                           "thanh toán không dùng tiền mặt", "định danh điện tử")),
    ("digital_economy", kw("kinh tế số", "GRDP", "doanh nghiệp", "thương mại điện tử", "năng suất lao động", "du lịch",
                           "hợp tác xã", "sản phẩm OCOP", "OCOP", "sàn thương mại")),
]
_HEADING_PILLARS = [
    ("digital_government", kw("chính quyền số", "chính quyền điện tử", "cơ quan Đảng", "cơ quan nhà nước",
                              "hành chính công")),
    ("digital_economy", kw("kinh tế số")),
    ("digital_society", kw("xã hội số", "công dân số")),
    ("infrastructure", kw("hạ tầng số", "hạ tầng")),
    ("skills", kw("nhân lực", "kỹ năng số", "đào tạo")),
]


def _grouped(families: list[tuple[str, re.Pattern]]) -> re.Pattern:
    """One regex for several keyword families; a match names its family (lastgroup "f<i>").

    At one place the first family listed wins, so more specific families come first
    ("hộ kinh doanh" is an enterprise before "hộ" is a household).
    """
    inner = (rx.pattern[len(r"(?<!\w)(?:"):-len(r")(?!\w)")] for _, rx in families)
    return re.compile(r"(?<!\w)(?:" + "|".join(f"(?P<f{i}>{a})" for i, a in enumerate(inner)) + r")(?!\w)", re.I)


def _family(m: re.Match) -> int:
    return int(m.lastgroup[1:])


_SCOPE_RX = _grouped(_SCOPES)
_PILLAR_RX = _grouped(_PILLARS)
_HEADING_PILLAR_RX = _grouped(_HEADING_PILLARS)


def scope_of(after: str, before: str) -> str | None:
    """Scope from the words after the number (its head noun), else from the subject before it."""
    for text in (after[:80], before):
        m = _SCOPE_RX.search(text)  # leftmost keyword, the longest one at that place
        if m:
            scope = _SCOPES[_family(m)][0]
            if scope == "records":  # "hồ sơ công việc cấp huyện", "đơn vị cấp xã": the level named
                rest = text[m.end():m.end() + 60]
                level = min(((lm.start(), lv) for lv, rx in _LEVEL if (lm := rx.search(rest))), default=None)
                return level[1] if level else "agency"
            return scope
    return None


def pillar_words(text: str) -> str | None:
    """The pillar the wording itself names (families checked in order), or None."""
    found = {_family(m) for m in _PILLAR_RX.finditer(text)}
    return _PILLARS[min(found)][0] if found else None


def pillar_of(indicator_text: str, headings: list[str]) -> str:
    pillar = pillar_words(indicator_text)
    if pillar:
        return pillar
    for title in headings:
        found = {_family(m) for m in _HEADING_PILLAR_RX.finditer(title)}
        if found:
            return _HEADING_PILLARS[min(found)][0]
    return "digital_government"


def _tokens(text: str) -> list[str]:
    return [w for w in _WORD.findall(text.lower()) if w not in _STOP]


def _prepared(reg: Registries) -> tuple[list[tuple[IndicatorEntry, float, set]], dict, dict]:
    """Per indicator: total term weight and criterion numbers; the idf table; an index term -> weights."""
    prep = reg.cache.get("indicators")
    if prep is None:
        docs = []
        for ind in reg.indicators:
            toks = _tokens(ind.name_vi)
            docs.append((ind, set(toks) | {f"{a} {b}" for a, b in zip(toks, toks[1:])},
                         set(_CRITERION.findall(ind.name_vi))))
        df: dict[str, int] = {}
        for _, terms, _ in docs:
            for t in terms:
                df[t] = df.get(t, 0) + 1
        n = len(docs) or 1
        idf = {t: math.log((n + 1) / (c + 0.5)) * (1.5 if " " in t else 1.0) for t, c in df.items()}
        index: dict[str, list[tuple[int, float]]] = {}
        entries = []
        for i, (ind, terms, crit) in enumerate(docs):
            for t in terms:
                index.setdefault(t, []).append((i, idf[t]))
            entries.append((ind, sum(idf[t] for t in terms), crit))
        prep = reg.cache["indicators"] = (entries, idf, index)
    return prep


def match(text: str, unit: str, scope: str, reg: Registries) -> tuple[str | None, float]:
    """(indicator_code, score) of the registry indicator closest to `text`.

    The score is the idf-weighted overlap of syllables and syllable pairs (half
    Dice, half share of the text explained), plus agreement of criterion numbers,
    scope and unit; about 0.75 and above is a confident match.
    """
    entries, idf, index = _prepared(reg)
    toks = _tokens(text)
    terms = set(toks) | {f"{a} {b}" for a, b in zip(toks, toks[1:])}
    crit = set(_CRITERION.findall(text))
    text_weight = sum(idf[t] for t in terms if t in idf)
    shared: dict[int, float] = {}
    for t in terms:
        for i, w in index.get(t, ()):
            shared[i] = shared.get(i, 0.0) + w
    best: tuple[str | None, float] = (None, 0.0)
    for i, common in shared.items():  # an indicator sharing no words with the text is never the answer
        ind, name_weight, n_crit = entries[i]
        score = 0.5 * (2 * common / (name_weight + text_weight)) + 0.5 * common / text_weight
        if n_crit or crit:
            score += 0.4 if n_crit & crit else -0.4
        score += 0.15 if ind.scope == scope else 0.0
        score += 0.1 if ind.unit == unit else -0.2
        if score > best[1]:
            best = (ind.code, score)
    return best
