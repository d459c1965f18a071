"""Problem counts, rates and "double-high" units on a grid or on zones (pure Python).

The adapter assigns every problem (and complaint, and building) to the unit — grid cell or block —
whose polygon contains it; this module counts and compares:

- ``problems_total`` and ``cat_<category>`` (category in lower case) per unit;
- ``per_100hh`` = problems_total / households × 100 (None when the unit has no households);
- ``double_high``: 1 when the unit's problems **and** complaints both exceed (>) the chosen
  percentile of the units that have anything (households, a problem or a complaint), else 0;
  None when no complaints layer was given. Percentiles interpolate linearly between the sorted
  values (numpy's default: rank (n − 1)·q / 100).
"""

from __future__ import annotations

import collections
import math
from dataclasses import dataclass
from typing import Dict, Iterable, List, Mapping, Optional, Sequence, Tuple


def percentile(values: Sequence[float], q: float) -> Optional[float]:
    """The ``q``-th percentile (0–100) of ``values`` by linear interpolation; None when empty."""
    data = sorted(float(v) for v in values)
    if not data:
        return None
    rank = (len(data) - 1) * min(max(q, 0.0), 100.0) / 100.0
    low = int(math.floor(rank))
    high = min(low + 1, len(data) - 1)
    return data[low] + (data[high] - data[low]) * (rank - low)


def category_field(category: str) -> str:
    """The count field of a category: ``cat_`` + the category in lower case."""
    return "cat_" + str(category).strip().lower()


@dataclass
class UnitFigures:
    unit: str
    problems: int
    categories: Dict[str, int]
    households: Optional[float]
    per_100hh: Optional[float]
    complaints: Optional[int]
    double_high: Optional[int]


def tally(units: Iterable[Optional[str]], categories: Iterable[Optional[str]]
          ) -> Dict[str, collections.Counter]:
    """unit → Counter(category) of the problems (``units[k]`` None: the problem lies in no unit)."""
    out: Dict[str, collections.Counter] = {}
    for unit, category in zip(units, categories):
        if unit is not None:
            out.setdefault(unit, collections.Counter())[category or ""] += 1
    return out


def unit_figures(units: Sequence[str], problems: Mapping[str, collections.Counter], categories: Sequence[str],
                 households: Optional[Mapping[str, float]] = None,
                 complaints: Optional[Mapping[str, int]] = None,
                 pct: float = 80.0) -> Tuple[List[UnitFigures], Optional[float], Optional[float]]:
    """The figures of every unit in ``units`` and the two percentile thresholds (problems, complaints)."""
    rows = []
    for unit in units:
        counter = problems.get(unit, collections.Counter())
        total = int(sum(counter.values()))
        hh = None if households is None else float(households.get(unit, 0.0) or 0.0)
        rate = round(total / hh * 100.0, 4) if hh else None
        comp = None if complaints is None else int(complaints.get(unit, 0))
        rows.append(UnitFigures(unit, total, {c: int(counter.get(c, 0)) for c in categories}, hh, rate, comp,
                                None))
    if complaints is None:
        return rows, None, None
    active = [r for r in rows if (r.households or 0) > 0 or r.problems or r.complaints]
    limit_p = percentile([r.problems for r in active], pct)
    limit_c = percentile([r.complaints for r in active], pct)
    for r in rows:
        r.double_high = int(limit_p is not None and r.problems > limit_p and r.complaints > limit_c)
    return rows, limit_p, limit_c
