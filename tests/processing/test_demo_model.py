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
              "atlas_blocks:block_atlas": str(out / "图集" / "街区图集_2025.pdf"),
              "atlas_compounds:compound_atlas": str(out / "图集" / "小区图集_2025_西门街道.pdf"),
              "thematicmaps:thematic_maps": str(out / "专题图")}
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


def test_model_block_atlas_has_a_page_per_block_with_its_name_fonts_and_photos(demo_run):
    import math

    from tests.processing.test_atlas_alg import fonts, images_per_page, page_text, pdf_pages

    out, _results = demo_run
    atlas = str(out / "图集" / "街区图集_2025.pdf")
    with sqlite3.connect(str(out / "体检台账.gpkg")) as db:
        blocks = dict(db.execute("SELECT name, photos_total FROM ledger_block WHERE round = 2025 "
                                 "AND district_code = '150571'").fetchall())
    contents_pages = math.ceil(len(blocks) / 30)
    assert pdf_pages(atlas) == len(blocks) + 1 + contents_pages
    images = images_per_page(atlas)
    seen = []
    for page in range(2 + contents_pages, pdf_pages(atlas) + 1):
        text = page_text(atlas, page)
        (name,) = [n for n in blocks if text.startswith(n)]  # the title: the unit's own name, searchable
        seen.append(name)
        assert (images.get(page, 0) > 0) == (blocks[name] > 0), name
    assert sorted(seen) == sorted(blocks)
    assert all(row[-5] == "yes" for row in fonts(atlas))
    assert pdf_pages(str(out / "图集" / "小区图集_2025_西门街道.pdf")) >= 3
    thematic = os.listdir(str(out / "专题图"))
    assert thematic and sum(n.endswith(".png") for n in thematic) == sum(n.endswith(".pdf") for n in thematic)
