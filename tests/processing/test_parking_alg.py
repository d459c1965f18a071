"""cityhealth:parking on a hand-drawn town: every bay counted once, numbers worked out by hand.

Blocks 甲 (0–200 × 0–100) and 乙 (220–320). Compounds: 天福家园 (10–90, 100 households → 50 cars),
金德小区 (110–190, 30 registered vehicles, 80 households), 南苑 (230–310, 41 households → 21 cars).
Lots: 20 bays inside 天福家园, 25 inside 南苑; public P1 (100, 50) 40 bays, reach 天福家园 + 金德小区
(RADIUS 100); public P2 (150, 180) 100 bays, reach 金德小区 only; P3 far away, 9 bays; a kindergarten
(not a lot). Road 幸福路 (y = −5, x 0–100) has 7 legal bays, reach 天福家园 + 金德小区.
Order: lots by id, then roads. P1: needs 30 / 30 → 20 + 20. P2: 金德小区 needs 10 → 10 (90 spare).
P3: 9 spare. 幸福路: 天福家园 needs 10, 金德小区 0 → 7.
天福家园 47 bays, gap 3 (6 %); 金德小区 30, gap 0; 南苑 25, gap −4 (surplus), shortfall 0.
"""

from __future__ import annotations

import csv
import os

import pytest

from tests.processing.layers import X0, Y0, rect, write_layer


def pt(x, y):
    from qgis.core import QgsGeometry, QgsPointXY

    return QgsGeometry.fromPointXY(QgsPointXY(X0 + x, Y0 + y))


def ln(*pts):
    from qgis.core import QgsGeometry

    coords = ",".join("{} {}".format(X0 + x, Y0 + y) for x, y in pts)
    return QgsGeometry.fromWkt("LINESTRING({})".format(coords))


@pytest.fixture()
def town(plugin, tmp_path):
    from qgis.core import QgsWkbTypes

    path = str(tmp_path / "示例城区.gpkg")
    layers = {}
    layers["blocks"] = write_layer(path, "blocks", QgsWkbTypes.Polygon, {"block_id": str},
                                   [(rect(0, 0, 200, 100), {"block_id": "街区甲"}),
                                    (rect(220, 0, 320, 100), {"block_id": "街区乙"})], True)
    layers["compounds"] = write_layer(
        path, "compounds", QgsWkbTypes.Polygon,
        {"compound_id": str, "compound_name": str, "households": int, "vehicles": int},
        [(rect(10, 10, 90, 90), {"compound_id": "C1", "compound_name": "天福家园", "households": 100}),
         (rect(110, 10, 190, 90), {"compound_id": "C2", "compound_name": "金德小区", "households": 80,
                                   "vehicles": 30}),
         (rect(230, 10, 310, 90), {"compound_id": "C3", "compound_name": "南苑", "households": 41})], False)
    spec = {"facility_id": str, "facility_type": str, "capacity": int}
    layers["facilities"] = write_layer(path, "facilities", QgsWkbTypes.Point, spec, [
        (pt(50, 50), {"facility_id": "F1", "facility_type": "parking_lot", "capacity": 20}),
        (pt(270, 50), {"facility_id": "F2", "facility_type": "parking_lot", "capacity": 25}),
        (pt(100, 50), {"facility_id": "P1", "facility_type": "parking_lot", "capacity": 40}),
        (pt(150, 180), {"facility_id": "P2", "facility_type": "parking_lot", "capacity": 100}),
        (pt(1000, 1000), {"facility_id": "P3", "facility_type": "parking_lot", "capacity": 9}),
        (pt(60, 60), {"facility_id": "K1", "facility_type": "kindergarten", "capacity": 50})], False)
    layers["roads"] = write_layer(path, "roads", QgsWkbTypes.LineString,
                                  {"road_id": str, "road_name": str, "road_class": str, "bays": int}, [
        (ln((0, -5), (100, -5)), {"road_id": "R1", "road_name": "幸福路", "road_class": "branch", "bays": 7}),
        (ln((210, -50), (210, 150)), {"road_id": "R2", "road_name": "建国街", "road_class": "secondary"})],
        False)
    spec = {"problem_uid": str, "category": str, "round": int}
    layers["problems"] = write_layer(path, "problems", QgsWkbTypes.Point, spec, [
        (pt(100, -10), {"problem_uid": "p1", "category": "PARKING", "round": 2025}),
        (pt(50, -2), {"problem_uid": "p2", "category": "PARKING", "round": 2025}),
        (pt(205, 50), {"problem_uid": "p3", "category": "PARKING", "round": 2025}),
        (pt(100, -8), {"problem_uid": "p4", "category": "PARKING", "round": 2024}),  # other round
        (pt(60, -6), {"problem_uid": "p5", "category": "WALK", "round": 2025}),  # not parking
        (pt(600, 600), {"problem_uid": "p6", "category": "PARKING", "round": 2025})], False)  # far
    return layers


def table(path):
    from qgis.core import QgsVectorLayer

    layer = QgsVectorLayer(path, "t", "ogr")
    assert layer.isValid(), path
    return {f.attributes()[1]: f for f in layer.getFeatures()}


def test_parking_supply_demand_and_reported_roads(town, tmp_path):
    import processing

    out = tmp_path / "停车"
    result = processing.run("cityhealth:parking", {
        "COMPOUNDS": town["compounds"], "VEHICLES_FIELD": "vehicles", "BLOCKS": town["blocks"],
        "FACILITIES": town["facilities"], "ROADS": town["roads"], "STREET_BAYS_FIELD": "bays",
        "RADIUS": 100, "LEDGER": town["problems"].split("|")[0], "ROUND": 2025,
        "REPORT_DISTANCE": 20, "MIN_REPORTS": 2,
        "OUTPUT": str(out) + "_小区.gpkg", "BLOCKS_OUTPUT": str(out) + "_街区.gpkg",
        "ROADS_OUTPUT": str(out) + "_道路.gpkg", "STATS": str(out) + "_IND-COMM-015.csv"})
    from qgis.core import QgsVectorLayer

    comp = {f["compound_name"]: f for f in QgsVectorLayer(result["OUTPUT"], "c", "ogr").getFeatures()}
    keys = ("block_id", "demand_source", "demand", "bays_inside", "bays_public", "bays_street", "supply",
            "gap",
            "shortfall")
    assert [comp["天福家园"][k] for k in keys] == ["街区甲", "households", 50, 20, 20, 7, 47, 3, 3]
    assert [comp["金德小区"][k] for k in keys] == ["街区甲", "vehicles", 30, 0, 30, 0, 30, 0, 0]
    assert [comp["南苑"][k] for k in keys] == ["街区乙", "households", 21, 25, 0, 0, 25, -4, 0]
    assert comp["天福家园"]["gap_ratio"] == pytest.approx(0.06)
    assert comp["南苑"]["gap_ratio"] == pytest.approx(-0.1905)
    blocks = {f["block_id"]: f for f in QgsVectorLayer(result["BLOCKS_OUTPUT"], "b", "ogr").getFeatures()}
    keys = ("compounds", "demand", "supply", "gap", "shortfall")
    assert [blocks["街区甲"][k] for k in keys] == [2, 80, 77, 3, 3]
    assert [blocks["街区乙"][k] for k in keys] == [1, 21, 25, -4, 0]
    roads = {f["road_name"]: f for f in QgsVectorLayer(result["ROADS_OUTPUT"], "r", "ogr").getFeatures()}
    keys = ("street_bays", "street_bays_given", "reports", "flagged")
    assert [roads["幸福路"][k] for k in keys] == [7, 7, 2, 1]
    assert [roads["建国街"][k] for k in ("street_bays_given", "reports", "flagged")] == [0, 1, 0]
    with open(result["STATS"], encoding="utf-8-sig") as handle:
        rows = list(csv.reader(handle))
    assert rows == [["unit_id", "indicator_code", "value"], ["C1", "IND-COMM-015", "3"],
                    ["C2", "IND-COMM-015", "0"], ["C3", "IND-COMM-015", "0"],
                    ["街区乙", "IND-COMM-015", "0"], ["街区甲", "IND-COMM-015", "3"]]  # sorted by code point
    assert os.path.exists(result["STATS"])


def test_parking_stats_feed_assess(town, tmp_path):
    """The STATS table is a statistics table that cityhealth:assess's reader accepts."""
    import processing

    from cityhealth_plugin.core.indicators.stats import read_stats

    result = processing.run("cityhealth:parking", {
        "COMPOUNDS": town["compounds"], "BLOCKS": town["blocks"], "FACILITIES": town["facilities"],
        "RATE": 1.0, "OUTPUT": "memory:", "BLOCKS_OUTPUT": "memory:", "STATS": str(tmp_path / "统计.csv")})
    values, issues = read_stats(result["STATS"], 2025)
    # RATE 1, RADIUS 300 (everything in reach): 天福家园 100 − 20 own = 80 need, 金德小区 80 need (no
    # vehicles field given), 南苑 41 − 25 = 16 need; P1 40: 20:20:4 of (80, 80, 16) → 18.18/18.18/3.64 →
    # 18+18+3 = 39, +1 to the largest remainder (南苑 .64) → 18, 18, 4; P2 100 of (62, 62, 12) = 136:
    # 45.6, 45.6, 8.8 → 45, 45, 8 (+1 to 南苑 .8, +1 to C1 .59 by id) → 46, 45, 9; P3 is > 300 m from all
    assert not issues
    assert values[("C1", "IND-COMM-015")] == 100 - 20 - 18 - 46 == 16
    assert values[("C2", "IND-COMM-015")] == 80 - 18 - 45 == 17
    assert values[("C3", "IND-COMM-015")] == 41 - 25 - 4 - 9 == 3
    assert values[("街区甲", "IND-COMM-015")] == 33
