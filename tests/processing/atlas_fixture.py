"""A hand-built ledger for the atlas tests: 3 blocks (2 districts), 4 buildings, 4 problems, 3 photos.

    交通门街区 (BLK-1, 甲区, 西门街道): 3 problems (严重 with 2 photos, 一般 with 1 photo, 较重 none)
    西门二号街区 (BLK-2, 乙区): 1 problem without photo; its name has 13812345678 in the problem text
    北苑街区 (BLK-3, 乙区): no problem

Photos live in ``体检台账_photos/2025/`` next to the GeoPackage and are referenced relative to it.
"""

from __future__ import annotations

import os

from tests.processing.layers import X0, Y0, rect, write_layer

PHONE = "13812345678"
BLOCKS = {"BLK-1": "交通门街区", "BLK-2": "西门二号街区", "BLK-3": "北苑街区"}


def make_photo(path, colour, size=(64, 48)):
    from qgis.PyQt.QtGui import QColor, QImage

    img = QImage(size[0], size[1], QImage.Format_RGB32)
    img.fill(QColor(colour))
    os.makedirs(os.path.dirname(path), exist_ok=True)
    assert img.save(path, "PNG")


def ledger_fields(extra):
    base = {"round": int, "level": str}
    base.update(extra)
    base.update(
        {
            "name": str,
            "buildings_total": int,
            "problems_total": int,
            "cat_gas": int,
            "cat_stair": int,
            "ind_house_001": int,
            "ind_house_002": int,
        }
    )
    return base


def build_ledger(folder: str) -> str:
    """Write 体检台账.gpkg and its photos into ``folder``; returns the GeoPackage path."""
    from qgis.core import QgsGeometry, QgsPointXY, QgsWkbTypes

    os.makedirs(folder, exist_ok=True)
    path = os.path.join(folder, "体检台账.gpkg")
    poly = QgsWkbTypes.MultiPolygon
    geoms = {"BLK-1": rect(0, 0, 100, 100), "BLK-2": rect(100, 0, 200, 100), "BLK-3": rect(200, 0, 300, 100)}
    districts = {"BLK-1": "D1", "BLK-2": "D2", "BLK-3": "D2"}
    totals = {"BLK-1": 3, "BLK-2": 1, "BLK-3": 0}
    rows = [
        (
            geoms[b],
            {
                "round": 2025,
                "level": "block",
                "block_id": b,
                "district_code": districts[b],
                "name": BLOCKS[b],
                "buildings_total": 2 if b == "BLK-1" else 1,
                "problems_total": totals[b],
                "cat_gas": 1 if b == "BLK-1" else 0,
                "cat_stair": totals[b] - (1 if b == "BLK-1" else 0),
                "ind_house_001": 1 if b == "BLK-1" else 0,
                "ind_house_002": 1 if b == "BLK-1" else 0,
            },
        )
        for b in BLOCKS
    ]
    write_layer(
        path, "ledger_block", poly, ledger_fields({"block_id": str, "district_code": str}), rows, True
    )
    write_layer(
        path,
        "ledger_district",
        poly,
        ledger_fields({"district_code": str}),
        [
            (
                rect(0, 0, 100, 100),
                {"round": 2025, "level": "district", "district_code": "D1", "name": "甲区"},
            ),
            (
                rect(100, 0, 300, 100),
                {"round": 2025, "level": "district", "district_code": "D2", "name": "乙区"},
            ),
        ],
        False,
    )
    buildings = [
        ("BLD-1", "BLK-1", rect(10, 10, 40, 40), "天福家园1号楼", 2),
        ("BLD-2", "BLK-1", rect(50, 50, 90, 90), "天福家园2号楼", 1),
        ("BLD-3", "BLK-2", rect(120, 20, 180, 80), "西门小区3号楼", 1),
        ("BLD-4", "BLK-3", rect(220, 20, 280, 80), "北苑5号楼", 0),
    ]
    write_layer(
        path,
        "ledger_building",
        poly,
        ledger_fields({"building_id": str, "compound_id": str, "block_id": str}),
        [
            (
                g,
                {
                    "round": 2025,
                    "level": "building",
                    "building_id": b,
                    "compound_id": "C-1",
                    "block_id": blk,
                    "name": name,
                    "problems_total": n,
                },
            )
            for b, blk, g, name, n in buildings
        ],
        False,
    )
    write_layer(
        path,
        "ledger_compound",
        poly,
        ledger_fields({"compound_id": str, "block_id": str, "community_code": str}),
        [
            (
                rect(5, 5, 95, 95),
                {
                    "round": 2025,
                    "level": "compound",
                    "compound_id": "C-1",
                    "block_id": "BLK-1",
                    "community_code": "CM-1",
                    "name": "天福家园",
                    "problems_total": 3,
                },
            )
        ],
        False,
    )
    problem_fields = {
        "problem_uid": str,
        "round": int,
        "district": str,
        "street": str,
        "community": str,
        "compound": str,
        "building": str,
        "unit": str,
        "problem": str,
        "category_cn": str,
        "severity": str,
        "status": str,
        "description": str,
        "reporter": str,
        "phone": str,
        "report_date": str,
        "building_id": str,
        "compound_id": str,
        "block_id": str,
        "community_code": str,
        "district_code": str,
    }
    problems = [
        ("P1", "BLK-1", "BLD-1", (20, 20), "燃气立管锈蚀", "燃气安全", "严重", "未整改", "D1"),
        ("P2", "BLK-1", "BLD-1", (30, 30), "楼道堆物", "楼道安全", "一般", "已整改", "D1"),
        ("P3", "BLK-1", "BLD-2", (70, 70), "楼道照明损坏", "楼道安全", "较重", "整改中", "D1"),
        ("P4", "BLK-2", "BLD-3", (150, 50), "楼道堆物 联系" + PHONE, "楼道安全", "一般", "", "D2"),
    ]
    point_rows = []
    for uid, block, building, (x, y), problem, category, severity, status, district in problems:
        point_rows.append(
            (
                QgsGeometry.fromPointXY(QgsPointXY(X0 + x, Y0 + y)),
                {
                    "problem_uid": uid,
                    "round": 2025,
                    "district": "甲区" if district == "D1" else "乙区",
                    "street": "西门街道" if district == "D1" else "明仁街道",
                    "community": "中心社区",
                    "compound": "天福家园",
                    "building": building[-1],
                    "problem": problem,
                    "category_cn": category,
                    "severity": severity,
                    "status": status,
                    "description": "住户反映，电话" + PHONE,
                    "reporter": "张三",
                    "phone": "138****5678",
                    "report_date": "2025-05-0" + uid[-1],
                    "building_id": building,
                    "compound_id": "C-1",
                    "block_id": block,
                    "community_code": "CM-1",
                    "district_code": district,
                },
            )
        )
    write_layer(path, "problems", QgsWkbTypes.Point, problem_fields, point_rows, False)
    photos = [
        ("P1", "体检台账_photos/2025/P1-a.png", "#c0392b"),
        ("P1", "体检台账_photos/2025/P1-b.png", "#2980b9"),
        ("P2", "体检台账_photos/2025/P2-a.png", "#27ae60"),
    ]
    for _uid, rel, colour in photos:
        make_photo(os.path.join(folder, rel), colour)
    write_layer(
        path,
        "photos",
        QgsWkbTypes.NoGeometry,
        {"photo_id": str, "problem_uid": str, "round": int, "path": str, "original_name": str},
        [
            (
                None,
                {
                    "photo_id": "F{}".format(i),
                    "problem_uid": uid,
                    "round": 2025,
                    "path": rel,
                    "original_name": os.path.basename(rel),
                },
            )
            for i, (uid, rel, _c) in enumerate(photos)
        ],
        False,
    )
    return path


def build_assessment(folder: str) -> str:
    """assessment.gpkg with layer assessment_block: BLK-1 has a red warning, BLK-2 yellow, BLK-3 none."""
    from qgis.core import QgsWkbTypes

    path = os.path.join(folder, "评估.gpkg")
    fields = {
        "block_id": str,
        "name": str,
        "round": int,
        "IND_HOUSE_001": float,
        "IND_HOUSE_001_status": str,
        "IND_HOUSE_002": float,
        "IND_HOUSE_002_status": str,
        "score": float,
        "grade": str,
        "short_boards": str,
    }
    rows = [
        (
            rect(0, 0, 100, 100),
            {
                "block_id": "BLK-1",
                "name": BLOCKS["BLK-1"],
                "round": 2025,
                "IND_HOUSE_001": 0.5,
                "IND_HOUSE_001_status": "red",
                "IND_HOUSE_002": 0.5,
                "IND_HOUSE_002_status": "ok",
                "score": 55.0,
                "grade": "较差",
                "short_boards": "IND-HOUSE-001",
            },
        ),
        (
            rect(100, 0, 200, 100),
            {
                "block_id": "BLK-2",
                "name": BLOCKS["BLK-2"],
                "round": 2025,
                "IND_HOUSE_001": 0.0,
                "IND_HOUSE_001_status": "ok",
                "IND_HOUSE_002": 0.2,
                "IND_HOUSE_002_status": "yellow",
                "score": 80.0,
                "grade": "较好",
                "short_boards": "",
            },
        ),
        (
            rect(200, 0, 300, 100),
            {
                "block_id": "BLK-3",
                "name": BLOCKS["BLK-3"],
                "round": 2025,
                "IND_HOUSE_001": 0.0,
                "IND_HOUSE_001_status": None,
                "score": 90.0,
                "grade": "很好",
                "short_boards": "",
            },
        ),
    ]
    write_layer(path, "assessment_block", QgsWkbTypes.MultiPolygon, fields, rows, True)
    return path
