"""Columns and vocabularies of the national layer (`data/national/*.csv`).

The national layer holds public facts about every province gathered from web
pages (catalogue of provincial digital-transformation documents, their headline
targets, the provincial DTI panel, the national targets, province positions).
Each web fact carries its provenance (URL, page title, read date, where on the
page in the curator's words); a fact searched for and not found is an explicit
`not_found` row, and two sources that disagree are both kept, flagged `conflict`.
"""
from __future__ import annotations

from ..schema import COMPARATORS, SCOPES, Column, _cat

REGIONS = {
    "red_river_delta": ("Đồng bằng sông Hồng", "Red River Delta"),
    "northern_midlands_mountains": ("Trung du và miền núi phía Bắc", "Northern Midlands and Mountains"),
    "north_central_central_coast": ("Bắc Trung Bộ và Duyên hải miền Trung", "North Central and Central Coast"),
    "central_highlands": ("Tây Nguyên", "Central Highlands"),
    "southeast": ("Đông Nam Bộ", "Southeast"),
    "mekong_delta": ("Đồng bằng sông Cửu Long", "Mekong Delta"),
}
STATUS = {
    "found": ("đã tìm thấy", "found"),
    "not_found": ("đã tìm, không thấy", "searched, not found"),
}
SCHEMES = {
    "63": ("63 tỉnh, thành (trước 2025)", "63 units (before 2025)"),
    "34": ("34 tỉnh, thành (từ 2025)", "34 units (from 2025)"),
}
CATEGORIES = {
    "dx_resolution": ("Nghị quyết về chuyển đổi số", "digital-transformation resolution"),
    "dx_programme": ("Chương trình / kế hoạch / đề án chuyển đổi số", "digital-transformation programme"),
    "digital_economy_society": ("Kế hoạch kinh tế số và xã hội số", "digital economy and society plan"),
    "digital_government": ("Kế hoạch chính phủ điện tử / chính quyền số", "e-/digital-government plan"),
    "annual_plan": ("Kế hoạch năm", "annual plan"),
    "other": ("Khác", "other"),
}
CATALOGUE_ISSUER_LEVELS = {
    "province_party": ("Tỉnh ủy, Thành ủy", "provincial party committee"),
    "province_council": ("HĐND tỉnh", "provincial People's Council"),
    "province": ("UBND tỉnh", "provincial People's Committee"),
}
CATALOGUE_DOC_TYPES = ("Nghị quyết", "Chương trình", "Kế hoạch", "Đề án", "Quyết định", "Chiến lược", "Chỉ thị")
TARGET_UNITS = {
    "%": ("%", "percent"),
    "rank": ("thứ hạng", "rank"),
    "percent_per_year": ("%/năm", "percent per year"),
    "count": ("số lượng", "count"),
}
CENTROID_METHODS = {
    "published_province": ("tọa độ của tỉnh", "coordinates published for the province"),
    "published_capital": ("tọa độ tỉnh lỵ", "coordinates of the provincial capital"),
    "derived_mean_of_predecessors": ("trung bình các tỉnh cũ", "mean of the predecessors' positions"),
}
# the plan scopes, plus the levels national documents set targets for
NATIONAL_SCOPES = (*SCOPES, "ministry_province", "sector", "national")

# Provenance of a fact read on a web page; `conflict` says a second source disagrees.
PROVENANCE = (
    Column("source_url", "str", required=False),
    Column("source_title", "str", required=False),
    Column("read_date", "date", required=False),
    Column("source_location", "str", required=False),
)
_FLAGS = (
    _cat("status", STATUS),
    Column("searched", "str", required=False),
    *PROVENANCE,
    _cat("conflict", ("true", "false")),
    Column("note", "str", required=False),
)

CATALOGUE_COLUMNS = (
    Column("doc_key", "str"),
    Column("province_code", "str"),
    Column("doc_number", "str", required=False),
    _cat("doc_type", CATALOGUE_DOC_TYPES, required=False),
    Column("issuer", "str", required=False),
    _cat("issuer_level", CATALOGUE_ISSUER_LEVELS, required=False),
    Column("issued", "date", required=False),
    Column("title_vi", "str", required=False),
    Column("title_en", "str", required=False),
    Column("period_start", "year", required=False),
    Column("horizon", "year", required=False),
    _cat("category", CATEGORIES),
    Column("implements", "str", required=False),
    *_FLAGS,
)
HEADLINE_TARGET_COLUMNS = (
    Column("target_key", "str"),
    Column("doc_key", "str", required=False),
    Column("province_code", "str"),
    Column("indicator_code", "str"),
    _cat("comparator", COMPARATORS, required=False),
    Column("value", "float", required=False),
    _cat("unit", TARGET_UNITS, required=False),
    Column("year", "year", required=False),
    _cat("scope", NATIONAL_SCOPES, required=False),
    *_FLAGS,
)
DTI_SCORES = ("score", "dg_score", "de_score", "ds_score", "awareness_score", "institution_score",
              "infrastructure_score", "human_resources_score", "security_score")
DTI_COLUMNS = (
    Column("province_code", "str"),
    Column("unit_name", "str", required=False),
    Column("year", "year"),
    _cat("scheme", SCHEMES),
    Column("score", "float", required=False),
    Column("rank", "int", required=False),
    Column("n_ranked", "int", required=False),
    *(Column(name, "float", required=False) for name in DTI_SCORES[1:]),
    Column("method_version", "str", required=False),
    *_FLAGS,
)
NATIONAL_TARGET_COLUMNS = (
    Column("indicator_code", "str"),
    Column("document", "str"),
    Column("year", "year"),
    _cat("comparator", COMPARATORS, required=False),
    Column("value", "float", required=False),
    _cat("unit", TARGET_UNITS, required=False),
    _cat("scope", NATIONAL_SCOPES, required=False),
    *_FLAGS,
)
CENTROID_COLUMNS = (
    Column("unit_code", "str"),
    _cat("scheme", SCHEMES),
    Column("name_vi", "str"),
    Column("latitude", "float"),
    Column("longitude", "float"),
    _cat("method", CENTROID_METHODS),
    *PROVENANCE,
    Column("note", "str", required=False),
)

# name -> (file under data/national/, columns, the columns that identify a row)
NATIONAL_TABLES = {
    "catalogue": ("catalogue.csv", CATALOGUE_COLUMNS, ("doc_key",)),
    "headline_targets": ("headline_targets.csv", HEADLINE_TARGET_COLUMNS, ("target_key",)),
    "dti": ("dti.csv", DTI_COLUMNS, None),
    "national_targets": ("national_targets.csv", NATIONAL_TARGET_COLUMNS, None),
    "centroids": ("centroids.csv", CENTROID_COLUMNS, ("scheme", "unit_code")),
}
