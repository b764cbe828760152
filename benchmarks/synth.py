"""Write a synthetic but complete data folder of N plans, for benchmarks and fault tests.

    python benchmarks/synth.py --plans N --out DIR [--seed S] [--reference DIR]

The folder has the layout of `data/` (raw/ with sources.yaml and correct
sha256, plans/, reference/) and passes `python -m dxcompare validate --data DIR`.
The registries are copied from the real `data/reference/` and every id is drawn
from them, so the synthetic corpus exercises the same lookups as the real one.
Plans have the shape of the curated ones (10-40 targets, citations, one row per
(agency, role), budgets in some plans) and each raw text is written around its
quotes, with hard line breaks inside sentences as in texts copied from PDFs.

Each plan is drawn from its own random stream (seed, plan number): the same
seed gives byte-identical files, and plan k is the same whatever N is.
"""
from __future__ import annotations

import argparse
import csv
import hashlib
import json
import random
import re
import shutil
import sys
import unicodedata
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
REGISTRY_FILES = ("legal_documents.csv", "agencies.csv", "indicators.csv", "provinces.csv")
PILLARS = ("digital_government", "digital_economy", "digital_society", "infrastructure", "skills")
SCOPES = ("province", "district", "commune", "village", "household", "population", "enterprise", "official", "agency")
UNITS = ("%", "count", "percentage_points", "percent_per_year")

COMPARATOR_WORDS = {"=": ("", "đạt "), ">": ("trên ", "Trên "), ">=": ("tối thiểu ", "ít nhất "),
                    "~": ("khoảng ",), "<=": ("không quá ",)}
ROLE_VERBS = {
    "lead": ("chủ trì, hướng dẫn", "là cơ quan thường trực, chủ trì"),
    "coordinate": ("phối hợp với các cơ quan liên quan", "phối hợp"),
    "implement": ("triển khai thực hiện", "tổ chức thực hiện"),
    "advise": ("tham mưu Ủy ban nhân dân", "đề xuất, trình cấp có thẩm quyền"),
    "report": ("báo cáo kết quả thực hiện", "định kỳ báo cáo kết quả"),
}
TASKS = (
    "xây dựng, vận hành Trung tâm điều hành thông minh",
    "nâng cấp hệ thống quản lý văn bản và điều hành",
    "triển khai dịch vụ công trực tuyến toàn trình",
    "tuyên truyền, nâng cao nhận thức về chuyển đổi số",
    "đào tạo, bồi dưỡng kỹ năng số cho cán bộ, công chức",
    "phát triển hạ tầng băng rộng cáp quang đến hộ gia đình",
    "xây dựng cơ sở dữ liệu dùng chung của tỉnh",
    "bảo đảm an toàn, an ninh thông tin theo cấp độ",
    "hỗ trợ doanh nghiệp nhỏ và vừa chuyển đổi số",
    "thúc đẩy thanh toán không dùng tiền mặt",
    "số hóa hồ sơ, kết quả giải quyết thủ tục hành chính",
    "thành lập và duy trì hoạt động Tổ công nghệ số cộng đồng",
)
FILLER = (
    "Chuyển đổi số là nhiệm vụ trọng tâm, xuyên suốt, gắn với cải cách hành chính và phát triển kinh tế - xã hội của địa phương.",
    "Các cơ quan, đơn vị quán triệt sâu sắc chủ trương của Đảng, chính sách của Nhà nước về chuyển đổi số, lấy người dân, doanh nghiệp làm trung tâm.",
    "Bảo đảm sự phối hợp chặt chẽ, đồng bộ giữa các cơ quan, đơn vị trong quá trình triển khai; huy động sự tham gia của toàn xã hội.",
    "Định kỳ sơ kết, đánh giá kết quả thực hiện, kịp thời đề xuất điều chỉnh, bổ sung nhiệm vụ cho phù hợp với tình hình thực tế.",
    "Trong quá trình triển khai, nếu có khó khăn, vướng mắc, các cơ quan, đơn vị phản ánh kịp thời để được hướng dẫn, giải quyết.",
    "Tăng cường ứng dụng công nghệ thông tin trong hoạt động của cơ quan nhà nước, nâng cao hiệu quả quản lý, điều hành.",
)
PURPOSES = ("nhiệm vụ tuyên truyền, nâng cao nhận thức về chuyển đổi số", "thí điểm chuyển đổi số cấp xã",
            "nâng cấp hạ tầng mạng diện rộng của tỉnh", "đào tạo kỹ năng số cho cán bộ, công chức",
            "duy trì Trung tâm giám sát an toàn thông tin")
FUNDING = ("nguồn ngân sách tỉnh", "nguồn sự nghiệp công nghệ thông tin", "nguồn vốn đầu tư phát triển",
           "nguồn xã hội hóa và các nguồn hợp pháp khác")
_DATE = re.compile(r"\d{4}-\d\d-\d\d")
_PLAIN = re.compile(r"[^\W_][\w\-/. ]*(?<! )\Z")


def read_registry(path: Path) -> list[dict]:
    with path.open(encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def slug(text: str) -> str:
    """'Bà Rịa - Vũng Tàu' -> 'ba-ria-vung-tau' (plan ids are ASCII slugs)."""
    text = unicodedata.normalize("NFD", text.replace("Đ", "D").replace("đ", "d"))
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def scalar(value) -> str:
    """A YAML scalar: plain for ids, numbers and dates, double-quoted (JSON escapes) otherwise."""
    if value is None:
        return "null"
    if isinstance(value, (int, float)):
        return repr(value)
    if _DATE.fullmatch(value):
        return value
    if _PLAIN.match(value) and not re.fullmatch(r"[0-9._\-:]+|y|n|yes|no|on|off|true|false|null|~", value, re.I):
        return value
    return json.dumps(value, ensure_ascii=False)


def wrap(sentence: str, rng: random.Random) -> str:
    """Hard line breaks inside a sentence, as in text copied from a PDF."""
    words, lines, line = sentence.split(" "), [], []
    width = rng.randint(70, 110)
    for w in words:
        if line and len(" ".join(line)) + len(w) + 1 > width:
            lines.append(" ".join(line))
            line = []
        line.append(w)
    lines.append(" ".join(line))
    return "\n".join(lines)


def vnd(amount: int) -> str:
    return f"{amount:,}".replace(",", ".")


class Registries:
    def __init__(self, ref: Path):
        self.docs = read_registry(ref / "legal_documents.csv")
        self.agencies = read_registry(ref / "agencies.csv")
        self.indicators = [r for r in read_registry(ref / "indicators.csv") if r["pillar"] in PILLARS and r["unit"] in UNITS]
        self.provinces = read_registry(ref / "provinces.csv")
        for name, rows in (("legal_documents", self.docs), ("agencies", self.agencies),
                           ("indicators", self.indicators), ("provinces", self.provinces)):
            if not rows:
                raise SystemExit(f"synth: {ref / name}.csv has no usable rows")


def make_plan(i: int, seed: int, reg: Registries) -> tuple[str, dict, str]:
    """(plan_id, plan record, raw text) for plan number i."""
    rng = random.Random(f"dxcompare-synth:{seed}:{i}")
    prov = rng.choice(reg.provinces)["name_vi"]
    year = rng.randint(2020, 2025)
    level = rng.choices(("province", "district", "commune"), (6, 2, 2))[0]
    number = 100 + i
    plan_id = f"{slug(prov)}-{number}-{year}"
    issued = f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    locality = None
    issuer_unit = f"tỉnh {prov}"
    if level == "district":
        locality = f"huyện Số {i % 97 + 1}"
        issuer_unit = locality
    elif level == "commune":
        locality = f"xã Số {i % 89 + 1}, huyện Số {i % 13 + 1}"
        issuer_unit = locality.split(",")[0]
    period_end = year + rng.choice((0, 0, 4))
    horizon = max(period_end, rng.choice((2025, 2030)))
    doc_number = f"{number}/KH-UBND"
    y, m, d = issued.split("-")
    body: list[str] = []  # paragraphs of the raw text
    number_line = f"Số: {doc_number}"
    date_line = f"{prov}, ngày {int(d)} tháng {int(m)} năm {y}"
    title = f"Kế hoạch chuyển đổi số {issuer_unit} năm {year}"
    body += ["ỦY BAN NHÂN DÂN", issuer_unit.upper(), "-------",
             "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "---------------",
             f"{number_line}\t{date_line}", "", "KẾ HOẠCH", title, ""]

    citations, seen = [], set()
    docs = rng.sample(reg.docs, min(len(reg.docs), rng.randint(3, 12)))
    for k, doc in enumerate(docs):
        relation = "can_cu" if k < max(1, len(docs) // 2) else rng.choice(("thuc_hien", "reference"))
        if (doc["doc_id"], relation) in seen:
            continue
        seen.add((doc["doc_id"], relation))
        shown = doc["doc_id"].split(" (")[0]
        if relation == "can_cu":
            quote = f"Căn cứ {doc['doc_type']} số {shown} của {doc['issuer']} về {doc['title_vi']}"
        elif relation == "thuc_hien":
            quote = f"Triển khai thực hiện {doc['doc_type']} số {shown} của {doc['issuer']}"
        else:
            quote = f"theo hướng dẫn tại {doc['doc_type']} số {shown}"
        citations.append({"doc_id": doc["doc_id"], "relation": relation, "quote": quote})
    body += [wrap(c["quote"] + ";", rng) for c in citations if c["relation"] == "can_cu"]
    body += [f"Ủy ban nhân dân {issuer_unit} ban hành Kế hoạch như sau:", "", "I. MỤC ĐÍCH, YÊU CẦU"]
    body += [wrap(f"- {c['quote']}, bảo đảm hiệu quả, thiết thực.", rng) for c in citations if c["relation"] != "can_cu"]
    body += [wrap(rng.choice(FILLER), rng), "", f"II. MỤC TIÊU ĐẾN NĂM {period_end}"]

    targets = []
    for _ in range(rng.randint(10, 40)):
        ind = rng.choice(reg.indicators)
        comparator = rng.choice(tuple(COMPARATOR_WORDS))
        unit = ind["unit"]
        if unit == "%":
            value = float(rng.randrange(10, 101, 5))
            shown = f"{value:g}%"
        elif unit == "count":
            value = float(rng.randint(1, 60))
            shown = f"{int(value):02d}"
        else:
            value = float(rng.randint(1, 12))
            shown = f"{value:g}%"
        tyear = rng.randint(year, horizon)
        words = rng.choice(COMPARATOR_WORDS[comparator])
        quote = f"{words}{shown} {ind['name_vi'][:1].lower()}{ind['name_vi'][1:]} đến năm {tyear}"
        quote = quote[:1].upper() + quote[1:]
        scope = ind.get("scope") if ind.get("scope") in SCOPES else "province"
        targets.append({"indicator": ind["name_vi"], "indicator_code": ind["indicator_code"], "pillar": ind["pillar"],
                        "value": value, "unit": unit, "comparator": comparator, "year": tyear, "scope": scope,
                        "quote": quote})
        body.append(wrap(f"- {quote}.", rng))
    body += ["", "III. NHIỆM VỤ, GIẢI PHÁP"]

    assignments, pairs = [], set()
    for _ in range(rng.randint(5, 20)):
        agency = rng.choice(reg.agencies)
        role = rng.choice(tuple(ROLE_VERBS))
        if (agency["agency_id"], role) in pairs:
            continue
        pairs.add((agency["agency_id"], role))
        task = rng.choice(TASKS)
        quote = f"{agency['name_vi']} {rng.choice(ROLE_VERBS[role])} {task}"
        deadline = f"{rng.randint(year, horizon)}-12-31" if rng.random() < 0.3 else None
        assignments.append({"agency_id": agency["agency_id"], "name_in_source": agency["name_vi"], "role": role,
                            "task": task[:1].upper() + task[1:], "deadline": deadline, "quote": quote})
        body.append(wrap(f"- {quote}; thời gian thực hiện: năm {year}.", rng))
        if rng.random() < 0.3:
            body.append(wrap(rng.choice(FILLER), rng))

    budgets, funding = [], []
    body += ["", "IV. KINH PHÍ THỰC HIỆN"]
    if rng.random() < 0.4:
        for _ in range(rng.randint(1, 4)):
            amount = rng.randint(5, 5000) * 10_000_000
            purpose = rng.choice(PURPOSES)
            source = rng.choice(FUNDING)
            quote = f"Kinh phí thực hiện {purpose} từ {source} năm {year}: {vnd(amount)} đồng"
            budgets.append({"amount_vnd": amount, "purpose": purpose[:1].upper() + purpose[1:], "funding_source": source,
                            "year": year, "quote": quote})
            body.append(wrap(f"- {quote}.", rng))
    if rng.random() < 0.5:
        for source in rng.sample(FUNDING, rng.randint(1, 2)):
            quote = f"Các cơ quan, đơn vị sử dụng {source} để thực hiện"
            funding.append({"source": source, "quote": quote})
            body.append(wrap(f"{quote} các nhiệm vụ được giao.", rng))
    body += ["", "V. TỔ CHỨC THỰC HIỆN", wrap(rng.choice(FILLER), rng), "", "CHỦ TỊCH"]
    text = "\n".join(body) + "\n"

    plan = {
        "plan_id": plan_id, "doc_number": doc_number, "doc_type": "Kế hoạch", "title": title,
        "title_en": f"Digital transformation plan, {slug(issuer_unit)}, {year}",
        "issuer": f"UBND {issuer_unit}", "admin_level": level, "province": prov, "locality": locality,
        "issued": issued, "signer": None, "period_start": year, "period_end": period_end, "horizon": horizon,
        "completeness": "full", "source_file": f"{i:05d}_{hashlib.sha1(plan_id.encode()).hexdigest()[:16]}.txt",
        "evidence": {"doc_number": number_line, "issued": date_line, "title": title},
        "citations": citations, "targets": targets, "budgets": budgets, "funding_sources": funding,
        "assignments": assignments,
    }
    return plan_id, plan, text


def plan_yaml(plan: dict) -> str:
    """The plan in the curated files' layout (block style, one field a line)."""
    out = []
    for key, value in plan.items():
        if isinstance(value, dict):
            out.append(f"{key}:")
            out += [f"  {k}: {scalar(v)}" for k, v in value.items()]
        elif isinstance(value, list):
            out.append(f"{key}:" if value else f"{key}: []")
            for item in value:
                lines = [f"{k}: {scalar(v)}" for k, v in item.items()]
                out.append("  - " + lines[0])
                out += ["    " + line for line in lines[1:]]
        else:
            out.append(f"{key}: {scalar(value)}")
    return "\n".join(out) + "\n"


def write_folder(n: int, out: Path, seed: int = 0, reference: Path | None = None) -> None:
    reference = reference or REPO / "data" / "reference"
    reg = Registries(reference)
    for sub in ("raw", "plans", "reference"):
        (out / sub).mkdir(parents=True, exist_ok=True)
    for name in REGISTRY_FILES:
        shutil.copyfile(reference / name, out / "reference" / name)
    manifest = ["# Synthetic raw texts written by benchmarks/synth.py (not real plans)."]
    own_rows = []  # every plan's own row in the document registry, as `validate` requires
    for i in range(n):
        plan_id, plan, text = make_plan(i, seed, reg)
        own_rows.append(_own_row(plan))
        data = text.encode("utf-8")
        (out / "raw" / plan["source_file"]).write_bytes(data)
        (out / "plans" / f"{plan_id}.yaml").write_text(plan_yaml(plan), encoding="utf-8")
        manifest += [f"- file: {plan['source_file']}", f"  plan_id: {plan_id}", "  kind: official_text",
                     "  completeness: full", f"  origin: \"synthetic, seed {seed}\"",
                     "  retrieved_note: \"generated\"", f"  sha256: {hashlib.sha256(data).hexdigest()}"]
    (out / "raw" / "sources.yaml").write_text("\n".join(manifest) + "\n", encoding="utf-8")
    _add_rows(out / "reference" / "legal_documents.csv", own_rows)


def _own_row(plan: dict) -> dict:
    """The plan's registry row: 'number (issuing unit)', so that it never collides with a real number."""
    unit = plan["issuer"].removeprefix("UBND ")
    return {"doc_id": f"{plan['doc_number']} ({unit})", "doc_type": plan["doc_type"], "issuer": plan["issuer"],
            "issuer_level": plan["admin_level"], "date": plan["issued"], "title_vi": plan["title"],
            "title_en": plan["title_en"], "implements": "", "source": f"synthetic: plans/{plan['plan_id']}.yaml"}


def _add_rows(path: Path, rows: list[dict]) -> None:
    with path.open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        fields, existing = reader.fieldnames, list(reader)
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(sorted(existing + rows, key=lambda r: r["doc_id"]))


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--plans", type=int, required=True, help="number of plans (10 to 10,000 are exercised)")
    p.add_argument("--out", type=Path, required=True, help="folder to write (must be empty or absent)")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--reference", type=Path, default=None, help="registries to copy (default: data/reference)")
    args = p.parse_args(argv)
    if args.plans < 1:
        p.error("--plans must be at least 1")
    if args.out.exists() and any(args.out.iterdir()):
        print(f"synth: {args.out} is not empty; choose a new folder", file=sys.stderr)
        return 1
    write_folder(args.plans, args.out, args.seed, args.reference)
    print(f"wrote {args.plans} synthetic plans to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
