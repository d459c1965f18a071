"""cityhealth:jointmanagement — 片区联管: areas of adjacent units without property management."""

from __future__ import annotations

from typing import Dict, List, Tuple

from qgis.core import (
    QgsFeature,
    QgsGeometry,
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingOutputNumber,
    QgsProcessingOutputVectorLayer,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterFile,
    QgsProcessingParameterFileDestination,
    QgsProcessingParameterNumber,
    QgsRectangle,
    QgsWkbTypes,
)

from ...core.feedback import check
from ...core.planning.jointmanagement import Unit, group_units
from ..base import QT_TRANSLATE_NOOP, CityHealthAlgorithm
from ..closedloop_ledger import check_ledger, read_table
from ..geometry import PolygonIndex, as_multipolygon, polygon_parts, transform_between
from ..io import GpkgBuilder, atomic_gpkg, make_fields, to_int, to_text
from ..thematic import LineIndex, read_lines, work_crs

LAYER_AREAS = "jointmanagement_areas"
LAYER_UNITS = "jointmanagement_units"
AREA_FIELDS = [("area_id", str), ("street_code", str), ("households", int), ("buildings", int),
               ("member_count", int), ("members", str), ("problems", int), ("scale", str),
               ("scale_code", str),
               ("back_streets", str), ("back_street_m", float), ("area_m2", float)]
UNIT_FIELDS = [("unit_id", str), ("unit_kind", str), ("name", str), ("households", int), ("buildings", int),
               ("street_code", str), ("community_code", str), ("problems", int), ("area_id", str),
               ("reason", str), ("reason_code", str)]
DONE = ("已整改", "已复核")
REASON_TEXT = {
    "no_street": QT_TRANSLATE_NOOP("JointManagementAlgorithm", "its community has no street"),
    "no_geometry": QT_TRANSLATE_NOOP("JointManagementAlgorithm", "no valid geometry"),
    "too_large": QT_TRANSLATE_NOOP("JointManagementAlgorithm",
                                   "more households than the area maximum: manage it on its own"),
    "isolated": QT_TRANSLATE_NOOP("JointManagementAlgorithm",
                                  "no unit without property management within the distance in the "
                                  "same street and on the same side of arterial roads"),
    "too_small": QT_TRANSLATE_NOOP("JointManagementAlgorithm",
                                   "with its adjacent units it stays below the area minimum"),
}
SCALE_TEXT = {
    "small": QT_TRANSLATE_NOOP("JointManagementAlgorithm",
                               "small area: one property service post, 2–3 staff"),
    "medium": QT_TRANSLATE_NOOP("JointManagementAlgorithm",
                                "medium area: one property service centre, 4–8 staff"),
    "large": QT_TRANSLATE_NOOP("JointManagementAlgorithm",
                               "large area: a service centre with branch posts, 9 or more staff"),
}
BACK_STREETS = ("alley", "branch")


class JointManagementAlgorithm(CityHealthAlgorithm):
    """Compounds without property management and scattered buildings grouped into joint-management areas."""

    ALG_ID = "jointmanagement"
    GROUP = "planning"

    COMPOUNDS = "COMPOUNDS"
    BUILDINGS = "BUILDINGS"
    ROADS = "ROADS"
    COMMUNITIES = "COMMUNITIES"
    LEDGER = "LEDGER"
    ROUND = "ROUND"
    DISTANCE = "DISTANCE"
    ALLOW_ARTERIAL = "ALLOW_ARTERIAL"
    MIN_HOUSEHOLDS = "MIN_HOUSEHOLDS"
    MAX_HOUSEHOLDS = "MAX_HOUSEHOLDS"
    OUTPUT = "OUTPUT"
    AREAS_LAYER = "AREAS_LAYER"
    AREA_COUNT = "AREA_COUNT"
    LEFT_OUT = "LEFT_OUT"

    def displayName(self) -> str:  # noqa: N802
        return self.tr("Joint management areas (片区联管)")

    def shortHelpString(self) -> str:  # noqa: N802
        return self.tr(
            "Candidate units are the compounds without property management (has_property = 0) and the "
            "scattered buildings (is_scattered = 1 or no compound_id). Two units are adjacent when their "
            "polygons are at most DISTANCE metres apart, in the same street (街道, from the community's "
            "street_code) and the shortest line between them crosses no arterial road (road_class = "
            "arterial), unless ALLOW_ARTERIAL. Street by street, the unassigned unit with the smallest id "
            "seeds an area, which grows by the nearest adjacent unit (then the smaller id) while the "
            "households stay at most MAX_HOUSEHOLDS; an area needs two members and MIN_HOUSEHOLDS.\n\n"
            "Output GeoPackage: jointmanagement_areas (convex hull of the members, so the back streets "
            "and public spaces between them are attached, minus the other compounds it covers; "
            "back_streets lists the alley and branch roads inside; problems = open problems of ROUND in "
            "the ledger; scale = suggested management "
            "scale) and jointmanagement_units (every candidate unit with its area_id, or the reason it "
            "was left out).")

    def initAlgorithm(self, config=None):  # noqa: N802
        poly = [QgsProcessing.TypeVectorPolygon]
        self.addParameter(QgsProcessingParameterFeatureSource(self.COMPOUNDS, self.tr("Compounds"), poly))
        self.addParameter(QgsProcessingParameterFeatureSource(self.BUILDINGS, self.tr("Buildings"), poly))
        self.addParameter(QgsProcessingParameterFeatureSource(
            self.ROADS, self.tr("Roads"), [QgsProcessing.TypeVectorLine]))
        self.addParameter(QgsProcessingParameterFeatureSource(
            self.COMMUNITIES, self.tr("Communities (community_code → street_code)"),
            [QgsProcessing.TypeVector]))
        self.addParameter(QgsProcessingParameterFile(
            self.LEDGER, self.tr("Ledger GeoPackage (open problems)"), extension="gpkg", optional=True))
        self.addParameter(QgsProcessingParameterNumber(
            self.ROUND, self.tr("Round"), QgsProcessingParameterNumber.Integer, 2025, False, 1900, 2200))
        self.addParameter(QgsProcessingParameterNumber(
            self.DISTANCE, self.tr("Adjacency distance (m)"), QgsProcessingParameterNumber.Double, 50.0,
            False, 0.0, 1000.0))
        self.addParameter(QgsProcessingParameterBoolean(
            self.ALLOW_ARTERIAL, self.tr("Allow areas across arterial roads"), False))
        self.addParameter(QgsProcessingParameterNumber(
            self.MIN_HOUSEHOLDS, self.tr("Minimum households per area"), QgsProcessingParameterNumber.Integer,
            300, False, 0))
        self.addParameter(QgsProcessingParameterNumber(
            self.MAX_HOUSEHOLDS, self.tr("Maximum households per area"), QgsProcessingParameterNumber.Integer,
            3000, False, 1))
        self.addParameter(QgsProcessingParameterFileDestination(
            self.OUTPUT, self.tr("Joint management GeoPackage"), self.tr("GeoPackage (*.gpkg)")))
        self.addOutput(QgsProcessingOutputNumber(self.AREA_COUNT, self.tr("Areas")))
        self.addOutput(QgsProcessingOutputNumber(self.LEFT_OUT, self.tr("Units left out")))
        self.addOutput(QgsProcessingOutputVectorLayer(  # e.g. the units of Complete community in a model
            self.AREAS_LAYER, self.tr("Joint-management areas (layer, for models)")))

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        compounds = self.parameterAsSource(parameters, self.COMPOUNDS, context)
        buildings = self.parameterAsSource(parameters, self.BUILDINGS, context)
        roads = self.parameterAsSource(parameters, self.ROADS, context)
        communities = self.parameterAsSource(parameters, self.COMMUNITIES, context)
        distance = self.parameterAsDouble(parameters, self.DISTANCE, context)
        min_hh = self.parameterAsInt(parameters, self.MIN_HOUSEHOLDS, context)
        max_hh = self.parameterAsInt(parameters, self.MAX_HOUSEHOLDS, context)
        if min_hh > max_hh:
            raise QgsProcessingException(self.tr("The minimum households ({0}) exceed the maximum ({1}).")
                                         .format(min_hh, max_hh))
        for source, label, needed in ((compounds, self.tr("Compounds"), ("compound_id", "has_property",
                                                                       "households", "community_code")),
                                      (buildings, self.tr("Buildings"), ("building_id", "compound_id",
                                                                       "households", "is_scattered",
                                                                       "community_code")),
                                      (roads, self.tr("Roads"), ("road_class",)),
                                      (communities, self.tr("Communities"),
                                       ("community_code", "street_code"))):
            missing = [n for n in needed if source.fields().lookupField(n) < 0]
            if missing:
                raise QgsProcessingException(self.tr("{0}: missing fields {1}.").format(
                    label, ", ".join(missing)))
        crs = work_crs(compounds, context)
        street_of = {to_text(f["community_code"]): to_text(f["street_code"])
                     for f in communities.getFeatures()}
        problems = self._open_problems(parameters, context)

        units: Dict[str, Unit] = {}
        attrs: Dict[str, Tuple[str, str]] = {}
        polys = PolygonIndex(self.tr("Units"))  # geometries are transformed to ``crs`` before adding
        managed = PolygonIndex(self.tr("Compounds"))  # with property management: cut out of the areas
        counts: Dict[str, int] = {}
        scattered = []
        for f in buildings.getFeatures():
            compound = to_text(f["compound_id"])
            if to_int(f["is_scattered"]) == 1 or not compound:
                scattered.append(f)
            else:
                counts[compound] = counts.get(compound, 0) + 1
        c_transform = transform_between(compounds.sourceCrs(), crs, context.transformContext())
        for n, f in enumerate(compounds.getFeatures()):
            check(feedback, n, compounds.featureCount(), 0, 20)
            uid = to_text(f["compound_id"])
            if to_int(f["has_property"]) != 0 or not uid:
                managed.add(uid or "#{}".format(f.id()), _geometry(f, c_transform))
                continue
            name = to_text(f["compound_name"]) if f.fields().lookupField("compound_name") >= 0 else ""
            self._add(units, attrs, polys, Unit(uid, "compound", to_int(f["households"]) or 0,
                                                counts.get(uid, 0),
                                                street_of.get(to_text(f["community_code"]), ""),
                                                problems.get(("compound", uid), 0)),
                      name, to_text(f["community_code"]), _geometry(f, c_transform))
        b_transform = transform_between(buildings.sourceCrs(), crs, context.transformContext())
        for f in scattered:
            uid = to_text(f["building_id"])
            if not uid:
                continue
            name = to_text(f["address"]) if f.fields().lookupField("address") >= 0 else ""
            self._add(units, attrs, polys, Unit(uid, "building", to_int(f["households"]) or 0, 1,
                                                street_of.get(to_text(f["community_code"]), ""),
                                                problems.get(("building", uid), 0)),
                      name, to_text(f["community_code"]), _geometry(f, b_transform))
        polys.finish()
        managed.finish()
        for uid in units:
            units[uid].has_geometry = polys.get(uid) is not None

        lines = read_lines(roads, self.tr("Roads"), "road_id", {"road_class": "road_class"}, crs, context,
                           feedback)
        arterials = LineIndex([ln for ln in lines if to_text(ln.attrs["road_class"]) == "arterial"])
        back = LineIndex([ln for ln in lines if to_text(ln.attrs["road_class"]) in BACK_STREETS])
        allow = self.parameterAsBool(parameters, self.ALLOW_ARTERIAL, context)
        edges, crossed = self._edges(units, polys, arterials, distance, allow, feedback)
        areas, reasons = group_units(sorted(units.values(), key=lambda u: u.uid), edges, min_hh, max_hh,
                                     feedback)
        area_of = {m: a.area_id for a in areas for m in a.members}

        out = self.parameterAsFileOutput(parameters, self.OUTPUT, context)
        a_fields, u_fields = make_fields(AREA_FIELDS), make_fields(UNIT_FIELDS)
        area_feats = []
        for area in areas:
            hull = self._area_geometry(area.members, polys, managed)
            streets = sorted({ln.uid for ln in back.near(hull, 0.0)})
            length = sum(ln.geom.intersection(hull).length() for ln in back.near(hull, 0.0))
            feat = QgsFeature(a_fields)
            feat.setGeometry(as_multipolygon(polygon_parts(hull)))
            feat.setAttributes([area.area_id, area.street_code, area.households, area.buildings,
                                len(area.members), "|".join(area.members), area.problems,
                                self.tr(SCALE_TEXT[area.scale]), area.scale,
                                "|".join(streets), round(length, 1), round(hull.area(), 1)])
            area_feats.append(feat)
        unit_feats = []
        for uid in sorted(units):
            u = units[uid]
            feat = QgsFeature(u_fields)
            geom = polys.get(uid)
            if geom is not None:
                feat.setGeometry(as_multipolygon(polygon_parts(geom)))
            code = reasons.get(uid)
            feat.setAttributes([uid, u.kind, attrs[uid][0], u.households, u.buildings, u.street_code or None,
                                attrs[uid][1] or None, u.problems, area_of.get(uid),
                                self.tr(REASON_TEXT[code]) if code else None, code])
            unit_feats.append(feat)
        with atomic_gpkg(out, feedback) as (tmp, _commit):
            builder = GpkgBuilder(tmp, crs, context.transformContext())
            builder.write(LAYER_AREAS, a_fields, QgsWkbTypes.MultiPolygon, area_feats, feedback=feedback)
            builder.write(LAYER_UNITS, u_fields, QgsWkbTypes.MultiPolygon, unit_feats, feedback=feedback)
        feedback.pushInfo(self.tr("{0} candidate units: {1} in {2} areas, {3} left out; {4} adjacent pairs "
                                  "separated by an arterial road.").format(
            len(units), len(area_of), len(areas), len(reasons), crossed))
        return {self.OUTPUT: out, self.AREA_COUNT: len(areas), self.LEFT_OUT: len(reasons),
                self.AREAS_LAYER: "{}|layername={}".format(out, LAYER_AREAS)}

    def _open_problems(self, parameters, context) -> Dict[Tuple[str, str], int]:
        path = self.parameterAsFile(parameters, self.LEDGER, context)
        if not path:
            return {}
        check_ledger(path)
        round_no = self.parameterAsInt(parameters, self.ROUND, context)
        counts: Dict[Tuple[str, str], int] = {}
        for row in read_table(path, "problems", '"round" = {}'.format(int(round_no))):
            if to_text(row.get("status")) in DONE:
                continue
            for kind, key in (("compound", "compound_id"), ("building", "building_id")):
                uid = to_text(row.get(key))
                if uid:
                    counts[(kind, uid)] = counts.get((kind, uid), 0) + 1
        return counts

    @staticmethod
    def _add(units, attrs, polys, unit, name, community, geom):
        if unit.uid not in units:  # a second polygon of one unit: PolygonIndex dissolves the pieces
            units[unit.uid] = unit
            attrs[unit.uid] = (name, community)
        polys.add(unit.uid, geom)

    @staticmethod
    def _area_geometry(members, polys: PolygonIndex, managed: PolygonIndex) -> QgsGeometry:
        """Convex hull of the members (back streets and public space between them attached) minus the
        compounds with property management and the candidate units of other areas that it covers."""
        hull = QgsGeometry.unaryUnion([polys.get(m) for m in members]).convexHull()
        inside = set(members)
        rect = hull.boundingBox()
        cut = [polys.get(u) for u in polys.candidates(rect) if u not in inside]
        cut += [managed.get(u) for u in managed.candidates(rect)]
        cut = [g for g in cut if g is not None and g.intersects(hull)]
        if cut:
            rest = hull.difference(QgsGeometry.unaryUnion(cut))
            if rest is not None and not rest.isEmpty():
                hull = rest
        return hull

    @staticmethod
    def _edges(units, polys: PolygonIndex, arterials: LineIndex, distance: float, allow: bool, feedback
               ) -> Tuple[List[Tuple[str, str, float]], int]:
        edges, crossed = [], 0
        ids = sorted(u for u in units if polys.get(u) is not None)
        for n, uid in enumerate(ids):
            check(feedback, n, len(ids), 20, 60)
            geom = polys.get(uid)
            rect = QgsRectangle(geom.boundingBox())
            rect.grow(distance)
            for other in polys.candidates(rect):
                if other <= uid or other not in units:
                    continue
                gap = geom.distance(polys.get(other))
                if gap > distance:
                    continue
                if not allow and gap > 0:
                    line = geom.shortestLine(polys.get(other))
                    if arterials.near(line, 0.0):
                        crossed += 1
                        continue
                edges.append((uid, other, gap))
        return edges, crossed


def _geometry(feat, transform):
    """The feature's geometry in the work CRS (None when it has none)."""
    if not feat.hasGeometry():
        return None
    geom = QgsGeometry(feat.geometry())
    if transform is not None:
        geom.transform(transform)
    return geom
