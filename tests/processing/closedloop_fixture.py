"""A hand-made ledger GeoPackage for the closed-loop algorithms: two rounds, two districts, three blocks."""

from __future__ import annotations

import os

from tests.processing.layers import X0, Y0, rect, write_layer

PROBLEM_FIELDS = {
    "problem_uid": str, "report_uid": str, "round": int, "district": str, "street": str, "compound": str,
    "building": str, "unit": str, "room": str, "raw_address": str, "problem": str, "problem_code": str,
    "severity": str, "description": str, "reporter": str, "phone": str, "report_date": str, "status": str,
    "building_id": str, "compound_id": str, "block_id": str, "district_code": str, "community_code": str,
}
KQ, KF = ("科尔沁区", "150502"), ("开发区", "150571")


def p(uid, rnd, status, code, name, bid, cid, block, dist, unit="", date=None, desc=None, street="西门街道"):
    compound = {"C-天福": "天福家园", "C-和平": "和平小区", "C-建国": "建国小区"}[cid]
    return {"problem_uid": uid, "report_uid": uid.split(":", 1)[1], "round": rnd, "district": dist[0],
            "street": street, "compound": compound, "building": bid[-1] if bid else "", "unit": unit,
            "problem": name, "problem_code": code, "severity": "较重", "description": desc or name,
            "reporter": "张三", "phone": "138****5678", "report_date": date or "{}-05-10".format(rnd),
            "status": status, "building_id": bid, "compound_id": cid, "block_id": block,
            "district_code": dist[1], "community_code": "S-明仁"}


#: 2024: five problems; 2025: the re-check. GAS-02 urgent → 通辽市燃气公司; ROOF-03 / STAIR-02 effort →
#: 物业服务企业 (problem_catalogue.csv).
ROUND_2024 = [
    p("2024:a.xlsx|问题清单|2", 2024, "未整改", "GAS-02", "燃气软管老化", "BLD-1", "C-天福", "B-甲", KQ),
    p("2024:a.xlsx|问题清单|3", 2024, "整改中", "ROOF-03", "地下室渗水", "BLD-1", "C-天福", "B-甲", KQ, "2"),
    p("2024:a.xlsx|问题清单|4", 2024, "已整改", "STAIR-02", "楼梯扶手松动", "BLD-2", "C-天福", "B-甲", KQ),
    p("2024:a.xlsx|问题清单|5", 2024, "", "GAS-02", "燃气软管老化", "BLD-4", "C-建国", "B-乙", KF,
      desc='=HYPERLINK("http://evil.invalid","点我") 住户电话13812345678 身份证110101199003071234',
      street="建国街道"),
    p("2024:a.xlsx|问题清单|6", 2024, "未整改", "STAIR-02", "楼梯扶手松动", "BLD-3", "C-和平", "B-甲", KQ),
]
ROUND_2025 = [
    p("2025:b.xlsx|问题清单|2", 2025, "未整改", "GAS-02", "燃气软管老化", "BLD-1", "C-天福", "B-甲", KQ),
    p("2025:b.xlsx|问题清单|3", 2025, "未整改", "STAIR-02", "楼梯扶手松动", "BLD-2", "C-天福", "B-甲", KQ),
    p("2025:b.xlsx|问题清单|4", 2025, "未整改", "STAIR-02", "楼梯扶手松动", "BLD-3", "C-和平", "B-甲", KQ),
    p("2025:b.xlsx|问题清单|5", 2025, "未整改", "ROOF-03", "地下室渗水", "BLD-2", "C-天福", "B-甲", KQ),
]


def make_ledger(folder: str, rounds=(ROUND_2024, ROUND_2025)) -> str:
    from qgis.core import QgsGeometry, QgsPointXY, QgsWkbTypes

    path = os.path.join(folder, "体检台账.gpkg")
    rows = []
    for rnd in rounds:
        for i, values in enumerate(rnd):
            rows.append((QgsGeometry.fromPointXY(QgsPointXY(X0 + 20 + 10 * i, Y0 + 20)), values))
    write_layer(path, "problems", QgsWkbTypes.Point, PROBLEM_FIELDS, rows, True)
    os.makedirs(os.path.join(folder, "体检台账_photos"), exist_ok=True)
    with open(os.path.join(folder, "体检台账_photos", "p1.png"), "wb") as handle:
        handle.write(b"\x89PNG\r\n\x1a\n")
    write_layer(path, "photos", QgsWkbTypes.NoGeometry, {"photo_id": str, "problem_uid": str, "round": int,
                                                          "path": str},
                [(None, {"photo_id": "P1", "problem_uid": ROUND_2024[0]["problem_uid"], "round": 2024,
                         "path": "体检台账_photos/p1.png"})], False)
    blocks, districts = [], []
    for rnd in (2024, 2025):
        blocks += [(rect(0, 0, 200, 200), {"round": rnd, "block_id": "B-甲", "name": "甲街区"}),
                   (rect(200, 0, 400, 200), {"round": rnd, "block_id": "B-乙", "name": "乙街区"}),
                   (rect(0, 200, 200, 400), {"round": rnd, "block_id": "B-丙", "name": "丙街区"})]
        districts += [(rect(0, 0, 200, 400), {"round": rnd, "district_code": KQ[1], "name": KQ[0]}),
                      (rect(200, 0, 400, 400), {"round": rnd, "district_code": KF[1], "name": KF[0]})]
    write_layer(path, "ledger_block", QgsWkbTypes.MultiPolygon, {"round": int, "block_id": str, "name": str},
                blocks, False)
    write_layer(path, "ledger_district", QgsWkbTypes.MultiPolygon,
                {"round": int, "district_code": str, "name": str}, districts, False)
    return path
