"""`python -m dxcompare extract`: JSON and draft outputs, bad inputs, writing only inside --out."""
import json
import unicodedata
from pathlib import Path

import yaml

from dxcompare.cli import main
from dxcompare.defaults import default_data_dir
from dxcompare.loader import collect

from clirun import run_cli

ROOT = Path(__file__).resolve().parent.parent
RAW = ROOT / "data" / "raw"
TEXTS = Path(__file__).parent / "extract_texts"


def cp1258_bytes(text: str) -> bytes:
    """Windows-1258 as Vietnamese Windows writes it: precomposed vowel shapes, combining tone marks."""
    out, cluster = [], ""
    for ch in unicodedata.normalize("NFD", text) + " ":
        if unicodedata.combining(ch) and cluster:
            cluster += ch
            continue
        if cluster:
            shape = "".join(c for c in cluster if c in "\u0302\u0306\u031b")
            tone = "".join(c for c in cluster[1:] if c not in shape)
            out.append(unicodedata.normalize("NFC", cluster[0] + shape) + tone)
        cluster = ch
    return "".join(out).encode("cp1258")


def test_json_to_stdout_has_one_document_per_input(capsys):
    paths = sorted(str(p) for p in RAW.glob("*.txt"))
    assert main(["extract", *paths, "--format", "json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert [d["source"] for d in out["documents"]] == paths
    long_an = next(d for d in out["documents"] if d["source"].endswith("001_058e18d28134035d.txt"))
    assert long_an["doc_number"] == "1069/KH-UBND"
    assert {b["amount_vnd"] for b in long_an["budgets"]} == {1_560_000_000, 660_000_000, 900_000_000}


def test_bad_inputs_get_one_line_each_and_the_good_ones_are_still_written(tmp_path, capsys):
    good = tmp_path / "good.txt"
    good.write_text((TEXTS / "news_summary.txt").read_text(encoding="utf-8"), encoding="utf-8")
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"  \n")
    binary = tmp_path / "scan.pdf"
    binary.write_bytes(b"%PDF-1.4\n\x00\x01\x02\x03" * 50)
    cp1258 = tmp_path / "cp1258.txt"
    cp1258.write_bytes(cp1258_bytes("Kế hoạch chuyển đổi số tỉnh Hà Tĩnh"))
    latin1 = tmp_path / "latin1.txt"
    latin1.write_bytes("Plan: café, résumé".encode("latin-1"))
    folder = tmp_path / "folder"
    folder.mkdir()
    missing = tmp_path / "missing.txt"
    out = tmp_path / "out"
    bad = [empty, binary, cp1258, latin1, folder, missing]
    code = main(["extract", str(empty), str(good), *(str(p) for p in bad[1:]), "--out", str(out)])
    assert code == 2
    errors = [line for line in capsys.readouterr().err.splitlines() if line.startswith("error:")]
    assert len(errors) == len(bad)
    for path, line in zip(bad, errors):
        assert str(path) in line
    assert "not UTF-8" in errors[2] and "not UTF-8" in errors[3] and "binary" in errors[1]
    assert sorted(p.name for p in out.iterdir()) == ["good.json"]
    doc = json.loads((out / "good.json").read_text(encoding="utf-8"))["documents"][0]
    assert doc["doc_number"] == "2360/QĐ-UBND"


def test_outputs_stay_inside_out_and_same_named_inputs_do_not_overwrite(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    text = (TEXTS / "commune_web_table.txt").read_text(encoding="utf-8")
    for d in ("a", "b"):
        (tmp_path / d / "plan.txt").write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    args = ["extract", str(tmp_path / "a" / "plan.txt"), str(tmp_path / "b" / ".." / "b" / "plan.txt"), "--out", str(out)]
    assert main(args) == 0
    assert sorted(p.name for p in out.iterdir()) == ["plan-2.json", "plan.json"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a", "b", "out"]


def test_plan_yaml_draft_validates_once_the_draft_mark_is_removed(tmp_path, capsys):
    out = tmp_path / "x"
    assert main(["extract", str(RAW / "004_ad14714e381267a6.txt"), "--format", "plan-yaml", "--out", str(out)]) == 0
    (draft,) = out.glob("*.yaml")
    text = draft.read_text(encoding="utf-8")
    assert yaml.safe_load(text)["draft"] is True
    _, problems = collect(default_data_dir(), (draft,))
    assert [p.field for p in problems] == ["draft"]  # refused while still a draft
    draft.write_text(text.replace("draft: true\n", ""), encoding="utf-8")
    _, problems = collect(default_data_dir(), (draft,))
    assert problems == []
    plan = yaml.safe_load(draft.read_text(encoding="utf-8"))
    assert plan["plan_id"] == draft.stem and plan["admin_level"] == "commune" and len(plan["targets"]) == 21


def test_a_draft_leaves_each_budget_gloss_empty_for_the_curator(tmp_path, capsys):
    out = tmp_path / "x"
    assert main(["extract", str(RAW / "001_058e18d28134035d.txt"), "--format", "plan-yaml", "--out", str(out)]) == 0
    (draft,) = out.glob("*.yaml")
    text = draft.read_text(encoding="utf-8")
    budgets = yaml.safe_load(text)["budgets"]
    assert budgets and all(b["purpose_en"] is None for b in budgets)  # never machine-translated
    assert text.count("purpose_en: null  # review:") == len(budgets)
    draft.write_text(text.replace("draft: true\n", ""), encoding="utf-8")
    _, problems = collect(default_data_dir(), (draft,))
    assert [p.why for p in problems] == [f"duplicate plan_id (also in data/plans/{draft.name})"]  # the shipped one


def _cli(*args: str, **kw):
    return run_cli("extract", *args, text=False, **kw)


def test_a_draft_never_replaces_an_existing_file_without_force(tmp_path):
    raw = RAW / "001_058e18d28134035d.txt"
    first = _cli(str(raw), "--format", "plan-yaml", "--out", str(tmp_path))
    assert first.returncode == 0
    draft = next(tmp_path.glob("*.yaml"))
    draft.write_text("curated: true\n", encoding="utf-8")
    again = _cli(str(raw), "--format", "plan-yaml", "--out", str(tmp_path))
    assert again.returncode == 1 and b"exists; not replaced (use --force" in again.stderr
    assert draft.read_text(encoding="utf-8") == "curated: true\n"
    assert _cli(str(raw), "--format", "plan-yaml", "--out", str(tmp_path), "--force").returncode == 0
    assert draft.read_text(encoding="utf-8").startswith("# DRAFT") or "draft: true" in draft.read_text(encoding="utf-8")


def test_the_readme_step_cannot_replace_a_curated_plan():
    before = {p.name: p.read_bytes() for p in (ROOT / "data" / "plans").glob("*.yaml")}
    result = _cli(str(RAW / "001_058e18d28134035d.txt"), "--format", "plan-yaml", "--out", str(ROOT / "data" / "plans"))
    assert result.returncode == 1 and result.stderr.count(b"\n") == 1 and b"not replaced" in result.stderr
    assert {p.name: p.read_bytes() for p in (ROOT / "data" / "plans").glob("*.yaml")} == before


def test_a_full_disk_on_stdout_is_one_line_and_exit_1():
    result = _cli(str(RAW / "001_058e18d28134035d.txt"), "--format", "jsonl", stdout="/dev/full")
    assert result.returncode == 1
    assert result.stderr.decode("utf-8").strip().splitlines() == ["error: cannot write the output (No space left on device)"]
