"""`extract`: draft structured records from plan texts, as JSON or as draft plan files.

Every input is processed on its own: a bad one (missing, a directory, empty,
binary, not UTF-8) gets a one-line error naming it, the others are still
written, and the exit code is 2 at the end. Files are only ever written inside
`--out`, each one atomically.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .. import atomic
from ..extract import Registries, extract
from ..extract.draft import plan_id, plan_yaml
from ..extract.sources import InputError, read_input


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("paths", nargs="+", metavar="PATH", help="plan texts (UTF-8)")
    p.add_argument("--format", choices=("json", "plan-yaml"), default="json",
                   help="json: records with spans (default); plan-yaml: a draft in the data/plans/ format")
    p.add_argument("--out", type=Path, default=None,
                   help="write one file per input into this folder instead of printing to stdout")
    p.add_argument("--data", type=Path, default=None,
                   help="data folder whose reference/ registries resolve names (default: the repository's data/)")


def _unique(name: str, suffix: str, used: set[str]) -> str:
    stem, n = name, 2
    while f"{stem}{suffix}" in used:
        stem = f"{name}-{n}"
        n += 1
    used.add(f"{stem}{suffix}")
    return stem


def run(args: argparse.Namespace) -> int:
    reg = Registries.load(args.data)
    failed = 0
    documents: list[dict] = []
    drafts: list[str] = []
    used: set[str] = set()
    for path in args.paths:
        try:
            doc = extract(read_input(path), source=path, registries=reg)
        except InputError as exc:
            print(f"error: {exc}", file=sys.stderr)
            failed += 1
            continue
        if args.format == "json":
            payload = {"documents": [doc.to_json()]}
            if args.out is None:
                documents.append(payload["documents"][0])
                continue
            name = _unique(Path(path).stem or "document", ".json", used) + ".json"
            text = json.dumps(payload, ensure_ascii=False, indent=2) + "\n"
        else:
            pid = _unique(plan_id(doc), ".yaml", used)
            text = plan_yaml(doc, Path(path).name, reg, pid)
            if args.out is None:
                drafts.append(text)
                continue
            name = pid + ".yaml"
        target = atomic.safe_child(args.out, name)
        try:
            atomic.write_text(target, text)
        except OSError as exc:
            print(f"error: {path}: cannot write {target} ({exc.strerror or exc})", file=sys.stderr)
            failed += 1
            continue
        print(f"wrote {target}", file=sys.stderr)
    if args.out is None:
        if args.format == "json":
            sys.stdout.write(json.dumps({"documents": documents}, ensure_ascii=False, indent=2) + "\n")
        else:
            sys.stdout.write("---\n".join(drafts))
    return 2 if failed else 0
