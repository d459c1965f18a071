"""Names shared across the plugin: layers, fields and codes of the demo city, library and ledger.

This module is the single source of truth for the data model. Every algorithm, test and
generator refers to these constants rather than spelling field names again.

Spatial hierarchy (domain.md): district 区 → street 街道 → community 社区 → grid 网格, and
block 街区 → compound 小区 → building 楼栋 → unit 单元. A scattered building (散楼) has no compound:
its ``compound_id`` is NULL and its ``compound_name`` holds the door address residents use for it
(e.g. ``和平路45号``), which is how grid workers name it in reports.
"""

from __future__ import annotations

#: CGCS2000 / 3-degree Gauss-Kruger CM 123E: the projected CRS for Tongliao (122.2°E).
DEMO_CRS = "EPSG:4550"

# --- layer names inside the demo city GeoPackage -------------------------------------------
LAYER_DISTRICTS = "districts"
LAYER_STREETS = "streets"
LAYER_COMMUNITIES = "communities"
LAYER_GRIDS = "grids"
LAYER_ROADS = "roads"
LAYER_BLOCKS = "blocks"
LAYER_COMPOUNDS = "compounds"
LAYER_BUILDINGS = "buildings"
LAYER_FACILITIES = "facilities"
LAYER_PARKS = "parks"
LAYER_VACANT_LAND = "vacant_land"  # vacant or under-used plots (闲置 / 低效用地), issue 14

DEMO_LAYERS = (
    LAYER_DISTRICTS, LAYER_STREETS, LAYER_COMMUNITIES, LAYER_GRIDS, LAYER_ROADS, LAYER_BLOCKS,
    LAYER_COMPOUNDS, LAYER_BUILDINGS, LAYER_FACILITIES, LAYER_PARKS, LAYER_VACANT_LAND,
)

# --- fields (name: type) per demo layer. Types: str, int, float ------------------------------
DISTRICT_FIELDS = {"district_code": str, "district_name": str}
STREET_FIELDS = {"street_code": str, "street_name": str, "district_code": str}
COMMUNITY_FIELDS = {
    "community_code": str, "community_name": str, "street_code": str, "district_code": str,
}
GRID_FIELDS = {"grid_code": str, "grid_name": str, "community_code": str}
ROAD_FIELDS = {
    "road_id": str, "road_name": str,
    "road_class": str,  # arterial | secondary | branch | alley
    "width_m": float, "sidewalk_m": float, "one_way": int,
}
BLOCK_FIELDS = {"block_id": str, "block_name": str, "district_code": str}
COMPOUND_FIELDS = {
    "compound_id": str, "compound_name": str,
    "aliases": str,  # other names in use, separated by "|"
    "build_year": int,
    "has_property": int,  # 1 = professional property management, 0 = none
    "compound_type": str,  # 商品房 | 单位房 | 回迁房 | 老旧小区
    "renovation": str,  # 老旧小区改造情况: 已改造 | 未改造 | 纳入计划
    "households": int, "residents": int, "community_code": str,
}
BUILDING_FIELDS = {
    "building_id": str,  # stable key, e.g. "BLD-000123"
    "compound_id": str,  # NULL for a scattered building (散楼)
    "compound_name": str,  # compound name, or the door address of a scattered building
    "building_no": str,  # canonical building number: ASCII digits without leading zeros, or letters
    "units": int, "storeys": int, "households": int, "residents": int, "residents_60": int,
    "build_year": int, "has_lift": int, "is_scattered": int,
    "community_code": str, "grid_code": str, "block_id": str,
    "address": str,  # standard address: 区 + 街道 + 社区 + 小区 + 楼号
}
FACILITY_FIELDS = {
    "facility_id": str, "facility_type": str, "facility_name": str,
    "capacity": int,  # parking spaces, school places, beds, chargers … (0 when not applicable)
    "area_m2": float, "community_code": str,
}
PARK_FIELDS = {"park_id": str, "park_name": str, "park_class": str, "area_m2": float}
VACANT_LAND_FIELDS = {"site_id": str, "site_name": str, "land_use": str,  # 闲置地 | 低效用地
                      "area_m2": float}

FACILITY_TYPES = (
    "kindergarten", "nursery", "elderly_care", "health_station", "supermarket", "fresh_market",
    "primary_school", "middle_school", "cultural_centre", "sports_ground", "park_entrance",
    "parking_lot", "ebike_charging", "community_service",
)

DEMO_FIELDS = {
    LAYER_DISTRICTS: DISTRICT_FIELDS, LAYER_STREETS: STREET_FIELDS,
    LAYER_COMMUNITIES: COMMUNITY_FIELDS, LAYER_GRIDS: GRID_FIELDS, LAYER_ROADS: ROAD_FIELDS,
    LAYER_BLOCKS: BLOCK_FIELDS, LAYER_COMPOUNDS: COMPOUND_FIELDS,
    LAYER_BUILDINGS: BUILDING_FIELDS, LAYER_FACILITIES: FACILITY_FIELDS, LAYER_PARKS: PARK_FIELDS,
    LAYER_VACANT_LAND: VACANT_LAND_FIELDS,
}

# --- matched reports (output of cityhealth:joinreports) --------------------------------------
#: Fields every joined report row carries, matched or not, in this order.
REPORT_FIELDS = {
    "report_uid": str,  # "<source_file>|<source_sheet>|<source_row>"
    "source_file": str, "source_sheet": str, "source_row": int,
    "round": int,  # survey round (year), e.g. 2024
    "district": str, "street": str, "community": str, "grid": str,
    "compound": str, "building": str, "unit": str, "room": str,  # as parsed and normalised
    "raw_address": str,  # the address cells as written, joined with " / "
    "problem": str, "problem_code": str, "category": str, "indicator_code": str,
    "severity": str, "description": str,
    "photo": str,  # as written in the report (several names separated by ";" "," or "、")
    "photo_paths": str,  # resolved absolute paths of the photos that exist, ";"-separated
    "photo_missing": str,  # photo names that were not found or were refused, ";"-separated
    "reporter": str, "phone": str,  # phone always masked, e.g. 138****5678
    "report_date": str,  # ISO date
    "status": str,  # 未整改 | 整改中 | 已整改 (empty when not reported)
    "x": float, "y": float,  # reported coordinates when present
}
MATCH_FIELDS = {
    "building_id": str, "match_method": str,  # exact | alias | fuzzy | point | nearest | manual
    "match_score": float,
    # --- the join → ledger contract (what joinreports decided; buildledger trusts it) ----------
    "match_level": str,  # building | compound (a compound-level problem: building_id NULL)
    "compound_id": str,  # the library's compound_id of the building / of the compound's buildings
}
#: Values of ``match_level``.
MATCH_LEVELS = ("building", "compound")
UNMATCHED_FIELDS = {
    "reason": str,  # one of UNMATCHED_REASONS
    "candidates": str,  # "BLD-000001:0.82;BLD-000007:0.80"
}
UNMATCHED_REASONS = ("no_compound", "no_building", "no_unit", "ambiguous", "empty_address",
                     "no_location")

STATUS_OPEN = "未整改"
STATUS_IN_PROGRESS = "整改中"
STATUS_RESOLVED = "已整改"
STATUSES = (STATUS_OPEN, STATUS_IN_PROGRESS, STATUS_RESOLVED)
SEVERITIES = ("一般", "较重", "严重")  # ordered from mild to worst

# --- spatial ledger GeoPackage (cityhealth:buildledger) --------------------------------------
LAYER_PROBLEMS = "problems"
LAYER_PHOTOS = "photos"
LEDGER_LEVELS = ("building", "compound", "community", "block", "district")
LAYER_RUNS = "ledger_runs"


def ledger_layer(level: str) -> str:
    """Name of the ledger layer of ``level`` (one of :data:`LEDGER_LEVELS`)."""
    if level not in LEDGER_LEVELS:
        raise ValueError(level)
    return "ledger_" + level


# --- review of unmatched reports (review workbook, review dialog) ----------------------------
#: Fields the unmatched table carries after ``UNMATCHED_FIELDS``: the reason in Chinese with a hint
#: (core/review.py REASONS) and the candidates by name, best first ("天福家园 3号楼 (0.82)；…").
UNMATCHED_REVIEW_FIELDS = {"reason_cn": str, "candidate_names": str}
# --- closed loop (cityhealth:workorders / importstatus / comparerounds / remediationstats) ----
#: Append-only history of every status change, in the ledger GeoPackage.
LAYER_PROBLEM_HISTORY = "problem_history"
PROBLEM_HISTORY_FIELDS = (
    "problem_uid", "round", "from_status", "to_status", "changed_date", "changed_by", "department",
    "event", "deadline", "note", "source_file", "source_sheet", "source_row", "imported_at",
)
#: Round-over-round labels per problem, and their counts per building / compound / block.
LAYER_ROUND_COMPARISON = "round_comparison"
ROUND_COMPARISON_FIELDS = {"round_from": int, "round_to": int, "problem_uid": str, "round": int,
                           "label": str, "label_cn": str, "partner_uid": str, "identity": str}
LAYER_ROUND_COMPARISON_COUNTS = "round_comparison_counts"
ROUND_COMPARISON_COUNT_FIELDS = {"round_from": int, "round_to": int, "level": str, "unit_id": str,
                                 "new": int, "persisting": int, "resolved": int, "recurred": int}
# --- who reported a problem (issue 14: residents' voice) -------------------------------------
#: ``source`` of a problem record and of the ledger's problems: ``report`` for rows of grid / property
#: reports (cityhealth:joinreports), ``citizen`` for residents' complaints (cityhealth:residentvoice's
#: complaint points, 市民反映). The ledger counts the citizen ones per unit in ``problems_citizen``.
SOURCE_REPORT = "report"
SOURCE_CITIZEN = "citizen"
PROBLEM_SOURCES = (SOURCE_REPORT, SOURCE_CITIZEN)
#: Spellings of a row's ``source`` read as citizen-reported (any other value, or none, is a report).
CITIZEN_SOURCE_SPELLINGS = ("citizen", "市民", "居民", "市民反映", "居民投诉")
