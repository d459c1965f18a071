"""processing/geometry.py: repair, pieces of one id, overlaps, containment, nearest, local CRS."""

from __future__ import annotations

import pytest

BOWTIE = "POLYGON((0 0,10 10,10 0,0 10,0 0))"  # two triangles of 25 m² each
SPIKE = "POLYGON((0 0,10 0,20 0,10 0,10 10,0 10,0 0))"  # makeValid → GeometryCollection(polygon, line)


@pytest.fixture()
def g(qgis_app):
    from qgis.core import QgsGeometry

    return QgsGeometry.fromWkt


def test_bowtie_is_repaired_into_a_valid_multipolygon(g):
    from cityhealth_plugin.processing.geometry import REPAIRED, repair_polygon

    fixed, note = repair_polygon(g(BOWTIE))
    assert note == REPAIRED
    assert fixed.isGeosValid() and fixed.isMultipart() and fixed.area() == pytest.approx(50.0)


def test_geometry_collection_from_make_valid_keeps_its_polygon(g):
    """QGIS 3.22: makeValid() gives a GeometryCollection here and convertToType(Polygon) gives null."""
    from qgis.core import QgsWkbTypes

    from cityhealth_plugin.processing.geometry import repair_polygon

    collection = g(SPIKE).makeValid()
    assert QgsWkbTypes.flatType(collection.wkbType()) == QgsWkbTypes.GeometryCollection
    fixed, note = repair_polygon(g(SPIKE))
    assert note == "repaired" and fixed.isGeosValid()
    assert QgsWkbTypes.flatType(fixed.wkbType()) == QgsWkbTypes.MultiPolygon
    assert fixed.area() == pytest.approx(100.0)


def test_null_empty_and_unrepairable_are_reported_not_dropped(g):
    from cityhealth_plugin.processing.geometry import EMPTY, UNREPAIRABLE, PolygonIndex, repair_polygon

    assert repair_polygon(None) == (None, EMPTY)
    assert repair_polygon(g("POLYGON EMPTY")) == (None, EMPTY)
    assert repair_polygon(g("POLYGON((0 0,10 0,10 0,0 0))")) == (None, UNREPAIRABLE)  # a line
    index = PolygonIndex("楼栋")
    index.add("甲", None)
    index.add("乙", g("POLYGON EMPTY"))
    index.add("丙", g(BOWTIE))
    assert sorted(index.geoms) == ["丙", "乙", "甲"]  # every id kept
    assert index.without_geometry() == ["甲", "乙"]
    assert (index.empty, index.repaired) == (2, 1)


def test_pieces_of_one_id_become_one_multipolygon(g):
    from cityhealth_plugin.processing.geometry import PolygonIndex

    index = PolygonIndex("楼栋")
    # one footprint cut by a tile edge at x = 10, plus a separate wing
    index.add("415667818", g("POLYGON((0 0,10 0,10 10,0 10,0 0))"), {"name": ""})
    index.add("415667818", g("POLYGON((10 0,20 0,20 10,10 10,10 0))"), {"name": "东方大厦"})
    index.add("415667818", g("POLYGON((30 0,40 0,40 10,30 10,30 0))"))
    index.add("2", g("POLYGON((50 0,60 0,60 10,50 10,50 0))"))
    merged = index.get("415667818")
    assert merged.isGeosValid() and merged.area() == pytest.approx(300.0)
    assert merged.constGet().numGeometries() == 2  # the tile cut dissolved, the wing kept
    assert index.attrs["415667818"]["name"] == "东方大厦"  # first non-empty value
    assert (index.collected, index.pieces) == (1, 2)
    assert index.all_containing(g("POINT(15 5)")) == ["415667818"]


def test_overlaps_containing_and_nearest(g):
    from qgis.core import QgsPointXY

    from cityhealth_plugin.processing.geometry import PolygonIndex

    compounds = PolygonIndex("小区")
    compounds.add("C1", g("POLYGON((0 0,100 0,100 100,0 100,0 0))"))
    compounds.add("C2", g("POLYGON((100 0,200 0,200 100,100 100,100 0))"))
    compounds.add("C3", g("POLYGON((20 20,40 20,40 40,20 40,20 20))"))  # inside C1
    building = g("POLYGON((90 10,130 10,130 20,90 20,90 10))")  # 10 m² in C1, 30 m² in C2
    assert compounds.overlaps(building) == pytest.approx({"C1": 100.0, "C2": 300.0})
    assert compounds.overlaps(None) == {}
    assert compounds.containing(g("POINT(30 30)")) == "C3"  # the smallest polygon holding it
    assert compounds.containing(g("POINT(500 500)")) is None
    assert compounds.nearest(QgsPointXY(210, 50), 30) == ("C2", pytest.approx(10.0))
    assert compounds.nearest(QgsPointXY(260, 50), 30) == (None, float("inf"))
    buildings = PolygonIndex("楼栋")
    buildings.add("B1", building)
    lazy = compounds.lazy_overlaps(buildings)
    assert list(lazy) == ["B1"] and lazy["B1"] == pytest.approx({"C1": 100.0, "C2": 300.0})


def test_reprojection_on_add(g):
    from qgis.core import QgsCoordinateReferenceSystem

    from cityhealth_plugin.processing.geometry import PolygonIndex, transform_between

    wgs84 = QgsCoordinateReferenceSystem("EPSG:4326")
    utm = QgsCoordinateReferenceSystem("EPSG:32651")
    assert transform_between(wgs84, wgs84) is None
    index = PolygonIndex("街区", transform_between(wgs84, utm))
    index.add("K1", g("POLYGON((121.50 31.23,121.51 31.23,121.51 31.24,121.50 31.24,121.50 31.23))"))
    area = index.get("K1").area()
    assert 1.0e6 < area < 1.1e6  # about 950 m × 1110 m


def test_local_projected_crs_is_the_utm_zone_of_the_centre(qgis_app):
    from qgis.core import QgsCoordinateReferenceSystem, QgsRectangle

    from cityhealth_plugin.processing.geometry import local_projected_crs

    wgs84 = QgsCoordinateReferenceSystem("EPSG:4326")
    lujiazui = QgsRectangle(121.49, 31.22, 121.52, 31.25)
    assert local_projected_crs(wgs84, lujiazui).authid() == "EPSG:32651"
    assert local_projected_crs(wgs84, QgsRectangle(122.2, 43.6, 122.3, 43.7)).authid() == "EPSG:32651"
    assert local_projected_crs(wgs84, QgsRectangle(-58.5, -34.7, -58.3, -34.5)).authid() == "EPSG:32721"
    tongliao = QgsCoordinateReferenceSystem("EPSG:4550")
    assert local_projected_crs(tongliao, lujiazui) == tongliao  # already projected
