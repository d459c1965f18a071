"""core/xlsx.py: shared cell styles and openpyxl 3.0's hyperlink relationships, same files as before."""

from __future__ import annotations

import os
import zipfile

import pytest
from openpyxl import Workbook
from openpyxl.styles import Border, Font, PatternFill, Side

from cityhealth_plugin.core.files import save_workbook
from cityhealth_plugin.core.xlsx import SharedStyles, linear_relationships
from tests.workbook_compare import workbook_differences

FONT = Font(name="宋体", size=9)
BOLD = Font(name="宋体", size=9, bold=True)
BORDER = Border(left=Side(style="thin"), right=Side(style="thin"))
FILL = PatternFill("solid", fgColor="FFF2CC")


def _sheet(shared: bool, path: str) -> str:
    book = Workbook()
    ws = book.active
    styles = SharedStyles()
    for r in range(1, 41):
        for c in range(1, 6):
            cell = ws.cell(row=r, column=c, value="第{}行".format(r) if c != 3 else r)

            def assign(cell, c=c):
                cell.font, cell.border = (BOLD if c == 1 else FONT), BORDER
                if c == 4:
                    cell.fill = FILL
                    cell.number_format = "0.00"
            if shared:
                styles.apply(cell, c, assign)
            else:
                assign(cell)
        link = ws.cell(row=r, column=6, value="查看")
        link.hyperlink = "照片/{:03d}.jpg".format(r)
    return save_workbook(book, path)


def test_shared_styles_write_what_assigning_writes(tmp_path):
    plain = _sheet(False, str(tmp_path / "逐格.xlsx"))
    shared = _sheet(True, str(tmp_path / "共享.xlsx"))
    assert workbook_differences(plain, shared) == []
    with zipfile.ZipFile(plain) as a, zipfile.ZipFile(shared) as b:  # the same XML, style table too
        for part in ("xl/worksheets/sheet1.xml", "xl/styles.xml", "xl/worksheets/_rels/sheet1.xml.rels"):
            assert a.read(part) == b.read(part), part


def test_linear_relationships_same_ids_and_restored(tmp_path):
    # looked up now: a test that re-imports openpyxl leaves module-level names pointing at old classes
    from openpyxl.packaging.relationship import Relationship, RelationshipList

    original = RelationshipList.append
    saved = _sheet(True, str(tmp_path / "链接.xlsx"))  # save_workbook saves within linear_relationships
    assert RelationshipList.append is original  # put back after the save
    with zipfile.ZipFile(saved) as book:
        rels = book.read("xl/worksheets/_rels/sheet1.xml.rels").decode("utf-8")
        sheet = book.read("xl/worksheets/sheet1.xml").decode("utf-8")
    # 40 links, ids rId1 … rId40 in row order, each cell pointing at its own target
    assert rels.count("<Relationship ") == 40
    assert 'Id="rId1"' in rels and 'Id="rId40"' in rels and 'Id="rId41"' not in rels
    assert 'Target="照片/040.jpg"' in rels
    assert sheet.count("<hyperlink ") == 40
    # the same list either way: appended in place (openpyxl 3.0) or as 3.1 does it
    by_hand = RelationshipList()
    with linear_relationships():
        for n in range(3):
            by_hand.append(Relationship(type="hyperlink", TargetMode="External", Target=str(n)))
        in_place = RelationshipList.append is not original
    old_openpyxl = "Relationship" in RelationshipList.__dict__  # 3.0: a Sequence descriptor
    assert in_place == old_openpyxl  # mended on 3.0 only
    items = by_hand.Relationship if old_openpyxl else list(by_hand)
    assert [r.Id for r in items] == ["rId1", "rId2", "rId3"]
    assert os.path.getsize(saved) > 0


def test_overlapping_saves_put_the_original_back(tmp_path):
    """Forms saved by several threads overlap their saves: the last one out restores openpyxl."""
    import threading

    from openpyxl.packaging.relationship import RelationshipList

    original = RelationshipList.append
    inside, release = threading.Event(), threading.Event()

    def other_save():
        with linear_relationships():
            inside.set()
            release.wait(10)

    worker = threading.Thread(target=other_save)
    worker.start()
    inside.wait(10)
    with linear_relationships():  # enters while the other save is inside, leaves before it
        mended = RelationshipList.append
    assert RelationshipList.append is mended  # the other save still runs: still mended
    release.set()
    worker.join(10)
    assert RelationshipList.append is original
    _sheet(True, str(tmp_path / "之后.xlsx"))
    assert RelationshipList.append is original


def _parts(path: str) -> dict:
    """A workbook file's zip parts but the one that holds the time it was saved."""
    with zipfile.ZipFile(path) as book:
        return {name: book.read(name) for name in book.namelist() if name != "docProps/core.xml"}


def _ledger_book(title: str, rows: int, full: bool, note: str = "") -> Workbook:
    """A title row that differs per workbook, a styled first body row, and ``rows - 1`` more body rows
    repeating it; ``note`` (in the last body row) breaks the repetition."""
    book = Workbook()
    ws = book.active
    ws.title = "台账"
    ws["A1"] = title
    ws["B1"] = "=SUM(1,1)" if title.startswith("=") else "标题"
    for c in range(1, 5):
        ws.cell(row=2, column=c).font = BOLD if c == 1 else FONT
        ws.cell(row=2, column=c).border = BORDER
    for r in range(3, 2 + rows if full else 3):
        for c in range(1, 5):
            ws.cell(row=r, column=c)._style = ws.cell(row=2, column=c)._style
        ws.row_dimensions[r].height = 30
    ws.row_dimensions[2].height = 30
    if note:
        ws.cell(row=2, column=4, value=note)
    ws.merge_cells("A1:D1")
    book.create_sheet("说明")["A1"] = "第二张表：" + title
    return book


def test_repeated_rows_write_what_openpyxl_writes_and_fall_back_when_the_rows_differ(tmp_path):
    from cityhealth_plugin.core.files import save_parts
    from cityhealth_plugin.core.xlsx import RepeatedRows

    repeated = RepeatedRows()
    cases = [("第一册", 40, ""), ("第二册", 40, ""), ("第三册，标题长一些", 40, ""), ("第四册", 7, ""),
             ("第五册", 7, ""), ("第六册", 40, "备注"), ("第七册", 40, "")]
    for i, (title, rows, note) in enumerate(cases):
        plain = save_workbook(_ledger_book(title, rows, True, note), str(tmp_path / "逐行{}.xlsx".format(i)))
        parts = repeated.parts(rows, lambda full, t=title, n=rows, x=note: _ledger_book(t, n, full, x))
        kept = save_parts(parts, str(tmp_path / "共用{}.xlsx".format(i)))
        assert _parts(kept) == _parts(plain), title
        assert workbook_differences(plain, kept) == []
    # built in full: the first of 40 rows and of 7 rows, and the book whose first body row differs
    # (a note); the second, third, fifth and seventh reused the kept rows
    assert repeated.reused == 4
    with zipfile.ZipFile(str(tmp_path / "共用2.xlsx")) as book:
        sheet = book.read("xl/worksheets/sheet1.xml").decode("utf-8")
    assert 'ref="A1:D41"' in sheet and sheet.count("<row ") == 41


def test_repeated_rows_keep_nothing_when_the_full_build_changes_another_part(tmp_path):
    from cityhealth_plugin.core.files import save_parts
    from cityhealth_plugin.core.xlsx import RepeatedRows

    builds = []

    def build(title, full):
        book = _ledger_book(title, 10, full)
        if full:  # the full build also changes the second sheet: its rows cannot be spliced in
            book["说明"]["A2"] = "全表"
        return book

    repeated = RepeatedRows()
    for i, title in enumerate(("甲", "乙", "丙")):
        plain = save_workbook(build(title, True), str(tmp_path / "逐行{}.xlsx".format(i)))
        kept = save_parts(repeated.parts(10, lambda full, t=title: builds.append(full) or build(t, full)),
                          str(tmp_path / "共用{}.xlsx".format(i)))
        assert _parts(kept) == _parts(plain)
    assert repeated.reused == 0
    assert builds == [False, True, True, True]  # the first book both ways, then in full only


def test_saved_parts_are_atomic_and_ordinary_files(tmp_path):
    from cityhealth_plugin.core.files import file_mode, save_parts
    from cityhealth_plugin.core.xlsx import workbook_parts

    book = Workbook()
    book.active["A1"] = "体检"
    parts = workbook_parts(book)
    path = str(tmp_path / "新建" / "表.xlsx")
    assert save_parts(parts, path) == path
    assert oct(os.stat(path).st_mode & 0o777) == oct(file_mode())
    assert os.listdir(os.path.dirname(path)) == ["表.xlsx"]
    with zipfile.ZipFile(path) as archive:
        assert [i.filename for i in archive.infolist()] == [i.filename for i, _ in parts]
        assert all(i.compress_type == zipfile.ZIP_DEFLATED for i in archive.infolist())
    broken = parts[:1] + [(parts[1][0], None)]  # a part that cannot be written
    with pytest.raises(TypeError):
        save_parts(broken, path)
    assert os.listdir(os.path.dirname(path)) == ["表.xlsx"]


def _write_only(title, rows, stamp=True):
    import datetime

    book = Workbook(write_only=True)
    sheet = book.create_sheet(title)
    for row in rows:
        sheet.append(list(row))
    if stamp:  # properties fixed: the same rows give the same workbook
        book.properties.created = book.properties.modified = datetime.datetime(2024, 1, 1)
    else:  # a property that follows the rows: the parts beside the rows are not the same for every book
        book.properties.title = "{}行".format(len(rows))
    return book


def _listed(parts):
    return [(info.filename, data) for info, data in parts]


def test_plain_rows_write_what_openpyxl_writes(tmp_path):
    import datetime

    from cityhealth_plugin.core.files import save_parts
    from cityhealth_plugin.core.xlsx import PlainRows, workbook_parts

    plain = PlainRows()
    day = datetime.date(2025, 6, 30)
    books = [
        [["序号", "小区", "楼栋", "日期"], [1, "天福家园（南区）", "3#", day], [2, " 前后空格 ", "", None],
         [], [None, None], [3, "a&b<c>\"'", "中\t文\n行", datetime.date(1900, 1, 15)]],
        [["经度", "纬度"], [122.263119, 43.617729], [-0.1, 1e-07], [123456789012345678, 0], [2 ** 70, 3.0]],
        [["宽表"] + [None] * 30 + ["AF列"], ["𠀀字（扩展B）", "ｆｕｌｌ ｗｉｄｔｈ", "\u3000全角空格\u3000"]],
    ]
    for i, rows in enumerate(books):
        expected = _listed(workbook_parts(_write_only("问题清单", rows)))
        got = plain.parts("问题清单", rows, lambda book_rows: _write_only("问题清单", book_rows))
        assert got == expected, i
        assert [name for name, _ in got] == [name for name, _ in expected]
    assert plain.built == 0  # every book was written from the kept parts and the rows serialised here
    assert sorted(dated for _key, dated in plain._known) == [False, True]
    path = save_parts([(zipfile.ZipInfo(n), d) for n, d in got], str(tmp_path / "宽表.xlsx"))
    from openpyxl import load_workbook

    sheet = load_workbook(path).active
    assert sheet["AF1"].value == "AF列" and sheet["A2"].value == "𠀀字（扩展B）"
    assert sheet["C2"].value == "\u3000全角空格\u3000"


def test_plain_rows_leave_other_values_and_unsteady_books_to_openpyxl():
    import datetime

    from openpyxl.utils.exceptions import IllegalCharacterError

    from cityhealth_plugin.core.xlsx import PlainRows, plain_rows_xml, workbook_parts

    plain = PlainRows()
    others = [["=1+1"], ["#N/A"], ["   "], [True], [datetime.datetime(2024, 5, 3, 8, 30)], [float("nan")],
              ["回车\r换行"], [datetime.time(8, 0)], ["x" * 40000]]
    for value in others:
        rows = [["表头"], value]
        assert plain_rows_xml(rows) is None, value
        expected = _listed(workbook_parts(_write_only("表", rows)))
        assert plain.parts("表", rows, lambda book_rows: _write_only("表", book_rows)) == expected, value
    assert plain.built == len(others)
    with pytest.raises(IllegalCharacterError):  # refused by openpyxl, as when it writes alone
        plain.parts("表", [["控制\x01字符"]], lambda book_rows: _write_only("表", book_rows))
    unsteady = PlainRows()
    for n in (1, 5):
        rows = [["行{}".format(k)] for k in range(n)]
        expected = _listed(workbook_parts(_write_only("表", rows, stamp=False)))
        got = unsteady.parts("表", rows, lambda book_rows: _write_only("表", book_rows, stamp=False))
        assert got == expected
    assert unsteady.built == 2 and unsteady._known == {("表", False): False}
