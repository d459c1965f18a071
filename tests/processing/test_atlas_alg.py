"""cityhealth:atlas and cityhealth:thematicmaps on the hand-built ledger of atlas_fixture.py.

The PDFs are checked with poppler (pdfinfo, pdftotext, pdffonts, pdfimages) like a reader would:
page count, unit names searchable on their pages (门 must come out as 门, not the radical ⻔),
fonts embedded, photos on the pages of units that have photos, nothing personal on any page.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess

import pytest

from tests.processing.atlas_fixture import BLOCKS, PHONE, build_assessment, build_ledger


def pdf_pages(path):
    info = subprocess.run(["pdfinfo", path], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))


def page_text(path, page):
    return subprocess.run(
        ["pdftotext", "-f", str(page), "-l", str(page), path, "-"], capture_output=True, text=True, check=True
    ).stdout


def images_per_page(path):
    out = subprocess.run(["pdfimages", "-list", path], capture_output=True, text=True, check=True).stdout
    counts = {}
    for line in out.splitlines()[2:]:
        parts = line.split()
        if parts and parts[0].isdigit():
            counts[int(parts[0])] = counts.get(int(parts[0]), 0) + 1
    return counts


def fonts(path):
    out = subprocess.run(["pdffonts", path], capture_output=True, text=True, check=True).stdout
    return [line.split() for line in out.splitlines()[2:] if line.strip()]


@pytest.fixture()
def ledger(plugin, tmp_path):
    return build_ledger(str(tmp_path / "体检 台账"))


def run_atlas(ledger, output, **extra):
    import processing

    params = {
        "LEDGER": ledger,
        "LEVEL": 0,
        "ROUND": 2025,
        "FILTER": "",
        "SORT": "name",
        "SPLIT": 0,
        "TEMPLATE": "a3_landscape",
        "QUALITY": 0,
        "OUTPUT": output,
    }
    params.update(extra)
    return processing.run("cityhealth:atlas", params)


def test_atlas_pages_text_fonts_and_photos(ledger, tmp_path):
    out = str(tmp_path / "图集" / "街区图集.pdf")
    result = run_atlas(ledger, out, FILTER='"problems_total" > 0')
    assert result["UNITS"] == 2 and result["FILES"] == [out]
    # 2 units + cover + contents; by name: 交通门街区 (交 U+4EA4) before 西门二号街区 (西 U+897F)
    assert pdf_pages(out) == 4
    assert result["PAGES"] == 4
    contents = page_text(out, 2)
    assert BLOCKS["BLK-1"] in contents and BLOCKS["BLK-2"] in contents
    assert BLOCKS["BLK-3"] not in contents
    first, second = page_text(out, 3), page_text(out, 4)
    # the real 门 (U+95E8), not the radical ⻔ (U+2ED4) of Noto Sans CJK's text layer
    assert "交通门街区" in first and "西门二号街区" in second
    assert not any(0x2E80 <= ord(c) <= 0x2FDF for c in first + second + contents)
    assert "甲区 / 西门街道 / 中心社区" in first
    for row in fonts(out):
        assert row[-5] == "yes", row  # emb column: every font embedded
    assert any("WenQuanYi" in row[0] or "CJK" in row[0] for row in fonts(out))
    images = images_per_page(out)
    assert images.get(3) == 3  # P1's two photos and P2's one photo on 交通门街区's page
    assert 4 not in images  # 西门二号街区 has no photo
    everything = subprocess.run(["pdftotext", out, "-"], capture_output=True, text=True).stdout
    assert PHONE not in everything and "张三" not in everything
    assert "燃气立管锈蚀" in first  # the problem list of the unit


def test_moved_folder_still_shows_photos(ledger, tmp_path):
    moved = str(tmp_path / "别处" / "台账副本")
    shutil.copytree(os.path.dirname(ledger), moved)
    shutil.rmtree(os.path.dirname(ledger))
    out = os.path.join(moved, "图集.pdf")
    run_atlas(os.path.join(moved, "体检台账.gpkg"), out, FILTER="\"block_id\" = 'BLK-1'")
    assert pdf_pages(out) == 3
    assert images_per_page(out).get(3) == 3


def test_missing_photo_files_are_left_out(ledger, tmp_path):
    os.remove(os.path.join(os.path.dirname(ledger), "体检台账_photos", "2025", "P1-a.png"))
    out = str(tmp_path / "缺照片.pdf")
    run_atlas(ledger, out, FILTER="\"block_id\" = 'BLK-1'")
    assert images_per_page(out).get(3) == 2  # P1-b and P2-a; no placeholder for the missing one


def test_assessment_warnings_filter_and_table(ledger, tmp_path):
    from cityhealth_plugin.processing.atlas_book import status_label

    assessment = build_assessment(os.path.dirname(ledger))
    out = str(tmp_path / "红色预警.pdf")
    result = run_atlas(ledger, out, ASSESSMENT=assessment, FILTER='"red_warnings" > 0')
    assert result["UNITS"] == 1
    text = page_text(out, 3)
    assert "交通门街区" in text
    assert status_label("red") in text and status_label("ok") in text
    assert "较差" in text  # the grade of the assessment
    assert "存在结构安全隐患的住宅数量" in text  # IND-HOUSE-001's name from the indicator catalogue


def test_split_per_district_and_a4_template(ledger, tmp_path):
    out = str(tmp_path / "分区" / "图集.pdf")
    result = run_atlas(ledger, out, SPLIT=1, TEMPLATE="a4_portrait", SORT="district,name")
    names = sorted(os.path.basename(f) for f in result["FILES"])
    assert names == ["图集_甲区.pdf", "图集_乙区.pdf"] or names == sorted(["图集_甲区.pdf", "图集_乙区.pdf"])
    pages = {os.path.basename(f): pdf_pages(f) for f in result["FILES"]}
    assert pages == {"图集_甲区.pdf": 3, "图集_乙区.pdf": 4}
    assert not os.path.exists(out)


def test_cancel_leaves_no_pdf(ledger, tmp_path):
    import processing
    from qgis.core import QgsProcessingException, QgsProcessingFeedback

    feedback = QgsProcessingFeedback()
    feedback.progressChanged.connect(lambda value: feedback.cancel() if value > 70 else None)

    folder = tmp_path / "取消"
    folder.mkdir()
    out = str(folder / "图集.pdf")
    with pytest.raises(QgsProcessingException):
        processing.run(
            "cityhealth:atlas",
            {"LEDGER": ledger, "LEVEL": 0, "ROUND": 2025, "OUTPUT": out},
            feedback=feedback,
        )
    assert os.listdir(str(folder)) == []


def test_bad_filter_is_a_clear_error(ledger, tmp_path):
    from qgis.core import QgsProcessingException

    with pytest.raises(QgsProcessingException, match="no_such_field|not a valid|failed"):
        run_atlas(ledger, str(tmp_path / "x.pdf"), FILTER='"no_such_field" > (')


def test_compound_atlas_and_preview(ledger, tmp_path):
    from qgis.PyQt.QtGui import QImage

    out, preview = str(tmp_path / "小区图集.pdf"), str(tmp_path / "预览.png")
    result = run_atlas(ledger, out, LEVEL=1, FILTER="\"street\" = '西门街道'", PREVIEW=preview)
    assert result["UNITS"] == 1 and pdf_pages(out) == 3
    assert "天福家园" in page_text(out, 3)
    assert not QImage(preview).isNull()


def test_thematicmaps_png_and_pdf_per_field(ledger, tmp_path):
    import processing
    from qgis.PyQt.QtGui import QImage

    folder = str(tmp_path / "专题图")
    result = processing.run(
        "cityhealth:thematicmaps",
        {"LEDGER": ledger, "LEVEL": 0, "ROUND": 0, "FIELDS": "cat_gas,ind_house_001", "OUTPUT": folder},
    )
    assert result["MAPS"] == 2
    names = sorted(os.listdir(folder))
    assert names == sorted(
        [
            "cat_gas_燃气安全.pdf",
            "cat_gas_燃气安全.png",
            "ind_house_001_存在结构安全隐患的住宅数量.pdf",
            "ind_house_001_存在结构安全隐患的住宅数量.png",
        ]
    )
    for name in names:
        path = os.path.join(folder, name)
        if name.endswith(".png"):
            assert not QImage(path).isNull()
        else:
            assert pdf_pages(path) == 1
            assert "燃气安全" in page_text(path, 1) or "存在结构安全隐患的住宅数量" in page_text(path, 1)
    # empty FIELDS: every category and indicator with at least one problem (cat_gas, cat_stair, 2 indicators)
    again = processing.run(
        "cityhealth:thematicmaps",
        {"LEDGER": ledger, "LEVEL": 0, "ROUND": 2025, "FIELDS": "", "OUTPUT": str(tmp_path / "全部")},
    )
    assert again["MAPS"] == 4
