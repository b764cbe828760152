"""Assignments written as tables or labelled lines rather than sentences.

Plans often list tasks in a table ("| Nhiệm vụ | Cơ quan chủ trì | Cơ quan phối
hợp |") or under a task heading with labelled lines ("- Cơ quan chủ trì: Sở X.",
"- Đơn vị phối hợp: …"). The role is then the column's or the label's, and the
task is the row's task cell or the heading above the labels.
"""
from __future__ import annotations

import re

from .normalize import Doc, Para, kw

LABEL = re.compile(r"(?i)(?:cơ\s+quan|đơn\s+vị|bộ\s+phận)\s+(?P<role>chủ\s+trì|phối\s+hợp|thực\s+hiện|tham\s+mưu|"
                   r"đầu\s+mối|thường\s+trực|báo\s+cáo)(?:\s+thực\s+hiện)?\s*:\s*$")
LABEL_LINE = re.compile(r"(?i)\s*(?:cơ\s+quan|đơn\s+vị|bộ\s+phận|thời\s+gian|thời\s+hạn|kinh\s+phí|sản\s+phẩm)"
                        r"[^:\n]{0,30}:")
_LABEL_ROLE = {"chủ trì": "lead", "đầu mối": "lead", "thường trực": "lead", "phối hợp": "coordinate",
               "thực hiện": "implement", "tham mưu": "advise", "báo cáo": "report"}
_ROLE_HEADER = [("lead", kw("chủ trì", "đầu mối")), ("coordinate", kw("phối hợp")),
                ("implement", kw("thực hiện", "trách nhiệm thực hiện", "đơn vị thực hiện")), ("advise", kw("tham mưu"))]
_TASK_HEADER = kw("nhiệm vụ", "nội dung", "công việc", "hoạt động", "tên nhiệm vụ", "giải pháp")


def label_role(before: str) -> str | None:
    """The role of names written after a label ("Cơ quan chủ trì: "), or None."""
    m = LABEL.search(before)
    return _LABEL_ROLE[" ".join(m.group("role").lower().split())] if m else None


def table_roles(doc: Doc, rows: list[Para], find, emit) -> None:
    """One role per role column of a task table; `find(start, end)` gives the names in a cell."""
    work = doc.work
    role_col: dict[int, str] = {}
    task_col = None
    task = ""
    for row in rows:
        texts = [work[a:b] for a, b in row.cells]
        header = {j: role for j, t in enumerate(texts) for role, rx in _ROLE_HEADER if rx.search(t) and len(t) < 60}
        if header and not role_col:
            role_col = header
            task_col = next((j for j, t in enumerate(texts) if _TASK_HEADER.search(t) and j not in header), None)
            continue
        if not role_col:
            continue
        tj = task_col if task_col is not None and task_col < len(texts) else \
            next((j for j, t in enumerate(texts) if len(t.split()) >= 3 and j not in role_col), None)
        own = " ".join(texts[tj].split()) if tj is not None else ""
        # a row without its number continues the row above (a cell wrapped onto the next line of a PDF table)
        task = (f"{task} {own}".strip() if texts and not texts[0].strip() and task else own)[:200]
        for j, role in role_col.items():
            if j >= len(row.cells):
                continue
            a, b = row.cells[j]
            start = row.cells[tj][0] if tj is not None and tj < j else a
            emit(find(a, b), role, a, b, start, task or None)
