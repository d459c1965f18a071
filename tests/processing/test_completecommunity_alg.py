"""cityhealth:completecommunity on two hand-drawn units: coverage, gaps and candidate ranks by hand.

U1 (0–400 m) holds A (centre 5,5; 100 households) and B (195,5; 50); U2 (400–800 m) holds C (605,5; 80).
A kindergarten at (5,100) serves A (95 m) and B (212 m), not C; the only elderly station is 100 m² (below
350: not counted); a parking lot at (605,100) serves C only. Candidate S1 (20–40 m) lies within 300 m of A
and B (150 households not served by parking); S2 (500–520 m) is 305 m from B and C is served: 0.
"""

from __future__ import annotations

from tests.processing.layers import X0, Y0, rect, write_layer

STANDARD = ("facility_type,name_cn,radius_m,min_size_m2,candidate,source\n"
            "kindergarten,幼儿园,300,,0,test\nelderly_care,养老服务站,300,350,0,test\n"
            "parking_lot,公共停车场,300,,1,test\n")


def _rows(layer):
    return [{f.name(): feat[f.name()] for f in layer.fields()} for feat in layer.getFeatures()]


def test_completecommunity(provider, tmp_path):
    import processing
    from qgis.core import QgsGeometry, QgsPointXY, QgsProcessingContext, QgsWkbTypes

    gpkg = str(tmp_path / "完整社区.gpkg")
    units = write_layer(gpkg, "社区", QgsWkbTypes.Polygon, {"community_code": str},
                        [(rect(0, 0, 400, 200), {"community_code": "U1"}),
                         (rect(400, 0, 800, 200), {"community_code": "U2"})], True)
    buildings = write_layer(gpkg, "楼栋", QgsWkbTypes.Polygon, {"building_id": str, "households": int},
                            [(rect(0, 0, 10, 10), {"building_id": "A", "households": 100}),
                             (rect(190, 0, 200, 10), {"building_id": "B", "households": 50}),
                             (rect(600, 0, 610, 10), {"building_id": "C", "households": 80})], False)

    def pt(x, y):
        return QgsGeometry.fromPointXY(QgsPointXY(X0 + x, Y0 + y))

    facilities = write_layer(gpkg, "设施", QgsWkbTypes.Point, {"facility_type": str, "area_m2": float},
                             [(pt(5, 100), {"facility_type": "kindergarten", "area_m2": 800.0}),
                              (pt(605, 50), {"facility_type": "elderly_care", "area_m2": 100.0}),
                              (pt(605, 100), {"facility_type": "parking_lot", "area_m2": None})], False)
    sites = write_layer(gpkg, "空地", QgsWkbTypes.Polygon, {"site": str},
                        [(rect(20, 20, 40, 40), {"site": "S1"}), (rect(500, 20, 520, 40), {"site": "S2"})],
                        False)
    standard = tmp_path / "标准.csv"
    standard.write_text(STANDARD, encoding="utf-8")
    context = QgsProcessingContext()
    result = processing.run("cityhealth:completecommunity", {
        "UNITS": units, "UNIT_FIELD": "community_code", "BUILDINGS": buildings,
        "HOUSEHOLDS_FIELD": "households", "FACILITIES": facilities, "CANDIDATES": sites,
        "CANDIDATE_ID_FIELD": "site", "STANDARD": str(standard),
        "MIN_COVERAGE": 0.8, "OUTPUT": "memory:", "GAPS": "memory:", "SITES": "memory:"}, context=context)

    def layer(name):
        value = result[name]
        return value if not isinstance(value, str) else context.getMapLayer(value)

    gaps = {(r["unit_id"], r["facility_type"]): (r["households"], r["covered"], r["coverage"], r["gap"])
            for r in _rows(layer("GAPS"))}
    assert gaps == {("U1", "kindergarten"): (150, 150, 1.0, 0), ("U1", "elderly_care"): (150, 0, 0.0, 1),
                    ("U1", "parking_lot"): (150, 0, 0.0, 1), ("U2", "kindergarten"): (80, 0, 0.0, 1),
                    ("U2", "elderly_care"): (80, 0, 0.0, 1), ("U2", "parking_lot"): (80, 80, 1.0, 0)}
    units_out = {r["unit_id"]: (r["households"], r["gaps"], r["gap_list"]) for r in _rows(layer("OUTPUT"))}
    assert units_out == {"U1": (150, 2, "养老服务站、公共停车场"), "U2": (80, 2, "幼儿园、养老服务站")}
    ranked = [(r["site_id"], r["facility_type"], r["new_households"], r["rank"])
              for r in _rows(layer("SITES"))]
    assert ranked == [("S1", "parking_lot", 150, 1), ("S2", "parking_lot", 0, 2)]


def test_standard_table_errors_name_the_line(tmp_path):
    import pytest

    from cityhealth_plugin.core.messages import CityHealthError
    from cityhealth_plugin.core.planning import complete

    bad = tmp_path / "坏.csv"
    bad.write_text(STANDARD + "park,公园,三百,,1,x\n", encoding="utf-8")
    with pytest.raises(CityHealthError, match="line 5: column radius_m"):
        complete.load_standard(str(bad))
    shipped = {s.facility_type: s for s in complete.load_standard()}
    assert shipped["kindergarten"].radius_m == 300 and shipped["supermarket"].radius_m == 500
    assert shipped["elderly_care"].min_size_m2 == 350 and shipped["park"].candidate
