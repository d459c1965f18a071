"""cityhealth:hotspots — local Getis–Ord Gi* and local Moran's I (LISA) with FDR-corrected classes."""

from __future__ import annotations

import math

import numpy as np
from qgis.core import (
    QgsCoordinateTransform,
    QgsFeature,
    QgsFeatureSink,
    QgsFields,
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterDistance,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterField,
    QgsProcessingParameterNumber,
    QgsWkbTypes,
)

from ...core.analysis import spatial_stats
from ...core.feedback import Canceled
from ..base import CityHealthAlgorithm
from ..geometry import local_projected_crs
from ..io import make_fields, to_float
from ..spatial_weights import distance_neighbours, duplicate_locations, knn_neighbours, queen_neighbours

#: The fields added to the input's (input fields of the same name are replaced).
OUTPUT_SPEC = (("gi_z", float), ("gi_p", float), ("gi_class", int), ("gi_label", str), ("lisa_i", float),
               ("lisa_z", float), ("lisa_p", float), ("lisa_q", int), ("lisa_label", str),
               ("n_neighbours", int))
QUEEN, DISTANCE_BAND, KNN = 0, 1, 2


class HotspotsAlgorithm(CityHealthAlgorithm):
    """Gi* z / p, hot and cold spots at 90 / 95 / 99 % and local Moran's I with its quadrant."""

    ALG_ID = "hotspots"
    GROUP = "analysis"

    INPUT = "INPUT"
    FIELD = "FIELD"
    NEIGHBOURS = "NEIGHBOURS"
    DISTANCE = "DISTANCE"
    K = "K"
    FDR = "FDR"
    OUTPUT = "OUTPUT"

    def displayName(self) -> str:  # noqa: N802
        return self.tr("Hot spots and clusters (Gi*, local Moran's I)")

    def shortHelpString(self) -> str:  # noqa: N802
        return self.tr(
            "Finds where the values of FIELD cluster (问题聚集区), e.g. problems per 100 households per "
            "block.\n\n"
            "Neighbours: 0 = queen contiguity (polygons sharing an edge or a corner), 1 = distance band "
            "(features whose points or polygon centroids lie within DISTANCE), 2 = the K nearest "
            "features. Points at the same location are each other's neighbours (distance 0).\n\n"
            "gi_z, gi_p: local Getis–Ord Gi* (binary weights, the feature itself included; Ord & Getis "
            "1995), analytical z-score and two-sided p-value. gi_class: +3 / +2 / +1 hot spot and −3 / "
            "−2 / −1 cold spot at 99 / 95 / 90 % confidence, 0 not significant; with FDR the "
            "Benjamini–Hochberg false-discovery-rate correction decides significance. lisa_i, lisa_z, "
            "lisa_p, lisa_q: local Moran's I (row-standardised weights; Anselin 1995) with its "
            "analytical z-score under randomisation, two-sided p-value and quadrant (1 high–high, "
            "2 low–high, 3 low–low, 4 high–low). The figures equal PySAL esda's (G_Local star=True "
            "transform B; Moran_Local). n_neighbours: the number of neighbours.\n\n"
            "Input attributes are kept. Features without a value or without neighbours get no "
            "statistic (NULL) and are counted in a warning. A layer in a geographic CRS is measured in "
            "a local projected CRS (UTM, metres; DISTANCE then in metres). A constant field has no "
            "clusters: all statistics NULL.")

    def initAlgorithm(self, config=None):  # noqa: N802
        self.addParameter(QgsProcessingParameterFeatureSource(
            self.INPUT, self.tr("Points or polygons"),
            [QgsProcessing.TypeVectorPoint, QgsProcessing.TypeVectorPolygon]))
        self.addParameter(QgsProcessingParameterField(
            self.FIELD, self.tr("Value field"), None, self.INPUT, QgsProcessingParameterField.Numeric))
        self.addParameter(QgsProcessingParameterEnum(
            self.NEIGHBOURS, self.tr("Neighbours"),
            [self.tr("Queen contiguity (polygons)"), self.tr("Distance band"), self.tr("K nearest")],
            False, QUEEN))
        self.addParameter(QgsProcessingParameterDistance(
            self.DISTANCE, self.tr("Distance band (distance band only)"), 500.0, self.INPUT, False, 0.0))
        self.addParameter(QgsProcessingParameterNumber(
            self.K, self.tr("Number of nearest neighbours (K nearest only)"),
            QgsProcessingParameterNumber.Integer, 8, False, 1, 1000))
        self.addParameter(QgsProcessingParameterBoolean(
            self.FDR, self.tr("False-discovery-rate correction (Benjamini–Hochberg)"), True))
        self.addParameter(QgsProcessingParameterFeatureSink(self.OUTPUT, self.tr("Hot spots")))

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        source = self.parameterAsSource(parameters, self.INPUT, context)
        if source is None:
            raise QgsProcessingException(self.invalidSourceError(parameters, self.INPUT))
        field = self.parameterAsString(parameters, self.FIELD, context)
        mode = self.parameterAsEnum(parameters, self.NEIGHBOURS, context)
        fdr = self.parameterAsBool(parameters, self.FDR, context)
        polygons = QgsWkbTypes.geometryType(source.wkbType()) == QgsWkbTypes.PolygonGeometry
        if mode == QUEEN and not polygons:
            raise QgsProcessingException(self.tr(
                "Queen contiguity needs polygons; for points choose a distance band or K nearest."))
        feats = list(source.getFeatures())
        values = [to_float(f[field]) for f in feats]
        try:
            neighbours = self._neighbours(parameters, context, feedback, source, feats, mode, polygons)
            result = spatial_stats.hotspots(values, neighbours, fdr, feedback)
        except Canceled:
            raise QgsProcessingException(self.tr("Cancelled.")) from None
        self._report(feedback, result, field)
        return {self.OUTPUT: self._write(parameters, context, source, feats, result)}

    def _neighbours(self, parameters, context, feedback, source, feats, mode, polygons):
        geoms = [f.geometry() if f.hasGeometry() else None for f in feats]
        if mode == QUEEN:
            return queen_neighbours(geoms, feedback, 0.0, 90.0)
        crs = source.sourceCrs()
        target = local_projected_crs(crs, source.sourceExtent(), context.transformContext())
        transform = None
        if target != crs:
            transform = QgsCoordinateTransform(crs, target, context.transformContext())
            feedback.pushInfo(self.tr("{0} is a geographic CRS: distances are measured in {1} "
                                      "(metres).").format(crs.authid(), target.authid()))
        xy = np.full((len(geoms), 2), np.nan)
        for i, geom in enumerate(geoms):
            if geom is None or geom.isNull() or geom.isEmpty():
                continue
            point = geom.centroid() if polygons or geom.isMultipart() else geom
            if transform is not None:
                point.transform(transform)
            p = point.asPoint()
            xy[i] = (p.x(), p.y())
        duplicates = duplicate_locations(xy)
        if duplicates:
            feedback.pushInfo(self.tr("{0} features share their location with another one; they are "
                                      "each other's neighbours (distance 0).").format(duplicates))
        if mode == DISTANCE_BAND:
            distance = self.parameterAsDouble(parameters, self.DISTANCE, context)
            return distance_neighbours(xy, distance, feedback, 0.0, 90.0)
        k = self.parameterAsInt(parameters, self.K, context)
        return knn_neighbours(xy, k, feedback, 0.0, 90.0)

    def _report(self, feedback, result, field):
        if result.missing:
            feedback.pushWarning(self.tr("{0} features have no value in «{1}»: no statistic (NULL).").format(
                result.missing, field))
        if result.islands:
            feedback.pushWarning(self.tr("{0} features have no neighbour: no statistic (NULL). Choose "
                                         "another neighbourhood (distance band, K nearest) to include "
                                         "them.").format(result.islands))
        if result.too_few:
            feedback.pushWarning(self.tr("Fewer than 3 features have a value: no statistic."))
        elif result.constant:
            feedback.pushWarning(self.tr("«{0}» has the same value everywhere: there are no clusters, "
                                         "all statistics are NULL.").format(field))
        else:
            hot = sum(1 for c in result.gi_class if c is not None and c > 0)
            cold = sum(1 for c in result.gi_class if c is not None and c < 0)
            text = self.tr("{0} hot spots and {1} cold spots (at least 90 % confidence{2}).")
            feedback.pushInfo(text.format(
                hot, cold, self.tr(", FDR-corrected") if result.fdr else ""))

    def _labels(self):
        gi = {3: self.tr("Hot spot, 99 % confidence"), 2: self.tr("Hot spot, 95 % confidence"),
              1: self.tr("Hot spot, 90 % confidence"), 0: self.tr("Not significant"),
              -1: self.tr("Cold spot, 90 % confidence"), -2: self.tr("Cold spot, 95 % confidence"),
              -3: self.tr("Cold spot, 99 % confidence")}
        lisa = {1: self.tr("High–high"), 2: self.tr("Low–high"), 3: self.tr("Low–low"),
                4: self.tr("High–low")}
        return gi, lisa

    def _write(self, parameters, context, source, feats, result):
        ours = make_fields(OUTPUT_SPEC)
        fields = QgsFields()
        kept = [i for i, f in enumerate(source.fields()) if ours.lookupField(f.name()) < 0]
        for i in kept:
            fields.append(source.fields().at(i))
        for f in ours:
            fields.append(f)
        sink, dest = self.parameterAsSink(parameters, self.OUTPUT, context, fields, source.wkbType(),
                                          source.sourceCrs())
        if sink is None:
            raise QgsProcessingException(self.invalidSinkError(parameters, self.OUTPUT))
        gi_labels, lisa_labels = self._labels()
        out = []
        for k, feat in enumerate(feats):
            new = QgsFeature(fields)
            new.setGeometry(feat.geometry())
            attrs = feat.attributes()
            cls, quad = result.gi_class[k], result.lisa_q[k]
            new.setAttributes([attrs[i] for i in kept] + [
                _num(result.gi_z[k]), _num(result.gi_p[k]), cls, gi_labels.get(cls), _num(result.lisa_i[k]),
                _num(result.lisa_z[k]), _num(result.lisa_p[k]), quad, lisa_labels.get(quad),
                result.neighbours[k]])
            out.append(new)
        if out and not sink.addFeatures(out, QgsFeatureSink.FastInsert):
            raise QgsProcessingException(self.writeFeatureError(sink, parameters, self.OUTPUT))
        return dest


def _num(value):
    return None if value is None or math.isnan(value) else value
