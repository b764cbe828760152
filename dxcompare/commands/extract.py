"""`extract`: draft structured records from plan texts, as JSON, JSON Lines or draft plan files.

Inputs run in parallel processes (`--jobs`, default: the cores), the largest first. Each worker reads
its own input and writes its output, a record at a time, to a temporary file; the parent only puts the
finished files in input order (renamed into `--out`, or copied to stdout), so the output is
byte-identical whatever the number of jobs and no document's output is ever held whole in memory or
sent between processes: one file per input under `--out`, or a stream on stdout (`--format jsonl`: one
document per line; `json`: the same indented document list as ever). Every input is processed on
its own: a bad one (missing, not a regular file, too large, empty, binary, not UTF-8) gets one line
naming it and the others are still written; the exit code is 1 when nothing could be done, 2 when only
some inputs failed. No existing file is ever
replaced without `--force` (a curated plan under data/plans is never overwritten by a draft), and
files are only written inside `--out`, each one atomically.
"""
from __future__ import annotations

import argparse
import multiprocessing
import os
import shutil
import sys
import tempfile
from pathlib import Path

from .. import atomic
from ..defaults import default_jobs
from ..errors import UsageError
from ..extract import Registries, extract
from ..extract.agency_names import matcher
from ..extract.draft import plan_id, write_plan_yaml
from ..extract.sources import DEFAULT_MAX_MB, InputError, read_pieces


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


def _init(data: Path | None, fmt: str, max_bytes: int, wrap: bool) -> None:
    """Load the registries and build their name patterns once; forked workers inherit them ready."""
    if _STATE.get("key") == (data, fmt, max_bytes, wrap):
        return
    reg = Registries.load(data)
    matcher(reg)
    _STATE.update(reg=reg, fmt=fmt, max_bytes=max_bytes, wrap=wrap, key=(data, fmt, max_bytes, wrap))


def _one(task: tuple[str, str]) -> tuple[str, str | None]:
    """Extract one input into the file `dest`: (error or "", plan id for a draft).

    The worker writes its own output, a record at a time, so neither the document's whole JSON nor a
    copy of it sent back to the parent is ever held: the parent only puts finished files in order.
    `wrap` says the file is a whole `--out` JSON file rather than a piece of the document list on stdout.
    """
    path, dest = task
    try:
        doc = extract(read_pieces(path, max_bytes=_STATE["max_bytes"]), source=path, registries=_STATE["reg"])
    except InputError as exc:
        return str(exc), None
    fmt = _STATE["fmt"]
    with open(dest, "w", encoding="utf-8", newline="") as fh:
        if fmt == "plan-yaml":
            pid = plan_id(doc)
            write_plan_yaml(fh.write, doc, Path(path).name, _STATE["reg"], pid)
            return "", pid
        if fmt == "jsonl":
            doc.write_json(fh.write)
            fh.write("\n")
        elif _STATE["wrap"]:
            fh.write('{\n  "documents": [\n')
            doc.write_json(fh.write, indent=2, margin="    ")
            fh.write("\n  ]\n}\n")
        else:
            doc.write_json(fh.write, indent=2, margin="    ")
    return "", None


def _results(args: argparse.Namespace, temp: Path):
    """(path, error, plan id, output file) per input, in input order, as soon as each is next in line.

    Workers take the largest inputs first, so that a large one is not left to run alone at the end.
    """
    jobs = args.jobs or default_jobs()
    init = (args.data, args.format, args.max_size * 1_000_000, args.out is not None)
    _init(*init)
    tasks = [(path, str(temp / f"{i}.out")) for i, path in enumerate(args.paths)]
    if jobs == 1 or len(tasks) == 1:
        for task in tasks:
            yield (task[0], *_one(task), task[1])
        return
    order = sorted(range(len(tasks)), key=lambda i: -_size(tasks[i][0]))
    ctx = multiprocessing.get_context("spawn" if sys.platform == "darwin" else "fork")
    done: dict[int, tuple[str, str | None]] = {}
    nxt = 0
    with ctx.Pool(min(jobs, len(tasks)), initializer=_init, initargs=init) as pool:
        for i, result in pool.imap_unordered(_indexed, [(i, tasks[i]) for i in order], chunksize=1):
            done[i] = result
            while nxt in done:
                yield (tasks[nxt][0], *done.pop(nxt), tasks[nxt][1])
                nxt += 1


def _indexed(item: tuple[int, tuple[str, str]]) -> tuple[int, tuple[str, str | None]]:
    return item[0], _one(item[1])


def _size(path: str) -> int:
    try:
        return os.stat(path).st_size
    except OSError:
        return 0


# --- writing, in input order ----------------------------------------------------------------

def _unique(name: str, suffix: str, used: set[str]) -> str:
    stem, n = name, 2
    while f"{stem}{suffix}" in used:
        stem = f"{name}-{n}"
        n += 1
    used.add(f"{stem}{suffix}")
    return stem


class _Stdout:
    """The outputs on stdout in input order, byte for byte as one `json.dumps(indent=2)` of the document list
    would be for `json` (each document's file already indented as an item of that list)."""

    def __init__(self, fmt: str):
        self.fmt, self.count = fmt, 0

    def add(self, output: Path) -> None:
        if self.fmt == "json":
            sys.stdout.write('{\n  "documents": [\n' if not self.count else ",\n")
        elif self.fmt == "plan-yaml" and self.count:
            sys.stdout.write("---\n")
        with open(output, encoding="utf-8", newline="") as fh:
            shutil.copyfileobj(fh, sys.stdout, _COPY_CHUNK)
        self.count += 1

    def close(self) -> None:
        if self.fmt == "json":
            sys.stdout.write('{\n  "documents": []\n}\n' if not self.count else "\n  ]\n}\n")
        sys.stdout.flush()


_COPY_CHUNK = 1 << 20


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


def _temp_folder(out: Path | None) -> tempfile.TemporaryDirectory:
    """Where workers write: inside `--out` (so that publishing a file is a rename), else a private folder."""
    if out is None:
        return tempfile.TemporaryDirectory(prefix="dxcompare-extract-")
    atomic.clean_stale(out, "extract")
    return tempfile.TemporaryDirectory(prefix=f".extract.tmp-{os.getpid()}-", dir=out)


def _publish(output: Path, target: Path, pid: str | None, stem: str | None) -> None:
    """Rename a worker's finished file into place (atomically, via `atomic`), renumbering a repeated plan id."""
    with atomic.atomic_path(target) as tmp:
        if stem is not None and stem != pid:
            text = output.read_text(encoding="utf-8")
            tmp.write_text(text.replace(f"plan_id: {pid}\n", f"plan_id: {stem}\n", 1), encoding="utf-8")
        else:
            os.chmod(output, tmp.stat().st_mode & 0o777)  # the mode `atomic` gives: a replaced file's own
            os.replace(output, tmp)


def run(args: argparse.Namespace) -> int:
    if args.out is not None:
        _check_out(args.out)
    failed = done = 0
    used: set[str] = set()
    stdout = _Stdout(args.format) if args.out is None else None
    try:
        temp = _temp_folder(args.out)
    except OSError as exc:
        raise UsageError(f"cannot create a temporary folder ({exc.strerror or exc})") from None
    try:
        with temp as folder:
            for path, error, pid, output in _results(args, Path(folder)):
                if error:
                    print(f"error: {error}", file=sys.stderr)
                    failed += 1
                    continue
                if stdout is not None:
                    stdout.add(Path(output))
                    os.unlink(output)
                    done += 1
                    continue
                stem = None
                if args.format == "plan-yaml":
                    stem = _unique(pid, ".yaml", used)
                    name = stem + ".yaml"
                else:
                    suffix = ".jsonl" if args.format == "jsonl" else ".json"
                    name = _unique(Path(path).stem or "document", suffix, used) + suffix
                target = atomic.safe_child(args.out, name)
                if (target.exists() or target.is_symlink()) and not args.force:
                    print(f"error: {path}: {target} exists; not replaced (use --force to replace it)", file=sys.stderr)
                    failed += 1
                    continue
                try:
                    _publish(Path(output), target, pid, stem)
                except OSError as exc:
                    print(f"error: {path}: cannot write {target} ({exc.strerror or exc})", file=sys.stderr)
                    failed += 1
                    continue
                done += 1
                print(f"wrote {target}", file=sys.stderr)
            if stdout is not None:
                stdout.close()
    except OSError as exc:  # stdout to a full disk, a closed pipe, /dev/full; a full temporary folder
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
