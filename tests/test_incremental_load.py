"""An incremental load (plan files kept from the cache) gives exactly what a cold load gives.

After every kind of change — a plan edited, added, removed or renamed, a registry
or a raw text edited, valid or not — loading with the cache in place must give the
cold load's tables and the cold load's problems, while reading again only the plan
files whose result can have changed. A broken or foreign cache is never served.
"""
from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest
import yaml

from dxcompare import DataError, cache, load_dataset, loader

N_PLANS = 40


@pytest.fixture(scope="module")
def base(synth_corpus) -> Path:
    return synth_corpus(N_PLANS, seed=3)


def assert_same_dataset(a, b) -> None:
    for name in a.TABLES:
        pd.testing.assert_frame_equal(getattr(a, name), getattr(b, name), obj=name)
    assert dict(a.texts) == dict(b.texts) and a.inputs == b.inputs and a.drafts == b.drafts


def _plan(data: Path, n: int) -> Path:
    return sorted((data / "plans").glob("*.yaml"))[n]


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _manifest_entries(data: Path) -> list[dict]:
    return yaml.safe_load((data / "raw" / "sources.yaml").read_text(encoding="utf-8"))


def _write_manifest(data: Path, entries: list[dict]) -> None:
    (data / "raw" / "sources.yaml").write_text(yaml.safe_dump(entries, allow_unicode=True, sort_keys=False),
                                               encoding="utf-8")


def _remove_plan(data: Path, n: int) -> None:
    plan = _plan(data, n)
    entries = _manifest_entries(data)
    for e in entries:
        if e.get("plan_id") == plan.stem:
            (data / "raw" / e["file"]).unlink()
    _write_manifest(data, [e for e in entries if e.get("plan_id") != plan.stem])
    plan.unlink()


def _raw_of(data: Path, n: int) -> tuple[Path, dict]:
    pid = _plan(data, n).stem
    entry = next(e for e in _manifest_entries(data) if e.get("plan_id") == pid)
    return data / "raw" / entry["file"], entry


def edit_plan_value(data: Path) -> None:
    _edit(_plan(data, 1), "value: ", "value: 1")


def add_a_comment(data: Path) -> None:
    plan = _plan(data, 2)
    plan.write_bytes(plan.read_bytes() + b"# reviewed\n")


def break_a_plan(data: Path) -> None:
    _edit(_plan(data, 3), "value: ", "value: x")


def remove_a_plan(data: Path) -> None:
    _remove_plan(data, 4)


def rename_a_plan(data: Path) -> None:
    plan = _plan(data, 5)
    plan.rename(plan.with_name("zz-" + plan.name))


def rename_an_agency(data: Path) -> None:
    _edit(data / "reference" / "agencies.csv", "Sở Nội vụ", "Sở Nội Vụ")


def drop_a_used_agency(data: Path) -> None:
    used = load_dataset(data, cache=False).assignments["agency_id"].iloc[0]
    path = data / "reference" / "agencies.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join(line for line in lines if not line.startswith(f"{used},")), encoding="utf-8")


def edit_a_raw_text_only(data: Path) -> None:
    raw, _ = _raw_of(data, 6)
    raw.write_bytes(raw.read_bytes() + b"\nmore text\n")


def move_quotes_in_a_raw_text(data: Path) -> None:
    """Valid: a line inserted at the top shifts every quote span; the manifest gets the new sha256."""
    import hashlib

    raw, entry = _raw_of(data, 7)
    raw.write_bytes("Dòng thêm ở đầu văn bản.\n".encode() + raw.read_bytes())
    entries = _manifest_entries(data)
    for e in entries:
        if e["file"] == entry["file"]:
            e["sha256"] = hashlib.sha256(raw.read_bytes()).hexdigest()
    _write_manifest(data, entries)


CHANGES = [edit_plan_value, add_a_comment, break_a_plan, remove_a_plan, rename_a_plan, rename_an_agency,
           drop_a_used_agency, edit_a_raw_text_only, move_quotes_in_a_raw_text]


def _reads(monkeypatch) -> list[int]:
    """Spy on how many plan files each collect reads (the rest are kept from the cache)."""
    counts: list[int] = []
    real = loader.read_plans

    def spy(items, ctx, jobs):
        counts.append(len(items))
        return real(items, ctx, jobs)
    monkeypatch.setattr(loader, "read_plans", spy)
    return counts


@pytest.mark.parametrize("change", CHANGES, ids=lambda f: f.__name__)
def test_an_incremental_load_equals_a_cold_load(base, tmp_path, change, monkeypatch):
    data = tmp_path / "data"
    shutil.copytree(base, data)
    load_dataset(data)  # the cache in place
    change(data)
    reads = _reads(monkeypatch)
    ds_inc, problems_inc = loader.collect(data, previous=cache.lookup(data)[1])
    ds_cold, problems_cold = loader.collect(data)
    assert problems_inc == problems_cold
    assert (ds_inc is None) == (ds_cold is None)
    if ds_cold is not None:
        assert_same_dataset(ds_cold, ds_inc)
    n_plans = len(list((data / "plans").glob("*.yaml")))
    assert reads[1] == n_plans  # the cold load read every plan file
    expected_reads = {"rename_an_agency": 0, "drop_a_used_agency": n_plans}.get(change.__name__, 1)
    if change.__name__ == "remove_a_plan":
        expected_reads = 0
    assert reads[0] == expected_reads, "kept from the cache: every plan file whose entry key did not change"


@pytest.mark.parametrize("change", CHANGES, ids=lambda f: f.__name__)
def test_load_dataset_after_a_change_is_the_cold_load(base, tmp_path, change):
    data = tmp_path / "data"
    shutil.copytree(base, data)
    load_dataset(data)
    change(data)
    try:
        cold = load_dataset(data, cache=False)
    except DataError as exc:
        with pytest.raises(DataError) as incremental:
            load_dataset(data)
        assert incremental.value.problems == exc.problems
        return
    assert_same_dataset(cold, load_dataset(data))  # incremental, then written
    assert_same_dataset(cold, load_dataset(data))  # served whole from the cache


def test_changing_a_plan_rewrites_only_its_shard(base, tmp_path, monkeypatch):
    monkeypatch.setattr(cache, "SHARD_PLANS", 10)
    data = tmp_path / "data"
    shutil.copytree(base, data)
    load_dataset(data)
    (before,) = cache._folders(data)
    inodes = {p.name: p.stat().st_ino for p in before.glob("*.[0-9]*.arrow")}
    assert len({name.split(".")[1] for name in inodes}) == N_PLANS // 10
    _edit(_plan(data, 0), "value: ", "value: 1")
    load_dataset(data)
    (after,) = cache._folders(data)
    changed = {p.name for p in after.glob("*.[0-9]*.arrow") if p.stat().st_ino != inodes.get(p.name)}
    assert changed and all(".0000." in name for name in changed)
    assert_same_dataset(load_dataset(data, cache=False), load_dataset(data))


def test_a_corrupt_shard_is_never_kept(base, tmp_path):
    data = tmp_path / "data"
    shutil.copytree(base, data)
    load_dataset(data)
    (folder,) = cache._folders(data)
    shard = folder / "assignments.0000.arrow"
    raw = bytearray(shard.read_bytes())
    raw[len(raw) // 2] ^= 0x01
    shard.write_bytes(bytes(raw))
    add_a_comment(data)
    cold = load_dataset(data, cache=False)
    assert_same_dataset(cold, load_dataset(data))  # every plan read again: the cache did not verify
    assert_same_dataset(cold, load_dataset(data))  # and the rewritten cache is whole


@pytest.mark.parametrize("manifest", [
    "{not json", "[]", '{"format": 3}',
    None,  # the right shape, entries of the wrong kind
])
def test_a_foreign_or_malformed_manifest_is_ignored(base, tmp_path, manifest):
    data = tmp_path / "data"
    shutil.copytree(base, data)
    cold = load_dataset(data)
    (folder,) = cache._folders(data)
    path = folder / "manifest.json"
    if manifest is None:
        import json

        doc = json.loads(path.read_text(encoding="utf-8"))
        doc["plans"] = {k: ["x", 1, "y", None] for k in doc["plans"]}
        manifest = json.dumps(doc)
    path.write_text(manifest, encoding="utf-8")
    add_a_comment(data)
    assert cache.lookup(data) == (None, None)
    assert_same_dataset(load_dataset(data, cache=False), load_dataset(data))
    assert len(load_dataset(data).plans) == len(cold.plans)


def _validate(capsys, data: Path, *flags: str) -> tuple[int, str, str]:
    from dxcompare.cli import main

    try:
        code = main(["validate", "--data", str(data), *flags])
    except SystemExit as exc:
        code = exc.code
    out = capsys.readouterr()
    return code, out.out, out.err


def _tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


# the cache served whole, a plan changed, a plan broken (every kind of change: the tests above, through
# the same `collect(previous=...)`)
@pytest.mark.parametrize("change", [None, edit_plan_value, break_a_plan], ids=lambda f: f.__name__ if f else "no_change")
def test_validate_reads_the_cache_gives_the_cold_answer_and_writes_nothing(base, tmp_path, change, capsys,
                                                                            monkeypatch):
    data = tmp_path / "data"
    shutil.copytree(base, data)
    load_dataset(data)  # a report or notebook left its cache
    if change is not None:
        change(data)
    before = _tree(data)
    reads = _reads(monkeypatch)
    cached = _validate(capsys, data)
    cold = _validate(capsys, data, "--no-cache")
    assert cached == cold
    assert _tree(data) == before, "validate reads the cache, never writes it"
    n_plans = len(list((data / "plans").glob("*.yaml")))
    assert reads[1] == n_plans
    if change is None:
        assert reads[0] == 0 and cached[0] == 0  # nothing changed: no plan file read again
