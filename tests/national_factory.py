"""A small, hand-checkable national folder written into a copy of the shipped data.

Three provinces with documents (two of them with a party resolution numbered
01-NQ/TU, so the issuer-qualified keys are exercised), targets, a DTI year with a
published tie, national targets, and a position for every unit of both schemes.
"""
from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

from dxcompare.national.schema import NATIONAL_TABLES

URL = "https://example.gov.vn/page"
PROV = {"source_url": URL, "source_title": "Trang ví dụ", "read_date": "2026-12-01",
        "source_location": "bảng đầu trang, dòng của tỉnh", "conflict": "false", "status": "found"}


def _write(folder: Path, table: str, rows: list[dict]) -> None:
    file_name, columns, _ = NATIONAL_TABLES[table]
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=[c.name for c in columns], lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({c.name: row.get(c.name, "") for c in columns})
    (folder / file_name).write_text(buf.getvalue(), encoding="utf-8")


def provinces(data: Path) -> list[dict]:
    with open(data / "reference" / "provinces.csv", encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def national_rows(data: Path) -> dict[str, list[dict]]:
    units = provinces(data)
    catalogue = [
        {**PROV, "doc_key": "24:01-NQ/TU", "province_code": "24", "doc_number": "01-NQ/TU", "doc_type": "Nghị quyết",
         "issuer": "Tỉnh ủy Bắc Giang", "issuer_level": "province_party", "issued": "2021-06-01",
         "title_vi": "Về chuyển đổi số", "title_en": "On digital transformation", "period_start": "2021",
         "horizon": "2030", "category": "dx_resolution", "implements": "749/QĐ-TTg"},
        {**PROV, "doc_key": "24:100/QĐ-UBND", "province_code": "24", "doc_number": "100/QĐ-UBND",
         "doc_type": "Quyết định", "issuer": "UBND tỉnh Bắc Giang", "issuer_level": "province",
         "issued": "2021-09-01", "title_vi": "Chương trình chuyển đổi số", "category": "dx_programme",
         "implements": "24:01-NQ/TU"},
        {**PROV, "doc_key": "83:01-NQ/TU", "province_code": "83", "doc_number": "01-NQ/TU", "doc_type": "Nghị quyết",
         "issuer": "Tỉnh ủy Bến Tre", "issuer_level": "province_party", "issued": "2020-10-20",
         "title_vi": "Về chuyển đổi số tỉnh Bến Tre", "category": "dx_resolution"},
        {"doc_key": "84:not_found:dx_programme", "province_code": "84", "category": "dx_programme",
         "status": "not_found", "searched": "chương trình chuyển đổi số Trà Vinh", "conflict": "false"},
    ]
    targets = [
        {**PROV, "target_key": "24:01-NQ/TU#digital_economy_share_grdp#2025", "doc_key": "24:01-NQ/TU",
         "province_code": "24", "indicator_code": "digital_economy_share_grdp", "comparator": ">=", "value": "25",
         "unit": "%", "year": "2025", "scope": "province"},
        {**PROV, "target_key": "83:01-NQ/TU#digital_economy_share_grdp#2025", "doc_key": "83:01-NQ/TU",
         "province_code": "83", "indicator_code": "digital_economy_share_grdp", "comparator": "=", "value": "15",
         "unit": "%", "year": "2025", "scope": "province"},
        {"target_key": "84:none#digital_economy_share_grdp", "province_code": "84",
         "indicator_code": "digital_economy_share_grdp", "status": "not_found", "searched": "kinh tế số Trà Vinh",
         "conflict": "false"},
    ]
    dti = [
        {**PROV, "province_code": "24", "year": "2022", "scheme": "63", "score": "0.60", "rank": "1", "n_ranked": "63"},
        {**PROV, "province_code": "83", "year": "2022", "scheme": "63", "score": "0.50", "rank": "2", "n_ranked": "63"},
        {**PROV, "province_code": "84", "year": "2022", "scheme": "63", "score": "0.50", "rank": "2", "n_ranked": "63"},
        {**PROV, "province_code": "86", "year": "2022", "scheme": "63", "score": "0.40", "rank": "4", "n_ranked": "63"},
    ]
    national = [
        {**PROV, "indicator_code": "digital_economy_share_grdp", "document": "749/QĐ-TTg", "year": "2025",
         "comparator": "=", "value": "20", "unit": "%", "scope": "national"},
    ]
    centroids = []
    for scheme, key, name in (("63", "code", "name_vi"), ("34", "successor_code", "successor_name_vi")):
        seen = set()
        for i, u in enumerate(units):
            if u[key] in seen:
                continue
            seen.add(u[key])
            centroids.append({**{k: PROV[k] for k in ("source_url", "source_title", "read_date", "source_location")},
                              "unit_code": u[key], "scheme": scheme, "name_vi": u[name],
                              "latitude": f"{23.0 - 0.2 * i:.4f}", "longitude": f"{104.0 + (i % 5) * 0.8:.4f}",
                              "method": "published_province"})
    return {"catalogue": catalogue, "headline_targets": targets, "dti": dti, "national_targets": national,
            "centroids": centroids}


def make(src: Path, dst: Path, rows: dict[str, list[dict]] | None = None) -> Path:
    """A copy of the data folder `src` at `dst` whose national/ holds `rows` (default: the small example)."""
    shutil.copytree(src, dst, ignore=shutil.ignore_patterns("processed", "national"))
    folder = dst / "national"
    folder.mkdir()
    for table, table_rows in (rows or national_rows(dst)).items():
        _write(folder, table, table_rows)
    return dst
