"""Building footprints for placing report rows (used by ``cityhealth:joinreports``).

- :class:`Footprints`: footprints by building id with a spatial index: the building a reported
  point lies in, else the nearest one within a distance in metres. A library in a geographic CRS
  (degrees) is searched in the UTM zone of its middle (:func:`metric_crs`), so that distances are
  metres there too.
- :class:`ProblemPlaces`: where a matched problem goes: the point, match level and compound id of a
  building, or of a compound for a compound-level problem (the middle of its buildings).
"""

from __future__ import annotations

from collections import Counter
from typing import Dict, List, Optional, Tuple

from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsFeature,
    QgsGeometry,
    QgsPointXY,
    QgsRectangle,
    QgsSpatialIndex,
)

from ..core.library import AddressLibrary


def metric_crs(crs: QgsCoordinateReferenceSystem, geoms: Dict[str, QgsGeometry]
               ) -> QgsCoordinateReferenceSystem:
    """``crs`` when it is projected; for a geographic one the WGS 84 UTM zone of the footprints' middle."""
    if not crs.isGeographic():
        return crs
    extent = QgsRectangle()
    extent.setMinimal()
    for geom in geoms.values():
        if geom is not None and not geom.isEmpty():
            extent.combineExtentWith(geom.boundingBox())
    if extent.isEmpty():
        return crs
    lon, lat = extent.center().x(), extent.center().y()
    zone = min(60, max(1, int((lon + 180.0) // 6.0) + 1))
    return QgsCoordinateReferenceSystem("EPSG:{}".format((32600 if lat >= 0 else 32700) + zone))


class Footprints:
    """Building footprints with a spatial index, for the coordinate mode; with ``transform`` the
    footprints are searched in its destination CRS (points must then be given in that CRS)."""

    def __init__(self, geoms: Dict[str, QgsGeometry], transform: Optional[QgsCoordinateTransform] = None):
        self.index = QgsSpatialIndex()
        self.ids: List[str] = []
        self.geoms: List[QgsGeometry] = []
        features = []
        for bid, geom in geoms.items():
            if geom is None or geom.isEmpty():
                continue
            if transform is not None:
                geom = QgsGeometry(geom)
                geom.transform(transform)
            feature = QgsFeature(len(self.ids))
            feature.setGeometry(geom)
            features.append(feature)
            self.ids.append(bid)
            self.geoms.append(geom)
        self.index.addFeatures(features)  # one call, same insertion order as one by one

    def locate(self, point: QgsPointXY, max_distance: float) -> Tuple[Optional[str], str, float]:
        """(building id, "point" | "nearest", distance) or (None, "", 0)."""
        pgeom = QgsGeometry.fromPointXY(point)
        for n in self.index.intersects(pgeom.boundingBox()):
            if self.geoms[n].contains(pgeom):
                return self.ids[n], "point", 0.0
        best: Tuple[Optional[str], float] = (None, float("inf"))
        for n in self.index.nearestNeighbor(point, 5, max_distance):
            distance = self.geoms[n].distance(pgeom)
            if distance <= max_distance and distance < best[1]:
                best = (self.ids[n], distance)
        if best[0] is None:
            return None, "", 0.0
        return best[0], "nearest", best[1]


class ProblemPlaces:
    """Where a matched row goes: (point, match level, compound id) of a building id, or of a compound
    (``building_id`` None: a compound-level problem at the middle of the compound's buildings)."""

    def __init__(self, library: AddressLibrary, geoms: Dict[str, QgsGeometry], compound_ids: Dict[str, str]):
        self.library = library
        self.geoms = geoms
        self.compound_ids = compound_ids
        self._buildings: Dict[str, Optional[QgsGeometry]] = {}
        self._compounds: Dict[str, Tuple[Optional[QgsGeometry], str]] = {}

    def of(self, bid: Optional[str], compound: Optional[str]) -> Tuple[Optional[QgsGeometry], str, str]:
        if bid is not None:
            if bid not in self._buildings:
                footprint = self.geoms.get(bid)
                self._buildings[bid] = footprint.pointOnSurface() \
                    if footprint is not None and not footprint.isEmpty() else None
            return self._buildings[bid], "building", self.compound_ids.get(bid, "")
        if not compound:
            return None, "compound", ""
        if compound not in self._compounds:
            xs, ys = [], []
            ids: Counter = Counter()
            for record in self.library.by_compound.get(compound, []):
                if self.compound_ids.get(record.id):
                    ids[self.compound_ids[record.id]] += 1
                footprint = self.geoms.get(record.id)
                if footprint is not None and not footprint.isEmpty():
                    point = footprint.pointOnSurface().asPoint()
                    xs.append(point.x())
                    ys.append(point.y())
            point = QgsGeometry.fromPointXY(QgsPointXY(sum(xs) / len(xs), sum(ys) / len(ys))) if xs else None
            self._compounds[compound] = (point, ids.most_common(1)[0][0] if ids else "")
        geom, cid = self._compounds[compound]
        return geom, "compound", cid
