"""The README's "Adding a plan", followed end to end in a copy of the repository, leaves the suite green.

A small new plan text is written for the purpose; the extract command is the
README's own (taken from its "Adding a plan" section, with the new file's name);
the draft is then filled as a curator would (English title, the plan's own
registry row, the draft mark removed). Then, as the README's step 4 says:
`validate` must accept the folder, the data tests must pass on it, and every
notebook must run on the enlarged data — every report `make report` writes,
including the new plan's profile — and show the new plan.
"""
from __future__ import annotations

import csv
import hashlib
import html
import os
import re
import subprocess
from pathlib import Path

import pytest

from test_readme_commands import ROOT, copy_repo

NEW_TEXT = """ỦY BAN NHÂN DÂN
TỈNH LONG AN
Số: 777/KH-UBND
Long An, ngày 15 tháng 3 năm 2024

KẾ HOẠCH
Chuyển đổi số tỉnh Long An năm 2024

Căn cứ Quyết định số 749/QĐ-TTg ngày 03/6/2020 của Thủ tướng Chính phủ phê duyệt Chương trình Chuyển đổi số quốc gia đến năm 2025, định hướng đến năm 2030;
Ủy ban nhân dân tỉnh ban hành Kế hoạch chuyển đổi số năm 2024 như sau:
I. MỤC TIÊU
1. Tỷ lệ hồ sơ công việc tại cấp tỉnh được xử lý trên môi trường mạng đạt 90%.
II. TỔ CHỨC THỰC HIỆN
Sở Thông tin và Truyền thông chủ trì, hướng dẫn triển khai Kế hoạch này.
"""
NAME = "900_test_long_an_777.txt"
PLAN_ID = "long-an-777-2024"


def readme_section() -> str:
    return (ROOT / "README.md").read_text(encoding="utf-8").split("### Adding a plan", 1)[1].split("\n## ", 1)[0]


def readme_extract_command() -> str:
    """The README's extract line, run on the new text and writing into data/plans/ (its step 3 moves it there)."""
    lines = [line.strip().strip("`") for line in readme_section().splitlines()
             if "dxcompare extract" in line and "plan-yaml" in line]
    assert lines, "the README's 'Adding a plan' no longer shows the extract command"
    command = re.sub(r"(dxcompare extract )\S+", rf"\g<1>data/raw/{NAME}", lines[0])
    return re.sub(r"--out \S+", "--out data/plans", command)


def makefile_recipe(target: str) -> str:
    """The command `make TARGET` runs, with the Makefile's variables filled in (for a copy whose .venv is
    this test's: `make` itself could decide to reinstall into it)."""
    text = (ROOT / "Makefile").read_text(encoding="utf-8")
    recipe = re.search(rf"(?m)^{target}:.*\n\t(.+)$", text).group(1)
    return recipe.replace("$(PY)", ".venv/bin/python").replace("$(JOBS)", "2")


def run(copy: Path, command: str, timeout: int = 900) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "DXCOMPARE_DATA"}
    # The copy's .venv is this test's venv, whose editable install is the original tree: the kernels
    # the notebooks run in must import the copy's package (and so read the copy's data/), as in a clone.
    env["PYTHONPATH"] = str(copy)
    return subprocess.run(["bash", "-c", command], cwd=copy, capture_output=True, text=True, env=env,
                          timeout=timeout)


@pytest.fixture(scope="module")
def added(tmp_path_factory) -> Path:
    """A copy of the repository with a sixth plan added by the README's steps 1–3 (text and entry, extract,
    review). Its own copy: the README commands' scratch folder is left to their test (xdist runs both at once)."""
    copy = copy_repo(tmp_path_factory.mktemp("added") / "dxcompare")
    data = copy / "data"
    # 1. the text into data/raw/, with its manifest entry
    raw = data / "raw" / NAME
    raw.write_text(NEW_TEXT, encoding="utf-8")
    digest = hashlib.sha256(raw.read_bytes()).hexdigest()
    with (data / "raw" / "sources.yaml").open("a", encoding="utf-8") as f:
        f.write(f"- file: {NAME}\n  plan_id: {PLAN_ID}\n  kind: official_text\n  completeness: full\n"
                f"  origin: \"written for this test\"\n  retrieved_note: \"test\"\n  sha256: {digest}\n")
    # 2. the README's extract command writes a draft into data/plans/
    result = run(copy, readme_extract_command())
    assert result.returncode == 0, result.stderr
    draft = data / "plans" / f"{PLAN_ID}.yaml"
    assert "draft: true" in draft.read_text(encoding="utf-8")
    skipped = run(copy, ".venv/bin/python -m dxcompare validate")  # a draft left there breaks nothing
    assert skipped.returncode == 0 and "skipped: still marked draft: true" in skipped.stderr, skipped.stderr
    # 3. review: fill what the draft flags, add the plan's own registry row, remove the mark
    text = draft.read_text(encoding="utf-8").replace("draft: true\n", "")
    text = re.sub(r"(?m)^title_en: null.*$", 'title_en: "Digital transformation plan of Long An, 2024"', text)
    draft.write_text(text, encoding="utf-8")
    registry = data / "reference" / "legal_documents.csv"
    with registry.open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        fields, rows = reader.fieldnames, list(reader)
    rows.append({"doc_id": "777/KH-UBND", "doc_type": "Kế hoạch", "issuer": "UBND tỉnh Long An",
                 "issuer_level": "province", "date": "2024-03-15", "title_vi": "Chuyển đổi số tỉnh Long An năm 2024",
                 "title_en": "Digital transformation plan of Long An, 2024", "implements": "", "source": f"raw:{NAME}"})
    with registry.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(sorted(rows, key=lambda r: r["doc_id"]))
    return copy


def test_a_plan_added_by_the_readme_leaves_validate_and_the_data_tests_green(added):
    # 4. validate, then the data tests
    result = run(added, ".venv/bin/python -m dxcompare validate")
    assert result.returncode == 0, result.stderr
    n_plans = len(list((added / "data" / "plans").glob("*.yaml")))
    assert result.stdout.startswith(f"valid: {n_plans} plans")
    tests = run(added, ".venv/bin/python -m pytest -q -p no:randomly tests/test_data.py "
                       "tests/test_reference_registries.py tests/test_cli.py")
    assert tests.returncode == 0, tests.stdout[-3000:]


def test_every_notebook_runs_on_the_added_plan_and_shows_it(added):
    """`make report`'s command in the copy: every notebook and every plan's profile run, two kernels at once."""
    assert "make notebooks" in readme_section()  # step 4 sends the curator to the notebooks
    result = run(added, makefile_recipe("report"))
    assert result.returncode == 0, result.stderr[-3000:]
    assert "Traceback" not in result.stderr
    reports = added / "reports"
    page = {p.stem: html.unescape(p.read_text(encoding="utf-8")) for p in reports.glob("*.html")}
    notebooks = sorted(p.stem for p in (added / "notebooks").glob("*.ipynb") if p.stem != "plan_profile")
    assert set(notebooks) <= set(page)  # every notebook wrote its page
    profile = f"plan_profile-{PLAN_ID}"
    assert profile in page and "777/KH-UBND" in page[profile]
    assert PLAN_ID in page["01_overview"] and "777/KH-UBND" in page["01_overview"]
    shown = "Long An (2024)"  # how the tables name the new plan
    for nb in ("02_legal_bases", "03_targets", "05_agencies"):  # its basis, its target, its lead agency
        assert shown in page[nb], nb
    assert f"{profile}.html" in page["index"]
