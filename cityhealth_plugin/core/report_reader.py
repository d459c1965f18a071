"""Read grid reports (网格排查报表) from .xlsx / .xlsm / .xls / .csv / .txt files or folders of them.

Robust to what real reports look like: title rows and merged cells above the header, several
sheets (one of them instructions), Chinese or English headers (see :data:`HEADER_SYNONYMS`), CSV
in UTF-8 / GBK / UTF-16, blank rows, codes with leading zeros. Bad input (a damaged or encrypted
workbook, a sheet without a header, an undecodable CSV) becomes a :class:`ReadIssue`, never an
exception, and the other files still load.

Files are read by content, not by name (:mod:`.readers.sniff`): a GBK CSV saved as ``.xlsx`` is read
as CSV, a workbook saved as ``.csv`` as a workbook, and an info issue says so. In a folder, files
that are not spreadsheets (``.docx``, ``.pdf``, WPS ``.et``, pictures outside photo folders …) are
listed as skipped with the reason; pictures inside photo folders (照片, 图片, photos …) and Office
lock files (``~$…``) are not. ``.ods`` and ``.xlsb`` are read with python-calamine, reported
otherwise.

Row accounting: every row below a header row, up to the sheet's last non-blank row, is either
returned as a :class:`ReportRow` or counted in ``blank_rows``, ``nondata_rows`` (total, subtotal
and signature rows: 合计, 小计, 总计, 填表人, 审核人, 负责人, 日期 …, see :mod:`.readers.nondata`) or
``unreadable_rows`` (the rows of a sheet after the point where it stopped being readable, as far
as the file says how many there were). So ``rows read = len(rows) + blank_rows + nondata_rows +
unreadable_rows`` (:attr:`ReadResult.rows_total`). Blank rows after the last data row
(pre-formatted, empty form rows) are not input and are not counted.

Merged cells over data rows are filled down and across: a 小区 cell merged over three rows gives
its compound to all three (a row that is blank apart from the merged cell stays blank). The
header row is looked for in the first 50 rows (see :func:`.readers.headers.find_header_row`).

Speed: python-calamine (Rust) is used when importable, openpyxl (read-only) otherwise. Cell values
are converted through a per-sheet cache, so no per-cell Python objects are built beyond the
strings themselves.
"""

from __future__ import annotations

import itertools
import os
from collections import deque
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from operator import itemgetter
from typing import Any, Deque, Dict, Iterator, List, Optional, Sequence, Tuple

from .feedback import Canceled, check
from .gcpause import paused_gc
from .messages import QT_TRANSLATE_NOOP, Message
from .readers.cells import CellCache, column_letter, convert_block, iso_date
from .readers.headers import (
    HEADER_SCAN_ROWS,
    HEADER_SYNONYMS,
    combine_header_rows,
    find_header_row,
    map_columns,
    normalize_header,
)
from .readers.merged import MergeFill
from .readers.nondata import NONDATA_FIRST_CHARS, is_nondata_row
from .readers.sniff import (
    KIND_BINARY,
    KIND_EMPTY,
    KIND_ENCRYPTED,
    KIND_HTML,
    KIND_IMAGE,
    KIND_OTHER_OLE,
    KIND_OTHER_ZIP,
    KIND_PDF,
    KIND_TEXT,
    KIND_WORD,
    KIND_XML2003,
    WORKBOOK_KINDS,
    sniff_file,
)
from .readers.sources import (
    REPORT_EXTENSIONS,
    TEXT_EXTENSIONS,
    WORKBOOK_EXTENSIONS,
    ParsedBook,
    SheetSource,
    SourceError,
    calamine_available,
    open_text_table,
    open_workbook,
    parse_calamine,
)

__all__ = ["ReportRow", "ReadIssue", "ReadResult", "read_reports", "HEADER_SYNONYMS", "report_files",
           "describe_issue"]

#: Sheet names that hold instructions, not data (lower case, substrings).
_NON_DATA_SHEETS = ("说明", "填表", "须知", "instruction", "readme", "封面", "目录", "示例", "example")
#: File name prefixes of files in a report folder that are not problem reports.
_NOT_REPORTS = ("满意度调查",)
_ADDRESS_KEYS = ("compound", "building", "address", "x", "y", "lon", "lat", "community", "grid")
#: Columns whose text makes a row a report, not a total or signature line (see readers.nondata).
_PLACE_KEYS = ("compound", "building", "address", "x", "y", "lon", "lat")
#: Folders whose pictures are report photos, not skipped files (lower case).
PHOTO_FOLDERS = ("照片", "图片", "相片", "现场照片", "照片库", "photo", "photos", "images", "image",
                 "pictures", "pics", "img")
_IMAGE_EXTENSIONS = (".jpg", ".jpeg", ".png", ".gif", ".bmp", ".tif", ".tiff", ".heic", ".heif", ".webp")
_SHEET_LIKE = (".et", ".ett", ".ets", ".numbers", ".wk1", ".wks", ".dbf", ".xlt", ".xltx", ".xltm")
_DOCUMENTS = (".doc", ".docx", ".wps", ".wpt", ".pdf", ".ofd", ".rtf", ".ppt", ".pptx", ".dps", ".md",
              ".html", ".htm")
_ARCHIVES = (".zip", ".rar", ".7z", ".tar", ".gz")
#: Rows converted at a time (column by column when the rows are rectangular, see convert_block).
_BLOCK = 4096
_second = itemgetter(1)


class ReportRow:
    """One non-blank report row.

    Attributes: ``source_file`` (relative to the reports folder, or the bare file name; "/"
    separators), ``source_sheet`` ("" for CSV), ``source_row`` (the row number a person sees:
    Excel row including title and header rows, or the CSV line number), ``values`` (canonical key
    -> stripped cell text, non-empty cells only), ``raw`` (original header, or the column letter
    where the header cell is empty -> cell text, non-empty cells only) and ``report_dir``
    (absolute folder of the source file). ``raw`` is built on first access: most consumers never
    need it, and building it for every row would cost as much as reading the file.
    """

    __slots__ = ("source_file", "source_sheet", "source_row", "values", "report_dir", "_raw",
                 "_cells", "_headers")

    def __init__(self, source_file: str, source_sheet: str, source_row: int, values: Dict[str, str],
                 raw: Optional[Dict[str, str]] = None, report_dir: str = "",
                 _cells: Optional[List[str]] = None, _headers: Optional[List[str]] = None):
        self.source_file = source_file
        self.source_sheet = source_sheet
        self.source_row = source_row
        self.values = values
        self.report_dir = report_dir
        self._raw = raw
        self._cells = _cells
        self._headers = _headers

    @property
    def raw(self) -> Dict[str, str]:
        if self._raw is None:
            self._raw = ({h: c for h, c in zip(self._headers, self._cells) if c}
                         if self._cells is not None else {})
        return self._raw

    @raw.setter
    def raw(self, value: Dict[str, str]) -> None:
        self._raw = value

    def _key(self):
        return (self.source_file, self.source_sheet, self.source_row, self.values, self.raw, self.report_dir)

    def __eq__(self, other) -> bool:
        return isinstance(other, ReportRow) and self._key() == other._key()

    __hash__ = None  # mutable, like a dataclass

    def __repr__(self) -> str:
        return "ReportRow(source_file={!r}, source_sheet={!r}, source_row={!r}, values={!r}, raw={!r}, " \
               "report_dir={!r})".format(*self._key())


@dataclass
class ReadIssue:
    """Something a planner should know about the input, located as precisely as possible."""

    file: str
    sheet: str
    row: Optional[int]
    column: Optional[str]
    message: Message
    severity: str  # "error" | "warning" | "info"


@dataclass
class ReadResult:
    """What was read. ``rows_total`` = rows + blank + non-data + unreadable rows."""

    rows: List[ReportRow] = field(default_factory=list)
    blank_rows: int = 0
    issues: List[ReadIssue] = field(default_factory=list)
    files_read: int = 0
    sheets_read: int = 0
    nondata_rows: int = 0  # total, subtotal and signature rows (合计, 审核人 …)
    unreadable_rows: int = 0  # rows after the point where a sheet stopped being readable
    skipped_files: List[str] = field(default_factory=list)  # files in the folder that are not reports

    @property
    def rows_total(self) -> int:
        return len(self.rows) + self.blank_rows + self.nondata_rows + self.unreadable_rows


def _skip_reason(rel: str) -> Tuple[Message, str]:
    """Why a file of a reports folder is not read: ``(message, severity)``."""
    ext = os.path.splitext(rel)[1].lower()
    if ext in _SHEET_LIKE:
        return Message(QT_TRANSLATE_NOOP(
            "CoreMessages", "Skipped: a spreadsheet format that cannot be read ({ext}, e.g. WPS .et); "
                            "open it in WPS or Excel and save it as .xlsx."), {"ext": ext}), "warning"
    if ext in _ARCHIVES:
        return Message(QT_TRANSLATE_NOOP(
            "CoreMessages", "Skipped: an archive ({ext}); unpack it into the reports folder to have its "
                            "files read."), {"ext": ext}), "warning"
    if ext in _DOCUMENTS:
        return Message(QT_TRANSLATE_NOOP(
            "CoreMessages", "Skipped: a document ({ext}), not a spreadsheet; reports are read from .xlsx, "
                            ".xls, .ods or .csv files."), {"ext": ext}), "info"
    if ext in _IMAGE_EXTENSIONS:
        return Message(QT_TRANSLATE_NOOP(
            "CoreMessages", "Skipped: a picture outside a photo folder (照片, 图片, photos); photos are "
                            "found through the report's photo column."), {"ext": ext}), "info"
    return Message(QT_TRANSLATE_NOOP(
        "CoreMessages", "Skipped: not a spreadsheet or CSV file."), {"ext": ext}), "info"


def _in_photo_folder(rel: str) -> bool:
    """Whether ``rel`` (a relative path; a folder ends in "/") lies in a photo folder."""
    return any(part.lower() in PHOTO_FOLDERS for part in rel.split("/")[:-1])


def report_files(path: str) -> Tuple[List[Tuple[str, str]], List[ReadIssue]]:
    """``[(absolute path, relative name)]`` of the report files under ``path``, sorted, plus the
    issues naming the files skipped and why.

    A single file is always read (by content). In a folder, spreadsheet and text files are read;
    pictures in photo folders, hidden files and Office lock files (``~$…``) are left alone
    silently; every other file is listed as skipped with the reason.
    """
    issues: List[ReadIssue] = []
    if os.path.isfile(path):
        name = os.path.basename(path)
        found = [(os.path.abspath(path), name)]
    elif os.path.isdir(path):
        found = []
        root = os.path.abspath(path)
        for folder, dirs, files in os.walk(root):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            # once per folder, not per file: photo folders hold thousands of pictures
            prefix = os.path.relpath(folder, root).replace(os.sep, "/") + "/"
            prefix = "" if prefix == "./" else prefix
            photos = _in_photo_folder(prefix)
            for name in sorted(files):
                if name.startswith(("~$", ".")):
                    continue
                lower = name.lower()
                if photos and lower.endswith(_IMAGE_EXTENSIONS):
                    continue
                rel = prefix + name
                if lower.endswith(REPORT_EXTENSIONS):
                    found.append((os.path.join(folder, name), rel))
                else:
                    message, severity = _skip_reason(rel)
                    issues.append(ReadIssue(rel, "", None, None, _in_file(message, rel), severity))
        found.sort(key=lambda item: item[1])
    else:
        issues.append(ReadIssue(path, "", None, None, Message(QT_TRANSLATE_NOOP(
            "CoreMessages", "The reports path does not exist: {path}"), {"path": path}), "error"))
        return [], issues
    kept = []
    for full, rel in found:
        base = os.path.basename(rel)
        if base.startswith(_NOT_REPORTS):
            issues.append(ReadIssue(rel, "", None, None, Message(QT_TRANSLATE_NOOP(
                "CoreMessages", "Skipped: a satisfaction survey (满意度调查), not a problem report."),
                {"file": rel}), "info"))
            continue
        kept.append((full, rel))
    issues.sort(key=lambda i: i.file)
    return kept, issues


def read_reports(path: str, overrides: Optional[Dict[str, str]] = None, feedback=None,
                 engine: Optional[str] = None) -> ReadResult:
    """Read every report row under ``path`` (a file or a folder, recursively).

    ``overrides`` maps a canonical key to the exact header text of the column to use for it and
    wins over the synonyms. ``engine`` forces "calamine" or "openpyxl" for .xlsx (tests);
    ``None`` picks calamine when installed. Never raises for bad input, only on cancellation.
    """
    result = ReadResult()
    files, result.issues = report_files(path)
    result.skipped_files = [i.file for i in result.issues if i.message.template.startswith("Skipped:")]
    overrides = {k: v for k, v in (overrides or {}).items() if v}
    total = len(files)
    # The rows built here hold only strings, so they cannot form reference cycles; with the cyclic
    # garbage collector on, it rescans the growing result again and again (more than half of the
    # reading time on 100,000 rows): paused_gc. The next workbooks are parsed by calamine in worker
    # threads (it releases the GIL) while this thread converts the rows of the current one;
    # everything else (sniffing, openpyxl for a damaged sheet, CSV) happens here, in order, so the
    # issues and rows come out as read one by one.
    ahead = _ReadAhead([full for full, _rel in files], engine)
    try:
        with paused_gc():
            for i, (full, rel) in enumerate(files):
                check(feedback, i, total)
                span = 100.0 / total if total else 100.0
                _read_file(full, rel, overrides, engine, result, feedback, 100.0 * i / max(total, 1), span,
                           parsed=ahead.next())
    finally:
        ahead.close()
    check(feedback, total, total)
    return result


_NOT_A_TABLE = {
    KIND_PDF: QT_TRANSLATE_NOOP("CoreMessages", "The file is a PDF document, not a spreadsheet or CSV file; "
                                                "it was not read."),
    KIND_IMAGE: QT_TRANSLATE_NOOP("CoreMessages", "The file is a picture, not a spreadsheet or CSV file; "
                                                  "it was not read."),
    KIND_WORD: QT_TRANSLATE_NOOP("CoreMessages", "The file is a Word or WPS document, not a spreadsheet; it "
                                                 "was not read. Copy the table into Excel or WPS and save it "
                                                 "as .xlsx."),
    KIND_HTML: QT_TRANSLATE_NOOP("CoreMessages", "The file is a web page (HTML), as some systems export "
                                                 "\"Excel\" files; it was not read. Open it in Excel or WPS "
                                                 "and save it as .xlsx."),
    KIND_XML2003: QT_TRANSLATE_NOOP("CoreMessages", "The file is an Excel 2003 XML spreadsheet; it was not "
                                                    "read. Open it in Excel or WPS and save it as .xlsx."),
    KIND_OTHER_ZIP: QT_TRANSLATE_NOOP("CoreMessages", "The file is a zip archive but not a workbook; it was "
                                                      "not read."),
    KIND_EMPTY: QT_TRANSLATE_NOOP("CoreMessages", "The file is empty (0 bytes); it was not read."),
}


def _open_sheets(full: str, rel: str, engine: Optional[str], result: ReadResult,
                 parsed: Optional[ParsedBook] = None) -> List[SheetSource]:
    """The sheets of a file opened as what its content is; says so when the name says otherwise."""
    ext = os.path.splitext(rel)[1].lower()
    kind = sniff_file(full, rel)
    if kind == KIND_TEXT:
        sheets = open_text_table(full)
        if ext not in TEXT_EXTENSIONS:
            _issue(result, rel, "", None, None, Message(QT_TRANSLATE_NOOP(
                "CoreMessages", "The file is CSV text ({encoding}) although its name ends in \"{ext}\"; it "
                                "was read as CSV."), {"encoding": sheets[0].encoding, "ext": ext}), "info")
        return sheets
    if kind in WORKBOOK_KINDS or kind in (KIND_ENCRYPTED, KIND_OTHER_OLE) or (
            kind == KIND_BINARY and ext not in TEXT_EXTENSIONS):
        sheets = open_workbook(full, engine, kind, parsed)
        named = {".xlsx": "xlsx", ".xlsm": "xlsx", ".xls": "xls", ".ods": "ods", ".xlsb": "xlsb"}.get(ext)
        if kind in WORKBOOK_KINDS and named != kind:
            _issue(result, rel, "", None, None, Message(QT_TRANSLATE_NOOP(
                "CoreMessages", "The file is a workbook ({format}) although its name ends in \"{ext}\"; it "
                                "was read as a workbook."), {"format": "." + kind, "ext": ext}), "info")
        return sheets
    template = _NOT_A_TABLE.get(kind)
    if template is None:  # binary content under a text name: the CSV reader says why it cannot
        return open_text_table(full)
    # an empty file loses nothing (a warning); any other non-table content is an error
    raise SourceError(Message(template, {"ext": ext}), "warning" if kind == KIND_EMPTY else "error")


class _ReadAhead:
    """Workbooks parsed ahead by calamine (:func:`readers.sources.parse_calamine`) in worker threads,
    at most :attr:`WINDOW` files ahead of the reading thread (memory stays that of a few files);
    :meth:`next` gives each file's :class:`ParsedBook` (``None``: opened the usual way) in order."""

    WORKERS = 2  # these machines have two cores; the reading thread holds the GIL most of its time
    WINDOW = 4

    def __init__(self, paths: List[str], engine: Optional[str]):
        self.paths = paths
        self.pool = None
        self.pending: Deque[Any] = deque()
        self.submitted = 0
        workbooks = sum(1 for p in paths if p.lower().endswith(WORKBOOK_EXTENSIONS))
        if engine in (None, "calamine") and calamine_available() and workbooks > 1:
            self.pool = ThreadPoolExecutor(max_workers=self.WORKERS, thread_name_prefix="calamine")
            self._fill()

    def _fill(self) -> None:
        while self.submitted < len(self.paths) and len(self.pending) < self.WINDOW:
            self.pending.append(self.pool.submit(parse_calamine, self.paths[self.submitted]))
            self.submitted += 1

    def next(self) -> Optional[ParsedBook]:
        if not self.pending:
            return None
        parsed = self.pending.popleft().result()
        self._fill()
        return parsed

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)
            self.pool = None
            self.pending.clear()


def _read_file(full: str, rel: str, overrides: Dict[str, str], engine: Optional[str],
               result: ReadResult, feedback, start: float, span: float,
               parsed: Optional[ParsedBook] = None) -> None:
    report_dir = os.path.dirname(full)
    try:
        sheets = _open_sheets(full, rel, engine, result, parsed)
    except Canceled:
        raise
    except SourceError as error:
        result.issues.append(ReadIssue(rel, "", None, None, _in_file(error.message, rel), error.severity))
        return
    except OSError as error:
        result.issues.append(ReadIssue(rel, "", None, None, _in_file(Message(QT_TRANSLATE_NOOP(
            "CoreMessages", "The file cannot be opened: {detail}"), {"detail": str(error)}), rel), "error"))
        return
    result.files_read += 1
    n = max(len(sheets), 1)
    for j, sheet in enumerate(sheets):
        if sheet.note is not None:
            _issue(result, rel, sheet.name, None, None, sheet.note, "warning")
        try:
            _read_sheet(sheet, rel, report_dir, overrides, result, feedback, start + span * j / n, span / n)
        except Canceled:
            raise
        except SourceError as error:
            result.issues.append(ReadIssue(rel, sheet.name, None, None, _in_file(error.message, rel,
                                                                                  sheet.name), "error"))
        except Exception as error:  # never let one odd sheet stop the others
            result.issues.append(ReadIssue(rel, sheet.name, None, None, _in_file(Message(QT_TRANSLATE_NOOP(
                "CoreMessages", "The sheet could not be read: {detail}"), {"detail": str(error)[:200]}),
                rel, sheet.name), "error"))


def _in_file(message: Message, rel: str, sheet: str = "") -> Message:
    """``message`` with the file and sheet added to its parameters (see :func:`describe_issue`)."""
    params = dict(message.params)
    params.setdefault("file", rel)
    params.setdefault("sheet", sheet)
    return Message(message.template, params)


def describe_issue(issue: ReadIssue, translate=None) -> str:
    """One line for a log: where (file, sheet, row, column) and what, translated when asked."""
    parts = [issue.file]
    if issue.sheet:
        parts.append(Message(QT_TRANSLATE_NOOP("CoreMessages", "sheet \"{sheet}\""),
                             {"sheet": issue.sheet}).format(translate))
    if issue.row:
        parts.append(Message(QT_TRANSLATE_NOOP("CoreMessages", "row {row}"),
                             {"row": issue.row}).format(translate))
    if issue.column:
        parts.append(Message(QT_TRANSLATE_NOOP("CoreMessages", "column {column}"),
                             {"column": issue.column}).format(translate))
    return "{}: {}".format(", ".join(parts), issue.message.format(translate))


def _issue(result: ReadResult, rel: str, sheet: str, row: Optional[int], column: Optional[str],
           message: Message, severity: str) -> None:
    result.issues.append(ReadIssue(rel, sheet, row, column, _in_file(message, rel, sheet), severity))


def _until_error(rows: Iterator, errors: List[Exception]) -> Iterator:
    """``rows`` until the first error, which goes into ``errors`` (the rows before it are kept)."""
    try:
        yield from rows
    except Canceled:
        raise
    except Exception as error:  # SourceError from the engines, anything else from a damaged file
        errors.append(error)


def _text_blocks(first: List[Tuple[int, Sequence[str]]], rest: Iterator[Tuple[Sequence[Any], int]],
                 cache: CellCache) -> Iterator[Tuple[Sequence[Sequence[str]], Sequence[int]]]:
    """(cells as text, row numbers) of the data rows in blocks: ``first`` already converted
    (the data rows among those scanned for the header), then ``rest`` (raw rows, numbers) converted
    :data:`_BLOCK` rows at a time."""
    if first:
        numbers, cells = zip(*first)
        yield cells, numbers
    while True:
        block = list(itertools.islice(rest, _BLOCK))
        if not block:
            return
        raw_rows, numbers = zip(*block)
        del block
        yield convert_block(raw_rows, cache), numbers


def _read_sheet(src: SheetSource, rel: str, report_dir: str, overrides: Dict[str, str],
                result: ReadResult, feedback, start: float, span: float) -> None:
    cache = CellCache()
    text_of = cache.__getitem__
    errors: List[Exception] = []
    # a list (calamine) is already read: only streamed rows can break half-way
    rows: Iterator = iter(src.rows) if isinstance(src.rows, (list, tuple)) else _until_error(
        iter(src.rows), errors)
    numbers: Iterator[int] = src.numbers if src.numbers is not None else itertools.count(1)
    head_raw: List = []
    head_numbers: List[int] = []
    for row, number in zip(rows, numbers):
        head_raw.append(row)
        head_numbers.append(number)
        if len(head_raw) >= HEADER_SCAN_ROWS:
            break
    # the rows scanned for the header are converted once: their data rows are not converted again
    head: List[Tuple[int, Sequence[str]]] = list(zip(head_numbers, convert_block(head_raw, cache)))
    del head_raw
    by_header = {normalize_header(v): k for k, v in overrides.items()}
    h = find_header_row([cells for _n, cells in head], by_header)
    sheet = src.name
    if h is None:
        if errors:
            raise errors[0]
        _no_header(src, rel, head, rows, text_of, result)
        if errors:  # the sheet broke while being counted: say so (its rows were not read anyway)
            raise errors[0]
        return
    header, first_data = combine_header_rows([cells for _n, cells in head], h, by_header)
    header_number = head[h][0]
    pairs, duplicates, missing = map_columns(header, overrides)
    for text in missing:
        _issue(result, rel, sheet, header_number, None, Message(QT_TRANSLATE_NOOP(
            "CoreMessages",
            "The column \"{header}\" chosen in the column settings is not in the header row."),
            {"header": text}), "warning")
    offset = src.col_offset
    for key in duplicates:
        cols = ", ".join(column_letter(c + offset) for k, c in pairs if k == key)
        _issue(result, rel, sheet, header_number, cols, Message(QT_TRANSLATE_NOOP(
            "CoreMessages", "Several columns ({columns}) mean \"{key}\": the first non-empty one is used."),
            {"columns": cols, "key": key}), "info")
    keys = {k for k, _c in pairs}
    if not keys.intersection(_ADDRESS_KEYS):
        _issue(result, rel, sheet, header_number, None, Message(QT_TRANSLATE_NOOP(
            "CoreMessages", "No address column (compound, building, address or coordinates) was recognised "
                            "in the header row; rows cannot be placed on the map.")), "warning")
    result.sheets_read += 1
    headers = _unique_headers(header, offset)
    width = len(headers)
    # With a key in several columns, reverse the priority: when a dict is built from pairs the
    # last write wins, so the first non-empty column of the key (in priority order) ends up in it.
    key_cols = list(reversed(pairs)) if duplicates else list(pairs)
    keys_in_order = tuple(k for k, _c in key_cols)
    cols = [c for _k, c in key_cols]
    picker = itemgetter(*cols) if len(cols) > 1 else (lambda cells, _c=cols[0]: (cells[_c],))
    place_cols = sorted({c for k, c in pairs if k in _PLACE_KEYS})
    has_date = "date" in keys
    has_photo = "photo" in keys
    embedded: List[int] = []  # rows whose photo cell holds a picture embedded in the cell
    append = result.rows.append
    blank = pending = 0
    nondata: List[int] = []
    data_numbers = [n for n, _cells in head[first_data:]]
    merges = MergeFill(src.merged() if src.merged is not None else (),
                        data_numbers[0] if data_numbers else head[-1][0] + 1, offset)
    last_number = head[-1][0]
    seen_rows = 0
    for block_cells, block_numbers in _text_blocks(head[first_data:], zip(rows, numbers), cache):
        check(feedback)
        last_number = block_numbers[-1]
        seen_rows += len(block_numbers)
        for cells, number in zip(block_cells, block_numbers):
            if not any(cells):
                pending += 1
                continue
            if pending:
                blank += pending
                pending = 0
            if merges:
                cells = merges.fill(number, cells)
            if next(filter(None, cells))[0] in NONDATA_FIRST_CHARS and is_nondata_row(cells, place_cols):
                nondata.append(number)
                continue
            if len(cells) != width:
                n = len(cells)
                if n < width:
                    cells = list(cells) + [""] * (width - n)
                else:
                    headers.extend(column_letter(c + offset) for c in range(width, n))
                    width = n
            values = dict(filter(_second, zip(keys_in_order, picker(cells))))
            if has_date and "date" in values:
                values["date"] = iso_date(values["date"])
            if has_photo and "DISPIMG(" in values.get("photo", ""):
                embedded.append(number)
                del values["photo"]  # not a file name: the picture lives inside the workbook
            append(ReportRow(rel, sheet, number, values, None, report_dir, cells, headers))
        del block_cells
    result.blank_rows += blank
    if nondata:
        result.nondata_rows += len(nondata)
        shown = ", ".join(str(n) for n in nondata[:20]) + (" …" if len(nondata) > 20 else "")
        _issue(result, rel, sheet, None, None, Message(QT_TRANSLATE_NOOP(
            "CoreMessages", "{count} total, subtotal or signature rows (合计, 小计, 审核人, 日期 …) are not "
                            "reports and were not read as such: rows {rows}."),
            {"count": len(nondata), "rows": shown}), "info")
    if embedded:
        shown = ", ".join(str(n) for n in embedded[:20]) + (" …" if len(embedded) > 20 else "")
        _issue(result, rel, sheet, None, None, Message(QT_TRANSLATE_NOOP(
            "CoreMessages", "{count} photo cells hold a picture embedded in the cell (WPS \"picture in "
                            "cell\", =DISPIMG), which is not extracted: rows {rows}. Save the pictures into "
                            "the 照片 folder and write their file names in the photo column."),
            {"count": len(embedded), "rows": shown}), "warning")
    if errors:
        _broken_sheet(src, rel, errors[0], last_number, seen_rows - pending, result)
    check(feedback, 1, 1, start, span)


def _broken_sheet(src: SheetSource, rel: str, error: Exception, last_number: int, read: int,
                  result: ReadResult) -> None:
    """A sheet that stopped being readable after row ``last_number``: count and report the rest."""
    detail = error.message.format() if isinstance(error, SourceError) else str(error)[:200]
    unread = src.unread(last_number) if src.unread is not None else None
    if unread is None:
        _issue(result, rel, src.name, last_number + 1, None, Message(QT_TRANSLATE_NOOP(
            "CoreMessages", "The sheet cannot be read beyond row {last} ({detail}): the {read} rows up to "
                            "there were read, the rest of the sheet (of unknown size) was not."),
            {"last": last_number, "detail": detail, "read": read}), "error")
        return
    result.unreadable_rows += unread
    _issue(result, rel, src.name, last_number + 1, None, Message(QT_TRANSLATE_NOOP(
        "CoreMessages", "The sheet cannot be read beyond row {last} ({detail}): the {read} rows up to there "
                        "were read, the {unread} rows after it were not (counted as unreadable rows). "
                        "Open the file in Excel or WPS, save it again and run once more."),
        {"last": last_number, "detail": detail, "read": read, "unread": unread}), "error")


def _unique_headers(header: List[str], offset: int = 0) -> List[str]:
    names: List[str] = []
    seen = set()
    for c, text in enumerate(header):
        name = text or column_letter(c + offset)
        if name in seen:
            name = "{} ({})".format(name, column_letter(c + offset))
        seen.add(name)
        names.append(name)
    return names


def _no_header(src: SheetSource, rel: str, head, rows, text_of, result: ReadResult) -> None:
    non_blank = sum(1 for _n, cells in head if any(cells))
    non_blank += sum(1 for row in rows if any(map(text_of, row)))
    name = src.name.lower()
    if non_blank == 0:
        _issue(result, rel, src.name, None, None, Message(QT_TRANSLATE_NOOP(
            "CoreMessages", "The sheet is empty; skipped.")), "info")
    elif src.hidden or any(word in name for word in _NON_DATA_SHEETS):
        _issue(result, rel, src.name, None, None, Message(QT_TRANSLATE_NOOP(
            "CoreMessages", "The sheet has no report header (instructions or lists); skipped.")), "info")
    else:
        severity = "warning" if non_blank <= 3 else "error"
        _issue(result, rel, src.name, None, None, Message(QT_TRANSLATE_NOOP(
            "CoreMessages", "No header row was recognised in the first {scan} rows, so its {rows} non-empty "
                            "rows were not read. Name the columns like the standard form "
                            "(社区名, 小区, 楼栋, 单元, 问题, 图片, 描述 …) or set the columns in the "
                            "algorithm's column settings."),
            {"scan": HEADER_SCAN_ROWS, "rows": non_blank}), severity)
