"""Photo names in report cells resolve next to the report; escapes are refused, missing listed."""

from __future__ import annotations

import os

from cityhealth_plugin.core.photos import resolve_photos, split_photo_names


def _tree(tmp_path):
    root = tmp_path / "明仁社区报表"
    (root / "照片").mkdir(parents=True)
    (root / "photos").mkdir()
    (root / "照片" / "3号楼井盖.jpg").write_bytes(b"jpg")
    (root / "photos" / "b.png").write_bytes(b"png")
    (root / "直接.jpg").write_bytes(b"jpg")
    (tmp_path / "secret.txt").write_text("no")
    return root


def test_names_resolve_relative_to_report_and_photo_folders(tmp_path):
    root = _tree(tmp_path)
    res = resolve_photos("照片/3号楼井盖.jpg；b.png、直接.jpg\n不存在.jpg", str(root))
    assert res.paths == [os.path.realpath(str(root / "照片" / "3号楼井盖.jpg")),
                         os.path.realpath(str(root / "photos" / "b.png")),
                         os.path.realpath(str(root / "直接.jpg"))]
    assert res.missing == ["不存在.jpg"]
    assert res.refused == []


def test_bare_name_found_in_photo_subfolder_and_backslashes(tmp_path):
    root = _tree(tmp_path)
    res = resolve_photos("3号楼井盖.jpg, 照片\\3号楼井盖.jpg", str(root))
    assert res.paths == [os.path.realpath(str(root / "照片" / "3号楼井盖.jpg"))]
    assert res.missing == [] and res.refused == []


def test_escapes_urls_drives_and_outside_absolute_paths_are_refused(tmp_path):
    root = _tree(tmp_path)
    inside = str(root / "直接.jpg")
    cell = ";".join(["../secret.txt", "照片/../../secret.txt", str(tmp_path / "secret.txt"),
                     "http://example.com/a.jpg", "C:\\photos\\a.jpg", "\\\\server\\share\\a.jpg", inside])
    res = resolve_photos(cell, str(root))
    assert res.refused == ["../secret.txt", "照片/../../secret.txt", str(tmp_path / "secret.txt"),
                           "http://example.com/a.jpg", "C:\\photos\\a.jpg", "\\\\server\\share\\a.jpg"]
    assert res.paths == [os.path.realpath(inside)]


def test_symlink_pointing_outside_is_not_followed(tmp_path):
    root = _tree(tmp_path)
    os.symlink(str(tmp_path / "secret.txt"), str(root / "照片" / "link.jpg"))
    res = resolve_photos("link.jpg", str(root))
    assert res.paths == [] and res.missing == ["link.jpg"]


def test_empty_cell_and_splitting():
    assert split_photo_names("") == []
    assert split_photo_names(' a.jpg ;; "b.jpg" ,\r\nc.jpg ') == ["a.jpg", "b.jpg", "c.jpg"]
    res = resolve_photos("", "/nonexistent")
    assert (res.paths, res.missing, res.refused) == ([], [], [])


def test_finder_bare_names_skip_folders_named_like_the_photo_and_inside_links(tmp_path):
    from cityhealth_plugin.core.photos import PhotoFinder

    root = _tree(tmp_path)
    (root / "井盖.jpg").mkdir()  # a folder named like the photo: not the photo
    (root / "照片" / "井盖.jpg").write_bytes(b"jpg")
    os.symlink(str(root / "直接.jpg"), str(root / "photos" / "链接.jpg"))  # a link inside the folder
    finder = PhotoFinder()
    res = finder.resolve("井盖.jpg；链接.jpg；.；..；没有.jpg", str(root))
    assert res.paths == [os.path.realpath(str(root / "照片" / "井盖.jpg")),
                         os.path.realpath(str(root / "直接.jpg"))]
    assert res.missing == [".", "没有.jpg"]
    assert res.refused == [".."]
    # the same finder answers the next row from its listings, alike
    again = finder.resolve("井盖.jpg", str(root))
    assert again.paths == res.paths[:1] and again.missing == [] and again.refused == []


def test_single_name_cells_split_like_lists():
    assert split_photo_names('  "照片 1.jpg" ') == ["照片 1.jpg"]
    assert split_photo_names(' "" ') == []
    assert split_photo_names("a.jpg") == ["a.jpg"]


def test_a_hand_made_rows_photo_folders_lie_inside_the_layer_folder(tmp_path):
    from cityhealth_plugin.core.photos import row_photo_folders

    layer = str(tmp_path / "图层")
    real = os.path.realpath(layer)
    assert row_photo_folders("街道甲/报表.xlsx", layer) == [os.path.join(real, "街道甲"), real]
    assert row_photo_folders("报表.xlsx", layer) == [real]
    assert row_photo_folders("", layer) == [real]
    assert row_photo_folders("../../etc/报表.xlsx", layer) == [real]  # climbing out: the layer folder only
    assert row_photo_folders("/数据/报告/报表.xlsx", layer) == [real]  # a row cannot name another folder
    assert row_photo_folders(os.path.join(real, "乙", "报表.xlsx"), layer) == [os.path.join(real, "乙"), real]
    assert row_photo_folders("C:/报告/报表.xlsx", layer) == [real]
    assert row_photo_folders("报表.xlsx", "") == []  # a memory layer: nowhere to read from


def test_resolving_in_several_folders_first_holder_wins_refused_only_when_every_folder_refuses(tmp_path):
    from cityhealth_plugin.core.photos import PhotoFinder

    first, second = tmp_path / "甲", tmp_path / "乙"
    (first / "照片").mkdir(parents=True)
    second.mkdir()
    (first / "照片" / "a.jpg").write_bytes(b"1")
    (second / "a.jpg").write_bytes(b"2")
    (second / "b.jpg").write_bytes(b"3")
    found = PhotoFinder().resolve_in("a.jpg;b.jpg;c.jpg;../乙/b.jpg;" + str(second / "b.jpg"),
                                     [str(first), str(second)])
    assert found.paths == [os.path.realpath(str(first / "照片" / "a.jpg")),
                           os.path.realpath(str(second / "b.jpg"))]
    assert found.missing == ["c.jpg"] and found.refused == ["../乙/b.jpg"]
    assert PhotoFinder().resolve_in("a.jpg", []).refused == ["a.jpg"]
