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
