"""The package's shape: every module importable on its own, modules small, commands import what they need.

(No import cycle: tests/test_import_graph.py.)"""
from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "dxcompare"
MODULES = sorted(p for p in PACKAGE.rglob("*.py"))
MAX_LINES = 400


def _name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


NAMES = {_name(p) for p in MODULES}


# A fresh interpreter imports the third-party libraries once, then forks one child per module: each child
# has no dxcompare module loaded before its own import (what isolation is for), without paying pandas'
# and matplotlib's import again a hundred times. One test, not one per module: under pytest-xdist a
# module-scoped fixture runs once per worker, and this is the suite's most expensive setup.
_ALONE = r"""
import importlib, json, os, sys, traceback
# third-party only: no dxcompare module here
import numpy, pandas, pyarrow, yaml, networkx, matplotlib, matplotlib.pyplot, nbformat, PIL.Image
assert not any(m == "dxcompare" or m.startswith("dxcompare.") for m in sys.modules)
out = {}
for module in sys.argv[1:]:
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(r)
        try:
            importlib.import_module(module)
            code, msg = 0, ""
        except BaseException:
            code, msg = 1, traceback.format_exc()
        os.write(w, msg[-4000:].encode())
        os._exit(code)
    os.close(w)
    with os.fdopen(r, "rb") as f:
        msg = f.read().decode(errors="replace")
    _, status = os.waitpid(pid, 0)
    out[module] = [os.waitstatus_to_exitcode(status), msg]
print(json.dumps(out))
"""
ALONE = sorted(NAMES - {"dxcompare.__main__"})


def test_each_module_imports_on_its_own():
    result = subprocess.run([sys.executable, "-c", _ALONE, *ALONE], capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    imported = json.loads(result.stdout.splitlines()[-1])
    assert sorted(imported) == ALONE
    failed = {module: message for module, (code, message) in imported.items() if code != 0}
    assert not failed, "\n\n".join(f"{module} does not import on its own:\n{msg}" for module, msg in failed.items())


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_modules_are_small_or_say_why(path):
    text = path.read_text(encoding="utf-8")
    if len(text.splitlines()) > MAX_LINES:
        doc = ast.get_docstring(ast.parse(text)) or ""
        assert "Size:" in doc, f"{path.name}: {len(text.splitlines())} lines; split it or say why ('Size: …')"


# What a command pays at start: the validation of a folder must not load the extractor's name patterns
# (≈ 0.2 s) or matplotlib (≈ 0.3 s), the extractor not pandas (≈ 0.45 s, the serial part of a parallel
# `extract`); a command line run starts a fresh interpreter every time.
_COMMAND_IMPORTS = r"""
import json, sys
from dxcompare.cli import main
code = main(sys.argv[1:])
print(json.dumps(sorted(sys.modules)))
sys.exit(code)
"""


@pytest.mark.parametrize("argv, never", [
    (["validate"], ("dxcompare.extract", "matplotlib", "networkx", "papermill")),
    (["export", "--format", "csv", "--out", "{tmp}/out"], ("dxcompare.extract", "matplotlib", "papermill")),
    (["extract", "data/raw/001_058e18d28134035d.txt", "--format", "jsonl"],
     ("pandas", "pyarrow", "numpy", "matplotlib", "networkx", "papermill", "dxcompare.loader")),
])
def test_a_command_imports_only_what_it_needs(argv, never, tmp_path):
    argv = [a.replace("{tmp}", str(tmp_path)) for a in argv]
    result = subprocess.run([sys.executable, "-c", _COMMAND_IMPORTS, *argv], capture_output=True, text=True,
                            timeout=120, env={**os.environ, "PYTHONIOENCODING": "utf-8"}, cwd=PACKAGE.parent)
    loaded = json.loads(result.stdout.splitlines()[-1])
    assert f"dxcompare.commands.{argv[0]}" in loaded and result.returncode == 0, result.stderr  # it did run
    for prefix in never:
        assert not [m for m in loaded if m == prefix or m.startswith(prefix + ".")], f"{argv[0]} imports {prefix}"
