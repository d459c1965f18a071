"""cityhealth:democity — generate the demo city GeoPackage and its messy grid reports."""

from __future__ import annotations

import os

from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsFeature,
    QgsGeometry,
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingMultiStepFeedback,
    QgsProcessingOutputFile,
    QgsProcessingOutputFolder,
    QgsProcessingOutputNumber,
    QgsProcessingOutputString,
    QgsProcessingOutputVectorLayer,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFolderDestination,
    QgsProcessingParameterNumber,
    QgsWkbTypes,
)

from ...core import schema
from ...core.catalogue import load_catalogue
from ...core.democity import SIZES, generate_city, write_reports
from ...core.feedback import check
from ..base import PLANNER_ERRORS, QT_TRANSLATE_NOOP, CityHealthAlgorithm, planner_error
from ..io import GpkgBuilder, atomic_gpkg, make_fields

_GEOMETRY = {schema.LAYER_ROADS: QgsWkbTypes.LineString, schema.LAYER_FACILITIES: QgsWkbTypes.Point}
GPKG_NAME = "democity.gpkg"


def layer_output(layer: str) -> str:
    """Name of the output that carries the demo layer ``layer`` (e.g. ``BUILDINGS_LAYER``)."""
    return layer.upper() + "_LAYER"


class DemoCityAlgorithm(CityHealthAlgorithm):
    """Generate a deterministic synthetic old town (Tongliao-like) plus two rounds of grid reports."""

    ALG_ID = "democity"
    GROUP = "data"

    SIZE = "SIZE"
    SEED = "SEED"
    OUTPUT_FOLDER = "OUTPUT_FOLDER"
    GEOPACKAGE = "GEOPACKAGE"
    REPORTS_FOLDER = "REPORTS_FOLDER"
    GROUND_TRUTH = "GROUND_TRUTH"
    BUILDINGS = "BUILDINGS"
    REPORT_ROWS = "REPORT_ROWS"
    REPORTS_PATH = "REPORTS_PATH"
    COMPLAINTS_PATH = "COMPLAINTS_PATH"
    LAYER_LABELS = (
        (schema.LAYER_DISTRICTS, QT_TRANSLATE_NOOP("DemoCityAlgorithm", "Districts")),
        (schema.LAYER_STREETS, QT_TRANSLATE_NOOP("DemoCityAlgorithm", "Streets")),
        (schema.LAYER_COMMUNITIES, QT_TRANSLATE_NOOP("DemoCityAlgorithm", "Communities")),
        (schema.LAYER_GRIDS, QT_TRANSLATE_NOOP("DemoCityAlgorithm", "Grid cells")),
        (schema.LAYER_ROADS, QT_TRANSLATE_NOOP("DemoCityAlgorithm", "Roads")),
        (schema.LAYER_BLOCKS, QT_TRANSLATE_NOOP("DemoCityAlgorithm", "Blocks")),
        (schema.LAYER_COMPOUNDS, QT_TRANSLATE_NOOP("DemoCityAlgorithm", "Compounds")),
        (schema.LAYER_BUILDINGS, QT_TRANSLATE_NOOP("DemoCityAlgorithm", "Buildings")),
        (schema.LAYER_FACILITIES, QT_TRANSLATE_NOOP("DemoCityAlgorithm", "Facilities")),
        (schema.LAYER_PARKS, QT_TRANSLATE_NOOP("DemoCityAlgorithm", "Parks")),
        (schema.LAYER_VACANT_LAND, QT_TRANSLATE_NOOP("DemoCityAlgorithm", "Vacant and under-used land")),
    )

    def displayName(self):  # noqa: N802 (QGIS API name)
        return self.tr("Generate demo city")

    def shortHelpString(self):  # noqa: N802 (QGIS API name)
        return self.tr(
            "Generates a synthetic but realistic old town modelled on Tongliao (Horqin district and the "
            "economic development zone) in EPSG:4550: districts, streets, communities, grid cells, roads, "
            "blocks, compounds, buildings, facilities, parks and vacant or under-used land (candidate "
            "sites), written to democity.gpkg in the output "
            "folder. It also writes two rounds (2024, 2025) of grid problem reports with the messy "
            "address spellings grid workers use, one photo per problem, a satisfaction survey per round, "
            "a residents' complaint list per round (complaints/<round>/, a WeChat-group and 12345-hotline "
            "export with free-text addresses, names and phone numbers) "
            "and ground_truth.csv stating the true building of every report row.\n\n"
            "Size small has about 2,000 buildings and takes seconds; large has about 60,000 buildings and "
            "200,000 report rows (for benchmarks, a minute or two). The same seed always gives the same "
            "city and the same report tables.")

    def initAlgorithm(self, config=None):  # noqa: N802 (QGIS API name)
        self.addParameter(QgsProcessingParameterEnum(
            self.SIZE, self.tr("Size"), options=[self.tr("Small (about 2,000 buildings)"),
                                                 self.tr("Large (about 60,000 buildings)")],
            defaultValue=0))
        self.addParameter(QgsProcessingParameterNumber(
            self.SEED, self.tr("Random seed"), QgsProcessingParameterNumber.Integer, defaultValue=2024))
        self.addParameter(QgsProcessingParameterFolderDestination(
            self.OUTPUT_FOLDER, self.tr("Output folder")))
        self.addOutput(QgsProcessingOutputFolder(self.OUTPUT_FOLDER, self.tr("Output folder")))
        self.addOutput(QgsProcessingOutputFile(self.GEOPACKAGE, self.tr("Demo city GeoPackage")))
        self.addOutput(QgsProcessingOutputFolder(self.REPORTS_FOLDER, self.tr("Reports folder")))
        self.addOutput(QgsProcessingOutputFile(self.GROUND_TRUTH, self.tr("Ground truth of the reports")))
        self.addOutput(QgsProcessingOutputNumber(self.BUILDINGS, self.tr("Number of buildings")))
        self.addOutput(QgsProcessingOutputNumber(self.REPORT_ROWS, self.tr("Number of report rows")))
        # Layers and the reports path as outputs that models can wire (file and folder outputs are not
        # offered to expressions in models on QGIS 3.22; layers and strings are).
        for layer, label in self.LAYER_LABELS:
            self.addOutput(QgsProcessingOutputVectorLayer(layer_output(layer), self.tr(label)))
        self.addOutput(QgsProcessingOutputString(self.REPORTS_PATH,
                                                 self.tr("Reports folder (as text, for models)")))
        self.addOutput(QgsProcessingOutputString(self.COMPLAINTS_PATH,
                                                 self.tr("Complaint lists folder (as text, for models)")))

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802 (QGIS API name)
        size = SIZES[self.parameterAsEnum(parameters, self.SIZE, context)]
        seed = self.parameterAsInt(parameters, self.SEED, context)
        folder = self.parameterAsFileOutput(parameters, self.OUTPUT_FOLDER, context)
        if not folder or folder == QgsProcessing.TEMPORARY_OUTPUT:
            raise QgsProcessingException(self.tr("Choose an output folder."))
        self._check_writable(folder)
        steps = QgsProcessingMultiStepFeedback(3, feedback)
        try:
            steps.pushInfo(self.tr("Generating the {} city with seed {} …").format(size, seed))
            city = generate_city(size, seed, steps)
            steps.setCurrentStep(1)
            gpkg = os.path.join(folder, GPKG_NAME)
            self._write_geopackage(city, gpkg, steps)
            steps.setCurrentStep(2)
            steps.pushInfo(self.tr("Writing the grid reports …"))
            summary = write_reports(city, folder, load_catalogue(), steps)
        except PLANNER_ERRORS as error:
            raise planner_error(error, path=folder) from error
        steps.pushInfo(self.tr("{} buildings, {} report rows ({} deliberately unmatchable, {:.1%}).").format(
            city.count(schema.LAYER_BUILDINGS), summary.rows, summary.unmatchable, summary.unmatchable_share))
        results = {self.OUTPUT_FOLDER: folder, self.GEOPACKAGE: gpkg,
                   self.REPORTS_FOLDER: summary.reports_folder, self.GROUND_TRUTH: summary.ground_truth,
                   self.BUILDINGS: city.count(schema.LAYER_BUILDINGS), self.REPORT_ROWS: summary.rows,
                   self.REPORTS_PATH: summary.reports_folder,
                   self.COMPLAINTS_PATH: summary.complaints_folder}
        for layer, _label in self.LAYER_LABELS:
            results[layer_output(layer)] = "{}|layername={}".format(gpkg, layer)
        return results

    def _check_writable(self, folder: str) -> None:
        probe = os.path.join(folder, ".cityhealth-write-test")
        try:
            os.makedirs(folder, exist_ok=True)
            with open(probe, "w", encoding="utf-8") as handle:
                handle.write("ok")
            os.remove(probe)
        except OSError as error:
            raise planner_error(error, path=folder) from error

    def _write_geopackage(self, city, path: str, feedback) -> None:
        """Write every demo layer into a temporary GeoPackage that replaces ``path`` only when all
        went well (``processing/io.atomic_gpkg``)."""
        crs = QgsCoordinateReferenceSystem(schema.DEMO_CRS)
        total = sum(city.count(name) for name in schema.DEMO_LAYERS) or 1
        done = [0]

        def features(name, fields, spec):
            for feature in city.layers[name]:
                qf = QgsFeature(fields)
                qf.setGeometry(QgsGeometry.fromWkt(feature.wkt))
                qf.setAttributes([feature.attrs.get(f) for f in spec])
                done[0] += 1
                if done[0] % 500 == 0:
                    check(feedback, done[0], total)
                yield qf

        with atomic_gpkg(path, feedback) as (tmp, _commit):
            builder = GpkgBuilder(tmp, crs)
            for name in schema.DEMO_LAYERS:
                spec = schema.DEMO_FIELDS[name]
                fields = make_fields(spec.items())
                builder.write(name, fields, _GEOMETRY.get(name, QgsWkbTypes.Polygon),
                              features(name, fields, spec), feedback=feedback)
