"""片区联管 — group compounds and scattered buildings without property management into areas.

Pure rule over an adjacency graph (built by the Processing adapter from geometry):

* A *unit* is a compound without property management (``has_property = 0``) or a scattered
  building (散楼). Each has households, buildings, a street (街道) and open problems.
* ``edges`` join two units within the distance that no arterial road separates (the adapter
  decides); each edge carries the gap in metres. Edges between units of different streets are
  ignored here: an area never crosses a street boundary.
* Greedy and deterministic, street by street (street codes in ascending order): the seed is the
  unassigned unit with the smallest id; the area grows by the unassigned neighbour of any member
  with the smallest (gap, id) whose households keep the area within ``max_households``; it stops
  when no neighbour fits. An area needs at least two members and ``min_households``; otherwise
  its seed is left out with a reason and the others return to the pool (they may seed or join a
  later area).

Reasons (stable codes in ``REASONS``; the adapter translates them): ``no_street``, ``no_geometry``,
``too_large`` (the unit alone exceeds the maximum: manage it on its own), ``isolated`` (no
neighbour within the distance on the same side of arterial roads), ``too_small`` (the area it
could seed stays below the minimum).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Dict, Iterable, List, Mapping, Optional, Sequence, Tuple

from ..feedback import check

REASONS = ("no_street", "no_geometry", "too_large", "isolated", "too_small")

#: Suggested management scale by households: (upper bound inclusive or None, code).
SCALES = ((1000, "small"), (3000, "medium"), (None, "large"))


@dataclass
class Unit:
    uid: str
    kind: str  # "compound" | "building"
    households: int
    buildings: int
    street_code: str = ""
    problems: int = 0
    has_geometry: bool = True


@dataclass
class Area:
    area_id: str
    street_code: str
    members: List[str] = field(default_factory=list)
    households: int = 0
    buildings: int = 0
    problems: int = 0

    @property
    def scale(self) -> str:
        return management_scale(self.households)


def management_scale(households: int) -> str:
    """``small`` (≤ 1000 households), ``medium`` (≤ 3000) or ``large``."""
    for limit, label in SCALES:
        if limit is None or households <= limit:
            return label
    return SCALES[-1][1]


def group_units(units: Sequence[Unit], edges: Iterable[Tuple[str, str, float]], min_households: int,
                max_households: int, feedback=None) -> Tuple[List[Area], Dict[str, str]]:
    """Areas (ids ``<street_code>-01``, …) and, for every unit not in an area, its reason code."""
    by_id: Dict[str, Unit] = {u.uid: u for u in units}
    neighbours: Dict[str, Dict[str, float]] = {u.uid: {} for u in units}
    for a, b, gap in edges:
        if a == b or a not in by_id or b not in by_id:
            continue
        if by_id[a].street_code != by_id[b].street_code:
            continue
        gap = float(gap)
        neighbours[a][b] = min(gap, neighbours[a].get(b, gap))
        neighbours[b][a] = min(gap, neighbours[b].get(a, gap))
    reasons: Dict[str, str] = {}
    streets: Dict[str, List[Unit]] = {}
    for u in units:
        if not u.street_code:
            reasons[u.uid] = "no_street"
        elif not u.has_geometry:
            reasons[u.uid] = "no_geometry"
        elif u.households > max_households:
            reasons[u.uid] = "too_large"
        elif not any(by_id[n].households <= max_households and by_id[n].has_geometry
                     for n in neighbours[u.uid]):
            reasons[u.uid] = "isolated"
        else:
            streets.setdefault(u.street_code, []).append(u)
    areas: List[Area] = []
    for street in sorted(streets):
        check(feedback)
        pool = {u.uid for u in streets[street]}
        number = 0
        for seed in sorted(pool):
            if seed not in pool:
                continue
            members = _grow(seed, pool, by_id, neighbours, max_households)
            households = sum(by_id[m].households for m in members)
            if len(members) < 2 or households < min_households:
                reasons[seed] = "too_small"
                pool.discard(seed)
                continue
            number += 1
            area = Area("{}-{:02d}".format(street, number), street, members, households,
                        sum(by_id[m].buildings for m in members), sum(by_id[m].problems for m in members))
            areas.append(area)
            pool.difference_update(members)
    return areas, reasons


def _grow(seed: str, pool: set, by_id: Mapping[str, Unit], neighbours: Mapping[str, Mapping[str, float]],
          max_households: int) -> List[str]:
    members = [seed]
    inside = {seed}
    households = by_id[seed].households
    while True:
        best: Optional[Tuple[float, str]] = None
        for m in members:
            for n, gap in neighbours[m].items():
                if n in inside or n not in pool or households + by_id[n].households > max_households:
                    continue
                if best is None or (gap, n) < best:
                    best = (gap, n)
        if best is None:
            return members
        members.append(best[1])
        inside.add(best[1])
        households += by_id[best[1]].households
