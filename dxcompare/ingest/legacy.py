"""Pre-Unicode Vietnamese: TCVN3 (ABC) and VNI text turned into Unicode NFC, with a confidence.

Such text reaches us as bytes in a .txt file, or as the Latin-1 look-alikes a PDF or an
old Word file yields when its fonts were TCVN3 (.VnTime) or VNI (VNI-Times):
"Qu¶ng Ng·i" (TCVN3), "Keá hoaïch" (VNI). Correct Unicode Vietnamese is never converted.

The tables below are written from the public descriptions of the two encodings, not
from anyone's code: the VSCII article of the English Wikipedia (TCVN 5712:1993; VN3 =
"TCVN3": ASCII plus 67 lower-case letters, the 7 toneless capitals Ă Â Ê Ô Ơ Ư Đ and
a no-break space; capitals with a tone are typed with the lower-case code in an
all-capitals ".VnTimeH" font), and the code-by-code comparison table "Bảng đối chiếu
encoding các bộ chữ hiện hành với Unicode" (VIQR, VISCII, VPS, VNI, TCVN3, Unicode;
published on Scribd, document 23311958), checked against the byte patterns of the
mojibake quoted in issue #11.

Because TCVN3 has no codes for capitals with a tone, decoding restores them from
context (`_recase`): inside a word in capitals, in a run of capitalised words, at the
start of a line or sentence, and in "Ủy ban". The manifest says so in a warning.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# Tones in the order the TCVN3 table lists them per vowel: huyền, hỏi, ngã, sắc, nặng.
_TONE_MARKS = ("\u0300", "\u0309", "\u0303", "\u0301", "\u0323")
_BASES = "aăâeêioôơuưy"

# TCVN3 code of each toned lower-case vowel (grave, hook, tilde, acute, dot below), and of the toneless letters.
_TCVN3_TONED = {
    "a": (0xB5, 0xB6, 0xB7, 0xB8, 0xB9), "ă": (0xBB, 0xBC, 0xBD, 0xBE, 0xC6), "â": (0xC7, 0xC8, 0xC9, 0xCA, 0xCB),
    "e": (0xCC, 0xCE, 0xCF, 0xD0, 0xD1), "ê": (0xD2, 0xD3, 0xD4, 0xD5, 0xD6), "i": (0xD7, 0xD8, 0xDC, 0xDD, 0xDE),
    "o": (0xDF, 0xE1, 0xE2, 0xE3, 0xE4), "ô": (0xE5, 0xE6, 0xE7, 0xE8, 0xE9), "ơ": (0xEA, 0xEB, 0xEC, 0xED, 0xEE),
    "u": (0xEF, 0xF1, 0xF2, 0xF3, 0xF4), "ư": (0xF5, 0xF6, 0xF7, 0xF8, 0xF9), "y": (0xFA, 0xFB, 0xFC, 0xFD, 0xFE),
}
_TCVN3_PLAIN = {"ă": 0xA8, "â": 0xA9, "ê": 0xAA, "ô": 0xAB, "ơ": 0xAC, "ư": 0xAD, "đ": 0xAE,
                "Ă": 0xA1, "Â": 0xA2, "Ê": 0xA3, "Ô": 0xA4, "Ơ": 0xA5, "Ư": 0xA6, "Đ": 0xA7, "\u00a0": 0xA0}


def _toned(base: str, tone: int) -> str:
    return unicodedata.normalize("NFC", base + _TONE_MARKS[tone])


def _tcvn3_tables() -> tuple[dict[str, str], dict[str, str]]:
    """(Latin-1 look-alike → Unicode, Unicode → Latin-1 look-alike) for TCVN3."""
    dec: dict[str, str] = {}
    for base, codes in _TCVN3_TONED.items():
        for tone, code in enumerate(codes):
            dec[chr(code)] = _toned(base, tone)
    for letter, code in _TCVN3_PLAIN.items():
        dec[chr(code)] = letter
    enc = {u: c for c, u in dec.items()}
    for base in _TCVN3_TONED:  # capitals with a tone: the lower-case code (an all-capitals font draws it)
        for tone in range(5):
            enc.setdefault(_toned(base, tone).upper(), enc[_toned(base, tone)])
    return dec, enc


TCVN3_DECODE, TCVN3_ENCODE = _tcvn3_tables()

# VNI: a letter is an ASCII base followed by a mark byte; upper-case marks are the lower-case code - 0x20.
# Marks by tone (sắc, huyền, hỏi, ngã, nặng), for a plain vowel, after a circumflex, after a breve.
_VNI_TONE = {"\u0301": 0xF9, "\u0300": 0xF8, "\u0309": 0xFB, "\u0303": 0xF5, "\u0323": 0xEF}
_VNI_CIRC = {"": 0xE2, "\u0301": 0xE1, "\u0300": 0xE0, "\u0309": 0xE5, "\u0303": 0xE3, "\u0323": 0xE4}
_VNI_BREVE = {"": 0xEA, "\u0301": 0xE9, "\u0300": 0xE8, "\u0309": 0xFA, "\u0303": 0xFC, "\u0323": 0xEB}
# Letters that VNI writes as one byte: đ, ơ, ư, the toned i's and ỵ.
_VNI_SINGLE = {"đ": 0xF1, "ơ": 0xF4, "ư": 0xF6, "í": 0xED, "ì": 0xEC, "ỉ": 0xE6, "ĩ": 0xF3, "ị": 0xF2, "ỵ": 0xEE}


def _vni_tables() -> tuple[dict[str, str], dict[str, str]]:
    """(VNI sequence as Latin-1 look-alikes → Unicode letter, Unicode letter → sequence), both cases."""
    enc: dict[str, str] = {}
    for letter, code in _VNI_SINGLE.items():
        enc[letter] = chr(code)
    for base in "aeiouy":
        for mark, code in _VNI_TONE.items():
            letter = unicodedata.normalize("NFC", base + mark)
            enc.setdefault(letter, base + chr(code))
    for base in "aeo":
        for mark, code in _VNI_CIRC.items():
            enc[unicodedata.normalize("NFC", base + "\u0302" + mark)] = base + chr(code)
    for mark, code in _VNI_BREVE.items():
        enc[unicodedata.normalize("NFC", "a\u0306" + mark)] = "a" + chr(code)
    for base in "ơư":
        for mark, code in _VNI_TONE.items():
            enc[unicodedata.normalize("NFC", base + mark)] = chr(_VNI_SINGLE[base]) + chr(code)
    upper = {}
    for letter, seq in enc.items():
        upper[letter.upper()] = "".join(ch.upper() if ch.isascii() else chr(ord(ch) - 0x20) for ch in seq)
    enc.update(upper)
    dec = {seq: letter for letter, seq in enc.items()}
    return dec, enc


VNI_DECODE, VNI_ENCODE = _vni_tables()
_VNI_SEQ = re.compile("|".join(re.escape(s) for s in sorted(VNI_DECODE, key=len, reverse=True)))


def to_bytes(look_alikes: str) -> bytes:
    """Latin-1 look-alikes as the bytes a Windows legacy font file holds: 0x80-0x9F as in Windows-1252
    (dashes, quotes, bullets — neither TCVN3 nor VNI uses those codes); anything else becomes '?'."""
    return bytes(ord(ch) if ord(ch) < 256 else (ch.encode("cp1252", errors="replace") or b"?")[0]
                 for ch in look_alikes)


def from_bytes(data: bytes) -> str:
    """The inverse of `to_bytes`: each byte as its Latin-1 look-alike, 0x80-0x9F read as Windows-1252."""
    return "".join(bytes([b]).decode("cp1252", errors="ignore") or chr(b) if 0x80 <= b < 0xA0 else chr(b)
                   for b in data)


def encode_tcvn3(text: str) -> bytes:
    """Unicode → TCVN3 bytes (capitals with a tone get the lower-case code, as TCVN3 fonts expect)."""
    # Latin-1 symbols whose codes TCVN3 gives to letters (©, «, ±…) cannot be written: '?'
    return to_bytes("".join(TCVN3_ENCODE.get(ch, "?" if 0xA0 <= ord(ch) <= 0xFF else ch)
                            for ch in unicodedata.normalize("NFC", text)))


def encode_vni(text: str) -> bytes:
    """Unicode → VNI (VNI-Windows) bytes."""
    return to_bytes("".join(VNI_ENCODE.get(ch, ch) for ch in unicodedata.normalize("NFC", text)))


def decode_tcvn3(text: str) -> str:
    """Latin-1 look-alikes of TCVN3 → Unicode NFC, capitals with a tone restored from context."""
    return _recase(text, "".join(TCVN3_DECODE.get(ch, ch) for ch in text))


def decode_vni(text: str) -> str:
    return unicodedata.normalize("NFC", _VNI_SEQ.sub(lambda m: VNI_DECODE[m.group()], text))


DECODERS = {"tcvn3": decode_tcvn3, "vni": decode_vni}

# --- case in TCVN3 -------------------------------------------------------------------------

_AMBIGUOUS = frozenset(ch for base, codes in _TCVN3_TONED.items() for ch in map(chr, codes))
_WORD = re.compile(r"\w+")
_LINE_START = re.compile(r"(?:(?:^|\n)[ \t]*(?:[-–—•+*]\s*|[\dIVXivx]{1,4}[.)]\s*|[a-zđ]\)\s*|\(\s*)?|\|[ \t]*)$")  # or a cell's
_SENTENCE_END = re.compile(r"[.!?]\s+$|[:;]\s*\n\s*$|[\"“(]$")
_ALWAYS_CAPITAL = {("ủy", "ban"), ("ủy", "viên")}  # "Ủy ban nhân dân", "Ủy viên": capitalised in official text
# ... but "ủy viên" after a committee's place word is one compound: "Tỉnh ủy viên" (a provincial committee member)
_COMMITTEE = frozenset({"tỉnh", "huyện", "thành", "thị", "quận", "đảng", "xã", "cấp"})


def _recase(raw: str, text: str) -> str:
    """Upper-case the letters TCVN3 wrote with a lower-case code where the context says they were capitals."""
    if not any(ch in _AMBIGUOUS for ch in raw):
        return unicodedata.normalize("NFC", text)
    words = list(_WORD.finditer(text))
    known = [[text[k] for k in range(*m.span()) if raw[k] not in _AMBIGUOUS and text[k].lower() != text[k].upper()]
             for m in words]
    # a known letter after a word's first says its case for sure: "ÁN" (Á ambiguous, N a capital) is in capitals
    inner = [any(raw[k] not in _AMBIGUOUS and text[k].lower() != text[k].upper() for k in range(m.start() + 1, m.end()))
             for m in words]
    chars = list(text)
    for i, m in enumerate(words):
        a, b = m.span()
        amb = [k for k in range(a, b) if raw[k] in _AMBIGUOUS]
        if not amb:
            continue
        caps = False
        if len(known[i]) > 1 or inner[i]:
            caps = all(c.isupper() for c in known[i])
        elif not known[i] or known[i][0].isupper():
            caps = not re.match(r"[ \t]*[:\d]", text[b:b + 3]) and _in_capitals(text, words, known, inner, i)  # "Số 12"
        if caps:
            for k in amb:
                chars[k] = chars[k].upper()
        elif amb[0] == a and all(c.islower() for c in known[i]):
            # the next word counts only in the same phrase ("Ủy ban", not "Tỉnh ủy;\n- Ban …")
            nxt = words[i + 1].group().casefold() if i + 1 < len(words) and \
                text[b:words[i + 1].start()] in (" ", "\xa0") else ""
            prev = words[i - 1].group().casefold() if i else ""
            joined = i > 0 and text[words[i - 1].end():a].isspace()  # "Tỉnh ủy viên", not "HĐND tỉnh - Ủy viên"
            if _starts_line(text, a) or _SENTENCE_END.search(text[max(0, a - 4):a]) or \
                    ((m.group(), nxt) in _ALWAYS_CAPITAL and not (nxt == "viên" and prev in _COMMITTEE and joined)):
                chars[a] = chars[a].upper()
    return unicodedata.normalize("NFC", "".join(chars))


_VOWEL = re.compile(r"[aeiouyăâêôơư]", re.I)


def _acronym(word: str) -> bool:
    """Capitals that say nothing of the case around them: "UBND", "PGĐ", "HĐND" (no vowel), not "ĐĂK" nor a
    syllable written in capitals ("KINH")."""
    return word.isupper() and not (len(word) >= 3 and is_syllable(word)) and \
        (word.isascii() or not _VOWEL.search(unicodedata.normalize("NFD", word)))


_HEADING_LINE = re.compile(r"[ \t]*(?:[\dIVXivx]{1,4}(?:\.\d{1,2})*[.)]|[a-zđ]\)|Điều\s+\d+\.|Phần\s+[IVX\d]+)\s")


def _starts_line(text: str, a: int) -> bool:
    """Whether the word at `a` opens a line, an item or a table cell, not a sentence a hard line break cut
    ("… diễn tập\nứng cứu sự cố …" in a PDF copy)."""
    m = _LINE_START.search(text, max(0, a - 40), a)  # a marker is short: no need to look further back
    if m is None:
        return False
    if text[m.start()] != "\n" or text[m.start():a].strip():
        return True  # the text's start, a list marker or a cell
    k = m.start()
    while k and text[k - 1] in " \t":
        k -= 1
    if k >= 2 and text[k - 1] == "-" and text[k - 2].isalpha():
        return False  # a word hyphenated at the line's end goes on ("dữ li-\nệu")
    if not k or not (text[k - 1].isalpha() and text[k - 1].islower() or text[k - 1] == ","):
        return True
    prev_line = text[text.rfind("\n", 0, k) + 1:k]
    return len(prev_line) < 60 and not re.search(r"[:;,]", prev_line) and bool(_HEADING_LINE.match(prev_line))


def _in_capitals(text: str, words: list, known: list, inner: list, i: int) -> bool:
    """The nearest words of three letters or more (or shorter with a known letter after the first) on the same line
    (and table cell), acronyms aside, are in capitals."""
    votes = []
    for step in (-1, 1):
        j = i
        while 0 <= j + step < len(words):
            gap = text[words[j].end():words[j + 1].start()] if step > 0 else text[words[j - 1].end():words[j].start()]
            if "\n" in gap or "|" in gap or "   " in gap:
                break
            j += step
            word = words[j].group()
            if (len(word) >= 3 or inner[j]) and known[j] and not _acronym(word):
                votes.append(all(c.isupper() for c in known[j]))
                break
    if not votes:  # only short words on the line ("SỞ Y TẾ"): a header among header lines, as the lines around are
        votes = [all(c.isupper() for c in known[j]) for j in _on_lines_around(text, words, i)
                 if len(words[j].group()) >= 3 and known[j] and not _acronym(words[j].group())]
    return bool(votes) and all(votes)


def _on_lines_around(text: str, words: list, i: int) -> list[int]:
    """Indexes of the words on the lines just before and just after word `i`'s line (a walk from `i`, so that each
    call costs a few lines, not the whole text)."""
    line_start, line_end = text.rfind("\n", 0, words[i].start()), text.find("\n", words[i].end())
    out = []
    if line_start >= 0:
        lo = text.rfind("\n", 0, line_start)
        j = i - 1
        while j >= 0 and words[j].start() > lo:
            if words[j].end() <= line_start:
                out.append(j)
            j -= 1
    if line_end >= 0:
        hi = text.find("\n", line_end + 1)
        j = i + 1
        while j < len(words) and (hi < 0 or words[j].end() <= hi):
            if words[j].start() > line_end:
                out.append(j)
            j += 1
    return out


# --- detection ---------------------------------------------------------------------------

_VIET_ONLY = re.compile("[ăđơưĂĐƠƯ\u1ea0-\u1ef9]")  # Vietnamese letters outside Latin-1
_SUSPECT = re.compile(r"\S*[\u0080-\u00ff]\S*")
_NON_ASCII_WORD = re.compile(r"\S*[^\x00-\x7f\s]\S*")
_ONSETS = ("ngh", "ng", "nh", "ch", "gh", "gi", "kh", "ph", "qu", "th", "tr", "b", "c", "d", "đ", "g", "h", "k",
           "l", "m", "n", "p", "r", "s", "t", "v", "x", "")
_NUCLEI = frozenset("""a ă â e ê i o ô ơ u ư y ai ao au ay âu ây eo êu ia iê iu oa oă oe oi oo ôi ơi ua uâ uê ui uô
    uơ uy ưa ưi ươ ưu yê iêu yêu oai oao oay oeo uây uôi uya uyê uyu ươi ươu""".split())
_CODAS = ("ch", "ng", "nh", "c", "m", "n", "p", "t", "")
_TONE_SET = frozenset(_TONE_MARKS)


def is_syllable(word: str) -> bool:
    """Whether `word` is a well-formed Vietnamese syllable (onset, vowel nucleus, coda, at most one tone)."""
    nfd = unicodedata.normalize("NFD", word.casefold())
    tones = sum(1 for ch in nfd if ch in _TONE_SET)
    if tones > 1:
        return False
    bare = unicodedata.normalize("NFC", "".join(ch for ch in nfd if ch not in _TONE_SET))
    for onset in _ONSETS:
        if not bare.startswith(onset):
            continue
        rest = bare[len(onset):]
        for coda in _CODAS:
            if rest.endswith(coda) and rest[:len(rest) - len(coda)] in _NUCLEI:
                return True
        if onset == "gi" and rest in _CODAS:  # "gì", "gìn": the i of gi is the nucleus
            return True
    return False


@dataclass(frozen=True)
class Guess:
    encoding: str  # unicode | tcvn3 | vni
    confidence: float  # share of words with non-ASCII letters that come out as Vietnamese syllables
    words: int  # how many such words were judged


def _score(tokens: list[str]) -> float:
    if not tokens:
        return 0.0
    good = 0
    for tok in tokens:
        parts = [p for p in re.split(r"[^\w]+|\d+|_", tok) if p]
        if parts and all(is_syllable(p) or p.isascii() for p in parts):
            good += 1
    return good / len(tokens)


def vietnamese_score(text: str, sample: int = 400_000) -> float:
    """Share of the words with non-ASCII letters in `text` that are well-formed Vietnamese syllables."""
    return round(_score([m.group() for m in _NON_ASCII_WORD.finditer(text[:sample])][:4000]), 3)


def detect(text: str, sample: int = 400_000) -> Guess:
    """Which encoding `text` (a str, possibly Latin-1 look-alikes) was typed in, with a confidence.

    Text with Vietnamese letters outside Latin-1 (ă, đ, ơ, ư, ạ, ế…) is Unicode and is never
    converted; text whose words with accents read as Vietnamese as they stand stays as it is.
    """
    head = text[:sample]
    suspects = [m.group() for m in _SUSPECT.finditer(head)][:4000]
    viet = len(_VIET_ONLY.findall(head))
    if not suspects or viet >= max(3, 0.2 * len(suspects)):
        return Guess("unicode", 1.0 if viet or not suspects else round(_score(suspects), 3), len(suspects))
    as_is = _score(suspects)
    scores = {name: _score([dec(t) for t in suspects]) for name, dec in DECODERS.items()}
    best = max(scores, key=lambda k: (scores[k], k))
    if scores[best] >= 0.6 and scores[best] > as_is + 0.2:
        return Guess(best, round(scores[best], 3), len(suspects))
    return Guess("unicode", round(as_is, 3), len(suspects))


def convert(text: str) -> tuple[str, Guess]:
    """`text` in Unicode NFC, and what was detected (converted only when TCVN3 or VNI).

    A Unicode document may hold paragraphs typed in a legacy font (a table pasted from an old
    file): a line with five or more accented words, no Vietnamese letter outside Latin-1, that
    reads as TCVN3 or VNI, is converted on its own; the guess then names that encoding."""
    guess = detect(text)
    if guess.encoding in DECODERS:
        return DECODERS[guess.encoding](text), guess
    lines = text.split("\n")
    found: dict[str, list[float]] = {}
    words = 0
    for i, line in enumerate(lines):
        if len(_SUSPECT.findall(line)) < 5 or _VIET_ONLY.search(line):
            continue
        one = detect(line)
        if one.encoding in DECODERS:
            lines[i] = DECODERS[one.encoding](line)
            found.setdefault(one.encoding, []).append(one.confidence)
            words += one.words
    if found:
        name = max(found, key=lambda k: (len(found[k]), k))
        guess = Guess(name, round(min(found[name]), 3), words)
    return unicodedata.normalize("NFC", "\n".join(lines)), guess
