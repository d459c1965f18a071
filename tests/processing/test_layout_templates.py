"""The shipped atlas templates: every item our code fills, opaque items only, an explicit CJK font."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize("key,size", [("a3_landscape", (420, 297)), ("a4_portrait", (210, 297))])
def test_template_has_our_items_and_nothing_semi_transparent(plugin, key, size):
    from qgis.core import QgsLayoutItemLabel, QgsProject

    from cityhealth_plugin.processing import layout as lay

    project = QgsProject()
    layout, missing = lay.load_template(project, lay.template_path(key))
    assert missing == []
    assert lay.page_size(layout) == size
    for item_id in (
        lay.ID_TITLE,
        lay.ID_PLACE,
        lay.ID_ROUND,
        lay.ID_PAGE,
        lay.ID_MAIN_MAP,
        lay.ID_LOCATOR,
        lay.ID_LEGEND,
        lay.ID_SCALEBAR,
        lay.ID_NORTH,
        lay.ID_CHART,
        lay.ID_INDICATORS,
        lay.ID_PROBLEMS,
        lay.PHOTO_ID.format(1),
        lay.PHOTO_ID.format(4),
    ):
        assert layout.itemById(item_id) is not None, item_id
    assert layout.itemById(lay.ID_MAIN_MAP).atlasDriven()
    for item in layout.items():
        if hasattr(item, "itemOpacity"):
            assert item.itemOpacity() == 1.0, item.id()
            assert item.blendMode() == 0, item.id()
    lay.apply_fonts(layout)
    labels = [i for i in layout.items() if isinstance(i, QgsLayoutItemLabel)]
    assert labels and all(label.font().family() == lay.layout_family() for label in labels)
    assert lay.layout_family()  # a CJK font is installed (fonts-wqy-microhei / fonts-noto-cjk)
    del layout
