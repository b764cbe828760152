"""The README's "Adding a plan", followed end to end in a copy of the repository, leaves the suite green.

A small new plan text is written for the purpose; the extract command is the
README's own (taken from its "Adding a plan" section, with the new file's name);
the draft is then filled as a curator would (English title, the plan's own
registry row, the draft mark removed); `validate` must accept the folder and
the data tests must pass on it. (The notebooks are not re-run here: `make test`
runs them on the shipped data; they load the same way.)
"""
from __future__ import annotations

import csv
import hashlib
import os
import re
import subprocess
from pathlib import Path

from test_readme_commands import ROOT, repo_copy  # noqa: F401 - a copy of the repo with its .venv

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


def readme_extract_command() -> str:
    """The README's extract line, run on the new text and writing into data/plans/ (its step 3 moves it there)."""
    section = (ROOT / "README.md").read_text(encoding="utf-8").split("### Adding a plan", 1)[1].split("\n## ", 1)[0]
    lines = [line.strip().strip("`") for line in section.splitlines() if "dxcompare extract" in line and "plan-yaml" in line]
    assert lines, "the README's 'Adding a plan' no longer shows the extract command"
    command = re.sub(r"(dxcompare extract )\S+", rf"\g<1>data/raw/{NAME}", lines[0])
    return re.sub(r"--out \S+", "--out data/plans", command)


def run(copy: Path, command: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "DXCOMPARE_DATA"}
    return subprocess.run(["bash", "-c", command], cwd=copy, capture_output=True, text=True, env=env, timeout=900)


def test_a_plan_added_by_the_readme_leaves_validate_and_the_data_tests_green(repo_copy):  # noqa: F811
    data = repo_copy / "data"
    # 1. the text into data/raw/, with its manifest entry
    raw = data / "raw" / NAME
    raw.write_text(NEW_TEXT, encoding="utf-8")
    digest = hashlib.sha256(raw.read_bytes()).hexdigest()
    with (data / "raw" / "sources.yaml").open("a", encoding="utf-8") as f:
        f.write(f"- file: {NAME}\n  plan_id: long-an-777-2024\n  kind: official_text\n  completeness: full\n"
                f"  origin: \"written for this test\"\n  retrieved_note: \"test\"\n  sha256: {digest}\n")
    # 2. the README's extract command writes a draft into data/plans/
    result = run(repo_copy, readme_extract_command())
    assert result.returncode == 0, result.stderr
    draft = data / "plans" / "long-an-777-2024.yaml"
    assert "draft: true" in draft.read_text(encoding="utf-8")
    skipped = run(repo_copy, ".venv/bin/python -m dxcompare validate")  # a draft left there breaks nothing
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
    # 4. validate, then the data tests
    result = run(repo_copy, ".venv/bin/python -m dxcompare validate")
    assert result.returncode == 0, result.stderr
    n_plans = len(list((data / "plans").glob("*.yaml")))
    assert result.stdout.startswith(f"valid: {n_plans} plans")
    tests = run(repo_copy, ".venv/bin/python -m pytest -q -p no:randomly tests/test_data.py "
                           "tests/test_reference_registries.py tests/test_cli.py")
    assert tests.returncode == 0, tests.stdout[-3000:]
