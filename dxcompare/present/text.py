"""Text for readers: the missing mark, Markdown-safe text, numbers, targets and short bilingual names.

Numbers are grouped with a narrow space, because "1,560" means one thousand
five hundred and sixty to an English reader but one point five six to a
Vietnamese one. Codes such as `records_online_commune` are keys for the data,
not words for a reader, and the registry's names run to 180 characters; a
table row or an axis needs a name that fits, in both languages, still unique.
"""
from __future__ import annotations

import html
import re

import pandas as pd

from ..schema import MONEY_UNITS
from ..textnorm import fold

MISSING = "—"
THIN = "\u202f"  # narrow no-break space: a thousands separator read the same way in both languages
COMPARATOR_SYMBOLS = {"=": "", ">": ">", ">=": "≥", "~": "≈", "<=": "≤"}
UNIT_SUFFIX = {"%": "%", "count": "", "percent_per_year": " %/năm", "percentage_points": " điểm %"}
NAME_WIDTH = 64  # characters per language in a table
AXIS_WIDTH = 60  # characters per language on a figure axis (one line each)
_PARENS = re.compile(r"\s*\([^()]*\)")
# Abbreviations every reader of Vietnamese administrative writing knows, used only when a name is too long.
ABBREVIATIONS = (
    ("nông thôn mới", "NTM"), ("công nghệ thông tin", "CNTT"), ("Ủy ban nhân dân", "UBND"),
    ("dịch vụ công trực tuyến", "DVCTT"), ("doanh nghiệp nhỏ và vừa", "DNNVV"),
    ("small and medium-sized enterprises", "SMEs"),
)
_MD_SPECIAL = re.compile(r"([\\`*_\[\]|~$#])")  # emphasis, code, links, tables, strike-through, maths, headings
_MD_BLOCK_START = re.compile(r"^(?:(\d+)(?=[.)])|(?=[-+=]))")  # '1.', '1)', '-', '+', '=' open a list or a heading


class Note(str):
    """Markdown text: a notebook renders it as Markdown and prints it as itself, not as an object repr."""

    def _repr_markdown_(self) -> str:
        return str(self)

    def __repr__(self) -> str:
        return str(self)


def md_text(value) -> str:
    """`value` as literal text inside Markdown, so that what a source or registry says cannot become markup.

    Markdown passes raw HTML through, so `&`, `<`, `>` become entities; inline
    markers are backslash-escaped; white space, newlines included, folds to one
    space, so no new block can start, and a leading list marker is escaped too.
    """
    text = html.escape(" ".join(str(value).split()), quote=False)
    return _MD_BLOCK_START.sub(r"\1\\", _MD_SPECIAL.sub(r"\\\1", text), count=1)


def gloss(en) -> str:
    """A curated English gloss, or "—" when none is recorded (never made up)."""
    return MISSING if en is None or pd.isna(en) or not str(en).strip() else str(en)


def vi_en(vi, en, sep: str = " / ") -> str:
    """'Vietnamese / English' for a curated text and its gloss ('… / —' when the gloss is not recorded)."""
    return f"{vi}{sep}{gloss(en)}"


def format_number(value) -> str:
    """'1 560', '0.66', '1 560 000 000': thousands grouped by a narrow space, at most three decimals."""
    if value is None or pd.isna(value):
        return MISSING
    value = float(value)
    if value.is_integer():
        text = f"{int(value):,}"
    else:
        text = f"{value:,.3f}".rstrip("0").rstrip(".")
    return text.replace(",", THIN)


def format_target(value: float, comparator: str, unit: str, year: int | None = None) -> str:
    """'≥80% (2025)': comparator, number and unit as one readable cell."""
    text = f"{COMPARATOR_SYMBOLS[comparator]}{value:g}{UNIT_SUFFIX[unit]}"
    return text if year is None or pd.isna(year) else f"{text} ({year})"


def money_unit(unit: str) -> str:
    """'triệu đồng / million VND' for `unit` = 'million' (schema.MONEY_UNITS)."""
    _, vi, en = MONEY_UNITS[unit]
    return f"{vi} / {en}"


def shorten(text: str, width: int) -> str:
    """A name cut to `width` characters, losing the least first.

    First the usual abbreviations (nông thôn mới → NTM), then parenthesised
    detail (it explains; the words before it name), then words from the end,
    marked with '…'. A spaced dash clause such as "– Bộ tiêu chí xã NTM nâng
    cao" is kept as long as it fits: it tells two otherwise identical criteria apart.
    """
    text = fold(str(text))
    if len(text) <= width:
        return text
    for long, short in ABBREVIATIONS:
        text = re.sub(re.escape(long), short, text, flags=re.IGNORECASE)
    if len(text) <= width:
        return text
    bare = _PARENS.sub("", text)
    if len(bare) <= width:
        return bare
    cut = bare[: width - 1]
    if " " in cut and not bare[width - 1].isspace():
        cut = cut[: cut.rfind(" ")]
    return cut.rstrip(" ,;:–-") + "…"


def indicator_names(indicators: pd.DataFrame, codes, width: int = NAME_WIDTH,
                    sep: str = " / ") -> dict[str, str]:
    """code -> 'Vietnamese name / English name', each shortened to `width`, unique over `codes`.

    A code missing from the registry keeps its code; two codes whose short
    names coincide get their code appended, so no two rows read the same.
    """
    reg = indicators.set_index("indicator_code")
    names = {}
    for code in dict.fromkeys(codes):
        if code in reg.index:
            names[code] = sep.join(shorten(reg.loc[code, col], width) for col in ("name_vi", "name_en"))
        else:
            names[code] = str(code)
    seen = pd.Series(names).duplicated(keep=False)
    return {c: f"{n} [{c}]" if seen[c] else n for c, n in names.items()}
