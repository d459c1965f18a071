"""Matching quality of a `make demo` run against the demo city's ground truth.

    make eval                                  # out/demo
    .venv/bin/python scripts/eval_join.py [out/demo] [--min-precision P] [--min-recall R]

The join outputs are ``匹配结果_<round>.gpkg`` (or ``匹配_<round>.gpkg``) and ``未匹配_<round>.xlsx`` (the
review workbook) or ``未匹配_<round>.gpkg``. With ``--min-precision`` / ``--min-recall`` (fractions)
the exit status is 1 when a round falls below them or an unmatchable row is matched or unmatched with
another reason (``tests/processing/test_demo_model.py`` runs it so on the model's demo city).

For each round: precision (matched rows whose building is the true one; compound-level rows count
when the compound is right), recall (rows that name a real building and were matched to one), and
whether every deliberately unmatchable row is unmatched with the expected reason.
"""

from __future__ import annotations

import collections
import csv
import os
import sqlite3
import sys

import openpyxl

#: header of the review workbook (core/review_workbook.py COLUMNS) → field of the unmatched table
FIELD_OF = {"原因代码": "reason", "来源文件": "source_file", "工作表": "source_sheet", "行号": "source_row",
            "地址原文": "raw_address"}


def _first(out: str, names) -> str:
    for name in names:
        if os.path.exists(os.path.join(out, name)):
            return os.path.join(out, name)
    raise SystemExit("none of {} in {}".format(", ".join(names), out))


def _unmatched(path: str):
    if path.endswith(".xlsx"):
        book = openpyxl.load_workbook(path, read_only=True)
        rows = list(book.worksheets[0].iter_rows(values_only=True))
        head = [FIELD_OF.get(h, h) for h in rows[0]]  # the review workbook's Chinese headers
        return [dict(zip(head, r)) for r in rows[1:]]
    with sqlite3.connect(path) as db:
        db.row_factory = sqlite3.Row
        table = db.execute("SELECT table_name FROM gpkg_contents WHERE table_name != 'layer_styles'"
                           " ORDER BY rowid").fetchone()[0]
        return [dict(r) for r in db.execute('SELECT * FROM "{}"'.format(table))]


def main(out: str, min_precision: float = 0.0, min_recall: float = 0.0) -> int:
    failed = False
    truth = {}
    with open(os.path.join(out, "city", "ground_truth.csv"), encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            truth[(row["round"], row["source_file"], row["source_sheet"], row["source_row"])] = row
    with sqlite3.connect(os.path.join(out, "city", "democity.gpkg")) as db:
        compound_name = dict(db.execute("SELECT compound_id, compound_name FROM compounds"))
    for year in ("2024", "2025"):
        path = _first(out, ["匹配结果_{}.gpkg".format(year), "匹配_{}.gpkg".format(year)])
        with sqlite3.connect(path) as db:
            table = db.execute("SELECT table_name FROM gpkg_contents WHERE table_name != 'layer_styles'"
                               " ORDER BY rowid").fetchone()[0]
            matched = db.execute('SELECT source_file, source_sheet, source_row, building_id, compound, '
                                 'match_method FROM "{}"'.format(table)).fetchall()
        unmatched = _unmatched(_first(out, ["未匹配_{}.xlsx".format(year), "未匹配_{}.gpkg".format(year)]))
        stats = collections.Counter()
        wrong = []
        for source_file, sheet, row, building_id, compound, _method in matched:
            t = truth[(year, source_file, sheet or "", str(row))]
            if t["expected_reason"]:
                stats["unmatchable_matched"] += 1
                wrong.append((source_file, row, building_id, "should be " + t["expected_reason"]))
            elif t["building_id"]:
                stats["building_rows_matched"] += 1
                if building_id == t["building_id"]:
                    stats["right_building"] += 1
                else:
                    wrong.append((source_file, row, building_id, "true " + t["building_id"]))
            else:  # a compound-level problem
                stats["compound_rows_matched"] += 1
                if compound == compound_name.get(t["compound_id"]):
                    stats["right_compound"] += 1
                else:
                    wrong.append((source_file, row, compound, "true compound " + t["compound_id"]))
        for u in unmatched:
            t = truth[(year, u["source_file"], u["source_sheet"] or "", str(u["source_row"]))]
            if t["expected_reason"]:
                stats["unmatchable_unmatched"] += 1
                stats["right_reason"] += int(u["reason"] == t["expected_reason"])
                if u["reason"] != t["expected_reason"]:
                    wrong.append((u["source_file"], u["source_row"], u["raw_address"],
                                  "{} instead of {}".format(u["reason"], t["expected_reason"])))
            else:
                stats["real_unmatched"] += 1
        mine = [t for k, t in truth.items() if k[0] == year]
        real = sum(1 for t in mine if not t["expected_reason"] and t["blank"] != "1")
        building_real = sum(1 for t in mine if t["building_id"] and not t["expected_reason"])
        unmatchable = sum(1 for t in mine if t["expected_reason"])
        right = stats["right_building"] + stats["right_compound"]
        total_matched = (stats["building_rows_matched"] + stats["compound_rows_matched"]
                         + stats["unmatchable_matched"])
        print("round {}: {} real rows ({} name a building), {} unmatchable".format(
            year, real, building_real, unmatchable))
        print("  precision {:.2%} ({} of {} matched rows point to the right building/compound)".format(
            right / total_matched, right, total_matched))
        print("  recall    {:.2%} ({} of {} rows naming a real building matched to it)".format(
            stats["right_building"] / building_real, stats["right_building"], building_real))
        print("  unmatchable: {} of {} unmatched, {} with the expected reason".format(
            stats["unmatchable_unmatched"], unmatchable, stats["right_reason"]))
        for w in wrong[:10]:
            print("    wrong:", w)
        failed = failed or (right / total_matched < min_precision
                            or stats["right_building"] / building_real < min_recall
                            or stats["unmatchable_matched"] > 0 or stats["right_reason"] != unmatchable)
    return 1 if failed else 0


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", nargs="?", default="out/demo")
    parser.add_argument("--min-precision", type=float, default=0.0)
    parser.add_argument("--min-recall", type=float, default=0.0)
    args = parser.parse_args()
    sys.exit(main(args.out, args.min_precision, args.min_recall))
