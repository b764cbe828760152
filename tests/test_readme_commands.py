"""The README's commands work when pasted literally: every line of its ```bash blocks runs in a copy of the repo.

Lines starting with `make` are not run here: they create or rebuild `.venv`
and run the whole suite or every report (this test is part of that suite);
`.ci/run` runs `make test` itself. Everything else runs as written, from the
copy's root, with the copy's `.venv/bin/python` being this test's interpreter.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BLOCK = re.compile(r"^```bash\n(.*?)^```", re.M | re.S)


def readme_commands() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    lines = [line.strip() for block in BLOCK.findall(text) for line in block.splitlines()]
    return [line for line in lines if line and not line.startswith("#") and not line.startswith("make ")]


def test_the_readme_has_commands_to_run():
    assert any(c.startswith(".venv/bin/python -m dxcompare validate") for c in readme_commands())


def copy_repo(copy: Path) -> Path:
    """The repository's tracked files copied to `copy`, with the venv running this test as the copy's .venv."""
    files = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True).stdout
    for rel in filter(None, files.decode().split("\0")):
        src = ROOT / rel
        if src.is_file():
            (copy / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, copy / rel)
    (copy / ".venv").symlink_to(Path(sys.prefix))
    return copy


@pytest.fixture(scope="module")
def repo_copy(tmp_path_factory) -> Path:
    copy = copy_repo(tmp_path_factory.mktemp("repo") / "dxcompare")
    shutil.rmtree("/tmp/dxcompare-new", ignore_errors=True)  # the README's ingest example's scratch folder
    return copy


def test_the_readme_commands_run_as_written_in_order(repo_copy):
    """One test, not one per command: a later command uses what an earlier one wrote, so they must run in
    the README's order in one process (parallel workers would split a parametrised set)."""
    env = {k: v for k, v in os.environ.items() if k != "DXCOMPARE_DATA"}
    for command in readme_commands():
        result = subprocess.run(["bash", "-c", command], cwd=repo_copy, capture_output=True, text=True, env=env,
                                timeout=600)
        assert result.returncode == 0, f"{command}\n{result.stderr[-2000:]}"
        assert "Traceback" not in result.stderr, command
