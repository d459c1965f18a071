"""cityhealth:correlation — Pearson and Spearman between problem rates and drivers per block."""

from __future__ import annotations

import math
import os

from qgis.core import (
    QgsFeatureRequest,
    QgsGeometry,
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingParameterDistance,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterField,
    QgsProcessingParameterFileDestination,
    QgsProcessingParameterNumber,
    QgsProcessingParameterString,
    QgsSpatialIndex,
)
from qgis.PyQt.QtCore import QPointF, QRectF, Qt
from qgis.PyQt.QtGui import QColor, QFont, QImage, QPainter, QPen

from ...core.analysis import correlation as corr
from ...core.closedloop.workbook import write_table_workbook
from ...core.feedback import Canceled, check
from ..base import CityHealthAlgorithm
from ..geometry import PolygonIndex, local_projected_crs, transform_between
from ..io import remove_quietly, temp_path_next_to, to_float, to_int, to_text


class CorrelationAlgorithm(CityHealthAlgorithm):
    """Which block characteristics go with many problems: a table of r, ρ and p, and a plot matrix."""

    ALG_ID = "correlation"
    GROUP = "analysis"

    BLOCKS, BLOCK_FIELD, RATE_FIELDS = "BLOCKS", "BLOCK_FIELD", "RATE_FIELDS"
    BUILDINGS, COMPOUNDS, FACILITIES, RADIUS, YEAR = "BUILDINGS", "COMPOUNDS", "FACILITIES", "RADIUS", "YEAR"
    FACILITY_TYPES = "FACILITY_TYPES"
    OUTPUT, PLOT = "OUTPUT", "PLOT"

    def displayName(self) -> str:  # noqa: N802
        return self.tr("Correlation of problem rates with drivers")

    def shortHelpString(self) -> str:  # noqa: N802
        return self.tr(
            "Pearson's r and Spearman's ρ, each with its two-sided p-value (Student's t, n − 2 degrees of "
            "freedom), between every problem rate of RATE_FIELDS (default problems_per_100hh) and the "
            "candidate drivers of each block: population density (residents of the BUILDINGS whose "
            "centroid lies in the block per km² of block), share of residents aged 60 and over "
            "(residents_60 / residents), mean building age (YEAR − build_year), share of households in "
            "COMPOUNDS without property management (has_property = 0) and facility coverage (share of "
            "residents whose building lies within RADIUS of a FACILITIES point, of the FACILITY_TYPES when "
            "given). Blocks where a value "
            "is missing are left out of that pair (n says how many pairs counted).\n\n"
            "OUTPUT: an .xlsx with the sheet 相关分析 (one row per rate and driver) and 街区数据 (the "
            "values per block). PLOT: a scatter-plot matrix (PNG): scatter plots below the diagonal, "
            "r and ρ above it. Correlation is not causation: read it as a pointer to where to look.")

    def initAlgorithm(self, config=None):  # noqa: N802
        polygon = [QgsProcessing.TypeVectorPolygon]
        self.addParameter(QgsProcessingParameterFeatureSource(
            self.BLOCKS, self.tr("Blocks with problem rates"), polygon))
        self.addParameter(QgsProcessingParameterField(
            self.BLOCK_FIELD, self.tr("Block id field (default: block_id)"), "block_id", self.BLOCKS,
            optional=True))
        self.addParameter(QgsProcessingParameterField(
            self.RATE_FIELDS, self.tr("Problem rate fields (default: problems_per_100hh)"),
            "problems_per_100hh", self.BLOCKS, QgsProcessingParameterField.Numeric, allowMultiple=True,
            optional=True))
        self.addParameter(QgsProcessingParameterFeatureSource(
            self.BUILDINGS, self.tr("Buildings (residents, residents_60, build_year)"), polygon))
        self.addParameter(QgsProcessingParameterFeatureSource(
            self.COMPOUNDS, self.tr("Compounds (households, has_property; optional)"), polygon,
            optional=True))
        self.addParameter(QgsProcessingParameterFeatureSource(
            self.FACILITIES, self.tr("Facilities (optional)"), [QgsProcessing.TypeVectorAnyGeometry],
            optional=True))
        self.addParameter(QgsProcessingParameterString(
            self.FACILITY_TYPES, self.tr("Facility types counted (facility_type values, comma-separated; "
                                         "empty: all)"), "", optional=True))
        self.addParameter(QgsProcessingParameterDistance(
            self.RADIUS, self.tr("Facility radius"), 500.0, self.BUILDINGS, False, 0.0))
        self.addParameter(QgsProcessingParameterNumber(
            self.YEAR, self.tr("Year of the building age"), QgsProcessingParameterNumber.Integer, 2025, False,
            1900, 2200))
        self.addParameter(QgsProcessingParameterFileDestination(
            self.OUTPUT, self.tr("Correlation table"), self.tr("Excel workbook (*.xlsx)")))
        self.addParameter(QgsProcessingParameterFileDestination(
            self.PLOT, self.tr("Scatter-plot matrix"), self.tr("PNG image (*.png)")))

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        try:
            return self._run(parameters, context, feedback)
        except Canceled:
            raise QgsProcessingException(self.tr("Cancelled.")) from None

    def _source(self, parameters, name, context):
        source = self.parameterAsSource(parameters, name, context)
        if source is None and not self.parameterDefinition(name).flags() & 8:  # 8: FlagOptional
            raise QgsProcessingException(self.invalidSourceError(parameters, name))
        return source

    def _field(self, source, name, label):
        if source.fields().lookupField(name) < 0:
            raise QgsProcessingException(self.tr("{0} has no field «{1}».").format(label, name))
        return name

    def _run(self, parameters, context, feedback):
        blocks = self._source(parameters, self.BLOCKS, context)
        key = self._field(blocks, self.parameterAsString(parameters, self.BLOCK_FIELD, context) or "block_id",
                          self.tr("Blocks"))
        rates = self.parameterAsFields(parameters, self.RATE_FIELDS, context) or ["problems_per_100hh"]
        for name in rates:
            self._field(blocks, name, self.tr("Blocks"))
        buildings = self._source(parameters, self.BUILDINGS, context)
        for name in ("residents", "residents_60", "build_year"):
            self._field(buildings, name, self.tr("Buildings"))
        compounds = self._source(parameters, self.COMPOUNDS, context)
        facilities = self._source(parameters, self.FACILITIES, context)
        year = self.parameterAsInt(parameters, self.YEAR, context)
        crs = blocks.sourceCrs()
        target = local_projected_crs(crs, blocks.sourceExtent(), context.transformContext())
        index = PolygonIndex(self.tr("Blocks"), transform_between(crs, target, context.transformContext()))
        values = {}
        for feat in blocks.getFeatures():
            uid = to_text(feat[key])
            index.add(uid, feat.geometry())
            values[uid] = {name: to_float(feat[name]) for name in rates}
        near = self._facility_test(facilities, target, context, parameters)
        members = {uid: [] for uid in values}
        t = transform_between(buildings.sourceCrs(), target, context.transformContext())
        total = buildings.featureCount() or 1
        for k, feat in enumerate(buildings.getFeatures()):
            check(feedback, k, total, 0, 80)
            centre = _centre(feat.geometry(), t)
            uid = index.containing(centre)
            if uid is None:
                continue
            members[uid].append(corr.Building(
                uid, to_float(feat["residents"]) or 0.0, to_float(feat["residents_60"]),
                to_float(feat["build_year"]), None if near is None else near(centre)))
        homes = {uid: [] for uid in values}
        if compounds is not None:
            for name in ("households", "has_property"):
                self._field(compounds, name, self.tr("Compounds"))
            t = transform_between(compounds.sourceCrs(), target, context.transformContext())
            for feat in compounds.getFeatures():
                uid = index.containing(_centre(feat.geometry(), t))
                if uid is not None:
                    homes[uid].append((to_float(feat["households"]) or 0.0,
                                       bool(to_int(feat["has_property"]))))
        drivers = {uid: corr.block_drivers((index.get(uid).area() if index.get(uid) else 0.0) / 1e6,
                                           members[uid], homes[uid] if compounds is not None else [], year)
                   for uid in values}
        names = [d for d, _cn, _en in corr.DRIVERS]
        if compounds is None:
            names.remove("share_no_property")
        if facilities is None:
            names.remove("facility_coverage")
        units = sorted(values)
        results = [corr.correlate(rate, [values[u][rate] for u in units], d, [drivers[u][d] for u in units])
                   for rate in rates for d in names]
        feedback.setProgress(90)
        labels = {d: cn for d, cn, _en in corr.DRIVERS}
        out_path = self.parameterAsFileOutput(parameters, self.OUTPUT, context)
        headers = ["问题指标", "影响因素", "样本数", "Pearson r", "Pearson p", "Spearman ρ", "Spearman p"]
        # p unrounded: a p of 1e-22 must not read as 0
        rows = [[r.x, labels[r.y], r.n, _round(r.pearson), r.pearson_p, _round(r.spearman), r.spearman_p]
                for r in results]
        data = [[u] + [values[u][r] for r in rates] + [_round(drivers[u][d]) for d in names] for u in units]
        write_table_workbook(out_path, [("相关分析", headers, rows),
                                        ("街区数据", ["街区"] + rates + [labels[d] for d in names], data)])
        for r in results:
            feedback.pushInfo(self.tr("{0} × {1}: n = {2}, Pearson r = {3}, Spearman ρ = {4}").format(
                r.x, r.y, r.n, _round(r.pearson), _round(r.spearman)))
        columns = [(rate, [values[u][rate] for u in units]) for rate in rates]
        columns += [(labels[d], [drivers[u][d] for u in units]) for d in names]
        plot = self.parameterAsFileOutput(parameters, self.PLOT, context)
        draw_matrix(plot, columns)
        return {self.OUTPUT: out_path, self.PLOT: plot}

    def _facility_test(self, facilities, target, context, parameters):
        if facilities is None:
            return None
        radius = self.parameterAsDouble(parameters, self.RADIUS, context)
        text = self.parameterAsString(parameters, self.FACILITY_TYPES, context) or ""
        types = {t.strip() for t in text.replace("，", ",").split(",") if t.strip()}
        if types:
            self._field(facilities, "facility_type", self.tr("Facilities"))
        t = transform_between(facilities.sourceCrs(), target, context.transformContext())
        spatial = QgsSpatialIndex()
        points = {}
        for feat in facilities.getFeatures(QgsFeatureRequest()):
            if types and to_text(feat["facility_type"]) not in types:
                continue
            centre = _centre(feat.geometry(), t)
            if centre is not None:
                points[feat.id()] = centre
                spatial.addFeature(feat.id(), centre.boundingBox())

        def near(centre):
            if centre is None:
                return None
            box = centre.boundingBox().buffered(radius)
            return any(points[i].distance(centre) <= radius for i in spatial.intersects(box))
        return near


def _centre(geom, transform):
    if geom is None or geom.isNull() or geom.isEmpty():
        return None
    centre = QgsGeometry(geom.centroid())
    if transform is not None:
        centre.transform(transform)
    return centre


def _round(value, digits=6):
    return None if value is None else round(value, digits)


def draw_matrix(path: str, columns, cell: int = 220) -> None:
    """A scatter-plot matrix of ``columns`` [(name, values)] as PNG: scatter below the diagonal, the
    name on it, r and ρ above it; written through a temporary file."""
    k = len(columns)
    margin = 20
    image = QImage(k * cell + 2 * margin, k * cell + 2 * margin, QImage.Format.Format_ARGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    font = QFont()
    font.setPixelSize(13)
    painter.setFont(font)
    for i, (name_y, ys) in enumerate(columns):
        for j, (name_x, xs) in enumerate(columns):
            box = QRectF(margin + j * cell + 4, margin + i * cell + 4, cell - 8, cell - 8)
            painter.setPen(QPen(QColor("#999999"), 1))
            painter.drawRect(box)
            if i == j:
                painter.setPen(QColor("#1F4E78"))
                painter.drawText(box, int(Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap), name_x)
                continue
            px, py = corr.pairs(xs, ys)
            if i < j:
                result = corr.correlate(name_x, xs, name_y, ys)
                text = "r = {}\nρ = {}\nn = {}".format(_fmt(result.pearson), _fmt(result.spearman), result.n)
                painter.setPen(QColor("black"))
                painter.drawText(box, int(Qt.AlignmentFlag.AlignCenter), text)
                continue
            if not px:
                continue
            x0, x1, y0, y1 = min(px), max(px), min(py), max(py)
            sx = (box.width() - 16) / ((x1 - x0) or 1.0)
            sy = (box.height() - 16) / ((y1 - y0) or 1.0)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(200, 60, 40, 150))
            for a, b in zip(px, py):
                painter.drawEllipse(QPointF(box.left() + 8 + (a - x0) * sx, box.bottom() - 8 - (b - y0) * sy),
                                    2.5, 2.5)
            painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.end()
    tmp = temp_path_next_to(path) + ".png"
    try:
        if not image.save(tmp, "PNG"):
            raise OSError("could not write {}".format(path))
        os.replace(tmp, path)
    finally:
        remove_quietly(tmp)


def _fmt(value):
    return "—" if value is None or math.isnan(value) else "{:.2f}".format(value)
