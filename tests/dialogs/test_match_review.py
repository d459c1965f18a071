"""The match review dialog on a real join: it finds the unmatched table among the project's tables,
shows Chinese reasons and empty cells as empty, and its decisions outlive the dialog: the next
``joinreports`` run places the decided rows (one picked on the map) and matches a remembered spelling."""

from __future__ import annotations

import openpyxl
import pytest
from qgis.core import QgsProject, QgsVectorLayer, QgsWkbTypes

from cityhealth_plugin.core.review import LAYER_LIBRARY_DECISIONS
from cityhealth_plugin.dialogs.match_review import MatchReviewDialog
from cityhealth_plugin.processing.io import existing_layers
from tests.processing.layers import rect, write_layer

BUILDINGS = {"building_id": str, "compound_name": str, "building_no": str, "units": int}
#: (id, compound, building no, units, rectangle)
LIBRARY = [("B1", "天福家园南区", "3", 4, (0, 0, 20, 10)),
           ("B2", "明仁小区", "3", 2, (40, 0, 60, 10)),
           ("B3", "明仁小区", "5", 2, (70, 0, 90, 10))]
HEADER = ["小区", "楼栋", "单元", "问题", "描述"]
#: Excel rows 2.. of 网格01.xlsx
REPORT = [
    ["天福家园南区", "3号楼", "2单元", "井盖缺失", "matched: row 2"],
    ["老粮库宿舍", "3号楼", "", "墙皮脱落", "no_compound: row 3"],
    ["明仁小区", "9号楼", "", "乱停车", "no_building: row 4"],
    ["", "", "", "楼道灯不亮", "empty_address: row 5"],
]
R = "网格01.xlsx|问题清单|"
#: the fields of a GeoPackage's layer_styles table (QGIS reads it when it opens a layer)
STYLE_FIELDS = {"f_table_catalog": str, "f_table_schema": str, "f_table_name": str, "f_geometry_column": str,
                "styleName": str, "styleQML": str, "styleSLD": str, "useAsDefault": int, "description": str,
                "owner": str, "ui": str, "update_time": str}


@pytest.fixture
def city(tmp_path, plugin):
    gpkg = str(tmp_path / "地址库.gpkg")
    write_layer(gpkg, "library_buildings", QgsWkbTypes.Polygon, BUILDINGS,
                [(rect(*r), dict(zip(BUILDINGS, (b, c, n, u)))) for b, c, n, u, r in LIBRARY], True)
    write_layer(gpkg, "library_aliases", QgsWkbTypes.NoGeometry, {"alias": str, "compound": str, "kind": str},
                [], False)
    write_layer(gpkg, "layer_styles", QgsWkbTypes.NoGeometry, STYLE_FIELDS, [(None, {
        "f_table_catalog": "", "f_table_schema": "", "f_table_name": "other", "f_geometry_column": "geom",
        "styleName": "默认", "useAsDefault": 0, "update_time": "2026-12-01T10:00:00"})], False)
    reports = tmp_path / "报表"
    reports.mkdir()
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "问题清单"
    sheet.append(HEADER)
    for row in REPORT:
        sheet.append(row)
    book.save(str(reports / "网格01.xlsx"))
    yield {"gpkg": gpkg, "reports": str(reports), "tmp": tmp_path}
    QgsProject.instance().removeAllMapLayers()


def join(city, unmatched="memory:"):
    import processing

    return processing.run("cityhealth:joinreports", {
        "LIBRARY": city["gpkg"] + "|layername=library_buildings", "ID_FIELD": "building_id",
        "COMPOUND_FIELD": "compound_name", "BUILDING_FIELD": "building_no", "UNITS_FIELD": "units",
        "ALIASES": city["gpkg"] + "|layername=library_aliases", "REPORTS": city["reports"],
        "OUTPUT": "memory:", "UNMATCHED": unmatched})


def project_layers(city, unmatched_path):
    """The layers a planner has open: the library's tables first, the unmatched table last."""
    layers = [QgsVectorLayer(city["gpkg"] + "|layername=" + name, name, "ogr")
              for name in ("layer_styles", "library_aliases", "library_buildings")]
    layers.append(QgsVectorLayer(unmatched_path, "未匹配", "ogr"))
    assert all(layer.isValid() for layer in layers)
    QgsProject.instance().addMapLayers(layers)
    return dict(zip(("styles", "aliases", "library", "unmatched"), layers))


def row_of(dialog, source_row):
    return next(r for r in range(dialog.table.rowCount())
                if dialog.table.item(r, 5).text() == str(source_row))


def test_the_unmatched_table_is_preselected_never_styles_or_aliases(qgis_iface, city):
    path = str(city["tmp"] / "未匹配.gpkg")
    assert join(city, path)["UNMATCHED_COUNT"] == 3
    layers = project_layers(city, path)
    dialog = MatchReviewDialog(qgis_iface)
    assert dialog.unmatched_combo.currentLayer() is layers["unmatched"]
    assert dialog.aliases_combo.currentLayer() is layers["aliases"]
    assert dialog.library_combo.currentLayer() is layers["library"]
    assert dialog.table.rowCount() == 3
    texts = {int(dialog.table.item(r, 5).text()): [dialog.table.item(r, c).text() for c in range(6)]
             for r in range(3)}
    assert texts[3][:3] == ["小区名称未找到", "", "老粮库宿舍 / 3号楼"]
    # 9号楼 is no building of 明仁小区: its nearest numbers, 5 then 3
    assert texts[4][:2] == ["小区内无此楼号", "明仁小区 5号楼 (0.60)\n明仁小区 3号楼 (0.60)"]
    assert texts[5][:3] == ["未填写地址", "", ""]  # empty, not NULL
    assert "NULL" not in " ".join(t for row in texts.values() for t in row)
    dialog.table.selectRow(row_of(dialog, 4))
    assert dialog.hint.text().startswith("核对楼号")
    assert dialog.candidates.item(0).text() == "明仁小区 5号楼 (0.60)  [B3]"


def test_no_unmatched_table_in_the_project_selects_none(qgis_iface, city):
    project_layers(city, city["gpkg"] + "|layername=library_aliases")  # no unmatched table at all
    dialog = MatchReviewDialog(qgis_iface)
    assert dialog.unmatched_combo.currentLayer() is None
    assert dialog.table.rowCount() == 0


def test_decisions_survive_the_dialog_and_the_next_run_applies_them(qgis_iface, city):
    path = str(city["tmp"] / "未匹配.gpkg")
    first = join(city, path)
    assert (first["MATCHED"], first["UNMATCHED_COUNT"]) == (1, 3)
    layers = project_layers(city, path)
    dialog = MatchReviewDialog(qgis_iface)
    # no_compound row: accept the first candidate-less row by picking B1 on the map, and remember it
    dialog.table.selectRow(row_of(dialog, 3))
    dialog.building_picked(next(f for f in layers["library"].getFeatures() if f["building_id"] == "B1"))
    assert dialog.accept_choice(remember=True)
    # no_building row (明仁小区 9号楼): the planner knows it is building 5 and picks it on the map
    dialog.table.selectRow(row_of(dialog, 4))
    dialog.pick_on_map()  # zooms to 明仁小区 and arms the identify tool
    assert qgis_iface.mapCanvas().extent().contains(rect(40, 0, 90, 10).boundingBox())
    dialog.building_picked(next(f for f in layers["library"].getFeatures() if f["building_id"] == "B3"))
    assert dialog.candidates.currentItem().data(0x0100) == "B3"
    assert dialog.accept_choice(remember=False)
    assert dialog.decisions == {R + "3": "B1", R + "4": "B3"}
    dialog.close()
    del dialog

    assert LAYER_LIBRARY_DECISIONS in existing_layers(city["gpkg"])
    stored = QgsVectorLayer(city["gpkg"] + "|layername=" + LAYER_LIBRARY_DECISIONS, "d", "ogr")
    assert sorted((f["source_row"], f["raw_address"], f["building_id"], f["kind"])
                  for f in stored.getFeatures()) == [(3, "老粮库宿舍 / 3号楼", "B1", "remember"),
                                                     (4, "明仁小区 / 9号楼", "B3", "accept")]
    assert [(f["alias"], f["compound"], f["kind"]) for f in layers["aliases"].getFeatures()] == [
        ("老粮库宿舍", "天福家园南区", "manual")]

    # a new dialog shows both rows as decided
    again = MatchReviewDialog(qgis_iface)
    assert [again.is_resolved(row_of(again, n)) for n in (3, 4, 5)] == [True, True, False]

    second = join(city)
    assert (second["MATCHED"], second["UNMATCHED_COUNT"]) == (3, 1)
    matched = {f["report_uid"]: (f["building_id"], f["match_method"]) for f in second["OUTPUT"].getFeatures()}
    assert matched[R + "3"] == ("B1", "alias")  # the remembered spelling matches by itself
    assert matched[R + "4"] == ("B3", "manual")  # the decision places the no_building row
    assert [f["reason"] for f in second["UNMATCHED"].getFeatures()] == ["empty_address"]


def test_accept_without_a_geopackage_alias_table_says_so(qgis_iface, city):
    path = str(city["tmp"] / "未匹配.gpkg")
    join(city, path)
    unmatched = QgsVectorLayer(path, "未匹配", "ogr")
    library = QgsVectorLayer(city["gpkg"] + "|layername=library_buildings", "楼栋", "ogr")
    aliases = QgsVectorLayer("None?field=alias:string&field=compound:string&field=kind:string", "别名",
                             "memory")
    dialog = MatchReviewDialog(qgis_iface, unmatched, library, aliases)
    dialog.table.selectRow(row_of(dialog, 4))
    assert not dialog.accept_choice(remember=False)
    assert "library_aliases" in dialog.status.text()
    assert LAYER_LIBRARY_DECISIONS not in existing_layers(city["gpkg"])


def test_the_review_workbook_opened_as_a_layer_is_an_unmatched_table(qgis_iface, city):
    path = str(city["tmp"] / "未匹配_2024.xlsx")
    join(city, path)
    layer = QgsVectorLayer(path + "|layername=未匹配上报", "未匹配", "ogr")
    assert layer.isValid()
    library = QgsVectorLayer(city["gpkg"] + "|layername=library_buildings", "楼栋", "ogr")
    aliases = QgsVectorLayer(city["gpkg"] + "|layername=library_aliases", "别名", "ogr")
    dialog = MatchReviewDialog(qgis_iface, layer, library, aliases)
    assert dialog.table.rowCount() == 3
    dialog.table.selectRow(row_of(dialog, 4))
    assert dialog.table.item(row_of(dialog, 4), 0).text() == "小区内无此楼号"
    assert [dialog.candidates.item(i).data(0x0100) for i in range(dialog.candidates.count())] == ["B3", "B2"]
    dialog.candidates.setCurrentRow(0)
    assert dialog.accept_choice(remember=False)
    assert {f["building_id"]: f["match_method"] for f in join(city)["OUTPUT"].getFeatures()}["B3"] == "manual"
