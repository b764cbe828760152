"""environment.yml (for conda users) must pin exactly what pyproject.toml pins."""
import tomllib
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent


def _pyproject_pins() -> set[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    pins = set(project["dependencies"])
    for extra in project["optional-dependencies"].values():
        pins |= set(extra)
    return pins


def _environment_pins() -> set[str]:
    env = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    pip = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict) and "pip" in d)
    return {p for p in pip if not p.startswith("-e")}


def test_every_dependency_is_pinned():
    assert all("==" in p for p in _pyproject_pins())


def test_environment_matches_pyproject():
    assert _environment_pins() == _pyproject_pins()


def test_python_version_matches():
    env = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert "python=3.11" in env["dependencies"]
    assert project["requires-python"] == ">=3.11"
