"""The review workbook (未匹配_*.xlsx): every unmatched report row, formatted for a planner to work through.

Sheet 未匹配上报 holds one row per unmatched report: 原因 (the reason in Chinese with what to do) and
候选楼栋 (candidate buildings by compound name and building number, best first) at the left, then the
address, problem, description, reporter (masked), date and photos (file names, linked relative to
the workbook's folder, so the folder can be copied to another machine), then source file / sheet /
row. The header is frozen and filtered; the sheet prints landscape, fitted to the page width (A4,
or A3 when the columns are wide), with the header row repeated on every page.
Sheet 汇总 counts rows per reason.
The reason code, candidate ids and report id sit in hidden columns at the right: the review dialog
reads them when the workbook itself is opened as a layer (:func:`.review.unmatched_field_map`).

Text is never a live formula (:func:`.sanitize.safe_cell`). Pure openpyxl; written atomically.
"""

from __future__ import annotations

import math
import os
import unicodedata
from collections import Counter
from typing import Any, Iterable, List, Mapping, Optional, Sequence, Tuple

from .feedback import check
from .files import save_workbook
from .review import CANDIDATE_SEPARATOR, REASONS, reason_hint, reason_label, reason_text
from .sanitize import safe_cell
from .xlsx import SharedStyles

SHEET_ROWS = "未匹配上报"
SHEET_SUMMARY = "汇总"
TITLE = "未匹配上报记录复核表"

#: (field of the unmatched table, header, column width in characters, hidden)
COLUMNS: Tuple[Tuple[str, str, float, bool], ...] = (
    ("reason_cn", "原因", 30, False),
    ("candidate_names", "候选楼栋", 24, False),
    ("community", "社区", 10, False),
    ("compound", "小区", 14, False),
    ("building", "楼栋", 6, False),
    ("unit", "单元", 6, False),
    ("raw_address", "地址原文", 22, False),
    ("problem", "问题", 14, False),
    ("description", "问题描述", 26, False),
    ("severity", "严重程度", 7, False),
    ("reporter", "上报人", 8, False),
    ("phone", "联系电话", 13, False),
    ("report_date", "上报日期", 11, False),
    ("photo", "照片", 22, False),
    ("photo_missing", "缺失照片", 12, False),
    ("source_file", "来源文件", 24, False),
    ("source_sheet", "工作表", 9, False),
    ("source_row", "行号", 6, False),
    ("reason", "原因代码", 13, True),
    ("candidates", "候选楼栋编码", 30, True),
    ("report_uid", "记录编号", 30, True),
)
#: Visible columns wider than this (characters) print on A3 instead of A4.
A3_ABOVE = 200
LINE_HEIGHT = 15.0  # points per line of wrapped 10 pt text (Noto Sans CJK: 1.45 em)
ROW_PADDING = 3.0
#: Width of a character of 10 pt text in column-width units, as LibreOffice and Excel lay it out
WIDE_CHAR = 1.5
NARROW_CHAR = 0.85
MAX_LINES = 8


def display_width(text: str) -> float:
    """Width of ``text`` in 10 pt type, in column-width units: CJK (wide / full-width) characters
    take :data:`WIDE_CHAR`, others :data:`NARROW_CHAR`."""
    return sum(WIDE_CHAR if unicodedata.east_asian_width(ch) in ("W", "F") else NARROW_CHAR for ch in text)


def lines_needed(text: str, width: float) -> int:
    """Lines a wrapped cell of ``width`` column-width units needs for ``text``."""
    usable = max(1.0, width - 0.5)
    lines = 0
    for part in str(text).split("\n"):
        lines += max(1, math.ceil(display_width(part) / usable - 1e-9))
    return lines


def relative_link(path: str, folder: str) -> str:
    """``path`` relative to ``folder`` with "/" separators (absolute when on another drive)."""
    try:
        relative = os.path.relpath(path, folder)
    except ValueError:  # another drive on Windows
        relative = os.path.abspath(path)
    return relative.replace(os.sep, "/")


def _photo_cell(row: Mapping[str, Any], folder: str) -> Tuple[str, Optional[str]]:
    """(text, link target) of the photo cell: the photos found, relative to the workbook's folder."""
    paths = [p for p in str(row.get("photo_paths") or "").split(";") if p.strip()]
    if not paths:
        return str(row.get("photo") or ""), None
    links = [relative_link(p.strip(), folder) for p in paths]
    # the file names as text (short enough for the column), the first photo as the link
    return "\n".join(link.rsplit("/", 1)[-1] for link in links), links[0]


def _value(row: Mapping[str, Any], key: str) -> Any:
    value = row.get(key)
    if key == "reason_cn" and not value:  # a table written before reason_cn existed
        return reason_text(row.get("reason"))
    if value is None:
        return ""
    if key == "candidate_names":
        return "\n".join(p for p in str(value).split(CANDIDATE_SEPARATOR) if p.strip())
    return value


def _sort_key(row: Mapping[str, Any]):
    try:
        number = int(row.get("source_row") or 0)
    except (TypeError, ValueError):
        number = 0
    return (str(row.get("source_file") or ""), str(row.get("source_sheet") or ""), number)


def write_review_workbook(path: str, rows: Iterable[Mapping[str, Any]],
                          feedback: Optional[Any] = None) -> int:
    """Write the review workbook of the unmatched ``rows`` (field → value, as the unmatched table)
    to ``path`` (atomically); returns the number of rows written. Cancellable through ``feedback``."""
    import openpyxl
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    records = sorted(rows, key=_sort_key)
    folder = os.path.dirname(os.path.abspath(path))
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = SHEET_ROWS

    thin = Side(style="thin", color="999999")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    header_font = Font(name="Noto Sans CJK SC", bold=True, size=10)
    body_font = Font(name="Noto Sans CJK SC", size=10)
    link_font = Font(name="Noto Sans CJK SC", size=10, color="0563C1", underline="single")
    reason_font = Font(name="Noto Sans CJK SC", size=10, bold=True, color="9C0006")
    fill = PatternFill("solid", fgColor="DDEBF7")
    reason_fill = PatternFill("solid", fgColor="FCE4D6")
    wrap = Alignment(wrap_text=True, vertical="top")
    centre = Alignment(wrap_text=True, vertical="center", horizontal="center")

    for c, (_key, header, width, hidden) in enumerate(COLUMNS, start=1):
        cell = ws.cell(row=1, column=c, value=header)
        cell.font = header_font
        cell.fill = fill
        cell.border = border
        cell.alignment = centre
        dimension = ws.column_dimensions[get_column_letter(c)]
        dimension.width = width
        dimension.hidden = hidden
    ws.row_dimensions[1].height = 2 * LINE_HEIGHT

    def body(cell) -> None:
        cell.border = border
        cell.alignment = wrap
        cell.font = body_font

    def linked(cell) -> None:
        body(cell)
        cell.font = link_font

    def reason(cell) -> None:
        body(cell)
        cell.font = reason_font
        cell.fill = reason_fill

    styles = SharedStyles()  # each of the three kinds of body cell styled once, the others share it
    total = len(records)
    for r, row in enumerate(records, start=2):
        if r % 200 == 0:
            check(feedback, r, total)
        lines = 1
        for c, (key, _header, width, hidden) in enumerate(COLUMNS, start=1):
            link = None
            if key == "photo":
                value, link = _photo_cell(row, folder)
            else:
                value = _value(row, key)
            cell = ws.cell(row=r, column=c, value=safe_cell(value))
            if key == "reason_cn":
                styles.apply(cell, "reason", reason)
            elif link is not None:
                cell.hyperlink = link
                styles.apply(cell, "link", linked)
            else:
                styles.apply(cell, "body", body)
            if not hidden and value not in ("", None):
                lines = max(lines, lines_needed(str(value), width))
        # LibreOffice does not grow rows written without a height: give each the lines it needs
        ws.row_dimensions[r].height = min(lines, MAX_LINES) * LINE_HEIGHT + ROW_PADDING
    last_col = get_column_letter(len(COLUMNS))
    last_row = max(2, total + 1)
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = "A1:{}{}".format(last_col, last_row)
    title = workbook_title(records)
    _print_setup(ws, sum(w for _k, _h, w, hidden in COLUMNS if not hidden), title)
    _summary_sheet(wb, records, title, header_font, body_font, fill, border, wrap, centre)
    check(feedback, total, total)
    save_workbook(wb, path)
    return total


def _print_setup(ws, width: float, title: str, title_rows: bool = True) -> None:
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A3 if width > A3_ABOVE else ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    # "$1:$1", not "1:1": openpyxl 3.0 writes the text as given and LibreOffice ignores a range
    # without "$" (the header would print on the first page only); openpyxl 3.1 accepts both.
    if title_rows:
        ws.print_title_rows = "$1:$1"
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.8  # inches; the page header and footer sit
    ws.page_margins.header = ws.page_margins.footer = 0.3  # in the margin, clear of the table
    ws.oddHeader.center.text = title
    ws.oddFooter.center.text = "第 &P 页，共 &N 页"
    ws.oddFooter.right.text = "&A"


def _summary_sheet(wb, records: Sequence[Mapping[str, Any]], title: str, header_font, body_font, fill,
                   border, wrap, centre) -> None:
    """Rows per reason (with what to do), then rows per source file (most first)."""
    ws = wb.create_sheet(SHEET_SUMMARY)
    counts = Counter(str(r.get("reason") or "") for r in records)
    order = [code for code in REASONS if counts.get(code)] + sorted(c for c in counts if c not in REASONS)
    by_reason: List[List[Any]] = [["原因", "处理办法", "行数", "原因代码"]]
    for code in order:
        by_reason.append([reason_label(code) or "（空）", reason_hint(code), counts[code], code])
    by_reason.append(["合计", "", len(records), ""])
    files = Counter(str(r.get("source_file") or "") for r in records)
    by_file: List[List[Any]] = [["来源文件", "", "行数", ""]]
    by_file += [[name, "", n, ""] for name, n in sorted(files.items(), key=lambda item: (-item[1], item[0]))]
    # the first column is wide enough for a grid's file name (150502001001_明仁社区第一网格.xlsx):
    # merging two cells per file made the sheet quadratic in the files (openpyxl checks every merged
    # range against all the others), a second at 800 files
    widths = (36, 60, 8, 14)

    def head(cell) -> None:
        cell.border, cell.font, cell.alignment, cell.fill = border, header_font, centre, fill

    def total(cell) -> None:
        cell.border, cell.font, cell.alignment = border, header_font, wrap

    def body(cell) -> None:
        cell.border, cell.font, cell.alignment = border, body_font, wrap

    styles = SharedStyles()
    start = 1
    for table in (by_reason, by_file):
        for r, values in enumerate(table):
            kind = head if r == 0 else total if values[0] == "合计" else body
            lines = 1
            for c, value in enumerate(values, start=1):
                cell = ws.cell(row=start + r, column=c, value=safe_cell(value))
                styles.apply(cell, kind.__name__, kind)
                if value not in ("", None):
                    lines = max(lines, lines_needed(str(value), widths[c - 1]))
            # LibreOffice does not grow rows written without a height (see the rows sheet)
            ws.row_dimensions[start + r].height = min(lines, MAX_LINES) * LINE_HEIGHT + ROW_PADDING
        start += len(table) + 1
    for c, width in enumerate(widths, start=1):
        ws.column_dimensions[chr(64 + c)].width = width
    # two tables, each with its header: neither is frozen nor repeated on every printed page (the
    # reasons' header would stand above the rows of files)
    _print_setup(ws, sum(widths[:3]), title + "（汇总）", title_rows=False)
    ws.page_setup.paperSize = ws.PAPERSIZE_A4


def workbook_title(records: Sequence[Mapping[str, Any]]) -> str:
    """``2024年未匹配上报记录复核表``: the round most rows belong to (no year when none is known)."""
    rounds = Counter(str(r.get("round")) for r in records if str(r.get("round") or "").isdigit())
    return "{}年{}".format(rounds.most_common(1)[0][0], TITLE) if rounds else TITLE



