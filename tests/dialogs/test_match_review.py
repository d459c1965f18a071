"""The match review dialog lists unmatched rows, offers candidates and remembers spellings."""

from __future__ import annotations

from qgis.core import QgsFeature, QgsGeometry, QgsVectorLayer

from cityhealth_plugin.core.library import AddressLibrary, BuildingRecord, CompoundRecord
from cityhealth_plugin.core.matching import match_values
from cityhealth_plugin.dialogs.match_review import MatchReviewDialog


def memory(definition, name, rows):
    layer = QgsVectorLayer(definition, name, "memory")
    features = []
    for geometry, values in rows:
        feature = QgsFeature(layer.fields())
        if geometry:
            feature.setGeometry(QgsGeometry.fromWkt(geometry))
        for key, value in values.items():
            feature[key] = value
        features.append(feature)
    assert layer.dataProvider().addFeatures(features)[0]
    return layer


def fixtures():
    library = memory("Polygon?crs=EPSG:4550&field=building_id:string&field=compound_name:string"
                     "&field=building_no:string", "楼栋", [
                         ("POLYGON((0 0,10 0,10 10,0 10,0 0))",
                          {"building_id": "BLD-1", "compound_name": "天福家园南区", "building_no": "3"}),
                         ("POLYGON((20 0,30 0,30 10,20 10,20 0))",
                          {"building_id": "BLD-2", "compound_name": "明仁小区", "building_no": "3"}),
                     ])
    unmatched = memory("None?field=report_uid:string&field=source_file:string&field=source_sheet:string"
                       "&field=source_row:integer&field=raw_address:string&field=compound:string"
                       "&field=reason:string&field=candidates:string", "未匹配", [
                           (None, {"report_uid": "网格01.xlsx|问题清单|5", "source_file": "网格01.xlsx",
                                   "source_sheet": "问题清单", "source_row": 5,
                                   "raw_address": "老粮库宿舍 / 3号楼", "compound": "老粮库宿舍",
                                   "reason": "no_compound", "candidates": "BLD-1:0.60;BLD-2:0.40"}),
                           (None, {"report_uid": "网格01.xlsx|问题清单|9", "source_file": "网格01.xlsx",
                                   "source_sheet": "问题清单", "source_row": 9,
                                   "raw_address": "明仁小区 / 9号楼", "compound": "明仁小区",
                                   "reason": "no_building", "candidates": ""}),
                       ])
    aliases = memory("None?field=alias:string&field=compound:string&field=kind:string", "别名", [])
    return library, unmatched, aliases


def test_dialog_lists_rows_and_candidates(qgis_iface):
    library, unmatched, aliases = fixtures()
    dialog = MatchReviewDialog(qgis_iface, unmatched, library, aliases)
    assert dialog.table.rowCount() == 2
    assert dialog.table.item(0, 3).text() == "老粮库宿舍 / 3号楼"
    dialog.table.selectRow(0)
    assert dialog.candidates.count() == 2
    assert dialog.candidates.item(0).text().startswith("BLD-1  天福家园南区")


def test_accept_and_remember_writes_a_manual_alias_that_matches_next_run(qgis_iface):
    library, unmatched, aliases = fixtures()
    dialog = MatchReviewDialog(qgis_iface, unmatched, library, aliases)
    dialog.table.selectRow(0)
    dialog.candidates.setCurrentRow(0)
    assert dialog.accept_choice(remember=True)
    assert dialog.decisions == {"网格01.xlsx|问题清单|5": "BLD-1"}
    stored = [(f["alias"], f["compound"], f["kind"]) for f in aliases.getFeatures()]
    assert stored == [("老粮库宿舍", "天福家园南区", "manual")]
    records = [dict(zip(("alias", "compound", "kind"), row)) for row in stored]
    lib = AddressLibrary([BuildingRecord("BLD-1", "天福家园南区", "3"),
                          BuildingRecord("BLD-2", "明仁小区", "3")],
                         [CompoundRecord("天福家园南区"), CompoundRecord("明仁小区")], aliases=records)
    assert match_values({"compound": "老粮库宿舍", "building": "3号楼"}, lib).building_id == "BLD-1"


def test_building_picked_on_map_becomes_the_choice(qgis_iface):
    library, unmatched, aliases = fixtures()
    dialog = MatchReviewDialog(qgis_iface, unmatched, library, aliases)
    dialog.table.selectRow(1)
    assert dialog.candidates.count() == 0
    assert not dialog.accept_choice(remember=False)  # nothing chosen yet
    picked = next(f for f in library.getFeatures() if f["building_id"] == "BLD-2")
    dialog.building_picked(picked)
    assert dialog.candidates.currentItem().data(0x0100) == "BLD-2"
    assert dialog.accept_choice(remember=True)  # same compound: nothing new to remember
    assert aliases.featureCount() == 0
    assert dialog.decisions["网格01.xlsx|问题清单|9"] == "BLD-2"
