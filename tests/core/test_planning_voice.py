"""core/planning/voice: a survey export with extra columns, blank answers, out-of-range scores and
personal data; every row accounted for, means and rankings worked out by hand."""

from __future__ import annotations

import pytest

from cityhealth_plugin.core.catalogue import load_catalogue
from cityhealth_plugin.core.messages import CityHealthError
from cityhealth_plugin.core.planning import voice

HEADER = ["序号", "姓名", "联系电话", "社区名", "小区", "住房条件", "停车便利", "总体满意度", "诉求", "备注"]
ROWS = [  # Excel rows 2..8
    [1, "张三", "13812345678", "明仁社区", "天福家园南区", 4, 2, 3, "解决停车难 电话13812345678", "x"],
    [2, "李四", "13900001111", "明仁社区", "天福家园南区", 5, None, 5, "楼顶漏雨", None],
    [],
    [3, "王五", None, "明仁社区", "天福家园南区", 7, 3, 4, None, None],
    [4, None, None, "建国社区", "明仁小区", 2, 1, 2, "乱停车", None],
    [5, None, None, "建国社区", None, 3, 3, 3, None, None],
    [6, None, None, "建国社区", "明仁小区", "好", 3, 3, None, None],
]


def write_survey(path):
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "满意度调查"
    sheet.append(HEADER)
    for row in ROWS:
        sheet.append(row)
    book.save(str(path))
    return str(path)


def test_every_row_accounted_for(tmp_path):
    read = voice.read_survey(write_survey(tmp_path / "满意度调查.xlsx"))
    assert (read.rows_read, len(read.responses), read.blank_rows, len(read.rejected)) == (7, 3, 1, 3)
    assert read.blank_answers == 1  # 李四's 停车便利
    assert [(r.source_sheet, r.source_row, r.reason.format()) for r in read.rejected] == [
        ("满意度调查", 5, "住房条件: 7 outside 1–5"),
        ("满意度调查", 7, "no compound (小区 empty)"),
        ("满意度调查", 8, "住房条件: '好' is not a score")]
    assert read.topics == ["住房条件", "停车便利", "总体满意度"]
    assert read.personal_columns == ["姓名", "联系电话"] and read.ignored_columns == ["序号", "备注"]
    assert read.responses[0].demand == "解决停车难 电话138****5678"  # masked
    assert "张三" not in repr(read.responses)


def test_satisfaction_means_by_hand(tmp_path):
    read = voice.read_survey(write_survey(tmp_path / "满意度调查.xlsx"))
    table = voice.satisfaction(((r.compound, r.scores) for r in read.responses), read.topics)
    south = table["天福家园南区"]
    assert south["responses"] == 2
    assert south["mean_住房条件"] == 4.5  # (4 + 5) / 2
    assert (south["mean_停车便利"], south["answers_停车便利"]) == (2.0, 1)  # one blank answer
    assert south["overall"] == 4.0  # the overall question: (3 + 5) / 2
    assert table["明仁小区"]["overall"] == 2.0
    no_overall = voice.satisfaction([("a", {"x": 4.0, "y": None}), ("a", {"x": 2.0, "y": 5.0})], ["x", "y"])
    assert no_overall["a"]["overall"] == pytest.approx(11 / 3, abs=1e-3)  # every answered score


def test_classify_dictionary_then_catalogue(tmp_path):
    catalogue = load_catalogue()
    csv_path = tmp_path / "词典.csv"
    csv_path.write_text("keyword,category\n漏雨,ROOF\n停车,CHARGE\n停车难,PARKING\n", encoding="utf-8")
    words = voice.read_dictionary(str(csv_path))
    assert words[0] == ("停车难", "PARKING")  # longest first
    assert voice.classify_demand("楼顶漏雨", catalogue, words) == ("ROOF", "一般")
    assert voice.classify_demand("楼顶漏雨", catalogue) == ("", "")  # the catalogue alone does not know it
    assert voice.classify_demand("解决停车难", catalogue, words) == ("PARKING", "一般")
    assert voice.classify_demand("外墙掉皮有危险", catalogue, words) == ("FACADE", "严重")
    bad = tmp_path / "坏.csv"
    bad.write_text("keyword,category\n漏雨,\n", encoding="utf-8")
    with pytest.raises(CityHealthError, match="line 2"):
        voice.read_dictionary(str(bad))


def test_rank_by_frequency_then_severity():
    items = [("A", "PARKING", "一般"), ("A", "PARKING", "一般"), ("A", "FACADE", "严重"),
             ("A", "ROOF", "一般"), ("A", "ROOF", "较重"), ("A", "", ""), ("B", "LIFT", "一般")]
    rows = voice.rank_demands(items)
    assert [(r["area"], r["rank"], r["category"], r["count"], r["severity_score"]) for r in rows] == [
        ("A", 1, "ROOF", 2, 3), ("A", 2, "PARKING", 2, 2), ("A", 3, "FACADE", 1, 3), ("B", 1, "LIFT", 1, 1)]
    assert rows[0]["share"] == 0.4  # 2 of A's 5 classified demands
