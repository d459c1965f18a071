"""Match review: what an unmatched report means to a planner, and what a planner's decision means.

- :data:`REASONS`: the one table of reason texts (Chinese, with a hint what to do), used by the review
  workbook (:mod:`.review_workbook`), the ``reason_cn`` field of the unmatched table and the review
  dialog alike.
- :func:`candidate_labels`: candidate building ids (``BLD-000245:0.59;…``) as names a planner knows,
  ``天福家园 3号楼 (0.82)``, best first.
- :func:`unmatched_field_map`: whether a table is an unmatched table (by its fields, English field
  names of a GeoPackage / memory layer or Chinese headers of the review workbook) and where each
  column is.
- :class:`Decision` / :class:`DecisionBook`: a planner's *Accept* is stored as a decision (report
  identity: source file + sheet + row and the address as written → building id) in the library's
  ``library_decisions`` table; the next ``joinreports`` run places those rows by
  :func:`apply_decisions`. *Accept and remember* also stores the report's compound spelling as a
  ``manual`` alias (:func:`alias_to_remember`), so other rows with that spelling match by themselves.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Any, Dict, Iterable, List, Mapping, Optional, Sequence, Tuple

from .address import KIND_MANUAL
from .library import AliasRecord
from .normalize import name_key
from .sanitize import mask_personal

# --- reasons -----------------------------------------------------------------------------------
#: reason code → (what happened, what to do). Codes are ``schema.UNMATCHED_REASONS``.
REASONS: Dict[str, Tuple[str, str]] = {
    "no_compound": ("小区名称未找到",
                    "核对小区名称或在复核对话框中选择楼栋并“接受并记住”"),
    "no_building": ("小区内无此楼号",
                    "核对楼号，或在复核对话框中从候选楼栋或地图上点选楼栋并“接受”"),
    "no_unit": ("楼栋无此单元",
                "单元号超出该楼的单元数，核对单元号，或在复核对话框中确认楼栋并“接受”"),
    "ambiguous": ("地址对应多处楼栋",
                  "补充社区或小区全称，或在复核对话框中从候选楼栋中选择并“接受”"),
    "empty_address": ("未填写地址",
                      "补填小区、楼号，或在复核对话框中从地图上点选楼栋并“接受”"),
    "no_location": ("坐标未落在楼栋上",
                    "核对坐标或补填地址，或在复核对话框中从地图上点选楼栋并“接受”"),
}


def reason_label(code: Optional[str]) -> str:
    """``no_compound`` → ``小区名称未找到`` (an unknown code is returned as it is)."""
    code = (code or "").strip()
    return REASONS[code][0] if code in REASONS else code


def reason_hint(code: Optional[str]) -> str:
    """What the planner can do about a row of reason ``code`` ("" for an unknown code)."""
    code = (code or "").strip()
    return REASONS[code][1] if code in REASONS else ""


def reason_text(code: Optional[str]) -> str:
    """``小区名称未找到：核对小区名称或…`` — the reason and its hint, as the workbook shows it."""
    hint = reason_hint(code)
    return "{}：{}".format(reason_label(code), hint) if hint else reason_label(code)


# --- candidates --------------------------------------------------------------------------------
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


def building_label(compound: Optional[str], building: Optional[str]) -> str:
    """``天福家园`` + ``3`` → ``天福家园 3号楼``; a scattered building without a number: its door address."""
    compound = (compound or "").strip()
    building = (building or "").strip()
    if not building:
        return compound
    if not building.endswith(("楼", "栋", "幢", "座", "号")):
        building += "号楼"
    return "{} {}".format(compound, building).strip()


def candidate_labels(candidates: Iterable[Tuple[str, float]],
                     names: Mapping[str, Tuple[str, str]]) -> List[str]:
    """Candidates as ``天福家园 3号楼 (0.82)``, best score first (ties keep the matcher's order).

    ``names``: building id → (compound name, building number), e.g. from the library. An id the
    library does not know is shown as the id.
    """
    ordered = sorted(enumerate(candidates), key=lambda item: (-float(item[1][1] or 0.0), item[0]))
    out = []
    for _n, (building_id, score) in ordered:
        name = names.get(building_id)
        label = building_label(*name) if name else building_id
        out.append("{} ({:.2f})".format(label or building_id, float(score or 0.0)))
    return out


#: Separator of candidate labels in one text field (the ``candidate_names`` field).
CANDIDATE_SEPARATOR = "；"


# --- the unmatched table, recognised by its fields ---------------------------------------------
#: key → names the column has: the field of the unmatched layer, then the review workbook's header.
UNMATCHED_COLUMN_NAMES: Dict[str, Tuple[str, ...]] = {
    "reason": ("reason", "原因代码"),
    "reason_cn": ("reason_cn", "原因"),
    "candidates": ("candidates", "候选楼栋编码"),
    "candidate_names": ("candidate_names", "候选楼栋"),
    "source_file": ("source_file", "来源文件"),
    "source_sheet": ("source_sheet", "工作表"),
    "source_row": ("source_row", "行号"),
    "raw_address": ("raw_address", "地址原文"),
    "compound": ("compound", "小区"),
    "building": ("building", "楼栋"),
    "unit": ("unit", "单元"),
    "report_uid": ("report_uid", "记录编号"),
}
#: Without these a table is no unmatched table (``layer_styles``, ``library_aliases`` … are not).
UNMATCHED_REQUIRED = ("reason", "candidates", "source_file", "source_row")


def unmatched_field_map(field_names: Sequence[str]) -> Optional[Dict[str, str]]:
    """Key → field name of a table that is an unmatched table, or ``None`` when it is not one."""
    present = set(field_names)
    mapping = {}
    for key, names in UNMATCHED_COLUMN_NAMES.items():
        found = next((n for n in names if n in present), None)
        if found is not None:
            mapping[key] = found
    if any(key not in mapping for key in UNMATCHED_REQUIRED):
        return None
    return mapping


# --- remembering a spelling ---------------------------------------------------------------------
def alias_to_remember(report_compound: Optional[str],
                      building_compound: Optional[str]) -> Optional[AliasRecord]:
    """The manual alias that makes ``report_compound`` name ``building_compound`` next time.

    ``None`` when there is nothing to learn: an empty spelling, or one that already normalises to
    the compound's own name.
    """
    spelling = (report_compound or "").strip().lstrip("'")
    target = (building_compound or "").strip()
    if not spelling or not target or name_key(spelling) == name_key(target):
        return None
    return AliasRecord(spelling, target, KIND_MANUAL)


# --- decisions -----------------------------------------------------------------------------------
#: The decisions table of the library GeoPackage and its fields.
LAYER_LIBRARY_DECISIONS = "library_decisions"
DECISION_FIELDS = {
    "source_file": str, "source_sheet": str, "source_row": int,
    "raw_address": str,  # the address as the unmatched table shows it (masked)
    "building_id": str,
    "kind": str,  # accept | remember
    "decided_at": str,  # ISO date and time
}
_ADDRESS_NOISE = re.compile(r"[\s/／]+")


def address_as_written(values: Mapping[str, Any]) -> str:
    """The address cells of a report row joined as the unmatched table's ``raw_address`` (masked)."""
    parts = (values.get(k) for k in ("compound", "building", "unit", "room", "address"))
    return mask_personal(" / ".join(str(p) for p in parts if p))


def address_key(text: Optional[str]) -> str:
    """``raw_address`` compared loosely: no spaces, separators or protecting apostrophe."""
    return _ADDRESS_NOISE.sub("", (text or "").strip().lstrip("'"))


@dataclass(frozen=True)
class Decision:
    """A planner's choice: the report at file / sheet / row, written ``raw_address``, is ``building_id``."""

    source_file: str
    source_sheet: str
    source_row: int
    raw_address: str
    building_id: str
    kind: str = "accept"
    decided_at: str = ""

    @property
    def key(self) -> Tuple[str, str, int, str]:
        return decision_key(self.source_file, self.source_sheet, self.source_row, self.raw_address)

    def as_record(self) -> Dict[str, Any]:
        return {"source_file": self.source_file, "source_sheet": self.source_sheet,
                "source_row": int(self.source_row), "raw_address": self.raw_address,
                "building_id": self.building_id, "kind": self.kind, "decided_at": self.decided_at}


def decision_key(source_file: Any, source_sheet: Any, source_row: Any,
                 raw_address: Any) -> Tuple[str, str, int, str]:
    """The identity of a report row across runs."""
    try:
        row = int(float(source_row))
    except (TypeError, ValueError):
        row = -1
    return (str(source_file or "").strip().lstrip("'"), str(source_sheet or "").strip().lstrip("'"), row,
            address_key(str(raw_address or "")))


class DecisionBook:
    """The decisions of a library; the latest decision for a report wins."""

    def __init__(self, decisions: Iterable[Decision] = ()):
        self._by_key: Dict[Tuple[str, str, int, str], Decision] = {}
        for decision in decisions:
            if decision.building_id:
                self._by_key[decision.key] = decision

    def __len__(self) -> int:
        return len(self._by_key)

    def find(self, source_file: Any, source_sheet: Any, source_row: Any,
             raw_address: Any) -> Optional[Decision]:
        return self._by_key.get(decision_key(source_file, source_sheet, source_row, raw_address))

    def for_row(self, row: Any) -> Optional[Decision]:
        """The decision for a report row (``ReportRow``: source_file, source_sheet, source_row, values)."""
        if not self._by_key:
            return None
        return self.find(row.source_file, row.source_sheet, row.source_row, address_as_written(row.values))


def apply_decisions(book: DecisionBook, unmatched: Sequence[Tuple[Any, Any]],
                    buildings: Mapping[str, Any]) -> Tuple[List[Tuple[Any, Any]], List[Tuple[Any, Any]], int]:
    """Place the unmatched rows a planner decided: ``(placed, still unmatched, stale decisions)``.

    ``unmatched``: ``(row, MatchResult)`` pairs; ``buildings``: building id → ``BuildingRecord`` of the
    library. A placed row's result is method ``manual``, score 1.0, with the building's compound and
    number. A decision naming a building the library no longer has leaves its row unmatched and is
    counted as stale.
    """
    placed: List[Tuple[Any, Any]] = []
    rest: List[Tuple[Any, Any]] = []
    stale = 0
    if not len(book):
        return placed, list(unmatched), 0
    for row, result in unmatched:
        decision = book.for_row(row)
        record = buildings.get(decision.building_id) if decision is not None else None
        if decision is not None and record is None:
            stale += 1
        if record is None:
            rest.append((row, result))
            continue
        parsed = replace(result.parsed, compound=record.compound, building=record.building or None)
        placed.append((row, replace(result, building_id=record.id, method="manual", score=1.0, reason="",
                                    candidates=(), parsed=parsed, level="building")))
    return placed, rest, stale


def building_names(library: Any) -> Dict[str, Tuple[str, str]]:
    """Building id → (compound name, building number) of an ``AddressLibrary`` (:func:`candidate_labels`)."""
    return {b.id: (b.compound, library.building_no_of(b.id) or b.building) for b in library.buildings}


def candidate_names_text(candidates: Iterable[Tuple[str, float]],
                         names: Mapping[str, Tuple[str, str]]) -> str:
    """The ``candidate_names`` field: :func:`candidate_labels` joined by :data:`CANDIDATE_SEPARATOR`."""
    return CANDIDATE_SEPARATOR.join(candidate_labels(candidates, names))
