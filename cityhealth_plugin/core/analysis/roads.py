"""Road network check (道路交通专项): node degrees, densities, block size — the rules on plain values.

- **Nodes.** Every road end and every crossing of two roads is a node; a road passing through a
  node adds 2 to its degree, a road ending there adds 1 (each road once per node). Degree ≥ 3 is an
  intersection, degree 1 a dead end (a missing link, 断头路); degree 2 is a bend or a corner.
  Points closer than a tolerance are one node (:func:`snap`).
- **Density.** Road-network density = road km ÷ km² (national guidance ≥ 8 km/km², 2016);
  intersection density = intersections ÷ km².
- **Blocks.** A block's side is the longer side of its oriented minimum bounding rectangle; a block
  whose side exceeds the maximum (default 300 m, *verify* locally) is oversized. A block's own road
  density is ½ × the road length inside its *cell* (the block grown by a distance, square corners)
  ÷ the cell's area: each road between two blocks is shared by both, so on a regular grid with the
  distance ≈ half the road width this is the grid's density.
"""

from __future__ import annotations

from typing import Dict, Iterable, List, Optional, Sequence, Tuple

Node = Tuple[int, int]

MIN_DENSITY = 8.0  # km/km², national guidance (2016)
MAX_SIDE = 300.0  # m, residential block side (verify locally)


def snap(x: float, y: float, tolerance: float) -> Node:
    """The node key of a point: coordinates rounded to multiples of ``tolerance``."""
    tol = tolerance if tolerance > 0 else 1e-6
    return (int(round(x / tol)), int(round(y / tol)))


def degrees(incidences: Iterable[Tuple[Node, str, int]]) -> Dict[Node, int]:
    """Degree of every node from (node, road id, 1 = ends here | 2 = passes through) incidences;
    a road counts once per node (its largest incidence)."""
    per: Dict[Tuple[Node, str], int] = {}
    for node, road, n in incidences:
        key = (node, road)
        per[key] = max(per.get(key, 0), n)
    out: Dict[Node, int] = {}
    for (node, _road), n in per.items():
        out[node] = out.get(node, 0) + n
    return out


def kind(degree: int) -> str:
    """``intersection`` (≥ 3), ``dead_end`` (1) or ``through`` (2)."""
    return "intersection" if degree >= 3 else ("dead_end" if degree == 1 else "through")


def per_km2(count: float, area_m2: float) -> Optional[float]:
    return None if area_m2 <= 0 else round(count / (area_m2 / 1e6), 2)


def block_figures(area_m2: float, long_side_m: float, short_side_m: float, cell_area_m2: float,
                  cell_road_m: float, intersections: int, dead_ends: int,
                  max_side: float = MAX_SIDE) -> Dict[str, object]:
    density = per_km2(0.5 * cell_road_m / 1000.0, cell_area_m2)
    return {"area_m2": round(area_m2, 1), "side_m": round(long_side_m, 1),
            "short_side_m": round(short_side_m, 1),
            "road_density": density, "intersections": intersections,
            "intersection_density": per_km2(intersections, cell_area_m2), "dead_ends": dead_ends,
            "oversized": int(long_side_m > max_side)}


def district_figures(area_m2: float, road_m: float, intersections: int, dead_ends: int,
                     sides: Iterable[float], max_side: float = MAX_SIDE,
                     min_density: float = MIN_DENSITY) -> Dict[str, object]:
    sides = list(sides)
    density = per_km2(road_m / 1000.0, area_m2)
    return {"area_km2": round(area_m2 / 1e6, 4), "road_km": round(road_m / 1000.0, 3),
            "road_density": density,
            "density_ok": None if density is None else int(density >= min_density),
            "intersections": intersections, "intersection_density": per_km2(intersections, area_m2),
            "dead_ends": dead_ends, "blocks": len(sides),
            "mean_side_m": round(sum(sides) / len(sides), 1) if sides else None,
            "max_side_m": round(max(sides), 1) if sides else None,
            "oversized": sum(1 for s in sides if s > max_side)}


# --- blocks from road centre-lines ----------------------------------------------------------------
def keep_parts(areas: Iterable[float], min_area: float) -> Tuple[List[int], int]:
    """Indexes of the parts of a block at least ``min_area`` m², and how many were slivers."""
    areas = list(areas)
    keep = [i for i, a in enumerate(areas) if a >= min_area]
    return keep, len(areas) - len(keep)


def number_blocks(centroids: Sequence[Tuple[float, float]], prefix: str = "BLK-R") -> List[str]:
    """Block ids in a stable order, west → east then south → north by the centroid rounded to a
    metre: ``prefix0001`` …; ``centroids[i]`` gets the i-th id returned."""
    order = sorted(range(len(centroids)), key=lambda i: (round(centroids[i][0]), round(centroids[i][1]), i))
    ids = [""] * len(centroids)
    for n, i in enumerate(order, start=1):
        ids[i] = "{}{:04d}".format(prefix, n)
    return ids
