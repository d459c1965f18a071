"""core/files.save_workbook: the one atomic workbook writer (forms, review, assessment, work orders)."""

from __future__ import annotations

import os

import pytest


def test_a_saved_workbook_has_an_ordinary_files_mode_and_no_temporary_file_stays(tmp_path):
    import openpyxl

    from cityhealth_plugin.core.files import file_mode, save_workbook

    book = openpyxl.Workbook()
    book.active["A1"] = "体检"
    path = str(tmp_path / "新建" / "复核表.xlsx")
    assert save_workbook(book, path) == path
    assert openpyxl.load_workbook(path).active["A1"].value == "体检"
    assert oct(os.stat(path).st_mode & 0o777) == oct(file_mode())  # not mkstemp's 0600
    assert os.listdir(os.path.dirname(path)) == ["复核表.xlsx"]


def test_a_failing_save_leaves_the_previous_file_byte_identical(tmp_path):
    from cityhealth_plugin.core.files import save_workbook

    path = tmp_path / "调查表.xlsx"
    path.write_bytes(b"previous")

    class Broken:
        def save(self, target):
            with open(target, "wb") as handle:
                handle.write(b"half")
            raise OSError(28, "No space left on device")

    with pytest.raises(OSError, match="No space"):
        save_workbook(Broken(), str(path))
    assert path.read_bytes() == b"previous" and os.listdir(str(tmp_path)) == ["调查表.xlsx"]


def test_write_bytes_writes_all_of_it_even_in_pieces(tmp_path, monkeypatch):
    from cityhealth_plugin.core import files

    path = str(tmp_path / "照片-001.png")
    with open(path, "wb") as handle:  # an older, longer file is replaced, not overwritten in part
        handle.write(b"x" * 100)
    written = []
    real_write = os.write

    def in_pieces(fd, data):  # a write that takes at most 3 bytes, as os.write may
        written.append(len(data))
        return real_write(fd, bytes(data[:3]))

    monkeypatch.setattr(files.os, "write", in_pieces)
    files.write_bytes(path, "照片数据".encode("utf-8"))
    monkeypatch.undo()
    with open(path, "rb") as handle:
        assert handle.read().decode("utf-8") == "照片数据"
    assert written == [12, 9, 6, 3]
    assert oct(os.stat(path).st_mode & 0o777) == oct(files.file_mode())
    with pytest.raises(FileNotFoundError):  # no folder: the error, as open() gives it
        files.write_bytes(str(tmp_path / "无此文件夹" / "a.png"), b"1")
