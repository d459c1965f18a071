"""Ledger roll-ups: distinct-building indicators, per-100-households maths, consistency."""

from __future__ import annotations

import pytest

from cityhealth_plugin.core import ledger as L  # noqa: N812
from cityhealth_plugin.core.feedback import Canceled

SPEC = L.LedgerSpec(
    categories=(("GAS", "燃气"), ("STAIR", "楼道"), ("PARK", "停车")),
    indicators=tuple((f"IND-HOUSE-{i:03d}", f"住房指标{i}") for i in range(1, 11)),
)

# 2 districts, 2 communities, 2 blocks, 3 compounds, 5 buildings incl. a 散楼 (compound None).
BUILDINGS = [
    L.BuildingRecord("BLD-1", "C-天福", "B-甲", "S-明仁", None, households=40, residents=100),
    L.BuildingRecord("BLD-2", "C-天福", "B-乙", "S-明仁", None, households=60, residents=150),
    L.BuildingRecord("BLD-3", "C-和平", "B-甲", "S-明仁", None, households=20, residents=50),
    L.BuildingRecord("BLD-4", "C-建国", "B-乙", "S-建国", None, households=30, residents=70),
    L.BuildingRecord("BLD-散", None, "B-乙", None, "D-开发区", households=10, residents=25),
]
COMPOUND_BLOCK = {"C-天福": "B-甲", "C-和平": "B-甲", "C-建国": "B-乙"}
COMMUNITY_DISTRICT = {"S-明仁": "D-科尔沁", "S-建国": "D-开发区"}


def P(uid, bid, cat="GAS", ind="IND-HOUSE-002", sev="一般", status="未整改", photos=1):
    return L.ProblemRecord(uid, bid, cat, ind, sev, status, photos)


PROBLEMS = [
    # three reports of gas on one building → the gas indicator counts BLD-1 once
    P("p1", "BLD-1"), P("p2", "BLD-1", sev="严重", status="已整改"), P("p3", "BLD-1", status="整改中"),
    P("p4", "BLD-2", cat="STAIR", ind="IND-HOUSE-003", sev="较重"),
    P("p5", "BLD-散", cat="PARK", ind="IND-CMTY-005", sev="较重", status="已整改", photos=2),
    P("p6", "BLD-4", cat="", ind="", sev="", status=""),
    P("p7", "BLD-不存在"),
]


@pytest.fixture()
def ledger():
    return L.build_ledger(PROBLEMS, BUILDINGS, COMPOUND_BLOCK, COMMUNITY_DISTRICT, SPEC,
                          units={"compound": ["C-天福", "C-和平", "C-建国", "C-空"]})


def test_rollups_are_consistent_at_every_level(ledger):
    assert L.check_consistency(ledger) == []


def test_check_consistency_finds_a_tampered_parent(ledger):
    ledger.rows["block"]["B-甲"]["cat_gas"] += 1
    errors = L.check_consistency(ledger)
    assert errors and "B-甲" in errors[0] and "cat_gas" in errors[0]


def test_three_gas_reports_on_one_building_count_that_building_once(ledger):
    b1 = ledger.rows["building"]["BLD-1"]
    assert b1["problems_total"] == 3 and b1["cat_gas"] == 3
    assert b1["ind_house_002"] == 1
    assert ledger.rows["compound"]["C-天福"]["ind_house_002"] == 1
    assert ledger.rows["compound"]["C-天福"]["ind_house_003"] == 1
    # all ten housing indicators are columns, zero when nothing was found
    assert all(ledger.rows["district"]["D-科尔沁"][f"ind_house_{i:03d}"] >= 0 for i in range(1, 11))
    assert ledger.rows["district"]["D-科尔沁"]["ind_house_010"] == 0


def test_open_in_progress_resolved_and_worst_severity(ledger):
    b1 = ledger.rows["building"]["BLD-1"]
    assert (b1["problems_open"], b1["problems_in_progress"], b1["problems_resolved"]) == (1, 1, 1)
    assert b1["worst_severity"] == "严重"
    assert ledger.rows["building"]["BLD-2"]["worst_severity"] == "较重"
    assert ledger.rows["building"]["BLD-4"]["worst_severity"] == ""
    assert ledger.rows["building"]["BLD-4"]["problems_open"] == 1  # no status reported = open
    assert ledger.rows["building"]["BLD-4"]["cat_other"] == 1
    assert ledger.rows["block"]["B-甲"]["worst_severity"] == "严重"
    assert ledger.rows["block"]["B-乙"]["worst_severity"] == "较重"


def test_problems_per_100_households_by_hand(ledger):
    # C-天福: 4 problems, 40 + 60 households → 4.0; BLD-2 alone: 1 / 60 * 100 = 1.67
    assert ledger.rows["compound"]["C-天福"]["problems_per_100hh"] == 4.0
    assert ledger.rows["building"]["BLD-2"]["problems_per_100hh"] == 1.67
    # block 甲 = C-天福 + C-和平 (BLD-2 lies in block 乙 but follows its compound): 4 / 120 * 100
    assert ledger.rows["block"]["B-甲"]["problems_per_100hh"] == 3.33
    assert ledger.rows["compound"]["C-空"]["problems_per_100hh"] is None


def test_households_affected_only_counts_buildings_with_problems(ledger):
    c = ledger.rows["community"]["S-明仁"]
    assert c["households_total"] == 120 and c["households_affected"] == 100
    assert c["residents_affected"] == 250 and c["buildings_with_problems"] == 2


def test_scattered_building_rolls_to_block_and_district_without_compound(ledger):
    assert ledger.membership["compound"]["BLD-散"] is None
    assert ledger.membership["block"]["BLD-散"] == "B-乙"
    assert ledger.membership["district"]["BLD-散"] == "D-开发区"
    block = ledger.rows["block"]["B-乙"]
    assert block["problems_total"] == 2 and block["cat_park"] == 1 and block["photos_total"] == 3
    assert ledger.rows["district"]["D-开发区"]["problems_total"] == 2


def test_unknown_building_problems_are_listed_not_counted(ledger):
    assert ledger.unassigned_problems == ["p7"]
    total = sum(r["problems_total"] for r in ledger.rows["district"].values())
    assert total == 6


def test_majority_picks_the_largest_overlap_and_none_without_overlap():
    got = L.majority({"BLD-1": {"B-甲": 10.0, "B-乙": 30.0}, "BLD-2": {}, "BLD-3": {"B-乙": 5, "B-甲": 5}})
    assert got == {"BLD-1": "B-乙", "BLD-2": None, "BLD-3": "B-乙"}


def test_field_names_and_aliases():
    assert L.indicator_field("IND-HOUSE-002") == "ind_house_002"
    assert L.category_field("GAS") == "cat_gas"
    aliases = SPEC.aliases()
    assert aliases["problems_total"] == "问题总数"
    assert aliases["cat_gas"] == "燃气问题数"
    assert aliases["ind_house_002"] == "住房指标2"


def test_cancel_stops_the_build():
    class Stop:
        def isCanceled(self):
            return True

        def setProgress(self, p):
            pass

    with pytest.raises(Canceled):
        L.build_ledger(PROBLEMS, BUILDINGS, COMPOUND_BLOCK, COMMUNITY_DISTRICT, SPEC, feedback=Stop())


def test_compound_level_problems_count_in_the_compound_but_no_building():
    area = L.area_building("C-天福", "S-明仁")
    problems = PROBLEMS + [P("p8", area.building_id, cat="PARK", ind="IND-HOUSE-007", sev="严重")]
    ledger = L.build_ledger(problems, BUILDINGS + [area], COMPOUND_BLOCK, COMMUNITY_DISTRICT, SPEC)
    assert L.check_consistency(ledger) == []
    c = ledger.rows["compound"]["C-天福"]
    assert c["problems_total"] == 5 and c["problems_area_level"] == 1
    assert c["buildings_total"] == 2 and c["buildings_with_problems"] == 2
    assert c["ind_house_007"] == 0  # no building → no housing indicator
    assert c["households_affected"] == 100 and c["worst_severity"] == "严重"
    assert ledger.rows["block"]["B-甲"]["problems_area_level"] == 1
    assert ledger.rows["district"]["D-科尔沁"]["problems_total"] == 5
