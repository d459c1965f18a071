"""The shipped problem catalogue and indicator system, and look-up of messy problem text."""

from __future__ import annotations

import pytest

from cityhealth_plugin.core.catalogue import Catalogue, Indicator, ProblemType, load_catalogue
from cityhealth_plugin.core.messages import CityHealthError
from cityhealth_plugin.core.schema import SEVERITIES


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return load_catalogue()


def test_indicator_system_has_the_61_national_indicators(catalogue):
    assert len(catalogue.indicators) == 61
    levels = [i.level for i in catalogue.indicators]
    counts = tuple(levels.count(level) for level in ("housing", "compound", "block", "city"))
    assert counts == (10, 12, 8, 31)
    first = catalogue.indicator("IND-HOUSE-001")
    assert first == Indicator("IND-HOUSE-001", "housing", "存在结构安全隐患的住宅数量",
                              "Dwellings with structural safety hazards", "栋", "lower_better")
    assert catalogue.indicator("IND-CITY-037").direction == "higher_better"
    assert catalogue.indicator("IND-NOPE-999") is None


def test_every_housing_indicator_has_problem_types(catalogue):
    housing = [i.code for i in catalogue.indicators if i.level == "housing"]
    covered = {p.indicator_code for p in catalogue.problems}
    assert set(housing) <= covered
    assert 60 <= len(catalogue.problems) <= 90


def test_problem_fields_are_valid(catalogue):
    codes = {i.code for i in catalogue.indicators}
    for p in catalogue.problems:
        assert isinstance(p, ProblemType)
        assert p.indicator_code in codes
        assert p.level in ("housing", "compound", "block")
        assert catalogue.indicator(p.indicator_code).level == p.level, p.code
        assert p.remediation in ("urgent", "effort")
        assert p.default_severity in SEVERITIES
        assert p.keywords and all(k.strip() == k and k for k in p.keywords)
    assert catalogue.problem("GAS-01").name_cn == "燃气立管锈蚀"
    assert catalogue.problem("GAS-01").category_cn == "燃气安全"
    assert catalogue.problem("NOPE") is None


def test_categories_in_catalogue_order(catalogue):
    cats = catalogue.categories()
    assert cats[:3] == [("STRUCT", "结构安全"), ("GAS", "燃气安全"), ("STAIR", "楼道安全")]
    assert len({c for c, _ in cats}) == len(cats)


@pytest.mark.parametrize("text, code", [
    ("楼道照明损坏", "STAIR-03"),             # exact name
    ("stair-03", "STAIR-03"),                # code, any case
    ("ＧＡＳ－０１", "GAS-01"),               # full-width code
    ("  楼道 照明 损坏 ", "STAIR-03"),        # spaces
    ("楼道灯不亮了，需维修", "STAIR-03"),      # keyword inside text
    ("3号楼电动车飞线充电严重", "CHARGE-03"),  # longest keyword wins over 飞线 (PIPE-05)
    ("窗口飞线", "PIPE-05"),
    ("小区无监控", "SMART-02"),               # longer than 无监控 (DIGITAL-02)
    ("单元无监控", "DIGITAL-02"),
    ("顶层漏水，雨季严重", "ROOF-01"),
    ("外墙掉皮有危险", "FACADE-01"),
])
def test_lookup_messy_problem_text(catalogue, text, code):
    assert catalogue.lookup(text).code == code


def test_every_name_and_keyword_finds_its_own_problem_type(catalogue):
    for p in catalogue.problems:
        for term in (p.name_cn,) + p.keywords:
            for suffix in ("", "了", "，需维修"):
                assert catalogue.lookup(term + suffix).code == p.code, term


@pytest.mark.parametrize("text", ["", "   ", "天气很好", None])
def test_lookup_unknown_text_gives_none(catalogue, text):
    assert catalogue.lookup(text) is None


def _write(path, text):
    path.write_text(text, encoding="utf-8")
    return str(path)


HEADER = ("problem_code,name_cn,category,category_cn,level,indicator_code,keywords,remediation,responsible,"
          "default_severity\n")


def test_custom_catalogue_file(tmp_path):
    row = "X-1,井盖缺失,WALK,道路,compound,IND-COMM-019,井盖|窨井盖,urgent,市政,严重\n\n"
    path = _write(tmp_path / "问题目录.csv", HEADER + row)
    cat = load_catalogue(path)
    assert [p.code for p in cat.problems] == ["X-1"]
    assert cat.lookup("路口窨井盖丢了").code == "X-1"
    assert cat.problem("X-1").keywords == ("井盖", "窨井盖")


@pytest.mark.parametrize("row, column", [
    ("X-1,井盖缺失,WALK,道路,compound,IND-COMM-999,井盖,urgent,市政,严重", "indicator_code"),
    ("X-1,井盖缺失,WALK,道路,street,IND-COMM-019,井盖,urgent,市政,严重", "level"),
    ("X-1,井盖缺失,WALK,道路,compound,IND-COMM-019,井盖,soon,市政,严重", "remediation"),
    ("X-1,井盖缺失,WALK,道路,compound,IND-COMM-019,井盖,urgent,市政,很重", "default_severity"),
    ("X-1,,WALK,道路,compound,IND-COMM-019,井盖,urgent,市政,严重", "name_cn"),
])
def test_bad_catalogue_row_names_file_row_and_column(tmp_path, row, column):
    path = _write(tmp_path / "坏目录.csv", HEADER + row + "\n")
    with pytest.raises(CityHealthError) as info:
        load_catalogue(path)
    message = str(info.value)
    assert "坏目录.csv" in message and "row 2" in message and column in message


def test_missing_column_and_missing_file(tmp_path):
    path = _write(tmp_path / "缺列.csv", "problem_code,name_cn\nX,Y\n")
    with pytest.raises(CityHealthError) as info:
        load_catalogue(path)
    assert "category" in str(info.value)
    with pytest.raises(CityHealthError) as info:
        load_catalogue(str(tmp_path / "不存在.csv"))
    assert "不存在.csv" in str(info.value)


def test_duplicate_code_is_refused(tmp_path):
    row = "X-1,井盖缺失,WALK,道路,compound,IND-COMM-019,井盖,urgent,市政,严重\n"
    path = _write(tmp_path / "重复.csv", HEADER + row + row)
    with pytest.raises(CityHealthError) as info:
        load_catalogue(path)
    assert "row 3" in str(info.value) and "duplicate" in str(info.value)
