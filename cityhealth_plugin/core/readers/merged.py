"""Merged cells over the data rows of a sheet, filled down and across.

A 小区 cell merged over three rows holds its text in the top row only (Excel, WPS, openpyxl and
calamine all give the other cells empty); every row it spans belongs to that compound. The
engines give the merged ranges (:attr:`.sources.SheetSource.merged`); :class:`MergeFill` copies
the top-left text into the empty cells of each range, row by row as the reader streams them.
"""

from __future__ import annotations

from typing import Dict, Iterable, List, Sequence, Tuple

from .ooxml import Range


class MergeFill:
    """Fills merged ranges over the data rows: every empty cell of a range gets its top-left text.

    Ranges that start above the first data row (titles, header cells) are left to the header
    logic. ``fill(number, cells)`` is called for each non-blank data row in order (``number``: the
    row's sheet row number; ``offset``: the sheet column of ``cells[0]``); a row that is blank
    apart from a merged cell is not passed, so it stays blank.
    """

    def __init__(self, ranges: Iterable[Range], first_data_number: int, offset: int):
        self.starts: Dict[int, List[Tuple[int, int]]] = {}
        self.rows: Dict[int, List[Tuple[int, int, int]]] = {}
        self.values: Dict[int, str] = {}
        for rid, (r1, c1, r2, c2) in enumerate(ranges):
            top = r1 + 1
            if top < first_data_number or (r1 == r2 and c1 == c2):
                continue
            c1, c2 = max(c1 - offset, 0), c2 - offset
            if c2 < c1:
                continue
            self.starts.setdefault(top, []).append((rid, c1))
            for number in range(top, r2 + 2):
                self.rows.setdefault(number, []).append((rid, c1, c2))

    def __bool__(self) -> bool:
        return bool(self.rows)

    def fill(self, number: int, cells: Sequence[str]) -> Sequence[str]:
        for rid, c1 in self.starts.get(number, ()):
            self.values[rid] = cells[c1] if c1 < len(cells) else ""
        spans = self.rows.get(number)
        if not spans:
            return cells
        cells = list(cells)
        for rid, c1, c2 in spans:
            text = self.values.get(rid)
            if not text:
                continue
            if len(cells) <= c2:
                cells.extend([""] * (c2 + 1 - len(cells)))
            for c in range(c1, c2 + 1):
                if not cells[c]:
                    cells[c] = text
        return cells
