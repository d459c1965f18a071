"""Returned work orders for the demo: a deterministic filler (same seed, same files, same rows).

The demo city cannot know the ledger's problem numbers before the ledger exists, so the returned
status of the demo is made from the generated work orders themselves (``cityhealth:demoreturns``):
each work order is copied to ``<name>_回执.xlsx`` with some rows filled as a department would —
整改中, 已整改 with a date after dispatch, a few 无法整改 and 非本部门职责 (some naming the department to
re-route to), a formula-like 整改说明 — and a few deliberately bad rows, one kind after the other:
an unknown 问题编号, a forbidden transition (已派单 → 已复核), a date in the future, a date before
the problem was found, an unreadable date. The rows and their kinds depend only on the seed and
the file contents.
"""

from __future__ import annotations

import datetime
import os
import random
from collections import Counter
from dataclasses import dataclass, field
from typing import Dict, List

from ..feedback import check
from ..sanitize import safe_cell
from . import lifecycle as lc
from .workbook import AFTER_PHOTO, DATE, HEADER_ROW, NOTE, REROUTE, SHEET, STATUS, UID, returned_files

BAD_KINDS = ("unknown_uid", "forbidden", "future", "before_found", "unreadable")
#: every BAD_EVERY-th filled row is a bad one (kinds in turn)
BAD_EVERY = 29
NOTES = ("已完成维修", "已更换", "已清理完毕", "已加固并验收", "已协调物业处理", "正在施工",
         "=HYPERLINK(\"http://example.invalid\",\"点击\")", "-已通知住户")
REROUTES = ("通辽市燃气公司", "市政管理处", "")


@dataclass
class FillSummary:
    files: int = 0
    filled: int = 0
    bad: Counter = field(default_factory=Counter)
    states: Counter = field(default_factory=Counter)
    written: List[str] = field(default_factory=list)


def fill_returned(folder: str, out_folder: str, seed: int, feedback=None) -> FillSummary:
    """Fill copies of the work orders in ``folder`` into ``out_folder``; see the module docstring."""
    from openpyxl import load_workbook

    summary = FillSummary()
    os.makedirs(out_folder, exist_ok=True)
    files = [f for f in returned_files(folder) if not f.endswith("_回执.xlsx")]
    serial = 0
    for n, path in enumerate(files):
        check(feedback, n, len(files))
        name = os.path.basename(path)
        rng = random.Random("returns-{}-{}".format(seed, name))
        book = load_workbook(path)
        ws = book[SHEET]
        col: Dict[str, int] = {}
        for c in range(1, ws.max_column + 1):
            col[str(ws.cell(row=HEADER_ROW, column=c).value or "")] = c
        for r in range(HEADER_ROW + 1, ws.max_row + 1):
            uid = ws.cell(row=r, column=col[UID]).value
            if not uid or rng.random() < 0.35:
                continue
            dispatched = ws.cell(row=r, column=col["派单日期"]).value
            base = dispatched.date() if isinstance(dispatched, datetime.datetime) else dispatched
            if not isinstance(base, datetime.date):
                continue
            serial += 1
            date: object = base + datetime.timedelta(days=rng.randint(2, 60))
            roll = rng.random()
            status = (lc.IN_PROGRESS if roll < 0.25 else lc.FIXED if roll < 0.87 else
                      lc.CANNOT_FIX if roll < 0.93 else lc.NOT_RESPONSIBLE)
            note = rng.choice(NOTES)
            reroute = rng.choice(REROUTES) if status == lc.NOT_RESPONSIBLE else ""
            if serial % BAD_EVERY == 0:
                kind = BAD_KINDS[(serial // BAD_EVERY - 1) % len(BAD_KINDS)]
                summary.bad[kind] += 1
                if kind == "unknown_uid":
                    ws.cell(row=r, column=col[UID]).value = safe_cell(str(uid) + "-不存在")
                elif kind == "forbidden":
                    status = lc.VERIFIED
                elif kind == "future":
                    date = datetime.date(2099, 12, 31)
                elif kind == "before_found":
                    date = datetime.date(2000, 1, 1)
                else:
                    date = "下周一"
            else:
                summary.states[status] += 1
            summary.filled += 1
            ws.cell(row=r, column=col[STATUS]).value = status
            cell = ws.cell(row=r, column=col[DATE])
            cell.value = date
            if isinstance(date, datetime.date):
                cell.number_format = "yyyy-mm-dd"
            ws.cell(row=r, column=col[NOTE]).value = safe_cell(note)
            if status == lc.FIXED and rng.random() < 0.5:
                ws.cell(row=r, column=col[AFTER_PHOTO]).value = "整改后_{:04d}.jpg".format(serial)
            if reroute:
                ws.cell(row=r, column=col[REROUTE]).value = reroute
        target = os.path.join(out_folder, name[:-5] + "_回执.xlsx")
        book.save(target)
        summary.written.append(target)
        summary.files += 1
    return summary
