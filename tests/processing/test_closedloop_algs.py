"""The closed-loop algorithms on a hand-made ledger: work orders, returned status, rounds, statistics."""

from __future__ import annotations

import datetime
import hashlib
import os
import sqlite3

import pytest

from tests.processing.closedloop_fixture import ROUND_2024, make_ledger

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
ARTEFACTS = os.path.join(ROOT, "out", "test-artefacts")
U = [r["problem_uid"] for r in ROUND_2024]  # U[0] … U[4]: problems 1 … 5 of round 2024
GAS, PROP = "通辽市燃气公司", "物业服务企业"


@pytest.fixture()
def ledger(plugin, tmp_path):
    return make_ledger(str(tmp_path))


def run(alg, **params):
    import processing

    return processing.run(alg, params)


def history(path):
    with sqlite3.connect(path) as db:
        return db.execute("SELECT problem_uid, from_status, to_status, changed_date, event, department, "
                          "deadline FROM problem_history ORDER BY fid").fetchall()


def statuses(path):
    with sqlite3.connect(path) as db:
        return dict(db.execute("SELECT problem_uid, status FROM problems WHERE round = 2024").fetchall())


def sha(path):
    with open(path, "rb") as handle:
        return hashlib.sha256(handle.read()).hexdigest()


def dispatch(path, folder, date="2024-10-08", **extra):
    return run("cityhealth:workorders", LEDGER=path, ROUND=2024, DISPATCH_DATE=date, OUTPUT=folder, **extra)


def returned(path, rows, headers=None):
    """A returned work order as a department sends it back: header row 2 (``headers``, default the
    work order's own), rows from row 3."""
    from openpyxl import Workbook

    from cityhealth_plugin.core.closedloop.workbook import HEADERS

    headers = list(headers or HEADERS)
    book = Workbook()
    ws = book.active
    ws.title = "工单"
    ws.cell(row=1, column=1, value="回执")
    for c, h in enumerate(headers, start=1):
        ws.cell(row=2, column=c, value=h)
    for r, values in enumerate(rows, start=3):
        for key, value in values.items():
            ws.cell(row=r, column=headers.index(key) + 1, value=value)
    book.save(path)
    return path


def test_workorders_one_file_per_department_and_district_and_dispatch(ledger, tmp_path):
    from openpyxl import load_workbook

    from cityhealth_plugin.core.closedloop.workbook import HEADERS

    folder = str(tmp_path / "工单")
    res = dispatch(ledger, folder)
    assert (res["FILES"], res["LISTED"], res["DISPATCHED"]) == (3, 4, 4)
    assert sorted(os.listdir(folder)) == sorted([
        "通辽市燃气公司_科尔沁区_2024年工单.xlsx", "通辽市燃气公司_开发区_2024年工单.xlsx",
        "物业服务企业_科尔沁区_2024年工单.xlsx"])
    # GAS-02 is 限时解决 (15 days), ROOF-03 / STAIR-02 尽力解决 (90 days); a report-side 整改中 stays 整改中
    assert history(ledger) == [
        (U[0], "待派单", "已派单", "2024-10-08", "dispatch", GAS, "2024-10-23"),
        (U[1], "整改中", "整改中", "2024-10-08", "dispatch", PROP, "2025-01-06"),
        (U[3], "待派单", "已派单", "2024-10-08", "dispatch", GAS, "2024-10-23"),
        (U[4], "待派单", "已派单", "2024-10-08", "dispatch", PROP, "2025-01-06")]
    assert statuses(ledger) == {U[0]: "已派单", U[1]: "整改中", U[2]: "已整改", U[3]: "已派单",
                                U[4]: "已派单"}

    path = os.path.join(folder, "通辽市燃气公司_开发区_2024年工单.xlsx")
    umask = os.umask(0)
    os.umask(umask)
    assert os.stat(path).st_mode & 0o777 == 0o666 & ~umask  # shared with departments, not private
    ws = load_workbook(path)["工单"]
    assert [c.value for c in ws[2]] == list(HEADERS)
    assert ws.freeze_panes == "B3" and ws.auto_filter.ref == "A2:P3" and ws.print_title_rows == "$2:$2"
    assert ws.page_setup.orientation == "landscape" and ws.page_setup.fitToWidth == 1
    lists = [dv for dv in ws.data_validations.dataValidation if dv.type == "list"]
    assert len(lists) == 1 and str(lists[0].sqref) == "L3"
    assert lists[0].formula1 == '"整改中,已整改,已复核,无法整改,非本部门职责"'
    row = {h: c.value for h, c in zip(HEADERS, ws[3])}
    assert row["问题编号"] == U[3] and row["整改期限"] == datetime.datetime(2024, 10, 23)
    # the description was =HYPERLINK(…) with a phone and an ID number: text, masked
    assert row["问题描述"].startswith("'=HYPERLINK(")
    assert "138****5678" in row["问题描述"] and "1101**********1234" in row["问题描述"]
    assert all(c.data_type != "f" for r in ws.iter_rows() for c in r)
    ws = load_workbook(os.path.join(folder, "通辽市燃气公司_科尔沁区_2024年工单.xlsx"))["工单"]
    assert ws.cell(row=3, column=8).hyperlink.target == "../体检台账_photos/p1.png"

    # dispatching again lists the same problems with their first dispatch and changes nothing
    before = sha(ledger)
    res = dispatch(ledger, folder, date="2024-10-20")
    assert (res["FILES"], res["LISTED"], res["DISPATCHED"]) == (3, 4, 0) and sha(ledger) == before


def test_deadline_table_overrides_the_remediation_days(ledger, tmp_path):
    from qgis.core import QgsFeature, QgsVectorLayer

    table = QgsVectorLayer("None?field=key:string&field=days:integer", "期限", "memory")
    for key, days in (("GAS-02", 7), ("尽力解决", 30)):
        f = QgsFeature(table.fields())
        f.setAttributes([key, days])
        table.dataProvider().addFeature(f)
    dispatch(ledger, str(tmp_path / "工单"), DEADLINES=table)
    assert [(r[0], r[6]) for r in history(ledger)] == [
        (U[0], "2024-10-15"), (U[1], "2024-11-07"), (U[3], "2024-10-15"), (U[4], "2024-11-07")]


def test_returned_workbook_with_good_and_bad_rows_then_the_same_again(ledger, tmp_path):
    dispatch(ledger, str(tmp_path / "工单"))
    back = tmp_path / "回执"
    back.mkdir()
    returned(str(back / "燃气.xlsx"), [
        {"问题编号": U[0], "整改状态": "已整改", "整改日期": datetime.date(2024, 10, 20),
         "整改说明": "+1 已更换软管，联系13912345678"}])
    returned(str(back / "物业.xlsx"), [
        {"问题编号": U[1], "整改状态": "已复核", "整改日期": "2024-10-20"},  # 整改中 → 已复核 forbidden
        {"问题编号": U[4], "整改状态": "整改中", "整改日期": "2099-01-01"},  # future
        {"问题编号": "2024:zzz|问题清单|99", "整改状态": "已整改", "整改日期": "2024-10-20"},  # unknown
        {"问题编号": U[4], "整改状态": "整改中", "整改日期": "2024-05-01"},  # before found (2024-05-10)
        {"问题编号": U[4], "整改状态": "整改中", "整改日期": "十月中旬"},  # unreadable
        {"问题编号": U[4], "整改状态": "整改中", "整改日期": "2024年10月11日"},  # good
        {"问题编号": U[2], "整改状态": ""}])  # not filled
    rejected = str(tmp_path / "rejected.gpkg")
    res = run("cityhealth:importstatus", LEDGER=ledger, INPUT=str(back), TODAY="2025-01-01",
              REJECTED=rejected)
    assert (res["APPLIED"], res["REJECTED_COUNT"], res["UNCHANGED"]) == (2, 5, 0)
    with sqlite3.connect(rejected) as db:
        reasons = db.execute("SELECT source_file, source_row, reason FROM rejected ORDER BY source_row")
        reasons = reasons.fetchall()
    assert [(f, r) for f, r, _x in reasons] == [("物业.xlsx", n) for n in (3, 4, 5, 6, 7)]
    needles = ("does not allow 整改中 → 已复核", "in the future", "unknown 问题编号",
               "before the problem was found", "not a readable date")
    for needle, (_f, row, reason) in zip(needles, reasons):
        assert "row {}:".format(row) in reason and "物业.xlsx" in reason and needle in reason, reason
    assert history(ledger)[4:] == [
        (U[0], "已派单", "已整改", "2024-10-20", "import", GAS, None),
        (U[4], "已派单", "整改中", "2024-10-11", "import", PROP, None)]
    with sqlite3.connect(ledger) as db:
        note, src = db.execute("SELECT note, source_file || '/' || source_sheet || '/' || source_row "
                               "FROM problem_history WHERE event = 'import' ORDER BY fid").fetchone()
    assert note == "+1 已更换软管，联系139****5678" and src == "燃气.xlsx/工单/3"
    assert statuses(ledger)[U[0]] == "已整改" and statuses(ledger)[U[4]] == "整改中"

    before = sha(ledger)
    res = run("cityhealth:importstatus", LEDGER=ledger, INPUT=str(back), TODAY="2025-01-01",
              REJECTED="TEMPORARY_OUTPUT")
    assert (res["APPLIED"], res["REJECTED_COUNT"], res["UNCHANGED"]) == (0, 5, 2)
    assert sha(ledger) == before and len(history(ledger)) == 6


def test_one_problem_through_the_whole_lifecycle(ledger, tmp_path):
    from openpyxl import load_workbook
    from qgis.core import QgsVectorLayer

    dispatch(ledger, str(tmp_path / "工单"))
    folder = tmp_path / "回执"
    folder.mkdir()

    def back(name, *rows):
        path = returned(str(folder / name), [dict(zip(("整改状态", "整改日期", "责任部门", "改派部门"), r),
                                                  问题编号=U[0]) for r in rows])
        return run("cityhealth:importstatus", LEDGER=ledger, INPUT=path, TODAY="2025-01-01")

    assert back("1.xlsx", ("整改中", "2024-10-10", GAS))["APPLIED"] == 1
    assert back("2.xlsx", ("非本部门职责", "2024-10-12", GAS, "市政管理处"))["APPLIED"] == 1
    res = dispatch(ledger, str(tmp_path / "工单2"), date="2024-10-20")
    assert res["DISPATCHED"] == 1 and "市政管理处_科尔沁区_2024年工单.xlsx" in os.listdir(tmp_path / "工单2")
    res = back("3.xlsx", ("已整改", "2024-10-25", "市政管理处"), ("已复核", "2024-11-01", "复核组"),
               ("整改中", "2024-11-10", "市政管理处"), ("已整改", "2024-11-20", "市政管理处"))
    assert (res["APPLIED"], res["REJECTED_COUNT"]) == (4, 0)
    assert [r[1:] for r in history(ledger) if r[0] == U[0]] == [
        ("待派单", "已派单", "2024-10-08", "dispatch", GAS, "2024-10-23"),
        ("已派单", "整改中", "2024-10-10", "import", GAS, None),
        ("整改中", "非本部门职责", "2024-10-12", "import", GAS, None),
        ("非本部门职责", "待派单", "2024-10-12", "reroute", "市政管理处", None),
        ("待派单", "已派单", "2024-10-20", "dispatch", "市政管理处", "2024-11-04"),
        ("已派单", "已整改", "2024-10-25", "import", "市政管理处", None),
        ("已整改", "已复核", "2024-11-01", "import", "复核组", None),
        ("已复核", "整改中", "2024-11-10", "import", "市政管理处", None),
        ("整改中", "已整改", "2024-11-20", "import", "市政管理处", None)]
    assert statuses(ledger)[U[0]] == "已整改"

    res = run("cityhealth:comparerounds", LEDGER=ledger, ROUND_FROM=2024, ROUND_TO=2025)
    # p1 fixed → recurs (2025 b|2); p3 已整改 (report) → recurs (b|3); p5 open → persists (b|4);
    # p2 (unit 2) and p4 not found again; b|5 new
    assert (res["NEW"], res["PERSISTING"], res["RESOLVED"], res["RECURRED"]) == (1, 1, 2, 2)
    out = str(tmp_path / "整改统计.xlsx")
    res = run("cityhealth:remediationstats", LEDGER=ledger, ROUND=2024, AS_OF="2024-12-31", OUTPUT=out,
              BLOCKS=str(tmp_path / "blocks.gpkg"), DISTRICTS=str(tmp_path / "districts.gpkg"))
    book = load_workbook(out)
    assert book.sheetnames == ["按责任部门", "按区", "按街道", "按轮次"]
    sheet = [[c.value for c in r] for r in book["按责任部门"].iter_rows()]
    assert sheet[0] == ["责任部门", "轮次", "派单数", "已整改", "已复核", "整改率", "逾期未整改",
                        "整改天数中位数", "复发（重新整改）", "下轮复现"]
    assert sheet[1:] == [
        ["市政管理处", 2024, 1, 1, 0, 1, 0, 31, 1, 0],  # dispatched 10-20, last fixed 11-20
        [PROP, 2024, 2, 0, 0, 0, 0, None, 0, 0],  # p2, p5 not yet due (2025-01-06)
        [PROP, 2025, 0, 0, 0, 0, 0, None, 0, 1],  # b|3 recurred (STAIR-02 → 物业服务企业)
        [GAS, 2024, 1, 0, 0, 0, 1, None, 0, 0],  # p4 past 2024-10-23
        [GAS, 2025, 0, 0, 0, 0, 0, None, 0, 1]]  # b|2 recurred
    blocks = QgsVectorLayer(str(tmp_path / "blocks.gpkg"), "b", "ogr")
    got = {f["block_id"]: (f["assigned"], f["fixed"], f["overdue"], f["reopened"])
           for f in blocks.getFeatures()}
    assert got == {"B-甲": (3, 1, 0, 1), "B-乙": (1, 0, 1, 0), "B-丙": (0, 0, 0, 0)}
    districts = QgsVectorLayer(str(tmp_path / "districts.gpkg"), "d", "ogr")
    assert {f["district_code"]: f["assigned"] for f in districts.getFeatures()} == {"150502": 3, "150571": 1}


def test_compare_rounds_on_the_hand_made_ledger(ledger):
    res = run("cityhealth:comparerounds", LEDGER=ledger, ROUND_FROM=2024, ROUND_TO=2025)
    # report statuses: p1 未整改 ↔ b|2 persisting, p3 已整改 ↔ b|3 recurred, p5 未整改 ↔ b|4 persisting,
    # p2 (unit 2) and p4 resolved, b|5 new
    assert (res["NEW"], res["PERSISTING"], res["RESOLVED"], res["RECURRED"]) == (1, 2, 2, 1)
    run("cityhealth:comparerounds", LEDGER=ledger, ROUND_FROM=2024, ROUND_TO=2025)  # again: rows replaced
    with sqlite3.connect(ledger) as db:
        labels = db.execute("SELECT COUNT(*) FROM round_comparison").fetchone()[0]
        counts = {(lvl, u): (n, p, r, c) for lvl, u, n, p, r, c in db.execute(
            "SELECT level, unit_id, new, persisting, resolved, recurred FROM round_comparison_counts")}
    assert labels == 3 * 2 + 3
    assert counts == {
        ("building", "BLD-1"): (0, 1, 1, 0), ("building", "BLD-2"): (1, 0, 0, 1),
        ("building", "BLD-3"): (0, 1, 0, 0), ("building", "BLD-4"): (0, 0, 1, 0),
        ("compound", "C-天福"): (1, 1, 1, 1), ("compound", "C-和平"): (0, 1, 0, 0),
        ("compound", "C-建国"): (0, 0, 1, 0), ("block", "B-甲"): (1, 2, 1, 1),
        ("block", "B-乙"): (0, 0, 1, 0)}


def test_demo_returns_are_deterministic(ledger, tmp_path):
    from openpyxl import load_workbook

    dispatch(ledger, str(tmp_path / "工单"))
    cells = []
    for n in (1, 2):
        out = tmp_path / "回执{}".format(n)
        res = run("cityhealth:demoreturns", INPUT=str(tmp_path / "工单"), SEED=7, OUTPUT=str(out))
        assert res["FILES"] == 3
        cells.append([[c.value for r in load_workbook(str(out / f))["工单"].iter_rows() for c in r]
                      for f in sorted(os.listdir(out))])
    assert cells[0] == cells[1]
    res = run("cityhealth:importstatus", LEDGER=ledger, INPUT=str(tmp_path / "回执1"), TODAY="2025-06-30")
    filled = run("cityhealth:demoreturns", INPUT=str(tmp_path / "工单"), SEED=7,
                 OUTPUT=str(tmp_path / "回执3"))
    assert res["APPLIED"] + res["REJECTED_COUNT"] + res["UNCHANGED"] == filled["FILLED"]


def test_a_cancelled_import_leaves_the_ledger_byte_identical(ledger, tmp_path):
    import processing
    from qgis.core import QgsProcessingException, QgsProcessingFeedback

    dispatch(ledger, str(tmp_path / "工单"))
    path = returned(str(tmp_path / "回执.xlsx"),
                    [{"问题编号": U[0], "整改状态": "已整改", "整改日期": "2024-10-20"}])
    before = sha(ledger)
    feedback = QgsProcessingFeedback()
    feedback.cancel()
    with pytest.raises(QgsProcessingException):
        processing.run("cityhealth:importstatus", {"LEDGER": ledger, "INPUT": path, "TODAY": "2025-01-01"},
                       feedback=feedback)
    assert sha(ledger) == before
    assert [f for f in os.listdir(tmp_path) if f.endswith(".tmp.gpkg")] == []


def test_a_file_that_is_not_a_ledger_is_a_clear_error(plugin, tmp_path):
    from qgis.core import QgsProcessingException

    other = tmp_path / "别的.gpkg"
    other.write_bytes(b"not a geopackage")
    with pytest.raises(QgsProcessingException, match="别的.gpkg"):
        run("cityhealth:comparerounds", LEDGER=str(other), ROUND_FROM=2024, ROUND_TO=2025)
