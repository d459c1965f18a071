"""cityhealth:problemgrid on a hand-made town: three 100 m cells, two blocks, complaints, two types.

Cells (square grid, 100 m, aligned on multiples of 100 m): A = [0,100]×[0,100], B = [100,200]×…,
C = [200,300]×… (metres from X0, Y0). Buildings (centroids): A 20 households, B 50, C 10.
Problems: A six 燃气 1 m apart; B one 屋面; C two 燃气 5 m apart. Complaints: A 3, B 0, C 1.
By hand: per_100hh A 6/20·100 = 30, B 1/50·100 = 2, C 2/10·100 = 20. Median (PERCENTILE 50) of
the three active cells: problems (1, 2, 6) → 2, complaints (0, 1, 3) → 1; double-high where
both exceed (>): A only (C has 2 problems, not > 2). Blocks 甲 = [0,150] (A + B) and 乙 = [150,300]
(C): 甲 7 problems, 70 households → 10 per 100, 3 complaints; 乙 2, 10 → 20, 1; medians of two
blocks (7, 2) → 4.5 and (3, 1) → 2: 甲 double-high. DBSCAN (EPS 10 m, MIN_SIZE 2): 燃气 forms two
clusters (6 in A, 2 in C); 屋面 (1 problem < MIN_SIZE) gets no density raster and no cluster.
"""

from __future__ import annotations

import os

import processing
import pytest

from tests.processing.layers import X0, Y0, rect, write_layer


def point(x, y):
    from qgis.core import QgsGeometry, QgsPointXY

    return QgsGeometry.fromPointXY(QgsPointXY(X0 + x, Y0 + y))


def layer_of(context, value):
    return value if not isinstance(value, str) else context.getMapLayer(value)


@pytest.fixture()
def town(plugin, tmp_path):
    from qgis.core import QgsWkbTypes

    path = str(tmp_path / "小镇.gpkg")
    problems = ([(point(50 + k, 50), {"category": "燃气", "问题": "燃气管老化"}) for k in range(6)]
                + [(point(140, 50), {"category": "屋面", "问题": "屋面漏水"})]
                + [(point(250, 50), {"category": "燃气", "问题": "燃气管老化"}),
                   (point(255, 50), {"category": "燃气", "问题": "燃气管老化"})])
    fields = {"category": str, "问题": str}
    layers = {"problems": write_layer(path, "问题", QgsWkbTypes.Point, fields, problems, True)}
    buildings = [(rect(10, 10, 40, 40), {"households": 20}), (rect(110, 10, 140, 40), {"households": 50}),
                 (rect(210, 10, 240, 40), {"households": 10})]
    layers["buildings"] = write_layer(path, "楼栋", QgsWkbTypes.Polygon, {"households": int}, buildings,
                                      False)
    blocks = [(rect(0, 0, 150, 100), {"block_id": "街区甲"}),
              (rect(150, 0, 300, 100), {"block_id": "街区乙"})]
    layers["blocks"] = write_layer(path, "街区", QgsWkbTypes.Polygon, {"block_id": str}, blocks, False)
    complaints = ([(point(60 + k, 60), {"诉求": "加装电梯"}) for k in range(3)]
                  + [(point(260, 60), {"诉求": "停车"})])
    layers["complaints"] = write_layer(path, "诉求", QgsWkbTypes.Point, {"诉求": str}, complaints, False)
    return layers, tmp_path


def test_counts_rates_double_high_density_and_clusters(town):
    from qgis.core import QgsProcessingContext, QgsProcessingFeedback

    layers, tmp_path = town
    folder = str(tmp_path / "核密度")
    context = QgsProcessingContext()
    result = processing.run("cityhealth:problemgrid", {
        "PROBLEMS": layers["problems"], "CATEGORY_FIELD": "category", "BUILDINGS": layers["buildings"],
        "HOUSEHOLDS_FIELD": "households", "ZONES": layers["blocks"], "ZONE_FIELD": "block_id",
        "COMPLAINTS": layers["complaints"], "PERCENTILE": 50, "GRID_TYPE": 0, "CELL_SIZE": 100,
        "RADIUS": 50, "PIXEL_SIZE": 10, "EPS": 10, "MIN_SIZE": 2, "OUTPUT": "memory:",
        "ZONES_OUTPUT": "memory:", "CLUSTERS": "memory:", "DENSITY_FOLDER": folder},
        context=context, feedback=QgsProcessingFeedback())
    cells = {}
    for f in layer_of(context, result["OUTPUT"]).getFeatures():
        c = f.geometry().centroid().asPoint()
        cells[(round(c.x() - X0), round(c.y() - Y0))] = f
    assert sorted(cells) == [(50, 50), (150, 50), (250, 50)]  # only the cells with something
    a, b, c = cells[(50, 50)], cells[(150, 50)], cells[(250, 50)]
    assert [a["problems_total"], b["problems_total"], c["problems_total"]] == [6, 1, 2]
    assert [a["cat_燃气"], a["cat_屋面"], b["cat_屋面"], c["cat_燃气"]] == [6, 0, 1, 2]
    assert [a["households"], b["households"], c["households"]] == [20, 50, 10]
    assert [a["per_100hh"], b["per_100hh"], c["per_100hh"]] == [30, 2, 20]
    assert [a["complaints"], b["complaints"], c["complaints"]] == [3, 0, 1]
    assert [a["double_high"], b["double_high"], c["double_high"]] == [1, 0, 0]
    zones = {f["block_id"]: f for f in layer_of(context, result["ZONES_OUTPUT"]).getFeatures()}
    keys = ("problems_total", "households", "per_100hh", "complaints", "double_high")
    assert [zones["街区甲"][k] for k in keys] == [7, 70, 10, 3, 1]
    assert [zones["街区乙"][k] for k in keys] == [2, 10, 20, 1, 0]
    clusters = list(layer_of(context, result["CLUSTERS"]).getFeatures())
    assert len(clusters) == 9  # every problem once
    gas = sorted(f["cluster_size"] for f in clusters if f["category"] == "燃气")
    assert gas == [2, 2, 6, 6, 6, 6, 6, 6]
    assert len({f["cluster_id"] for f in clusters if f["category"] == "燃气"}) == 2
    roof = [f for f in clusters if f["category"] == "屋面"]
    assert len(roof) == 1 and not roof[0]["cluster_id"]
    assert sorted(os.listdir(folder)) == ["核密度_燃气.tif"]


def test_without_complaints_double_high_is_null_and_hexagons(town):
    from qgis.core import QgsProcessingContext, QgsProcessingFeedback

    layers, tmp_path = town
    context = QgsProcessingContext()
    result = processing.run("cityhealth:problemgrid", {
        "PROBLEMS": layers["problems"], "GRID_TYPE": 1, "CELL_SIZE": 60, "MIN_SIZE": 5,
        "OUTPUT": "memory:", "CLUSTERS": "memory:", "DENSITY_FOLDER": str(tmp_path / "d")},
        context=context, feedback=QgsProcessingFeedback())
    cells = list(layer_of(context, result["OUTPUT"]).getFeatures())
    assert sum(f["problems_total"] for f in cells) == 9
    assert all(not f["double_high"] and not f["per_100hh"] for f in cells)
    assert all(len(f.geometry().asMultiPolygon()[0][0]) == 7 for f in cells)  # hexagons: 6 sides, closed
