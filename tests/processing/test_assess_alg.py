"""cityhealth:assess on hand-drawn geometry and on the demo city (both levels, both files, configs)."""

from __future__ import annotations

import json
import os
import sqlite3

import openpyxl
import processing
import pytest
from qgis.core import QgsGeometry, QgsProcessingException, QgsProject

from cityhealth_plugin.core.indicators.config import load_config
from cityhealth_plugin.processing import indicator_geometry as geo
from cityhealth_plugin.processing.indicator_project import store_project_config
from tests.processing.layers import X0, Y0, rect

BASIC = ("IND-HOUSE", "IND-COMM", "IND-BLOCK")


def point(x, y):
    return QgsGeometry.fromWkt("POINT({} {})".format(X0 + x, Y0 + y))


def test_spatial_answers_by_hand():
    store = geo.GeometryStore()
    store.units["compound"] = {"C1": rect(0, 0, 100, 100), "C2": rect(500, 0, 600, 100)}
    store.features["facilities"] = {"F1": point(50, 50), "F2": point(150, 50), "F3": point(900, 50)}
    store.features["parks"] = {"P1": rect(0, 200, 100, 300)}
    store.centroids = {"B1": point(50, 150), "B2": point(50, 60), "B3": point(550, 50)}
    store.features["roads"] = {"R1": QgsGeometry.fromWkt("LINESTRING({} {},{} {})".format(
        X0 - 50, Y0 + 105, X0 + 700, Y0 + 105))}
    store.problem_points = {0: point(20, 110), 1: point(300, 400)}
    # F1 inside C1 (0 m), F2 50 m east of C1; F3 300 m east of C2
    assert geo.near(store, "compound", "facilities", ["F1", "F2", "F3"], 0) == {"C1": ["F1"]}
    assert geo.near(store, "compound", "facilities", ["F1", "F2", "F3"], 60) == {"C1": ["F1", "F2"]}
    assert geo.near(store, "compound", "facilities", ["F3"], 300) == {"C2": ["F3"]}
    # park edge at y=200: B1 (y=150) is 50 m away, B2 140 m, B3 far
    assert geo.cover(store, "parks", ["P1"], 100) == {"B1"}
    assert geo.cover(store, "parks", ["P1"], 0) == set()
    # road at y=105, 5 m above C1: inside C1 grown by 10 m (round corners) from x = -√(10²-5²) to
    # 100 + √75 → 100 + 2√75 = 117.32 m; likewise C2
    got = geo.length(store, "compound", ["R1"], 10)
    expected = 100 + 2 * 75 ** 0.5
    assert got["C1"] == pytest.approx(expected, abs=0.3) and got["C2"] == pytest.approx(expected, abs=0.3)
    assert geo.length(store, "compound", ["R1"], 0) == {"C1": 0.0, "C2": 0.0}
    assert geo.road_of(store, 20) == {0: "R1"}  # problem 1 is 295 m away


@pytest.fixture(scope="module")
def demo(plugin, tmp_path_factory):
    """Demo city (seed 2024, small), round 2025 joined and built into a ledger."""
    out = tmp_path_factory.mktemp("体检评估")
    city = processing.run("cityhealth:democity",
                          {"SIZE": 0, "SEED": 2024, "OUTPUT_FOLDER": str(out / "city")})
    gpkg = city["GEOPACKAGE"]
    uri = {name: "{}|layername={}".format(gpkg, name) for name in (
        "buildings", "compounds", "blocks", "communities", "districts", "facilities", "parks", "roads")}
    joined = processing.run("cityhealth:joinreports", {
        "REPORTS": os.path.join(city["REPORTS_PATH"], "2025"), "LIBRARY": uri["buildings"],
        "ID_FIELD": "building_id", "COMPOUND_FIELD": "compound_name", "BUILDING_FIELD": "building_no",
        "UNITS_FIELD": "units", "GRID_FIELD": "grid_code", "ROUND": 2025,
        "OUTPUT": str(out / "匹配.gpkg"), "UNMATCHED": str(out / "未匹配.gpkg")})
    ledger = str(out / "体检台账.gpkg")
    processing.run("cityhealth:buildledger", {
        "PROBLEMS": joined["OUTPUT"], "BUILDINGS": uri["buildings"], "COMPOUNDS": uri["compounds"],
        "BLOCKS": uri["blocks"], "COMMUNITIES": uri["communities"], "DISTRICTS": uri["districts"],
        "ROUND": 2025, "OUTPUT": ledger})
    return {"out": out, "ledger": ledger, "uri": uri}


def run(demo, level, name="体检评估", **extra):
    params = {"LEDGER": demo["ledger"], "LEVEL": level, "FACILITIES": demo["uri"]["facilities"],
              "PARKS": demo["uri"]["parks"], "ROADS": demo["uri"]["roads"],
              "COMPOUNDS": demo["uri"]["compounds"], "BUILDINGS": demo["uri"]["buildings"],
              "OUTPUT": str(demo["out"] / (name + ".gpkg")), "REPORT": str(demo["out"] / (name + ".xlsx"))}
    params.update(extra)
    return processing.run("cityhealth:assess", params)


def rows(path, layer):
    with sqlite3.connect(path) as db:
        db.row_factory = sqlite3.Row
        return [dict(r) for r in db.execute('SELECT * FROM "{}"'.format(layer))]


@pytest.fixture(scope="module")
def assessed(demo):
    block = run(demo, 3)
    compound = run(demo, 1)
    return block, compound


def test_both_levels_land_in_one_geopackage_and_one_workbook(demo, assessed):
    block, compound = assessed
    assert block["OUTPUT"] == compound["OUTPUT"] and block["ROUND_ASSESSED"] == 2025
    with sqlite3.connect(block["OUTPUT"]) as db:
        tables = {r[0] for r in db.execute("SELECT table_name FROM gpkg_contents")}
    assert {"assessment_block", "assessment_compound"} <= tables
    assert len(rows(block["OUTPUT"], "assessment_block")) == block["UNITS"] > 50
    assert len(rows(block["OUTPUT"], "assessment_compound")) == compound["UNITS"] > 100
    book = openpyxl.load_workbook(block["REPORT"], read_only=True)
    assert {"汇总", "街区评估", "小区评估"} <= set(book.sheetnames)
    book.close()
    with sqlite3.connect(block["OUTPUT"]) as db:
        styled = {r[0] for r in db.execute("SELECT f_table_name FROM layer_styles WHERE useAsDefault")}
    assert styled == {"assessment_block", "assessment_compound"}  # grade colours and Chinese aliases
    run(demo, 3)  # rerunning a round replaces its rows
    assert len(rows(block["OUTPUT"], "assessment_block")) == block["UNITS"]
    assert len(rows(block["OUTPUT"], "assessment_compound")) == compound["UNITS"]


def test_every_basic_indicator_has_a_value_or_a_reason_for_every_unit(assessed):
    codes = [i["code"] for i in load_config()["indicators"] if i["code"].startswith(BASIC)]
    assert len(codes) == 30
    for result, layer in zip(assessed, ("assessment_block", "assessment_compound")):
        units = rows(result["OUTPUT"], layer)
        for code in codes:
            name = code.replace("-", "_")
            for unit in units:
                assert unit[name] is not None or name + ":" in (unit["notes"] or ""), (layer, code, unit)
                allowed = ("ok", "yellow", "red") if unit[name] is not None else (None,)
                assert unit[name + "_status"] in allowed
            if layer == "assessment_block":  # every basic indicator is defined for blocks
                assert sum(u[name] is not None for u in units) > 0.9 * len(units) or code == "IND-COMM-016"
        assert all(u["grade"] in ("较差", "一般", "较好", "很好") for u in units)
        assert all(0 <= u["score"] <= 100 for u in units)
        assert any(u["short_boards"] for u in units)


def test_housing_indicators_equal_the_ledgers_distinct_building_counts(demo, assessed):
    for result, level, key in ((assessed[0], "block", "block_id"), (assessed[1], "compound", "compound_id")):
        ours = {u[key]: u for u in rows(result["OUTPUT"], "assessment_" + level)}
        ledger = {u[key]: u for u in rows(demo["ledger"], "ledger_" + level) if u["round"] == 2025}
        assert set(ours) == set(ledger)
        for n in range(1, 11):
            code = "IND_HOUSE_{:03d}".format(n)
            assert {k: u[code] for k, u in ours.items()} == {
                k: float(u["ind_house_{:03d}".format(n)]) for k, u in ledger.items()}, code


def test_a_changed_standard_value_in_config_changes_statuses(demo, assessed, tmp_path):
    config = load_config()
    entry = next(i for i in config["indicators"] if i["code"] == "IND-BLOCK-026")
    before = [u["IND_BLOCK_026_status"] for u in rows(assessed[0]["OUTPUT"], "assessment_block")]
    entry["standard"], entry["red"] = 10.0, 0.0  # almost every block meets 10 %
    path = tmp_path / "指标配置.json"
    path.write_text(json.dumps(config, ensure_ascii=False), encoding="utf-8")
    result = run(demo, 3, name="改标准", CONFIG=str(path))
    after = [u["IND_BLOCK_026_status"] for u in rows(result["OUTPUT"], "assessment_block")]
    assert before.count("ok") < after.count("ok")


def test_project_configuration_is_used_when_config_is_empty(demo, tmp_path):
    config = load_config()
    for entry in config["indicators"]:
        entry["enabled"] = entry["code"] in ("IND-HOUSE-001", "IND-COMM-021")
    project = QgsProject.instance()
    project.setFileName(str(tmp_path / "通辽体检.qgz"))
    written = store_project_config(project, config)
    try:
        assert os.path.basename(written) == "通辽体检_指标配置.json" and os.path.isfile(written)
        result = run(demo, 3, name="项目配置")
        with sqlite3.connect(result["OUTPUT"]) as db:
            columns = [r[1] for r in db.execute("PRAGMA table_info(assessment_block)")]
        assert [c for c in columns if c.startswith("IND_")] == [
            "IND_HOUSE_001", "IND_HOUSE_001_status", "IND_COMM_021", "IND_COMM_021_status"]
    finally:
        project.clear()


def test_bad_config_is_refused_and_nothing_is_written(demo, tmp_path):
    config = load_config()
    config["indicators"][12]["params"]["targets"][0]["radius"] = -300
    path = tmp_path / "坏配置.json"
    path.write_text(json.dumps(config, ensure_ascii=False), encoding="utf-8")
    out = tmp_path / "不应写出.gpkg"
    with pytest.raises(QgsProcessingException) as error:
        run(demo, 3, CONFIG=str(path), OUTPUT=str(out), REPORT=str(tmp_path / "不应写出.xlsx"))
    assert "entry 13 (IND-COMM-013)" in str(error.value) and "radius" in str(error.value)
    assert os.listdir(tmp_path) == ["坏配置.json"]


def test_a_layer_without_a_needed_field_is_refused_up_front(demo, tmp_path):
    out = tmp_path / "无字段.gpkg"
    with pytest.raises(QgsProcessingException) as error:
        run(demo, 3, COMPOUNDS=demo["uri"]["blocks"], OUTPUT=str(out), REPORT="")
    assert "IND-COMM-021" in str(error.value) and "has_property" in str(error.value)
    assert not out.exists()


def test_statistics_table_fills_department_indicators(demo, tmp_path):
    compounds = rows(demo["ledger"], "ledger_compound")
    first = compounds[0]
    stats = tmp_path / "部门统计.csv"
    stats.write_text("unit_id,indicator_code,value\n{},IND-COMM-016,7\n".format(first["compound_id"]),
                     encoding="utf-8")
    result = run(demo, 3, name="统计", STATS=str(stats))
    block = next(u for u in rows(result["OUTPUT"], "assessment_block") if u["block_id"] == first["block_id"])
    assert block["IND_COMM_016"] == 7.0 and block["IND_COMM_016_status"] == "yellow"  # 0 < 7 < 150


def test_cancel_leaves_no_output(demo, tmp_path):
    from qgis.core import QgsProcessingFeedback

    class CancelWhenIndicatorsStart(QgsProcessingFeedback):
        def setProgressText(self, text):  # noqa: N802 (QGIS API name)
            super().setProgressText(text)
            if self.progress() >= 50:
                self.cancel()

    out = tmp_path / "取消.gpkg"
    params = {"LEDGER": demo["ledger"], "LEVEL": 3, "FACILITIES": demo["uri"]["facilities"],
              "OUTPUT": str(out), "REPORT": str(tmp_path / "取消.xlsx")}
    with pytest.raises(QgsProcessingException):
        processing.run("cityhealth:assess", params, feedback=CancelWhenIndicatorsStart())
    assert os.listdir(tmp_path) == []


def test_counts_roll_up_block_to_district_and_compound_to_block(demo, assessed):
    district = run(demo, 4, name="区级")
    blocks = rows(assessed[0]["OUTPUT"], "assessment_block")
    compounds = rows(assessed[1]["OUTPUT"], "assessment_compound")
    ledger_blocks = {r["block_id"]: r["district_code"] for r in rows(demo["ledger"], "ledger_block")}
    ledger_compounds = {r["compound_id"]: r["block_id"] for r in rows(demo["ledger"], "ledger_compound")}
    additive = ["IND_HOUSE_{:03d}".format(n) for n in range(1, 11)] + [
        "IND_COMM_011", "IND_COMM_013", "IND_COMM_015", "IND_COMM_017", "IND_COMM_021"]
    for unit in rows(district["OUTPUT"], "assessment_district"):
        members = [b for b in blocks if ledger_blocks[b["block_id"]] == unit["district_code"]]
        for name in additive + ["IND_BLOCK_024", "IND_BLOCK_025"]:
            assert unit[name] == sum(b[name] for b in members), (unit["district_code"], name)
        assert unit["IND_CITY_037"] is not None and unit["IND_CITY_037"] > 0  # km of road per km²
    by_block = {}
    for c in compounds:
        by_block.setdefault(ledger_compounds[c["compound_id"]], []).append(c)
    for block in blocks:
        for name in ("IND_COMM_011", "IND_COMM_015", "IND_COMM_021"):  # counted over compounds
            assert block[name] == sum(c[name] for c in by_block.get(block["block_id"], [])), name
