"""cityhealth:walkways — substandard walkway length per block and compound (不达标的步行道长度,
IND-COMM-019) from road attributes and reported problems."""

from __future__ import annotations

import csv
from typing import Dict, List

from qgis.core import (
    QgsFeatureRequest,
    QgsGeometry,
    QgsProcessing,
    QgsProcessingParameterDistance,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterField,
    QgsProcessingParameterFile,
    QgsProcessingParameterFileDestination,
    QgsProcessingParameterNumber,
    QgsProcessingParameterString,
    QgsWkbTypes,
)

from ...core.analysis import walkways as rules
from ...core.feedback import check
from ...core.sanitize import safe_cell
from ..base import CityHealthAlgorithm
from ..geometry import read_polygons, transform_between
from ..io import make_fields, to_float, to_text
from ..thematic import LineIndex, open_problems, read_lines, work_crs, write_sink

SEGMENT_SPEC = [("road_id", str), ("road_name", str), ("road_class", str), ("sidewalk_m", float),
                ("reason", str), ("reason_cn", str), ("reports", int), ("length_m", float)]
UNIT_SPEC = ([("{}_m".format(r), float) for r in rules.REASONS]
             + [("substandard_m", float), ("substandard_km", float), ("walkway_m", float), ("share", float)])


def stretch(road: QgsGeometry, point: QgsGeometry, reach: float) -> QgsGeometry:
    """The part of ``road`` within ``reach`` metres along it on either side of ``point``'s projection
    (on the nearest part of a multi-line)."""
    parts = [road]
    if road.isMultipart():
        multi = road.constGet()
        parts = [QgsGeometry(multi.geometryN(i).clone()) for i in range(multi.numGeometries())]
    part = min(parts, key=lambda p: p.distance(point))
    at = part.lineLocatePoint(point)
    length = part.length()
    return QgsGeometry(part.constGet().curveSubstring(max(0.0, at - reach), min(length, at + reach)))


def union(pieces: List[QgsGeometry]) -> QgsGeometry:
    return pieces[0] if len(pieces) == 1 else QgsGeometry.unaryUnion(pieces)


class WalkwaysAlgorithm(CityHealthAlgorithm):
    """Walkway stretches flagged with a reason; metres per reason and in total per block and compound."""

    ALG_ID = "walkways"
    GROUP = "analysis"

    def displayName(self) -> str:  # noqa: N802
        return self.tr("Substandard walkways")

    def shortHelpString(self) -> str:  # noqa: N802
        return self.tr(
            "Length of substandard walkway (不达标的步行道) per block and compound, IND-COMM-019.\n\n"
            "A road's walkway is substandard from its attributes: no walkway (SIDEWALK_FIELD = 0) or "
            "narrower than MIN_WIDTH (default 2.0 m); a NULL width is unknown and not flagged. Reports in "
            "the ledger (LEDGER, round ROUND) whose problem code is in CODES (CODE=reason, reasons: none, "
            "narrow, broken, discontinuous, not_barrier_free, unlit, obstructed; default WALK-01/WALK-02 "
            "broken, WALK-04 unlit, BLOCK-02 obstructed) flag the stretch of their nearest road (within "
            "REPORT_DISTANCE) up to REACH metres along the road either side of the report.\n"
            "SEGMENTS: one line per road and reason with its length. Per unit: the road length within "
            "DISTANCE of the unit's polygon (the walkway along its sides), metres per reason, and "
            "substandard_m, the length of the union of the flagged stretches (a stretch flagged twice "
            "counts once); substandard_km is IND-COMM-019 and goes into the optional STATS table "
            "(unit_id, indicator_code, value) that cityhealth:assess reads.")

    def initAlgorithm(self, config=None):  # noqa: N802
        poly, line = QgsProcessing.TypeVectorPolygon, QgsProcessing.TypeVectorLine
        field = QgsProcessingParameterField
        self.addParameter(QgsProcessingParameterFeatureSource("ROADS", self.tr("Roads (centre-lines)"),
                                                              [line]))
        self.addParameter(field("ROAD_ID_FIELD", self.tr("Road id field"), "road_id", "ROADS", optional=True))
        self.addParameter(field("SIDEWALK_FIELD", self.tr("Walkway width field (m)"), "sidewalk_m", "ROADS",
                                field.Numeric, optional=True))
        self.addParameter(QgsProcessingParameterNumber(
            "MIN_WIDTH", self.tr("Smallest walkway width that is not substandard (m)"),
            QgsProcessingParameterNumber.Double, rules.DEFAULT_WIDTH, False, 0.0, 50.0))
        self.addParameter(QgsProcessingParameterFeatureSource("BLOCKS", self.tr("Blocks"), [poly]))
        self.addParameter(field("BLOCK_ID_FIELD", self.tr("Block id field"), "block_id", "BLOCKS",
                                optional=True))
        self.addParameter(QgsProcessingParameterFeatureSource(
            "COMPOUNDS", self.tr("Compounds"), [poly], optional=True))
        self.addParameter(field("COMPOUND_ID_FIELD", self.tr("Compound id field"), "compound_id",
                                "COMPOUNDS", optional=True))
        self.addParameter(QgsProcessingParameterDistance(
            "DISTANCE", self.tr("Walkways within this distance of a unit belong to it"), 30.0, "ROADS",
            False, 0.0))
        self.addParameter(QgsProcessingParameterFile(
            "LEDGER", self.tr("Ledger GeoPackage (its problems layer)"), extension="gpkg", optional=True))
        self.addParameter(QgsProcessingParameterNumber(
            "ROUND", self.tr("Round of the problems (0: all)"), QgsProcessingParameterNumber.Integer, 0,
            False, 0, 2200))
        self.addParameter(QgsProcessingParameterString(
            "CODES", self.tr("Problem codes of walkway problems (CODE=reason, comma separated)"),
            rules.DEFAULT_CODES))
        self.addParameter(QgsProcessingParameterDistance(
            "REPORT_DISTANCE", self.tr("Largest distance from a report to its road"), 60.0, "ROADS",
            False, 0.0))
        self.addParameter(QgsProcessingParameterDistance(
            "REACH", self.tr("Stretch flagged by a report, either side along the road"), 50.0, "ROADS",
            False, 0.0))
        self.addParameter(QgsProcessingParameterFeatureSink(
            "SEGMENTS", self.tr("Substandard walkway stretches"), QgsProcessing.TypeVectorLine))
        self.addParameter(QgsProcessingParameterFeatureSink(
            "BLOCKS_OUTPUT", self.tr("Substandard walkways per block"), QgsProcessing.TypeVectorPolygon))
        self.addParameter(QgsProcessingParameterFeatureSink(
            "COMPOUNDS_OUTPUT", self.tr("Substandard walkways per compound"), QgsProcessing.TypeVectorPolygon,
            optional=True, createByDefault=True))
        self.addParameter(QgsProcessingParameterFileDestination(
            "STATS", self.tr("IND-COMM-019 statistics table"), self.tr("CSV (*.csv)"), optional=True,
            createByDefault=False))

    def _run(self, parameters, context, feedback):
        roads_src = self.parameterAsSource(parameters, "ROADS", context)
        label_r = self.tr("Roads")
        rid = self.requiredField(parameters, "ROAD_ID_FIELD", context, roads_src, label_r) or "road_id"
        width_field = self.requiredField(parameters, "SIDEWALK_FIELD", context, roads_src, label_r)
        codes = rules.parse_codes(self.parameterAsString(parameters, "CODES", context))
        min_width = self.parameterAsDouble(parameters, "MIN_WIDTH", context)
        crs = work_crs(roads_src, context)
        roads = read_lines(roads_src, label_r, rid, {"road_name": "road_name", "road_class": "road_class",
                                                      "width": width_field}, crs, context, feedback)
        index = LineIndex(roads)
        pieces: Dict[str, Dict[str, List[QgsGeometry]]] = {}
        unknown = 0
        for road in index.lines:
            reason = rules.attribute_reason(to_float(road.attrs.get("width")), min_width)
            unknown += reason is None
            if reason:
                pieces.setdefault(road.uid, {})[reason] = [road.geom]
        if unknown:
            feedback.pushWarning(self.tr("{0} roads without a walkway width: not judged by width.").format(
                unknown))
        reports = self._reports(parameters, context, feedback, crs, index, codes, pieces)
        by_road = {r.uid: r for r in index.lines}
        merged = {uid: {reason: union(geoms) for reason, geoms in reasons.items()}
                  for uid, reasons in pieces.items()}
        flagged = {uid: union(list(reasons.values())) for uid, reasons in merged.items()}
        rows = []
        for uid in sorted(merged):
            road = by_road[uid]
            for reason in rules.REASONS:
                geom = merged[uid].get(reason)
                if geom is None:
                    continue
                rows.append((geom, [uid, to_text(road.attrs.get("road_name")),
                                    to_text(road.attrs.get("road_class")), to_float(road.attrs.get("width")),
                                    reason, rules.REASONS[reason],
                                    reports.get((uid, reason), 0), round(geom.length(), 1)]))
        results = {"SEGMENTS": write_sink(self, parameters, context, "SEGMENTS", make_fields(SEGMENT_SPEC),
                                          QgsWkbTypes.MultiLineString, crs, rows)}
        distance = self.parameterAsDouble(parameters, "DISTANCE", context)
        stats = []
        units = [("BLOCKS", "BLOCK_ID_FIELD", "block_id", "BLOCKS_OUTPUT", self.tr("Blocks"))]
        if parameters.get("COMPOUNDS") and parameters.get("COMPOUNDS_OUTPUT") is not None:
            units.append(("COMPOUNDS", "COMPOUND_ID_FIELD", "compound_id", "COMPOUNDS_OUTPUT",
                          self.tr("Compounds")))
        for param, id_param, default, out_param, label in units:
            source = self.parameterAsSource(parameters, param, context)
            if source is None:
                continue
            key = self.requiredField(parameters, id_param, context, source, label) or default
            polys = read_polygons(source, label, key, {}, crs, context.transformContext(), feedback)
            out_rows = []
            for n, (uid, geom) in enumerate(polys.items()):
                check(feedback, n, len(polys))
                row = self._unit(geom, distance, index, merged, flagged)
                stats.append((uid, row))
                out_rows.append((geom, [uid] + [row[name] for name, _t in UNIT_SPEC]))
            results[out_param] = write_sink(self, parameters, context, out_param,
                                            make_fields([(default, str)] + UNIT_SPEC),
                                            QgsWkbTypes.MultiPolygon, crs, out_rows)
        total = sum(g.length() for g in flagged.values())
        feedback.pushInfo(self.tr("{0} of {1} roads have substandard walkway stretches, {2:.2f} km in "
                                  "all.").format(len(flagged), len(index.lines), total / 1000.0))
        stats_path = self.parameterAsFileOutput(parameters, "STATS", context)
        if stats_path:
            with open(stats_path, "w", encoding="utf-8-sig", newline="") as handle:
                writer = csv.writer(handle)
                writer.writerow(["unit_id", "indicator_code", "value"])
                for row in rules.stats_rows(stats):
                    writer.writerow([safe_cell(v) for v in row])
            results["STATS"] = stats_path
        return results

    @staticmethod
    def _unit(geom, distance, index, merged, flagged):
        if geom is None:
            return rules.unit_row({}, 0.0, 0.0)
        zone = geom.buffer(distance, 32)
        walk, bad, by_reason = 0.0, 0.0, {}
        for road in index.near(geom, distance):
            walk += road.geom.intersection(zone).length()
            if road.uid in flagged:
                bad += flagged[road.uid].intersection(zone).length()
                for reason, g in merged[road.uid].items():
                    by_reason[reason] = by_reason.get(reason, 0.0) + g.intersection(zone).length()
        return rules.unit_row(by_reason, bad, walk)

    def _reports(self, parameters, context, feedback, crs, index, codes, pieces):
        """Flag the stretches near walkway reports; {(road, reason): reports}."""
        source = open_problems(self.parameterAsFile(parameters, "LEDGER", context))
        counts: Dict[tuple, int] = {}
        if source is None:
            return counts
        request = QgsFeatureRequest()
        round_no = self.parameterAsInt(parameters, "ROUND", context)
        if round_no and source.fields().lookupField("round") >= 0:
            request.setFilterExpression('"round" = {}'.format(int(round_no)))
        transform = transform_between(source.crs(), crs, context.transformContext())
        max_d = self.parameterAsDouble(parameters, "REPORT_DISTANCE", context)
        reach = self.parameterAsDouble(parameters, "REACH", context)
        has_code = source.fields().lookupField("problem_code") >= 0
        total = far = 0
        for feat in source.getFeatures(request):
            reason = rules.report_reason(to_text(feat["problem_code"]), codes) if has_code else ""
            if not reason:
                continue
            total += 1
            if not feat.hasGeometry():
                far += 1
                continue
            point = feat.geometry()
            if transform is not None:
                point.transform(transform)
            point = point.centroid()
            road, _d = index.nearest(point.asPoint(), max_d)
            if road is None:
                far += 1
                continue
            pieces.setdefault(road.uid, {}).setdefault(reason, []).append(stretch(road.geom, point, reach))
            counts[(road.uid, reason)] = counts.get((road.uid, reason), 0) + 1
        feedback.pushInfo(self.tr("{0} walkway reports: {1} on a road, {2} farther than the report "
                                  "distance or without location (not measured).").format(
            total, total - far, far))
        return counts

