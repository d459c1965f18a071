"""cityhealth:roadnetwork on a hand-drawn network.

Roads: 南街 (0,0)–(220,0), 北街 (0,110)–(220,110), 西路 x 0, 中路 x 110, 东路 x 220 (y 0–110) and a
stub 断头巷 (110,110)–(110,160). Nodes: (110,0) 南街 through + 中路 end = 3 (intersection);
(110,110) 北街 through + 中路 end + 断头巷 end = 4 (intersection); (110,160) = 1 (dead end); the four
corners are 2 (not listed).
Blocks 甲 (5–105 × 5–105) and 乙 (115–215 × 5–105), 100 m sides; 丙 (0–400 × 200–300), side 400 m >
300 (oversized). DISTANCE 10: the cell of 甲 is −5–115 × −5–115 (14 400 m²) holding 115 + 115 + 110 + 110
+ 5 = 455 m of road → ½ × 0.455 / 0.0144 = 15.80 km/km²; both intersections lie in it.
District 一区 (−10–230 × −10–170, 0.0432 km²) holds all 820 m of road: 18.98 km/km² ≥ 8, two
intersections (46.30 per km²), one dead end; 二区 (−10–410 × 190–310) none: 0 km/km², below 8.
"""

from __future__ import annotations

import pytest

from tests.processing.layers import X0, Y0, rect, write_layer


def ln(*pts):
    from qgis.core import QgsGeometry

    coords = ",".join("{} {}".format(X0 + x, Y0 + y) for x, y in pts)
    return QgsGeometry.fromWkt("LINESTRING({})".format(coords))


@pytest.fixture()
def town(plugin, tmp_path):
    from qgis.core import QgsWkbTypes

    path = str(tmp_path / "路网.gpkg")
    roads = [("南街", ((0, 0), (220, 0))), ("北街", ((0, 110), (220, 110))), ("西路", ((0, 0), (0, 110))),
             ("中路", ((110, 0), (110, 110))), ("东路", ((220, 0), (220, 110))),
             ("断头巷", ((110, 110), (110, 160)))]
    return {
        "roads": write_layer(path, "roads", QgsWkbTypes.LineString, {"road_name": str},
                             [(ln(*pts), {"road_name": name}) for name, pts in roads], True),
        "blocks": write_layer(path, "blocks", QgsWkbTypes.Polygon, {"block_id": str}, [
            (rect(5, 5, 105, 105), {"block_id": "甲"}), (rect(115, 5, 215, 105), {"block_id": "乙"}),
            (rect(0, 200, 400, 300), {"block_id": "丙"})], False),
        "districts": write_layer(path, "districts", QgsWkbTypes.Polygon, {"district_code": str}, [
            (rect(-10, -10, 230, 170), {"district_code": "一区"}),
            (rect(-10, 190, 410, 310), {"district_code": "二区"})], False)}


def test_roadnetwork_nodes_blocks_and_districts(town, tmp_path):
    import processing
    from qgis.core import QgsVectorLayer

    result = processing.run("cityhealth:roadnetwork", {
        "ROADS": town["roads"], "BLOCKS": town["blocks"], "DISTRICTS": town["districts"], "DISTANCE": 10,
        "BLOCKS_OUTPUT": str(tmp_path / "街区路网.gpkg"), "DISTRICTS_OUTPUT": str(tmp_path / "区路网.gpkg"),
        "NODES": str(tmp_path / "节点.gpkg")})
    nodes = sorted((round(f.geometry().asPoint().x() - X0, 3), round(f.geometry().asPoint().y() - Y0, 3),
                    f["degree"], f["kind"])
                   for f in QgsVectorLayer(result["NODES"], "n", "ogr").getFeatures())
    assert nodes == [(110.0, 0.0, 3, "intersection"), (110.0, 110.0, 4, "intersection"),
                     (110.0, 160.0, 1, "dead_end")]
    blocks = {f["block_id"]: f for f in QgsVectorLayer(result["BLOCKS_OUTPUT"], "b", "ogr").getFeatures()}
    keys = ("district_code", "area_m2", "side_m", "road_density", "intersections", "dead_ends", "oversized")
    assert [blocks["甲"][k] for k in keys] == ["一区", 10000.0, 100.0, 15.8, 2, 0, 0]
    assert [blocks["乙"][k] for k in keys] == ["一区", 10000.0, 100.0, 15.8, 2, 0, 0]
    assert [blocks["丙"][k] for k in keys] == ["二区", 40000.0, 400.0, 0.0, 0, 0, 1]
    assert blocks["丙"]["short_side_m"] == 100.0
    layer = QgsVectorLayer(result["DISTRICTS_OUTPUT"], "d", "ogr")
    dist = {f["district_code"]: f for f in layer.getFeatures()}
    keys = ("road_km", "road_density", "density_ok", "intersections", "intersection_density", "dead_ends",
            "blocks", "mean_side_m", "oversized")
    assert [dist["一区"][k] for k in keys] == [0.82, 18.98, 1, 2, 46.3, 1, 2, 100.0, 0]
    assert [dist["二区"][k] for k in keys] == [0.0, 0.0, 0, 0, 0.0, 0, 1, 400.0, 1]
