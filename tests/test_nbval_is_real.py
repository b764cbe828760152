"""Strict nbval must catch a data change: the committed outputs are a real check, not a formality."""
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _nbval(notebook: Path, data_dir: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "DXCOMPARE_DATA": str(data_dir)}
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "no:randomly", "--nbval",
         "--nbval-current-env", "--nbval-sanitize-with", str(ROOT / "notebooks" / "sanitize.cfg"), str(notebook)],
        cwd=notebook.parent, env=env, capture_output=True, text=True, timeout=300)


def test_changing_a_target_value_fails_the_notebook_that_shows_it(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data, ignore=shutil.ignore_patterns("processed"))
    plan = data / "plans" / "tinh-tra-quang-ngai-2024.yaml"
    text = plan.read_text(encoding="utf-8")
    quote = "Trên 70% hồ sơ công việc tại xã"
    assert quote in text
    # the value row sits just above the quote of the same target: change 70 to 75 there
    head, tail = text.split(quote, 1)
    assert head.rstrip().endswith('quote: "')
    idx = head.rfind("value: 70")
    assert idx > 0
    plan.write_text(head[:idx] + "value: 75" + head[idx + len("value: 70"):] + quote + tail, encoding="utf-8")

    notebooks = tmp_path / "notebooks"
    notebooks.mkdir()
    shutil.copy(ROOT / "notebooks" / "03_targets.ipynb", notebooks)
    changed = _nbval(notebooks / "03_targets.ipynb", data)
    assert changed.returncode != 0, changed.stdout[-2000:]
    assert "75" in changed.stdout

    unchanged = _nbval(notebooks / "03_targets.ipynb", ROOT / "data")
    assert unchanged.returncode == 0, unchanged.stdout[-2000:]
