"""processing/base.planner_error: every OSError / RuntimeError / sqlite error an algorithm meets becomes
a message that says what happened and what to do — each kind induced for real where the test can
(tests run as root, so permission and read-only errors are raised by a patched call)."""

from __future__ import annotations

import errno
import os
import sqlite3

import pytest

from tests.processing.test_joinreports_alg import city, run_join  # noqa: F401 (fixture)


def _message(error, path=""):
    from cityhealth_plugin.processing.base import planner_error

    return str(planner_error(error, path=path))


def test_disk_full_permission_read_only_and_missing_folder_messages(tmp_path):
    blocker = tmp_path / "文件"
    blocker.write_text("not a folder", encoding="utf-8")
    with pytest.raises(OSError) as info:  # a real ENOTDIR: a folder under a file
        os.makedirs(str(blocker / "输出"))
    text = _message(info.value)
    assert "does not exist or is a file" in text and str(blocker / "输出") in text
    with pytest.raises(OSError) as info:  # a real ENOENT: a file that is not there
        open(str(tmp_path / "照片" / "井盖.jpg"), "rb")
    assert "moved or deleted while the algorithm ran" in _message(info.value)
    full = OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
    assert "The disk is full: /数据/台账.gpkg could not be written" in _message(full, "/数据/台账.gpkg")
    denied = PermissionError(errno.EACCES, os.strerror(errno.EACCES), "/数据/台账.gpkg")
    assert "Permission denied for /数据/台账.gpkg" in _message(denied, "/其他")  # the error's own file wins
    read_only = OSError(errno.EROFS, os.strerror(errno.EROFS), "/光盘/台账.gpkg")
    assert "read-only folder or disk" in _message(read_only)
    busy = OSError(errno.EBUSY, os.strerror(errno.EBUSY), "/数据/报表.xlsx")
    assert "open in another program or locked" in _message(busy)


def test_sqlite_and_runtime_errors_by_their_words(tmp_path):
    path = str(tmp_path / "台账.gpkg")
    holder = sqlite3.connect(path)
    holder.execute("CREATE TABLE t (x)")
    holder.commit()
    holder.execute("BEGIN EXCLUSIVE")  # another program holds the file
    other = sqlite3.connect(path, timeout=0)
    with pytest.raises(sqlite3.OperationalError) as info:
        other.execute("INSERT INTO t VALUES (1)")
    other.close()
    holder.rollback()
    holder.close()
    text = _message(info.value, path)
    assert "is open in another program or locked (database is locked)" in text and path in text
    assert "in another program" in _message(RuntimeError("GeoPackage x.gpkg is still in use; cannot finish"))
    assert "The disk is full" in _message(sqlite3.OperationalError("database or disk is full"), path)
    assert "read-only" in _message(sqlite3.OperationalError("attempt to write a readonly database"), path)
    other_text = _message(RuntimeError("OGR error: something odd"), path)
    assert other_text.startswith("Could not read or write {}: OGR error: something odd.".format(path))


def test_core_and_processing_errors_keep_their_message():
    from qgis.core import QgsProcessingException

    from cityhealth_plugin.core.feedback import Canceled
    from cityhealth_plugin.processing.base import planner_error

    assert str(planner_error(Canceled())) == "Cancelled by the user."
    original = QgsProcessingException("as it was")
    assert planner_error(original) is original


def test_democity_disk_full_leaves_the_previous_geopackage_and_no_temporary_file(plugin, tmp_path,
                                                                                 monkeypatch):
    import processing
    from qgis.core import QgsProcessingException

    from cityhealth_plugin.processing import io

    folder = tmp_path / "示范城区"
    folder.mkdir()
    previous = folder / "democity.gpkg"
    previous.write_bytes(b"the previous demo city")

    def full(_src, _dst):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(io.os, "replace", full)
    with pytest.raises(QgsProcessingException) as info:
        processing.run("cityhealth:democity", {"SIZE": 0, "SEED": 3, "OUTPUT_FOLDER": str(folder)})
    assert "The disk is full" in str(info.value) and "Free some space" in str(info.value)
    assert previous.read_bytes() == b"the previous demo city"
    assert sorted(os.listdir(str(folder))) == ["democity.gpkg"]


@pytest.mark.parametrize("code, words", [(errno.EACCES, "Permission denied for"),
                                         (errno.EROFS, "read-only folder or disk")])
def test_democity_unwritable_output_folder(plugin, tmp_path, monkeypatch, code, words):
    import processing
    from qgis.core import QgsProcessingException

    from cityhealth_plugin.processing.algorithms import democity

    target = str(tmp_path / "只读" / "城区")

    def refuse(path, *args, **kwargs):
        raise OSError(code, os.strerror(code), path)

    monkeypatch.setattr(democity.os, "makedirs", refuse)
    with pytest.raises(QgsProcessingException) as info:
        processing.run("cityhealth:democity", {"SIZE": 0, "SEED": 3, "OUTPUT_FOLDER": target})
    assert words in str(info.value) and target in str(info.value)


def test_joinreports_photo_vanishing_is_named(plugin, city, monkeypatch):  # noqa: F811 (fixture)
    from qgis.core import QgsProcessingException

    from cityhealth_plugin.core.photos import PhotoFinder

    gone = os.path.join(city["reports"], "井盖.jpg")

    def vanish(self, cell_text, report_dir):
        raise FileNotFoundError(errno.ENOENT, os.strerror(errno.ENOENT), gone)

    monkeypatch.setattr(PhotoFinder, "resolve", vanish)
    with pytest.raises(QgsProcessingException) as info:
        run_join(city)
    assert gone in str(info.value) and "moved or deleted while the algorithm ran" in str(info.value)
    assert "Traceback" not in str(info.value)
