"""The tests' command-line runner (a fork of a preloaded interpreter) answers as `python -m dxcompare` does."""
from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest

from clirun import ROOT, run_cli

CASES = {
    "valid folder": ["validate"],
    "usage error": ["export", "--format", "xml", "--out", "{tmp}/x"],
    "missing argument": ["export"],
    "bad input file": ["extract", "{tmp}/missing.txt", "--format", "jsonl"],
    "output on a full disk": ["extract", "data/raw/001_058e18d28134035d.txt", "--format", "jsonl", ">/dev/full"],
}


@pytest.mark.parametrize("argv", CASES.values(), ids=CASES.keys())
def test_the_runner_answers_as_a_fresh_interpreter(argv, tmp_path):
    stdout = "/dev/full" if argv[-1] == ">/dev/full" else None
    args = [a.replace("{tmp}", str(tmp_path)) for a in argv if not a.startswith(">")]
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    forked = run_cli(*args, env=env, stdout=stdout)
    with open(stdout or os.devnull, "wb") as out:
        real = subprocess.run([sys.executable, "-m", "dxcompare", *args], cwd=ROOT, env=env, encoding="utf-8",
                              stdout=out if stdout else subprocess.PIPE, stderr=subprocess.PIPE, timeout=120)
    assert (forked.returncode, forked.stdout, forked.stderr) == (real.returncode, real.stdout, real.stderr)


def test_a_command_that_runs_too_long_is_killed_at_its_timeout(tmp_path):
    big = tmp_path / "big.txt"  # about six seconds of extraction
    big.write_text("\n\n".join(p.read_text(encoding="utf-8") for p in sorted((ROOT / "data" / "raw").glob("*.txt"))) * 120,
                   encoding="utf-8")
    started = time.perf_counter()
    with pytest.raises(subprocess.TimeoutExpired):
        run_cli("extract", str(big), "--format", "jsonl", timeout=0.3)
    assert time.perf_counter() - started < 3  # killed, not waited for
    assert run_cli("validate").returncode == 0  # and the runner still serves the next command
