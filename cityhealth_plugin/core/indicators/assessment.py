"""Assessment of units: values of every enabled indicator, status, score, grade, short boards.

* **Status** of a value against the indicator's ``standard`` and ``red`` (per-level overrides in
  ``levels``): see :mod:`.config`. NULL when the value is NULL.
* **Score** (0–100) = Σ weight × points(status) / Σ weight over the indicators with a status;
  points from ``scoring.points`` (default ok 100, yellow 60, red 0). NULL when no indicator has a
  status.
* **Grade**: the first of ``scoring.grades`` (sorted high to low) whose threshold the score reaches
  (default ≥ 90 很好, ≥ 75 较好, ≥ 60 一般, else 较差).
* **Short boards** (短板): the indicators where the unit is worst relative to the other units of its
  level: badness rank = share of units strictly better (0 best … 1 worst); an indicator is a short
  board when the unit's status is yellow or red and its rank ≥ 1 − ``short_boards.share``; at most
  ``short_boards.max`` codes, worst first, ``;``-separated.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional, Tuple

from ..feedback import check
from ..messages import QT_TRANSLATE_NOOP, CityHealthError, Message
from .config import bands_for, enabled_indicators, field_name, network_indicators
from .kinds import Inputs, Values, compute_indicator, indicator_requests


@dataclass
class UnitResult:
    unit_id: str
    values: Dict[str, Optional[float]] = field(default_factory=dict)  # code → value
    statuses: Dict[str, Optional[str]] = field(default_factory=dict)
    reasons: Dict[str, Message] = field(default_factory=dict)  # code → why the value is NULL
    score: Optional[float] = None
    grade: Optional[str] = None
    short_boards: List[str] = field(default_factory=list)


@dataclass
class Assessment:
    level: str
    indicators: List[Dict[str, Any]]  # the enabled entries, in configuration order
    units: List[UnitResult]

    def fields(self) -> List[Tuple[str, str]]:
        """(value field, status field) of each indicator."""
        return [(field_name(i["code"]), field_name(i["code"]) + "_status") for i in self.indicators]

    def null_counts(self) -> Dict[Tuple[str, str], int]:
        """(code, reason text) → units, for the log."""
        out: Dict[Tuple[str, str], int] = {}
        for unit in self.units:
            for code, reason in unit.reasons.items():
                key = (code, reason.template, tuple(sorted((k, str(v)) for k, v in reason.params.items())))
                out[key] = out.get(key, 0) + 1
        return out


def status(value: Optional[float], direction: str, standard: float, red: float) -> Optional[str]:
    """'ok', 'yellow' or 'red' (None for a None value)."""
    if value is None:
        return None
    if direction == "lower_better":
        if value <= standard:
            return "ok"
        return "red" if value >= red else "yellow"
    if value >= standard:
        return "ok"
    return "red" if value <= red else "yellow"


def score(statuses: Dict[str, Optional[str]], weights: Dict[str, float],
          points: Dict[str, float]) -> Optional[float]:
    total = weighted = 0.0
    for code, st in statuses.items():
        w = weights.get(code, 0.0)
        if st is None or w <= 0:
            continue
        total += w
        weighted += w * float(points[st])
    return round(weighted / total, 1) if total > 0 else None


def grade(value: Optional[float], grades: List[List[Any]]) -> Optional[str]:
    if value is None:
        return None
    for threshold, name in grades:
        if value >= float(threshold):
            return str(name)
    return str(grades[-1][1])


def badness_ranks(values: Dict[str, Optional[float]], direction: str) -> Dict[str, float]:
    """Unit → share of the other units with a strictly better value (0 = best, 1 = worst)."""
    known = {u: (v if direction == "lower_better" else -v) for u, v in values.items() if v is not None}
    n = len(known)
    if n < 2:
        return {u: 0.0 for u in known}
    ordered = sorted(known.values())
    return {u: bisect.bisect_left(ordered, b) / (n - 1) for u, b in known.items()}


def spatial_requests(config: Dict[str, Any], inputs: Inputs) -> List[tuple]:
    """Every distinct spatial question of the enabled indicators (for the adapter to answer)."""
    out: List[tuple] = []
    for item in enabled_indicators(config):
        for request in indicator_requests(item, inputs):
            if request not in out:
                out.append(request)
    return out


def assess(config: Dict[str, Any], inputs: Inputs, answers: Dict[tuple, Any], feedback=None,
           start: float = 0.0, span: float = 100.0) -> Assessment:
    """Assess every unit of ``inputs.units`` with the enabled indicators of ``config`` (progress
    reported into ``[start, start + span]`` percent)."""
    items = enabled_indicators(config)
    scoring = config["scoring"]
    units = {u: UnitResult(u) for u in inputs.units}
    weights = {i["code"]: float(i.get("weight", 1)) for i in items}
    ranks: Dict[str, Dict[str, float]] = {}
    for n, item in enumerate(items):
        check(feedback, n, len(items), start, span * 0.9)
        code = item["code"]
        result: Values = compute_indicator(item, inputs, answers)
        standard, red = bands_for(item, inputs.level)
        for u, unit in units.items():
            value = result.values.get(u)
            unit.values[code] = value
            unit.statuses[code] = status(value, item["direction"], standard, red)
            if value is None:
                unit.reasons[code] = result.reasons.get(u) or Message("")
        ranks[code] = badness_ranks(result.values, item["direction"])
    share = float(scoring["short_boards"]["share"])
    limit = int(scoring["short_boards"]["max"])
    order = {i["code"]: k for k, i in enumerate(items)}
    for unit in units.values():
        unit.score = score(unit.statuses, weights, scoring["points"])
        unit.grade = grade(unit.score, scoring["grades"])
        boards = [(ranks[c].get(unit.unit_id, 0.0), c) for c, st in unit.statuses.items()
                  if st in ("yellow", "red") and ranks[c].get(unit.unit_id, 0.0) >= 1.0 - share - 1e-9]
        boards.sort(key=lambda rc: (-rc[0], -weights[rc[1]], order[rc[1]]))
        unit.short_boards = [c for _r, c in boards[:limit]]
    check(feedback, 1, 1, start, span)
    return Assessment(inputs.level, items, [units[u] for u in inputs.units])


def required_fields(config: Dict[str, Any]) -> List[Tuple[str, str, str]]:
    """(layer, field, code) the enabled indicators read from input layers, for a check up front."""
    out: List[Tuple[str, str, str]] = []
    for item in enabled_indicators(config):
        kind, params, code = item["kind"], item["params"], item["code"]
        if kind in ("lacking", "coverage", "gap"):
            for t in params.get("targets") or params.get("supply") or []:
                layer = t["layer"]
                if t.get("types"):
                    out.append((layer, "facility_type" if layer == "facilities" else "park_class", code))
                if t.get("min_area") or t.get("max_area") is not None:
                    out.append((layer, "area_m2", code))
                if t.get("min_capacity"):
                    out.append((layer, "capacity", code))
            if kind == "gap":
                out.append(("facilities", params.get("capacity_field", "capacity"), code))
                if params["demand_field"] != "households":
                    out.append(("compounds", params["demand_field"], code))
        elif kind == "attribute":
            out.append(("compounds" if params["of"] == "compound" else "buildings", params["field"], code))
        elif kind == "length":
            out.append(("roads", params["field"], code))
        elif kind == "density" and params["numerator"] == "facilities":
            out.append(("facilities", "facility_type", code))
    return out


def check_network_layers(config: Dict[str, Any], layers) -> None:
    """Refuse (before anything runs) a configuration measuring over the road network without ROADS."""
    codes = network_indicators(config)
    if codes and "roads" not in set(layers):
        raise CityHealthError(Message(QT_TRANSLATE_NOOP(
            "CoreMessages", "Indicator {codes} measures its radius over the road network "
                            "(\"distance\": \"network\") and needs the ROADS layer, which was not given: "
                            "give ROADS or set its distance to euclidean."), {"codes": ", ".join(codes)}))
