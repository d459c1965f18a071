"""Reading grid reports: header detection, encodings, row accounting, bad input as issues."""

from __future__ import annotations

import datetime
import os

import openpyxl
import pytest

from cityhealth_plugin.core.feedback import Canceled
from cityhealth_plugin.core.readers.cells import cell_text, iso_date
from cityhealth_plugin.core.readers.headers import header_key
from cityhealth_plugin.core.readers.sources import decode_text, sniff_delimiter
from cityhealth_plugin.core.report_reader import (
    HEADER_SYNONYMS,
    ReadResult,
    ReportRow,
    describe_issue,
    read_reports,
)

ENGINES = ["calamine", "openpyxl"]
WORKBOOK = "问题报表_天福家园.xlsx"


def _national_workbook(path: str) -> None:
    """Instructions sheet, a data sheet with two title rows (merged) above the header, an English
    sheet, a sheet without header, and an empty sheet."""
    wb = openpyxl.Workbook()
    info = wb.active
    info.title = "填表说明"
    info["A1"] = "填表说明"
    info["A2"] = "1. 每行填写一个问题，一问题一照片。"
    info["A3"] = "2. 社区名、小区、楼栋请从下拉列表选择。"

    ws = wb.create_sheet("问题清单")
    ws["A1"] = "科尔沁区城市体检网格排查报表"
    ws.merge_cells("A1:I1")
    ws["A2"] = "填报单位：明仁社区"
    ws.merge_cells("A2:D2")
    ws.append(["社区名", "小区", "楼栋", "单元", "问题", "图片", "描述", "联系电话", "上报日期"])  # row 3
    ws.append(["明仁社区", "天福家园南区", "3号楼", 2, "井盖不安全", "照片/a.jpg", " 井盖松动 ",
               13812345678, datetime.date(2024, 5, 1)])  # row 4
    ws.append([None] * 9)  # row 5 blank
    ws.append(["明仁社区", "天福家园南区", "03", 2.0, "乱停车", None, None, None,
               datetime.datetime(2024, 5, 2, 0, 0)])  # row 6
    ws.append([None, "   ", None])  # row 7: only whitespace -> blank
    ws.append(["明仁社区", "天福家园北区", "12#", "01", "外墙脱落", "照片/b.jpg;照片/c.jpg", 3.5, None,
               "2024/5/3"])  # row 8
    ws.append([None] * 9)  # trailing blank: not input
    eng = wb.create_sheet("batch2")
    eng.append(["Community", "Compound", "Building No", "Unit", "Problem", "Remarks"])
    eng.append(["和平社区", "富贵小区", 7, 1, "管道老化", "楼顶漏水"])
    bad = wb.create_sheet("杂项")
    for i in range(5):
        bad.append(["随便写的", i, "没有表头"])
    wb.create_sheet("Sheet3")
    wb.save(path)


@pytest.fixture()
def reports(tmp_path):
    root = tmp_path / "报表"
    (root / "csv").mkdir(parents=True)
    _national_workbook(str(root / WORKBOOK))
    header = "社区名,小区,楼栋,单元,问题,描述\r\n"
    (root / "csv" / "utf8bom.csv").write_bytes(
        ("\ufeff" + header + "明仁社区,天福家园南区,5号楼,1,井盖不安全,东侧\r\n").encode("utf-8"))
    (root / "csv" / "国标gbk.csv").write_bytes(
        (header + "\r\n和平社区,富贵小区,三号楼,02,乱停车,\r\n").encode("gbk"))
    (root / "csv" / "utf16.csv").write_bytes(
        ("小区\t楼栋\t问题\n天福家园南区\t3#\t外墙脱落\n").encode("utf-16"))
    (root / "坏文件.xlsx").write_bytes(os.urandom(3000))
    (root / "加密.xlsx").write_bytes(bytes.fromhex("D0CF11E0A1B11AE1") + b"\0" * 2000)
    (root / "~$问题报表_天福家园.xlsx").write_bytes(b"lock")
    (root / "满意度调查_明仁.xlsx").write_bytes(b"not read")
    (root / "说明.docx").write_bytes(b"not a report")
    return root


def _by_location(result: ReadResult):
    return {(r.source_file, r.source_sheet, r.source_row): r for r in result.rows}


@pytest.mark.parametrize("engine", ENGINES)
def test_folder_reads_every_sheet_and_file_with_exact_rows(reports, engine):
    result = read_reports(str(reports), engine=engine)
    rows = _by_location(result)
    assert sorted(rows) == sorted([
        (WORKBOOK, "问题清单", 4), (WORKBOOK, "问题清单", 6), (WORKBOOK, "问题清单", 8),
        (WORKBOOK, "batch2", 2),
        ("csv/utf8bom.csv", "", 2), ("csv/utf16.csv", "", 2), ("csv/国标gbk.csv", "", 3),
    ])
    first = rows[(WORKBOOK, "问题清单", 4)]
    assert first.values == {
        "community": "明仁社区", "compound": "天福家园南区", "building": "3号楼", "unit": "2",
        "problem": "井盖不安全", "photo": "照片/a.jpg", "description": "井盖松动",
        "phone": "13812345678", "date": "2024-05-01",
    }
    assert first.raw["联系电话"] == "13812345678"
    assert first.report_dir == str(reports)
    assert rows[(WORKBOOK, "问题清单", 6)].values["building"] == "03"
    assert rows[(WORKBOOK, "问题清单", 6)].values["unit"] == "2"
    assert rows[(WORKBOOK, "问题清单", 6)].values["date"] == "2024-05-02"
    eighth = rows[(WORKBOOK, "问题清单", 8)].values
    assert eighth["unit"] == "01" and eighth["description"] == "3.5" and eighth["date"] == "2024-05-03"
    assert eighth["photo"] == "照片/b.jpg;照片/c.jpg"
    assert rows[(WORKBOOK, "batch2", 2)].values == {
        "community": "和平社区", "compound": "富贵小区", "building": "7", "unit": "1",
        "problem": "管道老化", "description": "楼顶漏水"}
    assert rows[("csv/国标gbk.csv", "", 3)].values == {
        "community": "和平社区", "compound": "富贵小区", "building": "三号楼", "unit": "02",
        "problem": "乱停车"}
    assert rows[("csv/utf16.csv", "", 2)].values == {"compound": "天福家园南区", "building": "3#",
                                                    "problem": "外墙脱落"}
    assert rows[("csv/utf8bom.csv", "", 2)].values["community"] == "明仁社区"
    assert rows[("csv/utf8bom.csv", "", 2)].report_dir == str(reports / "csv")
    # rows 5 and 7 of the form, line 2 of the GBK file; trailing blank rows are not input
    assert result.blank_rows == 3
    assert result.files_read == 4  # workbook + 3 CSV; corrupt and encrypted are not "read"
    assert result.sheets_read == 5


@pytest.mark.parametrize("engine", ENGINES)
def test_bad_input_becomes_issues_naming_file_and_sheet(reports, engine):
    result = read_reports(str(reports), engine=engine)
    issues = {(i.file, i.sheet): i for i in result.issues}
    assert issues[("坏文件.xlsx", "")].severity == "error"
    assert "damaged" in str(issues[("坏文件.xlsx", "")].message)
    assert issues[("加密.xlsx", "")].severity == "error"
    assert "password" in str(issues[("加密.xlsx", "")].message)
    assert issues[(WORKBOOK, "杂项")].severity == "error"
    assert issues[(WORKBOOK, "杂项")].message.params["rows"] == 5
    assert issues[(WORKBOOK, "填表说明")].severity == "info"
    assert issues[(WORKBOOK, "Sheet3")].severity == "info"
    assert issues[("满意度调查_明仁.xlsx", "")].severity == "info"
    assert not any(i.file.startswith("~$") for i in result.issues)  # Office lock file: not input
    # a document in the reports folder is listed as skipped, with the reason, not as an error
    assert issues[("说明.docx", "")].severity == "info"
    assert str(issues[("说明.docx", "")].message).startswith("Skipped: a document (.docx)")
    assert result.skipped_files == ["满意度调查_明仁.xlsx", "说明.docx"]
    assert "杂项" in describe_issue(issues[(WORKBOOK, "杂项")])
    assert set(issues) == {("坏文件.xlsx", ""), ("加密.xlsx", ""), (WORKBOOK, "杂项"), ("说明.docx", ""),
                           (WORKBOOK, "填表说明"), (WORKBOOK, "Sheet3"), ("满意度调查_明仁.xlsx", "")}


def test_single_file_path_gives_bare_file_name(reports):
    result = read_reports(str(reports / "csv" / "国标gbk.csv"))
    assert [(r.source_file, r.source_row) for r in result.rows] == [("国标gbk.csv", 3)]
    assert result.blank_rows == 1


def test_undecodable_csv_is_an_issue_and_others_still_load(tmp_path):
    (tmp_path / "乱码.csv").write_bytes(b"\x80\xff\xfe\x81\x30\xff" * 50)
    (tmp_path / "好.csv").write_text("小区,楼栋\n天福家园南区,1\n", encoding="utf-8")
    result = read_reports(str(tmp_path))
    assert [r.source_file for r in result.rows] == ["好.csv"]
    assert [(i.file, i.severity) for i in result.issues] == [("乱码.csv", "error")]
    assert "encoding" in str(result.issues[0].message)


def test_csv_semicolon_and_multiline_fields_keep_line_numbers(tmp_path):
    text = '小区;楼栋;描述\n天福家园南区;1;"第一行\n第二行"\n\n富贵小区;2;x;多余\n'
    (tmp_path / "分号.csv").write_text(text, encoding="utf-8")
    result = read_reports(str(tmp_path / "分号.csv"))
    assert [(r.source_row, r.values["compound"]) for r in result.rows] == [
        (2, "天福家园南区"), (5, "富贵小区")]
    assert result.rows[0].values["description"] == "第一行\n第二行"
    assert result.rows[1].raw == {"小区": "富贵小区", "楼栋": "2", "描述": "x", "D": "多余"}
    assert result.rows[0].raw == {"小区": "天福家园南区", "楼栋": "1", "描述": "第一行\n第二行"}
    assert result.blank_rows == 1


@pytest.mark.parametrize("engine", ENGINES)
def test_overrides_win_over_synonyms_and_missing_override_warns(tmp_path, engine):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "数据"
    ws.append(["序号", "小区", "楼栋", "问题", "楼宇名"])
    ws.append([1, "天福家园南区", "3号楼", "乱停车", "A座"])
    wb.save(str(tmp_path / "a.xlsx"))
    result = read_reports(str(tmp_path / "a.xlsx"), overrides={"building": "楼宇名", "room": "房间"},
                          engine=engine)
    assert result.rows[0].values == {"compound": "天福家园南区", "building": "A座", "problem": "乱停车"}
    assert result.rows[0].raw == {"序号": "1", "小区": "天福家园南区", "楼栋": "3号楼", "问题": "乱停车",
                                  "楼宇名": "A座"}
    assert [(i.row, i.severity, i.message.params["header"]) for i in result.issues] == [
        (1, "warning", "房间")]


@pytest.mark.parametrize("engine", ENGINES)
def test_header_found_below_empty_rows_and_columns(tmp_path, engine):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws["C5"] = "小区名称"
    ws["D5"] = "住宅楼号"
    ws["E5"] = "存在问题"
    ws["C6"] = "天福家园南区"
    ws["D6"] = 3
    ws["E6"] = "外墙脱落"
    ws["G6"] = "无表头的列"
    wb.save(str(tmp_path / "b.xlsx"))
    result = read_reports(str(tmp_path / "b.xlsx"), engine=engine)
    assert [(r.source_row, r.values) for r in result.rows] == [
        (6, {"compound": "天福家园南区", "building": "3", "problem": "外墙脱落"})]
    assert result.rows[0].raw == {"小区名称": "天福家园南区", "住宅楼号": "3", "存在问题": "外墙脱落",
                                  "G": "无表头的列"}


def test_duplicate_columns_first_non_empty_wins(tmp_path):
    (tmp_path / "d.csv").write_text("小区,楼栋,住宅楼号,问题\nA,,5,x\nA,6,7,y\n", encoding="utf-8")
    result = read_reports(str(tmp_path / "d.csv"))
    assert [r.values["building"] for r in result.rows] == ["5", "6"]
    assert [i.severity for i in result.issues] == ["info"]


def test_missing_path_is_an_issue_not_an_exception(tmp_path):
    result = read_reports(str(tmp_path / "没有"))
    assert result.rows == [] and result.issues[0].severity == "error"


def test_cancel_raises_canceled(reports):
    class Stop:
        def isCanceled(self):
            return True

        def setProgress(self, p):
            pass

        def pushInfo(self, t):
            pass

    with pytest.raises(Canceled):
        read_reports(str(reports), feedback=Stop())


def test_progress_reaches_100(reports):
    seen = []

    class Rec:
        def isCanceled(self):
            return False

        def setProgress(self, p):
            seen.append(p)

        def pushInfo(self, t):
            pass

    read_reports(str(reports), feedback=Rec())
    assert seen[-1] == 100 and seen == sorted(seen)


def test_synonyms_cover_the_national_form_headers():
    national = {"社区名": "community", "小区": "compound", "楼栋": "building", "住宅楼号": "building",
                "所属省": "province", "所属市": "city", "所属区": "district", "街道": "street",
                "问题": "problem", "图片": "photo", "描述": "description", "小区名称": "compound",
                "联系电话（必填）": "phone", "* 上报日期：": "date", "ＬＯＮ": "lon", "单元数量": None}
    assert {h: header_key(h) for h in national} == national
    assert set(HEADER_SYNONYMS) >= {"x", "y", "lon", "lat", "grid", "status", "severity"}


def test_cell_text_and_dates():
    assert [cell_text(v) for v in (3.0, 3.5, 13812345678.0, "  03 ", None, True,
                                   datetime.date(2024, 1, 2))] == ["3", "3.5", "13812345678", "03", "", "1",
                                                                   "2024-01-02"]
    assert iso_date("2024年5月1日") == "2024-05-01"
    assert iso_date("45413") == "2024-05-01"
    assert iso_date("上周") == "上周"


def test_encoding_detection_and_delimiters():
    assert decode_text("社区".encode("gbk"))[1] == "gb18030"
    assert decode_text("社区,12,34\n".encode("utf-16-le"))[0] == "社区,12,34\n"
    assert sniff_delimiter("a\tb\tc\n1\t2\t3") == "\t"
    assert sniff_delimiter("a;b;c\n1;2,5;3") == ";"


def test_report_row_equality_and_repr():
    a = ReportRow("f.csv", "", 2, {"compound": "A"}, {"小区": "A"}, "/tmp")
    b = ReportRow("f.csv", "", 2, {"compound": "A"}, None, "/tmp", ["A"], ["小区"])
    assert a == b and "source_row=2" in repr(a)


def test_xls_without_a_reader_or_broken_is_an_issue(tmp_path):
    (tmp_path / "旧格式.xls").write_bytes(bytes.fromhex("D0CF11E0A1B11AE1") + b"\0" * 1000)
    for engine in ENGINES:
        result = read_reports(str(tmp_path), engine=engine)
        assert [(i.file, i.severity) for i in result.issues] == [("旧格式.xls", "error")]
        assert result.rows == [] and result.files_read == 0


def test_without_calamine_auto_engine_falls_back_to_openpyxl(reports, monkeypatch):
    from cityhealth_plugin.core.readers import sources

    monkeypatch.setattr(sources, "CalamineWorkbook", None)
    result = read_reports(str(reports / WORKBOOK))
    assert [r.source_row for r in result.rows] == [4, 6, 8, 2]
    calamine_forced = read_reports(str(reports / WORKBOOK), engine="calamine")
    assert calamine_forced.rows == [] and "not installed" in str(calamine_forced.issues[0].message)


#: A real BIFF8 .xls (LibreOffice, "Excel 97-2003") holding 小区/楼栋/单元/问题 and one row
#: 天福家园南区 / 03 (text) / 2 / 乱停车; gzip + base64 to keep the test self-contained.
XLS_GZ_B64 = (
    "H4sIAAAAAAACA+1XXWwUVRQ+d3a7nd2W7rRQxVLWFQVaWkhNE60/2JYFBX8oUn78aSKlbunK0q1tTWgiuoi8GH4kxNgHoiHpg8bE"
    "n5jggyZu33jQ6AsPGk0KTxrUrERjSGzH75y5s52ubbJbkETtmZw5955775x7z9898/VXlRNnP6q5SHlwH/loyg5SwMNTQNPtWESG"
    "5k3Ztu2y7QX4V8GkpmxDP+xXAmSbl2q7BjVdgP8mbKcUnmGK0ibqBx2kESoGboLHeL9XyJqpAucVCgvy5y+f8zfncR8wP/4513P8"
    "h4BlwHLgImAFMOxcAVQJrAIuBi4BVotPEN0MXAq8BVgDXAas1bIjmjLehvYK4O2atxJ01ULOuWEQNGHFQAl9uugLNrnY/iI84kP/"
    "uPjFJWAXDbBvxLqTPdEbBRtkD92K95CBk65HS9EZcCvoA+F+Ju/14n2ANoq2aI9+wmiTvR+X9wp5VxCv/0TWfCucOylC34mXvy5B"
    "oKhUxaibkpSgvciDCcyoofMcXy/LDI4O1S4jPOvaRptmyEYsqa2Sh1PIxJ2Y009DaMXoYXpEODGK+MtpjOPyoXh/fLA7OSHxNka/"
    "21FPbGeizOePCv+3wvhGkXz63/HHoLvZ9NzgzM/m8+vn4DfOwV8zBz84K7/E3Y85zT9tIEbTZDO10j6hlemA0Kq0X+jidKnQJekS"
    "e4/EwlFk9Suc+BEAv7wxOnoMka7wjCsTSLTjuKLL9BTn++x2kRTIcl7nhODW/15sprIsR+Tn2JpJhxXuDzOj2vBuo8ivlnODmLhJ"
    "TNwQ5h9w/D+pXW6bUgkEFe66txPkxURZH8jOztjjILyzAKn6J0+OnHv65127O3kONTX7SD2/tWtb70kbl5RJJ/zOJdVjVgOnjVWt"
    "qcE3mZPxrBkZrxySn8UZOUdUyrksfG5trPbypbtqWp8Rfnpa2bSSdU2N6jBGxv1rZEWDvF+Rue5NeER4r8p7VW79D62rPe26XDvb"
    "Wu9pn0XmCmJXJPYwIK1RLS0PHBnfM9HqUkU7MWLSITk2qdfMsD5phUNIm4pMw9LtRicfqbDwVB5vUm57V2VOT6Gncj0DPSPX86Hn"
    "0z0l6/y5noJGuZ54yQjJCcKywhnjdaz5n2gb6z272dF51tR+xJ8Jky/bJLWGP1sn/GDWmqWeMSgk63gNy3vAqKJzAedSILpfdEi0"
    "nL83XfQw7IMT7jO9H1JuDRUqsPZSqFR8IacGs0xH3xln6EGueR5L9AymhlK9w9FNB3viyeg9d6/d0b03nkzG5fgbEr29LddS+ynX"
    "yPOEKZvENrN8lyaOvn3lakef9d4pkxpWf/wN22JUR6rS2mVrb9Z1YpfWW5+uF4d1zZjWdeMx7ZE/ThJF9JrUQLx/YORgkmVG9HiT"
    "/rYLf2ufeuvdwKHvlbd9vc/PHOPClxfOrFtmnX4T52+8+v5GvsXzeF26znXzn+U546O6rmaI6vEWPd7mqb1ZV+0DA7vig0OJVP9M"
    "HbF+m9c10T8F1/P/T86fFwOzrWGdZIJOezekD9J+VFy8j/1F778K2jK0nuwi/qtqS10/j0HuAVS4HdjDc/OS7/P8gxWyZjlwSy7O"
    "OlAPxudtvxDkF/v/d6v+V5OqFLXlCzj/AdScbPst8IJesQlzhlGvpsCZG+q0/JIi9M+xcD4nfyMk9Mge4uKBxe2nZR7nvwP4zsL/"
    "v8BfLGX+9AAWAAA="
)


@pytest.mark.parametrize("name", ["旧格式.xls", "改了扩展名.xlsx"])
def test_old_xls_is_read_with_calamine_also_when_renamed_to_xlsx(tmp_path, name):
    import base64
    import gzip

    path = tmp_path / name
    path.write_bytes(gzip.decompress(base64.b64decode(XLS_GZ_B64)))
    result = read_reports(str(path), engine="calamine")
    assert [(r.source_sheet, r.source_row, r.values) for r in result.rows] == [
        ("问题", 2, {"compound": "天福家园南区", "building": "03", "unit": "2", "problem": "乱停车"})]
    if name.endswith(".xls"):
        assert result.issues == []
    else:  # read by content, and said so
        assert [(i.severity, str(i.message)) for i in result.issues] == [
            ("info", "The file is a workbook (.xls) although its name ends in \".xlsx\"; it was read as a "
                     "workbook.")]


def test_ole_file_with_encrypted_package_stream_is_reported_as_encrypted(tmp_path):
    body = bytes.fromhex("D0CF11E0A1B11AE1") + b"\0" * 500 + "EncryptedPackage".encode("utf-16-le")
    (tmp_path / "密码.xlsx").write_bytes(body + b"\0" * 500)
    for engine in ENGINES:
        result = read_reports(str(tmp_path), engine=engine)
        assert "password" in str(result.issues[0].message) and result.issues[0].severity == "error"


@pytest.mark.parametrize("engine", ENGINES)
def test_two_row_header_with_merged_parent_and_vertical_merges(tmp_path, engine):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "排查表"
    ws["A1"] = "明仁社区问题排查表"
    ws.merge_cells("A1:F1")
    ws["A2"], ws["B2"], ws["E2"], ws["F2"] = "社区名", "地址", "问题", "图片"
    ws.merge_cells("A2:A3")  # vertical merge: the text sits in row 2 only
    ws.merge_cells("B2:D2")  # parent over 小区 | 楼栋 | 单元
    ws.merge_cells("E2:E3")
    ws.merge_cells("F2:F3")
    ws["B3"], ws["C3"], ws["D3"] = "小区", "楼栋", "单元"
    ws.append(["明仁社区", "天福家园南区", "3号楼", "2单元", "井盖不安全", "照片/1.jpg"])  # row 4
    wb.save(str(tmp_path / "两行表头.xlsx"))
    result = read_reports(str(tmp_path / "两行表头.xlsx"), engine=engine)
    assert [(r.source_row, r.values) for r in result.rows] == [(4, {
        "community": "明仁社区", "compound": "天福家园南区", "building": "3号楼", "unit": "2单元",
        "problem": "井盖不安全", "photo": "照片/1.jpg"})]
    assert result.blank_rows == 0 and result.issues == []
