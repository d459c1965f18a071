"""Standardised survey forms (标准化电子表单) for grid workers, one .xlsx per grid or community.

Each form has a data sheet ``问题清单`` whose header uses the column names the report reader
recognises, so a filled form reads back with exactly the values picked. Addresses and problems
are picked from cascading dropdowns (compound → building → unit, category → problem), built the
way Excel and LibreOffice both understand: a hidden list sheet holds every option list under a
defined name, and the dependent dropdowns use ``INDIRECT(VLOOKUP(…))`` on lookup tables that map a
Chinese name (not a valid Excel name) to a generated safe name such as ``lstB_0003``.

The header rows are protected (sheet protection without a password, data cells unlocked), so a
grid worker cannot break the header by accident while still being able to fill every row; they
are repeated on every printed page (print titles ``$1:$2``).

Community and grid dropdowns offer names (利农社区, 利农一网格), which is what grid workers write and
what the matching reads; the codes stay in lookup tables ``map_community`` / ``map_grid`` on the
hidden list sheet. Option values are stored as text cells: a value that looks like a formula
(``=恶意名称``, ``+1+1``) is a string cell marked "quote prefix", never a formula, and shows without
an apostrophe in the dropdown.
"""

from __future__ import annotations

import datetime
import os
import re
from collections import OrderedDict, deque
from concurrent.futures import ThreadPoolExecutor
from copy import copy
from dataclasses import dataclass, field
from typing import Any, Dict, Iterable, List, Optional, Sequence, Tuple

from .feedback import check
from .files import save_parts, save_workbook
from .messages import QT_TRANSLATE_NOOP, CityHealthError, Message
from .sanitize import safe_cell
from .schema import SEVERITIES
from .xlsx import RepeatedRows

DATA_SHEET = "问题清单"
INSTRUCTIONS_SHEET = "填表说明"
LISTS_SHEET = "选项列表"
#: Data sheet columns: (header, width in characters, key). Headers are reader synonyms.
COLUMNS: Tuple[Tuple[str, float, str], ...] = (
    ("社区名", 12, "community"), ("网格", 10, "grid"), ("小区", 16, "compound"), ("楼栋", 7, "building"),
    ("单元", 6, "unit"), ("问题类别", 12, "category"), ("问题", 22, "problem"), ("严重程度", 9, "severity"),
    ("图片", 20, "photo"), ("描述", 30, "description"), ("上报人", 9, "reporter"),
    ("联系电话", 13, "phone"), ("上报日期", 11, "date"),
)
HEADERS = tuple(c[0] for c in COLUMNS)
TITLE_ROW = 1
HEADER_ROW = 2
FIRST_DATA_ROW = 3
FONT_NAME = "微软雅黑"
#: forms written at once (threads) by :func:`write_survey_forms`. One: writing two at a time gained
#: 1.16× in wall time, but lxml (openpyxl's writer) in worker threads that end is what crashed
#: QGIS 3.40 when the report reader opened files ahead in a thread (see core/report_reader.py);
#: ``workers=2`` stays available and tested.
WRITERS = 1
_UNSAFE_FILE_CHARS = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')


@dataclass
class SurveyBuilding:
    """One building of the address library, as the form needs it."""

    building_id: str
    compound: str  # compound name (or the door address of a scattered building)
    building_no: str  # canonical building number as in the library; "" for a 散楼 without a number
    units: Optional[int] = None  # number of units; None or 0 = unknown
    community: str = ""
    grid: str = ""
    group: str = ""  # value of the grouping field (one form per distinct value)
    group_name: str = ""  # display name of the group (file name and title), optional
    community_name: str = ""  # name of ``community`` (a code) offered in the dropdown; "" = the code
    grid_name: str = ""  # name of ``grid`` (a code) offered in the dropdown; "" = the code


@dataclass
class FormResult:
    path: str
    group: str
    buildings: int
    compounds: int


@dataclass
class _Lists:
    """Option lists of one form: list name -> values, plus lookup tables key -> list name."""

    lists: "OrderedDict[str, List[str]]" = field(default_factory=OrderedDict)
    maps: "OrderedDict[str, List[Tuple[str, str]]]" = field(default_factory=OrderedDict)


def _natural_key(text: str):
    return [(0, int(part), "") if part.isdigit() else (1, 0, part)
            for part in re.split(r"(\d+)", text or "") if part]


def form_file_name(group: str, group_name: str = "") -> str:
    """``<code>_<name>_调查表.xlsx`` with characters that file systems refuse replaced by ``_``."""
    parts = [group] + ([group_name] if group_name and group_name != group else [])
    stem = "_".join(p for p in parts if p) or "未分组"
    stem = _UNSAFE_FILE_CHARS.sub("_", stem).strip(" .") or "未分组"
    return "{}_调查表.xlsx".format(stem[:120])


def _names(pairs: Iterable[Tuple[str, str]]) -> "OrderedDict[str, str]":
    """Name offered → code, in natural order of the names; a code without a name is offered as itself.
    Two codes with one name (第一网格 in two communities) are offered once, with the first code."""
    names: Dict[str, str] = {}  # code -> its first name ("" while none is known)
    for code, name in pairs:
        if code or name:
            key = code or name
            names[key] = names.get(key) or name
    found: Dict[str, str] = {}
    for code, name in names.items():
        found.setdefault(name or code, code)
    return OrderedDict((n, found[n]) for n in sorted(found, key=_natural_key))


def _text_cell(ws, row: int, column: int, value: Any) -> None:
    """``value`` as a text cell: openpyxl would store text starting with ``=`` as a formula. A value
    that a spreadsheet would evaluate gets the cell style "quote prefix" (text, shown without ')."""
    cell = ws.cell(row=row, column=column, value=value)
    if isinstance(value, str):
        cell.data_type = "s"
        if safe_cell(value) != value:
            cell.quotePrefix = True


def _build_lists(buildings: Sequence[SurveyBuilding], catalogue: Any,
                 severities: Sequence[str]) -> _Lists:
    out = _Lists()
    compounds: "OrderedDict[str, Dict[str, Optional[int]]]" = OrderedDict()
    unnumbered: Dict[str, int] = {}  # compound -> buildings without a number
    for b in sorted(buildings, key=lambda b: (_natural_key(b.compound), _natural_key(b.building_no))):
        compounds.setdefault(b.compound, OrderedDict())
        if not b.building_no:
            unnumbered[b.compound] = unnumbered.get(b.compound, 0) + 1
        units = b.units if b.units and b.units > 0 else None
        known = compounds[b.compound].get(b.building_no)
        compounds[b.compound][b.building_no] = max(units or 0, known or 0) or None
    communities = _names(((b.community, b.community_name) for b in buildings))
    grids = _names(((b.grid, b.grid_name) for b in buildings))
    out.lists["lst_community"] = list(communities)
    out.lists["lst_grid"] = list(grids)
    out.lists["lst_compound"] = list(compounds)
    out.lists["lst_severity"] = list(severities)
    compound_map, building_map = [], []
    unit_counts = set()
    for i, (compound, blds) in enumerate(compounds.items(), start=1):
        name = "lstB_{:04d}".format(i)
        out.lists[name] = [no for no in blds if no]
        compound_map.append((compound, name))
        # A scattered building (散楼) is one building named by its door address, often without a
        # number: its building cell stays empty and its units are offered under "<compound>|".
        single = len(blds) == 1 and unnumbered.get(compound, 0) == 1
        for building_no, units in blds.items():
            if units and (building_no or single):
                unit_counts.add(units)
                # the key the unit cascade builds from the picked cells: C&"|"&D, both as listed
                key = "{}|{}".format(compound, building_no)
                building_map.append((key, "lstU_{}".format(units)))
    for n in sorted(unit_counts):
        out.lists["lstU_{}".format(n)] = [str(u) for u in range(1, n + 1)]
    categories = list(catalogue.categories())
    out.lists["lst_category"] = [cn for _code, cn in categories]
    category_map = []
    for i, (code, cn) in enumerate(categories, start=1):
        name = "lstP_{:03d}".format(i)
        out.lists[name] = [p.name_cn for p in catalogue.problems if p.category == code]
        category_map.append((cn, name))
    out.maps["map_community"] = list(communities.items())
    out.maps["map_grid"] = list(grids.items())
    out.maps["map_compound"] = compound_map
    out.maps["map_building"] = building_map
    out.maps["map_category"] = category_map
    return out


def _add_name(wb, name: str, ref: str) -> None:
    from openpyxl.workbook.defined_name import DefinedName

    dn = DefinedName(name, attr_text=ref)
    names = wb.defined_names
    if hasattr(names, "add"):  # openpyxl >= 3.1 (DefinedNameDict)
        names.add(dn)
    else:  # openpyxl 3.0 (DefinedNameList)
        names.append(dn)


def _ref(col: str, first: int, last: int) -> str:
    return "'{}'!${}${}:${}${}".format(LISTS_SHEET, col, first, col, max(first, last))


def _write_lists(wb, lists: _Lists) -> None:
    from openpyxl.utils import get_column_letter

    ws = wb.create_sheet(LISTS_SHEET)
    col = 1
    for name, values in lists.lists.items():
        letter = get_column_letter(col)
        ws.cell(row=1, column=col, value=name)
        for r, value in enumerate(values, start=2):
            _text_cell(ws, r, col, value)
        _add_name(wb, name, _ref(letter, 2, 1 + len(values)))
        col += 1
    for name, pairs in lists.maps.items():
        key_col, val_col = get_column_letter(col), get_column_letter(col + 1)
        ws.cell(row=1, column=col, value=name)
        ws.cell(row=1, column=col + 1, value=name + "_name")
        for r, (key, target) in enumerate(pairs, start=2):
            _text_cell(ws, r, col, key)
            _text_cell(ws, r, col + 1, target)
        _add_name(wb, name, "'{}'!${}$2:${}${}".format(LISTS_SHEET, key_col, val_col, max(2, 1 + len(pairs))))
        col += 2
    ws.sheet_state = "hidden"
    ws.protection.sheet = True


def _validations(ws, last_row: int) -> None:
    from openpyxl.worksheet.datavalidation import DataValidation

    first = FIRST_DATA_ROW
    letter = {key: chr(ord("A") + i) for i, (_h, _w, key) in enumerate(COLUMNS)}

    def add(key: str, dv: DataValidation) -> None:
        dv.add("{0}{1}:{0}{2}".format(letter[key], first, last_row))
        ws.add_data_validation(dv)

    def pick(formula: str, prompt: str, strict: bool = True) -> DataValidation:
        return DataValidation(
            type="list", formula1=formula, allow_blank=True, showInputMessage=True,
            showErrorMessage=True, errorStyle="stop" if strict else "warning",
            promptTitle="请选择", prompt=prompt, errorTitle="不在列表中",
            error="请从下拉列表中选择。" if strict else "不在地址库中。确认要填写列表以外的名称吗？")

    c, b = letter["compound"], letter["building"]
    add("community", pick("lst_community", "选择社区", strict=False))
    add("grid", pick("lst_grid", "选择网格", strict=False))
    add("compound", pick("lst_compound", "选择小区（散楼选门牌地址）", strict=False))
    add("building", pick("INDIRECT(VLOOKUP(${}{},map_compound,2,FALSE))".format(c, first),
                         "先选小区，再选楼栋号", strict=False))
    add("unit", pick('INDIRECT(VLOOKUP(${}{}&"|"&${}{},map_building,2,FALSE))'.format(c, first, b, first),
                     "先选楼栋，再选单元号", strict=False))
    add("category", pick("lst_category", "选择问题类别"))
    add("problem", pick("INDIRECT(VLOOKUP(${}{},map_category,2,FALSE))".format(letter["category"], first),
                        "先选问题类别，再选具体问题"))
    add("severity", pick("lst_severity", "一般 / 较重 / 严重"))
    add("photo", DataValidation(
        type="textLength", operator="lessThanOrEqual", formula1="255", allow_blank=True,
        showInputMessage=True, promptTitle="照片文件名",
        prompt="一个问题一张照片：填写照片文件名，如 照片/3号楼井盖.jpg（照片放在本表旁边的“照片”文件夹）"))
    add("description", DataValidation(
        type="textLength", operator="lessThanOrEqual", formula1="500", allow_blank=True,
        showInputMessage=True, promptTitle="问题描述", prompt="位置、数量、程度等（500字以内）"))
    add("phone", DataValidation(
        type="textLength", operator="between", formula1="7", formula2="20", allow_blank=True,
        showInputMessage=True, showErrorMessage=True, errorStyle="warning", promptTitle="联系电话",
        prompt="上报人手机号（导出时自动打码）", errorTitle="电话号码",
        error="电话号码一般为 7—20 位，确认无误吗？"))
    add("date", DataValidation(
        type="date", operator="between", formula1="DATE(2000,1,1)", formula2="DATE(2100,12,31)",
        allow_blank=True, showInputMessage=True, showErrorMessage=True, promptTitle="上报日期",
        prompt="日期，如 2024-05-01", errorTitle="日期无效",
        error="请填写 2000—2100 年之间的日期，如 2024-05-01"))


def _data_sheet(wb, title: str, rows: int, full: bool = True) -> None:
    """The data sheet of ``rows`` pre-formatted rows; ``full=False`` formats the first data row only
    (what :class:`.xlsx.RepeatedRows` compares), everything else as for ``rows``."""
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side

    ws = wb.active
    ws.title = DATA_SHEET
    last_col = chr(ord("A") + len(COLUMNS) - 1)
    last_row = FIRST_DATA_ROW + rows - 1
    ws.cell(row=TITLE_ROW, column=1, value=safe_cell(title))
    ws.merge_cells("A{0}:{1}{0}".format(TITLE_ROW, last_col))
    ws.cell(row=TITLE_ROW, column=1).font = Font(name=FONT_NAME, size=14, bold=True)
    ws.cell(row=TITLE_ROW, column=1).alignment = Alignment(horizontal="center", vertical="center")
    ws.row_dimensions[TITLE_ROW].height = 28
    ws.row_dimensions[HEADER_ROW].height = 22
    thin = Side(style="thin", color="999999")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    header_font = Font(name=FONT_NAME, size=11, bold=True, color="FFFFFF")
    header_fill = PatternFill("solid", fgColor="2F5597")
    body_font = Font(name=FONT_NAME, size=10)
    unlocked = Protection(locked=False)
    center = Alignment(horizontal="center", vertical="center")
    left = Alignment(horizontal="left", vertical="center", wrap_text=True, indent=1)
    for i, (header, width, key) in enumerate(COLUMNS, start=1):
        cell = ws.cell(row=HEADER_ROW, column=i, value=header)
        cell.font, cell.fill, cell.border, cell.alignment = header_font, header_fill, border, center
        ws.column_dimensions[cell.column_letter].width = width
        number_format = "yyyy-mm-dd" if key == "date" else "@"  # text keeps codes like 03 as written
        align = left if key in ("description", "problem", "compound", "photo") else center
        first = ws.cell(row=FIRST_DATA_ROW, column=i)
        first.number_format = number_format
        first.protection = unlocked
        first.border = border
        first.font = body_font
        first.alignment = align
        # the other rows share the first one's style (its indices): assigning the style objects cell
        # by cell looks each one up again and was most of the time of a form
        style = first._style
        for r in range(FIRST_DATA_ROW + 1, last_row + 1 if full else FIRST_DATA_ROW + 1):
            ws.cell(row=r, column=i)._style = copy(style)
    # Two lines per data row: wrapped descriptions and photo names stay readable, also printed
    # (LibreOffice does not grow rows written without a height when it opens or prints the file).
    for r in range(FIRST_DATA_ROW, last_row + 1 if full else FIRST_DATA_ROW + 1):
        ws.row_dimensions[r].height = 30
    ws.freeze_panes = "A{}".format(FIRST_DATA_ROW)
    ws.print_area = "A{}:{}{}".format(TITLE_ROW, last_col, last_row)
    ws.protection.sheet = True
    # allow what a grid worker needs besides typing: resize columns and rows, filter, sort
    ws.protection.formatColumns = False
    ws.protection.formatRows = False
    ws.protection.autoFilter = False
    ws.protection.sort = False
    ws.auto_filter.ref = "A{}:{}{}".format(HEADER_ROW, last_col, last_row)
    # "$1:$2": Excel and LibreOffice repeat rows given so; "1:2" (openpyxl 3.0 writes it as given) is
    # ignored by LibreOffice. openpyxl 3.1 writes "$1:$2" from either spelling.
    ws.print_title_rows = "${}:${}".format(TITLE_ROW, HEADER_ROW)
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    _validations(ws, last_row)


INSTRUCTIONS = (
    ("填表说明", ""),
    ("用途", "本表用于城市体检网格排查：每发现一个问题填写一行。"
           "填好后交回技术组，系统自动把每一行落到对应楼栋上。"),
    ("一问题一行", "同一楼栋有多个问题时分多行填写；同一问题不要重复填写。"),
    ("社区名、网格", "从下拉列表选择。"),
    ("小区 → 楼栋 → 单元", "依次从下拉列表选择：先选小区，楼栋列表才会出现该小区的楼号；"
                         "先选楼栋，单元列表才会出现。散楼（不属于小区的楼）在“小区”中选门牌地址；"
                         "没有楼号的散楼，楼栋不填，直接选单元。"
                         "问题在小区公共区域（道路、绿地、停车）时楼栋和单元可不填。"),
    ("地址库中没有的楼", "如确有地址库中没有的小区或楼栋，可直接输入，系统会提示确认；"
                       "技术组核实后补入标准地址库。"),
    ("问题类别 → 问题", "先选问题类别，再选具体问题。"),
    ("严重程度", "一般 / 较重 / 严重。"),
    ("图片", "一问题一照片。照片放在本表所在文件夹下的“照片”文件夹里，"
           "这里填写文件名，如：照片/3号楼井盖.jpg。"),
    ("描述", "补充位置、数量、程度等，500字以内。"),
    ("上报人、联系电话", "填写网格员姓名和手机号；导出和汇总时电话号码自动打码。"),
    ("上报日期", "填写日期，如 2024-05-01。"),
    ("注意", "请不要修改表头、插入或删除列、重命名工作表；不要在同一行填写多个问题。"
           "表头已保护，数据区可自由填写。"),
)


def _instructions_sheet(wb, title: str) -> None:
    from openpyxl.styles import Alignment, Font

    ws = wb.create_sheet(INSTRUCTIONS_SHEET)
    ws.column_dimensions["A"].width = 20
    ws.column_dimensions["B"].width = 80
    ws.cell(row=1, column=1, value=safe_cell(title)).font = Font(name=FONT_NAME, size=14, bold=True)
    ws.merge_cells("A1:B1")
    ws.row_dimensions[1].height = 26
    for r, (topic, text) in enumerate(INSTRUCTIONS[1:], start=3):
        a = ws.cell(row=r, column=1, value=topic)
        b = ws.cell(row=r, column=2, value=text)
        a.font = Font(name=FONT_NAME, size=11, bold=True)
        b.font = Font(name=FONT_NAME, size=11)
        a.alignment = Alignment(vertical="top", wrap_text=True)
        b.alignment = Alignment(wrap_text=True, vertical="top")
        # openpyxl cannot measure text: a CJK character is about two width units of the column
        lines = max(1, -(-len(text) * 2 // 78), -(-len(topic) * 2 // 19))
        ws.row_dimensions[r].height = 18 * lines + 4
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.protection.sheet = True


def write_survey_form(path: str, buildings: Sequence[SurveyBuilding], catalogue: Any, title: str = "",
                      rows: int = 500, severities: Sequence[str] = SEVERITIES,
                      repeated: Optional[RepeatedRows] = None) -> str:
    """Write one survey form for ``buildings`` to ``path`` atomically; returns ``path``.

    ``catalogue`` needs ``.problems`` (with ``category``, ``name_cn``) and ``.categories()``
    (``[(category, category_cn)]``), as :class:`cityhealth_plugin.core.catalogue.Catalogue` has.
    ``repeated``: shared by the forms of one batch (:func:`write_survey_forms`), the data sheet's
    pre-formatted rows are serialised once per batch instead of once per form; the file is the same.
    """
    import openpyxl

    if rows < 1:
        raise CityHealthError(Message(QT_TRANSLATE_NOOP(
            "CoreMessages", "The number of form rows must be at least 1 (got {rows})."), {"rows": rows}))
    title = title or "城市体检问题调查表"
    lists = _build_lists(buildings, catalogue, severities)

    def build(full: bool = True):
        wb = openpyxl.Workbook()
        _data_sheet(wb, title, rows, full)
        _instructions_sheet(wb, title)
        _write_lists(wb, lists)
        wb.active = 0
        return wb

    if repeated is None:
        return save_workbook(build(), path)  # atomic, an ordinary file's mode (mkstemp alone makes 0600)
    return save_parts(repeated.parts(rows, build), path)


def group_buildings(buildings: Iterable[SurveyBuilding]) -> "OrderedDict[str, List[SurveyBuilding]]":
    """Buildings grouped by ``group`` (sorted naturally); buildings without a group form group ""."""
    groups: Dict[str, List[SurveyBuilding]] = {}
    for b in buildings:
        groups.setdefault(b.group or "", []).append(b)
    return OrderedDict((k, groups[k]) for k in sorted(groups, key=_natural_key))


def group_label(group: str, members: Sequence[SurveyBuilding]) -> Tuple[str, str]:
    """``(name, title label)`` of a group: its explicit name, else the grid or community name when the
    group is a grid or community code; the label puts the community name before a grid's name
    (``明仁社区 明仁一网格``). A group without any name is labelled by its code."""
    name = next((b.group_name for b in members if b.group_name), "")
    if not name and group and all(b.grid == group for b in members):
        name = next((b.grid_name for b in members if b.grid_name), "")
        communities = {b.community_name for b in members}
        if name and len(communities) == 1 and "" not in communities:
            return name, "{} {}".format(communities.pop(), name)
    if not name and group and all(b.community == group for b in members):
        name = next((b.community_name for b in members if b.community_name), "")
    return name, name or group or "未分组"


def form_title(round_no: int, label: str) -> str:
    return "{}年城市体检问题调查表（{}）".format(int(round_no), label)


def write_survey_forms(buildings: Iterable[SurveyBuilding], catalogue: Any, folder: str, rows: int = 500,
                       feedback=None, today: Optional[datetime.date] = None,
                       round_no: Optional[int] = None, workers: int = WRITERS) -> List[FormResult]:
    """Write one form per group of ``buildings`` into ``folder``; returns what was written.

    ``round_no``: the survey round (year) in the titles; without it the year of ``today`` (default:
    the current date)."""
    groups = group_buildings(buildings)
    if not groups:
        raise CityHealthError(Message(QT_TRANSLATE_NOOP(
            "CoreMessages", "The address library has no buildings: no survey form was written.")))
    year = round_no or (today or datetime.date.today()).year
    results: List[FormResult] = []
    used: Dict[str, int] = {}
    jobs = []
    for group, members in groups.items():
        name, label = group_label(group, members)
        file_name = form_file_name(group, name)
        if file_name in used:  # two groups that sanitise to the same name
            used[file_name] += 1
            file_name = file_name.replace("_调查表.xlsx", "_{}_调查表.xlsx".format(used[file_name]))
        used.setdefault(file_name, 1)
        jobs.append((os.path.join(folder, file_name), members, form_title(year, label)))
        results.append(FormResult(jobs[-1][0], group, len(members), len({b.compound for b in members})))
    # Forms are written WRITERS at a time by threads: each has its own workbook, and lxml's serialising
    # and zlib's compressing release the GIL. At most WRITERS forms wait, so an error or a cancel stops soon.
    # The data sheet's pre-formatted rows are the same in every form of the batch: serialised once.
    repeated = RepeatedRows()
    with ThreadPoolExecutor(max(1, workers)) as pool:
        pending: "deque" = deque()
        for i, (path, members, title) in enumerate(jobs):
            check(feedback, i, len(jobs))
            pending.append(pool.submit(write_survey_form, path, members, catalogue, title, rows,
                                       repeated=repeated))
            while len(pending) >= max(1, workers):
                pending.popleft().result()
        while pending:
            pending.popleft().result()
    check(feedback, len(jobs), len(jobs))
    return results
