"""A small data folder of three plans (province, commune, news summary) whose numbers are known exactly.

Built file by file (raw texts, plans, registries) and read by the real loader,
so the expected values do not move when the curated data grows. `make_more_folder`
adds the edge cases: bodies abolished or regrouped in 2025, a name with commas,
a chain through a provincial plan, a title carrying markup.
"""
import csv
import hashlib

import yaml

TEXT_P = """KẾ HOẠCH Chuyển đổi số tỉnh Long An năm 2021
Căn cứ Quyết định số 749/QĐ-TTg ngày 03/6/2020 của Thủ tướng Chính phủ;
Mục tiêu đến năm 2025: 95% hồ sơ công việc cấp tỉnh được xử lý trên môi trường mạng;
70% hồ sơ công việc cấp xã được xử lý trên môi trường mạng.
Đến năm 2030: 100% hồ sơ công việc cấp tỉnh được xử lý trên môi trường mạng.
Thí điểm chuyển đổi số cho 03 phường/xã.
Kinh phí thực hiện: 1.560.000.000 đồng; trong đó tuyên truyền: 660.000.000 đồng.
Sử dụng nguồn vốn đầu tư phát triển.
Sở Thông tin và Truyền thông chủ trì; Sở Tài chính phối hợp.
"""
TEXT_C = """KẾ HOẠCH chuyển đổi số xã Tịnh Trà năm 2024
Căn cứ Quyết định số 749/QĐ-TTg;
Phấn đấu đến năm 2025 trên 50% hồ sơ công việc tại xã được xử lý trên môi trường mạng.
100% dịch vụ công trực tuyến mức độ 4 tại xã.
Nguồn ngân sách xã.
"""
TEXT_Q = "Bản tin: Tây Ninh ban hành kế hoạch chuyển đổi số, giao Sở Khoa học và Công nghệ chủ trì.\n"

INDICATORS = [
    # code, pillar, name_vi, name_en, unit, scope, n2025, c2025, n2030, c2030
    ("records_online_province", "digital_government", "Hồ sơ cấp tỉnh xử lý trên mạng", "Records online, province",
     "%", "province", "90", "=", "100", "="),
    ("records_online_commune", "digital_government", "Hồ sơ cấp xã xử lý trên mạng", "Records online, commune",
     "%", "commune", "60", "=", "70", "="),
    ("online_services_level4", "digital_government", "Dịch vụ công mức độ 4", "Level-4 online services",
     "%", "agency", "80", "=", "100", "="),
    ("pilot_communes_dx", "digital_government", "Số xã thí điểm chuyển đổi số", "Pilot communes",
     "count", "commune", "", "", "", ""),
]


def _target(code, value, unit, comp, year, scope, quote):
    return {"indicator": quote[:30], "indicator_code": code, "pillar": "digital_government", "value": value,
            "unit": unit, "comparator": comp, "year": year, "scope": scope, "quote": quote}


def _plan(plan_id, source, **meta):
    base = {"plan_id": plan_id, "doc_number": None, "doc_type": "Kế hoạch", "title": "Kế hoạch chuyển đổi số",
            "title_en": None, "issuer": "UBND", "admin_level": "province", "province": "Long An", "locality": None,
            "issued": "2021-04-05", "signer": None, "period_start": 2021, "period_end": 2021, "horizon": 2030,
            "completeness": "full", "source_file": source}
    base.update(meta)
    return base


PLANS = {
    "p-1": _plan(
        "p-1", "p.txt", doc_number="1069/KH-UBND",
        citations=[{"doc_id": "749/QĐ-TTg", "relation": "can_cu", "quote": "Căn cứ Quyết định số 749/QĐ-TTg"}],
        targets=[
            _target("records_online_province", 95, "%", ">=", 2025, "province",
                    "95% hồ sơ công việc cấp tỉnh được xử lý trên môi trường mạng"),
            _target("records_online_commune", 70, "%", "=", 2025, "commune",
                    "70% hồ sơ công việc cấp xã được xử lý trên môi trường mạng"),
            _target("records_online_province", 100, "%", "=", 2030, "province",
                    "Đến năm 2030: 100% hồ sơ công việc cấp tỉnh"),
            _target("pilot_communes_dx", 3, "count", "=", 2021, "commune", "Thí điểm chuyển đổi số cho 03 phường/xã"),
        ],
        budgets=[
            {"amount_vnd": 1560000000, "purpose": "Tổng kinh phí", "purpose_en": "Total funding", "funding_source": None, "year": 2021,
             "quote": "Kinh phí thực hiện: 1.560.000.000 đồng"},
            {"amount_vnd": 660000000, "purpose": "Tuyên truyền", "funding_source": None, "year": 2021,
             "part_of": "p-1#budgets-1", "quote": "tuyên truyền: 660.000.000 đồng"},
        ],
        funding_sources=[{"source": "nguồn vốn đầu tư phát triển", "quote": "nguồn vốn đầu tư phát triển"}],
        assignments=[
            {"agency_id": "so_tttt", "name_in_source": "Sở Thông tin và Truyền thông", "role": "lead",
             "task": "Chủ trì", "deadline": None, "quote": "Sở Thông tin và Truyền thông chủ trì"},
            {"agency_id": "so_tai_chinh", "name_in_source": "Sở Tài chính", "role": "coordinate",
             "task": "Phối hợp", "deadline": "2021-12-31", "quote": "Sở Tài chính phối hợp"},
        ],
    ),
    "c-2": _plan(
        "c-2", "c.txt", admin_level="commune", province="Quảng Ngãi", locality="xã Tịnh Trà, huyện Sơn Tịnh",
        issued="2024-04-26", period_start=2024, period_end=2025,
        citations=[{"doc_id": "749/QĐ-TTg", "relation": "can_cu", "quote": "Căn cứ Quyết định số 749/QĐ-TTg;"}],
        targets=[
            _target("records_online_commune", 50, "%", ">", 2025, "commune",
                    "trên 50% hồ sơ công việc tại xã được xử lý trên môi trường mạng"),
            _target("online_services_level4", 100, "%", "=", 2025, "commune",
                    "100% dịch vụ công trực tuyến mức độ 4 tại xã"),
        ],
        funding_sources=[{"source": "ngân sách xã", "quote": "Nguồn ngân sách xã"}],
    ),
    "q-3": _plan(
        "q-3", "q.txt", province="Tây Ninh", issued="2023-10-25", period_start=2023, period_end=2025,
        completeness="summary", doc_number="2704/QĐ-UBND", doc_type="Quyết định",
        assignments=[{"agency_id": "so_khcn", "name_in_source": "Sở Khoa học và Công nghệ", "role": "lead",
                      "task": "Chủ trì", "deadline": None, "quote": "Sở Khoa học và Công nghệ chủ trì"}],
    ),
}


def _csv(path, header, rows):
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(header)
        w.writerows(sorted(rows, key=lambda r: r[0]))  # validate: registries sorted by id


AGENCIES = [
    ["so_tttt", "Sở Thông tin và Truyền thông", "Department of Information and Communications", "",
     "department", "province", "so_khcn", "Merged in 2025", ""],
    ["so_khcn", "Sở Khoa học và Công nghệ", "Department of Science and Technology", "", "department",
     "province", "", "", ""],
    ["so_tai_chinh", "Sở Tài chính", "Department of Finance", "", "department", "province", "", "", ""],
]
LEGAL_DOCUMENTS = [
    ["749/QĐ-TTg", "Quyết định", "Thủ tướng Chính phủ", "government", "2020-06-03",
     "Chương trình Chuyển đổi số quốc gia", "National Digital Transformation Programme", "", "test"],
    # every numbered plan has its own row (validate)
    ["1069/KH-UBND", "Kế hoạch", "UBND tỉnh Long An", "province", "", "Kế hoạch chuyển đổi số",
     "Digital-transformation plan", "", "test"],
    ["2704/QĐ-UBND", "Quyết định", "UBND tỉnh Tây Ninh", "province", "", "Kế hoạch chuyển đổi số",
     "Digital-transformation plan", "", "test"],
]


def make_data_folder(root, plans=None, texts=None, agencies=AGENCIES, legal_documents=LEGAL_DOCUMENTS):
    """A complete, valid data folder with three plans (province, commune, news summary).

    `plans` and `texts` ({file name: raw text}) replace the default plans and raw texts they name.
    """
    plans = {**PLANS, **(plans or {})}
    texts = {"p.txt": TEXT_P, "c.txt": TEXT_C, "q.txt": TEXT_Q, **(texts or {})}
    for d in ("raw", "plans", "reference"):
        (root / d).mkdir(parents=True)
    sources = []
    for name, pid, kind, comp in (("p.txt", "p-1", "official_text", "full"), ("c.txt", "c-2", "official_text", "full"),
                                  ("q.txt", "q-3", "news_summary", "summary")):
        text = texts[name]
        (root / "raw" / name).write_text(text, encoding="utf-8")
        sources.append({"file": name, "plan_id": pid, "kind": kind, "completeness": comp, "origin": "test",
                        "retrieved_note": "synthetic", "sha256": hashlib.sha256(text.encode()).hexdigest()})
    (root / "raw" / "sources.yaml").write_text(yaml.safe_dump(sources, allow_unicode=True), encoding="utf-8")
    for pid, plan in plans.items():
        (root / "plans" / f"{pid}.yaml").write_text(yaml.safe_dump(plan, allow_unicode=True, sort_keys=False),
                                                     encoding="utf-8")
    ref = root / "reference"
    _csv(ref / "legal_documents.csv",
         ["doc_id", "doc_type", "issuer", "issuer_level", "date", "title_vi", "title_en", "implements", "source"],
         legal_documents)
    _csv(ref / "agencies.csv",  # every row names its act; a successor, the act that decided it (validate's rules)
         ["agency_id", "name_vi", "name_en", "aliases", "kind", "level", "successor", "successor_act",
          "successor_note", "source"],
         [[*r[:7], "Nghị định 45/2025/NĐ-CP" if r[6] else "", r[7], r[8] or "Nghị định 45/2025/NĐ-CP (test)"]
          for r in agencies])
    _csv(ref / "indicators.csv", ["indicator_code", "pillar", "name_vi", "name_en", "unit", "scope", "source"],
         [[*row[:6], "test"] for row in INDICATORS])
    # the national targets live in national/national_targets.csv, each with its source
    (root / "national").mkdir(exist_ok=True)
    _csv(root / "national" / "national_targets.csv",
         ["indicator_code", "document", "year", "comparator", "value", "unit", "scope", "status", "searched",
          "source_url", "source_title", "read_date", "source_location", "conflict", "note"],
         [[row[0], "749/QĐ-TTg", year, comp, value, row[4], row[5], "found", "", "https://example.gov.vn/749",
           "749/QĐ-TTg (test)", "2026-12-01", "Mục tiêu", "false", ""]
          for row in INDICATORS for year, value, comp in (("2025", row[6], row[7]), ("2030", row[8], row[9])) if value])
    _csv(ref / "provinces.csv",
         ["code", "name_vi", "name_en", "region", "successor_code", "successor_name_vi", "source"],
         [["80", "Long An", "Long An", "Mekong Delta", "72", "Tây Ninh", "test"],
          ["72", "Tây Ninh", "Tay Ninh", "South East", "72", "Tây Ninh", "test"],
          ["51", "Quảng Ngãi", "Quang Ngai", "South Central Coast", "51", "Quảng Ngãi", "test"]])
    return root


TITLE_WITH_MARKUP = "<script>alert(1)</script> *bold* [link](http://x)"
TEXT_C_MORE = TEXT_C + """Căn cứ Kế hoạch số 12/KH-UBND của UBND tỉnh.
Ủy ban nhân dân cấp huyện chủ trì tuyên truyền; Ủy ban nhân dân cấp huyện phối hợp kiểm tra.
Các sở, ban, ngành tỉnh phối hợp. Báo tỉnh phối hợp. Ngân hàng Nhà nước phối hợp.
"""


def _assign(agency_id, name, role, quote):
    return {"agency_id": agency_id, "name_in_source": name, "role": role, "task": quote[:20], "deadline": None,
            "quote": quote}


def make_more_folder(root):
    c2 = {**PLANS["c-2"],
          "citations": [*PLANS["c-2"]["citations"],
                        {"doc_id": "12/KH-UBND", "relation": "can_cu", "quote": "Căn cứ Kế hoạch số 12/KH-UBND"}],
          "assignments": [
              _assign("ubnd_huyen", "Ủy ban nhân dân cấp huyện", "lead", "Ủy ban nhân dân cấp huyện chủ trì tuyên truyền"),
              _assign("ubnd_huyen", "Ủy ban nhân dân cấp huyện", "coordinate",
                      "Ủy ban nhân dân cấp huyện phối hợp kiểm tra"),
              _assign("cac_so_nganh", "Các sở, ban, ngành tỉnh", "coordinate", "Các sở, ban, ngành tỉnh phối hợp"),
              _assign("bao_tinh", "Báo tỉnh", "coordinate", "Báo tỉnh phối hợp"),
              _assign("nhnn", "Ngân hàng Nhà nước", "coordinate", "Ngân hàng Nhà nước phối hợp"),
          ]}
    q3 = {**PLANS["q-3"], "title": TITLE_WITH_MARKUP}
    agencies = [*AGENCIES,
                ["ubnd_huyen", "Ủy ban nhân dân cấp huyện", "District People's Committee", "", "peoples_committee",
                 "district", "", "District level abolished on 1 July 2025; tasks passed to provinces and communes",
                 ""],
                ["cac_so_nganh", "Các sở, ban, ngành tỉnh", "Provincial departments, boards and sectors", "",
                 "department_group", "province", "", "", ""],
                ["bao_tinh", "Báo tỉnh", "Provincial newspaper", "", "media", "province", "", "Closed in 2025", ""],
                ["nhnn", "Ngân hàng Nhà nước chi nhánh tỉnh", "State Bank provincial branch", "", "bank_branch",
                 "province", "", "The 63 provincial branches were reorganised into 15 regional branches "
                 "(Ngân hàng Nhà nước Khu vực) from 1 March 2025", ""]]
    docs = [*LEGAL_DOCUMENTS, ["12/KH-UBND", "Kế hoạch", "UBND tỉnh Quảng Ngãi", "province", "2022-01-10",
                               "Kế hoạch chuyển đổi số tỉnh", "Provincial plan", "749/QĐ-TTg", "test"]]
    return make_data_folder(root, plans={"c-2": c2, "q-3": q3}, texts={"c.txt": TEXT_C_MORE},
                            agencies=agencies, legal_documents=docs)
