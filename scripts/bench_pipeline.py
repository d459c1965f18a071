"""Bench cases of issue 17: ``growth`` (time and memory per 1,000 report rows at small against the
bench's size) and ``pipeline`` (the shipped model's chain end to end at the bench's size, wall time and
peak memory per step and in total).

pipeline: city → address library → survey forms → join 2024, 2025 → ledger 2024, 2025 (one
GeoPackage) → assessment (blocks, 2025) → atlas of one district (blocks of 开发区 150571, the
``BENCH_ATLAS_LIMIT`` (default 40) with most problems: a large district has thousands of blocks) → work
orders (2024), each child with the model's parameters (scripts/build_model.py). Its steps run one after
the other in this process; the entry ``pipeline`` has the total wall time as ``seconds`` and, as its
baseline, the goal (180 s), so its ratio says how far the chain is from the goal; ``peak_rss_mb`` is
the peak of the whole chain (goal < 4,096 MB). At xlarge the city is not generated (the cached one is
used, its step is 0 s).
"""

from __future__ import annotations

import os
import shutil

import processing
from bench import OUT, RESULTS, SEED, entry, timed

GOAL_SECONDS = 180.0
GOAL_MB = 4096.0
FIELDS = {"ID_FIELD": "building_id", "COMPOUND_FIELD": "compound_name", "BUILDING_FIELD": "building_no",
          "UNITS_FIELD": "units"}


def _found(name, size, key):
    """The first entry of this run named ``name`` at ``size`` that has ``key``."""
    return next((r for r in RESULTS if r["name"] == name and r["size"] == size and key in r), None)


def growth(city, size):
    """Seconds and peak memory per 1,000 report rows of the join (both rounds) and per 1,000 problems
    of the ledger (round 2024), at small against ``size``; aim: ratio ≤ 1.3 (linear)."""
    import bench_cases
    from bench import ensure_city

    if size == "small":
        return []
    small_city = ensure_city("small")
    per = {}
    for s, folder in (("small", small_city), (size, city)):
        join = _found("joinreports", s, "rows") or (
            bench_cases.joinreports(folder, s)[0] if s == "small" or not _found("joinreports", s, "rows")
            else None)
        ledger = _found("buildledger", s, "problems") or bench_cases.buildledger(folder, s)[0]
        per[s] = {"join": (join["seconds"] * 1000.0 / join["rows"], join["rows"], join["peak_rss_mb"]),
                  "ledger": (ledger["seconds"] * 1000.0 / ledger["problems"], ledger["problems"],
                             ledger["peak_rss_mb"])}
    out = []
    for key, label, unit in (("join", "growth: join s per 1,000 rows", "rows"),
                             ("ledger", "growth: ledger s per 1,000 problems", "problems")):
        big, small = per[size][key], per["small"][key]
        out.append(entry(label, size, big[0], "the same at small ({:,} {})".format(small[1], unit), small[0],
                         aim=1.3, peak_rss_mb=big[2], **{unit: big[1], "small_" + unit: small[1],
                                                         "small_peak_rss_mb": small[2],
                                                         "peak_mb_per_1000_" + unit: round(
                                                             big[2] * 1000.0 / big[1], 2),
                                                         "small_peak_mb_per_1000_" + unit: round(
                                                             small[2] * 1000.0 / small[1], 2)}))
    return out


def _steps(city_size, folder, cached_city):
    """(name, function) of every step of the chain; outputs under ``folder``."""
    city = os.path.join(folder, "city") if cached_city is None else cached_city
    gpkg = os.path.join(city, "democity.gpkg")
    library = os.path.join(folder, "地址库.gpkg")
    ledger = os.path.join(folder, "体检台账.gpkg")
    assessment = os.path.join(folder, "体检评估.gpkg")

    def layer(name):
        return "{}|layername={}".format(gpkg, name)

    def make_city():
        if cached_city is None:
            processing.run("cityhealth:democity", {"SIZE": ["small", "large"].index(city_size), "SEED": SEED,
                                                   "OUTPUT_FOLDER": city})

    def make_library():
        processing.run("cityhealth:addresslibrary", dict(
            FIELDS, BUILDINGS=layer("buildings"), COMPOUNDS=layer("compounds"), GRIDS=layer("grids"),
            COMMUNITY_FIELD="community_code", GRID_FIELD="grid_code", COMPOUND_NAME_FIELD="compound_name",
            COMPOUND_ALIAS_FIELD="aliases", GRID_NAME_FIELD="grid_code", OUTPUT=library))

    def forms():
        processing.run("cityhealth:surveyforms", dict(
            FIELDS, LIBRARY=layer("buildings"), COMMUNITIES=layer("communities"), GRIDS=layer("grids"),
            GROUP_FIELD="grid_code", GRID_FIELD="grid_code", COMMUNITY_FIELD="community_code", ROWS=200,
            OUTPUT_FOLDER=os.path.join(folder, "调查表")))

    def join(year):
        return lambda: processing.run("cityhealth:joinreports", dict(
            FIELDS, LIBRARY=layer("buildings"), ALIASES="{}|layername=library_aliases".format(library),
            GRID_FIELD="grid_code", ROUND=year, REPORTS=os.path.join(city, "reports", str(year)),
            OUTPUT=os.path.join(folder, "匹配结果_{}.gpkg".format(year)),
            UNMATCHED=os.path.join(folder, "未匹配_{}.xlsx".format(year))))

    def build_ledger(year):
        return lambda: processing.run("cityhealth:buildledger", {
            "PROBLEMS": os.path.join(folder, "匹配结果_{}.gpkg".format(year)),
            "BUILDINGS": layer("buildings"),
            "COMPOUNDS": layer("compounds"), "BLOCKS": layer("blocks"), "COMMUNITIES": layer("communities"),
            "DISTRICTS": layer("districts"), "ROUND": year, "OUTPUT": ledger})

    def assess():
        processing.run("cityhealth:assess", {
            "LEDGER": ledger, "LEVEL": 3, "ROUND": 2025, "FACILITIES": layer("facilities"),
            "PARKS": layer("parks"), "ROADS": layer("roads"), "COMPOUNDS": layer("compounds"),
            "BUILDINGS": layer("buildings"), "OUTPUT": assessment,
            "REPORT": os.path.join(folder, "体检评估.xlsx")})

    def atlas():
        processing.run("cityhealth:atlas", {
            "LEDGER": ledger, "ASSESSMENT": assessment, "LEVEL": 0, "ROUND": 2025,
            "FILTER": "\"district_code\" = '150571'", "SORT": "-problems_total,name",
            "LIMIT": int(os.environ.get("BENCH_ATLAS_LIMIT", "40")), "SPLIT": 0, "TEMPLATE": "a3_landscape",
            "QUALITY": 0, "OUTPUT": os.path.join(folder, "图集", "街区图集_2025.pdf")})

    def workorders():
        processing.run("cityhealth:workorders", {"LEDGER": ledger, "ROUND": 2024,
                                                 "DISPATCH_DATE": "2024-10-08",
                                                 "OUTPUT": os.path.join(folder, "工单")})

    return [("city", make_city), ("library", make_library), ("forms", forms), ("join 2024", join(2024)),
            ("join 2025", join(2025)), ("ledger 2024", build_ledger(2024)),
            ("ledger 2025", build_ledger(2025)),
            ("assessment", assess), ("atlas of one district", atlas), ("work orders", workorders)]


def pipeline(city, size):
    """The chain end to end at ``size``: one entry per step and the entry ``pipeline`` (total)."""
    folder = os.path.join(OUT, "pipeline-{}".format(size))
    shutil.rmtree(folder, ignore_errors=True)
    os.makedirs(os.path.join(folder, "图集"))
    steps = _steps(size, folder, city if size == "xlarge" else None)
    out, total, peak = [], 0.0, 0.0
    for name, step in steps:
        print("bench: pipeline step {} …".format(name), flush=True)
        seconds, _ = timed(step, 1)
        from bench import LAST_PEAK_MB

        total += seconds
        peak = max(peak, LAST_PEAK_MB[0])
        out.append(entry("pipeline: " + name, size, seconds, "share of the goal (180 s)", GOAL_SECONDS))
        print("bench: pipeline step {}: {:.1f} s, peak {:.0f} MB".format(name, seconds, LAST_PEAK_MB[0]),
              flush=True)
    ledgers = [r["peak_rss_mb"] for r in out if r["name"].startswith("pipeline: ledger")]
    rounds = round(ledgers[1] / ledgers[0], 3) if len(ledgers) == 2 and ledgers[0] else None
    out.append(entry("pipeline", size, total, "goal: the whole chain in 180 s", GOAL_SECONDS, aim=1.0,
                     peak_rss_mb=peak, memory_goal_mb=GOAL_MB, memory_goal_met=peak < GOAL_MB,
                     ledger_round2_vs_round1_peak_mb=rounds))
    return out
