"""cityhealth:hotspots against PySAL esda on Columbus, and on hand-made points.

How the expected values were produced (once, outside the project; the test does not need esda):
``tests/fixtures/analysis/make_columbus.py`` run in a scratch venv (``pip install esda libpysal
geopandas``; esda 2.9.0, libpysal 4.14.1). It read the Columbus crime polygons (Anselin 1988, 49
neighbourhoods, shipped in the libpysal wheel), built libpysal's Queen contiguity, and computed
``esda.getisord.G_Local(CRIME, w, transform="B", star=True, permutations=0).Zs`` (Gi*, binary, self
included) and ``esda.moran.Moran_Local(CRIME, w, transformation="r", permutations=0)``: ``Is``, the
analytical z ``(Is − EI) / √VI`` and ``q``; p-values two-sided normal. It wrote
``columbus_esda.csv`` (POLYID, neighbour POLYIDs, CRIME, expected values) and ``columbus.geojson``
(the polygons). Here the polygons go through our own queen-contiguity builder.
"""

from __future__ import annotations

import csv
import math
import os

import pytest

from tests.processing.layers import write_layer

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
FIXTURES = os.path.join(ROOT, "tests", "fixtures", "analysis")


def make_feedback():
    """A QgsProcessingFeedback that keeps the infos and warnings."""
    from qgis.core import QgsProcessingFeedback

    class Feedback(QgsProcessingFeedback):
        def __init__(self):
            super().__init__()
            self.infos, self.warnings = [], []

        def pushInfo(self, text):  # noqa: N802
            self.infos.append(text)

        def pushWarning(self, text):  # noqa: N802
            self.warnings.append(text)

    return Feedback()


def expected_rows():
    with open(os.path.join(FIXTURES, "columbus_esda.csv"), encoding="utf-8") as handle:
        return {int(r["POLYID"]): r for r in csv.DictReader(handle)}


def columbus_layer(tmp_path):
    from qgis.core import QgsVectorLayer

    source = QgsVectorLayer(os.path.join(FIXTURES, "columbus.geojson"), "columbus", "ogr")
    assert source.isValid()
    rows = [(f.geometry(), {"编号": int(f["POLYID"]), "犯罪率": float(f["CRIME"])})
            for f in source.getFeatures()]
    from qgis.core import QgsWkbTypes

    return write_layer(str(tmp_path / "哥伦布.gpkg"), "街区", QgsWkbTypes.MultiPolygon,
                       {"编号": int, "犯罪率": float}, rows, True)


def run(params, feedback=None):
    import processing

    return processing.run("cityhealth:hotspots", params, feedback=feedback)


def features(result):
    from qgis.core import QgsVectorLayer

    layer = result["OUTPUT"]
    if isinstance(layer, str):
        layer = QgsVectorLayer(layer, "out", "ogr")
    return list(layer.getFeatures())


def test_columbus_queen_contiguity_agrees_with_esda(plugin, tmp_path):
    from qgis.core import QgsVectorLayer

    from cityhealth_plugin.processing.spatial_weights import queen_neighbours

    expected = expected_rows()
    uri = columbus_layer(tmp_path)
    layer = QgsVectorLayer(uri, "c", "ogr")
    feats = list(layer.getFeatures())
    ids = [f["编号"] for f in feats]
    built = queen_neighbours([f.geometry() for f in feats])
    for i, nb in enumerate(built):  # our GEOS queen contiguity = libpysal's Queen
        assert sorted(ids[j] for j in nb) == sorted(int(x) for x in expected[ids[i]]["neighbours"].split(";"))
    out = features(run({"INPUT": uri, "FIELD": "犯罪率", "NEIGHBOURS": 0, "FDR": True, "OUTPUT": "memory:"}))
    assert len(out) == 49
    for f in out:
        e = expected[f["编号"]]
        assert f["犯罪率"] == float(e["CRIME"])  # input attributes kept
        for name in ("gi_z", "lisa_z"):
            assert f[name] == pytest.approx(float(e[name]), abs=1e-6), (f["编号"], name)
        for name in ("gi_p", "lisa_i", "lisa_p"):
            assert f[name] == pytest.approx(float(e[name]), abs=1e-9), (f["编号"], name)
        assert f["lisa_q"] == int(e["lisa_q"])
        assert f["n_neighbours"] == len(e["neighbours"].split(";"))
    # the classes: Benjamini–Hochberg over esda's 49 two-sided p-values, worked out here step by step
    p = sorted(float(e["gi_p"]) for e in expected.values())
    for f in out:
        e = expected[f["编号"]]
        level = 0
        for cls, alpha in ((1, 0.10), (2, 0.05), (3, 0.01)):
            passed = [q for k, q in enumerate(p, 1) if q <= alpha * k / 49]
            if passed and float(e["gi_p"]) <= passed[-1]:
                level = cls
        assert f["gi_class"] == (level if float(e["gi_z"]) > 0 else -level), f["编号"]
    assert sum(1 for f in out if f["gi_class"]) >= 5

def test_points_geographic_crs_distance_band_duplicates_islands_and_nulls(plugin, tmp_path):
    from qgis.core import QgsGeometry, QgsPointXY, QgsWkbTypes

    # four points on a parallel 100 m apart (≈ 0.001236° of longitude at 43.6° N), values 1 3 5 7:
    # with a 150 m band they form the line of tests/core/test_spatial_stats.py; plus a point with no
    # value next to them and a far point (an island)
    dlon = 100.0 / (111320.0 * math.cos(math.radians(43.6)))
    rows = [(QgsGeometry.fromPointXY(QgsPointXY(122.25 + k * dlon, 43.6)),
             {"问题数": v, "名称": "点{}".format(k)}) for k, v in enumerate((1.0, 3.0, 5.0, 7.0))]
    rows.append((QgsGeometry.fromPointXY(QgsPointXY(122.25, 43.6)), {"问题数": None, "名称": "无值"}))
    rows.append((QgsGeometry.fromPointXY(QgsPointXY(122.35, 43.6)), {"问题数": 9.0, "名称": "孤立"}))
    uri = write_layer(str(tmp_path / "点.gpkg"), "问题点", QgsWkbTypes.Point, {"问题数": float, "名称": str},
                      rows, True, crs="EPSG:4326")
    feedback = make_feedback()
    out = features(run({"INPUT": uri, "FIELD": "问题数", "NEIGHBOURS": 1, "DISTANCE": 150.0, "FDR": False,
                        "OUTPUT": "memory:"}, feedback))
    by_name = {f["名称"]: f for f in out}
    assert len(out) == 6
    assert any("EPSG:32651" in t for t in feedback.infos)  # UTM zone 51 N
    assert any("1 features share their location" in t for t in feedback.infos)
    assert any(t.startswith("1 features have no value") for t in feedback.warnings)
    assert any(t.startswith("1 features have no neighbour") for t in feedback.warnings)
    assert by_name["无值"]["gi_z"] is None or str(by_name["无值"]["gi_z"]) == "NULL"
    assert not by_name["孤立"]["gi_z"] and by_name["孤立"]["n_neighbours"] == 0
    # the island counts in n = 5 (values 1 3 5 7 9): feature 点0 by hand
    mean, var = 5.0, (16 + 4 + 0 + 4 + 16) / 5
    z0 = (4 - 2 * mean) / (math.sqrt(var) * math.sqrt((5 * 2 - 4) / 4))
    assert by_name["点0"]["gi_z"] == pytest.approx(z0, abs=1e-9)
    assert by_name["点1"]["n_neighbours"] == 2 and by_name["点0"]["n_neighbours"] == 1


def test_k_nearest_duplicates_and_constant_field(plugin, tmp_path):
    from qgis.core import QgsGeometry, QgsPointXY, QgsWkbTypes

    from tests.processing.layers import X0, Y0

    points = [(0, 0), (0, 0), (0, 0), (100, 0), (200, 0), (300, 0)]
    rows = [(QgsGeometry.fromPointXY(QgsPointXY(X0 + x, Y0 + y)), {"值": float(k), "常数": 5.0})
            for k, (x, y) in enumerate(points)]
    uri = write_layer(str(tmp_path / "重复.gpkg"), "点", QgsWkbTypes.Point, {"值": float, "常数": float},
                      rows, True)
    out = features(run({"INPUT": uri, "FIELD": "值", "NEIGHBOURS": 2, "K": 2, "OUTPUT": "memory:"}))
    assert [f["n_neighbours"] for f in out] == [2] * 6
    assert all(isinstance(f["gi_z"], float) and not math.isnan(f["gi_z"]) for f in out)
    feedback = make_feedback()
    out = features(run({"INPUT": uri, "FIELD": "常数", "NEIGHBOURS": 2, "K": 2, "OUTPUT": "memory:"},
                       feedback))
    assert all(not f["gi_z"] and not f["lisa_z"] for f in out)
    assert any("same value everywhere" in t for t in feedback.warnings)


def test_queen_contiguity_on_points_is_refused(plugin, tmp_path):
    from qgis.core import QgsGeometry, QgsPointXY, QgsProcessingException, QgsWkbTypes

    rows = [(QgsGeometry.fromPointXY(QgsPointXY(k, 0)), {"值": 1.0}) for k in range(3)]
    uri = write_layer(str(tmp_path / "p.gpkg"), "p", QgsWkbTypes.Point, {"值": float}, rows, True)
    with pytest.raises(QgsProcessingException, match="Queen contiguity needs polygons"):
        run({"INPUT": uri, "FIELD": "值", "NEIGHBOURS": 0, "OUTPUT": "memory:"})


def test_k_nearest_equals_brute_force_with_duplicates_and_outliers(plugin):
    """The cell-grid kNN = the brute-force k nearest (ties by index), incl. far outliers (spatial index)."""
    import numpy as np

    from cityhealth_plugin.processing.spatial_weights import knn_neighbours

    rng = np.random.default_rng(7)
    xy = np.round(rng.uniform(0, 1000, size=(600, 2)), 0)  # rounding: duplicates and distance ties
    xy[:20] = xy[20]  # 21 points at one location
    xy[590:] = rng.uniform(50000, 50100, size=(10, 2))  # a far cluster: cells with few points
    xy[300] = np.nan  # no location
    got = knn_neighbours(xy, 8)
    for i in range(len(xy)):
        if i == 300:
            assert got[i] == []
            continue
        d2 = ((xy - xy[i]) ** 2).sum(axis=1)
        d2[i] = np.inf
        d2[300] = np.inf
        order = np.lexsort((np.arange(len(xy)), d2))[:8]
        assert got[i] == sorted(order.tolist()), i
