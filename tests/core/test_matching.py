"""Matching reports to library buildings: methods, scores, reasons, candidates, batches."""

from __future__ import annotations

import pytest

from cityhealth_plugin.core import schema
from cityhealth_plugin.core.feedback import Canceled
from cityhealth_plugin.core.library import AddressLibrary, BuildingRecord, CompoundRecord
from cityhealth_plugin.core.matching import match_rows, match_values


@pytest.fixture(scope="module")
def lib():
    buildings = [
        BuildingRecord("B1", "天福家园南区", "3", 4, "明仁社区"),
        BuildingRecord("B2", "天福家园南区", "4", 2, "明仁社区"),
        BuildingRecord("B3", "天福家园北区", "3", 2, "明仁社区"),
        BuildingRecord("B4", "幸福家园", "1", 3, "建国社区"),
        BuildingRecord("B5", "幸运家园", "1", 3, "和平社区"),
        BuildingRecord("B6", "和平路45号", "", None, "建国社区"),
        BuildingRecord("B7", "明珠小区", "2", 2, "建国社区"),
        BuildingRecord("B8", "明珠小区", "2#", 2, "建国社区"),
        BuildingRecord("B9", "明珠小区", "5", 2, "建国社区"),
    ]
    return AddressLibrary(buildings, [CompoundRecord("天福家园南区", ["老天福"])],
                          [{"alias": "粮站宿舍", "compound": "天福家园北区", "kind": "manual"}])


@pytest.mark.parametrize("values, building_id, method, score", [
    ({"compound": "天福家园南区", "building": "3号楼", "unit": "二单元"}, "B1", "exact", 1.0),
    ({"compound": "天福家园（南区）", "building": "３#", "unit": "2门"}, "B1", "exact", 1.0),
    ({"compound": "天福南区", "building": "第4栋"}, "B2", "alias", 0.9),
    ({"compound": "老天福", "building": "三号楼"}, "B1", "alias", 0.98),
    ({"compound": "粮站宿舍", "building": "03"}, "B3", "alias", 0.98),
    ({"address": "内蒙古通辽市科尔沁区明仁街道建国路12号天福家园北区3-2-301"}, "B3", "exact", 1.0),
    ({"compound": "天福家圆北区", "building": "3"}, "B3", "fuzzy", 0.85),
    ({"compound": "和平路45号"}, "B6", "exact", 1.0),
    ({"compound": "天福家园", "building": "3", "community": "明仁社区"}, None, "", 0.0),
    ({"compound": "幸着家园", "building": "1", "community": "建国社区"}, "B4", "fuzzy", 0.85),
    ({"compound": "幸着家园", "building": "1", "community": "建国"}, "B4", "fuzzy", 0.85),
    ({"compound": "明珠小区", "building": "5号楼", "unit": "2"}, "B9", "exact", 1.0),
])
def test_matches_with_method_and_score(lib, values, building_id, method, score):
    result = match_values(values, lib)
    assert result.building_id == building_id
    assert result.method == method
    assert result.score == pytest.approx(score)


@pytest.mark.parametrize("values, reason, candidates", [
    ({"compound": "永安小区", "building": "3"}, "no_compound", ""),
    ({"compound": "天福家园南区", "building": "9号楼"}, "no_building", "B2:0.60;B1:0.60"),
    ({"compound": "天福家园南区", "building": "4", "unit": "3单元"}, "no_unit", "B2:1.00"),
    ({"compound": "天福家园", "building": "3号楼"}, "ambiguous", "B3:0.50;B1:0.50"),
    ({"compound": "幸着家园", "building": "1"}, "ambiguous", "B4:0.50;B5:0.50"),
    ({"compound": "明珠小区", "building": "2"}, "ambiguous", "B7:1.00;B8:1.00"),
    ({"compound": "", "building": "", "problem": "井盖缺失"}, "empty_address", ""),
    ({"compound": "幸着家园", "building": "1", "community": "明仁社区"}, "no_compound", "B4:0.50;B5:0.50"),
])
def test_unmatched_rows_carry_reason_and_candidates(lib, values, reason, candidates):
    result = match_values(values, lib)
    assert result.building_id is None
    assert result.reason == reason
    assert reason in schema.UNMATCHED_REASONS
    assert result.candidates_text() == candidates


def test_compound_without_building_is_a_compound_level_match(lib):
    result = match_values({"compound": "天福家园（南区）", "problem": "充电桩不足"}, lib)
    assert result.matched and result.building_id is None
    assert (result.level, result.method, result.parsed.compound) == ("compound", "exact", "天福家园南区")
    scattered = match_values({"compound": "和平路45号楼"}, lib)
    assert (scattered.building_id, scattered.level) == ("B6", "building")


def test_alias_shared_with_another_compounds_name_is_resolved_by_community():
    buildings = [BuildingRecord("D1", "大兴小区", "2", 2, "新建社区"),
                 BuildingRecord("D2", "大兴社区", "2", 2, "东方社区"),
                 BuildingRecord("D3", "大兴家园", "2", 2, "和平社区")]
    compounds = [CompoundRecord("大兴社区", ["大兴小区"]), CompoundRecord("大兴家园", ["大兴小区"])]
    lib = AddressLibrary(buildings, compounds)
    assert match_values({"compound": "大兴小区", "building": "2"}, lib).building_id == "D1"
    east = match_values({"compound": "大兴小区", "building": "二号楼", "community": "东方社区"}, lib)
    assert (east.building_id, east.method) == ("D2", "alias")
    west = match_values({"compound": "大兴小区", "building": "2", "community": "和平"}, lib)
    assert west.building_id == "D3"


def test_report_areas_are_learnt_from_exact_matches_when_library_uses_codes():
    buildings = [BuildingRecord("D1", "大兴小区", "2", 2, "150502003002"),
                 BuildingRecord("D2", "大兴社区", "2", 2, "150502004001"),
                 BuildingRecord("E1", "东方花园", "1", 2, "150502004001"),
                 BuildingRecord("E2", "东方花园", "2", 2, "150502004001")]
    lib = AddressLibrary(buildings, [CompoundRecord("大兴社区", ["大兴小区"]), CompoundRecord("大兴小区")])
    rows = [Row({"compound": "东方花园", "building": "1", "community": "东方社区"}),
            Row({"compound": "东方花园", "building": "2#", "community": "东方社区"}),
            Row({"compound": "大兴小区", "building": "2", "community": "东方社区"}),
            Row({"compound": "大兴小区", "building": "2", "community": "新建社区"})]
    result = match_rows(rows, lib)
    by_row = {id(row): r.building_id for row, r in result.matched}
    assert [by_row[id(r)] for r in rows] == ["E1", "E2", "D2", "D1"]


def test_ambiguous_phase_resolved_by_community(lib):
    # 天福家园 alone names both phases; both lie in 明仁社区, so no community can break the tie
    values = {"compound": "天福家园", "building": "3", "community": "明仁社区"}
    assert match_values(values, lib).reason == "ambiguous"


class Row:
    def __init__(self, values):
        self.values = values


class Feedback:
    def __init__(self, cancel_after=None):
        self.progress = []
        self.cancel_after = cancel_after

    def setProgress(self, value):
        self.progress.append(value)

    def isCanceled(self):
        return self.cancel_after is not None and len(self.progress) >= self.cancel_after

    def pushInfo(self, text):
        pass


def test_batch_splits_rows_and_reports_progress(lib):
    rows = [Row({"compound": "天福家园南区", "building": "3"}),
            Row({"compound": "永安小区", "building": "1"}), Row({"address": "幸福家园1号楼3单元"}), Row({})]
    feedback = Feedback()
    result = match_rows(rows, lib, feedback)
    assert [r.building_id for _row, r in result.matched] == ["B1", "B4"]
    assert [r.reason for _row, r in result.unmatched] == ["no_compound", "empty_address"]
    assert result.unmatched[0][0] is rows[1]
    assert feedback.progress[-1] == 100.0


def test_batch_is_cancellable(lib):
    rows = [Row({"compound": "天福家园南区", "building": "3"})] * 2000
    with pytest.raises(Canceled):
        match_rows(rows, lib, Feedback(cancel_after=1))


def test_batch_matches_each_row_like_match_values_and_keeps_libraries_apart(lib):
    from cityhealth_plugin.core.matching import learn_areas, parse_values

    rows = [{"compound": "天福家园（南区）", "building": "３#", "unit": "2单元", "room": "301"},
            {"compound": "天福家园（南区）", "building": "３#", "unit": "9单元"},
            {"compound": "天福家园（南区）", "building": "３#", "unit": "2单元", "room": "302"},
            {"address": "明仁街道幸福家园1号楼3单元"},
            {"compound": "粮站宿舍", "building": "三栋"},
            {"building": "4号楼", "unit": "1"}]
    batch = match_rows(rows, lib)
    by_row = {id(row): result for row, result in batch.matched + batch.unmatched}
    assert [by_row[id(row)] for row in rows] == [match_values(row, lib) for row in rows]
    assert [by_row[id(row)].parsed.room for row in rows[:3]] == ["301", None, "302"]
    assert by_row[id(rows[1])].reason == "no_unit"
    # the cells parsed against one library are not reused for another
    other = AddressLibrary([BuildingRecord("N1", "天福家园南区", "3", 1, "明仁社区")])
    assert parse_values(rows[0], other).compound == "天福家园南区"
    assert match_values(rows[0], other).reason == "no_unit"
    assert match_values(rows[0], lib).building_id == "B1"
    # areas learnt alike whether the batch passes each row's area names or not
    grid_rows = [{"compound": "天福家园南区", "building": "3", "grid": "一网格", "community": "明仁网格"},
                 {"compound": "天福家园南区", "building": "4", "grid": "一网格", "community": "明仁网格"}]
    pairs = [(row, match_values(row, lib)) for row in grid_rows]
    expected = {"一": {"明仁"}, "明仁": {"明仁"}}
    assert learn_areas(pairs, lib) == expected
    assert learn_areas(pairs, lib, _row_areas=[("一", "明仁")] * 2) == expected


def test_coordinate_score_worked_out_by_hand():
    from cityhealth_plugin.core.matching import coordinate_score

    assert coordinate_score("point", 0.0, 30.0) == 1.0
    assert coordinate_score("nearest", 6.0, 30.0) == 0.72   # 0.9 × (1 − 6/30)
    assert coordinate_score("nearest", 29.0, 30.0) == 0.45  # never below 0.9 × 0.5
