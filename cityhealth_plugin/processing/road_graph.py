"""The road network of ``cityhealth:assess``: graph from the ROADS layer, objects attached to it.

* **Graph**: the road lines are noded with GEOS (``QgsGeometry.unaryUnion``: roads that cross get a
  common vertex there), every segment between two consecutive vertices is an edge, and vertices are
  nodes by their coordinates rounded to :data:`SNAP_M` (1 cm), so roads that meet share nodes (ends
  that miss each other by more are not joined). The shortest paths are
  :class:`core.network.Network` (pure Python Dijkstra).
* **Attachment**: a point (building footprint centroid, point facility) joins the network at the
  nearest point of the nearest segment; a polygon (park, polygon facility, compound, block) at the
  point of each segment nearest to the polygon, for every segment no more than :data:`ENTRANCE_SLACK_M`
  farther from it than the nearest one (a park between two roads is entered from both). The access
  leg (the Euclidean distance from the object to that point, 0 for a road through a park) is added
  to the network distance; a building is covered when leg + network + leg ≤ R.
"""

from __future__ import annotations

import math
from typing import Dict, Hashable, List, Optional, Sequence, Tuple

from qgis.core import QgsFeature, QgsGeometry, QgsPointXY, QgsRectangle, QgsSpatialIndex, QgsWkbTypes

from ..core.feedback import check
from ..core.network import Network, Position

SNAP_M = 0.01
ENTRANCE_SLACK_M = 30.0
#: Segments the spatial index proposes per point; the nearest of them by exact distance is taken.
CANDIDATES = 4
#: Half-side of the first square searched around a point for its nearest road segment.
SEARCH_M = 60.0

Attachment = Tuple[Position, float]  # (edge, t) and the access leg in metres


class RoadGraph:
    """Segments of the noded roads with a spatial index, and the attachments of objects."""

    def __init__(self, roads: Sequence[QgsGeometry], feedback=None) -> None:
        self.segments: List[Tuple[float, float, float, float]] = []  # x1, y1, x2, y2
        self.edges: List[Tuple[Hashable, Hashable, float]] = []
        self.index = QgsSpatialIndex(QgsSpatialIndex.FlagStoreFeatureGeometries)
        lines = [g for g in roads if g is not None and not g.isEmpty()]
        noded = QgsGeometry.unaryUnion(lines) if lines else QgsGeometry()
        check(feedback)
        for part in _polylines(noded):
            for (x1, y1), (x2, y2) in zip(part, part[1:]):
                a, b = _key(x1, y1), _key(x2, y2)
                length = math.hypot(x2 - x1, y2 - y1)
                if a == b or length <= 0:
                    continue
                feat = QgsFeature(len(self.segments))
                feat.setGeometry(QgsGeometry.fromPolylineXY([QgsPointXY(x1, y1), QgsPointXY(x2, y2)]))
                self.index.addFeature(feat)
                self.segments.append((x1, y1, x2, y2))
                self.edges.append((a, b, length))
                if len(self.segments) % 5000 == 0:
                    check(feedback)

    def attach_point(self, x: float, y: float) -> List[Attachment]:
        """The nearest point of the network to (x, y): ``[((edge, t), leg)]`` (empty: no roads).

        The segments whose boxes meet a square of half-side :data:`SEARCH_M` around the point are
        measured exactly; every segment nearer than the half-side meets the square, so the nearest
        found is the nearest when it lies within the half-side. Otherwise (far from the roads) the
        index's nearest neighbours are measured (exact, but slower per call)."""
        if not self.segments:
            return []
        box = QgsRectangle(x - SEARCH_M, y - SEARCH_M, x + SEARCH_M, y + SEARCH_M)
        best = self._nearest(x, y, self.index.intersects(box))
        if best is not None and best[0] <= SEARCH_M:
            return [((best[1], best[2]), best[0])]
        best = self._nearest(x, y, self.index.nearestNeighbor(QgsPointXY(x, y), CANDIDATES))
        return [] if best is None else [((best[1], best[2]), best[0])]

    def _nearest(self, x: float, y: float, candidates) -> Optional[Tuple[float, int, float]]:
        """(distance, segment, t) of the nearest of ``candidates`` (ties: the lowest segment)."""
        best: Optional[Tuple[float, int, float]] = None
        for k in candidates:
            leg, t = _project(self.segments[k], x, y)
            if best is None or (leg, k) < (best[0], best[1]):
                best = (leg, k, t)
        return best

    def attach_geometry(self, geom: Optional[QgsGeometry]) -> List[Attachment]:
        """Attachments of a feature: a point by :meth:`attach_point`, a polygon or line at every
        segment within :data:`ENTRANCE_SLACK_M` of its nearest segment's distance."""
        if geom is None or geom.isEmpty() or not self.segments:
            return []
        if QgsWkbTypes.flatType(geom.wkbType()) == QgsWkbTypes.Point:
            point = geom.asPoint()
            return self.attach_point(point.x(), point.y())
        nearest = self.index.nearestNeighbor(geom, CANDIDATES)
        engine = QgsGeometry.createGeometryEngine(geom.constGet())
        engine.prepareGeometry()
        # keep each segment geometry alive while GEOS reads it: constGet() of a temporary is a
        # dangling pointer (a segfault on QGIS 3.40)
        candidates = [self._segment(k) for k in nearest]
        if not candidates:
            return []
        reach = min(engine.distance(segment.constGet()) for segment in candidates) + ENTRANCE_SLACK_M
        box = geom.boundingBox()
        box.grow(reach)
        out: List[Attachment] = []
        for k in self.index.intersects(box):
            segment = self._segment(k)
            leg = engine.distance(segment.constGet())
            if leg > reach:
                continue
            near = segment.nearestPoint(geom).asPoint()
            _d, t = _project(self.segments[k], near.x(), near.y())
            out.append(((k, t), leg))
        return out

    def _segment(self, k: int) -> QgsGeometry:
        x1, y1, x2, y2 = self.segments[k]
        return QgsGeometry.fromPolylineXY([QgsPointXY(x1, y1), QgsPointXY(x2, y2)])

    def network(self, attachments: Sequence[Sequence[Attachment]]) -> Network:
        """The network split at every position of ``attachments`` (lists of one object each)."""
        return Network(self.edges, [p for group in attachments for p, _leg in group])


def _key(x: float, y: float) -> Tuple[int, int]:
    return int(round(x / SNAP_M)), int(round(y / SNAP_M))


def _project(segment: Tuple[float, float, float, float], x: float, y: float) -> Tuple[float, float]:
    """(distance from (x, y) to the segment, metres along it from its first vertex to the foot)."""
    x1, y1, x2, y2 = segment
    dx, dy = x2 - x1, y2 - y1
    length2 = dx * dx + dy * dy
    u = 0.0 if length2 <= 0 else max(0.0, min(1.0, ((x - x1) * dx + (y - y1) * dy) / length2))
    fx, fy = x1 + u * dx, y1 + u * dy
    return math.hypot(x - fx, y - fy), u * math.sqrt(length2)


def _polylines(geom: QgsGeometry) -> List[List[Tuple[float, float]]]:
    if geom is None or geom.isEmpty():
        return []
    parts = geom.asMultiPolyline() if geom.isMultipart() else [geom.asPolyline()]
    return [[(p.x(), p.y()) for p in part] for part in parts]


def road_graph(store, feedback=None) -> RoadGraph:
    """The graph of the store's roads (built once per store)."""
    graph = store.road_graph
    if graph is None:
        graph = RoadGraph(list(store.features.get("roads", {}).values()), feedback)
        store.road_graph = graph
    return graph


def network_requests(store, requests: Sequence[tuple], feedback=None) -> Dict[tuple, set]:
    """Answers of the ``netcover`` / ``netreach`` requests (see :mod:`core.indicators.kinds`).

    ``("netcover", layer, ids, radius)`` → building ids whose centroid is within ``radius`` over
    the network of one of the features; ``("netreach", level, layer, ids, radius)`` → ids of the
    units of ``level`` within ``radius`` over the network of one of the features.
    """
    wanted = [r for r in requests if r[0] in ("netcover", "netreach")]
    if not wanted:
        return {}
    graph = road_graph(store, feedback)
    objects: Dict[tuple, List[Attachment]] = {}
    for n, (bid, xy) in enumerate(store.centroids.items()):
        if n % 1000 == 0:
            check(feedback)
        if xy is not None:
            objects[("building", bid)] = graph.attach_point(*_xy(xy))
    for request in wanted:
        check(feedback)
        if request[0] == "netreach":
            for n, (uid, poly) in enumerate(store.units.get(request[1], {}).items()):
                if n % 200 == 0:
                    check(feedback)
                if (request[1], uid) not in objects:
                    objects[(request[1], uid)] = graph.attach_geometry(poly)
        layer, ids = request[-3], request[-2]
        for fid in ids:
            if (layer, fid) not in objects:
                objects[(layer, fid)] = graph.attach_geometry(store.features.get(layer, {}).get(fid))
    network = graph.network(list(objects.values()))
    out: Dict[tuple, set] = {}
    for request in wanted:
        layer, ids, radius = request[-3], request[-2], float(request[-1])
        sources = [a for fid in ids for a in objects[(layer, fid)]]
        of = "building" if request[0] == "netcover" else request[1]
        targets = {uid: att for (kind, uid), att in objects.items() if kind == of and att}
        out[request] = set(network.reached(sources, targets, radius, feedback))
    return out


def _xy(value) -> Tuple[float, float]:
    if isinstance(value, tuple):
        return value
    point = value.asPoint()
    return point.x(), point.y()
