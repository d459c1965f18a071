"""cityhealth:parking — parking supply and demand per compound and block (停车供需), with the roads
reported for disorderly parking (乱停车) overlaid."""

from __future__ import annotations

import csv

from qgis.core import (
    QgsFeatureRequest,
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

from ...core.analysis import parking as rules
from ...core.feedback import check
from ...core.sanitize import safe_cell
from ..base import CityHealthAlgorithm
from ..geometry import read_polygons, transform_between
from ..io import make_fields, to_float, to_int, to_text
from ..thematic import (
    LineIndex,
    largest_overlap,
    open_problems,
    polygons_within,
    read_lines,
    work_crs,
    write_sink,
)

COMPOUND_SPEC = [("compound_id", str), ("compound_name", str), ("block_id", str), ("households", int),
                 ("vehicles", int), ("demand_source", str), ("demand", int), ("bays_inside", int),
                 ("bays_street", int), ("bays_public", int), ("supply", int), ("gap", int),
                 ("gap_ratio", float), ("shortfall", int)]
BLOCK_SPEC = [("block_id", str), ("compounds", int), ("demand", int), ("bays_inside", int),
              ("bays_street", int), ("bays_public", int), ("supply", int), ("gap", int),
              ("gap_ratio", float), ("shortfall", int)]
ROAD_SPEC = [("road_id", str), ("road_name", str), ("road_class", str), ("street_bays", int),
             ("street_bays_given", int), ("reports", int), ("flagged", int)]


class ParkingAlgorithm(CityHealthAlgorithm):
    """Demand, supply (each bay counted once), gap and gap ratio; roads with parking reports."""

    ALG_ID = "parking"
    GROUP = "analysis"

    def displayName(self) -> str:  # noqa: N802
        return self.tr("Parking supply and demand")

    def shortHelpString(self) -> str:  # noqa: N802
        return self.tr(
            "Parking supply and demand per compound and block (停车泊位缺口).\n\n"
            "Demand: the registered vehicles of a compound (VEHICLES_FIELD) when given, else households × "
            "RATE (car ownership per household), rounded half up.\n"
            "Supply, each bay counted once: bays (CAPACITY_FIELD) of the parking lots inside a compound "
            "belong to it; a public lot outside every compound, and the legal on-street bays of a road "
            "(STREET_BAYS_FIELD, optional), are shared among the compounds within RADIUS (straight-line "
            "distance to the compound's polygon) in proportion to their remaining need (demand − bays "
            "already counted), whole bays by the largest remainder, never more than a compound needs; "
            "what nobody needs stays spare. Sources are taken in order of their id.\n"
            "gap = demand − supply (negative: surplus), gap_ratio = gap ÷ demand, shortfall = max(gap, 0) "
            "is IND-COMM-015 停车泊位缺口数: the optional STATS table (unit_id, indicator_code, value; "
            "compounds and blocks) is what cityhealth:assess reads as its statistics table.\n"
            "A compound belongs to the block holding most of its area; block figures are the sums of "
            "their compounds.\n"
            "Reports of the CATEGORIES (default PARKING: 乱停乱放, 占用消防通道, 车位不足 …) of ROUND in "
            "the problems layer of LEDGER (the ledger GeoPackage) are counted on the nearest road within "
            "REPORT_DISTANCE; roads with at least MIN_REPORTS are flagged.")

    def initAlgorithm(self, config=None):  # noqa: N802
        poly, point, line = (QgsProcessing.TypeVectorPolygon, QgsProcessing.TypeVectorPoint,
                             QgsProcessing.TypeVectorLine)
        field = QgsProcessingParameterField
        self.addParameter(QgsProcessingParameterFeatureSource("COMPOUNDS", self.tr("Compounds"), [poly]))
        self.addParameter(field("COMPOUND_ID_FIELD", self.tr("Compound id field"), "compound_id",
                                "COMPOUNDS", optional=True))
        self.addParameter(field("COMPOUND_NAME_FIELD", self.tr("Compound name field"), "compound_name",
                                "COMPOUNDS", optional=True))
        self.addParameter(field("HOUSEHOLDS_FIELD", self.tr("Households field"), "households", "COMPOUNDS",
                                field.Numeric, optional=True))
        self.addParameter(field("VEHICLES_FIELD", self.tr("Registered vehicles field (optional)"), None,
                                "COMPOUNDS", field.Numeric, optional=True))
        self.addParameter(QgsProcessingParameterNumber(
            "RATE", self.tr("Cars per household (when no vehicles are given)"),
            QgsProcessingParameterNumber.Double, 0.5, False, 0.0, 10.0))
        self.addParameter(QgsProcessingParameterFeatureSource("BLOCKS", self.tr("Blocks"), [poly]))
        self.addParameter(field("BLOCK_ID_FIELD", self.tr("Block id field"), "block_id", "BLOCKS",
                                optional=True))
        self.addParameter(QgsProcessingParameterFeatureSource(
            "FACILITIES", self.tr("Facilities (parking lots)"), [point], optional=True))
        self.addParameter(field("TYPE_FIELD", self.tr("Facility type field"), "facility_type", "FACILITIES",
                                optional=True))
        self.addParameter(QgsProcessingParameterString(
            "PARKING_TYPE", self.tr("Facility type of parking lots"), "parking_lot"))
        self.addParameter(field("CAPACITY_FIELD", self.tr("Bays field of the parking lots"), "capacity",
                                "FACILITIES", field.Numeric, optional=True))
        self.addParameter(QgsProcessingParameterFeatureSource(
            "ROADS", self.tr("Roads (centre-lines)"), [line], optional=True))
        self.addParameter(field("ROAD_ID_FIELD", self.tr("Road id field"), "road_id", "ROADS", optional=True))
        self.addParameter(field("STREET_BAYS_FIELD", self.tr("Legal on-street bays field (optional)"), None,
                                "ROADS", field.Numeric, optional=True))
        self.addParameter(QgsProcessingParameterDistance(
            "RADIUS", self.tr("Walking radius to public lots and on-street bays"), 300.0, "COMPOUNDS",
            False, 0.0))
        self.addParameter(QgsProcessingParameterFile(
            "LEDGER", self.tr("Ledger GeoPackage (its problems layer)"), extension="gpkg", optional=True))
        self.addParameter(QgsProcessingParameterNumber(
            "ROUND", self.tr("Round of the problems (0: all)"), QgsProcessingParameterNumber.Integer, 0,
            False, 0, 2200))
        self.addParameter(QgsProcessingParameterString(
            "CATEGORIES", self.tr("Problem categories of parking (comma separated)"), "PARKING"))
        self.addParameter(QgsProcessingParameterDistance(
            "REPORT_DISTANCE", self.tr("Largest distance from a report to its road"), 60.0, "ROADS",
            False, 0.0))
        self.addParameter(QgsProcessingParameterNumber(
            "MIN_REPORTS", self.tr("Reports that flag a road"), QgsProcessingParameterNumber.Integer, 1,
            False, 1))
        self.addParameter(QgsProcessingParameterFeatureSink(
            "OUTPUT", self.tr("Parking per compound"), QgsProcessing.TypeVectorPolygon))
        self.addParameter(QgsProcessingParameterFeatureSink(
            "BLOCKS_OUTPUT", self.tr("Parking per block"), QgsProcessing.TypeVectorPolygon))
        self.addParameter(QgsProcessingParameterFeatureSink(
            "ROADS_OUTPUT", self.tr("Roads with parking reports"), QgsProcessing.TypeVectorLine,
            optional=True, createByDefault=True))
        self.addParameter(QgsProcessingParameterFileDestination(
            "STATS", self.tr("IND-COMM-015 statistics table"), self.tr("CSV (*.csv)"), optional=True,
            createByDefault=False))

    def _run(self, parameters, context, feedback):
        compounds_src = self.parameterAsSource(parameters, "COMPOUNDS", context)
        blocks_src = self.parameterAsSource(parameters, "BLOCKS", context)
        label_c, label_b = self.tr("Compounds"), self.tr("Blocks")
        def compound_field(name):
            return self.requiredField(parameters, name, context, compounds_src, label_c)

        cid = compound_field("COMPOUND_ID_FIELD") or "compound_id"
        fields = {key: compound_field(name) for key, name in (("name", "COMPOUND_NAME_FIELD"),
                                                               ("households", "HOUSEHOLDS_FIELD"),
                                                               ("vehicles", "VEHICLES_FIELD"))}
        bid = self.requiredField(parameters, "BLOCK_ID_FIELD", context, blocks_src, label_b) or "block_id"
        rate = self.parameterAsDouble(parameters, "RATE", context)
        radius = self.parameterAsDouble(parameters, "RADIUS", context)
        crs = work_crs(compounds_src, context)
        compounds = read_polygons(compounds_src, label_c, cid, {k: v for k, v in fields.items() if v}, crs,
                                  context.transformContext(), feedback)
        blocks = read_polygons(blocks_src, label_b, bid, {}, crs, context.transformContext(), feedback)
        demands, parent = {}, {}
        for n, (uid, geom) in enumerate(compounds.items()):
            check(feedback, n, len(compounds), 0, 20)
            attrs = compounds.attrs[uid]
            demands[uid] = rules.demand(to_float(attrs.get("households")), to_float(attrs.get("vehicles")),
                                        rate)
            parent[uid] = largest_overlap(blocks, geom)
        missing = sorted(u for u, (d, _s) in demands.items() if d is None)
        if missing:
            feedback.pushWarning(self.tr("{0} compounds have neither vehicles nor households: no demand "
                                         "(e.g. {1}).").format(len(missing), ", ".join(missing[:5])))
        inside, shared = {}, []
        lots = self._lots(parameters, context, feedback, crs)
        for lot_id, point, bays in lots:
            owner = compounds.containing(point)
            if owner is not None:
                inside[owner] = inside.get(owner, 0) + bays
            else:
                shared.append(rules.Shared(lot_id, "lot", bays, polygons_within(compounds, point, radius)))
        roads_src = self.parameterAsSource(parameters, "ROADS", context)
        roads = []
        if roads_src is not None:
            label_r = self.tr("Roads")
            rid = self.requiredField(parameters, "ROAD_ID_FIELD", context, roads_src, label_r) or "road_id"
            bays_field = self.requiredField(parameters, "STREET_BAYS_FIELD", context, roads_src, label_r)
            roads = read_lines(roads_src, label_r, rid, {"road_name": "road_name", "road_class": "road_class",
                                                          "bays": bays_field}, crs, context, feedback)
            for road in roads:
                bays = to_int(road.attrs.get("bays")) or 0
                if bays > 0 and road.geom is not None:
                    shared.append(rules.Shared(road.uid, "street", bays,
                                               polygons_within(compounds, road.geom, radius)))
        shared.sort(key=lambda s: (s.kind, s.uid))
        balances = rules.balance(demands, inside, shared, feedback)
        block_bal = rules.roll_up(balances, parent)
        spare = sum(s.spare for s in shared)
        feedback.pushInfo(self.tr("{0} compounds, {1} parking lots ({2} inside compounds), {3} roads with "
                                  "on-street bays; {4} shared bays spare (no compound within reach "
                                  "needs them).").format(len(compounds), len(lots), len(lots) - sum(
                                      1 for s in shared if s.kind == "lot"),
                                      sum(1 for s in shared if s.kind == "street"), spare))
        results = {}
        c_fields = make_fields(COMPOUND_SPEC)
        rows = []
        for uid, geom in compounds.items():
            b, attrs = balances[uid], compounds.attrs[uid]
            rows.append((geom, [uid, to_text(attrs.get("name")), parent[uid], to_int(attrs.get("households")),
                                to_int(attrs.get("vehicles")), b.source, b.demand, b.inside, b.street,
                                b.public, b.supply, b.gap, _ratio(b.ratio), b.shortfall]))
        results["OUTPUT"] = write_sink(self, parameters, context, "OUTPUT", c_fields,
                                       QgsWkbTypes.MultiPolygon,
                                       crs, rows)
        members = {}
        for p in parent.values():
            if p:
                members[p] = members.get(p, 0) + 1
        rows = []
        for uid, geom in blocks.items():
            b = block_bal.get(uid) or rules.Balance(uid, None, "")
            rows.append((geom, [uid, members.get(uid, 0), b.demand, b.inside, b.street, b.public, b.supply,
                                b.gap, _ratio(b.ratio), b.shortfall]))
        results["BLOCKS_OUTPUT"] = write_sink(self, parameters, context, "BLOCKS_OUTPUT",
                                              make_fields(BLOCK_SPEC),
                                              QgsWkbTypes.MultiPolygon, crs, rows)
        if roads and parameters.get("ROADS_OUTPUT") is not None:
            results["ROADS_OUTPUT"] = self._roads(parameters, context, feedback, crs, roads, shared)
        stats_path = self.parameterAsFileOutput(parameters, "STATS", context)
        if stats_path:
            with open(stats_path, "w", encoding="utf-8-sig", newline="") as handle:
                writer = csv.writer(handle)
                writer.writerow(["unit_id", "indicator_code", "value"])
                for row in rules.stats_rows(balances) + rules.stats_rows(block_bal):
                    writer.writerow([safe_cell(v) for v in row])
            results["STATS"] = stats_path
        return results

    def _lots(self, parameters, context, feedback, crs):
        source = self.parameterAsSource(parameters, "FACILITIES", context)
        if source is None:
            return []
        label = self.tr("Facilities")
        type_field = self.requiredField(parameters, "TYPE_FIELD", context, source, label)
        cap_field = self.requiredField(parameters, "CAPACITY_FIELD", context, source, label)
        wanted = (self.parameterAsString(parameters, "PARKING_TYPE", context) or "").strip()
        transform = transform_between(source.sourceCrs(), crs, context.transformContext())
        id_idx = source.fields().lookupField("facility_id")
        lots, skipped = [], 0
        for feat in source.getFeatures():
            if type_field and to_text(feat[type_field]) != wanted:
                continue
            bays = to_int(feat[cap_field]) if cap_field else None
            if not feat.hasGeometry() or bays is None or bays <= 0:
                skipped += 1
                continue
            geom = feat.geometry()
            if transform is not None:
                geom.transform(transform)
            lot_id = to_text(feat.attributes()[id_idx]) if id_idx >= 0 else ""
            lots.append((lot_id or "#{}".format(feat.id()), geom.centroid(), bays))
        if skipped:
            feedback.pushWarning(self.tr("{0} parking lots without a location or a number of bays were left "
                                         "out.").format(skipped))
        return sorted(lots, key=lambda t: t[0])

    def _roads(self, parameters, context, feedback, crs, roads, shared):
        index = LineIndex(roads)
        given = {s.uid: sum(s.given.values()) for s in shared if s.kind == "street"}
        source = open_problems(self.parameterAsFile(parameters, "LEDGER", context))
        nearest, far, total = [], 0, 0
        if source is not None:
            text = self.parameterAsString(parameters, "CATEGORIES", context) or ""
            cats = {c.strip() for c in text.split(",")
                    if c.strip()}
            round_no = self.parameterAsInt(parameters, "ROUND", context)
            request = QgsFeatureRequest()
            if round_no and source.fields().lookupField("round") >= 0:
                request.setFilterExpression('"round" = {}'.format(int(round_no)))
            has_cat = source.fields().lookupField("category") >= 0
            transform = transform_between(source.crs(), crs, context.transformContext())
            max_d = self.parameterAsDouble(parameters, "REPORT_DISTANCE", context)
            for feat in source.getFeatures(request):
                if has_cat and to_text(feat["category"]) not in cats:
                    continue
                total += 1
                if not feat.hasGeometry():
                    far += 1
                    continue
                geom = feat.geometry()
                if transform is not None:
                    geom.transform(transform)
                road, _d = index.nearest(geom.centroid().asPoint(), max_d)
                nearest.append(road.uid if road else None)
                far += road is None
            feedback.pushInfo(self.tr("{0} parking reports: {1} on a road, {2} farther than the report "
                                      "distance "
                                      "or without location.").format(total, total - far, far))
        counts, flagged = rules.road_reports(nearest, self.parameterAsInt(parameters, "MIN_REPORTS", context))
        flagged = set(flagged)
        rows = [(r.geom, [r.uid, to_text(r.attrs.get("road_name")), to_text(r.attrs.get("road_class")),
                          to_int(r.attrs.get("bays")), given.get(r.uid, 0), counts.get(r.uid, 0),
                          int(r.uid in flagged)]) for r in roads]
        return write_sink(self, parameters, context, "ROADS_OUTPUT", make_fields(ROAD_SPEC),
                          QgsWkbTypes.MultiLineString, crs, rows)


def _ratio(value):
    return None if value is None else round(value, 4)
