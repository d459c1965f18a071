"""Indicator engine: every computation kind on a hand-made city, values worked out by hand."""

from __future__ import annotations

import copy
import json

import openpyxl
import pytest

from cityhealth_plugin.core.indicators import config as cfg
from cityhealth_plugin.core.indicators.assessment import (
    assess,
    badness_ranks,
    grade,
    score,
    spatial_requests,
    status,
)
from cityhealth_plugin.core.indicators.kinds import Inputs, compute_indicator, target_ids
from cityhealth_plugin.core.indicators.report import dataset, read_datasets, write_report
from cityhealth_plugin.core.indicators.stats import read_stats
from cityhealth_plugin.core.messages import CityHealthError

# 天福家园 C1 (B1 100 residents, B2 50) and 明仁小区 C2 (B3 30) in block K1; scattered B4 (20) in K2.
BUILDINGS = {
    "B1": {"compound_id": "C1", "block_id": "K1", "community_code": "M1", "district_code": "D1",
           "households": 40, "residents": 100, "storeys": 6, "has_lift": 0},
    "B2": {"compound_id": "C1", "block_id": "K1", "community_code": "M1", "district_code": "D1",
           "households": 20, "residents": 50, "storeys": 3, "has_lift": 0},
    "B3": {"compound_id": "C2", "block_id": "K1", "community_code": "M1", "district_code": "D1",
           "households": 10, "residents": 30, "storeys": 5, "has_lift": 1},
    "B4": {"compound_id": "", "block_id": "K2", "community_code": "M2", "district_code": "D1",
           "households": 10, "residents": 20, "storeys": 4, "has_lift": 0},
}
COMPOUNDS = {
    "C1": {"compound_id": "C1", "block_id": "K1", "community_code": "M1", "district_code": "D1",
           "households": 60, "has_property": 0},
    "C2": {"compound_id": "C2", "block_id": "K1", "community_code": "M1", "district_code": "D1",
           "households": 10, "has_property": 1},
}
BLOCKS = {"K1": {"block_id": "K1", "district_code": "D1"}, "K2": {"block_id": "K2", "district_code": "D1"}}


def _p(code, b="", c="", k="", m="", d="D1"):
    return {"indicator_code": code, "building_id": b, "compound_id": c, "block_id": k, "community_code": m,
            "district_code": d}


PROBLEMS = [
    _p("IND-HOUSE-001", "B1", "C1", "K1", "M1"), _p("IND-HOUSE-001", "B1", "C1", "K1", "M1"),  # twice: once
    _p("IND-HOUSE-001", "B2", "C1", "K1", "M1"), _p("IND-HOUSE-001", "B4", "", "K2", "M2"),
    _p("IND-HOUSE-002", "B3", "C2", "K1", "M1"),
    _p("IND-COMM-020", "", "C1", "K1", "M1"), _p("IND-COMM-020", "", "C1", "K1", "M1"),
    _p("IND-BLOCK-030", "", "", "K2", "M2"),
]
FEATURES = {
    "facilities": {"F1": {"facility_type": "kindergarten", "area_m2": 500.0, "capacity": 90},
                   "F2": {"facility_type": "parking_lot", "area_m2": 0.0, "capacity": 20},
                   "F3": {"facility_type": "parking_lot", "area_m2": 0.0, "capacity": 5},
                   "F4": {"facility_type": "kindergarten", "area_m2": 100.0, "capacity": 30}},
    "parks": {"P1": {"park_class": "口袋公园", "area_m2": 3000.0},
              "P2": {"park_class": "综合公园", "area_m2": 6000.0}},
    "roads": {"R1": {"sidewalk_m": 1.5}, "R2": {"sidewalk_m": 3.0}},
}
KG = {"layer": "facilities", "types": ["kindergarten"], "radius": 300, "min_area": 200}
PARKING = {"layer": "facilities", "types": ["parking_lot"], "radius": 0}
SMALL_PARK = {"layer": "parks", "types": [], "radius": 300, "min_area": 2000, "max_area": 5000}
BIG_PARK = {"layer": "parks", "types": [], "radius": 500, "min_area": 5000}
WALK = {"field": "sidewalk_m", "op": "<", "value": 2.0, "radius": 30}


def inputs(level, units):
    return Inputs(level=level, units=units, buildings=copy.deepcopy(BUILDINGS),
                  compounds=copy.deepcopy(COMPOUNDS),
                  blocks=copy.deepcopy(BLOCKS), problems=list(PROBLEMS), features=FEATURES,
                  stats={("K1", "IND-CITY-031"): 75.0, ("C1", "IND-COMM-016"): 3.0,
                         ("C2", "IND-COMM-016"): 4.0},
                  unit_households={"K1": 70, "K2": 10, "C1": 60, "C2": 10},
                  layers={"facilities", "parks", "roads", "compounds", "stats"}, compound_attributes=True)


def answers(level):
    """What the QGIS adapter would answer, set by hand: F1 is within 300 m of C1 (and so of K1);
    F2 and F3 lie inside C1; B1 and B3 are within 300 m of the small park P1; nothing near P2;
    R1 has 1.5 km inside K1 (+30 m) and 0.25 km inside K2."""
    inp = inputs(level, [])
    near_kg = ("near", "compound", "facilities", target_ids(inp, KG), 300.0)
    return {near_kg: {"C1": ["F1"]},
            ("near", "compound", "facilities", target_ids(inp, PARKING), 0.0): {"C1": ["F2", "F3"]},
            ("cover", "parks", ("P1",), 300.0): {"B1", "B3"},
            ("cover", "parks", ("P2",), 500.0): set(),
            ("length", level, ("R1",), 30.0): {"K1": 1500.0, "K2": 250.0, "C1": 120.0},
            ("area", level): {"K1": 2e6, "K2": 5e5}}


def item(code, kind, params, level="compound", direction="lower_better", standard=0, red=2, **extra):
    entry = {"code": code, "level": level, "name_cn": code, "direction": direction, "kind": kind,
             "params": params, "standard": standard, "red": red, "weight": 1, "enabled": True, "local": False,
             "levels": {}}
    entry.update(extra)
    return entry


def values(entry, level, units):
    return compute_indicator(entry, inputs(level, units), answers(level)).values


def test_distinct_buildings_count_each_building_once_and_roll_up_by_the_tree():
    house = item("IND-HOUSE-001", "distinct", {"of": "building"}, level="housing")
    assert values(house, "block", ["K1", "K2"]) == {"K1": 2.0, "K2": 1.0}  # B1 (reported twice) + B2; B4
    assert values(house, "compound", ["C1", "C2"]) == {"C1": 2.0, "C2": 0.0}
    assert values(house, "community", ["M1", "M2"]) == {"M1": 2.0, "M2": 1.0}
    assert values(house, "district", ["D1"]) == {"D1": 3.0}
    assert values(house, "building", ["B1", "B3"]) == {"B1": 1.0, "B3": 0.0}


def test_distinct_compounds_and_blocks_and_their_levels():
    comm = item("IND-COMM-020", "distinct", {"of": "compound"})
    assert values(comm, "block", ["K1", "K2"]) == {"K1": 1.0, "K2": 0.0}  # C1 reported twice
    result = compute_indicator(comm, inputs("building", ["B1"]), {})
    assert result.values == {"B1": None} and "not defined for building" in str(result.reasons["B1"])
    block = item("IND-BLOCK-030", "distinct", {"of": "block"}, level="block")
    assert values(block, "district", ["D1"]) == {"D1": 1.0}
    assert values(block, "compound", ["C1"]) == {"C1": None}


def test_lacking_counts_compounds_without_a_facility_of_the_size_within_radius():
    entry = item("IND-COMM-013", "lacking", {"of": "compound", "targets": [KG]})
    assert target_ids(inputs("block", []), KG) == ("F1",)  # F4 is below 200 m²
    assert values(entry, "compound", ["C1", "C2"]) == {"C1": 0.0, "C2": 1.0}
    assert values(entry, "block", ["K1", "K2"]) == {"K1": 1.0, "K2": 0.0}  # K2 has no compound


def test_coverage_is_the_residents_weighted_share_of_covered_buildings():
    entry = item("IND-BLOCK-026", "coverage", {"targets": [SMALL_PARK, BIG_PARK]}, level="block",
                 direction="higher_better", standard=90, red=60)
    got = values(entry, "block", ["K1", "K2"])
    assert got == {"K1": round(100 * (100 + 30) / 180, 2), "K2": 0.0}  # 72.22 %: B1 + B3 of 180 residents
    assert values(entry, "compound", ["C1", "C2"]) == {"C1": round(100 * 100 / 150, 2), "C2": 100.0}


def test_attribute_counts_compounds_meeting_the_rule():
    entry = item("IND-COMM-021", "attribute",
                 {"of": "compound", "field": "has_property", "op": "==", "value": 0})
    assert values(entry, "block", ["K1", "K2"]) == {"K1": 1.0, "K2": 0.0}
    inp = inputs("block", ["K1"])
    inp.compound_attributes = False
    result = compute_indicator(entry, inp, {})
    assert result.values == {"K1": None} and "COMPOUNDS" in str(result.reasons["K1"])


def test_gap_is_demand_minus_supply_per_compound_summed():
    entry = item("IND-COMM-015", "gap", {"demand_field": "households", "rate": 0.5, "supply": [PARKING]})
    # C1: 60 × 0.5 − (20 + 5) = 5; C2: 10 × 0.5 − 0 = 5
    assert values(entry, "compound", ["C1", "C2"]) == {"C1": 5.0, "C2": 5.0}
    assert values(entry, "block", ["K1", "K2"]) == {"K1": 10.0, "K2": 0.0}


def test_length_of_flagged_segments_in_km():
    entry = item("IND-COMM-019", "length", WALK)
    assert values(entry, "block", ["K1", "K2"]) == {"K1": 1.5, "K2": 0.25}  # only R1 has < 2 m sidewalk


def test_density_per_100_households_and_per_km2():
    per_hh = item("X-LOCAL-1", "density", {"numerator": "problems", "per": "100_households"}, local=True)
    assert values(per_hh, "block", ["K1", "K2"]) == {"K1": round(6 / 0.7, 3), "K2": 20.0}
    roads = item("X-LOCAL-2", "density", {"numerator": "road_length", "per": "km2"}, level="block",
                 local=True)
    inp = inputs("block", ["K1", "K2"])
    ans = {("length", "block", ("R1", "R2"), 0.0): {"K1": 4000.0, "K2": 0.0}, ("area", "block"): {"K1": 2e6}}
    got = compute_indicator(roads, inp, ans)
    assert got.values == {"K1": 2.0, "K2": None}  # 4 km / 2 km²; K2 has no area


def test_statistic_from_the_table_and_summed_over_compounds():
    city = item("IND-CITY-031", "statistic", {"aggregate": "none"}, level="city", direction="higher_better",
                standard=70, red=50)
    assert values(city, "district", ["D1"]) == {"D1": None}
    comm = item("IND-COMM-016", "statistic", {"aggregate": "sum"})
    assert values(comm, "block", ["K1", "K2"]) == {"K1": 7.0, "K2": None}
    city_at_block = compute_indicator(city, inputs("block", ["K1"]), {})
    assert city_at_block.values == {"K1": None}  # a city indicator is for districts only


def test_status_bands_follow_the_direction():
    assert [status(v, "lower_better", 0, 3) for v in (0, 1, 2.9, 3, None)] == [
        "ok", "yellow", "yellow", "red", None]
    assert [status(v, "higher_better", 90, 60) for v in (95, 90, 75, 60, 10)] == [
        "ok", "ok", "yellow", "red", "red"]


def test_score_grade_and_short_boards_by_hand():
    assert score({"a": "ok", "b": "red", "c": None}, {"a": 2, "b": 1, "c": 5},
                 {"ok": 100, "yellow": 60, "red": 0}) == round(200 / 3, 1)
    grades = [[90, "很好"], [75, "较好"], [60, "一般"], [0, "较差"]]
    assert [grade(v, grades) for v in (95, 75, 74.9, 0, None)] == ["很好", "较好", "一般", "较差", None]
    assert badness_ranks({"x": 1, "y": 3, "z": 3, "w": None}, "lower_better") == {
        "x": 0.0, "y": 0.5, "z": 0.5}
    assert badness_ranks({"x": 10, "y": 90}, "higher_better") == {"x": 1.0, "y": 0.0}


def small_config(**changes):
    config = {"indicators": [
        item("IND-HOUSE-001", "distinct", {"of": "building"}, level="housing", standard=0, red=2, weight=2),
        item("IND-COMM-013", "lacking", {"of": "compound", "targets": [KG]}, standard=0, red=1),
        item("IND-BLOCK-026", "coverage", {"targets": [SMALL_PARK, BIG_PARK]}, level="block",
             direction="higher_better", standard=90, red=60),
    ]}
    for code, values_ in changes.items():
        next(i for i in config["indicators"] if i["code"] == code).update(values_)
    return cfg.validate(config)


def test_assess_block_units_end_to_end():
    config = small_config()
    inp = inputs("block", ["K1", "K2"])
    result = assess(config, inp, answers("block"))
    k1, k2 = result.units
    assert k1.values == {"IND-HOUSE-001": 2.0, "IND-COMM-013": 1.0, "IND-BLOCK-026": 72.22}
    assert k1.statuses == {"IND-HOUSE-001": "red", "IND-COMM-013": "red", "IND-BLOCK-026": "yellow"}
    assert k2.statuses == {"IND-HOUSE-001": "yellow", "IND-COMM-013": "ok", "IND-BLOCK-026": "red"}
    assert k1.score == round((2 * 0 + 0 + 60) / 4, 1) and k1.grade == "较差"  # 15.0
    assert k2.score == round((2 * 60 + 100 + 0) / 4, 1)  # 55.0
    # worst of the two (rank 1): K1 on housing and kindergarten, K2 on parks
    assert k1.short_boards == ["IND-HOUSE-001", "IND-COMM-013"]
    assert k2.short_boards == ["IND-BLOCK-026"]
    assert len(spatial_requests(config, inp)) == 3


def test_changing_a_standard_value_changes_the_statuses():
    before = assess(small_config(), inputs("block", ["K1", "K2"]), answers("block"))
    after = assess(small_config(**{"IND-BLOCK-026": {"standard": 70, "red": 10}}),
                   inputs("block", ["K1", "K2"]), answers("block"))
    assert before.units[0].statuses["IND-BLOCK-026"] == "yellow"
    assert after.units[0].statuses["IND-BLOCK-026"] == "ok"
    assert after.units[1].statuses["IND-BLOCK-026"] == "red"


def test_shipped_configuration_is_valid_and_holds_the_61_national_indicators():
    config = cfg.load_config()
    codes = [i["code"] for i in config["indicators"]]
    assert len(codes) == 61 and len(set(codes)) == 61
    kinds = {i["code"]: i["kind"] for i in config["indicators"]}
    assert all(kinds[c] == "distinct" for c in codes if c.startswith("IND-HOUSE"))
    assert kinds["IND-BLOCK-026"] == "coverage" and kinds["IND-COMM-021"] == "attribute"
    assert {i["code"] for i in config["indicators"] if not i["enabled"]} == {
        c for c in codes if c.startswith("IND-CITY") and c != "IND-CITY-037"}


def _broken(mutate):
    config = json.loads(json.dumps(cfg.load_config()))
    mutate(config["indicators"])
    with pytest.raises(CityHealthError) as error:
        cfg.validate(config)
    return str(error.value)


def test_bad_configurations_are_refused_naming_the_entry():
    text = _broken(lambda items: items[0].update(code="IND-HOUSE-999"))
    assert "entry 1 (IND-HOUSE-999)" in text and "unknown code" in text
    text = _broken(lambda items: items[12]["params"]["targets"][0].update(radius=-5))
    assert "entry 13 (IND-COMM-013)" in text and "params.targets[1].radius" in text and "negative" in text
    text = _broken(lambda items: items[20]["params"].pop("field"))
    assert "entry 21 (IND-COMM-021)" in text and "params.field" in text and "missing" in text
    text = _broken(lambda items: items[25].update(red=95))
    assert "entry 26 (IND-BLOCK-026)" in text and "wrong side" in text
    text = _broken(lambda items: items[10]["params"]["targets"][0].update(types=["养老院"]))
    assert "unknown facility type" in text and "entry 11" in text
    text = _broken(lambda items: items[3].update(kind="magic"))
    assert "entry 4 (IND-HOUSE-004), «kind»" in text
    text = _broken(lambda items: items.append(dict(items[0])))
    assert "appears twice" in text


def test_a_local_indicator_of_an_existing_kind_is_accepted():
    config = cfg.load_config()
    config["indicators"].append(item("LOCAL-TL-001", "attribute", {"of": "building", "field": "has_lift",
                                                                    "op": "==", "value": 0},
                                     level="housing", local=True))
    assert cfg.validate(config)["indicators"][-1]["code"] == "LOCAL-TL-001"


def test_statistics_table_reports_bad_rows_and_keeps_the_others(tmp_path):
    path = tmp_path / "部门统计.csv"
    path.write_text("单元编码,指标编码,数值,轮次\nK1,IND-CITY-031,72.5%,2025\nK2,IND-CITY-031,很多,2025\n"
                    "K3,IND-CITY-031,10,2024\n,IND-CITY-031,5,\n", encoding="utf-8")
    values_, issues = read_stats(str(path), 2025)
    assert values_ == {("K1", "IND-CITY-031"): 72.5}
    assert len(issues) == 2
    assert "部门统计.csv" in str(issues[0]) and "row 3" in str(issues[0]) and "数值" in str(issues[0])


def test_report_keeps_each_level_and_round_and_writes_no_formula(tmp_path):
    config = small_config()
    path = str(tmp_path / "体检评估.xlsx")
    block = assess(config, inputs("block", ["K1", "K2"]), answers("block"))
    write_report(path, dataset(block, 2025, {"K1": "=HYPERLINK(\"x\")", "K2": "街区二"}))
    compound = assess(config, inputs("compound", ["C1", "C2"]), answers("compound"))
    write_report(path, dataset(compound, 2025, {"C1": "天福家园", "C2": "明仁小区"}))
    write_report(path, dataset(block, 2024, {"K1": "街区一", "K2": "街区二"}))
    assert sorted((d["level"], d["round"]) for d in read_datasets(path)) == [
        ("block", 2024), ("block", 2025), ("compound", 2025)]
    book = openpyxl.load_workbook(path)
    assert book.sheetnames[:4] == ["汇总", "指标汇总", "小区评估", "街区评估"]
    overview = [[c.value for c in r] for r in book["汇总"].iter_rows(min_row=2)]
    assert [r[:3] for r in overview] == [["小区", 2025, 2], ["街区", 2024, 2], ["街区", 2025, 2]]
    assert overview[1][3] == round((15.0 + 55.0) / 2, 1) and overview[1][4:8] == [0, 0, 0, 2]
    per_indicator = [[c.value for c in r] for r in book["指标汇总"].iter_rows(min_row=2)]
    assert per_indicator[3][:4] == ["街区", 2024, "IND-HOUSE-001", "IND-HOUSE-001"]
    assert per_indicator[3][8:12] == [0, 1, 1, 0]  # K2 yellow, K1 red
    sheet = book["街区评估"]
    header = [c.value for c in sheet[1]]
    assert header[:6] == ["轮次", "街区编码", "名称", "得分", "等级", "短板指标"]
    assert header[6].startswith("IND-HOUSE-001") and header[7] == "标准值" and header[8] == "状态"
    assert sheet.freeze_panes == "D2" and sheet.auto_filter.ref.startswith("A1:")
    rows = [[c.value for c in r] for r in sheet.iter_rows(min_row=2)]
    assert [(r[0], r[1]) for r in rows] == [(2024, "K1"), (2024, "K2"), (2025, "K1"), (2025, "K2")]
    k1 = rows[2]
    assert k1[2] == "'=HYPERLINK(\"x\")"  # never a live formula
    assert k1[6:9] == [2.0, 0.0, "红色预警"]
    assert sheet.cell(row=4, column=7).fill.fgColor.rgb.endswith("FFC7CE")
    assert all(not (isinstance(c.value, str) and c.value.startswith("=")) for r in book.worksheets
               for row in r.iter_rows() for c in row)
