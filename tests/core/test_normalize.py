"""Normalisation of full-width text, Chinese numerals, brackets and dates."""

from __future__ import annotations

import pytest

from cityhealth_plugin.core.normalize import (
    chinese_to_int,
    clean_text,
    name_key,
    normalize_date,
    normalize_number,
    to_halfwidth,
)


def test_full_width_digits_letters_and_space_become_ascii():
    assert to_halfwidth("３号楼Ａ座　２单元") == "3号楼A座 2单元"


@pytest.mark.parametrize("text, value", [
    ("一", 1), ("三", 3), ("十", 10), ("十二", 12), ("二十", 20), ("二十三", 23), ("两", 2),
    ("一百零五", 105), ("一百", 100), ("〇二", 2), ("一〇二", 102), ("九十九", 99),
])
def test_chinese_numerals_give_their_value(text, value):
    assert chinese_to_int(text) == value


@pytest.mark.parametrize("text", ["", "号", "十百", "三a"])
def test_non_numerals_give_none(text):
    assert chinese_to_int(text) is None


@pytest.mark.parametrize("text, number", [
    ("03", "3"), ("０２", "2"), ("三", "3"), ("十二", "12"), ("a", "A"), ("03A", "3A"), ("0", "0"),
    ("", None), (None, None),
])
def test_numbers_come_back_as_ascii_without_leading_zeros(text, number):
    assert normalize_number(text) == number


def test_clean_text_folds_brackets_and_drops_spaces():
    assert clean_text(" 天福家园（南区） 3号楼 ") == "天福家园(南区)3号楼"


def test_name_key_is_shared_by_bracket_space_and_width_variants():
    assert name_key("天福家园（南区）") == name_key("天福家园 南区") == "天福家园南区"
    assert name_key("天福家园【南区】") == "天福家园南区"
    assert name_key("ＡＢＣ小区") == "ABC小区"


@pytest.mark.parametrize("text, iso", [
    ("2024-05-03", "2024-05-03"), ("2024/5/3", "2024-05-03"), ("2024年5月3日", "2024-05-03"),
    ("2024-05-03 10:00:00", "2024-05-03"), ("20240503", "2024-05-03"), ("45415", "2024-05-03"),
    ("昨天", ""), ("", ""), ("2024-13-40", ""),
])
def test_report_dates_become_iso(text, iso):
    assert normalize_date(text) == iso


def test_report_dates_remembered_alike_and_non_text_accepted():
    assert [normalize_date("2024/5/3") for _ in range(3)] == ["2024-05-03"] * 3
    assert normalize_date("２０２４年５月３日") == "2024-05-03"
    assert normalize_date(20240503) == "2024-05-03"
    assert normalize_date(45415.0) == "2024-05-03"
    assert normalize_date(None) == ""
