"""The assessment workbook (体检评估.xlsx): summary sheets (汇总, 指标汇总) and one sheet per level.

Several runs (levels, rounds) write into one workbook: each run's table is kept as JSON in a
hidden sheet ``_data`` and the visible sheets are rebuilt from all of them, so the compound run
keeps the block run's sheet and a new round keeps the old one. The file is written to a temporary
name next to it and replaced at the end. Chinese headers, frozen header row and id columns,
filters, standard value and status beside each value, red / yellow fills and conditional
formatting on the status columns; every text cell goes through :func:`sanitize.safe_cell`.
"""

from __future__ import annotations

import json
import os
import zipfile
from typing import Any, Dict, List, Optional
from xml.etree import ElementTree

from ..files import save_workbook
from ..sanitize import safe_cell
from .assessment import Assessment
from .config import bands_for

LEVEL_SHEETS = {"building": "楼栋评估", "compound": "小区评估", "community": "社区评估", "block": "街区评估",
                "district": "区评估"}
LEVEL_CN = {"building": "楼栋", "compound": "小区", "community": "社区", "block": "街区", "district": "区"}
STATUS_CN = {"ok": "达标", "yellow": "黄色预警", "red": "红色预警"}
DIRECTION_CN = {"lower_better": "越低越好", "higher_better": "越高越好"}
RED, YELLOW, HEADER = "FFC7CE", "FFEB9C", "DDEBF7"
_CHUNK = 30000


def dataset(assessment: Assessment, round_no: int, names: Dict[str, str],
            notes: Optional[Dict[str, str]] = None) -> Dict[str, Any]:
    """A JSON-serialisable table of one run (level, round)."""
    indicators = []
    for item in assessment.indicators:
        standard, red = bands_for(item, assessment.level)
        indicators.append({"code": item["code"], "name_cn": item["name_cn"], "unit": item.get("unit", ""),
                           "direction": item["direction"], "standard": standard, "red": red})
    rows = []
    for unit in assessment.units:
        rows.append({"id": unit.unit_id, "name": names.get(unit.unit_id, ""), "values": unit.values,
                     "statuses": unit.statuses, "score": unit.score, "grade": unit.grade,
                     "short_boards": ";".join(unit.short_boards),
                     "notes": (notes or {}).get(unit.unit_id, "")})
    return {"level": assessment.level, "round": int(round_no), "indicators": indicators, "rows": rows}


_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"


def _sheet_rows(path: str, name: str) -> List[List[str]]:
    """Text of the cells of sheet ``name``, read straight from the xlsx package.

    openpyxl's read-only mode first measures every sheet of a workbook written in write-only
    mode (no dimension record), seconds for a large workbook: the one small hidden sheet is read
    from the zip instead (workbook.xml → relationship → sheet XML, shared strings).
    """
    with zipfile.ZipFile(path) as package:
        book = ElementTree.fromstring(package.read("xl/workbook.xml"))
        rid = next((s.get(_REL + "id") for s in book.iter(_MAIN + "sheet") if s.get("name") == name), None)
        if rid is None:
            return []
        rels = ElementTree.fromstring(package.read("xl/_rels/workbook.xml.rels"))
        target = next(r.get("Target") for r in rels if r.get("Id") == rid)
        target = target.lstrip("/") if target.startswith("/") else "xl/" + target
        shared: List[str] = []
        if "xl/sharedStrings.xml" in package.namelist():
            with package.open("xl/sharedStrings.xml") as handle:
                for _event, element in ElementTree.iterparse(handle):
                    if element.tag == _MAIN + "si":
                        shared.append("".join(t.text or "" for t in element.iter(_MAIN + "t")))
                        element.clear()
        rows = []
        for row in ElementTree.fromstring(package.read(target)).iter(_MAIN + "row"):
            cells = []
            for cell in row.iter(_MAIN + "c"):
                kind, value = cell.get("t"), cell.find(_MAIN + "v")
                if kind == "s" and value is not None:
                    cells.append(shared[int(value.text)])
                elif kind == "inlineStr":
                    cells.append("".join(t.text or "" for t in cell.iter(_MAIN + "t")))
                elif value is not None:
                    cells.append(value.text or "")
            rows.append(cells)
        return rows


def read_datasets(path: str) -> List[Dict[str, Any]]:
    """The runs kept in an existing workbook ([] when there is none or it is not ours)."""
    if not os.path.isfile(path):
        return []
    try:
        rows = _sheet_rows(path, "_data")
    except (zipfile.BadZipFile, KeyError, ElementTree.ParseError, StopIteration):
        return []  # not a workbook we wrote: start afresh
    out = []
    for row in rows:
        text = "".join(c[1:] for c in row[1:] if c)  # each chunk starts with "~"
        if text:
            out.append(json.loads(text))
    return out


def write_report(path: str, new: Dict[str, Any]) -> None:
    """Add (or replace) the run ``new`` in the workbook at ``path`` and rewrite it atomically."""
    import openpyxl
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.formatting.rule import CellIsRule
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    runs = [d for d in read_datasets(path) if (d["level"], d["round"]) != (new["level"], new["round"])]
    runs.append(new)
    order = list(LEVEL_SHEETS)
    runs.sort(key=lambda d: (order.index(d["level"]), d["round"]))
    # write-only workbook (streams rows; 2-3x faster): sheet settings come before the rows
    book = openpyxl.Workbook(write_only=True)
    fills = {"red": PatternFill("solid", fgColor=RED), "yellow": PatternFill("solid", fgColor=YELLOW)}
    head_fill = PatternFill("solid", fgColor=HEADER)
    bold = Font(bold=True)
    wrap = Alignment(wrap_text=True, vertical="center")

    def sheet_with(title: str, cells: List[str], widths: Dict[int, float], rows: int, freeze: str = "A2"):
        sheet = book.create_sheet(title)
        for col, width in widths.items():
            sheet.column_dimensions[get_column_letter(col)].width = width
        sheet.freeze_panes = freeze
        sheet.row_dimensions[1].height = 60 if freeze == "D2" else 30  # wrapped headers
        sheet.auto_filter.ref = "A1:{}{}".format(get_column_letter(len(cells)), rows + 1)
        head = []
        for text in cells:
            cell = WriteOnlyCell(sheet, value=safe_cell(text))
            cell.font, cell.fill, cell.alignment = bold, head_fill, wrap
            head.append(cell)
        sheet.append(head)
        return sheet

    def filled(sheet, value: Any, status: Optional[str]) -> Any:
        if status not in fills:
            return value
        cell = WriteOnlyCell(sheet, value=value)
        cell.fill = fills[status]
        return cell

    summary = sheet_with("汇总", ["层级", "轮次", "单元数", "平均得分", "很好", "较好", "一般", "较差",
                                "红色预警（项次）", "黄色预警（项次）", "最常见短板"],
                         dict(enumerate((8, 8, 8, 10, 6, 6, 6, 6, 14, 14, 50), start=1)), len(runs))
    n_indicator_rows = sum(len(run["indicators"]) for run in runs)
    per_indicator: List[List[Any]] = []
    for run in runs:
        grades = [r["grade"] for r in run["rows"]]
        scores = [r["score"] for r in run["rows"] if r["score"] is not None]
        mean = round(sum(scores) / len(scores), 1) if scores else None
        statuses = [st for r in run["rows"] for st in r["statuses"].values()]
        boards: Dict[str, int] = {}
        for r in run["rows"]:
            for code in filter(None, r["short_boards"].split(";")):
                boards[code] = boards.get(code, 0) + 1
        top = sorted(boards.items(), key=lambda kv: (-kv[1], kv[0]))[:3]
        summary.append([LEVEL_CN[run["level"]], run["round"], len(run["rows"]), mean]
                       + [grades.count(g) for g in ("很好", "较好", "一般", "较差")]
                       + [statuses.count("red"), statuses.count("yellow"),
                          safe_cell("；".join("{} ({})".format(c, n) for c, n in top))])
        for ind in run["indicators"]:
            sts = [r["statuses"].get(ind["code"]) for r in run["rows"]]
            vals = [v for v in (r["values"].get(ind["code"]) for r in run["rows"]) if v is not None]
            per_indicator.append([
                LEVEL_CN[run["level"]], run["round"], ind["code"], safe_cell(ind["name_cn"]),
                safe_cell(ind["unit"]), DIRECTION_CN[ind["direction"]], ind["standard"], ind["red"],
                sts.count("ok"), sts.count("yellow"), sts.count("red"), sts.count(None),
                round(sum(vals) / len(vals), 3) if vals else None])
    indicators_sheet = sheet_with(
        "指标汇总", ["层级", "轮次", "指标编码", "指标名称", "单位", "方向", "标准值", "红色预警值", "达标",
                 "黄色预警", "红色预警", "无法计算", "平均值"],
        dict(enumerate((8, 8, 16, 44, 10, 10, 8, 10, 8, 10, 10, 10, 10), start=1)), n_indicator_rows)
    for line in per_indicator:
        line[9] = filled(indicators_sheet, line[9], "yellow" if line[9] else None)
        line[10] = filled(indicators_sheet, line[10], "red" if line[10] else None)
        indicators_sheet.append(line)

    for level in order:
        level_runs = [d for d in runs if d["level"] == level]
        if not level_runs:
            continue
        indicators = level_runs[-1]["indicators"]
        cols = ["轮次", LEVEL_CN[level] + "编码", "名称", "得分", "等级", "短板指标"]
        for ind in indicators:
            unit = "（{}）".format(ind["unit"]) if ind["unit"] else ""
            cols += ["{} {}{}".format(ind["code"], ind["name_cn"], unit), "标准值", "状态"]
        cols.append("说明（无法计算的原因）")
        n_rows = sum(len(run["rows"]) for run in level_runs)
        widths = {2: 16, 3: 18, 6: 30}
        widths.update({7 + 3 * k: 14 for k in range(len(indicators))})
        sheet = sheet_with(LEVEL_SHEETS[level], cols, widths, n_rows, "D2")
        for k in range(len(indicators)):
            rng = "{0}2:{0}{1}".format(get_column_letter(9 + 3 * k), max(n_rows + 1, 2))
            sheet.conditional_formatting.add(rng, CellIsRule(operator="equal", formula=['"红色预警"'],
                                                             fill=fills["red"]))
            sheet.conditional_formatting.add(rng, CellIsRule(operator="equal", formula=['"黄色预警"'],
                                                             fill=fills["yellow"]))
        for run in level_runs:
            by_code = {i["code"]: i for i in run["indicators"]}
            for row in run["rows"]:
                line: List[Any] = [run["round"], safe_cell(row["id"]), safe_cell(row["name"]), row["score"],
                                   row["grade"], safe_cell(row["short_boards"])]
                for ind in indicators:
                    st = row["statuses"].get(ind["code"])
                    line += [filled(sheet, row["values"].get(ind["code"]), st),
                             by_code.get(ind["code"], ind)["standard"], STATUS_CN.get(st, "")]
                line.append(safe_cell(row.get("notes", "")))
                sheet.append(line)

    data = book.create_sheet("_data")
    data.sheet_state = "hidden"
    for run in runs:
        text = json.dumps(run, ensure_ascii=False)
        # "~" first: a chunk cut anywhere in the JSON must never start like a formula
        chunks = ["~" + text[i:i + _CHUNK] for i in range(0, len(text), _CHUNK)]
        data.append(["{}|{}".format(run["level"], run["round"])] + chunks)
    save_workbook(book, path)
