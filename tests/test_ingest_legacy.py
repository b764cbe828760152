"""Legacy Vietnamese encodings: TCVN3 and VNI round trips, Windows-1258 and UTF-16 files, and the rule that
correct Unicode Vietnamese is never converted."""
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dxcompare.ingest import convert, legacy
from dxcompare.ingest.pipeline import clean

ROOT = Path(__file__).resolve().parents[1]
TEXTS = sorted((ROOT / "data" / "raw").glob("*.txt")) + sorted((ROOT / "tests" / "heldout").glob("**/texts/*.txt"))


def nfc(path: Path) -> str:
    return unicodedata.normalize("NFC", path.read_text(encoding="utf-8"))


def holdable(text: str, encode) -> str:
    """The text with the characters the encoding cannot hold (≥, ©…) as '?', as they come back."""
    return "".join(ch if ch == "?" or legacy.from_bytes(encode(ch)) != "?" else "?" for ch in text)


def test_the_mojibake_of_the_issue_decodes():
    assert legacy.decode_tcvn3("Qu¶ng Ng·i") == "Quảng Ngãi"
    assert legacy.decode_vni("Keá hoaïch") == "Kế hoạch"
    assert legacy.from_bytes(legacy.encode_vni("Kế hoạch")) == "Keá hoaïch"
    assert legacy.from_bytes(legacy.encode_tcvn3("Quảng Ngãi")) == "Qu¶ng Ng·i"


@pytest.mark.parametrize("name", ["tcvn3", "vni"])
@pytest.mark.parametrize("path", TEXTS, ids=lambda p: p.stem)
def test_round_trip_of_every_shipped_and_heldout_text_is_exact(path, name, tmp_path):
    text = nfc(path)
    encode = legacy.encode_tcvn3 if name == "tcvn3" else legacy.encode_vni
    src = tmp_path / f"{name}.txt"
    src.write_bytes(encode(text))
    conv = convert(src)
    assert conv.encoding == name and conv.encoding_confidence >= 0.9
    assert conv.text == clean(holdable(text, encode))
    assert any(("TCVN3" if name == "tcvn3" else "VNI") in w for w in conv.warnings)


@pytest.mark.parametrize("path", TEXTS, ids=lambda p: p.stem)
def test_correct_unicode_vietnamese_is_never_converted(path):
    text = nfc(path)
    assert legacy.detect(text).encoding == "unicode"
    assert legacy.convert(text)[0] == text


@settings(max_examples=200, derandomize=True, deadline=None)
@given(st.lists(st.sampled_from(sorted({w for p in TEXTS[:5] for w in nfc(p).split()})), min_size=1, max_size=40))
def test_no_sample_of_unicode_words_is_converted(words):
    text = " ".join(words)
    assert legacy.convert(text)[0] == text


def _cp1258(text: str) -> bytes:
    """Windows-1258 as Vietnamese Windows writes it: base letters with their vowel marks, tones as combining marks."""
    out = bytearray()
    for ch in unicodedata.normalize("NFC", text):
        try:
            out += ch.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        parts = unicodedata.normalize("NFD", ch)
        tones = "".join(c for c in parts if c in "\u0300\u0301\u0303\u0309\u0323")
        base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in tones))
        out += (base + tones).encode("cp1258", errors="replace")
    return bytes(out)


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "windows-1258", "utf-8-sig"])
def test_text_files_in_other_encodings(encoding, tmp_path):
    text = nfc(ROOT / "data" / "raw" / "001_058e18d28134035d.txt")
    src = tmp_path / "plan.txt"
    src.write_bytes(_cp1258(text) if encoding == "windows-1258" else text.encode(encoding))
    conv = convert(src)
    assert conv.text == clean(text)
    assert conv.encoding == {"utf-8-sig": None, "utf-16-le": "utf-16"}.get(encoding, encoding)


def test_legacy_font_text_in_a_pdf_is_converted(tmp_path):
    """A PDF whose fonts were TCVN3 yields Latin-1 look-alikes; ingest turns them into Unicode.

    The fixture writes "ư" as "u": TCVN3 codes it 0xAD, the soft hyphen of Latin-1, which fpdf2
    (like other PDF writers) drops instead of drawing."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("ingest_corpus", ROOT / "benchmarks" / "ingest_corpus.py")
    corpus = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(corpus)
    text = nfc(ROOT / "data" / "raw" / "000_bf141b04ffc2783a.txt").replace("ư", "u")
    pdf = tmp_path / "vntime.pdf"
    pdf.write_bytes(corpus.pdf_bytes(legacy.from_bytes(legacy.encode_tcvn3(text)), header="", page_numbers=False))
    conv = convert(pdf)
    assert conv.encoding == "tcvn3"
    assert " ".join(conv.text.split()) == " ".join(corpus.reference(holdable(text, legacy.encode_tcvn3)).split())


def test_a_legacy_paragraph_inside_a_unicode_document_is_converted_alone():
    uni = "Căn cứ Quyết định số 749/QĐ-TTg ngày 03 tháng 6 năm 2020 của Thủ tướng Chính phủ;"
    old = "Phấn đấu đến năm 2025 có 80% hồ sơ công việc cấp huyện được xử lý trên môi trường mạng."
    text = "\n".join([uni, legacy.from_bytes(legacy.encode_tcvn3(old)), uni])
    converted, guess = legacy.convert(text)
    assert converted == "\n".join([uni, old, uni])
    assert guess.encoding == "tcvn3"


@pytest.mark.parametrize("text", ["Nơi nhận:\n- Giám đốc, các PGĐ Sở;\n", "ỦY BAN NHÂN DÂN\nXÃ ĐĂK HÀ\n",
                                  "- Lãnh đạo HĐND Tỉnh;\n", "UBND TỈNH HÀ TĨNH\nSỞ Y TẾ\nSố: 386/KH-SYT\n",
                                  "ĐẢNG BỘ TỈNH\nHUYỆN ỦY\nSố 12-NQ/HU\n", "- Phó Chủ tịch HĐND tỉnh - Ủy viên;\n",
                                  "Nơi nhận:\n- Thường trực Tỉnh ủy;\n- Ban Tuyên giáo Tỉnh ủy;\n",
                                  "| STT | Nhiệm vụ |\n| 5 | Ứng dụng công nghệ số |\n",
                                  "Tổ chức diễn tập\nứng cứu sự cố cho cấp ủy viên.\nỨng dụng phần mềm.\n",
                                  "1. Mục tiêu chung\nỨng dụng công nghệ số vào quản lý.\n",
                                  "Vì Văn Phóng\n\nĐỀ ÁN\nChuyển đổi số thành phố\n",
                                  "Cập nhật cơ sở dữ li-\nệu chuyên ngành.\n", "| I | KINH TẾ SỐ | | |\n"])
def test_the_case_of_letters_tcvn3_cannot_tell_comes_from_their_context(text):
    assert legacy.decode_tcvn3(legacy.from_bytes(legacy.encode_tcvn3(text))) == text
