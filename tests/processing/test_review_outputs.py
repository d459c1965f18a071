"""joinreports' unmatched outputs for review: the Chinese reason and candidate names in every
destination, and an .xlsx destination written as the review workbook that QGIS loads as a layer."""

from __future__ import annotations

import openpyxl

from tests.processing.test_joinreports_alg import X, city, run_join  # noqa: F401 (fixture)


def test_unmatched_layer_has_chinese_reason_and_candidate_names(plugin, city):  # noqa: F811
    _result, _matched, unmatched = run_join(city)
    row = unmatched[X + "9"]  # 明仁小区 1号楼 5单元: the building has 3 units
    assert (row["reason"], row["candidates"]) == ("no_unit", "B04:1.00")
    assert row["reason_cn"] == ("楼栋无此单元：单元号超出该楼的单元数，核对单元号，"
                                "或在复核对话框中确认楼栋并“接受”")
    assert row["candidate_names"] == "明仁小区 1号楼 (1.00)"
    assert unmatched[X + "7"]["candidate_names"] == "天福家园北区 3号楼 (0.50)；天福家园南区 3号楼 (0.50)"
    assert unmatched[X + "13"]["reason_cn"].startswith("未填写地址：")
    assert unmatched[X + "13"]["candidate_names"] == ""


def test_xlsx_destination_is_the_review_workbook_loaded_on_completion(plugin, city):  # noqa: F811
    from qgis.core import (
        QgsApplication,
        QgsProcessingContext,
        QgsProcessingFeedback,
        QgsProcessingOutputLayerDefinition,
        QgsProject,
        QgsVectorLayer,
    )

    path = str(city["tmp"] / "未匹配_2024.xlsx")
    alg = QgsApplication.processingRegistry().createAlgorithmById("cityhealth:joinreports")
    context = QgsProcessingContext()
    context.setProject(QgsProject.instance())
    params = {"LIBRARY": city["library"], "ID_FIELD": "building_id", "COMPOUND_FIELD": "compound_name",
              "BUILDING_FIELD": "building_no", "UNITS_FIELD": "units", "COMMUNITY_FIELD": "community_code",
              "REPORTS": city["reports"], "COORD_CRS": "EPSG:4550", "OUTPUT": "memory:",
              "UNMATCHED": QgsProcessingOutputLayerDefinition(path, QgsProject.instance())}
    results, ok = alg.run(params, context, QgsProcessingFeedback())
    assert ok and results["UNMATCHED"] == path and results["UNMATCHED_COUNT"] == 7
    assert path + "|layername=未匹配上报" in context.layersToLoadOnCompletion()
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["未匹配上报", "汇总"]
    assert [c.value for c in book["未匹配上报"][1]][:2] == ["原因", "候选楼栋"]
    layer = QgsVectorLayer(path + "|layername=未匹配上报", "未匹配", "ogr")
    assert layer.isValid() and layer.featureCount() == 7
    assert {"原因", "候选楼栋", "原因代码", "候选楼栋编码", "行号"} <= set(layer.fields().names())
