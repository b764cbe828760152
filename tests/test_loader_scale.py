"""The loader's fast paths give exactly what the plain ones give, and the cache is never stale.

Speed comes from a strict reader of block-style YAML, inline type checks, a
cheaper quote index, worker processes and a cache; each is checked here against
the reference behaviour it replaces (PyYAML, `coerce`, `foldedtext.FoldedText`,
one process, a cold load).
"""
from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dxcompare import DataError, load_dataset
from dxcompare import foldedtext, loader, plans, rules, schema
from dxcompare.cache import _folders
from dxcompare.readers import LineDict, _LineLoader, _Unsupported, parse_block_yaml
from dxcompare.foldedtext import FoldedText
from dxcompare.textnorm import fold, nfc

from clirun import run_cli

ROOT = Path(__file__).resolve().parent.parent


def same(a, b) -> bool:
    if type(a) is not type(b):
        return False
    if isinstance(a, LineDict):
        return (a.line, a.lines, list(a)) == (b.line, b.lines, list(b)) and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    return a == b


def check_subset(text: str) -> bool:
    """The fast reader either declines or agrees with PyYAML exactly; True when it read the text."""
    try:
        fast = parse_block_yaml(text)
    except _Unsupported:
        return False
    assert same(fast, yaml.load(text, Loader=_LineLoader)), text  # noqa: S506 - safe loader subclass
    return True


TRICKY = [
    "a: 1\nb: yes\nc: null\nd: ~\ne: 2021-04-05\nf: 1:20\ng: 0x1F\nh: .5\ni: +3\nj: 1_000\n",
    "a: 'it''s'\nb: \"tab\\there \\u1ebf \\\\ \\/\"\nc: x # comment\nd: \"q\" # c\n",
    "k:\n- a\n- b\nm: 2\n", "k:\n  - x: 1\n    y: 2\n  - x: 3\nz: 0\n", "- a: 1\n  b:\n    c: 2\n- d\n",
    "a: b: c\n", "a: =\n", "<<: 1\n", "yes: 1\n", "a: 1\na: 2\n", "a:\n b: 1\n  c: 2\n", "a: x\n  y\n",
    "a: [1, 2]\n", "a: {b: 1}\n", "a: &x 1\nb: *x\n", "a: !!str 1\n", "a: |\n  text\n", "a: >\n  text\n",
    "---\na: 1\n", "a: \"open\n", "a: 'x'y\n", "  a: 1\n", "a:\t1\n", "- - a\n", "-\n  a: 1\n", "a: []\nb: {}\n",
    "a: -1\nb: - x\n", "a: ? x\n", "a: @x\n", "a: `x`\n", "a: %x\n", "a: x:y\n", "a: 'x' \nb: \"y\"   \n",
    "# only a comment\n", "a: 1\n\n\n# end\n", "a: \"\\x41\"\n", "a: \"\\ud83d\"\n", "on: 1\n", "a: 1\r\nb: 2\r\n",
]


@pytest.mark.parametrize("text", TRICKY)
def test_tricky_documents_are_read_as_pyyaml_reads_them(text):
    try:
        yaml.load(text, Loader=_LineLoader)  # noqa: S506
    except yaml.YAMLError:
        with pytest.raises(_Unsupported):
            parse_block_yaml(text)
        return
    check_subset(text)  # declining is allowed; reading differently from PyYAML fails inside


scalars = st.one_of(st.none(), st.booleans(), st.integers(-10**6, 10**6), st.floats(allow_nan=False),
                    st.dates(), st.text(st.characters(blacklist_categories=("Cs",)), max_size=30),
                    st.sampled_from(["yes", "No", "null", "~", "1:20", "=", "a: b", "- x", "# c", "x # c", "'q'",
                                     "2021-04-05", "0o17", ".inf", "Kế hoạch 749/QĐ-TTg", ""]))
keys = st.one_of(st.from_regex(r"[A-Za-z_][A-Za-z0-9_]{0,8}", fullmatch=True), st.sampled_from(["yes", "on", "null"]))
documents = st.recursive(scalars, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                          st.dictionaries(keys, inner, max_size=5)), max_leaves=25)


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])  # examples: the profile (tests/conftest.py)
@given(doc=st.dictionaries(keys, documents, min_size=1, max_size=6), indent=st.sampled_from([2, 4]),
       width=st.sampled_from([40, 1000]))
def test_any_block_document_is_read_as_pyyaml_reads_it(doc, indent, width):
    text = yaml.safe_dump(doc, allow_unicode=True, default_flow_style=False, sort_keys=False, indent=indent,
                          width=width)
    check_subset(text)
    check_subset(text.replace("\n", "  # note\n", 1))


@settings(deadline=None)  # examples: the profile (tests/conftest.py)
@given(text=st.text(st.sampled_from(list("ab :-#'\"\n\t[]{}&*!|>?%@`,\\0123yn")), max_size=60))
def test_arbitrary_text_never_misreads(text):
    try:
        yaml.load(text, Loader=_LineLoader)  # noqa: S506
    except yaml.YAMLError:
        with pytest.raises(_Unsupported):
            parse_block_yaml(text)
        return
    except RecursionError:
        return
    check_subset(text)


def test_curated_plan_files_take_the_fast_path():
    for path in sorted((ROOT / "data" / "plans").glob("*.yaml")) + [ROOT / "data" / "raw" / "sources.yaml"]:
        assert check_subset(path.read_text(encoding="utf-8")), path.name


def _naive_find(text: str, quote: str):
    """Reference: fold character by character, remembering each kept character's offset."""
    kept, offsets = [], []
    for i, ch in enumerate(text):
        if ch.isspace():
            if kept and kept[-1] == " ":
                continue
            ch = " "
        kept.append(ch)
        offsets.append(i)
    q = fold(quote)
    k = "".join(kept).find(q) if q else -1
    return None if k < 0 else (offsets[k], offsets[k + len(q) - 1] + 1)


@settings(deadline=None)  # examples: the profile (tests/conftest.py)
@given(words=st.lists(st.text(st.characters(blacklist_categories=("Cs", "Zs", "Zl", "Zp", "Cc")), min_size=1,
                              max_size=6), min_size=1, max_size=30),
       gaps=st.lists(st.sampled_from([" ", "  ", "\n", "\r\n", " \n  ", "\t", "\xa0", "\u2003 "]), min_size=31,
                     max_size=31),
       lead=st.sampled_from(["", " ", "\n\n"]), start=st.integers(0, 29), length=st.integers(1, 10))
def test_folded_text_spans_equal_a_naive_folding(words, gaps, lead, start, length):
    text = lead + "".join(w + g for w, g in zip(words, gaps))
    quote = " ".join(words[start:start + length]) if start < len(words) else words[0]
    folded = FoldedText(text)
    assert folded.nfc == nfc(text)
    assert folded.find(quote) == _naive_find(folded.nfc, quote)


def test_every_white_space_code_point_is_in_the_folding_table():
    assert not [c for c in range(len(foldedtext._IS_SPACE) - 1, 0x110000) if chr(c).isspace()]
    assert all(foldedtext._IS_SPACE[c] == chr(c).isspace() for c in range(len(foldedtext._IS_SPACE) - 1))


@settings(deadline=None)  # examples: the profile (tests/conftest.py)
@given(text=st.text(st.characters(blacklist_categories=("Cs",)), max_size=60))
def test_folding_is_str_split_on_any_text(text):
    n = nfc(text)
    expected = (" " if n[:1].isspace() else "") + " ".join(n.split())
    if n[-1:].isspace() and expected != " ":
        expected += " "
    assert FoldedText(text).folded == expected


@settings(deadline=None)  # examples: the profile (tests/conftest.py)
@given(value=st.one_of(st.none(), st.booleans(), st.integers(-5, 3000), st.floats(), st.text(max_size=5),
                       st.sampled_from(["%", "count", " ", "2021-01-02", "80"]), st.dates(), st.datetimes()),
       column=st.sampled_from([c for cols in (schema.TARGET_COLUMNS, schema.BUDGET_COLUMNS, schema.PLAN_COLUMNS,
                                              schema.ASSIGNMENT_COLUMNS) for c in cols]))
def test_inline_checks_agree_with_coerce(value, column):
    problems: list = []
    got = rules.check_record({column.name: value}, (column,), "f", lambda _k: 1, problems)
    if value is None or value == "":
        assert (got is None) == column.required
        return
    try:
        want = rules.coerce(value, column)
    except ValueError as exc:
        assert got is None and str(exc) in str(problems[0])
        return
    assert got == {column.name: want} and type(got[column.name]) is type(want)


# --- whole folders ----------------------------------------------------------------------

@pytest.fixture(scope="module")
def synth(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("synth") / "data"
    subprocess.run([sys.executable, str(ROOT / "benchmarks" / "synth.py"), "--plans", "60", "--out", str(out),
                    "--seed", "5"], check=True, capture_output=True)
    return out


def assert_same_dataset(a, b) -> None:
    for name in a.TABLES:
        pd.testing.assert_frame_equal(getattr(a, name), getattr(b, name), obj=name)
    assert dict(a.texts) == dict(b.texts) and a.inputs == b.inputs


def test_worker_processes_give_the_same_dataset_and_problems(synth, tmp_path, monkeypatch):
    monkeypatch.setattr(plans, "PARALLEL_FROM", 2)
    one, p1 = loader.collect(synth, jobs=1)
    two, p2 = loader.collect(synth, jobs=2)
    assert not p1 and not p2
    assert_same_dataset(one, two)
    bad = tmp_path / "data"
    shutil.copytree(synth, bad)
    for plan in sorted((bad / "plans").glob("*.yaml"))[::7]:
        plan.write_text(plan.read_text(encoding="utf-8").replace("value: ", "value: x", 1), encoding="utf-8")
    _, q1 = loader.collect(bad, jobs=1)
    _, q2 = loader.collect(bad, jobs=2)
    assert q1 == q2 and len(q1) == 9


def test_synthetic_folders_validate_from_the_command_line(synth):
    result = run_cli("validate", "--data", str(synth))
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("valid: 60 plans")


def test_synth_is_deterministic(tmp_path):
    for name in ("a", "b"):
        subprocess.run([sys.executable, str(ROOT / "benchmarks" / "synth.py"), "--plans", "15", "--out",
                        str(tmp_path / name), "--seed", "9"], check=True, capture_output=True)
    files = sorted(p.relative_to(tmp_path / "a") for p in (tmp_path / "a").rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(tmp_path / "b") for p in (tmp_path / "b").rglob("*") if p.is_file())
    assert all((tmp_path / "a" / f).read_bytes() == (tmp_path / "b" / f).read_bytes() for f in files)
    targets = load_dataset(tmp_path / "a", cache=False).targets.groupby("plan_id").size()
    assert targets.between(10, 40).all()


def test_the_cache_gives_the_cold_dataset_and_follows_every_change(synth, tmp_path):
    data = tmp_path / "data"
    shutil.copytree(synth, data)
    cold = load_dataset(data, cache=False)
    first = load_dataset(data)
    (folder,) = _folders(data)
    assert_same_dataset(cold, first)
    assert_same_dataset(cold, load_dataset(data))  # from the cache
    assert _folders(data) == [folder]

    os.utime(data / "plans" / sorted(os.listdir(data / "plans"))[0])  # touched, same content: still valid
    assert_same_dataset(cold, load_dataset(data))
    assert _folders(data) == [folder]

    plan = data / "plans" / sorted(os.listdir(data / "plans"))[1]
    plan.write_text(plan.read_text(encoding="utf-8").replace("value: ", "value: 1", 1), encoding="utf-8")
    changed = load_dataset(data)
    assert not changed.targets.equals(cold.targets)
    assert_same_dataset(changed, load_dataset(data, cache=False))
    assert _folders(data) != [folder]

    removed = data / "plans" / sorted(os.listdir(data / "plans"))[2]
    removed.unlink()
    _drop_manifest_entry(data, removed.stem)  # validate: every manifest plan_id names a plan
    assert len(load_dataset(data).plans) == len(cold.plans) - 1

    registry = data / "reference" / "agencies.csv"
    registry.write_text(registry.read_text(encoding="utf-8").replace("Sở Nội vụ", "Sở Nội Vụ"), encoding="utf-8")
    assert "Sở Nội Vụ" in set(load_dataset(data).agencies["name_vi"])


def test_a_corrupt_cache_is_ignored_and_rebuilt(synth, tmp_path):
    data = tmp_path / "data"
    shutil.copytree(synth, data)
    cold = load_dataset(data)
    (folder,) = _folders(data)
    target = folder / "targets.0000.arrow"
    target.write_bytes(target.read_bytes()[: target.stat().st_size // 2])
    assert_same_dataset(cold, load_dataset(data))
    (folder,) = _folders(data)
    (folder / "manifest.json").write_text("{not json", encoding="utf-8")
    assert_same_dataset(cold, load_dataset(data))
    assert (_folders(data)[0] / "manifest.json").read_text(encoding="utf-8").startswith("{")


def test_an_invalid_folder_is_never_cached(synth, tmp_path):
    data = tmp_path / "data"
    shutil.copytree(synth, data)
    load_dataset(data)
    plan = sorted((data / "plans").glob("*.yaml"))[0]
    plan.write_text(plan.read_text(encoding="utf-8").replace("value: ", "value: x", 1), encoding="utf-8")
    with pytest.raises(DataError, match="expected a number, got text"):
        load_dataset(data)
    with pytest.raises(DataError):
        load_dataset(data)  # the old cache is not used for the changed folder either


def test_texts_are_read_on_demand_and_checked(synth, tmp_path):
    data = tmp_path / "data"
    shutil.copytree(synth, data)
    ds = load_dataset(data, cache=False)
    first, second = ds.plans["source_file"].iloc[:2]
    row = ds.targets[ds.targets["source_file"] == first].iloc[0]
    text = ds.texts[first]
    assert fold(text[row["quote_start"]:row["quote_end"]]) == fold(row["quote"])
    raw = data / "raw" / second
    raw.write_bytes(raw.read_bytes() + b"\nmore text\n")
    with pytest.raises(DataError, match="changed since the dataset was loaded"):
        ds.texts[second]
    assert ds.texts[first] == text and len(ds.texts) == len(ds.sources)


def test_plan_order_follows_plan_id_not_file_name(tmp_path):
    data = tmp_path / "data"
    subprocess.run([sys.executable, str(ROOT / "benchmarks" / "synth.py"), "--plans", "3", "--out", str(data)],
                   check=True, capture_output=True)
    ds = load_dataset(data, cache=False)
    assert list(ds.plans["plan_id"]) == sorted(ds.plans["plan_id"])
    for table in ("citations", "targets", "assignments"):
        ids = list(getattr(ds, table)["plan_id"])
        assert ids == sorted(ids)


def test_dates_and_optional_ints_keep_their_dtypes(synth):
    ds = load_dataset(synth, cache=False)
    assert str(ds.plans["issued"].dtype) == "datetime64[us]"
    assert str(ds.assignments["deadline"].dtype) == "datetime64[us]"
    assert str(ds.targets["year"].dtype) == "Int64" and str(ds.budgets["year"].dtype) == "Int64"
    assert str(ds.targets["quote_start"].dtype) == "int64"
    assert isinstance(ds.plans["issued"].iloc[0], pd.Timestamp)
    assert ds.plans["issued"].iloc[0].date() <= dt.date(2026, 1, 1)


def _drop_manifest_entry(data: Path, plan_id: str) -> None:
    manifest = data / "raw" / "sources.yaml"
    entries = yaml.safe_load(manifest.read_text(encoding="utf-8"))
    kept = [e for e in entries if e.get("plan_id") != plan_id]
    gone = [e["file"] for e in entries if e.get("plan_id") == plan_id]
    manifest.write_text(yaml.safe_dump(kept, allow_unicode=True, sort_keys=False), encoding="utf-8")
    for name in gone:
        (data / "raw" / name).unlink()


def test_a_worker_that_dies_ends_the_load_with_one_message(synth, monkeypatch):
    monkeypatch.setattr(plans, "PARALLEL_FROM", 2)
    monkeypatch.setattr(plans, "read_chunk", lambda items, ctx: os._exit(139))  # as a segfault would
    with pytest.raises(DataError, match="a worker process died while reading the plans"):
        loader.collect(synth, jobs=2)


def _cache_files(data: Path) -> list[Path]:
    (folder,) = _folders(data)
    return sorted(folder.glob("*.arrow"))


def test_a_changed_byte_in_the_cache_is_never_served(synth, tmp_path):
    data = tmp_path / "data"
    shutil.copytree(synth, data)
    cold = load_dataset(data)
    target = next(p for p in _cache_files(data) if p.name == "targets.0000.arrow")
    raw = bytearray(target.read_bytes())
    at = raw.index(b"quote") if b"quote" in raw else len(raw) // 2
    raw[at] ^= 0x01
    target.write_bytes(bytes(raw))
    assert_same_dataset(cold, load_dataset(data))  # rebuilt from the files, not the edited cache
    assert target.read_bytes() != bytes(raw)  # the broken folder with the right key was rewritten


def test_two_swapped_cache_files_are_never_served(synth, tmp_path):
    data = tmp_path / "data"
    shutil.copytree(synth, data)
    cold = load_dataset(data)
    files = {p.name: p for p in _cache_files(data)}
    a, b = files["citations.0000.arrow"], files["evidence.0000.arrow"]
    tmp = a.with_suffix(".swap")
    a.rename(tmp)
    b.rename(a)
    tmp.rename(b)
    again = load_dataset(data)
    assert_same_dataset(cold, again)


def test_a_draft_in_plans_is_skipped_with_a_warning(synth, tmp_path):
    data = tmp_path / "data"
    shutil.copytree(synth, data)
    first = sorted((data / "plans").glob("*.yaml"))[0]
    draft = data / "plans" / "zz-draft.yaml"
    draft.write_text(first.read_text(encoding="utf-8") + "draft: true\n", encoding="utf-8")
    for cache in (False, True, True):  # cold, then written to the cache, then from it
        with pytest.warns(loader.DraftSkipped, match="zz-draft.yaml: still marked draft"):
            ds = load_dataset(data, cache=cache)
        assert "zz-draft" not in set(ds.plans["plan_id"])
