"""`python -m dxcompare <command>`: one entry point, one module per command.

Every command module exposes `add_arguments(parser)` and `run(args) -> int`.
Errors meant for the user (`DxError`) become one readable message on stderr and
a non-zero exit code, never a traceback.
"""
from __future__ import annotations

import argparse
import importlib
import sys

from .errors import DxError

COMMANDS = {
    "validate": "check a data folder (and extra plan files): exit 0 when valid",
    "export": "write the tidy tables as csv, parquet or json, with datapackage.json",
    "ingest": "convert PDF, Word, legacy-encoded text or scans into raw UTF-8 text with its sources.yaml entry",
    "extract": "draft structured records from a plan's raw text",
    "graph": "export the legal-basis / agency network (graphml, gexf, json)",
    "report": "run a notebook with parameters through papermill",
    "coverage": "how complete the national layer is (provinces per table and year, against the goals)",
}


class _Parser(argparse.ArgumentParser):
    """argparse exits 2 on bad arguments; here 2 means "some extract/ingest inputs failed", so use 1."""

    def error(self, message: str):
        self.print_usage(sys.stderr)
        self.exit(1, f"error: {message}\n")


def _parser(available: dict[str, object]) -> argparse.ArgumentParser:
    parser = _Parser(prog="python -m dxcompare",
                                     description="Compare Vietnam's provincial digital-transformation plans.")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name, module in available.items():
        p = sub.add_parser(name, help=COMMANDS[name], description=COMMANDS[name])
        module.add_arguments(p)
    return parser


def _available() -> dict[str, object]:
    modules = {}
    for name in COMMANDS:
        try:
            modules[name] = importlib.import_module(f"dxcompare.commands.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"dxcompare.commands.{name}":
                raise
    return modules


def main(argv: list[str] | None = None) -> int:
    modules = _available()
    args = _parser(modules).parse_args(argv)
    try:
        return modules[args.command].run(args)
    except DxError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
