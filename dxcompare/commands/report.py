"""`report`: run notebooks through papermill into reports/ (or re-save them in place).

    python -m dxcompare report 03_targets -p pillar digital_government -p year 2025 [--out DIR]
    python -m dxcompare report --all [--out reports] [--jobs N] [--dpi 300] [--figure-format svg]
    python -m dxcompare report --all --in-place [--jobs N]

Parameter values are read as papermill's `-p` reads them (int, float, True/False,
None, else text); a value in brackets is a YAML list (`-p plans "[a, b]"`). A bad
value ends with exit 1 and the notebook's own validation message.
"""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

import yaml

from .. import report, style
from ..errors import UsageError


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("name", nargs="?", help="notebook to run, e.g. 03_targets (see notebooks/)")
    p.add_argument("-p", "--parameter", nargs=2, action="append", default=[], metavar=("KEY", "VALUE"),
                   help="set a notebook parameter (repeatable)")
    p.add_argument("--all", action="store_true",
                   help="every notebook with its defaults, plus plan_profile once per plan, and index.html")
    p.add_argument("--in-place", action="store_true",
                   help="re-execute the notebooks in notebooks/ and save them with fresh outputs (for nbval)")
    p.add_argument("--out", type=Path, default=None, help="output folder (default: reports)")
    p.add_argument("--jobs", type=int, default=None,
                   help="notebooks run at once, one kernel each (default: number of cores)")
    p.add_argument("--dpi", type=int, default=None, help="resolution of the PNG figures (default 150)")
    p.add_argument("--figure-format", action="append", choices=style.FORMATS, default=[],
                   help="also write every figure as svg or pdf (vector, for papers); repeatable")


def parse_value(text: str):
    """A command-line value as papermill's -p reads it; '[a, b]' is a list."""
    if text.startswith("["):
        try:
            value = yaml.safe_load(text)
        except yaml.YAMLError as exc:
            raise UsageError(f"cannot read {text!r} as a list: {exc}") from None
        if isinstance(value, list):
            return value
    if text in ("None", "null"):
        return None
    if text in ("True", "False"):
        return text == "True"
    for kind in (int, float):
        try:
            return kind(text)
        except ValueError:
            pass
    return text


def _jobs(args: argparse.Namespace) -> list[report.Job]:
    if args.all == bool(args.name):
        raise UsageError("give either a notebook name or --all")
    if args.jobs is not None and args.jobs < 1:
        raise UsageError(f"--jobs must be at least 1, got {args.jobs}")
    if args.in_place and (args.parameter or args.out):
        raise UsageError("--in-place re-saves notebooks with their default parameters: no -p or --out")
    if args.all and args.parameter:
        raise UsageError("-p applies to one notebook, not to --all")
    if args.in_place:
        if args.all:
            return report.in_place_jobs()
        return [report.Job(report.resolve_notebook(args.name))]
    if args.all:
        from ..loader import load_dataset

        return report.all_jobs(list(load_dataset().plans["plan_id"]))
    name = report.resolve_notebook(args.name)
    params = {}
    for key, value in args.parameter:
        if key in params:
            raise UsageError(f"parameter {key!r} given twice")
        params[key] = parse_value(value)
    report.check_parameter_names(name, params)
    return [report.Job(name, params)]


def _figure_options(args: argparse.Namespace) -> None:
    """--dpi / --figure-format reach the kernels through their environment (read by `style.apply`)."""
    if args.dpi is not None and not 10 <= args.dpi <= 2400:
        raise UsageError(f"--dpi must be between 10 and 2400, got {args.dpi}")
    if args.dpi is not None:
        os.environ[style.DPI_ENV] = str(args.dpi)
    if args.figure_format:
        os.environ[style.FORMATS_ENV] = ",".join(dict.fromkeys(args.figure_format))
        os.environ.setdefault("SOURCE_DATE_EPOCH", "0")  # matplotlib then dates PDF / SVG files 1970: same bytes


def run(args: argparse.Namespace) -> int:
    jobs = _jobs(args)
    if args.in_place and (args.dpi or args.figure_format):
        raise UsageError("--in-place re-saves the committed notebooks: no --dpi or --figure-format")
    _figure_options(args)
    if args.in_place:
        report.run_jobs(jobs, None, n_jobs=args.jobs or os.cpu_count())
        print(f"re-executed {len(jobs)} notebook(s) in place")
        return 0
    out = args.out or Path("reports")
    report.check_destination(out)  # before any notebook runs: a file, an unwritable folder
    from ..defaults import default_data_dir
    from ..loader import load_dataset

    stamp = report.stamp(load_dataset(), default_data_dir())
    try:
        with report.staged(out) as stage:  # the whole set appears at once, or nothing does
            results = report.run_jobs(jobs, stage, n_jobs=args.jobs or os.cpu_count(), stamp=stamp)
            if args.all:
                report.write_index(results, stage, stamp)
    except OSError as exc:  # disk full, a name too long, permissions changed mid-run
        where = exc.filename or out
        raise UsageError(f"cannot write reports to {out}: {exc.strerror or exc} ({where})") from None
    if args.all:
        print(f"wrote {len(results)} reports; index: {out / 'index.html'}")
    else:
        for f in results[0].files:
            print(out / Path(f).name)
    sys.stdout.flush()
    return 0
