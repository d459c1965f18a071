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
from typing import Any, Iterable, Iterator, List, Optional, Sequence, Tuple

from ..messages import QT_TRANSLATE_NOOP, Message

try:  # optional, much faster reader (Rust); used when installed
    from python_calamine import CalamineWorkbook
except ImportError:  # pragma: no cover - depends on the environment
    CalamineWorkbook = None

OLE_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")
ZIP_MAGIC = b"PK\x03\x04"
WORKBOOK_EXTENSIONS = (".xlsx", ".xlsm", ".xls")
TEXT_EXTENSIONS = (".csv", ".txt")
REPORT_EXTENSIONS = WORKBOOK_EXTENSIONS + TEXT_EXTENSIONS
ENGINES = ("calamine", "openpyxl")


class SourceError(Exception):
    """A file that cannot be read; ``message`` says why in words a planner understands."""

    def __init__(self, message: Message):
        super().__init__(message.format())
        self.message = message


@dataclass
class SheetSource:
    name: str
    rows: Iterable[Sequence[Any]]
    hidden: bool = False
    numbers: Optional[Iterator[int]] = None  # None: row i (0-based) is row i + 1
    total: int = 0  # number of rows when known (progress)
    col_offset: int = 0  # 0-based index of the sheet column that rows start at


def calamine_available() -> bool:
    return CalamineWorkbook is not None


def _head(path: str, size: int = 8) -> bytes:
    with open(path, "rb") as handle:
        return handle.read(size)


def open_workbook(path: str, engine: Optional[str] = None) -> List[SheetSource]:
    """Sheets of an .xlsx / .xlsm / .xls workbook, with the chosen or best available engine."""
    ext = os.path.splitext(path)[1].lower()
    head = _head(path)
    if ext in (".xlsx", ".xlsm") and head.startswith(OLE_MAGIC):
        # An encrypted OOXML workbook is an OLE compound file holding the encrypted package. The
        # other OLE file people save as .xlsx is an old .xls renamed: read it as one when we can.
        if not _has_encrypted_package(path):
            sheets = _renamed_xls(path, engine)
            if sheets is not None:
                return sheets
        raise _encrypted()
    if ext in (".xlsx", ".xlsm") and not head.startswith(ZIP_MAGIC):
        raise _corrupt()
    use_calamine = engine == "calamine" or (engine is None and calamine_available())
    if engine == "calamine" and not calamine_available():
        raise SourceError(Message(QT_TRANSLATE_NOOP(
            "CoreMessages", "The calamine engine was requested but python-calamine is not installed.")))
    if use_calamine:
        return _calamine_sheets(path)
    if ext == ".xls":
        return _xlrd_sheets(path)
    return _openpyxl_sheets(path)


_ENCRYPTED_MARKERS = ("EncryptedPackage".encode("utf-16-le"), "EncryptionInfo".encode("utf-16-le"))


def _has_encrypted_package(path: str) -> bool:
    with open(path, "rb") as handle:
        data = handle.read(64 * 1024 * 1024)
    return any(marker in data for marker in _ENCRYPTED_MARKERS)


def _renamed_xls(path: str, engine: Optional[str]) -> Optional[List[SheetSource]]:
    """Sheets of an .xls file that carries an .xlsx name, or ``None`` when it is not one."""
    if engine != "openpyxl" and calamine_available():
        try:
            with open(path, "rb") as handle:
                book = CalamineWorkbook.from_filelike(handle)
            return _calamine_book_sheets(book)
        except Exception:
            return None
    try:
        import xlrd  # noqa: F401
    except ImportError:
        return None
    try:
        return _xlrd_sheets(path)
    except SourceError:
        return None


def _encrypted() -> SourceError:
    return SourceError(Message(QT_TRANSLATE_NOOP(
        "CoreMessages", "The workbook is password-protected (encrypted). Open it in Excel or WPS, "
                        "remove the password (File > Info > Protect Workbook) and save it again.")))


def _corrupt(detail: str = "") -> SourceError:
    return SourceError(Message(QT_TRANSLATE_NOOP(
        "CoreMessages", "The workbook cannot be read: it is damaged or not really an Excel file ({detail}). "
                        "Open it in Excel or WPS and save it again as .xlsx."), {"detail": detail or "-"}))


def _calamine_sheets(path: str) -> List[SheetSource]:
    try:
        book = CalamineWorkbook.from_path(path)
    except Exception as error:  # calamine raises its own error family; any failure = unreadable
        raise _calamine_error(error) from None
    return _calamine_book_sheets(book)


def _calamine_book_sheets(book) -> List[SheetSource]:
    try:
        meta = {m.name: m for m in book.sheets_metadata}
        names = list(book.sheet_names)
    except Exception as error:
        raise _calamine_error(error) from None
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
            rows: Iterable[Sequence[Any]] = sheet.iter_rows()
            offset = start[1] if start else 0
        except Exception as error:  # one damaged sheet: report it, read the others
            rows, offset = _failing(_calamine_error(error)), 0
        sheets.append(SheetSource(name, rows, hidden, col_offset=offset))
    return sheets


def _failing(error: SourceError) -> Iterator[Sequence[Any]]:
    raise error
    yield  # pragma: no cover - makes this a generator


def _calamine_error(error: Exception) -> SourceError:
    import python_calamine as pc

    if isinstance(error, pc.PasswordError):
        return _encrypted()
    return _corrupt(str(error)[:200])


def _openpyxl_sheets(path: str) -> List[SheetSource]:
    import openpyxl

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # BadZipFile, InvalidFileException, KeyError on missing parts …
        raise _corrupt(str(error)[:200]) from None
    sheets = []
    for ws in book.worksheets:
        hidden = getattr(ws, "sheet_state", "visible") != "visible"
        sheets.append(SheetSource(ws.title, _guarded(ws.iter_rows(values_only=True)), hidden))
    return sheets


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
        book = xlrd.open_workbook(path)
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
            continue
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


def open_text_table(path: str) -> List[SheetSource]:
    """A CSV / TXT file as one sheet named ``""``; row numbers are the file's line numbers."""
    with open(path, "rb") as handle:
        data = handle.read()
    text, _encoding = decode_text(data)
    if text.startswith("\ufeff"):
        text = text[1:]
    delimiter = sniff_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    numbers: List[int] = []

    def rows() -> Iterator[List[str]]:
        last = 0
        try:
            for record in reader:
                numbers.append(last + 1)
                last = reader.line_num
                yield record
        except csv.Error as error:
            raise SourceError(Message(QT_TRANSLATE_NOOP(
                "CoreMessages", "The text file is malformed near line {line}: {detail}"),
                {"line": reader.line_num, "detail": str(error)})) from None

    return [SheetSource("", rows(), numbers=_NumberFeed(numbers))]


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
