"""Answers to the indicator engine's spatial questions, with QGIS geometry and QgsSpatialIndex.

:func:`answer` takes the request tuples of :func:`core.indicators.kinds.indicator_requests` and the
geometries read by ``cityhealth:assess`` and returns plain values (ids, sets, metres) for core.
Distances are Euclidean in the layers' CRS (metres in a projected CRS); the ``netcover`` /
``netreach`` requests go over the road network (:mod:`.road_graph`).
"""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Sequence, Tuple

import numpy as np
from qgis.core import QgsFeature, QgsGeometry, QgsPoint, QgsSpatialIndex, QgsWkbTypes

from ..core.feedback import check
from .road_graph import network_requests


class GeometryStore:
    """Geometries by id: units per level, building centroids, features per layer, problem points."""

    def __init__(self) -> None:
        self.units: Dict[str, Dict[str, QgsGeometry]] = {}  # level → id → polygon
        self.centroids: Dict[str, Any] = {}  # building id → (x, y) of the footprint centroid
        self.features: Dict[str, Dict[str, QgsGeometry]] = {}  # layer → id → geometry
        self.problem_points: Dict[int, QgsGeometry] = {}  # index in Inputs.problems → point
        self._arrays = None  # building ids and centroid coordinates sorted by x (see cover)
        self.road_graph = None  # processing.road_graph.RoadGraph of features["roads"], built once


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


def near_many(store: GeometryStore, level: str, requests: Sequence[Tuple[str, Sequence[str], float]],
              feedback=None) -> List[Dict[str, List[str]]]:
    """For each ``(layer, ids, radius)``: unit id → ids of the features within ``radius`` of the
    unit polygon (0 = touching / inside). One prepared engine per unit serves every request."""
    indexes = []
    for layer, ids, radius in requests:
        geoms = store.features.get(layer, {})
        index, order = _index(geoms, ids)
        indexes.append((index, order, geoms, radius))
    out: List[Dict[str, List[str]]] = [{} for _r in requests]
    for n, (uid, poly) in enumerate(store.units.get(level, {}).items()):
        if n % 200 == 0:
            check(feedback)
        if poly is None or poly.isEmpty():
            continue
        engine = None
        for k, (index, order, geoms, radius) in enumerate(indexes):
            box = poly.boundingBox()
            box.grow(radius)
            hits = index.intersects(box)
            if not hits:
                continue
            if engine is None:
                engine = QgsGeometry.createGeometryEngine(poly.constGet())
                engine.prepareGeometry()
            found = []
            for h in hits:
                other = geoms[order[h]].constGet()
                if (engine.intersects(other) if radius <= 0 else engine.distance(other) <= radius):
                    found.append(order[h])
            if found:
                out[k][uid] = sorted(found)
    return out


def near(store: GeometryStore, level: str, layer: str, ids: Sequence[str], radius: float,
         feedback=None) -> Dict[str, List[str]]:
    """Unit id → ids of the features of ``layer`` within ``radius`` of the unit polygon."""
    return near_many(store, level, [(layer, ids, radius)], feedback)[0]


def _centroid_arrays(store: GeometryStore):
    """Building ids and centroid coordinates sorted by x (built once per store)."""
    if store._arrays is None:
        pairs = [(bid, p if isinstance(p, tuple) else (p.asPoint().x(), p.asPoint().y()))
                 for bid, p in store.centroids.items() if p is not None]
        xs = np.array([xy[0] for _b, xy in pairs], dtype=float)
        ys = np.array([xy[1] for _b, xy in pairs], dtype=float)
        order = np.argsort(xs, kind="stable")
        store._arrays = ([pairs[k][0] for k in order], xs[order], ys[order])
    return store._arrays


def cover(store: GeometryStore, layer: str, ids: Sequence[str], radius: float, feedback=None) -> set:
    """Building ids whose centroid lies within ``radius`` of one of the features (Euclidean).

    Candidates come from the centroids sorted by x (numpy); point features are then measured with
    numpy, other geometries with a prepared GEOS engine.
    """
    bids, xs, ys = _centroid_arrays(store)
    covered = np.zeros(len(bids), dtype=bool)
    geoms = store.features.get(layer, {})
    r2 = radius * radius
    for n, fid in enumerate(ids):
        if n % 50 == 0:
            check(feedback)
        geom = geoms.get(fid)
        if geom is None or geom.isEmpty():
            continue
        box = geom.boundingBox()
        lo = int(np.searchsorted(xs, box.xMinimum() - radius, "left"))
        hi = int(np.searchsorted(xs, box.xMaximum() + radius, "right"))
        if lo >= hi:
            continue
        sub = ys[lo:hi]
        mask = (sub >= box.yMinimum() - radius) & (sub <= box.yMaximum() + radius) & ~covered[lo:hi]
        cand = np.nonzero(mask)[0] + lo
        if not len(cand):
            continue
        if QgsWkbTypes.flatType(geom.wkbType()) == QgsWkbTypes.Point:
            pt = geom.asPoint()
            near_ = (xs[cand] - pt.x()) ** 2 + (ys[cand] - pt.y()) ** 2 <= r2
            covered[cand[near_]] = True
            continue
        engine = QgsGeometry.createGeometryEngine(geom.constGet())
        engine.prepareGeometry()
        for k in cand:
            if engine.distance(QgsPoint(float(xs[k]), float(ys[k]))) <= radius:
                covered[k] = True
    return {bids[k] for k in np.nonzero(covered)[0]}


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
        # the index's distance is not the geometry's on every QGIS (3.40 returns a hit beyond the
        # radius): check it against the road itself
        if hits and roads[order[hits[0]]].distance(point) <= radius:
            out[n] = order[hits[0]]
    return out


def answer(requests: Sequence[tuple], store: GeometryStore, feedback=None) -> Dict[tuple, Any]:
    """Answer every request (see :mod:`core.indicators.kinds` for their meaning)."""
    out: Dict[tuple, Any] = network_requests(store, requests, feedback)
    near_by_level: Dict[str, List[tuple]] = {}
    for request in requests:
        if request[0] == "near":
            near_by_level.setdefault(request[1], []).append(request)
    for level, group in near_by_level.items():
        for request, result in zip(group, near_many(store, level, [r[2:] for r in group], feedback)):
            out[request] = result
    for request in requests:
        check(feedback)
        what = request[0]
        if what == "cover":
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


def centroid(geom: Optional[QgsGeometry]) -> Optional[Tuple[float, float]]:
    """(x, y) of the footprint's centroid, None for a missing geometry."""
    if geom is None or geom.isEmpty():
        return None
    point = geom.constGet().centroid()
    return point.x(), point.y()
