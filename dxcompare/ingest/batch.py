"""Ingest several files into one folder: each text written whole, its manifest entry appended.

Every input stands alone: one that fails gets one line naming it and what to do, and
the others are still converted. A text file already in the folder is never replaced
without `force` (unless it holds exactly the text this conversion gives, in which case
the run has nothing to do for it); originals are only read.
"""
from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

from ..atomic import safe_child, write_text
from ..errors import UsageError
from . import manifest
from .pipeline import convert
from .errors import IngestError


@dataclass
class Outcome:
    path: str
    text_file: Path | None = None
    error: str | None = None
    unchanged: bool = False


def prepare_out(out: Path) -> None:
    if out.exists() and not out.is_dir():
        raise UsageError(f"--out {out}: is a file, not a folder")
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UsageError(f"--out {out}: cannot create the folder ({exc.strerror or exc})") from None


def ingest(paths: list[str], out: Path, force: bool = False, jobs: int | None = None, log=None) -> list[Outcome]:
    log = log or sys.stderr
    prepare_out(out)
    index = out / manifest.MANIFEST
    taken = set(manifest.listed(index))
    named_this_run: set[str] = set()
    outcomes = []
    for raw in paths:
        path = Path(raw)
        try:
            if path.resolve().parent == out.resolve() and path.suffix == ".txt" and path.name in taken:
                raise IngestError(path, f"is already a converted text listed in {index}; ingest the original instead")
            conv = convert(path, jobs)
            name = manifest.text_name(path, named_this_run)
            named_this_run.add(name)
            target = safe_child(out, name)
            listed = manifest.listed(index)
            if target.exists() and not force:
                if target.read_bytes() == conv.text.encode("utf-8") and name in listed:
                    outcomes.append(Outcome(raw, target, unchanged=True))
                    print(f"{raw}: unchanged, already ingested as {target}", file=log)
                    continue
                raise IngestError(path, f"would overwrite {target}; rename the input, or rerun with --force "
                                        f"to replace that text and its entry in {index.name}")
            entry = manifest.entry(conv, name)
            write_text(target, conv.text)
            manifest.append(index, entry, replace=name in listed)
        except IngestError as exc:
            print(f"error: {exc}", file=log)
            outcomes.append(Outcome(raw, error=str(exc)))
            continue
        except OSError as exc:
            print(f"error: {raw}: cannot write into {out} ({exc.strerror or exc})", file=log)
            outcomes.append(Outcome(raw, error=str(exc)))
            continue
        notes = f" ({len(conv.warnings)} warning(s) in {index.name})" if conv.warnings else ""
        print(f"{raw}: {conv.method}, {conv.pages or '?'} page(s) → {target}{notes}", file=log)
        outcomes.append(Outcome(raw, target))
    return outcomes
