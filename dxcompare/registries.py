"""The reference registries (`reference/*.csv`) and the rules that tie their rows together.

Rows are checked like any record; then: ids unique, rows sorted by id (so a
diff of a registry shows what changed), no surrounding spaces, and every link
inside the registries (`implements`, `successor`, `successor_code`) resolves,
points elsewhere and closes no cycle.
"""
from __future__ import annotations

import hashlib
import re
from pathlib import Path

from . import schema
from .errors import Problem
from .readers import decode, parse_csv, read_bytes
from .rules import check_record
from .sources import rel
from .textnorm import agency_key


def label(data_dir: Path, name: str) -> str:
    return rel(data_dir / "reference" / schema.REGISTRIES[name][0], data_dir)


def read_registries(data_dir: Path, problems: list[Problem], inputs: dict[str, str]) -> dict[str, list[dict] | None]:
    """Each registry's valid records (with `_line`), or None for a registry that could not be read at all."""
    out: dict[str, list[dict] | None] = {}
    for name, (file_name, columns, key) in schema.REGISTRIES.items():
        path = data_dir / "reference" / file_name
        where = rel(path, data_dir)
        data = read_bytes(path, where, problems)
        rows = None
        if data is not None:
            inputs[f"reference/{file_name}"] = hashlib.sha256(data).hexdigest()
            text = decode(data, where, problems)
            rows = None if text is None else parse_csv(text, where, problems)
        if rows is None:
            out[name] = None
            continue
        records, seen, previous = [], {}, None
        for line, row in rows:
            for field, value in row.items():
                if isinstance(value, str) and value != value.strip():
                    problems.append(Problem(where, line, str(field), value, "has surrounding spaces"))
            rec = check_record(row, columns, where, lambda _k, line=line: line, problems)
            if rec is None:
                continue
            if rec[key] in seen:
                problems.append(Problem(where, line, key, rec[key], f"duplicate id (first on line {seen[rec[key]]})"))
                continue
            if previous is not None and rec[key] < previous:
                problems.append(Problem(where, line, key, rec[key],
                                        f"rows must be sorted by {key}: this row belongs before {previous!r}"))
            previous = rec[key]
            seen[rec[key]] = line
            rec["_line"] = line
            records.append(rec)
        out[name] = records
    return out


def implements_of(rec: dict) -> list[str]:
    return [t for t in (s.strip() for s in (rec["implements"] or "").split(";")) if t]


def check_links(data_dir: Path, registries: dict[str, list[dict]], ids: dict[str, set],
                problems: list[Problem]) -> None:
    """Links inside the registries resolve, point at another row, and `implements` has no cycle."""
    docs = label(data_dir, "legal_documents")
    graph = {}
    for rec in registries["legal_documents"]:
        targets = implements_of(rec)
        for target in targets:
            if target not in ids["legal_documents"]:
                problems.append(Problem(docs, rec["_line"], "implements", target, "not a doc_id of this registry"))
            elif target == rec["doc_id"]:
                problems.append(Problem(docs, rec["_line"], "implements", target, "a document cannot implement itself"))
        graph[rec["doc_id"]] = (rec["_line"], [t for t in targets if t in ids["legal_documents"] and t != rec["doc_id"]])
    _check_acyclic(graph, docs, problems)
    _check_agency_registry(registries["agencies"], ids["agencies"], label(data_dir, "agencies"), problems)
    for rec in registries["provinces"]:
        if rec["successor_code"] not in ids["provinces"]:
            problems.append(Problem(label(data_dir, "provinces"), rec["_line"], "successor_code",
                                    rec["successor_code"], "not a code of this registry"))


_ACT = re.compile(r"(?:Hiến pháp|Điều lệ|Luật|Bộ luật|Nghị định|Nghị quyết|Quyết định|Quy định|Kết luận|Hướng dẫn|"
                  r"Thông tư|Chỉ thị)\b|\braw:\S+")


def _check_agency_registry(rows: list[dict], ids: set, file: str, problems: list[Problem]) -> None:
    """The agency registry's own rules: every spelling names one body, successors resolve, every fact is sourced.

    Names are compared as the extractor looks them up (`textnorm.agency_key`), so two bodies can never
    claim one spelling; a successor needs the act that decided it; a source must name a legal act
    (or the raw text, `raw:<file>`) so that every row can be checked against the law.
    """
    owner: dict[str, tuple[str, int]] = {}
    for rec in rows:
        line, aid = rec["_line"], rec["agency_id"]
        names = [("name_vi", rec["name_vi"])] + [("aliases", a.strip()) for a in (rec["aliases"] or "").split(";")]
        for field_name, name in names:
            if not name:
                continue
            key = agency_key(name)
            first = owner.setdefault(key, (aid, line))
            if first[0] != aid:
                problems.append(Problem(file, line, field_name, name,
                                        f"the same name as {first[0]} (line {first[1]}) once normalised"))
        succ = rec["successor"]
        if succ and succ not in ids:
            problems.append(Problem(file, line, "successor", succ, "not an agency_id of this registry"))
        elif succ == aid:
            problems.append(Problem(file, line, "successor", succ, "a body cannot succeed itself"))
        if succ and not rec.get("successor_act"):
            problems.append(Problem(file, line, "successor_act", None, "a successor needs the act that decided it"))
        if not _ACT.search(rec["source"] or ""):
            problems.append(Problem(file, line, "source", rec["source"],
                                    "must name the legal act the row rests on (or raw:<file>)"))


def _check_acyclic(graph: dict[str, tuple[int, list[str]]], where: str, problems: list[Problem]) -> None:
    state: dict[str, int] = {}  # 1 on the current path, 2 done
    for start in sorted(graph):
        if start in state:
            continue
        stack = [(start, iter(graph[start][1]))]
        state[start] = 1
        while stack:
            node, children = stack[-1]
            nxt = next(children, None)
            if nxt is None:
                state[node] = 2
                stack.pop()
            elif state.get(nxt) == 1:
                path = [n for n, _ in stack]
                cycle = path[path.index(nxt):] + [nxt]
                problems.append(Problem(where, graph[node][0], "implements", nxt,
                                        "closes a cycle: " + " → ".join(cycle)))
            elif nxt not in state:
                state[nxt] = 1
                stack.append((nxt, iter(graph[nxt][1])))
