"""Nothing leaked: the demo pipeline (democity small → joinreports → buildledger) with personal data
planted in EVERY column of the 2025 report workbooks and CSVs, in every form the masking rules name
(plain, full-width, spaced, dotted, dashed and +86 mobiles, landlines with area code, 15/18-digit IDs
with X, a bare local number in the phone column). Every output file (GeoPackage text columns via
sqlite3, XLSX via openpyxl, CSV, other text files) and the text log of every run is scanned: no planted
number and no unmasked mobile or ID number of the demo's own reports is found."""

from __future__ import annotations

import csv
import glob
import os
import re
import sqlite3
import unicodedata

import pytest

#: Planted text → the digits that must never appear again (after NFKC, separators removed).
PLANTED = [
    ("13912345601", "13912345601"),
    ("１３９１２３４５６０２", "13912345602"),
    ("139 1234 5603", "13912345603"),
    ("139.1234.5604", "13912345604"),
    ("139-1234-5605", "13912345605"),
    ("+86 139 1234 5606", "13912345606"),
    ("０４７５－８２１２６０７", "04758212607"),
    ("(0475)8212608", "04758212608"),
    ("0475 8212609", "04758212609"),
    ("150421199003071610", "150421199003071610"),
    ("15042119900307161X", "15042119900307161X"),
    ("１５０４２１１９９００３０７１６１ｘ", "15042119900307161X"),
    ("150421900307613", "150421900307613"),
]
BARE_LOCAL = ("8212614", "8212614")  # in the phone column only (free text keeps bare 7-digit runs)
PLANTED_ROWS = 3  # data rows per sheet that get personal data in every column
_SEPARATORS = re.compile(r"[\s.\-()（）+－]")
_MOBILE = re.compile(r"(?<![0-9A-Za-z.])1[3-9]\d{9}(?![0-9A-Za-z])")
_ID = re.compile(r"(?<![0-9A-Za-z.])([1-9]\d{16}[\dX]|[1-9]\d{14})(?![0-9A-Za-z])")


def _plant(value, n, header):
    phone_column = header in ("联系电话", "电话", "手机")
    text, _ = BARE_LOCAL if phone_column and n % 3 == 0 else PLANTED[n % len(PLANTED)]
    return "{} {}".format("" if value is None else value, text).strip()


def _plant_reports(folder: str) -> int:
    """Personal data into every column of the first data rows of every report; returns cells planted."""
    import openpyxl

    planted = 0
    for path in sorted(glob.glob(os.path.join(folder, "*.xlsx"))):
        book = openpyxl.load_workbook(path)
        for sheet in book.worksheets:
            header_row = next((r for r in range(1, 6) if any(
                str(c.value or "") in ("问题", "小区", "楼栋") for c in sheet[r])), None)
            if header_row is None:
                continue
            headers = [str(c.value or "") for c in sheet[header_row]]
            for r in range(header_row + 1, min(header_row + 1 + PLANTED_ROWS, sheet.max_row + 1)):
                for c, header in enumerate(headers, start=1):
                    cell = sheet.cell(row=r, column=c)
                    cell.value = _plant(cell.value, planted, header)
                    planted += 1
        book.save(path)
    for path in sorted(glob.glob(os.path.join(folder, "*.csv"))):
        raw = open(path, "rb").read()
        for encoding in ("utf-8-sig", "gbk", "utf-16"):
            try:
                text = raw.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
        rows = list(csv.reader(text.splitlines()))
        head = next(i for i, row in enumerate(rows) if "问题" in row)
        for row in rows[head + 1:head + 1 + PLANTED_ROWS]:
            for c, value in enumerate(row):
                row[c] = _plant(value, planted, rows[head][c])
                planted += 1
        with open(path, "w", encoding="utf-8" if encoding == "utf-16" else encoding, newline="") as handle:
            csv.writer(handle).writerows(rows)
    return planted


def _texts_of(path: str):
    """(where, text) of every text value in an output file."""
    if path.endswith(".gpkg"):
        con = sqlite3.connect("file:{}?mode=ro".format(path), uri=True)
        try:
            tables = [r[0] for r in con.execute("SELECT table_name FROM gpkg_contents")]
            if con.execute("SELECT 1 FROM sqlite_master WHERE name = 'layer_styles'").fetchone():
                tables.append("layer_styles")
            for table in tables:
                for row in con.execute('SELECT * FROM "{}"'.format(table)):
                    for value in row:
                        if isinstance(value, str):
                            yield "{}:{}".format(os.path.basename(path), table), value
        finally:
            con.close()
    elif path.endswith(".xlsx"):
        import openpyxl

        book = openpyxl.load_workbook(path, read_only=True)
        for sheet in book.worksheets:
            for row in sheet.iter_rows(values_only=True):
                for value in row:
                    if isinstance(value, str):
                        yield "{}:{}".format(os.path.basename(path), sheet.title), value
        book.close()
    elif path.endswith((".csv", ".txt", ".json", ".log", ".qml")):
        yield os.path.basename(path), open(path, encoding="utf-8", errors="replace").read()


def _leaks(where: str, text: str):
    plain = unicodedata.normalize("NFKC", text).upper()
    joined = _SEPARATORS.sub("", plain)
    found = ["{} planted {}".format(where, digits)
             for _t, digits in PLANTED + [BARE_LOCAL] if digits in joined]
    # a sha256 or other hex id is not a number (letters count as word characters), nor a decimal
    found += ["{} mobile {}".format(where, m) for m in _MOBILE.findall(plain)]
    found += ["{} id {}".format(where, m) for m in _ID.findall(plain)]
    return found


@pytest.fixture(scope="module")
def pipeline(plugin, tmp_path_factory):
    import processing
    from qgis.core import QgsProcessingFeedback

    class Log(QgsProcessingFeedback):
        def __init__(self):
            super().__init__()
            self.lines = []

        def _keep(self, text, *args):
            self.lines.append(str(text))

        pushInfo = pushWarning = pushDebugInfo = pushConsoleInfo = pushCommandInfo = _keep  # noqa: N815
        setProgressText = _keep  # noqa: N815

        def reportError(self, text, fatal=False):  # noqa: N802
            self.lines.append(str(text))

    root = tmp_path_factory.mktemp("privacy")
    demo = processing.run("cityhealth:democity", {"SIZE": 0, "SEED": 2024, "OUTPUT_FOLDER": str(root / "城")})
    reports = os.path.join(demo["REPORTS_FOLDER"], "2025")
    planted = _plant_reports(reports)
    out = root / "输出"
    out.mkdir()
    gpkg = demo["GEOPACKAGE"]
    logs = [Log(), Log()]
    join = processing.run("cityhealth:joinreports", {
        "LIBRARY": gpkg + "|layername=buildings", "ID_FIELD": "building_id",
        "COMPOUND_FIELD": "compound_name",
        "BUILDING_FIELD": "building_no", "UNITS_FIELD": "units", "COMMUNITY_FIELD": "community_code",
        "GRID_FIELD": "grid_code", "REPORTS": reports, "ROUND": 2025,
        "OUTPUT": str(out / "匹配结果.gpkg"), "UNMATCHED": str(out / "未匹配.xlsx")}, feedback=logs[0])
    processing.run("cityhealth:buildledger", {
        "PROBLEMS": join["OUTPUT"], "BUILDINGS": gpkg + "|layername=buildings",
        "COMPOUNDS": gpkg + "|layername=compounds", "BLOCKS": gpkg + "|layername=blocks",
        "COMMUNITIES": gpkg + "|layername=communities", "DISTRICTS": gpkg + "|layername=districts",
        "ROUND": 2025, "OUTPUT": str(out / "体检台账.gpkg")}, feedback=logs[1])
    # the unmatched table once more as CSV (a spreadsheet destination of its own kind)
    processing.run("cityhealth:joinreports", {
        "LIBRARY": gpkg + "|layername=buildings", "ID_FIELD": "building_id",
        "COMPOUND_FIELD": "compound_name",
        "BUILDING_FIELD": "building_no", "REPORTS": reports, "ROUND": 2025,
        "OUTPUT": "memory:", "UNMATCHED": str(out / "未匹配.csv")}, feedback=logs[0])
    return {"out": str(out), "planted": planted, "logs": logs, "join": join}


def test_personal_data_was_planted_in_every_column_and_reached_the_outputs(pipeline):
    assert pipeline["planted"] >= 18 * PLANTED_ROWS * 20  # 18 columns, 3 rows, every sheet (40 files)
    assert pipeline["join"]["UNMATCHED_COUNT"] > 0 and pipeline["join"]["MATCHED"] > 0
    # the planted rows are in the outputs (masked): a masked planted mobile is visible as 139****56xx
    texts = [t for path in glob.glob(os.path.join(pipeline["out"], "*")) for _w, t in _texts_of(path)]
    assert any("139****5601" in t for t in texts) and any("1504**********161X" in t for t in texts)


def test_no_unmasked_mobile_or_id_in_any_output_file_or_log(pipeline):
    files = [p for p in glob.glob(os.path.join(pipeline["out"], "**", "*"), recursive=True)
             if os.path.isfile(p)]
    kinds = {os.path.splitext(p)[1] for p in files}
    assert {".gpkg", ".xlsx", ".csv"} <= kinds
    leaks = [leak for path in files for where, text in _texts_of(path) for leak in _leaks(where, text)]
    for n, log in enumerate(pipeline["logs"]):
        leaks += [leak for line in log.lines for leak in _leaks("log {}".format(n), line)]
    assert leaks == [], "\n".join(sorted(set(leaks))[:200])
