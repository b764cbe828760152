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
import unicodedata
from array import array
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, field

from ..textnorm import nfc, tolerant_pattern
from .layout import Line, Lines, Para, Paras
from .lines import LineReader
from .sourcetext import SourceText, blank_out, cut, give_back

Span = tuple[int, int]

_TERMINAL = ".;:!?"
_CONNECT_END = re.compile(r"(?:" + "|".join(tolerant_pattern(w) for w in (
    "của", "và", "số", "ngày", "về", "tại", "theo", "với", "các", "cho", "trên", "đến", "năm", "tháng", "những",
    "để", "là", "có", "được", "thuộc", "trong", "từ", "hoặc", "như", "nhằm", "vào", "tới", "giữa", "qua",
    "về việc", "phê duyệt", "ban hành")) + r")$|[,\-/–(&]$", re.I)
# Head words of Vietnamese public bodies besides "Sở" (`agency_names` finds unregistered names by them)
HEAD_WORDS = (r"Phòng|Ban|Văn\s+phòng|Trung\s+tâm|Chi\s+cục|Cục|Hội|Hiệp\s+hội|Đoàn|Trường|Báo|Đài|Công\s+an|Ngân\s+hàng|"
              r"Viện|Bệnh\s+viện|Quỹ|Liên\s+đoàn|Kho\s+bạc|Bảo\s+hiểm|Tổng\s+công\s+ty|Công\s+ty|Chi\s+nhánh|"
              r"Viễn\s+thông|Bưu\s+điện|Thanh\s+tra|Ủy\s+ban|Uỷ\s+ban|Đảng\s+ủy|Đảng\s+uỷ|Liên\s+minh|Hạt|Đồn|"
              r"Hội\s+đồng|Trạm|Công\s+đoàn")
# a line that ends inside a body's name: its head word alone ("… phối hợp với Kho bạc\nNhà nước tỉnh", "Cục\nThuế
# tỉnh"); "Sở" ends a name of its own after "Văn phòng", "Thanh tra", "Giám đốc"
_OPEN_NAME_END = re.compile(r"(?<!\w)(?:(?<!phòng )(?<!tra )(?<!đốc )(?<!đạo )Sở|" + HEAD_WORDS + r")$")
_NAME_GOES_ON = re.compile(r"(?:[,&\-–]|(?<!\w)và)$")
_CONNECT_START = re.compile(r"^(?:Của|Về|Và|Đến|Tại|Theo|Với|Cho|Thuộc|Nhằm|Giai đoạn|Tầm nhìn|Định hướng)\b")
_TAKES_NUMBER = re.compile(r"(?i)(?<!\w)(?:mức\s+độ|số|khoản|điểm|điều|mục|chỉ\s+tiêu|tiêu\s+chí|phụ\s+lục|"
                           r"giai\s+đoạn|năm|tháng|ngày|phần|chương|thứ|lần|nhóm|loại|quý)$")
_ZERO_WIDTH = str.maketrans({c: " " for c in "\u200b\u200c\u200d\u2060\ufeff"})
_HAS_ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\u2060\ufeff]")
# Old-style tone placement in an open syllable ("hoá", "thuỷ", "khoẻ") moved to the first vowel, as registries and
# most texts write it ("hóa", "thủy", "khỏe"); "quý" keeps it. Same length: the working copy keeps every offset, and
# quotes keep the text as written.
_OLD_TONE = re.compile(r"(?<![qQ])[oOuU][àáảãạèéẻẽẹỳýỷỹỵÀÁẢÃẠÈÉẺẼẸỲÝỶỸỴ](?!\w)")
_OPEN_PAIRS = {("o", "a"), ("o", "e"), ("u", "y")}


def _modern_tones(piece: str) -> tuple[str, list[tuple[int, str]]]:
    """`piece` with old-style tones moved, and (position, original character) of each character changed."""
    chars, moved = list(piece), []
    for m in _OLD_TONE.finditer(piece):
        i = m.start()
        first, second = piece[i], piece[i + 1]
        base, *marks = unicodedata.normalize("NFD", second)
        if (first.lower(), base.lower()) not in _OPEN_PAIRS or not marks:
            continue
        chars[i], chars[i + 1] = unicodedata.normalize("NFC", first + "".join(marks)), base
        moved += [(i, first), (i + 1, second)]
    return "".join(chars), moved


# the "Nơi nhận" list at a plan's end (matched at a paragraph's start: `match(work, p.start, p.end)`)
RECIPIENTS = re.compile(r"(?i)\s*nơi\s+nhận")
_TITLE_END = re.compile(r":|;|[.!?](?=\s|$)")
_SPLIT = re.compile(r";|[.!?](?=\s|$)")
_ABBREV = re.compile(r"(?:\b(?:TP|Tp|KT|TM|TL|TUQ|ThS|TS|PGS|GS|St|Q|P|v\.v|Ths|Th\.S|Ô|B)|\.\.)$")


@dataclass
class Doc:
    text: SourceText  # the NFC text: every span indexes it, every quote is sliced from it
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

    def joined(self, start: int, end: int) -> str | None:
        """`work[start:end]` with the line breaks inside its paragraphs that may cut a name made spaces (a
        hard-wrapped copy breaks lines inside names: "Kho bạc\nNhà nước tỉnh"), or None when there are none;
        breaks between paragraphs and in tables stay."""
        if self.work.find("\n", start, end) < 0:
            return None
        seg = list(self.work[start:end])
        starts = self.paras.start
        i = max(0, bisect_right(starts, start) - 1)
        changed = False
        while i < len(starts) and starts[i] < end:
            p = self.paras[i]
            if p.kind != "table":
                pos = self.work.find("\n", max(p.start, start), min(p.end, end))
                while pos >= 0:
                    if _inside_name(self.work, pos):
                        seg[pos - start] = " "
                        changed = True
                    pos = self.work.find("\n", pos + 1, min(p.end, end))
            i += 1
        return "".join(seg) if changed else None

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


def _inside_name(work: str, pos: int) -> bool:
    """Whether the line break at `pos` may cut a name: the next line goes on in lower case ("Phòng Quản lý giá
    và\ncông sản"), or the line before ends with a head word or a joining word ("Kho bạc\nNhà nước tỉnh"); a
    complete name before a capital ("… Báo Vĩnh Long\nMở chuyên mục …") ends at the break."""
    nxt = work[pos + 1:pos + 40].lstrip()
    if nxt[:1].islower():
        return True
    before = work[max(0, pos - 30):pos].rstrip()
    return _open_name(before) or bool(_NAME_GOES_ON.search(before))


def _open_name(line: str) -> bool:
    """Whether `line` ends with a head word that opens a name, not with a name's last word ("Văn phòng Tỉnh Đoàn",
    "Thanh tra Sở"): the word before it is no capitalised word, save a verb ("Giao Sở\nTài chính")."""
    m = _OPEN_NAME_END.search(line)
    if not m:
        return False
    before = line[:m.start()].split()
    return not before or not before[-1][:1].isupper() or before[-1] in ("Giao", "Cử", "Mời")


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


def parse(raw: str | Iterable[str]) -> Doc:
    """NFC-normalise `raw` (a text, or its pieces in order) and split it into paragraphs with their heading chains.

    The text is read a piece at a time (see `sourcetext.cut`) and only the working copy is kept: the NFC
    text is `doc.text`, a `SourceText` over it.
    """
    reader, pieces, zero_width = LineReader(), [], []
    offset = 0
    for piece in cut(raw):
        piece = nfc(piece)
        replaced = []
        if _HAS_ZERO_WIDTH.search(piece):
            replaced += [(offset + m.start(), m.group()) for m in _HAS_ZERO_WIDTH.finditer(piece)]
            piece = piece.translate(_ZERO_WIDTH)
        if _OLD_TONE.search(piece):
            piece, moved = _modern_tones(piece)
            replaced = sorted(replaced + [(offset + i, ch) for i, ch in moved])
        zero_width += replaced
        reader.feed(piece, offset)
        pieces.append(piece)
        offset += len(piece)
    del raw  # an NFD input's own copy goes as soon as the caller lets it go
    lines, blank = reader.finish()
    del reader
    text = blank_out(pieces, blank, zero_width)  # consumes the pieces
    del blank, zero_width
    lines.src = text.work
    doc = Doc(text, text.work)
    _paragraphs(doc, lines, _wrap_width(lines))
    del lines
    give_back(len(text.work))  # the pieces and the lines, freed
    _headings(doc)
    return doc


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
    if ln.cont:
        return True  # a cell of a table row that a copy put one cell a line
    text, prev_text = ln.text, prev.text
    body = text[len(ln.marker):].lstrip()
    if ln.mkind == "bullet" and ln.marker in "-–—" and not gap and prev_text[-1] not in _TERMINAL and (
            (wrap and len(prev_text) >= wrap) or (body[:1].islower()) or
            prev_para_marker in "-–—" and prev_para_marker not in ("", ln.marker)):
        return True  # a dash a line break put first ("kinh tế\n- xã hội", "…)\n– Bộ tiêu chí"), not a new item
    if (ln.mkind in ("num", "num2", "roman", "letter") or text[0].isdigit()) and not gap and \
            _TAKES_NUMBER.search(prev_text) and not prev.caps:
        return True  # "… mức độ\n4) – …": a number that a line break put first, not a heading ("II. CHỈ TIÊU\n1." is)
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
    if prev.caps and prev.mkind and not ln.caps:
        return False  # a numbered heading in capitals ends at its line, however long ("I. KẾT QUẢ …\nĐến hết …")
    if wrap and len(prev_text) >= wrap:
        return True
    if _CONNECT_END.search(prev_text) or (_open_name(prev_text) and not prev.caps):
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


def kw(*phrases: str, flags: int = re.I) -> re.Pattern:
    """One compiled alternation of tolerant phrases, matched as whole words."""
    alts = sorted({tolerant_pattern(p) for p in phrases}, key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + "|".join(alts) + r")(?!\w)", flags)
