"""The library field parameters default to the address library's own field names; a default the layer
lacks (units, community, grid) is left out, a missing required one is named; a library_buildings
layer brings its GeoPackage's library_aliases."""

from __future__ import annotations

import openpyxl
import pytest

from tests.processing.layers import rect, write_layer

#: library_buildings as cityhealth:addresslibrary writes it, without units / community / grid
FIELDS = {"building_id": str, "compound_name": str, "building_no": str}
BUILDINGS = [("B1", "天福家园南区", "3", (0, 0, 20, 10)), ("B2", "富贵小区", "1", (30, 0, 50, 10))]


def _report(path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["小区", "楼栋", "问题"])
    sheet.append(["天福家园南区", "3号楼", "乱停车"])
    sheet.append(["幸福里", "3", "乱停车"])  # only an alias names it
    sheet.append(["不存在小区", "9", "乱停车"])
    book.save(path)


def _library(tmp_path, fields=FIELDS, aliases=True):
    from qgis.core import QgsWkbTypes

    path = str(tmp_path / "地址库.gpkg")
    rows = [(rect(*r), dict(zip(fields, (bid, c, b)))) for bid, c, b, r in BUILDINGS]
    uri = write_layer(path, "library_buildings", QgsWkbTypes.Polygon, fields, rows, True)
    if aliases:
        alias_fields = {"alias": str, "compound": str, "kind": str}
        alias = {"alias": "幸福里", "compound": "天福家园南区", "kind": "manual"}
        write_layer(path, "library_aliases", QgsWkbTypes.NoGeometry, alias_fields, [(None, alias)], False)
    return uri


def test_joinreports_needs_only_library_reports_and_outputs(plugin, tmp_path):
    import processing

    _report(str(tmp_path / "上报.xlsx"))
    result = processing.run("cityhealth:joinreports", {
        "LIBRARY": _library(tmp_path), "REPORTS": str(tmp_path / "上报.xlsx"), "OUTPUT": "memory:",
        "UNMATCHED": "memory:"})
    assert (result["MATCHED"], result["UNMATCHED_COUNT"]) == (2, 1)  # row 3 through library_aliases
    assert sorted(f["source_row"] for f in result["OUTPUT"].getFeatures()) == [2, 3]


def test_without_the_alias_table_the_alias_row_is_unmatched(plugin, tmp_path):
    import processing

    _report(str(tmp_path / "上报.xlsx"))
    result = processing.run("cityhealth:joinreports", {
        "LIBRARY": _library(tmp_path, aliases=False), "REPORTS": str(tmp_path / "上报.xlsx"),
        "OUTPUT": "memory:", "UNMATCHED": "memory:"})
    assert (result["MATCHED"], result["UNMATCHED_COUNT"]) == (1, 2)


def test_a_missing_required_default_is_named(plugin, tmp_path):
    import processing
    from qgis.core import QgsProcessingException

    _report(str(tmp_path / "上报.xlsx"))
    library = _library(tmp_path, {"编号": str, "compound_name": str, "building_no": str})
    with pytest.raises(QgsProcessingException, match="building_id"):
        processing.run("cityhealth:joinreports", {
            "LIBRARY": library, "REPORTS": str(tmp_path / "上报.xlsx"), "OUTPUT": "memory:",
            "UNMATCHED": "memory:"})


def test_defaults_are_the_library_field_names_and_shown_in_the_labels(plugin):
    from qgis.core import QgsApplication

    alg = QgsApplication.processingRegistry().algorithmById("cityhealth:joinreports")
    expected = {"ID_FIELD": "building_id", "COMPOUND_FIELD": "compound_name", "BUILDING_FIELD": "building_no",
                "UNITS_FIELD": "units", "COMMUNITY_FIELD": "community", "GRID_FIELD": "grid"}
    for name, default in expected.items():
        definition = alg.parameterDefinition(name)
        assert definition.defaultValue() == default
        assert default in definition.description()


def test_sibling_alias_table_only_from_a_library_geopackage(plugin, tmp_path):
    from cityhealth_plugin.processing.library_layers import sibling_layer

    uri = _library(tmp_path)
    path = uri.split("|")[0]
    aliases = sibling_layer(uri)
    assert aliases is not None and aliases.featureCount() == 1
    assert sibling_layer(path + "|layername=library_aliases") is None  # the table itself
    assert sibling_layer(str(tmp_path / "没有.gpkg") + "|layername=library_buildings") is None
    assert sibling_layer(str(tmp_path / "上报.csv")) is None and sibling_layer("") is None
    other = tmp_path / "其他"
    other.mkdir()
    assert sibling_layer(_library(other, aliases=False)) is None  # a GeoPackage without the table
