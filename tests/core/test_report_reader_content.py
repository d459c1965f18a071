"""Reports read as districts send them: by content not name, merged cells, totals and signatures,
a header under instructions, the report's own problem type, skipped files, a sheet broken half-way.

Every case checks the accounting exactly: rows read = rows + blank + non-data + unreadable, with
the numbers worked out by hand from the fixture (given in the comments).
"""

from __future__ import annotations

import io
import zipfile

import openpyxl
import pytest

from cityhealth_plugin.core.readers.nondata import is_nondata_row
from cityhealth_plugin.core.report_reader import read_reports

ENGINES = ["calamine", "openpyxl"]
HEADER = ["社区名", "小区", "楼栋", "单元", "问题"]


def _accounting(result):
    """(rows, blank, non-data, unreadable, total) of a read."""
    return (len(result.rows), result.blank_rows, result.nondata_rows, result.unreadable_rows,
            result.rows_total)


def _workbook(path, rows, merges=(), title="问题清单"):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = title
    for row in rows:
        ws.append(row)
    for ref in merges:
        ws.merge_cells(ref)
    wb.save(str(path))


@pytest.mark.parametrize("engine", ENGINES)
def test_gbk_csv_named_xlsx_is_read_as_csv_and_said_so(tmp_path, engine):
    text = ("社区名,小区,楼栋,单元,问题\r\n"
            "明仁社区,天福家园南区,3号楼,2,井盖不安全\r\n"  # line 2
            "\r\n"  # line 3: blank
            "明仁社区,天福家园北区,12#,1,乱停车\r\n"  # line 4
            "和平社区,富贵小区,三号楼,02,外墙脱落\r\n")  # line 5
    (tmp_path / "明仁社区上报.xlsx").write_bytes(text.encode("gbk"))
    result = read_reports(str(tmp_path), engine=engine)
    assert [(r.source_row, r.values["compound"]) for r in result.rows] == [
        (2, "天福家园南区"), (4, "天福家园北区"), (5, "富贵小区")]
    assert _accounting(result) == (3, 1, 0, 0, 4)  # 3 rows + 1 blank line = 4 lines below the header
    assert result.files_read == 1
    assert [(i.file, i.severity, str(i.message)) for i in result.issues] == [
        ("明仁社区上报.xlsx", "info",
         "The file is CSV text (GBK/GB18030) although its name ends in \".xlsx\"; it was read as CSV.")]


@pytest.mark.parametrize("engine", ENGINES)
def test_workbook_named_csv_is_read_as_a_workbook_and_said_so(tmp_path, engine):
    path = tmp_path / "东区上报.xlsx"
    _workbook(path, [HEADER, ["明仁社区", "天福家园南区", 3, 2, "井盖不安全"],  # row 2
                     [None] * 5,  # row 3: blank
                     ["明仁社区", "富贵小区", "A", 1, "乱停车"]])  # row 4
    path.rename(tmp_path / "东区上报.csv")
    result = read_reports(str(tmp_path), engine=engine)
    assert [(r.source_sheet, r.source_row, r.values["building"]) for r in result.rows] == [
        ("问题清单", 2, "3"), ("问题清单", 4, "A")]
    assert _accounting(result) == (2, 1, 0, 0, 3)
    assert [(i.file, i.severity, str(i.message)) for i in result.issues] == [
        ("东区上报.csv", "info", "The file is a workbook (.xlsx) although its name ends in \".csv\"; it was "
                                "read as a workbook.")]


@pytest.mark.parametrize("engine", ENGINES)
def test_merged_compound_cell_gives_its_compound_to_every_row_it_spans(tmp_path, engine):
    rows = [HEADER,
            ["明仁社区", "天福家园南区", 3, 1, "井盖不安全"],  # row 2: A2:A4 and B2:B4 merged
            [None, None, 3, 2, "乱停车"],  # row 3
            [None, None, 5, 1, "外墙脱落"],  # row 4
            ["明仁社区", "富贵小区", 1, 1, "管道老化"],  # row 5: B5:B6 merged, but row 6 is blank
            [None] * 5,  # row 6: blank apart from the merged cell -> stays blank
            ["和平社区", "建国里", 2, 1, "楼道堆物"],  # row 7
            ["和平社区", "建国里", 2, 2, "电线私拉"]]  # row 8: E8:F8 merged across, F has no header
    path = tmp_path / "合并单元格.xlsx"
    _workbook(path, rows, merges=("A2:A4", "B2:B4", "B5:B6", "E8:F8", "A1:A1"))
    result = read_reports(str(path), engine=engine)
    assert [(r.source_row, r.values["community"], r.values["compound"], r.values["building"])
            for r in result.rows] == [
        (2, "明仁社区", "天福家园南区", "3"), (3, "明仁社区", "天福家园南区", "3"),
        (4, "明仁社区", "天福家园南区", "5"), (5, "明仁社区", "富贵小区", "1"),
        (7, "和平社区", "建国里", "2"), (8, "和平社区", "建国里", "2")]
    assert result.rows[1].raw["小区"] == "天福家园南区"  # the filled cell, also in the raw cells
    assert result.rows[5].values["problem"] == "电线私拉"
    assert _accounting(result) == (6, 1, 0, 0, 7)  # rows 2-8: 6 reports + row 6 blank
    assert result.issues == []


@pytest.mark.parametrize("engine", ENGINES)
def test_total_and_signature_rows_are_counted_as_non_data(tmp_path, engine):
    rows = [["序号", "社区名", "小区", "楼栋", "问题"],
            [1, "明仁社区", "天福家园南区", 3, "井盖不安全"],  # row 2
            [None, "合力社区", "富贵小区", 1, "乱停车"],  # row 3: 合力社区 is a name, not 合计
            ["合 计", None, None, None, 2],  # row 4: total
            ["小计：", None, "2", None, None],  # row 5: subtotal (the count next to a bare label)
            [None] * 5,  # row 6: blank
            ["填表人：", "张三", "审核人：李四", None, "日期：2024年5月6日"],  # row 7: signatures
            ["负责人（签字）", None, None, None, None]]  # row 8
    path = tmp_path / "网格报表_合计.xlsx"
    _workbook(path, rows)
    result = read_reports(str(path), engine=engine)
    assert [(r.source_row, r.values["compound"]) for r in result.rows] == [
        (2, "天福家园南区"), (3, "富贵小区")]
    assert _accounting(result) == (2, 1, 4, 0, 7)  # rows 2-8: 2 reports, 1 blank, 4 totals/signatures
    assert [(i.severity, i.message.params["count"], i.message.params["rows"]) for i in result.issues] == [
        ("info", 4, "4, 5, 7, 8")]


def test_non_data_rule_needs_a_label_first_and_no_address():
    # address columns: 1 (compound), 2 (building)
    assert is_nondata_row(["合计", "", "", "12"], [1, 2])
    assert is_nondata_row(["审核人：", "李四", "", ""], [1, 2])  # the name next to a bare label
    assert not is_nondata_row(["合计", "天福家园南区", "3", ""], [1, 2])  # an address: a report
    assert not is_nondata_row(["", "日月花园", "3", "日期"], [1, 2])  # first cell is not a label
    assert not is_nondata_row(["合计社区", "", "", ""], [1, 2])  # a name that starts like a label
    assert not is_nondata_row(["", "", "", ""], [1, 2])


@pytest.mark.parametrize("engine", ENGINES)
def test_header_on_row_30_under_instructions(tmp_path, engine):
    rows = [["城市体检问题排查表 填表说明"]]
    rows += [["{}. 请按要求填写，小区、楼栋从下拉列表选择。".format(i)] for i in range(1, 19)]  # rows 2-19
    # row 20: two column names, not a header
    rows += [["小区", "楼栋", "（示例：小区 = 天福家园南区，楼栋 = 3号楼）"]]
    rows += [["说明"]] * 9  # rows 21-29
    rows += [HEADER,  # row 30
             ["明仁社区", "天福家园南区", 3, 2, "井盖不安全"],  # row 31
             ["明仁社区", "富贵小区", 1, 1, "乱停车"]]  # row 32
    path = tmp_path / "说明在上.xlsx"
    _workbook(path, rows, title="排查表")
    result = read_reports(str(path), engine=engine)
    assert [(r.source_row, r.values["compound"]) for r in result.rows] == [
        (31, "天福家园南区"), (32, "富贵小区")]
    assert _accounting(result) == (2, 0, 0, 0, 2)
    assert result.issues == []


@pytest.mark.parametrize("engine", ENGINES)
def test_report_problem_type_column_is_kept(tmp_path, engine):
    path = tmp_path / "问题类型.xlsx"
    _workbook(path, [["小区", "楼栋", "问题类型", "问题", "描述"],
                     ["天福家园南区", 3, "燃气安全", None, "楼道有燃气味"],  # row 2: no problem named
                     ["天福家园南区", 5, "停车", "车位不足", None]])  # row 3
    result = read_reports(str(path), engine=engine)
    assert [r.values for r in result.rows] == [
        {"compound": "天福家园南区", "building": "3", "problem_type": "燃气安全",
         "description": "楼道有燃气味"},
        {"compound": "天福家园南区", "building": "5", "problem_type": "停车", "problem": "车位不足"}]
    assert _accounting(result) == (2, 0, 0, 0, 2)
    (tmp_path / "类别.csv").write_text("小区,楼栋,类别\n富贵小区,1,消防\n", encoding="utf-8")
    assert read_reports(str(tmp_path / "类别.csv")).rows[0].values["problem_type"] == "消防"


@pytest.mark.parametrize("engine", ENGINES)
def test_files_that_are_not_spreadsheets_are_listed_as_skipped(tmp_path, engine):
    root = tmp_path / "上报"
    (root / "照片").mkdir(parents=True)
    (root / "东区" / "图片").mkdir(parents=True)
    (root / "明仁.csv").write_text("小区,楼栋,问题\n天福家园南区,3,乱停车\n富贵小区,1,井盖\n",
                                   encoding="utf-8")
    (root / "照片" / "1.jpg").write_bytes(b"\xff\xd8\xff\xe0 photo")
    (root / "东区" / "图片" / "2.png").write_bytes(b"\x89PNG photo")
    (root / "东区" / "现场.jpg").write_bytes(b"\xff\xd8\xff\xe0 photo")  # a picture outside photo folders
    (root / "通知.docx").write_bytes(b"PK\x03\x04 word")
    (root / "汇总.pdf").write_bytes(b"%PDF-1.7")
    (root / "台账.et").write_bytes(bytes.fromhex("D0CF11E0A1B11AE1") + b"\0" * 100)
    (root / "照片" / "说明.docx").write_bytes(b"PK\x03\x04 word")  # a document in a photo folder: listed
    (root / "~$明仁.xlsx").write_bytes(b"lock")
    result = read_reports(str(root), engine=engine)
    assert _accounting(result) == (2, 0, 0, 0, 2)
    assert result.files_read == 1
    assert result.skipped_files == ["东区/现场.jpg", "台账.et", "汇总.pdf", "照片/说明.docx", "通知.docx"]
    by_file = {i.file: (i.severity, i.message.template.split(":")[1].split("(")[0].strip())
               for i in result.issues}
    assert by_file == {
        "东区/现场.jpg": ("info", "a picture outside a photo folder"),
        "台账.et": ("warning", "a spreadsheet format that cannot be read"),
        "汇总.pdf": ("info", "a document"), "照片/说明.docx": ("info", "a document"),
        "通知.docx": ("info", "a document")}
    assert not any(i.severity == "error" for i in result.issues)


def test_a_pdf_named_xlsx_is_an_error_that_says_what_it_is(tmp_path):
    (tmp_path / "报表.xlsx").write_bytes(b"%PDF-1.7 ...")
    result = read_reports(str(tmp_path))
    assert [(i.severity, i.message.template.split(",")[0]) for i in result.issues] == [
        ("error", "The file is a PDF document")]
    assert result.files_read == 0


def _broken_at_row_8(path):
    """A workbook whose sheet XML has an undefined entity in row 8 of 15 (header + 14 rows)."""
    _workbook(path, [HEADER] + [["明仁社区", "天福家园南区", i, 1, "乱停车"] for i in range(1, 15)])
    with zipfile.ZipFile(str(path)) as archive:
        parts = {n: archive.read(n) for n in archive.namelist()}
    xml = parts["xl/worksheets/sheet1.xml"].decode("utf-8")
    i = xml.index('<row r="8"')
    xml = xml[:i] + xml[i:].replace("<is><t>", "<is><t>&bogus;", 1)
    parts["xl/worksheets/sheet1.xml"] = xml.encode("utf-8")
    with zipfile.ZipFile(str(path), "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)


@pytest.mark.parametrize("engine", ENGINES)
def test_sheet_failing_half_way_counts_the_rows_it_lost(tmp_path, engine):
    path = tmp_path / "坏了一半.xlsx"
    _broken_at_row_8(path)
    result = read_reports(str(path), engine=engine)
    # rows 2-7 read (6 reports); the sheet declares 15 rows, so rows 8-15 (8 rows) are unreadable
    assert [r.source_row for r in result.rows] == [2, 3, 4, 5, 6, 7]
    assert _accounting(result) == (6, 0, 0, 8, 14)  # = the 14 rows below the header
    errors = [i for i in result.issues if i.severity == "error"]
    assert [(i.row, i.message.params["last"], i.message.params["read"], i.message.params["unread"])
            for i in errors] == [(8, 7, 6, 8)]
    notes = [i for i in result.issues if i.severity == "warning"]
    # calamine gives up on the whole sheet: the openpyxl stream reads what precedes the damage
    assert len(notes) == (1 if engine == "calamine" else 0)


def test_csv_failing_half_way_counts_the_lines_it_lost(tmp_path):
    text = ("小区,楼栋,问题\n"
            "天福家园南区,3,乱停车\n"  # line 2
            "\n"  # line 3: blank
            "富贵小区,1,\"" + "很长" * 70000 + "\"\n"  # line 4: a field over the csv module's limit
            "建国里,2,井盖\n"  # line 5
            "\n"
            "建国里,3,外墙\n")  # line 7
    (tmp_path / "超长.csv").write_text(text, encoding="utf-8")
    result = read_reports(str(tmp_path / "超长.csv"))
    assert [r.source_row for r in result.rows] == [2]
    assert _accounting(result) == (1, 0, 0, 3, 4)  # line 3 pending blank; lines 4, 5, 7 unreadable
    assert [(i.severity, i.message.params["unread"]) for i in result.issues
            if "unread" in i.message.params] == [("error", 3)]


def _ods(path):
    """A minimal OpenDocument spreadsheet: a header and one row."""
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        '<office:body><office:spreadsheet><table:table table:name="问题">'
        '<table:table-row>'
        '<table:table-cell office:value-type="string"><text:p>小区</text:p></table:table-cell>'
        '<table:table-cell office:value-type="string"><text:p>楼栋</text:p></table:table-cell>'
        '<table:table-cell office:value-type="string"><text:p>问题</text:p></table:table-cell>'
        '</table:table-row>'
        '<table:table-row><table:table-cell office:value-type="string"><text:p>天福家园南区</text:p>'
        '</table:table-cell><table:table-cell office:value-type="float" office:value="3"><text:p>3</text:p>'
        '</table:table-cell><table:table-cell office:value-type="string"><text:p>乱停车</text:p>'
        '</table:table-cell></table:table-row>'
        '</table:table></office:spreadsheet></office:body></office:document-content>')
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
        'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
        '<manifest:file-entry manifest:full-path="/" '
        'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        '</manifest:manifest>')
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("META-INF/manifest.xml", manifest, zipfile.ZIP_DEFLATED)
        archive.writestr("content.xml", content, zipfile.ZIP_DEFLATED)
    path.write_bytes(buffer.getvalue())


@pytest.mark.parametrize("engine", ENGINES)
def test_ods_is_read_with_calamine_and_reported_without_it(tmp_path, engine):
    _ods(tmp_path / "开放格式.ods")
    result = read_reports(str(tmp_path), engine=engine)
    if engine == "calamine":
        assert [(r.source_sheet, r.source_row, r.values) for r in result.rows] == [
            ("问题", 2, {"compound": "天福家园南区", "building": "3", "problem": "乱停车"})]
        assert _accounting(result) == (1, 0, 0, 0, 1) and result.issues == []
    else:
        assert result.rows == [] and result.files_read == 0
        assert [(i.severity, i.message.params["format"]) for i in result.issues] == [("error", ".ods")]


@pytest.mark.parametrize("engine", ENGINES)
def test_merged_cells_in_a_table_that_starts_at_column_c(tmp_path, engine):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "偏移"
    ws["C5"], ws["D5"], ws["E5"] = "小区", "楼栋", "问题"  # header on row 5, table from column C
    ws["C6"], ws["D6"], ws["E6"] = "天福家园南区", 1, "井盖"
    ws["D7"], ws["E7"] = 2, "乱停车"  # C6:C7 merged
    ws["C8"], ws["D8"], ws["E8"] = "富贵小区", 3, "外墙"
    ws.merge_cells("C6:C7")
    wb.save(str(tmp_path / "偏移.xlsx"))
    result = read_reports(str(tmp_path / "偏移.xlsx"), engine=engine)
    assert [(r.source_row, r.values["compound"], r.values["building"]) for r in result.rows] == [
        (6, "天福家园南区", "1"), (7, "天福家园南区", "2"), (8, "富贵小区", "3")]
    assert _accounting(result) == (3, 0, 0, 0, 3)


@pytest.mark.parametrize("engine", ENGINES)
def test_xlsx_named_xls_and_web_page_named_xls(tmp_path, engine):
    _workbook(tmp_path / "a.xlsx", [HEADER, ["明仁社区", "天福家园南区", 3, 2, "井盖不安全"]])
    (tmp_path / "a.xlsx").rename(tmp_path / "新格式.xls")
    page = "<html><body><table><tr><td>小区</td></tr></table>"
    (tmp_path / "网页导出.xls").write_bytes(page.encode("utf-8"))
    (tmp_path / "空.csv").write_bytes(b"")
    result = read_reports(str(tmp_path), engine=engine)
    assert [(r.source_file, r.source_row) for r in result.rows] == [("新格式.xls", 2)]
    assert _accounting(result) == (1, 0, 0, 0, 1)
    assert [(i.file, i.severity, i.message.template.split(";")[0]) for i in result.issues] == [
        ("新格式.xls", "info", "The file is a workbook ({format}) although its name ends in \"{ext}\""),
        ("空.csv", "warning", "The file is empty (0 bytes)"),
        ("网页导出.xls", "error", "The file is a web page (HTML), as some systems export \"Excel\" files")]
