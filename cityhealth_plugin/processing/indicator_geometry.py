"""Answers to the indicator engine's spatial questions, with QGIS geometry and QgsSpatialIndex.

:func:`answer` takes the request tuples of :func:`core.indicators.kinds.indicator_requests` and the
geometries read by ``cityhealth:assess`` and returns plain values (ids, sets, metres) for core.
Distances are Euclidean in the layers' CRS (metres in a projected CRS).
"""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Sequence, Tuple

from qgis.core import QgsFeature, QgsGeometry, QgsSpatialIndex

from ..core.feedback import check


class GeometryStore:
    """Geometries by id: units per level, building centroids, features per layer, problem points."""

    def __init__(self) -> None:
        self.units: Dict[str, Dict[str, QgsGeometry]] = {}  # level → id → polygon
        self.centroids: Dict[str, QgsGeometry] = {}  # building id → centroid point
        self.features: Dict[str, Dict[str, QgsGeometry]] = {}  # layer → id → geometry
        self.problem_points: Dict[int, QgsGeometry] = {}  # index in Inputs.problems → point


def _index(geoms: Dict[str, QgsGeometry], ids: Sequence[str]) -> Tuple[QgsSpatialIndex, List[str]]:
    index = QgsSpatialIndex(QgsSpatialIndex.FlagStoreFeatureGeometries)
    order: List[str] = []
    for fid in ids:
        geom = geoms.get(fid)
        if geom is None or geom.isEmpty():
            continue
        feat = QgsFeature(len(order))
        feat.setGeometry(geom)
        index.addFeature(feat)
        order.append(fid)
    return index, order


def near(store: GeometryStore, level: str, layer: str, ids: Sequence[str], radius: float,
         feedback=None) -> Dict[str, List[str]]:
    """Unit id → ids of the features within ``radius`` of the unit polygon (0 = touching / inside)."""
    geoms = store.features.get(layer, {})
    index, order = _index(geoms, ids)
    out: Dict[str, List[str]] = {}
    units = store.units.get(level, {})
    for n, (uid, poly) in enumerate(units.items()):
        if n % 200 == 0:
            check(feedback)
        if poly is None or poly.isEmpty():
            continue
        box = poly.boundingBox()
        box.grow(radius)
        hits = index.intersects(box)
        if not hits:
            continue
        engine = QgsGeometry.createGeometryEngine(poly.constGet())
        engine.prepareGeometry()
        found = []
        for k in hits:
            other = geoms[order[k]]
            if radius <= 0:
                ok = engine.intersects(other.constGet())
            else:
                ok = engine.distance(other.constGet()) <= radius
            if ok:
                found.append(order[k])
        if found:
            out[uid] = sorted(found)
    return out


def cover(store: GeometryStore, layer: str, ids: Sequence[str], radius: float, feedback=None) -> set:
    """Building ids whose centroid lies within ``radius`` of one of the features."""
    index, order = _index(store.features.get(layer, {}), ids)
    covered = set()
    if not order:
        return covered
    for n, (bid, point) in enumerate(store.centroids.items()):
        if n % 500 == 0:
            check(feedback)
        if point is None:
            continue
        if index.nearestNeighbor(point, 1, max(radius, 1e-6)):  # 0 would mean 'no limit'
            covered.add(bid)
    return covered


def length(store: GeometryStore, level: str, ids: Sequence[str], radius: float,
           feedback=None) -> Dict[str, float]:
    """Unit id → metres of the road segments ``ids`` inside the unit polygon grown by ``radius``."""
    geoms = store.features.get("roads", {})
    index, order = _index(geoms, ids)
    out: Dict[str, float] = {}
    for n, (uid, poly) in enumerate(store.units.get(level, {}).items()):
        if n % 200 == 0:
            check(feedback)
        if poly is None or poly.isEmpty():
            continue
        area = poly.buffer(radius, 8) if radius > 0 else poly
        hits = index.intersects(area.boundingBox())
        total = 0.0
        if hits:
            engine = QgsGeometry.createGeometryEngine(area.constGet())
            engine.prepareGeometry()
            for k in hits:
                road = geoms[order[k]]
                if engine.intersects(road.constGet()):
                    total += area.intersection(road).length()
        out[uid] = total
    return out


def road_of(store: GeometryStore, radius: float, feedback=None) -> Dict[int, str]:
    """Problem index → id of the nearest road within ``radius``."""
    roads = store.features.get("roads", {})
    index, order = _index(roads, sorted(roads))
    out: Dict[int, str] = {}
    if not order:
        return out
    for n, point in store.problem_points.items():
        if n % 500 == 0:
            check(feedback)
        hits = index.nearestNeighbor(point, 1, max(radius, 1e-6))
        if hits:
            out[n] = order[hits[0]]
    return out


def answer(requests: Sequence[tuple], store: GeometryStore, feedback=None) -> Dict[tuple, Any]:
    """Answer every request (see :mod:`core.indicators.kinds` for their meaning)."""
    out: Dict[tuple, Any] = {}
    for request in requests:
        check(feedback)
        what = request[0]
        if what == "near":
            _w, level, layer, ids, radius = request
            out[request] = near(store, level, layer, ids, radius, feedback)
        elif what == "cover":
            _w, layer, ids, radius = request
            out[request] = cover(store, layer, ids, radius, feedback)
        elif what == "length":
            _w, level, ids, radius = request
            out[request] = length(store, level, ids, radius, feedback)
        elif what == "road_of":
            out[request] = road_of(store, request[1], feedback)
        elif what == "area":
            out[request] = {uid: (g.area() if g is not None else 0.0)
                            for uid, g in store.units.get(request[1], {}).items()}
    return out


def centroid(geom: Optional[QgsGeometry]) -> Optional[QgsGeometry]:
    if geom is None or geom.isEmpty():
        return None
    return geom.centroid()
