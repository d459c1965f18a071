"""cityhealth:blocksfromroads on a hand-drawn network.

Roads (width 10 m): 南街 y 0 and 北街 y 110 (x 0–220), 西路 x 0, 中路 x 110, 东路 x 220 (y 0–110), a dead end
断头巷 (110,110)–(110,160), and 斜路 (200,0)–(220,10) without a width. Faces: 西 (0–110 square),
东 (110–220 square minus the triangle below 斜路) and that triangle (100 m²).
After the 5 m corridors: 西 = 5–105 × 5–105 = 10 000 m²; 东 = 115–215 × 5–105 minus the part below
y = (x − 200) / 2, i.e. ∫₂₁₀²¹⁵ ((x − 200)/2 − 5) dx = 6.25 m² → 9 993.75 m²; the triangle keeps just
that 6.25 m² and is a sliver (< 500 m²). Districts 一区 (x < 120) and 二区 (x > 120).
"""

from __future__ import annotations

import pytest

from tests.processing.layers import X0, Y0, rect, write_layer


def ln(*pts):
    from qgis.core import QgsGeometry

    coords = ",".join("{} {}".format(X0 + x, Y0 + y) for x, y in pts)
    return QgsGeometry.fromWkt("LINESTRING({})".format(coords))


def test_blocks_from_roads(plugin, tmp_path):
    import processing
    from qgis.core import QgsVectorLayer, QgsWkbTypes

    path = str(tmp_path / "路网.gpkg")
    roads = [("南街", ((0, 0), (220, 0)), 10.0), ("北街", ((0, 110), (220, 110)), 10.0),
             ("西路", ((0, 0), (0, 110)), 10.0), ("中路", ((110, 0), (110, 110)), 10.0),
             ("东路", ((220, 0), (220, 110)), 10.0), ("断头巷", ((110, 110), (110, 160)), 10.0),
             ("斜路", ((200, 0), (220, 10)), None)]
    src = write_layer(path, "roads", QgsWkbTypes.LineString, {"road_name": str, "width_m": float},
                      [(ln(*pts), {"road_name": n, "width_m": w}) for n, pts, w in roads], True)
    districts = write_layer(path, "districts", QgsWkbTypes.Polygon, {"district_code": str}, [
        (rect(-10, -10, 120, 170), {"district_code": "一区"}),
        (rect(120, -10, 240, 170), {"district_code": "二区"})], False)
    result = processing.run("cityhealth:blocksfromroads", {
        "ROADS": src, "DISTRICTS": districts, "MIN_AREA": 500, "OUTPUT": str(tmp_path / "街区.gpkg")})
    blocks = [(f["block_id"], f["district_code"], f["area_m2"], f["perimeter_m"])
              for f in QgsVectorLayer(result["OUTPUT"], "b", "ogr").getFeatures()]
    assert [b[:2] for b in blocks] == [("BLK-R0001", "一区"), ("BLK-R0002", "二区")]
    assert blocks[0][2:] == (10000.0, 400.0)
    assert blocks[1][2] == pytest.approx(10000 - 6.25, abs=0.05)
    # perimeter of 东: 400 − 5 − 2.5 (the corner cut) + √(5² + 2.5²) = 398.09
    assert blocks[1][3] == pytest.approx(400 - 7.5 + (5 ** 2 + 2.5 ** 2) ** 0.5, abs=0.05)
