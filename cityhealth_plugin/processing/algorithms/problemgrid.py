"""cityhealth:problemgrid — problems per grid cell and zone, kernel density, DBSCAN clusters, double-high."""

from __future__ import annotations

import math
import os

from qgis.core import (
    QgsCoordinateTransform,
    QgsFeature,
    QgsFeatureSink,
    QgsFields,
    QgsGeometry,
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingParameterDistance,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterField,
    QgsProcessingParameterFolderDestination,
    QgsProcessingParameterNumber,
    QgsProcessingUtils,
    QgsRectangle,
    QgsVectorLayer,
    QgsWkbTypes,
)

from ...core.analysis import grid as core_grid
from ...core.feedback import Canceled, check
from ..base import CityHealthAlgorithm
from ..geometry import PolygonIndex, local_projected_crs
from ..io import make_fields, to_float, to_text
from ..qgis_compat import make_field

HEATMAP_IDS = ("native:heatmapkerneldensityestimation", "qgis:heatmapkerneldensityestimation")
GRID_TYPES = (2, 4)  # native:creategrid TYPE: 2 rectangle, 4 hexagon


class ProblemGridAlgorithm(CityHealthAlgorithm):
    """Counts and rates per grid cell and zone; per-type density rasters and clusters; double-high."""

    ALG_ID = "problemgrid"
    GROUP = "analysis"

    PROBLEMS, CATEGORY_FIELD = "PROBLEMS", "CATEGORY_FIELD"
    BUILDINGS, HOUSEHOLDS_FIELD = "BUILDINGS", "HOUSEHOLDS_FIELD"
    ZONES, ZONE_FIELD = "ZONES", "ZONE_FIELD"
    COMPLAINTS, PERCENTILE = "COMPLAINTS", "PERCENTILE"
    GRID_TYPE, CELL_SIZE = "GRID_TYPE", "CELL_SIZE"
    RADIUS, PIXEL_SIZE, EPS, MIN_SIZE = "RADIUS", "PIXEL_SIZE", "EPS", "MIN_SIZE"
    OUTPUT, ZONES_OUTPUT, CLUSTERS, DENSITY = "OUTPUT", "ZONES_OUTPUT", "CLUSTERS", "DENSITY_FOLDER"

    def displayName(self) -> str:  # noqa: N802
        return self.tr("Problem grid, density and clusters")

    def shortHelpString(self) -> str:  # noqa: N802
        return self.tr(
            "Where the problems are: counts per category (cat_<category>), problems_total, households and "
            "per_100hh (problems per 100 households; households of the BUILDINGS whose centroid lies in "
            "the unit) on a square or hexagon grid of CELL_SIZE (QGIS's Create grid) and per zone "
            "(ZONES, e.g. blocks, id ZONE_FIELD). Only cells with households, problems or complaints are "
            "written.\n\n"
            "Per problem type (CATEGORY_FIELD) with at least MIN_SIZE problems: a kernel density raster "
            "(QGIS's Heatmap, RADIUS, PIXEL_SIZE; 核密度_<type>.tif in DENSITY_FOLDER) and DBSCAN clusters "
            "(QGIS's DBSCAN clustering, EPS, MIN_SIZE): every problem point with its cluster_id (NULL: "
            "noise) and cluster_size.\n\n"
            "Double-high (double_high = 1): cells and zones where the problems and the residents' "
            "complaints both exceed the PERCENTILE of the cells (zones) that have households, problems "
            "or complaints. This needs a point layer of located complaints (COMPLAINTS, e.g. the "
            "satisfaction survey's demands or 12345 hotline calls with coordinates); without it "
            "complaints and double_high are NULL. A geographic CRS is worked in its UTM zone (metres).")

    def initAlgorithm(self, config=None):  # noqa: N802
        point, polygon = [QgsProcessing.TypeVectorPoint], [QgsProcessing.TypeVectorPolygon]
        self.addParameter(QgsProcessingParameterFeatureSource(
            self.PROBLEMS, self.tr("Problems (points)"), point))
        self.addParameter(QgsProcessingParameterField(
            self.CATEGORY_FIELD, self.tr("Problem type field (default: category)"), "category", self.PROBLEMS,
            optional=True))
        self.addParameter(QgsProcessingParameterFeatureSource(
            self.BUILDINGS, self.tr("Buildings with households (optional)"), polygon, optional=True))
        self.addParameter(QgsProcessingParameterField(
            self.HOUSEHOLDS_FIELD, self.tr("Households field"), "households", self.BUILDINGS,
            QgsProcessingParameterField.Numeric, optional=True))
        self.addParameter(QgsProcessingParameterFeatureSource(
            self.ZONES, self.tr("Zones, e.g. blocks (optional)"), polygon, optional=True))
        self.addParameter(QgsProcessingParameterField(
            self.ZONE_FIELD, self.tr("Zone id field"), "block_id", self.ZONES, optional=True))
        self.addParameter(QgsProcessingParameterFeatureSource(
            self.COMPLAINTS, self.tr("Residents' complaints (points, optional)"), point, optional=True))
        self.addParameter(QgsProcessingParameterNumber(
            self.PERCENTILE, self.tr("Double-high percentile"), QgsProcessingParameterNumber.Double, 80.0,
            False, 0.0, 100.0))
        self.addParameter(QgsProcessingParameterEnum(
            self.GRID_TYPE, self.tr("Grid"), [self.tr("Square"), self.tr("Hexagon")], False, 1))
        for name, label, default in ((self.CELL_SIZE, self.tr("Cell size"), 250.0),
                                     (self.RADIUS, self.tr("Kernel density radius"), 300.0),
                                     (self.PIXEL_SIZE, self.tr("Density pixel size"), 20.0),
                                     (self.EPS, self.tr("DBSCAN distance (EPS)"), 100.0)):
            self.addParameter(QgsProcessingParameterDistance(
                name, label, default, self.PROBLEMS, False, 0.001))
        self.addParameter(QgsProcessingParameterNumber(
            self.MIN_SIZE, self.tr("DBSCAN minimum cluster size"), QgsProcessingParameterNumber.Integer, 5,
            False, 2))
        self.addParameter(QgsProcessingParameterFeatureSink(
            self.OUTPUT, self.tr("Problem grid"), QgsProcessing.TypeVectorPolygon))
        self.addParameter(QgsProcessingParameterFeatureSink(
            self.ZONES_OUTPUT, self.tr("Problems per zone"), QgsProcessing.TypeVectorPolygon, optional=True))
        self.addParameter(QgsProcessingParameterFeatureSink(
            self.CLUSTERS, self.tr("Problem clusters (DBSCAN)"), QgsProcessing.TypeVectorPoint))
        self.addParameter(QgsProcessingParameterFolderDestination(
            self.DENSITY, self.tr("Kernel density rasters folder")))

    # -- reading ---------------------------------------------------------------------------------
    def _points(self, source, transform, field=None, feedback=None):
        out = []
        for feat in source.getFeatures():
            geom = feat.geometry()
            if geom is None or geom.isNull() or geom.isEmpty():
                out.append((None, to_text(feat[field]) if field else None))
                continue
            geom = QgsGeometry(geom.centroid() if geom.isMultipart() else geom)
            if transform is not None:
                geom.transform(transform)
            out.append((geom, to_text(feat[field]) if field else None))
        check(feedback)
        return out

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        try:
            return self._run(parameters, context, feedback)
        except Canceled:
            raise QgsProcessingException(self.tr("Cancelled.")) from None

    def _run(self, parameters, context, feedback):
        problems = self.parameterAsSource(parameters, self.PROBLEMS, context)
        if problems is None:
            raise QgsProcessingException(self.invalidSourceError(parameters, self.PROBLEMS))
        category = self.parameterAsString(parameters, self.CATEGORY_FIELD, context)
        if category and problems.fields().lookupField(category) < 0:
            raise QgsProcessingException(self.tr("The problems layer has no field «{0}».").format(category))
        crs = problems.sourceCrs()
        target = local_projected_crs(crs, problems.sourceExtent(), context.transformContext())
        if target != crs:
            feedback.pushInfo(self.tr("{0} is a geographic CRS: working in {1} (metres).").format(
                crs.authid(), target.authid()))

        def transform_of(source):
            if source is None or source.sourceCrs() == target or not source.sourceCrs().isValid():
                return None
            return QgsCoordinateTransform(source.sourceCrs(), target, context.transformContext())

        points = self._points(problems, transform_of(problems), category, feedback)
        buildings = self.parameterAsSource(parameters, self.BUILDINGS, context)
        households_field = self.parameterAsString(parameters, self.HOUSEHOLDS_FIELD, context)
        homes = None
        if buildings is not None and households_field:
            t = transform_of(buildings)
            homes = []
            for feat in buildings.getFeatures():
                geom = feat.geometry()
                if geom is None or geom.isEmpty():
                    continue
                centre = geom.centroid()
                if t is not None:
                    centre.transform(t)
                homes.append((centre, to_float(feat[households_field]) or 0.0))
        complaints_source = self.parameterAsSource(parameters, self.COMPLAINTS, context)
        complaints = None
        if complaints_source is not None:
            complaints = self._points(complaints_source, transform_of(complaints_source), None, feedback)
        else:
            feedback.pushInfo(self.tr("No complaints layer: complaints and double_high are NULL."))
        categories = sorted({c or "" for _g, c in points})
        pct = self.parameterAsDouble(parameters, self.PERCENTILE, context)
        feedback.setProgress(10)

        cells = self._grid(parameters, context, feedback, points, homes, target)
        results = {}
        results[self.OUTPUT] = self._units(parameters, context, self.OUTPUT, cells, "cell_id", points,
                                           homes, complaints, categories, pct, target, feedback, True)
        zones = self.parameterAsSource(parameters, self.ZONES, context)
        zone_field = self.parameterAsString(parameters, self.ZONE_FIELD, context)
        if zones is not None and zone_field and parameters.get(self.ZONES_OUTPUT):
            index = PolygonIndex(self.tr("Zones"), transform_of(zones))
            for feat in zones.getFeatures():
                index.add(to_text(feat[zone_field]), feat.geometry())
            results[self.ZONES_OUTPUT] = self._units(
                parameters, context, self.ZONES_OUTPUT, index, zone_field, points, homes, complaints,
                categories, pct, target, feedback, False)
        feedback.setProgress(50)
        results.update(self._per_type(parameters, context, feedback, points, categories, target))
        return results

    # -- grid and units --------------------------------------------------------------------------
    def _grid(self, parameters, context, feedback, points, homes, target):
        import processing

        size = self.parameterAsDouble(parameters, self.CELL_SIZE, context)
        extent = QgsRectangle()
        extent.setMinimal()
        for geom in [g for g, _c in points] + [g for g, _h in (homes or [])]:
            if geom is not None:
                extent.combineExtentWith(geom.boundingBox())
        if extent.isEmpty() and extent.width() <= 0 and extent.height() <= 0 and not points:
            raise QgsProcessingException(self.tr("The problems layer has no located problem."))
        # aligned on multiples of the cell size (the same cells in every round), one cell of margin
        extent = QgsRectangle(math.floor(extent.xMinimum() / size) * size - size,
                              math.floor(extent.yMinimum() / size) * size - size,
                              math.ceil(extent.xMaximum() / size) * size + size,
                              math.ceil(extent.yMaximum() / size) * size + size)
        grid_type = GRID_TYPES[self.parameterAsEnum(parameters, self.GRID_TYPE, context)]
        text = "{},{},{},{} [{}]".format(extent.xMinimum(), extent.xMaximum(), extent.yMinimum(),
                                         extent.yMaximum(), target.authid())
        out = processing.run("native:creategrid", {"TYPE": grid_type, "EXTENT": text, "HSPACING": size,
                                                   "VSPACING": size, "HOVERLAY": 0, "VOVERLAY": 0,
                                                   "CRS": target, "OUTPUT": "memory:"},
                             context=context, feedback=feedback, is_child_algorithm=True)
        layer = QgsProcessingUtils.mapLayerFromString(out["OUTPUT"], context)
        index = PolygonIndex(self.tr("Grid"))
        for feat in layer.getFeatures():
            index.add(str(int(feat["id"])), feat.geometry())
        return index

    def _units(self, parameters, context, param, index, key, points, homes, complaints, categories, pct,
               target, feedback, only_active):
        n = len(points)
        where = []
        for k, (geom, _c) in enumerate(points):
            check(feedback, k, n)
            where.append(index.containing(geom))
        problems = core_grid.tally(where, [c for _g, c in points])
        households = None
        if homes is not None:
            households = {}
            for geom, hh in homes:
                unit = index.containing(geom)
                if unit is not None:
                    households[unit] = households.get(unit, 0.0) + hh
        counted = None
        if complaints is not None:
            counted = {}
            for geom, _c in complaints:
                unit = index.containing(geom)
                if unit is not None:
                    counted[unit] = counted.get(unit, 0) + 1
        units = sorted(index.geoms, key=lambda u: (len(u), u))
        rows, limit_p, limit_c = core_grid.unit_figures(units, problems, categories, households, counted, pct)
        if limit_p is not None:
            feedback.pushInfo(self.tr("{0}: double-high where problems > {1:g} and complaints > {2:g} "
                                      "(percentile {3:g}).").format(param, limit_p, limit_c, pct))
        fields = QgsFields()
        fields.append(make_field(key, int if key == "cell_id" else str))
        for name, kind in (("problems_total", int), ("households", float), ("per_100hh", float),
                           ("complaints", int), ("double_high", int)):
            fields.append(make_field(name, kind))
        for c in categories:
            fields.append(make_field(core_grid.category_field(c), int))
        sink, dest = self.parameterAsSink(parameters, param, context, fields, QgsWkbTypes.MultiPolygon,
                                          target)
        if sink is None:
            raise QgsProcessingException(self.invalidSinkError(parameters, param))
        feats = []
        for row in rows:
            if only_active and not (row.problems or (row.households or 0) > 0 or row.complaints):
                continue
            feat = QgsFeature(fields)
            geom = index.get(row.unit)
            if geom is not None:
                geom = QgsGeometry(geom)
                geom.convertToMultiType()
                feat.setGeometry(geom)
            feat.setAttributes([int(row.unit) if key == "cell_id" else row.unit, row.problems, row.households,
                                row.per_100hh, row.complaints, row.double_high]
                               + [row.categories[c] for c in categories])
            feats.append(feat)
        if feats and not sink.addFeatures(feats, QgsFeatureSink.FastInsert):
            raise QgsProcessingException(self.writeFeatureError(sink, parameters, param))
        outside = sum(1 for w, (g, _c) in zip(where, points) if w is None and g is not None)
        if outside:
            feedback.pushWarning(self.tr("{0}: {1} problems lie in no unit.").format(param, outside))
        return dest

    # -- per problem type: kernel density and DBSCAN ----------------------------------------------
    def _per_type(self, parameters, context, feedback, points, categories, target):
        import processing
        from qgis.core import QgsApplication

        registry = QgsApplication.processingRegistry()
        heatmap = next((i for i in HEATMAP_IDS if registry.algorithmById(i) is not None), None)
        folder = self.parameterAsString(parameters, self.DENSITY, context)
        os.makedirs(folder, exist_ok=True)
        min_size = self.parameterAsInt(parameters, self.MIN_SIZE, context)
        fields = make_fields([("category", str), ("cluster_id", int), ("cluster_size", int)])
        sink, dest = self.parameterAsSink(parameters, self.CLUSTERS, context, fields, QgsWkbTypes.Point,
                                          target)
        if sink is None:
            raise QgsProcessingException(self.invalidSinkError(parameters, self.CLUSTERS))
        radius = self.parameterAsDouble(parameters, self.RADIUS, context)
        pixel = self.parameterAsDouble(parameters, self.PIXEL_SIZE, context)
        eps = self.parameterAsDouble(parameters, self.EPS, context)
        clusters = 0
        for k, cat in enumerate(categories):
            check(feedback, k, len(categories), 50, 50)
            located = [g for g, c in points if (c or "") == cat and g is not None]
            if len(located) < min_size:  # too few for a density or a cluster: written as noise
                rows = []
                for geom in located:
                    new = QgsFeature(fields)
                    new.setGeometry(geom)
                    new.setAttributes([cat, None, None])
                    rows.append(new)
                sink.addFeatures(rows, QgsFeatureSink.FastInsert)
                continue
            layer = QgsVectorLayer("Point?crs={}".format(target.authid()), cat or "-", "memory")
            feats = []
            for geom in located:
                f = QgsFeature()
                f.setGeometry(geom)
                feats.append(f)
            layer.dataProvider().addFeatures(feats)
            name = cat or "未分类"
            raster = os.path.join(folder, "核密度_{}.tif".format(name))
            processing.run(heatmap, {"INPUT": layer, "RADIUS": radius, "PIXEL_SIZE": pixel, "KERNEL": 0,
                                     "OUTPUT_VALUE": 0, "OUTPUT": raster},
                           context=context, feedback=None, is_child_algorithm=True)
            out = processing.run("native:dbscanclustering", {"INPUT": layer, "MIN_SIZE": min_size, "EPS": eps,
                                                            "DBSCAN*": False, "OUTPUT": "memory:"},
                                 context=context, feedback=None, is_child_algorithm=True)
            result = QgsProcessingUtils.mapLayerFromString(out["OUTPUT"], context)
            rows = []
            ids = set()
            for f in result.getFeatures():
                new = QgsFeature(fields)
                new.setGeometry(f.geometry())
                cid = f["CLUSTER_ID"]
                cid = None if cid is None or str(cid) == "NULL" else int(cid)
                size = f["CLUSTER_SIZE"]
                new.setAttributes([cat, cid, None if cid is None else int(size)])
                if cid is not None:
                    ids.add(cid)
                rows.append(new)
            clusters += len(ids)
            sink.addFeatures(rows, QgsFeatureSink.FastInsert)
        feedback.pushInfo(self.tr("{0} DBSCAN clusters over {1} problem types.").format(
            clusters, len(categories)))
        return {self.CLUSTERS: dest, self.DENSITY: folder}
