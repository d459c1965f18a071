"""Masking personal data and keeping spreadsheet text from becoming formulas."""

from __future__ import annotations

import datetime

import pytest

from cityhealth_plugin.core.sanitize import mask_id, mask_personal, mask_phone, safe_cell


def test_mobile_and_landline_numbers_are_masked():
    assert mask_phone("13812345678") == "138****5678"
    assert mask_phone("+86 138 1234 5678") == "+86 138****5678"
    assert mask_phone("0475-8212345") == "0475-***2345"
    assert mask_phone("04758212345") == "0475***2345"
    assert mask_phone("8212345") == "***2345"
    assert mask_phone("82123456") == "****3456"
    assert mask_phone("张三") == "张三"
    assert mask_phone("") == ""


def test_id_numbers_are_masked():
    assert mask_id("110101199003071234") == "1101**********1234"
    assert mask_id("15042119900307123X") == "1504**********123X"
    assert mask_id("150421900307123") == "1504*******7123"


def test_personal_data_inside_free_text():
    text = "住户王五(身份证150421199003071234)电话13912345678反映3号楼漏水，2024-05-01"
    assert mask_personal(text) == "住户王五(身份证1504**********1234)电话139****5678反映3号楼漏水，2024-05-01"
    assert mask_personal("天福家园南区3号楼2单元") == "天福家园南区3号楼2单元"
    assert mask_personal("20240501") == "20240501"  # a bare 8-digit run in free text is not masked


def test_formula_like_text_is_neutralised_and_other_values_pass():
    assert [safe_cell(v) for v in ("=HYPERLINK(\"x\")", "+1", "-2+3", "@SUM(A1)", "\tx", "\rx")] == [
        "'=HYPERLINK(\"x\")", "'+1", "'-2+3", "'@SUM(A1)", "'\tx", "'\rx"]
    day = datetime.date(2024, 5, 1)
    assert [safe_cell(v) for v in ("3号楼", "", None, 5, -3.5, day)] == ["3号楼", "", None, 5, -3.5, day]


def test_text_without_a_number_run_is_returned_unchanged_and_spaced_numbers_still_masked():
    address = "天福家园南区3号楼2单元301室 / 47-6-746"
    assert mask_personal(address) is address
    assert mask_phone("张三") == "张三"
    assert mask_personal("电话 138 1234 5678，身份证１１０１０１１９９００３０７１２３４") == \
        "电话 138****5678，身份证１１０１**********１２３４"
    assert mask_personal("座机0475 8212345") == "座机0475 ***2345"
    assert mask_phone(" 8212345 ") == " ***2345 "


def test_spreadsheet_destinations_and_ods_formula_marker():
    from cityhealth_plugin.core.sanitize import is_spreadsheet_destination, safe_cell

    assert is_spreadsheet_destination("/tmp/未匹配.CSV")
    assert is_spreadsheet_destination("/tmp/a.xlsx|layername=x")
    assert not is_spreadsheet_destination("/tmp/问题.gpkg")
    assert not is_spreadsheet_destination("memory:")
    assert safe_cell("of:=1+1") == "'of:=1+1"


# --- every form the rules must mask, and what they must leave alone (worked out by hand) -------
@pytest.mark.parametrize("text, masked", [
    ("13812345678", "138****5678"),
    ("１３８１２３４５６７８", "１３８****５６７８"),          # full-width digits
    ("138 1234 5678", "138****5678"),
    ("138.1234.5678", "138****5678"),
    ("138-1234-5678", "138****5678"),
    ("１３８　１２３４　５６７８", "１３８****５６７８"),      # full-width digits and spaces
    ("+86 138 1234 5678", "+86 138****5678"),
    ("+8613812345678", "+86138****5678"),
    ("联系人李四13912345678。", "联系人李四139****5678。"),
    ("0475-8212345", "0475-***2345"),
    ("(0475)8212345", "(0475)***2345"),
    ("（0475）8212345", "（0475）***2345"),
    ("0475 8212345", "0475 ***2345"),
    ("010-1234-5678", "010-****-5678"),
    ("110101199003071234", "1101**********1234"),
    ("15042119900307123X", "1504**********123X"),
    ("15042119900307123x", "1504**********123x"),
    ("１５０４２１１９９００３０７１２３Ｘ", "１５０４**********１２３Ｘ"),
    ("150421900307123", "1504*******7123"),
])
def test_every_phone_and_id_form_is_masked(text, masked):
    assert mask_personal(text) == masked
    assert mask_personal(masked) == masked  # idempotent


@pytest.mark.parametrize("text", [
    "3号楼", "12号楼3单元1201室", "2024-05-01", "2024.05.01", "2024/5/1", "20240501", "47-6-746",
    "和平路47-6-746号", "第12345行", "BLD-000123", "问题清单|37", "3.14159265358", "122.2512345",
    "IMG_20240501_123456.jpg", "面积1234.5678平方米", "1383户",
])
def test_building_numbers_dates_addresses_and_row_numbers_are_not_masked(text):
    assert mask_personal(text) == text


@pytest.mark.parametrize("text, masked", [
    ("8212345", "***2345"),            # a bare local number must not survive
    ("８２１２３４５", "***２３４５"),
    ("82123456", "****3456"),
    ("821 2345", "*** ****"),        # short runs: hidden entirely
    ("13812345678", "138****5678"),
    ("138123456789", "138*****6789"),  # 12 digits: not a mobile, still hidden
    ("0475-8212345", "0475-***2345"),
    ("+86 138 1234 5678", "+86 138****5678"),
    ("张师傅 13900001111", "张师傅 139****1111"),
    ("13812345678 8212345", "138****5678 ***2345"),
    ("0475-8212345转801", "0475-***2345转***"),
    ("138****5678", "138****5678"),     # masked already: unchanged
    ("", ""),
    ("无", "无"),
])
def test_phone_column_hides_every_digit_run(text, masked):
    from cityhealth_plugin.core.sanitize import mask_phone_cell

    assert mask_phone_cell(text) == masked
    assert mask_phone_cell(masked) == masked
@pytest.mark.parametrize("destination, expected", [
    ("/tmp/未匹配.csv", True), ("/tmp/未匹配.CSV", True), ("/tmp/未匹配.Xlsx", True), ("/tmp/a.ODS", True),
    ("/tmp/a.tsv", True), ("/tmp/a.xls", True), ("/tmp/a.xlsm", True), (" /tmp/a.xlsx ", True),
    ("/tmp/a.xlsx|layername=未匹配", True), ("ogr:/tmp/未匹配.xlsx", True), ("OGR:/tmp/a.CSV", True),
    ("ogr:/tmp/a.XLSX|layername=foo", True), ("ogr:dbname='/tmp/未匹配.xlsx' table=\"t\" (geom)", True),
    ('ogr:dbname="/tmp/a b.ods" table=t', True), ("ogr:dbname=/tmp/a.csv table=t", True),
    ("file:///tmp/a.csv?delimiter=;", True), ("C:/数据/未匹配.CSV", True),
    ("/tmp/问题.gpkg", False), ("/tmp/问题.gpkg|layername=a.csv", False),
    ("ogr:dbname='/tmp/u.gpkg' table=\"t.csv\" (geom)", False), ("memory:", False), ("", False),
    (None, False), ("TEMPORARY_OUTPUT", False), ("/tmp/a.shp", False), ("postgres:dbname='x.csv'", False),
])
def test_spreadsheet_destination_however_spelled(destination, expected):
    from cityhealth_plugin.core.sanitize import is_spreadsheet_destination

    assert is_spreadsheet_destination(destination) is expected
