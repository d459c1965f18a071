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


def test_reason_texts_cover_every_reason_code():
    from cityhealth_plugin.core import schema
    from cityhealth_plugin.core.review import REASONS, reason_label, reason_text

    assert set(REASONS) == set(schema.UNMATCHED_REASONS)
    assert reason_label("no_unit") == "楼栋无此单元"
    assert reason_text("ambiguous").startswith("地址对应多处楼栋：")


def test_unmatched_table_recognised_by_its_fields():
    from cityhealth_plugin.core.review import unmatched_field_map

    gpkg = ["fid", "report_uid", "source_file", "source_sheet", "source_row", "raw_address", "reason",
            "candidates", "reason_cn", "candidate_names"]
    assert unmatched_field_map(gpkg)["reason"] == "reason"
    workbook = ["原因", "候选楼栋", "地址原文", "来源文件", "工作表", "行号", "原因代码", "候选楼栋编码"]
    mapping = unmatched_field_map(workbook)
    assert (mapping["reason"], mapping["candidates"], mapping["source_row"]) == (
        "原因代码", "候选楼栋编码", "行号")
    assert unmatched_field_map(["alias", "compound", "kind"]) is None  # library_aliases
    assert unmatched_field_map(["f_table_name", "styleName", "styleQML"]) is None  # layer_styles
    assert unmatched_field_map(["reason", "candidates"]) is None  # no source row: not one of ours


class _Row:
    def __init__(self, source_file, source_sheet, source_row, values):
        self.source_file, self.source_sheet, self.source_row, self.values = (source_file, source_sheet,
                                                                             source_row, values)


def test_decisions_place_the_rows_they_name_and_only_those():
    from cityhealth_plugin.core.review import Decision, DecisionBook, address_as_written, apply_decisions

    buildings = [BuildingRecord("B1", "天福家园南区", "3", units=4), BuildingRecord("B2", "明仁小区", "5")]
    library = AddressLibrary(buildings, [CompoundRecord("天福家园南区"), CompoundRecord("明仁小区")])
    decided = _Row("网格01.xlsx", "问题清单", 9, {"compound": "明仁小区", "building": "9号楼"})
    # the same row whose address text changed since the decision
    moved = _Row("网格01.xlsx", "问题清单", 9, {"compound": "明仁小区", "building": "7号楼"})
    other = _Row("网格01.xlsx", "问题清单", 10, {"compound": "明仁小区", "building": "9号楼"})
    gone = _Row("网格02.xlsx", "", 4, {"address": "老粮库 联系 13812345678"})
    assert address_as_written(decided.values) == "明仁小区 / 9号楼"
    assert address_as_written(gone.values) == "老粮库 联系 138****5678"  # as the unmatched table shows it
    book = DecisionBook([
        Decision("网格01.xlsx", "问题清单", 9, "明仁小区 / 9号楼", "B1", "accept", "2026-12-01T10:00:00"),
        # a later decision for the same report wins
        Decision("网格01.xlsx", "问题清单", 9, " 明仁小区/9号楼", "B2", "accept", "2026-12-01T11:00:00"),
        Decision("网格02.xlsx", "", 4, "'老粮库 联系 138****5678", "B-GONE"),
    ])
    assert len(book) == 2
    results = [match_values(r.values, library) for r in (decided, moved, other, gone)]
    assert [r.reason for r in results] == ["no_building", "no_building", "no_building", "no_compound"]
    placed, rest, stale = apply_decisions(book, list(zip((decided, moved, other, gone), results)),
                                          library.by_id)
    assert [(row.source_row, r.building_id, r.method, r.score, r.parsed.compound, r.parsed.building)
            for row, r in placed] == [(9, "B2", "manual", 1.0, "明仁小区", "5")]
    assert [row for row, _r in rest] == [moved, other, gone]
    assert stale == 1  # B-GONE is no building of the library
