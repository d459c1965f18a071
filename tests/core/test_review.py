from cityhealth_plugin.core.library import AddressLibrary, BuildingRecord, CompoundRecord
from cityhealth_plugin.core.matching import match_values
from cityhealth_plugin.core.review import alias_to_remember, parse_candidates


def test_parse_candidates_reads_ids_and_scores():
    assert parse_candidates("BLD-000001:0.82;BLD-000007:0.80") == [("BLD-000001", 0.82), ("BLD-000007", 0.8)]
    assert parse_candidates("") == []
    assert parse_candidates(None) == []
    assert parse_candidates("BLD-9") == [("BLD-9", 0.0)]


def test_alias_to_remember_only_for_new_spellings():
    assert alias_to_remember("天福家园南区", "天福家园南区") is None
    assert alias_to_remember(" 天福家园 南区 ", "天福家园南区") is None
    assert alias_to_remember("", "天福家园南区") is None
    record = alias_to_remember("老粮库宿舍", "天福家园南区")
    assert (record.alias, record.compound, record.kind) == ("老粮库宿舍", "天福家园南区", "manual")


def test_remembered_alias_matches_on_the_next_run():
    buildings = [BuildingRecord("B1", "天福家园南区", "3", units=4),
                 BuildingRecord("B2", "明仁小区", "3", units=2)]
    compounds = [CompoundRecord("天福家园南区"), CompoundRecord("明仁小区")]
    report = {"compound": "老粮库宿舍", "building": "3号楼", "unit": "2单元"}
    before = match_values(report, AddressLibrary(buildings, compounds))
    assert not before.matched and before.reason == "no_compound"
    record = alias_to_remember("老粮库宿舍", "天福家园南区")
    after = match_values(report, AddressLibrary(buildings, compounds, aliases=[record.as_record()]))
    assert after.building_id == "B1" and after.method == "alias"
