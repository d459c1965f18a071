"""Text written to spreadsheets never becomes a live formula; phone numbers are masked in every output.

A report whose cells hold formula-like text (=HYPERLINK(…), +1+1, -2+3, @SUM(A1)) and phone numbers
is joined with the unmatched table written to .xlsx (through OGR's XLSX driver, as the demo writes
未匹配_2024.xlsx) and the matched problems to a GeoPackage. The survey forms written from a library
whose names look like formulas hold no formula cell either: the only formulas in a form are the
data validation lists (named lists and INDIRECT(VLOOKUP(…)) cascades) and the date limits.
"""

from __future__ import annotations

import os
import re

import openpyxl
import pytest

from tests.processing.layers import rect, write_layer
from tests.processing.test_forms_roundtrip import offered

HYPERLINK = '=HYPERLINK("http://x","y")'
DANGEROUS = (HYPERLINK, "+1+1", "-2+3", "@SUM(A1)")
LIBRARY_FIELDS = {"楼栋编码": str, "小区名称": str, "楼号": str, "单元数": int, "网格": str}
#: (id, compound, building, units, grid, rectangle)
LIBRARY = [
    ("B1", "天福家园南区", "3", 4, "网格01", (0, 0, 20, 10)),
    ("B2", HYPERLINK, "1", 2, "=网格02", (30, 0, 50, 10)),
    ("B3", "+1+1", "-2+3", 2, "=网格02", (60, 0, 80, 10)),
    ("B4", "@SUM(A1)", "1", 1, "=网格02", (90, 0, 110, 10)),
    ("B5", "-2+3", "", 1, "=网格02", (120, 0, 130, 10)),
]
REPORT_HEADER = ["小区", "楼栋", "单元", "问题", "描述", "上报人", "联系电话"]
#: Excel rows 2..7 of the report (row 1 = header); rows 2-3 name a real building, 4-7 do not
REPORT_ROWS = [
    ["天福家园南区", "3", "2", "井盖缺失破损", HYPERLINK, "张三", "13812345678"],
    ["天福家园南区", "3", "1", "楼道照明损坏", "-2+3 盏灯不亮，联系 0475-8212345", "+1+1", "0475-8212345"],
    [HYPERLINK, "1", "", "乱停车", "+1+1", "@SUM(A1)", "+86 139 0000 1111"],
    ["-2+3", "2", "", "乱停车", "@SUM(A1)", "李四", "13900001111"],
    ["@SUM(A1)", "+1+1", "", "私搭乱建", "-2+3", "王五", "13700002222"],
    ["不存在小区", "9", "", "私搭乱建", "电话13600003333请回电", "", ""],
]
PHONES = re.compile(r"1[3-9]\d{9}|\d{4}-?\d{7}|139 0000 1111")


def _library(path: str, buildings=LIBRARY) -> str:
    from qgis.core import QgsWkbTypes

    rows = [(rect(*r), dict(zip(LIBRARY_FIELDS, (bid, c, b, u, g)))) for bid, c, b, u, g, r in buildings]
    return write_layer(path, "楼栋", QgsWkbTypes.Polygon, LIBRARY_FIELDS, rows, True)


def _write_report(path: str) -> None:
    """The report as a grid worker's spreadsheet holds it: every cell text, none a formula."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "问题清单"
    sheet.append(REPORT_HEADER)
    for row in REPORT_ROWS:
        sheet.append(row)
    for row in sheet.iter_rows():
        for cell in row:
            cell.data_type = "s"  # openpyxl would store "=…" as a formula otherwise
    book.save(path)
    assert all(c.data_type != "f" for row in openpyxl.load_workbook(path).active.iter_rows() for c in row)


def _readable(value, text: str) -> bool:
    """``text`` kept as text: as written, or behind a protecting apostrophe."""
    return value in (text, "'" + text)


def test_unmatched_xlsx_holds_no_formula_and_masks_phones(plugin, tmp_path):
    import processing
    from qgis.core import QgsVectorLayer

    reports = tmp_path / "报表"
    reports.mkdir()
    _write_report(str(reports / "网格01.xlsx"))
    unmatched_path = str(tmp_path / "未匹配_2024.xlsx")
    output_path = str(tmp_path / "问题点.gpkg")
    result = processing.run("cityhealth:joinreports", {
        "LIBRARY": _library(str(tmp_path / "底图.gpkg"), LIBRARY[:1]), "ID_FIELD": "楼栋编码",
        "COMPOUND_FIELD": "小区名称", "BUILDING_FIELD": "楼号", "UNITS_FIELD": "单元数",
        "REPORTS": str(reports),
        "OUTPUT": output_path, "UNMATCHED": unmatched_path})
    assert (result["MATCHED"], result["UNMATCHED_COUNT"]) == (2, 4)
    assert os.path.isfile(unmatched_path)

    book = openpyxl.load_workbook(unmatched_path)
    cells = [c for ws in book.worksheets for row in ws.iter_rows() for c in row]
    assert [c.coordinate for c in cells if c.data_type == "f"] == []
    sheet = book.worksheets[0]
    from cityhealth_plugin.core.review_workbook import COLUMNS  # the review workbook has Chinese headers

    field_of = {header: key for key, header, _width, _hidden in COLUMNS}
    header = [field_of[c.value] for c in sheet[1]]
    rows = {}
    for values in sheet.iter_rows(min_row=2, values_only=True):
        record = dict(zip(header, values))
        rows[int(record["source_row"])] = record
    assert sorted(rows) == [4, 5, 6, 7]
    assert _readable(rows[4]["description"], "+1+1") and _readable(rows[4]["reporter"], "@SUM(A1)")
    assert _readable(rows[5]["description"], "@SUM(A1)")
    assert _readable(rows[6]["description"], "-2+3")
    assert rows[4]["raw_address"].lstrip("'").startswith(HYPERLINK)  # "=HYPERLINK(…) / 1"
    assert rows[5]["raw_address"].lstrip("'").startswith("-2+3")
    assert rows[6]["raw_address"].lstrip("'").startswith("@SUM(A1)")
    assert [rows[r]["phone"] for r in (4, 5, 6)] == ["'+86 139****1111", "139****1111", "137****2222"]
    assert rows[7]["description"] == "电话136****3333请回电"
    for record in rows.values():
        assert not PHONES.search(" ".join(str(v) for v in record.values() if v is not None)), record

    layer = QgsVectorLayer(output_path, "问题点", "ogr")
    assert layer.isValid()
    matched = {f["source_row"]: f for f in layer.getFeatures()}
    assert sorted(matched) == [2, 3]
    assert _readable(matched[2]["description"], HYPERLINK)
    assert matched[3]["description"].lstrip("'").startswith("-2+3 盏灯不亮")
    assert _readable(matched[3]["reporter"], "+1+1")
    assert [matched[r]["phone"] for r in (2, 3)] == ["138****5678", "0475-***2345"]
    assert matched[3]["description"].endswith("联系 0475-***2345")
    for f in matched.values():
        assert not PHONES.search(" ".join(str(v) for v in f.attributes() if v is not None))


def test_unmatched_csv_protects_formula_like_text_but_gpkg_keeps_it(plugin, tmp_path):
    """A CSV opened in LibreOffice or Excel evaluates =, +, -, @ cells: those get an apostrophe."""
    import csv

    import processing
    from qgis.core import QgsVectorLayer

    reports = tmp_path / "报表"
    reports.mkdir()
    _write_report(str(reports / "网格01.xlsx"))
    unmatched_csv = str(tmp_path / "未匹配.csv")
    output_gpkg = str(tmp_path / "问题点.gpkg")
    result = processing.run("cityhealth:joinreports", {
        "LIBRARY": _library(str(tmp_path / "底图.gpkg"), LIBRARY[:1]), "ID_FIELD": "楼栋编码",
        "COMPOUND_FIELD": "小区名称", "BUILDING_FIELD": "楼号", "UNITS_FIELD": "单元数",
        "REPORTS": str(reports), "OUTPUT": output_gpkg, "UNMATCHED": unmatched_csv})
    assert result["UNMATCHED_COUNT"] == 4
    with open(unmatched_csv, encoding="utf-8-sig") as handle:
        rows = {int(r["source_row"]): r for r in csv.DictReader(handle)}
    assert rows[4]["description"] == "'+1+1" and rows[4]["reporter"] == "'@SUM(A1)"
    assert rows[6]["description"] == "'-2+3"
    assert rows[4]["raw_address"].startswith("'" + HYPERLINK)
    for record in rows.values():
        for value in record.values():
            assert not (value or "").startswith(("=", "+", "-", "@")), record
    # the GeoPackage is no spreadsheet: the text stays exactly as written
    matched = {f["source_row"]: f for f in QgsVectorLayer(output_gpkg, "m", "ogr").getFeatures()}
    assert matched[2]["description"] == HYPERLINK


@pytest.mark.parametrize("spelling", [
    "{dir}/未匹配.CSV", "{dir}/未匹配.XLSX", "{dir}/未匹配.ods", "{dir}/未匹配.Csv",
], ids=["CSV_uppercase", "XLSX_uppercase", "ods", "Csv_mixed"])
def test_every_spelling_of_a_spreadsheet_destination_is_protected(plugin, tmp_path, spelling):
    import processing
    from qgis.core import QgsVectorLayer

    from cityhealth_plugin.core.sanitize import destination_file

    reports = tmp_path / "报表"
    reports.mkdir()
    _write_report(str(reports / "网格01.xlsx"))
    destination = spelling.format(dir=tmp_path)
    result = processing.run("cityhealth:joinreports", {
        "LIBRARY": _library(str(tmp_path / "底图.gpkg"), LIBRARY[:1]), "ID_FIELD": "楼栋编码",
        "COMPOUND_FIELD": "小区名称", "BUILDING_FIELD": "楼号", "UNITS_FIELD": "单元数",
        "REPORTS": str(reports), "OUTPUT": "memory:", "UNMATCHED": destination})
    assert result["UNMATCHED_COUNT"] == 4
    path = destination_file(destination)
    assert os.path.isfile(path), os.listdir(str(tmp_path))
    # an .xlsx (any case) is the review workbook: its rows sheet, with Chinese headers
    review = path.lower().endswith(".xlsx")
    layer = QgsVectorLayer(path + ("|layername=未匹配上报" if review else ""), "u", "ogr")
    assert layer.isValid()
    row_f, desc_f, reporter_f = ("行号", "问题描述", "上报人") if review else (
        "source_row", "description", "reporter")
    rows = {int(f[row_f]): f for f in layer.getFeatures()}
    assert sorted(rows) == [4, 5, 6, 7]
    assert (rows[4][desc_f], rows[4][reporter_f], rows[6][desc_f]) == ("'+1+1", "'@SUM(A1)", "'-2+3")
    for f in rows.values():
        for value in f.attributes():
            assert not str(value or "").startswith(("=", "+", "-", "@")), f.attributes()


# ogr: URIs to a spreadsheet are decided below, not written here: QGIS 3.22's layer exporter writes
# such an .xlsx without any field (features without attributes) and fails on .csv / .ods.
def test_destination_helper_reads_parameter_definitions_and_layer_ids(plugin, tmp_path):
    from qgis.core import (
        QgsProcessingContext,
        QgsProcessingOutputLayerDefinition,
        QgsProperty,
        QgsVectorLayer,
    )

    from cityhealth_plugin.processing.destinations import opens_in_spreadsheet

    context = QgsProcessingContext()
    definition = QgsProcessingOutputLayerDefinition("ogr:dbname='/tmp/未匹配.xlsx' table=\"t\"")
    assert opens_in_spreadsheet({"UNMATCHED": definition}, "UNMATCHED", "layer-id-unknown", context)
    assert not opens_in_spreadsheet({"UNMATCHED": "memory:"}, "UNMATCHED", "layer-id-unknown", context)
    expression = QgsProcessingOutputLayerDefinition(
        QgsProperty.fromExpression("'/tmp/未匹配_' || 2024 || '.CSV'"))
    assert opens_in_spreadsheet({"UNMATCHED": expression}, "UNMATCHED", "layer-id-unknown", context)
    # what parameterAsSink returns for ogr: URIs: the URI itself, or path|layername=
    for raw, returned in (("ogr:/tmp/未匹配.xlsx", "ogr:/tmp/未匹配.xlsx"),
                          ("ogr:dbname='/tmp/未匹配.XLSX' table=\"t\" (geom)",
                           "/tmp/未匹配.XLSX|layername=t"),
                          ("/tmp/未匹配.CSV", "/tmp/未匹配.CSV")):
        assert opens_in_spreadsheet({"UNMATCHED": raw}, "UNMATCHED", returned, context), raw
        assert opens_in_spreadsheet({}, "UNMATCHED", returned, context), returned
    csv_path = tmp_path / "已有.csv"
    csv_path.write_text("a,b\n1,2\n", encoding="utf-8")
    layer = QgsVectorLayer(str(csv_path), "已有", "ogr")
    assert layer.isValid()
    context.temporaryLayerStore().addMapLayer(layer)
    # a provider URI that Processing turned into a layer id: its source decides
    assert opens_in_spreadsheet({"UNMATCHED": "postgres:x"}, "UNMATCHED", layer.id(), context)
    assert not opens_in_spreadsheet({"OUTPUT": str(tmp_path / "问题.gpkg")}, "OUTPUT",
                                    str(tmp_path / "问题.gpkg|layername=问题"), context)


#: What a data validation of a form may hold: a named list, a cascade, a length or a date limit.
_ALLOWED_FORMULA = re.compile(
    r"[A-Za-z_]\w*"
    r"|INDIRECT\(VLOOKUP\(\$[A-Z]\d+(&\"\|\"&\$[A-Z]\d+)?,map_[a-z]+,2,FALSE\)\)"
    r"|\d+|DATE\(\d{4},\d{1,2},\d{1,2}\)")
#: What a defined name of a form may point to: a range of the hidden list sheet.
_LIST_RANGE = re.compile(r"'选项列表'!\$[A-Z]+\$\d+:\$[A-Z]+\$\d+")


def test_survey_forms_write_names_that_look_like_formulas_as_text(plugin, tmp_path):
    import processing

    folder = str(tmp_path / "调查表")
    result = processing.run("cityhealth:surveyforms", {
        "LIBRARY": _library(str(tmp_path / "底图.gpkg")), "ID_FIELD": "楼栋编码",
        "COMPOUND_FIELD": "小区名称", "BUILDING_FIELD": "楼号", "UNITS_FIELD": "单元数",
        "GROUP_FIELD": "网格", "GROUP_NAME_FIELD": "小区名称", "GRID_FIELD": "网格", "ROWS": 5,
        "OUTPUT_FOLDER": folder})
    assert result["FORMS"] == 2
    texts = []
    cascades = 0
    for name in sorted(os.listdir(folder)):
        book = openpyxl.load_workbook(os.path.join(folder, name))
        data = book.worksheets[0]
        if "+1+1" in offered(book, data, "C", 3):  # the cascade works on such names as they are
            data["C3"] = "+1+1"
            assert offered(book, data, "D", 3) == ["-2+3"]
            data["D3"] = "-2+3"
            assert offered(book, data, "E", 3) == ["1", "2"]
            cascades += 1
        for ws in book.worksheets:
            for row in ws.iter_rows():
                for cell in row:
                    assert cell.data_type != "f", (name, ws.title, cell.coordinate, cell.value)
                    if isinstance(cell.value, str):
                        texts.append(cell.value)
                        if ws.title == "选项列表" and cell.value.startswith(("=", "+", "-", "@")):
                            assert cell.quotePrefix, (name, cell.coordinate)  # text, shown without '
            for dv in ws.data_validations.dataValidation:
                for formula in (dv.formula1, dv.formula2):
                    assert formula is None or _ALLOWED_FORMULA.fullmatch(formula), (name, formula)
        names = book.defined_names
        for defined in (names.definedName if hasattr(names, "definedName") else names.values()):
            assert _LIST_RANGE.fullmatch(defined.attr_text), defined.attr_text
    assert cascades == 1
    # every name of the library is offered as written: a text cell, no visible apostrophe
    for text in (HYPERLINK, "+1+1", "-2+3", "@SUM(A1)", "=网格02"):
        assert text in texts, text
        assert "'" + text not in texts, text
    # the unit cascade of B3 looks up C&"|"&D, the two cells as picked from the lists
    assert "+1+1|-2+3" in texts
