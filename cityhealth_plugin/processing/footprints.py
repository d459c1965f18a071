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
from typing import Dict, Optional, Tuple

from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsGeometry,
    QgsPointXY,
    QgsRectangle,
)

from ..core.library import AddressLibrary
from .geometry import PolygonIndex, local_projected_crs


def metric_crs(crs: QgsCoordinateReferenceSystem, geoms: Dict[str, QgsGeometry]
               ) -> QgsCoordinateReferenceSystem:
    """``crs`` when it is projected; for a geographic one :func:`.geometry.local_projected_crs` of
    the footprints' extent (the UTM zone of its middle)."""
    if not crs.isGeographic():
        return crs
    extent = QgsRectangle()
    extent.setMinimal()
    for geom in geoms.values():
        if geom is not None and not geom.isEmpty():
            extent.combineExtentWith(geom.boundingBox())
    return crs if extent.isEmpty() else local_projected_crs(crs, extent)


class Footprints:
    """Building footprints for the coordinate mode: a :class:`.geometry.PolygonIndex` (the one
    containment and nearest rule); with ``transform`` the footprints are searched in its destination
    CRS (points must then be given in that CRS)."""

    def __init__(self, geoms: Dict[str, QgsGeometry], transform: Optional[QgsCoordinateTransform] = None):
        self.index = PolygonIndex("footprints", transform)
        for bid, geom in geoms.items():
            self.index.add(bid, geom)

    def locate(self, point: QgsPointXY, max_distance: float) -> Tuple[Optional[str], str, float]:
        """(building id, "point" | "nearest", distance) or (None, "", 0)."""
        holder = self.index.containing(QgsGeometry.fromPointXY(point))
        if holder is not None:
            return holder, "point", 0.0
        bid, distance = self.index.nearest(point, max_distance)
        return (bid, "nearest", distance) if bid is not None else (None, "", 0.0)


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
