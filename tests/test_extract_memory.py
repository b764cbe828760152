"""The text held once: reading and normalising a piece at a time gives the same text, the same structure
and the same records as the whole text at once; `SourceText` slices are the NFC text's; the command line
never builds the whole NFC text; a file's faults are reported as when it was read whole."""
import argparse
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dxcompare.commands import extract as extract_command
from dxcompare.extract import ExtractedDocument, InputError, Metadata, Registries, extract, read_input, read_pieces
from dxcompare.extract import sources
from dxcompare.extract.agency_names import matcher
from dxcompare.extract.draft import plan_yaml, write_plan_yaml
from dxcompare.extract.normalize import parse
from dxcompare.extract.sourcetext import SourceText, cut
from dxcompare.textnorm import nfc

ROOT = Path(__file__).resolve().parent.parent
RAW = sorted((ROOT / "data" / "raw").glob("*.txt"))
WEB = ROOT / "tests" / "extract_texts" / "commune_web_table.txt"  # furniture, counters in cells, news titles

# Lines and fragments that exercise every blanking rule, combining marks (NFD) and line ends.
_PARTS = ["Trang 3/12", "- 3 -", "Tin liên quan", "Huyện đạt 97% hồ sơ (11/05/2023)", "Hội nghị (02/05/2023)",
          "Cập nhật: 12/05/2023 | Lượt xem: 2.310", "| Sở Tài chính |", "| a | b |", "-------", "1. MỤC TIÊU",
          "- Đến năm 2025, 100% hồ sơ", "Sở TT&TT chủ trì", "\u200b", "\ufeff", "e\u0302\u0301", "\u0301", "o\u031b\u0300",
          "\n", "\n", "\r\n", "\r", " ", "|", "KẾ HOẠCH", "a)", "đồng"]
_TEXTS = st.lists(st.sampled_from(_PARTS), max_size=60).map("".join) | st.text(max_size=200)


def _chunks(text: str, cuts: list[int]) -> list[str]:
    bounds = sorted({0, len(text), *(c % (len(text) + 1) for c in cuts)})
    return [text[a:b] for a, b in zip(bounds, bounds[1:])]


@given(_TEXTS, st.lists(st.integers(min_value=0), max_size=8), st.integers(min_value=1, max_value=40))
def test_nfc_a_piece_at_a_time_is_nfc_of_the_whole(text, cuts, size):
    """Pieces end at line breaks, which compose with nothing and stop reordering: NFC per piece is exact."""
    pieces = list(cut(_chunks(text, cuts), size))
    assert "".join(pieces) == text
    assert all(p[-1] in "\r\n" for p in pieces[:-1])
    assert not any(a.endswith("\r") and b.startswith("\n") for a, b in zip(pieces, pieces[1:]))
    assert "".join(nfc(p) for p in pieces) == nfc(text)


@given(_TEXTS, st.lists(st.integers(min_value=0), max_size=8), st.lists(st.integers(), max_size=6))
def test_parsing_in_pieces_gives_the_same_text_and_structure_and_slices_the_nfc_text(text, cuts, ends):
    whole, pieced = parse(text), parse(_chunks(text, cuts))
    assert pieced.work == whole.work and str(pieced.text) == str(whole.text) == nfc(text)
    assert list(pieced.paras) == list(whole.paras)
    assert [pieced.clauses(p) for p in pieced.paras] == [whole.clauses(p) for p in whole.paras]
    full = nfc(text)
    assert len(pieced.text) == len(full)
    for a in ends:
        for b in ends:
            assert pieced.text[a:b] == full[a:b]
        if -len(full) <= a < len(full):
            assert pieced.text[a] == full[a]
    with pytest.raises(IndexError):
        pieced.text[len(full)]


def test_the_working_copy_differs_from_the_text_only_where_it_blanks():
    text = WEB.read_text(encoding="utf-8").replace("Lượt", "L\u200bượt", 1) + "\ufeffcuối\n"
    doc = parse(text)
    assert str(doc.text) == nfc(text) and len(doc.work) == len(doc.text)
    changed = [i for i, (a, b) in enumerate(zip(doc.work, str(doc.text))) if a != b]
    assert changed and all(doc.work[i] == " " for i in changed)
    assert len(changed) <= doc.text.blanked() < len(doc.work) / 4


@pytest.fixture(scope="module")
def reg():
    registries = Registries.load(None)
    matcher(registries)
    return registries


def test_a_file_read_in_pieces_gives_the_records_of_the_whole_text(reg, tmp_path, monkeypatch):
    monkeypatch.setattr(sources, "_CHUNK", 1000)  # many reads, cut inside lines, on every input
    for path in [*RAW, WEB]:
        nfd = tmp_path / "nfd.txt"
        nfd.write_text(unicodedata.normalize("NFD", path.read_text(encoding="utf-8")).replace("\n", "\r\n"),
                       encoding="utf-8")
        for p in (path, nfd):
            want = extract(p.read_text(encoding="utf-8"), source="x", registries=reg)
            got = extract(read_pieces(p), source="x", registries=reg)
            assert got.to_json() == want.to_json(), p
            assert got.text == want.text


def test_a_draft_written_a_line_at_a_time_is_the_draft(reg):
    for path in [*RAW, WEB]:
        doc = extract(read_pieces(path), source=str(path), registries=reg)
        lines: list[str] = []
        write_plan_yaml(lines.append, doc, path.name, reg)
        assert "".join(lines) == plan_yaml(doc, path.name, reg) and all(x.endswith("\n") for x in lines)


def test_an_extracted_document_built_from_a_string_still_reads_it():
    doc = ExtractedDocument(None, "Kế hoạch", Metadata())
    assert doc.text == "Kế hoạch" and doc.source_text[3:] == "hoạch" and isinstance(doc.source_text, SourceText)


def test_the_command_line_never_builds_the_whole_text(tmp_path, monkeypatch, capsys):
    def whole(self):
        raise AssertionError("the whole NFC text was built")

    monkeypatch.setattr(SourceText, "__str__", whole)
    paths = [str(p) for p in [*RAW, WEB]]
    for fmt in ("json", "jsonl", "plan-yaml"):
        args = argparse.Namespace(paths=paths, format=fmt, out=tmp_path / fmt, data=None, jobs=1, force=False,
                                  max_size=50)
        assert extract_command.run(args) == 0
    capsys.readouterr()


@pytest.mark.parametrize("data, reason", [
    (b"", "is empty"),
    (b" \n\t\r\n" * 40000, "is empty"),
    (b"\x0b" * 70000 + b"\n", "is empty"),  # white space to bytes.strip, a control byte to the binary test
    ("\u00a0\u3000\n".encode() * 30000, "is empty"),
    (b"\x0b" * 70000 + b"\nText\n", "is a binary file"),  # a whole-white-space start is still checked
    (b"\xff\xfeK\x00", "is UTF-16"),
    (b"abc\n\x00def\n", "is a binary file"),
    ("Kế hoạch\n".encode() * 50000 + b"caf\xe9\n", "byte 0xe9 on line 50001;"),
    ("\ufeffKế hoạch".encode() + b"\n" * 3, None),
    (("Kế hoạch " * 200000).encode(), None),  # one long line: read on until a line break or the end
    (b"a\rb\rc" * 100000, None),
])
def test_a_file_is_refused_or_read_as_when_it_was_read_whole(tmp_path, monkeypatch, data, reason):
    monkeypatch.setattr(sources, "_CHUNK", 4096)
    path = tmp_path / "in.txt"
    path.write_bytes(data)
    if reason is None:
        want = data.decode("utf-8-sig")
        assert read_input(path) == want and "".join(read_pieces(path)) == want
        return
    with pytest.raises(InputError, match=reason):
        read_input(path)
    with pytest.raises(InputError, match=reason):
        extract(read_pieces(path), registries=Registries())


def test_a_file_larger_than_the_limit_is_refused_before_anything_is_read(tmp_path):
    path = tmp_path / "big.txt"
    path.write_bytes(b"abc\n" * 1000)
    with pytest.raises(InputError, match="larger than the 0.001 MB limit"):
        read_pieces(path, max_bytes=1000)
