"""Work-order workbooks (工单, .xlsx): writing them and reading them back when departments return them.

One sheet 工单: a title row, the header row (frozen, with filters, repeated on every printed page),
one row per problem. The department fills the yellow columns 整改状态 (a dropdown of the states a
department may set), 整改日期, 整改说明, 整改后照片 and, for a problem it is not responsible for,
改派部门. Every text cell is masked (phones, ID numbers) and made formula-safe
(:func:`sanitize.safe_cell`). A second sheet 填写说明 explains the lifecycle.
"""

from __future__ import annotations

import datetime
import os
import re
from dataclasses import dataclass, field
from typing import Any, Callable, Dict, List, Optional, Sequence, Tuple

from ..files import save_workbook
from ..gcpause import paused_gc
from ..messages import QT_TRANSLATE_NOOP, Message
from ..sanitize import mask_personal, safe_cell
from ..xlsx import SharedStyles
from . import lifecycle as lc
from .history import REMEDIATION_CN, Order, ReturnedRow

SHEET = "工单"
HELP_SHEET = "填写说明"
TITLE_ROW, HEADER_ROW = 1, 2
FONT_NAME = "宋体"
UID, DEPARTMENT, STATUS, DATE, NOTE, AFTER_PHOTO, REROUTE = (
    "问题编号", "责任部门", "整改状态", "整改日期", "整改说明", "整改后照片", "改派部门")
#: (header, width, filled back by the department)
COLUMNS: Tuple[Tuple[str, float, bool], ...] = (
    (UID, 26, False), (DEPARTMENT, 12, False), ("街道", 9, False), ("地址", 20, False),
    ("问题", 12, False), ("问题描述", 24, False), ("严重程度", 7, False), ("照片", 5, False),
    ("派单日期", 10.5, False), ("整改类型", 8, False), ("整改期限", 10.5, False),
    (STATUS, 10, True), (DATE, 10.5, True), (NOTE, 18, True), (AFTER_PHOTO, 11, True), (REROUTE, 11, True),
)
HEADERS = tuple(c[0] for c in COLUMNS)
_BAD_NAME = re.compile(r'[\\/:*?"<>|\s]+')


def file_name(department: str, district: str, round_no: int) -> str:
    """``<department>_<district>_<round>年工单.xlsx`` with characters no file system takes removed."""
    parts = [_BAD_NAME.sub("", x) or "未知" for x in (department, district)]
    return "{}_{}_{}年工单.xlsx".format(parts[0], parts[1], round_no)


def _text(value: Any) -> Any:
    return safe_cell(mask_personal(str(value))) if value not in (None, "") else None


def write_workorder(path: str, department: str, district: str, round_no: int, orders: Sequence[Order],
                    folder: Optional[str] = None) -> int:
    """Write one work order to ``path`` (atomically); photo links relative to ``folder``. Rows written."""
    # some twenty objects per row (cells, styles, links), all alive until the save: the cyclic garbage
    # collector would walk them again and again (a fifth of the work orders); the workbook's own
    # cycles are collected after it is saved
    with paused_gc():
        return _write_workorder(path, department, district, round_no, orders, folder)


def _write_workorder(path: str, department: str, district: str, round_no: int, orders: Sequence[Order],
                     folder: Optional[str]) -> int:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    folder = folder or os.path.dirname(os.path.abspath(path))
    book = Workbook()
    ws = book.active
    ws.title = SHEET
    last = get_column_letter(len(COLUMNS))
    title = "{}年城市体检问题整改工单 — {} · {}（共 {} 条）".format(round_no, _clean(department),
                                                       _clean(district), len(orders))
    ws.cell(row=TITLE_ROW, column=1, value=safe_cell(title)).font = Font(name=FONT_NAME, size=14, bold=True)
    ws.merge_cells("A{0}:{1}{0}".format(TITLE_ROW, last))
    ws.row_dimensions[TITLE_ROW].height = 24
    thin = Side(style="thin", color="808080")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    head_fill = PatternFill("solid", fgColor="1F4E78")
    back_fill = PatternFill("solid", fgColor="FFF2CC")
    wrap = Alignment(wrap_text=True, vertical="top")
    center = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for col, (header, width, back) in enumerate(COLUMNS, start=1):
        cell = ws.cell(row=HEADER_ROW, column=col, value=header)
        cell.font = Font(name=FONT_NAME, size=10, bold=True, color="FFFFFF")
        cell.fill = PatternFill("solid", fgColor="BF8F00") if back else head_fill
        cell.border, cell.alignment = border, center
        ws.column_dimensions[get_column_letter(col)].width = width
    ws.row_dimensions[HEADER_ROW].height = 28
    body = Font(name=FONT_NAME, size=9)
    link_font = Font(name=FONT_NAME, size=9, color="0563C1", underline="single")
    styles = SharedStyles()  # each kind of body cell styled once, the others share it

    def body_style(col: int, is_date: bool) -> Callable[[Any], None]:
        def assign(cell) -> None:
            cell.font, cell.border, cell.alignment = body, border, wrap
            if is_date:
                cell.number_format = "yyyy-mm-dd"
            if COLUMNS[col - 1][2]:
                cell.fill = back_fill
        return assign

    def link_style(cell) -> None:
        cell.font = link_font

    def date_style(cell) -> None:
        cell.number_format = "yyyy-mm-dd"

    for r, order in enumerate(orders, start=HEADER_ROW + 1):
        p = order.problem
        values = [p.uid, order.department, p.street, p.address, p.problem, p.description, p.severity, None,
                  _date(order.dispatched), REMEDIATION_CN.get(order.remediation, order.remediation),
                  _date(order.deadline), None, None, None, None, None]
        for col, value in enumerate(values, start=1):
            cell = ws.cell(row=r, column=col, value=_text(value) if isinstance(value, str) else value)
            is_date = isinstance(value, datetime.date)
            styles.apply(cell, (col, is_date), body_style(col, is_date))
        if p.photo:
            cell = ws.cell(row=r, column=8, value="查看")
            cell.hyperlink = os.path.relpath(p.photo, folder).replace(os.sep, "/")
            styles.apply(cell, "link", link_style)
        styles.apply(ws.cell(row=r, column=13), "return date", date_style)
        # LibreOffice and Excel do not grow a row for wrapped text written by openpyxl: set its height
        lines = max(_lines(v, COLUMNS[i][1]) for i, v in enumerate(values) if isinstance(v, str))
        ws.row_dimensions[r].height = 12.5 * lines + 2
    end = HEADER_ROW + max(len(orders), 1)
    status_col = get_column_letter(HEADERS.index(STATUS) + 1)
    date_col = get_column_letter(HEADERS.index(DATE) + 1)
    choice = DataValidation(type="list", formula1='"{}"'.format(",".join(lc.RETURN_STATES)), allow_blank=True,
                            showErrorMessage=True, errorTitle="整改状态",
                            error="请从下拉列表中选择：" + "、".join(lc.RETURN_STATES))
    choice.add("{0}{1}:{0}{2}".format(status_col, HEADER_ROW + 1, end))
    dates = DataValidation(type="date", operator="between", formula1="DATE(2000,1,1)",
                           formula2="DATE(2100,12,31)", allow_blank=True, showErrorMessage=True,
                           errorTitle="整改日期", error="请填写日期，例如 2024-10-15")
    dates.add("{0}{1}:{0}{2}".format(date_col, HEADER_ROW + 1, end))
    ws.add_data_validation(choice)
    ws.add_data_validation(dates)
    ws.freeze_panes = "B{}".format(HEADER_ROW + 1)
    ws.auto_filter.ref = "A{}:{}{}".format(HEADER_ROW, last, end)
    ws.print_title_rows = "${0}:${0}".format(HEADER_ROW)  # "$2:$2": both openpyxl 3.0 and 3.1 repeat it
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.75
    ws.page_margins.header = ws.page_margins.footer = 0.3
    ws.oddFooter.center.text = "第 &P 页 / 共 &N 页"
    ws.oddHeader.right.text = safe_cell("{} {}".format(_clean(department), _clean(district)))
    _help_sheet(book.create_sheet(HELP_SHEET), Font(name=FONT_NAME, size=10))
    save_workbook(book, path)
    return len(orders)


HELP_LINES = (
    "填写说明",
    "1. 每行一个问题。请在黄色列中填写：整改状态（下拉选择）、整改日期、整改说明、整改后照片（文件名）。",
    "2. 整改状态：整改中 / 已整改 / 已复核 / 无法整改 / 非本部门职责。",
    "3. 非本部门职责：请在“改派部门”中写明应负责的部门；未写明的由市住房和城乡建设局统筹改派。",
    "4. 整改日期不得早于问题发现日期，也不得晚于回传当天。",
    "5. 请勿修改“问题编号”，否则该行无法导入。",
    "问题状态流程：待派单 → 已派单 → 整改中 → 已整改 → 已复核；已整改、已复核可复发回到整改中；"
    "无法整改为关闭状态；非本部门职责退回待派单重新派单。",
)


def _help_sheet(ws, font) -> None:
    from openpyxl.styles import Alignment

    ws.column_dimensions["A"].width = 80
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    for r, line in enumerate(HELP_LINES, start=1):
        cell = ws.cell(row=r, column=1, value=line)
        cell.font = font
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        ws.row_dimensions[r].height = 14 * _lines(line, 80) + 2


def _lines(text: str, width: float) -> int:
    """Lines that ``text`` takes in a column ``width`` characters wide (a CJK character is 2 wide)."""
    units = sum(2 if ord(ch) > 0x2E80 else 1 for ch in text or "")
    return max(1, -(-units // max(int(width * 1.1) - 1, 1)))


def _clean(text: str) -> str:
    return mask_personal(str(text or "")) or "未知"


def _date(iso: str) -> Optional[datetime.date]:
    try:
        return datetime.date.fromisoformat(iso)
    except (TypeError, ValueError):
        return None


# --- reading returned work orders -----------------------------------------------------------
@dataclass
class ReadResult:
    rows: List[ReturnedRow] = field(default_factory=list)
    problems: List[Message] = field(default_factory=list)  # files or sheets that could not be read
    files: int = 0
    blank: int = 0  # rows without a status (not filled)


def returned_files(path: str) -> List[str]:
    """``path`` itself, or every .xlsx under the folder ``path`` (sorted; no temporary ~$ files)."""
    if os.path.isfile(path):
        return [path]
    found = []
    for root, _dirs, files in os.walk(path):
        for name in files:
            if name.lower().endswith((".xlsx", ".xlsm")) and not name.startswith(("~$", ".")):
                found.append(os.path.join(root, name))
    return sorted(found)


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def read_returned(path: str, feedback=None) -> ReadResult:
    """Filled rows of every returned work order in ``path`` (a file or a folder)."""
    from openpyxl import load_workbook

    result = ReadResult()
    for file_path in returned_files(path):
        if feedback is not None and feedback.isCanceled():
            break
        name = os.path.basename(file_path)
        try:
            book = load_workbook(file_path, read_only=True, data_only=True)
        except Exception as error:  # noqa: BLE001 (any unreadable file is reported, others still load)
            result.problems.append(Message(QT_TRANSLATE_NOOP(
                "CoreMessages", "{file}: cannot be read as a workbook ({error})."),
                {"file": name, "error": error}))
            continue
        result.files += 1
        try:
            found = [_read_sheet(ws, name, result) for ws in book.worksheets]
        finally:
            book.close()
        if not any(found):
            result.problems.append(Message(QT_TRANSLATE_NOOP(
                "CoreMessages", "{file}: no sheet has the work-order header (the columns {uid} and {status} "
                                "in its first 10 rows), so nothing was read from it. Put the columns back "
                                "as they were in the work order sent out."),
                {"file": name, "uid": UID, "status": STATUS}))
    return result


def _read_sheet(ws, name: str, result: ReadResult) -> bool:
    """Read the filled rows of one sheet; whether it has the work-order header."""
    header: Dict[str, int] = {}
    for r, row in enumerate(ws.iter_rows(values_only=True), start=1):
        if not header:
            texts = [_cell_text(v) for v in row]
            if UID in texts and STATUS in texts:
                header = {t: i for i, t in enumerate(texts) if t}
            elif r >= 10:
                return False  # not a work-order sheet (e.g. 填写说明)
            continue

        def get(column: str, row=row, header=header) -> Any:
            i = header.get(column)
            return row[i] if i is not None and i < len(row) else None
        status = _cell_text(get(STATUS))
        uid = _cell_text(get(UID))
        if not status:
            if uid:
                result.blank += 1
            continue
        result.rows.append(ReturnedRow(name, ws.title, r, uid, status, get(DATE), _cell_text(get(NOTE)),
                                       _cell_text(get(DEPARTMENT)), _cell_text(get(REROUTE)),
                                       _cell_text(get(AFTER_PHOTO))))
    return bool(header)


def write_table_workbook(path: str, sheets: Sequence[Tuple[str, Sequence[str], Sequence[Sequence[Any]]]],
                         percent_columns: Sequence[str] = ()) -> None:
    """Write plain tables (one per sheet: title, headers, rows) with frozen header and filters, atomically."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    book = Workbook()
    book.remove(book.active)
    for title, headers, rows in sheets:
        ws = book.create_sheet(title)
        for c, header in enumerate(headers, start=1):
            cell = ws.cell(row=1, column=c, value=header)
            cell.font = Font(name=FONT_NAME, size=10, bold=True, color="FFFFFF")
            cell.fill = PatternFill("solid", fgColor="1F4E78")
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
            ws.column_dimensions[get_column_letter(c)].width = max(10, min(30, 2 * len(str(header)) + 2))
        for r, row in enumerate(rows, start=2):
            for c, value in enumerate(row, start=1):
                cell = ws.cell(row=r, column=c, value=_text(value) if isinstance(value, str) else value)
                cell.font = Font(name=FONT_NAME, size=10)
                if headers[c - 1] in percent_columns:
                    cell.number_format = "0.0%"
        ws.freeze_panes = "A2"
        ws.auto_filter.ref = "A1:{}{}".format(get_column_letter(len(headers)), max(len(rows) + 1, 2))
        ws.page_setup.orientation = "landscape"
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.print_title_rows = "$1:$1"
    save_workbook(book, path)
