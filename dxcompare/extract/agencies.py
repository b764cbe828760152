"""Stage 5: which agency must do what, and in which role.

Official plans assign tasks in a few fixed shapes, all read the same way:
"Sở X: <tasks>", a heading "2. Văn phòng UBND xã" over bullets of tasks,
"Sở X chủ trì, phối hợp với Sở Y <task>", "UBND tỉnh giao Sở X …", task
tables and labelled lines (`task_tables`), and subject-less task clauses that
continue the previous subject. An agency is assigned only as the *subject* of
a task: a name right after a preposition or a verb ("báo cáo UBND tỉnh",
"phối hợp với Sở X", "theo yêu cầu của …") is a recipient or partner, not an
assignee, with two exceptions: the partner of a lead ("X chủ trì, phối hợp
với Y") coordinates, and the body results are sent to for compiling ("gửi
Sở X tổng hợp, báo cáo …") is tasked with that. A decision's execution
article ("…, Giám đốc các Sở: Tài chính, Y tế, … chịu trách nhiệm thi hành
Quyết định này") makes everyone it names implement it; departments listed
after one shared "Sở:" are each named. In a district or commune plan a
provincial body named after the plan's own locality ("Viettel Đức Thọ") is
that locality's unit, not the province's. The body a text's proposal comes
from ("Theo đề nghị của Sở X tại Tờ trình số …", "Trên cơ sở đề xuất của …")
advises, in the preamble too; "X chỉ đạo Y <verb>" is a task of X and of Y,
and the item's next clauses stay X's; "sự phối hợp … giữa A và B" makes A and
B coordinate, in a requirements section too. The issuer itself and the
objectives, purpose and legal-basis sections assign nothing else. Roles come
from the verbs (`roles`).

Size: over 400 lines because the shapes above are one reading of a passage:
each decides who the subject of the next clause is for the others, so they
share one walk over the paragraphs and its state.
"""
from __future__ import annotations

import dataclasses
import re
from bisect import bisect_right
from itertools import chain

from .agency_names import Mention, matcher
from .citations import iso_date, spans as citation_spans
from .normalize import RECIPIENTS, Doc, Para, kw
from .records import AgencyRole, Metadata, TaskText
from .registry import Registries
from .roles import IMPLEMENT, PREDICATE, first_verb, is_predicate, task_roles, verb_initial
from .task_tables import LABEL_LINE, label_role, table_roles

Span = tuple[int, int]

_DELEGATING = r"(?:giao(?:\s+cho)?|yêu\s+cầu|đề\s+nghị|phân\s+công)"  # verbs that hand a task to the body after them
_DELEGATE_BEFORE = re.compile(r"(?i)(?<!\w)(?:đồng\s+thời\s+|cũng\s+)?" + _DELEGATING + r"(?:\s+(?:các|những))?\s*$")
_DELEGATE_AFTER = re.compile(r"(?i)\s*(?:cũng\s+|đồng\s+thời\s+)?(?:giao|giao\s+cho|yêu\s+cầu|đề\s+nghị|phân\s+công|"
                             r"chỉ\s+đạo)(?!\w)")
_ISSUER_LEAD_IN = re.compile(r"(?i)[\s\w,]*(?:ủy ban|uỷ ban|ubnd)[^,;]*")
_OBJECT_BEFORE = re.compile(
    r"(?i)(?<!\w)(?:với|cho|về|gửi|của|tại|thuộc|qua|thông\s+qua|giữa|đến|tới|từ|khi|nếu|trình|tham\s+mưu|đề\s+xuất|"
    r"báo\s+cáo|giúp|hướng\s+dẫn|hỗ\s+trợ|lựa\s+chọn|theo|phục\s+vụ|cùng|đôn\s+đốc|theo\s+dõi|kiểm\s+tra|yêu\s+cầu\s+của|"
    r"trên|trong|ở|bởi|như|là|đối\s+với|đề\s+nghị|xin\s+ý\s+kiến|chỉ\s+đạo|bố\s+trí|cử|phối\s+hợp)"
    r"(?:\s+(?:các|những|mọi|toàn\s+bộ))?\s*$")
_POSTS = r"(?:Trưởng\s+ban|Phó\s+Trưởng\s+ban(?:\s+thường\s+trực)?|Tổ\s+trưởng|Tổ\s+phó|Thành\s+viên|Ủy\s+viên|Uỷ\s+viên)"
_MEMBER_POST = re.compile(r"(?i)(?<!\w)" + _POSTS + r"\s*\(\s*$")
_BRACKET_CLOSE = re.compile(r"[^()\n]{0,20}?\)")
_MEMBER_IS = re.compile(r"(?i)(?<!\w)(?:thành|ủy|uỷ)\s+viên\b[^,;:.()]{0,30}?\s+là\s+(?:lãnh\s+đạo\s+)?$")
_MEMBERS_OF = re.compile(r"(?i)(?<!\w)(?:các\s+)?(?:thành|ủy|uỷ)\s+viên\s+$")
_DELEGATE_ONLY = re.compile(r"(?i)\s*(?:kính\s+)?" + _DELEGATING + r"\s*")  # "Yêu cầu" before its bodies
_ADDRESSED = re.compile(_DELEGATE_ONLY.pattern + r"(?<=\s)\S")  # a heading that opens so and goes on
_PERSON_BEFORE = re.compile(r"(?<!\w)(?:đồng\s+chí|[ôÔ]ng|[bB]à)\s+(?:[A-ZĐÀ-Ỹ]\w*\s+){1,4}[A-ZĐÀ-Ỹ]\w*\s*,(?:[^,;:()]{2,70},)?\s*"
                            r"(?:[^\W\d]+\s+){0,2}$")  # ", Trưởng " or ", Phó Chủ tịch " before the body's name
_VERB_BEFORE = re.compile(r"(?:" + IMPLEMENT.pattern + r")\s*$", re.I)  # a task verb's object
_DIRECT_BEFORE = re.compile(r"(?i)(?<!\w)(?:chỉ\s+đạo|lãnh\s+đạo)\s*$")  # a party committee "lãnh đạo" a state body
# "báo cáo … về Sở X để tổng hợp": compiling is what a receiver does with reports, not a task given to it
_ONLY_COMPILE = re.compile(r"(?i)\s*(?:để\s+)?(?:theo\s+dõi\s*,\s*)?tổng\s+hợp(?:\s+chung)?\s*[.;,]?\s*$")
_SEND_BEFORE = re.compile(r"(?i)(?<!\w)(?:gửi\s+về|gửi\s+cho|gửi|về|qua)(?:\s+(?:các|những))?\s*$")
_PURPOSE = re.compile(r"\s*(?:để\s+)?", re.I)
_LIST_JOIN = re.compile(r"\s*(?:,|;|/|và|cùng|hoặc|,\s*và)?\s*(?:các\s+)?", re.I)
_PAREN = re.compile(r"\s*\([^()]{0,200}\)")
_COLON = re.compile(r"\s*:")
_LIST_SEP = re.compile(r"\s*(?:,|và)\s*", re.I)
_WORD = re.compile(r"\s*[^\s,;:.()]+")
_EXCLUDED = kw("mục tiêu", "mục đích", "yêu cầu", "căn cứ", "thực trạng", "tình hình", "quan điểm", "kết quả đạt được",
               "bối cảnh", "sự cần thiết", "đánh giá kết quả")
_TASK_SECTION = kw("nhiệm vụ", "giải pháp", "tổ chức thực hiện", "trách nhiệm", "phân công", "kinh phí")
_DEADLINE = re.compile(r"(?i)trước\s+ngày\s+(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*((?:19|20)\d{2})")
_HEADING_FILLER = re.compile(r"(?i)^(?:\s|[,:;.\-–]|trách\s+nhiệm(?:\s+của)?|đối\s+với|giao|nhiệm\s+vụ(?:\s+của)?|và|"
                             r"đề\s+nghị|yêu\s+cầu|"
                             r"các|cơ\s+quan|đơn\s+vị|tỉnh|huyện|xã|thị\s+xã|thành\s+phố|phường|thị\s+trấn)*$")


class _Group:
    """Consecutive agency names joined by ',', 'và', ';' or '/', read as one list."""

    def __init__(self, mentions: list[Mention]):
        self.mentions = mentions
        self.start = mentions[0].start
        self.end = mentions[-1].end
        self.kind = "other"  # subject | delegator | object | send | label:<role>
        self.directed = False  # a subject only because another body directs it ("chỉ đạo X <verb>")


def _groups(work: str, mentions: list[Mention]) -> list[_Group]:
    out: list[_Group] = []
    for m in mentions:
        if out and _LIST_JOIN.fullmatch(work, out[-1].end, m.start):
            out[-1].mentions.append(m)
            out[-1].end = m.end
        else:
            out.append(_Group([m]))
    return out


_UNITS = r"(?:thôn|ấp|bản|xóm|làng|khóm|buôn|sóc|tổ\s+dân\s+phố|khu\s+phố|xã|phường|thị\s+trấn)"
# where the body sits, with or without "các/tại/ở" ("Tổ công nghệ số cộng đồng ấp, khóm thực hiện …")
_WHERE = re.compile(r"(?i)\s+(?:(?:các|tại|ở)\s+){0,2}" + _UNITS + r"(?:\s*[,/]\s*" + _UNITS + r")*(?!\w)")


_QUALIFIER = re.compile(r"(?i)\s+(?:trực\s+thuộc|có\s+liên\s+quan|liên\s+quan|thuộc\s+tỉnh|thuộc\s+huyện|các\s+cấp|khác|còn\s+lại|"
                        r"(?:cấp\s+)?(?:tỉnh|huyện|quận|thị\s+xã|thành\s+phố)(?=\s)|"
                        r"trên\s+địa\s+bàn(?:\s+(?:toàn\s+)?(?:tỉnh|huyện|thị\s+xã|thành\s+phố|quận|xã|phường|thị\s+trấn)"
                        r"(?:\s+(?-i:[A-ZĐ]\w*)){0,3})?|"
                        r"(?:đến|xuống|tới)\s+(?:từng|tận)\s+(?:hộ(?:\s+gia\s+đình|\s+dân)?|nhà|người\s+dân|thôn|ấp|bản|"
                        r"khu\s+dân\s+cư))(?!\w)")  # "… đến từng hộ hướng dẫn": where the body goes to do it


def _past_qualifiers(work: str, pos: int, end: int) -> int:
    """Past what may stand between a subject and its verb: where the body sits ("… các xã, thị trấn"), a qualifier
    ("… trực thuộc", "… trên địa bàn tỉnh Nghệ An", "… các cấp") and a bracket."""
    wm = _WHERE.match(work, pos, end)
    pos = wm.end() if wm else pos
    qm = _QUALIFIER.match(work, pos, end)
    pos = qm.end() if qm else pos
    pm = _PAREN.match(work, pos, end)
    return pm.end() if pm else pos


_BRACKETED = re.compile(r"\([^()]*\)")  # "2. Sở Nội vụ (đã tiếp nhận … của Sở …)": an aside in a heading of names
_TAIL_PAREN = re.compile(r"[^()\n;.:]{0,30}?\([^()]{0,200}\)")
_BRACKET_FILLER = re.compile(r"(?i)[\s,;/&.…]*(?:(?:và|cùng|các|những|khác)[\s,;/&.…]+)*")


def _brackets(work: str, groups: list[_Group], ce: int) -> None:
    """Names in a bracket after a name are an aside ("Sở X (đơn vị tiếp nhận nhiệm vụ của Sở Y) chủ trì", "… về
    Sở Y (cơ quan thường trực)"), not subjects of their own; but a group of bodies followed by a bracket that only
    names bodies ("Các doanh nghiệp viễn thông (VNPT Quảng Ngãi, Viettel Quảng Ngãi)") acts through those members:
    they take its place."""
    for g in groups:
        if g.kind == "aside":
            continue
        plural = g.kind == "subject" and re.match(r"(?i)(?:các|những)\b", work[g.start:g.end]) is not None
        pm = (_TAIL_PAREN if plural else _PAREN).match(work, g.end, ce)  # "các doanh nghiệp viễn thông, bưu chính (…)"
        if not pm:
            continue
        inner = [h for h in groups if pm.start() < h.start and h.end <= pm.end()]
        if not inner:
            continue
        for h in inner:
            h.kind = "aside"
        if not plural:
            continue
        opening = work.index("(", pm.start(), pm.end()) + 1
        gaps = [work[a:b] for a, b in zip([opening] + [h.end for h in inner], [h.start for h in inner] + [pm.end() - 1])]
        if all(_BRACKET_FILLER.fullmatch(t) for t in gaps):
            g.mentions = [m for h in inner for m in h.mentions]
            g.end = pm.end()
            for h in inner:
                h.kind = "member"


def _line_label(work: str, p: Para) -> str | None:
    """The role a labelled line gives ("- Cơ quan phối hợp: …"), when the paragraph opens with that label."""
    lm = LABEL_LINE.match(work, p.body, p.end)
    return label_role(work[p.body:lm.end()]) if lm else None


def _followed_by_predicate(work: str, pos: int, end: int) -> bool:
    """After a name: ':' or a verb, allowing '(…)', where the body sits ("Tổ công nghệ số cộng đồng các ấp:")
    and a short tail of other list items ("Tổ Công nghệ số cộng đồng và các tổ chức, cá nhân chủ động …")."""
    p = _past_qualifiers(work, pos, end)
    if _COLON.match(work, p, end) or is_predicate(work, p, end):
        return True
    sep = _LIST_SEP.match(work, p, end)
    if not sep:
        return False
    p = sep.end()
    for _ in range(6):
        tok = _WORD.match(work, p, end)
        if not tok:
            return False
        p = tok.end()
        nxt = _LIST_SEP.match(work, p, end)
        if nxt:
            p = nxt.end()
        if is_predicate(work, p, end):
            return True
    return False


# the body that proposes ("Theo đề nghị của Sở X tại Tờ trình số …", "Trên cơ sở đề xuất của Sở X, …") advises
_PROPOSER = re.compile(r"(?i)(?<!\w)(?:theo|xét|trên\s+cơ\s+sở|căn\s+cứ)\s+(?:đề\s+nghị|đề\s+xuất|tờ\s+trình)\s+của\s*$")


def _classify(work: str, g: _Group, cs: int, ce: int, heading_only: bool) -> None:
    """Subject of a task, delegator ("UBND tỉnh giao …"), recipient or partner (object), or sent-to."""
    before = work[max(cs, g.start - 30):g.start]
    if _PROPOSER.search(work, max(cs, g.start - 60), g.start) and len(g.mentions) > 1 and \
            _followed_by_predicate(work, g.end, ce):
        # "Trên cơ sở đề xuất của Sở A, Sở B tham mưu …": A proposes (see `_proposers`), B is the subject
        g.mentions = g.mentions[1:]
        g.start = g.mentions[0].start
        g.kind = "subject"
        return
    if (role := label_role(before)):
        g.kind = "label:" + role
        return
    # a steering committee's member by post: "Phó Trưởng ban (Trưởng Công an huyện) chủ trì …", "Thành viên là Trưởng
    # phòng Tài chính - Kế hoạch tham mưu …": the body the member heads does the task
    if _MEMBER_POST.search(before) and (close := _BRACKET_CLOSE.match(work, g.end, ce)) and \
            _followed_by_predicate(work, close.end(), ce):
        g.kind, g.end = "subject", close.end()
        return
    if _MEMBER_IS.search(before) and _followed_by_predicate(work, g.end, ce):
        g.kind = "subject"
        return
    if _MEMBERS_OF.search(before):
        return  # "Các thành viên Ban Chỉ đạo là …": the committee whose members are meant
    if _PERSON_BEFORE.search(work, max(cs, g.start - 90), g.start):
        return  # "đồng chí Lương Đức Tâm, Chủ tịch UBND tỉnh, Trưởng Ban Chỉ đạo …": a person's posts, not a body acting
    if heading_only:  # "1. Trách nhiệm của Phòng X": the heading names who does the tasks under it
        g.kind = "subject"
        return
    dm = _DELEGATE_BEFORE.search(before)
    if dm:  # "UBND tỉnh giao Sở X …", "Đề nghị Ủy ban MTTQ …"
        lead_in = work[cs:g.start - len(before) + dm.start()]
        if not lead_in.strip() or _ISSUER_LEAD_IN.fullmatch(lead_in) or len(lead_in.split()) <= 6:
            g.kind = "subject"
            return
    if _SEND_BEFORE.search(before) and PREDICATE.match(work, _PURPOSE.match(work, g.end, ce).end(), ce):
        g.kind = "send"  # "gửi Sở X tổng hợp, báo cáo …"
        return
    if _DIRECT_BEFORE.search(before) and _followed_by_predicate(work, g.end, ce):
        g.kind = "subject"
        g.directed = True  # the body told to act; the clauses that follow still belong to the item's subject
        return
    if (before[-1:].isspace() or not before) and (_OBJECT_BEFORE.search(before) or _VERB_BEFORE.search(before)):
        g.kind = "object"  # "… với Sở X", "vận hành Bộ phận Một cửa", "củng cố Tổ công nghệ số cộng đồng"
        return
    if (dm := _DELEGATE_AFTER.match(work, g.end, ce)):
        # "UBND tỉnh giao …" hands a task on; "Sở X chỉ đạo Báo Y tăng cường …" is itself a task of Sở X
        g.kind = "subject" if re.search(r"(?i)chỉ\s+đạo\s*$", dm.group()) else "delegator"
        return
    if _followed_by_predicate(work, g.end, ce) or heading_only:
        g.kind = "subject"


_BASIS_LINE = re.compile(r"(?i)\s*(?:căn\s+cứ|thực\s+hiện|theo\s+đề\s+nghị|xét\s+đề\s+nghị)\s+(?:các\s+)?(?:luật|nghị\s+quyết|"
                         r"nghị\s+định|quyết\s+định|kế\s+hoạch|chương\s+trình|chỉ\s+thị|công\s+văn|văn\s+bản|kết\s+luận|"
                         r"hướng\s+dẫn|thông\s+tư|thông\s+báo|đề\s+án|giám\s+đốc|của)\b[^;\n]{0,40}?\bsố\b")


def _eligible(doc: Doc, p: Para) -> bool:
    """Tasks are read outside the objectives, purpose and legal-basis sections, and not in a preamble's
    legal-basis lines ("Thực hiện Văn bản số … về triển khai Tổ công nghệ số cộng đồng, UBND xã …")."""
    if RECIPIENTS.match(doc.work, p.start, p.end):
        return False
    if _BASIS_LINE.match(doc.work, p.body, p.end) and not any(
            _TASK_SECTION.search(doc.title_of(h)) for h in doc.chain(p, include_self=False)):
        return False
    cache = doc.__dict__.setdefault("_agency_excluded", {})
    for h in doc.chain(p, include_self=False):
        bad = cache.get(h.index)
        if bad is None:
            title = doc.title_of(h)
            bad = cache[h.index] = bool(_EXCLUDED.search(title)) and not _TASK_SECTION.search(title) and \
                not _ADDRESSED.match(title)  # "Yêu cầu các sở, ban, ngành:" names who acts, not a purpose
        if bad:
            return False
    return True


def _proposers(doc: Doc, names, emit) -> None:
    """Every body named as the one whose proposal a text rests on advises, in the preamble too."""
    work = doc.work
    for p in doc.paras:
        if RECIPIENTS.match(work, p.start, p.end) or p.kind == "table":
            continue
        for cs, ce in doc.clauses(p):
            for m in _PROPOSER_AT.finditer(work, cs, ce):
                found = names(m.end(), ce, in_citations=True)  # "Xét Tờ trình số … của UBND tỉnh": inside the citation
                if not found or found[0].start - m.end() > 3:
                    continue
                group = _groups(work, found)[0]
                who = group.mentions
                if len(who) > 1 and _followed_by_predicate(work, group.end, ce):
                    who = who[:1]
                stop = _PROPOSAL_END.search(work, group.end, ce)
                task = " ".join(work[m.start():stop.end() if stop else group.end].split())[:200]
                emit(who, "advise", m.start(), ce, m.start(), task)


def _partners_between(doc: Doc, names, emit) -> None:
    """"Đảm bảo sự phối hợp … giữa các Sở, ban, ngành và UBND các huyện …" asks each body named to coordinate,
    in a requirements section too (the one place such a duty is often stated)."""
    work = doc.work
    for p in doc.paras:
        if RECIPIENTS.match(work, p.start, p.end) or p.kind == "table":
            continue
        for cs, ce in doc.clauses(p):
            for m in _BETWEEN.finditer(work, cs, ce):
                stop = _BETWEEN_END.search(work, m.end(), ce)  # "… và UBND các huyện trong tổ chức thực hiện"
                found = [x for x in names(m.end(), stop.start() if stop else ce) if x.match != "generic"]
                if found and found[0].start - m.end() <= 3:
                    emit(found, "coordinate", cs, ce, cs)


_BETWEEN_END = re.compile(r"(?i)\s(?:trong|để|nhằm|khi|về|đối\s+với)\s")
_BETWEEN = re.compile(r"(?i)(?<!\w)phối\s+hợp[^;.\n]{0,80}?\s+giữa\s+")
_PROPOSER_AT = re.compile(r"(?i)(?<!\w)(?:(?:theo|xét|trên\s+cơ\s+sở)\s+(?:đề\s+nghị|đề\s+xuất)\s+của\s+|"
                          r"(?:theo|xét)\s+tờ\s+trình\s+số\s+[^,;:]{1,80}?\s+của\s+)"  # "Xét Tờ trình số … ngày … của UBND tỉnh"
                          r"(?:(?:Giám\s+đốc|Thủ\s+trưởng|Chánh\s+Văn\s+phòng|Trưởng\s+ban|Chủ\s+tịch)\s+)?")
_PROPOSAL_END = re.compile(r"(?i)tại\s+(?:Tờ\s+trình|Văn\s+bản|Công\s+văn)\s+số\s+\S+")


class _Out:
    """Collects assignments, one per (agency, role, passage), leaving out the issuer itself."""

    def __init__(self, doc: Doc, issuer_id: str | None):
        self.doc, self.issuer_id = doc, issuer_id
        self.records: list[AgencyRole] = []
        self.seen: set = set()
        self._last: dict[str, tuple] = {}  # the passage, task and name just written: the next record often shares them

    def _same(self, kind: str, key: tuple, make):
        """One object for records that share a passage, not one each."""
        last = self._last.get(kind)
        if last is None or last[0] != key:
            last = self._last[kind] = (key, make())
        return last[1]

    def __call__(self, names: list[Mention], role: str, s: int, e: int, quote_start: int,
                 task: str | None = None) -> None:
        work, text = self.doc.work, self.doc.text
        for m in names:
            if m.match == "generic" or (m.agency_id is not None and m.agency_id == self.issuer_id):
                continue
            key = (m.agency_id or m.name, role, quote_start, e)
            if key in self.seen:
                continue
            self.seen.add(key)
            dl = _DEADLINE.search(work, s, e)
            deadline = iso_date(dl.group(1), dl.group(2), dl.group(3)) if dl else None
            qs, qe = _trim(work, quote_start, e)
            what = task if task is not None else self._same("task", (s, e), lambda: TaskText(work, s, e))
            span = self._same("quote", (qs, qe), lambda: (qs, qe))
            self.records.append(AgencyRole(m.name, m.agency_id, role, what, text, span, deadline, m.match,
                                           text, (m.start, m.end), m.unit))


def _assign(work: str, subjects: list[Mention], s: int, e: int, quote_start: int, groups: list[_Group],
            sends: list[_Group], emit: _Out) -> None:
    stop = min([g.start for g in sends if s <= g.start < e] or [e])  # what follows "gửi Sở X" is Sở X's
    s = min(_past_qualifiers(work, s, stop), stop)
    roles, partners = task_roles(work, s, stop, [(g.start, g) for g in groups if g.start >= s])
    for role in sorted(roles):
        emit(subjects, role, s, e, quote_start)
    for g, role in partners:
        emit(g.mentions, role, s, e, quote_start)


def extract(doc: Doc, reg: Registries, meta: Metadata,
            number_spans: list[Span] | None = None) -> tuple[list[AgencyRole], str | None]:
    """Assignments (agency, role, task passage) and the issuer's own agency id."""
    mt = matcher(reg)
    work = doc.work
    issuer_id = None
    if meta.issuer:
        found = mt.find(meta.issuer, 0, len(meta.issuer), meta.admin_level)
        issuer_id = mt.at_level(found[0].agency_id, meta.admin_level) if found else None
    emit = _Out(doc, issuer_id)
    numbers = sorted(number_spans if number_spans is not None else citation_spans(doc))
    number_starts = [a for a, _ in numbers]

    local = _local_name(meta)

    def names(start: int, end: int, in_citations: bool = False) -> list[Mention]:
        """Names in [start, end); issuers named inside citations are not agencies, save the proposer's."""
        seg = doc.joined(start, end)
        if seg is None:
            found = mt.find(work, start, end, meta.admin_level)
        else:  # a name a hard line break cut is read whole; spans stay those of the text
            found = [dataclasses.replace(m, start=m.start + start, end=m.end + start)
                     for m in mt.find(seg, 0, len(seg), meta.admin_level)]
        if _SO_LIST.search(work, start, end):
            found = _with_elliptical(found, _elliptical(mt, work, start, end, meta.admin_level))
        return [_localise(mt, work, m, local) for m in found
                if in_citations or not _inside(numbers, number_starts, m.start)]

    _proposers(doc, names, emit)
    _partners_between(doc, names, emit)
    heading_subjects: dict[int, list[Mention]] = {}
    prev_state: list[Mention] | None = None
    prev: Para | None = None
    table: list[Para] = []
    last_task = ""
    recipients = False  # inside the "Nơi nhận" list
    for p in chain(doc.paras, (None,)):
        if p is not None and p.kind == "table":
            table.append(p)
            continue
        if table:
            if _eligible(doc, table[0]):
                table_roles(doc, table, names, emit)
            table = []
        if p is None:
            break
        if recipients and p.kind == "bullet":
            continue  # "- Thường trực Tỉnh ủy (để b/c);" under "Nơi nhận:" receives the plan, it is no task
        recipients = bool(RECIPIENTS.match(work, p.start, p.end))
        if not _eligible(doc, p):
            prev_state = None
            continue
        state = next((heading_subjects[h] for h in reversed(p.parents) if h in heading_subjects), None)
        if state is None and prev_state is not None and prev is not None and prev.parents == p.parents and (
                (prev.kind, prev.marker) == (p.kind, p.marker) or work[prev.end - 1] == ":"):
            state = prev_state  # flat paragraphs of one kind continue the last subject; so does a list after ':' 
        if (ex := _EXECUTES.search(work, p.body, p.end)):  # "…, Giám đốc các Sở: …, Chủ tịch UBND … chịu trách nhiệm thi hành"
            for cs, ce in doc.clauses(p):
                if cs < ex.start():
                    emit(names(cs, min(ce, ex.start())), "implement", cs, ce, cs,
                         " ".join(work[ex.start():ex.end() + 40].split()).split(".")[0])
            prev_state, prev = None, p
            continue
        carry: list[Mention] = []
        clauses = doc.clauses(p)
        names_only = p.kind == "heading"  # a heading of names, possibly cut by ';' ("Các sở, ban, ngành; UBND …")
        line_label = _line_label(work, p)  # "- Cơ quan phối hợp: A; B.": every name on the line has its role
        for ci, (cs, ce) in enumerate(clauses):
            groups = _groups(work, names(cs, ce))
            heading_only = names_only and bool(groups) and \
                _HEADING_FILLER.match(_BRACKETED.sub(" ", _without(work, cs, ce, groups))) is not None
            names_only = heading_only
            for g in groups:
                _classify(work, g, cs, ce, heading_only)
                if line_label and ci and not g.kind.startswith("label:"):
                    g.kind = "label:" + line_label
                if g.kind.startswith("label:"):  # "Cơ quan chủ trì: Sở X." under a task heading
                    emit(g.mentions, g.kind[6:], cs, ce, cs, last_task or None)
            _brackets(work, groups, ce)
            subjects = [g for g in groups if g.kind == "subject"]
            sends = [g for g in groups if g.kind == "send"]
            if heading_only and subjects:
                state = heading_subjects[p.index] = heading_subjects.get(p.index, []) + \
                    [m for g in subjects for m in g.mentions]
                carry = state if ci + 1 < len(clauses) else []
                continue
            if carry and subjects and subjects[0].start == cs:
                # "Các sở, ban, ngành; UBND các huyện, thị xã, thành phố: …" — a list cut by ';'
                subjects[0].mentions = carry + subjects[0].mentions
                subjects[0].start = carry[0].start
            carry = []
            if subjects:
                pending: list[Mention] = []
                outer, main = state, None
                for i, g in enumerate(subjects):
                    seg_end = subjects[i + 1].start if i + 1 < len(subjects) else ce
                    if i + 1 < len(subjects) and first_verb(work, g.end, seg_end) is None:
                        pending += g.mentions  # "yêu cầu A, B căn cứ …, C có trách nhiệm …": A, B, C share it
                        continue
                    state = pending + g.mentions
                    if not g.directed:
                        main = state
                    pending = []
                    _assign(work, state, g.end, seg_end, subjects[0].start if i == 0 else g.start, groups, sends, emit)
                # "UBND các huyện …; chỉ đạo UBND cấp xã triển khai …; báo cáo …": the report is the item's own
                state = main or outer or state
                if p.kind == "heading" and ci == 0 and (subjects[0].start == cs or
                                                         _DELEGATE_ONLY.fullmatch(work, cs, subjects[0].start)):
                    heading_subjects[p.index] = state  # "2.5. Yêu cầu các sở, ban, ngành tỉnh, UBND các huyện:"
            elif state and verb_initial(work, cs, ce):
                _assign(work, state, cs, ce, cs, groups, sends, emit)
            elif ci == 0 and not verb_initial(work, cs, ce):
                state = None  # a paragraph about something else ends the run of tasks
            for g in sends:
                after = _PURPOSE.match(work, g.end, ce).end()
                stop = next((h.start for h in groups if h.start > g.end and h.kind in ("subject", "send")), ce)
                if _ONLY_COMPILE.fullmatch(work, g.end, stop):
                    continue
                roles, _ = task_roles(work, after, stop)
                for role in sorted(roles):
                    emit(g.mentions, role, after, stop, g.start)
        if not LABEL_LINE.match(work, p.body, p.end):
            last_task = doc.title_of(p)
        prev_state, prev = state, p
    return emit.records, issuer_id


_EXECUTES = kw("chịu trách nhiệm thi hành", "có trách nhiệm thi hành")  # the execution article of a decision
_SO_LIST = re.compile(r"(?<!\w)[Ss]ở\s*:\s*")
_PIECE = re.compile(r"[^,;:\n]+")


def _elliptical(mt, work: str, start: int, end: int, level: str | None) -> list[Mention]:
    """Departments written after one shared "Sở:" ("Giám đốc các Sở: Thông tin và Truyền thông, Tài chính, Nội vụ")."""
    out: list[Mention] = []
    for m in _SO_LIST.finditer(work, start, end):
        pos = m.end()
        while (piece := _PIECE.match(work, pos, end)):
            a, b = piece.start(), piece.start() + len(piece.group().rstrip())
            parts = [(a, b)]
            if not _department(mt, work, a, b, level):
                cut = re.search(r"\s+và\s+", work[a:b])  # "…, Tài chính và Nội vụ"
                parts = [(a, a + cut.start()), (a + cut.end(), b)] if cut else []
            hits = [_department(mt, work, x, y, level) for x, y in parts]
            if not parts or not all(hits):
                break
            out += hits
            nxt = re.compile(r"\s*,\s*").match(work, b, end)
            if not nxt:
                break
            pos = nxt.end()
    return out


def _department(mt, work: str, a: int, b: int, level: str | None) -> Mention | None:
    """The department "Sở <work[a:b]>", when those words are one department's whole name."""
    name = "Sở " + " ".join(work[a:b].split())
    found = mt.find(name, 0, len(name), level)
    if len(found) == 1 and found[0].start == 0 and found[0].end == len(name) and found[0].match != "generic":
        return Mention(a, b, found[0].name, found[0].agency_id, found[0].match)
    return None


def _with_elliptical(found: list[Mention], extra: list[Mention]) -> list[Mention]:
    keep = [m for m in found if all(m.end <= x.start or m.start >= x.end for x in extra)]
    return sorted(keep + extra, key=lambda m: m.start)


def _local_name(meta: Metadata) -> str | None:
    """The plan's own district or commune ("Đức Thọ" for "huyện Đức Thọ"), for district and commune plans."""
    if meta.admin_level not in ("district", "commune") or not meta.locality:
        return None
    first = meta.locality.split(",")[0]
    name = re.sub(r"(?i)^\s*(?:huyện|quận|thị\s+xã|thành\s+phố|xã|phường|thị\s+trấn)\s+", "", first).strip()
    return name.lower() or None


def _localise(mt, work: str, m: Mention, local: str | None) -> Mention:
    """"Viettel Đức Thọ" in Đức Thọ's own plan is the district's unit, not the province's: no provincial id."""
    if local and m.agency_id and (m.unit or "").lower() == local:
        entry = mt.entries.get(m.agency_id)
        if entry is not None and entry.level == "province":
            return Mention(m.start, m.end, " ".join(work[m.start:m.end].split()), None, "none", m.unit)
    return m


def _inside(spans: list[Span], starts: list[int], pos: int) -> bool:
    i = bisect_right(starts, pos) - 1
    return i >= 0 and spans[i][0] <= pos < spans[i][1]


def _without(work: str, cs: int, ce: int, groups: list[_Group]) -> str:
    pieces, pos = [], cs
    for g in groups:
        pieces.append(work[pos:g.start])
        pos = g.end
    pieces.append(work[pos:ce])
    return " ".join(pieces)


def _trim(work: str, s: int, e: int) -> Span:
    while s < e and (work[s].isspace() or work[s] in ",;:-–"):
        s += 1
    while e > s and (work[e - 1].isspace() or work[e - 1] in ",;:"):
        e -= 1
    return s, e
