"""`validate` is the contract: a folder it accepts, every command accepts; one it refuses, they refuse alike."""
from __future__ import annotations

import shutil

import pytest

from test_faults import base_data, run_cli  # noqa: F401 - the fault suite's synthetic folder and CLI runner


def test_a_folder_validate_accepts_is_accepted_by_every_command(base_data, tmp_path):  # noqa: F811
    data = tmp_path / "data"
    shutil.copytree(base_data, data)
    assert run_cli("validate", "--data", str(data)).returncode == 0
    for args in (["graph", "--out", str(tmp_path / "g.graphml")],
                 ["export", "--format", "json", "--out", str(tmp_path / "x")],
                 ["report", "02_legal_bases", "--out", str(tmp_path / "r")]):
        result = run_cli(*args, *(["--data", str(data)] if args[0] != "report" else []), data=data)
        assert result.returncode == 0, (args[0], result.stderr)
        assert "Traceback" not in result.stderr


@pytest.mark.parametrize("command", ["validate", "graph"])
def test_an_id_clash_is_refused_by_validate_and_graph_alike(base_data, tmp_path, command):  # noqa: F811
    data = tmp_path / "data"
    shutil.copytree(base_data, data)
    with (data / "reference" / "legal_documents.csv").open("a", encoding="utf-8") as f:
        f.write("so_gddt,Quyết định,UBND tỉnh,province,,Văn bản,Document,,test\n")  # an agency's id
    args = ["graph", "--out", str(tmp_path / "g.json")] if command == "graph" else ["validate"]
    result = run_cli(*args, "--data", str(data))
    assert result.returncode == 1
    assert "id: 'so_gddt' — used by two kinds of node (document, agency)" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "g.json").exists()
