"""The plan of a printed atlas, without QGIS: which units, in which order, on which page.

An atlas document is a cover page, one or more contents pages and one page per unit (block,
compound or community). :func:`plan_documents` splits the chosen units into documents (one PDF,
one per district, one per unit) and numbers their pages, so the contents page can say where each
unit is before anything is drawn. Per unit page, :func:`choose_photos` picks the photos of the most
severe problems, :func:`problem_rows` the problem list (personal data masked) and
:func:`indicator_rows` the indicator table with its warning status.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Dict, Iterable, List, Optional, Sequence, Tuple

from ..sanitize import mask_personal
from ..schema import SEVERITIES, SOURCE_CITIZEN, STATUSES

#: Atlas levels → (ledger layer level, unit id field of that ledger layer).
LEVEL_ID_FIELDS = {"block": "block_id", "compound": "compound_id", "community": "community_code"}
SPLITS = ("one", "district", "unit")
#: Status codes of an assessment (``<indicator>_status``), worst first.
STATUS_CODES = ("red", "yellow", "ok")
DEFAULT_SORT = "district,street,name"
_SORT_KEYS = ("district", "street", "community", "name", "uid")
_NATURAL = re.compile(r"(\d+)")
_BAD_FILE_CHARS = re.compile(r'[\\/:*?"<>|\s]+')


@dataclass
class Unit:
    """One atlas unit: its id, name, place names and the values it can be sorted by."""

    uid: str
    name: str
    district: str = ""
    street: str = ""
    community: str = ""
    values: Dict[str, Any] = field(default_factory=dict)
    fid: int = -1  # the feature id of its polygon in the coverage layer

    def place(self) -> str:
        """ "district / street / community", the parts that are known."""
        return " / ".join(p for p in (self.district, self.street, self.community) if p)


@dataclass
class Document:
    """One PDF: optional cover, ``contents_pages`` contents pages, then one page per unit."""

    key: str  # "" (one PDF), a district name, or a unit name
    units: List[Unit]
    cover: bool = True
    contents_pages: int = 1
    rows_per_contents_page: int = 30

    @property
    def front_pages(self) -> int:
        return (1 if self.cover else 0) + self.contents_pages

    @property
    def page_count(self) -> int:
        return self.front_pages + len(self.units)

    def page_of(self, index: int) -> int:
        """1-based page number of the unit at ``index`` (0-based) in this document."""
        return self.front_pages + index + 1

    def contents(self) -> List[List[Tuple[int, Unit, int]]]:
        """Rows ``(number, unit, page)`` of every unit, split into one list per contents page."""
        rows = [(i + 1, unit, self.page_of(i)) for i, unit in enumerate(self.units)]
        size = self.rows_per_contents_page
        return [rows[i : i + size] for i in range(0, len(rows), size)] if self.contents_pages else []


def natural_key(text: Any) -> Tuple:
    """Sort key that orders "2号" before "10号" (numbers compared as numbers)."""
    parts = _NATURAL.split("" if text is None else str(text))
    return tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in parts)


def parse_sort(spec: str) -> List[Tuple[str, bool]]:
    """``"street,-problems_total,name"`` → ``[("street", False), ("problems_total", True), ("name", False)]``.

    A leading ``-`` sorts that key descending. Empty → :data:`DEFAULT_SORT`."""
    keys = []
    for part in (spec or DEFAULT_SORT).replace("，", ",").split(","):
        part = part.strip()
        if part:
            keys.append((part.lstrip("-").strip(), part.startswith("-")))
    return keys


def _sort_value(unit: Unit, key: str):
    if key in _SORT_KEYS:
        text = getattr(unit, key)
        return (1 if not text else 0, natural_key(text))  # units without a street … sort last
    value = unit.values.get(key)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return (0, (0, float(value), ()))
    return (1 if value in (None, "") else 0, (0, 0.0, natural_key(value)))


def sort_units(units: Iterable[Unit], spec: str = DEFAULT_SORT) -> List[Unit]:
    """``units`` sorted by the keys of ``spec`` (see :func:`parse_sort`); unit id breaks ties.

    Keys are unit attributes (district, street, community, name, uid) or ledger values
    (``problems_total`` …); unknown keys sort as empty."""
    result = sorted(units, key=lambda u: natural_key(u.uid))
    for key, descending in reversed(parse_sort(spec)):
        result.sort(key=lambda u: _sort_value(u, key), reverse=descending)  # stable: earlier keys win
    return result


def plan_documents(
    units: Sequence[Unit], split: str = "one", rows_per_contents_page: int = 30
) -> List[Document]:
    """Split ``units`` (already sorted) into documents and number their pages.

    ``one``: a single document; ``district``: one per district (in order of first appearance);
    ``unit``: one single-page document per unit, without cover and contents."""
    if split not in SPLITS:
        raise ValueError(split)
    rows = max(1, int(rows_per_contents_page))
    if split == "unit":
        return [Document(unit.name or unit.uid, [unit], cover=False, contents_pages=0) for unit in units]
    groups: Dict[str, List[Unit]] = {}
    for unit in units:
        groups.setdefault(unit.district if split == "district" else "", []).append(unit)
    return [
        Document(
            key, members, contents_pages=max(1, math.ceil(len(members) / rows)), rows_per_contents_page=rows
        )
        for key, members in groups.items()
    ]


def file_name(stem: str, key: str, suffix: str = ".pdf") -> str:
    """``stem`` + ``_key`` (characters not allowed in file names replaced) + ``suffix``."""
    key = _BAD_FILE_CHARS.sub("_", key or "").strip("_.")
    return "{}_{}{}".format(stem, key, suffix) if key else stem + suffix


# --- problems on a unit page ------------------------------------------------------------------
@dataclass
class Problem:
    """What a unit page shows of one problem (never the reporter or the phone)."""

    uid: str
    problem: str
    category: str = ""
    severity: str = ""
    status: str = ""
    place: str = ""
    description: str = ""
    date: str = ""
    photos: List[str] = field(default_factory=list)  # paths relative to the ledger's folder
    source: str = ""  # report | citizen (reported by residents: a complaint)


def _severity_rank(severity: str) -> int:
    return SEVERITIES.index(severity) if severity in SEVERITIES else -1


def _status_rank(status: str) -> int:
    return STATUSES.index(status) if status in STATUSES else len(STATUSES)


def by_urgency(problems: Iterable[Problem]) -> List[Problem]:
    """Most severe first; then unresolved before resolved; then newest; then by id."""
    ordered = sorted(problems, key=lambda p: natural_key(p.uid))
    ordered.sort(key=lambda p: p.date or "", reverse=True)
    ordered.sort(key=lambda p: (-_severity_rank(p.severity), _status_rank(p.status)))
    return ordered


def choose_photos(problems: Iterable[Problem], limit: int) -> List[Tuple[str, Problem]]:
    """Up to ``limit`` ``(photo path, problem)`` of the most severe problems.

    One photo per problem first (so six problems show rather than six views of one), then the
    further photos of the same problems in the same order."""
    ordered = [p for p in by_urgency(problems) if p.photos]
    chosen: List[Tuple[str, Problem]] = []
    depth = 0
    while len(chosen) < limit and any(len(p.photos) > depth for p in ordered):
        for problem in ordered:
            if len(problem.photos) > depth and len(chosen) < limit:
                chosen.append((problem.photos[depth], problem))
        depth += 1
    return chosen


def problem_rows(problems: Iterable[Problem], limit: Optional[int] = None) -> List[Problem]:
    """The problem list of a page, most urgent first, free text with phones and ID numbers masked."""
    rows = []
    for problem in by_urgency(problems)[:limit]:
        rows.append(
            Problem(
                problem.uid,
                mask_personal(problem.problem or problem.description),  # a complaint: its words
                problem.category,
                problem.severity,
                problem.status,
                mask_personal(problem.place),
                mask_personal(problem.description),
                problem.date,
                list(problem.photos),
                problem.source,
            )
        )
    return rows


def citizen_count(problems: Iterable[Problem]) -> int:
    """How many of ``problems`` residents reported (source citizen)."""
    return sum(1 for p in problems if p.source == SOURCE_CITIZEN)


def category_counts(problems: Iterable[Problem], top: int = 8, other: str = "other") -> List[Tuple[str, int]]:
    """Problems per category, most first (ties by name); beyond ``top`` categories one ``other`` bar."""
    counts = Counter(p.category or other for p in problems)
    ordered = sorted(counts.items(), key=lambda kv: (-kv[1], natural_key(kv[0])))
    if len(ordered) > top:
        rest = sum(n for _c, n in ordered[top - 1 :])
        ordered = ordered[: top - 1] + [(other, rest)]
    return ordered


# --- indicators -------------------------------------------------------------------------------
@dataclass
class IndicatorRow:
    code: str  # IND-HOUSE-001
    name: str
    value: Any
    status: str = ""  # red | yellow | ok | "" (no assessment)


def indicator_code(field_name: str) -> str:
    """``IND_HOUSE_001`` / ``ind_house_001`` → ``IND-HOUSE-001`` (the catalogue's code)."""
    return field_name.upper().replace("_", "-")


def indicator_fields(field_names: Iterable[str]) -> List[str]:
    """Indicator value fields (``IND_…`` / ``ind_…``, not their ``_status``) in natural order."""
    names = [n for n in field_names if n.lower().startswith("ind_") and not n.lower().endswith("_status")]
    return sorted(names, key=natural_key)


def indicator_rows(values: Dict[str, Any], names: Dict[str, str]) -> List[IndicatorRow]:
    """Rows of the indicator table from one unit's attribute ``values``.

    Value fields are found by :func:`indicator_fields`; ``<field>_status`` (when present) gives the
    warning. ``names`` maps indicator codes to their names."""
    rows = []
    for name in indicator_fields(values):
        code = indicator_code(name)
        status = values.get(name + "_status")
        status = status if status in STATUS_CODES else ""
        rows.append(IndicatorRow(code, names.get(code, code), values.get(name), status))
    return rows


def format_value(value: Any) -> str:
    """A number as people read it: ``3.0`` → ``3``, ``0.456`` → ``0.46``; empty for None."""
    if value is None or value == "":
        return "—"
    if isinstance(value, float):
        if value != value:
            return "—"
        return str(int(value)) if value.is_integer() else "{:.2f}".format(value)
    return str(value)


def majority(values: Iterable[str]) -> str:
    """The most frequent non-empty value (ties: the first in natural order); "" when none."""
    counts = Counter(v for v in values if v)
    if not counts:
        return ""
    best = max(counts.values())
    return min((v for v, n in counts.items() if n == best), key=natural_key)


def problem_place(compound: str, building: str, unit: str = "") -> str:
    """Where a problem is, the way residents say it: ``天福家园`` + ``3号楼`` + ``2单元``."""
    parts = [compound or ""]
    if building:
        parts.append(building + ("号楼" if building.isdigit() else ""))
    if unit:
        parts.append(unit + ("单元" if unit.isdigit() else ""))
    return "".join(parts)
