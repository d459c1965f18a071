"""cityhealth:blocksfromroads — blocks (街区) from road centre-lines: the faces of the road network
(``native:polygonize`` as a child algorithm), minus half of each road's width, slivers removed,
the district each block mostly lies in carried."""

from __future__ import annotations

from qgis.core import (
    Qgis,
    QgsGeometry,
    QgsProcessing,
    QgsProcessingParameterDistance,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterField,
    QgsProcessingParameterString,
    QgsProcessingUtils,
    QgsWkbTypes,
)

from ...core.analysis import roads as rules
from ...core.feedback import check
from ..base import CityHealthAlgorithm, require_field
from ..geometry import as_multipolygon, polygon_parts, read_polygons, transform_between
from ..io import make_fields, to_float
from ..thematic import LineIndex, largest_overlap, read_lines, work_crs, write_sink

SPEC = [("block_id", str), ("district_code", str), ("area_m2", float), ("perimeter_m", float)]
FLAT = Qgis.EndCapStyle.Flat if hasattr(Qgis, "EndCapStyle") else QgsGeometry.CapFlat
MITRE = Qgis.JoinStyle.Miter if hasattr(Qgis, "JoinStyle") else QgsGeometry.JoinStyleMiter


class BlocksFromRoadsAlgorithm(CityHealthAlgorithm):
    """Faces of the road network as blocks, road corridors cut away, slivers dropped."""

    ALG_ID = "blocksfromroads"
    GROUP = "analysis"

    def displayName(self) -> str:  # noqa: N802
        return self.tr("Blocks from roads")

    def shortHelpString(self) -> str:  # noqa: N802
        return self.tr(
            "Blocks (街区) from road centre-lines: the areas enclosed by roads (native:polygonize, which "
            "nodes the lines itself), minus each road's corridor (half of WIDTH_FIELD on either side, flat "
            "ends; a road without a width cuts nothing), parts smaller than MIN_AREA removed (slivers, "
            "counted in the log). Each block gets an id (PREFIX + number, west → east then south → north), "
            "the district (optional DISTRICTS) holding most of its area, its area and perimeter. Dangling "
            "roads (dead ends) enclose nothing and make no block.")

    def initAlgorithm(self, config=None):  # noqa: N802
        self.addParameter(QgsProcessingParameterFeatureSource(
            "ROADS", self.tr("Roads (centre-lines)"), [QgsProcessing.TypeVectorLine]))
        self.addParameter(QgsProcessingParameterField(
            "WIDTH_FIELD", self.tr("Road width field (m; optional)"), "width_m", "ROADS",
            QgsProcessingParameterField.Numeric, optional=True))
        self.addParameter(QgsProcessingParameterDistance(
            "MIN_AREA", self.tr("Smallest block area (m²; smaller parts are slivers)"), 500.0, "ROADS",
            False, 0.0))
        self.addParameter(QgsProcessingParameterFeatureSource(
            "DISTRICTS", self.tr("Districts"), [QgsProcessing.TypeVectorPolygon], optional=True))
        self.addParameter(QgsProcessingParameterField(
            "DISTRICT_ID_FIELD", self.tr("District id field"), "district_code", "DISTRICTS", optional=True))
        self.addParameter(QgsProcessingParameterString("PREFIX", self.tr("Block id prefix"), "BLK-R"))
        self.addParameter(QgsProcessingParameterFeatureSink(
            "OUTPUT", self.tr("Blocks from roads"), QgsProcessing.TypeVectorPolygon))

    def _run(self, parameters, context, feedback):
        roads_src = self.parameterAsSource(parameters, "ROADS", context)
        label = self.tr("Roads")
        chosen = self.parameterAsString(parameters, "WIDTH_FIELD", context) or ""
        width_field = require_field(roads_src, chosen, label)
        crs = work_crs(roads_src, context)
        roads = read_lines(roads_src, label, "", {"width": width_field}, crs, context, feedback)
        index = LineIndex(roads)
        import processing  # QGIS's processing plugin (only inside QGIS)

        faces_id = processing.run("native:polygonize", {"INPUT": parameters["ROADS"], "KEEP_FIELDS": False,
                                                        "OUTPUT": "memory:"},
                                  context=context, feedback=feedback, is_child_algorithm=True)["OUTPUT"]
        faces_layer = QgsProcessingUtils.mapLayerFromString(faces_id, context)
        transform = transform_between(faces_layer.crs(), crs, context.transformContext())
        min_area = self.parameterAsDouble(parameters, "MIN_AREA", context)
        corridors = {}
        blocks, slivers, dropped, total = [], 0, 0, faces_layer.featureCount()
        for n, face in enumerate(faces_layer.getFeatures()):
            check(feedback, n, total)
            geom = face.geometry()
            if transform is not None:
                geom.transform(transform)
            for road in index.near(geom, 0.0):
                width = to_float(road.attrs.get("width")) or 0.0
                if width <= 0:
                    continue
                if road.fid not in corridors:
                    corridors[road.fid] = road.geom.buffer(width / 2.0, 8, FLAT, MITRE, 2.0)
                geom = geom.difference(corridors[road.fid])
            parts = polygon_parts(geom)
            keep, cut = rules.keep_parts([p.area() for p in parts], min_area)
            slivers += cut
            if not keep:
                dropped += 1
                continue
            blocks.append(as_multipolygon([parts[i] for i in keep]))
        feedback.pushInfo(self.tr("{0} faces enclosed by roads: {1} blocks, {2} faces and {3} sliver parts "
                                  "below {4:.0f} m² removed.").format(total, len(blocks), dropped, slivers,
                                                                      min_area))
        districts = None
        dist_src = self.parameterAsSource(parameters, "DISTRICTS", context)
        if dist_src is not None:
            label_d = self.tr("Districts")
            chosen = self.parameterAsString(parameters, "DISTRICT_ID_FIELD", context) or ""
            did = require_field(dist_src, chosen, label_d) or "district_code"
            districts = read_polygons(dist_src, label_d, did, {}, crs, context.transformContext(), feedback)
        centroids = [(g.centroid().asPoint().x(), g.centroid().asPoint().y()) for g in blocks]
        ids = rules.number_blocks(centroids, self.parameterAsString(parameters, "PREFIX", context) or "")
        rows = [(g, [uid, largest_overlap(districts, g) if districts is not None else None,
                     round(g.area(), 1), round(g.length(), 1)])
                for uid, g in sorted(zip(ids, blocks), key=lambda t: t[0])]
        return {"OUTPUT": write_sink(self, parameters, context, "OUTPUT", make_fields(SPEC),
                                     QgsWkbTypes.MultiPolygon, crs, rows)}
