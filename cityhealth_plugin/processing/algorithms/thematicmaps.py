"""cityhealth:thematicmaps — one city-level map per indicator or problem category (PNG and PDF)."""

from __future__ import annotations

import os

from qgis.core import (
    QgsLayoutItemLegend,
    QgsLayoutItemMap,
    QgsLayoutItemPicture,
    QgsLayoutItemScaleBar,
    QgsLayoutPoint,
    QgsLayoutSize,
    QgsLegendStyle,
    QgsProcessingAlgorithm,
    QgsProcessingException,
    QgsProcessingOutputMultipleLayers,
    QgsProcessingOutputNumber,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFile,
    QgsProcessingParameterFolderDestination,
    QgsProcessingParameterNumber,
    QgsProcessingParameterString,
    QgsProject,
    QgsRectangle,
    QgsScaleBarSettings,
    QgsUnitTypes,
)
from qgis.PyQt.QtCore import Qt

from ...core import schema
from ...core.catalogue import load_catalogue, load_indicators
from ...core.feedback import check
from ...core.maps import atlas as plan
from .. import layout as lay
from .. import map_styles, store
from ..base import CityHealthAlgorithm
from ..io import to_float, to_int

LEVELS = ("block", "compound", "community", "district")
MM = QgsUnitTypes.LayoutMillimeters
PAGE = (297.0, 210.0)  # A4 landscape


class ThematicMapsAlgorithm(CityHealthAlgorithm):
    ALG_ID = "thematicmaps"
    GROUP = "maps"

    def displayName(self):  # noqa: N802 (QGIS API name)
        return self.tr("Thematic maps of indicators and problem categories (PNG and PDF)")

    def shortHelpString(self):  # noqa: N802
        return self.tr(
            "One map per chosen ledger field at city level, for reports and slides: the units of the "
            "level coloured in five natural-break classes, district outlines, legend, title, scale bar, "
            "north arrow and a source note. Each map is written as PNG and PDF into the output folder. "
            "FIELDS is a comma-separated list of ledger fields (ind_house_001 …, cat_gas …, "
            "problems_total, problems_per_100hh); empty = every housing indicator and every problem "
            "category that has at least one problem in the round."
        )

    def flags(self):
        # layouts are drawn on the main thread (as QGIS's own layout export algorithms do)
        return super().flags() | QgsProcessingAlgorithm.FlagNoThreading

    def initAlgorithm(self, config=None):  # noqa: N802
        self.addParameter(
            QgsProcessingParameterFile(
                "LEDGER", self.tr("Spatial ledger (GeoPackage)"), fileFilter="GeoPackage (*.gpkg)"
            )
        )
        self.addParameter(
            QgsProcessingParameterEnum(
                "LEVEL",
                self.tr("Level"),
                [self.tr("Block"), self.tr("Compound"), self.tr("Community"), self.tr("District")],
                defaultValue=0,
            )
        )
        self.addParameter(
            QgsProcessingParameterNumber(
                "ROUND", self.tr("Round (year; 0 = latest in the ledger)"), defaultValue=0, minValue=0
            )
        )
        self.addParameter(
            QgsProcessingParameterString(
                "FIELDS",
                self.tr("Fields to map (comma-separated; empty = all)"),
                optional=True,
                defaultValue="",
            )
        )
        self.addParameter(
            QgsProcessingParameterEnum(
                "QUALITY",
                self.tr("Quality"),
                [self.tr("Screen (150 dpi, compressed photos)"), self.tr("Print (300 dpi, lossless)")],
                defaultValue=0,
            )
        )
        self.addParameter(QgsProcessingParameterFolderDestination("OUTPUT", self.tr("Output folder")))
        self.addOutput(QgsProcessingOutputMultipleLayers("FILES", self.tr("Files written")))
        self.addOutput(QgsProcessingOutputNumber("MAPS", self.tr("Maps written")))

    def _field_names(self, ledger_fields, catalogue, indicators):
        categories = dict(catalogue.categories())
        names = {i.code: i.name_cn for i in indicators}
        result = {
            "problems_total": self.tr("Problems"),
            "problems_open": self.tr("Open problems"),
            "problems_per_100hh": self.tr("Problems per 100 households"),
        }
        for field in ledger_fields:
            low = field.lower()
            if low.startswith("ind_"):
                result[field] = names.get(plan.indicator_code(field), field)
            elif low.startswith("cat_"):
                result[field] = categories.get(field[4:].upper(), field)
        return result

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        # Re-raised outside the except block: the original traceback (whose frames hold layers)
        # is freed now, not at interpreter exit, where freeing a layer after QGIS crashes.
        message = None
        try:
            return self._run(parameters, context, feedback)
        except QgsProcessingException as error:
            message = str(error)
        raise QgsProcessingException(message)

    def _run(self, parameters, context, feedback):
        ledger = self.parameterAsFile(parameters, "LEDGER", context)
        if not ledger or not store.ledger_exists(ledger):
            raise QgsProcessingException(self.tr("The ledger {path} does not exist.").format(path=ledger))
        level = LEVELS[self.parameterAsEnum(parameters, "LEVEL", context)]
        layer_name = schema.ledger_layer(level)
        folder = self.parameterAsString(parameters, "OUTPUT", context)
        quality = lay.QUALITY[("screen", "print")[self.parameterAsEnum(parameters, "QUALITY", context)]]
        base = store.ledger_layer(ledger, layer_name)
        if not base.isValid():
            raise QgsProcessingException(
                self.tr("Cannot open {what} ({uri}).").format(
                    what=layer_name, uri=store.ledger_uri(ledger, layer_name)
                )
            )
        round_no = self.parameterAsInt(parameters, "ROUND", context)
        if not round_no:
            rounds = [to_int(v) for v in base.uniqueValues(base.fields().indexOf("round"))]
            round_no = max(r for r in rounds if r is not None)
        subset = '"round" = {}'.format(round_no)
        units = store.ledger_layer(ledger, layer_name, subset)
        districts = store.ledger_layer(ledger, schema.ledger_layer("district"), subset, "d")
        names = self._field_names(units.fields().names(), load_catalogue(), load_indicators())
        wanted = [
            f.strip()
            for f in (self.parameterAsString(parameters, "FIELDS", context) or "").split(",")
            if f.strip()
        ]
        values = {f: [] for f in units.fields().names()}
        for feat in units.getFeatures():
            for f in values:
                values[f].append(feat[f])
        if wanted:
            unknown = [f for f in wanted if units.fields().indexOf(f) < 0]
            if unknown:
                raise QgsProcessingException(
                    self.tr("{layer} has no field «{field}».").format(
                        layer=layer_name, field=", ".join(unknown)
                    )
                )
        else:
            wanted = [
                f
                for f in units.fields().names()
                if f.lower().startswith(("ind_", "cat_")) and sum(to_float(v) or 0 for v in values[f]) > 0
            ]
        level_title = {
            "block": self.tr("block"),
            "compound": self.tr("compound"),
            "community": self.tr("community"),
            "district": self.tr("district"),
        }[level]
        os.makedirs(folder, exist_ok=True)
        files = []
        project = QgsProject()
        project.setCrs(units.crs())
        for layer in (units, districts):
            layer.setLabelsEnabled(False)
            project.addMapLayer(layer, False)
        districts.setRenderer(map_styles.single(map_styles.outline("#333333", 0.6)))
        for n, field in enumerate(wanted):
            check(feedback, n, len(wanted))
            numbers = [to_float(v) for v in values[field]]
            renderer, _classes = map_styles.graduated_renderer(field, [v for v in numbers if v is not None])
            units.setRenderer(renderer)
            title = names.get(field, field)
            units.setName(title)
            layout = self._layout(
                project, units, districts, title, level_title, round_no, os.path.basename(ledger)
            )
            lay.prepare_layout(layout, quality)
            stem = os.path.join(folder, plan.file_name(field, title, ""))
            ok, error = lay.export_pdf(
                lay.PageIterator([(layout, None)]), stem + ".pdf", lay.pdf_settings(quality), None
            )
            if not ok or not lay.export_image(layout, stem + ".png", quality.dpi):
                raise QgsProcessingException(
                    self.tr("Could not write {path}: {error}").format(path=stem, error=error)
                )
            del layout  # before the project: a layout must not outlive it
            files += [stem + ".png", stem + ".pdf"]
            feedback.pushInfo(self.tr("Wrote {path}").format(path=stem + ".png / .pdf"))
        check(feedback, len(wanted), len(wanted))
        project.removeAllMapLayers()
        return {"OUTPUT": folder, "FILES": files, "MAPS": len(wanted)}

    def _layout(self, project, units, districts, title, level, round_no, source):
        w, h = PAGE
        layout = lay.new_layout(project, PAGE)
        lay.add_label(layout, title, 12, 8, w - 24, 12, 20, bold=True)
        lay.add_label(
            layout,
            self.tr("Round {round}, by {level}").format(round=round_no, level=level),
            12,
            20,
            w - 24,
            7,
            10,
        )
        main = QgsLayoutItemMap(layout)
        main.attemptMove(QgsLayoutPoint(12, 30, MM))
        main.attemptResize(QgsLayoutSize(200, 165, MM))
        main.setFrameEnabled(True)
        main.setCrs(units.crs())
        main.setLayers([districts, units])
        layout.addLayoutItem(main)
        extent = QgsRectangle(units.extent())
        extent.scale(1.05)
        lay.zoom_map(main, extent)
        legend = QgsLayoutItemLegend(layout)
        legend.setTitle(self.tr("Legend"))
        legend.setAutoUpdateModel(False)
        legend.model().rootGroup().removeAllChildren()
        legend.model().rootGroup().addLayer(units)
        legend.setStyleFont(QgsLegendStyle.Title, lay.font(11, True))
        legend.setStyleFont(QgsLegendStyle.Subgroup, lay.font(9, True))
        legend.setStyleFont(QgsLegendStyle.SymbolLabel, lay.font(9))
        legend.setLinkedMap(main)
        legend.attemptMove(QgsLayoutPoint(220, 30, MM))
        legend.attemptResize(QgsLayoutSize(65, 90, MM))
        legend.setResizeToContents(False)
        legend.setFrameEnabled(True)
        layout.addLayoutItem(legend)
        bar = QgsLayoutItemScaleBar(layout)
        bar.setStyle("Single Box")
        bar.setLinkedMap(main)
        bar.setUnits(QgsUnitTypes.DistanceMeters)
        bar.setUnitLabel(self.tr("m"))
        bar.setNumberOfSegments(2)
        bar.setNumberOfSegmentsLeft(0)
        bar.setSegmentSizeMode(QgsScaleBarSettings.SegmentSizeFitWidth)
        bar.setMinimumBarWidth(20)
        bar.setMaximumBarWidth(50)
        bar.setTextFormat(lay.text_format(8))
        bar.attemptMove(QgsLayoutPoint(220, 125, MM))
        bar.attemptResize(QgsLayoutSize(60, 12, MM))
        layout.addLayoutItem(bar)
        north = QgsLayoutItemPicture(layout)
        north.attemptMove(QgsLayoutPoint(220, 142, MM))
        north.attemptResize(QgsLayoutSize(12, 18, MM))
        layout.addLayoutItem(north)
        lay.setup_picture(north, lay.NORTH_ARROW)
        lay.add_label(
            layout,
            self.tr("Source: city health check ledger {file}, round {round}.").format(
                file=source, round=round_no
            ),
            12,
            198,
            w - 24,
            6,
            8,
            align=Qt.AlignmentFlag.AlignLeft,
        )
        return layout
