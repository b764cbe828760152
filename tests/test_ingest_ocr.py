"""Scans through Tesseract (skipped, with the reason, where Tesseract or its Vietnamese model is absent;
`.ci/run` installs them when it can), and the handling of Tesseract's output, which needs no Tesseract."""
import importlib.util
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest
import yaml

from dxcompare.cli import main
from dxcompare.extract import Registries, extract

ROOT = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location("ingest_corpus", ROOT / "benchmarks" / "ingest_corpus.py")
corpus = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(corpus)


def _has_vie() -> bool:
    exe = shutil.which("tesseract")
    if exe is None:
        return False
    out = subprocess.run([exe, "--list-langs"], capture_output=True, text=True)
    return "vie" in (out.stdout + out.stderr).split()


needs_tesseract = pytest.mark.skipif(not _has_vie(), reason="Tesseract with its Vietnamese model (tesseract-ocr, "
                                                       "tesseract-ocr-vie) is not installed")

PLAN = """KẾ HOẠCH
Chuyển đổi số tỉnh Bến Tre năm 2024
Căn cứ Quyết định số 749/QĐ-TTg ngày 03 tháng 6 năm 2020 của Thủ tướng Chính phủ về phê duyệt Chương trình Chuyển đổi số quốc gia đến năm 2025, định hướng đến năm 2030;
Căn cứ Nghị quyết số 01-NQ/TU ngày 20 tháng 10 năm 2020 của Tỉnh ủy Bến Tre về chuyển đổi số;
I. MỤC TIÊU
- Phấn đấu 80% hồ sơ công việc cấp huyện được xử lý trên môi trường mạng.
- Trên 90% người dân có điện thoại thông minh được hướng dẫn sử dụng dịch vụ công trực tuyến.
II. KINH PHÍ
Tổng kinh phí thực hiện là 1.560.000.000 đồng từ ngân sách tỉnh.
III. TỔ CHỨC THỰC HIỆN
Sở Thông tin và Truyền thông chủ trì, phối hợp với các sở, ngành triển khai Kế hoạch này.
"""


def fold(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def cer(ref: str, got: str) -> float:
    import difflib

    sm = difflib.SequenceMatcher(None, ref, got, autojunk=False)
    return sum(max(a2 - a1, b2 - b1) for op, a1, a2, b1, b2 in sm.get_opcodes() if op != "equal") / len(ref)


@needs_tesseract
def test_scanned_pdf_and_page_image_are_read_by_ocr(tmp_path, capsys):
    images = corpus.scan_images(corpus.pdf_bytes(PLAN, header=""), dpi=300, seed=1)  # one page: no header to repeat
    scan = tmp_path / "scan.pdf"
    scan.write_bytes(corpus.scan_pdf_bytes(images))
    png = tmp_path / "page.png"
    images[0].save(png)
    out = tmp_path / "out"
    assert main(["ingest", str(scan), str(png), "--out", str(out)]) == 0, capsys.readouterr().err
    entries = yaml.safe_load((out / "sources.yaml").read_text(encoding="utf-8"))
    assert [e["conversion"] for e in entries] == ["pdf-ocr", "image-ocr"]
    reg = Registries.load(ROOT / "data")
    clean = extract(PLAN, registries=reg)
    for e in entries:
        assert "tesseract" in e["converter"] and 50 <= e["ocr_mean_confidence"] <= 100
        assert any("OCR" in w for w in e["warnings"])
        text = (out / e["file"]).read_text(encoding="utf-8")
        assert cer(fold(PLAN), fold(text)) <= 0.03
        doc = extract(text, registries=reg)
        assert {c.doc_id for c in doc.citations} == {c.doc_id for c in clean.citations}
        assert {b.amount_vnd for b in doc.budgets} == {b.amount_vnd for b in clean.budgets} == {1_560_000_000}


def _tsv(words) -> str:
    """Tesseract TSV for words given as (line, text, left, top, width, height)."""
    head = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext"
    rows = [f"5\t1\t1\t1\t{line}\t{k}\t{x}\t{y}\t{w}\t{h}\t95\t{text}" for k, (line, text, x, y, w, h) in enumerate(words)]
    return "\n".join([head, *rows]) + "\n"


def test_tsv_lines_split_at_vertical_rules_and_wrapped_cells_join_their_row():
    import numpy as np

    from dxcompare.ingest.ocr import from_tsv

    across = np.zeros((400, 1000), dtype=bool)
    down = np.zeros((400, 1000), dtype=bool)
    down[:, [100, 600, 800]] = True  # three column rules
    across[[90, 200], :] = True  # a rule above the row and one below its wrapped second line
    words = [(1, "1", 40, 100, 20, 30), (1, "Nâng", 120, 100, 80, 30), (1, "cấp", 210, 100, 60, 30),
             (1, "6.500", 620, 100, 90, 30), (1, "Ngân", 820, 100, 80, 30),
             (2, "tỉnh", 820, 140, 60, 30),
             (3, "Tổng", 120, 210, 80, 30)]
    text, confs = from_tsv(_tsv(words), (across, down))
    assert text.splitlines() == ["| 1 | Nâng cấp | 6.500 | Ngân tỉnh |", "Tổng"]
    assert confs == [95.0] * 7


def test_ocr_page_furniture_is_dropped():
    from dxcompare.ingest.ocr import drop_furniture

    body = ["Căn cứ Luật Giao dịch điện tử;", "Phấn đấu 80% hồ sơ được xử lý trực tuyến.",
            "Sở Thông tin và Truyền thông chủ trì.", "Kinh phí từ ngân sách tỉnh.", "Các sở, ngành phối hợp.",
            "Báo cáo kết quả trước tháng 12.", "Tổ chức thực hiện.", "Đánh giá hằng năm.", "Nơi nhận: như trên."]
    pages = ["UBND TỈNH X\n" + "\n".join(body[3 * i:3 * i + 3]) + f"\nTrang {i + 1}" for i in range(3)]
    texts, headers, numbers = drop_furniture(pages)
    assert headers == 3 and numbers == 3
    assert texts == ["\n".join(body[3 * i:3 * i + 3]) for i in range(3)]
