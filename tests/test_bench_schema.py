"""The bench's result entries (scripts/bench.py): the fields issue 17 names, no timing asserted."""

import json
import os
import sys

SCRIPTS = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "scripts")
sys.path.insert(0, SCRIPTS)

import bench  # noqa: E402

REQUIRED = {"name": str, "size": str, "seconds": float, "baseline": str, "baseline_seconds": float,
            "ratio": float, "peak_rss_mb": float}


def test_entry_has_every_field_and_the_ratio_of_its_figures():
    row = bench.entry("joinreports", "small", 3.0, "I/O floor: raw read + copy", 2.0, peak_rss_mb=123.44,
                      aim=1.5, rows=10)
    for key, typ in REQUIRED.items():
        assert isinstance(row[key], typ), key
    assert row["ratio"] == 1.5  # 3.0 / 2.0
    assert row["peak_rss_mb"] == 123.4
    assert row["aim"] == 1.5 and row["rows"] == 10
    assert bench._aim_text(row) == "≤ 1.5 met"
    assert bench._aim_text(dict(row, ratio=1.6)) == "≤ 1.5 NOT MET"
    json.dumps(row)  # written to results.json as it is


def test_timed_records_the_peak_memory_of_its_step():
    seconds, result = bench.timed(lambda: len(bytearray(64 * 1024 * 1024)), 1)
    assert result == 64 * 1024 * 1024 and seconds >= 0
    assert bench.LAST_PEAK_MB[0] >= 64  # the 64 MB buffer was resident during the step
    row = bench.entry("x", "small", 1.0, "y", 0.0)
    assert row["ratio"] is None and row["peak_rss_mb"] == round(bench.LAST_PEAK_MB[0], 1)


def test_xlarge_city_has_every_report_four_times(tmp_path):
    large = tmp_path / "large"
    (large / "reports" / "2024" / "照片").mkdir(parents=True)
    (large / "democity.gpkg").write_bytes(b"gpkg")
    (large / "reports" / "2024" / "a.xlsx").write_bytes(b"x")
    (large / "reports" / "2024" / "满意度调查.xlsx").write_bytes(b"s")
    (large / "reports" / "2024" / "照片" / "p.png").write_bytes(b"p")
    (large / "ground_truth.csv").write_text("round,source_file,building_id\n2024,a.xlsx,B1\n",
                                            encoding="utf-8")
    bench._xlarge_from(str(large), str(tmp_path / "xl"))
    names = sorted(os.listdir(tmp_path / "xl" / "reports" / "2024"))
    assert names == ["a.xlsx", "a_x2.xlsx", "a_x3.xlsx", "a_x4.xlsx", "满意度调查.xlsx", "照片"]
    truth = (tmp_path / "xl" / "ground_truth.csv").read_text(encoding="utf-8").splitlines()
    assert truth[1:] == ["2024,a.xlsx,B1", "2024,a_x2.xlsx,B1", "2024,a_x3.xlsx,B1", "2024,a_x4.xlsx,B1"]


def test_profile_phases_last_until_the_next_message():
    import profile_step

    marks = [(0.0, "start"), (1.5, "Reading reports …"), (4.0, "Matching 10 rows …\nsecond line"),
             (9.5, "Results: after the run")]
    lines = profile_step.phases(marks, 8.0)
    # 1.5 s of 8 = 18.75 %, 2.5 s = 31.25 %, 4.0 s (to the end) = 50 %; the mark after the end is dropped
    assert lines == ["    1.50 s  18.8 %  start", "    2.50 s  31.2 %  Reading reports …",
                     "    4.00 s  50.0 %  Matching 10 rows …"]


def test_profile_timeline_hears_messages_through_a_multistep_feedback():
    import profile_step
    from qgis.core import QgsProcessingMultiStepFeedback

    timeline = profile_step.Timeline()
    steps = QgsProcessingMultiStepFeedback(2, timeline)
    steps.pushInfo("读取报表")
    steps.setProgressText("写入")
    steps.pushWarning("警告")
    assert [text for _t, text in timeline.marks] == ["读取报表", "» 写入", "! 警告"]
    times = [t for t, _text in timeline.marks]
    assert times == sorted(times) and times[0] >= 0


def test_qgis_floor_writes_every_table_again_with_the_same_rows(tmp_path):
    """The QGIS floor of the join and the ledger (scripts/bench_cases.py) writes what it read: every
    table of the GeoPackage, every row, the same values and geometry, through QgsVectorFileWriter."""
    import bench_cases
    from qgis.core import QgsGeometry, QgsPointXY, QgsVectorLayer, QgsWkbTypes

    from cityhealth_plugin.processing.io import existing_layers
    from tests.processing.layers import write_layer

    source = str(tmp_path / "台账.gpkg")
    write_layer(source, "问题表", QgsWkbTypes.NoGeometry, {"名称": str, "数量": int},
                [(None, {"名称": "问题 甲", "数量": 3}), (None, {"名称": "问题 乙"})], True, "EPSG:4326")
    write_layer(source, "点位", QgsWkbTypes.Point, {"名称": str},
                [(QgsGeometry.fromPointXY(QgsPointXY(1.5, 2.0)), {"名称": "点 甲"}),
                 (QgsGeometry.fromPointXY(QgsPointXY(-4.0, 8.25)), {"名称": "点 乙"})], False, "EPSG:4326")

    assert sorted(existing_layers(source)) == sorted(["问题表", "点位"])
    prepared = bench_cases.qgis_rows([source])
    (written,) = bench_cases.qgis_write(prepared, str(tmp_path), batch=1)  # a batch of one: two calls
    assert written != source and sorted(existing_layers(written)) == sorted(["问题表", "点位"])
    table = QgsVectorLayer(written + "|layername=问题表", "t", "ogr")
    assert [(f["名称"], f["数量"]) for f in table.getFeatures()] == [("问题 甲", 3), ("问题 乙", None)]
    layer = QgsVectorLayer(written + "|layername=点位", "p", "ogr")
    assert layer.crs().authid() == "EPSG:4326" and layer.wkbType() == QgsWkbTypes.Point
    assert [(f["名称"], f.geometry().asPoint().x(), f.geometry().asPoint().y())
            for f in layer.getFeatures()] == [("点 甲", 1.5, 2.0), ("点 乙", -4.0, 8.25)]
