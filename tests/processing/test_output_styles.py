"""Every output layer opens styled and aliased in Chinese: the matched points of joinreports
(categorised by problem category), the unmatched table, and the layers of the address library —
saved as default styles in their GeoPackage, or applied on load where the format holds no style."""

from __future__ import annotations

import os
import sqlite3

import openpyxl

from tests.processing.test_addresslibrary_alg import run_library
from tests.processing.test_library_defaults import _library, _report


def _styles(path):
    with sqlite3.connect(path) as db:
        return dict(db.execute("SELECT f_table_name, styleName FROM layer_styles WHERE useAsDefault"))


def _join(tmp_path, output, unmatched, **run):
    import processing

    _report(str(tmp_path / "上报.xlsx"))
    with_problems = openpyxl.load_workbook(str(tmp_path / "上报.xlsx"))
    sheet = with_problems.active
    sheet.cell(row=2, column=3, value="燃气立管锈蚀")  # GAS; rows 3 乱停车 (PARKING)
    with_problems.save(str(tmp_path / "上报.xlsx"))
    return processing.run("cityhealth:joinreports", {
        "LIBRARY": _library(tmp_path), "REPORTS": str(tmp_path / "上报.xlsx"), "OUTPUT": output,
        "UNMATCHED": unmatched}, **run)


def test_join_outputs_in_geopackages_open_with_their_default_styles(plugin, tmp_path):
    from qgis.core import QgsVectorLayer

    from cityhealth_plugin.core.catalogue import load_catalogue

    matched_path, unmatched_path = str(tmp_path / "匹配结果_2024.gpkg"), str(tmp_path / "未匹配_2024.gpkg")
    result = _join(tmp_path, matched_path, unmatched_path)
    assert (result["MATCHED"], result["UNMATCHED_COUNT"]) == (2, 1)
    assert _styles(matched_path) == {"匹配结果_2024": "匹配结果"}
    assert _styles(unmatched_path) == {"未匹配_2024": "未匹配"}
    assert not os.path.exists(matched_path + "-wal")  # folded back after saving the style
    matched = QgsVectorLayer(matched_path, "m", "ogr")  # as QGIS opens it: the default style applies
    assert matched.featureCount() == 2
    renderer = matched.renderer()
    assert renderer.type() == "categorizedSymbol"
    labels = {c.value(): c.label() for c in renderer.categories()}
    catalogue = dict(load_catalogue().categories())
    assert labels["GAS"] == catalogue["GAS"] == "燃气安全" and labels[""] == "未分类"
    assert {f["category"] for f in matched.getFeatures()} == {"GAS", "PARKING"}
    aliases = {f.name(): f.alias() for f in matched.fields()}
    assert (aliases["category"], aliases["building_id"], aliases["source_row"]) == \
        ("问题类别", "楼栋编码", "来源行号")
    unmatched = QgsVectorLayer(unmatched_path, "u", "ogr")
    aliases = {f.name(): f.alias() for f in unmatched.fields()}
    assert (aliases["reason"], aliases["candidates"], aliases["raw_address"]) == \
        ("未匹配原因", "候选楼栋", "原始地址")


def test_unmatched_xlsx_and_memory_outputs_are_aliased_when_loaded(plugin, tmp_path):
    from qgis.core import (
        QgsApplication,
        QgsProcessingContext,
        QgsProcessingFeedback,
        QgsProcessingOutputLayerDefinition,
        QgsProject,
    )

    from tests.conftest import handle_algorithm_results

    project = QgsProject.instance()
    project.clear()
    context = QgsProcessingContext()
    context.setProject(project)
    feedback = QgsProcessingFeedback()
    # as the dialog passes an output with "Open output file after running" ticked
    unmatched = QgsProcessingOutputLayerDefinition(str(tmp_path / "未匹配.xlsx"), project)
    result = _join(tmp_path, "TEMPORARY_OUTPUT", unmatched, context=context, feedback=feedback)
    # a temporary layer is styled at once, whether it is loaded or not
    assert result["OUTPUT"].renderer().type() == "categorizedSymbol"
    alg = QgsApplication.processingRegistry().algorithmById("cityhealth:joinreports")
    assert handle_algorithm_results(alg, context, feedback)
    loaded = [lyr for lyr in project.mapLayers().values()
              if lyr.source().split("|")[0].endswith("未匹配.xlsx")]
    assert len(loaded) == 1
    # an .xlsx UNMATCHED is the review workbook: its rows sheet loads, with Chinese headers as field names
    names = loaded[0].fields().names()
    assert "原因" in names and "候选楼栋" in names and "小区" in names
    assert loaded[0].featureCount() == result["UNMATCHED_COUNT"]
    project.clear()


def test_address_library_layers_carry_default_styles_and_chinese_aliases(plugin, tmp_path):
    from qgis.core import QgsVectorLayer

    _result, params = run_library(tmp_path)
    out = params["OUTPUT"]
    assert _styles(out) == {"library_buildings": "地址库楼栋", "library_units": "地址库单元",
                            "library_aliases": "地址库别名", "library_conflicts": "地址库冲突"}
    assert [f for f in os.listdir(tmp_path) if f.endswith((".tmp.gpkg", "-wal"))] == []
    buildings = QgsVectorLayer("{}|layername=library_buildings".format(out), "b", "ogr")
    aliases = {f.name(): f.alias() for f in buildings.fields()}
    assert (aliases["compound_name"], aliases["building_no"], aliases["library_key"]) == \
        ("小区名称", "楼栋号", "标准地址键")
    assert buildings.labelsEnabled() and buildings.labeling().settings().fieldName == "building_no"
    conflicts = QgsVectorLayer("{}|layername=library_conflicts".format(out), "c", "ogr")
    assert {f.name(): f.alias() for f in conflicts.fields()}["kind"] == "冲突类型"
