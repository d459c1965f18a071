"""cityhealth:democity through processing.run: GeoPackage layers, CRS, fields, counts, overview map."""

from __future__ import annotations

import csv
import os

import pytest

from cityhealth_plugin.core import schema

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
ARTEFACTS = os.path.join(ROOT, "out", "test-artefacts")


@pytest.fixture(scope="module")
def demo(plugin, tmp_path_factory):
    """The small demo city, generated once for this module into a folder with a CJK name."""
    import processing

    folder = str(tmp_path_factory.mktemp("democity") / "示范城区")
    result = processing.run("cityhealth:democity", {"SIZE": 0, "SEED": 2024, "OUTPUT_FOLDER": folder})
    return result


def _layer(path, name):
    from qgis.core import QgsVectorLayer

    layer = QgsVectorLayer("{}|layername={}".format(path, name), name, "ogr")
    assert layer.isValid(), name
    return layer


def test_outputs_point_into_the_output_folder(demo):
    folder = demo["OUTPUT_FOLDER"]
    assert demo["GEOPACKAGE"] == os.path.join(folder, "democity.gpkg")
    assert os.path.isfile(demo["GEOPACKAGE"])
    assert os.path.isdir(os.path.join(demo["REPORTS_FOLDER"], "2024", "照片"))
    assert os.path.isfile(demo["GROUND_TRUTH"])
    assert not [n for n in os.listdir(folder) if n.endswith((".part", ".part.gpkg", "-wal"))]


def test_every_layer_has_the_schema_fields_types_and_crs(demo):
    from qgis.PyQt.QtCore import QVariant

    expected_type = {str: QVariant.String, int: (QVariant.Int, QVariant.LongLong), float: QVariant.Double}
    for name in schema.DEMO_LAYERS:
        layer = _layer(demo["GEOPACKAGE"], name)
        assert layer.crs().authid() == "EPSG:4550"
        assert layer.featureCount() > 0, name
        fields = layer.fields()
        for field_name, typ in schema.DEMO_FIELDS[name].items():
            index = fields.indexOf(field_name)
            assert index >= 0, (name, field_name)
            allowed = expected_type[typ]
            allowed = allowed if isinstance(allowed, tuple) else (allowed,)
            assert fields.at(index).type() in allowed, (name, field_name, fields.at(index).typeName())


def test_counts_match_the_reported_outputs(demo):
    buildings = _layer(demo["GEOPACKAGE"], schema.LAYER_BUILDINGS)
    assert buildings.featureCount() == demo["BUILDINGS"]
    assert 1500 <= demo["BUILDINGS"] <= 2600
    assert _layer(demo["GEOPACKAGE"], schema.LAYER_DISTRICTS).featureCount() == 2
    with open(demo["GROUND_TRUTH"], encoding="utf-8") as handle:
        rows = [r for r in csv.DictReader(handle) if r["blank"] == "0"]
    assert len(rows) == demo["REPORT_ROWS"]


def test_geopackage_holds_every_generated_feature(demo):
    from cityhealth_plugin.core.democity import generate_city

    city = generate_city("small", 2024)
    for name in schema.DEMO_LAYERS:
        assert _layer(demo["GEOPACKAGE"], name).featureCount() == city.count(name), name
    compounds = _layer(demo["GEOPACKAGE"], schema.LAYER_COMPOUNDS)
    first = next(compounds.getFeatures())
    expected = city.layers[schema.LAYER_COMPOUNDS][0].attrs
    assert first["compound_name"] == expected["compound_name"]
    assert first["aliases"] == expected["aliases"]
    x0, y0, x1, y1 = city.layers[schema.LAYER_COMPOUNDS][0].bounds
    assert first.geometry().area() == pytest.approx((x1 - x0) * (y1 - y0), abs=0.1)


def test_scattered_buildings_have_null_compound_and_a_door_address(demo):
    from qgis.core import QgsFeatureRequest

    layer = _layer(demo["GEOPACKAGE"], schema.LAYER_BUILDINGS)
    request = QgsFeatureRequest().setFilterExpression('"is_scattered" = 1')
    scattered = list(layer.getFeatures(request))
    assert scattered
    for f in scattered[:50]:
        assert f["compound_id"] is None or f["compound_id"] == "" or str(f["compound_id"]) == "NULL"
        assert f["compound_name"].endswith("号")


def test_minprogram_lonlat_lands_on_the_true_building(demo):
    """经度/纬度 of mini-program files, transformed back by QGIS, fall inside the ground-truth building."""
    from openpyxl import load_workbook
    from qgis.core import (
        QgsCoordinateReferenceSystem,
        QgsCoordinateTransform,
        QgsFeatureRequest,
        QgsGeometry,
        QgsPointXY,
        QgsProject,
    )

    truth = {}
    with open(demo["GROUND_TRUTH"], encoding="utf-8") as handle:
        for r in csv.DictReader(handle):
            truth[(r["round"], r["source_file"], int(r["source_row"]))] = r
    transform = QgsCoordinateTransform(QgsCoordinateReferenceSystem("EPSG:4326"),
                                       QgsCoordinateReferenceSystem("EPSG:4550"), QgsProject.instance())
    buildings = _layer(demo["GEOPACKAGE"], schema.LAYER_BUILDINGS)
    checked = 0
    folder = os.path.join(demo["REPORTS_FOLDER"], "2024")
    for name in sorted(os.listdir(folder)):
        if not name.endswith(".xlsx") or name == "满意度调查.xlsx":
            continue
        ws = load_workbook(os.path.join(folder, name), read_only=True).active
        rows = list(ws.iter_rows(values_only=True))
        if "经度" not in rows[0]:
            continue
        lon_i, lat_i = rows[0].index("经度"), rows[0].index("纬度")
        for number, row in enumerate(rows[1:], start=2):
            t = truth[("2024", name, number)]
            if not t["building_id"]:
                continue
            point = transform.transform(QgsPointXY(row[lon_i], row[lat_i]))
            expression = "\"building_id\" = '{}'".format(t["building_id"])
            request = QgsFeatureRequest().setFilterExpression(expression)
            feature = next(buildings.getFeatures(request))
            assert feature.geometry().contains(QgsGeometry.fromPointXY(point)), (name, number)
            checked += 1
            if checked >= 30:
                return
    assert checked > 0


def _symbol_layer(layer, props):
    from qgis.core import QgsFillSymbol, QgsLineSymbol, QgsMarkerSymbol, QgsSingleSymbolRenderer, QgsWkbTypes

    kind = layer.geometryType()
    if kind == QgsWkbTypes.PointGeometry:
        symbol = QgsMarkerSymbol.createSimple(props)
    elif kind == QgsWkbTypes.LineGeometry:
        symbol = QgsLineSymbol.createSimple(props)
    else:
        symbol = QgsFillSymbol.createSimple(props)
    layer.setRenderer(QgsSingleSymbolRenderer(symbol))


def test_overview_map_renders(demo):
    """Render roads, blocks, compounds, buildings, parks and facilities to a PNG for a human look."""
    from qgis.core import QgsMapRendererParallelJob, QgsMapSettings
    from qgis.PyQt.QtCore import QSize
    from qgis.PyQt.QtGui import QColor

    path = demo["GEOPACKAGE"]
    blocks = _layer(path, schema.LAYER_BLOCKS)
    _symbol_layer(blocks, {"color": "235,235,225", "outline_color": "160,160,150", "outline_width": "0.1"})
    parks = _layer(path, schema.LAYER_PARKS)
    _symbol_layer(parks, {"color": "150,210,140", "outline_color": "80,150,70", "outline_width": "0.15"})
    compounds = _layer(path, schema.LAYER_COMPOUNDS)
    _symbol_layer(compounds, {"color": "255,245,215", "outline_color": "200,140,60", "outline_width": "0.2"})
    buildings = _layer(path, schema.LAYER_BUILDINGS)
    _symbol_layer(buildings, {"color": "150,120,110", "outline_color": "90,70,60", "outline_width": "0.05"})
    roads = _layer(path, schema.LAYER_ROADS)
    _symbol_layer(roads, {"line_color": "255,255,255", "line_width": "10"})
    _road_width_in_metres(roads)
    facilities = _layer(path, schema.LAYER_FACILITIES)
    _symbol_layer(facilities, {"name": "circle", "color": "220,40,40", "size": "1.2",
                               "outline_color": "255,255,255", "outline_width": "0.1"})
    settings = QgsMapSettings()
    settings.setLayers([facilities, buildings, compounds, roads, parks, blocks])
    settings.setDestinationCrs(blocks.crs())
    settings.setExtent(_layer(path, schema.LAYER_DISTRICTS).extent())
    settings.setOutputSize(QSize(1600, 1200))
    settings.setBackgroundColor(QColor(90, 90, 90))
    job = QgsMapRendererParallelJob(settings)
    job.start()
    job.waitForFinished()
    image = job.renderedImage()
    os.makedirs(ARTEFACTS, exist_ok=True)
    target = os.path.join(ARTEFACTS, "democity_overview.png")
    assert image.save(target, "PNG")
    assert os.path.getsize(target) > 10000
    del blocks, parks, compounds, buildings, roads, facilities


def _road_width_in_metres(roads):
    """Draw each road as wide as its width_m (map units), so blocks visibly sit between roads."""
    from qgis.core import QgsProperty, QgsSymbolLayer, QgsUnitTypes

    line = roads.renderer().symbol().symbolLayer(0)
    line.setWidthUnit(QgsUnitTypes.RenderMapUnits)
    key = getattr(QgsSymbolLayer, "PropertyStrokeWidth", None)
    if key is None:
        key = QgsSymbolLayer.Property.StrokeWidth
    line.setDataDefinedProperty(key, QgsProperty.fromExpression('"width_m"'))


def test_unwritable_folder_gives_a_clear_message(plugin, tmp_path):
    import processing
    from qgis.core import QgsProcessingException

    blocker = tmp_path / "文件"
    blocker.write_text("not a folder", encoding="utf-8")
    with pytest.raises(QgsProcessingException) as info:
        processing.run("cityhealth:democity", {"SIZE": 0, "SEED": 1, "OUTPUT_FOLDER": str(blocker / "城区")})
    assert "does not exist or is a file" in str(info.value) and str(blocker / "城区") in str(info.value)
