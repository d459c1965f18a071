"""cityhealth:buildledger on a hand-drawn city: 2 districts, 2 blocks, 3 compounds, 8 buildings."""

from __future__ import annotations

import hashlib
import os
import sqlite3

import pytest

from tests.processing.layers import X0, Y0, rect, write_layer

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
ARTEFACTS = os.path.join(ROOT, "out", "test-artefacts")


def make_photo(path, colour):
    from qgis.PyQt.QtGui import QColor, QImage

    img = QImage(16, 12, QImage.Format_RGB32)
    img.fill(QColor(colour))
    assert img.save(path, "JPG")


@pytest.fixture(scope="module")
def city(plugin, tmp_path_factory):
    from qgis.core import QgsGeometry, QgsWkbTypes

    from cityhealth_plugin.core import schema

    folder = str(tmp_path_factory.mktemp("示范城市"))
    lib = os.path.join(folder, "标准地址库.gpkg")
    uris = {}
    uris["districts"] = write_layer(lib, "districts", QgsWkbTypes.MultiPolygon, schema.DISTRICT_FIELDS, [
        (rect(0, 0, 200, 200), {"district_code": "150502", "district_name": "科尔沁区"}),
        (rect(200, 0, 400, 200), {"district_code": "150571", "district_name": "开发区"}),
    ], True)
    uris["communities"] = write_layer(lib, "communities", QgsWkbTypes.MultiPolygon, schema.COMMUNITY_FIELDS, [
        (rect(0, 0, 200, 200), {"community_code": "S-明仁", "community_name": "明仁社区",
                                "street_code": "ST-1", "district_code": "150502"}),
        (rect(200, 0, 400, 200), {"community_code": "S-建国", "community_name": "建国社区",
                                  "street_code": "ST-2", "district_code": "150571"}),
    ], False)
    uris["blocks"] = write_layer(lib, "blocks", QgsWkbTypes.MultiPolygon, schema.BLOCK_FIELDS, [
        (rect(0, 0, 200, 200), {"block_id": "B-甲", "block_name": "甲街区", "district_code": "150502"}),
        (rect(200, 0, 400, 200), {"block_id": "B-乙", "block_name": "乙街区", "district_code": "150571"}),
    ], False)
    uris["compounds"] = write_layer(lib, "compounds", QgsWkbTypes.MultiPolygon, schema.COMPOUND_FIELDS, [
        (rect(10, 10, 110, 190), {"compound_id": "C-天福", "compound_name": "天福家园", "households": 108,
                                  "community_code": "S-明仁"}),
        (rect(120, 10, 190, 100), {"compound_id": "C-和平", "compound_name": "和平小区",
                                   "community_code": "S-明仁"}),
        # 建国小区 mostly in block 乙 (x 195..390) with a strip in block 甲
        (rect(195, 10, 390, 190), {"compound_id": "C-建国", "compound_name": "建国小区",
                                   "community_code": "S-建国"}),
    ], False)
    bowtie = QgsGeometry.fromWkt("POLYGON(({a} {b},{c} {d},{c} {b},{a} {d},{a} {b}))".format(
        a=X0 + 300, b=Y0 + 120, c=X0 + 340, d=Y0 + 160))

    def b(bid, geom, hh, cid=None, comm="S-明仁", block=None, no="1", scattered=0, cname=""):
        return (geom, {"building_id": bid, "compound_id": cid, "compound_name": cname, "building_no": no,
                       "households": hh, "residents": hh * 2, "community_code": comm, "block_id": block,
                       "is_scattered": scattered})

    uris["buildings"] = write_layer(lib, "buildings", QgsWkbTypes.MultiPolygon, schema.BUILDING_FIELDS, [
        b("BLD-1", rect(20, 20, 50, 60), 40, "C-天福", no="1", cname="天福家园"),
        b("BLD-2", rect(60, 20, 100, 60), 60, "C-天福", no="2", cname="天福家园"),
        b("BLD-3", rect(130, 20, 180, 60), 20, None, no="3", cname="和平小区"),  # compound by footprint
        b("BLD-4", rect(220, 20, 260, 60), 30, "C-建国", comm="S-建国", no="4", cname="建国小区"),
        b("BLD-5", bowtie, 10, "C-建国", comm="S-建国", no="5", cname="建国小区"),  # self-intersecting
        b("BLD-6", rect(150, 150, 170, 170), 12, None, no="", scattered=1, cname="和平路45号"),  # 散楼
        b("BLD-7", rect(220, 120, 260, 160), 16, "C-建国", comm=None, no="7", cname="建国小区"),
        b("BLD-8", None, 8, "C-天福", no="8", cname="天福家园"),  # no geometry at all
    ], False)

    photos_dir = os.path.join(folder, "照片")
    os.makedirs(photos_dir)
    photo = {}
    for i, colour in enumerate(["red", "green", "blue", "yellow", "cyan"], 1):
        photo[i] = os.path.join(photos_dir, "问题照片{}.jpg".format(i))
        make_photo(photo[i], colour)

    def p(row, bid, x, y, problem, code="", sev="一般", status="未整改", photos=(), rnd=2024, compound=None):
        fields = dict.fromkeys(schema.REPORT_FIELDS)
        fields.update({
            "report_uid": "网格报表.xlsx|问题|{}".format(row), "source_file": "网格报表.xlsx",
            "source_sheet": "问题", "source_row": row, "round": rnd, "problem": problem,
            "problem_code": code, "severity": sev, "status": status, "reporter": "张三",
            "phone": "13812345678", "report_date": "2024-05-0{}".format(row % 9 + 1),
            "photo_paths": ";".join(photos), "building_id": bid, "match_method": "exact",
            "match_score": 1.0, "compound": compound})
        from qgis.core import QgsGeometry, QgsPointXY
        return (QgsGeometry.fromPointXY(QgsPointXY(X0 + x, Y0 + y)) if x is not None else None, fields)

    pfields = dict(schema.REPORT_FIELDS)
    pfields.update(schema.MATCH_FIELDS)
    problems = [
        p(2, "BLD-1", 30, 30, "燃气立管锈蚀", "GAS-01", "严重", photos=(photo[1], photo[2])),
        p(3, "BLD-1", 31, 30, "燃气管生锈", "", "一般", "已整改", photos=(photo[3],)),  # code from text
        p(4, "BLD-1", 32, 30, "燃气软管老化", "GAS-02", "较重", "整改中"),
        p(5, "BLD-2", 70, 30, "楼梯扶手松动", "STAIR-02", "较重", photos=(photo[4],)),
        p(6, "BLD-3", 150, 30, "楼道堆放杂物", "STAIR-04", "一般"),
        p(7, "BLD-5", 320, 140, "燃气立管锈蚀", "GAS-01", "严重", photos=(photo[5], "/不存在/丢失.jpg")),
        p(8, "BLD-6", 160, 160, "小区停车位不足", "PARKING-01", "较重", "已整改"),
        p(9, "BLD-7", 240, 140, "楼道照明损坏", "STAIR-03", "一般"),
        p(10, "BLD-8", None, None, "楼梯踏步破损", "STAIR-01", "一般"),
        # compound-level problems: no building; placed by point (和平小区) or by compound name (天福家园)
        p(11, None, 150, 80, "小区停车位不足", "PARKING-01", "较重"),
        p(12, None, None, None, "车辆占用消防通道", "PARKING-02", "严重", compound="天福家园"),
    ]
    prob_path = os.path.join(folder, "匹配问题.gpkg")
    uris["problems"] = write_layer(prob_path, "matched", QgsWkbTypes.Point, pfields, problems, True)
    two_rounds = [p(2, "BLD-1", 30, 30, "燃气立管锈蚀", "GAS-01"),
                  p(3, "BLD-2", 70, 30, "楼梯扶手松动", "STAIR-02"),
                  p(4, "BLD-4", 230, 30, "楼道照明损坏", "STAIR-03", rnd=2025)]
    uris["two_rounds"] = write_layer(prob_path, "two_rounds", QgsWkbTypes.Point, pfields, two_rounds, False)
    return {"folder": folder, "uris": uris, "photos": photo, "n_problems": len(problems)}


def params(city, out, rnd=0, problems=None):
    u = city["uris"]
    return {"PROBLEMS": problems or u["problems"], "BUILDINGS": u["buildings"], "COMPOUNDS": u["compounds"],
            "BLOCKS": u["blocks"], "COMMUNITIES": u["communities"], "DISTRICTS": u["districts"],
            "ROUND": rnd, "OUTPUT": out}


def layer(path, name):
    from qgis.core import QgsVectorLayer

    lyr = QgsVectorLayer("{}|layername={}".format(path, name), name, "ogr")
    assert lyr.isValid(), name
    return lyr


def rows(path, name):
    from qgis.core import NULL

    lyr = layer(path, name)
    out = []
    for f in lyr.getFeatures():
        d = {k: (None if v == NULL else v) for k, v in zip(lyr.fields().names(), f.attributes())}
        d["_geom"] = f.geometry() if f.hasGeometry() and not f.geometry().isEmpty() else None
        out.append(d)
    del lyr
    return out


def sha(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


class Recorder:
    def __init__(self):
        from qgis.core import QgsProcessingFeedback

        class _F(QgsProcessingFeedback):
            def __init__(self):
                super().__init__()
                self.warnings = []
                self.infos = []

            def pushWarning(self, text):
                self.warnings.append(text)

            def pushInfo(self, text):
                self.infos.append(text)

        self.feedback = _F()


@pytest.fixture(scope="module")
def built(city, tmp_path_factory):
    import processing

    out = os.path.join(str(tmp_path_factory.mktemp("台账")), "体检台账.gpkg")
    rec = Recorder()
    result = processing.run("cityhealth:buildledger", params(city, out), feedback=rec.feedback)
    return {"out": out, "result": result, "feedback": rec.feedback}


def test_every_problem_once_and_every_photo_once_with_relative_paths(city, built):
    out = built["out"]
    probs = rows(out, "problems")
    assert len(probs) == city["n_problems"]
    assert len({p["report_uid"] for p in probs}) == city["n_problems"]
    assert {p["round"] for p in probs} == {2024}
    by_row = {p["source_row"]: p for p in probs}
    assert by_row[3]["problem_code"] == "GAS-01"  # filled from the text 燃气管生锈
    assert by_row[3]["indicator_code"] == "IND-HOUSE-002" and by_row[3]["category"] == "GAS"
    assert by_row[2]["phone"] == "138****5678"
    assert by_row[6]["compound_id"] == "C-和平" and by_row[6]["block_id"] == "B-甲"  # BLD-3 by footprint
    assert by_row[8]["compound_id"] is None and by_row[8]["block_id"] == "B-甲"  # 散楼
    assert by_row[9]["community_code"] == "S-建国" and by_row[9]["district_code"] == "150571"
    assert by_row[11]["building_id"] is None and by_row[11]["compound_id"] == "C-和平"
    assert by_row[12]["compound_id"] == "C-天福" and by_row[12]["located_by"] == "compound"
    assert by_row[10]["_geom"] is None and by_row[10]["located_by"] is None  # BLD-8 has no geometry
    photos = rows(out, "photos")
    assert len(photos) == 5 and built["result"]["PHOTO_COUNT"] == 5
    assert sorted(p["original_name"] for p in photos) == ["问题照片{}.jpg".format(i) for i in range(1, 6)]
    uids = {p["problem_uid"] for p in probs}
    base = os.path.dirname(out)
    for ph in photos:
        assert ph["problem_uid"] in uids
        assert not os.path.isabs(ph["path"]) and ph["path"].startswith("体检台账_photos/2024/")
        assert os.path.isfile(os.path.join(base, ph["path"]))
        assert ph["sha256"] == sha(os.path.join(base, ph["path"]))
    assert by_row[2]["photo_count"] == 2 and by_row[7]["photo_count"] == 1
    assert any("丢失.jpg" in w for w in built["feedback"].warnings)


def test_ledger_counts_by_hand_and_rollups_consistent(built):
    out = built["out"]
    b = {r["building_id"]: r for r in rows(out, "ledger_building")}
    assert len(b) == 8
    assert b["BLD-1"]["problems_total"] == 3 and b["BLD-1"]["ind_house_002"] == 1
    assert b["BLD-1"]["worst_severity"] == "严重"
    assert (b["BLD-1"]["problems_open"], b["BLD-1"]["problems_in_progress"],
            b["BLD-1"]["problems_resolved"]) == (1, 1, 1)
    assert b["BLD-3"]["compound_id"] == "C-和平"  # by footprint
    assert b["BLD-6"]["compound_id"] is None and b["BLD-6"]["block_id"] == "B-甲"  # 散楼
    assert b["BLD-7"]["community_code"] == "S-建国"  # by footprint
    assert b["BLD-2"]["problems_per_100hh"] == pytest.approx(1.67)
    c = {r["compound_id"]: r for r in rows(out, "ledger_compound")}
    # 天福家园: BLD-1 (3) + BLD-2 (1) + BLD-8 (1) + 1 compound-level; households 40 + 60 + 8 = 108
    # → 6 / 108 * 100 = 5.56
    assert c["C-天福"]["problems_total"] == 6 and c["C-天福"]["households_total"] == 108
    assert c["C-天福"]["problems_area_level"] == 1 and c["C-天福"]["buildings_total"] == 3
    assert c["C-天福"]["problems_per_100hh"] == pytest.approx(5.56)
    assert c["C-和平"]["problems_total"] == 2 and c["C-和平"]["cat_parking"] == 1
    assert c["C-天福"]["ind_house_002"] == 1 and c["C-天福"]["ind_house_003"] == 2
    assert c["C-天福"]["households_affected"] == 108
    assert c["C-建国"]["block_id"] == "B-乙"
    blocks = {r["block_id"]: r for r in rows(out, "ledger_block")}
    # 甲: 天福 6 + 和平 2 + 散楼 1
    assert blocks["B-甲"]["problems_total"] == 9 and blocks["B-乙"]["problems_total"] == 2
    assert blocks["B-甲"]["cat_parking"] == 3
    d = {r["district_code"]: r for r in rows(out, "ledger_district")}
    assert d["150502"]["problems_total"] == 9 and d["150502"]["name"] == "科尔沁区"
    for level, parent, key in (("compound", "block", "block_id"), ("community", "district", "district_code")):
        kids = rows(out, "ledger_" + level)
        for prow in rows(out, "ledger_" + parent):
            for f in ("problems_total", "households_total", "ind_house_002", "ind_house_003", "cat_gas",
                      "problems_area_level", "problems_resolved"):
                s = sum(k[f] for k in kids if k[key] == prow[key])
                if parent == "block":
                    s += sum(x[f] for x in b.values() if x["compound_id"] is None and x[key] == prow[key])
                assert s == prow[f], (parent, prow[key], f)
    for i in range(1, 11):
        assert "ind_house_{:03d}".format(i) in d["150502"]


def test_invalid_and_empty_geometry_reported_not_dropped(built):
    warnings = "\n".join(built["feedback"].warnings)
    assert "BLD-5" in warnings and "repaired" in warnings
    assert "BLD-8" in warnings
    infos = "\n".join(built["feedback"].infos)
    assert "1 repaired" in infos and "1 empty" in infos
    b = {r["building_id"]: r for r in rows(built["out"], "ledger_building")}
    assert b["BLD-5"]["_geom"].isGeosValid() and b["BLD-5"]["_geom"].area() > 0
    assert b["BLD-8"]["_geom"] is None


def test_layers_have_default_styles_and_chinese_aliases(built):
    out = built["out"]
    con = sqlite3.connect(out)
    styled = {r[0] for r in con.execute("SELECT f_table_name FROM layer_styles WHERE useAsDefault")}
    con.close()
    for name in ("problems", "photos", "ledger_building", "ledger_compound", "ledger_community",
                 "ledger_block", "ledger_district", "ledger_runs"):
        assert name in styled
    lb = layer(out, "ledger_building")
    assert lb.renderer().type() == "graduatedSymbol"
    assert lb.attributeAlias(lb.fields().indexOf("problems_total")) == "问题总数"
    assert lb.attributeAlias(lb.fields().indexOf("ind_house_002")) == "存在燃气安全隐患的住宅数量"
    assert lb.labelsEnabled()
    ph = layer(out, "photos")
    setup = ph.editorWidgetSetup(ph.fields().indexOf("path"))
    assert setup.type() == "ExternalResource" and setup.config()["RelativeStorage"] == 2
    # the data-defined root path evaluates to the GeoPackage folder wherever the file lies
    from qgis.core import QgsExpression, QgsExpressionContext, QgsExpressionContextUtils

    expression = setup.config()["PropertyCollection"]["properties"]["propertyRootPath"]["expression"]
    context = QgsExpressionContext()
    context.appendScope(QgsExpressionContextUtils.layerScope(ph))
    assert QgsExpression(expression).evaluate(context) == os.path.dirname(out)
    del lb, ph


def test_run_metadata_records_inputs_checksums_and_versions(built, city):
    import json

    runs = rows(built["out"], "ledger_runs")
    assert len(runs) == 1
    run = runs[0]
    assert run["round"] == 2024 and run["plugin_version"] and run["qgis_version"]
    inputs = {i["parameter"]: i for i in json.loads(run["inputs"])}
    lib = city["uris"]["buildings"].split("|")[0]
    assert inputs["BUILDINGS"]["path"] == lib and inputs["BUILDINGS"]["sha256"] == sha(lib)
    assert json.loads(run["parameters"])["ROUND"] == 2024


def test_rounds_replace_only_their_own_rows(city, tmp_path):
    import processing

    out = str(tmp_path / "多轮台账.gpkg")
    processing.run("cityhealth:buildledger", params(city, out))
    # round 2025 from the same reports (round overridden) → both rounds present
    processing.run("cityhealth:buildledger", params(city, out, rnd=2025))
    probs = rows(out, "problems")
    assert sorted({p["round"] for p in probs}) == [2024, 2025]
    assert len(probs) == 2 * city["n_problems"]
    assert len(rows(out, "photos")) == 10
    assert len(rows(out, "ledger_building")) == 16
    # rebuilding 2024 replaces 2024 only
    processing.run("cityhealth:buildledger", params(city, out, rnd=2024))
    probs = rows(out, "problems")
    assert len(probs) == 2 * city["n_problems"]
    assert sum(1 for p in probs if p["round"] == 2025) == city["n_problems"]
    assert len(rows(out, "ledger_runs")) == 3
    assert sorted(os.listdir(str(tmp_path / "多轮台账_photos"))) == ["2024", "2025"]
    assert len(os.listdir(str(tmp_path / "多轮台账_photos" / "2024"))) == 5


def _table(path, name):
    con = sqlite3.connect(path)
    try:
        cur = con.execute('SELECT * FROM "{}" ORDER BY fid'.format(name))
        names = [d[0] for d in cur.description]
        return [dict(zip(names, row)) for row in cur]
    finally:
        con.close()


def test_a_new_round_is_appended_the_kept_rows_untouched(city, tmp_path):
    """Round 2025 onto a 2024 ledger: the 2024 rows keep their fid and every value, the 2025 rows come
    after them. Rebuilding 2024 then deletes the 2024 rows and appends the new ones: the 2025 rows
    keep their fids (they are not read and written again, as a rewrite of the layer would)."""
    import processing

    out = str(tmp_path / "追加台账.gpkg")
    processing.run("cityhealth:buildledger", params(city, out, rnd=2024))
    before = {name: _table(out, name) for name in ("problems", "photos", "ledger_building", "ledger_runs")}
    processing.run("cityhealth:buildledger", params(city, out, rnd=2025))
    after = {}
    for name, old in before.items():
        now = after[name] = _table(out, name)
        assert now[:len(old)] == old, name  # same fids, same values, same order
        assert len(now) == (2 if name == "ledger_runs" else 2 * len(old))
        assert {r["round"] for r in now[len(old):]} == {2025}
    processing.run("cityhealth:buildledger", params(city, out, rnd=2024))
    for name in ("problems", "photos", "ledger_building"):
        kept = [r for r in after[name] if r["round"] == 2025]
        now = _table(out, name)
        assert [r for r in now if r["round"] == 2025] == kept, name  # fids n+1 … 2n still
        assert min(r["fid"] for r in kept) > len(before[name])
        rebuilt = [r for r in now if r["round"] == 2024]
        assert len(rebuilt) == len(before[name]) and min(r["fid"] for r in rebuilt) > max(
            r["fid"] for r in kept)
    assert len(_table(out, "ledger_runs")) == 3
    # the rows of the rebuilt round went in one DELETE: QGIS's feature count and the spatial
    # index (R-tree) still match the rows, and a spatial filter finds exactly the rows in a box
    from qgis.core import QgsFeatureRequest, QgsRectangle, QgsVectorLayer

    con = sqlite3.connect(out)
    try:
        for name in ("problems", "photos", "ledger_building"):
            n = con.execute('SELECT COUNT(*) FROM "{}"'.format(name)).fetchone()[0]
            layer = QgsVectorLayer("{}|layername={}".format(out, name), name, "ogr")
            assert layer.featureCount() == n == 2 * len(before[name]), name
            if name != "photos":
                shaped = {f.id(): f.geometry().boundingBox() for f in layer.getFeatures()
                          if f.hasGeometry() and not f.geometry().isEmpty()}
                indexed = {r[0] for r in con.execute('SELECT id FROM "rtree_{}_geom"'.format(name))}
                assert indexed == set(shaped), name
                box = layer.extent()
                half = QgsRectangle(box.xMinimum(), box.yMinimum(), box.center().x(), box.yMaximum())
                found = {f.id() for f in layer.getFeatures(QgsFeatureRequest().setFilterRect(half))}
                assert found == {i for i, b in shaped.items() if b.intersects(half)} and found, name
            del layer
    finally:
        con.close()


def test_a_ledger_lacking_a_new_field_is_rewritten_with_its_rows(city, tmp_path):
    """A ledger of an older version (problems without ``located_by``): the layer is rewritten with the
    field, the old round's rows kept (the field empty); layers that fit are appended."""
    import processing

    out = str(tmp_path / "旧版台账.gpkg")
    processing.run("cityhealth:buildledger", params(city, out, rnd=2024))
    con = sqlite3.connect(out)
    con.execute('ALTER TABLE problems DROP COLUMN located_by')
    con.commit()
    con.close()
    old = _table(out, "problems")
    old_photos = _table(out, "photos")
    processing.run("cityhealth:buildledger", params(city, out, rnd=2025))
    probs = rows(out, "problems")
    assert len(probs) == 2 * len(old)
    kept = [p for p in probs if p["round"] == 2024]
    assert sorted(p["problem_uid"] for p in kept) == sorted(p["problem_uid"] for p in old)
    assert all(p["located_by"] is None for p in kept)
    assert {p["located_by"] for p in probs if p["round"] == 2025} - {None}  # the new rows have it
    assert _table(out, "photos")[:len(old_photos)] == old_photos  # appended: untouched


def test_cancel_mid_run_leaves_previous_file_byte_identical(city, tmp_path):
    import processing
    from qgis.core import QgsProcessingException, QgsProcessingFeedback

    out = str(tmp_path / "台账.gpkg")
    processing.run("cityhealth:buildledger", params(city, out))
    before = sha(out)
    listing = sorted(os.listdir(str(tmp_path)))

    class CancelWhileWriting(QgsProcessingFeedback):
        def setProgressText(self, text):
            super().setProgressText(text)
            if "styles" in text:
                self.cancel()

    with pytest.raises(QgsProcessingException):
        processing.run("cityhealth:buildledger", params(city, out, rnd=2025), feedback=CancelWhileWriting())
    assert sha(out) == before
    assert sorted(os.listdir(str(tmp_path))) == listing  # no temporary file left behind
    assert os.listdir(str(tmp_path / "台账_photos")) == ["2024"]


def test_round_is_picked_from_problems_holding_several_rounds(city, tmp_path):
    import processing
    from qgis.core import QgsProcessingException

    out = str(tmp_path / "两轮.gpkg")
    with pytest.raises(QgsProcessingException, match="2024, 2025"):
        processing.run("cityhealth:buildledger", params(city, out, problems=city["uris"]["two_rounds"]))
    assert not os.path.exists(out)
    processing.run("cityhealth:buildledger", params(city, out, rnd=2025, problems=city["uris"]["two_rounds"]))
    probs = rows(out, "problems")
    assert [(p["round"], p["building_id"]) for p in probs] == [(2025, "BLD-4")]


def test_missing_building_field_gives_a_clear_message(city, tmp_path):
    import processing
    from qgis.core import QgsProcessingException

    with pytest.raises(QgsProcessingException, match="building_id"):
        processing.run("cityhealth:buildledger", params(city, str(tmp_path / "x.gpkg"),
                                                        problems=city["uris"]["districts"]))


def test_post_processor_adds_relation_form_and_photo_root(built):
    from qgis.core import QgsEditFormConfig, QgsProcessingContext, QgsProcessingFeedback, QgsProject

    from cityhealth_plugin.processing.layer_styles import LedgerPostProcessor

    out = built["out"]
    project = QgsProject()
    context = QgsProcessingContext()
    context.setProject(project)
    loaded = {}
    for name in ("problems", "photos"):
        lyr = layer(out, name)
        project.addMapLayer(lyr)
        loaded[name] = lyr
        LedgerPostProcessor.create(out, 2024, name).postProcessLayer(lyr, context, QgsProcessingFeedback())
    relations = list(project.relationManager().relations().values())
    assert len(relations) == 1
    rel = relations[0]
    assert rel.referencedLayer() is loaded["problems"] and rel.referencingLayer() is loaded["photos"]
    first = next(f for f in loaded["problems"].getFeatures() if f["source_row"] == 2)
    names = sorted(f["original_name"] for f in rel.getRelatedFeatures(first))
    assert names == ["问题照片1.jpg", "问题照片2.jpg"]
    config = loaded["problems"].editFormConfig()
    assert config.layout() == QgsEditFormConfig.TabLayout
    kinds = [c.type() for tab in config.tabs() for c in tab.children()]
    from qgis.core import QgsAttributeEditorElement
    assert QgsAttributeEditorElement.AeTypeRelation in kinds
    photos = loaded["photos"]
    setup = photos.editorWidgetSetup(photos.fields().indexOf("path"))
    assert setup.config()["DefaultRoot"] == os.path.dirname(out)
    # the default style of the GeoPackage (the round is chosen in the URI, see the tests below)
    assert loaded["problems"].renderer().type() == "categorizedSymbol"
    project.clear()


def test_render_ledger_building_png(built):
    from qgis.core import (
        QgsFillSymbol,
        QgsMapRendererParallelJob,
        QgsMapSettings,
        QgsRectangle,
        QgsSingleSymbolRenderer,
    )
    from qgis.PyQt.QtCore import QSize
    from qgis.PyQt.QtGui import QColor

    lb = layer(built["out"], "ledger_building")
    lc = layer(built["out"], "ledger_compound")  # context: compound outlines only
    lc.setRenderer(QgsSingleSymbolRenderer(QgsFillSymbol.createSimple(
        {"style": "no", "outline_color": "#606060", "outline_style": "dash", "outline_width": "0.4"})))
    lc.setLabelsEnabled(False)
    assert lb.renderer().type() == "graduatedSymbol"
    settings = QgsMapSettings()
    settings.setLayers([lb, lc])
    settings.setDestinationCrs(lb.crs())
    settings.setExtent(QgsRectangle(X0 - 10, Y0 - 10, X0 + 410, Y0 + 210))
    settings.setOutputSize(QSize(840, 440))
    settings.setBackgroundColor(QColor("white"))
    job = QgsMapRendererParallelJob(settings)
    job.start()
    job.waitForFinished()
    os.makedirs(ARTEFACTS, exist_ok=True)
    path = os.path.join(ARTEFACTS, "ledger_building.png")
    assert job.renderedImage().save(path, "PNG")
    assert os.path.getsize(path) > 1000
    del lb, lc


def test_other_layers_in_the_geopackage_survive_a_rebuild(city, tmp_path):
    import processing
    from qgis.core import QgsWkbTypes

    out = str(tmp_path / "台账.gpkg")
    processing.run("cityhealth:buildledger", params(city, out))
    write_layer(out, "我的图层", QgsWkbTypes.MultiPolygon, {"备注": str},
                [(rect(0, 0, 5, 5), {"备注": "保留"})], False)
    processing.run("cityhealth:buildledger", params(city, out, rnd=2025))
    assert [r["备注"] for r in rows(out, "我的图层")] == ["保留"]
    assert len(rows(out, "problems")) == 2 * city["n_problems"]


def test_results_load_into_the_project_styled_with_relation(city, tmp_path):
    import processing
    from qgis.core import QgsApplication, QgsProcessingContext, QgsProcessingFeedback, QgsProject

    from tests.conftest import handle_algorithm_results

    out = str(tmp_path / "加载.gpkg")
    project = QgsProject.instance()
    project.clear()
    context = QgsProcessingContext()
    context.setProject(project)
    feedback = QgsProcessingFeedback()
    processing.run("cityhealth:buildledger", params(city, out), context=context, feedback=feedback)
    alg = QgsApplication.processingRegistry().algorithmById("cityhealth:buildledger")
    assert handle_algorithm_results(alg, context, feedback)
    by_name = {lyr.name(): lyr for lyr in project.mapLayers().values()}
    assert {"问题点 2024", "问题照片 2024", "楼栋台账 2024", "小区台账 2024", "社区台账 2024",
            "街区台账 2024", "区台账 2024"} <= set(by_name)
    for name in ("楼栋台账 2024", "小区台账 2024"):  # the graduated classes of the default style
        renderer = by_name[name].renderer()
        assert renderer.type() == "graduatedSymbol" and len(renderer.ranges()) == 5
        assert by_name[name].subsetString() == '"round" = 2024'  # the round, in the URI
    relations = list(project.relationManager().relations().values())
    assert len(relations) == 1 and relations[0].referencingLayer() is by_name["问题照片 2024"]
    photos = by_name["问题照片 2024"]
    assert photos.editorWidgetSetup(photos.fields().indexOf("path")).config()["DefaultRoot"] == str(tmp_path)
    project.clear()


def _drawn(lyr):
    """Features the layer's renderer would draw."""
    from qgis.core import QgsRenderContext

    context = QgsRenderContext()
    context.setExpressionContext(lyr.createExpressionContext())
    renderer = lyr.renderer().clone()
    renderer.startRender(context, lyr.fields())
    drawn = []
    for f in lyr.getFeatures():
        context.expressionContext().setFeature(f)  # as the map renderer does (expression classes)
        if renderer.willRenderFeature(f, context):
            drawn.append(f)
    renderer.stopRender(context)
    return drawn


def _round_counts(path: str, round_no: int) -> dict:
    import sqlite3

    with sqlite3.connect(path) as db:
        return {name: db.execute('SELECT COUNT(*) FROM "{}" WHERE "round" = ?'.format(name), (round_no,))
                .fetchone()[0] for name in ("problems", "photos", "ledger_building", "ledger_compound",
                                            "ledger_community", "ledger_block", "ledger_district")}


def _load_results(city, out, rnd, **extra):
    import processing
    from qgis.core import QgsApplication, QgsProcessingContext, QgsProcessingFeedback, QgsProject

    from tests.conftest import handle_algorithm_results

    project = QgsProject.instance()
    project.clear()
    context = QgsProcessingContext()
    context.setProject(project)
    feedback = QgsProcessingFeedback()
    processing.run("cityhealth:buildledger", {**params(city, out, rnd=rnd), **extra}, context=context,
                   feedback=feedback)
    alg = QgsApplication.processingRegistry().algorithmById("cityhealth:buildledger")
    assert handle_algorithm_results(alg, context, feedback)
    return project, {lyr.name(): lyr for lyr in project.mapLayers().values()}


TITLES = {"问题点": "problems", "问题照片": "photos", "楼栋台账": "ledger_building",
          "小区台账": "ledger_compound", "社区台账": "ledger_community", "街区台账": "ledger_block",
          "区台账": "ledger_district"}


def test_all_outputs_load_valid_one_round_each_with_the_subset_in_the_uri(city, tmp_path):
    """Regression: QGIS's OGR provider breaks ("unable to open database file", feature count -1)
    when a second layer of one GeoPackage gets setSubsetString(). With the subset in the URI every
    layer of the file loads valid, its attribute table holds only the round shown (the latest by
    default), and its renderer draws every feature of it."""
    import processing

    out = str(tmp_path / "两轮加载.gpkg")
    processing.run("cityhealth:buildledger", params(city, out, rnd=2024))
    project, layers = _load_results(city, out, 2025)
    counts = _round_counts(out, 2025)
    assert counts["problems"] == city["n_problems"] and counts["ledger_building"] == 8
    for title, name in TITLES.items():
        lyr = layers["{} 2025".format(title)]
        assert lyr.isValid(), name
        assert lyr.subsetString() == '"round" = 2025', name
        assert lyr.featureCount() == counts[name], name  # -1 when the provider broke
        assert {f["round"] for f in lyr.getFeatures()} == {2025}, name  # the attribute table: one round
        if lyr.isSpatial():
            assert len(_drawn(lyr)) == counts[name], name
    project.clear()


def test_show_round_chooses_the_round_loaded_default_the_latest(city, tmp_path):
    """Two subset URIs of one GeoPackage: rebuilding 2024 after 2025 shows 2025 (the latest) unless
    SHOW_ROUND asks for 2024; both open and count right next to each other."""
    import processing
    from qgis.core import QgsProject, QgsVectorLayer

    from cityhealth_plugin.processing.layer_styles import latest_round, round_uri

    out = str(tmp_path / "选择轮次.gpkg")
    processing.run("cityhealth:buildledger", params(city, out, rnd=2025))
    project, layers = _load_results(city, out, 2024)
    assert latest_round(out) == 2025
    assert "楼栋台账 2025" in layers and layers["楼栋台账 2025"].subsetString() == '"round" = 2025'
    project.clear()
    project, layers = _load_results(city, out, 2024, SHOW_ROUND=2024)
    assert layers["楼栋台账 2024"].featureCount() == _round_counts(out, 2024)["ledger_building"]
    project.clear()
    # both rounds of one layer, and of two layers, open side by side in one project
    opened = [QgsVectorLayer(round_uri(out, name, rnd), "{} {}".format(name, rnd), "ogr")
              for name in ("ledger_building", "problems") for rnd in (2024, 2025)]
    QgsProject.instance().addMapLayers(opened)
    assert [lyr.featureCount() for lyr in opened] == [8, 8, city["n_problems"], city["n_problems"]]
    assert all(lyr.isValid() for lyr in opened)
    QgsProject.instance().clear()


def test_qgis_compat_fields_and_tabs(plugin):
    """make_field gives the same field types on QGIS 3.22 (QVariant) and 3.38+ (QMetaType)."""
    from qgis.core import Qgis, QgsAttributeEditorContainer
    from qgis.PyQt.QtCore import QVariant

    from cityhealth_plugin.processing.qgis_compat import make_field

    expected = {str: QVariant.String, int: QVariant.Int, float: QVariant.Double, "int64": QVariant.LongLong}
    for python_type, variant in expected.items():
        field = make_field("字段", python_type)
        assert field.name() == "字段" and int(field.type()) == int(variant)
    with pytest.raises(ValueError):
        make_field("x", bytes)
    from cityhealth_plugin.processing.qgis_compat import set_tab_container

    tab = QgsAttributeEditorContainer("照片", None)
    tab.setIsGroupBox(True)
    set_tab_container(tab)
    assert not tab.isGroupBox()
    if Qgis.QGIS_VERSION_INT >= 33200:
        assert tab.type() == Qgis.AttributeEditorContainerType.Tab
