"""cityhealth:surveyforms — one standardised survey form (.xlsx) per grid or community."""

from __future__ import annotations

import os
from collections import Counter
from typing import Any, List

from qgis.core import (
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
from qgis.PyQt.QtCore import QVariant

from ...core import schema
from ...core.catalogue import load_catalogue
from ...core.feedback import Canceled
from ...core.messages import CityHealthError
from ...core.survey_forms import SurveyBuilding, write_survey_forms
from ..base import CityHealthAlgorithm, processing_error


def _text(value: Any) -> str:
    """Attribute value as text: NULL → "", 3.0 → "3"."""
    if isinstance(value, QVariant):
        if value.isNull():
            return ""
        value = value.value()
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _units(text: str):
    try:
        number = int(float(text))
    except ValueError:
        return None
    return number if number > 0 else None


#: Default library fields: the demo city's building layer (schema.BUILDING_FIELDS).
DEFAULTS = {"ID_FIELD": "building_id", "COMPOUND_FIELD": "compound_name", "BUILDING_FIELD": "building_no",
            "UNITS_FIELD": "units", "GROUP_FIELD": "grid_code", "COMMUNITY_FIELD": "community_code",
            "GRID_FIELD": "grid_code"}
assert set(DEFAULTS.values()) <= set(schema.BUILDING_FIELDS)


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
            "照片/xxx.jpg); an instructions sheet 填表说明 in Chinese; the header is protected and "
            "frozen. Its column names are the ones the report reader recognises, so a filled form "
            "joins to the library without any column settings.\n\n"
            "Buildings without a compound name cannot be offered and are counted in the log. A building "
            "without a number is offered by its compound name when it is the only building of that "
            "compound (a scattered building 散楼 named by its door address, e.g. 和平路45号). Files are "
            "named <group>_<group name>_调查表.xlsx; an existing form with the same name is replaced.")

    def initAlgorithm(self, config=None):  # noqa: N802
        self.addParameter(QgsProcessingParameterFeatureSource(
            self.LIBRARY, self.tr("Address library (building polygons)"),
            [QgsProcessing.TypeVectorPolygon]))
        self.addLibraryFieldParameters(self.LIBRARY, areas=False, units_default=DEFAULTS["UNITS_FIELD"])
        fields = (
            (self.GROUP_FIELD, self.tr("One form per value of (grid or community field)"), False,
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
                optional_default = key in (self.UNITS_FIELD, self.COMMUNITY_FIELD, self.GRID_FIELD)
                if optional_default and parameters.get(key) in (None, ""):
                    names[key] = ""  # optional default that this library does not have
                    continue
                raise QgsProcessingException(self.tr(
                    "The address library has no field \"{field}\" (parameter {param}). Its fields are: "
                    "{fields}.").format(field=field, param=key, fields=", ".join(available)))
        rows = self.parameterAsInt(parameters, self.ROWS, context)
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

        def attr(feature, key):
            i = index[key]
            return _text(feature.attributes()[i]) if i >= 0 else ""

        for n, feature in enumerate(source.getFeatures(request)):
            if steps.isCanceled():
                raise processing_error(Canceled())
            if total and not n % 500:
                steps.setProgress(100.0 * n / total)
            compound, building = attr(feature, self.COMPOUND_FIELD), attr(feature, self.BUILDING_FIELD)
            if not compound:  # a building without a number is offered when it is its compound's only one
                skipped += 1
                continue
            units = _units(attr(feature, self.UNITS_FIELD))
            buildings.append(SurveyBuilding(
                attr(feature, self.ID_FIELD), compound, building, units, attr(feature, self.COMMUNITY_FIELD),
                attr(feature, self.GRID_FIELD), attr(feature, self.GROUP_FIELD),
                attr(feature, self.GROUP_NAME_FIELD)))
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
            results = write_survey_forms(buildings, catalogue, folder, rows=rows, feedback=steps)
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

