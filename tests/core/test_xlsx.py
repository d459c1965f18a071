"""core/xlsx.py: shared cell styles and openpyxl 3.0's hyperlink relationships, same files as before."""

from __future__ import annotations

import os
import zipfile

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
