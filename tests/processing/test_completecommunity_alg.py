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


def test_community_service_station_needs_30_m2_per_100_households(provider, tmp_path):
    """社区综合服务站 ≥ 30 m² per 100 households (domain brief), where area_m2 is known.

    U1 holds A (100 households) and B (50): needs 30 × 150 / 100 = 45 m²; its only station, 40 m² at
    (100,50), serves both (≤ 300 m) → size_ok 0, a gap although every household is covered.
    U2 holds C (80): needs 24 m²; stations at (605,60) 30 m² and (620,60) of unknown size serve it →
    30 m² known, size_ok 1, no gap. U3 holds D (10) and a station of unknown size → not judged."""
    import processing
    from qgis.core import QgsGeometry, QgsPointXY, QgsProcessingContext, QgsWkbTypes

    gpkg = str(tmp_path / "服务站.gpkg")
    units = write_layer(gpkg, "社区", QgsWkbTypes.Polygon, {"community_code": str},
                        [(rect(0, 0, 400, 200), {"community_code": "U1"}),
                         (rect(400, 0, 800, 200), {"community_code": "U2"}),
                         (rect(2000, 0, 2400, 200), {"community_code": "U3"})], True)
    buildings = write_layer(gpkg, "楼栋", QgsWkbTypes.Polygon, {"building_id": str, "households": int},
                            [(rect(0, 0, 10, 10), {"building_id": "A", "households": 100}),
                             (rect(190, 0, 200, 10), {"building_id": "B", "households": 50}),
                             (rect(600, 0, 610, 10), {"building_id": "C", "households": 80}),
                             (rect(2100, 0, 2110, 10), {"building_id": "D", "households": 10})], False)

    def pt(x, y):
        return QgsGeometry.fromPointXY(QgsPointXY(X0 + x, Y0 + y))

    station = "community_service"
    facilities = write_layer(gpkg, "设施", QgsWkbTypes.Point, {"facility_type": str, "area_m2": float},
                             [(pt(100, 50), {"facility_type": station, "area_m2": 40.0}),
                              (pt(605, 60), {"facility_type": station, "area_m2": 30.0}),
                              (pt(620, 60), {"facility_type": station, "area_m2": None}),
                              (pt(2105, 60), {"facility_type": station, "area_m2": None})], False)
    standard = tmp_path / "标准.csv"
    standard.write_text("facility_type,name_cn,radius_m,min_size_m2,candidate,source,m2_per_100hh\n"
                        "community_service,社区综合服务站,300,,0,test,30\n", encoding="utf-8")
    context = QgsProcessingContext()
    result = processing.run("cityhealth:completecommunity", {
        "UNITS": units, "UNIT_FIELD": "community_code", "BUILDINGS": buildings,
        "HOUSEHOLDS_FIELD": "households", "FACILITIES": facilities, "STANDARD": str(standard),
        "MIN_COVERAGE": 0.8, "OUTPUT": "memory:", "GAPS": "memory:", "SITES": "memory:"}, context=context)
    gaps_layer = result["GAPS"]
    gaps_layer = gaps_layer if not isinstance(gaps_layer, str) else context.getMapLayer(gaps_layer)
    gaps = {r["unit_id"]: (r["coverage"], r["area_m2"], r["required_m2"], r["size_ok"], r["gap"])
            for r in _rows(gaps_layer)}
    from qgis.core import NULL

    gaps = {u: tuple(None if v == NULL else v for v in row) for u, row in gaps.items()}
    assert gaps == {"U1": (1.0, 40.0, 45.0, 0, 1), "U2": (1.0, 30.0, 24.0, 1, 0),
                    "U3": (1.0, None, 3.0, None, 0)}
    from cityhealth_plugin.core.planning import complete

    shipped = {s.facility_type: s for s in complete.load_standard()}
    assert shipped[station].m2_per_100hh == 30 and shipped["kindergarten"].m2_per_100hh is None
