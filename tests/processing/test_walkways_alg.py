"""cityhealth:walkways on a hand-drawn block: stretches flagged by width and by reports, per-unit metres.

Block 街区甲 (0–100 × 0–100), compound 天福家园 (0–100 × 2–50), DISTANCE 10.
Roads: 幸福路 y = −5, x 0–100, walkway 3.0 m (fine); 建国路 x = 105, y 0–100, 1.5 m (narrow);
胜利街 y = 300, 0 m (none, far from both); 无名路 y = 500, width NULL (unknown, not flagged).
Reports of 2025 near 幸福路 (REACH 20 along the road): WALK-01 at x 50 → broken 30–70; WALK-04 at x 60 →
unlit 40–80; BLOCK-02 at x 5 → obstructed 0–25. Ignored: a gas report, a 2024 report, one 200 m away.
Block: walkway 100 + 100 = 200 m; narrow 100, broken 40, unlit 40, obstructed 25; the union on 幸福路 is
0–25 + 30–80 = 75 m, so 175 m substandard (0.175 km, 87.5 %).
Compound: 幸福路 is 7 m away (100 m in reach); 建国路 5 m away, in reach from y 0 to 50 + √75 = 58.66 m;
substandard 75 + 58.66 = 133.66 of 158.66 m.
"""

from __future__ import annotations

import csv
import math

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

    path = str(tmp_path / "步行道.gpkg")
    layers = {"gpkg": path}
    layers["blocks"] = write_layer(path, "blocks", QgsWkbTypes.Polygon, {"block_id": str},
                                   [(rect(0, 0, 100, 100), {"block_id": "街区甲"})], True)
    layers["compounds"] = write_layer(path, "compounds", QgsWkbTypes.Polygon, {"compound_id": str},
                                      [(rect(0, 2, 100, 50), {"compound_id": "天福家园"})], False)
    spec = {"road_id": str, "road_name": str, "road_class": str, "sidewalk_m": float}
    layers["roads"] = write_layer(path, "roads", QgsWkbTypes.LineString, spec, [
        (ln((0, -5), (100, -5)), {"road_id": "R1", "road_name": "幸福路", "road_class": "branch",
                                  "sidewalk_m": 3.0}),
        (ln((105, 0), (105, 100)), {"road_id": "R2", "road_name": "建国路", "sidewalk_m": 1.5}),
        (ln((0, 300), (100, 300)), {"road_id": "R3", "road_name": "胜利街", "sidewalk_m": 0.0}),
        (ln((0, 500), (100, 500)), {"road_id": "R4", "road_name": "无名路"})], False)
    spec = {"problem_uid": str, "problem_code": str, "round": int}
    write_layer(path, "problems", QgsWkbTypes.Point, spec, [
        (pt(50, -8), {"problem_uid": "p1", "problem_code": "WALK-01", "round": 2025}),
        (pt(60, -4), {"problem_uid": "p2", "problem_code": "WALK-04", "round": 2025}),
        (pt(5, -6), {"problem_uid": "p3", "problem_code": "BLOCK-02", "round": 2025}),
        (pt(70, -7), {"problem_uid": "p4", "problem_code": "GAS-01", "round": 2025}),
        (pt(50, -9), {"problem_uid": "p5", "problem_code": "WALK-01", "round": 2024}),
        (pt(50, 200), {"problem_uid": "p6", "problem_code": "WALK-01", "round": 2025})], False)
    return layers


def test_walkways_flags_stretches_and_sums_per_unit(town, tmp_path):
    import processing
    from qgis.core import QgsVectorLayer

    result = processing.run("cityhealth:walkways", {
        "ROADS": town["roads"], "BLOCKS": town["blocks"], "COMPOUNDS": town["compounds"], "DISTANCE": 10,
        "LEDGER": town["gpkg"], "ROUND": 2025, "REPORT_DISTANCE": 20, "REACH": 20,
        "SEGMENTS": str(tmp_path / "不达标步行道.gpkg"), "BLOCKS_OUTPUT": str(tmp_path / "街区.gpkg"),
        "COMPOUNDS_OUTPUT": str(tmp_path / "小区.gpkg"), "STATS": str(tmp_path / "IND-COMM-019.csv")})
    segs = {(f["road_name"], f["reason"]): (f["length_m"], f["reports"], f["reason_cn"])
            for f in QgsVectorLayer(result["SEGMENTS"], "s", "ogr").getFeatures()}
    assert segs == {("幸福路", "broken"): (40.0, 1, "路面破损"), ("幸福路", "unlit"): (40.0, 1, "照明不足"),
                    ("幸福路", "obstructed"): (25.0, 1, "步道被占用"),
                    ("建国路", "narrow"): (100.0, 0, "人行道过窄"),
                    ("胜利街", "none"): (100.0, 0, "无人行道")}
    block = next(QgsVectorLayer(result["BLOCKS_OUTPUT"], "b", "ogr").getFeatures())
    keys = ("narrow_m", "broken_m", "unlit_m", "obstructed_m", "none_m", "substandard_m", "walkway_m")
    assert [block[k] for k in keys] == [100.0, 40.0, 40.0, 25.0, 0.0, 175.0, 200.0]
    assert (block["substandard_km"], block["share"]) == (0.175, 0.875)
    comp = next(QgsVectorLayer(result["COMPOUNDS_OUTPUT"], "c", "ogr").getFeatures())
    side = 50 + math.sqrt(75)
    assert comp["compound_id"] == "天福家园"
    assert comp["narrow_m"] == pytest.approx(side, abs=0.1)
    assert comp["substandard_m"] == pytest.approx(75 + side, abs=0.1)
    assert comp["walkway_m"] == pytest.approx(100 + side, abs=0.1)
    assert comp["share"] == pytest.approx((75 + side) / (100 + side), abs=1e-3)
    with open(result["STATS"], encoding="utf-8-sig") as handle:
        rows = list(csv.reader(handle))
    assert rows == [["unit_id", "indicator_code", "value"], ["天福家园", "IND-COMM-019", "0.134"],
                    ["街区甲", "IND-COMM-019", "0.175"]]


def test_walkways_bad_code_table_is_a_clear_message(town, tmp_path):
    import processing
    from qgis.core import QgsProcessingException

    with pytest.raises(QgsProcessingException, match="WALK-01=wobbly"):
        processing.run("cityhealth:walkways", {"ROADS": town["roads"], "BLOCKS": town["blocks"],
                                               "CODES": "WALK-01=wobbly", "SEGMENTS": "memory:",
                                               "BLOCKS_OUTPUT": "memory:"})
