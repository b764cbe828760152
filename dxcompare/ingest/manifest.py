"""The `sources.yaml` entry of a converted text, and appending it without touching the others.

An entry has the keys of `data/raw/sources.yaml` (`file`, `plan_id`, `kind`,
`completeness`, `origin`, `retrieved_note`, `sha256` — the ones a curator must fill are
written as null) followed by what the conversion was: `original`, `original_format`,
`original_sha256`, `conversion`, `converter`, `pages`, and when they apply
`source_encoding`, `encoding_confidence`, `ocr_mean_confidence`, and `warnings`.
The loader reads the keys it knows and ignores the others (see data/README.md).

Appending keeps every existing byte of the manifest; replacing the entry of a text
that `--force` rewrote removes that entry's lines only. The manifest is rewritten
through a temporary file and a rename.
"""
from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import yaml

from .. import __version__ as dx_version
from ..atomic import write_text
from .pipeline import Conversion

MANIFEST = "sources.yaml"
HEADER = ("# Raw sources written by `python -m dxcompare ingest`: one entry per text file.\n"
          "# Fill in plan_id, kind (official_text | news_summary), completeness (full | truncated | summary),\n"
          "# origin and retrieved_note before curating; the other keys describe the conversion.\n")


def entry(conv: Conversion, file_name: str) -> dict:
    e = {
        "file": file_name,
        "plan_id": None,
        "kind": None,
        "completeness": None,
        "origin": None,
        "retrieved_note": f"Converted from {conv.original.name} by dxcompare ingest.",
        "sha256": conv.sha256,
        "original": conv.original.name,
        "original_format": conv.format,
        "original_sha256": conv.original_sha256,
        "conversion": conv.method,
        "converter": f"dxcompare {dx_version}; {conv.tool}",
        "pages": conv.pages,
    }
    if conv.encoding:
        e["source_encoding"] = conv.encoding
        e["encoding_confidence"] = conv.encoding_confidence
    if conv.ocr_confidence is not None:
        e["ocr_mean_confidence"] = conv.ocr_confidence
    e["warnings"] = list(conv.warnings)
    return e


def render(e: dict) -> str:
    """One entry as YAML, in the manifest's block style."""
    return yaml.safe_dump([e], allow_unicode=True, sort_keys=False, width=10**6, default_flow_style=False)


def text_name(original: Path, taken: set[str]) -> str:
    """A plain ASCII file name for the text of `original` ("KH chuyển đổi số.signed.pdf" → "kh-chuyen-doi-so-signed.txt")."""
    folded = unicodedata.normalize("NFKD", original.name.replace("đ", "d").replace("Đ", "D"))
    stem = folded.rsplit(".", 1)[0] if "." in folded else folded
    slug = re.sub(r"[^a-z0-9]+", "-", "".join(c for c in stem if c.isascii()).lower()).strip("-")[:80] or "document"
    name, n = f"{slug}.txt", 2
    while name in taken:
        name, n = f"{slug}-{n}.txt", n + 1
    return name


def listed(manifest: Path) -> dict[str, dict]:
    """Entries already in the manifest, by file name (an unreadable manifest gives none)."""
    if not manifest.exists():
        return {}
    try:
        data = yaml.safe_load(manifest.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError, OSError):
        return {}
    return {e["file"]: e for e in data or [] if isinstance(e, dict) and isinstance(e.get("file"), str)}


def append(manifest: Path, e: dict, replace: bool = False) -> None:
    """Add `e` at the end of the manifest; with `replace`, first drop the entry with the same file."""
    old = manifest.read_text(encoding="utf-8") if manifest.exists() else HEADER
    if replace:
        old = _without(old, e["file"])
    if old and not old.endswith("\n"):
        old += "\n"
    write_text(manifest, old + render(e))


def _without(text: str, file_name: str) -> str:
    """The manifest text minus the lines of the entry for `file_name`."""
    lines = text.splitlines(keepends=True)
    out, skipping = [], False
    for line in lines:
        if line.startswith("- "):
            key = yaml.safe_load(line[2:]) if line[2:].startswith("file:") else None
            skipping = isinstance(key, dict) and key.get("file") == file_name
        elif not line.startswith((" ", "\t")) and line.strip():
            skipping = False
        if not skipping:
            out.append(line)
    return "".join(out)
