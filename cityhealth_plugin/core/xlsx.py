"""openpyxl at the size of a city: what every workbook writer of the plugin shares (no Qt import).

- :class:`SharedStyles`: a cell's style assigned once per kind of cell, then shared by the style
  indices. Assigning openpyxl style objects (font, border, fill …) cell by cell looks each object
  up again by hashing it, which was most of the time of a large work order or survey form.
- :func:`linear_relationships`: while a workbook is saved, openpyxl 3.0 adds each hyperlink's
  relationship by copying and re-validating the whole list (quadratic in the links of a sheet:
  a fifth of a 3,000-row work order). On 3.0 this appends in place for the duration of the save;
  openpyxl 3.1 (QGIS 3.40, 3.44) appends in place already and is left alone.
- :func:`stored_zip` / :func:`workbook_parts`: a workbook serialised by openpyxl's own writer into
  memory, uncompressed, as bytes or as its parts.
- :class:`RepeatedRows`: rows that are the same in every workbook of a batch (the survey forms'
  pre-formatted empty rows) serialised once, not once per workbook.
- :class:`PlainRows`: write-only workbooks of one sheet of plain values (text, numbers, dates) whose
  rows are serialised here, byte for byte as openpyxl writes them, and whose other parts are
  openpyxl's own, made once per kind of workbook (the demo city's 2,332 report workbooks).
"""

from __future__ import annotations

import contextlib
import datetime
import io
import math
import re
import threading
import zipfile
from copy import copy
from typing import Any, Callable, Dict, Hashable, Iterator, List, Optional, Tuple, Union

#: the part of a workbook whose content changes with the time it is saved (created, modified)
CORE_PROPERTIES = "docProps/core.xml"


class SharedStyles:
    """``apply(cell, key, assign)``: the first cell of ``key`` gets its style from ``assign(cell)``
    (which sets font, border … on it); every later cell of ``key`` shares that style."""

    def __init__(self):
        self._known: Dict[Hashable, Any] = {}

    def apply(self, cell, key: Hashable, assign: Callable[[Any], None]) -> None:
        style = self._known.get(key)
        if style is None:
            assign(cell)
            self._known[key] = copy(cell._style)
        else:
            cell._style = copy(style)


def _append_in_place(self, value) -> None:
    """``RelationshipList.append`` of openpyxl 3.0 without copying the list each time (same ids)."""
    values = self.Relationship
    values.append(value)
    if not value.Id:
        value.Id = "rId{0}".format(len(values))


_LOCK = threading.Lock()
_MENDED: Dict[str, Any] = {"depth": 0, "original": None}


@contextlib.contextmanager
def linear_relationships() -> Iterator[None]:
    """Within the block, openpyxl 3.0's relationship list appends in place (see the module text).
    Blocks may overlap (forms saved by several threads): the first one in mends, the last one out
    puts the original back."""
    try:
        from openpyxl.packaging.relationship import RelationshipList
    except ImportError:  # no openpyxl: nothing to mend
        yield
        return
    if "Relationship" not in RelationshipList.__dict__ or "append" not in RelationshipList.__dict__:
        yield  # openpyxl 3.1 and later: an element list that appends in place
        return
    with _LOCK:
        if _MENDED["depth"] == 0:
            _MENDED["original"] = RelationshipList.__dict__["append"]
            RelationshipList.append = _append_in_place
        _MENDED["depth"] += 1
    try:
        yield
    finally:
        with _LOCK:
            _MENDED["depth"] -= 1
            if _MENDED["depth"] == 0:
                RelationshipList.append = _MENDED["original"]


def stored_zip(book) -> bytes:
    """``book`` as openpyxl saves it, into memory and uncompressed (``ZIP_STORED``): the same parts in
    the same order as ``book.save``, for a caller that compresses them once itself."""
    from openpyxl.writer.excel import ExcelWriter

    buffer = io.BytesIO()
    with linear_relationships():
        ExcelWriter(book, zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED, allowZip64=True)).save()
    return buffer.getvalue()


def workbook_parts(book) -> List[Tuple[zipfile.ZipInfo, bytes]]:
    """The zip parts of ``book`` as openpyxl writes them, in order: ``[(info, content)]``."""
    with zipfile.ZipFile(io.BytesIO(stored_zip(book))) as archive:
        return [(info, archive.read(info)) for info in archive.infolist()]


def _part(parts: List[Tuple[zipfile.ZipInfo, bytes]], name: str) -> bytes:
    return next(data for info, data in parts if info.filename == name)


_SHEET_DATA, _SHEET_DATA_END, _ROW = b"<sheetData>", b"</sheetData>", b"<row "


def _split_sheet(xml: bytes) -> Optional[Tuple[bytes, bytes, bytes]]:
    """A worksheet part as (head up to ``<sheetData>``, its rows, tail from ``</sheetData>``)."""
    start, end = xml.find(_SHEET_DATA), xml.rfind(_SHEET_DATA_END)
    if start < 0 or end < start:
        return None
    return xml[:start], xml[start + len(_SHEET_DATA):end], xml[end:]


class RepeatedRows:
    """The same trailing rows of one sheet in every workbook of a batch (the survey form's
    pre-formatted empty rows), serialised once for the batch instead of once per workbook.

    ``parts(key, build)`` returns the workbook's zip parts. ``build(full)`` makes the workbook; with
    ``full=False`` it writes, of those rows, the first one only (the others repeat its style and
    height) and changes nothing else. The first workbook of a ``key`` is built both ways and its full
    parts are the answer; when the full sheet is the light one with a block of rows added at the end
    of its rows (and its ``<dimension>`` widened), and no other part differs, that block is kept.
    A later workbook of the ``key`` is built light; when its sheet has, byte for byte, the same head,
    the same last row and the same tail as the first one's light sheet (its other rows, such as a
    title, may differ), the kept block is added to its rows: exactly the part its full build would
    write, since the block repeats that last row. Anything else is built in full, so a workbook is
    never written otherwise than openpyxl writes it: a block kept for the ``key`` stays for the books
    that match it, and a key whose first book could not be spliced is built in full from then on.
    Workbooks may be built by several threads.
    """

    def __init__(self, index: int = 0):
        self.index = index
        # key -> (light frame, full head, block), or False: built in full
        self._known: Dict[Hashable, Union[bool, Tuple[Tuple[bytes, bytes, bytes], bytes, bytes]]] = {}
        self.reused = 0  # workbooks that got the kept rows
        self._lock = threading.Lock()

    @staticmethod
    def _frame(split: Tuple[bytes, bytes, bytes]) -> Tuple[bytes, bytes, bytes]:
        head, rows, tail = split
        last = rows.rfind(_ROW)
        return head, rows[last:] if last >= 0 else b"", tail

    def parts(self, key: Hashable, build: Callable[[bool], Any]) -> List[Tuple[zipfile.ZipInfo, bytes]]:
        known = self._known.get(key)
        if known is False:  # the first book of the key showed its rows cannot be spliced in
            return workbook_parts(build(True))
        light_book = build(False)
        light = workbook_parts(light_book)
        name = light_book.worksheets[self.index].path.lstrip("/")
        split = _split_sheet(_part(light, name))
        if split is not None and known is not None and known[0] == self._frame(split):
            with self._lock:
                self.reused += 1
            sheet = known[1] + _SHEET_DATA + split[1] + known[2] + split[2]
            return [(info, sheet if info.filename == name else data) for info, data in light]
        full_book = build(True)
        full = workbook_parts(full_book)
        kept = None
        full_split = _split_sheet(_part(full, name)) if full_book.worksheets[self.index].path.lstrip(
            "/") == name else None
        if split is not None and full_split is not None and full_split[1].startswith(split[1]) \
                and full_split[2] == split[2]:
            def rest(parts):
                return [(i.filename, d) for i, d in parts if i.filename not in (name, CORE_PROPERTIES)]

            if rest(light) == rest(full):
                kept = (self._frame(split), full_split[0], full_split[1][len(split[1]):])
        with self._lock:  # a kept block stays: the books of a key may alternate
            if self._known.get(key) is None:
                self._known[key] = kept if kept is not None else False
        return full


# Text that PlainRows leaves to openpyxl: characters openpyxl refuses or lxml writes as references
# (control characters, carriage return), lone surrogates, and text whose meaning openpyxl changes
# (a formula "=…", an error code "#…"); text longer than a cell holds is truncated by openpyxl.
_NOT_PLAIN = re.compile("[\x00-\x08\x0b\x0c\x0d\x0e-\x1f\ud800-\udfff]")
_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})


def plain_rows_xml(rows, first_row: int = 1, date_style: int = 1, charrefs: bool = True) -> Optional[bytes]:
    """``rows`` as the ``<row>`` elements openpyxl's write-only sheet writes for them (strings inline,
    numbers and dates as numbers, a date cell with style ``date_style``, ``None`` left out), or
    ``None`` when a value is not plain (see :data:`_NOT_PLAIN`; any other type): such rows are
    openpyxl's to write. ``charrefs``: every character outside ASCII written as a character
    reference (``&#39064;``), as openpyxl 3.0's lxml writer does; else UTF-8."""
    from openpyxl.utils import get_column_letter
    from openpyxl.utils.datetime import to_excel

    out: List[str] = []
    put = out.append
    for r, row in enumerate(rows, first_row):
        put('<row r="%d">' % r)
        for c, value in enumerate(row, 1):
            kind = type(value)
            if value is None:
                continue
            if kind is str:
                if not value:
                    put('<c r="%s%d" t="inlineStr"></c>' % (get_column_letter(c), r))
                    continue
                if value[0] in "=#" or len(value) > 32767 or _NOT_PLAIN.search(value):
                    return None
                stripped = value.strip()
                if not stripped:  # only blanks: openpyxl's two XML writers differ here
                    return None
                put('<c r="%s%d" t="inlineStr"><is><t%s>%s</t></is></c>' % (
                    get_column_letter(c), r, "" if stripped == value else ' xml:space="preserve"',
                    value.translate(_ESCAPES)))
            elif kind is int or kind is float:
                if kind is float and not math.isfinite(value):
                    return None
                put('<c r="%s%d" t="n"><v>%.16g</v></c>' % (get_column_letter(c), r, value))
            elif kind is datetime.date:
                put('<c r="%s%d" s="%d" t="n"><v>%.16g</v></c>' % (get_column_letter(c), r, date_style,
                                                                    to_excel(value)))
            else:
                return None
        put("</row>")
    try:
        return "".join(out).encode("ascii", "xmlcharrefreplace") if charrefs else "".join(out).encode()
    except UnicodeEncodeError:
        return None


class PlainRows:
    """Write-only workbooks of one sheet whose rows :func:`plain_rows_xml` serialises.

    ``parts(key, rows, build)`` returns the zip parts of the workbook ``build(rows)`` makes (a
    write-only workbook, ``rows`` appended to its one sheet; ``key`` names everything else about it:
    sheet title, properties). Per ``key`` and per "has a date cell" (the style sheet then holds the
    date format), openpyxl writes two probe workbooks once; when the rows openpyxl wrote for the probes
    are what :func:`plain_rows_xml` writes, and the two probes, of different sizes, differ in nothing
    but their rows, those parts are kept and every later workbook of the kind is those parts with its
    own rows. Anything else (rows that are not plain, a kind whose probes fail) is built by openpyxl.
    """

    _PROBES = (
        [["题目", " 前后空格 ", "", None, 12, 2.5, -0.125, 123456789012345678, "a&b<c>\"'", "中\t文\n行"],
         [], [None, None], [None, "B"]],
        [["x"], ["y", 1], [None, None, None, None, None, None, None, None, None, None, None, None, None,
                           None, None, None, None, None, None, None, None, None, None, None, None, None,
                           None, "AB"]],
    )
    _DATE = datetime.date(2024, 5, 3)

    def __init__(self):
        self._known: Dict[Hashable, Any] = {}  # (key, dated) -> (head, tail, sheet, charrefs, parts) | False
        self.built = 0  # workbooks openpyxl wrote in full

    def _template(self, dated: bool, build: Callable[[Any], Any]):
        probes = [[list(row) for row in probe] for probe in self._PROBES]
        if dated:
            for probe in probes:
                probe[0].append(self._DATE)
        frames = []
        for probe in probes:
            book = build(probe)
            parts = workbook_parts(book)
            name = book.worksheets[0].path.lstrip("/")
            split = _split_sheet(_part(parts, name))
            charrefs = next((mode for mode in (True, False)
                             if split is not None and split[1] == plain_rows_xml(probe, charrefs=mode)), None)
            if charrefs is None:
                return False
            frames.append((split[0], split[2], name, charrefs,
                           [(info.filename, data) for info, data in parts]))
        (head, tail, name, charrefs, parts), other = frames
        if other[:4] != (head, tail, name, charrefs) \
                or [p for p in parts if p[0] != name] != [p for p in other[4] if p[0] != name]:
            return False  # something outside the rows depends on them (a dimension, the time)
        return head, tail, name, charrefs, parts

    def parts(self, key: Hashable, rows, build: Callable[[Any], Any]) -> List[Tuple[str, bytes]]:
        rows = [row if type(row) is list else list(row) for row in rows]
        dated = any(type(v) is datetime.date for row in rows for v in row)
        known = self._known.get((key, dated))
        if known is None:
            known = self._known[(key, dated)] = self._template(dated, build)
        body = plain_rows_xml(rows, charrefs=known[3]) if known else None
        if body is None:
            self.built += 1
            return [(info.filename, data) for info, data in workbook_parts(build(rows))]
        head, tail, name, _, parts = known
        sheet = head + _SHEET_DATA + body + tail
        return [(part, sheet if part == name else data) for part, data in parts]
