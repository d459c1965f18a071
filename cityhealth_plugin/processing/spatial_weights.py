"""Spatial weights as neighbour lists for core/analysis/spatial_stats (QgsSpatialIndex, GEOS, numpy).

``neighbours[i]`` lists the indices (0 … n−1, the order of ``geoms`` / ``xy``) of the features next to
feature ``i``, never ``i`` itself:

- :func:`queen_neighbours`: polygons that share at least a point (GEOS ``intersects`` on the
  candidates of the spatial index; shared vertices or edges, as libpysal's Queen for clean polygons).
- :func:`distance_neighbours`: points within ``distance`` (≤), duplicates included (distance 0).
- :func:`knn_neighbours`: the ``k`` nearest other points (ties by index), duplicates first (numpy
  on a cell grid, the spatial index for the rest).
Every loop reports progress and can be cancelled (``feedback``).
"""

from __future__ import annotations

import math
from typing import List, Optional, Sequence

import numpy as np
from qgis.core import QgsFeature, QgsGeometry, QgsPointXY, QgsRectangle, QgsSpatialIndex

from ..core.feedback import check


def queen_neighbours(geoms: Sequence[Optional[QgsGeometry]], feedback=None, start=0.0, span=100.0
                     ) -> List[List[int]]:
    """Queen contiguity of polygons (empty / missing geometry: no neighbours)."""
    n = len(geoms)
    index = QgsSpatialIndex()
    usable = [g is not None and not g.isNull() and not g.isEmpty() for g in geoms]
    for i, geom in enumerate(geoms):
        if usable[i]:
            feature = QgsFeature(i)
            feature.setGeometry(geom)
            index.addFeature(feature)
    neighbours: List[List[int]] = [[] for _ in range(n)]
    for i, geom in enumerate(geoms):
        check(feedback, i, n, start, span)
        if not usable[i]:
            continue
        engine = QgsGeometry.createGeometryEngine(geom.constGet())
        engine.prepareGeometry()
        for j in index.intersects(geom.boundingBox()):
            if j > i and engine.intersects(geoms[j].constGet()):
                neighbours[i].append(j)
                neighbours[j].append(i)
    return [sorted(nb) for nb in neighbours]


def distance_neighbours(xy: np.ndarray, distance: float, feedback=None, start=0.0, span=100.0
                        ) -> List[List[int]]:
    """Points (rows of ``xy``, NaN = no location) within ``distance`` of each other."""
    n = len(xy)
    usable = ~np.isnan(xy).any(axis=1)
    index = _index(xy, usable)
    neighbours: List[List[int]] = [[] for _ in range(n)]
    d2 = distance * distance
    for i in range(n):
        if i % 256 == 0:
            check(feedback, i, n, start, span)
        if not usable[i]:
            continue
        x, y = xy[i]
        ids = np.array(index.intersects(QgsRectangle(x - distance, y - distance, x + distance, y + distance)),
                       dtype=np.int64)
        ids = ids[ids != i]
        if len(ids):
            delta = xy[ids] - xy[i]
            ids = ids[(delta * delta).sum(axis=1) <= d2]
        neighbours[i] = sorted(int(j) for j in ids)
    return neighbours


def knn_neighbours(xy: np.ndarray, k: int, feedback=None, start=0.0, span=100.0) -> List[List[int]]:
    """The ``k`` nearest other points of each point (fewer when there are fewer points); ties by index.

    numpy on a grid of cells holding about 2·(k + 1) points each: a point's k nearest come from its
    own and the 8 surrounding cells when the k-th lies within one cell size (then nothing outside
    can be nearer); the points where that does not hold ask the spatial index.
    """
    n = len(xy)
    usable = ~np.isnan(xy).any(axis=1)
    neighbours: List[List[int]] = [[] for _ in range(n)]
    ids = np.nonzero(usable)[0]
    if len(ids) <= k + 1:
        for i in ids:
            neighbours[int(i)] = sorted(int(j) for j in ids if j != i)
        return neighbours
    pts = xy[ids]
    low = pts.min(axis=0)
    span_xy = np.maximum(pts.max(axis=0) - low, 1e-9)
    size = max(math.sqrt(span_xy[0] * span_xy[1] * 2.0 * (k + 1) / len(ids)), 1e-9)
    cells = np.floor((pts - low) / size).astype(np.int64)
    width = int(cells[:, 0].max()) + 3
    code = (cells[:, 1] + 1) * width + (cells[:, 0] + 1)
    order = np.argsort(code, kind="stable")
    sorted_code = code[order]
    unique, first = np.unique(sorted_code, return_index=True)
    last = np.append(first[1:], len(order))
    where = dict(zip(unique.tolist(), zip(first.tolist(), last.tolist())))
    leftover = []
    for c, (cell_code, a, b) in enumerate(zip(unique.tolist(), first.tolist(), last.tolist())):
        if c % 64 == 0:
            check(feedback, c, len(unique), start, span)
        members = order[a:b]
        around = [order[slice(*where[cell_code + dy * width + dx])] for dy in (-1, 0, 1) for dx in (-1, 0, 1)
                  if cell_code + dy * width + dx in where]
        candidates = np.sort(np.concatenate(around))  # by index: a stable sort breaks ties by index
        if len(candidates) <= k:
            leftover.extend(members.tolist())
            continue
        delta = pts[members][:, None, :] - pts[candidates][None, :, :]
        d2 = (delta * delta).sum(axis=2)
        d2[members[:, None] == candidates[None, :]] = np.inf  # not itself
        pick = np.argsort(d2, axis=1, kind="stable")[:, :k]
        kth = np.take_along_axis(d2, pick[:, -1:], axis=1)[:, 0]
        far = kth >= size * size  # something outside the 3 × 3 cells may be nearer
        leftover.extend(members[far].tolist())
        chosen = np.sort(ids[candidates][pick], axis=1)
        for row in np.nonzero(~far)[0]:
            neighbours[int(ids[members[row]])] = chosen[row].tolist()
    if leftover:
        _knn_by_index(xy, usable, k, [int(ids[m]) for m in leftover], neighbours)
    return neighbours


def _knn_by_index(xy, usable, k, which, neighbours) -> None:
    """The k nearest of the points ``which`` through QgsSpatialIndex (into ``neighbours``)."""
    n = len(xy)
    index = _index(xy, usable)
    for i in which:
        want = k + 1
        while True:
            ids = np.array(index.nearestNeighbor(QgsPointXY(xy[i, 0], xy[i, 1]), want), dtype=np.int64)
            others = ids[ids != i]
            if len(others) >= k or len(ids) >= int(usable.sum()) or want > n:
                break
            want *= 2  # many duplicates: ask for more
        delta = xy[others] - xy[i]
        order = np.lexsort((others, (delta * delta).sum(axis=1)))
        neighbours[i] = sorted(int(j) for j in others[order[:k]])


def duplicate_locations(xy: np.ndarray) -> int:
    """How many points share their location with an earlier one."""
    usable = xy[~np.isnan(xy).any(axis=1)]
    if not len(usable):
        return 0
    return int(len(usable) - len(np.unique(usable, axis=0)))


def _index(xy: np.ndarray, usable: np.ndarray) -> QgsSpatialIndex:
    index = QgsSpatialIndex()
    for i in np.nonzero(usable)[0]:
        feature = QgsFeature(int(i))
        feature.setGeometry(QgsGeometry.fromPointXY(QgsPointXY(xy[i, 0], xy[i, 1])))
        index.addFeature(feature)
    return index
