"""cityhealth:buildledger keeps the join's decisions, converts ids like the join, writes atomically.

Uses the hand-drawn city of test_buildledger_alg (2 blocks, 3 compounds, 8 buildings).
"""

from __future__ import annotations

import os

import pytest

from tests.processing import test_buildledger_alg as hand_drawn
from tests.processing.layers import X0, Y0, rect, write_layer
from tests.processing.test_buildledger_alg import Recorder, params, rows, sha

city = hand_drawn.city  # the module's fixture


def _problem(row, x, y, **values):
    from qgis.core import QgsGeometry, QgsPointXY

    from cityhealth_plugin.core import schema

    fields = dict.fromkeys(schema.REPORT_FIELDS)
    fields.update({"report_uid": "手工表.xlsx|问题|{}".format(row), "source_file": "手工表.xlsx",
                   "source_sheet": "问题", "source_row": row, "round": 2024, "problem": "小区停车位不足",
                   "problem_code": "PARKING-01", "severity": "较重", "status": "未整改"})
    fields.update(values)
    geom = QgsGeometry.fromPointXY(QgsPointXY(X0 + x, Y0 + y)) if x is not None else None
    return geom, fields


def _problem_fields(**extra):
    from cityhealth_plugin.core import schema

    fields = dict(schema.REPORT_FIELDS)
    fields.update(schema.MATCH_FIELDS)
    fields.update(extra)
    return fields


def _tree(folder):
    """{relative path: sha256} of every file under ``folder`` (hidden ones too)."""
    out = {}
    for root, _dirs, files in os.walk(folder):
        for name in files:
            path = os.path.join(root, name)
            out[os.path.relpath(path, folder)] = sha(path)
    return out


def test_the_joins_decision_is_kept_even_where_the_point_says_otherwise(city, tmp_path):
    import processing
    from qgis.core import QgsWkbTypes

    fields = _problem_fields(match_level=str, compound_id=str)
    decided = [
        # compound-level, its point inside footprint BLD-1 of 天福家园: stays on 天福家园, no building
        _problem(2, 30, 30, match_level="compound", compound_id="C-天福", compound="天福家园"),
        # compound-level for 和平小区 whose point lies in the 天福家园 polygon: the compound id wins
        _problem(3, 15, 100, match_level="compound", compound_id="C-和平", compound="和平小区"),
        # compound-level known by name only
        _problem(4, 15, 100, match_level="compound", compound="和平小区"),
        # building-level on BLD-2 with a point on BLD-1: stays on BLD-2
        _problem(5, 30, 30, match_level="building", building_id="BLD-2", problem="楼道照明损坏",
                 problem_code="STAIR-03", severity="一般"),
        # a compound the compounds layer does not hold: kept as the join wrote it, counted nowhere
        _problem(6, 30, 30, match_level="compound", compound_id="C-不存在", compound="不存在小区"),
    ]
    src = write_layer(str(tmp_path / "判定.gpkg"), "matched", QgsWkbTypes.Point, fields, decided, True)
    out = str(tmp_path / "台账.gpkg")
    rec = Recorder()
    processing.run("cityhealth:buildledger", params(city, out, problems=src), feedback=rec.feedback)
    by_row = {p["source_row"]: p for p in rows(out, "problems")}
    assert (by_row[2]["building_id"], by_row[2]["compound_id"], by_row[2]["match_level"]) == (
        None, "C-天福", "compound")
    assert by_row[3]["compound_id"] == "C-和平" and by_row[4]["compound_id"] == "C-和平"
    assert by_row[3]["block_id"] == "B-甲"
    assert (by_row[5]["building_id"], by_row[5]["match_level"]) == ("BLD-2", "building")
    assert (by_row[6]["building_id"], by_row[6]["compound_id"], by_row[6]["match_level"]) == (
        None, "C-不存在", "compound")
    assert any(w.startswith("1 problems have no building") for w in rec.feedback.warnings)
    b = {r["building_id"]: r for r in rows(out, "ledger_building")}
    assert b["BLD-1"]["problems_total"] == 0 and b["BLD-2"]["problems_total"] == 1
    c = {r["compound_id"]: r for r in rows(out, "ledger_compound")}
    assert c["C-天福"]["problems_area_level"] == 1 and c["C-天福"]["problems_total"] == 2
    assert c["C-和平"]["problems_area_level"] == 2
    assert not any("located here" in i for i in rec.feedback.infos)  # nothing re-located


def test_real_ids_go_from_library_to_ledger_with_nothing_unassigned(tmp_path):
    import processing
    from qgis.core import QgsWkbTypes

    from cityhealth_plugin.core import schema

    lib = str(tmp_path / "实数编码.gpkg")
    bfields = dict(schema.BUILDING_FIELDS, building_id=float)
    buildings = write_layer(lib, "buildings", QgsWkbTypes.MultiPolygon, bfields, [
        (rect(20, 20, 50, 60), {"building_id": 101.0, "compound_id": "C-天福", "compound_name": "天福家园",
                                "building_no": "1", "households": 10}),
        (rect(60, 20, 100, 60), {"building_id": 102.0, "compound_id": "C-天福", "compound_name": "天福家园",
                                 "building_no": "2", "households": 20}),
    ], True)
    compounds = write_layer(lib, "compounds", QgsWkbTypes.MultiPolygon, schema.COMPOUND_FIELDS, [
        (rect(10, 10, 110, 190), {"compound_id": "C-天福", "compound_name": "天福家园"})], False)
    probs = write_layer(lib, "problems", QgsWkbTypes.Point, _problem_fields(building_id=float), [
        _problem(2, 30, 30, building_id=101.0), _problem(3, 70, 30, building_id=102.0),
        _problem(4, 71, 30, building_id=102.0)], False)
    out = str(tmp_path / "台账.gpkg")
    rec = Recorder()
    processing.run("cityhealth:buildledger", {"PROBLEMS": probs, "BUILDINGS": buildings,
                                              "COMPOUNDS": compounds, "ROUND": 2024, "OUTPUT": out},
                   feedback=rec.feedback)
    assert sorted(p["building_id"] for p in rows(out, "problems")) == ["101", "102", "102"]
    b = {r["building_id"]: r for r in rows(out, "ledger_building")}
    assert (b["101"]["problems_total"], b["102"]["problems_total"]) == (1, 2)
    assert not any("no building in the library" in w for w in rec.feedback.warnings)


def test_problems_in_another_crs_are_transformed_and_relocated(city, tmp_path):
    import processing
    from qgis.core import (
        QgsCoordinateReferenceSystem,
        QgsCoordinateTransform,
        QgsCoordinateTransformContext,
        QgsWkbTypes,
    )

    to_wgs84 = QgsCoordinateTransform(QgsCoordinateReferenceSystem("EPSG:4550"),
                                      QgsCoordinateReferenceSystem("EPSG:4326"),
                                      QgsCoordinateTransformContext())
    hand_made = []
    for row, (x, y) in ((2, (30, 30)), (3, (70, 30)), (4, (150, 80))):  # BLD-1, BLD-2, 和平小区 (no building)
        geom, values = _problem(row, x, y)
        geom.transform(to_wgs84)
        hand_made.append((geom, values))
    src = write_layer(str(tmp_path / "经纬度.gpkg"), "problems", QgsWkbTypes.Point, _problem_fields(),
                      hand_made, True, crs="EPSG:4326")
    out = str(tmp_path / "台账.gpkg")
    rec = Recorder()
    processing.run("cityhealth:buildledger", params(city, out, problems=src), feedback=rec.feedback)
    by_row = {p["source_row"]: p for p in rows(out, "problems")}
    assert by_row[2]["building_id"] == "BLD-1" and by_row[3]["building_id"] == "BLD-2"
    assert by_row[4]["building_id"] is None and by_row[4]["compound_id"] == "C-和平"
    point = by_row[2]["_geom"].asPoint()  # written in the buildings' CRS
    assert abs(point.x() - (X0 + 30)) < 0.01 and abs(point.y() - (Y0 + 30)) < 0.01
    assert any(i.startswith("3 problems carried no match decision") and ": 2 by their point" in i
               for i in rec.feedback.infos)


@pytest.fixture()
def previous(city, tmp_path):
    """A ledger of round 2024 with its photos, and fingerprints of both."""
    import processing

    out = str(tmp_path / "台账.gpkg")
    processing.run("cityhealth:buildledger", params(city, out))
    photos = str(tmp_path / "台账_photos")
    assert len(_tree(photos)) == 5
    return {"out": out, "sha": sha(out), "photos": photos, "tree": _tree(photos),
            "listing": sorted(os.listdir(str(tmp_path))), "folder": str(tmp_path)}


def _assert_unchanged(previous):
    assert sha(previous["out"]) == previous["sha"]
    assert _tree(previous["photos"]) == previous["tree"]
    assert sorted(os.listdir(previous["folder"])) == previous["listing"]
    assert sorted(os.listdir(previous["photos"])) == ["2024"]  # no staging folder left


def test_a_photo_that_cannot_be_copied_leaves_ledger_and_photos_unchanged(city, previous, monkeypatch):
    import processing
    from qgis.core import QgsProcessingException

    from cityhealth_plugin.processing import ledger_writer

    def refuse(source, target):
        raise PermissionError(13, "Permission denied", target)

    monkeypatch.setattr(ledger_writer, "copy_and_hash", refuse)
    monkeypatch.setattr(ledger_writer, "hash_if_same", lambda source, existing: None)  # every photo changed
    with pytest.raises(QgsProcessingException,
                       match="could not be copied.*Permission denied.*Nothing was changed"):
        processing.run("cityhealth:buildledger", params(city, previous["out"], rnd=2024))
    _assert_unchanged(previous)


def test_a_photo_deleted_between_check_and_copy_leaves_everything_unchanged(city, previous, monkeypatch):
    import processing
    from qgis.core import QgsProcessingException

    from cityhealth_plugin.processing import ledger_writer

    calls = []

    def vanishing(real):
        def vanish(source, target):  # the third photo disappears after the problems were read
            calls.append(source)
            if len(calls) != 3:
                return real(source, target)
            hidden = source + ".hidden"
            os.replace(source, hidden)
            try:
                return real(source, target)
            finally:
                os.replace(hidden, source)
        return vanish

    # a rerun compares each photo with the library's (hash_if_same); another round copies it
    for name, rnd in (("hash_if_same", 2024), ("copy_and_hash", 2025)):
        calls.clear()
        monkeypatch.setattr(ledger_writer, name, vanishing(getattr(ledger_writer, name)))
        with pytest.raises(QgsProcessingException, match="moved or deleted"):
            processing.run("cityhealth:buildledger", params(city, previous["out"], rnd=rnd))
        monkeypatch.undo()
        assert len(calls) >= 3, name
        _assert_unchanged(previous)


def test_replace_failing_leaves_ledger_and_photos_unchanged(city, previous, monkeypatch):
    import processing
    from qgis.core import QgsProcessingException

    real = os.replace

    def full_disk(src, dst):
        if str(dst).endswith(".gpkg"):
            raise OSError(28, "No space left on device")
        return real(src, dst)

    monkeypatch.setattr(os, "replace", full_disk)
    with pytest.raises(QgsProcessingException, match="No space left on device.*Nothing was changed"):
        processing.run("cityhealth:buildledger", params(city, previous["out"], rnd=2024))
    monkeypatch.undo()
    _assert_unchanged(previous)


def _inodes(folder):
    return {name: os.stat(os.path.join(folder, name)).st_ino for name in os.listdir(folder)}


def _library_matches_sources(city, out, folder):
    """Every photos row names a library file holding its source's bytes, with that sha256."""
    sources = {os.path.basename(p): sha(p) for p in city["photos"].values()}
    photos = rows(out, "photos")
    assert sorted(os.listdir(folder)) == sorted(os.path.basename(p["path"]) for p in photos)
    for ph in photos:
        path = os.path.join(os.path.dirname(out), *ph["path"].split("/"))
        assert sha(path) == ph["sha256"] == sources[ph["original_name"]], ph


def _spoil(folder, names):
    for name in names:
        with open(os.path.join(folder, name), "wb") as handle:
            handle.write(b"not the photo")


def _watch_plans(monkeypatch):
    """The plans PhotoLibrary.swap_in takes: "in place" or "swap" (the round folder renamed)."""
    from cityhealth_plugin.processing import ledger_writer

    taken = []
    real = ledger_writer.PhotoLibrary._plan

    def plan(library):
        moves = real(library)
        taken.append("swap" if (library.final, library.previous) in moves else "in place")
        return moves

    monkeypatch.setattr(ledger_writer.PhotoLibrary, "_plan", plan)
    return taken


# 1 of 5 photos spoilt: 2 renames in place against 4 kept; 2 spoilt, 1 deleted and a stray file:
# 6 renames in place against 2 kept, so the 2 kept are moved and the folders swapped
@pytest.mark.parametrize("spoilt, by_hand, plan", [(1, False, "in place"), (2, True, "swap")])
def test_a_rerun_keeps_photos_with_the_same_bytes_and_replaces_the_others(city, previous, monkeypatch,
                                                                          spoilt, by_hand, plan):
    """A rerun of the round leaves unchanged photos where they are (same file, same inode); a
    library file with other bytes, or missing, is copied again; a file no row names is removed."""
    import processing

    taken = _watch_plans(monkeypatch)
    folder = os.path.join(previous["photos"], "2024")
    inodes = _inodes(folder)
    processing.run("cityhealth:buildledger", params(city, previous["out"], rnd=2024))
    assert _tree(previous["photos"]) == previous["tree"] and _inodes(folder) == inodes
    names = sorted(inodes)
    _spoil(folder, names[:spoilt])
    if by_hand:
        os.remove(os.path.join(folder, names[-1]))
        with open(os.path.join(folder, "多余.jpg"), "wb") as handle:
            handle.write(b"left by hand")
    processing.run("cityhealth:buildledger", params(city, previous["out"], rnd=2024))
    assert taken == ["in place", plan]
    assert _tree(previous["photos"]) == previous["tree"]
    assert sorted(os.listdir(previous["photos"])) == ["2024"]  # no staging or previous folder left
    after = _inodes(folder)
    kept = names[spoilt:-1] if by_hand else names[spoilt:]
    assert kept and all(after[n] == inodes[n] for n in kept)  # kept, not copied again
    _library_matches_sources(city, previous["out"], folder)


@pytest.mark.parametrize("spoilt, plan", [(1, "in place"), (4, "swap")])
def test_a_failed_rerun_puts_every_renamed_photo_back(city, previous, monkeypatch, spoilt, plan):
    import processing
    from qgis.core import QgsProcessingException

    folder = os.path.join(previous["photos"], "2024")
    _spoil(folder, sorted(os.listdir(folder))[:spoilt])
    with open(os.path.join(folder, "多余.jpg"), "wb") as handle:
        handle.write(b"left by hand")
    tree, inodes = _tree(previous["photos"]), _inodes(folder)
    real = os.replace

    def full_disk(src, dst):
        if str(dst).endswith(".gpkg"):
            raise OSError(28, "No space left on device")
        return real(src, dst)

    taken = _watch_plans(monkeypatch)
    monkeypatch.setattr(os, "replace", full_disk)
    with pytest.raises(QgsProcessingException, match="No space left on device"):
        processing.run("cityhealth:buildledger", params(city, previous["out"], rnd=2024))
    monkeypatch.undo()
    assert taken == [plan]
    assert _tree(previous["photos"]) == tree and _inodes(folder) == inodes
    assert sorted(os.listdir(previous["photos"])) == ["2024"]
    assert sha(previous["out"]) == previous["sha"]


def test_tables_of_other_tools_survive_a_rebuild_of_the_round(city, previous):
    import processing
    from qgis.core import QgsWkbTypes

    write_layer(previous["out"], "problem_history", QgsWkbTypes.NoGeometry,
                {"problem_uid": str, "event": str},
                [(None, {"problem_uid": "2024:网格报表.xlsx|问题|2", "event": "已派单"})], False)
    processing.run("cityhealth:buildledger", params(city, previous["out"], rnd=2024))
    assert [(r["problem_uid"], r["event"]) for r in rows(previous["out"], "problem_history")] == [
        ("2024:网格报表.xlsx|问题|2", "已派单")]
    assert len(rows(previous["out"], "problems")) == city["n_problems"]


def test_photo_names_do_not_depend_on_run_order(city, tmp_path):
    import processing

    # next to the photos: a hand-made layer's photos are read inside its folder only
    reversed_uri = os.path.join(city["folder"], "倒序.gpkg")
    processing.run("native:orderbyexpression", {
        "INPUT": city["uris"]["problems"], "EXPRESSION": '"source_row"', "ASCENDING": False,
        "NULLS_FIRST": False, "OUTPUT": reversed_uri})
    names = []
    for n, problems in enumerate((city["uris"]["problems"], reversed_uri)):
        out = str(tmp_path / "台账{}.gpkg".format(n))
        processing.run("cityhealth:buildledger", params(city, out, problems=problems))
        names.append({(p["problem_uid"], p["original_name"]): (p["photo_id"], os.path.basename(p["path"]))
                      for p in rows(out, "photos")})
    assert len(names[0]) == 5 and names[0] == names[1]


def test_progress_runs_from_0_to_100_once(city, tmp_path):
    import processing
    from qgis.core import QgsProcessingFeedback

    class Progress(QgsProcessingFeedback):
        def __init__(self):
            super().__init__()
            self.values = []
            self.progressChanged.connect(self.values.append)

    feedback = Progress()
    processing.run("cityhealth:buildledger", params(city, str(tmp_path / "台账.gpkg")), feedback=feedback)
    values = feedback.values
    assert len(values) > 10
    assert all(b >= a - 1e-6 for a, b in zip(values, values[1:])), values
    assert values[-1] >= 99.0


def test_photos_of_a_hand_made_layer_are_read_only_inside_its_report_or_layer_folder(city, tmp_path):
    """A problems layer made by hand (no match_level) gets the reports' photo rule (core/photos):
    names and paths inside the folder of the row's source_file or of the layer are copied; a path
    elsewhere, ../, a URL, a UNC path and an outward link are refused, counted and listed in
    photo_missing. Written names are masked; the copy reads the real file."""
    import processing
    from qgis.core import QgsWkbTypes

    from tests.processing.test_buildledger_alg import make_photo

    layer_dir = tmp_path / "手工图层"
    (layer_dir / "街道甲" / "照片").mkdir(parents=True)
    outside = tmp_path / "别处"
    outside.mkdir()
    make_photo(str(layer_dir / "街道甲" / "照片" / "井盖13812345678.jpg"), "red")  # by name, next to source
    make_photo(str(layer_dir / "总图.jpg"), "green")  # absolute path inside the layer's folder
    make_photo(str(outside / "身份证.jpg"), "blue")  # absolute path elsewhere: refused
    os.symlink(str(outside / "身份证.jpg"), str(layer_dir / "链接.jpg"))  # link pointing out: refused
    rows_in = [
        _problem(2, 30, 30, building_id="BLD-1", source_file="街道甲/报表.xlsx", photo="井盖13812345678.jpg"),
        _problem(3, 70, 30, building_id="BLD-2", photo_paths=str(layer_dir / "总图.jpg")),
        _problem(4, 70, 31, building_id="BLD-2", photo_paths=";".join([
            str(outside / "身份证.jpg"), "../别处/身份证.jpg", "http://例子.cn/a.jpg", "//服务器/共享/a.jpg",
            "链接.jpg", "没有13912345678.jpg"])),  # the link outward and 没有 count as missing
    ]
    src = write_layer(str(layer_dir / "手工问题.gpkg"), "problems", QgsWkbTypes.Point, _problem_fields(),
                      rows_in, True)
    out = str(tmp_path / "台账.gpkg")
    rec = Recorder()
    result = processing.run("cityhealth:buildledger", params(city, out, problems=src), feedback=rec.feedback)
    photos = rows(out, "photos")
    assert result["PHOTO_COUNT"] == 2
    assert sorted(p["original_name"] for p in photos) == ["井盖138****5678.jpg", "总图.jpg"]
    assert not any("13812345678" in p["path"] for p in photos)
    library = {name for _r, _d, files in os.walk(str(tmp_path / "台账_photos")) for name in files}
    assert len(library) == 2 and not any("13812345678" in n for n in library)
    by_row = {p["source_row"]: p for p in rows(out, "problems")}
    assert (by_row[2]["photo_count"], by_row[3]["photo_count"], by_row[4]["photo_count"]) == (1, 1, 0)
    missing = by_row[4]["photo_missing"].split(";")
    assert len(missing) == 6 and "没有139****5678.jpg" in missing
    assert any(w.startswith("6 photos not copied (4 of them refused") for w in rec.feedback.warnings)
    log = rec.feedback.warnings + rec.feedback.infos
    assert not any("13912345678" in w or "13812345678" in w for w in log)


@pytest.mark.parametrize("same, fail_at", [(4, 1), (4, 3), (1, 1), (1, 2), (1, 3)])
def test_a_rename_failing_inside_swap_in_undoes_the_renames_before_it(plugin, tmp_path, monkeypatch,
                                                                      same, fail_at):
    """PhotoLibrary alone: 5 photos in the round's folder, ``same`` of them given again with the
    same bytes, one changed, one new; the ``fail_at``-th rename fails (disk full) → every file is
    back where it was, with its bytes, and no staging or previous folder is left. 4 the same: 3
    renames in place; 1 the same: 3 renames of the swap (the kept one, then both folders)."""
    from cityhealth_plugin.processing.ledger_writer import PhotoLibrary

    folder = tmp_path / "台账_photos" / "2024"
    folder.mkdir(parents=True)
    sources = tmp_path / "报表照片"
    sources.mkdir()
    for n in range(5):
        (folder / "照片{}.jpg".format(n)).write_bytes(b"old %d" % n)
    jobs = []
    for n in range(same):
        (sources / "照片{}.jpg".format(n)).write_bytes(b"old %d" % n)
        jobs.append("照片{}.jpg".format(n))
    (sources / "照片4.jpg").write_bytes(b"changed")
    (sources / "新.jpg").write_bytes(b"new")
    jobs += ["照片4.jpg", "新.jpg"]
    before = _tree(str(tmp_path / "台账_photos"))
    library = PhotoLibrary(str(tmp_path / "台账.gpkg"), 2024)
    for name in jobs:
        library.add(str(sources / name), name)
    assert library.kept == {"照片{}.jpg".format(n) for n in range(same)}
    assert library.staged == {"照片4.jpg", "新.jpg"}
    real, calls = os.replace, []

    def full_disk(src, dst):
        calls.append(dst)
        if len(calls) == fail_at:
            raise OSError(28, "No space left on device")
        return real(src, dst)

    monkeypatch.setattr(os, "replace", full_disk)
    with pytest.raises(OSError, match="No space left"):
        library.swap_in()
    monkeypatch.undo()
    assert len(calls) == 2 * fail_at - 1  # the failed rename, and the undoing of each before it
    library.discard()
    assert _tree(str(tmp_path / "台账_photos")) == before
    assert os.listdir(str(tmp_path / "台账_photos")) == ["2024"]
    # and the same library swapped in and committed gives exactly the sources
    library = PhotoLibrary(str(tmp_path / "台账.gpkg"), 2024)
    for name in jobs:
        library.add(str(sources / name), name)
    library.swap_in()
    library.commit()
    assert _tree(str(folder)) == {name: sha(str(sources / name)) for name in jobs}
    assert os.listdir(str(tmp_path / "台账_photos")) == ["2024"]
