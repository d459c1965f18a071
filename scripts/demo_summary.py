"""Print the summary of `make demo`: rows read, matched, unmatched by reason, blank, warnings, files.

Reads the outputs directly (GeoPackage through sqlite3, workbooks through openpyxl) so that it
needs no QGIS; the counts must add up (rows read = matched + unmatched + blank) or it fails.
"""

from __future__ import annotations

import collections
import json
import os
import sqlite3
import sys

import openpyxl

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from cityhealth_plugin.core.report_reader import read_reports  # noqa: E402


def gpkg_count(path: str, table: str) -> int:
    with sqlite3.connect(path) as db:
        return db.execute('SELECT COUNT(*) FROM "{}"'.format(table)).fetchone()[0]


def gpkg_tables(path: str):
    with sqlite3.connect(path) as db:
        return [r[0] for r in db.execute("SELECT table_name FROM gpkg_contents ORDER BY table_name")]


def xlsx_rows(path: str):
    book = openpyxl.load_workbook(path, read_only=True)
    sheet = book.worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    book.close()
    return [dict(zip(rows[0], r)) for r in rows[1:]] if rows else []


def pdf_pages(path: str) -> str:
    """Page count of a PDF (pdfinfo), or "?" when poppler is missing."""
    import subprocess

    try:
        info = subprocess.run(["pdfinfo", path], capture_output=True, text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return "?"
    return next((line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")), "?")


def maps_summary(out: str) -> None:
    """The atlases (pages, size) and the thematic maps written by the model."""
    atlases = os.path.join(out, "图集")
    if os.path.isdir(atlases):
        print("  图集 atlases:")
        for name in sorted(os.listdir(atlases)):
            path = os.path.join(atlases, name)
            print("    {}  {} 页 pages, {:,} bytes".format(name, pdf_pages(path), os.path.getsize(path)))
    thematic = os.path.join(out, "专题图")
    if os.path.isdir(thematic):
        names = os.listdir(thematic)
        print("  专题图 thematic maps: {} PNG + {} PDF".format(
            sum(n.endswith(".png") for n in names), sum(n.endswith(".pdf") for n in names)))


def main(out: str) -> int:
    with open(os.path.join(out, "run.json"), encoding="utf-8") as handle:
        run = json.load(handle)
    print("\n城市体检示例 CityHealth demo — {} (QGIS {})".format(out, run.get("qgis_version", "?")))
    city = os.path.join(out, "city")
    ok = True
    for year in (2024, 2025):
        read = read_reports(os.path.join(city, "reports", str(year)))
        matched_path = os.path.join(out, "匹配结果_{}.gpkg".format(year))
        matched = gpkg_count(matched_path, gpkg_tables(matched_path)[0])
        unmatched = xlsx_rows(os.path.join(out, "未匹配_{}.xlsx".format(year)))
        reasons = collections.Counter(r.get("reason") for r in unmatched)
        rows = len(read.rows) + read.blank_rows
        warnings = sum(1 for i in read.issues if i.severity != "info")
        balance = rows == matched + len(unmatched) + read.blank_rows
        ok = ok and balance
        print("  {} 轮次 round: {} 个文件 files, 读取 rows read {} = 匹配 matched {} + 未匹配 unmatched {} + "
              "空行 blank {} {}".format(year, read.files_read, rows, matched, len(unmatched), read.blank_rows,
                                      "✓" if balance else "✗ DOES NOT ADD UP"))
        print("      未匹配原因 reasons: {}; 警告 warnings: {}".format(
            ", ".join("{} {}".format(k, v) for k, v in sorted(reasons.items())) or "-", warnings))
    ledger = os.path.join(out, "体检台账.gpkg")
    if os.path.exists(ledger):
        print("  体检台账 ledger ({}):".format(os.path.basename(ledger)))
        with sqlite3.connect(ledger) as db:
            for table in gpkg_tables(ledger):
                columns = [r[1] for r in db.execute('PRAGMA table_info("{}")'.format(table))]
                if "round" in columns:
                    counts = db.execute('SELECT round, COUNT(*) FROM "{}" GROUP BY round ORDER BY round'
                                        .format(table)).fetchall()
                    text = ", ".join("{}: {}".format(r, n) for r, n in counts)
                else:
                    text = str(gpkg_count(ledger, table))
                print("    {:<20} {}".format(table, text))
    maps_summary(out)
    print("  文件 files written:")
    for name in sorted(os.listdir(out)):
        path = os.path.join(out, name)
        if os.path.isdir(path):
            count = sum(len(files) for _r, _d, files in os.walk(path))
            print("    {}/  ({} files)".format(name, count))
        else:
            print("    {}  ({:,} bytes)".format(name, os.path.getsize(path)))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "out/demo"))
