"""cityhealth:surveyforms — one standardised survey form (.xlsx) per grid or community."""

from __future__ import annotations

import datetime
import os
from collections import Counter
from typing import List

from qgis.core import (
    QgsExpressionContextUtils,
    QgsFeatureRequest,
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingMultiStepFeedback,
    QgsProcessingOutputNumber,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterField,
    QgsProcessingParameterFile,
    QgsProcessingParameterFolderDestination,
    QgsProcessingParameterNumber,
)

from ...core import schema
from ...core.catalogue import load_catalogue
from ...core.feedback import Canceled
from ...core.messages import CityHealthError
from ...core.survey_forms import SurveyBuilding, write_survey_forms
from ..base import CityHealthAlgorithm, processing_error
from ..io import to_int, to_text

#: Default library fields: the demo city's building layer (schema.BUILDING_FIELDS).
DEFAULTS = {"ID_FIELD": "building_id", "COMPOUND_FIELD": "compound_name", "BUILDING_FIELD": "building_no",
            "UNITS_FIELD": "units", "GROUP_FIELD": "grid_code", "COMMUNITY_FIELD": "community_code",
            "GRID_FIELD": "grid_code"}
assert set(DEFAULTS.values()) <= set(schema.BUILDING_FIELDS)
#: The same fields in the address library's library_buildings, used when a default is missing.
LIBRARY_FALLBACKS = {"GROUP_FIELD": "grid", "COMMUNITY_FIELD": "community", "GRID_FIELD": "grid"}
#: Name layers: (layer parameter, code field parameter, default, name field parameter, default).
NAME_LAYERS = (("COMMUNITIES", "COMMUNITY_CODE_FIELD", "community_code", "COMMUNITY_NAME_FIELD",
                "community_name"),
               ("GRIDS", "GRID_CODE_FIELD", "grid_code", "GRID_NAME_FIELD", "grid_name"))
assert {"community_code", "community_name"} <= set(schema.COMMUNITY_FIELDS)
assert {"grid_code", "grid_name"} <= set(schema.GRID_FIELDS)
#: Project variable holding the current survey round (year), the default of ROUND.
ROUND_VARIABLE = "cityhealth_round"


def project_round(project) -> int:
    """The project's current round: its variable ``cityhealth_round``, else the current year."""
    if project is not None:
        value = to_int(QgsExpressionContextUtils.projectScope(project).variable(ROUND_VARIABLE))
        if value and value > 0:
            return value
    return datetime.date.today().year


class SurveyFormsAlgorithm(CityHealthAlgorithm):
    """Write survey forms with cascading dropdowns from the address library and problem catalogue."""

    ALG_ID = "surveyforms"
    GROUP = "address"

    LIBRARY = "LIBRARY"
    ID_FIELD = "ID_FIELD"
    COMPOUND_FIELD = "COMPOUND_FIELD"
    BUILDING_FIELD = "BUILDING_FIELD"
    UNITS_FIELD = "UNITS_FIELD"
    GROUP_FIELD = "GROUP_FIELD"
    GROUP_NAME_FIELD = "GROUP_NAME_FIELD"
    COMMUNITY_FIELD = "COMMUNITY_FIELD"
    GRID_FIELD = "GRID_FIELD"
    COMMUNITIES = "COMMUNITIES"
    GRIDS = "GRIDS"
    ROUND = "ROUND"
    CATALOGUE = "CATALOGUE"
    ROWS = "ROWS"
    OUTPUT_FOLDER = "OUTPUT_FOLDER"
    FORMS = "FORMS"

    def displayName(self) -> str:  # noqa: N802
        return self.tr("Write survey forms for grid workers")

    def shortHelpString(self) -> str:  # noqa: N802
        return self.tr(
            "Writes one Excel survey form (.xlsx) per grid or community (the values of the group field) "
            "for grid workers, built from the standard address library and the problem catalogue.\n\n"
            "Each form has a sheet 问题清单 with about ROWS pre-formatted rows and cascading dropdowns: "
            "compound → building → unit, and problem category → problem; option lists for severity; a "
            "date check on the report date; a photo file name column (one photo per problem, e.g. "
            "照片/xxx.jpg); an instructions sheet 填表说明 in Chinese; the header is protected, "
            "frozen and printed on every page. Its column names are the ones the report reader "
            "recognises, so a filled form joins to the library without any column settings.\n\n"
            "Buildings without a compound name cannot be offered and are counted in the log. A building "
            "without a number is offered by its compound name when it is the only building of that "
            "compound (a scattered building 散楼 named by its door address, e.g. 和平路45号). Files are "
            "named <group>_<group name>_调查表.xlsx; an existing form with the same name is replaced.\n\n"
            "The community and grid dropdowns offer names: give the communities and grids layers (code and "
            "name fields) when the library holds codes; the codes stay in a hidden lookup table. The "
            "title names the grid or community. ROUND (the year in the title): 0 = the project's "
            "current round, its variable cityhealth_round (Project Properties → Variables), else the "
            "current year.")

    def initAlgorithm(self, config=None):  # noqa: N802
        self.addParameter(QgsProcessingParameterFeatureSource(
            self.LIBRARY, self.tr("Address library (building polygons)"),
            [QgsProcessing.TypeVectorPolygon]))
        self.addLibraryFieldParameters(self.LIBRARY, areas=False, units_default=DEFAULTS["UNITS_FIELD"])
        fields = (
            # optional to Processing (qgis_process 3.22 refuses a missing mandatory field parameter
            # even with a default); processAlgorithm requires it
            (self.GROUP_FIELD, self.tr("One form per value of (grid or community field)"), True,
             QgsProcessingParameterField.Any),
            (self.GROUP_NAME_FIELD, self.tr("Group name field (file name and title)"), True,
             QgsProcessingParameterField.Any),
            (self.COMMUNITY_FIELD, self.tr("Community field (options of 社区名)"), True,
             QgsProcessingParameterField.Any),
            (self.GRID_FIELD, self.tr("Grid field (options of 网格)"), True, QgsProcessingParameterField.Any),
        )
        for name, label, optional, kind in fields:
            self.addParameter(QgsProcessingParameterField(
                name, label, DEFAULTS.get(name), self.LIBRARY, kind, optional=optional))
        labels = {self.COMMUNITIES: (self.tr("Communities (code and name for the 社区名 dropdown)"),
                                     self.tr("Community code field"), self.tr("Community name field")),
                  self.GRIDS: (self.tr("Grids (code and name for the 网格 dropdown and the title)"),
                               self.tr("Grid code field"), self.tr("Grid name field"))}
        for layer, code_field, code_default, name_field, name_default in NAME_LAYERS:
            layer_label, code_label, name_label = labels[layer]
            self.addParameter(QgsProcessingParameterFeatureSource(
                layer, layer_label, [QgsProcessing.TypeVector], optional=True))
            self.addParameter(QgsProcessingParameterField(
                code_field, code_label, code_default, layer, QgsProcessingParameterField.Any, optional=True))
            self.addParameter(QgsProcessingParameterField(
                name_field, name_label, name_default, layer, QgsProcessingParameterField.Any, optional=True))
        self.addParameter(QgsProcessingParameterNumber(
            self.ROUND, self.tr("Round (year in the title; 0 = the project's current round)"),
            QgsProcessingParameterNumber.Integer, 0, False, 0, 9999))
        self.addParameter(QgsProcessingParameterFile(
            self.CATALOGUE, self.tr("Problem catalogue CSV (empty: the built-in national catalogue)"),
            extension="csv", optional=True))
        self.addParameter(QgsProcessingParameterNumber(
            self.ROWS, self.tr("Rows per form"), QgsProcessingParameterNumber.Integer, 500, False, 1, 10000))
        self.addParameter(QgsProcessingParameterFolderDestination(
            self.OUTPUT_FOLDER, self.tr("Output folder")))
        self.addOutput(QgsProcessingOutputNumber(self.FORMS, self.tr("Forms written")))

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        source = self.parameterAsSource(parameters, self.LIBRARY, context)
        if source is None:
            raise QgsProcessingException(self.invalidSourceError(parameters, self.LIBRARY))
        names = {key: (self.parameterAsString(parameters, key, context) or "").strip() for key in (
            self.ID_FIELD, self.COMPOUND_FIELD, self.BUILDING_FIELD, self.UNITS_FIELD, self.GROUP_FIELD,
            self.GROUP_NAME_FIELD, self.COMMUNITY_FIELD, self.GRID_FIELD)}
        available = source.fields().names()
        required = (self.ID_FIELD, self.COMPOUND_FIELD, self.BUILDING_FIELD, self.GROUP_FIELD)
        for key, field in names.items():
            if not field:
                if key in required:
                    raise QgsProcessingException(self.tr("Choose a field for {}.").format(key))
                continue
            if field not in available:
                fallback = LIBRARY_FALLBACKS.get(key)
                if fallback in available and parameters.get(key) in (None, ""):
                    names[key] = fallback  # a default of the demo buildings, on library_buildings
                    continue
                optional_default = key in (self.UNITS_FIELD, self.COMMUNITY_FIELD, self.GRID_FIELD)
                if optional_default and parameters.get(key) in (None, ""):
                    names[key] = ""  # optional default that this library does not have
                    continue
                raise QgsProcessingException(self.tr(
                    "The address library has no field \"{field}\" (parameter {param}). Its fields are: "
                    "{fields}.").format(field=field, param=key, fields=", ".join(available)))
        rows = self.parameterAsInt(parameters, self.ROWS, context)
        round_no = self.parameterAsInt(parameters, self.ROUND, context) or project_round(context.project())
        feedback.pushInfo(self.tr("Round in the titles: {}").format(round_no))
        folder = self.parameterAsFileOutput(parameters, self.OUTPUT_FOLDER, context)
        catalogue_path = self.parameterAsFile(parameters, self.CATALOGUE, context) or None
        if catalogue_path and not os.path.isfile(catalogue_path):
            raise QgsProcessingException(self.tr("The problem catalogue file does not exist: {}").format(
                catalogue_path))

        steps = QgsProcessingMultiStepFeedback(2, feedback)
        index = {key: (available.index(field) if field else -1) for key, field in names.items()}
        request = QgsFeatureRequest().setFlags(QgsFeatureRequest.NoGeometry)
        request.setSubsetOfAttributes([i for i in index.values() if i >= 0])
        total = source.featureCount() or 0
        buildings: List[SurveyBuilding] = []
        skipped = 0

        def attr(values, key):
            i = index[key]
            return to_text(values[i]) if i >= 0 else ""

        community_names = self._names(parameters, context, NAME_LAYERS[0], feedback)
        grid_names = self._names(parameters, context, NAME_LAYERS[1], feedback)

        for n, feature in enumerate(source.getFeatures(request)):
            if steps.isCanceled():
                raise processing_error(Canceled())
            if total and not n % 500:
                steps.setProgress(100.0 * n / total)
            values = feature.attributes()  # converted once: QGIS converts every field at each call
            compound, building = attr(values, self.COMPOUND_FIELD), attr(values, self.BUILDING_FIELD)
            if not compound:  # a building without a number is offered when it is its compound's only one
                skipped += 1
                continue
            units = to_int(attr(values, self.UNITS_FIELD))
            community, grid = attr(values, self.COMMUNITY_FIELD), attr(values, self.GRID_FIELD)
            buildings.append(SurveyBuilding(
                attr(values, self.ID_FIELD), compound, building, units if units and units > 0 else None,
                community, grid, attr(values, self.GROUP_FIELD), attr(values, self.GROUP_NAME_FIELD),
                community_names.get(community, ""), grid_names.get(grid, "")))
        if skipped:
            feedback.pushWarning(self.tr(
                "{} buildings have no compound name and are not offered in the forms.")
                .format(skipped))
        sizes = Counter(b.compound for b in buildings)
        hidden = sum(1 for b in buildings if not b.building_no and sizes[b.compound] > 1)
        if hidden:
            feedback.pushWarning(self.tr(
                "{} buildings have no building number in a compound of several buildings: the forms cannot "
                "offer them (give them a number in the library).").format(hidden))
        if not buildings:
            raise QgsProcessingException(self.tr(
                "The address library has no building with a compound name: no form was written."))

        steps.setCurrentStep(1)
        try:
            catalogue = load_catalogue(catalogue_path)
            results = write_survey_forms(buildings, catalogue, folder, rows=rows, feedback=steps,
                                         round_no=round_no)
        except CityHealthError as error:
            raise processing_error(error) from None
        except OSError as error:
            raise QgsProcessingException(self.tr("The forms could not be written to {}: {}").format(
                folder, error)) from None
        for result in results:
            feedback.pushInfo(self.tr("{path}: {buildings} buildings in {compounds} compounds").format(
                path=result.path, buildings=result.buildings, compounds=result.compounds))
        feedback.pushInfo(self.tr("{} forms written to {}").format(len(results), folder))
        return {self.OUTPUT_FOLDER: folder, self.FORMS: len(results)}

    def _names(self, parameters, context, spec, feedback):
        """Code → name from an optional name layer (communities or grids); {} without one."""
        layer, code_param, _code_default, name_param, _name_default = spec
        if parameters.get(layer) in (None, ""):
            return {}
        source = self.parameterAsSource(parameters, layer, context)
        if source is None:
            raise QgsProcessingException(self.invalidSourceError(parameters, layer))
        code_field = self.parameterAsString(parameters, code_param, context)
        name_field = self.parameterAsString(parameters, name_param, context)
        available = source.fields().names()
        for param, field in ((code_param, code_field), (name_param, name_field)):
            if not field or field not in available:
                raise QgsProcessingException(self.tr(
                    "The layer {layer} has no field \"{field}\" (parameter {param}). Its fields are: "
                    "{fields}.").format(layer=layer, field=field, param=param, fields=", ".join(available)))
        request = QgsFeatureRequest().setFlags(QgsFeatureRequest.NoGeometry)
        request.setSubsetOfAttributes([available.index(code_field), available.index(name_field)])
        names = {}
        for feature in source.getFeatures(request):
            if feedback.isCanceled():
                raise processing_error(Canceled())
            code, name = to_text(feature[code_field]), to_text(feature[name_field])
            if code and name:
                names.setdefault(code, name)
        return names

