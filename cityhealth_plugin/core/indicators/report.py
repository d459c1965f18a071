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
import tempfile
from typing import Any, Dict, List, Optional

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


def read_datasets(path: str) -> List[Dict[str, Any]]:
    """The runs kept in an existing workbook ([] when there is none or it is not ours)."""
    if not os.path.isfile(path):
        return []
    import openpyxl

    try:
        book = openpyxl.load_workbook(path, read_only=True)
    except Exception:  # noqa: BLE001 (not a workbook we wrote: start afresh)
        return []
    try:
        if "_data" not in book.sheetnames:
            return []
        out = []
        for row in book["_data"].iter_rows(values_only=True):
            text = "".join(str(c)[1:] for c in row[1:] if c)  # each chunk starts with "~"
            if text:
                out.append(json.loads(text))
        return out
    finally:
        book.close()


def write_report(path: str, new: Dict[str, Any]) -> None:
    """Add (or replace) the run ``new`` in the workbook at ``path`` and rewrite it atomically."""
    import openpyxl
    from openpyxl.formatting.rule import CellIsRule
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    runs = [d for d in read_datasets(path) if (d["level"], d["round"]) != (new["level"], new["round"])]
    runs.append(new)
    order = list(LEVEL_SHEETS)
    runs.sort(key=lambda d: (order.index(d["level"]), d["round"]))
    book = openpyxl.Workbook()
    summary = book.active
    summary.title = "汇总"
    fills = {"red": PatternFill("solid", fgColor=RED), "yellow": PatternFill("solid", fgColor=YELLOW)}
    head_fill = PatternFill("solid", fgColor=HEADER)
    bold = Font(bold=True)

    def header(sheet, cells: List[str]) -> None:
        sheet.append([safe_cell(c) for c in cells])
        for cell in sheet[1]:
            cell.font = bold
            cell.fill = head_fill
            cell.alignment = Alignment(wrap_text=True, vertical="center")

    header(summary, ["层级", "轮次", "单元数", "平均得分", "很好", "较好", "一般", "较差", "红色预警（项次）",
                     "黄色预警（项次）", "最常见短板"])
    indicators_sheet = book.create_sheet("指标汇总")
    header(indicators_sheet, ["层级", "轮次", "指标编码", "指标名称", "单位", "方向", "标准值", "红色预警值",
                              "达标", "黄色预警", "红色预警", "无法计算", "平均值"])
    ind_rows = 1
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
            indicators_sheet.append([
                LEVEL_CN[run["level"]], run["round"], ind["code"], safe_cell(ind["name_cn"]),
                safe_cell(ind["unit"]), DIRECTION_CN[ind["direction"]], ind["standard"], ind["red"],
                sts.count("ok"), sts.count("yellow"), sts.count("red"), sts.count(None),
                round(sum(vals) / len(vals), 3) if vals else None])
            ind_rows += 1  # (counted: max_row scans every cell, quadratic over a sheet)
            r = ind_rows
            for col, key in ((10, "yellow"), (11, "red")):
                if indicators_sheet.cell(row=r, column=col).value:
                    indicators_sheet.cell(row=r, column=col).fill = fills[key]
    for sheet, widths in ((summary, (8, 8, 8, 10, 6, 6, 6, 6, 14, 14, 50)),
                          (indicators_sheet, (8, 8, 16, 44, 10, 10, 8, 10, 8, 10, 10, 10, 10))):
        sheet.freeze_panes = "A2"
        sheet.auto_filter.ref = "A1:{}{}".format(get_column_letter(len(widths)), max(sheet.max_row, 1))
        for k, width in enumerate(widths, start=1):
            sheet.column_dimensions[get_column_letter(k)].width = width

    for level in order:
        level_runs = [d for d in runs if d["level"] == level]
        if not level_runs:
            continue
        sheet = book.create_sheet(LEVEL_SHEETS[level])
        indicators = level_runs[-1]["indicators"]
        cols = ["轮次", LEVEL_CN[level] + "编码", "名称", "得分", "等级", "短板指标"]
        for ind in indicators:
            unit = "（{}）".format(ind["unit"]) if ind["unit"] else ""
            cols += ["{} {}{}".format(ind["code"], ind["name_cn"], unit), "标准值", "状态"]
        cols.append("说明（无法计算的原因）")
        header(sheet, cols)
        n_rows = 1
        for run in level_runs:
            by_code = {i["code"]: i for i in run["indicators"]}
            for row in run["rows"]:
                line: List[Any] = [run["round"], safe_cell(row["id"]), safe_cell(row["name"]), row["score"],
                                   row["grade"], safe_cell(row["short_boards"])]
                for ind in indicators:
                    st = row["statuses"].get(ind["code"])
                    line += [row["values"].get(ind["code"]), by_code.get(ind["code"], ind)["standard"],
                             STATUS_CN.get(st, "")]
                line.append(safe_cell(row.get("notes", "")))
                sheet.append(line)
                n_rows += 1
                r = n_rows
                for k, ind in enumerate(indicators):
                    st = row["statuses"].get(ind["code"])
                    if st in fills:
                        sheet.cell(row=r, column=7 + 3 * k).fill = fills[st]
        last = get_column_letter(len(cols))
        sheet.freeze_panes = "D2"
        sheet.auto_filter.ref = "A1:{}{}".format(last, sheet.max_row)
        sheet.row_dimensions[1].height = 60
        for k in range(len(indicators)):
            column = get_column_letter(9 + 3 * k)
            rng = "{0}2:{0}{1}".format(column, max(sheet.max_row, 2))
            sheet.conditional_formatting.add(rng, CellIsRule(operator="equal", formula=['"红色预警"'],
                                                             fill=fills["red"]))
            sheet.conditional_formatting.add(rng, CellIsRule(operator="equal", formula=['"黄色预警"'],
                                                             fill=fills["yellow"]))
            sheet.column_dimensions[get_column_letter(7 + 3 * k)].width = 14
        sheet.column_dimensions["B"].width = 16
        sheet.column_dimensions["C"].width = 18
        sheet.column_dimensions["F"].width = 30

    data = book.create_sheet("_data")
    for run in runs:
        text = json.dumps(run, ensure_ascii=False)
        # "~" first: a chunk cut anywhere in the JSON must never start like a formula
        chunks = ["~" + text[i:i + _CHUNK] for i in range(0, len(text), _CHUNK)]
        data.append(["{}|{}".format(run["level"], run["round"])] + chunks)
    data.sheet_state = "hidden"
    folder = os.path.dirname(os.path.abspath(path)) or "."
    fd, tmp = tempfile.mkstemp(prefix=".{}.".format(os.path.basename(path)), suffix=".xlsx", dir=folder)
    os.close(fd)
    try:
        book.save(tmp)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.remove(tmp)
        raise
