"""The standard address library: canonical keys, aliases, conflicts, round trip of the alias table."""

from __future__ import annotations

from cityhealth_plugin.core.library import (
    AddressLibrary,
    AliasRecord,
    BuildingRecord,
    CompoundRecord,
    aliases_from_records,
    building_key,
    conflict_counts,
    unit_key,
)


def make_library(aliases=()):
    buildings = [
        BuildingRecord("B1", "天福家园(南区)", "3号楼", 4, "明仁社区", "网格01"),
        BuildingRecord("B2", "天福家园南区", "04", 2, "明仁社区", "网格01"),
        BuildingRecord("B3", "天福家园北区", "三栋", 2, "明仁社区", "网格02"),
        BuildingRecord("B4", "明仁小区", "1", 3, "建国社区"),
        BuildingRecord("B5", "明仁小区", "1#", 3, "建国社区"),
        BuildingRecord("B6", "", "7"),
        BuildingRecord("B7", "和平路45号", "", None, "建国社区"),
        BuildingRecord("B8", "明仁小区", "A座", 0, "建国社区", outside=True),
    ]
    compounds = [CompoundRecord("天福家园南区", ["老天福"], "明仁社区"), CompoundRecord("天福家园北区")]
    return AddressLibrary(buildings, compounds, aliases)


def test_canonical_keys_use_normalised_compound_and_building_number():
    lib = make_library()
    assert lib.key_of("B1") == "天福家园南区|3"
    assert lib.key_of("B2") == "天福家园南区|4"
    assert lib.key_of("B3") == "天福家园北区|3"
    assert lib.key_of("B8") == "明仁小区|A"
    assert lib.key_of("B7") == "和平路45号|"
    assert building_key("天福家园（南区）", "3") == "天福家园南区|3"
    assert unit_key("天福家园南区", "3", 2) == "天福家园南区|3|2"
    assert [b.id for b in lib.find("天福家园南区", "3")] == ["B1"]


def test_unit_rows_one_per_unit_of_known_count():
    rows = make_library().unit_rows()
    keys = [r["unit_key"] for r in rows]
    # B1: 4 units, B2: 2, B3: 2, B4: 3, B5: 3; B6 has no compound, B7/B8 no unit count
    assert len(rows) == 14
    assert keys[:4] == ["天福家园南区|3|1", "天福家园南区|3|2", "天福家园南区|3|3", "天福家园南区|3|4"]
    assert rows[0]["building_id"] == "B1" and rows[0]["library_key"] == "天福家园南区|3"


def test_conflicts_are_listed_by_kind():
    lib = make_library()
    by_kind = {}
    for conflict in lib.conflicts:
        by_kind.setdefault(conflict.kind, []).append(conflict)
    assert [c.ids for c in by_kind["duplicate_key"]] == [("B4", "B5")]
    assert sorted(c.ids for c in by_kind["outside_compound"]) == [("B6",), ("B8",)]
    assert [c.ids for c in by_kind["name_collision"]] == [("天福家园(南区)", "天福家园南区")]
    assert conflict_counts(lib) == {"duplicate_key": 1, "outside_compound": 2, "name_collision": 1,
                                    "unknown_alias": 0}
    record = by_kind["duplicate_key"][0].as_record()
    assert record["ids"] == "B4;B5" and record["key"] == "明仁小区|1"


def test_alias_table_has_generated_phase_short_and_manual_kinds():
    records = {(a.alias, a.compound): a.kind for a in make_library().alias_records()}
    assert records[("老天福", "天福家园南区")] == "manual"
    assert records[("天福家园", "天福家园南区")] == "phase"
    assert records[("天福家园", "天福家园北区")] == "phase"
    assert records[("天福南区", "天福家园南区")] == "short"
    assert records[("明仁", "明仁小区")] == "short"


def test_alias_table_round_trips_and_manual_spellings_win_next_run():
    first = make_library()
    stored = [a.as_record() for a in first.alias_records()]
    stored.append({"alias": "粮站宿舍", "compound": "天福家园北区", "kind": "manual"})  # planner accepted
    stored.append({"alias": "天福家园", "compound": "天福家园南区", "kind": "manual"})  # resolves the phase
    second = make_library(aliases=stored)
    assert aliases_from_records(stored)[-1] == AliasRecord("天福家园", "天福家园南区", "manual")
    records = {(a.alias, a.compound): a.kind for a in second.alias_records()}
    assert records[("粮站宿舍", "天福家园北区")] == "manual"
    assert records[("天福家园", "天福家园南区")] == "manual"
    assert ("天福家园", "天福家园北区") not in records  # the manual spelling replaced the ambiguous one
    assert second.index.keys["天福家园"] == ("manual", ("天福家园南区",))
    # the table read back again is the same table
    third = make_library(aliases=[a.as_record() for a in second.alias_records()])
    assert third.alias_records() == second.alias_records()


def test_manual_alias_for_unknown_compound_is_a_conflict():
    lib = make_library(aliases=[{"alias": "旧名", "compound": "不存在小区", "kind": "manual"}])
    assert [c.kind for c in lib.conflicts if c.kind == "unknown_alias"] == ["unknown_alias"]


def test_canonical_compound_of_spellings():
    lib = make_library()
    assert lib.canonical_compound("天福家园（南区）") == "天福家园南区"
    assert lib.canonical_compound("老天福") == "天福家园南区"
    assert lib.canonical_compound("天福家园") is None  # two phases
    assert lib.canonical_compound("") is None
