"""QGIS plumbing of the thematic checks (parking, walkways, road network): lines in a projected CRS,
a line index for nearest-road look-ups, polygons within a radius, writing a sink.

The rules live in ``core/analysis``; this module only measures and looks up geometry.
"""

from __future__ import annotations

from typing import Any, Dict, List, Mapping, Optional, Sequence, Tuple

from qgis.core import (
    QgsFeature,
    QgsFeatureSink,
    QgsGeometry,
    QgsPointXY,
    QgsProcessingException,
    QgsRectangle,
    QgsSpatialIndex,
    QgsWkbTypes,
)
from qgis.PyQt.QtCore import QCoreApplication

from ..core.feedback import check
from ..core.schema import LAYER_PROBLEMS
from . import store
from .geometry import PolygonIndex, local_projected_crs, transform_between
from .io import to_text

translate = QCoreApplication.translate  # pylupdate5 finds translate("context", "text")


def work_crs(source, context):
    """A projected CRS for distances and areas: the layer's own, or the UTM zone of its extent."""
    return local_projected_crs(source.sourceCrs(), source.sourceExtent(), context.transformContext())


class Line:
    """One road centre-line in the work CRS with its attributes."""

    __slots__ = ("uid", "geom", "attrs", "fid")

    def __init__(self, uid: str, geom: Optional[QgsGeometry], attrs: Dict[str, Any], fid: int):
        self.uid, self.geom, self.attrs, self.fid = uid, geom, attrs, fid


def read_lines(source, label: str, key: str, fields: Mapping[str, str], crs, context, feedback) -> List[Line]:
    """The lines of ``source`` in ``crs``, keyed by field ``key`` (``<label>#<fid>`` when empty), with
    the attributes ``fields`` (name → field of ``source``, '' or absent → None). A feature without a
    line geometry is kept with ``geom`` None and logged."""
    transform = transform_between(source.sourceCrs(), crs, context.transformContext())
    src_fields = source.fields()
    key_idx = src_fields.lookupField(key) if key else -1
    wanted = [(name, src_fields.lookupField(f) if f else -1) for name, f in fields.items()]
    out: List[Line] = []
    total = max(source.featureCount(), 0)
    empty = 0
    for n, feat in enumerate(source.getFeatures()):
        if n % 200 == 0:
            check(feedback, n, total)
        values = feat.attributes()
        uid = to_text(values[key_idx]) if key_idx >= 0 else ""
        uid = uid or "{}#{}".format(label, feat.id())
        geom = feat.geometry() if feat.hasGeometry() else None
        if geom is not None and (geom.isEmpty() or geom.type() != QgsWkbTypes.LineGeometry):
            geom = None
        if geom is not None and transform is not None:
            geom = QgsGeometry(geom)
            geom.transform(transform)
        if geom is None:
            empty += 1
        out.append(Line(uid, geom, {name: (values[i] if i >= 0 else None) for name, i in wanted}, feat.id()))
    if empty:
        feedback.pushWarning(translate(
            "ThematicChecks", "{0}: {1} features without a line geometry (kept, length 0).").format(
                label, empty))
    return out


class LineIndex:
    """Lines with a spatial index storing their geometries: nearest line to a point within a distance."""

    def __init__(self, lines: Sequence[Line]):
        self.lines = [ln for ln in lines if ln.geom is not None]
        self.index = QgsSpatialIndex(QgsSpatialIndex.FlagStoreFeatureGeometries)
        for n, ln in enumerate(self.lines):
            feat = QgsFeature(n)
            feat.setGeometry(ln.geom)
            self.index.addFeature(feat)

    def nearest(self, point: QgsPointXY, max_distance: float) -> Tuple[Optional[Line], float]:
        pgeom = QgsGeometry.fromPointXY(point)
        best: Tuple[Optional[Line], float] = (None, float("inf"))
        for n in self.index.nearestNeighbor(point, 4, max_distance):
            ln = self.lines[n]
            d = ln.geom.distance(pgeom)
            if d <= max_distance and (d, ln.uid) < (best[1], best[0].uid if best[0] else "\uffff"):
                best = (ln, d)
        return best

    def near(self, geom: QgsGeometry, distance: float) -> List[Line]:
        """Lines within ``distance`` of ``geom``."""
        rect = QgsRectangle(geom.boundingBox())
        rect.grow(distance)
        return [self.lines[n] for n in self.index.intersects(rect)
                if self.lines[n].geom.distance(geom) <= distance]


def polygons_within(polys: PolygonIndex, geom: QgsGeometry, radius: float) -> List[str]:
    """Ids of the polygons of ``polys`` whose distance to ``geom`` is at most ``radius``, sorted."""
    rect = QgsRectangle(geom.boundingBox())
    rect.grow(radius)
    return [uid for uid in polys.candidates(rect) if polys.geoms[uid].distance(geom) <= radius]


def largest_overlap(parents: PolygonIndex, geom: Optional[QgsGeometry]) -> Optional[str]:
    """The parent holding most of ``geom``'s area (ties: the smaller id); None when none overlaps."""
    areas = parents.overlaps(geom)
    if not areas:
        return None
    return min(areas, key=lambda uid: (-areas[uid], uid))


def open_problems(path: str):
    """The ``problems`` layer of the ledger GeoPackage ``path`` (None when no path is given)."""
    if not path:
        return None
    layer = store.ledger_layer(path, LAYER_PROBLEMS)
    if not layer.isValid():
        raise QgsProcessingException(translate(
            "ThematicChecks", "{0} has no problems layer: give the ledger GeoPackage written by "
                              "cityhealth:buildledger.").format(path))
    return layer


def write_sink(alg, parameters, context, param: str, fields, wkb_type, crs, rows) -> str:
    """Write ``rows`` [(geometry or None, [attributes])] to the sink ``param``; returns its id."""
    sink, dest = alg.parameterAsSink(parameters, param, context, fields, wkb_type, crs)
    if sink is None:
        raise QgsProcessingException(alg.invalidSinkError(parameters, param))
    multi = QgsWkbTypes.isMultiType(wkb_type)
    feats = []
    for geom, attrs in rows:
        feat = QgsFeature(fields)
        if geom is not None:
            if multi and not geom.isMultipart():
                geom = QgsGeometry(geom)
                geom.convertToMultiType()
            feat.setGeometry(geom)
        feat.setAttributes(list(attrs))
        feats.append(feat)
    if feats and not sink.addFeatures(feats, QgsFeatureSink.FastInsert):
        raise QgsProcessingException(alg.writeFeatureError(sink, parameters, param))
    return dest
