"""`extract`: draft structured records from plan texts, as JSON, JSON Lines or draft plan files.

Inputs run in parallel processes (`--jobs`, default: the cores), and results are written in input
order as they arrive, so the output is byte-identical whatever the number of jobs, and only the
documents in flight are held in memory: one file per input under `--out`, or a stream on stdout
(`--format jsonl`: one document per line; `json`: the same indented document list as ever, written
piece by piece). Every input is processed on its own: a bad one (missing, not a regular file, too
large, empty, binary, not UTF-8) gets one line naming it and the others are still written; the exit
code is 1 when nothing could be done, 2 when only some inputs failed. No existing file is ever
replaced without `--force` (a curated plan under data/plans is never overwritten by a draft), and
files are only written inside `--out`, each one atomically.
"""
from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import sys
from pathlib import Path

from .. import atomic
from ..errors import UsageError
from ..extract import Registries, extract
from ..extract.agency_names import matcher
from ..extract.draft import plan_id, plan_yaml
from ..extract.sources import DEFAULT_MAX_MB, InputError, read_input


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("paths", nargs="+", metavar="PATH", help="plan texts (UTF-8)")
    p.add_argument("--format", choices=("json", "jsonl", "plan-yaml"), default="json",
                   help="json: records with spans (default); jsonl: one document per line; "
                        "plan-yaml: a draft in the data/plans/ format")
    p.add_argument("--out", type=Path, default=None,
                   help="write one file per input into this folder instead of printing to stdout")
    p.add_argument("--data", type=Path, default=None,
                   help="data folder whose reference/ registries resolve names (default: the repository's data/)")
    p.add_argument("--jobs", type=_positive, default=None,
                   help="parallel processes (default: the cores this process may use)")
    p.add_argument("--force", action="store_true", help="replace output files that already exist")
    p.add_argument("--max-size", type=_positive, default=DEFAULT_MAX_MB, metavar="MB",
                   help=f"refuse inputs larger than this many megabytes (default {DEFAULT_MAX_MB})")


def _positive(value: str) -> int:
    if not value.isdigit() or int(value) < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1, got {value!r}")
    return int(value)


# --- one input, in a worker ---------------------------------------------------------------

_STATE: dict = {}


def _init(data: Path | None, fmt: str, max_bytes: int) -> None:
    """Load the registries and build their name patterns once; forked workers inherit them ready."""
    if _STATE.get("key") == (data, fmt, max_bytes):
        return
    reg = Registries.load(data)
    matcher(reg)
    _STATE.update(reg=reg, fmt=fmt, max_bytes=max_bytes, key=(data, fmt, max_bytes))


def _one(path: str) -> tuple[str, str | None, str]:
    """(error or "", plan id for a draft, output text) for one input."""
    try:
        text = read_input(path, max_bytes=_STATE["max_bytes"])
    except InputError as exc:
        return str(exc), None, ""
    doc = extract(text, source=path, registries=_STATE["reg"])
    del text
    fmt = _STATE["fmt"]
    if fmt == "plan-yaml":
        pid = plan_id(doc)
        return "", pid, plan_yaml(doc, Path(path).name, _STATE["reg"], pid)
    payload = doc.to_json()
    if fmt == "jsonl":
        return "", None, json.dumps(payload, ensure_ascii=False) + "\n"
    return "", None, json.dumps(payload, ensure_ascii=False, indent=2)


def _results(args: argparse.Namespace):
    jobs = args.jobs or _default_jobs()
    init = (args.data, args.format, args.max_size * 1_000_000)
    _init(*init)
    if jobs == 1 or len(args.paths) == 1:
        yield from map(_one, args.paths)
        return
    ctx = multiprocessing.get_context("spawn" if sys.platform == "darwin" else "fork")
    with ctx.Pool(min(jobs, len(args.paths)), initializer=_init, initargs=init) as pool:
        yield from pool.imap(_one, args.paths, chunksize=1)  # in input order, as they finish


def _default_jobs() -> int:
    from ..loader import default_jobs

    return default_jobs()


# --- writing, in input order ----------------------------------------------------------------

def _unique(name: str, suffix: str, used: set[str]) -> str:
    stem, n = name, 2
    while f"{stem}{suffix}" in used:
        stem = f"{name}-{n}"
        n += 1
    used.add(f"{stem}{suffix}")
    return stem


class _Stdout:
    """The JSON document list written piece by piece, byte for byte as one `json.dumps(indent=2)` would."""

    def __init__(self, fmt: str):
        self.fmt, self.count = fmt, 0

    def add(self, text: str) -> None:
        if self.fmt == "json":
            body = "\n".join("    " + line for line in text.split("\n"))
            text = ('{\n  "documents": [\n' if not self.count else ",\n") + body
        elif self.fmt == "plan-yaml" and self.count:
            text = "---\n" + text
        sys.stdout.write(text)
        self.count += 1

    def close(self) -> None:
        if self.fmt == "json":
            sys.stdout.write('{\n  "documents": []\n}\n' if not self.count else "\n  ]\n}\n")
        sys.stdout.flush()


def _check_out(out: Path) -> None:
    """A destination that cannot be written is found before any input is read."""
    if out.exists() and not out.is_dir():
        raise UsageError(f"--out {out}: exists and is not a folder")
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UsageError(f"--out {out}: cannot be created ({exc.strerror or exc})") from None
    if not os.access(out, os.W_OK | os.X_OK):
        raise UsageError(f"--out {out}: is not writable")


def run(args: argparse.Namespace) -> int:
    if args.out is not None:
        _check_out(args.out)
    failed = done = 0
    used: set[str] = set()
    stdout = _Stdout(args.format) if args.out is None else None
    try:
        for path, (error, pid, text) in zip(args.paths, _results(args)):
            if error:
                print(f"error: {error}", file=sys.stderr)
                failed += 1
                continue
            if stdout is not None:
                stdout.add(text)
                done += 1
                continue
            if args.format == "plan-yaml":
                stem = _unique(pid, ".yaml", used)
                if stem != pid:
                    text = text.replace(f"plan_id: {pid}\n", f"plan_id: {stem}\n", 1)
                name = stem + ".yaml"
            else:
                suffix = ".jsonl" if args.format == "jsonl" else ".json"
                name = _unique(Path(path).stem or "document", suffix, used) + suffix
                if args.format == "json":
                    text = '{\n  "documents": [\n' + "\n".join("    " + ln for ln in text.split("\n")) + "\n  ]\n}\n"
            target = atomic.safe_child(args.out, name)
            if (target.exists() or target.is_symlink()) and not args.force:
                print(f"error: {path}: {target} exists; not replaced (use --force to replace it)", file=sys.stderr)
                failed += 1
                continue
            try:
                atomic.write_text(target, text)
            except OSError as exc:
                print(f"error: {path}: cannot write {target} ({exc.strerror or exc})", file=sys.stderr)
                failed += 1
                continue
            done += 1
            print(f"wrote {target}", file=sys.stderr)
        if stdout is not None:
            stdout.close()
    except OSError as exc:  # stdout to a full disk, a closed pipe, /dev/full
        _quiet_stdout()
        print(f"error: cannot write the output ({exc.strerror or exc})", file=sys.stderr)
        return 1
    if failed:
        return 2 if done else 1
    return 0


def _quiet_stdout() -> None:
    """After a failed write, nothing more may reach stdout (its buffer would fail again at exit)."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass
