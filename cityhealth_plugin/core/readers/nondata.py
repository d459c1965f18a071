"""Rows of a report sheet that are not reports: totals, subtotals and signature lines.

Forms end with ``合计 | 12``, ``小计``, ``总计`` rows and signature lines (``填表人：张三  审核人：李四
日期：2024年5月``). Such a row is recognised when its first non-empty cell is one of these labels
and no address column holds anything but label text or the value written right after a bare
label (``填表人：`` | ``张三``). The reader counts them as ``nondata_rows`` instead of turning them
into unmatched reports.
"""

from __future__ import annotations

import re
from typing import Sequence

#: Labels that open a total, subtotal or signature row.
NONDATA_LABELS = ("合计", "小计", "总计", "共计", "累计", "总数", "填表人", "填报人", "制表人", "统计人",
                  "审核人", "审批人", "负责人", "单位负责人", "主管领导", "分管领导", "签字", "签名",
                  "盖章", "单位盖章", "日期", "填表日期", "填报日期", "制表日期", "报送日期", "审核日期")
#: First characters of the labels: a row whose first text starts otherwise is data (a quick test).
NONDATA_FIRST_CHARS = frozenset(label[0] for label in NONDATA_LABELS)
_FIRST_CHARS = NONDATA_FIRST_CHARS
_SPACES = re.compile(r"\s+")
_LABEL = re.compile(r"^(?:{})(?=$|[:：(（\[【0-9])".format(
    "|".join(sorted(NONDATA_LABELS, key=len, reverse=True))))
_BARE = re.compile(r"^(?:{})(?:[(（\[【][^)）\]】]*[)）\]】])?[:：]?$".format(
    "|".join(sorted(NONDATA_LABELS, key=len, reverse=True))))


def _label(text: str) -> int:
    """0: not a label; 1: a label with its value (``日期：2024-05``); 2: a bare label (``审核人：``)."""
    if text[0] not in _FIRST_CHARS and not text[0].isspace():
        return 0
    compact = _SPACES.sub("", text)
    if not _LABEL.match(compact):
        return 0
    return 2 if _BARE.match(compact) else 1


def is_nondata_row(cells: Sequence[str], address_columns: Sequence[int]) -> bool:
    """True when ``cells`` (stripped texts) is a total / subtotal / signature row.

    ``address_columns``: indexes of the compound, building, address and coordinate columns.
    """
    first = next(filter(None, cells), "")
    if not first or first[0] not in _FIRST_CHARS or not _label(first):
        return False
    label_cells = set()
    after_bare = False
    for i, text in enumerate(cells):
        if not text:
            continue
        if after_bare:  # the name or date written next to 填表人： / 日期：
            label_cells.add(i)
            after_bare = False
            continue
        kind = _label(text)
        if kind:
            label_cells.add(i)
            after_bare = kind == 2
    n = len(cells)
    return all(c >= n or not cells[c] or c in label_cells for c in address_columns)
