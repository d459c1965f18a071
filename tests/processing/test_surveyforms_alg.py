"""cityhealth:surveyforms on a hand-built address library of 6 buildings in 2 grids."""

from __future__ import annotations

import os

import openpyxl
import pytest

from cityhealth_plugin.core.report_reader import read_reports
from cityhealth_plugin.core.survey_forms import DATA_SHEET, LISTS_SHEET

CRS = "EPSG:4550"
BUILDINGS = [
    # building_id, compound_name, building_no, units, community_code, grid_code, grid_name
    ("BLD-000001", "天福家园南区", "3", 4, "C01", "G01", "明仁一网格"),
    ("BLD-000002", "天福家园南区", "1", 2, "C01", "G01", "明仁一网格"),
    ("BLD-000003", "天福家园南区", "12", None, "C01", "G01", "明仁一网格"),
    ("BLD-000004", "富贵小区", "A", 1, "C01", "G01", "明仁一网格"),
    ("BLD-000005", "和平路45号", "1", 3, "C02", "G02", "和平二网格"),
    ("BLD-000006", None, "9", 2, "C02", "G02", "和平二网格"),  # no compound: not offered
]


def _library():
    from qgis.core import QgsFeature, QgsGeometry, QgsVectorLayer

    layer = QgsVectorLayer(
        "Polygon?crs={}&field=building_id:string&field=compound_name:string&field=building_no:string"
        "&field=units:integer&field=community_code:string&field=grid_code:string"
        "&field=grid_name:string".format(CRS), "楼栋", "memory")
    features = []
    for i, row in enumerate(BUILDINGS):
        f = QgsFeature(layer.fields())
        x = 400000 + i * 30
        f.setGeometry(QgsGeometry.fromWkt("POLYGON(({0} 0,{1} 0,{1} 20,{0} 20,{0} 0))".format(x, x + 20)))
        f.setAttributes(list(row))
        features.append(f)
    assert layer.dataProvider().addFeatures(features)[0]
    return layer


#: QGIS 3.22 does not fill defaults of mandatory parameters in processing.run: name them.
FIELDS = {"ID_FIELD": "building_id", "COMPOUND_FIELD": "compound_name", "BUILDING_FIELD": "building_no",
          "GROUP_FIELD": "grid_code"}


def test_writes_one_form_per_grid_that_reads_back(plugin, tmp_path):
    import processing

    out = str(tmp_path / "调查表")
    result = processing.run("cityhealth:surveyforms", {
        **FIELDS, "LIBRARY": _library(), "GROUP_NAME_FIELD": "grid_name", "ROWS": 30, "OUTPUT_FOLDER": out})
    assert result["FORMS"] == 2
    assert result["OUTPUT_FOLDER"] == out
    assert sorted(os.listdir(out)) == ["G01_明仁一网格_调查表.xlsx", "G02_和平二网格_调查表.xlsx"]
    path = os.path.join(out, "G01_明仁一网格_调查表.xlsx")
    wb = openpyxl.load_workbook(path)
    lists = wb[LISTS_SHEET]
    columns = {col[0].value: [c.value for c in col[1:] if c.value is not None] for col in lists.iter_cols()}
    assert columns["lst_compound"] == ["天福家园南区", "富贵小区"]
    assert columns["lst_community"] == ["C01"] and columns["lst_grid"] == ["G01"]
    assert columns["lstB_0001"] == ["1", "3", "12"]
    assert columns["lstU_4"] == ["1", "2", "3", "4"]
    assert len(columns["lst_category"]) >= 10  # the built-in national catalogue
    ws = wb[DATA_SHEET]
    for c, value in enumerate(["C01", "G01", "天福家园南区", "3", "4", columns["lst_category"][0]], start=1):
        ws.cell(row=5, column=c, value=value)
    wb.save(path)
    read = read_reports(path)
    assert [(r.source_row, r.values) for r in read.rows] == [(5, {
        "community": "C01", "grid": "G01", "compound": "天福家园南区", "building": "3", "unit": "4",
        "problem_type": columns["lst_category"][0]})]
    assert read.blank_rows == 2
    g02 = openpyxl.load_workbook(os.path.join(out, "G02_和平二网格_调查表.xlsx"))
    assert [c.value for c in g02[LISTS_SHEET]["A"]][:2] == ["lst_community", "C02"]


def test_temporary_output_folder_and_community_grouping(plugin):
    import processing

    result = processing.run("cityhealth:surveyforms", {
        **FIELDS, "LIBRARY": _library(), "GROUP_FIELD": "community_code", "ROWS": 3,
        "OUTPUT_FOLDER": "TEMPORARY_OUTPUT"})
    assert result["FORMS"] == 2
    assert sorted(os.listdir(result["OUTPUT_FOLDER"])) == ["C01_调查表.xlsx", "C02_调查表.xlsx"]


def test_missing_field_gives_a_clear_message(plugin, tmp_path):
    import processing
    from qgis.core import QgsProcessingException

    with pytest.raises(QgsProcessingException, match="no field \"楼号\""):
        processing.run("cityhealth:surveyforms", {
            **FIELDS, "LIBRARY": _library(), "BUILDING_FIELD": "楼号", "OUTPUT_FOLDER": str(tmp_path)})


def test_library_without_named_buildings_is_refused(plugin, tmp_path):
    import processing
    from qgis.core import QgsProcessingException

    layer = _library()
    layer.dataProvider().truncate()
    with pytest.raises(QgsProcessingException, match="no building"):
        processing.run("cityhealth:surveyforms", {**FIELDS, "LIBRARY": layer,
                                                  "OUTPUT_FOLDER": str(tmp_path)})


def test_scattered_building_without_number_is_offered_and_unpickable_ones_are_reported(plugin, tmp_path):
    import processing
    from qgis.core import QgsFeature, QgsGeometry, QgsProcessingFeedback

    class Warnings(QgsProcessingFeedback):
        def __init__(self):
            super().__init__()
            self.warnings = []

        def pushWarning(self, text):  # noqa: N802
            self.warnings.append(text)
            super().pushWarning(text)

    layer = _library()
    extra = []
    for i, row in enumerate([("BLD-000007", "和平路47号", None, 2, "C02", "G02", "和平二网格"),  # 散楼
                             ("BLD-000008", "天福家园南区", "", 2, "C01", "G01", "明仁一网格")]):
        f = QgsFeature(layer.fields())
        x = 500000 + i * 30
        f.setGeometry(QgsGeometry.fromWkt("POLYGON(({0} 0,{1} 0,{1} 20,{0} 20,{0} 0))".format(x, x + 20)))
        f.setAttributes(list(row))
        extra.append(f)
    assert layer.dataProvider().addFeatures(extra)[0]
    feedback = Warnings()
    out = str(tmp_path / "表")
    processing.run("cityhealth:surveyforms", {
        **FIELDS, "LIBRARY": layer, "UNITS_FIELD": "units", "ROWS": 3, "OUTPUT_FOLDER": out},
        feedback=feedback)
    assert any(w.startswith("1 buildings have no compound name") for w in feedback.warnings)  # BLD-000006
    assert any(w.startswith("1 buildings have no building number") for w in feedback.warnings)  # BLD-000008
    wb = openpyxl.load_workbook(os.path.join(out, "G02_调查表.xlsx"))
    columns = {col[0].value: [c.value for c in col[1:]] for col in wb[LISTS_SHEET].iter_cols()}
    assert [c for c in columns["lst_compound"] if c] == ["和平路45号", "和平路47号"]
    assert dict(zip(columns["map_building"], columns["map_building_name"]))["和平路47号|"] == "lstU_2"


def _names_layer(kind: str, rows):
    from qgis.core import QgsFeature, QgsVectorLayer

    layer = QgsVectorLayer("None?field={0}_code:string&field={0}_name:string".format(kind), kind, "memory")
    features = []
    for row in rows:
        f = QgsFeature(layer.fields())
        f.setAttributes(list(row))
        features.append(f)
    assert layer.dataProvider().addFeatures(features)[0]
    return layer


def test_names_in_dropdowns_and_title_round_from_parameter(plugin, tmp_path):
    import processing

    out = str(tmp_path / "调查表")
    communities = _names_layer("community", [("C01", "明仁社区"), ("C02", "和平社区")])
    grids = _names_layer("grid", [("G01", "明仁一网格"), ("G02", "和平二网格")])
    result = processing.run("cityhealth:surveyforms", {
        **FIELDS, "LIBRARY": _library(), "COMMUNITIES": communities, "GRIDS": grids, "ROUND": 2026,
        "ROWS": 5, "OUTPUT_FOLDER": out})
    assert result["FORMS"] == 2
    path = os.path.join(out, "G01_明仁一网格_调查表.xlsx")
    wb = openpyxl.load_workbook(path)
    assert wb[DATA_SHEET]["A1"].value == "2026年城市体检问题调查表（明仁社区 明仁一网格）"
    lists = wb[LISTS_SHEET]
    columns = {col[0].value: [c.value for c in col[1:] if c.value is not None] for col in lists.iter_cols()}
    assert columns["lst_community"] == ["明仁社区"] and columns["lst_grid"] == ["明仁一网格"]
    # the codes stay in the hidden lookup
    assert (columns["map_community"], columns["map_community_name"]) == (["明仁社区"], ["C01"])
    assert (columns["map_grid"], columns["map_grid_name"]) == (["明仁一网格"], ["G01"])


def test_round_defaults_to_the_project_variable_then_the_year(plugin, tmp_path):
    import datetime

    from qgis.core import QgsExpressionContextUtils, QgsProject

    from cityhealth_plugin.processing.algorithms.surveyforms import project_round

    project = QgsProject()
    assert project_round(project) == datetime.date.today().year
    assert project_round(None) == datetime.date.today().year
    QgsExpressionContextUtils.setProjectVariable(project, "cityhealth_round", "2027")
    assert project_round(project) == 2027


def test_missing_name_field_gives_a_clear_message(plugin, tmp_path):
    import processing
    from qgis.core import QgsProcessingException

    grids = _names_layer("grid", [("G01", "明仁一网格")])
    with pytest.raises(QgsProcessingException, match="no field \"网格名\""):
        processing.run("cityhealth:surveyforms", {
            **FIELDS, "LIBRARY": _library(), "GRIDS": grids, "GRID_NAME_FIELD": "网格名",
            "OUTPUT_FOLDER": str(tmp_path)})


def test_forms_from_library_buildings_with_only_library_and_folder(plugin, tmp_path):
    """On library_buildings (fields building_id, compound_name, building_no, units, community, grid)
    nothing but LIBRARY and OUTPUT_FOLDER is needed: one form per grid."""
    import processing
    from qgis.core import QgsFeature, QgsGeometry, QgsVectorLayer

    layer = QgsVectorLayer(
        "Polygon?crs={}&field=building_id:string&field=compound_name:string&field=building_no:string"
        "&field=units:integer&field=community:string&field=grid:string&field=library_key:string".format(CRS),
        "library_buildings", "memory")
    features = []
    for i, row in enumerate(BUILDINGS[:5]):
        f = QgsFeature(layer.fields())
        wkt = "POLYGON(({0} 0,{1} 0,{1} 9,{0} 9,{0} 0))".format(i * 10, i * 10 + 9)
        f.setGeometry(QgsGeometry.fromWkt(wkt))
        f.setAttributes(list(row[:6]) + [""])
        features.append(f)
    assert layer.dataProvider().addFeatures(features)[0]
    out = str(tmp_path / "表")
    result = processing.run("cityhealth:surveyforms", {"LIBRARY": layer, "OUTPUT_FOLDER": out})
    assert result["FORMS"] == 2
    assert sorted(os.listdir(out)) == ["G01_调查表.xlsx", "G02_调查表.xlsx"]
    lists = openpyxl.load_workbook(os.path.join(out, "G01_调查表.xlsx"))[LISTS_SHEET]
    columns = {col[0].value: [c.value for c in col[1:] if c.value is not None] for col in lists.iter_cols()}
    assert columns["lstU_4"] == ["1", "2", "3", "4"]  # units from the default field
    assert columns["lst_community"] == ["C01"] and columns["lst_grid"] == ["G01"]
