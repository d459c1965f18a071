"""Cell values to text, fast: one dict lookup per cell for values seen before.

Reports repeat the same few hundred values (community, compound, problem names, numbers) across
many thousand rows, so a cache keyed by the raw cell value turns most conversions into a single
C-level dict lookup. Numbers become plain text (``3.0`` → ``"3"``), dates ISO ``yyyy-mm-dd``,
text is stripped; a code written as text (``"03"``) is kept as written.
"""

from __future__ import annotations

import datetime as _dt
import re
from typing import Any, Dict, List, Sequence

_MAX_CACHE = 200_000


def cell_text(value: Any) -> str:
    """Text of one cell value (str, int, float, bool, date, datetime, time, None)."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, bool):
        # True == 1 and hashes like it: keep the cache consistent by writing 1 / 0.
        return "1" if value else "0"
    if isinstance(value, float):
        if value != value:  # NaN
            return ""
        if value.is_integer() and abs(value) < 1e16:
            return str(int(value))
        return repr(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, _dt.datetime):
        if (value.hour, value.minute, value.second, value.microsecond) == (0, 0, 0, 0):
            return value.date().isoformat()
        return value.isoformat(sep=" ", timespec="seconds")
    if isinstance(value, (_dt.date, _dt.time)):
        return value.isoformat()
    if isinstance(value, _dt.timedelta):  # calamine returns durations for [h]:mm cells
        return str(value)
    return str(value).strip()


class CellCache(dict):
    """``cache[value]`` → text of ``value``; converts and remembers on first sight."""

    def __missing__(self, value: Any) -> str:
        text = cell_text(value)
        if len(self) < _MAX_CACHE:
            try:
                self[value] = text
            except TypeError:  # unhashable: never happens with the engines we use
                pass
        return text


def _convert_column(column: Sequence[Any], cache: CellCache) -> List[str]:
    try:  # a column of text only (also empty cells, which engines give as ""): C speed
        return list(map(str.strip, column))
    except TypeError:
        pass
    text, number = str, float
    # Numbers inline (phone numbers, coordinates are unique: a cache would only miss), the rest
    # (None, dates, bools …) through the cache.
    return [v.strip() if v.__class__ is text else
            ((("%d" % v) if v.is_integer() and -1e16 < v < 1e16 else cache[v]) if v.__class__ is number
             else cache[v]) for v in column]


def convert_block(rows: Sequence[Sequence[Any]], cache: CellCache) -> List[Sequence[str]]:
    """Text of every cell of ``rows``: a list of rows (tuples or lists) of strings.

    Rectangular blocks (every row the same length, as calamine and openpyxl give them) are
    converted column by column, which lets whole text columns go through ``str.strip`` in C.
    """
    if not rows:
        return []
    width = len(rows[0])
    if width and all(len(r) == width for r in rows):
        return list(zip(*[_convert_column(col, cache) for col in zip(*rows)]))
    get = cache.__getitem__
    return [list(map(get, r)) for r in rows]


_DATE = re.compile(r"^\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[ T].*)?$")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_EXCEL_EPOCH = _dt.date(1899, 12, 30)


def iso_date(text: str, _cache: Dict[str, str] = {}) -> str:  # noqa: B006 (deliberate cache)
    """``text`` as ISO ``yyyy-mm-dd`` when it reads as a date, else ``text`` unchanged.

    Understands ``2024-05-01``, ``2024/5/1``, ``2024.5.1``, ``2024年5月1日``, ``20240501``, a
    trailing time, and Excel serial day numbers (``45413``) that lost their date format.
    """
    hit = _cache.get(text)
    if hit is not None:
        return hit
    out = text
    m = _DATE.match(text) or _COMPACT.match(text)
    try:
        if m:
            out = _dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3))).isoformat()
        elif text.isdigit() and 20000 <= int(text) <= 80000:
            out = (_EXCEL_EPOCH + _dt.timedelta(days=int(text))).isoformat()
    except ValueError:
        out = text
    if len(_cache) < 10_000:
        _cache[text] = out
    return out


def column_letter(index: int) -> str:
    """Spreadsheet column letter of a 0-based column index (0 → A, 26 → AA)."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters
