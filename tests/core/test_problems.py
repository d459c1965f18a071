"""core/problems.py: one report row → one problem record (uid, round, catalogue rule, masking)."""

from __future__ import annotations

import datetime
import re
import unicodedata

import pytest

from cityhealth_plugin.core.catalogue import load_catalogue
from cityhealth_plugin.core.problems import (
    ProblemMapper,
    default_year,
    mask_values,
    photo_list,
    problem_record,
    reported_xy,
)
from cityhealth_plugin.core.schema import REPORT_FIELDS


@pytest.fixture(scope="module")
def catalogue():
    return load_catalogue()


def _row(**values):
    base = {"source_file": "和平社区/三月.xlsx", "source_sheet": "问题清单", "source_row": 7}
    base.update(values)
    return base


def test_uid_round_date_and_every_report_field(catalogue):
    record = problem_record(_row(problem="楼道照明损坏", report_date="2025/5/1"), catalogue)
    assert record["report_uid"] == "和平社区/三月.xlsx|问题清单|7"
    assert record["round"] == 2025 and record["report_date"] == "2025-05-01"
    assert record["problem_uid"] == "2025:和平社区/三月.xlsx|问题清单|7"
    assert set(REPORT_FIELDS) <= set(record)
    # the round asked for wins over the row's and the date's; then the row's round; then the year
    assert problem_record(_row(round=2024, date="2025-05-01"), catalogue, round_value=2023)["round"] == 2023
    assert problem_record(_row(round=2024.0, date="2025-05-01"), catalogue)["round"] == 2024
    assert problem_record(_row(), catalogue, default_year=2022)["round"] == 2022
    # a repeated uid inside one mapper gets ~2
    mapper = ProblemMapper(catalogue, 2025)
    assert [mapper.record(_row())["problem_uid"] for _ in range(2)] == [
        "2025:和平社区/三月.xlsx|问题清单|7", "2025:和平社区/三月.xlsx|问题清单|7~2"]


def test_known_problem_gives_code_category_indicator_severity_and_chinese_names(catalogue):
    record = problem_record(_row(problem="楼道照明损坏", problem_type="燃气安全"), catalogue)
    assert (record["problem_code"], record["category"], record["indicator_code"], record["severity"]) == (
        "STAIR-03", "STAIR", "IND-HOUSE-003", "一般")
    assert record["category_cn"] == "楼道安全"
    assert record["indicator_cn"] == catalogue.indicator("IND-HOUSE-003").name_cn
    # the report's own severity stays
    assert problem_record(_row(problem="楼道照明损坏", severity="严重"), catalogue)["severity"] == "严重"
    # an alias / keyword inside the problem text
    assert problem_record(_row(problem="3单元声控灯坏了"), catalogue)["problem_code"] == "STAIR-03"


def test_unknown_problem_takes_category_from_problem_type_column_then_description(catalogue):
    # problem unknown: the report's problem-type column names the category (name or code)
    own = problem_record(_row(problem="其他", problem_type="燃气安全", description="楼道灯不亮"), catalogue)
    assert (own["category"], own["category_cn"], own["problem_code"], own["indicator_code"]) == (
        "GAS", "燃气安全", "", "")
    assert problem_record(_row(problem="其他", category="GAS"), catalogue)["category"] == "GAS"
    # same category in the description: its type is used
    same = problem_record(_row(problem="其他", problem_type="楼道安全", description="楼道灯不亮"), catalogue)
    assert (same["category"], same["problem_code"]) == ("STAIR", "STAIR-03")
    # no problem-type column: keywords in the description
    desc = problem_record(_row(problem="其他", description="3单元燃气管生锈"), catalogue)
    assert (desc["problem_code"], desc["category"], desc["severity"]) == ("GAS-01", "GAS", "严重")
    # a problem code a layer carries is trusted first
    assert problem_record(_row(problem_code="GAS-01", problem="楼道照明损坏"), catalogue)["category"] == "GAS"
    # nothing known: empty, and no catalogue at all: nothing invented
    none = problem_record(_row(problem="其他", description="无"), catalogue)
    assert (none["problem_code"], none["category"], none["category_cn"]) == ("", "", "")
    assert problem_record(_row(problem="楼道照明损坏"))["problem_code"] == ""


def test_photos_ids_and_coordinates():
    record = problem_record(_row(photo="a.jpg；b.jpg、 c.jpg", photo_paths="/r/照片/a.jpg;/r/照片/b.jpg",
                                 building_id=101.0, lon="122.25", lat="43.6"))
    assert record["photo_names"] == ["a.jpg", "b.jpg", "c.jpg"]
    assert record["photo_list"] == ["/r/照片/a.jpg", "/r/照片/b.jpg"]
    assert record["building_id"] == "101"  # a Real id is the text of the integer
    assert (record["x"], record["y"]) == (122.25, 43.6)
    assert reported_xy({"x": "500,5", "y": "4000"}) == (500.5, 4000.0)
    assert reported_xy({"lon": "", "x": "1"}) is None
    assert photo_list(" ;a.jpg; ;b.jpg") == ["a.jpg", "b.jpg"]


def test_default_year_is_the_most_common_report_year():
    assert default_year(["2024-05-01", "2025/1/3", "2025年2月1日", "", None]) == 2025
    assert default_year([], today=datetime.date(2026, 1, 1)) == 2026


MOBILE_OR_ID = re.compile(r"(?<!\d)(1[3-9]\d{9}|\d{17}[\dX]|\d{15})(?!\d)")


def _leaks(text: str):
    plain = re.sub(r"[\s.\-()]", "", unicodedata.normalize("NFKC", text).upper())
    return MOBILE_OR_ID.findall(plain)


def test_every_text_column_is_masked_even_unknown_ones():
    planted = {
        "compound": "天福家园13812345678", "building": "３号楼１３８１２３４５６７８",
        "room": "138.1234.5678", "problem": "漏水 138 1234 5678", "photo": "IMG-15042119900307123X.jpg",
        "address": "+86 138-1234-5678",
        "raw_address": "身份证１５０４２１１９９００３０７１２３ｘ", "description": "座机(0475)8212345",
        "reporter": "张三 150421900307123", "phone": "8212345", "status": "13912345678",
        "photo_paths": "/r/13812345678.jpg", "photo_missing": "13812345678.jpg", "grid": "13812345678",
        "district": "13812345678", "street": "13812345678", "community": "13812345678", "unit": "13812345678",
        "severity": "13812345678", "my_own_column": "13812345678", "source_file": "张三13812345678.xlsx",
    }
    record = problem_record(_row(**planted))
    for key, value in record.items():
        texts = value if isinstance(value, list) else [value]
        for text in texts:
            if isinstance(text, str) and key != "photo_list":
                assert not _leaks(text), (key, text)
    assert record["phone"] == "***2345"
    assert record["description"] == "座机(0475)***2345"
    assert record["compound"] == "天福家园138****5678"
    assert mask_values({"phone": "转 801", "n": 5}) == {"phone": "转 ***", "n": 5}


def test_masking_piece_by_piece_and_in_one_pass_equal_masking_the_whole_one_rule_after_another():
    """The mapper masks long text between ; / \\ | separately and sanitize runs each rule set in one
    pass; both must give what the ID rules followed by the phone rules give on the whole text."""
    import random

    from cityhealth_plugin.core.sanitize import _mask_numbers, mask_id, mask_personal

    rng = random.Random(8)
    pieces = ["13812345678", "１３８１２３４５６７８", "138 1234 5678", "+86-138.1234.5678", "0475-8212345",
              "(0475)8212345", "110101199003071234", "15042119900307123X", "150421900307123", "47-6-746",
              "2024-05-01", "3号楼", "/", ";", "|", "\\", " ", ".", "-", "9", "01", "照片", "X", "a"]
    mapper = ProblemMapper()
    for _ in range(3000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 9)))
        expected = _mask_numbers(mask_id(text))  # the rules one after another
        assert mask_personal(text) == expected, text
        assert mapper.mask(text) == expected.strip(), text
