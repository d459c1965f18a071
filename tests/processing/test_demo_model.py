"""The shipped model runs the whole chain on the demo city, and covers every algorithm."""

from __future__ import annotations

import collections
import csv
import os
import sqlite3

import processing
import pytest
from qgis.core import QgsApplication, QgsVectorLayer

from tests.conftest import ROOT

MODEL = os.path.join(ROOT, "cityhealth_plugin", "models", "cityhealth_demo.model3")


@pytest.fixture(scope="module")
def demo_run(plugin, tmp_path_factory):
    out = tmp_path_factory.mktemp("示例模型")
    ledger = str(out / "体检台账.gpkg")
    params = {"SIZE": 0, "SEED": 7, "democity:city": str(out / "city"),
              "addresslibrary:library": str(out / "地址库.gpkg"), "surveyforms:forms": str(out / "调查表"),
              "ledger2024:ledger_2024": ledger, "ledger2025:ledger_2025": ledger,
              "workorders2024:workorders": str(out / "工单"),
              "importstatus:rejected": str(out / "退回行.gpkg"), "demoreturns:returned": str(out / "回执"),
              "remediationstats:remediation_stats": str(out / "整改统计.xlsx"),
              "remediationstats:remediation_blocks": str(out / "整改统计_街区.gpkg"),
              "remediationstats:remediation_districts": str(out / "整改统计_区.gpkg")}
    for year in (2024, 2025):
        params["join{0}:problems_{0}".format(year)] = str(out / "匹配_{}.gpkg".format(year))
        params["join{0}:unmatched_{0}".format(year)] = str(out / "未匹配_{}.gpkg".format(year))
    results = processing.run("cityhealth:cityhealth_demo", params)
    return out, results


def test_model_contains_every_python_algorithm(provider):
    model = QgsApplication.processingRegistry().algorithmById("cityhealth:cityhealth_demo")
    assert model is not None
    in_model = {model.childAlgorithm(c).algorithmId() for c in model.childAlgorithms()}
    ours = {a.id() for a in provider.algorithms() if not isinstance(a, type(model))}
    assert ours - in_model == set()


def test_model_accounts_for_every_report_row_against_ground_truth(demo_run):
    out, _results = demo_run
    truth = collections.defaultdict(lambda: collections.Counter())
    with open(out / "city" / "ground_truth.csv", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            kind = "blank" if row["blank"] == "1" else ("unmatchable" if row["expected_reason"] else "real")
            truth[int(row["round"])][kind] += 1
    for year in (2024, 2025):
        matched = QgsVectorLayer(str(out / "匹配_{}.gpkg".format(year)), "m", "ogr").featureCount()
        unmatched = QgsVectorLayer(str(out / "未匹配_{}.gpkg".format(year)), "u", "ogr").featureCount()
        t = truth[year]
        # nothing lost: every non-blank row is matched or explained
        assert matched + unmatched == t["real"] + t["unmatchable"]
        # every deliberately unmatchable row is unmatched, and at most 2 % of real rows are
        assert t["unmatchable"] <= unmatched <= t["unmatchable"] + 0.02 * t["real"]


def test_model_ledger_holds_both_rounds_and_every_matched_problem_once(demo_run):
    out, _results = demo_run
    with sqlite3.connect(str(out / "体检台账.gpkg")) as db:
        rounds = dict(db.execute("SELECT round, COUNT(*) FROM problems GROUP BY round").fetchall())
        uids = db.execute("SELECT COUNT(*), COUNT(DISTINCT round || report_uid) FROM problems").fetchone()
        districts = db.execute("SELECT round, SUM(problems_total) FROM ledger_district GROUP BY round")
        districts = districts.fetchall()
    for year in (2024, 2025):
        matched = QgsVectorLayer(str(out / "匹配_{}.gpkg".format(year)), "m", "ogr").featureCount()
        assert rounds[year] == matched
    assert uids[0] == uids[1]
    assert dict(districts) == rounds  # every problem rolls up to exactly one district


def test_model_closed_loop_dispatches_imports_and_rejects_bad_rows(demo_run):
    out, _results = demo_run
    with sqlite3.connect(str(out / "体检台账.gpkg")) as db:
        events = dict(db.execute("SELECT event, COUNT(*) FROM problem_history GROUP BY event").fetchall())
        open_2024 = db.execute("SELECT COUNT(*) FROM problem_history "
                               "WHERE event = 'dispatch' AND round = 2024").fetchone()[0]
        compared = db.execute("SELECT COUNT(*) FROM round_comparison").fetchone()[0]
        problems = db.execute("SELECT COUNT(*) FROM problems").fetchone()[0]
    assert events["dispatch"] == open_2024 > 0 and events["import"] > 0
    assert compared == problems  # every problem of both rounds labelled once
    files = os.listdir(out / "工单")
    assert files and all(f.endswith("_2024年工单.xlsx") for f in files)
    reasons = [f["reason"] for f in QgsVectorLayer(str(out / "退回行.gpkg"), "r", "ogr").getFeatures()]
    for needle in ("unknown 问题编号", "does not allow", "in the future", "before the problem was found",
                   "not a readable date"):
        assert any(needle in r for r in reasons), needle
