"""The loaded dataset: its typed tables and its raw texts read on demand (where data lives: `defaults`).

Kept apart from the loader so that the cache, the extractor and the analyses can
name a `Dataset` without importing the machinery that builds one.
"""
from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from .errors import DataError, Problem
from .national import tables as national_tables
from .readers import read_bytes
from .textnorm import nfc

def read_source(path: str | os.PathLike) -> tuple[str, str]:
    """A raw text file's sha256 (of its bytes) and its text in NFC (a BOM dropped).

    Raises `DataError` with one readable problem when the file cannot be read,
    is not a regular file, is over the size limit or is not UTF-8.
    """
    path = Path(path)
    problems: list[Problem] = []
    data = read_bytes(path, str(path), problems)
    if data is None:
        raise DataError(problems)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise DataError([Problem(str(path), line, "encoding", f"byte 0x{data[exc.start]:02x}",
                                 "file is not UTF-8; re-save it as UTF-8")]) from None
    return hashlib.sha256(data).hexdigest(), nfc(text)


@dataclass
class Dataset:
    """Every table of a data folder; fact tables carry `plan_id` and the quote's span."""

    data_dir: Path
    plans: pd.DataFrame
    citations: pd.DataFrame
    targets: pd.DataFrame
    budgets: pd.DataFrame
    funding_sources: pd.DataFrame
    assignments: pd.DataFrame
    evidence: pd.DataFrame
    legal_documents: pd.DataFrame
    agencies: pd.DataFrame
    indicators: pd.DataFrame
    provinces: pd.DataFrame
    sources: pd.DataFrame
    # the national layer (data/national/, optional: empty tables when the folder has none)
    catalogue: pd.DataFrame = field(default_factory=lambda: national_tables.empty_frames()["catalogue"])
    headline_targets: pd.DataFrame = field(default_factory=lambda: national_tables.empty_frames()["headline_targets"])
    dti: pd.DataFrame = field(default_factory=lambda: national_tables.empty_frames()["dti"])
    national_targets: pd.DataFrame = field(default_factory=lambda: national_tables.empty_frames()["national_targets"])
    centroids: pd.DataFrame = field(default_factory=lambda: national_tables.empty_frames()["centroids"])
    texts: Mapping[str, str] = field(repr=False, default_factory=dict)  # raw file -> NFC text (see `Texts`)
    inputs: dict[str, str] = field(repr=False, default_factory=dict)  # file (relative) -> sha256 of the bytes read
    drafts: tuple[str, ...] = field(repr=False, default=())  # plan files left out: still marked draft: true
    # plan file (relative) -> [plan_id, entry key, line, source_file]: lets the cache keep its rows (reuse.py)
    entries: dict[str, list] = field(repr=False, default_factory=dict)

    TABLES = ("plans", "citations", "targets", "budgets", "funding_sources", "assignments",
              "evidence", "legal_documents", "agencies", "indicators", "provinces", "sources",
              "catalogue", "headline_targets", "dti", "national_targets", "centroids")

    def tables(self) -> dict[str, pd.DataFrame]:
        return {name: getattr(self, name) for name in self.TABLES}


class Texts(Mapping):
    """The raw texts by file name, in NFC, read when first asked for.

    A corpus of thousands of plans holds hundreds of megabytes of text that most
    analyses never look at, so texts are not kept from the validation pass (nor
    stored in the cache). Each is checked, when read, against the sha256 it had
    when the dataset was validated: the quote spans always index the very text
    they were computed on, or reading fails with a clear message.
    """

    def __init__(self, data_dir: Path, digests: dict[str, str]):
        self.data_dir = Path(data_dir)
        self.digests = dict(digests)
        self._texts: dict[str, str] = {}

    def __getitem__(self, name: str) -> str:
        text = self._texts.get(name)
        if text is None:
            if name not in self.digests:
                raise KeyError(name)
            path = self.data_dir / "raw" / name
            digest, text = read_source(path)
            if digest != self.digests[name]:
                raise DataError([Problem(str(path), None, "sha256", name,
                                         "changed since the dataset was loaded; load the dataset again")])
            self._texts[name] = text
        return text

    def __iter__(self) -> Iterator[str]:
        return iter(self.digests)

    def __len__(self) -> int:
        return len(self.digests)

    def __repr__(self) -> str:
        return f"Texts({len(self)} files in {self.data_dir / 'raw'})"
