"""openpyxl at the size of a city: what every workbook writer of the plugin shares (no Qt import).

- :class:`SharedStyles`: a cell's style assigned once per kind of cell, then shared by the style
  indices. Assigning openpyxl style objects (font, border, fill …) cell by cell looks each object
  up again by hashing it, which was most of the time of a large work order or survey form.
- :func:`linear_relationships`: while a workbook is saved, openpyxl 3.0 adds each hyperlink's
  relationship by copying and re-validating the whole list (quadratic in the links of a sheet:
  a fifth of a 3,000-row work order). On 3.0 this appends in place for the duration of the save;
  openpyxl 3.1 (QGIS 3.40, 3.44) appends in place already and is left alone.
"""

from __future__ import annotations

import contextlib
import threading
from copy import copy
from typing import Any, Callable, Dict, Hashable, Iterator


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
