"""Checks on the hand-built registries data/reference/{provinces,legal_documents}.csv.

They are curated by hand from public sources, so these tests guard the
invariants the rest of the package relies on: the 63 -> 34 mapping of
Nghị quyết 202/2025/QH15, resolvable `implements` links, a source on every
row, and that every document the plans or the raw texts cite by number is
registered.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path

import pytest
import yaml

DATA = Path(__file__).resolve().parents[1] / "data"
REF = DATA / "reference"

REGIONS = {
    "northern_midlands_mountains": 14,
    "red_river_delta": 11,
    "north_central_central_coast": 14,
    "central_highlands": 5,
    "southeast": 6,
    "mekong_delta": 13,
}
ISSUER_LEVELS = {
    "party_central",
    "national_assembly",
    "government",
    "ministry",
    "province_party",
    "province",
    "district",
    "commune",
}


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def _read(name: str) -> tuple[list[str], list[dict[str, str]]]:
    with open(REF / name, encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        rows = list(reader)
        return list(reader.fieldnames or []), rows


@pytest.fixture(scope="module")
def provinces() -> list[dict[str, str]]:
    header, rows = _read("provinces.csv")
    assert header == [
        "code",
        "name_vi",
        "name_en",
        "region",
        "successor_code",
        "successor_name_vi",
        "source",
    ]
    return rows


@pytest.fixture(scope="module")
def documents() -> list[dict[str, str]]:
    header, rows = _read("legal_documents.csv")
    assert header == [
        "doc_id",
        "doc_type",
        "issuer",
        "issuer_level",
        "date",
        "title_vi",
        "title_en",
        "implements",
        "source",
    ]
    return rows


@pytest.fixture(scope="module")
def doc_ids(documents) -> set[str]:
    return {row["doc_id"] for row in documents}


@pytest.fixture(scope="module")
def plans() -> list[dict]:
    return [
        yaml.safe_load(path.read_text(encoding="utf-8"))
        for path in sorted((DATA / "plans").glob("*.yaml"))
    ]


# --- generic file hygiene ---------------------------------------------------


@pytest.mark.parametrize("name", ["provinces.csv", "legal_documents.csv"])
def test_file_hygiene(name):
    _, rows = _read(name)
    first = [next(iter(row.values())) for row in rows]
    assert first == sorted(first), "rows must be sorted by the first column"
    for row in rows:
        for key, value in row.items():
            assert value == value.strip(), f"{name}: {key} has surrounding spaces"
            assert value == _nfc(value), f"{name}: {key} is not NFC"
        assert row["source"], f"{name}: row {row} has no source"


# --- provinces ----------------------------------------------------------------


def test_sixty_three_units_with_unique_two_digit_codes(provinces):
    codes = [row["code"] for row in provinces]
    assert len(codes) == 63
    assert len(set(codes)) == 63
    assert all(re.fullmatch(r"\d{2}", c) for c in codes)
    assert len({row["name_vi"] for row in provinces}) == 63


def test_thirty_four_successors(provinces):
    successors = {row["successor_code"] for row in provinces}
    assert len(successors) == 34
    names = defaultdict(set)
    for row in provinces:
        names[row["successor_code"]].add(row["successor_name_vi"])
    assert all(len(v) == 1 for v in names.values()), "one name per successor code"


def test_successor_code_belongs_to_its_own_group(provinces):
    # The 2025 code of a merged unit is the old code of one of its members.
    groups = defaultdict(set)
    for row in provinces:
        groups[row["successor_code"]].add(row["code"])
    for successor, members in groups.items():
        assert successor in members, (successor, members)


def test_regions(provinces):
    counts = Counter(row["region"] for row in provinces)
    assert counts == Counter(REGIONS)


@pytest.mark.parametrize(
    ("name_vi", "successor_code", "successor_name_vi"),
    [
        ("Bến Tre", "86", "Tỉnh Vĩnh Long"),
        ("Long An", "80", "Tỉnh Tây Ninh"),
        ("Tây Ninh", "80", "Tỉnh Tây Ninh"),
        ("Bà Rịa - Vũng Tàu", "79", "Thành phố Hồ Chí Minh"),
        ("Thừa Thiên Huế", "46", "Thành phố Huế"),
        ("Quảng Ngãi", "51", "Tỉnh Quảng Ngãi"),
        ("Kon Tum", "51", "Tỉnh Quảng Ngãi"),
    ],
)
def test_seed_province_successors(provinces, name_vi, successor_code, successor_name_vi):
    row = next(r for r in provinces if r["name_vi"] == name_vi)
    assert (row["successor_code"], row["successor_name_vi"]) == (
        successor_code,
        successor_name_vi,
    )


def test_plan_provinces_are_registered(provinces, plans):
    names = {row["name_vi"] for row in provinces}
    for plan in plans:
        assert _nfc(plan["province"]) in names, plan["plan_id"]


# --- legal documents ----------------------------------------------------------


def test_document_ids_unique(documents):
    ids = [row["doc_id"] for row in documents]
    assert len(ids) == len(set(ids))


def test_document_fields(documents):
    for row in documents:
        assert row["issuer_level"] in ISSUER_LEVELS, row["doc_id"]
        assert row["date"] == "" or re.fullmatch(r"\d{4}-\d{2}-\d{2}", row["date"])
        assert row["doc_type"] and row["issuer"] and row["title_en"]  # title_vi may be unknown (English page only)
        for part in row["source"].split(" ; "):
            if part.startswith("raw:"):
                assert (DATA / "raw" / part[4:]).is_file(), part


def test_implements_resolve_and_are_acyclic(documents, doc_ids):
    graph = {}
    for row in documents:
        targets = [t for t in row["implements"].split(";") if t]
        for target in targets:
            assert target in doc_ids, (row["doc_id"], target)
            assert target != row["doc_id"]
        graph[row["doc_id"]] = targets

    seen: set[str] = set()

    def walk(node: str, path: tuple[str, ...]) -> None:
        assert node not in path, f"implements cycle: {path + (node,)}"
        if node in seen:
            return
        for nxt in graph[node]:
            walk(nxt, path + (node,))
        seen.add(node)

    for node in graph:
        walk(node, ())


@pytest.mark.parametrize(
    ("doc_id", "date"),
    [
        ("2140/KH-UBND", "2021-04-22"),
        ("1069/KH-UBND", "2021-04-05"),
        ("2704/QĐ-UBND", "2023-10-25"),
        ("132/KH-UBND", "2024-03-25"),
        ("749/QĐ-TTg", "2020-06-03"),
        ("942/QĐ-TTg", "2021-06-15"),
        ("411/QĐ-TTg", "2022-03-31"),
        ("52-NQ/TW", "2019-09-27"),
        ("202/2025/QH15", "2025-06-12"),
    ],
)
def test_key_documents_present(documents, doc_id, date):
    row = next((r for r in documents if r["doc_id"] == doc_id), None)
    assert row is not None, doc_id
    assert row["date"] == date


def test_plan_citations_and_numbers_are_registered(plans, doc_ids):
    assert plans, "no plan files found"
    for plan in plans:
        if plan.get("doc_number"):
            assert _nfc(plan["doc_number"]) in doc_ids, plan["plan_id"]
        for citation in plan.get("citations") or []:
            assert _nfc(citation["doc_id"]) in doc_ids, (plan["plan_id"], citation)


# A document number: "749/QĐ-TTg", "01-NQ/TU", "85/2016/NĐ-CP"; the raw texts
# also write "12- NQ/TU" and "712/QĐ UBND", which normalise to the usual form.
_NUMBER = re.compile(
    r"(?<![\w/])(\d+)(/\d{4})?\s?([/-])\s?"
    r"([A-ZĐ][A-Za-zĐđ]*(?:[-/ ][A-ZĐ][A-Za-zĐđ0-9]*)*)"
)


def _cited_numbers(text: str) -> set[str]:
    found = set()
    for number, year, sep, suffix in _NUMBER.findall(_nfc(text)):
        found.add(f"{number}{year or ''}{sep}{suffix.replace(' ', '-')}")
    return found


def test_number_pattern_normalises_variants():
    assert _cited_numbers("Nghị quyết số 12- NQ/TU ngày") == {"12-NQ/TU"}
    assert _cited_numbers("Quyết định số 712/QĐ UBND ngày") == {"712/QĐ-UBND"}
    assert _cited_numbers("Nghị định số 85/2016/NĐ-CP ngày 01/7/2016") == {
        "85/2016/NĐ-CP"
    }


def test_every_number_in_the_raw_texts_is_registered(doc_ids):
    cited = set()
    for path in sorted((DATA / "raw").glob("*.txt")):
        cited |= _cited_numbers(path.read_text(encoding="utf-8"))
    assert "749/QĐ-TTg" in cited and "06/QĐ-BCĐTW-VPĐP" in cited
    assert cited - doc_ids == set()
