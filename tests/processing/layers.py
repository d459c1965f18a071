"""Hand-drawn test layers: rectangles in EPSG:4550 metres from (X0, Y0), written to GeoPackages."""

from __future__ import annotations

X0, Y0 = 400000.0, 4830000.0
CRS = "EPSG:4550"


def rect(x1, y1, x2, y2):
    """A rectangle polygon from (x1, y1) to (x2, y2), in metres from (X0, Y0)."""
    from qgis.core import QgsGeometry

    return QgsGeometry.fromWkt("POLYGON(({a} {b},{c} {b},{c} {d},{a} {d},{a} {b}))".format(
        a=X0 + x1, b=Y0 + y1, c=X0 + x2, d=Y0 + y2))


def write_layer(path, name, geom_type, fields, rows, first, crs=CRS):
    """Write ``rows`` [(geometry or None, {field: value})] as layer ``name`` of GeoPackage ``path``.

    ``fields`` maps field names to Python types; ``first`` creates the file, otherwise the layer is
    added to it; ``crs`` is EPSG:4550 unless given. Returns the layer source ``path|layername=name``.
    """
    from qgis.core import (
        QgsCoordinateReferenceSystem,
        QgsCoordinateTransformContext,
        QgsFeature,
        QgsFields,
        QgsVectorFileWriter,
    )

    from cityhealth_plugin.processing.qgis_compat import make_field

    qfields = QgsFields()
    for fname, typ in fields.items():
        qfields.append(make_field(fname, typ))
    options = QgsVectorFileWriter.SaveVectorOptions()
    options.driverName = "GPKG"
    options.layerName = name
    options.actionOnExistingFile = (QgsVectorFileWriter.CreateOrOverwriteFile if first
                                    else QgsVectorFileWriter.CreateOrOverwriteLayer)
    writer = QgsVectorFileWriter.create(path, qfields, geom_type, QgsCoordinateReferenceSystem(crs),
                                        QgsCoordinateTransformContext(), options)
    assert writer.hasError() == QgsVectorFileWriter.NoError, writer.errorMessage()
    for geom, values in rows:
        feat = QgsFeature(qfields)
        if geom is not None:
            feat.setGeometry(geom)
        feat.setAttributes([values.get(f) for f in fields])
        assert writer.addFeature(feat)
    del writer
    return "{}|layername={}".format(path, name)
