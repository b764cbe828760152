"""Stage 1: normalise a plan's text and recover its paragraphs and headings.

Real copies arrive NFD or NFC, with CRLF, lines broken inside sentences, page
numbers and web-page furniture between paragraphs (counters even inside a `|`
line, related-news titles ending with their date), and tables written with `|`.
Offsets must keep pointing into the NFC text, so nothing is ever deleted:
`Doc.work` is the NFC text with furniture blanked out character for character
(same length), and every later stage matches on `work` and quotes from `text`.
"""
from __future__ import annotations

import re
from array import array
from dataclasses import dataclass, field

from ..textnorm import nfc, tolerant_pattern
from .layout import Line, Lines, Para, Paras

Span = tuple[int, int]

_FURNITURE = re.compile(r"""^\s*(?:
      [-–—]*\s*\d{1,4}\s*[-–—]*                       # page number: "3", "- 3 -"
    | (?:Trang|Page)\s*\d+(?:\s*(?:/|của|of)\s*\d+)?   # "Trang 3/12"
    | \d{1,4}\s*/\s*\d{1,4}                            # "3/12"
    | (?:\d{1,3}\s+){1,}\d{1,3}                        # pager "1 2 3"
    | [-=_*~.·•]{3,}                                   # rules "-------"
    | \|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?      # markdown table rule
    | image(?:\s+\w+)+                                 # "image banner", "image advertisement"
    | !\[[^\]]*\]\([^)]*\)[\s|]*                       # markdown image
    | [•·]?\s*(?:Lượt\s+xem|Đang\s+online|Hôm\s+nay|Hôm\s+qua|Trong\s+tuần|Trong\s+tháng|Tất\s+cả|Lượt\s+truy\s+cập)\s*:?\s*[\d.,]*
    | (?:Thống\s+kê\s+truy\s+cập|In\s+trang|In\s+bài|Chia\s+sẻ|Bản\s+in|Quay\s+lại|Về\s+đầu\s+trang|Ban\s+biên\s+tập
       |Tin\s+khác|Tin\s+liên\s+quan|Các\s+tin\s+khác|Liên\s+kết\s+website|Đường\s+dây\s+nóng|Chưa\s+config
       |Tải\s+về|Xem\s+thêm|Trở\s+về|Print|Share)\s*:?
    | [|\s]+                                           # nothing but table pipes
)\s*$""", re.X | re.I)

# Web furniture that also turns up as one cell of a `|` line ("Cập nhật: 08/03/2024 | Lượt xem: 1.245").
_CELL_FURNITURE = re.compile(
    r"(?i)^(?:Lượt\s+xem|Lượt\s+truy\s+cập|Đang\s+online|Cập\s+nhật|Ngày\s+cập\s+nhật|Ngày\s+đăng|Đăng\s+ngày|"
    r"Đăng\s+lúc|Lượt\s+thích|Bình\s+luận)\s*:?\s*[\d.,/:\s-]*$|^(?:In\s+trang|In\s+bài|Chia\s+sẻ|Bản\s+in|"
    r"Cỡ\s+chữ|Đăng\s+nhập|Tìm\s+kiếm|Trang\s+chủ)\b")
# Related-news lists of web copies: a heading such as "Tin liên quan", then titles each ending with its date.
_NEWS_MARKER = re.compile(r"(?i)^(?:Tin\s+liên\s+quan|Tin\s+khác|Các\s+tin\s+khác|Tin\s+cùng\s+chuyên\s+mục|"
                          r"Bài\s+viết\s+liên\s+quan|Tin\s+mới(?:\s+nhất)?|Tin\s+đã\s+đưa)\s*:?$")
_DATED_TITLE = re.compile(r"^[^|]{8,240}\(\s*\d{1,2}/\d{1,2}/(?:19|20)\d{2}(?:\s+\d{1,2}:\d{2})?\s*\)$")

_MARKER = re.compile(r"""^(?:
      (?P<part>(?:Phần|PHẦN|Chương|CHƯƠNG|Điều|ĐIỀU)\s+(?:[IVXLC]+|\d+)\b\.?)
    | (?P<roman>[IVXLC]{1,6})\s*[.)/](?=\s)
    | (?P<num>\d{1,2}(?:\.\d{1,2}){0,3})\s*[.)](?!\d)
    | (?P<num2>\d{1,2}(?:\.\d{1,2}){1,3})(?=\s)
    | (?P<letter>[a-zđ])\s*[).](?=\s)
    | (?P<bullet>[-–—•+*·▪●○◦➢✓](?![-–—]))
)\s*""", re.X)

_TERMINAL = ".;:!?"
_CONNECT_END = re.compile(r"(?:" + "|".join(tolerant_pattern(w) for w in (
    "của", "và", "số", "ngày", "về", "tại", "theo", "với", "các", "cho", "trên", "đến", "năm", "tháng", "những",
    "để", "là", "có", "được", "thuộc", "trong", "từ", "hoặc", "như", "nhằm", "vào", "tới", "giữa", "qua",
    "về việc", "phê duyệt", "ban hành")) + r")$|[,\-/–(&]$", re.I)
_CONNECT_START = re.compile(r"^(?:Của|Về|Và|Đến|Tại|Theo|Với|Cho|Thuộc|Nhằm|Giai đoạn|Tầm nhìn|Định hướng)\b")
_TAKES_NUMBER = re.compile(r"(?i)(?<!\w)(?:mức\s+độ|số|khoản|điểm|điều|mục|chỉ\s+tiêu|tiêu\s+chí|phụ\s+lục|"
                           r"giai\s+đoạn|năm|tháng|ngày|phần|chương|thứ|lần|nhóm|loại|quý)$")
_ZERO_WIDTH = str.maketrans({c: " " for c in "\u200b\u200c\u200d\u2060\ufeff"})
_HAS_ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\u2060\ufeff]")
_TITLE_END = re.compile(r":|;|[.!?](?=\s|$)")
_SPLIT = re.compile(r";|[.!?](?=\s|$)")
_ABBREV = re.compile(r"(?:\b(?:TP|Tp|KT|TM|TL|TUQ|ThS|TS|PGS|GS|St|Q|P|v\.v|Ths|Th\.S|Ô|B)|\.\.)$")


@dataclass
class Doc:
    text: str  # NFC text: every span indexes it
    work: str  # same length, furniture blanked: every match runs on it
    paras: Paras = field(default_factory=Paras)
    _titles: dict[int, str] = field(default_factory=dict, repr=False)  # headings' only: asked again and again
    _clause_flat: array | None = field(default=None, repr=False)  # every paragraph's clause bounds, in order
    _clause_at: array | None = field(default=None, repr=False)  # where paragraph i's bounds start in it

    def body_text(self, p: Para) -> str:
        return self.work[p.body:p.end]

    def chain(self, p: Para, include_self: bool = True) -> list[Para]:
        """Headings around `p`, nearest first (with `p` itself when it is a heading)."""
        out = [self.paras[i] for i in reversed(p.parents)]
        if include_self and p.kind == "heading":
            out.insert(0, p)
        return out

    def title_of(self, p: Para) -> str:
        """The heading part of a paragraph: up to its first colon or sentence end."""
        cached = self._titles.get(p.index)
        if cached is None:
            body = self.work[p.body:min(p.end, p.body + 400)]
            m = _TITLE_END.search(body)
            cached = " ".join((body[: m.start()] if m else body)[:240].split())
            if p.kind == "heading":
                self._titles[p.index] = cached
        return cached

    def clauses(self, p: Para) -> list[Span]:
        """Clause spans of a paragraph's body, split at ';' and sentence ends.

        Every stage asks for them, so they are found once for all paragraphs and kept as plain numbers
        (a list of tuples per paragraph would weigh more than a third of the text).
        """
        if self._clause_flat is None:
            flat, at = array("q"), array("q")
            for q in self.paras:
                at.append(len(flat))
                for a, b in split_clauses(self.work, q.body, q.end):
                    flat.append(a)
                    flat.append(b)
            at.append(len(flat))
            self._clause_flat, self._clause_at = flat, at
        flat = self._clause_flat
        return [(flat[i], flat[i + 1]) for i in range(self._clause_at[p.index], self._clause_at[p.index + 1], 2)]


def split_clauses(work: str, start: int, end: int) -> list[Span]:
    out: list[Span] = []
    seg = start
    for m in _SPLIT.finditer(work, start, end):
        if m.group() == "." and _ABBREV.search(work, max(start, m.start() - 6), m.start()):
            continue
        if m.group() in ".!?":
            nxt = work[m.end(): m.end() + 4].lstrip()
            if nxt and nxt[0].islower():
                continue
        out.append((seg, m.start()))
        seg = m.end()
    out.append((seg, end))
    return [s for s in (_strip(work, a, b) for a, b in out) if s[1] > s[0]]


_LEADING = re.compile(r"[\s,;:]*")


def _strip(work: str, a: int, b: int) -> Span:
    a = _LEADING.match(work, a, b).end()
    return a, a + len(work[a:b].rstrip())


_NON_LETTER = re.compile(r"[\W\d_]+")


def _caps(s: str) -> bool:
    """A line in capitals (a heading or header), ignoring digits and punctuation."""
    if len(s) > 240:
        return False
    letters = _NON_LETTER.sub("", s)
    return len(letters) >= 4 and letters.upper() == letters


def parse(raw: str) -> Doc:
    """NFC-normalise `raw` and split it into paragraphs with their heading chains."""
    text = nfc(raw)
    del raw  # an NFD input's own copy goes as soon as the caller lets it go
    cleaned = text.translate(_ZERO_WIDTH) if _HAS_ZERO_WIDTH.search(text) else text  # no copy when none
    lines, blank = _lines(cleaned)
    doc = Doc(text, _blank_out(cleaned, blank))  # before the paragraphs: the copy's transient pieces are the peak
    del blank
    _paragraphs(doc, lines, _wrap_width(lines))
    _headings(doc)
    return doc


def _lines(work: str) -> tuple[Lines, list[Span]]:
    """Non-empty physical lines, classified; and the spans to blank (furniture, stray table pipes)."""
    out, blank = Lines(work), []
    pos, n = 0, len(work)
    gap = False
    while pos <= n:
        nl = work.find("\n", pos)
        stop = n if nl < 0 else nl
        raw = work[pos:stop]
        stripped = raw.strip()
        if stripped:
            a = pos + len(raw) - len(raw.lstrip())
            ln = Line(work, a, a + len(stripped), bool(_FURNITURE.match(stripped)), gap)
            if ln.furniture:
                blank.append((ln.start, ln.end))
            else:
                _classify(ln, blank, stripped)
            out.append(ln)
            gap = False
        else:
            gap = True
        if nl < 0:
            break
        pos = nl + 1
    _news_lists(out, blank)
    return out, blank


def _news_lists(lines: Lines, blank: list[Span]) -> None:
    """Titles with a date in brackets under a related-news heading, or two or more in a row, are furniture."""
    src, ends, n = lines.src, lines.end, len(lines)
    dated = bytearray(src[ends[i] - 1] == ")" and bool(_DATED_TITLE.match(lines.text(i))) for i in range(n))
    for i in range(n):
        if not dated[i] or lines.is_furniture(i):
            continue
        k = i - 1
        while k >= 0 and dated[k]:
            k -= 1
        run = (i + 1 < n and dated[i + 1]) or (i > 0 and dated[i - 1])
        if run or (k >= 0 and _NEWS_MARKER.match(lines.text(k))):
            lines.make_furniture(i)
            blank.append((lines.start[i], lines.end[i]))


def _classify(ln: Line, blank: list[Span], s: str) -> None:
    if "|" in s:
        cells, allcells, off = [], [], 0
        parts = s.split("|")
        for i, part in enumerate(parts):
            core = part.strip()
            lead = len(part) - len(part.lstrip())
            span = (ln.start + off + lead, ln.start + off + lead + len(core))
            if core:
                cells.append(span)
            if core or 0 < i < len(parts) - 1:
                allcells.append(span)
            off += len(part) + 1
        for span in [c for c in cells if _CELL_FURNITURE.match(_cell_text(ln, c))]:
            blank.append(span)
            cells.remove(span)
        if len(cells) >= 2:
            ln.cells = tuple(allcells)
            ln.mkind = "table"
            ln.body = ln.start
            return
        # one cell: a layout table flattened by copying; the pipes are furniture
        for i, ch in enumerate(s):
            if ch == "|":
                blank.append((ln.start + i, ln.start + i + 1))
        if cells:
            a, b = cells[0]
            s = s[a - ln.start:b - ln.start]
            ln.start, ln.end = a, b
    m = _MARKER.match(s)
    if m:
        ln.mkind = m.lastgroup or ""
        ln.marker = m.group(m.lastgroup).strip() if m.lastgroup else ""
        ln.body = ln.start + m.end()
    else:
        ln.body = ln.start
    ln.caps = _caps(s[ln.body - ln.start:])


def _cell_text(ln: Line, span: Span) -> str:
    return ln.src[span[0]:span[1]]


def _wrap_width(lines: Lines) -> int | None:
    """Line width of a hard-wrapped (PDF) copy, or None when lines are paragraphs."""
    lengths = sorted(lines.end[i] - lines.start[i] for i in range(len(lines))
                     if not lines.is_furniture(i) and i not in lines.cells)
    if len(lengths) < 15:
        return None
    p90 = lengths[int(0.9 * (len(lengths) - 1))]
    if not 30 <= p90 <= 160:
        return None
    near = sum(1 for x in lengths if x >= 0.75 * p90)  # wrapped lines cluster just under the page width
    return int(0.7 * p90) if near >= 0.4 * len(lengths) else None


def _joins(prev: Line, ln: Line, gap: bool, wrap: int | None, prev_para_marker: str) -> bool:
    """Whether `ln` continues the paragraph that `prev` ended (a hard line break)."""
    text, prev_text = ln.text, prev.text
    body = text[len(ln.marker):].lstrip()
    if ln.mkind == "bullet" and ln.marker in "-–—" and not gap and prev_text[-1] not in _TERMINAL and (
            (wrap and len(prev_text) >= wrap) or (body[:1].islower()) or
            prev_para_marker in "-–—" and prev_para_marker not in ("", ln.marker)):
        return True  # a dash a line break put first ("kinh tế\n- xã hội", "…)\n– Bộ tiêu chí"), not a new item
    if (ln.mkind in ("num", "num2", "roman", "letter") or text[0].isdigit()) and not gap and \
            _TAKES_NUMBER.search(prev_text):
        return True  # "… mức độ\n4) – …": a number that a line break put first, not a heading
    if ln.mkind or prev.mkind == "table" or ln.cells:
        return False
    last = prev_text[-1]
    first = text[0]
    if last in _TERMINAL:
        return False
    if gap:  # blank line or page furniture in between: only a sentence cut by a page break
        return first.islower() and not prev.caps
    if first.islower():
        return True
    if wrap and len(prev_text) >= wrap:
        return True
    if _CONNECT_END.search(prev_text):
        return True
    if _CONNECT_START.match(text) and not prev.caps:
        return True
    if prev.caps and ln.caps and not prev_para_marker:
        return not _STANDALONE.match(prev_text)
    return False


_STANDALONE = re.compile(r"^(?:KẾ HOẠCH|QUYẾT ĐỊNH|CHƯƠNG TRÌNH|ĐỀ ÁN|NGHỊ QUYẾT|CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM|"
                         r"CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM|CHỦ TỊCH|KT\. CHỦ TỊCH|PHÓ CHỦ TỊCH|TM\. .*)$")


def _paragraphs(doc: Doc, lines: Lines, wrap: int | None) -> None:
    cur: list[Line] = []
    gap = False

    def flush() -> None:
        if not cur:
            return
        first, last = cur[0], cur[-1]
        kind = "table" if first.cells else ("bullet" if first.mkind == "bullet" else "text")
        doc.paras.append(first.start, last.end, first.body, first.marker, kind,
                         first.caps and all(c.caps for c in cur), first.cells, first.mkind)

    for ln in lines:
        if ln.gap:
            gap = gap or bool(cur)
        if ln.furniture:
            gap = gap or bool(cur)
            continue
        if cur and _joins(cur[-1], ln, gap, wrap, cur[0].marker):
            cur.append(ln)
        else:
            flush()
            cur = [ln]
        gap = False
    flush()


def _rank(doc: Doc, p: Para) -> int | None:
    """Heading depth from the list marker: 0 part, 1 roman or capitals, 2 "1.", 3 "1.1.", ..., 6 "a)"."""
    body = doc.body_text(p)
    if p.mkind == "part":
        return 0
    if p.mkind == "roman":
        return 1
    if p.mkind in ("num", "num2"):
        return 1 + min(4, p.marker.rstrip(".)").count(".") + 1)
    if p.mkind == "letter":
        return 6
    if not p.mkind and p.caps and len(body) <= 200 and not re.match(r"(?i)số\b", body):
        return 1
    return None


def _headings(doc: Doc) -> None:
    stack: list[Para] = []
    parents: tuple[int, ...] = ()  # the stack's indexes, one tuple shared by every paragraph under it
    paras = doc.paras
    for i, p in enumerate(paras):
        if p.kind == "table":
            paras.set(i, parents, None)
            continue
        rank = _rank(doc, p)
        if rank is None and not p.mkind and i + 1 < len(paras) and paras[i + 1].mkind == "bullet":
            line = doc.work[p.start:p.end]
            if len(line) <= 120 and line[-1] not in ".;!?,)" and line[0].isupper() and "\n" not in line:
                rank = 7  # a heading that lost its number, or a lead-in ("Phấn đấu đến năm 2025:") over a list
        while stack and rank is not None and stack[-1].rank is not None and stack[-1].rank >= rank:
            stack.pop()
            parents = parents[:-1]
        p.parents = parents
        paras.set(i, parents, rank)
        if rank is not None:
            p.rank = rank
            stack.append(p)
            parents = (*parents, p.index)


def _blank_out(text: str, spans: list[Span]) -> str:
    if not spans:
        return text
    pieces = []
    pos = 0
    for a, b in sorted(spans):
        if a < pos:
            a = pos
        if b <= a:
            continue
        pieces.append(text[pos:a])
        pieces.append(" " * (b - a))
        pos = b
    pieces.append(text[pos:])
    return "".join(pieces)


def kw(*phrases: str, flags: int = re.I) -> re.Pattern:
    """One compiled alternation of tolerant phrases, matched as whole words."""
    alts = sorted({tolerant_pattern(p) for p in phrases}, key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + "|".join(alts) + r")(?!\w)", flags)
