"""The ledger's check that a joined row's photos still exist (ProblemPhotos, through
core.photos.PhotoFinder.is_file: one folder listing answers what ``os.path.isfile`` would, for
files, folders, links and names the listing lacks)."""

from __future__ import annotations

import os

from cityhealth_plugin.processing.ledger_writer import ProblemPhotos


def test_the_listing_answers_as_isfile_does(tmp_path):
    folder = tmp_path / "照片"
    folder.mkdir()
    (folder / "井盖.jpg").write_bytes(b"jpg")
    (folder / "子目录.jpg").mkdir()  # a folder named like a photo is not a photo
    os.symlink(str(folder / "井盖.jpg"), str(folder / "链接.jpg"))
    os.symlink(str(folder / "没有.jpg"), str(folder / "断链.jpg"))
    photos = ProblemPhotos(str(tmp_path), lambda text: text)
    names = ["井盖.jpg", "子目录.jpg", "链接.jpg", "断链.jpg", "丢失.jpg"]
    paths = [str(folder / n) for n in names] + [str(tmp_path / "不存在" / "a.jpg"), str(tmp_path) + os.sep]
    assert [photos.finder.is_file(p) for p in paths] == [os.path.isfile(p) for p in paths] == [
        True, False, True, False, False, False, False]
    # each folder listed once
    assert list(photos.finder._listings) == [str(folder), str(tmp_path / "不存在"), str(tmp_path)]
    # a photo put in place after the folder was listed is still found (asked of the file system)
    (folder / "后来.jpg").write_bytes(b"jpg")
    assert photos.finder.is_file(str(folder / "后来.jpg"))


def test_a_joined_rows_missing_photo_is_named_and_not_copied(tmp_path):
    (tmp_path / "a.jpg").write_bytes(b"jpg")
    photos = ProblemPhotos(str(tmp_path), lambda text: text.replace("13812345678", "138****5678"))
    record = {"problem_uid": "2024:表.xlsx|问题|2",
              "photo_list": [str(tmp_path / "a.jpg"), str(tmp_path / "13812345678.jpg")]}
    jobs, lost = photos.of({}, record, joined=True)
    assert [(j[0], j[1], j[2]) for j in jobs] == [("2024:表.xlsx|问题|2", str(tmp_path / "a.jpg"), 1)]
    assert lost == [str(tmp_path / "138****5678.jpg")] and photos.missing == 1
