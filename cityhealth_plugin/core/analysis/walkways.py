"""Substandard walkways (不达标的步行道, IND-COMM-019): the rules, on plain values.

A road's walkway is substandard for a *reason*:

- from the road's attributes: ``none`` (sidewalk width 0: no walkway) or ``narrow`` (below the
  threshold, default 2.0 m as IND-COMM-019's configuration); a NULL width is *unknown*, not flagged;
- from reported problems matched to the road: the problem code's reason in a code table
  (``WALK-01=broken``, …). The national catalogue has codes for broken surfaces, missing manhole
  covers, unlit roads and vehicles on the walkway; a city that records narrow, discontinuous or
  not barrier-free walkways under its own codes adds them to the table.

A report flags the stretch of its road within a reach of the report (not the whole road); the
adapter measures it. Per unit, the substandard length is the length of the union of the flagged
stretches (a stretch flagged for two reasons counts once); per-reason lengths may overlap.
"""

from __future__ import annotations

from typing import Dict, Iterable, List, Optional, Tuple

from ..messages import QT_TRANSLATE_NOOP, CityHealthError, Message

INDICATOR = "IND-COMM-019"
#: reason → Chinese label (the order is the order of the per-reason columns)
REASONS = {
    "none": "无人行道", "narrow": "人行道过窄", "broken": "路面破损", "discontinuous": "步道不连续",
    "not_barrier_free": "无障碍不达标", "unlit": "照明不足", "obstructed": "步道被占用",
}
DEFAULT_CODES = "WALK-01=broken,WALK-02=broken,WALK-04=unlit,BLOCK-02=obstructed"
DEFAULT_WIDTH = 2.0


def parse_codes(text: str) -> Dict[str, str]:
    """``"WALK-01=broken, X=narrow"`` → {code: reason}; an unknown reason or a bad item is an error."""
    out: Dict[str, str] = {}
    for item in (text or "").replace("；", ",").replace(";", ",").replace("，", ",").split(","):
        item = item.strip()
        if not item:
            continue
        code, sep, reason = item.partition("=")
        code, reason = code.strip(), reason.strip()
        if not sep or not code or reason not in REASONS:
            raise CityHealthError(Message(QT_TRANSLATE_NOOP(
                "CoreMessages", "Walkway problem codes: «{item}» is not CODE=reason (reasons: {reasons})."),
                {"item": item, "reasons": ", ".join(REASONS)}))
        out[code] = reason
    return out


def attribute_reason(sidewalk_m: Optional[float], threshold: float = DEFAULT_WIDTH) -> Optional[str]:
    """``none``, ``narrow``, ``""`` (fine) or None (width unknown)."""
    if sidewalk_m is None:
        return None
    if sidewalk_m <= 0:
        return "none"
    return "narrow" if sidewalk_m < threshold else ""


def report_reason(problem_code: str, codes: Dict[str, str]) -> str:
    """The walkway reason of a report ('' when its code is not a walkway problem)."""
    return codes.get((problem_code or "").strip(), "")


def unit_row(by_reason: Dict[str, float], union_m: float, walkway_m: float) -> Dict[str, Optional[float]]:
    """The figures of one unit: metres per reason, ``substandard_m`` (union), ``substandard_km``
    (IND-COMM-019, 3 decimals), ``walkway_m`` (all road length in reach) and ``share``."""
    row: Dict[str, Optional[float]] = {"{}_m".format(r): round(by_reason.get(r, 0.0), 1) for r in REASONS}
    row["substandard_m"] = round(union_m, 1)
    row["substandard_km"] = round(union_m / 1000.0, 3)
    row["walkway_m"] = round(walkway_m, 1)
    row["share"] = round(union_m / walkway_m, 4) if walkway_m > 0 else None
    return row


def stats_rows(rows: Iterable[Tuple[str, Dict[str, Optional[float]]]]) -> List[Tuple[str, str, float]]:
    """(unit_id, IND-COMM-019, km) rows for cityhealth:assess's statistics table, sorted by unit."""
    return [(uid, INDICATOR, row["substandard_km"]) for uid, row in sorted(rows)]
