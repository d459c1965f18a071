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


def test_thematic_classes_of_counts_do_not_overlap(plugin):
    from cityhealth_plugin.processing.map_styles import RAMP, graduated_renderer

    values = [0, 0, 0, 1, 1, 2, 3, 5, 8, 9, 12, 13, 20]
    renderer, n = graduated_renderer("cat_gas", values)
    labels = [r.label() for r in renderer.ranges()]
    assert n == 5 and len(labels) == 5
    assert labels[0].startswith("0")
    # each class starts one above the previous upper bound: no count falls into two classes
    for previous, current in zip(renderer.ranges(), renderer.ranges()[1:]):
        assert current.label().split(" – ")[0] == str(int(previous.upperValue()) + 1)
    colours = [r.symbol().color().name() for r in renderer.ranges()]
    assert colours[0] == RAMP[0] and colours[-1] == RAMP[-1]
    assert all(r.symbol().color().alpha() == 255 for r in renderer.ranges())
    few, m = graduated_renderer("x", [0, 2, 2])
    assert m == 2 and [r.label() for r in few.ranges()] == ["0", "2"]
