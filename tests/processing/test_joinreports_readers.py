"""cityhealth:joinreports passes the reader's accounting through: non-data and unreadable rows are
outputs and in the log line, files read by content and skipped files are logged."""

from __future__ import annotations

import pytest

from tests.core.test_report_reader_content import _broken_at_row_8, _workbook
from tests.processing.test_addresslibrary_alg import write_buildings


@pytest.fixture
def folder(tmp_path):
    reports = tmp_path / "区里报来的"
    reports.mkdir()
    header = ["社区名", "小区", "楼栋", "单元", "问题"]
    _workbook(reports / "网格01.xlsx", [
        header,
        ["明仁社区", "天福家园南区", "3号楼", "2单元", "井盖缺失"],  # row 2: B01
        ["明仁社区", "天福家园南区", "9号楼", None, "乱停车"],  # row 3: no_building
        ["合计", None, None, None, 2],  # row 4: non-data
        ["填表人：张三", None, "审核人：李四", None, None]])  # row 5: non-data
    (reports / "网格02.xlsx").write_bytes(  # a GBK CSV under a workbook's name
        "小区,楼栋,问题\n天福家园南区,3,墙皮脱落\n".encode("gbk"))
    _broken_at_row_8(reports / "网格03.xlsx")  # rows 2-7 read, rows 8-15 unreadable
    (reports / "通知.docx").write_bytes(b"PK\x03\x04 word")
    gpkg = str(tmp_path / "底图.gpkg")
    return {"library": write_buildings(gpkg), "reports": str(reports)}


def test_nondata_and_unreadable_rows_are_outputs_and_in_the_log(plugin, folder):
    import processing
    from qgis.core import QgsProcessingFeedback

    class Log(QgsProcessingFeedback):
        def __init__(self):
            super().__init__()
            self.lines = []

        def pushInfo(self, text):  # noqa: N802
            self.lines.append(text)

        def pushWarning(self, text):  # noqa: N802
            self.lines.append(text)

    log = Log()
    result = processing.run("cityhealth:joinreports", {
        "LIBRARY": folder["library"], "ID_FIELD": "building_id", "COMPOUND_FIELD": "compound_name",
        "BUILDING_FIELD": "building_no", "UNITS_FIELD": "units", "REPORTS": folder["reports"],
        "OUTPUT": "memory:", "UNMATCHED": "memory:"}, feedback=log)
    # 网格01: 2 reports + 2 non-data; 网格02: 1 report; 网格03: 6 reports + 8 unreadable
    assert (result["MATCHED"] + result["UNMATCHED_COUNT"], result["BLANK_ROWS"], result["NONDATA_ROWS"],
            result["UNREADABLE_ROWS"], result["ROWS_READ"]) == (9, 0, 2, 8, 19)
    assert result["FILES_READ"] == 3
    line = next(t for t in log.lines if t.startswith(("Rows read", "读取行数")))
    numbers = [int(n) for n in __import__("re").findall(r"\d+", line)]
    assert numbers[:6] == [19, result["MATCHED"], result["UNMATCHED_COUNT"], 0, 2, 8]
    assert numbers[6:] == [3, 3, 1]  # files, sheets, files skipped
    assert any("网格02.xlsx" in t and "CSV" in t for t in log.lines)
    assert any("通知.docx" in t for t in log.lines)
