"""Match review: what a planner's decision on an unmatched report means for the library.

The review dialog shows each unmatched row with its candidates; when the planner picks a
building and asks to remember it, the report's compound spelling becomes a ``manual`` alias of
the building's compound, so the next run (and next year's round) matches it by itself.
"""

from __future__ import annotations

from typing import List, Optional, Tuple

from .address import KIND_MANUAL
from .library import AliasRecord
from .normalize import name_key


def parse_candidates(text: Optional[str]) -> List[Tuple[str, float]]:
    """``"BLD-1:0.82;BLD-2:0.80"`` → ``[("BLD-1", 0.82), ("BLD-2", 0.8)]`` (bad parts skipped)."""
    out = []
    for part in (text or "").split(";"):
        part = part.strip()
        if not part:
            continue
        building_id, _sep, score = part.rpartition(":")
        if not building_id:
            building_id, score = part, ""
        try:
            value = float(score) if score else 0.0
        except ValueError:
            building_id, value = part, 0.0
        out.append((building_id, value))
    return out


def alias_to_remember(report_compound: Optional[str],
                      building_compound: Optional[str]) -> Optional[AliasRecord]:
    """The manual alias that makes ``report_compound`` name ``building_compound`` next time.

    ``None`` when there is nothing to learn: an empty spelling, or one that already normalises to
    the compound's own name.
    """
    spelling = (report_compound or "").strip()
    target = (building_compound or "").strip()
    if not spelling or not target or name_key(spelling) == name_key(target):
        return None
    return AliasRecord(spelling, target, KIND_MANUAL)
