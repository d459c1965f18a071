"""cityhealth:residentvoice on the hand-drawn library: the survey of tests/core/test_planning_voice.py
(extra columns, blank answers, out-of-range scores, personal data) and a WeChat/hotline complaint list
with free-text addresses; every row accounted for, values worked out by hand, nothing personal out."""

from __future__ import annotations

from tests.core.test_planning_voice import write_survey
from tests.processing.test_addresslibrary_alg import write_buildings

COMPLAINTS = (
    "来源,反映时间,地址,反映内容,联系电话\n"
    "微信群,2025-03-02,明仁街道天福家园南区3号楼2单元,楼顶漏雨好几个月了 联系13812345678,13812345678\n"
    "12345热线,2025-03-05,建国社区明仁小区1号楼,小区乱停车严重,0475-8212345\n"
    "微信群,2025-03-06,明仁小区,电动车充电不方便,\n"
    "微信群,2025-03-07,幸福路88号,噪音扰民,\n"
)


def _rows(layer):
    return [{f.name(): feat[f.name()] for f in layer.fields()} for feat in layer.getFeatures()]


def test_residentvoice(provider, tmp_path):
    import processing
    from qgis.core import QgsProcessingContext

    survey = write_survey(tmp_path / "满意度调查.xlsx")
    complaints = tmp_path / "投诉.csv"
    complaints.write_text(COMPLAINTS, encoding="utf-8")
    library = write_buildings(str(tmp_path / "底图.gpkg"))
    context = QgsProcessingContext()
    result = processing.run("cityhealth:residentvoice", {
        "LIBRARY": library, "ID_FIELD": "building_id", "COMPOUND_FIELD": "compound_name",
        "BUILDING_FIELD": "building_no", "UNITS_FIELD": "units", "COMMUNITY_FIELD": "community_code",
        "SURVEYS": survey, "COMPLAINTS": str(complaints), "ROUND": 2025, "TOP": 5,
        "SATISFACTION": "memory:", "DEMANDS": "memory:", "COMPLAINT_POINTS": "memory:", "UNUSED": "memory:",
    }, context=context)
    assert (result["SURVEY_ROWS"], result["SURVEY_USED"], result["SURVEY_BLANK"],
            result["SURVEY_REJECTED"]) == (7, 3, 1, 3)
    assert (result["COMPLAINT_ROWS"], result["COMPLAINTS_PLACED"]) == (4, 3)

    def layer(name):
        value = result[name]
        return value if not isinstance(value, str) else context.getMapLayer(value)

    sat = {(r["level"], r["area_id"]): r for r in _rows(layer("SATISFACTION"))}
    south = sat[("compound", "天福家园南区")]  # no compound_id field: the canonical name
    assert (south["responses"], south["mean_住房条件"], south["mean_停车便利"], south["overall"]) == \
        (2, 4.5, 2.0, 4.0)
    assert sat[("community", "明仁社区")]["responses"] == 2  # the library's community of the compound
    assert sat[("community", "建国社区")]["overall"] == 2.0

    demands = [(r["level"], r["area_id"], r["rank"], r["category"], r["count"])
               for r in _rows(layer("DEMANDS"))]
    # 天福家园南区: survey 停车难 (PARKING), 漏雨 (ROOF, dictionary), complaint 漏雨 (ROOF)
    assert [d for d in demands if d[:2] == ("compound", "天福家园南区")] == [
        ("compound", "天福家园南区", 1, "ROOF", 2), ("compound", "天福家园南区", 2, "PARKING", 1)]
    # 明仁小区: survey 乱停车, complaint 乱停车 → PARKING 2; complaint 充电 → CHARGE 1
    assert [d for d in demands if d[:2] == ("compound", "明仁小区")] == [
        ("compound", "明仁小区", 1, "PARKING", 2), ("compound", "明仁小区", 2, "CHARGE", 1)]

    points = _rows(layer("COMPLAINT_POINTS"))
    assert sorted((p["building_id"] or "", p["match_level"], p["source"], p["category"]) for p in points) == [
        ("", "compound", "citizen", "CHARGE"), ("B01", "building", "citizen", "ROOF"),
        ("B04", "building", "citizen", "PARKING")]
    assert {p["reporter"] for p in points} == {"市民"}  # the ledger keeps reporter, not source
    unused = sorted((r["kind"], r["source_row"]) for r in _rows(layer("UNUSED")))
    assert unused == [("complaint", 5), ("survey", 5), ("survey", 7), ("survey", 8)]
    text = repr(points) + repr(_rows(layer("SATISFACTION"))) + repr(_rows(layer("UNUSED")))
    for secret in ("13812345678", "8212345", "张三", "李四", "13900001111"):
        assert secret not in text
