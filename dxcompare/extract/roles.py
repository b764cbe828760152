"""Which role a task passage gives the agency it is about.

The role is read from the verbs, as the dataset defines it: chủ trì, đầu mối,
thường trực, điều phối chung -> lead; phối hợp -> coordinate; tham mưu, đề xuất,
đề nghị, trình -> advise; báo cáo -> report; a task opened by any other verb
("Triển khai …", "Tăng cường …", "Theo dõi, đôn đốc …") -> implement. A passage
can give several roles ("tham mưu, tổng hợp báo cáo"). Words that only look
like these verbs are skipped: nouns ("chế độ báo cáo", "sự phối hợp",
"chương trình", "trên cơ sở đề xuất của", "bố trí cán bộ đầu mối"), and openings that qualify the verb
("Định kỳ hằng năm", "Căn cứ khả năng cân đối ngân sách,", "chủ động").
"""
from __future__ import annotations

import re

from .normalize import kw

LEAD = kw("chủ trì", "làm đầu mối", "là đầu mối", "đầu mối", "thường trực", "là cơ quan thường trực",
          "điều phối chung", "cơ quan chủ trì", "chịu trách nhiệm chính")
COORDINATE = kw("phối hợp")
ADVISE = kw("tham mưu", "đề xuất", "đề nghị", "kiến nghị", "trình")
REPORT = kw("báo cáo", "tổng hợp báo cáo", "tổng hợp, báo cáo")
ROLE_WORDS = [("lead", LEAD), ("coordinate", COORDINATE), ("advise", ADVISE), ("report", REPORT)]
IMPLEMENT = kw(
    "thực hiện", "triển khai", "tổ chức", "theo dõi", "đôn đốc", "hướng dẫn", "kiểm tra", "giám sát", "xây dựng",
    "ban hành", "rà soát", "đánh giá", "tuyên truyền", "phổ biến", "vận động", "tham gia", "nâng cao", "tăng cường",
    "đẩy mạnh", "đảm bảo", "bảo đảm", "bố trí", "sử dụng", "cung cấp", "lập", "khảo sát", "lựa chọn", "hỗ trợ",
    "cập nhật", "vận hành", "quản lý", "duy trì", "nghiên cứu", "phát triển", "ứng dụng", "tích hợp", "kết nối",
    "chia sẻ", "số hóa", "số hoá", "đào tạo", "bồi dưỡng", "tập huấn", "chỉ đạo", "giúp", "khuyến khích", "đưa",
    "ưu tiên", "thúc đẩy", "phát động", "tổng hợp", "gửi", "chuẩn bị", "phân bổ", "cân đối", "thẩm định", "hoàn thiện",
    "hoàn thành", "tiếp nhận", "xử lý", "giải quyết", "thống kê", "lồng ghép", "truyền thông", "quảng bá",
    "giới thiệu", "phát huy", "tập trung", "chuẩn hóa", "chuẩn hoá", "thiết lập", "cấp", "đăng tải", "xúc tiến",
    "huy động", "kêu gọi", "lưu trữ", "bảo vệ", "sửa đổi", "bổ sung", "đề ra", "công bố", "mở", "nắm bắt",
    "tìm hiểu", "tạo điều kiện", "khai thác", "trao đổi", "cải thiện", "đổi mới", "trang bị", "cài đặt",
    "phổ cập", "kiện toàn", "thành lập", "điều hành", "đầu tư", "thanh toán", "quyết toán", "thanh quyết toán",
    "tổ chức thực hiện", "làm việc", "thí điểm", "lãnh đạo", "phân công", "lập dự toán", "quán triệt", "biên tập", "tiếp tục",
    "cụ thể hóa", "cụ thể hoá", "xem xét", "ra quân", "củng cố", "thu phí", "thu nhận", "thu thập")
# Words that qualify the verb that follows rather than being the task themselves.
MODAL = kw("chủ động", "tích cực", "thường xuyên", "khẩn trương", "kịp thời", "sẽ", "cần", "phải", "nghiêm túc",
           "có trách nhiệm", "có nhiệm vụ", "chịu trách nhiệm", "trực tiếp", "cũng", "đồng thời", "là", "làm", "cùng",
           "hằng năm", "hàng năm", "hằng quý", "hàng quý", "hàng tháng", "hằng tháng", "để", "căn cứ", "định kỳ",
           "theo chức năng, nhiệm vụ", "theo chức năng", "trong phạm vi")
_VERBS = (LEAD, COORDINATE, ADVISE, REPORT, IMPLEMENT)
PREDICATE = re.compile("|".join(f"(?:{rx.pattern})" for rx in (MODAL, *_VERBS)), re.I)
_LEAD_IN = re.compile(
    r"(?i)\s*(?:" + kw("căn cứ", "trên cơ sở", "trong quá trình", "trường hợp", "nếu", "khi", "đối với", "theo chức năng",
                       "trong phạm vi", "ngoài ra", "bên cạnh đó", "sau khi").pattern +
    r"[^,;:]{0,120}?,|" + r"trước\s+ngày\s+\d{1,2}\s*[/.\-]\s*\d{1,2}(?:\s*[/.\-]\s*\d{4})?"
    r"(?:\s+(?:hằng|hàng)\s+(?:năm|quý|tháng))?\s*,?|" + kw("định kỳ").pattern + r"[^,;:]{0,60}?(?=\s" +
    kw("báo cáo", "tổng hợp", "tham mưu", "gửi", "đánh giá", "rà soát", "kiểm tra").pattern + r")|"
    r"\([^()]{0,80}\)|[:,\-–]|" + kw("đồng thời").pattern + r"\s*,?|"
    r"(?:nhiệm\s+vụ|nội\s+dung|công\s+việc)(?:\s+\d{1,2})?\s*:|"  # a labelled task line ("- Nhiệm vụ: …")
    r"(?:người\s+đứng\s+đầu|thủ\s+trưởng)(?:\s+(?:các\s+)?cơ\s+quan(?:\s*,\s*đơn\s+vị)?)?(?=\s))\s*")  # the body's head
_NOUN_BEFORE = {
    "báo cáo": re.compile(r"(?i)(?:phục\s+vụ|chế\s+độ|thông\s+tin|hệ\s+thống|các|những|số\s+liệu|mẫu|biểu|sự|việc|"
                          r"công\s+tác|(?<!định\s)kỳ|nội\s+dung|đề\s+cương|dự\s+thảo|tại)\s+$"),
    "phối hợp": re.compile(r"(?i)(?:sự|việc|công\s+tác|quy\s+chế|cơ\s+chế|mối|trong)\s+$"),
    "trình": re.compile(r"(?i)(?:quá|chương|tiến|lộ|quy|công|hành|giáo|lập|phương|thuyết|tờ|chuyển|toàn)\s+$"),
    "đề xuất": re.compile(r"(?i)(?:cơ\s+sở|theo|các|những|sự|việc)\s+$"),
    # "bố trí cán bộ đầu mối": a person to appoint, not the agency leading
    "đầu mối": re.compile(r"(?i)(?<!là\s)(?<!làm\s)(?:cán\s+bộ|công\s+chức|viên\s+chức|người|nhân\s+sự)\s+$"),
}
_NOUN_AFTER = {
    "báo cáo": re.compile(r"(?i)\s+(?:thống\s+kê|của|viên)\b"),
    "trình": re.compile(r"(?i)\s+(?:độ|bày|diễn|chiếu|duyệt)\b"),
    "đề xuất": re.compile(r"(?i)\s+của\b"),
    "đề nghị": re.compile(r"(?i)\s+của\b"),
}
_PARTNER_LINK = re.compile(r"(?i)\s*(?:chặt\s+chẽ\s+)?(?:(?:với|cùng)\s+)?(?:các\s+)?")  # "phối hợp (với) Phòng X"
_THEN_REPORT = re.compile(r"(?i)(?:\s+[^\W\d]+){0,6}?\s*,?\s*báo\s+cáo")


def _word(m: re.Match) -> str:
    return " ".join(m.group().lower().split())


def is_verb_use(work: str, m: re.Match, lo: int) -> bool:
    """Whether a role word is used as a verb here ("báo cáo UBND tỉnh"), not as a noun ("chế độ báo cáo")."""
    opened = work.rfind("(", max(lo, m.start() - 120), m.start())
    if opened >= 0 and work.find(")", opened, m.start()) < 0:
        return False  # inside a bracket: an aside ("… về Sở X (cơ quan thường trực)"), not the task's verb
    word = _word(m)
    base = "báo cáo" if "báo cáo" in word else word
    before, after = _NOUN_BEFORE.get(base), _NOUN_AFTER.get(base)
    if before and before.search(work, max(lo, m.start() - 16), m.start()):
        return False
    return not (after and after.match(work, m.end()))


def skip_lead_in(work: str, pos: int, end: int) -> int:
    """Skip openings ("Căn cứ …,", "Định kỳ …", "(…)", ":") before a clause's verb."""
    for _ in range(6):
        while pos < end and work[pos].isspace():
            pos += 1
        m = _LEAD_IN.match(work, pos, end)
        if not m or m.end() == pos:
            break
        pos = m.end()
    while pos < end and work[pos].isspace():
        pos += 1
    return pos


def first_verb(work: str, pos: int, end: int) -> re.Match | None:
    """The verb that opens the task at `pos`, past openings and modal words."""
    pos = skip_lead_in(work, pos, end)
    for _ in range(4):
        if (lead := LEAD.match(work, pos, end)):  # "chịu trách nhiệm chính" leads; "chịu trách nhiệm" is modal
            return lead
        md = MODAL.match(work, pos, end)
        if not md:
            break
        pos = skip_lead_in(work, md.end(), end)
        while pos < end and work[pos] in " ,":
            pos += 1
    for rx in _VERBS:
        m = rx.match(work, pos, end)
        if m:
            return m
    # an unforeseen opening ("căn cứ chức năng, nhiệm vụ triển khai …"): the first verb close by
    near = [m for rx in _VERBS if (m := rx.search(work, pos, min(end, pos + 40)))]
    return min(near, key=lambda m: m.start()) if near else None


def verb_initial(work: str, start: int, end: int) -> bool:
    """A clause that starts with a task ("Tổ chức …", "Định kỳ … báo cáo"): it continues the last subject."""
    return bool(PREDICATE.match(work, skip_lead_in(work, start, end), end))


def is_predicate(work: str, pos: int, end: int) -> bool:
    while pos < end and work[pos].isspace():
        pos += 1
    return bool(PREDICATE.match(work, pos, end))


def task_roles(work: str, s: int, e: int, names_after: list[tuple[int, object]] = ()
               ) -> tuple[set[str], list[tuple[object, str]]]:
    """Roles the task text [s, e) gives its subject, and (name, role) for partners of a lead.

    `names_after` are (start, name) of agency names inside the text: the one right after
    "chủ trì, phối hợp với" coordinates, and the lead does not.
    """
    roles: set[str] = set()
    partners: list[tuple[object, str]] = []
    first = first_verb(work, s, e)
    opens_with_role = first is not None and is_verb_use(work, first, s) and any(
        rx.match(work, first.start(), e) for _, rx in ROLE_WORDS)
    if first is not None and not opens_with_role:
        if not (_word(first) == "tổng hợp" and _THEN_REPORT.match(work, first.end())):
            roles.add("implement")
    for role, rx in ROLE_WORDS:
        for m in rx.finditer(work, s, e):
            if not is_verb_use(work, m, s):
                continue
            if role == "coordinate":
                # the lead's verb earlier in the same clause: "X chủ trì <task>, phối hợp với Y …" (a ";",
                # a sentence's end or a line break starts another clause, but not one a hard wrap put before a
                # word in lower case)
                brk = work.rfind("\n", s, m.start())
                while brk >= 0 and work[brk + 1:brk + 2].islower():
                    brk = work.rfind("\n", s, brk)
                clause = max(s, work.rfind(";", s, m.start()) + 1, brk + 1, work.rfind(". ", s, m.start()) + 2)
                lead_before = LEAD.search(work, clause, m.start())
                either = re.search(r"(?i)hoặc\s*$", work[max(s, m.start() - 8):m.start()])
                partner = next((name for start, name in names_after if 0 <= start - m.end() <= 25 and
                                _PARTNER_LINK.fullmatch(work, m.end(), start)), None)
                if lead_before and partner is not None and not either:
                    partners.append((partner, "coordinate"))
                    continue
            roles.add(role)
    return roles, partners
