"""The statistics table: values that come from departments (unit id, indicator code, value).

CSV (UTF-8 or GBK) or XLSX (first sheet), header row with English or Chinese names:
``unit_id``/``单元编码``, ``indicator_code``/``指标编码``, ``value``/``数值`` and optionally
``round``/``轮次`` (rows of other rounds are ignored; rows without a round apply to every round).
A bad row is reported (file, sheet, row, column) and skipped; the other rows still load.
"""

from __future__ import annotations

import csv
import os
from typing import Any, Dict, List, Optional, Tuple

from ..messages import QT_TRANSLATE_NOOP, CityHealthError, Message

COLUMNS = {"unit_id": ("unit_id", "单元编码", "单元", "编码"),
           "indicator_code": ("indicator_code", "指标编码", "指标代码", "指标"),
           "value": ("value", "数值", "值", "指标值"),
           "round": ("round", "轮次", "年度")}


def _header_map(header: List[Any]) -> Dict[str, int]:
    out: Dict[str, int] = {}
    cells = [str(h or "").strip().lower() for h in header]
    for key, names in COLUMNS.items():
        for i, cell in enumerate(cells):
            if cell in names:
                out[key] = i
                break
    return out


def _rows(path: str) -> Tuple[str, List[List[Any]]]:
    if path.lower().endswith((".xlsx", ".xlsm")):
        import openpyxl

        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
        try:
            sheet = book.worksheets[0]
            return sheet.title, [list(r) for r in sheet.iter_rows(values_only=True)]
        finally:
            book.close()
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            with open(path, encoding=encoding, newline="") as handle:
                return "", [row for row in csv.reader(handle)]
        except UnicodeDecodeError:
            continue
    raise CityHealthError(Message(QT_TRANSLATE_NOOP("CoreMessages", "{file}: cannot read the text encoding."),
                                  {"file": path}))


def read_stats(path: str,
               round_no: Optional[int] = None) -> Tuple[Dict[Tuple[str, str], float], List[Message]]:
    """``{(unit_id, indicator_code): value}`` and the problems found, row by row."""
    if not os.path.isfile(path):
        raise CityHealthError(Message(QT_TRANSLATE_NOOP("CoreMessages", "Statistics table not found: {file}"),
                                      {"file": path}))
    sheet, rows = _rows(path)
    name = os.path.basename(path)
    if not rows:
        return {}, [Message(QT_TRANSLATE_NOOP("CoreMessages", "{file}: the statistics table is empty."),
                            {"file": name})]
    cols = _header_map(rows[0])
    missing = [k for k in ("unit_id", "indicator_code", "value") if k not in cols]
    if missing:
        raise CityHealthError(Message(QT_TRANSLATE_NOOP(
            "CoreMessages", "{file} {sheet}: the statistics table lacks the column(s) {columns} "
                            "(unit_id/单元编码, indicator_code/指标编码, value/数值)."),
            {"file": name, "sheet": sheet, "columns": ", ".join(missing)}))
    values: Dict[Tuple[str, str], float] = {}
    issues: List[Message] = []
    bad = QT_TRANSLATE_NOOP("CoreMessages", "{file} {sheet}, row {row}, column {column}: \"{value}\" is not "
                                            "valid; the row is skipped.")
    for n, row in enumerate(rows[1:], start=2):
        cells = list(row) + [None] * 4

        def cell(key: str, cells=cells) -> str:
            value = cells[cols[key]] if key in cols else None
            if isinstance(value, float) and value.is_integer() and key != "value":
                value = int(value)
            return "" if value is None else str(value).strip()
        if not any(cell(k) for k in ("unit_id", "indicator_code", "value")):
            continue
        if round_no is not None and cell("round"):
            try:
                if int(float(cell("round"))) != int(round_no):
                    continue
            except ValueError:
                issues.append(Message(bad, {"file": name, "sheet": sheet, "row": n,
                                            "column": rows[0][cols["round"]], "value": cell("round")}))
                continue
        for key in ("unit_id", "indicator_code"):
            if not cell(key):
                issues.append(Message(bad, {"file": name, "sheet": sheet, "row": n,
                                            "column": rows[0][cols[key]], "value": ""}))
                break
        else:
            text = cell("value").rstrip("%")
            try:
                number = float(text)
            except ValueError:
                issues.append(Message(bad, {"file": name, "sheet": sheet, "row": n,
                                            "column": rows[0][cols["value"]], "value": cell("value")}))
                continue
            values[(cell("unit_id"), cell("indicator_code"))] = number
    return values, issues
