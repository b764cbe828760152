"""`dxcompare ingest`: PDFs, Word files and text files become raw UTF-8 texts with sources.yaml entries.

Fixtures are rendered here from the shipped texts (benchmarks/ingest_corpus.py), never committed.
"""
import hashlib
import importlib.util
import shutil
import unicodedata
from pathlib import Path

import pytest
import yaml

from dxcompare.cli import main
from dxcompare.ingest import convert
from dxcompare.loader import collect

ROOT = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location("ingest_corpus", ROOT / "benchmarks" / "ingest_corpus.py")
corpus = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(corpus)

BEN_TRE = (ROOT / "data" / "raw" / "000_bf141b04ffc2783a.txt").read_text(encoding="utf-8")
TABLE_TEXT = (ROOT / "tests" / "heldout" / "texts" / "lao_cai_kh_2023_pdf.txt").read_text(encoding="utf-8")


def fold(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def ingest(*args) -> int:
    return main(["ingest", *map(str, args)])


@pytest.fixture(scope="module")
def pdf1(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("in") / "KH chuyển đổi số năm 2021.signed.pdf"
    path.write_bytes(corpus.pdf_bytes(BEN_TRE, columns=1))
    return path


def test_text_pdf_gives_the_text_with_page_breaks_and_no_running_header(pdf1, tmp_path, capsys):
    before = sha(pdf1)
    assert ingest(pdf1, "--out", tmp_path) == 0
    out = tmp_path / "kh-chuyen-doi-so-nam-2021-signed.txt"
    text = out.read_text(encoding="utf-8")
    assert fold(text) == fold(corpus.reference(BEN_TRE))
    assert text == unicodedata.normalize("NFC", text)
    entry = yaml.safe_load((tmp_path / "sources.yaml").read_text(encoding="utf-8"))[0]
    assert text.count("\f") == entry["pages"] - 1 >= 1
    assert "Trang " not in text and "UBND TỈNH — Kế hoạch" not in text
    assert entry["file"] == out.name and entry["sha256"] == sha(out)
    assert entry["original"] == pdf1.name and entry["original_sha256"] == before == sha(pdf1)
    assert entry["original_format"] == "pdf" and entry["conversion"] == "pdf-text-layer"
    assert "pypdfium2" in entry["converter"]
    assert any("page numbers" in w for w in entry["warnings"])
    assert "pdf-text-layer" in capsys.readouterr().err


def test_typeset_line_breaks_are_joined_and_paragraphs_kept(pdf1):
    text = convert(pdf1).text
    paragraphs = [" ".join(p.split()) for p in BEN_TRE.splitlines() if p.strip()]
    got = [ln for ln in text.splitlines() if ln.strip() and ln != "\f"]
    long_ones = [p for p in paragraphs if len(p) > 200]
    assert long_ones and all(p in got for p in long_ones[:-1])  # the last may cross a page break


def test_two_columns_are_read_left_then_right(tmp_path):
    path = tmp_path / "two.pdf"
    path.write_bytes(corpus.pdf_bytes(BEN_TRE, columns=2))
    conv = convert(path)
    assert fold(conv.text) == fold(corpus.reference(BEN_TRE))
    assert any("two columns" in w for w in conv.warnings)


def test_ruled_tables_become_pipe_rows(tmp_path):
    path = tmp_path / "table.pdf"
    path.write_bytes(corpus.pdf_bytes(TABLE_TEXT))
    text = convert(path).text
    rows = [ln for ln in corpus.reference(TABLE_TEXT).splitlines() if ln.startswith("|")]
    assert rows and all(r in text.splitlines() for r in rows)


def test_docx_paragraphs_and_tables_in_order(tmp_path):
    path = tmp_path / "plan.docx"
    path.write_bytes(corpus.docx_bytes(TABLE_TEXT))
    conv = convert(path)
    assert conv.method == "docx"
    assert [ln for ln in conv.text.splitlines() if ln] == [ln for ln in corpus.reference(TABLE_TEXT).splitlines()]


def test_manifest_is_appended_without_touching_existing_entries(pdf1, tmp_path):
    manifest = tmp_path / "sources.yaml"
    existing = (ROOT / "data" / "raw" / "sources.yaml").read_bytes()
    manifest.write_bytes(existing)
    docx = tmp_path.parent / f"{tmp_path.name}-plan.docx"
    docx.write_bytes(corpus.docx_bytes(BEN_TRE))
    assert ingest(pdf1, docx, "--out", tmp_path) == 0
    now = manifest.read_bytes()
    assert now.startswith(existing)
    entries = yaml.safe_load(now)
    assert [e["original"] for e in entries[-2:]] == [pdf1.name, docx.name]
    assert not list(tmp_path.glob(".*.tmp"))


def test_existing_text_is_not_overwritten_without_force(pdf1, tmp_path, capsys):
    assert ingest(pdf1, "--out", tmp_path) == 0
    out = tmp_path / "kh-chuyen-doi-so-nam-2021-signed.txt"
    out.write_text("edited by hand\n", encoding="utf-8")
    manifest_before = (tmp_path / "sources.yaml").read_bytes()
    capsys.readouterr()
    assert ingest(pdf1, "--out", tmp_path) == 1
    err = capsys.readouterr().err
    assert "would overwrite" in err and "--force" in err and len(err.strip().splitlines()) == 1
    assert out.read_text(encoding="utf-8") == "edited by hand\n"
    assert (tmp_path / "sources.yaml").read_bytes() == manifest_before
    assert ingest(pdf1, "--out", tmp_path, "--force") == 0
    assert fold(out.read_text(encoding="utf-8")) == fold(corpus.reference(BEN_TRE))
    entries = yaml.safe_load((tmp_path / "sources.yaml").read_text(encoding="utf-8"))
    assert len(entries) == 1 and entries[0]["sha256"] == sha(out)


def test_ingesting_the_same_file_again_changes_nothing(pdf1, tmp_path, capsys):
    assert ingest(pdf1, "--out", tmp_path) == 0
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    assert ingest(pdf1, "--out", tmp_path) == 0
    assert "unchanged" in capsys.readouterr().err
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before


def test_same_input_gives_the_same_bytes(pdf1, tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    assert ingest(pdf1, "--out", a) == 0 and ingest(pdf1, "--out", b) == 0
    for name in ("sources.yaml", "kh-chuyen-doi-so-nam-2021-signed.txt"):
        assert (a / name).read_bytes() == (b / name).read_bytes()


def test_ingested_text_and_entry_pass_validate(tmp_path):
    """The ingest output, appended to a data folder's raw/, is accepted by the loader (new keys ignored)."""
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data, ignore=shutil.ignore_patterns("processed"))
    src = tmp_path / "plan.docx"
    src.write_bytes(corpus.docx_bytes(TABLE_TEXT))
    assert ingest(src, "--out", data / "raw") == 0
    ds, problems = collect(data)
    assert problems == []
    assert "plan.txt" in set(ds.sources["file"])
