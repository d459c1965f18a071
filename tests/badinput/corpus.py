"""The bad-input corpus: one entry per kind of bad input the plugin must survive.

Each :class:`Case` names the algorithm (or core reader) that meets the input, the builder that
writes the input into the test's tmp_path, the message key (a stable substring of the English
message, always next to the place it names: file / sheet / row / column or feature id) and the
accounting ``(rows in, rows out, rows reported)`` worked out by hand; ``None`` where the input is
refused as a whole before any row is read. Every joinreports case also holds the good file
``好的.csv`` (one row, building B01) that must still be matched.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Optional, Tuple

from tests.badinput import builders as b


@dataclass
class Case:
    id: str
    algorithm: str  # "cityhealth:<alg>" through processing.run, or "core:<unit>"
    build: Callable[..., Any]
    key: str  # a stable substring of the expected message
    where: Tuple[str, ...]  # what the message names (file, sheet, row, column, feature id …)
    accounting: Optional[Tuple[int, int, int]]  # rows in, rows out, rows reported
    check: Optional[Callable[[Any], None]] = None  # further assertions on the Outcome
    good: bool = True  # the good part of the input is still processed
    refused: bool = False  # the run stops with the message (the input is refused as a whole)
    tags: Tuple[str, ...] = field(default_factory=tuple)  # core:report_reader: the engine to force


J = "cityhealth:joinreports"
R = "core:report_reader"  # the reader alone, with the engine of Debian's QGIS without python-calamine


def _cached_value_used(outcome):
    # 楼栋 of row 2 is the formula ="3"&"" with cached value 3: matched to 天福家园北区 3 (B03); the
    # 问题 of row 3 is a formula never calculated (no cached value): the row is kept, problem empty
    assert outcome.extra["matched"].get("公式.xlsx|问题清单|2") == "B03"
    row3 = [r for r in outcome.rows if r.get("source_file") == "公式.xlsx" and r.get("source_row") == 3]
    assert [(r["building"], r["problem"]) for r in row3] == [("2", "")]


def _no_formula_as_photo_name(outcome):
    rows = [r for r in outcome.rows if r.get("source_file") == "图片单元格.xlsx"]
    assert len(rows) == 2 and not [r for r in rows if r["photo"] or r["photo_missing"]], rows


def _dates_are_iso(outcome):
    dates = [r["report_date"] for r in outcome.rows if r.get("source_file") == "日期.xlsx"]
    assert dates == ["2024-03-05"] * 4, dates


def _gb18030_char_kept(outcome):
    assert any("𠮷" in (r.get("problem") or "") for r in outcome.rows)


def _long_cells_kept(outcome):
    lengths = sorted(len(r.get("description") or "") for r in outcome.rows)
    assert lengths[-2:] == [32766, 100000], lengths[-3:]


def _no_personal_data(outcome):
    for row in outcome.rows:
        for name, value in row.items():
            text = str(value)
            assert b.PHONE not in text.replace(" ", "") and b.ID_NO not in text, \
                (name, text)
            assert "8212345" not in text, (name, text)


def _formula_text_inert(outcome):
    # the matched output is a spreadsheet: no cell is a live formula
    cells = outcome.extra["xlsx_cells"]
    assert cells, "no cells read back"
    assert not [c for c in cells if c.data_type == "f"]
    starts = tuple("=+-@\t\r")
    assert not [c.value for c in cells if isinstance(c.value, str) and c.value.startswith(starts)]


def _photos_not_found(outcome, file, names):
    """Each name in ``names`` is in photo_missing of its row (file, row named), no path outside the folder."""
    rows = [r for r in outcome.rows if r.get("source_file") == file and r.get("photo") in names]
    assert sorted((r["photo"], r["photo_missing"], r["photo_paths"]) for r in rows) == \
        sorted((n, n, "") for n in names), rows
    assert all(r["source_row"] for r in rows)


CASES = [
    # --- encodings -------------------------------------------------------------------------
    Case("encoding-gbk", J, b.gbk_csv, "", ("网格_GBK.csv",), (3, 3, 0)),
    Case("encoding-gb18030", J, b.gb18030_csv, "", ("网格_GB18030.csv",), (3, 3, 0), _gb18030_char_kept),
    Case("encoding-utf16-tab", J, b.utf16_tab_text, "", ("网格_UTF16.txt",), (3, 3, 0)),
    Case("encoding-utf8-bom", J, b.utf8_bom_csv, "", ("网格_BOM.csv",), (3, 3, 0)),
    Case("encoding-utf8", J, b.utf8_csv, "", ("网格_UTF8.csv",), (3, 3, 0)),
    Case("encoding-mixed-folder", J, b.mixed_encodings, "", (), (7, 7, 0)),
    Case("encoding-undecodable", J, b.undecodable_csv, "encoding that cannot be recognised", ("乱码.csv",),
         (1, 1, 0)),
    # --- files that are not what their name says --------------------------------------------
    Case("csv-named-xlsx", J, b.csv_named_xlsx, "it was read as CSV", ("网格_CSV.xlsx",), (3, 3, 0)),
    Case("xlsx-named-csv", J, b.xlsx_named_csv, "it was read as a workbook", ("网格_工作簿.csv",), (3, 3, 0)),
    Case("zero-byte-file", J, b.zero_byte, "The file is empty (0 bytes)", ("空文件.xlsx",), (1, 1, 0)),
    Case("truncated-zip", J, b.truncated_zip, "damaged or not really an Excel file", ("截断.xlsx",),
         (1, 1, 0)),
    Case("workbook-part-missing", J, b.workbook_part_missing, "damaged or not really an Excel file",
         ("缺工作簿.xlsx",),
         (1, 1, 0)),
    Case("encrypted-workbook", J, b.encrypted_workbook, "password-protected", ("加密.xlsx",), (1, 1, 0)),
    Case("encrypted-xls-real", J, b.encrypted_xls, "password-protected", ("加密文件.xls",), (1, 1, 0)),
    Case("wps-et", J, b.wps_et, "a spreadsheet format that cannot be read (.et", ("台账.et",), (1, 1, 0)),
    Case("pdf-named-xlsx", J, b.pdf_named_xlsx, "is a PDF document", ("扫描件.xlsx",), (1, 1, 0)),
    Case("html-named-xls", J, b.html_named_xls, "web page (HTML)", ("系统导出.xls",), (1, 1, 0)),
    # --- workbook content -----------------------------------------------------------------
    Case("pictures-in-cells", J, b.pictures_in_cells, "picture embedded in the cell",
         ("图片单元格.xlsx", "rows 2"), (3, 3, 0), _no_formula_as_photo_name),
    Case("formulas-cached-values", J, b.formulas_with_cached_values, "", ("公式.xlsx",), (3, 3, 0),
         _cached_value_used),
    Case("dates-text-serial-chinese", J, b.dates, "", ("日期.xlsx",), (5, 5, 0), _dates_are_iso),
    Case("merged-header-cells", J, b.merged_header, "", ("合并表头.xlsx",), (3, 3, 0)),
    Case("two-header-rows", J, b.two_header_rows, "", ("两行表头.xlsx",), (3, 3, 0)),
    Case("header-on-row-30", J, b.header_row_30, "", ("第30行表头.xlsx",), (3, 3, 0)),
    Case("duplicate-column-names", J, b.duplicate_columns, "Several columns", ("重复列名.xlsx", "E, F"),
         (3, 3, 0)),
    Case("column-of-blanks", J, b.blank_column, "", ("空列.xlsx",), (3, 3, 0)),
    Case("100000-blank-rows-at-end", J, b.blank_rows_at_end, "", ("十万空行.xlsx",), (3, 3, 0)),
    Case("very-long-cells", J, b.long_cells, "", ("长单元格.xlsx",), (4, 4, 0), _long_cells_kept),
    Case("control-characters-emoji", J, b.control_characters_and_emoji, "", ("控制字符.csv",), (3, 3, 0)),
    Case("personal-data-every-column", J, b.personal_data, "", ("个人信息.xlsx",), (3, 3, 0),
         _no_personal_data),
    Case("duplicate-report-rows", J, b.duplicate_rows, "", ("重复行.xlsx",), (4, 4, 0)),
    Case("totals-and-signatures", J, b.totals_and_signatures, "total, subtotal or signature rows",
         ("合计.xlsx", "rows 4, 5"), (5, 3, 2)),
    Case("sheet-broken-half-way", J, b.broken_half_way, "cannot be read beyond row 7", ("坏了一半.xlsx",),
         (15, 7, 8)),
    Case("no-header-row", J, b.no_header, "No header row was recognised", ("无表头.xlsx",), (1, 1, 0)),
    # --- photos -----------------------------------------------------------------------------
    Case("photo-missing", J, b.photo_missing, "", ("照片缺失.xlsx",), (4, 4, 0),
         lambda o: _photos_not_found(o, "照片缺失.xlsx", ["没有.png"])),
    Case("photo-renamed", J, b.photo_renamed, "", ("照片改名.xlsx",), (3, 3, 0),
         lambda o: _photos_not_found(o, "照片改名.xlsx", ["井盖.png"])),
    Case("photo-outside-folder", J, b.photo_outside, "photo names were refused", ("照片在外面.xlsx",),
         (4, 4, 0),
         lambda o: _photos_not_found(o, "照片在外面.xlsx", ["../外面.png", "/etc/passwd"])),
    Case("photo-symlinked-outward", J, b.photo_symlink_outward, "", ("照片链接.xlsx",), (4, 4, 0),
         lambda o: _photos_not_found(o, "照片链接.xlsx", ["链接.png", "目录链接/秘密.png"])),
]

# --- layers through the join: the library is the bad input ------------------------------------


def _with_library(**kwargs):
    def build(reports):
        return {"LIBRARY": b.library(reports, **kwargs)}
    return build


def _coordinates_in_4550(reports):
    """A CSV whose coordinates are EPSG:4550 metres inside B06 (x 200..210, y 0..10)."""
    from tests.processing.layers import X0, Y0

    (reports / "坐标.csv").write_text("问题,x,y\n井盖缺失,{},{}\n".format(X0 + 205, Y0 + 5), encoding="utf-8")


def _library_in(crs):
    def build(reports):
        _coordinates_in_4550(reports)
        return {"LIBRARY": b.library(reports, crs=crs), "COORD_CRS": "EPSG:4550", "MAX_DISTANCE": 30}
    return build


def _placed_by_point(outcome):
    assert outcome.extra["matched"].get("坐标.csv||2") == "B06", outcome.extra["matched"]


def _geometries(**wkts):
    def build(reports):
        geoms = {bid: (b.geometry(wkt) if wkt else None) for bid, wkt in wkts.items()}
        return {"LIBRARY": b.library(reports, geometries=geoms, multi=True)}
    return build


def _xlsx_inert(outcome):
    from openpyxl import load_workbook

    book = load_workbook(outcome.extra["params"]["OUTPUT"])
    outcome.extra["xlsx_cells"] = [c for ws in book.worksheets for row in ws.iter_rows() for c in row
                                   if c.value is not None]
    _formula_text_inert(outcome)
    texts = [c.value for c in outcome.extra["xlsx_cells"]]
    # kept as text, behind the apostrophe that makes Excel show it as text
    assert "'" + b.FORMULA_TEXTS[0] in texts and "'@SUM(A1)" in texts


def _formula_text_to_xlsx(reports):
    b.formula_text(reports)
    return {"OUTPUT": str(reports.parent / "匹配结果.xlsx")}


from tests.badinput import algorithms as a  # noqa: E402

CASES += [
    Case("library-invalid-geometry", J, _geometries(B03=b.BOWTIE), "B03", ("B03",), (1, 1, 0)),
    Case("library-empty-geometry", J, _geometries(B03=""), "B03", ("B03",), (1, 1, 0)),
    Case("library-multipart-slivers", J, _geometries(B05=b.SLIVERS), "", (), (1, 1, 0)),
    Case("library-in-epsg4326", J, _library_in("EPSG:4326"), "", ("坐标.csv",), (2, 2, 0), _placed_by_point),
    Case("library-in-epsg3857", J, _library_in("EPSG:3857"), "", ("坐标.csv",), (2, 2, 0), _placed_by_point),
    Case("library-without-required-field", J, _with_library(drop_field="building_no"), "building_no",
         ("building_no",), None, good=False, refused=True),
    Case("formula-text-in-cells", J, _formula_text_to_xlsx, "", ("公式文本.csv",), (7, 7, 0), _xlsx_inert),
    # --- other algorithms -------------------------------------------------------------------
    Case("ledger-invalid-geometry", "cityhealth:buildledger",
         a.buildledger_with({"B03": b.geometry(b.BOWTIE)}),
         "B03", ("B03",), (2, 2, 0)),
    Case("ledger-empty-geometry", "cityhealth:buildledger", a.buildledger_with({"B03": None}),
         "B03", ("B03",), (2, 2, 0)),
    Case("addresslibrary-invalid-geometry", "cityhealth:addresslibrary",
         a.addresslibrary_with({"B03": b.geometry(b.BOWTIE)}), "B03", ("B03",), (8, 8, 0)),
    Case("addresslibrary-in-epsg4326", "cityhealth:addresslibrary", a.addresslibrary_with(crs="EPSG:4326"),
         "", (), (8, 8, 0)),
    Case("addresslibrary-without-required-field", "cityhealth:addresslibrary",
         a.addresslibrary_with(drop_field="compound_name"), "compound_name", ("compound_name",), None,
         good=False, refused=True),
    Case("surveyforms-without-required-field", "cityhealth:surveyforms", a.surveyforms_without_field,
         "building_no", ("building_no",), None, good=False, refused=True),
    Case("config-unknown-indicator-code", "cityhealth:assess", a.assess_with(a.unknown_indicator),
         "IND-XXXX-999", ("entry 1",), None, good=False, refused=True),
    Case("config-negative-radius", "cityhealth:assess", a.assess_with(a.negative_radius), "negative",
         ("radius",), None, good=False, refused=True),
    Case("config-not-json", "cityhealth:assess", a.assess_with('{"indicators": [{"code": "IND-'),
         "is not valid UTF-8 JSON", ("指标配置.json", "line 1 column 26"), None, good=False, refused=True),
    Case("standard-table-not-a-number", "cityhealth:completecommunity", a.completecommunity_with_bad_standard,
         "三百", ("line 3", "radius_m"), None, good=False, refused=True),
    Case("workorder-invalid-transition", "cityhealth:importstatus",
         a.importstatus_with([lambda: a.returned_row(1, "已复核", "2024-10-20")]),
         "does not allow", ("物业回执.xlsx", "row 4"), (2, 1, 1)),
    Case("workorder-unknown-problem-id", "cityhealth:importstatus",
         a.importstatus_with([{"问题编号": "2024:zzz|问题清单|99", "整改状态": "已整改",
                               "整改日期": "2024-10-20"}]),
         "unknown 问题编号", ("物业回执.xlsx", "row 4"), (2, 1, 1)),
    Case("workorder-future-date", "cityhealth:importstatus",
         a.importstatus_with([lambda: a.returned_row(4, "整改中", "2099-01-01")]),
         "in the future", ("物业回执.xlsx", "row 4"), (2, 1, 1)),
    Case("workorder-extra-and-missing-columns", "cityhealth:importstatus",
         a.importstatus_with([], headers=["问题编号", "领导批示", "整改状态", "整改日期", "多余列"],
                             also=a.without_status_column),
         "no sheet has the work-order header", ("缺列回执.xlsx", "整改状态"), (1, 1, 0)),
    Case("ledger-from-older-version", "cityhealth:importstatus",
         a.importstatus_with([], ledger_edit=a.old_ledger),
         "", (), (1, 1, 0)),
    Case("ledger-without-status-column", "cityhealth:importstatus",
         a.importstatus_with([], ledger_edit=a.ledger_without_status), "", (), (1, 1, 0),
         a.status_column_added),
    Case("ledger-locked", "cityhealth:importstatus", a.importstatus_with([], lock=True),
         "open in another program or locked", ("体检台账.gpkg",), None, good=False, refused=True),
    Case("workorder-formula-and-personal-text", "cityhealth:workorders", a.workorders_formula_and_personal,
         "", (), (4, 4, 0), lambda o: (_formula_text_inert(o), _no_personal_data(o))),
    Case("survey-bad-scores-and-complaint-without-place", "cityhealth:residentvoice",
         a.residentvoice_bad_rows,
         "", (), (7, 3, 4)),
    # --- the reader with openpyxl (Debian's own Python packages, no python-calamine) ------
    Case("openpyxl-workbook-part-missing", R, b.workbook_part_missing, "damaged or not really an Excel file",
         ("缺工作簿.xlsx",), (1, 1, 0), tags=("openpyxl",)),
    Case("openpyxl-100000-blank-rows-at-end", R, b.blank_rows_at_end, "", ("十万空行.xlsx",), (3, 3, 0),
         tags=("openpyxl",)),
    Case("openpyxl-merged-header-cells", R, b.merged_header, "", ("合并表头.xlsx",), (3, 3, 0),
         tags=("openpyxl",)),
    Case("openpyxl-pictures-in-cells", R, b.pictures_in_cells, "picture embedded in the cell",
         ("图片单元格.xlsx", "rows 2"), (3, 3, 0), tags=("openpyxl",)),
]
