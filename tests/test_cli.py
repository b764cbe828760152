"""The command line: argument errors exit 1 (2 is reserved for extract's partial failures)."""
from pathlib import Path

from clirun import run_cli

ROOT = Path(__file__).resolve().parent.parent


def _run(*args):
    return run_cli(*args)


def test_missing_required_option_exits_1_with_one_error_line():
    r = _run("export")
    assert r.returncode == 1
    assert "error: the following arguments are required" in r.stderr
    assert "Traceback" not in r.stderr


def test_unknown_command_exits_1():
    r = _run("frobnicate")
    assert r.returncode == 1
    assert "invalid choice" in r.stderr


def test_validate_on_the_shipped_data_exits_0():
    r = _run("validate")
    assert r.returncode == 0, r.stderr
    n_plans = len(list((ROOT / "data" / "plans").glob("*.yaml")))
    assert r.stdout.startswith(f"valid: {n_plans} plans")  # every plan file of the shipped data
