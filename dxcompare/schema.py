"""The dataset's vocabulary and table schemas, in one place.

Enumerations carry bilingual labels (Vietnamese with an English gloss) because
every table and figure shows them to Vietnamese and international readers.
Table specs drive both validation and dtype coercion, so the two cannot drift.
"""
from __future__ import annotations

from dataclasses import dataclass

ADMIN_LEVELS = {
    "province": ("tỉnh", "province"),
    "district": ("huyện", "district"),
    "commune": ("xã", "commune"),
}
PILLARS = {
    "digital_government": ("Chính quyền số", "Digital government"),
    "digital_economy": ("Kinh tế số", "Digital economy"),
    "digital_society": ("Xã hội số", "Digital society"),
    "infrastructure": ("Hạ tầng số", "Digital infrastructure"),
    "skills": ("Kỹ năng số, nhân lực", "Digital skills and workforce"),
    "overall": ("Tổng thể", "Overall (composite index)"),
}
SCOPES = {
    "province": ("tỉnh", "province"),
    "district": ("huyện", "district"),
    "commune": ("xã", "commune"),
    "village": ("thôn", "village"),
    "household": ("hộ gia đình", "household"),
    "population": ("người dân", "population"),
    "enterprise": ("doanh nghiệp", "enterprise"),
    "official": ("cán bộ, công chức", "official"),
    "agency": ("cơ quan nhà nước", "state agency"),
}
COMPARATORS = {
    "=": ("đạt", "equals"),
    ">": ("trên", "more than"),
    ">=": ("từ … trở lên / tối thiểu", "at least"),
    "~": ("khoảng", "about"),
    "<=": ("không quá", "at most"),
}
ROLES = {
    "lead": ("chủ trì", "lead"),
    "coordinate": ("phối hợp", "coordinate"),
    "implement": ("thực hiện", "implement"),
    "advise": ("tham mưu", "advise"),
    "report": ("báo cáo", "report"),
}
RELATIONS = {
    "can_cu": ("căn cứ", "legal basis"),
    "thuc_hien": ("thực hiện", "implements"),
    "reference": ("dẫn chiếu", "reference"),
}
# Units in which amounts of money are shown: factor from VND, then the unit's name (Vietnamese, English).
MONEY_UNITS = {
    "VND": (1, "đồng", "VND"),
    "million": (10**6, "triệu đồng", "million VND"),
    "billion": (10**9, "tỷ đồng", "billion VND"),
}
COMPLETENESS = {
    "full": ("toàn văn", "full text"),
    "truncated": ("bản cắt cụt", "truncated copy"),
    "summary": ("bản tin tóm tắt", "news summary"),
}
UNITS = {
    "%": ("%", "percent"),
    "count": ("số lượng", "count"),
    "percent_per_year": ("%/năm", "percent per year"),
    "percentage_points": ("điểm %", "percentage points"),
    "rank": ("thứ hạng", "rank"),
}
ISSUER_LEVELS = {
    "party_central": ("Trung ương Đảng", "central party"),
    "national_assembly": ("Quốc hội", "National Assembly"),
    "government": ("Chính phủ, Thủ tướng", "government"),
    "ministry": ("Bộ, ngành", "ministry"),
    "province_party": ("Tỉnh ủy", "province party"),
    "province": ("UBND tỉnh", "province"),
    "district": ("UBND huyện", "district"),
    "commune": ("UBND xã", "commune"),
}
DOC_TYPES = ("Kế hoạch", "Quyết định", "Chương trình", "Đề án")


def label(enum: dict[str, tuple[str, str]], code: str) -> str:
    """'Chính quyền số (Digital government)' — the bilingual label of a code."""
    vi, en = enum[code]
    return f"{vi} ({en})"


@dataclass(frozen=True)
class Column:
    """One column of a table: name, kind, whether it may be empty, its enumeration."""

    name: str
    kind: str  # str | int | float | date | year | category
    required: bool = True
    enum: tuple[str, ...] | None = None


def _cat(name: str, enum: dict | tuple, required: bool = True) -> Column:
    return Column(name, "category", required, tuple(enum))


PLAN_COLUMNS = (
    Column("plan_id", "str"),
    Column("doc_number", "str", required=False),
    _cat("doc_type", DOC_TYPES),
    Column("title", "str"),
    Column("title_en", "str", required=False),
    Column("issuer", "str"),
    _cat("admin_level", ADMIN_LEVELS),
    Column("province", "str"),
    Column("locality", "str", required=False),
    Column("issued", "date"),
    Column("signer", "str", required=False),
    Column("period_start", "year"),
    Column("period_end", "year"),
    Column("horizon", "year"),
    _cat("completeness", COMPLETENESS),
    Column("source_file", "str"),
)
CITATION_COLUMNS = (
    Column("doc_id", "str"),
    _cat("relation", RELATIONS),
    Column("quote", "str"),
)
TARGET_COLUMNS = (
    Column("indicator", "str"),
    Column("indicator_code", "str"),
    _cat("pillar", PILLARS),
    Column("value", "float"),
    _cat("unit", UNITS),
    _cat("comparator", COMPARATORS),
    Column("year", "year"),
    _cat("scope", SCOPES),
    Column("quote", "str"),
)
BUDGET_COLUMNS = (
    Column("amount_vnd", "int"),
    Column("purpose", "str"),
    Column("purpose_en", "str", required=False),  # curated English gloss of `purpose`; absent = not glossed
    Column("funding_source", "str", required=False),
    Column("year", "year", required=False),
    Column("part_of", "str", required=False),  # fact_id of the whole: <plan_id>#budgets-<n>
    Column("quote", "str"),
)
FUNDING_SOURCE_COLUMNS = (
    Column("source", "str"),
    Column("quote", "str"),
)
ASSIGNMENT_COLUMNS = (
    Column("agency_id", "str"),
    Column("name_in_source", "str", required=False),
    _cat("role", ROLES),
    Column("task", "str"),
    Column("deadline", "date", required=False),
    Column("unit", "str", required=False),  # the specific locality of a generic body ("Cần Giuộc" for ubnd_huyen)
    Column("quote", "str"),
)
EVIDENCE_COLUMNS = (
    Column("field", "str"),
    Column("quote", "str"),
)

# Fact tables: the key under which they sit in a plan file, and their columns.
FACT_TABLES = {
    "citations": CITATION_COLUMNS,
    "targets": TARGET_COLUMNS,
    "budgets": BUDGET_COLUMNS,
    "funding_sources": FUNDING_SOURCE_COLUMNS,
    "assignments": ASSIGNMENT_COLUMNS,
}

LEGAL_DOCUMENT_COLUMNS = (
    Column("doc_id", "str"),
    _cat("doc_type", ("Quyết định", "Nghị quyết", "Nghị định", "Kế hoạch", "Chương trình",
                      "Chỉ thị", "Công văn", "Kết luận", "Thông tư", "Luật", "Đề án"), required=True),
    Column("issuer", "str"),
    _cat("issuer_level", ISSUER_LEVELS),
    Column("date", "date", required=False),
    Column("title_vi", "str", required=False),  # a few national documents are known only from an English page
    Column("title_en", "str"),
    Column("implements", "str", required=False),
    Column("source", "str"),
)
AGENCY_COLUMNS = (
    Column("agency_id", "str"),
    Column("name_vi", "str"),
    Column("name_en", "str"),
    Column("aliases", "str", required=False),
    Column("kind", "str"),
    _cat("level", ("central", "province", "district", "commune", "village")),
    Column("successor", "str", required=False),
    Column("successor_act", "str", required=False),
    Column("successor_note", "str", required=False),
    Column("source", "str", required=False),
)
INDICATOR_COLUMNS = (
    Column("indicator_code", "str"),
    _cat("pillar", PILLARS),
    Column("name_vi", "str"),
    Column("name_en", "str"),
    _cat("unit", UNITS),
    _cat("scope", SCOPES),
    Column("source", "str", required=False),
)
PROVINCE_COLUMNS = (
    Column("code", "str"),
    Column("name_vi", "str"),
    Column("name_en", "str"),
    Column("region", "str"),
    Column("successor_code", "str"),
    Column("successor_name_vi", "str"),
    Column("source", "str"),
)
REGISTRIES = {
    "legal_documents": ("legal_documents.csv", LEGAL_DOCUMENT_COLUMNS, "doc_id"),
    "agencies": ("agencies.csv", AGENCY_COLUMNS, "agency_id"),
    "indicators": ("indicators.csv", INDICATOR_COLUMNS, "indicator_code"),
    "provinces": ("provinces.csv", PROVINCE_COLUMNS, "code"),
}

SOURCE_KINDS = ("official_text", "news_summary")
# raw/sources.yaml: one entry per raw text. A text just written by `ingest` has no plan,
# kind, completeness or origin yet; when given, each must have its type and enumeration.
SOURCE_ENTRY_COLUMNS = (
    Column("file", "str"),
    Column("plan_id", "str", required=False),
    _cat("kind", SOURCE_KINDS, required=False),
    _cat("completeness", COMPLETENESS, required=False),
    Column("origin", "str", required=False),
    Column("retrieved_note", "str", required=False),
    Column("sha256", "str"),
    # written by `dxcompare ingest`: how the text was made from the original file
    Column("original", "str", required=False),
    Column("original_format", "str", required=False),
    Column("original_sha256", "str", required=False),
    Column("conversion", "str", required=False),
    Column("converter", "str", required=False),
    Column("pages", "int", required=False),
    Column("source_encoding", "str", required=False),
    Column("encoding_confidence", "float", required=False),
    Column("ocr_mean_confidence", "float", required=False),
)
SOURCE_ENTRY_EXTRA = ("warnings",)  # a list of texts (ingest's conversion warnings)
