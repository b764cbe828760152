"""The reference registries the extractor resolves names against.

Read straight from `reference/*.csv` (when present) rather than through the
loader: extraction must work on a data folder that is not (yet) valid, and on
no data folder at all, in which case names stay unresolved and say so.
"""
from __future__ import annotations

import csv
import os
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from ..defaults import default_data_dir


@dataclass(frozen=True)
class AgencyEntry:
    agency_id: str
    name_vi: str
    aliases: tuple[str, ...]
    kind: str
    level: str
    successor: str = ""


@dataclass(frozen=True)
class IndicatorEntry:
    code: str
    pillar: str
    name_vi: str
    unit: str
    scope: str


@dataclass
class Registries:
    agencies: tuple[AgencyEntry, ...] = ()
    indicators: tuple[IndicatorEntry, ...] = ()
    provinces: tuple[str, ...] = ()  # name_vi
    legal_documents: frozenset[str] | None = None  # None: no registry to check against
    cache: dict = field(default_factory=dict, repr=False, compare=False)

    @classmethod
    def load(cls, data_dir: str | os.PathLike | None = None) -> "Registries":
        """The registries of `data_dir` (default: the package's data folder); cached per folder state."""
        if data_dir is None:
            data_dir = default_data_dir()
        ref = Path(data_dir) / "reference"
        stamp = tuple(_mtime(ref / n) for n in ("agencies.csv", "indicators.csv", "provinces.csv", "legal_documents.csv"))
        return _load(str(ref.resolve()), stamp)


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return -1.0


def _rows(path: Path) -> list[dict] | None:
    try:
        with open(path, encoding="utf-8-sig", newline="") as fh:
            return [{k: (v or "").strip() for k, v in row.items() if k} for row in csv.DictReader(fh)]
    except (OSError, UnicodeDecodeError, csv.Error):
        return None


@lru_cache(maxsize=8)
def _load(ref: str, _stamp: tuple) -> Registries:
    ref_dir = Path(ref)
    agencies = tuple(
        AgencyEntry(r["agency_id"], r.get("name_vi", ""),
                    tuple(a.strip() for a in r.get("aliases", "").split(";") if a.strip()),
                    r.get("kind", ""), r.get("level", ""), r.get("successor", ""))
        for r in _rows(ref_dir / "agencies.csv") or [] if r.get("agency_id"))
    indicators = tuple(
        IndicatorEntry(r["indicator_code"], r.get("pillar", ""), r.get("name_vi", ""), r.get("unit", ""),
                       r.get("scope", ""))
        for r in _rows(ref_dir / "indicators.csv") or [] if r.get("indicator_code"))
    provinces = tuple(r["name_vi"] for r in _rows(ref_dir / "provinces.csv") or [] if r.get("name_vi"))
    legal = _rows(ref_dir / "legal_documents.csv")
    legal_ids = frozenset(r["doc_id"] for r in legal if r.get("doc_id")) if legal is not None else None
    return Registries(agencies, indicators, provinces, legal_ids)
