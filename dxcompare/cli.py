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


def _parser(chosen: str | None) -> tuple[argparse.ArgumentParser, object | None]:
    """Every command is listed; only the one asked for is imported (a command's imports — matplotlib,
    the extractor's patterns — cost a second that `validate` should not pay)."""
    parser = _Parser(prog="python -m dxcompare",
                     description="Compare Vietnam's provincial digital-transformation plans.")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    module = None
    for name, help_text in COMMANDS.items():
        p = sub.add_parser(name, help=help_text, description=help_text)
        if name == chosen:
            module = importlib.import_module(f"dxcompare.commands.{name}")
            module.add_arguments(p)
    return parser, module


def _command(argv: list[str]) -> str | None:
    """The command word: the first argument that is not an option (top-level options take no value)."""
    return next((a for a in argv if not a.startswith("-")), None)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    parser, module = _parser(_command(argv))
    args = parser.parse_args(argv)
    try:
        return module.run(args)
    except DxError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
