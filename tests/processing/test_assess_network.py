"""cityhealth:assess with ``"distance": "network"`` on a hand-drawn town: an L of two roads and a
crossing road, one middle school, four buildings in three compounds of one block.

Coordinates in metres from (X0, Y0)::

          R3 (x=500, y −200…200)        R2 (x=1000, y 0…1000)
                |                            |
     S1 (0,10)  |  B3 (530,150)   B2 (900,400)   B4 (1040,850)
    ------------+-----------------------------+  R1 (y=0, x 0…1000); B1 (600,40)

R3 crosses R1 without a common vertex: the graph must node it at (500, 0). S1 joins R1 at (0, 0)
(leg 10). Every distance below is worked out by hand in the comments.
"""

from __future__ import annotations

import json
import os

import processing
import pytest
from qgis.core import QgsGeometry, QgsProcessingException, QgsWkbTypes

from cityhealth_plugin.processing import indicator_geometry as geo
from cityhealth_plugin.processing.road_graph import RoadGraph
from tests.processing.layers import X0, Y0, rect, write_layer
from tests.processing.test_assess_alg import rows


def wkt(kind, *xy):
    pts = ",".join("{} {}".format(X0 + x, Y0 + y) for x, y in xy)
    return QgsGeometry.fromWkt("{}({})".format(kind, pts if kind != "POLYGON" else "(" + pts + ")"))


def square(x, y, half=5):
    return rect(x - half, y - half, x + half, y + half)


ROADS = {"R1": wkt("LINESTRING", (0, 0), (1000, 0)), "R2": wkt("LINESTRING", (1000, 0), (1000, 1000)),
         "R3": wkt("LINESTRING", (500, -200), (500, 200))}
# compounds with a corner nearest their road, so that the nearest road point is unique
COMPOUNDS = {"C1": wkt("POLYGON", (560, 10), (950, 60), (950, 450), (560, 450), (560, 10)),
             "C2": wkt("POLYGON", (502, 150), (560, 90), (560, 210), (502, 150)),
             "C3": wkt("POLYGON", (1010, 850), (1060, 800), (1060, 950), (1010, 850))}
BUILDINGS = {"B1": (600, 40, "C1", 100), "B2": (900, 400, "C1", 50), "B3": (530, 150, "C2", 30),
             "B4": (1040, 850, "C3", 20)}


@pytest.fixture(scope="module")
def town(plugin, tmp_path_factory):
    out = tmp_path_factory.mktemp("路网")
    city = str(out / "小城.gpkg")
    roads = write_layer(city, "roads", QgsWkbTypes.LineString, {"road_id": str},
                        [(g, {"road_id": rid}) for rid, g in ROADS.items()], True)
    facilities = write_layer(city, "facilities", QgsWkbTypes.Point,
                             {"facility_id": str, "facility_type": str, "area_m2": float, "capacity": int},
                             [(wkt("POINT", (0, 10)), {"facility_id": "S1", "facility_type": "middle_school",
                                                       "area_m2": 5000.0, "capacity": 900})], False)
    ledger = str(out / "体检台账.gpkg")
    tree = {"block_id": "K1", "community_code": "M1", "district_code": "D1"}
    write_layer(ledger, "ledger_building", QgsWkbTypes.Polygon,
                {"round": int, "building_id": str, "name": str, "compound_id": str, "block_id": str,
                 "community_code": str, "district_code": str, "households_total": int,
                 "residents_total": int},
                [(square(x, y), dict(tree, round=2025, building_id=bid, name=bid + "号楼", compound_id=cid,
                                     households_total=r // 2, residents_total=r))
                 for bid, (x, y, cid, r) in BUILDINGS.items()], True)
    residents = {cid: sum(r for _x, _y, c, r in BUILDINGS.values() if c == cid) for cid in COMPOUNDS}
    write_layer(ledger, "ledger_compound", QgsWkbTypes.Polygon,
                {"round": int, "compound_id": str, "name": str, "block_id": str, "community_code": str,
                 "households_total": int, "residents_total": int},
                [(g, dict(round=2025, compound_id=cid, name="小区" + cid, block_id="K1", community_code="M1",
                          households_total=residents[cid] // 2, residents_total=residents[cid]))
                 for cid, g in COMPOUNDS.items()], False)
    write_layer(ledger, "ledger_block", QgsWkbTypes.Polygon,
                {"round": int, "block_id": str, "name": str, "district_code": str, "households_total": int},
                [(rect(-100, -300, 1100, 1100), {"round": 2025, "block_id": "K1", "name": "街区一",
                                                  "district_code": "D1", "households_total": 100})], False)
    write_layer(ledger, "ledger_community", QgsWkbTypes.Polygon,
                {"round": int, "community_code": str, "name": str, "district_code": str},
                [(rect(-100, -300, 1100, 1100), {"round": 2025, "community_code": "M1", "name": "社区一",
                                                  "district_code": "D1"})], False)
    write_layer(ledger, "problems", QgsWkbTypes.Point,
                {"round": int, "indicator_code": str, "building_id": str, "compound_id": str, "block_id": str,
                 "community_code": str, "district_code": str}, [], False)
    return {"out": out, "ledger": ledger, "roads": roads, "facilities": facilities}


SCHOOL = {"layer": "facilities", "types": ["middle_school"]}


def config(path, distance="network"):
    def entry(code, kind, radius, **extra):
        base = {"code": code, "level": "block", "name_cn": code, "local": True, "weight": 1,
                "params": dict(extra, distance=distance, targets=[dict(SCHOOL, radius=radius)])}
        if kind == "coverage":
            return dict(base, kind=kind, direction="higher_better", standard=100, red=60, unit="%")
        return dict(base, kind=kind, direction="lower_better", standard=0, red=2)

    data = {"indicators": [entry("LOCAL-COVER", "coverage", 1000), entry("LOCAL-LACK", "lacking", 600,
                                                                          of="compound")]}
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return str(path)


def assess(town, level, distance, tmp_path, **extra):
    params = {"LEDGER": town["ledger"], "LEVEL": level, "ROUND": 2025,
              "CONFIG": config(tmp_path / "配置_{}.json".format(distance), distance),
              "FACILITIES": town["facilities"], "ROADS": town["roads"],
              "OUTPUT": str(tmp_path / "评估_{}.gpkg".format(distance)), "REPORT": ""}
    params.update(extra)
    result = processing.run("cityhealth:assess", params)
    layer = "assessment_" + ("block" if level == 3 else "compound")
    return {r[("block_id" if level == 3 else "compound_id")]: r for r in rows(result["OUTPUT"], layer)}


def test_graph_is_noded_where_roads_cross_and_points_attach_to_the_nearest_road(plugin):
    graph = RoadGraph(list(ROADS.values()))
    assert len(graph.segments) == 5  # R1 split at x=500 by R3, R3 split at y=0, R2 whole
    (edge, t), leg = graph.attach_point(X0 + 900, Y0 + 400)[0]  # B2: 100 m from R2, 400 m up it
    x1, y1, x2, y2 = graph.segments[edge]
    assert leg == pytest.approx(100) and x1 == x2 == pytest.approx(X0 + 1000)  # on R2
    assert y1 + (y2 - y1) * t / abs(y2 - y1) == pytest.approx(Y0 + 400)  # the foot (1000, 400)
    attachments = graph.attach_geometry(COMPOUNDS["C2"])  # corner (502, 150): 2 m from R3, nothing else
    assert [round(leg, 6) for _p, leg in attachments] == [2.0]


def test_network_answers_by_hand(plugin):
    store = geo.GeometryStore()
    store.features = {"roads": dict(ROADS), "facilities": {"S1": wkt("POINT", (0, 10))}}
    store.centroids = {bid: (X0 + x, Y0 + y) for bid, (x, y, _c, _r) in BUILDINGS.items()}
    store.units["compound"] = dict(COMPOUNDS)
    requests = [("netcover", "facilities", ("S1",), 1000.0), ("cover", "facilities", ("S1",), 1000.0),
                ("netcover", "facilities", ("S1",), 650.0),
                ("netreach", "compound", "facilities", ("S1",), 600.0),
                ("near", "compound", "facilities", ("S1",), 600.0)]
    got = geo.answer(requests, store)
    # over the network: B1 10 + 600 + 40 = 650, B3 10 + 500 + 150 + 30 = 690 (via the node at (500, 0)),
    # B2 10 + 1000 + 400 + 100 = 1510, B4 10 + 1000 + 850 + 40 = 1900
    assert got[requests[0]] == {"B1", "B3"}
    # straight: B1 600.7, B2 √(900² + 390²) = 980.9, B3 √(530² + 140²) = 548.2, B4 1337
    assert got[requests[1]] == {"B1", "B2", "B3"}
    assert got[requests[2]] == {"B1"}  # 650 ≤ 650 (inclusive); B3 690 > 650
    # compounds: C1 corner (560, 10) joins R1 at (560, 0): 10 + 560 + 10 = 580 ≤ 600; C2 corner (502, 150)
    # joins R3 at (500, 150): 10 + 500 + 150 + 2 = 662 > 600; C3 ≥ 1870. Straight: C1 560, C2 521.2
    assert got[requests[3]] == {"C1"}
    assert got[requests[4]] == {"C1": ["S1"], "C2": ["S1"]}


def test_network_coverage_and_lacking_through_assess(town, tmp_path):
    euclid = assess(town, 3, "euclidean", tmp_path)["K1"]
    network = assess(town, 3, "network", tmp_path)["K1"]
    # residents B1 100, B2 50, B3 30, B4 20 (200): straight B1 + B2 + B3 = 90 %; network B1 + B3 = 65 %
    assert euclid["LOCAL_COVER"] == 90.0 and euclid["LOCAL_COVER_status"] == "yellow"
    assert network["LOCAL_COVER"] == 65.0 and network["LOCAL_COVER_status"] == "yellow"
    # compounds lacking a school within 600 m: straight C3 only; over the network C2 and C3
    assert euclid["LOCAL_LACK"] == 1.0 and euclid["LOCAL_LACK_status"] == "yellow"
    assert network["LOCAL_LACK"] == 2.0 and network["LOCAL_LACK_status"] == "red"
    compounds = assess(town, 1, "network", tmp_path)
    assert {c: round(u["LOCAL_COVER"], 2) if u["LOCAL_COVER"] is not None else None
            for c, u in compounds.items()} == {"C1": 66.67, "C2": 100.0, "C3": 0.0}
    assert {c: u["LOCAL_LACK"] for c, u in compounds.items()} == {"C1": 0.0, "C2": 1.0, "C3": 1.0}


def test_network_distance_without_roads_is_refused_before_anything_runs(town, tmp_path):
    out = tmp_path / "不应写出.gpkg"
    with pytest.raises(QgsProcessingException) as error:
        assess(town, 3, "network", tmp_path, ROADS=None, OUTPUT=str(out))
    text = str(error.value)
    assert "LOCAL-COVER, LOCAL-LACK" in text and "ROADS" in text
    assert not out.exists() and sorted(os.listdir(tmp_path)) == ["配置_network.json"]
