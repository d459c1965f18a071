"""core/maps: page plan, contents, sort, photo choice, masking, indicator rows, chart, fonts."""

from __future__ import annotations

from cityhealth_plugin.core.maps import atlas as plan
from cityhealth_plugin.core.maps.chart import bar_chart_svg
from cityhealth_plugin.core.maps.fonts import choose_family


def unit(uid, name, district="", street="", **values):
    return plan.Unit(uid, name, district, street, "", values)


def test_sort_by_street_then_name_with_numbers_as_numbers():
    units = [
        unit("3", "西门10号街区", street="西门街道"),
        unit("1", "西门2号街区", street="西门街道"),
        unit("2", "交通门街区", street="交通街道"),
    ]
    assert [u.uid for u in plan.sort_units(units, "street,name")] == ["2", "1", "3"]


def test_sort_descending_by_a_ledger_value_then_name():
    units = [
        unit("a", "甲", problems_total=3),
        unit("b", "乙", problems_total=9),
        unit("c", "丙", problems_total=3),
    ]
    # 9 first; the two 3s by name: 丙 (U+4E19) before 甲 (U+7532)
    assert [u.uid for u in plan.sort_units(units, "-problems_total,name")] == ["b", "c", "a"]


def test_one_document_numbers_cover_contents_and_units():
    units = [unit(str(i), "街区{}".format(i)) for i in range(1, 36)]
    (doc,) = plan.plan_documents(units, "one", rows_per_contents_page=30)
    assert doc.contents_pages == 2 and doc.front_pages == 3 and doc.page_count == 38
    pages = doc.contents()
    assert [len(p) for p in pages] == [30, 5]
    assert pages[0][0] == (1, units[0], 4) and pages[1][-1] == (35, units[-1], 38)


def test_split_by_district_keeps_order_and_per_unit_has_no_front_pages():
    units = [unit("1", "甲1", "甲区"), unit("2", "乙1", "乙区"), unit("3", "甲2", "甲区")]
    docs = plan.plan_documents(units, "district")
    assert [(d.key, [u.uid for u in d.units], d.page_count) for d in docs] == [
        ("甲区", ["1", "3"], 4),
        ("乙区", ["2"], 3),
    ]
    per_unit = plan.plan_documents(units, "unit")
    assert [d.page_count for d in per_unit] == [1, 1, 1] and per_unit[0].page_of(0) == 1


def test_file_name_replaces_characters_not_allowed():
    assert plan.file_name("/out/图集", "甲区/乙:丙") == "/out/图集_甲区_乙_丙.pdf"
    assert plan.file_name("/out/图集", "") == "/out/图集.pdf"


def problem(uid, severity, status="", date="2025-01-01", photos=()):
    return plan.Problem(uid, "问题" + uid, "燃气安全", severity, status, "", "", date, list(photos))


def test_photos_of_the_most_severe_problems_one_each_first():
    problems = [
        problem("a", "一般", photos=["a1", "a2"]),
        problem("b", "严重", photos=["b1", "b2", "b3"]),
        problem("c", "较重", status="已整改", photos=["c1"]),
        problem("d", "较重", status="未整改", photos=["d1"]),
        problem("e", "严重"),
    ]
    chosen = [path for path, _p in plan.choose_photos(problems, 6)]
    # 严重 b, then 较重 unresolved d before resolved c, then 一般 a; then the second photos b2, a2
    assert chosen == ["b1", "d1", "c1", "a1", "b2", "a2"]
    assert plan.choose_photos(problems, 2) == [("b1", problems[1]), ("d1", problems[3])]


def test_problem_rows_mask_phones_and_ids():
    row = plan.Problem("p", "楼道堆物 联系13812345678", description="身份证110101199003071234")
    (masked,) = plan.problem_rows([row])
    assert masked.problem == "楼道堆物 联系138****5678"
    assert masked.description == "身份证1101**********1234"


def test_category_counts_fold_the_tail_into_other():
    problems = [plan.Problem(str(i), "x", category=c) for i, c in enumerate("AABBBCDE")]
    assert plan.category_counts(problems, top=3, other="其他") == [("B", 3), ("A", 2), ("其他", 3)]


def test_indicator_rows_from_an_assessment_row():
    values = {
        "IND_HOUSE_002": 0.25,
        "IND_HOUSE_002_status": "yellow",
        "IND_HOUSE_001": 3.0,
        "IND_HOUSE_001_status": "red",
        "IND_HOUSE_010": None,
        "IND_HOUSE_010_status": None,
        "score": 60,
        "grade": "一般",
    }
    rows = plan.indicator_rows(values, {"IND-HOUSE-001": "结构安全"})
    assert [(r.code, r.name, plan.format_value(r.value), r.status) for r in rows] == [
        ("IND-HOUSE-001", "结构安全", "3", "red"),
        ("IND-HOUSE-002", "IND-HOUSE-002", "0.25", "yellow"),
        ("IND-HOUSE-010", "IND-HOUSE-010", "—", ""),
    ]


def test_majority_and_place():
    assert plan.majority(["西门街道", "", "明仁街道", "西门街道"]) == "西门街道"
    assert plan.majority([]) == ""
    assert unit("1", "x", "科尔沁区", "西门街道").place() == "科尔沁区 / 西门街道"
    assert plan.problem_place("天福家园", "3", "2") == "天福家园3号楼2单元"


def test_chart_svg_is_opaque_and_names_the_font():
    svg = bar_chart_svg([("燃气安全", 4), ("楼道<安全>", 2)], "按类别", "WenQuanYi Micro Hei")
    assert "opacity" not in svg and "rgba" not in svg
    assert 'font-family="WenQuanYi Micro Hei"' in svg and "楼道&lt;安全&gt;" in svg
    assert svg.count("<rect") == 3  # background + two bars


def test_font_choice_prefers_wenquanyi_then_noto_and_knows_localised_names():
    assert choose_family(["Noto Sans CJK SC", "WenQuanYi Micro Hei"], "linux") == "WenQuanYi Micro Hei"
    assert choose_family(["Noto Sans CJK SC", "文泉驿正黑"], "linux") == "文泉驿正黑"
    assert choose_family(["Noto Sans CJK SC", "DejaVu Sans"], "linux") == "Noto Sans CJK SC"
    assert choose_family(["SimHei", "Microsoft YaHei"], "win32") == "Microsoft YaHei"
    assert choose_family(["DejaVu Sans"], "linux") == ""


def test_units_without_a_street_sort_last():
    units = [unit("1", "甲", street=""), unit("2", "乙", street="西门街道")]
    assert [u.uid for u in plan.sort_units(units, "street,name")] == ["2", "1"]
