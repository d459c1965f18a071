"""Computation kinds of the indicator engine, on plain tables (no QGIS).

Geometry is not done here. :func:`spatial_requests` says which distances the configuration
needs (as hashable request tuples); the Processing adapter answers them with QGIS
(``QgsSpatialIndex``) and hands the answers back to :func:`compute_indicator`:

* ``("near", unit_level, layer, feature_ids, radius)`` → ``{unit_id: [feature_id, …]}``: the
  features of ``layer`` (rows of ``Inputs.features[layer]``) within ``radius`` metres of the unit's
  polygon (0 = inside it).
* ``("cover", layer, feature_ids, radius)`` → ``{building_id, …}``: the buildings whose footprint
  centroid lies within ``radius`` of one of the features (Euclidean).
* ``("netcover", layer, feature_ids, radius)`` → ``{building_id, …}``: as ``cover`` but over the
  road network (indicators with ``params.distance`` = ``network``; access legs included).
* ``("netreach", unit_level, layer, feature_ids, radius)`` → ``{unit_id, …}``: the units (compounds
  or blocks) within ``radius`` over the road network of one of the features.
* ``("length", unit_level, road_ids, radius)`` → ``{unit_id: metres}``: length of those road
  segments inside the unit polygon grown by ``radius``.
* ``("road_of", radius)`` → ``{problem_index: road_id}``: the nearest road of each problem point
  within ``radius``.
* ``("area", unit_level)`` → ``{unit_id: m²}``.

Kinds (``kind`` of an indicator entry, parameters in ``params``):

* ``distinct`` — number of distinct buildings / compounds / blocks / roads (``of``) with at least one
  problem of the indicator in the round (several reports on one building count once).
* ``lacking`` — number of compounds / blocks (``of``) with no target feature within its radius.
* ``coverage`` — % of residents living in buildings whose centroid lies within the radius of a
  target (several targets = several size classes; covered by any).

``lacking`` and ``coverage`` measure the radius in a straight line unless ``params.distance`` is
``network`` (then ``netreach`` / ``netcover``; the ROADS layer is required, checked up front).
* ``attribute`` — number of compounds / buildings whose attribute meets the rule
  (``field`` ``op`` ``value``).
* ``gap`` — Σ over compounds of max(0, demand − supply): demand = ``demand_field`` × ``rate``,
  supply = Σ ``capacity`` of the targets within their radius.
* ``length`` — km of road segments whose attribute meets the rule, within ``radius`` of the unit.
* ``density`` — problems / facilities of types / km of road per km² or per 100 households.
* ``statistic`` — a value from the statistics table (unit id, indicator code, value); with
  ``aggregate: sum`` a unit without its own value sums its compounds' values.

A unit of a coarser level than the counted objects sums its members along the ledger's trees
(building → compound → block → district, building → community → district); coverage is
recomputed from the buildings. Where a kind is not defined for the unit level the value is NULL
with a reason.
"""

from __future__ import annotations

import operator
from dataclasses import dataclass, field
from typing import Any, Dict, Iterable, List, Optional, Set, Tuple

from ..messages import QT_TRANSLATE_NOOP, Message

UNIT_LEVELS = ("building", "compound", "community", "block", "district")
#: Problem / ledger field holding the unit id of each level.
UNIT_KEYS = {"building": "building_id", "compound": "compound_id", "community": "community_code",
             "block": "block_id", "district": "district_code"}
#: Unit levels over which objects of each level can be counted (each object in exactly one unit).
COUNTABLE_IN = {
    "building": set(UNIT_LEVELS),
    "compound": {"compound", "block", "community", "district"},
    "block": {"block", "district"},
    "road": {"compound", "block", "community", "district"},
}
OPS = {"==": operator.eq, "!=": operator.ne, "<": operator.lt, "<=": operator.le, ">": operator.gt,
       ">=": operator.ge}

#: Names of the unit levels in messages.
LEVEL_NAMES = {"building": QT_TRANSLATE_NOOP("CoreMessages", "building"),
               "compound": QT_TRANSLATE_NOOP("CoreMessages", "compound"),
               "community": QT_TRANSLATE_NOOP("CoreMessages", "community"),
               "block": QT_TRANSLATE_NOOP("CoreMessages", "block"),
               "district": QT_TRANSLATE_NOOP("CoreMessages", "district")}
R_LEVEL = QT_TRANSLATE_NOOP("CoreMessages", "not defined for {level} units (only {levels})")
R_LAYER = QT_TRANSLATE_NOOP("CoreMessages", "needs the {layer} layer, which was not given")
R_NO_RESIDENTS = QT_TRANSLATE_NOOP("CoreMessages", "no residents in the unit")
R_NO_DENOMINATOR = QT_TRANSLATE_NOOP("CoreMessages", "no households or no area in the unit")
R_NO_STAT = QT_TRANSLATE_NOOP("CoreMessages", "no value in the statistics table")
R_NO_ATTRIBUTE = QT_TRANSLATE_NOOP("CoreMessages", "{layer} {uid} has no value of {field}")


@dataclass
class Inputs:
    """Everything the engine reads, as plain values.

    ``buildings``/``compounds``: id → row with the parent ids (``compound_id``, ``block_id``,
    ``community_code``, ``district_code``), ``households``, ``residents`` and the attributes of the
    BUILDINGS / COMPOUNDS layers (when given). ``blocks``: id → row with ``district_code``.
    ``problems``: rows with ``indicator_code`` and the unit id fields of :data:`UNIT_KEYS`.
    ``features``: layer (``facilities``, ``parks``, ``roads``) → id → attributes (facilities
    ``facility_type``, ``area_m2``, ``capacity``; parks ``park_class``, ``area_m2``).
    ``unit_households``: households of each assessed unit (ledger ``households_total``).
    ``layers``: the input layers given (``compounds``, ``buildings``, ``facilities``, ``parks``,
    ``roads``, ``stats``).
    """

    level: str
    units: List[str]
    buildings: Dict[str, Dict[str, Any]] = field(default_factory=dict)
    compounds: Dict[str, Dict[str, Any]] = field(default_factory=dict)
    blocks: Dict[str, Dict[str, Any]] = field(default_factory=dict)
    problems: List[Dict[str, Any]] = field(default_factory=list)
    features: Dict[str, Dict[str, Dict[str, Any]]] = field(default_factory=dict)
    stats: Dict[Tuple[str, str], float] = field(default_factory=dict)
    unit_households: Dict[str, float] = field(default_factory=dict)
    layers: Set[str] = field(default_factory=set)
    compound_attributes: bool = False  # whether compounds carry the COMPOUNDS layer's attributes
    building_attributes: bool = False
    _problem_index: Optional[Tuple[int, Dict[str, List[int]]]] = field(default=None, repr=False)


@dataclass
class Values:
    """Values of one indicator per unit (None = not computable) and the reason of each None."""

    values: Dict[str, Optional[float]]
    reasons: Dict[str, Message]


def _num(value: Any) -> Optional[float]:
    if value is None or value == "":
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return None if number != number else number


# --- which features qualify ------------------------------------------------------------------
def target_ids(inputs: Inputs, target: Dict[str, Any]) -> Tuple[str, ...]:
    """Ids of the features of ``target['layer']`` of its types and size class, sorted."""
    layer = target["layer"]
    type_field = "facility_type" if layer == "facilities" else "park_class"
    types = set(target.get("types") or [])
    low = float(target.get("min_area", 0) or 0)
    high = target.get("max_area")
    min_cap = float(target.get("min_capacity", 0) or 0)
    out = []
    for fid, row in inputs.features.get(layer, {}).items():
        if types and row.get(type_field) not in types:
            continue
        area = _num(row.get("area_m2")) or 0.0
        if area < low or (high is not None and area >= float(high)):
            continue
        if min_cap and (_num(row.get("capacity")) or 0.0) < min_cap:
            continue
        out.append(fid)
    return tuple(sorted(out))


def rule_holds(row: Dict[str, Any], params: Dict[str, Any]) -> Optional[bool]:
    """Whether ``row[field] op value`` holds; None when the attribute is empty."""
    value = row.get(params["field"])
    if value is None or value == "":
        return None
    wanted = params["value"]
    left: Any = value
    number = _num(value)
    if number is not None and _num(wanted) is not None:
        left, wanted = number, float(wanted)
    else:
        left, wanted = str(value), str(wanted)
    return bool(OPS[params["op"]](left, wanted))


def road_ids(inputs: Inputs, params: Optional[Dict[str, Any]]) -> Tuple[str, ...]:
    roads = inputs.features.get("roads", {})
    if params is None:
        return tuple(sorted(roads))
    return tuple(sorted(rid for rid, row in roads.items() if rule_holds(row, params)))


# --- requests ------------------------------------------------------------------------------------
def _radius_request(item: Dict[str, Any], inputs: Inputs, target: Dict[str, Any],
                    of: Optional[str] = None) -> tuple:
    """The request of a ``lacking`` (``of`` = unit level) or ``coverage`` target, Euclidean or over
    the network (``params.distance``)."""
    ids, radius = target_ids(inputs, target), float(target["radius"])
    network = item["params"].get("distance") == "network"
    if of is None:
        return ("netcover" if network else "cover", target["layer"], ids, radius)
    return ("netreach", of, target["layer"], ids, radius) if network else (
        "near", of, target["layer"], ids, radius)


def indicator_requests(item: Dict[str, Any], inputs: Inputs) -> List[tuple]:
    """The spatial questions one indicator needs answered (see the module docstring)."""
    kind, params, level = item["kind"], item["params"], inputs.level
    out: List[tuple] = []
    if kind == "distinct" and params["of"] == "road" and "roads" in inputs.layers:
        out.append(("road_of", float(params["radius"])))
    elif kind in ("lacking", "coverage") and params.get("distance") == "network" and (
            "roads" not in inputs.layers):
        pass  # NULL with a reason (see _no_roads)
    elif kind == "lacking":
        for t in params["targets"]:
            if t["layer"] in inputs.layers:
                out.append(_radius_request(item, inputs, t, params["of"]))
    elif kind == "coverage":
        for t in params["targets"]:
            if t["layer"] in inputs.layers:
                out.append(_radius_request(item, inputs, t))
    elif kind == "gap":
        for t in params["supply"]:
            if t["layer"] in inputs.layers:
                out.append(("near", "compound", t["layer"], target_ids(inputs, t), float(t["radius"])))
    elif item["level"] == "city" and level != "district":
        pass
    elif kind == "length" and "roads" in inputs.layers and level != "building":
        out.append(("length", level, road_ids(inputs, params), float(params["radius"])))
    elif kind == "density" and level != "building":
        if params["per"] == "km2":
            out.append(("area", level))
        if params["numerator"] == "facilities" and "facilities" in inputs.layers:
            target = {"layer": "facilities", "types": params["types"], "radius": 0}
            out.append(("near", level, "facilities", target_ids(inputs, target), 0.0))
        elif params["numerator"] == "road_length" and "roads" in inputs.layers:
            out.append(("length", level, road_ids(inputs, None), 0.0))
    return out


# --- membership ------------------------------------------------------------------------------------
def unit_of(inputs: Inputs, of: str, uid: str) -> Optional[str]:
    """The unit (of the assessed level) that object ``uid`` of level ``of`` belongs to."""
    level = inputs.level
    if of == level:
        return uid
    row = {"building": inputs.buildings, "compound": inputs.compounds, "block": inputs.blocks}[of].get(uid)
    if row is None:
        return None
    return row.get(UNIT_KEYS[level]) or None


def _members(inputs: Inputs, of: str) -> Dict[str, List[str]]:
    """Unit → the ids of its member objects of level ``of``."""
    table = {"building": inputs.buildings, "compound": inputs.compounds, "block": inputs.blocks}[of]
    out: Dict[str, List[str]] = {}
    for uid in table:
        unit = unit_of(inputs, of, uid)
        if unit is not None:
            out.setdefault(unit, []).append(uid)
    return out


def _all(inputs: Inputs, reason: Message) -> Values:
    return Values({u: None for u in inputs.units}, {u: reason for u in inputs.units})


def _level_reason(inputs: Inputs, allowed: Iterable[str]) -> Message:
    names = [lv for lv in UNIT_LEVELS if lv in set(allowed)]
    levels = Message(", ".join("{%s}" % lv for lv in names), {lv: Message(LEVEL_NAMES[lv]) for lv in names})
    return Message(R_LEVEL, {"level": Message(LEVEL_NAMES[inputs.level]), "levels": levels})


def _sum_flags(inputs: Inputs, of: str, flags: Dict[str, Optional[float]],
               reasons: Optional[Dict[str, Message]] = None) -> Values:
    """Sum per-object values over the members of each unit (a unit with a NULL member is NULL)."""
    if inputs.level not in COUNTABLE_IN[of]:
        return _all(inputs, _level_reason(inputs, COUNTABLE_IN[of]))
    values: Dict[str, Optional[float]] = {u: 0.0 for u in inputs.units}
    why: Dict[str, Message] = {}
    for uid, flag in flags.items():
        unit = unit_of(inputs, of, uid)
        if unit not in values:
            continue
        if flag is None:
            values[unit] = None
            if reasons and uid in reasons:
                why[unit] = reasons[uid]
        elif values[unit] is not None:
            values[unit] += flag
    return Values(values, why)


# --- kinds ---------------------------------------------------------------------------------------
def distinct(item: Dict[str, Any], inputs: Inputs, answers: Dict[tuple, Any]) -> Values:
    of = item["params"]["of"]
    codes = set(item["params"].get("indicators") or [item["code"]])
    if inputs.level not in COUNTABLE_IN[of]:
        return _all(inputs, _level_reason(inputs, COUNTABLE_IN[of]))
    if of == "road" and "roads" not in inputs.layers:
        return _all(inputs, Message(R_LAYER, {"layer": "ROADS"}))
    road_of = answers.get(("road_of", float(item["params"].get("radius", 0))), {}) if of == "road" else {}
    seen: Dict[str, Set[str]] = {u: set() for u in inputs.units}
    key = {"building": "building_id", "compound": "compound_id", "block": "block_id"}.get(of)
    by_code = problems_by_code(inputs)
    for n in sorted(i for code in codes for i in by_code.get(code, ())):
        p = inputs.problems[n]
        if of == "road":
            obj = road_of.get(n)
            unit = p.get(UNIT_KEYS[inputs.level]) or None
        else:
            obj = p.get(key) or None
            unit = unit_of(inputs, of, obj) if obj else None
        if obj and unit in seen:
            seen[unit].add(obj)
    return Values({u: float(len(s)) for u, s in seen.items()}, {})


def problems_by_code(inputs: Inputs) -> Dict[str, List[int]]:
    """Indicator code → indices of its problems (built once per Inputs)."""
    if inputs._problem_index is None or inputs._problem_index[0] != len(inputs.problems):
        index: Dict[str, List[int]] = {}
        for n, p in enumerate(inputs.problems):
            index.setdefault(p.get("indicator_code") or "", []).append(n)
        inputs._problem_index = (len(inputs.problems), index)
    return inputs._problem_index[1]


def _near_sets(inputs: Inputs, answers: Dict[tuple, Any], of: str, targets: List[Dict[str, Any]]):
    """Object id → ids of target features near it (union over targets); None if no layer given."""
    given = [t for t in targets if t["layer"] in inputs.layers]
    if not given:
        return None, targets[0]["layer"]
    near: Dict[str, Set[str]] = {}
    for t in given:
        key = ("near", of, t["layer"], target_ids(inputs, t), float(t["radius"]))
        for uid, fids in answers.get(key, {}).items():
            near.setdefault(uid, set()).update(fids)
    return near, ""


def _no_roads(item: Dict[str, Any], inputs: Inputs) -> Optional[Values]:
    """All NULL when the indicator asks for network distances and ROADS was not given."""
    if item["params"].get("distance") == "network" and "roads" not in inputs.layers:
        return _all(inputs, Message(R_LAYER, {"layer": "ROADS"}))
    return None


def lacking(item: Dict[str, Any], inputs: Inputs, answers: Dict[tuple, Any]) -> Values:
    of = item["params"]["of"]
    no_roads = _no_roads(item, inputs)
    if no_roads is not None:
        return no_roads
    near, missing = _near_sets(inputs, answers, of, item["params"]["targets"])
    if near is None:
        return _all(inputs, Message(R_LAYER, {"layer": missing.upper()}))
    table = inputs.compounds if of == "compound" else inputs.blocks
    if item["params"].get("distance") == "network":
        reached: Set[str] = set()
        for t in item["params"]["targets"]:
            if t["layer"] in inputs.layers:
                reached |= set(answers.get(_radius_request(item, inputs, t, of), ()))
        return _sum_flags(inputs, of, {uid: (0.0 if uid in reached else 1.0) for uid in table})
    flags = {uid: (0.0 if near.get(uid) else 1.0) for uid in table}
    return _sum_flags(inputs, of, flags)


def coverage(item: Dict[str, Any], inputs: Inputs, answers: Dict[tuple, Any]) -> Values:
    no_roads = _no_roads(item, inputs)
    if no_roads is not None:
        return no_roads
    targets = [t for t in item["params"]["targets"] if t["layer"] in inputs.layers]
    if not targets:
        return _all(inputs, Message(R_LAYER, {"layer": item["params"]["targets"][0]["layer"].upper()}))
    covered: Set[str] = set()
    for t in targets:
        covered |= set(answers.get(_radius_request(item, inputs, t), ()))
    total: Dict[str, float] = {}
    served: Dict[str, float] = {}
    for bid, row in inputs.buildings.items():
        unit = unit_of(inputs, "building", bid)
        if unit is None:
            continue
        residents = _num(row.get("residents")) or 0.0
        total[unit] = total.get(unit, 0.0) + residents
        if bid in covered:
            served[unit] = served.get(unit, 0.0) + residents
    values: Dict[str, Optional[float]] = {}
    reasons: Dict[str, Message] = {}
    for u in inputs.units:
        if total.get(u, 0.0) > 0:
            values[u] = round(100.0 * served.get(u, 0.0) / total[u], 2)
        else:
            values[u] = None
            reasons[u] = Message(R_NO_RESIDENTS)
    return Values(values, reasons)


def attribute(item: Dict[str, Any], inputs: Inputs, answers: Dict[tuple, Any]) -> Values:
    params = item["params"]
    of = params["of"]
    has = inputs.compound_attributes if of == "compound" else inputs.building_attributes
    if not has:
        return _all(inputs, Message(R_LAYER, {"layer": "COMPOUNDS" if of == "compound" else "BUILDINGS"}))
    table = inputs.compounds if of == "compound" else inputs.buildings
    flags: Dict[str, Optional[float]] = {}
    reasons: Dict[str, Message] = {}
    for uid, row in table.items():
        holds = rule_holds(row, params)
        flags[uid] = None if holds is None else float(holds)
        if holds is None:
            reasons[uid] = Message(R_NO_ATTRIBUTE, {"layer": of, "uid": uid, "field": params["field"]})
    return _sum_flags(inputs, of, flags, reasons)


def gap(item: Dict[str, Any], inputs: Inputs, answers: Dict[tuple, Any]) -> Values:
    params = item["params"]
    near, missing = _near_sets(inputs, answers, "compound", params["supply"])
    if near is None:
        return _all(inputs, Message(R_LAYER, {"layer": missing.upper()}))
    cap_field = params.get("capacity_field", "capacity")
    flags: Dict[str, Optional[float]] = {}
    reasons: Dict[str, Message] = {}
    for cid, row in inputs.compounds.items():
        demand = _num(row.get(params["demand_field"]))
        if demand is None:
            flags[cid] = None
            reasons[cid] = Message(R_NO_ATTRIBUTE, {"layer": "compound", "uid": cid,
                                                    "field": params["demand_field"]})
            continue
        supply = 0.0
        for fid in near.get(cid, ()):
            for layer in ("facilities", "parks"):
                feat = inputs.features.get(layer, {}).get(fid)
                if feat is not None:
                    supply += _num(feat.get(cap_field)) or 0.0
        flags[cid] = float(max(0.0, round(demand * float(params["rate"]) - supply)))
    return _sum_flags(inputs, "compound", flags, reasons)


def length(item: Dict[str, Any], inputs: Inputs, answers: Dict[tuple, Any]) -> Values:
    params = item["params"]
    if inputs.level == "building":
        return _all(inputs, _level_reason(inputs, COUNTABLE_IN["compound"]))
    if "roads" not in inputs.layers:
        return _all(inputs, Message(R_LAYER, {"layer": "ROADS"}))
    metres = answers.get(("length", inputs.level, road_ids(inputs, params), float(params["radius"])), {})
    return Values({u: round(metres.get(u, 0.0) / 1000.0, 3) for u in inputs.units}, {})


def density(item: Dict[str, Any], inputs: Inputs, answers: Dict[tuple, Any]) -> Values:
    params = item["params"]
    if inputs.level == "building":
        return _all(inputs, _level_reason(inputs, COUNTABLE_IN["compound"]))
    numerator: Dict[str, float] = {u: 0.0 for u in inputs.units}
    if params["numerator"] == "problems":
        codes = set(params.get("indicators") or [])
        key = UNIT_KEYS[inputs.level]
        for p in inputs.problems:
            if codes and p.get("indicator_code") not in codes:
                continue
            unit = p.get(key)
            if unit in numerator:
                numerator[unit] += 1
    elif params["numerator"] == "facilities":
        if "facilities" not in inputs.layers:
            return _all(inputs, Message(R_LAYER, {"layer": "FACILITIES"}))
        target = {"layer": "facilities", "types": params["types"], "radius": 0}
        near = answers.get(("near", inputs.level, "facilities", target_ids(inputs, target), 0.0), {})
        for u in inputs.units:
            numerator[u] = float(len(near.get(u, ())))
    else:
        if "roads" not in inputs.layers:
            return _all(inputs, Message(R_LAYER, {"layer": "ROADS"}))
        metres = answers.get(("length", inputs.level, road_ids(inputs, None), 0.0), {})
        for u in inputs.units:
            numerator[u] = metres.get(u, 0.0) / 1000.0
    if params["per"] == "km2":
        areas = answers.get(("area", inputs.level), {})
        denominator = {u: (areas.get(u) or 0.0) / 1e6 for u in inputs.units}
    else:
        denominator = {u: (inputs.unit_households.get(u) or 0.0) / 100.0 for u in inputs.units}
    values: Dict[str, Optional[float]] = {}
    reasons: Dict[str, Message] = {}
    for u in inputs.units:
        if denominator[u] > 0:
            values[u] = round(numerator[u] / denominator[u], 3)
        else:
            values[u] = None
            reasons[u] = Message(R_NO_DENOMINATOR)
    return Values(values, reasons)


def statistic(item: Dict[str, Any], inputs: Inputs, answers: Dict[tuple, Any]) -> Values:
    code = item["code"]
    summed = item["params"].get("aggregate", "none") == "sum"
    members = _members(inputs, "compound") if summed and inputs.level in COUNTABLE_IN["compound"] else {}
    values: Dict[str, Optional[float]] = {}
    reasons: Dict[str, Message] = {}
    for u in inputs.units:
        value = inputs.stats.get((u, code))
        if value is None and members.get(u):
            parts = [inputs.stats.get((c, code)) for c in members[u]]
            if any(p is not None for p in parts):
                value = float(sum(p for p in parts if p is not None))
        values[u] = value
        if value is None:
            reasons[u] = Message(R_NO_STAT)
    return Values(values, reasons)


KIND_FUNCTIONS = {"distinct": distinct, "lacking": lacking, "coverage": coverage, "attribute": attribute,
                  "gap": gap, "length": length, "density": density, "statistic": statistic}


def compute_indicator(item: Dict[str, Any], inputs: Inputs, answers: Dict[tuple, Any]) -> Values:
    """Values of one configured indicator for every unit of ``inputs.units``.

    City indicators (level ``city``) are computed for district units only.
    """
    if item["level"] == "city" and inputs.level != "district":
        return _all(inputs, _level_reason(inputs, ("district",)))
    return KIND_FUNCTIONS[item["kind"]](item, inputs, answers)
