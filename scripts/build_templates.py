"""Regenerate the shipped atlas templates cityhealth_plugin/layouts/atlas_*.qpt.

    QT_QPA_PLATFORM=offscreen PYTHONPATH=/usr/share/qgis/python/plugins:$PWD \
        .venv/bin/python scripts/build_templates.py

A template is one unit page whose items carry the ids of ``processing/layout.py`` (title, main_map,
locator_map, legend, scalebar, north_arrow, chart, indicators, problems, photo_1 …, page_number);
``cityhealth:atlas`` binds the layers and fills them per unit. A planner may move, resize or
restyle them in QGIS' layout designer and pass the saved .qpt as TEMPLATE. Static texts are
Chinese; colours are opaque (a semi-transparent item rasterises a PDF page).
"""

from __future__ import annotations

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from qgis.core import (  # noqa: E402
    QgsApplication,
    QgsLayoutFrame,
    QgsLayoutItemAttributeTable,
    QgsLayoutItemLegend,
    QgsLayoutItemMap,
    QgsLayoutItemPicture,
    QgsLayoutItemScaleBar,
    QgsLayoutPoint,
    QgsLayoutSize,
    QgsLegendStyle,
    QgsProject,
    QgsReadWriteContext,
    QgsRectangle,
    QgsScaleBarSettings,
    QgsUnitTypes,
)
from qgis.PyQt.QtCore import Qt  # noqa: E402
from qgis.PyQt.QtGui import QColor  # noqa: E402

MM = QgsUnitTypes.LayoutMillimeters

# Geometry of the two pages (millimetres): (x, y, w, h) per item.
A3 = {
    "size": (420, 297),
    "title": (10, 7, 300, 13, 22),
    "place": (10, 20, 300, 8, 11),
    "round_date": (300, 7, 110, 13, 11),
    "main_map": (10, 31, 245, 172),
    "scalebar": (14, 190, 70, 10),
    "north_arrow": (240, 34, 11, 16),
    "locator_head": (262, 31, 72, 6),
    "locator_map": (262, 37, 72, 58),
    "legend": (262, 99, 72, 104),
    "chart": (339, 31, 71, 64),
    "ind_head": (339, 99, 71, 6),
    "indicators": (339, 105, 71, 98),
    "photo_head": (10, 206, 245, 6),
    "photos": (10, 212, 245, 75, 4, 2),
    "prob_head": (262, 206, 148, 6),
    "problems": (262, 212, 148, 68),
    "problems_note": (262, 281, 148, 5),
    "page_number": (195, 289, 30, 6),
}
A4 = {
    "size": (210, 297),
    "title": (10, 7, 135, 12, 18),
    "place": (10, 19, 135, 7, 9),
    "round_date": (145, 7, 55, 12, 9),
    "main_map": (10, 28, 190, 108),
    "scalebar": (13, 124, 60, 10),
    "north_arrow": (187, 30, 9, 13),
    "locator_head": (10, 139, 45, 5),
    "locator_map": (10, 144, 45, 44),
    "legend": (58, 139, 60, 49),
    "legend_columns": 2,
    "chart": (121, 139, 79, 49),
    "photo_head": (10, 191, 190, 5),
    "photos": (10, 196, 190, 33, 4, 1),
    "ind_head": (10, 231, 92, 5),
    "indicators": (10, 236, 92, 51),
    "prob_head": (106, 231, 94, 5),
    "problems": (106, 236, 94, 46),
    "problems_note": (106, 282, 94, 5),
    "page_number": (90, 289, 30, 6),
}


def build(spec, path):
    from cityhealth_plugin.processing import layout as lay

    project = QgsProject()
    layout = lay.new_layout(project, spec["size"])
    layout.setName(os.path.splitext(os.path.basename(path))[0])

    def place(item, key):
        x, y, w, h = spec[key][:4]
        item.attemptMove(QgsLayoutPoint(x, y, MM))
        item.attemptResize(QgsLayoutSize(w, h, MM))

    x, y, w, h, size = spec["title"]
    lay.add_label(layout, "单元名称", x, y, w, h, size, bold=True, item_id=lay.ID_TITLE)
    x, y, w, h, size = spec["place"]
    lay.add_label(layout, "区 / 街道 / 社区", x, y, w, h, size, item_id=lay.ID_PLACE)
    x, y, w, h, size = spec["round_date"]
    lay.add_label(
        layout, "2025 年度体检", x, y, w, h, size, align=Qt.AlignmentFlag.AlignRight, item_id=lay.ID_ROUND
    )

    main = QgsLayoutItemMap(layout)
    main.setId(lay.ID_MAIN_MAP)
    main.setFrameEnabled(True)
    main.setAtlasDriven(True)
    main.setAtlasScalingMode(QgsLayoutItemMap.Auto)
    main.setAtlasMargin(0.12)
    layout.addLayoutItem(main)
    place(main, "main_map")
    lay.zoom_map(main, QgsRectangle(0, 0, 100, 100))  # a valid extent: the atlas only zooms from one

    locator = QgsLayoutItemMap(layout)
    locator.setId(lay.ID_LOCATOR)
    locator.setFrameEnabled(True)
    layout.addLayoutItem(locator)
    place(locator, "locator_map")
    lay.zoom_map(locator, QgsRectangle(0, 0, 100, 100))

    for key, text in (
        ("locator_head", "区位"),
        ("ind_head", "指标评估"),
        ("photo_head", "问题照片（最严重的问题）"),
        ("prob_head", "问题清单"),
    ):
        x, y, w, h = spec[key]
        lay.add_label(layout, text, x, y, w, h, 10, bold=True, item_id=key)

    legend = QgsLayoutItemLegend(layout)
    legend.setId(lay.ID_LEGEND)
    legend.setTitle("图例")
    legend.setLinkedMap(main)
    legend.setLegendFilterByMapEnabled(True)
    legend.setResizeToContents(False)
    legend.setStyleFont(QgsLegendStyle.Title, lay.font(10, True))
    legend.setStyleFont(QgsLegendStyle.Subgroup, lay.font(8, True))
    legend.setStyleFont(QgsLegendStyle.SymbolLabel, lay.font(7.5))
    legend.setSymbolHeight(3.2)
    legend.setSymbolWidth(5)
    legend.setFrameEnabled(True)
    legend.setColumnCount(spec.get("legend_columns", 1))
    layout.addLayoutItem(legend)
    place(legend, "legend")

    bar = QgsLayoutItemScaleBar(layout)
    bar.setId(lay.ID_SCALEBAR)
    bar.setStyle("Single Box")
    bar.setLinkedMap(main)
    bar.setUnits(QgsUnitTypes.DistanceMeters)
    bar.setUnitLabel("米")
    bar.setNumberOfSegments(2)
    bar.setNumberOfSegmentsLeft(0)
    bar.setSegmentSizeMode(QgsScaleBarSettings.SegmentSizeFitWidth)
    bar.setMinimumBarWidth(20)
    bar.setMaximumBarWidth(spec["scalebar"][2] - 15)
    bar.setTextFormat(lay.text_format(7))
    bar.setBackgroundEnabled(True)
    bar.setBackgroundColor(QColor("#ffffff"))
    layout.addLayoutItem(bar)
    place(bar, "scalebar")

    north = QgsLayoutItemPicture(layout)
    north.setId(lay.ID_NORTH)
    layout.addLayoutItem(north)
    place(north, "north_arrow")

    chart = QgsLayoutItemPicture(layout)
    chart.setId(lay.ID_CHART)
    chart.setFrameEnabled(True)
    layout.addLayoutItem(chart)
    place(chart, "chart")

    x, y, w, h = spec["indicators"]
    lay.add_manual_table(layout, x, y, w, h, item_id=lay.ID_INDICATORS)
    layout.itemById(lay.ID_INDICATORS).setCustomProperty(lay.WIDTH_PROPERTY, w)

    table = QgsLayoutItemAttributeTable.create(layout)
    layout.addMultiFrame(table)
    frame = QgsLayoutFrame(layout, table)
    frame.setId(lay.ID_PROBLEMS)
    table.addFrame(frame)
    place(frame, "problems")
    frame.setCustomProperty(lay.WIDTH_PROPERTY, spec["problems"][2])
    table.setContentTextFormat(lay.text_format(7))
    table.setHeaderTextFormat(lay.text_format(7, True))
    table.setEmptyTableBehavior(table.ShowMessage)
    table.setEmptyTableMessage("无问题")
    x, y, w, h = spec["problems_note"]
    lay.add_label(layout, "", x, y, w, h, 7, item_id=lay.ID_PROBLEMS_NOTE)

    x, y, w, h, columns, rows = spec["photos"]
    cell_w, cell_h = w / columns, h / rows
    n = 0
    for r in range(rows):
        for c in range(columns):
            n += 1
            px, py = x + c * cell_w, y + r * cell_h
            picture = QgsLayoutItemPicture(layout)
            picture.setId(lay.PHOTO_ID.format(n))
            picture.setFrameEnabled(True)
            layout.addLayoutItem(picture)
            picture.attemptMove(QgsLayoutPoint(px + 1, py, MM))
            picture.attemptResize(QgsLayoutSize(cell_w - 2, cell_h - 9, MM))
            lay.add_label(
                layout, "", px + 1, py + cell_h - 9, cell_w - 2, 8, 6.5, item_id=lay.CAPTION_ID.format(n)
            )

    x, y, w, h = spec["page_number"]
    lay.add_label(layout, "1", x, y, w, h, 9, align=Qt.AlignmentFlag.AlignHCenter, item_id=lay.ID_PAGE)
    layout.saveAsTemplate(path, QgsReadWriteContext())
    print("wrote", path)


def main():
    QgsApplication.setPrefixPath("/usr", True)
    app = QgsApplication([], False)
    app.initQgis()
    from cityhealth_plugin.processing.layout import LAYOUTS_DIR

    build(A3, os.path.join(LAYOUTS_DIR, "atlas_a3_landscape.qpt"))
    build(A4, os.path.join(LAYOUTS_DIR, "atlas_a4_portrait.qpt"))
    app.exitQgis()


if __name__ == "__main__":
    main()
