"""The review workbook: Chinese headers, reason and candidates at the left, frozen and filtered
header, print set-up, relative photo links, a summary of reasons, and no live formula."""

from __future__ import annotations

import os
import stat

import openpyxl
import pytest

from cityhealth_plugin.core.review import candidate_labels, candidate_names_text, reason_text
from cityhealth_plugin.core.review_workbook import (
    COLUMNS,
    SHEET_ROWS,
    SHEET_SUMMARY,
    display_width,
    lines_needed,
    write_review_workbook,
)

NAMES = {"BLD-000245": ("天福家园", "3"), "BLD-000244": ("天福家园", "4"), "BLD-9": ("和平路45号", "")}


def rows(tmp_path):
    photo = tmp_path / "city" / "reports" / "2024" / "照片" / "网格01-003.png"
    photo.parent.mkdir(parents=True)
    photo.write_bytes(b"png")
    base = {"source_sheet": "问题清单", "round": 2024, "community": "中心社区", "problem": "井盖缺失",
            "reporter": "周杰", "phone": "139****5447", "report_date": "2024-07-17"}
    return [
        dict(base, report_uid="网格02.xlsx|问题清单|7", source_file="网格02.xlsx", source_row=7,
             compound="天福家园", building="9", raw_address="天福家园 / 9号楼", reason="no_building",
             candidates="BLD-000244:0.59;BLD-000245:0.60",
             candidate_names=candidate_names_text([("BLD-000244", 0.59), ("BLD-000245", 0.6)], NAMES),
             description='=HYPERLINK("http://x","y")', photo="网格01-003.png", photo_paths=str(photo)),
        dict(base, report_uid="网格01.xlsx|问题清单|12", source_file="网格01.xlsx", source_row=12,
             compound="老粮库宿舍", raw_address="老粮库宿舍 / 1单元", reason="no_compound", candidates="",
             candidate_names="", description="+1+1", reporter="@SUM(A1)", photo="", photo_paths=""),
        dict(base, report_uid="网格01.xlsx|问题清单|3", source_file="网格01.xlsx", source_row=3,
             compound="", raw_address="", reason="empty_address", candidates="", candidate_names="",
             description="楼道灯不亮", photo="丢失.jpg", photo_paths="", photo_missing="丢失.jpg"),
    ]


@pytest.fixture
def book(tmp_path):
    path = str(tmp_path / "未匹配_2024.xlsx")
    assert write_review_workbook(path, rows(tmp_path)) == 3
    return path, openpyxl.load_workbook(path)


def test_reason_texts_and_candidate_names():
    assert reason_text("no_compound") == "小区名称未找到：核对小区名称或在复核对话框中选择楼栋并“接受并记住”"
    assert reason_text("mystery") == "mystery"
    # best first; a scattered building is named by its door address; an unknown id stays an id
    assert candidate_labels([("BLD-000244", 0.59), ("BLD-000245", 0.82), ("BLD-9", 0.5), ("X-1", 0.4)],
                            NAMES) == ["天福家园 3号楼 (0.82)", "天福家园 4号楼 (0.59)", "和平路45号 (0.50)",
                                       "X-1 (0.40)"]


def test_headers_reason_and_candidates_at_the_left(book):
    _path, wb = book
    assert wb.sheetnames == [SHEET_ROWS, SHEET_SUMMARY]
    ws = wb[SHEET_ROWS]
    header = [c.value for c in ws[1]]
    assert header[:3] == ["原因", "候选楼栋", "社区"]
    assert header[-6:] == ["来源文件", "工作表", "行号", "原因代码", "候选楼栋编码", "记录编号"]
    assert all(not h.isascii() for h in header)  # Chinese throughout
    # rows sorted by file, sheet, row; the reason in Chinese, candidates by name, best first
    body = [dict(zip(header, r)) for r in ws.iter_rows(min_row=2, values_only=True)]
    assert [(r["来源文件"], r["行号"]) for r in body] == [
        ("网格01.xlsx", 3), ("网格01.xlsx", 12), ("网格02.xlsx", 7)]
    assert body[1]["原因"] == "小区名称未找到：核对小区名称或在复核对话框中选择楼栋并“接受并记住”"
    assert body[2]["原因"].startswith("小区内无此楼号：")
    assert body[2]["候选楼栋"] == "天福家园 3号楼 (0.60)\n天福家园 4号楼 (0.59)"
    assert body[2]["候选楼栋编码"] == "BLD-000244:0.59;BLD-000245:0.60"
    assert body[0]["原因代码"] == "empty_address" and body[0]["缺失照片"] == "丢失.jpg"
    hidden = [k for k, _h, _w, h in COLUMNS if h]
    letters = [openpyxl.utils.get_column_letter(i + 1) for i, c in enumerate(COLUMNS) if c[0] in hidden]
    assert all(ws.column_dimensions[x].hidden for x in letters)
    assert ws.column_dimensions["A"].width == 30 and not ws.column_dimensions["A"].hidden


def test_frozen_filtered_and_printed_with_titles_on_every_page(book):
    _path, wb = book
    ws = wb[SHEET_ROWS]
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == "A1:U4"
    assert ws.page_setup.orientation == "landscape"
    assert int(ws.page_setup.paperSize) == 8  # A3: 275 characters of visible columns
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert (ws.page_setup.fitToWidth, ws.page_setup.fitToHeight) == (1, 0)
    assert ws.print_title_rows in ("$1:$1", "1:1")
    assert ws["A2"].alignment.wrap_text
    assert ws.row_dimensions[2].height >= 28  # wrapped reason: two lines or more


def test_print_titles_written_with_dollars(book):
    """LibreOffice repeats the title row only for an absolute range ($1:$1)."""
    import zipfile

    path, _wb = book
    with zipfile.ZipFile(path) as archive:
        workbook_xml = archive.read("xl/workbook.xml").decode("utf-8")
    assert "'未匹配上报'!$1:$1" in workbook_xml


def test_photo_links_are_relative_to_the_workbook(book):
    path, wb = book
    ws = wb[SHEET_ROWS]
    column = [h for _k, h, _w, _x in COLUMNS].index("照片") + 1
    cell = ws.cell(row=4, column=column)
    assert cell.value == "网格01-003.png"
    assert cell.hyperlink.target == "city/reports/2024/照片/网格01-003.png"
    assert os.path.isfile(os.path.join(os.path.dirname(path), cell.hyperlink.target))
    assert ws.cell(row=2, column=column).hyperlink is None  # 丢失.jpg was not found: no link


def test_no_cell_is_a_formula(book):
    path, wb = book
    cells = [c for ws in wb.worksheets for row in ws.iter_rows() for c in row]
    assert [c.coordinate for c in cells if c.data_type == "f"] == []
    values = [c.value for c in cells if isinstance(c.value, str)]
    assert "'=HYPERLINK(\"http://x\",\"y\")" in values and "'+1+1" in values and "'@SUM(A1)" in values
    assert stat.S_IMODE(os.stat(path).st_mode) & 0o044  # readable by others, not 0600


def test_summary_counts_reasons(book):
    _path, wb = book
    ws = wb[SHEET_SUMMARY]
    table = [list(r) for r in ws.iter_rows(values_only=True)]
    assert table[0] == ["原因", "处理办法", "行数", "原因代码"]
    assert [(r[0], r[2], r[3]) for r in table[1:5]] == [
        ("小区名称未找到", 1, "no_compound"), ("小区内无此楼号", 1, "no_building"),
        ("未填写地址", 1, "empty_address"), ("合计", 3, None)]
    # then rows per source file, most first
    assert [(r[0], r[2]) for r in table[6:]] == [("来源文件", "行数"), ("网格01.xlsx", 2), ("网格02.xlsx", 1)]
    # the printed pages are titled with the round
    assert wb[SHEET_ROWS].oddHeader.center.text == "2024年未匹配上报记录复核表"
    assert ws.oddHeader.center.text == "2024年未匹配上报记录复核表（汇总）"
    # two tables with a header each: the reasons' header neither frozen nor repeated over the files
    assert ws.freeze_panes is None and ws.print_title_rows is None


def test_widths_count_chinese_characters_wider():
    assert display_width("天福 3") == 1.5 * 2 + 0.85 * 2
    assert lines_needed("天福家园" * 5, 30.5) == 1  # 30 units in a column of 30 usable
    assert lines_needed("天福家园" * 5 + "区", 30.5) == 2
    assert lines_needed("a\nb", 10) == 2


def test_an_empty_table_still_makes_a_workbook(tmp_path):
    path = str(tmp_path / "空.xlsx")
    assert write_review_workbook(path, []) == 0
    wb = openpyxl.load_workbook(path)
    assert [c.value for c in wb[SHEET_ROWS][1]][0] == "原因"
    assert list(wb[SHEET_SUMMARY].iter_rows(values_only=True))[1][:3] == ("合计", None, 0)
    assert wb[SHEET_ROWS].oddHeader.center.text == "未匹配上报记录复核表"


def test_each_kind_of_cell_keeps_its_look(book):
    """Cells of a kind share one style (written once, then by index): the reason stands out in dark
    red on a light red fill, a found photo is a blue underlined link, the rest plain, all bordered."""
    _path, wb = book
    ws = wb[SHEET_ROWS]
    photo = [k for k, *_ in COLUMNS].index("photo") + 1
    for r in (2, 3, 4):
        reason = ws.cell(row=r, column=1)
        look = (reason.font.b, reason.font.color.rgb, reason.fill.fgColor.rgb)
        assert look == (True, "009C0006", "00FCE4D6")
        assert reason.border.left.style == "thin" and reason.alignment.wrap_text
        plain = ws.cell(row=r, column=3)
        assert (plain.font.name, plain.font.sz, plain.font.b, plain.fill.fill_type) == (
            "Noto Sans CJK SC", 10, False, None)
        assert plain.border.bottom.style == "thin" and plain.alignment.vertical == "top"
    linked = [ws.cell(row=r, column=photo) for r in (2, 3, 4) if ws.cell(row=r, column=photo).hyperlink]
    assert len(linked) == 1
    assert (linked[0].font.u, linked[0].font.color.rgb) == ("single", "000563C1")
    unlinked = ws.cell(row=2, column=photo)  # 丢失.jpg, not found
    assert unlinked.hyperlink is None and unlinked.font.u is None


def test_the_summary_lists_long_file_names_without_merged_cells(tmp_path):
    """One row per source file, the name in the first column (wide enough for a grid's file name,
    no merged cells: merging made the sheet quadratic in the files), and a row height that fits a
    name too long for one line (LibreOffice does not grow rows written without a height)."""
    long_name = "150502001001_明仁社区第一网格_2024年第二轮复查_补报_最终版本（修订）.xlsx"
    records = [dict(r, source_file=long_name if i == 0 else r["source_file"])
               for i, r in enumerate(rows(tmp_path))]
    path = str(tmp_path / "长文件名.xlsx")
    write_review_workbook(path, records)
    ws = openpyxl.load_workbook(path)[SHEET_SUMMARY]
    assert not ws.merged_cells.ranges
    table = [list(r) for r in ws.iter_rows(values_only=True)]
    first = [i for i, r in enumerate(table) if r[0] == "来源文件"][0]
    by_file = {r[0]: (row, r[2]) for row, r in enumerate(table[first + 1:], start=first + 2)}
    assert {name: n for name, (_row, n) in by_file.items()} == {long_name: 1, "网格01.xlsx": 2}
    width = ws.column_dimensions["A"].width
    assert display_width("150502001001_明仁社区第一网格.xlsx") <= width - 0.5
    assert lines_needed(long_name, width) >= 2
    height = {name: ws.row_dimensions[row].height for name, (row, _n) in by_file.items()}
    assert height[long_name] > height["网格01.xlsx"]
