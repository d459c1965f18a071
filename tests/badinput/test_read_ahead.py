"""Reading ahead (issue 17): the next workbooks are parsed by calamine in worker threads while the
reading thread converts the current one. The whole bad-input corpus, read as one folder, gives the
same rows, issues and counts with and without it, and nothing but calamine ever runs in a worker
(openpyxl, the fallback for a damaged sheet, stays in the reading thread: lxml objects made in a
thread that ends crashed QGIS 3.40 in a later write)."""

from __future__ import annotations

import threading

import openpyxl

from cityhealth_plugin.core import report_reader
from cityhealth_plugin.core.readers.sources import ParsedBook
from cityhealth_plugin.core.report_reader import describe_issue, read_reports
from tests.badinput.corpus import CASES


def _corpus(root):
    """Every corpus case that writes report files, each in its own folder under ``root``."""
    built = 0
    for case in CASES:
        if case.algorithm not in ("cityhealth:joinreports", "core:report_reader"):
            continue
        folder = root / case.id
        folder.mkdir()
        case.build(folder)
        built += 1
    return built


def _read(root, monkeypatch, ahead: bool):
    """(everything the reader says, where parse_calamine and openpyxl ran)."""
    parses, opens = [], []
    real_parse, real_load = report_reader.parse_calamine, openpyxl.load_workbook

    def parse(path):
        book = real_parse(path) if ahead else None
        parses.append((threading.current_thread() is threading.main_thread(), isinstance(book, ParsedBook)))
        return book

    def load(*args, **kwargs):
        opens.append(threading.current_thread() is threading.main_thread())
        return real_load(*args, **kwargs)

    monkeypatch.setattr(report_reader, "parse_calamine", parse)
    monkeypatch.setattr(openpyxl, "load_workbook", load)
    try:
        read = read_reports(str(root))
    finally:
        monkeypatch.setattr(report_reader, "parse_calamine", real_parse)
        monkeypatch.setattr(openpyxl, "load_workbook", real_load)
    said = {
        "rows": [(r.source_file, r.source_sheet, r.source_row, r.values, r.raw, r.report_dir)
                 for r in read.rows],
        "issues": [(i.file, i.sheet, i.row, i.column, i.severity, describe_issue(i)) for i in read.issues],
        "counts": (read.files_read, read.sheets_read, read.rows_total, read.blank_rows, read.nondata_rows,
                   read.unreadable_rows, tuple(read.skipped_files)),
    }
    return said, parses, opens


def test_the_corpus_reads_the_same_with_and_without_reading_ahead(tmp_path, monkeypatch):
    root = tmp_path / "报表"
    root.mkdir()
    assert _corpus(root) >= 40
    plain, _parses, plain_opens = _read(root, monkeypatch, ahead=False)
    ahead, parses, opens = _read(root, monkeypatch, ahead=True)
    assert ahead == plain
    assert len(plain["rows"]) >= 80 and len(plain["issues"]) >= 20  # the corpus really was read
    # every workbook was parsed ahead, in a worker; the damaged ones fell back to the reading thread
    assert parses and not any(main for main, _book in parses)
    assert sum(book for _main, book in parses) >= 20
    # openpyxl opened the sheets calamine could not read (the sheet broken half-way), only here
    assert opens and all(opens) and len(opens) == len(plain_opens)
    broken = [i for i in ahead["issues"] if i[0].endswith("坏了一半.xlsx")]
    assert broken and any("openpyxl" in i[5] for i in broken)


def test_reading_ahead_stays_a_few_files_ahead(tmp_path, monkeypatch):
    """A window of WINDOW files: the workers never parse more than that beyond the file being read."""
    for n in range(12):
        book = openpyxl.Workbook()
        book.active.append(["小区", "楼栋", "问题"])
        book.active.append(["天福家园", str(n + 1), "乱停车"])
        book.save(str(tmp_path / "报表{:02d}.xlsx".format(n)))
    started, reading, furthest = [], [], []
    real_parse, real_read_file = report_reader.parse_calamine, report_reader._read_file

    def parse(path):
        started.append(path)
        return real_parse(path)

    def read_file(full, *args, **kwargs):
        reading.append(full)
        furthest.append(len(started) - len(reading))
        return real_read_file(full, *args, **kwargs)

    monkeypatch.setattr(report_reader, "parse_calamine", parse)
    monkeypatch.setattr(report_reader, "_read_file", read_file)
    read = read_reports(str(tmp_path))
    assert [r.values["building"] for r in read.rows] == [str(n + 1) for n in range(12)]
    assert sorted(started) == reading == sorted(reading)
    assert max(furthest) <= report_reader._ReadAhead.WINDOW


def test_a_cancel_half_way_stops_the_workers(tmp_path):
    """Cancelling while files are parsed ahead raises Canceled and leaves no worker thread behind."""
    import pytest

    from cityhealth_plugin.core.feedback import Canceled

    for n in range(10):
        book = openpyxl.Workbook()
        book.active.append(["小区", "楼栋", "问题"])
        book.active.append(["天福家园", str(n + 1), "乱停车"])
        book.save(str(tmp_path / "报表{:02d}.xlsx".format(n)))

    class StopAtFourth:
        checks = 0

        def isCanceled(self):  # noqa: N802 (QgsFeedback)
            self.checks += 1
            return self.checks > 4

        def setProgress(self, p):  # noqa: N802
            pass

        def pushInfo(self, t):  # noqa: N802
            pass

    with pytest.raises(Canceled):
        read_reports(str(tmp_path), feedback=StopAtFourth())
    assert not [t for t in threading.enumerate() if t.name.startswith("calamine")]
