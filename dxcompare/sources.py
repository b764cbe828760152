"""The raw-text manifest `raw/sources.yaml` and the raw texts it lists.

Every entry is checked like any other record (types, enumerations, ids); a file
may be listed once, its name must stay inside raw/, and its sha256 must be 64
hex digits. Whether its `plan_id` names a plan is checked by the loader, which
knows every plan.
"""
from __future__ import annotations

import hashlib
import re
from pathlib import Path

from . import schema
from .errors import Problem
from .readers import LineDict, decode, parse_yaml, read_bytes
from .rules import check_record
from .foldedtext import FoldedText

SOURCE_COLUMNS = ("file", "plan_id", "kind", "completeness", "origin", "sha256")
_SHA256 = re.compile(r"[0-9a-f]{64}")


def rel(path: Path, root: Path) -> str:
    """`path` as messages show it: relative to the data folder's parent (data/plans/x.yaml)."""
    try:
        return str(path.relative_to(root.parent))
    except ValueError:
        return str(path)


def read_manifest(data_dir: Path, problems: list[Problem], inputs: dict[str, str]) -> tuple[list[dict], dict]:
    """The manifest's valid rows, and for each file (manifest label, line of sha256, sha256, line of plan_id)."""
    path = data_dir / "raw" / "sources.yaml"
    label = rel(path, data_dir)
    data = read_bytes(path, label, problems)
    if data is None:
        return [], {}
    inputs["raw/sources.yaml"] = hashlib.sha256(data).hexdigest()
    text = decode(data, label, problems)
    entries = None if text is None else parse_yaml(text, label, problems)
    if entries is None:
        return [], {}
    if not isinstance(entries, list):
        problems.append(Problem(label, 1, "sources", type(entries).__name__, "expected a list of files"))
        return [], {}
    rows, expected = [], {}
    for entry in entries:
        if not isinstance(entry, LineDict):
            problems.append(Problem(label, None, "file", entry, "expected an entry with a file name"))
            continue
        rec = check_record(entry, schema.SOURCE_ENTRY_COLUMNS, label, entry.line_of, problems,
                           allow_extra=schema.SOURCE_ENTRY_EXTRA)
        if rec is not None and not isinstance(entry.get("warnings") or [], list):
            problems.append(Problem(label, entry.line_of("warnings"), "warnings", entry["warnings"], "expected a list"))
        if rec is None:
            continue
        name = rec["file"]
        if Path(name).name != name or name in ("", ".", ".."):
            problems.append(Problem(label, entry.line_of("file"), "file", name, "must be a plain file name inside raw/"))
            continue
        if name in expected:
            problems.append(Problem(label, entry.line_of("file"), "file", name,
                                    f"listed twice (first on line {expected[name][4]})"))
            continue
        if not _SHA256.fullmatch(rec["sha256"]):
            problems.append(Problem(label, entry.line_of("sha256"), "sha256", rec["sha256"],
                                    "expected 64 lower-case hex digits"))
        expected[name] = (label, entry.line_of("sha256"), rec["sha256"], entry.line_of("plan_id"), entry.line_of("file"))
        rows.append({k: rec.get(k) for k in SOURCE_COLUMNS})
    return rows, expected


def load_text(data_dir: Path, name: str, expected: tuple, problems: list[Problem]
              ) -> tuple[FoldedText | None, str | None]:
    """One manifest entry's text (indexed for quote search) and sha256, the hash checked against the manifest."""
    label, sha_line, sha = expected[:3]
    path = data_dir / "raw" / name
    raw_label = rel(path, data_dir)
    data = read_bytes(path, raw_label, problems)
    if data is None:
        return None, None
    digest = hashlib.sha256(data).hexdigest()
    text = decode(data, raw_label, problems)
    if text is None:
        return None, digest
    if sha != digest:
        problems.append(Problem(label, sha_line, "sha256", sha, f"does not match {name} (its sha256 is {digest})"))
    return FoldedText(text), digest


def check_plan_links(rows: list[dict], expected: dict, plan_ids: set[str], problems: list[Problem]) -> None:
    """Every manifest `plan_id` names a plan of the folder."""
    for row in rows:
        pid = row["plan_id"]
        if pid is not None and pid not in plan_ids:
            label, _, _, line, _ = expected[row["file"]]
            problems.append(Problem(label, line, "plan_id", pid, "not a plan of plans/ (no plans/<plan_id>.yaml)"))
