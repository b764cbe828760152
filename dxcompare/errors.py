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
        value = repr(self.value) if isinstance(self.value, str) else self.value
        return f"{where}: {self.field}: {value} — {self.why}"


class DxError(Exception):
    """A user-facing failure; the CLI prints it and exits with `exit_code`."""

    exit_code = 1


class DataError(DxError):
    """The data folder is invalid; carries every problem found, not just the first."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems, key=lambda p: (p.file, p.line or 0, p.field, str(p.value)))
        super().__init__("\n".join(str(p) for p in self.problems))


class UsageError(DxError):
    """Bad arguments or parameters (unknown plan, pillar, format, path…)."""

    exit_code = 1
