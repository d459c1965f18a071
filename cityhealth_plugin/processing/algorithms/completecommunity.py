"""cityhealth:completecommunity — complete-community facility check per unit, candidate sites (issue 14)."""

from __future__ import annotations

from collections import defaultdict
from typing import Dict, List, Tuple

from qgis.core import (
    QgsCoordinateTransform,
    QgsFeature,
    QgsFeatureSink,
    QgsGeometry,
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterField,
    QgsProcessingParameterFile,
    QgsProcessingParameterNumber,
    QgsRectangle,
    QgsSpatialIndex,
    QgsWkbTypes,
)

from ...core.feedback import Canceled
from ...core.messages import CityHealthError
from ...core.planning import complete
from ..base import CityHealthAlgorithm, translate_message
from ..io import make_fields, to_float, to_int, to_text

UNIT_FIELDS = {"unit_id": str, "households": int, "gaps": int, "gap_list": str}
GAP_FIELDS = {"unit_id": str, "facility_type": str, "name_cn": str, "radius_m": float, "min_size_m2": float,
              "households": int, "covered": int, "coverage": float, "area_m2": float, "required_m2": float,
              "size_ok": int, "gap": int}
SITE_FIELDS = {"site_id": str, "facility_type": str, "new_households": int, "rank": int}


class CompleteCommunityAlgorithm(CityHealthAlgorithm):
    """Each facility group of the complete-community standard checked per unit; candidate sites ranked."""

    ALG_ID = "completecommunity"
    GROUP = "planning"

    UNITS = "UNITS"
    UNIT_FIELD = "UNIT_FIELD"
    BUILDINGS = "BUILDINGS"
    HOUSEHOLDS_FIELD = "HOUSEHOLDS_FIELD"
    FACILITIES = "FACILITIES"
    PARKS = "PARKS"
    CANDIDATES = "CANDIDATES"
    CANDIDATE_ID_FIELD = "CANDIDATE_ID_FIELD"
    STANDARD = "STANDARD"
    MIN_COVERAGE = "MIN_COVERAGE"
    OUTPUT = "OUTPUT"
    GAPS = "GAPS"
    SITES = "SITES"

    def displayName(self) -> str:  # noqa: N802
        return self.tr("Complete community (facility gaps and candidate sites)")

    def shortHelpString(self) -> str:  # noqa: N802
        return self.tr(
            "For each unit (community, or a joint-management area layer), every facility group of the "
            "complete-community standard (完整社区; the table resources/complete_community.csv: type, radius,"
            " minimum size, source) is checked: a building is served when a facility of that type (the "
            "facilities' facility_type; parks from the park layer, size area_m2) of at least the minimum "
            "size (a facility of unknown size counts) lies within the radius. A unit has a gap when the "
            "households served are below the minimum coverage share of its households, or, for a type with "
            "a floor area per 100 households (column m2_per_100hh: 社区综合服务站 30 m²), when the known "
            "area_m2 of its facilities serving the unit is below that area for the unit's households "
            "(area_m2, required_m2, size_ok; not judged when no area is known). Candidate sites "
            "(vacant or under-used land polygons) are ranked, per type marked candidate (public parking, "
            "e-bike charging, pocket parks), by the households within the radius not yet served. "
            "Distances are measured in the buildings' CRS (use a projected CRS).")

    def initAlgorithm(self, config=None):  # noqa: N802
        poly = [QgsProcessing.TypeVectorPolygon]
        self.addParameter(QgsProcessingParameterFeatureSource(
            self.UNITS, self.tr("Units (communities or areas)"), poly))
        self.addParameter(QgsProcessingParameterField(self.UNIT_FIELD, self.tr("Unit id field"),
                                                      "community_code", self.UNITS))
        self.addParameter(QgsProcessingParameterFeatureSource(self.BUILDINGS, self.tr("Buildings"), poly))
        self.addParameter(QgsProcessingParameterField(self.HOUSEHOLDS_FIELD, self.tr("Households field"),
                                                      "households", self.BUILDINGS,
                                                      QgsProcessingParameterField.Numeric))
        self.addParameter(QgsProcessingParameterFeatureSource(
            self.FACILITIES, self.tr("Facilities (facility_type, area_m2)"), [QgsProcessing.TypeVector]))
        self.addParameter(QgsProcessingParameterFeatureSource(
            self.PARKS, self.tr("Parks (area_m2; optional)"), poly, optional=True))
        self.addParameter(QgsProcessingParameterFeatureSource(
            self.CANDIDATES, self.tr("Candidate sites (vacant or under-used land; optional)"), poly,
            optional=True))
        self.addParameter(QgsProcessingParameterField(
            self.CANDIDATE_ID_FIELD, self.tr("Candidate site id field"), None, self.CANDIDATES,
            optional=True))
        self.addParameter(QgsProcessingParameterFile(
            self.STANDARD, self.tr("Standard table (CSV; empty: the shipped one)"),
            QgsProcessingParameterFile.File, "csv", None, True))
        self.addParameter(QgsProcessingParameterNumber(
            self.MIN_COVERAGE, self.tr("Minimum share of households served"),
            QgsProcessingParameterNumber.Double, 0.8, minValue=0.0, maxValue=1.0))
        self.addParameter(QgsProcessingParameterFeatureSink(self.OUTPUT, self.tr("Units with gaps"),
                                                            QgsProcessing.TypeVectorPolygon))
        self.addParameter(QgsProcessingParameterFeatureSink(self.GAPS, self.tr("Facility check per unit"),
                                                            QgsProcessing.TypeVector))
        self.addParameter(QgsProcessingParameterFeatureSink(self.SITES, self.tr("Candidate sites ranked"),
                                                            QgsProcessing.TypeVector))

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        try:
            return self._run(parameters, context, feedback)
        except CityHealthError as error:
            raise QgsProcessingException(translate_message(error.message)) from error

    def _source(self, parameters, name, context):
        source = self.parameterAsSource(parameters, name, context)
        if source is None and name in (self.UNITS, self.BUILDINGS, self.FACILITIES):
            raise QgsProcessingException(self.invalidSourceError(parameters, name))
        return source

    def _features(self, source, crs, context, feedback):
        """(feature, geometry in ``crs``) of ``source``; cancellable."""
        transform = QgsCoordinateTransform(source.sourceCrs(), crs, context.transformContext()) \
            if source.sourceCrs() != crs else None
        for n, feature in enumerate(source.getFeatures()):
            if n % 500 == 0 and feedback.isCanceled():
                raise Canceled()
            geom = QgsGeometry(feature.geometry())
            if transform is not None:
                geom.transform(transform)
            yield feature, geom

    def _run(self, parameters, context, feedback):
        standards = complete.load_standard(self.parameterAsFile(parameters, self.STANDARD, context))
        min_cov = self.parameterAsDouble(parameters, self.MIN_COVERAGE, context)
        units = self._source(parameters, self.UNITS, context)
        buildings = self._source(parameters, self.BUILDINGS, context)
        facilities = self._source(parameters, self.FACILITIES, context)
        parks = self._source(parameters, self.PARKS, context)
        candidates = self._source(parameters, self.CANDIDATES, context)
        crs = buildings.sourceCrs()
        unit_field = self.parameterAsString(parameters, self.UNIT_FIELD, context)
        hh_field = self.parameterAsString(parameters, self.HOUSEHOLDS_FIELD, context)

        unit_geoms: Dict[str, QgsGeometry] = {}
        unit_index = QgsSpatialIndex()
        unit_ids: List[str] = []
        for feature, geom in self._features(units, crs, context, feedback):
            uid = to_text(feature[unit_field])
            unit_geoms[uid] = geom if uid not in unit_geoms else unit_geoms[uid].combine(geom)
            unit_ids.append(uid)
            unit_index.addFeature(len(unit_ids) - 1, geom.boundingBox())
        # buildings: point on surface, households, unit (the unit polygon holding the point)
        points: List[Tuple[QgsGeometry, int, str]] = []
        households: Dict[str, int] = defaultdict(int)
        for uid in unit_geoms:
            households[uid] += 0
        outside = 0
        for feature, geom in self._features(buildings, crs, context, feedback):
            point = geom.pointOnSurface()
            hh = to_int(feature[hh_field]) or 0
            uid = next((unit_ids[i] for i in unit_index.intersects(point.boundingBox())
                        if unit_geoms[unit_ids[i]].contains(point)), None)
            if uid is None:
                outside += 1
            else:
                households[uid] += hh
            points.append((point, hh, uid))
        if outside:
            feedback.pushWarning(self.tr("{} buildings lie in no unit: not counted in any unit.").format(
                outside))
        feedback.setProgress(30)

        # facilities of each type (size known: at least the minimum)
        by_type: Dict[str, List[QgsGeometry]] = defaultdict(list)
        sized: Dict[str, List[Tuple[QgsGeometry, float]]] = defaultdict(list)  # types sized per household
        rules = {st.facility_type: st for st in standards}
        has_area = facilities.fields().lookupField("area_m2") >= 0
        for feature, geom in self._features(facilities, crs, context, feedback):
            ftype = to_text(feature["facility_type"])
            if ftype in rules and self._big_enough(feature, rules[ftype]):
                by_type[ftype].append(geom)
                area = to_float(feature["area_m2"]) if has_area else None
                if rules[ftype].m2_per_100hh is not None and area is not None:
                    sized[ftype].append((geom, area))
        if parks is not None and "park" in rules:
            for feature, geom in self._features(parks, crs, context, feedback):
                if self._big_enough(feature, rules["park"]):
                    by_type["park"].append(geom)
        served: Dict[str, List[bool]] = {}
        covered: Dict[Tuple[str, str], int] = defaultdict(int)
        for t, st in enumerate(standards):
            if feedback.isCanceled():
                raise Canceled()
            flags = self._within(points, by_type.get(st.facility_type, []), st.radius_m)
            served[st.facility_type] = flags
            for (_point, hh, uid), ok in zip(points, flags):
                if ok and uid is not None:
                    covered[(uid, st.facility_type)] += hh
            feedback.setProgress(30 + 40 * (t + 1) / len(standards))
        areas: Dict[Tuple[str, str], float] = {}  # (unit, type) → known floor area of the serving facilities
        for ftype, found in sized.items():
            for geom, area in found:
                near = self._within(points, [geom], rules[ftype].radius_m)
                for uid in {u for (_p, _hh, u), ok in zip(points, near) if ok and u is not None}:
                    areas[(uid, ftype)] = areas.get((uid, ftype), 0.0) + area
        gap_rows = complete.unit_gaps(households, covered, standards, min_cov, areas)
        summary = complete.unit_summary(gap_rows)

        site_rows = []
        if candidates is not None:
            id_field = self.parameterAsString(parameters, self.CANDIDATE_ID_FIELD, context)
            new: Dict[Tuple[str, str], int] = {}
            for feature, geom in self._features(candidates, crs, context, feedback):
                site = to_text(feature[id_field]) if id_field else str(feature.id())
                for st in standards:
                    if not st.candidate:
                        continue
                    near = self._within(points, [geom], st.radius_m)
                    new[(site, st.facility_type)] = sum(
                        hh for (_p, hh, _u), ok, done in zip(points, near, served[st.facility_type])
                        if ok and not done)
            site_rows = complete.rank_sites(new)
        feedback.setProgress(90)

        results = {}
        fields = make_fields(UNIT_FIELDS)
        sink, dest = self.parameterAsSink(parameters, self.OUTPUT, context, fields, QgsWkbTypes.MultiPolygon,
                                          crs)
        if sink is None:
            raise QgsProcessingException(self.invalidSinkError(parameters, self.OUTPUT))
        for uid, geom in unit_geoms.items():
            feature = QgsFeature(fields)
            geom.convertToMultiType()
            feature.setGeometry(geom)
            row = summary.get(uid, {"households": 0, "gaps": 0, "gap_list": ""})
            feature.setAttributes([uid, row["households"], row["gaps"], row["gap_list"]])
            if not sink.addFeature(feature, QgsFeatureSink.FastInsert):
                raise QgsProcessingException(self.writeFeatureError(sink, parameters, self.OUTPUT))
        results[self.OUTPUT] = dest
        for row in gap_rows:
            row["gap"] = int(row["gap"])
        results[self.GAPS] = self._table(parameters, context, self.GAPS, GAP_FIELDS, gap_rows)
        results[self.SITES] = self._table(parameters, context, self.SITES, SITE_FIELDS, site_rows)
        feedback.setProgress(100)
        return results

    @staticmethod
    def _big_enough(feature, st) -> bool:
        if st.min_size_m2 is None or feature.fields().lookupField("area_m2") < 0:
            return True
        size = to_float(feature["area_m2"])
        return size is None or size >= st.min_size_m2  # size unknown: counted (stated in the help)

    @staticmethod
    def _within(points, geoms: List[QgsGeometry], radius: float) -> List[bool]:
        """Per building point: whether one of ``geoms`` lies within ``radius``."""
        if not geoms:
            return [False] * len(points)
        index = QgsSpatialIndex()
        for i, geom in enumerate(geoms):
            index.addFeature(i, geom.boundingBox())
        out = []
        for point, _hh, _uid in points:
            p = point.asPoint()
            box = QgsRectangle(p.x() - radius, p.y() - radius, p.x() + radius, p.y() + radius)
            out.append(any(geoms[i].distance(point) <= radius for i in index.intersects(box)))
        return out

    def _table(self, parameters, context, name, spec, rows) -> str:
        fields = make_fields(spec)
        sink, dest = self.parameterAsSink(parameters, name, context, fields, QgsWkbTypes.NoGeometry)
        if sink is None:
            raise QgsProcessingException(self.invalidSinkError(parameters, name))
        features = []
        for row in rows:
            feature = QgsFeature(fields)
            feature.setAttributes([row.get(key) for key in spec])
            features.append(feature)
        if not sink.addFeatures(features, QgsFeatureSink.FastInsert):
            raise QgsProcessingException(self.writeFeatureError(sink, parameters, name))
        return dest
