"""Small builders of bad input files, written into a test's tmp_path (nothing binary is committed).

Every builder takes the folder to write into and returns nothing (or a path); the corpus
(:mod:`tests.badinput.corpus`) says per case what it expects.
"""

from __future__ import annotations

import io
import os
import re
import zipfile

import openpyxl

HEADER = ["社区名", "小区", "楼栋", "单元", "问题"]
#: Two report rows that match the hand-drawn library of tests/processing/test_addresslibrary_alg.py
#: (天福家园北区 3 → B03, 明仁小区 2 → B05).
ROWS = [["明仁社区", "天福家园北区", "3", None, "墙皮脱落"], ["建国社区", "明仁小区", "2", None, "乱停车"]]
CSV = "社区名,小区,楼栋,单元,问题\n明仁社区,天福家园北区,3,,墙皮脱落\n建国社区,明仁小区,2,,乱停车\n"
#: 1x1 transparent PNG
PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082")


def workbook(path, rows, merges=(), title="问题清单"):
    """An .xlsx of ``rows`` (lists; None = an empty row) with ``merges`` (A1 ranges)."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = title
    for row in rows:
        sheet.append(row or [])
    for ref in merges:
        sheet.merge_cells(ref)
    book.save(str(path))
    return path


def xlsx_bytes(rows, **kwargs) -> bytes:
    buffer = io.BytesIO()
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = kwargs.get("title", "问题清单")
    for row in rows:
        sheet.append(row or [])
    book.save(buffer)
    return buffer.getvalue()


def patch_zip(path, edit):
    """Rewrite the zip at ``path``: ``edit(parts)`` changes the dict name -> bytes in place."""
    with zipfile.ZipFile(str(path)) as archive:
        parts = {n: archive.read(n) for n in archive.namelist()}
    edit(parts)
    with zipfile.ZipFile(str(path), "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)


def set_cell(xml, ref, cell):
    """``xml`` with the cell ``ref`` (e.g. "C2") replaced by the XML ``cell`` (or added to its row)."""
    pattern = re.compile(r'<c r="{}"(?:[^>]*/>|[^>]*>.*?</c>)'.format(ref))
    if pattern.search(xml):
        return pattern.sub(lambda _m: cell, xml, count=1)
    row = re.match(r"[A-Z]+(\d+)", ref).group(1)
    return re.sub(r'(<row r="{}"[^>]*>.*?)(</row>)'.format(row), lambda m: m.group(1) + cell + m.group(2),
                  xml, count=1)


def patch_sheet(path, edit):
    """``edit(xml text) -> xml text`` on the first worksheet of the workbook at ``path``."""
    def change(parts):
        name = "xl/worksheets/sheet1.xml"
        parts[name] = edit(parts[name].decode("utf-8")).encode("utf-8")
    patch_zip(path, change)


# --- encodings --------------------------------------------------------------------------------

def gbk_csv(folder):
    (folder / "网格_GBK.csv").write_bytes(CSV.encode("gbk"))


def gb18030_csv(folder):
    # 𠮷 (U+20BB7) exists in GB18030 only (four bytes), not in GBK
    (folder / "网格_GB18030.csv").write_bytes(CSV.replace("墙皮脱落", "墙皮脱落𠮷").encode("gb18030"))


def utf16_tab_text(folder):
    # Excel's "Unicode text": UTF-16 LE with BOM, tab separated
    (folder / "网格_UTF16.txt").write_bytes(b"\xff\xfe" + CSV.replace(",", "\t").encode("utf-16-le"))


def utf8_bom_csv(folder):
    (folder / "网格_BOM.csv").write_bytes(b"\xef\xbb\xbf" + CSV.encode("utf-8"))


def utf8_csv(folder):
    (folder / "网格_UTF8.csv").write_bytes(CSV.encode("utf-8"))


def mixed_encodings(folder):
    gbk_csv(folder)
    utf8_bom_csv(folder)
    utf16_tab_text(folder)


def undecodable_csv(folder):
    # bytes no encoding in the list decodes (not UTF-8, invalid GB18030 sequences)
    (folder / "乱码.csv").write_bytes(b"\xff\xff\xff,\x81\x20\x81\x20\n\xfe\x30,\x80\x80\n")


# --- files that are not what their name says --------------------------------------------------

def csv_named_xlsx(folder):
    (folder / "网格_CSV.xlsx").write_bytes(CSV.encode("gbk"))


def xlsx_named_csv(folder):
    (folder / "网格_工作簿.csv").write_bytes(xlsx_bytes([HEADER] + ROWS))


def zero_byte(folder):
    (folder / "空文件.xlsx").write_bytes(b"")


def truncated_zip(folder):
    data = xlsx_bytes([HEADER] + ROWS * 50)
    (folder / "截断.xlsx").write_bytes(data[:len(data) // 2])


def encrypted_workbook(folder):
    """An OLE2 compound file whose directory holds the streams of an encrypted OOXML package."""
    directory = b"".join(name.encode("utf-16-le").ljust(64, b"\0") + b"\0" * 64
                         for name in ("Root Entry", "EncryptionInfo", "EncryptedPackage"))
    header = bytes.fromhex("D0CF11E0A1B11AE1") + b"\0" * 16 + b"\x3e\x00\x03\x00\xfe\xff\x09\x00"
    (folder / "加密.xlsx").write_bytes(header.ljust(512, b"\0") + directory + b"\0" * 512)


def wps_et(folder):
    (folder / "台账.et").write_bytes(bytes.fromhex("D0CF11E0A1B11AE1") + b"\0" * 1024)


def pdf_named_xlsx(folder):
    (folder / "扫描件.xlsx").write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj <<>> endobj\n")


def html_named_xls(folder):
    (folder / "系统导出.xls").write_bytes(
        "<html><body><table><tr><td>小区</td></tr></table></body></html>".encode("utf-8"))


# --- workbook content -------------------------------------------------------------------------

def pictures_in_cells(folder):
    """WPS pictures in cells (=DISPIMG formula, cached text, the picture in xl/cellimages.xml) and an
    Excel 365 picture in a cell (an error cell with value metadata)."""
    path = workbook(folder / "图片单元格.xlsx", [HEADER + ["图片"], ROWS[0] + [None], ROWS[1] + [None]])

    def cells(xml):
        xml = set_cell(xml, "F2", '<c r="F2" t="str"><f>_xlfn.DISPIMG("ID_6C2A",1)</f>'
                                  '<v>=DISPIMG("ID_6C2A",1)</v></c>')
        return set_cell(xml, "F3", '<c r="F3" t="e" vm="1"><v>#VALUE!</v></c>')

    patch_sheet(path, cells)
    patch_zip(path, lambda parts: parts.update({
        "xl/media/image1.png": PNG,
        "xl/cellimages.xml": b'<?xml version="1.0" encoding="UTF-8"?><etc:cellImages '
                             b'xmlns:etc="http://www.wps.cn/officeDocument/2017/etCustomData"/>'}))


def formulas_with_cached_values(folder):
    """楼栋 as a formula with its cached value; 问题 as a formula without one (never calculated)."""
    path = workbook(folder / "公式.xlsx", [HEADER, ROWS[0], ROWS[1]])

    def formulas(xml):
        xml = set_cell(xml, "C2", '<c r="C2" t="str"><f>"3"&amp;""</f><v>3</v></c>')
        return set_cell(xml, "E3", '<c r="E3" t="str"><f>"乱"&amp;"停车"</f></c>')

    patch_sheet(path, formulas)


def dates(folder):
    """The same day as text, as an Excel serial that lost its format, in Chinese and as a date cell."""
    import datetime

    rows = [HEADER + ["上报日期"]]
    for value in ("2024/3/5", 45356, "2024年3月5日", datetime.datetime(2024, 3, 5)):
        rows.append(ROWS[0] + [value])
    workbook(folder / "日期.xlsx", rows)


def merged_header(folder):
    """Title merged over the table; 地址 merged over 小区 | 楼栋 of a second header row."""
    rows = [["明仁社区问题排查表"], ["社区名", "地址", None, "单元", "问题"],
            [None, "小区", "楼栋", None, None]] + ROWS
    workbook(folder / "合并表头.xlsx", rows, merges=("A1:E1", "B2:C2", "A2:A3", "D2:D3", "E2:E3"))


def two_header_rows(folder):
    rows = [["基本信息", "基本信息", "基本信息", "基本信息", "排查结果"], HEADER] + ROWS
    workbook(folder / "两行表头.xlsx", rows)


def header_row_30(folder):
    rows = [["填表说明：第{}条 按实际情况填写".format(i)] for i in range(1, 30)] + [HEADER] + ROWS
    workbook(folder / "第30行表头.xlsx", rows)


def duplicate_columns(folder):
    rows = [HEADER + ["问题"], ROWS[0] + ["另一个问题"], ROWS[1] + [None]]
    workbook(folder / "重复列名.xlsx", rows)


def blank_column(folder):
    rows = [HEADER + ["描述", "备注"], ROWS[0] + [None, "有"], ROWS[1] + [None, None]]
    workbook(folder / "空列.xlsx", rows)


def blank_rows_at_end(folder, count=100_000):
    """Two report rows, then ``count`` formatted but empty rows (as forms pre-formatted to row 100002)."""
    path = workbook(folder / "十万空行.xlsx", [HEADER] + ROWS)
    empty = "".join('<row r="{0}"><c r="A{0}" s="0"/><c r="E{0}" s="0"/></row>'.format(r)
                    for r in range(4, 4 + count))

    def pad(xml):
        xml = re.sub(r'<dimension ref="[^"]*"/>', '<dimension ref="A1:E{}"/>'.format(3 + count), xml)
        return xml.replace("</sheetData>", empty + "</sheetData>")

    patch_sheet(path, pad)


def long_cells(folder):
    rows = [HEADER + ["描述"], ROWS[0] + ["很长" * 16383], ROWS[1] + ["短"]]  # 32766 chars (Excel max 32767)
    workbook(folder / "长单元格.xlsx", rows)
    (folder / "长字段.csv").write_text(
        "小区,楼栋,问题,描述\n天福家园北区,3,墙皮脱落,{}\n".format("长" * 100_000), encoding="utf-8")


def control_characters_and_emoji(folder):
    text = ("社区名,小区,楼栋,单元,问题,描述\n"
            "明仁社区,天福家园北区,3,,墙皮脱落😀,\x07响铃\x1b[31m红\x0b竖\x0c页\u200b零宽\u202e反向\n"
            "建国社区,明仁小区,2,,乱停车🚗👨‍👩‍👧,\x00空字符\x08退格\n")
    (folder / "控制字符.csv").write_text(text, encoding="utf-8")


FORMULA_TEXTS = ['=HYPERLINK("http://evil.invalid","点我")', "+1+1", "-2+3", "@SUM(A1)", "\t=1+1",
                 "\r=1+1"]


def formula_text(folder):
    """Text that a spreadsheet program would run as a formula, in a CSV (where it is plain text)."""
    import csv

    with open(str(folder / "公式文本.csv"), "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER + ["描述"])
        for text in FORMULA_TEXTS:
            writer.writerow(["明仁社区", "天福家园北区", "3", "", "墙皮脱落", text])


PHONE, ID_NO = "13812345678", "110101199003071234"


def personal_data(folder):
    """A phone or ID number in every column, a named 联系电话 column and an extra column."""
    rows = [HEADER + ["描述", "上报人", "联系电话", "备注"],
            ["明仁社区" + PHONE, "天福家园北区", "3", "", "墙皮脱落 " + ID_NO,
             "住户" + PHONE + " 身份证" + ID_NO,
             "张三" + PHONE, PHONE, "备注" + ID_NO],
            ["建国社区", "明仁小区", "2", "", "乱停车", "电话 138 1234 5678", "李四", "0475-8212345", PHONE]]
    workbook(folder / "个人信息.xlsx", rows)


def duplicate_rows(folder):
    workbook(folder / "重复行.xlsx", [HEADER, ROWS[0], ROWS[0], ROWS[1]])


def totals_and_signatures(folder):
    workbook(folder / "合计.xlsx", [HEADER] + ROWS + [["合计", None, None, None, 2],
                                                     ["填表人：张三", None, "审核人：李四", None, None]])


def broken_half_way(folder):
    """A workbook whose sheet XML has an undefined entity in row 8 of 15 (rows 2-7 read)."""
    rows = [HEADER] + [["明仁社区", "天福家园北区", "3", "", "乱停车"]] * 14
    path = workbook(folder / "坏了一半.xlsx", rows)

    def damage(xml):
        i = xml.index('<row r="8"')
        return xml[:i] + xml[i:].replace("<t>", "<t>&bogus;", 1)

    patch_sheet(path, damage)


def no_header(folder):
    workbook(folder / "无表头.xlsx", [["甲", "乙", "丙"], ["1", "2", "3"], ["4", "5", "6"], ["7", "8", "9"],
                                    ["a", "b", "c"]])


# --- photos -----------------------------------------------------------------------------------

def _photo_rows(folder, name, cells):
    rows = [HEADER + ["图片"]] + [ROWS[0] + [c] for c in cells] + [ROWS[1] + [None]]
    workbook(folder / name, rows)


def photo_missing(folder):
    (folder / "照片").mkdir()
    (folder / "照片" / "有.png").write_bytes(PNG)
    _photo_rows(folder, "照片缺失.xlsx", ["有.png", "没有.png"])


def photo_renamed(folder):
    (folder / "照片").mkdir()
    (folder / "照片" / "IMG_0001.PNG").write_bytes(PNG)  # the report says 井盖.png; renamed on export
    _photo_rows(folder, "照片改名.xlsx", ["井盖.png"])


def photo_outside(folder):
    (folder.parent / "外面.png").write_bytes(PNG)
    _photo_rows(folder, "照片在外面.xlsx", ["../外面.png", "/etc/passwd"])


def photo_symlink_outward(folder):
    outside = folder.parent / "别处"
    outside.mkdir()
    (outside / "秘密.png").write_bytes(PNG)
    (folder / "照片").mkdir()
    os.symlink(str(outside / "秘密.png"), str(folder / "照片" / "链接.png"))
    os.symlink(str(outside), str(folder / "照片" / "目录链接"))
    _photo_rows(folder, "照片链接.xlsx", ["链接.png", "目录链接/秘密.png"])


# --- layers -----------------------------------------------------------------------------------

def library(folder, name="楼栋", geometries=None, crs="EPSG:4550", drop_field="", multi=False):
    """The hand-drawn building library (tests/processing/test_addresslibrary_alg.py) in ``folder``/库.gpkg,
    with the footprints of some ids replaced (``geometries``: id -> QgsGeometry or None), in ``crs``
    (transformed from EPSG:4550), without ``drop_field``. Returns the layer URI."""
    from qgis.core import (
        QgsCoordinateReferenceSystem,
        QgsCoordinateTransform,
        QgsProject,
        QgsWkbTypes,
    )

    from tests.processing.layers import rect, write_layer
    from tests.processing.test_addresslibrary_alg import BUILDING_FIELDS, BUILDINGS

    transform = None
    if crs != "EPSG:4550":
        transform = QgsCoordinateTransform(QgsCoordinateReferenceSystem("EPSG:4550"),
                                           QgsCoordinateReferenceSystem(crs), QgsProject.instance())
    fields = {k: v for k, v in BUILDING_FIELDS.items() if k != drop_field}
    rows = []
    for bid, c, bno, u, comm, g, r in BUILDINGS:
        geom = (geometries or {}).get(bid, rect(*r))
        if geom is not None and transform is not None:
            geom = type(geom)(geom)
            geom.transform(transform)
        values = dict(zip(BUILDING_FIELDS, (bid, c, bno, u, comm, g)))
        rows.append((geom, {k: v for k, v in values.items() if k in fields}))
    kind = QgsWkbTypes.MultiPolygon if multi else QgsWkbTypes.Polygon
    return write_layer(str(folder.parent / "库.gpkg"), name, kind, fields, rows, True, crs=crs)


def geometry(wkt):
    """A QgsGeometry in EPSG:4550 from WKT in metres from (X0, Y0)."""
    from qgis.core import QgsGeometry

    from tests.processing.layers import X0, Y0

    def shift(m):
        return "{} {}".format(X0 + float(m.group(1)), Y0 + float(m.group(2)))
    return QgsGeometry.fromWkt(re.sub(r"(-?[\d.]+) (-?[\d.]+)", shift, wkt))


BOWTIE = "POLYGON((0 40,20 50,20 40,0 50,0 40))"  # B03's footprint crossing itself
SLIVERS = "MULTIPOLYGON(((130 0,150 0,150 10,130 10,130 0)),((150 0,150.001 0,150.001 10,150 10,150 0)))"


def compounds(folder):
    """The compounds of the hand-drawn library with the data model's fields (compound_id …)."""
    from qgis.core import QgsWkbTypes

    from cityhealth_plugin.core import schema
    from tests.processing.layers import rect, write_layer

    rows = [(rect(-5, -5, 55, 15), {"compound_id": "C1", "compound_name": "天福家园南区"}),
            (rect(-5, 35, 25, 55), {"compound_id": "C2", "compound_name": "天福家园北区"}),
            (rect(95, -5, 185, 15), {"compound_id": "C3", "compound_name": "明仁小区"})]
    return write_layer(str(folder.parent / "小区.gpkg"), "小区", QgsWkbTypes.MultiPolygon,
                       schema.COMPOUND_FIELDS, rows, True)


def workbook_part_missing(folder):
    """A zip that says it is a workbook but lost its xl/workbook.xml (a damaged central directory)."""
    path = workbook(folder / "缺工作簿.xlsx", [HEADER] + ROWS)
    patch_zip(path, lambda parts: parts.update({"x": parts.pop("xl/workbook.xml")}))


DATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data")


def encrypted_xls(folder):
    """A real password-protected .xls (RC4; password 1234), saved by LibreOffice 7.4 through UNO
    (storeToURL with FilterName "MS Excel 97" and Password): the one committed binary (5.6 KB)."""
    import shutil

    shutil.copy(os.path.join(DATA, "加密.xls"), str(folder / "加密文件.xls"))
