"""Corpus cases run through algorithms other than joinreports: each function builds its input in
``tmp_path``, runs the algorithm (or, where the core unit is what matters, the core function) and
returns an :class:`~tests.badinput.runners.Outcome`."""

from __future__ import annotations

import datetime
import os
import sqlite3

from tests.badinput import builders as b
from tests.badinput.runners import GOOD_CSV, GOOD_FILE, Outcome, layer_rows, numbers_in, run_algorithm

# --- a join then a ledger (cityhealth:buildledger) ---------------------------------------------


def _joined(tmp_path, library_uri):
    reports = tmp_path / "报表"
    reports.mkdir()
    (reports / GOOD_FILE).write_text(GOOD_CSV + "天福家园北区,3,墙皮脱落\n", encoding="utf-8")
    out = str(tmp_path / "匹配.gpkg")
    result, lines, error = run_algorithm("cityhealth:joinreports", {
        "LIBRARY": library_uri, "ID_FIELD": "building_id", "COMPOUND_FIELD": "compound_name",
        "BUILDING_FIELD": "building_no", "UNITS_FIELD": "units", "REPORTS": str(reports), "ROUND": 2024,
        "OUTPUT": out, "UNMATCHED": "memory:"})
    assert result is not None, error
    return out, lines


def buildledger_with(geometries):
    def run(tmp_path):
        folder = tmp_path / "数据"
        folder.mkdir()
        lib = b.library(folder, geometries=geometries, multi=True)
        problems, join_lines = _joined(tmp_path, lib)
        compounds = b.compounds(folder)
        result, lines, error = run_algorithm("cityhealth:buildledger", {
            "PROBLEMS": problems, "BUILDINGS": lib, "COMPOUNDS": compounds, "ROUND": 2024,
            "OUTPUT": str(tmp_path / "台账.gpkg")})
        out = Outcome(text="\n".join(join_lines + lines + [error]), error=error)
        if result is None:
            return out
        rows = layer_rows("{}|layername=problems".format(tmp_path / "台账.gpkg"))
        out.rows = rows
        out.rows_in = len(layer_rows(problems))
        out.rows_out = result["PROBLEM_COUNT"]
        out.rows_reported = 0
        out.extra["good"] = any(r["source_file"] == GOOD_FILE and r["building_id"] == "B01" for r in rows)
        buildings = layer_rows("{}|layername=ledger_building".format(tmp_path / "台账.gpkg"))
        out.extra["buildings"] = {r["building_id"] for r in buildings}
        return out
    return run


# --- cityhealth:addresslibrary ----------------------------------------------------------------


def addresslibrary_with(geometries=None, crs="EPSG:4550", drop_field=""):
    def run(tmp_path):
        folder = tmp_path / "数据"
        folder.mkdir()
        lib = b.library(folder, geometries=geometries, crs=crs, drop_field=drop_field)
        result, lines, error = run_algorithm("cityhealth:addresslibrary", {
            "BUILDINGS": lib, "ID_FIELD": "building_id", "COMPOUND_FIELD": "compound_name",
            "BUILDING_FIELD": "building_no", "UNITS_FIELD": "units", "COMMUNITY_FIELD": "community_code",
            "GRID_FIELD": "grid_code", "OUTPUT": str(tmp_path / "标准地址库.gpkg")})
        out = Outcome(text="\n".join(lines + [error]), error=error)
        if result is None:
            return out
        rows = layer_rows("{}|layername=library_buildings".format(tmp_path / "标准地址库.gpkg"))
        out.rows = rows
        out.rows_in, out.rows_out, out.rows_reported = 8, result["BUILDING_COUNT"], 0
        out.extra["good"] = any(r["building_id"] == "B01" for r in rows)
        return out
    return run


# --- cityhealth:surveyforms -------------------------------------------------------------------


def surveyforms_without_field(tmp_path):
    folder = tmp_path / "数据"
    folder.mkdir()
    lib = b.library(folder, drop_field="building_no")
    result, lines, error = run_algorithm("cityhealth:surveyforms", {
        "LIBRARY": lib, "ID_FIELD": "building_id", "COMPOUND_FIELD": "compound_name",
        "BUILDING_FIELD": "building_no", "OUTPUT_FOLDER": str(tmp_path / "表单")})
    return Outcome(text="\n".join(lines + [error]), error=error)


# --- the closed loop: cityhealth:workorders, cityhealth:importstatus --------------------------

def _ledger(tmp_path):
    from tests.processing.closedloop_fixture import make_ledger

    return make_ledger(str(tmp_path))


def _dispatch(ledger, tmp_path):
    result, lines, error = run_algorithm("cityhealth:workorders", {
        "LEDGER": ledger, "ROUND": 2024, "DISPATCH_DATE": "2024-10-08", "OUTPUT": str(tmp_path / "工单")})
    assert result is not None, error
    return result


def _returned(path, rows, headers=None):
    from tests.processing.test_closedloop_algs import returned

    return returned(path, rows, headers)


def _uids():
    from tests.processing.closedloop_fixture import ROUND_2024

    return [r["problem_uid"] for r in ROUND_2024]


def returned_row(i, status, date):
    """A returned row for problem ``i`` (0-based) of round 2024."""
    return {"问题编号": _uids()[i], "整改状态": status, "整改日期": date}


def _good_row():
    return {"问题编号": _uids()[0], "整改状态": "已整改", "整改日期": datetime.date(2024, 10, 20)}


def importstatus_with(rows, headers=None, ledger_edit=None, lock=False, also=None):
    """Dispatch the hand-made ledger, return one work order holding the good row and ``rows``."""
    def run(tmp_path):
        ledger = _ledger(tmp_path)
        _dispatch(ledger, tmp_path)
        back = tmp_path / "回执"
        back.mkdir()
        _returned(str(back / "物业回执.xlsx"), [_good_row()] + [r() if callable(r) else r for r in rows],
                  headers)
        if also is not None:
            also(back)
        if ledger_edit is not None:
            ledger_edit(ledger)
        holder = None
        if lock:
            holder = sqlite3.connect(ledger, timeout=0)
            holder.execute("BEGIN EXCLUSIVE")
        try:
            result, lines, error = run_algorithm("cityhealth:importstatus", {
                "LEDGER": ledger, "INPUT": str(back), "TODAY": "2025-01-01", "REJECTED": "memory:"})
        finally:
            if holder is not None:
                holder.rollback()
                holder.close()
        out = Outcome(text="\n".join(lines + [error]), error=error)
        if result is None:
            out.extra["ledger"] = ledger
            return out
        filled = numbers_in("files read:", "\n".join(lines))
        out.rows = layer_rows(result["REJECTED"])
        out.rows_in = filled[1] if len(filled) > 1 else None
        out.rows_out = result["APPLIED"] + result["UNCHANGED"]
        out.rows_reported = result["REJECTED_COUNT"]
        with sqlite3.connect(ledger) as db:
            columns = [r[1] for r in db.execute("PRAGMA table_info(problems)")]
            status = dict(db.execute("SELECT problem_uid, status FROM problems").fetchall()) \
                if "status" in columns else {}
            history = db.execute("SELECT to_status FROM problem_history WHERE problem_uid = ? AND "
                                 "event = 'import'", (_uids()[0],)).fetchall()
        out.extra["columns"] = columns
        out.extra["good"] = status.get(_uids()[0], "已整改") == "已整改" and history == [("已整改",)]
        return out
    return run


def without_status_column(back):
    """A second returned work order whose department deleted the 整改状态 column."""
    _returned(str(back / "缺列回执.xlsx"), [{"问题编号": _uids()[3], "整改日期": "2024-10-21"}],
              ["问题编号", "整改日期", "整改说明"])


def old_ledger(ledger):
    """A ledger as an older plugin wrote it: no problem_history table, no status column."""
    with sqlite3.connect(ledger) as db:
        tables = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        if "problem_history" in tables:
            db.execute("DROP TABLE problem_history")
            db.execute("DELETE FROM gpkg_contents WHERE table_name = 'problem_history'")
            db.execute("DELETE FROM gpkg_geometry_columns WHERE table_name = 'problem_history'")


def ledger_without_status(ledger):
    """A ledger of an older plugin version: problems without the status and severity columns."""
    with sqlite3.connect(ledger) as db:
        db.execute("ALTER TABLE problems DROP COLUMN status")
        db.execute("ALTER TABLE problems DROP COLUMN severity")


def status_column_added(outcome):
    assert "status" in outcome.extra["columns"]


def workorders_formula_and_personal(tmp_path):
    """The ledger's problem 5 has a HYPERLINK formula, a phone and an ID number in its description."""
    from openpyxl import load_workbook

    ledger = _ledger(tmp_path)
    result, lines, error = run_algorithm("cityhealth:workorders", {
        "LEDGER": ledger, "ROUND": 2024, "DISPATCH_DATE": "2024-10-08", "OUTPUT": str(tmp_path / "工单")})
    out = Outcome(text="\n".join(lines + [error]), error=error)
    cells = []
    for name in sorted(os.listdir(str(tmp_path / "工单"))):
        book = load_workbook(str(tmp_path / "工单" / name))
        cells += [c for ws in book.worksheets for row in ws.iter_rows() for c in row if c.value is not None]
    out.extra["xlsx_cells"] = cells
    out.rows = [{"value": c.value} for c in cells]
    uids = _uids()
    listed = sum(1 for c in cells if c.value in uids)
    out.rows_in, out.rows_out, out.rows_reported = 4, result["LISTED"], 0  # problem 3 is 已整改 already
    out.extra["good"] = listed == result["LISTED"] == 4
    return out


# --- configurations: cityhealth:assess (indicators), cityhealth:completecommunity (standard) ------

def assess_with(edit):
    """cityhealth:assess on the hand-made ledger with the national configuration changed by ``edit``
    (a function of the config dict, or the text of the file); nothing may be written."""
    def run(tmp_path):
        import json

        from cityhealth_plugin.core.indicators.config import load_config

        ledger = _ledger(tmp_path)
        path = tmp_path / "指标配置.json"
        if isinstance(edit, str):
            path.write_text(edit, encoding="utf-8")
        else:
            config = load_config()
            edit(config)
            path.write_text(json.dumps(config, ensure_ascii=False), encoding="utf-8")
        out = tmp_path / "评估.gpkg"
        result, lines, error = run_algorithm("cityhealth:assess", {
            "LEDGER": ledger, "LEVEL": 3, "CONFIG": str(path), "OUTPUT": str(out),
            "REPORT": str(tmp_path / "评估.xlsx")})
        assert not out.exists() and not (tmp_path / "评估.xlsx").exists()
        return Outcome(text="\n".join(lines + [error]), error=error)
    return run


def unknown_indicator(config):
    config["indicators"][0]["code"] = "IND-XXXX-999"


def negative_radius(config):
    for item in config["indicators"]:
        targets = (item.get("params") or {}).get("targets")
        if targets:
            targets[0]["radius"] = -300
            return


def completecommunity_with_bad_standard(tmp_path):
    """A planning standard whose radius is written 三百; layers that would do."""
    from qgis.core import QgsGeometry, QgsPointXY, QgsWkbTypes

    from tests.processing.layers import X0, Y0, write_layer

    folder = tmp_path / "数据"
    folder.mkdir()
    lib = b.library(folder)
    facilities = write_layer(str(tmp_path / "设施.gpkg"), "设施", QgsWkbTypes.Point, {"facility_type": str},
                             [(QgsGeometry.fromPointXY(QgsPointXY(X0 + 5, Y0 + 5)),
                               {"facility_type": "kindergarten"})], True)
    path = tmp_path / "配套标准.csv"
    path.write_text("facility_type,name_cn,radius_m,min_size_m2,candidate,source\n"
                    "kindergarten,幼儿园,300,,0,ok\npark,公园,三百,,1,x\n", encoding="utf-8")
    result, lines, error = run_algorithm("cityhealth:completecommunity", {
        "UNITS": lib, "UNIT_FIELD": "community_code", "BUILDINGS": lib, "HOUSEHOLDS_FIELD": "units",
        "FACILITIES": facilities, "STANDARD": str(path), "MIN_COVERAGE": 0.8,
        "OUTPUT": "memory:", "GAPS": "memory:", "SITES": "memory:"})
    return Outcome(text="\n".join(lines + [error]), error=error)


# --- cityhealth:residentvoice ----------------------------------------------------------------

def residentvoice_bad_rows(tmp_path):
    """The survey of tests/core/test_planning_voice.py (a score of 7, a score 好, a row without a
    compound, a blank row) and a GBK complaint list with a row that names no place."""
    from tests.core.test_planning_voice import write_survey
    from tests.processing.test_addresslibrary_alg import write_buildings

    survey = write_survey(tmp_path / "满意度调查.xlsx")
    complaints = tmp_path / "投诉.csv"
    complaints.write_bytes(("来源,反映时间,地址,反映内容,联系电话\n"
                            "微信群,2025-03-02,天福家园南区3号楼,楼顶漏雨,13812345678\n"
                            "微信群,2025-03-07,,噪音扰民,\n").encode("gbk"))
    result, lines, error = run_algorithm("cityhealth:residentvoice", {
        "LIBRARY": write_buildings(str(tmp_path / "底图.gpkg")), "ID_FIELD": "building_id",
        "COMPOUND_FIELD": "compound_name", "BUILDING_FIELD": "building_no", "UNITS_FIELD": "units",
        "COMMUNITY_FIELD": "community_code", "SURVEYS": survey, "COMPLAINTS": str(complaints), "ROUND": 2025,
        "TOP": 5, "SATISFACTION": "memory:", "DEMANDS": "memory:", "COMPLAINT_POINTS": "memory:",
        "UNUSED": "memory:"})
    out = Outcome(text="\n".join(lines + [error]), error=error)
    if result is None:
        return out
    out.rows = layer_rows(result["UNUSED"]) + layer_rows(result["COMPLAINT_POINTS"])
    out.rows_in = result["SURVEY_ROWS"]
    out.rows_out = result["SURVEY_USED"]
    out.rows_reported = result["SURVEY_BLANK"] + result["SURVEY_REJECTED"]
    out.extra["good"] = result["SURVEY_USED"] == 3 and result["COMPLAINTS_PLACED"] == 1
    return out
