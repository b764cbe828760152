"""Same inputs, same outputs: exports (and reports) can be regenerated and diffed.

Exports are compared byte for byte: twice from the same folder, from a cold load
and from the cache, and from two copies of the folder at different paths. The
report check runs one notebook twice and compares the HTML, and the executed
notebooks once papermill's own run metadata (timings, start and end times) is
removed.
"""
from __future__ import annotations

import importlib.util
import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from dxcompare import export as ex
from dxcompare import load_dataset

from clirun import run_cli

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def data(synth_corpus) -> Path:
    out = synth_corpus(12, seed=11)
    return out


def files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def cli(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return run_cli(*args, env={**os.environ, "PYTHONIOENCODING": "utf-8", **(env or {})}, timeout=600)


@pytest.mark.parametrize("fmt", list(ex.FORMATS))
def test_export_twice_gives_identical_bytes(data, tmp_path, fmt):
    for name in ("a", "b"):
        result = cli("export", "--format", fmt, "--data", str(data), "--out", str(tmp_path / name))
        assert result.returncode == 0, result.stderr
    assert files(tmp_path / "a") == files(tmp_path / "b")


@pytest.mark.parametrize("fmt", list(ex.FORMATS))
def test_export_is_the_same_from_the_cache_and_from_another_path(data, tmp_path, fmt):
    copy = tmp_path / "elsewhere" / "data"
    shutil.copytree(data, copy, ignore=shutil.ignore_patterns("processed"))
    cold = load_dataset(data, cache=False)
    load_dataset(copy)  # writes the copy's cache
    cached = load_dataset(copy)
    assert (copy / "processed").is_dir()
    ex.export(cold, tmp_path / "cold", fmt)
    ex.export(cached, tmp_path / "cached", fmt)
    assert files(tmp_path / "cold") == files(tmp_path / "cached")


def test_export_has_no_timestamps_and_sorted_rows(data, tmp_path):
    ds = load_dataset(data, cache=False)
    ex.export(ds, tmp_path, "json")
    package = (tmp_path / "datapackage.json").read_text(encoding="utf-8")
    assert "created" not in package and "modified" not in package
    targets = json.loads((tmp_path / "targets.json").read_text(encoding="utf-8"))
    keys = [(r["plan_id"], r["line"]) for r in targets]
    assert keys == sorted(keys)
    assert list(targets[0]) == list(ds.targets.columns)


def _strip_papermill(notebook: Path) -> dict:
    nb = json.loads(notebook.read_text(encoding="utf-8"))
    nb.get("metadata", {}).pop("papermill", None)
    for cell in nb["cells"]:
        cell.get("metadata", {}).pop("papermill", None)
        cell.get("metadata", {}).pop("execution", None)
    return nb


@pytest.mark.skipif(importlib.util.find_spec("dxcompare.commands.report") is None,
                    reason="the report command is not part of the package yet")
def test_a_report_run_twice_gives_the_same_html(tmp_path):
    for name in ("a", "b"):
        result = cli("report", "01_overview", "--out", str(tmp_path / name))
        assert result.returncode == 0, result.stderr
    a, b = files(tmp_path / "a"), files(tmp_path / "b")
    assert a.keys() == b.keys()
    for name in a:
        if name.endswith(".ipynb"):
            assert _strip_papermill(tmp_path / "a" / name) == _strip_papermill(tmp_path / "b" / name), name
        else:
            assert a[name] == b[name], name
