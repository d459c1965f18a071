"""Real geometry through library → join → ledger: a WGS84 library near Shanghai with tile-clipped
footprints (one id in two pieces), a bow-tie, a spike, NULL and EMPTY footprints, an unnamed compound
polygon holding buildings without a compound, and a compound polygon cut in two pieces."""

from __future__ import annotations

import os

import pytest

from tests.processing.layers import write_layer

UTM = "EPSG:32651"
X0, Y0 = 357000.0, 3456000.0  # Lujiazui, in UTM zone 51N metres


def _wgs84(wkt_utm):
    from qgis.core import (
        QgsCoordinateReferenceSystem,
        QgsCoordinateTransform,
        QgsCoordinateTransformContext,
        QgsGeometry,
    )

    geom = QgsGeometry.fromWkt(wkt_utm)
    geom.transform(QgsCoordinateTransform(QgsCoordinateReferenceSystem(UTM),
                                          QgsCoordinateReferenceSystem("EPSG:4326"),
                                          QgsCoordinateTransformContext()))
    return geom


def _ring(*xy):
    return "POLYGON(({}))".format(",".join("{} {}".format(X0 + x, Y0 + y) for x, y in xy))


def box(x1, y1, x2, y2):
    return _wgs84(_ring((x1, y1), (x2, y1), (x2, y2), (x1, y2), (x1, y1)))


def utm_area(geom):
    from qgis.core import (
        QgsCoordinateReferenceSystem,
        QgsCoordinateTransform,
        QgsCoordinateTransformContext,
        QgsGeometry,
    )

    geom = QgsGeometry(geom)
    geom.transform(QgsCoordinateTransform(QgsCoordinateReferenceSystem("EPSG:4326"),
                                          QgsCoordinateReferenceSystem(UTM), QgsCoordinateTransformContext()))
    return geom.area()


REPORT_HEADER = ["小区", "楼栋", "问题", "描述"]
REPORT_ROWS = [
    ["阳光小区", "1号楼", "楼道堆放杂物", ""],
    ["阳光小区", "1号楼", "燃气立管锈蚀", ""],
    ["阳光小区", "2号楼", "楼梯扶手松动", ""],
    ["阳光小区", "3号楼", "楼道照明损坏", ""],  # a building without geometry
    ["阳光小区", "4号楼", "楼梯踏步破损", ""],  # EMPTY geometry
    ["海景苑", "7号楼", "燃气立管锈蚀", ""],
    ["海景苑", "", "充电桩不足", ""],  # compound level
]


@pytest.fixture(scope="module")
def pipeline(plugin, tmp_path_factory):
    import openpyxl
    import processing
    from qgis.core import QgsGeometry, QgsWkbTypes

    from cityhealth_plugin.core import schema
    from tests.processing.test_buildledger_alg import Recorder

    folder = tmp_path_factory.mktemp("陆家嘴")
    lib = str(folder / "瓦片底图.gpkg")
    bfields = dict(schema.BUILDING_FIELDS, building_id=float)

    def b(bid, geom, no, cname="阳光小区", cid=None, block=None):
        return geom, {"building_id": bid, "compound_id": cid, "compound_name": cname, "building_no": no,
                      "households": 10, "residents": 20, "block_id": block}

    buildings = write_layer(lib, "buildings", QgsWkbTypes.MultiPolygon, bfields, [
        b(101.0, box(10, 10, 30, 25), "1"), b(101.0, box(10, 25, 30, 40), "1"),  # cut by a tile edge
        b(102.0, _wgs84(_ring((50, 10), (90, 50), (90, 10), (50, 50), (50, 10))), "2", cid="C1"),  # bow-tie
        b(103.0, None, "3", cid="C1", block="K1"),
        b(104.0, QgsGeometry.fromWkt("POLYGON EMPTY"), "4", cid="C1", block="K1"),
        b(105.0, box(220, 20, 250, 50), None, cname=None),  # in the unnamed compound, no number
        b(106.0, box(260, 20, 290, 50), None, cname=None),
        b(107.0, _wgs84(_ring((20, 230), (60, 230), (80, 230), (60, 230), (60, 270), (20, 270), (20, 230))),
          "7", cname="海景苑"),  # a spike: makeValid gives a GeometryCollection
    ], True, crs="EPSG:4326")
    compounds = write_layer(lib, "compounds", QgsWkbTypes.MultiPolygon, schema.COMPOUND_FIELDS, [
        (box(0, 0, 100, 100), {"compound_id": "C1", "compound_name": "阳光小区"}),
        (box(200, 0, 300, 100), {"compound_id": "C2", "compound_name": None}),  # unnamed
        (box(0, 200, 100, 250), {"compound_id": "C3", "compound_name": "海景苑"}),  # two pieces
        (box(0, 250, 100, 300), {"compound_id": "C3", "compound_name": "海景苑"}),
    ], False, crs="EPSG:4326")
    blocks = write_layer(lib, "blocks", QgsWkbTypes.MultiPolygon, schema.BLOCK_FIELDS, [
        (box(-10, -10, 310, 310), {"block_id": "K1", "block_name": "陆家嘴街区"})], False, crs="EPSG:4326")

    library_rec = Recorder()
    library_out = str(folder / "标准地址库.gpkg")
    library = processing.run("cityhealth:addresslibrary", {
        "BUILDINGS": buildings, "ID_FIELD": "building_id", "COMPOUND_FIELD": "compound_name",
        "BUILDING_FIELD": "building_no", "COMPOUNDS": compounds, "COMPOUND_NAME_FIELD": "compound_name",
        "OUTPUT": library_out}, feedback=library_rec.feedback)

    reports = folder / "报表"
    reports.mkdir()
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "问题"
    sheet.append(REPORT_HEADER)
    for row in REPORT_ROWS:
        sheet.append(row)
    book.save(str(reports / "网格报表.xlsx"))
    matched = str(folder / "匹配结果.gpkg")
    join = processing.run("cityhealth:joinreports", {
        "LIBRARY": library["BUILDINGS_LAYER"], "ID_FIELD": "building_id", "COMPOUND_FIELD": "compound_name",
        "BUILDING_FIELD": "building_no", "REPORTS": str(reports), "ROUND": 2024, "MAX_DISTANCE": 30,
        "COORD_CRS": "EPSG:4326", "OUTPUT": matched, "UNMATCHED": "memory:"})

    ledger_rec = Recorder()
    out = str(folder / "台账.gpkg")
    ledger = processing.run("cityhealth:buildledger", {
        "PROBLEMS": join["OUTPUT"], "BUILDINGS": buildings, "COMPOUNDS": compounds, "BLOCKS": blocks,
        "ROUND": 2024, "OUTPUT": out}, feedback=ledger_rec.feedback)
    return {"library": library, "library_log": library_rec.feedback, "join": join, "ledger": ledger,
            "ledger_log": ledger_rec.feedback, "out": out}


def _rows(uri_or_path, layer=None):
    from tests.processing.test_buildledger_alg import rows

    if layer is None:
        path, layer = uri_or_path.split("|layername=")
        return rows(path, layer)
    return rows(uri_or_path, layer)


def test_library_collects_pieces_and_flags_unnamed_compounds_and_shared_keys(pipeline):
    lib = pipeline["library"]
    assert lib["BUILDING_COUNT"] == 7  # 101 once, not twice
    assert (lib["DUPLICATE_KEYS"], lib["OUTSIDE_COMPOUND"]) == (0, 0)
    assert (lib["UNNAMED_COMPOUND"], lib["SHARED_EMPTY_KEYS"], lib["WITHOUT_GEOMETRY"]) == (2, 1, 2)
    buildings = {r["building_id"]: r for r in _rows(lib["BUILDINGS_LAYER"])}
    assert sorted(buildings) == ["101", "102", "103", "104", "105", "106", "107"]
    assert utm_area(buildings["101"]["_geom"]) == pytest.approx(600.0, rel=1e-3)
    assert buildings["102"]["_geom"].isGeosValid()
    assert utm_area(buildings["102"]["_geom"]) == pytest.approx(800.0, rel=1e-3)
    assert buildings["107"]["_geom"].isGeosValid()
    assert buildings["103"]["_geom"] is None and buildings["104"]["_geom"] is None
    conflicts = sorted((c["kind"], c["ids"]) for c in _rows(lib["CONFLICTS_LAYER"]))
    assert conflicts == [("shared_empty_key", "105;106"), ("unnamed_compound", "105"),
                         ("unnamed_compound", "106")]
    infos = "\n".join(pipeline["library_log"].infos)
    warnings = "\n".join(pipeline["library_log"].warnings)
    assert "1 ids came in several pieces (1 extra pieces)" in infos
    assert "102: invalid geometry repaired" in warnings and "107: invalid geometry repaired" in warnings
    assert "103: NULL or EMPTY geometry" in warnings and "104: NULL or EMPTY geometry" in warnings


def test_join_matches_every_row_without_ambiguous_self_matches(pipeline):
    join = pipeline["join"]
    assert join["MATCHED"] == len(REPORT_ROWS) and join["UNMATCHED_COUNT"] == 0
    ids = sorted(str(r["building_id"]) for r in _rows(join["OUTPUT"], "匹配结果") if r["building_id"])
    assert ids == ["101", "101", "102", "103", "104", "107"]


def test_ledger_repairs_counts_and_block_totals_equal_the_problems_written(pipeline):
    ledger, out = pipeline["ledger"], pipeline["out"]
    problems = _rows(out, "problems")
    assert len(problems) == ledger["PROBLEM_COUNT"] == len(REPORT_ROWS)
    blocks = _rows(out, "ledger_block")
    assert [(b["block_id"], b["problems_total"]) for b in blocks] == [("K1", len(problems))]
    b = {r["building_id"]: r for r in _rows(out, "ledger_building")}
    assert b["101"]["compound_id"] == "C1"  # ≥ 50 % of the merged footprint lies in 阳光小区
    assert b["101"]["problems_total"] == 2
    for bid in ("101", "102", "105", "106", "107"):
        assert b[bid]["_geom"] is not None and b[bid]["_geom"].isGeosValid(), bid
    assert b["103"]["_geom"] is None and b["104"]["_geom"] is None
    assert (b["103"]["problems_total"], b["104"]["problems_total"]) == (1, 1)
    assert ledger["REPAIRED_COUNT"] >= 2
    c = {r["compound_id"]: r for r in _rows(out, "ledger_compound")}
    assert c["C3"]["_geom"].isGeosValid() and utm_area(c["C3"]["_geom"]) == pytest.approx(1.0e4, rel=1e-3)
    assert c["C3"]["problems_total"] == 2 and c["C1"]["problems_total"] == 5
    infos = "\n".join(pipeline["ledger_log"].infos)
    warnings = "\n".join(pipeline["ledger_log"].warnings)
    assert "2 repaired" in infos and "2 empty" in infos
    assert "小区: 1 ids came in several pieces" in infos and "楼栋: 1 ids came in several pieces" in infos
    assert "no building in the library" not in warnings
    assert os.path.isfile(out)
