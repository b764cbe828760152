"""The one error an input can end with: a line naming the file and what to do."""
from __future__ import annotations

import os

from ..errors import DxError


class IngestError(DxError):
    """One input could not be converted; the others still are."""

    exit_code = 2

    def __init__(self, path: str | os.PathLike, why: str):
        self.path = str(path)
        self.why = why
        super().__init__(f"{path}: {why}")
