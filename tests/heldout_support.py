"""Shared by the held-out extractor tests: the shipped registries, a span-checking run, fact keys, annotations."""
from pathlib import Path

import pytest
import yaml

from dxcompare.extract import Registries, extract
from dxcompare.textnorm import agency_key as name_key

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def reg() -> Registries:
    return Registries.load(ROOT / "data")


def run(text: str, reg: Registries):
    """Extract, and check on the way that every fact's span holds its quote."""
    doc = extract(text, registries=reg)
    for fact in (*doc.citations, *doc.targets, *doc.budgets, *doc.agencies):
        assert doc.text[fact.span[0]:fact.span[1]] == fact.quote
    return doc


def tgts(doc):
    return {(t.value, t.unit, t.comparator, t.year) for t in doc.targets}


def roles(doc):
    return {(a.agency_id or a.name, a.role) for a in doc.agencies}


def agency_key(agency_id, name):
    """A registry id, or the name of a body the registry lacks keyed as the registry keys names."""
    return agency_id or name_key(name)


def annotations(folder: Path):
    """(text path, annotation) for each annotated held-out plan in `folder`."""
    for path in sorted((folder / "annotations").glob("*.yaml")):
        ann = yaml.safe_load(path.read_text(encoding="utf-8"))
        yield folder / "texts" / ann["source_file"], ann
