"""Complete community (完整社区, issue 14): the facility standard, gaps per unit, candidate sites.

Pure Python on counts. The standard (``resources/complete_community.csv``: facility_type, name_cn,
radius_m, min_size_m2, candidate, source) says which facility groups a community needs within which
walking radius and, where a size is known, of which minimum size. A unit (community or joint-management
area) has a gap in a facility type when the households of its buildings served by a facility of that
type (within the radius, at least the minimum size) are fewer than ``min_coverage`` of its households.
A type with a size per household (optional column ``m2_per_100hh``, e.g. 社区综合服务站 ≥ 30 m² per
100 households, 完整社区建设指南) also needs, where the facilities' ``area_m2`` is known, at least that
floor area in the facilities of the type serving the unit (within the radius of one of its buildings):
``required_m2`` = m2_per_100hh × households / 100; a unit whose serving facilities have no known area is
not judged (``size_ok`` NULL); a unit short of the area has a gap even when covered.
Candidate sites for the types marked ``candidate`` are ranked per type by the households they would
newly serve (within the radius and not served yet).
"""

from __future__ import annotations

import csv
import os
from dataclasses import dataclass
from typing import Dict, Iterable, List, Mapping, Optional, Tuple

from ..catalogue import RESOURCES
from ..messages import QT_TRANSLATE_NOOP, CityHealthError, Message

DEFAULT_STANDARD = os.path.join(RESOURCES, "complete_community.csv")
COLUMNS = ("facility_type", "name_cn", "radius_m", "min_size_m2", "candidate", "source")
#: Optional column: floor area needed per 100 households of the unit (empty: no size per household).
RATE_COLUMN = "m2_per_100hh"


@dataclass(frozen=True)
class Standard:
    facility_type: str
    name_cn: str
    radius_m: float
    min_size_m2: Optional[float]
    candidate: bool
    source: str
    m2_per_100hh: Optional[float] = None


def _bad(path: str, line: int, column: str, value: str) -> CityHealthError:
    return CityHealthError(Message(QT_TRANSLATE_NOOP(
        "CoreMessages", "{file} line {line}: column {column} has '{value}', a number is needed"),
        {"file": os.path.basename(path), "line": line, "column": column, "value": value}))


def load_standard(path: Optional[str] = None) -> List[Standard]:
    """The standard table (the shipped one when ``path`` is empty); a bad number names file and line."""
    path = path or DEFAULT_STANDARD
    out = []
    with open(path, encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = [c for c in COLUMNS if c not in (reader.fieldnames or [])]
        if missing:
            raise CityHealthError(Message(QT_TRANSLATE_NOOP(
                "CoreMessages", "{file}: the standard table lacks the columns {columns}"),
                {"file": os.path.basename(path), "columns": ", ".join(missing)}))
        for line, row in enumerate(reader, start=2):
            ftype = (row["facility_type"] or "").strip()
            if not ftype:
                continue
            try:
                radius = float(row["radius_m"])
            except (TypeError, ValueError):
                raise _bad(path, line, "radius_m", row["radius_m"]) from None
            if radius <= 0:
                raise _bad(path, line, "radius_m", row["radius_m"])
            size_text = (row["min_size_m2"] or "").strip()
            try:
                size = float(size_text) if size_text else None
            except ValueError:
                raise _bad(path, line, "min_size_m2", size_text) from None
            rate_text = (row.get(RATE_COLUMN) or "").strip()
            try:
                rate = float(rate_text) if rate_text else None
            except ValueError:
                raise _bad(path, line, RATE_COLUMN, rate_text) from None
            out.append(Standard(ftype, (row["name_cn"] or ftype).strip(), radius, size,
                                (row["candidate"] or "").strip() in ("1", "true", "yes", "是"),
                                (row["source"] or "").strip(), rate))
    return out


def unit_gaps(households: Mapping[str, int], covered: Mapping[Tuple[str, str], int],
              standards: Iterable[Standard], min_coverage: float,
              areas: Optional[Mapping[Tuple[str, str], float]] = None) -> List[Dict]:
    """One row per unit and facility type: households, covered, coverage (share; None for a unit
    without households) and gap (coverage below ``min_coverage``, or, for a type with
    ``m2_per_100hh``, the known floor area ``areas[(unit, type)]`` of its serving facilities below
    ``required_m2``; ``size_ok`` 1 / 0, None when no area is known or the type has no such rule)."""
    rows = []
    standards = list(standards)
    for unit in sorted(households):
        total = int(households[unit] or 0)
        for st in standards:
            served = int(covered.get((unit, st.facility_type), 0))
            share = round(served / total, 4) if total else None
            required = area = size_ok = None
            if st.m2_per_100hh is not None:
                required = round(st.m2_per_100hh * total / 100.0, 2)
                area = (areas or {}).get((unit, st.facility_type))
                size_ok = None if area is None or not total else int(area >= required)
            rows.append({"unit_id": unit, "facility_type": st.facility_type, "name_cn": st.name_cn,
                         "radius_m": st.radius_m, "min_size_m2": st.min_size_m2, "households": total,
                         "covered": served, "coverage": share, "area_m2": area, "required_m2": required,
                         "size_ok": size_ok, "gap": bool(total) and (
                             (share is not None and share < min_coverage) or size_ok == 0)})
    return rows


def unit_summary(gap_rows: Iterable[Dict]) -> Dict[str, Dict]:
    """Per unit: number of gaps and the gap names joined with 、 (standard order)."""
    out: Dict[str, Dict] = {}
    for row in gap_rows:
        entry = out.setdefault(row["unit_id"], {"households": row["households"], "gaps": 0, "gap_list": []})
        if row["gap"]:
            entry["gaps"] += 1
            entry["gap_list"].append(row["name_cn"])
    for entry in out.values():
        entry["gap_list"] = "、".join(entry["gap_list"])
    return out


def rank_sites(new_households: Mapping[Tuple[str, str], int]) -> List[Dict]:
    """(site, facility type) → households newly served; ranked per type, most first (ties by site id)."""
    per: Dict[str, List[Tuple[str, int]]] = {}
    for (site, ftype), count in new_households.items():
        per.setdefault(ftype, []).append((site, int(count)))
    rows = []
    for ftype in sorted(per):
        for rank, (site, count) in enumerate(sorted(per[ftype], key=lambda sc: (-sc[1], sc[0])), start=1):
            rows.append({"site_id": site, "facility_type": ftype, "new_households": count, "rank": rank})
    return rows
