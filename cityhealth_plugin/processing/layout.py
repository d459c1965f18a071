"""Layout plumbing shared by the atlas and thematic map algorithms (and the map export dialog).

- the shipped ``.qpt`` templates (``layouts/``) and the item ids our code fills in;
- the CJK font of every text item, chosen once (:func:`layout_family`, see ``core/maps/fonts.py``);
- quality presets (dpi and image compression) and PDF export settings that keep text as text and
  never rasterise a page (no semi-transparent item, no advanced effects);
- cover and contents pages built in code on the template's paper size;
- :class:`PageIterator`, a ``QgsAbstractLayoutIterator`` over cover, contents and unit pages, so
  that one ``QgsLayoutExporter.exportToPdf`` call writes the whole book with progress and cancel;
- :func:`export_pdf`: write to a temporary file next to the target and replace it only on success.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from typing import Callable, Iterable, List, Optional, Sequence, Tuple

from qgis.core import (
    QgsAbstractLayoutIterator,
    QgsLayoutExporter,
    QgsLayoutFrame,
    QgsLayoutItem,
    QgsLayoutItemLabel,
    QgsLayoutItemLegend,
    QgsLayoutItemManualTable,
    QgsLayoutItemMap,
    QgsLayoutItemPicture,
    QgsLayoutItemScaleBar,
    QgsLayoutPoint,
    QgsLayoutRenderContext,
    QgsLayoutSize,
    QgsLegendStyle,
    QgsPrintLayout,
    QgsReadWriteContext,
    QgsRectangle,
    QgsRenderContext,
    QgsTableCell,
    QgsTextFormat,
    QgsUnitTypes,
)
from qgis.PyQt.QtCore import Qt
from qgis.PyQt.QtGui import QColor, QFont, QFontDatabase
from qgis.PyQt.QtXml import QDomDocument

from ..core.maps.fonts import choose_family

LAYOUTS_DIR = os.path.join(os.path.dirname(os.path.dirname(__file__)), "layouts")
NORTH_ARROW = os.path.join(LAYOUTS_DIR, "north_arrow.svg")
#: Shipped templates: key → file name (A3 landscape, A4 portrait).
TEMPLATES = {"a3_landscape": "atlas_a3_landscape.qpt", "a4_portrait": "atlas_a4_portrait.qpt"}

# --- item ids of a unit page template (a planner's own .qpt uses the same ids) -----------------
ID_TITLE = "title"  # label: unit name
ID_PLACE = "place"  # label: district / street / community
ID_ROUND = "round_date"  # label: round and date
ID_PAGE = "page_number"  # label: page number
ID_MAIN_MAP = "main_map"  # map, atlas driven
ID_LOCATOR = "locator_map"  # map, whole area with the unit highlighted
ID_LEGEND = "legend"
ID_SCALEBAR = "scalebar"
ID_NORTH = "north_arrow"  # picture
ID_CHART = "chart"  # picture (SVG written per page)
ID_INDICATORS = "indicators"  # frame of a manual table
ID_PROBLEMS = "problems"  # frame of an attribute table
ID_PROBLEMS_NOTE = "problems_note"  # label under the problem list
PHOTO_ID = "photo_{}"  # pictures photo_1 … photo_n
CAPTION_ID = "photo_caption_{}"  # labels under them
REQUIRED_IDS = (ID_TITLE, ID_MAIN_MAP)
#: Custom property of a table's frame: the width the table's columns share (a table frame's width
#: is the sum of its column widths, so the frame alone cannot say how wide the table may grow).
WIDTH_PROPERTY = "cityhealth_table_width"

RED = QColor("#e74c3c")
YELLOW = QColor("#f4d03f")
GREEN = QColor("#d5f5e3")


@dataclass(frozen=True)
class Quality:
    dpi: int
    lossless: bool


#: screen: 150 dpi, photos JPEG-compressed; print: 300 dpi, lossless images.
QUALITY = {"screen": Quality(150, False), "print": Quality(300, True)}


def template_path(key_or_path: str) -> str:
    """A shipped template key (``a3_landscape`` / ``a4_portrait``) or a path to a planner's .qpt."""
    if key_or_path in TEMPLATES:
        return os.path.join(LAYOUTS_DIR, TEMPLATES[key_or_path])
    return key_or_path


_FAMILY: Optional[str] = None


def layout_family() -> str:
    """The CJK font family our layouts use on this machine ("" when none is installed)."""
    global _FAMILY
    if _FAMILY is None:
        _FAMILY = choose_family(QFontDatabase().families())
    return _FAMILY


def font(size: float, bold: bool = False, family: Optional[str] = None) -> QFont:
    result = QFont(family if family is not None else layout_family())
    result.setPointSizeF(size)
    result.setBold(bold)
    return result


def text_format(size: float, bold: bool = False, colour: str = "#222222") -> QgsTextFormat:
    fmt = QgsTextFormat()
    fmt.setFont(font(size, bold))
    fmt.setSize(size)
    fmt.setSizeUnit(QgsUnitTypes.RenderPoints)
    fmt.setColor(QColor(colour))
    return fmt


def _refont(current: QFont, family: str) -> QFont:
    new = QFont(current)
    new.setFamily(family)
    return new


def apply_fonts(layout, family: Optional[str] = None) -> None:
    """Set ``family`` (default :func:`layout_family`) on every text of ``layout``, keeping sizes."""
    family = family if family is not None else layout_family()
    if not family:
        return
    for item in layout.items():
        if isinstance(item, QgsLayoutItemLabel):
            item.setFont(_refont(item.font(), family))
        elif isinstance(item, QgsLayoutItemLegend):
            for style in (
                QgsLegendStyle.Title,
                QgsLegendStyle.Group,
                QgsLegendStyle.Subgroup,
                QgsLegendStyle.SymbolLabel,
            ):
                item.setStyleFont(style, _refont(item.styleFont(style), family))
        elif isinstance(item, QgsLayoutItemScaleBar):
            fmt = item.textFormat()
            fmt.setFont(_refont(fmt.font(), family))
            item.setTextFormat(fmt)
    for table in layout.multiFrames():
        if hasattr(table, "contentTextFormat"):
            for getter, setter in (
                ("contentTextFormat", "setContentTextFormat"),
                ("headerTextFormat", "setHeaderTextFormat"),
            ):
                fmt = getattr(table, getter)()
                fmt.setFont(_refont(fmt.font(), family))
                getattr(table, setter)(fmt)


def prepare_layout(layout, quality: Quality) -> None:
    """Resolution, image compression and no advanced effects (blend modes would rasterise pages)."""
    context = layout.renderContext()
    context.setDpi(quality.dpi)
    context.setFlag(QgsLayoutRenderContext.FlagLosslessImageRendering, quality.lossless)
    context.setFlag(QgsLayoutRenderContext.FlagUseAdvancedEffects, False)
    context.setFlag(QgsLayoutRenderContext.FlagForceVectorOutput, True)


def pdf_settings(quality: Quality) -> QgsLayoutExporter.PdfExportSettings:
    settings = QgsLayoutExporter.PdfExportSettings()
    settings.dpi = quality.dpi
    settings.rasterizeWholeImage = False
    settings.forceVectorOutput = True
    settings.textRenderFormat = QgsRenderContext.TextFormatAlwaysText
    settings.simplifyGeometries = True
    settings.exportMetadata = False
    return settings


def load_template(project, path: str) -> Tuple[QgsPrintLayout, List[str]]:
    """A print layout from the ``.qpt`` at ``path``; also the required item ids it lacks."""
    with open(path, encoding="utf-8") as handle:
        document = QDomDocument()
        if not document.setContent(handle.read()):
            raise ValueError(path)
    layout = QgsPrintLayout(project)
    layout.initializeDefaults()
    _items, ok = layout.loadFromTemplate(document, QgsReadWriteContext(), True)
    if not ok:
        raise ValueError(path)
    missing = [i for i in REQUIRED_IDS if layout.itemById(i) is None]
    return layout, missing


def item(layout, item_id: str):
    """The item with ``item_id`` (a frame's multiframe for tables), or None."""
    found = layout.itemById(item_id)
    if isinstance(found, QgsLayoutFrame):
        return found.multiFrame()
    return found


def table_width(frame) -> float:
    """The width (mm) a table in ``frame`` may use (see :data:`WIDTH_PROPERTY`)."""
    try:
        return float(frame.customProperty(WIDTH_PROPERTY, frame.sizeWithUnits().width()))
    except (TypeError, ValueError):
        return frame.sizeWithUnits().width()


def page_size(layout) -> Tuple[float, float]:
    size = layout.pageCollection().page(0).pageSize()
    return size.width(), size.height()


def add_label(
    layout,
    text: str,
    x: float,
    y: float,
    w: float,
    h: float,
    size: float,
    bold: bool = False,
    align=Qt.AlignmentFlag.AlignLeft,
    item_id: str = "",
) -> QgsLayoutItemLabel:
    label = QgsLayoutItemLabel(layout)
    label.setText(text)
    label.setFont(font(size, bold))
    label.setHAlign(align)
    label.setVAlign(Qt.AlignmentFlag.AlignVCenter)
    label.attemptMove(QgsLayoutPoint(x, y, QgsUnitTypes.LayoutMillimeters))
    label.attemptResize(QgsLayoutSize(w, h, QgsUnitTypes.LayoutMillimeters))
    if item_id:
        label.setId(item_id)
    layout.addLayoutItem(label)
    return label


def new_layout(project, size: Tuple[float, float]) -> QgsPrintLayout:
    layout = QgsPrintLayout(project)
    layout.initializeDefaults()
    layout.pageCollection().page(0).setPageSize(
        QgsLayoutSize(size[0], size[1], QgsUnitTypes.LayoutMillimeters)
    )
    return layout


def add_manual_table(layout, x: float, y: float, w: float, h: float, item_id: str = ""):
    table = QgsLayoutItemManualTable.create(layout)
    layout.addMultiFrame(table)
    frame = QgsLayoutFrame(layout, table)
    frame.attemptMove(QgsLayoutPoint(x, y, QgsUnitTypes.LayoutMillimeters))
    frame.attemptResize(QgsLayoutSize(w, h, QgsUnitTypes.LayoutMillimeters))
    if item_id:
        frame.setId(item_id)
    table.addFrame(frame)
    return table


def set_table(
    table,
    header: Sequence[str],
    rows: Sequence[Sequence[str]],
    backgrounds: Optional[Sequence[Optional[QColor]]] = None,
    size: float = 8.0,
    widths: Optional[Sequence[float]] = None,
    margin: float = 1.0,
) -> None:
    """Fill a manual table: ``header`` row (bold), then ``rows``; ``backgrounds[i]`` colours the
    last cell of row ``i`` (the status)."""
    head = []
    for text in header:
        cell = QgsTableCell(text)
        cell.setTextFormat(text_format(size, True))
        cell.setBackgroundColor(QColor("#eeeeee"))
        head.append(cell)
    contents = [head]
    for i, row in enumerate(rows):
        cells = []
        for j, text in enumerate(row):
            cell = QgsTableCell(text)
            cell.setTextFormat(text_format(size))
            if backgrounds and backgrounds[i] is not None and j == len(row) - 1:
                cell.setBackgroundColor(backgrounds[i])
            cells.append(cell)
        contents.append(cells)
    table.setContentTextFormat(text_format(size))
    table.setHeaderTextFormat(text_format(size, True))
    table.setIncludeTableHeader(False)
    table.setCellMargin(margin)
    table.setWrapBehavior(QgsLayoutItemManualTable.WrapText)
    table.setTableContents(contents)
    if widths:
        table.setColumnWidths(list(widths))


def cover_layout(
    project,
    size: Tuple[float, float],
    title: str,
    subtitle: str,
    lines: Iterable[str],
    overview_layers=None,
    overview_extent=None,
) -> QgsPrintLayout:
    """Cover page: title, subtitle, a few lines and (optionally) a map of all units of the book."""
    w, h = size
    layout = new_layout(project, size)
    add_label(layout, title, 15, h * 0.10, w - 30, 20, 30, bold=True, align=Qt.AlignmentFlag.AlignHCenter)
    add_label(layout, subtitle, 15, h * 0.10 + 22, w - 30, 12, 16, align=Qt.AlignmentFlag.AlignHCenter)
    text = "\n".join(lines)
    if overview_layers:
        top = h * 0.10 + 40
        map_h = h - top - 50
        overview = QgsLayoutItemMap(layout)
        overview.attemptMove(QgsLayoutPoint(25, top, QgsUnitTypes.LayoutMillimeters))
        overview.attemptResize(QgsLayoutSize(w - 50, map_h, QgsUnitTypes.LayoutMillimeters))
        overview.setFrameEnabled(True)
        overview.setLayers(overview_layers)
        layout.addLayoutItem(overview)
        if overview_extent is not None:
            zoom_map(overview, overview_extent)
        add_label(layout, text, 25, top + map_h + 4, w - 50, 40, 12, align=Qt.AlignmentFlag.AlignHCenter)
    else:
        add_label(layout, text, 25, h * 0.45, w - 50, 60, 13, align=Qt.AlignmentFlag.AlignHCenter)
    add_label(layout, "1", w / 2 - 10, h - 10, 20, 6, 9, align=Qt.AlignmentFlag.AlignHCenter)
    return layout


def contents_layout(
    project,
    size: Tuple[float, float],
    heading: str,
    header: Sequence[str],
    rows: Sequence[Sequence[str]],
    page_number: int,
) -> QgsPrintLayout:
    """One contents page: heading and a table of ``rows`` (number, name, place, page)."""
    w, h = size
    layout = new_layout(project, size)
    add_label(layout, heading, 15, 10, w - 30, 14, 22, bold=True, align=Qt.AlignmentFlag.AlignHCenter)
    table = add_manual_table(layout, 20, 30, w - 40, h - 45)
    set_table(table, header, rows, size=10, widths=[18, (w - 40) * 0.38, (w - 40) * 0.38, 18])
    add_label(layout, str(page_number), w / 2 - 10, h - 10, 20, 6, 9, align=Qt.AlignmentFlag.AlignHCenter)
    return layout


class PageIterator(QgsAbstractLayoutIterator):
    """Pages of one PDF for ``QgsLayoutExporter.exportToPdf``: ``(layout, prepare)`` each.

    ``prepare()`` runs just before its page is drawn (seek the atlas, fill the page's items); the
    exporter reports progress per page and stops when the feedback is cancelled."""

    def __init__(self, pages: Sequence[Tuple[QgsPrintLayout, Optional[Callable[[], None]]]], cancel=None):
        super().__init__()
        self._pages = list(pages)
        self._index = -1
        #: the feedback whose cancel stops the export before the next page (the exporter only looks
        #: at the feedback it is given, which a multi-step child of a cancelled one may not be)
        self.cancel = cancel

    def beginRender(self) -> bool:  # noqa: N802 (QGIS API name)
        self._index = -1
        return bool(self._pages)

    def endRender(self) -> bool:  # noqa: N802
        return True

    def count(self) -> int:
        return len(self._pages)

    def next(self) -> bool:
        self._index += 1
        if self._index >= len(self._pages) or self.cancelled():
            return False
        prepare = self._pages[self._index][1]
        if prepare is not None:
            prepare()
        return True

    def cancelled(self) -> bool:
        return self.cancel is not None and self.cancel.isCanceled()

    def filePath(self, baseFilePath: str, extension: str) -> str:  # noqa: N802,N803
        return "{}.{}".format(baseFilePath, extension)

    def layout(self):
        return self._pages[max(self._index, 0)][0]


def export_pdf(iterator: QgsAbstractLayoutIterator, path: str, settings, feedback=None) -> Tuple[bool, str]:
    """Export every page of ``iterator`` into ``path`` atomically.

    The PDF is written next to ``path`` under a temporary name and moved over ``path`` only when
    every page was drawn: a failure or a cancel leaves no partial PDF (and an older file intact).
    Returns ``(ok, error)``; ``ok`` is False when cancelled."""
    folder = os.path.dirname(os.path.abspath(path)) or "."
    os.makedirs(folder, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".{}.".format(os.path.basename(path)), suffix=".tmp.pdf", dir=folder)
    os.close(fd)
    try:
        result, error = QgsLayoutExporter.exportToPdf(iterator, tmp, settings, feedback)
        cancelled = (feedback is not None and feedback.isCanceled()) or getattr(iterator, "cancelled", bool)()
        if result == QgsLayoutExporter.Success and not cancelled:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes the file private; the PDF is for sharing
            os.replace(tmp, path)
            return True, ""
        if cancelled or result == QgsLayoutExporter.Canceled:
            return False, ""
        return False, error or "QgsLayoutExporter error {}".format(result)
    finally:
        if os.path.exists(tmp):
            os.remove(tmp)


def zoom_map(map_item: QgsLayoutItemMap, extent) -> None:
    """Show ``extent`` in ``map_item``, widened to the item's aspect ratio.

    ``zoomToExtent`` alone computes the aspect from the map's current extent, which is empty in a
    map freshly created or loaded from a template (the result is NaN and the map stays blank)."""
    current = map_item.extent()
    if current.isEmpty() or not current.width() > 0:
        size = map_item.sizeWithUnits()
        # an extent of the item's own aspect ratio: setExtent resizes the item to the extent's ratio
        map_item.setExtent(QgsRectangle(0, 0, size.width(), size.height()))
    map_item.zoomToExtent(extent)


def export_image(layout, path: str, dpi: int, page: int = 0) -> bool:
    """Page ``page`` of ``layout`` as an image file (atomic)."""
    image = QgsLayoutExporter(layout).renderPageToImage(page, dpi=dpi)
    root, ext = os.path.splitext(path)
    tmp = "{}.tmp{}".format(root, ext)
    ok = image.save(tmp)
    if ok:
        os.replace(tmp, path)
    elif os.path.exists(tmp):
        os.remove(tmp)
    return ok


def setup_picture(picture: QgsLayoutItemPicture, path: str) -> None:
    """Show the raster or SVG at ``path`` in ``picture``, aspect kept, centred."""
    fmt = (
        QgsLayoutItemPicture.FormatSVG if path.lower().endswith(".svg") else QgsLayoutItemPicture.FormatRaster
    )
    picture.setResizeMode(QgsLayoutItemPicture.Zoom)
    picture.setPictureAnchor(QgsLayoutItem.Middle)
    picture.setPicturePath(path, fmt)
