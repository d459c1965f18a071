"""parse_address: every spelling of building, unit and room grid workers use, and compound resolution."""

from __future__ import annotations

import pytest

from cityhealth_plugin.core.address import (
    CompoundIndex,
    compound_variants,
    edit_distance_at_most_one,
    parse_address,
    parse_building,
    parse_room,
    parse_unit,
    strip_prefixes,
)

LIBRARY = ("天福家园南区", "天福家园北区", "明仁小区", "赞成美树", "和平路45号", "幸福家园", "幸运家园",
           "建国里")


@pytest.mark.parametrize("text", ["3号楼", "3#", "3#楼", "三号楼", "3栋", "3幢", "3座", "第3栋", "３号楼",
                                  "03", "3号", "第三幢", "3 号楼", "０３＃"])
def test_every_spelling_of_building_three(text):
    parsed = parse_address(text)
    assert parsed.building == "3"
    assert parsed.unit is None and parsed.compound is None
    assert parse_building(text) == "3"


@pytest.mark.parametrize("text, building", [("A座", "A"), ("B栋", "B"), ("b幢", "B"), ("十二号楼", "12"),
                                            ("A3幢", "A3"), ("12A栋", "12A")])
def test_letters_stay_and_chinese_numbers_convert(text, building):
    assert parse_address(text).building == building


@pytest.mark.parametrize("text", ["2单元", "二单元", "2门", "2-", "2梯", "０２单元", "02",
                                  "第二单元", "2号门"])
def test_every_spelling_of_unit_two(text):
    assert parse_unit(text) == "2"


@pytest.mark.parametrize("text, unit", [("天福家园3号楼2门", "2"), ("天福家园3号楼二单元", "2"),
                                        ("天福家园3号楼2梯", "2"), ("天福家园3号楼2-", "2")])
def test_units_inside_free_text(text, unit):
    parsed = parse_address(text)
    assert (parsed.building, parsed.unit) == ("3", unit)


@pytest.mark.parametrize("text, room", [("301室", "301"), ("301", "301"), ("3楼301", "301"),
                                        ("0301室", "301")])
def test_room_cells(text, room):
    assert parse_room(text) == room


def test_floor_and_room_after_building_and_unit():
    parsed = parse_address("天福家园南区3号楼2单元3楼301")
    assert (parsed.building, parsed.unit, parsed.floor, parsed.room) == ("3", "2", "3", "301")
    assert parse_address("明仁小区5栋1单元301室").room == "301"


@pytest.mark.parametrize("text, expected", [
    ("47-6-746", ("47", "6", "746")),
    ("14-9-1456室", ("14", "9", "1456")),
    ("缤纷北苑47-6-746", ("47", "6", "746")),
    ("5-2", ("5", "2", None)),
    ("3栋2-301", ("3", "2", "301")),
    ("皇龙新城A座14号楼9-639", ("14", "9", "639")),
    ("和睦院82-B-1405", ("82", "B", "1405")),
    ("卧龙山庄9一9一2192", ("9", "9", "2192")),
])
def test_dash_forms_are_building_unit_room(text, expected):
    parsed = parse_address(text)
    assert (parsed.building, parsed.unit, parsed.room) == expected


def test_free_text_prefixes_are_removed_without_a_library():
    parsed = parse_address("良渚街道金德路191号赞成美树14-9-1456室")
    assert (parsed.compound, parsed.building, parsed.unit, parsed.room) == ("赞成美树", "14", "9", "1456")
    parsed = parse_address("浙江省杭州市滨江区缤纷北苑47-6-746")
    assert parsed.compound == "缤纷北苑"
    assert strip_prefixes("内蒙古自治区通辽市科尔沁区明仁街道建国路12号明仁小区") == "明仁小区"


def test_unit_written_before_building_and_floor_used_as_building():
    parsed = parse_address("森海豪庭9单元7栋1256")
    assert (parsed.compound, parsed.building, parsed.unit) == ("森海豪庭", "7", "9")
    parsed = parse_address("乙烯兴华村1075楼3单元1115")
    assert (parsed.building, parsed.unit, parsed.room) == ("1075", "3", "1115")


def test_road_number_is_not_a_building():
    parsed = parse_address("紫霞街789号西溪蝶园117幢6单元631房")
    assert (parsed.compound, parsed.building, parsed.unit, parsed.room) == ("西溪蝶园", "117", "6", "631")


def test_library_name_found_behind_admin_and_road_prefixes():
    parsed = parse_address("内蒙古通辽市科尔沁区明仁街道建国路12号明仁小区5栋1单元", LIBRARY)
    assert (parsed.compound, parsed.building, parsed.unit) == ("明仁小区", "5", "1")
    assert parsed.compound_method == "exact"


@pytest.mark.parametrize("text", ["天福家园南区3号楼", "天福家园(南区)3号楼", "天福家园（南区）3号楼",
                                  "天福南区3号楼", "天福家园 南区 3号楼", "科尔沁区天福家园南区3号楼"])
def test_phase_written_differently_resolves_to_the_library_name(text):
    parsed = parse_address(text, LIBRARY)
    assert parsed.compound == "天福家园南区"
    assert parsed.building == "3"


def test_compound_without_phase_is_ambiguous_not_guessed():
    parsed = parse_address("天福家园3号楼", LIBRARY)
    assert parsed.compound is None
    assert parsed.compound_candidates == ("天福家园北区", "天福家园南区")


def test_one_character_typo_is_corrected():
    parsed = parse_address("明任小区5栋", LIBRARY)
    assert (parsed.compound, parsed.compound_method) == ("明仁小区", "fuzzy")
    assert parse_address("天福家圆南区3号楼", LIBRARY).compound == "天福家园南区"


def test_typo_one_edit_from_two_compounds_is_ambiguous():
    parsed = parse_address("幸着家园3号楼", LIBRARY)
    assert parsed.compound is None
    assert parsed.compound_candidates == ("幸福家园", "幸运家园")


def test_short_form_inside_a_street_name_is_not_taken_for_the_compound():
    parsed = parse_address("明仁街道永安小区3号楼", LIBRARY)
    assert parsed.compound is None and parsed.compound_candidates == ()
    assert parse_address("明仁5栋", LIBRARY).compound == "明仁小区"


def test_two_edits_is_no_match():
    parsed = parse_address("明月小去5栋", LIBRARY)
    assert parsed.compound is None and parsed.compound_candidates == ()
    assert parsed.compound_text == "明月小去"


def test_scattered_building_door_address_is_a_compound_name():
    parsed = parse_address("和平路45号", LIBRARY)
    assert parsed.compound == "和平路45号"
    assert parsed.building is None


def test_mapping_of_aliases_gives_the_canonical_name():
    parsed = parse_address("老粮站宿舍2号楼", {"老粮站宿舍": "建国里"})
    assert (parsed.compound, parsed.compound_method, parsed.building) == ("建国里", "alias", "2")


def test_variants_of_a_phase_name():
    variants = dict(compound_variants("天福家园(南区)"))
    assert variants["天福家园南区"] == "name"
    assert variants["天福家园"] == "phase"
    assert variants["天福南区"] == "short"
    assert dict(compound_variants("一期花园"))  # no crash on odd names


def test_index_prefers_exact_names_over_other_compounds_variants():
    index = CompoundIndex.from_names(["天福家园", "天福家园南区"])
    assert parse_address("天福家园3号楼", index).compound == "天福家园"
    assert parse_address("天福家园南区3号楼", index).compound == "天福家园南区"


def test_empty_text_gives_empty_result():
    assert parse_address("").is_empty
    assert parse_address(None).is_empty
    assert parse_address("   ").is_empty


def test_edit_distance_helper():
    assert edit_distance_at_most_one("明仁小区", "明仁小去")
    assert edit_distance_at_most_one("明仁小区", "明仁区")
    assert edit_distance_at_most_one("明仁区", "明仁小区")
    assert not edit_distance_at_most_one("明仁小区", "明月小去")


def test_cut_piece_plus_inserted_character_is_not_one_typo():
    # 紫金花园 is two edits from 金华花园: dropping 紫 (as if it were a prefix) and then inserting 华
    # must not count as one typo
    assert parse_address("紫金花园9栋", ["金华花园", "天福家园南区"]).compound != "金华花园"
    # a real one-character typo of the whole name still matches
    assert parse_address("金华花圆9栋", ["金华花园", "天福家园南区"]).compound == "金华花园"
    # and a prefix before the compound is still skipped
    assert parse_address("科尔沁区明仁街道金华花园9栋", ["金华花园"]).compound == "金华花园"


# --- house-number rules (see the module docstring of core/address.py) --------------------------

@pytest.mark.parametrize("text", ["106~110", "106～110号", "106至110号", "106到110号楼", "０１０６～１１０"])
def test_door_range_is_one_building_kept_as_the_range(text):
    assert parse_address(text).building == "106~110"
    assert parse_building(text) == "106~110"


def test_door_range_after_a_compound_and_after_a_road():
    parsed = parse_address("天福家园106至110号2单元")
    assert (parsed.compound, parsed.building, parsed.unit) == ("天福家园", "106~110", "2")
    # straight after a road it is a scattered building's door address: the compound, like 和平路45号
    parsed = parse_address("和平路106~110号")
    assert (parsed.compound, parsed.building) == ("和平路106~110号", None)
    assert parse_address("和平路106~110号", ["和平路106~110号"]).compound_method == "exact"


@pytest.mark.parametrize("text, expected", [
    ("15甲", (None, "15甲", None)), ("15甲号楼", (None, "15甲", None)), ("15乙栋", (None, "15乙", None)),
    ("15甲楼", (None, "15甲", None)),  # 楼 after a stem is the building: no floor is called 甲
    ("天福家园15甲", ("天福家园", "15甲", None)), ("天福家园15丙号楼2单元", ("天福家园", "15丙", "2")),
])
def test_stem_suffix_is_part_of_the_building_number(text, expected):
    parsed = parse_address(text)
    assert (parsed.compound, parsed.building, parsed.unit) == expected
    assert parse_building(text) == expected[1]


@pytest.mark.parametrize("text, expected", [
    ("长乐路628弄4号", ("长乐路628弄", "4", None, None)),
    ("长乐路628弄4号702室", ("长乐路628弄", "4", None, "702")),
    ("长乐路628弄4号楼2单元", ("长乐路628弄", "4", "2", None)),
    ("长乐路628弄4-7号", ("长乐路628弄", "4~7", None, None)),
    ("628弄4-7号", ("628弄", "4~7", None, None)),
    ("4-7号", (None, "4", "7", None)),  # no lane: building-unit, as in the north
    ("天福家园4-7号", ("天福家园", "4", "7", None)),
])
def test_lane_number_then_building_shanghai_convention(text, expected):
    parsed = parse_address(text)
    assert (parsed.compound, parsed.building, parsed.unit, parsed.room) == expected


def test_lane_building_matches_the_library_compound():
    parsed = parse_address("静安区长乐路628弄4-7号", ["长乐路628弄", "长乐路630弄"])
    assert (parsed.compound, parsed.compound_method, parsed.building) == ("长乐路628弄", "exact", "4~7")


def test_house_number_rules_give_library_and_report_the_same_key():
    from cityhealth_plugin.core.library import AddressLibrary, BuildingRecord
    from cityhealth_plugin.core.matching import match_values

    library = AddressLibrary([
        BuildingRecord("L1", "长乐路628弄", "4~7号"), BuildingRecord("L2", "长乐路628弄", "4号"),
        BuildingRecord("L3", "天福家园", "106至110号"), BuildingRecord("L4", "天福家园", "106"),
        BuildingRecord("L5", "天福家园", "15甲"), BuildingRecord("L6", "天福家园", "15")])
    found = {text: match_values(values, library).building_id for text, values in {
        "628弄4-7号": {"address": "长乐路628弄4-7号"},
        "628弄4号": {"address": "长乐路628弄4号702室"},
        "106~110": {"compound": "天福家园", "building": "106～110号"},
        "106": {"compound": "天福家园", "building": "106号楼"},
        "15甲": {"compound": "天福家园", "building": "15甲号楼"},
        "15": {"compound": "天福家园", "building": "15栋"},
    }.items()}
    assert found == {"628弄4-7号": "L1", "628弄4号": "L2", "106~110": "L3", "106": "L4", "15甲": "L5",
                     "15": "L6"}
