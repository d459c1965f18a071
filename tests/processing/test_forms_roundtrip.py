"""A survey form filled only from its own dropdowns is joined back by joinreports without loss.

The library is a GeoPackage layer with Chinese field names; the form is written by
``cityhealth:surveyforms``; the rows are filled with values the form's data validations offer,
evaluated the way Excel evaluates them (named ranges on the hidden list sheet and
``INDIRECT(VLOOKUP(…))`` for the cascades); ``cityhealth:joinreports`` must then put every row
on the building the picked values name, exactly.
"""

from __future__ import annotations

import datetime
import os
import re
from typing import Dict, List, Optional

import openpyxl
import pytest

from tests.processing.layers import rect, write_layer

LIBRARY_FIELDS = {"楼栋编码": str, "小区名称": str, "楼号": str, "单元数": int, "社区": str, "网格": str}
#: (id, compound, building no, units, community, grid, rectangle in metres from X0/Y0)
LIBRARY = [
    ("TF-S-1", "天福家园南区", "1", 2, "明仁社区", "网格01", (0, 0, 20, 10)),
    ("TF-S-3", "天福家园南区", "3", 4, "明仁社区", "网格01", (30, 0, 50, 10)),
    ("TF-S-12", "天福家园南区", "12", 3, "明仁社区", "网格01", (60, 0, 80, 10)),
    ("TF-N-3", "天福家园北区", "3", 2, "明仁社区", "网格01", (0, 40, 20, 50)),
    ("TF-3", "天福家园", "3", 2, "明仁社区", "网格01", (0, 80, 20, 90)),
    ("TF-5", "天福家园", "5", None, "明仁社区", "网格01", (30, 80, 50, 90)),  # unit count unknown
    ("FG-A", "富贵小区", "A座", 2, "明仁社区", "网格01", (100, 0, 120, 10)),
    ("FG-B", "富贵小区", "B座", 1, "明仁社区", "网格01", (130, 0, 150, 10)),
    ("HP-45", "和平路45号", "", 1, "明仁社区", "网格01", (200, 0, 210, 10)),  # 散楼 without a number
    ("HP-47", "和平路47号", "1", 2, "明仁社区", "网格01", (220, 0, 230, 10)),  # 散楼 numbered 1
    ("JG-1", "建国小区", "1", 2, "建国社区", "网格02", (400, 0, 420, 10)),
]
FORM = "网格01_调查表.xlsx"
#: Excel row → (compound, building, unit, category, problem, severity, day of May 2024,
#: building id, problem code), worked out by hand. Row 13 stays blank.
FILLED = {
    3: ("天福家园南区", "3", "2", "燃气安全", "燃气立管锈蚀", "严重", 1, "TF-S-3", "GAS-01"),
    4: ("天福家园南区", "3", "4", "楼道安全", "楼道照明损坏", "一般", 1, "TF-S-3", "STAIR-03"),
    5: ("天福家园南区", "1", "1", "外墙围护", "外墙面砖脱落", "严重", 2, "TF-S-1", "FACADE-01"),
    6: ("天福家园南区", "12", "3", "屋面防水", "屋面渗漏", "较重", 2, "TF-S-12", "ROOF-01"),
    7: ("天福家园北区", "3", "1", "管线管道", "给水管漏水", "较重", 3, "TF-N-3", "PIPE-01"),
    8: ("天福家园北区", "3", "2", "消防安全", "楼道电动车充电", "严重", 3, "TF-N-3", "FIRE-01"),
    9: ("天福家园", "3", "1", "结构安全", "砖砌体风化酥碱", "较重", 4, "TF-3", "STRUCT-03"),
    10: ("天福家园", "5", "", "无障碍适老", "单元出入口无坡道", "一般", 4, "TF-5", "BARRIER-01"),
    11: ("富贵小区", "A座", "1", "楼道安全", "单元门损坏", "一般", 5, "FG-A", "STAIR-05"),
    12: ("富贵小区", "A座", "2", "数字化", "单元无监控门禁", "一般", 5, "FG-A", "DIGITAL-02"),
    14: ("富贵小区", "B座", "1", "燃气安全", "未装燃气报警器", "一般", 6, "FG-B", "GAS-04"),
    15: ("和平路45号", "", "1", "外墙围护", "外挂物松动", "较重", 6, "HP-45", "FACADE-03"),
    16: ("和平路47号", "1", "2", "管线管道", "电线私拉乱接", "较重", 7, "HP-47", "PIPE-05"),
    17: ("天福家园南区", "1", "2", "加装电梯", "多层住宅无电梯", "一般", 7, "TF-S-1", "LIFT-01"),
    18: ("天福家园南区", "12", "1", "违法建设", "私搭乱建", "较重", 8, "TF-S-12", "BUILD-01"),
    19: ("天福家园北区", "3", "1", "节能改造", "住宅未节能改造", "一般", 8, "TF-N-3", "ENERGY-01"),
    20: ("富贵小区", "B座", "1", "充电设施", "电动自行车飞线充电", "严重", 9, "FG-B", "CHARGE-03"),
    21: ("天福家园", "3", "2", "供水水质", "入户水质浑浊", "较重", 9, "TF-3", "WATER-01"),
    22: ("和平路47号", "1", "1", "屋面防水", "地下室渗水", "一般", 10, "HP-47", "ROOF-03"),
    23: ("天福家园南区", "3", "3", "楼道安全", "楼梯扶手松动", "较重", 10, "TF-S-3", "STAIR-02"),
}
_CELL_REF = re.compile(r"(?<![A-Za-z_$])(\$?)([A-Z]{1,3})(\$?)(\d+)(?![\w])")
_LOOKUP = re.compile(r"INDIRECT\(VLOOKUP\((.+),([A-Za-z_]\w*),2,FALSE\)\)")
_DATE = re.compile(r"DATE\((\d+),(\d+),(\d+)\)")


def _named_range(wb, name: str) -> List[tuple]:
    """Rows of cell values of the range a defined name points to (as Excel resolves the name)."""
    defined = wb.defined_names.get(name)
    assert defined is not None, "the form declares no name {}".format(name)
    destinations = list(defined.destinations)
    assert len(destinations) == 1, name
    sheet, cells = destinations[0]
    return [tuple(c.value for c in row) for row in wb[sheet][cells.replace("$", "")]]


def _validation(ws, column: str, row: int):
    coordinate = "{}{}".format(column, row)
    found = [dv for dv in ws.data_validations.dataValidation if coordinate in dv.sqref]
    assert len(found) == 1, coordinate
    return found[0]


def _relative(formula: str, dv, row: int) -> str:
    """``formula`` as it applies to ``row``: relative row references move with the row, as in Excel."""
    top = min(r.min_row for r in dv.sqref.ranges)

    def shift(m):
        number = int(m.group(4)) if m.group(3) else int(m.group(4)) + row - top
        return "{}{}{}{}".format(m.group(1), m.group(2), m.group(3), number)

    return _CELL_REF.sub(shift, formula)


def offered(wb, ws, column: str, row: int) -> List[str]:
    """The options the dropdown of cell ``column``+``row`` offers, given the cells already filled."""
    dv = _validation(ws, column, row)
    assert dv.type == "list"
    formula = _relative(dv.formula1, dv, row)
    lookup = _LOOKUP.fullmatch(formula)
    if lookup is None:
        assert re.fullmatch(r"[A-Za-z_]\w*", formula), formula
        name: Optional[str] = formula
    else:
        key = ""
        for part in lookup.group(1).split("&"):
            if part.startswith('"'):
                key += part.strip('"')
            else:
                value = ws[part.replace("$", "")].value
                key += "" if value is None else str(value)
        table = {str(k): v for k, v in _named_range(wb, lookup.group(2)) if k is not None}
        name = table.get(key)  # VLOOKUP(…, FALSE) finds nothing: #N/A, the dropdown is empty
    if name is None:
        return []
    return [str(v) for (v,) in _named_range(wb, name) if v not in (None, "")]


def _library(tmp_path) -> str:
    from qgis.core import QgsWkbTypes

    rows = [(rect(*r), dict(zip(LIBRARY_FIELDS, (bid, c, b, u, comm, g))))
            for bid, c, b, u, comm, g, r in LIBRARY]
    path = str(tmp_path / "标准地址库.gpkg")
    return write_layer(path, "楼栋", QgsWkbTypes.Polygon, LIBRARY_FIELDS, rows, True)


@pytest.fixture
def filled_form(plugin, tmp_path):
    """(library uri, path of the filled 网格01 form)."""
    import processing

    library = _library(tmp_path)
    folder = str(tmp_path / "调查表")
    result = processing.run("cityhealth:surveyforms", {
        "LIBRARY": library, "ID_FIELD": "楼栋编码", "COMPOUND_FIELD": "小区名称", "BUILDING_FIELD": "楼号",
        "UNITS_FIELD": "单元数", "GROUP_FIELD": "网格", "COMMUNITY_FIELD": "社区", "GRID_FIELD": "网格",
        "ROWS": 30, "OUTPUT_FOLDER": folder})
    assert result["FORMS"] == 2
    path = os.path.join(folder, FORM)
    wb = openpyxl.load_workbook(path)
    ws = wb.worksheets[0]
    header = {c.value: c.column_letter for c in ws[2] if c.value}
    col = {key: header[h] for key, h in (
        ("community", "社区名"), ("grid", "网格"), ("compound", "小区"), ("building", "楼栋"),
        ("unit", "单元"), ("category", "问题类别"), ("problem", "问题"), ("severity", "严重程度"),
        ("date", "上报日期"))}
    date_dv = _validation(ws, col["date"], 3)
    low, high = (datetime.date(*map(int, _DATE.fullmatch(f).groups()))
                 for f in (date_dv.formula1, date_dv.formula2))
    for row, (compound, building, unit, category, problem, severity, day, _bid, _code) in FILLED.items():
        picks = (("community", "明仁社区"), ("grid", "网格01"), ("compound", compound),
                 ("building", building), ("unit", unit), ("category", category), ("problem", problem),
                 ("severity", severity))
        for key, value in picks:  # in cascade order: each list depends on the cells picked before
            options = offered(wb, ws, col[key], row)
            if value == "":
                assert options == [], (row, key, options)  # nothing to pick: the cell stays empty
                continue
            assert value in options, (row, key, value, options)
            ws["{}{}".format(col[key], row)] = value
        date = datetime.date(2024, 5, day)
        assert date_dv.type == "date" and low <= date <= high
        ws["{}{}".format(col["date"], row)] = date
    wb.save(path)
    return library, path


def test_dropdowns_offer_the_library_of_the_grid(filled_form):
    _library_uri, path = filled_form
    wb = openpyxl.load_workbook(path)
    ws = wb.worksheets[0]
    compounds = ["和平路45号", "和平路47号", "天福家园", "天福家园北区", "天福家园南区", "富贵小区"]
    assert offered(wb, ws, "C", 30) == compounds  # natural order; 建国小区 is in the other grid's form
    assert offered(wb, ws, "D", 3) == ["1", "3", "12"]  # row 3 picked 天福家园南区
    assert offered(wb, ws, "E", 3) == ["1", "2", "3", "4"]  # its building 3 has 4 units
    assert offered(wb, ws, "D", 15) == []  # 和平路45号 is one building without a number …
    assert offered(wb, ws, "E", 15) == ["1"]  # … whose one unit is still offered
    assert offered(wb, ws, "E", 10) == []  # 天福家园 5: unit count unknown
    assert offered(wb, ws, "D", 30) == []  # no compound picked yet


@pytest.mark.parametrize("areas", [{}, {"COMMUNITY_FIELD": "社区", "GRID_FIELD": "网格"}],
                         ids=["without_areas", "with_community_and_grid"])
def test_filled_form_joins_every_row_to_its_building(filled_form, areas):
    import processing

    library, path = filled_form
    result = processing.run("cityhealth:joinreports", {
        "LIBRARY": library, "ID_FIELD": "楼栋编码", "COMPOUND_FIELD": "小区名称", "BUILDING_FIELD": "楼号",
        "UNITS_FIELD": "单元数", **areas, "REPORTS": path, "OUTPUT": "memory:", "UNMATCHED": "memory:"})
    unmatched = [(f["source_row"], f["reason"], f["candidates"]) for f in result["UNMATCHED"].getFeatures()]
    assert unmatched == []
    assert (result["MATCHED"], result["UNMATCHED_COUNT"], result["BLANK_ROWS"]) == (20, 0, 1)
    assert result["ROWS_READ"] == 21
    rows: Dict[int, dict] = {}
    for f in result["OUTPUT"].getFeatures():
        rows[f["source_row"]] = {k: f[k] for k in (
            "building_id", "match_method", "match_score", "problem", "problem_code", "severity",
            "report_date", "source_file", "source_sheet", "unit")}
    assert sorted(rows) == sorted(FILLED)
    for row, (_c, _b, unit, _cat, problem, severity, day, bid, code) in FILLED.items():
        got = rows[row]
        assert (got["building_id"], got["match_method"], got["match_score"]) == (bid, "exact", 1.0), row
        assert (got["problem"], got["problem_code"], got["severity"]) == (problem, code, severity), row
        assert got["report_date"] == "2024-05-{:02d}".format(day)
        assert (got["unit"] or "") == unit
        assert (got["source_file"], got["source_sheet"]) == (FORM, "问题清单")
