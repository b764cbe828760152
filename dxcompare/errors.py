"""Errors that reach a user as one readable line, never as a traceback."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One defect in the data: where it is, which field, what value, and why."""

    file: str
    line: int | None
    field: str
    value: object
    why: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.field}: {shown(self.value)} — {self.why}"


MAX_SHOWN = 120


def shown(value) -> str:
    """A value as a message shows it: text quoted and cut short, a list or mapping only named.

    Never the full repr of a container: a value read from hostile YAML can be
    huge, and its repr would take minutes and gigabytes to build.
    """
    if isinstance(value, str):
        return repr(value if len(value) <= MAX_SHOWN else value[:MAX_SHOWN] + "…")
    if isinstance(value, dict):
        return f"(a mapping of {len(value)} keys)"
    if isinstance(value, (list, tuple, set)):
        return f"(a list of {len(value)} items)"
    text = str(value)
    return text if len(text) <= MAX_SHOWN else text[:MAX_SHOWN] + "…"


_ROOT_FIELDS = ("file", "encoding", "yaml", "csv", "sources")


def sort_key(p: Problem) -> tuple:
    """Root causes first (a registry or the manifest that cannot be read), then by file, line, field.

    Plans are checked against what could be read, so a missing registry is one
    problem, and it is the first line a curator sees.
    """
    where = p.file.replace("\\", "/")
    root = ("/reference/" in where or where.startswith("reference/") or where.endswith("sources.yaml")) \
        and p.field in _ROOT_FIELDS
    return (not root, p.file, p.line or 0, p.field, shown(p.value), p.why)


class DxError(Exception):
    """A user-facing failure; the CLI prints it and exits with `exit_code`."""

    exit_code = 1


class DataError(DxError):
    """The data folder is invalid; carries every problem found, not just the first."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems, key=sort_key)
        super().__init__("\n".join(str(p) for p in self.problems))


class UsageError(DxError):
    """Bad arguments or parameters (unknown plan, pillar, format, path…)."""

    exit_code = 1
