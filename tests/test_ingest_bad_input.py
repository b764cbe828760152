"""Bad inputs to `ingest`: one line naming the file and what to do, the other inputs still converted,
exit 2 for a partly failed run (1 when every input failed), nothing half-written, originals untouched."""
import hashlib
import importlib.util
import io
import os
import resource
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from dxcompare.cli import main
from dxcompare.ingest import ocr

ROOT = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location("ingest_corpus", ROOT / "benchmarks" / "ingest_corpus.py")
corpus = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(corpus)
GOOD = "KẾ HOẠCH\nChuyển đổi số năm 2024 theo Quyết định số 749/QĐ-TTg.\n"


def _pdf_with_pages(count: int) -> bytes:
    """A minimal, well-formed PDF with a cross-reference table and `count` empty pages."""
    kids = " ".join(f"{3 + i} 0 R" for i in range(count))
    objs = ["<< /Type /Catalog /Pages 2 0 R >>", f"<< /Type /Pages /Kids [{kids}] /Count {count} >>"]
    objs += ["<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>"] * count
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objs, 1):
        offsets.append(out.tell())
        out.write(f"{i} 0 obj\n{body}\nendobj\n".encode())
    xref = out.tell()
    out.write(f"xref\n0 {len(objs) + 1}\n0000000000 65535 f \n".encode())
    for off in offsets:
        out.write(f"{off:010d} 00000 n \n".encode())
    out.write(f"trailer\n<< /Size {len(objs) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode())
    return out.getvalue()


def _protected_pdf() -> bytes:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_font("DejaVu", "", str(corpus.FONT))
    pdf.set_font("DejaVu", size=11)
    pdf.add_page()
    pdf.cell(0, 10, "Kế hoạch chuyển đổi số")
    pdf.set_encryption(owner_password="chu", user_password="mat")
    return bytes(pdf.output())


def _zip_of_other_things() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("photos/a.jpg", b"\xff\xd8\xff" + b"0" * 100)
        zf.writestr("notes.txt", "not a Word document")
    return buf.getvalue()


BAD = {
    "protected.pdf": (_protected_pdf, "password-protected"),
    "corrupt.pdf": (lambda: b"%PDF-1.7\n" + bytes(range(256)) * 40, "not a readable PDF"),
    "truncated.pdf": (lambda: corpus.pdf_bytes(GOOD)[:900], "not a readable PDF"),
    "empty-pages.pdf": (lambda: _pdf_with_pages(0), "no pages"),
    "blank.pdf": (lambda: _pdf_with_pages(2), "no text layer"),
    "fake.docx": (_zip_of_other_things, "not a Word document"),
    "unknown.bin": (lambda: bytes(range(256)) * 64, "not a supported format"),
    "empty.txt": (lambda: b"", "is empty"),
    "latin.txt": (lambda: "Café crème brûlée à la française, naïve façade.\n".encode("latin-1"), "save it as UTF-8"),
}


def _checksums(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.iterdir() if p.is_file()}


@pytest.mark.parametrize("name", sorted(BAD))
def test_each_bad_input_gets_one_line_and_the_good_one_is_still_converted(name, tmp_path, capsys):
    make, why = BAD[name]
    src = tmp_path / "in"
    src.mkdir()
    bad = src / name
    bad.write_bytes(make())
    good = src / "good.txt"
    good.write_text(GOOD, encoding="utf-8")
    originals = _checksums(src)
    out = tmp_path / "out"
    assert main(["ingest", str(bad), str(good), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    errors = [ln for ln in err.splitlines() if ln.startswith("error:")]
    assert len(errors) == 1 and str(bad) in errors[0] and why in errors[0], err
    assert "Traceback" not in err
    assert sorted(p.name for p in out.iterdir()) == ["good.txt", "sources.yaml"]  # nothing else, no temp files
    assert _checksums(src) == originals
    assert main(["ingest", str(bad), "--out", str(tmp_path / "alone")]) == 1  # every input failed


def test_directory_device_fifo_and_missing_file(tmp_path, capsys):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    good = tmp_path / "good.txt"
    good.write_text(GOOD, encoding="utf-8")
    args = [str(tmp_path / "in-dir"), "/dev/null", str(fifo), str(tmp_path / "missing.pdf"), str(good)]
    (tmp_path / "in-dir").mkdir()
    assert main(["ingest", *args, "--out", str(tmp_path / "out")]) == 2
    errors = [ln for ln in capsys.readouterr().err.splitlines() if ln.startswith("error:")]
    assert [e.split(":")[1].strip() for e in errors] == args[:4]
    assert "is a directory" in errors[0] and "not a regular file" in errors[1] and "not a regular file" in errors[2]
    assert "no such file" in errors[3]


def test_scan_without_tesseract_says_how_to_install_it(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(ocr, "tesseract", lambda: None)
    scan = tmp_path / "scan.pdf"
    scan.write_bytes(corpus.scan_pdf_bytes(corpus.scan_images(corpus.pdf_bytes(GOOD), dpi=100)))
    image = tmp_path / "page.png"
    corpus.scan_images(corpus.pdf_bytes(GOOD), dpi=100)[0].save(image)
    good = tmp_path / "good.txt"
    good.write_text(GOOD, encoding="utf-8")
    assert main(["ingest", str(scan), str(image), str(good), "--out", str(tmp_path / "out")]) == 2
    errors = [ln for ln in capsys.readouterr().err.splitlines() if ln.startswith("error:")]
    assert len(errors) == 2
    assert all("apt-get install tesseract-ocr tesseract-ocr-vie" in e for e in errors)


def test_legacy_doc_without_libreoffice_says_what_to_do(tmp_path, capsys, monkeypatch):
    from dxcompare.ingest import wordfile

    monkeypatch.setattr(wordfile, "soffice", lambda: None)
    doc = tmp_path / "old.doc"
    doc.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 1024)
    assert main(["ingest", str(doc), "--out", str(tmp_path / "out")]) == 1
    err = capsys.readouterr().err
    assert "legacy Word .doc" in err and "LibreOffice" in err and "save it as .docx" in err


def test_out_that_is_a_file_is_a_usage_error(tmp_path, capsys):
    target = tmp_path / "file"
    target.write_text("x", encoding="utf-8")
    good = tmp_path / "good.txt"
    good.write_text(GOOD, encoding="utf-8")
    assert main(["ingest", str(good), "--out", str(target)]) == 1
    assert "is a file, not a folder" in capsys.readouterr().err


def test_a_500_page_pdf_in_bounded_time_and_memory(tmp_path):
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_font("DejaVu", "", str(corpus.FONT))
    pdf.set_font("DejaVu", size=11)
    line = "Tỷ lệ hồ sơ công việc cấp tỉnh được xử lý trên môi trường mạng đạt 90% (Quyết định số 749/QĐ-TTg)."
    for i in range(500):
        pdf.add_page()
        for k in range(12):
            pdf.cell(0, 6, f"{line} {i}.{k}", new_x="LMARGIN", new_y="NEXT")
    big = tmp_path / "big.pdf"
    big.write_bytes(bytes(pdf.output()))
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "dxcompare", "ingest", str(big), "--out", str(tmp_path / "out")],
                          capture_output=True, text=True, cwd=ROOT, timeout=300)
    seconds = time.perf_counter() - start
    assert proc.returncode == 0, proc.stderr
    text = (tmp_path / "out" / "big.txt").read_text(encoding="utf-8")
    assert text.count("\f") == 499 and "499.11" in text
    assert seconds < 120
    assert max(before, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) < 1024 * 1024  # kB: under 1 GB
