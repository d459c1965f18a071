"""cityhealth:roadnetwork — road-network density, intersection density, block side and area per block
and district against the guidance; oversized blocks and dead ends (missing links) flagged."""

from __future__ import annotations

from typing import Dict, List

from qgis.core import (
    Qgis,
    QgsGeometry,
    QgsPointXY,
    QgsProcessing,
    QgsProcessingParameterDistance,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterField,
    QgsProcessingParameterNumber,
    QgsRectangle,
    QgsWkbTypes,
)

from ...core.analysis import roads as rules
from ...core.feedback import check
from ..base import CityHealthAlgorithm, require_field
from ..geometry import read_polygons
from ..io import make_fields
from ..thematic import LineIndex, largest_overlap, read_lines, work_crs, write_sink

BLOCK_SPEC = [("block_id", str), ("district_code", str), ("area_m2", float), ("side_m", float),
              ("short_side_m", float), ("road_density", float), ("intersections", int),
              ("intersection_density", float), ("dead_ends", int), ("oversized", int)]
DISTRICT_SPEC = [("district_code", str), ("area_km2", float), ("road_km", float), ("road_density", float),
                 ("density_ok", int), ("intersections", int), ("intersection_density", float),
                 ("dead_ends", int),
                 ("blocks", int), ("mean_side_m", float), ("max_side_m", float), ("oversized", int)]
NODE_SPEC = [("node_id", int), ("degree", int), ("kind", str), ("roads", str)]
MITRE = Qgis.JoinStyle.Miter if hasattr(Qgis, "JoinStyle") else QgsGeometry.JoinStyleMiter
SQUARE = Qgis.EndCapStyle.Square if hasattr(Qgis, "EndCapStyle") else QgsGeometry.CapSquare


def line_parts(geom: QgsGeometry) -> List[QgsGeometry]:
    if not geom.isMultipart():
        return [geom]
    multi = geom.constGet()
    return [QgsGeometry(multi.geometryN(i).clone()) for i in range(multi.numGeometries())]


def points_of(geom: QgsGeometry) -> List[QgsPointXY]:
    """Points of an intersection: points as they are, the ends of overlapping stretches."""
    out: List[QgsPointXY] = []
    if geom is None or geom.isEmpty():
        return out
    flat = QgsWkbTypes.geometryType(geom.wkbType())
    if flat == QgsWkbTypes.PointGeometry:
        out.extend(geom.asMultiPoint() if geom.isMultipart() else [geom.asPoint()])
    elif flat == QgsWkbTypes.LineGeometry:
        for part in line_parts(geom):
            line = part.asPolyline()
            out.extend([line[0], line[-1]] if line else [])
    else:  # a collection of both
        for i in range(geom.constGet().numGeometries()):
            out.extend(points_of(QgsGeometry(geom.constGet().geometryN(i).clone())))
    return out


class RoadNetworkAlgorithm(CityHealthAlgorithm):
    """Network density, intersections and dead ends, block side and area per block and district."""

    ALG_ID = "roadnetwork"
    GROUP = "analysis"

    def displayName(self) -> str:  # noqa: N802
        return self.tr("Road network check")

    def shortHelpString(self) -> str:  # noqa: N802
        return self.tr(
            "Road network check of the small-block network (道路交通专项).\n\n"
            "Nodes: every road end and every crossing of two roads (points within TOLERANCE are one node); a "
            "road passing through adds 2 to the degree, a road ending there 1. Degree ≥ 3 is an "
            "intersection, degree 1 a dead end (断头路, a missing link); NODES holds both.\n"
            "Per district (optional DISTRICTS): road km inside the district ÷ its km² (road_density, "
            "density_ok = at least MIN_DENSITY, default 8 km/km²), intersections and dead ends inside, "
            "intersections per km², blocks (each in the district holding most of its area), their mean "
            "and largest side and how many are oversized.\n"
            "Per block: area, side (longer side of the oriented minimum bounding rectangle) and short "
            "side, oversized = side > MAX_SIDE (default 300 m); the block's cell is the block grown by "
            "DISTANCE with square corners: road_density = ½ × road length in the cell ÷ the cell's area "
            "(each road is shared by the blocks on both sides), intersections and dead ends in the cell.")

    def initAlgorithm(self, config=None):  # noqa: N802
        poly = QgsProcessing.TypeVectorPolygon
        self.addParameter(QgsProcessingParameterFeatureSource(
            "ROADS", self.tr("Roads (centre-lines)"), [QgsProcessing.TypeVectorLine]))
        self.addParameter(QgsProcessingParameterFeatureSource("BLOCKS", self.tr("Blocks"), [poly]))
        self.addParameter(QgsProcessingParameterField(
            "BLOCK_ID_FIELD", self.tr("Block id field"), "block_id", "BLOCKS", optional=True))
        self.addParameter(QgsProcessingParameterFeatureSource(
            "DISTRICTS", self.tr("Districts"), [poly], optional=True))
        self.addParameter(QgsProcessingParameterField(
            "DISTRICT_ID_FIELD", self.tr("District id field"), "district_code", "DISTRICTS", optional=True))
        self.addParameter(QgsProcessingParameterDistance(
            "MAX_SIDE", self.tr("Largest block side"), rules.MAX_SIDE, "BLOCKS", False, 1.0))
        self.addParameter(QgsProcessingParameterNumber(
            "MIN_DENSITY", self.tr("Smallest road-network density (km/km²)"),
            QgsProcessingParameterNumber.Double, rules.MIN_DENSITY, False, 0.0))
        self.addParameter(QgsProcessingParameterDistance(
            "DISTANCE", self.tr("Cell of a block: the block grown by"), 30.0, "BLOCKS", False, 0.0))
        self.addParameter(QgsProcessingParameterDistance(
            "TOLERANCE", self.tr("Points closer than this are one node"), 0.5, "ROADS", False, 0.0))
        self.addParameter(QgsProcessingParameterFeatureSink(
            "BLOCKS_OUTPUT", self.tr("Road network per block"), QgsProcessing.TypeVectorPolygon))
        self.addParameter(QgsProcessingParameterFeatureSink(
            "DISTRICTS_OUTPUT", self.tr("Road network per district"), QgsProcessing.TypeVectorPolygon,
            optional=True, createByDefault=True))
        self.addParameter(QgsProcessingParameterFeatureSink(
            "NODES", self.tr("Intersections and dead ends"), QgsProcessing.TypeVectorPoint))

    def _run(self, parameters, context, feedback):
        roads_src = self.parameterAsSource(parameters, "ROADS", context)
        crs = work_crs(roads_src, context)
        roads = read_lines(roads_src, self.tr("Roads"), "", {}, crs, context, feedback)
        index = LineIndex(roads)
        tol = self.parameterAsDouble(parameters, "TOLERANCE", context)
        nodes = self._nodes(index, tol, feedback)
        node_index: Dict[int, tuple] = {}
        node_rows = []
        for n, (_key, (point, degree, names)) in enumerate(sorted(nodes.items())):
            kind = rules.kind(degree)
            if kind != "through":
                node_index[n + 1] = (point, kind)
                node_rows.append((QgsGeometry.fromPointXY(point),
                                  [n + 1, degree, kind, ",".join(sorted(names))]))
        results = {"NODES": write_sink(self, parameters, context, "NODES", make_fields(NODE_SPEC),
                                       QgsWkbTypes.Point, crs, node_rows)}
        inter = sum(1 for _p, k in node_index.values() if k == "intersection")
        dead = len(node_index) - inter
        feedback.pushInfo(self.tr("{0} roads, {1:.2f} km; {2} intersections, {3} dead ends.").format(
            len(index.lines), sum(r.geom.length() for r in index.lines) / 1000.0, inter, dead))

        def count_in(geom):
            counts = {"intersection": 0, "dead_end": 0}
            for point, kind in node_index.values():
                if geom.boundingBox().contains(point) and geom.contains(QgsGeometry.fromPointXY(point)):
                    counts[kind] += 1
            return counts["intersection"], counts["dead_end"]

        def road_in(geom):
            return sum(r.geom.intersection(geom).length() for r in index.near(geom, 0.0))

        max_side = self.parameterAsDouble(parameters, "MAX_SIDE", context)
        grow = self.parameterAsDouble(parameters, "DISTANCE", context)
        blocks_src = self.parameterAsSource(parameters, "BLOCKS", context)
        label_b = self.tr("Blocks")
        bid = require_field(blocks_src, self.parameterAsString(parameters, "BLOCK_ID_FIELD", context) or "",
                            label_b) or "block_id"
        blocks = read_polygons(blocks_src, label_b, bid, {}, crs, context.transformContext(), feedback)
        districts = None
        dist_src = self.parameterAsSource(parameters, "DISTRICTS", context)
        if dist_src is not None:
            label_d = self.tr("Districts")
            chosen = self.parameterAsString(parameters, "DISTRICT_ID_FIELD", context) or ""
            did = require_field(dist_src, chosen, label_d) or "district_code"
            districts = read_polygons(dist_src, label_d, did, {}, crs, context.transformContext(), feedback)
        rows, sides = [], {}
        for n, (uid, geom) in enumerate(blocks.items()):
            check(feedback, n, len(blocks))
            if geom is None:
                rows.append((None, [uid, None] + [None] * (len(BLOCK_SPEC) - 2)))
                continue
            _box, _area, _angle, width, height = geom.orientedMinimumBoundingBox()
            cell = geom.buffer(grow, 1, SQUARE, MITRE, 100.0) if grow > 0 else geom
            i, d = count_in(cell)
            fig = rules.block_figures(geom.area(), max(width, height), min(width, height), cell.area(),
                                      road_in(cell), i, d, max_side)
            district = largest_overlap(districts, geom) if districts is not None else None
            if district:
                sides.setdefault(district, []).append(max(width, height))
            rows.append((geom, [uid, district] + [fig[name] for name, _t in BLOCK_SPEC[2:]]))
        oversized = sum(1 for _g, r in rows if r[-1])
        feedback.pushInfo(self.tr("{0} blocks, {1} with a side over {2:.0f} m.").format(len(rows), oversized,
                                                                                      max_side))
        results["BLOCKS_OUTPUT"] = write_sink(self, parameters, context, "BLOCKS_OUTPUT",
                                              make_fields(BLOCK_SPEC),
                                              QgsWkbTypes.MultiPolygon, crs, rows)
        if districts is not None and parameters.get("DISTRICTS_OUTPUT") is not None:
            min_density = self.parameterAsDouble(parameters, "MIN_DENSITY", context)
            rows = []
            for uid, geom in districts.items():
                if geom is None:
                    rows.append((None, [uid] + [None] * (len(DISTRICT_SPEC) - 1)))
                    continue
                i, d = count_in(geom)
                fig = rules.district_figures(geom.area(), road_in(geom), i, d, sides.get(uid, []),
                                             max_side, min_density)
                rows.append((geom, [uid] + [fig[name] for name, _t in DISTRICT_SPEC[1:]]))
                text = self.tr("District {0}: {1} km/km² ({2}), {3} intersections per km².")
                feedback.pushInfo(text.format(
                    uid, fig["road_density"], self.tr("meets the guidance") if fig["density_ok"]
                    else self.tr("below the guidance"), fig["intersection_density"]))
            results["DISTRICTS_OUTPUT"] = write_sink(self, parameters, context, "DISTRICTS_OUTPUT",
                                                     make_fields(DISTRICT_SPEC), QgsWkbTypes.MultiPolygon,
                                                     crs, rows)
        return results

    @staticmethod
    def _nodes(index: LineIndex, tol: float, feedback):
        """{node key: (point, degree, road ids)} of road ends and crossings."""
        incid, where, names = [], {}, {}

        def add(point: QgsPointXY, road, n: int):
            key = rules.snap(point.x(), point.y(), tol)
            where.setdefault(key, point)
            names.setdefault(key, set()).add(road.uid)
            incid.append((key, str(id(road)), n))

        ends = {}
        for road in index.lines:
            pts = []
            for part in line_parts(road.geom):
                line = part.asPolyline()
                if line:
                    pts += [line[0], line[-1]]
            ends[id(road)] = pts
            for p in pts:
                add(p, road, 1)
        for k, road in enumerate(index.lines):
            check(feedback, k, len(index.lines))
            rect = QgsRectangle(road.geom.boundingBox())
            rect.grow(tol)
            for n in index.index.intersects(rect):
                other = index.lines[n]
                if id(other) <= id(road) or not road.geom.intersects(other.geom):
                    continue
                for p in points_of(road.geom.intersection(other.geom)):
                    for line in (road, other):
                        at_end = any(p.sqrDist(e) <= tol * tol for e in ends[id(line)])
                        add(p, line, 1 if at_end else 2)
        degree = rules.degrees(incid)
        return {key: (where[key], d, names[key]) for key, d in degree.items()}
