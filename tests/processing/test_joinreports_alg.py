"""cityhealth:joinreports on the hand-drawn library: an xlsx with a title row, a GBK CSV with
coordinates, a damaged workbook; every row accounted for, every building id worked out by hand."""

from __future__ import annotations

import os

import pytest

from tests.processing.layers import X0, Y0, write_layer
from tests.processing.test_addresslibrary_alg import write_buildings

XLSX_HEADER = ["社区名", "小区", "楼栋", "单元", "问题", "图片", "描述", "联系电话", "上报日期"]
#: Excel rows 3.. (row 1 = merged title, row 2 = header); None = a blank row
XLSX_ROWS = [
    ["明仁社区", "天福家园南区", "3号楼", "二单元", "井盖缺失", "井盖.jpg", "雨水井盖缺失", "13812345678",
     "2024-05-03"],
    ["明仁社区", "天福家园（南区）", "３#", "2门", "乱停车", "没有.jpg", "", "", "2024-05-04"],
    None,
    ["明仁社区", "天福南区", "第4栋", "1单元", "墙皮脱落", "", "", "", ""],
    ["明仁社区", "天福家园", "3", "", "墙皮脱落", "", "", "", ""],
    ["建国社区", "明仁小区", "2", "", "乱停车", "", "", "", ""],
    ["建国社区", "明仁小区", "1号楼", "5单元", "乱停车", "", "", "", ""],
    ["", "永安小区", "3", "", "乱停车", "", "", "", ""],
    ["", "天福家园南区", "9号楼", "", "乱停车", "", "", "", ""],
    ["建国社区", "和平路45号", "", "", "井盖缺失", "", "", "", ""],
    ["", "", "", "", "井盖缺失", "", "联系人 13900001111", "", ""],
    ["明仁社区", "天福家园北区", "三栋", "", "墙皮脱落", "../secret.jpg", "", "", ""],
    ["明仁社区", "天福家园南区", "", "", "充电桩不足", "", "", "", ""],
]
CSV_TEXT = (
    "地址,问题,联系电话,上报日期,x,y\n"
    "内蒙古通辽市科尔沁区明仁街道天福家园北区3-2-301,墙皮脱落,0475-8212345,2023/6/1,,\n"
    ",乱停车,,2024-05-03,{},{}\n"
    ",井盖缺失,,,{},{}\n"
    ",井盖缺失,,,{},{}\n"
).format(X0 + 140, Y0 + 5, X0 + 205, Y0 + 15, X0 + 500, Y0 + 500)


@pytest.fixture
def city(tmp_path):
    import openpyxl

    reports = tmp_path / "报表"
    reports.mkdir()
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "问题清单"
    sheet.append(["科尔沁区明仁街道网格排查报表"])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(XLSX_HEADER))
    sheet.append(XLSX_HEADER)
    for row in XLSX_ROWS:
        sheet.append(row or [])
    book.save(str(reports / "网格01_问题.xlsx"))
    (reports / "网格02_问题.csv").write_bytes(CSV_TEXT.encode("gbk"))
    (reports / "井盖.jpg").write_bytes(b"\xff\xd8\xff\xe0 not really a jpeg")
    (reports / "损坏的表.xlsx").write_bytes(b"this is not a zip file")
    gpkg = str(tmp_path / "底图.gpkg")
    return {"library": write_buildings(gpkg), "reports": str(reports), "gpkg": gpkg, "tmp": tmp_path}


def run_join(city, **extra):
    import processing

    params = {
        "LIBRARY": city["library"], "ID_FIELD": "building_id", "COMPOUND_FIELD": "compound_name",
        "BUILDING_FIELD": "building_no", "UNITS_FIELD": "units", "COMMUNITY_FIELD": "community_code",
        "REPORTS": city["reports"], "ROUND": 0, "MAX_DISTANCE": 30, "COORD_CRS": "EPSG:4550",
        "OUTPUT": "memory:", "UNMATCHED": "memory:",
    }
    params.update(extra)
    result = processing.run("cityhealth:joinreports", params)
    from qgis.core import QgsProcessingContext  # noqa: F401  (layers live in the result)

    matched = {f["report_uid"]: f for f in result["OUTPUT"].getFeatures()}
    unmatched = {f["report_uid"]: f for f in result["UNMATCHED"].getFeatures()}
    return result, matched, unmatched


X = "网格01_问题.xlsx|问题清单|"
C = "网格02_问题.csv||"


def test_every_row_is_matched_or_explained(plugin, city):
    result, matched, unmatched = run_join(city)
    assert {uid: f["building_id"] for uid, f in matched.items()} == {
        X + "3": "B01", X + "4": "B01", X + "6": "B02", X + "12": "B06", X + "14": "B03",
        X + "15": None,  # compound level: a problem of 天福家园南区 as a whole
        C + "2": "B03", C + "3": "B05", C + "4": "B06",
    }
    assert {uid: f["reason"] for uid, f in unmatched.items()} == {
        X + "7": "ambiguous", X + "8": "ambiguous", X + "9": "no_unit", X + "10": "no_compound",
        X + "11": "no_building", X + "13": "empty_address", C + "5": "no_location",
    }
    assert result["MATCHED"] == 9
    assert result["UNMATCHED_COUNT"] == 7
    assert result["BLANK_ROWS"] == 1
    assert result["ROWS_READ"] == 17 == result["MATCHED"] + result["UNMATCHED_COUNT"] + result["BLANK_ROWS"]
    assert result["FILES_READ"] == 2
    assert result["ISSUES"] >= 1  # the damaged workbook


def test_match_methods_scores_and_candidates(plugin, city):
    _result, matched, unmatched = run_join(city)
    methods = {uid: (f["match_method"], f["match_score"]) for uid, f in matched.items()}
    assert methods[X + "3"] == ("exact", 1.0)
    assert methods[X + "6"] == ("alias", 0.9)
    assert methods[C + "3"] == ("point", 1.0)
    assert methods[C + "4"][0] == "nearest"
    assert unmatched[X + "8"]["candidates"] == "B05:1.00;B08:1.00"
    assert unmatched[X + "7"]["candidates"] == "B03:0.50;B01:0.50"
    assert unmatched[X + "9"]["candidates"] == "B04:1.00"  # 明仁小区 1号楼 has 3 units, not 5


def test_fields_provenance_masking_round_and_catalogue(plugin, city):
    _result, matched, unmatched = run_join(city)
    row = matched[X + "3"]
    assert (row["source_file"], row["source_sheet"], row["source_row"]) == ("网格01_问题.xlsx", "问题清单", 3)
    assert (row["compound"], row["building"], row["unit"]) == ("天福家园南区", "3", "2")
    assert row["phone"] == "138****5678"
    assert row["round"] == 2024 and row["report_date"] == "2024-05-03"
    assert row["problem_code"] == "WALK-02" and row["indicator_code"] == "IND-COMM-019"
    assert row["severity"] == "严重"
    assert row["raw_address"] == "天福家园南区 / 3号楼 / 二单元"
    assert row["photo_paths"] == os.path.realpath(os.path.join(city["reports"], "井盖.jpg"))
    assert matched[X + "4"]["photo_missing"] == "没有.jpg"
    assert matched[X + "14"]["photo_missing"] == "../secret.jpg"
    assert matched[X + "14"]["photo_paths"] in ("", None)
    csv_row = matched[C + "2"]
    assert csv_row["round"] == 2023
    assert "8212345" not in csv_row["phone"] and csv_row["phone"].endswith("2345")
    assert (csv_row["building"], csv_row["unit"], csv_row["room"]) == ("3", "2", "301")
    assert "13900001111" not in unmatched[X + "13"]["description"]
    geom = row.geometry()
    assert X0 <= geom.asPoint().x() <= X0 + 20 and Y0 <= geom.asPoint().y() <= Y0 + 10


def test_compound_level_problem_lies_between_the_compounds_buildings(plugin, city):
    _result, matched, _unmatched = run_join(city)
    row = matched[X + "15"]
    assert row["building_id"] in (None, "") or row["building_id"].isNull()
    assert (row["compound"], row["match_method"], row["match_score"]) == ("天福家园南区", "exact", 1.0)
    point = row.geometry().asPoint()
    assert (round(point.x() - X0, 6), round(point.y() - Y0, 6)) == (25.0, 5.0)  # between B01 and B02


def test_round_parameter_overrides_dates(plugin, city):
    _result, matched, _unmatched = run_join(city, ROUND=2025)
    assert {f["round"] for f in matched.values()} == {2025}


def test_column_override_and_alias_table(plugin, city):
    from qgis.core import QgsWkbTypes

    aliases = write_layer(city["gpkg"], "library_aliases", QgsWkbTypes.NoGeometry,
                          {"alias": str, "compound": str, "kind": str},
                          [(None, {"alias": "永安小区", "compound": "天福家园北区", "kind": "manual"})],
                          False)
    result, matched, unmatched = run_join(city, ALIASES=aliases)
    assert matched[X + "10"]["building_id"] == "B03"
    assert matched[X + "10"]["match_method"] == "alias"
    assert result["MATCHED"] == 10 and X + "10" not in unmatched


def test_nothing_readable_is_a_clear_error(plugin, city):
    from qgis.core import QgsProcessingException

    with pytest.raises(QgsProcessingException) as error:
        run_join(city, REPORTS=os.path.join(city["reports"], "损坏的表.xlsx"))
    assert "损坏的表.xlsx" in str(error.value)


def test_column_override_names_an_unusual_header(plugin, city, tmp_path):
    folder = tmp_path / "改名表头"
    folder.mkdir()
    text = "小区,楼名,单元,问题\n天福家园南区,３号楼,2,井盖缺失\n"
    (folder / "网格03.csv").write_text(text, encoding="utf-8-sig")
    result, matched, unmatched = run_join(city, REPORTS=str(folder), BUILDING_COLUMN="楼名")
    assert {uid: f["building_id"] for uid, f in matched.items()} == {"网格03.csv||2": "B01"}
    assert result["ROWS_READ"] == 1 and unmatched == {}


def test_reading_progress_lies_between_10_and_30_percent_and_cancel_stops_it(plugin, city):
    import processing
    from qgis.core import QgsProcessingException, QgsProcessingFeedback

    class Recorder(QgsProcessingFeedback):
        def __init__(self, cancel_in_reading=False):
            super().__init__()
            self.seen = []
            self.cancel_in_reading = cancel_in_reading

        def setProgress(self, percent):  # noqa: N802
            self.seen.append(percent)
            if self.cancel_in_reading and 10 < percent < 30:
                self.cancel()
            super().setProgress(percent)

    params = {"LIBRARY": city["library"], "ID_FIELD": "building_id", "COMPOUND_FIELD": "compound_name",
              "BUILDING_FIELD": "building_no", "REPORTS": city["reports"], "OUTPUT": "memory:",
              "UNMATCHED": "memory:"}
    feedback = Recorder()
    processing.run("cityhealth:joinreports", params, feedback=feedback)
    # three files read: 网格01_问题.xlsx, 网格02_问题.csv, 损坏的表.xlsx
    reading = [p for p in feedback.seen if 10 < p < 30]
    assert reading and all(a <= b for a, b in zip(reading, reading[1:]))
    assert feedback.seen[-1] == 100
    canceled = Recorder(cancel_in_reading=True)
    with pytest.raises(QgsProcessingException):
        processing.run("cityhealth:joinreports", params, feedback=canceled)
    assert max(canceled.seen) < 30


def test_phone_cells_are_masked():
    from cityhealth_plugin.core.sanitize import mask_phone_cell

    assert mask_phone_cell("13812345678") == "138****5678"
    assert mask_phone_cell("138123456789") == "138*****6789"  # 12 digits: not a mobile, still hidden
    assert mask_phone_cell("0475-8212345") == "0475-***2345"
    assert mask_phone_cell("张师傅 13900001111") == "张师傅 139****1111"
    assert mask_phone_cell("") == ""


def _real_id_library(path):
    """The fixture library with Real building ids (B01 → 101.0 …) and a Real compound_id field."""
    from qgis.core import QgsWkbTypes

    from tests.processing.layers import rect
    from tests.processing.test_addresslibrary_alg import BUILDINGS

    compound_ids = {"天福家园南区": 1.0, "天福家园北区": 2.0, "明仁小区": 3.0}
    fields = {"building_id": float, "compound_id": float, "compound_name": str, "building_no": str,
              "units": int, "community_code": str}
    rows = [(rect(*r), {"building_id": 100.0 + int(bid[1:]), "compound_id": compound_ids.get(c),
                        "compound_name": c, "building_no": b, "units": u, "community_code": comm})
            for bid, c, b, u, comm, _g, r in BUILDINGS]
    return write_layer(path, "楼栋_real", QgsWkbTypes.Polygon, fields, rows, True)


def test_real_id_field_gives_integer_text_ids_match_level_and_compound_id(plugin, city, tmp_path):
    library = _real_id_library(str(tmp_path / "实数编号.gpkg"))
    _result, matched, _unmatched = run_join(city, LIBRARY=library)
    # the same rows match as with text ids; the ids are the integers' text, never "101.0"
    assert {uid: f["building_id"] for uid, f in matched.items()} == {
        X + "3": "101", X + "4": "101", X + "6": "102", X + "12": "106", X + "14": "103",
        X + "15": None, C + "2": "103", C + "3": "105", C + "4": "106",
    }
    levels = {uid: (f["match_level"], f["compound_id"]) for uid, f in matched.items()}
    assert levels[X + "3"] == ("building", "1")
    assert levels[X + "14"] == ("building", "2")
    assert levels[X + "15"] == ("compound", "1")  # compound level: building_id NULL, compound known
    assert levels[X + "12"][0] == "building" and levels[X + "12"][1] in (None, "")  # 和平路45号: 散楼


def test_progress_runs_from_0_to_100_once(plugin, city):
    import processing
    from qgis.core import QgsProcessingFeedback

    class Recorder(QgsProcessingFeedback):
        seen: list = []

        def setProgress(self, percent):  # noqa: N802
            self.seen.append(percent)
            super().setProgress(percent)

    feedback = Recorder()
    params = {"LIBRARY": city["library"], "ID_FIELD": "building_id", "COMPOUND_FIELD": "compound_name",
              "BUILDING_FIELD": "building_no", "REPORTS": city["reports"], "OUTPUT": "memory:",
              "UNMATCHED": "memory:"}
    processing.run("cityhealth:joinreports", params, feedback=feedback)
    assert feedback.seen and feedback.seen[-1] == 100 and min(feedback.seen) >= 0
    assert all(a <= b for a, b in zip(feedback.seen, feedback.seen[1:])), feedback.seen


def test_nearest_footprint_of_a_wgs84_library_is_measured_in_metres(plugin, city, tmp_path):
    """A library in EPSG:4326: the nearest-footprint search runs in the UTM zone of the library, so
    10 m east of B06 scores 0.9 × (1 − 10/30) = 0.6, 25 m east is still within 30 m (0.45, the floor)
    and 35 m east is too far. (Degrees would make east–west distances 1/cos(43.6°) ≈ 1.38 × too long:
    25 m would look like 34.5 m.)"""
    import processing

    wgs84 = processing.run("native:reprojectlayer", {
        "INPUT": city["library"], "TARGET_CRS": "EPSG:4326",
        "OUTPUT": str(tmp_path / "经纬度.gpkg")})["OUTPUT"]
    folder = tmp_path / "坐标报表"
    folder.mkdir()
    text = "地址,问题,x,y\n" + "".join(",井盖缺失,{},{}\n".format(X0 + dx, Y0 + 5) for dx in (220, 235, 245))
    (folder / "坐标.csv").write_text(text, encoding="utf-8")
    _result, matched, unmatched = run_join(city, LIBRARY=wgs84, REPORTS=str(folder))
    found = {uid: (f["building_id"], f["match_method"], round(f["match_score"], 3))
             for uid, f in matched.items()}
    assert found == {"坐标.csv||2": ("B06", "nearest", 0.6), "坐标.csv||3": ("B06", "nearest", 0.45)}
    assert {uid: f["reason"] for uid, f in unmatched.items()} == {"坐标.csv||4": "no_location"}
