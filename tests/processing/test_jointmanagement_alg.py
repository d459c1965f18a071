"""cityhealth:jointmanagement on hand-drawn compounds, a scattered building, an alley and an arterial."""

from __future__ import annotations

import processing
from qgis.core import NULL, QgsGeometry, QgsVectorLayer, QgsWkbTypes

from tests.processing.layers import X0, Y0, rect, write_layer


def _line(x1, y1, x2, y2):
    return QgsGeometry.fromWkt("LINESTRING({} {},{} {})".format(X0 + x1, Y0 + y1, X0 + x2, Y0 + y2))


def _city(path):
    cf = {"compound_id": str, "compound_name": str, "has_property": int, "households": int,
          "community_code": str}

    def compound(uid, name, prop, households, community):
        return {"compound_id": uid, "compound_name": name, "has_property": prop, "households": households,
                "community_code": community}

    compounds = [(rect(0, 0, 100, 100), compound("CP01", "甲小区", 0, 120, "C1")),
                 (rect(130, 0, 230, 100), compound("CP02", "乙小区", 0, 150, "C1")),
                 (rect(0, -140, 100, -40), compound("CP03", "丙小区", 0, 200, "C1")),
                 (rect(260, 0, 360, 100), compound("CP04", "丁小区", 1, 300, "C1")),
                 (rect(-60, 0, -30, 100), compound("CP05", "戊小区", 0, 90, "C2")),
                 (rect(140, 102, 160, 108), compound("CP06", "己小区", 1, 10, "C1"))]  # inside the hull
    src = {"compounds": write_layer(path, "compounds", QgsWkbTypes.Polygon, cf, compounds, True)}
    bf = {"building_id": str, "compound_id": str, "households": int, "is_scattered": int,
          "community_code": str, "address": str}
    buildings = [(rect(10, 10, 40, 30), {"building_id": "B1", "compound_id": "CP01", "households": 60,
                                         "is_scattered": 0, "community_code": "C1"}),
                 (rect(50, 50, 80, 70), {"building_id": "B2", "compound_id": "CP01", "households": 60,
                                         "is_scattered": 0, "community_code": "C1"}),
                 (rect(140, 10, 200, 40), {"building_id": "B3", "compound_id": "CP02", "households": 150,
                                           "is_scattered": 0, "community_code": "C1"}),
                 (rect(0, 130, 20, 150), {"building_id": "BLD-9", "compound_id": None, "households": 20,
                                          "is_scattered": 1, "community_code": "C1", "address": "西街9号"})]
    src["buildings"] = write_layer(path, "buildings", QgsWkbTypes.Polygon, bf, buildings, False)
    rf = {"road_id": str, "road_class": str}
    roads = [(_line(-50, -20, 300, -20), {"road_id": "R-主干", "road_class": "arterial"}),
             (_line(115, -10, 115, 110), {"road_id": "R-巷", "road_class": "alley"})]
    src["roads"] = write_layer(path, "roads", QgsWkbTypes.LineString, rf, roads, False)
    src["communities"] = write_layer(path, "communities", QgsWkbTypes.NoGeometry,
                                     {"community_code": str, "street_code": str},
                                     [(None, {"community_code": "C1", "street_code": "S1"}),
                                      (None, {"community_code": "C2", "street_code": "S2"})], False)
    return src


def _ledger(path):
    pf = {"round": int, "status": str, "compound_id": str, "building_id": str, "problem_uid": str}
    point = QgsGeometry.fromWkt("POINT({} {})".format(X0 + 10, Y0 + 10))

    def problem(rnd, status, compound, building, uid):
        return point, {"round": rnd, "status": status, "compound_id": compound, "building_id": building,
                       "problem_uid": uid}

    rows = [problem(2025, "", "CP01", "B1", "p1"), problem(2025, "整改中", "CP01", None, "p2"),
            problem(2025, "已整改", "CP01", "B2", "p3"), problem(2025, "未整改", None, "BLD-9", "p4"),
            problem(2024, "", "CP02", "B3", "p5")]
    write_layer(path, "problems", QgsWkbTypes.Point, pf, rows, True)
    return path


def _rows(path, layer):
    lyr = QgsVectorLayer("{}|layername={}".format(path, layer), layer, "ogr")
    assert lyr.isValid()
    names = lyr.fields().names()
    return {f[names[1]]: {n: (None if v is None or v == NULL else v) for n, v in zip(names, f.attributes())}
            for f in lyr.getFeatures()}


def test_joint_management_areas_and_reasons_worked_by_hand(plugin, tmp_path):
    src = _city(str(tmp_path / "城市.gpkg"))
    out = str(tmp_path / "片区联管.gpkg")
    result = processing.run("cityhealth:jointmanagement", {
        "COMPOUNDS": src["compounds"], "BUILDINGS": src["buildings"], "ROADS": src["roads"],
        "COMMUNITIES": src["communities"], "LEDGER": _ledger(str(tmp_path / "台账.gpkg")), "ROUND": 2025,
        "DISTANCE": 50, "MIN_HOUSEHOLDS": 100, "MAX_HOUSEHOLDS": 500, "OUTPUT": out})
    assert result["AREA_COUNT"] == 1 and result["LEFT_OUT"] == 2
    assert result["AREAS_LAYER"] == out + "|layername=jointmanagement_areas"  # for models
    # seed BLD-9 (smallest id, 20 hh) → CP01 (30 m, 140 hh) → CP02 (30 m from CP01, 290 hh)
    areas = _rows(out, "jointmanagement_areas")
    area = areas["S1-01"]
    assert (area["households"], area["buildings"], area["member_count"], area["members"]) == (
        290, 4, 3, "BLD-9|CP01|CP02")
    assert area["problems"] == 3  # p1, p2 (CP01) and p4 (BLD-9); p3 is fixed, p5 another round
    assert area["scale_code"] == "small" and area["scale"]
    # convex hull (0,0) (230,0) (230,100) (20,150) (0,150): 29250 m², minus the managed compound CP06
    # (20 × 6 m, below the hull's top edge 100 + (230 − x)/210 × 50 ≥ 116.7): 29130 m²; the alley x = 115
    # (y -10 … 110) lies inside from y = 0 to its end at 110 (the top edge there is at 127.4)
    assert abs(area["area_m2"] - 29130.0) < 0.5
    assert area["back_streets"] == "R-巷" and abs(area["back_street_m"] - 110.0) < 0.05
    units = _rows(out, "jointmanagement_units")
    assert sorted(units) == ["BLD-9", "CP01", "CP02", "CP03", "CP05"]  # CP04 has property management
    assert units["BLD-9"]["unit_kind"] == "building" and units["CP01"]["unit_kind"] == "compound"
    assert {u: units[u]["area_id"] for u in units} == {"BLD-9": "S1-01", "CP01": "S1-01", "CP02": "S1-01",
                                                       "CP03": None, "CP05": None}
    # CP03 is 40 m from CP01 but across the arterial road; CP05 is 30 m away but in street S2
    assert units["CP03"]["reason_code"] == "isolated" and units["CP05"]["reason_code"] == "isolated"
    assert units["CP03"]["reason"] and units["CP01"]["reason"] is None


def test_allowing_arterials_joins_the_compound_across_the_road(plugin, tmp_path):
    src = _city(str(tmp_path / "城市.gpkg"))
    out = str(tmp_path / "片区联管.gpkg")
    processing.run("cityhealth:jointmanagement", {
        "COMPOUNDS": src["compounds"], "BUILDINGS": src["buildings"], "ROADS": src["roads"],
        "COMMUNITIES": src["communities"], "DISTANCE": 50, "ALLOW_ARTERIAL": True, "MIN_HOUSEHOLDS": 100,
        "MAX_HOUSEHOLDS": 500, "OUTPUT": out})
    # BLD-9 → CP01 (30 m; CP03 is 40 m) → CP02 (30 m) → CP03 (40 m): 490 hh ≤ 500
    area = _rows(out, "jointmanagement_areas")["S1-01"]
    assert (area["members"], area["households"], area["problems"]) == ("BLD-9|CP01|CP02|CP03", 490, 0)
