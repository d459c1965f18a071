"""Content of two .xlsx workbooks compared through openpyxl: what a user of the file sees.

``workbook_differences(a, b)`` lists every difference, sheet by sheet: sheet names, order, state and
the active sheet; every cell present in either (value, type, hyperlink target, font, fill, border,
alignment, number format, protection, quote prefix); merged cells, column widths, row heights, freeze
panes, auto filter;
data validations (types, formulas, ranges, messages); sheet protection; page setup, print options,
margins, print area and print titles; the workbook's defined names. Not compared: the bytes of the
files (zip order and time stamps) and style indices (only the styles they resolve to).

Also a script: ``python -m tests.workbook_compare OLD_DIR NEW_DIR`` compares the .xlsx files of two
folders by name (both folders must hold the same names) and exits 1 on any difference.
"""

from __future__ import annotations

import os
import sys
from typing import Any, List

import openpyxl
from openpyxl.xml.functions import tostring


def _xml(obj: Any) -> str:
    if obj is None:
        return ""
    tree = obj.to_tree()
    return "" if tree is None else tostring(tree).decode("utf-8")


_DV_TEXT = ("type", "operator", "formula1", "formula2", "prompt", "promptTitle", "error", "errorTitle",
            "errorStyle", "imeMode")
_DV_FLAGS = ("allow_blank", "showDropDown", "showInputMessage", "showErrorMessage")


def _validation(dv) -> tuple:
    """What a data validation does, not how this openpyxl version writes its XML (3.0 and 3.1 differ
    in the attributes they spell out: an unset flag is absent or ``0``)."""
    return ((str(dv.sqref),) + tuple("" if getattr(dv, k) is None else str(getattr(dv, k)) for k in _DV_TEXT)
            + tuple(bool(getattr(dv, k)) for k in _DV_FLAGS))


def _cell(cell, seen: dict) -> tuple:
    """What a cell shows; ``seen``: the style part by the cell's style indices (cells share them)."""
    key = tuple(cell._style)
    if key not in seen:
        seen[key] = (cell.number_format, bool(cell.quotePrefix), _xml(cell.font), _xml(cell.fill),
                     _xml(cell.border), _xml(cell.alignment), _xml(cell.protection))
    link = cell.hyperlink.target if cell.hyperlink is not None else None
    return (cell.value, cell.data_type, link) + seen[key]


def _names(book) -> List[tuple]:
    names = book.defined_names
    items = names.values() if hasattr(names, "values") and not isinstance(names, list) else names
    items = getattr(names, "definedName", items)
    return sorted((n.name, n.attr_text, n.localSheetId, bool(n.hidden)) for n in items)


def _sheet(ws) -> dict:
    return {
        "state": ws.sheet_state,
        "protection": _xml(ws.protection),
        "page_setup": _xml(ws.page_setup),
        "print_options": _xml(ws.print_options),
        "page_margins": _xml(ws.page_margins),
        "sheet_properties": _xml(ws.sheet_properties),
        "print_title_rows": ws.print_title_rows,
        "print_title_cols": ws.print_title_cols,
        "print_area": ws.print_area,
        "freeze_panes": ws.freeze_panes,
        "auto_filter": ws.auto_filter.ref,
        "merged": sorted(str(r) for r in ws.merged_cells.ranges),
        "columns": sorted((k, d.width, bool(d.hidden)) for k, d in ws.column_dimensions.items()),
        "rows": sorted((k, d.height, bool(d.hidden)) for k, d in ws.row_dimensions.items()
                       if d.height is not None or d.hidden),
        "validations": sorted(_validation(dv) for dv in ws.data_validations.dataValidation),
    }


def workbook_differences(path_a: str, path_b: str, limit: int = 20) -> List[str]:
    """Differences between the workbooks ``path_a`` and ``path_b`` (at most ``limit``); [] = same."""
    a, b = openpyxl.load_workbook(path_a), openpyxl.load_workbook(path_b)
    out: List[str] = []
    if a.sheetnames != b.sheetnames:
        return ["sheets {} != {}".format(a.sheetnames, b.sheetnames)]
    if a.index(a.active) != b.index(b.active):
        out.append("active sheet {} != {}".format(a.index(a.active), b.index(b.active)))
    names_a, names_b = _names(a), _names(b)
    if names_a != names_b:
        out.append("defined names {} != {}".format([n for n in names_a if n not in names_b],
                                                   [n for n in names_b if n not in names_a]))
    for name in a.sheetnames:
        wa, wb = a[name], b[name]
        sa, sb = _sheet(wa), _sheet(wb)
        for key in (k for k in sa if sa[k] != sb[k]):
            va, vb = sa[key], sb[key]
            if isinstance(va, list):  # only what differs
                va, vb = [v for v in va if v not in vb], [v for v in vb if v not in va]
            out.append("{}: {} {!r} != {!r}".format(name, key, va, vb))
        cells = sorted(set(wa._cells) | set(wb._cells))
        seen_a: dict = {}
        seen_b: dict = {}
        for row, col in cells:
            ca, cb = _cell(wa.cell(row=row, column=col), seen_a), _cell(wb.cell(row=row, column=col), seen_b)
            if ca != cb:
                out.append("{}!R{}C{}: {!r} != {!r}".format(name, row, col, ca, cb))
                if len(out) >= limit:
                    return out
    return out[:limit]


def main(argv: List[str]) -> int:
    old, new = argv
    names_old = sorted(n for n in os.listdir(old) if n.endswith(".xlsx"))
    names_new = sorted(n for n in os.listdir(new) if n.endswith(".xlsx"))
    if names_old != names_new:
        print("file names differ: {} only in old, {} only in new".format(
            sorted(set(names_old) - set(names_new))[:5], sorted(set(names_new) - set(names_old))[:5]))
        return 1
    bad = 0
    for name in names_old:
        diffs = workbook_differences(os.path.join(old, name), os.path.join(new, name))
        if diffs:
            bad += 1
            print(name, *diffs, sep="\n  ")
    print("{} workbooks compared, {} differ".format(len(names_old), bad))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
