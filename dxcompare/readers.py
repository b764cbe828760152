"""Read data files safely, keeping line numbers so every problem can point at a line.

Only safe loaders are used (no Python object tags). Decoding and syntax errors
become `Problem`s instead of exceptions, so one run reports every bad file.
"""
from __future__ import annotations

import csv
import io
from pathlib import Path

import yaml

from .errors import Problem

_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class LineDict(dict):
    """A mapping from YAML that remembers the line of itself and of each key."""

    line: int = 0
    lines: dict

    def line_of(self, key: str) -> int:
        return self.lines.get(key, self.line)


class _LineLoader(_BaseLoader):
    pass


def _construct_mapping(loader: yaml.SafeLoader, node: yaml.MappingNode) -> LineDict:
    loader.flatten_mapping(node)
    out = LineDict()
    out.line = node.start_mark.line + 1
    out.lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if key in out:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {key!r}", key_node.start_mark)
        out[key] = loader.construct_object(value_node, deep=True)
        out.lines[key] = key_node.start_mark.line + 1
    return out


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def read_text(path: Path, label: str, problems: list[Problem]) -> str | None:
    """The file's text as UTF-8, or None (with a problem) when it cannot be read."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        problems.append(Problem(label, None, "file", str(path), f"cannot be read ({exc.strerror})"))
        return None
    if not data.strip():
        problems.append(Problem(label, None, "file", str(path), "is empty"))
        return None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        problems.append(Problem(label, line, "encoding", f"byte 0x{data[exc.start]:02x}",
                                "file is not UTF-8; re-save it as UTF-8"))
        return None


def read_yaml(path: Path, label: str, problems: list[Problem]):
    """Parse a YAML file with line numbers; None (with a problem) on any error."""
    text = read_text(path, label, problems)
    if text is None:
        return None
    try:
        return yaml.load(text, Loader=_LineLoader)  # noqa: S506 - safe loader subclass
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        line = mark.line + 1 if mark else None
        why = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        problems.append(Problem(label, line, "yaml", "syntax", f"YAML syntax error: {why}"))
        return None


def read_csv(path: Path, label: str, problems: list[Problem]) -> list[tuple[int, dict]] | None:
    """Rows of a CSV as (line number, dict); None (with a problem) on any error."""
    text = read_text(path, label, problems)
    if text is None:
        return None
    reader = csv.DictReader(io.StringIO(text, newline=""))
    rows = []
    try:
        for row in reader:
            if None in row:
                problems.append(Problem(label, reader.line_num, "row", len(row) + len(row[None]) - 1,
                                        f"more fields than the {len(reader.fieldnames)} columns"))
                continue
            rows.append((reader.line_num, row))
    except csv.Error as exc:
        problems.append(Problem(label, reader.line_num, "csv", "syntax", f"CSV syntax error: {exc}"))
        return None
    return rows
