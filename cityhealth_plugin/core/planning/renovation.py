"""综合改一次 — one comprehensive renovation package per compound.

Every open problem of a compound (ledger problems of the round whose status is not 已整改 /
已复核) triggers the renovation items of the cost table whose ``triggers`` name its problem code
(``PIPE-04``) or its category (``PIPE``). The quantity of an item is measured on the buildings that
reported a triggering problem (all the compound's buildings when a triggering problem was
reported for the compound only, without a building):

* ``roof_area`` Σ footprint area (m²); ``floor_area`` Σ footprint × storeys;
* ``facade_area`` Σ perimeter × storeys × storey height (3.0 m);
* ``pipe_length`` Σ footprint perimeter (the mains run along each building: an estimate);
* ``units`` Σ entrances (单元); ``lift_units`` entrances of buildings of 4+ storeys without a lift;
* ``road_area`` (compound area − all footprints) × road share (0.25 of the open space);
* ``compound`` 1 per compound.

Cost = quantity × unit cost (元). Ranking of the compounds: those with safety items first, then by
open problems per household (descending), then by id.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from typing import Dict, Iterable, List, Optional, Sequence

from ..messages import QT_TRANSLATE_NOOP, CityHealthError, Message

BASES = ("roof_area", "floor_area", "facade_area", "pipe_length", "units", "lift_units", "road_area",
         "compound")
COLUMNS = ("item", "name_cn", "unit", "unit_cost", "basis", "triggers", "safety", "source")


@dataclass(frozen=True)
class CostItem:
    item: str
    name_cn: str
    unit: str
    unit_cost: float
    basis: str
    triggers: tuple
    safety: bool
    source: str

    def triggered_by(self, code: str, category: str) -> bool:
        return bool(code and code in self.triggers) or bool(category and category in self.triggers)


@dataclass
class Building:
    building_id: str
    footprint_m2: float
    perimeter_m: float
    storeys: int
    units: int
    has_lift: bool


@dataclass
class Problem:
    code: str
    category: str
    building_id: str = ""


@dataclass
class Line:
    item: CostItem
    quantity: float
    problems: int

    @property
    def cost(self) -> float:
        return round(self.quantity * self.item.unit_cost, 2)


@dataclass
class Package:
    compound_id: str
    households: int
    problems: int
    lines: List[Line] = field(default_factory=list)

    @property
    def total(self) -> float:
        return round(sum(ln.cost for ln in self.lines), 2)

    @property
    def safety_problems(self) -> int:
        return sum(ln.problems for ln in self.lines if ln.item.safety)

    @property
    def per_household(self) -> Optional[float]:
        return round(self.problems / self.households, 4) if self.households else None


def _error(template: str, **params) -> CityHealthError:
    return CityHealthError(Message(template, params))


def load_costs(text: str, name: str) -> List[CostItem]:
    """The cost table from CSV ``text`` (``name`` for messages); a bad row raises a clear error."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    missing = [c for c in COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        raise _error(QT_TRANSLATE_NOOP("CoreMessages", "{file}: the cost table lacks the columns {columns}."),
                     file=name, columns=", ".join(missing))
    items, seen = [], set()
    for row_no, row in enumerate(reader, start=2):
        item = (row["item"] or "").strip()
        try:
            cost = float((row["unit_cost"] or "").strip())
        except ValueError:
            cost = -1.0
        basis = (row["basis"] or "").strip()
        if not item or item in seen or cost < 0 or basis not in BASES:
            raise _error(QT_TRANSLATE_NOOP(
                "CoreMessages", "{file}, row {row}: needs a new item id, a unit cost ≥ 0 (元) and a basis "
                                "among {bases}."), file=name, row=row_no, bases=", ".join(BASES))
        seen.add(item)
        triggers = tuple(t.strip() for t in (row["triggers"] or "").split("|") if t.strip())
        items.append(CostItem(item, (row["name_cn"] or item).strip(), (row["unit"] or "").strip(), cost,
                              basis, triggers, (row["safety"] or "").strip() in ("1", "true", "是"),
                              (row["source"] or "").strip()))
    return items


def package(compound_id: str, households: int, compound_area: float, buildings: Sequence[Building],
            problems: Iterable[Problem], costs: Sequence[CostItem], storey_height: float = 3.0,
            road_share: float = 0.25) -> Package:
    """The renovation package of one compound (items in the cost table's order)."""
    problems = list(problems)
    by_id = {b.building_id: b for b in buildings}
    result = Package(compound_id, households, len(problems))
    for item in costs:
        hits = [p for p in problems if item.triggered_by(p.code, p.category)]
        if not hits:
            continue
        if any(not p.building_id or p.building_id not in by_id for p in hits):
            served = list(buildings)
        else:
            served = [by_id[i] for i in sorted({p.building_id for p in hits})]
        result.lines.append(Line(item, round(_quantity(item.basis, served, buildings, compound_area,
                                                       storey_height, road_share), 2), len(hits)))
    return result


def _quantity(basis: str, served: Sequence[Building], all_buildings: Sequence[Building], compound_area: float,
              storey_height: float, road_share: float) -> float:
    if basis == "roof_area":
        return sum(b.footprint_m2 for b in served)
    if basis == "floor_area":
        return sum(b.footprint_m2 * b.storeys for b in served)
    if basis == "facade_area":
        return sum(b.perimeter_m * b.storeys * storey_height for b in served)
    if basis == "pipe_length":
        return sum(b.perimeter_m for b in served)
    if basis == "units":
        return float(sum(b.units for b in served))
    if basis == "lift_units":
        return float(sum(b.units for b in served if b.storeys >= 4 and not b.has_lift))
    if basis == "road_area":
        return max(0.0, compound_area - sum(b.footprint_m2 for b in all_buildings)) * road_share
    return 1.0  # "compound"


def rank(packages: Iterable[Package]) -> List[Package]:
    """Safety items first, then open problems per household (descending), then compound id."""
    return sorted(packages, key=lambda p: (p.safety_problems == 0, -(p.per_household or 0.0), p.compound_id))


SUMMARY_HEADERS = ("排序", "小区编码", "小区名称", "户数", "未销号问题数", "户均问题数", "安全类问题数",
                   "改造项目数", "改造项目", "估算总价（元）", "户均造价（元）")
BILL_HEADERS = ("小区编码", "小区名称", "序号", "改造项目", "单位", "工程量", "综合单价（元）", "合价（元）",
                "触发问题数", "安全类", "计量依据", "单价来源")
BASIS_CN = {"roof_area": "屋面面积=楼栋基底面积之和", "floor_area": "建筑面积=基底面积×层数",
            "facade_area": "外墙面积=周长×层数×层高", "pipe_length": "管线长度≈楼栋周长之和（估算）",
            "units": "单元数", "lift_units": "4层及以上无电梯楼栋的单元数",
            "road_area": "道路面积=(小区面积−基底面积)×道路占比", "compound": "每小区一处"}


def write_workbook(path: str, ranked: Sequence[Package], names: Dict[str, str]) -> str:
    """The city summary (ranked) and the bill of quantities of every compound, as an .xlsx."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill

    from ..files import save_workbook
    from ..sanitize import safe_cell

    book = Workbook()
    summary = book.active
    summary.title = "城市汇总"
    bill = book.create_sheet("工程量清单")
    summary.append(list(SUMMARY_HEADERS))
    for n, pkg in enumerate(ranked, start=1):
        summary.append([n, safe_cell(pkg.compound_id), safe_cell(names.get(pkg.compound_id, "")),
                        pkg.households,
                        pkg.problems, pkg.per_household, pkg.safety_problems, len(pkg.lines),
                        safe_cell("、".join(ln.item.name_cn for ln in pkg.lines)), pkg.total,
                        round(pkg.total / pkg.households, 2) if pkg.households else None])
    bill.append(list(BILL_HEADERS))
    for pkg in ranked:
        for n, ln in enumerate(pkg.lines, start=1):
            bill.append([safe_cell(pkg.compound_id), safe_cell(names.get(pkg.compound_id, "")), n,
                         safe_cell(ln.item.name_cn), safe_cell(ln.item.unit), ln.quantity, ln.item.unit_cost,
                         ln.cost, ln.problems, "是" if ln.item.safety else "否",
                         BASIS_CN.get(ln.item.basis, ln.item.basis), safe_cell(ln.item.source)])
    widths = {"城市汇总": (6, 14, 18, 8, 12, 10, 12, 10, 50, 16, 14),
              "工程量清单": (14, 18, 6, 20, 6, 12, 14, 16, 10, 8, 30, 40)}
    for ws in (summary, bill):
        for col, width in enumerate(widths[ws.title], start=1):
            ws.column_dimensions[ws.cell(1, col).column_letter].width = width
            ws.cell(1, col).font = Font(bold=True)
            ws.cell(1, col).fill = PatternFill("solid", fgColor="DDEBF7")
            ws.cell(1, col).alignment = Alignment(wrap_text=True, vertical="center")
        ws.freeze_panes = "C2"
        ws.auto_filter.ref = "A1:{}{}".format(ws.cell(1, ws.max_column).column_letter, max(ws.max_row, 1))
        ws.print_title_rows = "$1:$1"
        ws.page_setup.orientation = "landscape"
        ws.page_setup.paperSize = ws.PAPERSIZE_A4
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        for row in ws.iter_rows(min_row=2):
            for cell in row:
                if isinstance(cell.value, float):
                    cell.number_format = "#,##0.00"
    return save_workbook(book, path)
