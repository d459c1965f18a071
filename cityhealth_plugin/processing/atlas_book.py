"""The printed atlas: a template bound to the ledger's layers, filled page by page.

:class:`AtlasBook` owns a private ``QgsProject`` (the user's project is never touched) with the
layers of one round: buildings coloured by problem count, problem points by category, the chosen
units (outline, and highlight on the locator map), all units of the level (locator background)
and a table layer of the problem list (personal data already masked by ``core``). The template's
atlas runs over the chosen units; per unit page the title block, photos, chart, indicator table and
page number are filled in from ``core``'s plan, then ``QgsLayoutExporter`` draws the page.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from typing import Callable, Dict, List, Optional, Sequence, Tuple

from qgis.core import (
    QgsFeature,
    QgsLayoutItemLabel,
    QgsLayoutItemPicture,
    QgsLayoutTableColumn,
    QgsProject,
    QgsRectangle,
    QgsVectorLayer,
)
from qgis.PyQt.QtCore import QCoreApplication

from ..core.maps import atlas as plan
from ..core.maps.chart import bar_chart_svg
from ..core.schema import SOURCE_CITIZEN
from . import layout as lay
from . import map_styles
from .qgis_compat import make_field


def status_label(code: str) -> str:
    """The text of an assessment status on a page (translated)."""
    labels = {
        "red": QCoreApplication.translate("AtlasBook", "Red warning"),
        "yellow": QCoreApplication.translate("AtlasBook", "Yellow warning"),
        "ok": QCoreApplication.translate("AtlasBook", "OK"),
    }
    return labels.get(code, "—")


def status_colour(code: str):
    return {"red": lay.RED, "yellow": lay.YELLOW, "ok": lay.GREEN}.get(code)


class AtlasBook:
    """Pages of an atlas over ``units`` (sorted) of one level and round."""

    def tr(self, text: str) -> str:
        return QCoreApplication.translate("AtlasBook", text)

    def __init__(
        self, template: str, crs, level_title: str, round_no: int, date: str, quality: lay.Quality
    ):
        self.project = QgsProject()
        self.project.setCrs(crs)
        self.crs = crs
        self.level_title = level_title
        self.round_no = round_no
        self.date = date
        self.quality = quality
        self.family = lay.layout_family()
        self.layout, self.missing = lay.load_template(self.project, lay.template_path(template))
        lay.apply_fonts(self.layout, self.family)
        lay.prepare_layout(self.layout, quality)
        self.tmp = tempfile.mkdtemp(prefix="cityhealth_atlas_")
        self.photo_items = self._numbered(lay.PHOTO_ID)
        self.caption_items = self._numbered(lay.CAPTION_ID)
        self.units: List[plan.Unit] = []
        self.problems: Dict[str, List[plan.Problem]] = {}
        self.unit_values: Dict[str, Dict] = {}
        self.indicator_names: Dict[str, str] = {}
        self.ledger_folder = ""
        self.coverage: Optional[QgsVectorLayer] = None
        self.all_units: Optional[QgsVectorLayer] = None
        self.problem_rows = 0
        self._extra_layouts: List = []

    def _numbered(self, pattern: str) -> List:
        found, n = [], 1
        while self.layout.itemById(pattern.format(n)) is not None:
            found.append(self.layout.itemById(pattern.format(n)))
            n += 1
        return found

    def close(self) -> None:
        """Free the layouts before their project (a layout outliving its project crashes QGIS)."""
        shutil.rmtree(self.tmp, ignore_errors=True)
        self._extra_layouts = []
        self.layout = None  # (no gc.collect(): in a task's thread it would free main-thread objects)
        self.coverage = None
        self.all_units = None
        self.project.removeAllMapLayers()
        self.project = None

    # --- layers ---------------------------------------------------------------------------
    def bind(
        self,
        units: Sequence[plan.Unit],
        geometries: Dict[str, object],
        buildings: QgsVectorLayer,
        points: QgsVectorLayer,
        all_units: QgsVectorLayer,
        problems: Dict[str, List[plan.Problem]],
        categories: Sequence[str],
    ) -> None:
        """Add the layers to the private project and bind them to the template's items."""
        self.units = list(units)
        self.problems = problems
        coverage = QgsVectorLayer(
            "Polygon?crs={}".format(self.crs.authid()), self.tr("Unit outline"), "memory"
        )
        provider = coverage.dataProvider()
        provider.addAttributes(
            [make_field("uid", str), make_field("name", str), make_field("atlas_order", int)]
        )
        coverage.updateFields()
        feats = []
        for i, unit in enumerate(self.units):
            feat = QgsFeature(coverage.fields())
            feat.setAttributes([unit.uid, unit.name, i])
            feat.setGeometry(geometries[unit.uid])
            feats.append(feat)
        provider.addFeatures(feats)
        coverage.setRenderer(map_styles.single(map_styles.outline()))
        self.coverage = coverage
        self.all_units = all_units

        highlight = QgsVectorLayer(
            "Polygon?crs={}".format(self.crs.authid()), self.tr("This unit"), "memory"
        )
        highlight.dataProvider().addAttributes([make_field("uid", str)])
        highlight.updateFields()
        rows = []
        for feat in feats:
            copy = QgsFeature(highlight.fields())
            copy.setAttributes([feat["uid"]])
            copy.setGeometry(feat.geometry())
            rows.append(copy)
        highlight.dataProvider().addFeatures(rows)
        highlight.setRenderer(
            map_styles.highlight_renderer("\"uid\" = attribute(@atlas_feature, 'uid')")
        )

        buildings.setName(self.tr("Buildings by number of problems"))
        buildings.setRenderer(map_styles.buildings_renderer())
        points.setName(self.tr("Problems by category"))
        points.setRenderer(map_styles.problems_renderer(categories))
        all_units.setName(self.level_title)
        all_units.setRenderer(map_styles.single(map_styles.fill("#e3e3e3", "#ffffff", 0.1)))
        for layer in (buildings, points, all_units):
            layer.setLabelsEnabled(
                False
            )  # the ledger's default styles label buildings: too crowded here
        table_layer = self._problem_table_layer()
        for layer in (buildings, points, coverage, all_units, highlight, table_layer):
            self.project.addMapLayer(layer, False)
        root = self.project.layerTreeRoot()
        for layer in (points, coverage, buildings):
            root.addLayer(layer)

        atlas = self.layout.atlas()
        atlas.setCoverageLayer(coverage)
        atlas.setEnabled(True)
        atlas.setHideCoverage(False)
        atlas.setSortFeatures(True)
        atlas.setSortExpression('"atlas_order"')
        atlas.setPageNameExpression('"name"')
        main = self.layout.itemById(lay.ID_MAIN_MAP)
        main.setLayers([points, coverage, buildings])
        main.setAtlasDriven(True)
        main.setCrs(self.crs)
        locator = self.layout.itemById(lay.ID_LOCATOR)
        if locator is not None:
            locator.setLayers([highlight, all_units])
            locator.setCrs(self.crs)
            extent = QgsRectangle(all_units.extent())
            extent.scale(1.05)
            lay.zoom_map(locator, extent)
        legend = self.layout.itemById(lay.ID_LEGEND)
        if legend is not None:
            legend.setAutoUpdateModel(False)
            group = legend.model().rootGroup()
            group.removeAllChildren()
            for layer in (points, coverage, buildings):
                group.addLayer(layer)
            legend.setLinkedMap(main)
            legend.setLegendFilterByMapEnabled(True)
            legend.refresh()
        north = self.layout.itemById(lay.ID_NORTH)
        if north is not None:
            lay.setup_picture(north, lay.NORTH_ARROW)
        self._bind_problem_table(table_layer)

    def _problem_table_layer(self) -> QgsVectorLayer:
        layer = QgsVectorLayer("None", self.tr("Problem list"), "memory")
        names = ("unit", "problem", "category", "severity", "status", "place", "date", "source")
        layer.dataProvider().addAttributes([make_field(n, str) for n in names])
        layer.updateFields()
        feats = []
        for unit in self.units:
            for row in plan.problem_rows(self.problems.get(unit.uid, [])):
                feat = QgsFeature(layer.fields())
                feat.setAttributes(
                    [
                        unit.uid,
                        row.problem,
                        row.category,
                        row.severity,
                        row.status or "—",
                        row.place,
                        row.date,
                        self.tr("Residents") if row.source == SOURCE_CITIZEN else self.tr("Survey"),
                    ]
                )
                feats.append(feat)
        layer.dataProvider().addFeatures(feats)
        return layer

    def _bind_problem_table(self, layer: QgsVectorLayer) -> None:
        table = lay.item(self.layout, lay.ID_PROBLEMS)
        if table is None:
            return
        frame = self.layout.itemById(lay.ID_PROBLEMS)
        width = lay.table_width(frame)
        table.setVectorLayer(layer)
        columns = []
        for attribute, heading, share in (
            ("problem", self.tr("Problem"), 0.27),
            ("category", self.tr("Category"), 0.15),
            ("severity", self.tr("Severity"), 0.11),
            ("status", self.tr("Status"), 0.10),
            ("source", self.tr("Reported by"), 0.07),
            ("place", self.tr("Location"), 0.30),
        ):
            column = QgsLayoutTableColumn(heading)
            column.setAttribute(attribute)
            column.setWidth(max(6.0, width * share - 2 * 0.8 - 0.3))
            columns.append(column)
        table.setColumns(columns)
        table.setWrapBehavior(table.TruncateText)
        table.setFilterFeatures(True)
        table.setFeatureFilter("\"unit\" = attribute(@atlas_feature, 'uid')")
        row_height = 4.2
        self.problem_rows = max(1, int((frame.sizeWithUnits().height() - row_height - 1) // row_height))
        table.setMaximumNumberOfFeatures(self.problem_rows)
        table.setCellMargin(0.8)
        table.setContentTextFormat(lay.text_format(7))
        table.setHeaderTextFormat(lay.text_format(7, True))
        table.refreshAttributes()

    # --- pages ----------------------------------------------------------------------------
    def _set_text(self, item_id: str, text: str) -> None:
        found = self.layout.itemById(item_id)
        if isinstance(found, QgsLayoutItemLabel):
            found.setText(text)

    def fill_unit(self, index: int, unit: plan.Unit, page_number: int) -> None:
        """Seek the atlas to ``unit`` and fill every per-unit item."""
        atlas = self.layout.atlas()
        atlas.seekTo(index)
        problems = self.problems.get(unit.uid, [])
        self._set_text(lay.ID_TITLE, unit.name or unit.uid)
        self._set_text(lay.ID_PLACE, unit.place() or "—")
        self._set_text(
            lay.ID_ROUND, self.tr("Round {round} · {date}").format(round=self.round_no, date=self.date)
        )
        self._set_text(lay.ID_PAGE, str(page_number))
        chosen = plan.choose_photos(problems, len(self.photo_items))
        for i, picture in enumerate(self.photo_items):
            caption = self.caption_items[i] if i < len(self.caption_items) else None
            if i < len(chosen):
                path, problem = chosen[i]
                lay.setup_picture(picture, os.path.join(self.ledger_folder, path))
                picture.setVisibility(True)
                if caption is not None:
                    caption.setText(
                        "{}（{}）\n{}".format(problem.problem, problem.severity, problem.place)
                    )
                    caption.setVisibility(True)
            else:
                picture.setVisibility(False)
                if caption is not None:
                    caption.setText(self.tr("No photos") if i == 0 and not chosen else "")
                    caption.setVisibility(i == 0 and not chosen)
        chart = self.layout.itemById(lay.ID_CHART)
        if isinstance(chart, QgsLayoutItemPicture):
            counts = plan.category_counts(problems, other=self.tr("Other"))
            size = chart.sizeWithUnits()
            svg = bar_chart_svg(
                counts,
                self.tr("Problems by category"),
                self.family,
                width=size.width() * 6,
                height=size.height() * 6,
                empty_text=self.tr("No problems"),
            )
            path = os.path.join(self.tmp, "chart_{}.svg".format(index))
            with open(path, "w", encoding="utf-8") as handle:
                handle.write(svg)
            lay.setup_picture(chart, path)
        table = lay.item(self.layout, lay.ID_INDICATORS)
        if table is not None:
            rows = plan.indicator_rows(self.unit_values.get(unit.uid, {}), self.indicator_names)
            values = self.unit_values.get(unit.uid, {})
            body = [[r.name, plan.format_value(r.value), status_label(r.status)] for r in rows]
            colours = [status_colour(r.status) for r in rows]
            if values.get("grade"):
                body.append(
                    [
                        self.tr("Score / grade"),
                        plan.format_value(values.get("score")),
                        str(values["grade"]),
                    ]
                )
                colours.append(None)
            width = lay.table_width(self.layout.itemById(lay.ID_INDICATORS)) - 3 * 2 * 0.6 - 0.5
            lay.set_table(
                table,
                [self.tr("Indicator"), self.tr("Value"), self.tr("Status")],
                body,
                colours,
                size=6,
                widths=[width * 0.64, width * 0.12, width * 0.24],
                margin=0.6,
            )
        note = self.layout.itemById(lay.ID_PROBLEMS_NOTE)
        if isinstance(note, QgsLayoutItemLabel):
            total = len(problems)
            shown = min(total, self.problem_rows)
            text = (
                self.tr("{total} problems; the {shown} most severe are listed.").format(
                    total=total, shown=shown
                )
                if total > shown
                else self.tr("{total} problems.").format(total=total)
            )
            citizen = plan.citizen_count(problems)
            if citizen:
                text += " " + self.tr("{citizen} of them reported by residents.").format(citizen=citizen)
            note.setText(text)

    def pages(
        self, document: plan.Document, title: str, cover_lines: List[str], contents_header: Sequence[str]
    ) -> List[Tuple[object, Optional[Callable[[], None]]]]:
        """``(layout, prepare)`` of every page of ``document`` (cover, contents, units)."""
        size = lay.page_size(self.layout)
        pages: List[Tuple[object, Optional[Callable[[], None]]]] = []
        if document.cover:
            extent = None
            for unit in document.units:
                feat = self._coverage_feature(unit.uid)
                if feat is not None:
                    box = feat.geometry().boundingBox()
                    extent = box if extent is None else extent
                    extent.combineExtentWith(box)
            extent.scale(1.1)
            # the book's units outlined over every unit of the level (not the buildings: the cover of
            # a city-wide book would draw every building of the city)
            layers = [self.coverage, self.all_units]
            subtitle = "{} · {}".format(
                self.level_title, self.tr("Round {round}").format(round=self.round_no)
            )
            if document.key:
                subtitle = "{} · {}".format(document.key, subtitle)
            cover = lay.cover_layout(self.project, size, title, subtitle, cover_lines, layers, extent)
            lay.prepare_layout(cover, self.quality)
            self._extra_layouts.append(cover)
            pages.append((cover, None))
        for number, chunk in enumerate(document.contents()):
            rows = [[str(n), unit.name or unit.uid, unit.place(), str(page)] for n, unit, page in chunk]
            contents = lay.contents_layout(
                self.project,
                size,
                self.tr("Contents"),
                contents_header,
                rows,
                (2 if document.cover else 1) + number,
            )
            lay.prepare_layout(contents, self.quality)
            self._extra_layouts.append(contents)
            pages.append((contents, None))
        order = {u.uid: i for i, u in enumerate(self.units)}
        for i, unit in enumerate(document.units):
            pages.append(
                (self.layout, (lambda u=unit, n=document.page_of(i): self.fill_unit(order[u.uid], u, n)))
            )
        return pages

    def _coverage_feature(self, uid: str):
        for feat in self.coverage.getFeatures("\"uid\" = '{}'".format(uid.replace("'", "''"))):
            return feat
        return None

    def begin(self) -> None:
        self.layout.atlas().beginRender()

    def end(self) -> None:
        self.layout.atlas().endRender()
