"""The agency registry's own rules (`validate`) and the properties of the shipped registry."""
import csv
import shutil
from pathlib import Path

import pytest

from dxcompare.loader import collect
from dxcompare.textnorm import agency_key

ROOT = Path(__file__).resolve().parent.parent
AGENCIES = ROOT / "data" / "reference" / "agencies.csv"


def _rows():
    with AGENCIES.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _problems(tmp_path: Path, edit) -> list[str]:
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data, ignore=shutil.ignore_patterns("processed"))
    path = data / "reference" / "agencies.csv"
    path.write_text(edit(path.read_text(encoding="utf-8")), encoding="utf-8")
    return [str(p) for p in collect(data)[1]]


def test_every_row_names_its_act_and_every_successor_resolves_with_its_act():
    rows = _rows()
    ids = {r["agency_id"] for r in rows}
    for r in rows:
        assert r["source"], r["agency_id"]
        if r["successor"]:
            assert r["successor"] in ids and r["successor"] != r["agency_id"] and r["successor_act"], r["agency_id"]


def test_every_spelling_names_one_body_once_normalised():
    owner = {}
    for r in _rows():
        for name in [r["name_vi"], *filter(None, r["aliases"].split(";"))]:
            assert owner.setdefault(agency_key(name), r["agency_id"]) == r["agency_id"], name


@pytest.mark.parametrize("a, b", [("Sở TT&TT", "sở tt và tt"), ("Uỷ ban MTTQ tỉnh", "Ủy ban Mặt trận Tổ quốc tỉnh"),
                                  ("Phòng Tài chính – Kế hoạch", "Phòng Tài chính-Kế hoạch"),
                                  ("Văn phòng HĐND và UBND", "Văn phòng Hội đồng nhân dân và Ủy ban nhân dân")])
def test_the_normalisation_folds_what_writers_vary(a, b):
    assert agency_key(a) == agency_key(b)


def test_the_2025_corrections_are_recorded():
    rows = {r["agency_id"]: r for r in _rows()}
    assert rows["bao_tinh"]["successor"] == rows["dai_pth_tinh"]["successor"] == "bao_pth_tinh"
    assert "Culture, Sports and Tourism" in rows["so_tttt"]["successor_note"]
    assert rows["cuc_thue_tinh"]["successor"] == "chi_cuc_thue_khu_vuc"
    assert rows["chi_cuc_thue_khu_vuc"]["successor"] == "thue_tinh"
    assert "150/2025/NĐ-CP" in rows["vp_hdnd_ubnd_xa"]["source"]
    assert "Mặt trận Tổ quốc" not in rows["to_chuc_ctxh"]["aliases"]


def test_a_spelling_claimed_by_two_bodies_is_refused(tmp_path):
    problems = _problems(tmp_path, lambda t: t.replace(",Sở YT,", ",Sở YT;Sở TC,", 1))
    assert any("reference/agencies.csv:" in p and "aliases: 'Sở TC' — the same name as so_tai_chinh" in p
               for p in problems), problems


def test_a_successor_without_its_act_or_an_unknown_one_is_refused(tmp_path):
    problems = _problems(tmp_path, lambda t: t.replace(",so_khcn,Nghị định 45/2025/NĐ-CP,", ",so_khcn,,", 1)
                         .replace(",so_xay_dung,Nghị định 45/2025/NĐ-CP,", ",so_nowhere,Nghị định 45/2025/NĐ-CP,", 1))
    assert any("successor_act: None — a successor needs the act that decided it" in p for p in problems), problems
    assert any("successor: 'so_nowhere' — not an agency_id of this registry" in p for p in problems), problems


def test_a_source_that_names_no_act_is_refused(tmp_path):
    def edit(text):
        lines = text.splitlines(keepends=True)
        i = next(i for i, line in enumerate(lines) if line.startswith("so_y_te,"))
        lines[i] = ",".join(lines[i].split(",")[:9]) + ",https://example.org/page\n"
        return "".join(lines)
    problems = _problems(tmp_path, edit)
    assert any("source: 'https://example.org/page' — must name the legal act" in p for p in problems), problems
