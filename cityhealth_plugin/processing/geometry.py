"""Polygons of a library layer: repair, one id → one multipolygon, a spatial index, overlaps, CRS.

One home for the geometry plumbing every algorithm needs (address library, ledger, and later
assessment and analysis):

- :func:`repair_polygon`: any polygon input as a valid MultiPolygon or ``None``. ``makeValid()``
  returns a GeometryCollection for many real footprints (a bow-tie, a ring touching itself, a
  tile-clipped piece with a collapsed edge); ``convertToType(Polygon)`` gives null for those on
  QGIS 3.22, so the polygon parts are taken out of the collection here, by hand.
- :class:`PolygonIndex`: polygons keyed by id (pieces sharing an id are dissolved into one
  multipolygon), reprojected, repaired and counted, with a ``QgsSpatialIndex`` for overlap,
  containment and nearest look-ups. NULL / EMPTY / unrepairable geometry is kept as an id without
  geometry and counted, never dropped silently.
- :func:`local_projected_crs`: a projected CRS (UTM zone of the extent centre) for distance and
  area work on a layer in geographic coordinates.
"""

from __future__ import annotations

import math
from typing import Any, Dict, Iterator, List, Mapping, Optional, Sequence, Tuple

from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsCoordinateTransformContext,
    QgsFeatureRequest,
    QgsGeometry,
    QgsPointXY,
    QgsProcessingFeatureSource,
    QgsRectangle,
    QgsSpatialIndex,
    QgsWkbTypes,
)
from qgis.PyQt.QtCore import QCoreApplication

from ..core.feedback import check
from ..core.messages import QT_TRANSLATE_NOOP, CityHealthError, Message
from .io import to_text

#: Parts smaller than this share of the largest part of a repaired polygon are slivers.
SLIVER_SHARE = 1e-3

# notes returned by repair_polygon
EMPTY = "empty"  # NULL or EMPTY input
UNREPAIRABLE = "unrepairable"  # invalid, and no polygon area left after repair
REPAIRED = "repaired"
SLIVERS = "slivers"


def polygon_parts(geom: Optional[QgsGeometry]) -> List[QgsGeometry]:
    """The single polygons inside any geometry (polygon, multipolygon, GeometryCollection …).

    Points and lines (e.g. the collapsed edges ``makeValid()`` returns) are left out.
    """
    if geom is None or geom.isNull() or geom.isEmpty():
        return []
    out: List[QgsGeometry] = []
    stack = [geom.constGet()]
    while stack:
        abstract = stack.pop()
        if abstract is None or abstract.isEmpty():
            continue
        flat = QgsWkbTypes.flatType(abstract.wkbType())
        single = not QgsWkbTypes.isMultiType(flat)
        if QgsWkbTypes.geometryType(flat) == QgsWkbTypes.PolygonGeometry and single:
            part = QgsGeometry(abstract.clone())
            if QgsWkbTypes.isCurvedType(flat):
                part = QgsGeometry(part.constGet().segmentize())
            out.append(part)
        elif QgsWkbTypes.isMultiType(flat) or flat == QgsWkbTypes.GeometryCollection:
            stack.extend(abstract.geometryN(i) for i in reversed(range(abstract.numGeometries())))
    return out


def as_multipolygon(parts: Sequence[QgsGeometry]) -> Optional[QgsGeometry]:
    """One MultiPolygon from single polygons (None when there is none)."""
    parts = [p for p in parts if p is not None and not p.isEmpty()]
    if not parts:
        return None
    geom = QgsGeometry.collectGeometry(parts)
    geom.convertToMultiType()
    return geom


def repair_polygon(geom: Optional[QgsGeometry]) -> Tuple[Optional[QgsGeometry], str]:
    """A valid MultiPolygon (or None) and what was done: '', EMPTY, UNREPAIRABLE, REPAIRED, SLIVERS
    or 'repaired+slivers'. Slivers (parts below :data:`SLIVER_SHARE` of the largest part, left by
    a repair or a tile cut) are removed."""
    if geom is None or geom.isNull() or geom.isEmpty():
        return None, EMPTY
    valid = geom.isGeosValid()
    flat = QgsWkbTypes.flatType(geom.wkbType())
    if valid and flat == QgsWkbTypes.Polygon:  # fast path: most footprints
        out = QgsGeometry(geom)
        out.convertToMultiType()
        return out, ""
    if valid and flat == QgsWkbTypes.MultiPolygon and geom.constGet().numGeometries() == 1 \
            and geom.area() > 0:  # the other fast path: one polygon written as a multipolygon
        return QgsGeometry(geom), ""
    note = ""
    parts = polygon_parts(geom)
    if not valid:
        fixed = geom.makeValid()
        parts = polygon_parts(fixed)
        candidate = as_multipolygon(parts)
        if candidate is not None and not candidate.isGeosValid():
            parts = polygon_parts(candidate.buffer(0, 1))
        if not parts or sum(p.area() for p in parts) <= 0:
            return None, UNREPAIRABLE
        note = REPAIRED
    areas = [p.area() for p in parts]
    biggest = max(areas) if areas else 0.0
    keep = [p for p, a in zip(parts, areas) if a > 0 and a >= biggest * SLIVER_SHARE]
    if not keep:
        return None, UNREPAIRABLE
    if len(keep) < len(parts):
        note = SLIVERS if not note else note + "+" + SLIVERS
    return as_multipolygon(keep), note


def dissolve(pieces: Sequence[QgsGeometry]) -> Optional[QgsGeometry]:
    """Pieces of one polygon (e.g. cut by map tiles) as one valid MultiPolygon."""
    pieces = [p for p in pieces if p is not None and not p.isEmpty()]
    if not pieces:
        return None
    if len(pieces) == 1:
        return pieces[0]
    union = QgsGeometry.unaryUnion(pieces)
    if union.isNull() or union.isEmpty():
        return as_multipolygon([q for p in pieces for q in polygon_parts(p)])
    return as_multipolygon(polygon_parts(union))


def local_projected_crs(crs: QgsCoordinateReferenceSystem, extent: QgsRectangle,
                        transform_context: Optional[QgsCoordinateTransformContext] = None
                        ) -> QgsCoordinateReferenceSystem:
    """``crs`` itself when projected; for a geographic CRS the WGS 84 UTM zone of the extent centre
    (metres, for distances and areas)."""
    if not crs.isValid() or not crs.isGeographic():
        return crs
    wgs84 = QgsCoordinateReferenceSystem("EPSG:4326")
    centre = extent.center()
    if crs != wgs84:
        transform = QgsCoordinateTransform(crs, wgs84, transform_context or QgsCoordinateTransformContext())
        centre = transform.transform(centre)
    lon = max(-180.0, min(179.999999, centre.x()))
    zone = int(math.floor((lon + 180.0) / 6.0)) + 1
    epsg = (32600 if centre.y() >= 0 else 32700) + zone
    return QgsCoordinateReferenceSystem("EPSG:{}".format(epsg))


def transform_between(source: QgsCoordinateReferenceSystem, target: QgsCoordinateReferenceSystem,
                      transform_context: Optional[QgsCoordinateTransformContext] = None
                      ) -> Optional[QgsCoordinateTransform]:
    """The transform from ``source`` to ``target``; None when none is needed (same or unknown CRS)."""
    if not source.isValid() or not target.isValid() or source == target:
        return None
    transform = QgsCoordinateTransform(source, target, transform_context or QgsCoordinateTransformContext())
    return None if transform.isShortCircuited() else transform


class PolygonIndex:
    """Polygons keyed by id, repaired, in one CRS, with a spatial index.

    :meth:`add` the features (transformed first when ``transform`` is given); pieces that share an
    id are dissolved into one multipolygon. Counts for the log: ``repaired``, ``slivers``, ``empty``
    (NULL / EMPTY input), ``unrepairable``, ``pieces`` (extra pieces merged) and ``collected`` (ids
    made of several pieces). ``notes`` holds the notable ids per kind.
    """

    def __init__(self, label: str = "", transform: Optional[QgsCoordinateTransform] = None):
        self.label = label
        self.transform = transform
        self.geoms: Dict[str, Optional[QgsGeometry]] = {}
        self.attrs: Dict[str, Dict[str, Any]] = {}
        self.notes: Dict[str, List[str]] = {EMPTY: [], UNREPAIRABLE: [], REPAIRED: [], SLIVERS: [],
                                            "collected": []}
        self.pieces = 0
        self._pieces: Dict[str, List[QgsGeometry]] = {}
        self._index: Optional[QgsSpatialIndex] = None
        self._ids: List[str] = []

    # -- building ----------------------------------------------------------------------------
    def add(self, uid: str, geom: Optional[QgsGeometry], attrs: Optional[Dict[str, Any]] = None) -> str:
        """Add one feature; returns the repair note ('' when the geometry was fine)."""
        if geom is not None and not geom.isNull() and not geom.isEmpty() and self.transform is not None:
            geom = QgsGeometry(geom)
            geom.transform(self.transform)
        fixed, note = repair_polygon(geom)
        if note:
            for kind in (REPAIRED, SLIVERS, EMPTY, UNREPAIRABLE):
                if kind in note.split("+"):
                    self.notes[kind].append(uid)
        self._index = None
        if uid in self.geoms:
            self.pieces += 1
            if uid not in self._pieces:
                self.notes["collected"].append(uid)
                self._pieces[uid] = [self.geoms[uid]] if self.geoms[uid] is not None else []
            if fixed is not None:
                self._pieces[uid].append(fixed)
            for key, value in (attrs or {}).items():  # first non-empty value of each attribute wins
                if self.attrs[uid].get(key) in (None, "") and value not in (None, ""):
                    self.attrs[uid][key] = value
            return note
        self.geoms[uid] = fixed
        self.attrs[uid] = dict(attrs or {})
        return note

    def finish(self) -> None:
        """Dissolve the pieces collected per id (called by the queries; call it to read counts)."""
        for uid, pieces in self._pieces.items():
            self.geoms[uid] = dissolve(pieces)
        self._pieces = {}

    @property
    def repaired(self) -> int:
        return len(self.notes[REPAIRED])

    @property
    def slivers(self) -> int:
        return len(self.notes[SLIVERS])

    @property
    def empty(self) -> int:
        return len(self.notes[EMPTY]) + len(self.notes[UNREPAIRABLE])

    @property
    def collected(self) -> int:
        return len(self.notes["collected"])

    def without_geometry(self) -> List[str]:
        self.finish()
        return [uid for uid, g in self.geoms.items() if g is None]

    def __contains__(self, uid: object) -> bool:
        return uid in self.geoms

    def __len__(self) -> int:
        return len(self.geoms)

    def get(self, uid: str) -> Optional[QgsGeometry]:
        self.finish()
        return self.geoms.get(uid)

    def items(self) -> Iterator[Tuple[str, Optional[QgsGeometry]]]:
        self.finish()
        return iter(list(self.geoms.items()))

    def _spatial_index(self) -> QgsSpatialIndex:
        if self._index is None:
            self.finish()
            self._index = QgsSpatialIndex()
            self._ids = []
            for uid, geom in self.geoms.items():
                if geom is not None:
                    self._index.addFeature(len(self._ids), geom.boundingBox())
                    self._ids.append(uid)
        return self._index

    # -- queries -----------------------------------------------------------------------------
    def candidates(self, rect: QgsRectangle) -> List[str]:
        """Ids whose bounding box meets ``rect``, sorted."""
        index = self._spatial_index()
        return sorted(self._ids[n] for n in index.intersects(rect))

    def overlaps(self, geom: Optional[QgsGeometry]) -> Dict[str, float]:
        """Area of ``geom`` inside each polygon it overlaps ({id: area}, only areas > 0)."""
        out: Dict[str, float] = {}
        if geom is None or geom.isNull() or geom.isEmpty():
            return out
        engine = None
        for uid in self.candidates(geom.boundingBox()):
            other = self.geoms[uid]
            if engine is None:
                engine = QgsGeometry.createGeometryEngine(geom.constGet())
                engine.prepareGeometry()
            if not engine.intersects(other.constGet()):
                continue
            area = geom.area() if engine.within(other.constGet()) else geom.intersection(other).area()
            if area > 0:
                out[uid] = area
        return out

    def containing(self, point: Optional[QgsGeometry]) -> Optional[str]:
        """Id of the polygon holding ``point`` (the smallest one when several do); None if none."""
        found = self.all_containing(point)
        if not found:
            return None
        return min(found, key=lambda uid: (self.geoms[uid].area(), uid))

    def all_containing(self, point: Optional[QgsGeometry]) -> List[str]:
        if point is None or point.isNull() or point.isEmpty():
            return []
        return [uid for uid in self.candidates(point.boundingBox()) if self.geoms[uid].contains(point)]

    def nearest(self, point: QgsPointXY, max_distance: float) -> Tuple[Optional[str], float]:
        """Nearest polygon to ``point`` within ``max_distance`` (CRS units; use a projected CRS)."""
        index = self._spatial_index()
        pgeom = QgsGeometry.fromPointXY(point)
        best: Tuple[Optional[str], float] = (None, float("inf"))
        for n in index.nearestNeighbor(point, 8, max_distance):
            uid = self._ids[n]
            distance = self.geoms[uid].distance(pgeom)
            if distance <= max_distance and (distance, uid or "") < (best[1], best[0] or ""):
                best = (uid, distance)
        return best

    def lazy_overlaps(self, children: "PolygonIndex") -> "LazyOverlaps":
        """{child id: {id of self: area}} of every polygon of ``children``, computed on first use."""
        return LazyOverlaps(children, self)


class LazyOverlaps(Mapping):
    """Overlap map ``{child: {parent: area}}`` worked out only for the children asked for.

    Pure core rules take overlap maps; the adapter passes this so that overlaps are computed only
    where a rule needs them (most buildings carry their compound as an attribute).
    """

    def __init__(self, children: PolygonIndex, parents: PolygonIndex):
        self._children = children
        self._parents = parents
        self._cache: Dict[str, Dict[str, float]] = {}

    def __getitem__(self, uid: str) -> Dict[str, float]:
        if uid not in self._cache:
            if uid not in self._children.geoms:
                raise KeyError(uid)
            self._cache[uid] = self._parents.overlaps(self._children.get(uid))
        return self._cache[uid]

    def __iter__(self):
        return iter(self._children.geoms)

    def __len__(self) -> int:
        return len(self._children.geoms)


# --- reading a polygon layer --------------------------------------------------------------------
SKIP_CHECKS = QgsProcessingFeatureSource.FlagSkipGeometryValidityChecks  # we repair and report ourselves
LIST_LIMIT = 20  # geometry notes logged one by one per layer and kind, then counted


translate = QCoreApplication.translate  # pylupdate5 finds translate("context", "text")


def _tr(text: str) -> str:
    return translate("PolygonIndex", text)


def read_polygons(source, label: str, key: str, fields: Mapping[str, str], crs: QgsCoordinateReferenceSystem,
                  transform_context, feedback) -> PolygonIndex:
    """The polygons of ``source`` keyed by field ``key`` (ids through :func:`.io.to_text`, so a Real
    ``101.0`` is ``"101"``), in ``crs``, repaired, pieces of one id merged, with the attributes
    ``fields`` (name in the index → field of ``source``; absent fields give None). Repairs, empty
    geometry and merged pieces are logged. A feature without id is kept as ``<label>#<fid>``."""
    src_fields = source.fields()
    key_idx = src_fields.lookupField(key)
    if key_idx < 0:
        raise CityHealthError(Message(QT_TRANSLATE_NOOP(
            "CoreMessages", "The {layer} layer has no field {field}: use the library layer with the fields "
            "of the city health data model."), {"layer": label, "field": key}))
    polys = PolygonIndex(label, transform_between(source.sourceCrs(), crs, transform_context))
    wanted = [(name, src_fields.lookupField(f)) for name, f in fields.items()]
    request = QgsFeatureRequest().setSubsetOfAttributes(
        [key_idx] + [i for _, i in wanted if i >= 0])
    total = max(source.featureCount(), 0)
    for n, feat in enumerate(source.getFeatures(request, SKIP_CHECKS)):
        if n % 200 == 0:
            check(feedback, n, total)
        values = feat.attributes()
        uid = to_text(values[key_idx])
        if not uid:
            uid = "{}#{}".format(label, feat.id())
            feedback.pushWarning(translate("PolygonIndex", "{0} feature {1} has no {2}: kept as {3}.").format(
                label, feat.id(), key, uid))
        polys.add(uid, feat.geometry() if feat.hasGeometry() else None,
                  {name: (values[i] if i >= 0 else None) for name, i in wanted})
    polys.finish()
    report(polys, feedback)
    return polys


def report(polys: PolygonIndex, feedback) -> None:
    """Log the repairs, empty geometries and merged pieces of ``polys`` (each id up to a limit)."""
    label = polys.label
    texts = ((REPAIRED, QT_TRANSLATE_NOOP("PolygonIndex", "{0} {1}: invalid geometry repaired.")),
             (SLIVERS, QT_TRANSLATE_NOOP("PolygonIndex", "{0} {1}: sliver parts removed.")),
             (EMPTY, QT_TRANSLATE_NOOP("PolygonIndex", "{0} {1}: NULL or EMPTY geometry; kept without "
                                                       "geometry.")),
             (UNREPAIRABLE, QT_TRANSLATE_NOOP("PolygonIndex", "{0} {1}: geometry could not be repaired (no "
                                                              "area left); kept without geometry.")))
    warn = getattr(feedback, "pushWarning", feedback.pushInfo)
    for kind, text in texts:
        ids = polys.notes[kind]
        for uid in ids[:LIST_LIMIT]:
            warn(_tr(text).format(label, uid))
        if len(ids) > LIST_LIMIT:
            warn(translate("PolygonIndex", "{0}: … and {1} more ({2}).").format(
                label, len(ids) - LIST_LIMIT, kind))
    if polys.collected:
        feedback.pushInfo(translate("PolygonIndex", "{0}: {1} ids came in several pieces ({2} extra pieces); "
                                    "each was merged into one multipolygon.").format(
            label, polys.collected, polys.pieces))
