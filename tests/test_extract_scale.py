"""Extraction at scale: the streamed JSON is `json.dumps` byte for byte, parallel runs keep input order
whatever the sizes and failures, and a document's structure stays compact in memory."""
import io
import json
import tracemalloc
from pathlib import Path

import pytest

from dxcompare.extract import Registries, extract, read_pieces
from dxcompare.extract.agency_names import matcher
from dxcompare.extract.normalize import parse

from clirun import run_cli

ROOT = Path(__file__).resolve().parent.parent
RAW = sorted((ROOT / "data" / "raw").glob("*.txt"))
TEXTS = RAW + sorted((ROOT / "tests" / "heldout").rglob("*.txt")) + sorted((ROOT / "tests" / "extract_texts").glob("*.txt"))


@pytest.fixture(scope="module")
def reg():
    registries = Registries.load(None)
    matcher(registries)
    return registries


def test_the_json_written_a_record_at_a_time_is_json_dumps_byte_for_byte(reg):
    for path in TEXTS:
        doc = extract(path.read_text(encoding="utf-8"), source=str(path), registries=reg)
        for indent in (None, 2):
            for margin in ("", "    "):
                want = json.dumps(doc.to_json(), ensure_ascii=False, indent=indent)
                want = "\n".join(margin + line for line in want.split("\n"))
                got = io.StringIO()
                doc.write_json(got.write, indent, margin)
                assert got.getvalue() == want, (path.name, indent, margin)


def test_paragraphs_read_from_their_arrays_are_consistent():
    doc = parse("\n".join(path.read_text(encoding="utf-8") for path in RAW))
    paras = list(doc.paras)
    assert [p.index for p in paras] == list(range(len(doc.paras)))
    assert doc.paras[-1] == paras[-1] and doc.paras[3:7] == paras[3:7] and doc.paras[:0] == []
    for p in paras:
        assert all(doc.paras[h].kind == "heading" and h < p.index for h in p.parents)
        assert p.start <= p.body <= p.end and (p.kind == "table") == bool(p.cells)
    with pytest.raises(IndexError):
        doc.paras[len(paras)]


def test_a_document_allocates_a_few_times_its_size_at_most(reg, tmp_path):
    """Python's own allocations while extracting ~0.8 MB given as a string (the caller's copy aside) and read
    from its file, against its UTF-8 size: 8.5x when every line, paragraph and clause was an object of its
    own, 5.4x when the text was held twice and every record kept a copy of its passage, ~4.0x now (the
    working copy alone is 1.5x). A bound, not a count: other changes to the rules may move it a little."""
    text = "\n\n".join(path.read_text(encoding="utf-8") for path in RAW * 13)
    size = len(text.encode("utf-8"))
    path = tmp_path / "plan.txt"
    path.write_text(text, encoding="utf-8")
    extract(RAW[0].read_text(encoding="utf-8"), registries=reg)  # the registries' caches are not the document's
    for given in (lambda: text, lambda: read_pieces(path)):
        tracemalloc.start()
        try:
            before = tracemalloc.get_traced_memory()[0]
            extract(given(), registries=reg)
            peak = tracemalloc.get_traced_memory()[1] - before
        finally:
            tracemalloc.stop()
        assert peak < 4.5 * size, f"{peak / size:.1f}x the input"


def _cli(*args: str):
    return run_cli("extract", *args, text=False)


def test_largest_first_still_writes_in_input_order_with_failures_and_repeated_plans(tmp_path):
    """A large input among small ones runs first with two jobs; outputs, errors and renumbered plan ids
    come out exactly as with one job in every format, on stdout and under --out, and nothing but the
    outputs is left in --out. (The one test of `--jobs` identity: each case is a pair of processes.)"""
    big = tmp_path / "big.txt"
    big.write_text("\n\n".join(path.read_text(encoding="utf-8") for path in RAW * 2), encoding="utf-8")
    same = tmp_path / "same.txt"
    same.write_text(RAW[1].read_text(encoding="utf-8"), encoding="utf-8")
    paths = [str(RAW[0]), str(tmp_path / "missing.txt"), str(big), str(RAW[1]), str(same), *map(str, RAW[2:])]
    for fmt in ("json", "jsonl"):
        one, two = _cli(*paths, "--format", fmt, "--jobs", "1"), _cli(*paths, "--format", fmt, "--jobs", "2")
        assert one.returncode == two.returncode == 2
        assert one.stdout == two.stdout and one.stderr == two.stderr and one.stdout
    lines = two.stdout.decode("utf-8").splitlines()
    assert [json.loads(line)["source"] for line in lines] == [p for p in paths if not p.endswith("missing.txt")]
    for fmt in ("json", "plan-yaml"):
        outs = {}
        for jobs in ("1", "2"):
            out = tmp_path / f"{fmt}-{jobs}"
            result = _cli(*paths, "--format", fmt, "--jobs", jobs, "--out", str(out))
            assert result.returncode == 2
            outs[jobs] = {p.name: p.read_bytes() for p in out.iterdir()}
        assert outs["1"] == outs["2"] and len(outs["1"]) == len(paths) - 1
    drafts = {yaml_line for name, text in outs["1"].items() for yaml_line in text.decode().splitlines()
              if yaml_line.startswith("plan_id:")}
    assert len(drafts) == len(paths) - 1  # the repeated plan got its own id, as its file name says
