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


# --- memberships over hand-computed overlap maps ------------------------------------------------
def test_compound_by_footprint_needs_half_the_footprint():
    # footprint 100 m²: 50 inside 天福 is enough, 49.9 is not; ties go to the smaller id
    assert L.compound_by_footprint({"C-天福": 50.0, "C-和平": 30.0}, 100.0) == "C-天福"
    assert L.compound_by_footprint({"C-天福": 49.9, "C-和平": 30.0}, 100.0) is None
    assert L.compound_by_footprint({"C-乙": 60.0, "C-甲": 60.0}, 100.0) == "C-乙"  # "C-乙" < "C-甲"
    assert L.compound_by_footprint({}, 100.0) is None
    assert L.compound_by_footprint({"C-天福": 10.0}, 0.0) is None  # no geometry: no spatial rule


def test_assign_buildings_attribute_first_then_space():
    facts = [
        L.BuildingFacts("B1", compound_id="C-天福", block_id="K-甲", community_code="S-明仁", area=100),
        L.BuildingFacts("B2", area=100, households=12),  # everything from space
        L.BuildingFacts("B3", scattered=True, area=100),  # 散楼: never a compound by footprint
        L.BuildingFacts("B4", block_id="K-旧", area=0),  # no geometry: attributes only
        L.BuildingFacts("B5", community_code="S-外", area=100),  # community unknown to the layer
    ]
    compound = {"B1": {"C-和平": 100.0}, "B2": {"C-和平": 70.0, "C-天福": 30.0}, "B3": {"C-和平": 100.0},
                "B4": {}, "B5": {"C-和平": 40.0}}
    block = {"B1": {"K-乙": 100.0}, "B2": {"K-甲": 20.0, "K-乙": 80.0}, "B3": {"K-甲": 100.0}, "B4": {},
             "B5": {"K-甲": 100.0}}
    community = {"B2": {"S-明仁": 100.0}, "B3": {"S-建国": 60.0, "S-明仁": 40.0}, "B5": {}}
    district = {"B2": {"D-1": 100.0}, "B3": {"D-2": 100.0}, "B5": {"D-1": 10.0, "D-2": 90.0}}
    records, counts = L.assign_buildings(facts, compound, block, {"K-甲", "K-乙"}, community,
                                         {"S-明仁", "S-建国"}, district)
    got = {r.building_id: (r.compound_id, r.block_id, r.community_code, r.district_code) for r in records}
    assert got["B1"] == ("C-天福", "K-甲", "S-明仁", None)  # attributes win over overlaps
    assert got["B2"] == ("C-和平", "K-乙", "S-明仁", None)  # 70 % in 和平; district via its community
    assert got["B3"] == (None, "K-甲", "S-建国", None)
    assert got["B4"] == (None, "K-旧", None, None)
    assert got["B5"] == (None, "K-甲", "S-外", "D-2")  # 40 % is not most; own district by area
    assert (counts.compound, counts.block, counts.community, counts.district) == (1, 3, 2, 1)
    assert records[1].households == 12


def test_assign_buildings_without_optional_layers_keeps_attributes():
    records, counts = L.assign_buildings([L.BuildingFacts("B1", block_id="K-x", area=10)], {"B1": {}})
    assert (records[0].block_id, records[0].community_code, records[0].district_code) == ("K-x", None, None)
    assert counts.block == 0


def test_compound_goes_to_the_block_holding_most_of_its_area():
    overlaps = {"C-建国": {"K-甲": 500.0, "K-乙": 3400.0}, "C-空": {}}
    assert L.compound_blocks(["C-建国", "C-空"], overlaps) == {"C-建国": "K-乙", "C-空": None}
    assert L.compound_blocks(["C-建国"], None) == {}


def test_community_district_by_attribute_then_area_then_building_vote():
    buildings = [L.BuildingRecord("B1", community_code="S-外", district_code="D-2"),
                 L.BuildingRecord("B2", community_code="S-外", district_code="D-2"),
                 L.BuildingRecord("B3", community_code="S-外", district_code="D-1"),
                 L.BuildingRecord("B4", community_code="S-明仁", district_code="D-9")]
    out = L.community_districts({"S-明仁": "D-1", "S-建国": ""}, buildings,
                                {"S-建国": {"D-1": 10.0, "D-2": 90.0}})
    assert out == {"S-明仁": "D-1", "S-建国": "D-2", "S-外": "D-2"}


def test_area_buildings_take_community_and_district_from_the_compound():
    cd = {"S-明仁": "D-1"}
    recs = L.area_buildings(["C-乙", "C-甲", "C-丙"], {"C-甲": "S-明仁", "C-乙": ""}, cd,
                            {"C-乙": {"S-新": 10.0}, "C-丙": {}},
                            {"C-乙": {"D-2": 5.0}, "C-丙": {"D-3": 1.0}})
    got = {r.building_id: (r.compound_id, r.community_code, r.district_code, r.virtual) for r in recs}
    assert got["C-甲" + L.AREA_SUFFIX] == ("C-甲", "S-明仁", None, True)
    assert got["C-乙" + L.AREA_SUFFIX] == ("C-乙", "S-新", None, True)
    assert got["C-丙" + L.AREA_SUFFIX] == ("C-丙", None, "D-3", True)  # no community: its district
    assert cd == {"S-明仁": "D-1", "S-新": "D-2"}


def _place(level, bid="", cid="", by_name="", at_building=None, at_compound=None):
    return L.place_problem(level, bid, cid, by_name, {"B1", "B2"}, {"C-天福", "C-和平"},
                           lambda: at_building, lambda: at_compound)


def test_compound_level_problem_stays_on_its_compound_even_inside_a_footprint():
    p = _place("compound", cid="C-天福", at_building="B1", at_compound="C-和平")
    assert (p.building_id, p.compound_id, p.relocated) == (None, "C-天福", "")
    assert p.holder == "C-天福" + L.AREA_SUFFIX
    p = _place("compound", by_name="C-天福", at_compound="C-和平")  # no id: the name, not the point
    assert p.compound_id == "C-天福" and p.relocated == ""
    assert _place("compound", cid="C-不存在").holder is None  # unknown compound: unassigned


def test_building_level_problem_keeps_the_joins_building():
    p = _place("building", bid="B2", at_building="B1")
    assert (p.building_id, p.holder, p.relocated) == ("B2", "B2", "")


def test_rows_without_a_decision_are_relocated():
    assert _place("", bid="B2", at_building="B1").holder == "B2"  # a known building id is kept
    p = _place("", at_building="B1")
    assert (p.holder, p.relocated) == ("B1", "point")
    p = _place("", by_name="C-天福", at_compound="C-和平")  # the name wins over the point
    assert (p.compound_id, p.relocated) == ("C-天福", "compound")
    p = _place("", at_compound="C-和平")
    assert (p.holder, p.relocated) == ("C-和平" + L.AREA_SUFFIX, "compound")
    p = _place("", bid="B-外")
    assert (p.holder, p.relocated) == ("B-外", "none")
