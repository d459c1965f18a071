"""Open report files and yield their sheets as rows of raw cell values.

Each opener returns a list of :class:`SheetSource`; a sheet's ``rows`` is a list (calamine) or an
iterator (openpyxl, xlrd, CSV) of sequences of raw cell values, and ``numbers`` optionally gives
the row number a person sees for each row (CSV records spanning several lines). Errors are raised
as :class:`SourceError` carrying a :class:`Message`; the reader turns them into issues.
"""

from __future__ import annotations

import codecs
import csv
import io
import os
from dataclasses import dataclass
from typing import Any, Callable, Iterable, Iterator, List, Optional, Sequence, Tuple

from ..messages import QT_TRANSLATE_NOOP, Message
from .ooxml import Range, SheetXml
from .sniff import (
    KIND_ENCRYPTED,
    KIND_ODS,
    KIND_OTHER_OLE,
    KIND_XLS,
    KIND_XLSB,
    KIND_XLSX,
    sniff_file,
)

try:  # optional, much faster reader (Rust); used when installed
    from python_calamine import CalamineWorkbook
except ImportError:  # pragma: no cover - depends on the environment
    CalamineWorkbook = None

WORKBOOK_EXTENSIONS = (".xlsx", ".xlsm", ".xls", ".xlsb", ".ods")
TEXT_EXTENSIONS = (".csv", ".txt", ".tsv")
REPORT_EXTENSIONS = WORKBOOK_EXTENSIONS + TEXT_EXTENSIONS
ENGINES = ("calamine", "openpyxl")


class SourceError(Exception):
    """A file that cannot be read; ``message`` says why in words a planner understands."""

    def __init__(self, message: Message, severity: str = "error"):
        super().__init__(message.format())
        self.message = message
        self.severity = severity


@dataclass
class SheetSource:
    name: str
    rows: Iterable[Sequence[Any]]
    hidden: bool = False
    numbers: Optional[Iterator[int]] = None  # None: row i (0-based) is row i + 1
    total: int = 0  # number of rows when known (progress)
    col_offset: int = 0  # 0-based index of the sheet column that rows start at
    #: merged ranges ``(r1, c1, r2, c2)``, 0-based inclusive sheet coordinates (computed when asked)
    merged: Optional[Callable[[], List[Range]]] = None
    #: rows of the sheet after row number ``n`` (when the rows stop with an error: how many were lost)
    unread: Optional[Callable[[int], Optional[int]]] = None
    #: something to tell the planner about how the sheet was read (e.g. engine fallback)
    note: Optional[Message] = None
    encoding: str = ""  # text files: the encoding found (UTF-8, GBK/GB18030, UTF-16 …)


def calamine_available() -> bool:
    return CalamineWorkbook is not None


def open_workbook(path: str, engine: Optional[str] = None, kind: Optional[str] = None,
                  parsed: Optional["ParsedBook"] = None) -> List[SheetSource]:
    """Sheets of a workbook (``kind``: one of :data:`sniff.WORKBOOK_KINDS`, sniffed when ``None``),
    with the chosen or best available engine, whatever the file's name says. ``parsed``: the file
    read ahead by :func:`parse_calamine` (used when calamine reads the file under its own name)."""
    if kind is None:
        kind = sniff_file(path)
    ext = os.path.splitext(path)[1].lower()
    if kind == KIND_ENCRYPTED or (kind == KIND_OTHER_OLE and ext in (".xlsx", ".xlsm")):
        # An encrypted OOXML workbook is an OLE compound file holding the encrypted package.
        raise _encrypted()
    if engine == "calamine" and not calamine_available():
        raise SourceError(Message(QT_TRANSLATE_NOOP(
            "CoreMessages", "The calamine engine was requested but python-calamine is not installed.")))
    use_calamine = engine == "calamine" or (engine is None and calamine_available())
    if kind in (KIND_ODS, KIND_XLSB) and not use_calamine:
        raise SourceError(Message(QT_TRANSLATE_NOOP(
            "CoreMessages", "Reading {format} files needs python-calamine (pip install python-calamine), "
                            "which is not installed; open the file in Excel, WPS or LibreOffice and save "
                            "it as .xlsx."), {"format": ".ods" if kind == KIND_ODS else ".xlsb"}))
    if kind in (KIND_XLS, KIND_OTHER_OLE):
        sheets = _calamine_sheets(path, kind, parsed) if use_calamine else _xlrd_sheets(path)
    elif kind not in (KIND_XLSX, KIND_ODS, KIND_XLSB):
        raise _corrupt()
    else:
        sheets = _calamine_sheets(path, kind, parsed) if use_calamine else _openpyxl_sheets(path)
    if not sheets:
        # calamine lists no sheet when the workbook part is damaged or missing: say so, or the
        # file would count as read with nothing in it
        raise _corrupt("no worksheet found")
    return sheets


def _encrypted() -> SourceError:
    return SourceError(Message(QT_TRANSLATE_NOOP(
        "CoreMessages", "The workbook is password-protected (encrypted). Open it in Excel or WPS, "
                        "remove the password (File > Info > Protect Workbook) and save it again.")))


def _corrupt(detail: str = "") -> SourceError:
    return SourceError(Message(QT_TRANSLATE_NOOP(
        "CoreMessages", "The workbook cannot be read: it is damaged or not really an Excel file ({detail}). "
                        "Open it in Excel or WPS and save it again as .xlsx."), {"detail": detail or "-"}))


_KIND_EXTENSIONS = {KIND_XLSX: (".xlsx", ".xlsm"), KIND_XLS: (".xls",), KIND_ODS: (".ods",),
                    KIND_XLSB: (".xlsb",)}


def _calamine_sheets(path: str, kind: str, parsed: Optional["ParsedBook"] = None) -> List[SheetSource]:
    try:
        if os.path.splitext(path)[1].lower() in _KIND_EXTENSIONS.get(kind, ()):
            book = parsed if parsed is not None else CalamineWorkbook.from_path(path)
        else:  # a renamed file: calamine picks the format from the name, unless given the bytes
            with open(path, "rb") as handle:
                book = CalamineWorkbook.from_filelike(io.BytesIO(handle.read()))
    except Exception as error:  # calamine raises its own error family; any failure = unreadable
        raise _calamine_error(error) from None
    return _calamine_book_sheets(book, path if kind == KIND_XLSX else None)


class _SheetMeta:
    """A sheet's name, type and visibility as text (calamine's ``SheetMetadata``, copied)."""

    __slots__ = ("name", "typ", "visible")

    def __init__(self, meta):
        self.name, self.typ, self.visible = meta.name, str(meta.typ), str(meta.visible)


class _ParsedSheet:
    """One sheet read whole: what :func:`_calamine_book_sheets` asks of a calamine sheet."""

    __slots__ = ("start", "_rows", "_merged")

    def __init__(self, sheet):
        self.start = sheet.start
        self._rows = list(sheet.iter_rows())
        try:
            self._merged: Any = getattr(sheet, "merged_cell_ranges", None)
        except Exception as error:  # noqa: BLE001 (raised where it is asked for, as calamine would)
            self._merged = error

    def iter_rows(self) -> Iterator[Sequence[Any]]:
        return iter(self._rows)

    @property
    def merged_cell_ranges(self):
        if isinstance(self._merged, Exception):
            raise self._merged
        return self._merged


class ParsedBook:
    """A workbook read whole by calamine, every sheet's cells as Python values, standing in for the
    ``CalamineWorkbook`` in :func:`_calamine_book_sheets` (the same sheets, cells and errors).

    Made by :func:`parse_calamine`, in a worker thread: calamine parses without holding the GIL, so
    the next files are parsed while this thread converts the rows of the current one. Nothing but
    calamine runs in the worker (openpyxl, the fallback for a damaged sheet, runs later in the
    reading thread: lxml objects made in a thread that ends crash later writes, issue 17).
    """

    def __init__(self, book):
        self.sheets_metadata = [_SheetMeta(m) for m in book.sheets_metadata]
        self.sheet_names = list(book.sheet_names)
        self._sheets: dict = {}
        for name in self.sheet_names:  # chart sheets too: _calamine_book_sheets decides what to skip
            try:
                self._sheets[name] = _ParsedSheet(book.get_sheet_by_name(name))
            except Exception as error:  # noqa: BLE001 (one damaged sheet: raised when it is asked for)
                self._sheets[name] = error

    def get_sheet_by_name(self, name: str) -> _ParsedSheet:
        found = self._sheets[name]
        if isinstance(found, Exception):
            raise found
        return found


def parse_calamine(path: str) -> Optional[ParsedBook]:
    """The workbook at ``path`` read whole by calamine (thread-safe: calamine only), or ``None`` when
    calamine is missing, the name is not a workbook's or opening it fails in any way (the reading
    thread then opens it as before and reports why)."""
    if CalamineWorkbook is None or os.path.splitext(path)[1].lower() not in WORKBOOK_EXTENSIONS:
        return None
    try:
        return ParsedBook(CalamineWorkbook.from_path(path))
    except Exception:  # noqa: BLE001 (opened again by the reading thread, which says why)
        return None


def _calamine_book_sheets(book, xlsx_path: Optional[str] = None) -> List[SheetSource]:
    try:
        meta = {m.name: m for m in book.sheets_metadata}
        names = list(book.sheet_names)
    except Exception as error:
        raise _calamine_error(error) from None
    xml = SheetXml(xlsx_path) if xlsx_path else None
    sheets = []
    for name in names:
        m = meta.get(name)
        if m is not None and str(m.typ).endswith("ChartSheet"):
            continue
        hidden = m is not None and not str(m.visible).endswith(".Visible")
        try:
            sheet = book.get_sheet_by_name(name)
            start = sheet.start
            # iter_rows starts at row 1 (empty rows above the data come as empty rows), so the
            # position of a row is its Excel row number; columns start at the first used column.
            # Taken as a list here (calamine has read the whole sheet already): the reader then
            # needs no guard against a sheet breaking half-way, and a failure is this sheet's.
            rows: Iterable[Sequence[Any]] = list(sheet.iter_rows())
            offset = start[1] if start else 0
        except Exception as error:  # one damaged sheet: report it, read the others
            if xml is not None:
                # calamine reads a sheet whole and gives up on the first bad byte; openpyxl streams
                # it and reads the rows before the damage. Say so, and lose only what is lost.
                sheets.append(SheetSource(
                    name, _openpyxl_sheet_rows(xlsx_path, name), hidden, unread=_unread_after(xml, name),
                    merged=lambda n=name: xml.merged(n), note=Message(QT_TRANSLATE_NOOP(
                        "CoreMessages", "python-calamine could not read the sheet ({detail}); it was read "
                                        "with openpyxl as far as it goes."), {"detail": str(error)[:200]})))
                continue
            rows, offset = _failing(_calamine_error(error)), 0
            sheets.append(SheetSource(name, rows, hidden))
            continue
        sheets.append(SheetSource(name, rows, hidden, col_offset=offset,
                                  merged=_calamine_merged(sheet, xml, name)))
    return sheets


def _calamine_merged(sheet, xml: Optional[SheetXml], name: str) -> Callable[[], List[Range]]:
    def merged() -> List[Range]:
        ranges = getattr(sheet, "merged_cell_ranges", None)  # python-calamine >= 0.3
        if ranges is not None:
            return [(r1, c1, r2, c2) for (r1, c1), (r2, c2) in ranges]
        return xml.merged(name) if xml is not None else []
    return merged


def _unread_after(xml: SheetXml, name: str) -> Callable[[int], Optional[int]]:
    def unread(last: int) -> Optional[int]:
        end = xml.last_row(name)
        return None if end is None else max(0, end - last)
    return unread


def _failing(error: SourceError) -> Iterator[Sequence[Any]]:
    raise error
    yield  # pragma: no cover - makes this a generator


def _calamine_error(error: Exception) -> SourceError:
    import python_calamine as pc

    if isinstance(error, pc.PasswordError):
        return _encrypted()
    return _corrupt(str(error)[:200])


def _load_openpyxl(path: str):
    import openpyxl

    source: Any = path
    if not path.lower().endswith((".xlsx", ".xlsm")):
        # openpyxl refuses a workbook whose name does not end in .xlsx: give it the bytes
        with open(path, "rb") as handle:
            source = io.BytesIO(handle.read())
    try:
        return openpyxl.load_workbook(source, read_only=True, data_only=True)
    except Exception as error:  # BadZipFile, InvalidFileException, KeyError on missing parts …
        raise _corrupt(str(error)[:200]) from None


def _openpyxl_sheets(path: str) -> List[SheetSource]:
    book = _load_openpyxl(path)
    xml = SheetXml(path)
    sheets = []
    for ws in book.worksheets:
        hidden = getattr(ws, "sheet_state", "visible") != "visible"
        sheets.append(SheetSource(ws.title, _guarded(ws.iter_rows(values_only=True)), hidden,
                                  merged=lambda n=ws.title: xml.merged(n),
                                  unread=_unread_after(xml, ws.title)))
    return sheets


def _openpyxl_sheet_rows(path: str, name: str) -> Iterator[Sequence[Any]]:
    """The rows of one sheet through openpyxl, opened when first iterated."""
    book = _load_openpyxl(path)
    yield from _guarded(book[name].iter_rows(values_only=True))


def _guarded(rows: Iterator[Sequence[Any]]) -> Iterator[Sequence[Any]]:
    try:
        yield from rows
    except Exception as error:  # a part of the zip that is damaged only shows when streamed
        raise _corrupt(str(error)[:200]) from None


def _xlrd_sheets(path: str) -> List[SheetSource]:
    try:
        import xlrd
    except ImportError:
        raise SourceError(Message(QT_TRANSLATE_NOOP(
            "CoreMessages", "Reading the old .xls format needs python-calamine (pip install python-calamine) "
                            "or xlrd; or save the file as .xlsx in Excel or WPS."))) from None
    try:
        book = xlrd.open_workbook(path, formatting_info=False)
    except Exception as error:
        raise _corrupt(str(error)[:200]) from None
    sheets = []
    for sh in book.sheets():
        sheets.append(SheetSource(sh.name, _xlrd_rows(xlrd, book, sh), sh.visibility != 0, total=sh.nrows))
    return sheets


def _xlrd_rows(xlrd, book, sheet) -> Iterator[List[Any]]:
    for r in range(sheet.nrows):
        out = []
        for cell in sheet.row(r):
            if cell.ctype == xlrd.XL_CELL_DATE:
                try:
                    out.append(xlrd.xldate_as_datetime(cell.value, book.datemode))
                except Exception:
                    out.append(cell.value)
            elif cell.ctype == xlrd.XL_CELL_ERROR:
                out.append("")
            else:
                out.append(cell.value)
        yield out


# --- CSV --------------------------------------------------------------------------------------


def decode_text(data: bytes) -> Tuple[str, str]:
    """Decode ``data`` as UTF-8 (BOM or not), UTF-16 (BOM or obvious), or GB18030 (⊃ GBK).

    Returns ``(text, encoding)``; raises :class:`SourceError` when none fits.
    """
    if data.startswith(codecs.BOM_UTF8):
        candidates = ["utf-8-sig"]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        candidates = ["utf-16"]
    else:
        sample = data[:4000]
        zeros_odd = sample[1::2].count(0)
        zeros_even = sample[0::2].count(0)
        half = max(1, len(sample) // 2)
        candidates = []
        if zeros_odd > half * 0.3 and zeros_even < half * 0.05:
            candidates.append("utf-16-le")
        elif zeros_even > half * 0.3 and zeros_odd < half * 0.05:
            candidates.append("utf-16-be")
        candidates += ["utf-8", "gb18030"]
    for encoding in candidates:
        try:
            text = data.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
        if "\x00" in text:
            # UTF-16 misread as UTF-8 is full of NULs; a few stray NULs in a real UTF-8 / GBK file
            # (a damaged cell, an export bug) must not lose the whole file: they are dropped
            if encoding.startswith("utf-16") or 10 * text.count("\x00") > len(text):
                continue
            text = text.replace("\x00", "")
        return text, encoding
    raise SourceError(Message(QT_TRANSLATE_NOOP(
        "CoreMessages", "The text file is in an encoding that cannot be recognised (tried UTF-8, UTF-16 and "
                        "GBK/GB18030). Save it again as \"CSV UTF-8\" in Excel or WPS.")))


def sniff_delimiter(text: str) -> str:
    """The most plausible delimiter among comma, semicolon and tab (comma when unsure)."""
    lines = [line for line in text.splitlines()[:30] if line.strip()]
    best, best_score = ",", 0
    for delim in (",", "\t", ";"):
        counts = [line.count(delim) for line in lines]
        counts = [c for c in counts if c]
        if not counts:
            continue
        mode = max(set(counts), key=counts.count)
        score = mode * counts.count(mode)
        if score > best_score:
            best, best_score = delim, score
    return best


ENCODING_NAMES = {"utf-8": "UTF-8", "utf-8-sig": "UTF-8 (BOM)", "utf-16": "UTF-16", "utf-16-le": "UTF-16",
                  "utf-16-be": "UTF-16", "gb18030": "GBK/GB18030"}


def open_text_table(path: str) -> List[SheetSource]:
    """A CSV / TSV / TXT file as one sheet named ``""``; row numbers are the file's line numbers.

    A record that breaks the CSV rules (a field longer than the csv module allows, typically an
    unclosed quote swallowing the rest) stops the rows with a :class:`SourceError`; ``unread`` then
    counts the non-blank lines after the last record read.
    """
    with open(path, "rb") as handle:
        data = handle.read()
    text, encoding = decode_text(data)
    if text.startswith("\ufeff"):
        text = text[1:]
    delimiter = sniff_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    numbers: List[int] = []
    consumed = [0]  # lines taken by the records read so far

    def rows() -> Iterator[List[str]]:
        last = 0
        try:
            for record in reader:
                numbers.append(last + 1)
                last = consumed[0] = reader.line_num
                yield record
        except csv.Error as error:
            raise SourceError(Message(QT_TRANSLATE_NOOP(
                "CoreMessages", "The text file is malformed near line {line}: {detail}"),
                {"line": last + 1, "detail": str(error)})) from None

    def unread(_last_row: int) -> int:
        return sum(1 for line in text.splitlines()[consumed[0]:] if line.strip())

    sheet = SheetSource("", rows(), numbers=_NumberFeed(numbers), unread=unread)
    sheet.encoding = ENCODING_NAMES.get(encoding, encoding)
    return [sheet]


class _NumberFeed:
    """Line numbers appended by the CSV row generator, consumed in step with it."""

    def __init__(self, numbers: List[int]):
        self._numbers = numbers
        self._i = 0

    def __iter__(self):
        return self

    def __next__(self) -> int:
        value = self._numbers[self._i]
        self._i += 1
        return value
