"""Distances over a road network: multi-source Dijkstra on plain edges (no QGIS).

A network is a list of edges ``(node_a, node_b, length)`` (undirected; nodes any hashable value,
e.g. rounded coordinates). Objects are attached to the network at *positions* ``(edge, t)``: a
point on edge number ``edge`` at ``t`` metres from its first node (``0 <= t <= length``).
:class:`Network` splits the edges at every position once, so that a distance from a set of source
positions (each with an initial offset, e.g. the Euclidean access leg from a facility to its road)
to every other position is one Dijkstra run, stopped at a cut-off radius.
"""

from __future__ import annotations

import heapq
from typing import Dict, Hashable, List, Optional, Sequence, Tuple

from .feedback import check

Edge = Tuple[Hashable, Hashable, float]
Position = Tuple[int, float]


def adjacency(edges: Sequence[Edge]) -> Dict[Hashable, List[Tuple[Hashable, float]]]:
    """Node → [(neighbour, length)] of undirected edges (loops dropped)."""
    out: Dict[Hashable, List[Tuple[Hashable, float]]] = {}
    for a, b, length in edges:
        out.setdefault(a, [])
        out.setdefault(b, [])
        if a != b:
            out[a].append((b, float(length)))
            out[b].append((a, float(length)))
    return out


def dijkstra(graph: Dict[Hashable, List[Tuple[Hashable, float]]], sources: Dict[Hashable, float],
             cutoff: Optional[float] = None, feedback=None) -> Dict[Hashable, float]:
    """Shortest distance from the nearest source to every node reached within ``cutoff``.

    ``sources``: node → initial offset (≥ 0, added to every path leaving that source). Nodes farther
    than ``cutoff`` (inclusive bound) are left out.
    """
    limit = float("inf") if cutoff is None else float(cutoff)
    best: Dict[Hashable, float] = {}
    heap: List[Tuple[float, int, Hashable]] = []
    for k, (node, offset) in enumerate(sources.items()):
        if offset <= limit and node in graph:
            heap.append((float(offset), k, node))
    heapq.heapify(heap)
    counter = len(heap)
    done = 0
    while heap:
        dist, _k, node = heapq.heappop(heap)
        if node in best:
            continue
        best[node] = dist
        done += 1
        if done % 5000 == 0:
            check(feedback)
        for other, length in graph[node]:
            d = dist + length
            if d <= limit and other not in best:
                counter += 1
                heapq.heappush(heap, (d, counter, other))
    return best


class Network:
    """Edges split at the positions objects are attached to; distances between positions.

    ``positions`` are registered once (:meth:`__init__`); :meth:`node` gives the node of a position
    for :meth:`distances`.
    """

    def __init__(self, edges: Sequence[Edge], positions: Sequence[Position] = ()) -> None:
        self.edges = list(edges)
        cuts: Dict[int, List[float]] = {}
        for edge, t in positions:
            length = float(self.edges[edge][2])
            cuts.setdefault(edge, []).append(min(max(float(t), 0.0), length))
        self._nodes: Dict[Position, Hashable] = {}
        split: List[Edge] = []
        for k, (a, b, length) in enumerate(self.edges):
            length = float(length)
            previous, at = a, 0.0
            for t in sorted(set(cuts.get(k, ()))):
                if t <= 0.0:
                    self._nodes[(k, t)] = a
                    continue
                if t >= length:
                    self._nodes[(k, t)] = b
                    continue
                node = ("@", k, t)
                split.append((previous, node, t - at))
                self._nodes[(k, t)] = node
                previous, at = node, t
            split.append((previous, b, length - at))
        self.graph = adjacency(split)

    def node(self, position: Position) -> Hashable:
        """The node of a position: an edge's end node at its ends, else the registered split node."""
        edge, t = position
        a, b, length = self.edges[edge]
        if float(t) <= 0.0:
            return a
        if float(t) >= float(length):
            return b
        return self._nodes[(edge, float(t))]

    def distances(self, sources: Sequence[Tuple[Position, float]], cutoff: Optional[float] = None,
                  feedback=None) -> Dict[Hashable, float]:
        """Node → distance from the nearest source ``(position, offset)`` within ``cutoff``."""
        start: Dict[Hashable, float] = {}
        for position, offset in sources:
            node = self.node(position)
            start[node] = min(float(offset), start.get(node, float("inf")))
        return dijkstra(self.graph, start, cutoff, feedback)

    def reached(self, sources: Sequence[Tuple[Position, float]], targets: Dict[Hashable, Sequence[
            Tuple[Position, float]]], cutoff: float, feedback=None) -> Dict[Hashable, float]:
        """Target id → network distance (its access leg included) when ≤ ``cutoff``.

        ``targets``: id → its attachments ``(position, leg)`` (several for a polygon); the distance of
        a target is the least over its attachments of network distance + leg.
        """
        dist = self.distances(sources, cutoff, feedback)
        out: Dict[Hashable, float] = {}
        for tid, attachments in targets.items():
            best = min((dist[self.node(p)] + float(leg) for p, leg in attachments
                        if self.node(p) in dist), default=None)
            if best is not None and best <= cutoff:
                out[tid] = best
        return out
