"""HTML of a reader's table: pandas' own escaping `to_html`, with alignment and wrapping decided here.

The renderer knows which columns hold values (numbers, amounts, targets,
periods: right-aligned, tabular figures, never wrapped) and which hold short
codes or dates (never broken at a hyphen), because `present.table` tells it
from the analysis table's types. It says so in a small style block scoped to
the table's id; nothing is read back out of the HTML afterwards.
"""
from __future__ import annotations

import hashlib

import pandas as pd

VALUES = "value_columns"  # DataFrame.attrs key: the columns that hold values, or ALL
ALL = "*"
SHORT = 30  # characters: a cell this short without spaces is a code, a number or a date


class Table(pd.DataFrame):
    """A DataFrame shown to a reader; derived frames are plain DataFrames again."""

    @property
    def _constructor(self):
        return pd.DataFrame

    def _repr_html_(self) -> str:
        return html_table(self)


def _short(values) -> bool:
    cells = [str(v) for v in values if isinstance(v, str) or pd.notna(v)]
    return bool(cells) and all(len(c) <= SHORT and not any(ch.isspace() for ch in c) for c in cells)


def html_table(df: pd.DataFrame) -> str:
    """`df.to_html` under the notebook's display limits, preceded by its column rules (right-aligned values,
    codes and dates kept on one line); the table id is a digest of its layout, so output is reproducible."""
    marked = df.attrs.get(VALUES, ())
    n = len(df.columns)
    values = set(range(n)) if marked == ALL else {j for j, c in enumerate(df.columns) if c in set(marked)}
    keep = {j for j in range(n) if j not in values and _short(df.iloc[:, j])}
    # The id names the table's layout (headers, shape, rules), not its values: a changed number shows in a
    # diff as that number, and two tables of one layout on a page share the same rules harmlessly.
    layout = repr((list(df.columns), list(df.index.names), df.shape, sorted(values), sorted(keep)))
    digest = hashlib.sha1(layout.encode("utf-8")).hexdigest()[:10]
    tid = f"dx-{digest}"
    rules = []
    for j in sorted(values):  # data cells are a row's last n children, whatever rowspans the index has
        k = n - j
        rules.append(f"#{tid} tbody td:nth-last-child({k}), #{tid} thead tr:first-child th:nth-last-child({k}) "
                     "{text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap;}")
    for j in sorted(keep):
        rules.append(f"#{tid} tbody td:nth-last-child({n - j}) {{white-space: nowrap;}}")
    levels = [df.index.get_level_values(i) for i in range(df.index.nlevels)]
    if all(_short(level) for level in levels):
        rules.append(f"#{tid} tbody th {{white-space: nowrap;}}")
    page = df.to_html(table_id=tid, max_rows=pd.get_option("display.max_rows"),
                      max_cols=pd.get_option("display.max_columns"),
                      show_dimensions=pd.get_option("display.show_dimensions") is True)
    style = f"<style>\n{chr(10).join(rules)}\n</style>\n" if rules else ""
    return f"<div>\n{style}{page}\n</div>"
