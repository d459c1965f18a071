"""Parking supply and demand (停车供需) per compound and block: the rules, on plain values.

- **Demand** of a compound: its registered vehicles when a value is given, else
  ``households × rate`` (the local car-ownership rate, a parameter), rounded half up to whole cars.
- **Supply**, each bay counted once:

  1. bays of parking lots inside the compound belong to that compound;
  2. a shared source (a public lot outside every compound, or the legal on-street bays of a road)
     is split among the compounds within the walking radius **in proportion to their remaining
     need** (demand − supply already counted), whole bays by the largest-remainder rule (ties: the
     compound id), never more than a compound's need; what no compound needs stays *spare* on the
     source. Shared sources are taken in the order given (the adapter sorts them by id), so the
     result does not depend on the order of the input layers.
- **Gap** = demand − supply (negative: a surplus); **gap ratio** = gap ÷ demand (None when the
  demand is 0); **shortfall** = max(gap, 0), the value of IND-COMM-015 (停车泊位缺口数).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Dict, Iterable, List, Optional, Sequence, Tuple

from ..feedback import check

#: IND-COMM-015 停车泊位缺口数: the shortfall of a compound (and summed per block).
INDICATOR = "IND-COMM-015"


def round_half_up(value: float) -> int:
    return int(math.floor(value + 0.5))


def demand(households: Optional[float], vehicles: Optional[float], rate: float) -> Tuple[Optional[int], str]:
    """(cars needing a bay, source) — source ``vehicles``, ``households`` or ``""`` (no value)."""
    if vehicles is not None:
        return max(0, round_half_up(float(vehicles))), "vehicles"
    if households is not None:
        return max(0, round_half_up(float(households) * rate)), "households"
    return None, ""


def split(capacity: int, needs: Dict[str, int]) -> Dict[str, int]:
    """``capacity`` whole bays split among ``needs`` (id → remaining need) in proportion to need,
    largest remainder first (ties: id), never more than a need. Ids with no need get nothing."""
    needs = {k: v for k, v in needs.items() if v > 0}
    total = sum(needs.values())
    if capacity <= 0 or total == 0:
        return {}
    if capacity >= total:
        return dict(needs)
    exact = {k: capacity * v / total for k, v in needs.items()}
    out = {k: int(math.floor(x)) for k, x in exact.items()}
    left = capacity - sum(out.values())
    for k in sorted(exact, key=lambda k: (-(exact[k] - out[k]), k))[:left]:
        out[k] += 1
    return {k: v for k, v in out.items() if v > 0}


@dataclass
class Shared:
    """A shared source of bays: a public lot or a road's legal on-street bays."""

    uid: str
    kind: str  # "lot" | "street"
    capacity: int
    reach: Sequence[str]  # compounds within the walking radius
    given: Dict[str, int] = field(default_factory=dict)  # compound → bays allocated

    @property
    def spare(self) -> int:
        return self.capacity - sum(self.given.values())


@dataclass
class Balance:
    uid: str
    demand: Optional[int]
    source: str
    inside: int = 0
    street: int = 0
    public: int = 0

    @property
    def supply(self) -> int:
        return self.inside + self.street + self.public

    @property
    def gap(self) -> Optional[int]:
        return None if self.demand is None else self.demand - self.supply

    @property
    def ratio(self) -> Optional[float]:
        return None if not self.demand else self.gap / self.demand

    @property
    def shortfall(self) -> Optional[int]:
        return None if self.gap is None else max(0, self.gap)


def balance(demands: Dict[str, Tuple[Optional[int], str]], inside: Dict[str, int],
            shared: Iterable[Shared], feedback=None) -> Dict[str, Balance]:
    """Supply and gap per compound: ``demands`` id → (demand, source), ``inside`` id → bays of the
    lots inside it, ``shared`` sources (their ``given`` is filled in)."""
    out = {uid: Balance(uid, d, s, inside=int(inside.get(uid, 0))) for uid, (d, s) in demands.items()}
    shared = list(shared)
    for n, src in enumerate(shared):
        check(feedback, n, len(shared))
        needs = {}
        for uid in src.reach:
            b = out.get(uid)
            if b is not None and b.demand is not None:
                needs[uid] = max(0, b.demand - b.supply)
        src.given = split(src.capacity, needs)
        for uid, bays in src.given.items():
            if src.kind == "street":
                out[uid].street += bays
            else:
                out[uid].public += bays
    return out


def roll_up(balances: Dict[str, Balance], parent: Dict[str, Optional[str]]) -> Dict[str, Balance]:
    """Per block (or other parent): the sums of its compounds' demand and supply (a compound
    without a demand value adds its supply only)."""
    out: Dict[str, Balance] = {}
    for uid, b in balances.items():
        p = parent.get(uid)
        if not p:
            continue
        acc = out.setdefault(p, Balance(p, None, "compounds"))
        if b.demand is not None:
            acc.demand = (acc.demand or 0) + b.demand
        acc.inside += b.inside
        acc.street += b.street
        acc.public += b.public
    return out


def stats_rows(balances: Dict[str, Balance]) -> List[Tuple[str, str, int]]:
    """(unit_id, indicator_code, value) rows of IND-COMM-015 for cityhealth:assess's STATS table."""
    return [(uid, INDICATOR, b.shortfall) for uid, b in sorted(balances.items()) if b.shortfall is not None]


def road_reports(nearest: Iterable[Optional[str]], minimum: int = 1) -> Tuple[Dict[str, int], List[str]]:
    """Reports per road (``nearest``: the road of each report, None when none is near) and the
    roads flagged (at least ``minimum`` reports), sorted."""
    counts: Dict[str, int] = {}
    for road in nearest:
        if road:
            counts[road] = counts.get(road, 0) + 1
    return counts, sorted(r for r, n in counts.items() if n >= minimum)
