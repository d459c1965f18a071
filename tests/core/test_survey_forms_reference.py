"""Survey forms equal, cell for cell, the reference forms of tests/fixtures/survey_forms (written before
the writer was made faster): values, styles, validations, defined names, protection, print setup."""

from __future__ import annotations

import os
from typing import List

import pytest

from cityhealth_plugin.core.survey_forms import SurveyBuilding, write_survey_form, write_survey_forms
from tests.core.test_survey_forms import _buildings, _Catalogue
from tests.workbook_compare import workbook_differences

FIXTURES = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "fixtures",
                        "survey_forms")


def write_cases(folder: str, **options) -> List[str]:
    """The forms of the reference: two grids (one with a formula-like compound name) and a scattered
    building without a number, in a form of one row and in one of 30."""
    paths = [r.path for r in write_survey_forms(_buildings(), _Catalogue(), folder, rows=30, round_no=2024,
                                                **options)]
    scattered = [
        SurveyBuilding("BLD-45", "和平路45号", "", 2, "明仁社区", "网格01", "G01"),
        SurveyBuilding("BLD-N1", "天福家园北区", "1", 2, "明仁社区", "网格01", "G01"),
        SurveyBuilding("BLD-N0", "天福家园北区", "", 3, "明仁社区", "网格01", "G01"),
    ]
    paths.append(write_survey_form(os.path.join(folder, "散楼_调查表.xlsx"), scattered, _Catalogue(),
                                   "测试表", rows=1))
    return paths


@pytest.mark.parametrize("workers", [1, 2, 3])
def test_forms_equal_the_reference(tmp_path, workers):
    """The reference forms were written (and are read back) with Debian 12's openpyxl 3.0, the oldest
    stack, which `make test`'s host run has. openpyxl 3.1 (QGIS 3.40 / 3.44 roots) reads and writes the
    data validations of the same form differently, so there the forms of several writers are compared
    with those of one writer of the same run instead (threads must not change a form)."""
    import openpyxl

    paths = write_cases(str(tmp_path / "forms"), workers=workers)
    names = sorted(os.path.basename(p) for p in paths)
    assert names == sorted(n for n in os.listdir(FIXTURES) if n.endswith(".xlsx"))
    reference = FIXTURES
    if not openpyxl.__version__.startswith("3.0."):
        reference = str(tmp_path / "one")
        write_cases(reference, workers=1)
    for path in paths:
        assert workbook_differences(os.path.join(reference, os.path.basename(path)), path) == [], path


def test_the_comparison_sees_a_changed_style_and_validation(tmp_path):
    import openpyxl
    from openpyxl.styles import Font

    reference = os.path.join(FIXTURES, sorted(n for n in os.listdir(FIXTURES) if n.endswith(".xlsx"))[0])
    wb = openpyxl.load_workbook(reference)
    ws = wb["问题清单"]
    ws["B20"].font = Font(name="微软雅黑", size=11)
    ws.data_validations.dataValidation[0].prompt = "改了"
    changed = str(tmp_path / "changed.xlsx")
    wb.save(changed)
    found = workbook_differences(reference, changed)
    assert any(d.startswith("问题清单!R20C2:") for d in found), found
    assert any("validations" in d and "改了" in d for d in found), found


class _CancelAfter:
    """Feedback cancelled from the ``n``-th check on; records the progress it was given."""

    def __init__(self, n: int):
        self.n, self.checks, self.progress = n, 0, []

    def isCanceled(self) -> bool:  # noqa: N802
        self.checks += 1
        return self.checks > self.n

    def setProgress(self, percent: float) -> None:  # noqa: N802
        self.progress.append(percent)

    def pushInfo(self, text: str) -> None:  # noqa: N802
        pass


def test_forms_written_by_threads_stop_on_cancel_and_raise_errors(tmp_path):
    from cityhealth_plugin.core.feedback import Canceled

    buildings = [SurveyBuilding("B{}".format(i), "小区{}".format(i), "1", 2, "明仁社区", "G{:02d}".format(i),
                                "G{:02d}".format(i)) for i in range(6)]
    feedback = _CancelAfter(2)
    with pytest.raises(Canceled):
        write_survey_forms(buildings, _Catalogue(), str(tmp_path / "a"), rows=3, feedback=feedback, workers=2)
    # two forms were handed to the writers before the cancel; both were finished, none after them
    assert sorted(os.listdir(tmp_path / "a")) == ["G00_调查表.xlsx", "G01_调查表.xlsx"]
    assert feedback.progress == [0.0, 100.0 / 6]
    done = _CancelAfter(100)
    results = write_survey_forms(buildings, _Catalogue(), str(tmp_path / "b"), rows=3, feedback=done,
                                 workers=2)
    assert [os.path.basename(r.path) for r in results] == ["G{:02d}_调查表.xlsx".format(i) for i in range(6)]
    assert done.progress[-1] == 100.0 and len(done.progress) == 7
    # an error of a writer thread reaches the caller: the folder is a file
    (tmp_path / "c").write_text("x")
    with pytest.raises(OSError):
        write_survey_forms(buildings, _Catalogue(), str(tmp_path / "c"), rows=3, workers=2)


@pytest.mark.parametrize("workers", [1, 2])
def test_a_batch_of_forms_is_part_for_part_what_each_form_alone_writes(tmp_path, monkeypatch, workers):
    """write_survey_forms serialises the pre-formatted empty rows once for the batch (core/xlsx.RepeatedRows):
    every form has exactly the zip parts that writing it alone writes (all but the saving time), and
    the forms after the first took the kept rows."""
    import zipfile

    from cityhealth_plugin.core import survey_forms

    made = []

    class Recorded(survey_forms.RepeatedRows):
        def __init__(self, *args):
            super().__init__(*args)
            made.append(self)

    monkeypatch.setattr(survey_forms, "RepeatedRows", Recorded)
    buildings = [SurveyBuilding("B{}".format(i), "=小区{}".format(i) if i == 3 else "小区{}".format(i % 4),
                                str(i % 5 + 1), i % 3 + 1, "明仁社区", "G{:02d}".format(i % 7),
                                "G{:02d}".format(i % 7), "明仁{}网格".format("一二三四五六七"[i % 7]))
                 for i in range(40)]
    results = write_survey_forms(buildings, _Catalogue(), str(tmp_path / "批"), rows=25, round_no=2025,
                                 workers=workers)
    # a form that another writer started before the first was done may be built in full too
    assert len(results) == 7 and len(made) == 1 and 7 - workers <= made[0].reused <= 6

    def parts(path):
        with zipfile.ZipFile(path) as book:
            return {n: book.read(n) for n in book.namelist() if n != "docProps/core.xml"}

    for result in results:
        members = [b for b in buildings if b.group == result.group]
        title = "2025年城市体检问题调查表（{}）".format(members[0].group_name)
        alone = write_survey_form(str(tmp_path / "单" / os.path.basename(result.path)), members, _Catalogue(),
                                  title, rows=25)
        assert parts(result.path) == parts(alone), result.path
        with zipfile.ZipFile(result.path) as book:
            assert book.read("xl/worksheets/sheet1.xml").count(b"<row ") == 27  # title, header, 25 rows
