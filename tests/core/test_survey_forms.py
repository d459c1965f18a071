"""Survey forms: cascading dropdowns, lists, protection, and a filled form read back exactly."""

from __future__ import annotations

import datetime
import os
import zipfile
from dataclasses import dataclass
from typing import List, Tuple

import openpyxl
import pytest

from cityhealth_plugin.core.messages import CityHealthError
from cityhealth_plugin.core.report_reader import read_reports
from cityhealth_plugin.core.survey_forms import (
    DATA_SHEET,
    HEADERS,
    INSTRUCTIONS_SHEET,
    LISTS_SHEET,
    SurveyBuilding,
    form_file_name,
    write_survey_form,
    write_survey_forms,
)


@dataclass
class _Problem:
    code: str
    name_cn: str
    category: str
    category_cn: str


class _Catalogue:
    """Same shape as core.catalogue.Catalogue, tiny."""

    problems = [
        _Problem("GAS-01", "燃气立管锈蚀", "GAS", "燃气安全"),
        _Problem("PARK-01", "乱停车", "PARKING", "停车"),
        _Problem("GAS-02", "燃气表老化", "GAS", "燃气安全"),
        _Problem("FAC-01", "外墙脱落", "FACADE", "外墙围护"),
    ]

    def categories(self) -> List[Tuple[str, str]]:
        return [("GAS", "燃气安全"), ("PARKING", "停车"), ("FACADE", "外墙围护")]


def _buildings():
    return [
        SurveyBuilding("BLD-3", "天福家园南区", "3", 4, "明仁社区", "网格01", "G01", "明仁一网格"),
        SurveyBuilding("BLD-1", "天福家园南区", "1", 2, "明仁社区", "网格01", "G01", "明仁一网格"),
        SurveyBuilding("BLD-10", "天福家园南区", "10", None, "明仁社区", "网格01", "G01", "明仁一网格"),
        SurveyBuilding("BLD-A", "富贵小区", "A", 1, "明仁社区", "网格01", "G01", "明仁一网格"),
        SurveyBuilding("BLD-S", "和平路45号", "1", 3, "明仁社区", "网格01", "G01", "明仁一网格"),
        SurveyBuilding("BLD-X", "=恶意名称", "2", 2, "和平社区", "网格02", "G02", "和平/二网格"),
    ]


def _defined(wb, name: str) -> str:
    dn = wb.defined_names.get(name)
    assert dn is not None, name
    return dn.attr_text


def _list_values(wb, name: str) -> List[str]:
    ref = _defined(wb, name)
    sheet, cells = ref.split("!")
    assert sheet == "'{}'".format(LISTS_SHEET)
    ws = wb[LISTS_SHEET]
    return [[c.value for c in row] if len(row) > 1 else row[0].value
            for row in ws[cells.replace("$", "")]]


@pytest.fixture()
def form(tmp_path):
    path = str(tmp_path / "表单" / "G01_调查表.xlsx")
    write_survey_form(path, [b for b in _buildings() if b.group == "G01"], _Catalogue(), "测试表", rows=20)
    return path


def test_layout_header_lists_and_defined_names(form):
    wb = openpyxl.load_workbook(form)
    assert wb.sheetnames == [DATA_SHEET, INSTRUCTIONS_SHEET, LISTS_SHEET]
    ws = wb[DATA_SHEET]
    assert ws["A1"].value == "测试表"
    assert tuple(c.value for c in ws[2]) == HEADERS
    assert ws.freeze_panes == "A3"
    assert wb[LISTS_SHEET].sheet_state == "hidden"
    assert _list_values(wb, "lst_compound") == ["和平路45号", "天福家园南区", "富贵小区"]
    assert _list_values(wb, "map_compound") == [["和平路45号", "lstB_0001"], ["天福家园南区", "lstB_0002"],
                                                ["富贵小区", "lstB_0003"]]
    assert _list_values(wb, "lstB_0002") == ["1", "3", "10"]  # natural order
    building_map = dict(_list_values(wb, "map_building"))
    assert building_map["天福家园南区|3"] == "lstU_4"
    assert "天福家园南区|10" not in building_map  # unknown unit count: no list, typing allowed
    # the units offered for building 3 of 天福家园南区 are 1..4 from its unit count
    assert _list_values(wb, building_map["天福家园南区|3"]) == ["1", "2", "3", "4"]
    assert _list_values(wb, "lst_category") == ["燃气安全", "停车", "外墙围护"]
    category_map = dict(_list_values(wb, "map_category"))
    assert _list_values(wb, category_map["燃气安全"]) == ["燃气立管锈蚀", "燃气表老化"]
    assert _list_values(wb, "lst_severity") == ["一般", "较重", "严重"]
    assert _list_values(wb, "lst_community") == ["明仁社区"]


def test_data_validations_cascade_with_indirect(form):
    ws = openpyxl.load_workbook(form)[DATA_SHEET]
    by_range = {str(dv.sqref): dv for dv in ws.data_validations.dataValidation}
    assert set(by_range) == {"{}3:{}22".format(c, c) for c in "ABCDEFGHIJLM"}  # not 上报人 (K)
    assert by_range["C3:C22"].formula1 == "lst_compound"
    assert by_range["D3:D22"].formula1 == "INDIRECT(VLOOKUP($C3,map_compound,2,FALSE))"
    assert by_range["E3:E22"].formula1 == 'INDIRECT(VLOOKUP($C3&"|"&$D3,map_building,2,FALSE))'
    assert by_range["F3:F22"].formula1 == "lst_category"
    assert by_range["G3:G22"].formula1 == "INDIRECT(VLOOKUP($F3,map_category,2,FALSE))"
    assert by_range["H3:H22"].formula1 == "lst_severity"
    assert by_range["M3:M22"].type == "date"
    assert "照片/" in by_range["I3:I22"].prompt
    assert by_range["G3:G22"].errorStyle == "stop" and by_range["D3:D22"].errorStyle == "warning"


def test_header_protected_and_data_cells_unlocked(form):
    wb = openpyxl.load_workbook(form)
    ws = wb[DATA_SHEET]
    assert ws.protection.sheet
    assert ws["C2"].protection.locked and ws["A1"].protection.locked
    assert not ws["C3"].protection.locked and not ws["M22"].protection.locked
    assert ws["D3"].number_format == "@" and ws["M3"].number_format == "yyyy-mm-dd"
    assert wb[INSTRUCTIONS_SHEET]["A3"].value == "用途"


@pytest.mark.parametrize("engine", ["calamine", "openpyxl"])
def test_filled_form_reads_back_exactly(form, engine):
    wb = openpyxl.load_workbook(form)
    ws = wb[DATA_SHEET]
    filled = {
        3: ["明仁社区", "网格01", "天福家园南区", "3", "2", "燃气安全", "燃气立管锈蚀", "严重", "照片/1.jpg",
            "2单元门口立管锈穿", "李四", "13812345678", datetime.date(2024, 5, 1)],
        4: ["明仁社区", "网格01", "富贵小区", "A", "1", "停车", "乱停车", "一般"] + [None] * 5,
        7: ["明仁社区", "网格01", "和平路45号", "1", "03", "外墙围护", "外墙脱落", "较重", "照片/2.jpg",
            "-北侧墙皮", "王五", "0475-8212345", datetime.date(2024, 5, 3)],
    }
    for r, values in filled.items():
        for c, value in enumerate(values, start=1):
            ws.cell(row=r, column=c, value=value)
    wb.save(form)
    result = read_reports(form, engine=engine)
    assert [row.source_row for row in result.rows] == [3, 4, 7]
    assert result.blank_rows == 2
    keys = ("community", "grid", "compound", "building", "unit", "problem_type", "problem", "severity",
            "photo", "description", "reporter", "phone", "date")
    for row in result.rows:
        expected = {k: (v.isoformat() if isinstance(v, datetime.date) else v)
                    for k, v in zip(keys, filled[row.source_row]) if v}
        assert row.values == expected
        assert row.source_sheet == DATA_SHEET and row.source_file == os.path.basename(form)
    assert {(i.sheet, i.severity) for i in result.issues} == {(INSTRUCTIONS_SHEET, "info"),
                                                              (LISTS_SHEET, "info")}


def test_one_form_per_group_with_safe_file_names(tmp_path):
    results = write_survey_forms(_buildings(), _Catalogue(), str(tmp_path), rows=5,
                                 today=datetime.date(2024, 3, 1))
    names = [os.path.basename(r.path) for r in results]
    assert names == ["G01_明仁一网格_调查表.xlsx", "G02_和平_二网格_调查表.xlsx"]
    assert [(r.group, r.buildings, r.compounds) for r in results] == [("G01", 5, 3), ("G02", 1, 1)]
    assert sorted(os.listdir(str(tmp_path))) == sorted(names)  # no temp files left behind
    wb = openpyxl.load_workbook(results[1].path)
    assert wb[DATA_SHEET]["A1"].value == "2024年城市体检问题调查表（和平/二网格）"


def test_formula_like_option_is_a_text_cell_without_apostrophe(tmp_path):
    buildings = [SurveyBuilding("BLD-X", "=恶意名称", "+1+1", 2, "和平社区", "网格02", "G02"),
                 SurveyBuilding("BLD-Y", "-2+3", "1", 1, "和平社区", "网格02", "G02")]
    path = write_survey_form(str(tmp_path / "x.xlsx"), buildings, _Catalogue(), "测试表", rows=5)
    wb = openpyxl.load_workbook(path)
    assert _list_values(wb, "lst_compound") == ["-2+3", "=恶意名称"]  # as written: no ' in the dropdown
    ws = wb[LISTS_SHEET]
    cells = [c for col in ws.iter_cols() for c in col if c.value in ("=恶意名称", "+1+1", "-2+3")]
    assert len(cells) == 5  # lst_compound 2, building list of =恶意名称 1 (+1+1), map_compound keys 2
    for cell in cells:
        assert cell.data_type == "s" and cell.quotePrefix, cell.coordinate  # text, never a formula
    # the unit cascade looks up the picked cells as they are: C&"|"&D
    assert dict(_list_values(wb, "map_building"))["=恶意名称|+1+1"] == "lstU_2"


def test_round_names_and_print_titles(tmp_path):
    buildings = [
        SurveyBuilding("B1", "天福家园", "1", 2, "150502001", "150502001002", community_name="明仁社区",
                       grid_name="明仁一网格"),
        SurveyBuilding("B2", "富贵小区", "2", 2, "150502001", "150502001002", community_name="明仁社区",
                       grid_name="明仁一网格"),
    ]
    for b in buildings:
        b.group = b.grid
    results = write_survey_forms(buildings, _Catalogue(), str(tmp_path), rows=40, round_no=2026)
    assert [os.path.basename(r.path) for r in results] == ["150502001002_明仁一网格_调查表.xlsx"]
    wb = openpyxl.load_workbook(results[0].path)
    assert wb[DATA_SHEET]["A1"].value == "2026年城市体检问题调查表（明仁社区 明仁一网格）"
    assert _list_values(wb, "lst_community") == ["明仁社区"]
    assert _list_values(wb, "lst_grid") == ["明仁一网格"]
    assert _list_values(wb, "map_community") == [["明仁社区", "150502001"]]
    assert _list_values(wb, "map_grid") == [["明仁一网格", "150502001002"]]
    # a building of the same community without its name does not add the code to the list
    buildings.append(SurveyBuilding("B3", "和平路45号", "", 1, "150502001", "150502001002", "150502001002"))
    path = write_survey_forms(buildings, _Catalogue(), str(tmp_path / "b"), rows=5, round_no=2026)[0].path
    assert _list_values(openpyxl.load_workbook(path), "lst_community") == ["明仁社区"]
    assert wb[DATA_SHEET].print_title_rows == "$1:$2"
    with zipfile.ZipFile(results[0].path) as z:
        workbook_xml = z.read("xl/workbook.xml").decode("utf-8")
    assert "'{}'!$1:$2</definedName>".format(DATA_SHEET) in workbook_xml
    assert oct(os.stat(results[0].path).st_mode & 0o777) == oct(0o666 & ~_umask())


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def test_file_names_and_bad_parameters(tmp_path):
    assert form_file_name("G:01", "a*b?") == "G_01_a_b__调查表.xlsx"
    assert form_file_name("", "") == "未分组_调查表.xlsx"
    assert form_file_name("社区1", "社区1") == "社区1_调查表.xlsx"
    with pytest.raises(CityHealthError):
        write_survey_forms([], _Catalogue(), str(tmp_path))
    with pytest.raises(CityHealthError):
        write_survey_form(str(tmp_path / "x.xlsx"), _buildings(), _Catalogue(), rows=0)


def test_scattered_building_without_number_is_offered_by_its_door_address(tmp_path):
    path = str(tmp_path / "散楼.xlsx")
    buildings = [
        SurveyBuilding("BLD-45", "和平路45号", "", 2, "明仁社区", "网格01", "G01"),  # 散楼 without a number
        SurveyBuilding("BLD-N1", "天福家园北区", "1", 2, "明仁社区", "网格01", "G01"),
        SurveyBuilding("BLD-N0", "天福家园北区", "", 3, "明仁社区", "网格01", "G01"),  # cannot be told apart
    ]
    write_survey_form(path, buildings, _Catalogue(), "测试表", rows=5)
    wb = openpyxl.load_workbook(path)
    assert _list_values(wb, "lst_compound") == ["和平路45号", "天福家园北区"]
    compound_map = dict(_list_values(wb, "map_compound"))
    assert _list_values(wb, compound_map["和平路45号"]) == [None]  # an empty building list: one empty cell
    assert _list_values(wb, compound_map["天福家园北区"]) == ["1"]
    building_map = dict(_list_values(wb, "map_building"))
    # the building cell stays empty: the unit cascade looks up "和平路45号|"
    assert building_map == {"和平路45号|": "lstU_2", "天福家园北区|1": "lstU_2"}
