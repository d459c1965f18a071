"""The indicator configuration: load, validate, save (JSON, no extra dependency).

A configuration is one JSON object (``resources/indicators_2024.json`` is the national 2024 basic
set)::

    {"format": "cityhealth-indicators", "version": 1, "name": "...",
     "scoring": {"points": {"ok": 100, "yellow": 60, "red": 0},
                 "grades": [[90, "很好"], [75, "较好"], [60, "一般"], [0, "较差"]],
                 "short_boards": {"share": 0.25, "max": 3}},
     "indicators": [{"code": "IND-HOUSE-001", "level": "housing", "name_cn": "…", "name_en": "…",
                     "unit": "栋", "direction": "lower_better", "kind": "distinct",
                     "params": {"of": "building"}, "standard": 0, "red": 3, "weight": 1,
                     "enabled": true, "local": false, "levels": {"block": {"red": 5}}}, …]}

``lacking`` and ``coverage`` take ``params.distance``: ``euclidean`` (default) or ``network`` (over
the ROADS layer, see :mod:`core.network`).

Status of a value ``v`` against ``standard`` and ``red`` (``levels`` may override both per unit
level): ``lower_better``: ok when ``v <= standard``, red when ``v >= red``, yellow between;
``higher_better``: ok when ``v >= standard``, red when ``v <= red``, yellow between. So ``red`` lies
beyond ``standard`` in the bad direction (checked). Every error names the entry (its position and
code) and the key; :func:`validate` checks the whole file before anything runs.
"""

from __future__ import annotations

import copy
import json
import os
from typing import Any, Dict, List, Optional, Tuple

from ..messages import QT_TRANSLATE_NOOP, CityHealthError, Message
from ..schema import FACILITY_TYPES, LEDGER_LEVELS

RESOURCES = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))),
                         "resources")
DEFAULT_CONFIG = os.path.join(RESOURCES, "indicators_2024.json")
FORMAT = "cityhealth-indicators"

INDICATOR_LEVELS = ("housing", "compound", "block", "city")
#: The unit level an indicator of each level is defined for (city indicators: per district).
NATURAL_UNIT = {"housing": "building", "compound": "compound", "block": "block", "city": "district"}
DIRECTIONS = ("lower_better", "higher_better")
KINDS = ("distinct", "lacking", "coverage", "attribute", "gap", "length", "density", "statistic")
TARGET_LAYERS = ("facilities", "parks")
OPERATORS = ("==", "!=", "<", "<=", ">", ">=")
DISTINCT_OF = ("building", "compound", "block", "road")
ATTRIBUTE_OF = ("building", "compound")
LACKING_OF = ("compound", "block")
DENSITY_NUMERATORS = ("problems", "facilities", "road_length")
DENSITY_PER = ("km2", "100_households")
AGGREGATES = ("sum", "none")
#: How ``lacking`` and ``coverage`` measure the radius: straight line, or over the ROADS network.
DISTANCES = ("euclidean", "network")
STATUS_POINTS = ("ok", "yellow", "red")


def _msg(template: str, **params) -> CityHealthError:
    return CityHealthError(Message(template, params))


def _entry_error(entry: int, code: str, key: str, problem: str, **params) -> CityHealthError:
    """An error about one indicator entry: 'entry 3 (IND-HOUSE-003), «radius»: …'."""
    return _msg(QT_TRANSLATE_NOOP("CoreMessages",
                                  "Indicator configuration, entry {entry} ({code}), «{key}»: {problem}"),
                entry=entry, code=code or "?", key=key, problem=Message(problem, params))


# problem texts (filled into the template above; translated as one sentence each)
P_MISSING = QT_TRANSLATE_NOOP("CoreMessages", "missing.")
P_CHOICE = QT_TRANSLATE_NOOP("CoreMessages", "\"{value}\" is not one of {allowed}.")
P_NUMBER = QT_TRANSLATE_NOOP("CoreMessages", "\"{value}\" is not a number.")
P_NEGATIVE = QT_TRANSLATE_NOOP("CoreMessages", "{value} is negative; it must be 0 or more.")
P_RED_SIDE = QT_TRANSLATE_NOOP("CoreMessages",
                               "the red band {red} lies on the wrong side of the standard value {standard} "
                               "for direction {direction} (it must be {side} the standard).")
P_ABOVE = QT_TRANSLATE_NOOP("CoreMessages", "above")
P_BELOW = QT_TRANSLATE_NOOP("CoreMessages", "below")
P_FACILITY = QT_TRANSLATE_NOOP("CoreMessages", "unknown facility type \"{value}\" (known: {allowed}).")
P_DUPLICATE = QT_TRANSLATE_NOOP("CoreMessages", "the code appears twice.")
P_UNKNOWN_CODE = QT_TRANSLATE_NOOP("CoreMessages",
                                   "unknown code \"{value}\": a national code of the 2024 set, or a local "
                                   "indicator (\"local\": true) with a new code.")
P_EMPTY_LIST = QT_TRANSLATE_NOOP("CoreMessages", "needs at least one entry.")
P_BOOL = QT_TRANSLATE_NOOP("CoreMessages", "\"{value}\" is not true or false.")
P_RANGE = QT_TRANSLATE_NOOP("CoreMessages", "min {low} is larger than max {high}.")


def national_codes() -> Dict[str, Dict[str, Any]]:
    """The national entries of the shipped configuration, by code."""
    with open(DEFAULT_CONFIG, encoding="utf-8") as handle:
        data = json.load(handle)
    return {e["code"]: e for e in data["indicators"]}


def load_config(path: Optional[str] = None) -> Dict[str, Any]:
    """Read and validate a configuration file (default: the shipped national set)."""
    path = path or DEFAULT_CONFIG
    if not os.path.isfile(path):
        raise _msg(QT_TRANSLATE_NOOP("CoreMessages", "Indicator configuration file not found: {file}"),
                   file=path)
    try:
        with open(path, encoding="utf-8-sig") as handle:
            data = json.load(handle)
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise _msg(QT_TRANSLATE_NOOP("CoreMessages",
                                     "Indicator configuration {file} is not valid UTF-8 JSON: {error}"),
                   file=path, error=str(error)) from None
    return validate(data)


def loads_config(text: str) -> Dict[str, Any]:
    """Validate a configuration held as JSON text (e.g. in a QGIS project)."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise _msg(QT_TRANSLATE_NOOP("CoreMessages", "Indicator configuration is not valid JSON: {error}"),
                   error=str(error)) from None
    return validate(data)


def dumps_config(config: Dict[str, Any]) -> str:
    return json.dumps(config, ensure_ascii=False, indent=1)


def save_config(config: Dict[str, Any], path: str) -> None:
    """Validate and write ``config`` to ``path`` (atomically: temporary file then replace)."""
    validate(config)
    tmp = path + ".part"
    with open(tmp, "w", encoding="utf-8") as handle:
        handle.write(dumps_config(config))
    os.replace(tmp, path)


def _number(entry: int, code: str, key: str, value: Any, minimum: Optional[float] = 0.0) -> float:
    if isinstance(value, bool) or value is None or value == "":
        raise _entry_error(entry, code, key, P_MISSING if value in (None, "") else P_NUMBER, value=value)
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise _entry_error(entry, code, key, P_NUMBER, value=value) from None
    if number != number:
        raise _entry_error(entry, code, key, P_NUMBER, value=value)
    if minimum is not None and number < minimum:
        raise _entry_error(entry, code, key, P_NEGATIVE, value=value)
    return number


def _choice(entry: int, code: str, key: str, value: Any, allowed) -> str:
    if value in (None, ""):
        raise _entry_error(entry, code, key, P_MISSING)
    if value not in allowed:
        raise _entry_error(entry, code, key, P_CHOICE, value=value, allowed=" | ".join(allowed))
    return value


def _targets(entry: int, code: str, key: str, targets: Any) -> None:
    if not isinstance(targets, list) or not targets:
        raise _entry_error(entry, code, key, P_EMPTY_LIST)
    for k, target in enumerate(targets, start=1):
        where = "{}[{}]".format(key, k)
        if not isinstance(target, dict):
            raise _entry_error(entry, code, where, P_MISSING)
        layer = _choice(entry, code, where + ".layer", target.get("layer"), TARGET_LAYERS)
        types = target.get("types", [])
        if not isinstance(types, list):
            raise _entry_error(entry, code, where + ".types", P_EMPTY_LIST)
        if layer == "facilities":
            if not types:
                raise _entry_error(entry, code, where + ".types", P_EMPTY_LIST)
            for t in types:
                if t not in FACILITY_TYPES:
                    raise _entry_error(entry, code, where + ".types", P_FACILITY, value=t,
                                       allowed=", ".join(FACILITY_TYPES))
        if "radius" not in target:
            raise _entry_error(entry, code, where + ".radius", P_MISSING)
        _number(entry, code, where + ".radius", target["radius"])
        low = _number(entry, code, where + ".min_area", target.get("min_area", 0))
        high = target.get("max_area")
        if high is not None:
            high = _number(entry, code, where + ".max_area", high)
            if high < low:
                raise _entry_error(entry, code, where, P_RANGE, low=low, high=high)
        _number(entry, code, where + ".min_capacity", target.get("min_capacity", 0))


def _rule(entry: int, code: str, params: Dict[str, Any], prefix: str = "params") -> None:
    if not params.get("field"):
        raise _entry_error(entry, code, prefix + ".field", P_MISSING)
    _choice(entry, code, prefix + ".op", params.get("op"), OPERATORS)
    if "value" not in params:
        raise _entry_error(entry, code, prefix + ".value", P_MISSING)


def _params(entry: int, code: str, kind: str, params: Any) -> None:
    if not isinstance(params, dict):
        raise _entry_error(entry, code, "params", P_MISSING)
    if kind == "distinct":
        _choice(entry, code, "params.of", params.get("of"), DISTINCT_OF)
        if params.get("of") == "road":
            _number(entry, code, "params.radius", params.get("radius"))
    elif kind in ("lacking", "coverage"):
        if kind == "lacking":
            _choice(entry, code, "params.of", params.get("of"), LACKING_OF)
        _choice(entry, code, "params.distance", params.get("distance", "euclidean"), DISTANCES)
        _targets(entry, code, "params.targets", params.get("targets"))
    elif kind == "attribute":
        _choice(entry, code, "params.of", params.get("of"), ATTRIBUTE_OF)
        _rule(entry, code, params)
    elif kind == "gap":
        if not params.get("demand_field"):
            raise _entry_error(entry, code, "params.demand_field", P_MISSING)
        _number(entry, code, "params.rate", params.get("rate"))
        _targets(entry, code, "params.supply", params.get("supply"))
    elif kind == "length":
        _rule(entry, code, params)
        _number(entry, code, "params.radius", params.get("radius"))
    elif kind == "density":
        numerator = _choice(entry, code, "params.numerator", params.get("numerator"), DENSITY_NUMERATORS)
        _choice(entry, code, "params.per", params.get("per"), DENSITY_PER)
        if numerator == "facilities":
            types = params.get("types") or []
            if not types:
                raise _entry_error(entry, code, "params.types", P_EMPTY_LIST)
            for t in types:
                if t not in FACILITY_TYPES:
                    raise _entry_error(entry, code, "params.types", P_FACILITY, value=t,
                                       allowed=", ".join(FACILITY_TYPES))
    elif kind == "statistic":
        _choice(entry, code, "params.aggregate", params.get("aggregate", "none"), AGGREGATES)


def _bands(entry: int, code: str, direction: str, standard: float, red: float, where: str) -> None:
    bad = red <= standard if direction == "lower_better" else red >= standard
    if bad:
        side = Message(P_ABOVE if direction == "lower_better" else P_BELOW)
        raise _entry_error(entry, code, where, P_RED_SIDE, red=red, standard=standard, direction=direction,
                           side=side)


def validate(data: Any, known_codes: Optional[set] = None) -> Dict[str, Any]:
    """Check a whole configuration; return it with defaults filled in (a deep copy).

    Raises :class:`CityHealthError` at the first bad entry, naming it. ``known_codes``: the
    national codes (default: those of the shipped file); a code outside them must be ``local``.
    """
    if not isinstance(data, dict) or not isinstance(data.get("indicators"), list):
        raise _msg(QT_TRANSLATE_NOOP("CoreMessages",
                                     "Indicator configuration: not a CityHealth indicator file (an object "
                                     "with a list \"indicators\" is expected)."))
    config = copy.deepcopy(data)
    config.setdefault("format", FORMAT)
    config.setdefault("version", 1)
    scoring = config.setdefault("scoring", {})
    points = scoring.setdefault("points", {"ok": 100, "yellow": 60, "red": 0})
    for key in STATUS_POINTS:
        _number(0, "scoring", "points." + key, points.get(key))
    grades = scoring.setdefault("grades", [[90, "很好"], [75, "较好"], [60, "一般"], [0, "较差"]])
    if not isinstance(grades, list) or not grades:
        raise _entry_error(0, "scoring", "grades", P_EMPTY_LIST)
    for k, grade in enumerate(grades):
        if not isinstance(grade, list) or len(grade) != 2 or not str(grade[1]).strip():
            raise _entry_error(0, "scoring", "grades[{}]".format(k + 1), P_MISSING)
        _number(0, "scoring", "grades[{}]".format(k + 1), grade[0])
    scoring["grades"] = sorted(([float(g[0]), str(g[1])] for g in grades), key=lambda g: -g[0])
    boards = scoring.setdefault("short_boards", {"share": 0.25, "max": 3})
    _number(0, "scoring", "short_boards.share", boards.get("share"))
    _number(0, "scoring", "short_boards.max", boards.get("max"))
    if known_codes is None:
        known_codes = set(national_codes()) if os.path.isfile(DEFAULT_CONFIG) else set()
    seen = set()
    for n, item in enumerate(config["indicators"], start=1):
        if not isinstance(item, dict):
            raise _entry_error(n, "?", "code", P_MISSING)
        code = str(item.get("code") or "").strip()
        if not code:
            raise _entry_error(n, "?", "code", P_MISSING)
        if code in seen:
            raise _entry_error(n, code, "code", P_DUPLICATE)
        seen.add(code)
        local = item.setdefault("local", False)
        if not isinstance(local, bool):
            raise _entry_error(n, code, "local", P_BOOL, value=local)
        if known_codes and code not in known_codes and not local:
            raise _entry_error(n, code, "code", P_UNKNOWN_CODE, value=code)
        _choice(n, code, "level", item.get("level"), INDICATOR_LEVELS)
        if not str(item.get("name_cn") or "").strip():
            raise _entry_error(n, code, "name_cn", P_MISSING)
        item.setdefault("name_en", "")
        item.setdefault("unit", "")
        direction = _choice(n, code, "direction", item.get("direction"), DIRECTIONS)
        kind = _choice(n, code, "kind", item.get("kind"), KINDS)
        _params(n, code, kind, item.setdefault("params", {}))
        enabled = item.setdefault("enabled", True)
        if not isinstance(enabled, bool):
            raise _entry_error(n, code, "enabled", P_BOOL, value=enabled)
        standard = _number(n, code, "standard", item.get("standard"), None)
        red = _number(n, code, "red", item.get("red"), None)
        _number(n, code, "weight", item.setdefault("weight", 1))
        _bands(n, code, direction, standard, red, "red")
        overrides = item.setdefault("levels", {})
        if not isinstance(overrides, dict):
            raise _entry_error(n, code, "levels", P_MISSING)
        for unit_level, band in overrides.items():
            _choice(n, code, "levels", unit_level, LEDGER_LEVELS)
            if not isinstance(band, dict):
                raise _entry_error(n, code, "levels." + unit_level, P_MISSING)
            s = _number(n, code, "levels.{}.standard".format(unit_level), band.get("standard", standard),
                        None)
            r = _number(n, code, "levels.{}.red".format(unit_level), band.get("red", red), None)
            _bands(n, code, direction, s, r, "levels.{}.red".format(unit_level))
    return config


def bands_for(item: Dict[str, Any], unit_level: str) -> Tuple[float, float]:
    """(standard, red) of an indicator for units of ``unit_level`` (per-level overrides applied)."""
    band = (item.get("levels") or {}).get(unit_level, {})
    return float(band.get("standard", item["standard"])), float(band.get("red", item["red"]))


def field_name(code: str) -> str:
    """Output field of an indicator: ``IND-HOUSE-001`` → ``IND_HOUSE_001``."""
    return code.strip().replace("-", "_")


def enabled_indicators(config: Dict[str, Any]) -> List[Dict[str, Any]]:
    return [i for i in config["indicators"] if i.get("enabled", True)]


def over_network(item: Dict[str, Any]) -> bool:
    """Whether an indicator measures its radii over the road network (``params.distance``)."""
    return item["kind"] in ("lacking", "coverage") and item["params"].get("distance") == "network"


def network_indicators(config: Dict[str, Any]) -> List[str]:
    """Codes of the enabled indicators that need the ROADS layer for network distances."""
    return [i["code"] for i in enabled_indicators(config) if over_network(i)]
