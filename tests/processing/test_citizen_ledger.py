"""Residents' complaints join the ledger as citizen-reported problems (issue 14).

Hand-drawn city of tests/processing/test_buildledger_alg.py; three complaints (WeChat group / 12345
hotline export, free-text addresses, phone numbers):

1. 天福家园1号楼 燃气立管锈蚀 → building BLD-1 (compound C-天福)
2. 和平小区3号楼 楼道堆物 → building BLD-3 (compound C-和平 by footprint)
3. 楼下那个地方 → no compound: not placed, listed by Residents' voice with its reason

Round 2024 of the ledger from the layer ``two_rounds`` (its 2024 rows: BLD-1 GAS-01, BLD-2 STAIR-02)
plus the complaint points, worked out by hand:

- C-天福: 2 reports + 1 complaint → problems_total 3, problems_citizen 1
- C-和平: 1 complaint → problems_total 1, problems_citizen 1; C-建国 0 / 0
- block B-甲 and district 150502 (both compounds): 4 / 2
"""

from __future__ import annotations

import json

from tests.processing.test_buildledger_alg import city, params, rows  # noqa: F401 (fixture)

COMPLAINTS = (
    "来源,反映时间,地址,反映内容,联系电话\n"
    "微信群,2024-06-02,天福家园1号楼,燃气立管锈蚀 请联系13912345678,13912345678\n"
    "12345热线,2024-06-03,和平小区3号楼,楼道堆放杂物没人管,0475-8212345\n"
    "微信群,2024-06-04,楼下那个地方,噪音扰民 电话13711112222,\n"
)
SECRETS = ("13912345678", "8212345", "13711112222")


def _voice(city, tmp_path):  # noqa: F811
    import processing
    from qgis.core import QgsProcessingContext

    from tests.core.test_planning_voice import write_survey

    complaints = tmp_path / "市民投诉.csv"
    complaints.write_text(COMPLAINTS, encoding="utf-8")
    context = QgsProcessingContext()
    points = str(tmp_path / "投诉点.gpkg")
    result = processing.run("cityhealth:residentvoice", {
        "LIBRARY": city["uris"]["buildings"], "ID_FIELD": "building_id", "COMPOUND_FIELD": "compound_name",
        "BUILDING_FIELD": "building_no", "UNITS_FIELD": "units", "COMMUNITY_FIELD": "community_code",
        "SURVEYS": write_survey(tmp_path / "满意度调查.xlsx"), "COMPLAINTS": str(complaints), "ROUND": 2024,
        "SATISFACTION": "memory:", "DEMANDS": "memory:", "COMPLAINT_POINTS": points, "UNUSED": "memory:",
    }, context=context)
    unused = result["UNUSED"]
    unused = unused if not isinstance(unused, str) else context.getMapLayer(unused)
    unused_rows = [(f["kind"], f["source_row"], f["reason"]) for f in unused.getFeatures()]
    return result, points, [r for r in unused_rows if r[0] == "complaint"]


def test_complaints_become_citizen_problems_of_their_buildings_and_compounds(city, tmp_path):  # noqa: F811
    import processing

    result, points, unused = _voice(city, tmp_path)
    assert (result["COMPLAINT_ROWS"], result["COMPLAINTS_PLACED"]) == (3, 2)
    assert len(unused) == 1 and unused[0][1] == 4 and unused[0][2]  # the third row, with its reason

    out = str(tmp_path / "台账.gpkg")
    p = params(city, out, 2024, city["uris"]["two_rounds"])
    p["COMPLAINTS"] = points
    built = processing.run("cityhealth:buildledger", p)
    assert built["PROBLEM_COUNT"] == 4  # 2 reports of 2024 + 2 complaints

    problems = rows(out, "problems")
    assert sorted((r["source"], r["building_id"], r["compound_id"]) for r in problems) == [
        ("citizen", "BLD-1", "C-天福"), ("citizen", "BLD-3", "C-和平"),
        ("report", "BLD-1", "C-天福"), ("report", "BLD-2", "C-天福")]
    citizen = [r for r in problems if r["source"] == "citizen"]
    assert {r["reporter"] for r in citizen} == {"市民"}
    assert {r["match_level"] for r in citizen} == {"building"}
    assert {r["category"] for r in citizen} == {"GAS", "STAIR"}

    compounds = {r["compound_id"]: r for r in rows(out, "ledger_compound") if r["round"] == 2024}
    assert (compounds["C-天福"]["problems_total"], compounds["C-天福"]["problems_citizen"]) == (3, 1)
    assert (compounds["C-和平"]["problems_total"], compounds["C-和平"]["problems_citizen"]) == (1, 1)
    assert (compounds["C-建国"]["problems_total"], compounds["C-建国"]["problems_citizen"]) == (0, 0)
    buildings = {r["building_id"]: r for r in rows(out, "ledger_building")}
    assert (buildings["BLD-1"]["problems_total"], buildings["BLD-1"]["problems_citizen"]) == (2, 1)
    assert (buildings["BLD-2"]["problems_total"], buildings["BLD-2"]["problems_citizen"]) == (1, 0)
    block = {r["block_id"]: r for r in rows(out, "ledger_block")}["B-甲"]
    district = {r["district_code"]: r for r in rows(out, "ledger_district")}["150502"]
    assert (block["problems_total"], block["problems_citizen"]) == (4, 2)
    assert (district["problems_total"], district["problems_citizen"]) == (4, 2)

    run = rows(out, "ledger_runs")[-1]
    summary = json.loads(run["summary"])
    assert summary["complaints"] == {"read": 2, "joined": 2, "left_out_other_round": 0,
                                     "left_out_no_building": 0}
    assert "COMPLAINTS" in {i["parameter"] for i in json.loads(run["inputs"])}
    with open(out, "rb") as handle:
        data = handle.read().decode("utf-8", "ignore")
    for secret in SECRETS:
        assert secret not in data and secret not in repr(problems)

    # round 2025 of the same ledger: the 2024 complaints are left out, each one accounted for
    p2 = params(city, out, 2025, city["uris"]["two_rounds"])
    p2["COMPLAINTS"] = points
    processing.run("cityhealth:buildledger", p2)
    summary = json.loads(rows(out, "ledger_runs")[-1]["summary"])
    assert summary["complaints"] == {"read": 2, "joined": 0, "left_out_other_round": 2,
                                     "left_out_no_building": 0}
    compounds_2025 = {r["compound_id"]: r for r in rows(out, "ledger_compound") if r["round"] == 2025}
    assert compounds_2025["C-天福"]["problems_citizen"] == 0
    assert compounds_2025["C-建国"]["problems_total"] == 1  # BLD-4's 2025 report
    kept = {r["compound_id"]: r for r in rows(out, "ledger_compound") if r["round"] == 2024}
    assert kept["C-天福"]["problems_citizen"] == 1  # the 2024 round is kept as it was


def test_a_complaint_point_of_no_library_building_is_written_but_counted_nowhere(city, tmp_path):  # noqa: F811
    """A complaint point (made by hand) naming building BLD-99, not in the library: in the problems
    layer with source citizen, in no ledger count; ledger_runs: read 1 = joined 0 + left out 1."""
    import processing
    from qgis.core import QgsGeometry, QgsPointXY, QgsWkbTypes

    from cityhealth_plugin.core import schema
    from tests.processing.layers import X0, Y0, write_layer

    fields = dict(schema.REPORT_FIELDS, **schema.MATCH_FIELDS, source=str)
    row = dict.fromkeys(fields)
    row.update({"report_uid": "投诉.xlsx|投诉|2", "source_file": "投诉.xlsx", "source_sheet": "投诉",
                "source_row": 2, "round": 2024, "problem": "楼道堆放杂物", "building_id": "BLD-99",
                "match_level": "building", "source": "citizen", "reporter": "市民", "phone": "13600001111"})
    points = write_layer(str(tmp_path / "投诉点.gpkg"), "points", QgsWkbTypes.Point, fields,
                         [(QgsGeometry.fromPointXY(QgsPointXY(X0 + 500, Y0 + 500)), row)], True)
    out = str(tmp_path / "台账.gpkg")
    p = params(city, out, 2024, city["uris"]["two_rounds"])
    p["COMPLAINTS"] = points
    assert processing.run("cityhealth:buildledger", p)["PROBLEM_COUNT"] == 3
    citizen = [r for r in rows(out, "problems") if r["source"] == "citizen"]
    assert [(r["building_id"], r["phone"]) for r in citizen] == [("BLD-99", "136****1111")]
    assert sum(r["problems_citizen"] for r in rows(out, "ledger_district")) == 0
    assert sum(r["problems_total"] for r in rows(out, "ledger_district")) == 2
    summary = json.loads(rows(out, "ledger_runs")[-1]["summary"])
    assert summary["complaints"] == {"read": 1, "joined": 0, "left_out_other_round": 0,
                                     "left_out_no_building": 1}
