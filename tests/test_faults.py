"""The fault suite: each bad input gets its message and exit code, and nothing is written.

Every fixture in tests/faults/ is applied to a copy of a small synthetic data
folder and run through the command line in a process of its own, as a researcher
would run it (`clirun`: a fork of a preloaded interpreter running
`dxcompare.__main__`; the kill -9 test starts real interpreters). See
tests/faults/README.md for the fixture format.
"""
from __future__ import annotations

import hashlib
import importlib.util
import os
import re
import shutil
import subprocess
import sys
import unicodedata
from pathlib import Path

import pandas as pd
import pytest
import yaml

from dxcompare import load_dataset
from dxcompare.dataset import Dataset

import clirun

ROOT = Path(__file__).resolve().parent.parent
FAULTS = sorted((Path(__file__).parent / "faults").glob("*.yaml"))


@pytest.fixture(scope="session")
def base_data(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("synth") / "data"
    subprocess.run([sys.executable, str(ROOT / "benchmarks" / "synth.py"), "--plans", "3", "--out", str(out),
                    "--seed", "7"], check=True, capture_output=True)
    return out


def run_cli(*args: str, data: Path | None = None, timeout: float = 300) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    if data is not None:
        env["DXCOMPARE_DATA"] = str(data)  # notebooks load the default data folder
    return clirun.run_cli(*args, env=env, cwd=ROOT, timeout=timeout)


def snapshot(*folders: Path) -> dict:
    """Every file (bytes, or link target) and folder under `folders`: what 'nothing written' compares.

    A data folder's processed/ is the loader's cache, written by any successful load (the
    notebooks load the data before they check their parameters); it is not output.
    """
    state = {}
    for folder in folders:
        if not folder.exists() and not folder.is_symlink():
            continue
        for path in sorted([folder, *folder.rglob("*")]):
            if "processed" in path.relative_to(folder).parts[:1]:
                continue
            if path.is_symlink():
                state[str(path)] = ("link", os.readlink(path))
            elif path.is_dir():
                state[str(path)] = ("dir",)
            elif not path.is_file():
                state[str(path)] = ("special",)  # a FIFO: reading it here would wait for ever
            else:
                state[str(path)] = ("file", hashlib.sha256(path.read_bytes()).hexdigest())
    return state


def first_plans(data: Path) -> tuple[str, str, str]:
    plans = sorted(p.stem for p in (data / "plans").glob("*.yaml"))
    doc = yaml.safe_load((data / "plans" / f"{plans[0]}.yaml").read_text(encoding="utf-8"))
    return plans[0], plans[1], doc["source_file"]


def rehash(data: Path, name: str) -> None:
    manifest = data / "raw" / "sources.yaml"
    digest = hashlib.sha256((data / "raw" / name).read_bytes()).hexdigest()
    text = manifest.read_text(encoding="utf-8")
    text, n = re.subn(rf"(- file: {re.escape(name)}\n(?:  .*\n)*?  sha256: )[0-9a-f]+", rf"\g<1>{digest}", text)
    assert n == 1, name
    manifest.write_text(text, encoding="utf-8")


def apply(step: dict, fill) -> None:
    (op, args), = step.items()
    path = Path(fill(args.get("file") or args.get("link")))
    if op == "sub":
        text = path.read_text(encoding="utf-8")
        new, n = re.subn(fill(args["pattern"]), fill(args["repl"]).replace("\\", "\\\\"), text, count=1)
        assert n == 1, f"pattern not found: {args['pattern']}"
        path.write_text(new, encoding="utf-8")
    elif op == "copy":
        shutil.copyfile(path, Path(fill(args["to"])))
    elif op == "transcode":
        text = path.read_bytes().decode("utf-8")
        if "normal_form" in args:
            text = unicodedata.normalize(args["normal_form"], text)
        if "newline" in args:
            text = text.replace("\n", args["newline"])
        path.write_bytes(text.encode(args.get("encoding", "utf-8"), errors="replace"))
        if args.get("rehash"):
            rehash(path.parent.parent, path.name)
    elif op == "empty":
        path.write_bytes(b"")
    elif op == "grow":
        line = b"# " + b"x" * 1021 + b"\n"
        with path.open("ab") as f:
            f.write(b"\n")
            size = f.tell()
            f.write(line * ((args["bytes"] - size) // len(line)))
            f.write(b"#" * (args["bytes"] - f.tell() - 1) + b"\n")
        assert path.stat().st_size == args["bytes"]
    elif op == "append":
        with path.open("a", encoding="utf-8") as f:
            f.write(fill(args["text"]))
    elif op == "write":
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(fill(args["text"]), encoding="utf-8")
    elif op == "deep":  # generated at test time: `x: ` then depth brackets
        path.write_text("x: " + "[" * args["depth"] + "]" * args["depth"] + "\n", encoding="utf-8")
    elif op == "fifo":
        os.mkfifo(path)
    elif op == "delete":
        path.unlink()
    elif op == "symlink":
        path.parent.mkdir(parents=True, exist_ok=True)
        path.symlink_to(Path(fill(args["target"])))
    else:
        raise AssertionError(f"unknown step {op}")


@pytest.mark.parametrize("fixture", FAULTS, ids=lambda p: p.stem)
def test_fault(fixture: Path, base_data: Path, tmp_path: Path):
    spec = yaml.safe_load(fixture.read_text(encoding="utf-8"))
    if spec.get("needs") and importlib.util.find_spec(spec["needs"]) is None:
        pytest.skip(f"{spec['needs']} is not part of the package yet")
    data, out = tmp_path / "data", tmp_path / "out"
    shutil.copytree(base_data, data)
    plan_id, other, raw = first_plans(data)
    values = {"data": str(data), "out": str(out), "plan_id": plan_id, "other_plan_id": other, "raw": raw,
              "raw_stem": Path(raw).stem}

    def fill(text: str) -> str:
        return re.sub(r"\{(\w+)\}", lambda m: values[m.group(1)], text)

    def locate(text: str) -> str:  # fixture paths are relative to the data folder unless a placeholder says otherwise
        return str(data / fill(text)) if not text.startswith("{") else fill(text)

    for step in spec["apply"]:
        apply({k: {a: (locate(v) if a in ("file", "to", "link") else v) for a, v in s.items()} for k, s in step.items()},
              fill)
    before = snapshot(data, out)

    result = run_cli(*(fill(a) for a in spec["command"]), data=data, timeout=spec.get("timeout", 300))

    expect = spec["expect"]
    assert result.returncode == expect["exit"], result.stderr
    assert "Traceback" not in result.stderr
    for fragment in expect["stderr"]:
        assert fill(fragment) in result.stderr, result.stderr
    if "first_line" in expect:  # the root cause comes first
        assert fill(expect["first_line"]) in result.stderr.splitlines()[0], result.stderr
    for fragment in expect.get("absent", []):  # follow-on problems of a root cause are not reported
        assert fill(fragment) not in result.stderr, result.stderr
    if expect["exit"]:
        assert result.stderr.strip(), "a failure must say why"
    assert snapshot(data, out) == before, "a run must not write into the data folder or leave partial output"
    if expect.get("same_tables"):
        fixed, original = load_dataset(data, cache=False), load_dataset(base_data, cache=False)
        for name in original.TABLES:
            if name != "sources":  # the manifest records the re-encoded file's own sha256
                pd.testing.assert_frame_equal(getattr(fixed, name), getattr(original, name), obj=name)
        pd.testing.assert_frame_equal(fixed.sources.drop(columns="sha256"), original.sources.drop(columns="sha256"))
        assert dict(fixed.texts) == dict(original.texts)


def test_every_fault_of_the_issue_has_a_fixture():
    names = {p.stem for p in FAULTS}
    assert names >= {"yaml_syntax", "wrong_type", "unknown_reference", "duplicate_id", "quote_not_in_source",
                     "nfd_text", "crlf", "empty_file", "not_utf8", "huge_file", "out_inside_data", "out_escapes",
                     "notebook_parameter_type",
                     # issue 13: hostile and inconsistent input
                     "complex_key", "deep_nesting", "deep_nesting_1000", "alias_bomb", "impossible_date",
                     "huge_integer", "money_not_positive", "infinite_value", "negative_target", "pillar_mismatch",
                     "sources_duplicate_file", "sources_bad_types", "sources_unknown_plan", "lookalike_id",
                     "invisible_id", "missing_registry", "registry_unsorted", "id_clash", "plan_is_dev_zero",
                     "plan_is_fifo", "draft_in_plans", "graph_out_inside_data", "graph_out_exists",
                     "export_out_under_file", "export_exists"}


def test_a_failing_export_leaves_the_previous_export_untouched(base_data: Path, tmp_path: Path):
    data, out = tmp_path / "data", tmp_path / "out"
    shutil.copytree(base_data, data)
    first = run_cli("export", "--format", "csv", "--data", str(data), "--out", str(out))
    assert first.returncode == 0, first.stderr
    before = snapshot(out)
    stamps = {p.name: p.stat().st_mtime_ns for p in out.iterdir()}
    assert len(stamps) == len(Dataset.TABLES) + 1  # every table and datapackage.json

    plan = sorted((data / "plans").glob("*.yaml"))[0]
    plan.write_text(plan.read_text(encoding="utf-8").replace("value: ", "value: x", 1), encoding="utf-8")
    second = run_cli("export", "--format", "csv", "--data", str(data), "--out", str(out), "--force")
    assert second.returncode == 1 and "expected a number" in second.stderr
    assert "Traceback" not in second.stderr
    assert snapshot(out) == before
    assert {p.name: p.stat().st_mtime_ns for p in out.iterdir()} == stamps


def test_an_export_that_cannot_write_one_file_changes_none(base_data: Path, tmp_path: Path):
    data, out = tmp_path / "data", tmp_path / "out"
    shutil.copytree(base_data, data)
    assert run_cli("export", "--format", "json", "--data", str(data), "--out", str(out)).returncode == 0
    (out / "targets.json").unlink()
    (out / "targets.json").mkdir()  # a folder where a table must go: found before anything is written
    before = snapshot(out)
    result = run_cli("export", "--format", "json", "--data", str(data), "--out", str(out))
    assert result.returncode == 1 and "already holds files" in result.stderr and "--force" in result.stderr
    result = run_cli("export", "--format", "json", "--data", str(data), "--out", str(out), "--force")
    assert result.returncode == 1 and "holds targets.json, which is not part of an export" in result.stderr
    assert snapshot(out) == before


def test_a_failed_validation_writes_no_cache(base_data: Path, tmp_path: Path):
    data = tmp_path / "data"
    shutil.copytree(base_data, data)
    plan = sorted((data / "plans").glob("*.yaml"))[0]
    plan.write_text(plan.read_text(encoding="utf-8") + "unknown_field: 1\n", encoding="utf-8")
    result = run_cli("export", "--format", "csv", "--data", str(data), "--out", str(tmp_path / "out"))
    assert result.returncode == 1 and "unknown_field: 1 — unknown field" in result.stderr
    assert not (data / "processed").exists() and not (tmp_path / "out").exists()


def _consistent(out: Path) -> bool:
    """Every file the export's datapackage.json lists has the sha256 it records, and nothing else is there."""
    import json

    package = json.loads((out / "datapackage.json").read_text(encoding="utf-8"))
    listed = {r["path"]: r["hash"] for r in package["resources"]}
    present = {p.name for p in out.iterdir()} - {"datapackage.json"}
    return present == set(listed) and all(
        "sha256:" + hashlib.sha256((out / name).read_bytes()).hexdigest() == digest for name, digest in listed.items())


def test_kill_9_during_export_leaves_the_old_export_or_the_new_one(base_data: Path, tmp_path: Path):
    import signal
    import time

    data, out = tmp_path / "data", tmp_path / "out"
    shutil.copytree(base_data, data)
    started = time.perf_counter()
    assert run_cli("export", "--format", "csv", "--data", str(data), "--out", str(out)).returncode == 0
    took = time.perf_counter() - started  # kill points spread over a whole run on this machine, at its speed
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    rounds = 8
    for i in range(rounds):
        plan = sorted((data / "plans").glob("*.yaml"))[0]  # each round exports different data
        plan.write_text(plan.read_text(encoding="utf-8").replace("value: ", "value: 1", 1), encoding="utf-8")
        proc = subprocess.Popen([sys.executable, "-m", "dxcompare", "export", "--format", "csv", "--force",
                                 "--data", str(data), "--out", str(out)], cwd=ROOT, env=env,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(took * (0.5 + i) / rounds * 1.2)  # the last kills may come after the end: that is fine too
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        assert _consistent(out), f"round {i}: a mix of two exports"
    result = run_cli("export", "--format", "csv", "--force", "--data", str(data), "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert _consistent(out)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data", "out"]  # stale temporaries removed
