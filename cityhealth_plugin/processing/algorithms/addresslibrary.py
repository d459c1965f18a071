"""cityhealth:addresslibrary — the standard address library (标准地址空间库) as one GeoPackage."""

from __future__ import annotations

import os
import uuid
from typing import Any, Dict, List, Optional, Tuple

from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsFeature,
    QgsFeatureRequest,
    QgsFields,
    QgsGeometry,
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingOutputNumber,
    QgsProcessingOutputVectorLayer,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterField,
    QgsProcessingParameterFileDestination,
    QgsSpatialIndex,
    QgsVectorFileWriter,
    QgsWkbTypes,
)
from qgis.PyQt.QtCore import QVariant

from ...core.address import parse_building
from ...core.feedback import Canceled
from ...core.library import (
    ALIAS_FIELDS,
    CONFLICT_FIELDS,
    LAYER_LIBRARY_ALIASES,
    LAYER_LIBRARY_BUILDINGS,
    LAYER_LIBRARY_CONFLICTS,
    LAYER_LIBRARY_UNITS,
    LIBRARY_BUILDING_FIELDS,
    LIBRARY_UNIT_FIELDS,
    AddressLibrary,
    BuildingRecord,
    CompoundRecord,
    conflict_counts,
)
from ...core.messages import CityHealthError
from ...core.normalize import name_key
from .. import layer_styles  # forms: styles of the library layers
from ..base import CityHealthAlgorithm, processing_error, require_field
from ..qgis_compat import make_field


def text_value(value: Any) -> str:
    """Attribute value as stripped text; NULL / None give ""."""
    if value is None:
        return ""
    if isinstance(value, QVariant):
        if value.isNull():
            return ""
        value = value.value()
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    return "" if text == "NULL" else text


def int_value(value: Any) -> Optional[int]:
    """Attribute value as an int, None when empty or not a number."""
    text = text_value(value)
    if not text:
        return None
    try:
        return int(float(text))
    except ValueError:
        digits = parse_building(text)
        return int(digits) if digits and digits.isdigit() else None


def qfields(spec: Dict[str, type]) -> QgsFields:
    fields = QgsFields()
    for name, typ in spec.items():
        fields.append(make_field(name, typ))
    return fields


def read_building_records(source, id_field: str, compound_field: str, building_field: str,
                          units_field: str = "", community_field: str = "", grid_field: str = "",
                          feedback=None, with_geometry: bool = True,
                          span: Tuple[float, float] = (0.0, 30.0)
                          ) -> Tuple[List[BuildingRecord], Dict[str, QgsGeometry]]:
    """Building records (and footprints by id) from a feature source; cancellable."""
    names = [f for f in (id_field, compound_field, building_field, units_field, community_field, grid_field)
             if f]
    request = QgsFeatureRequest().setSubsetOfAttributes(names, source.fields())
    if not with_geometry:
        request.setFlags(QgsFeatureRequest.NoGeometry)
    records: List[BuildingRecord] = []
    geoms: Dict[str, QgsGeometry] = {}
    total = source.featureCount() or 1
    fields = source.fields()
    idx = {name: fields.lookupField(name) for name in names}
    for n, feature in enumerate(source.getFeatures(request)):
        if n % 1000 == 0:
            if feedback is not None:
                if feedback.isCanceled():
                    raise Canceled()
                feedback.setProgress(span[0] + span[1] * n / total)
        attrs = feature.attributes()
        bid = text_value(attrs[idx[id_field]])
        if not bid:
            bid = "fid:{}".format(feature.id())
        record = BuildingRecord(
            bid, text_value(attrs[idx[compound_field]]), text_value(attrs[idx[building_field]]),
            int_value(attrs[idx[units_field]]) if units_field else None,
            text_value(attrs[idx[community_field]]) if community_field else "",
            text_value(attrs[idx[grid_field]]) if grid_field else "")
        records.append(record)
        if with_geometry and feature.hasGeometry():
            geoms[bid] = feature.geometry()
    return records, geoms


class _Polygons:
    """Polygons with one name each, in a target CRS, with a spatial index for point look-ups."""

    def __init__(self):
        self.index = QgsSpatialIndex()
        self.geoms: List[QgsGeometry] = []
        self.names: List[str] = []
        self.aliases: List[List[str]] = []

    def add(self, geom: QgsGeometry, name: str, aliases: List[str]) -> None:
        feature = QgsFeature(len(self.geoms))
        feature.setGeometry(geom)
        self.index.addFeature(feature)
        self.geoms.append(geom)
        self.names.append(name)
        self.aliases.append(aliases)

    def containing(self, point: QgsGeometry) -> Optional[str]:
        for n in self.index.intersects(point.boundingBox()):
            if self.geoms[n].contains(point):
                return self.names[n]
        return None


class AddressLibraryAlgorithm(CityHealthAlgorithm):
    """Builds canonical building and unit keys, the alias table and the conflict report."""

    ALG_ID = "addresslibrary"
    GROUP = "address"

    BUILDINGS = "BUILDINGS"
    ID_FIELD = "ID_FIELD"
    COMPOUND_FIELD = "COMPOUND_FIELD"
    BUILDING_FIELD = "BUILDING_FIELD"
    UNITS_FIELD = "UNITS_FIELD"
    COMMUNITY_FIELD = "COMMUNITY_FIELD"
    GRID_FIELD = "GRID_FIELD"
    COMPOUNDS = "COMPOUNDS"
    COMPOUND_NAME_FIELD = "COMPOUND_NAME_FIELD"
    COMPOUND_ALIAS_FIELD = "COMPOUND_ALIAS_FIELD"
    GRIDS = "GRIDS"
    GRID_NAME_FIELD = "GRID_NAME_FIELD"
    ALIASES = "ALIASES"
    OUTPUT = "OUTPUT"
    BUILDINGS_LAYER = "BUILDINGS_LAYER"
    UNITS_LAYER = "UNITS_LAYER"
    ALIASES_LAYER = "ALIASES_LAYER"
    CONFLICTS_LAYER = "CONFLICTS_LAYER"
    BUILDING_COUNT = "BUILDING_COUNT"
    COMPOUND_COUNT = "COMPOUND_COUNT"
    UNIT_COUNT = "UNIT_COUNT"
    ALIAS_COUNT = "ALIAS_COUNT"
    CONFLICT_COUNT = "CONFLICT_COUNT"
    DUPLICATE_KEYS = "DUPLICATE_KEYS"
    OUTSIDE_COMPOUND = "OUTSIDE_COMPOUND"
    NAME_COLLISIONS = "NAME_COLLISIONS"

    def displayName(self) -> str:  # noqa: N802
        return self.tr("Build standard address library")

    def shortHelpString(self) -> str:  # noqa: N802
        return self.tr(
            "Builds the standard address library from a building layer: one canonical key per building "
            "(compound|building) and per unit (compound|building|unit), with compound names and building "
            "numbers normalised (full width, brackets, spaces, Chinese numerals, 3号楼 / 3# / 第3栋 …).\n\n"
            "Writes one GeoPackage with the layers library_buildings (footprints with their key), "
            "library_units (one row per unit), library_aliases (every other spelling accepted for a "
            "compound: generated, phase, short and manual) and library_conflicts (two buildings with the "
            "same key, buildings outside any compound, compound names that collide after normalisation).\n\n"
            "Optional compound polygons give the compound to buildings without one, their aliases "
            "(separated by |) and the check that buildings lie inside a compound; optional grid polygons "
            "give the grid to buildings without one. An existing alias table keeps the spellings planners "
            "accepted (kind manual).")

    def initAlgorithm(self, config=None):  # noqa: N802
        poly = [QgsProcessing.TypeVectorPolygon]
        self.addParameter(QgsProcessingParameterFeatureSource(self.BUILDINGS, self.tr("Buildings"), poly))
        self.addLibraryFieldParameters(self.BUILDINGS)
        self.addParameter(QgsProcessingParameterFeatureSource(
            self.COMPOUNDS, self.tr("Compound polygons"), poly, optional=True))
        self.addParameter(QgsProcessingParameterField(
            self.COMPOUND_NAME_FIELD, self.tr("Compound polygon name field"), "compound_name", self.COMPOUNDS,
            optional=True))
        self.addParameter(QgsProcessingParameterField(
            self.COMPOUND_ALIAS_FIELD, self.tr("Compound polygon aliases field (| separated)"), None,
            self.COMPOUNDS, optional=True))
        self.addParameter(QgsProcessingParameterFeatureSource(
            self.GRIDS, self.tr("Grid polygons"), poly, optional=True))
        self.addParameter(QgsProcessingParameterField(
            self.GRID_NAME_FIELD, self.tr("Grid polygon name field"), "grid_code", self.GRIDS, optional=True))
        self.addParameter(QgsProcessingParameterFeatureSource(
            self.ALIASES, self.tr("Existing alias table (keeps manual spellings)"),
            [QgsProcessing.TypeVector], optional=True))
        self.addParameter(QgsProcessingParameterFileDestination(
            self.OUTPUT, self.tr("Address library GeoPackage"), self.tr("GeoPackage (*.gpkg *.GPKG)")))
        for name, label in ((self.BUILDING_COUNT, "Buildings"), (self.COMPOUND_COUNT, "Compounds"),
                            (self.UNIT_COUNT, "Units"), (self.ALIAS_COUNT, "Aliases"),
                            (self.CONFLICT_COUNT, "Conflicts"), (self.DUPLICATE_KEYS, "Duplicate keys"),
                            (self.OUTSIDE_COMPOUND, "Buildings outside any compound"),
                            (self.NAME_COLLISIONS, "Compound name collisions")):
            self.addOutput(QgsProcessingOutputNumber(name, self.tr(label)))
        self.addOutput(QgsProcessingOutputVectorLayer(self.BUILDINGS_LAYER, self.tr("Library buildings")))
        self.addOutput(QgsProcessingOutputVectorLayer(self.UNITS_LAYER, self.tr("Library units")))
        self.addOutput(QgsProcessingOutputVectorLayer(self.ALIASES_LAYER, self.tr("Alias table")))
        self.addOutput(QgsProcessingOutputVectorLayer(self.CONFLICTS_LAYER, self.tr("Conflicts")))

    def _optional_source(self, parameters, name, context):
        if parameters.get(name) in (None, ""):
            return None
        source = self.parameterAsSource(parameters, name, context)
        if source is None:
            raise QgsProcessingException(self.invalidSourceError(parameters, name))
        return source

    def _polygons(self, source, name_field, alias_field, crs, context, feedback) -> _Polygons:
        polys = _Polygons()
        transform = None
        if source.sourceCrs().isValid() and crs.isValid() and source.sourceCrs() != crs:
            transform = QgsCoordinateTransform(source.sourceCrs(), crs, context.transformContext())
        for feature in source.getFeatures():
            if feedback.isCanceled():
                raise Canceled()
            if not feature.hasGeometry():
                continue
            geom = QgsGeometry(feature.geometry())
            if transform is not None:
                geom.transform(transform)
            if not geom.isGeosValid():
                geom = geom.makeValid()
            name = text_value(feature[name_field]) if name_field else ""
            aliases = [a.strip() for a in text_value(feature[alias_field]).split("|")] if alias_field else []
            polys.add(geom, name, [a for a in aliases if a])
        return polys

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        try:
            return self._run(parameters, context, feedback)
        except CityHealthError as error:
            raise processing_error(error) from error

    def _run(self, parameters, context, feedback):
        source = self.parameterAsSource(parameters, self.BUILDINGS, context)
        if source is None:
            raise QgsProcessingException(self.invalidSourceError(parameters, self.BUILDINGS))
        id_field, compound_field, building_field, units_field, community_field, grid_field = \
            self.libraryFields(parameters, context, source, self.tr("Buildings"))
        output = self.parameterAsFileOutput(parameters, self.OUTPUT, context)
        if not output:
            raise QgsProcessingException(self.tr("No output GeoPackage given."))
        if not output.lower().endswith(".gpkg"):
            output += ".gpkg"
        crs = source.sourceCrs()

        feedback.pushInfo(self.tr("Reading buildings …"))
        records, geoms = read_building_records(source, id_field, compound_field, building_field, units_field,
                                               community_field, grid_field, feedback)
        if not records:
            raise QgsProcessingException(self.tr("The building layer has no features."))

        compound_records: List[CompoundRecord] = []
        compounds = self._optional_source(parameters, self.COMPOUNDS, context)
        if compounds is not None:
            name_field = self.parameterAsString(parameters, self.COMPOUND_NAME_FIELD, context)
            alias_field = self.parameterAsString(parameters, self.COMPOUND_ALIAS_FIELD, context)
            clabel = self.tr("Compound polygons")
            require_field(compounds, name_field, clabel)
            require_field(compounds, alias_field, clabel)
            if not name_field:
                raise QgsProcessingException(self.tr("Choose the name field of the compound polygons."))
            polys = self._polygons(compounds, name_field, alias_field, crs, context, feedback)
            seen = set()
            for name, aliases in zip(polys.names, polys.aliases):
                if name and (name, tuple(aliases)) not in seen:
                    seen.add((name, tuple(aliases)))
                    compound_records.append(CompoundRecord(name, aliases))
            polygon_keys = {name_key(n) for n in polys.names if n}
            filled = 0
            for record in records:
                geom = geoms.get(record.id)
                if geom is None or geom.isEmpty():
                    continue
                inside = polys.containing(geom.pointOnSurface())
                if not record.compound and inside:
                    record.compound = inside
                    filled += 1
                elif inside is None and name_key(record.compound) in polygon_keys:
                    record.outside = True
            if filled:
                feedback.pushInfo(self.tr("{} buildings took their compound from the compound polygons.")
                                  .format(filled))
        grids = self._optional_source(parameters, self.GRIDS, context)
        if grids is not None:
            gname = self.parameterAsString(parameters, self.GRID_NAME_FIELD, context)
            require_field(grids, gname, self.tr("Grid polygons"))
            if not gname:
                raise QgsProcessingException(self.tr("Choose the name field of the grid polygons."))
            gpolys = self._polygons(grids, gname, "", crs, context, feedback)
            for record in records:
                geom = geoms.get(record.id)
                if not record.grid and geom is not None and not geom.isEmpty():
                    record.grid = gpolys.containing(geom.pointOnSurface()) or ""

        alias_rows = []
        aliases = self._optional_source(parameters, self.ALIASES, context)
        if aliases is not None:
            names = aliases.fields().names()
            for needed in ("alias", "compound"):
                if needed not in names:
                    raise QgsProcessingException(self.tr("The alias table needs the fields alias, compound "
                                                         "and kind; it has: {}").format(", ".join(names)))
            for feature in aliases.getFeatures():
                alias_rows.append({k: text_value(feature[k]) if k in names else "" for k in ALIAS_FIELDS})

        feedback.pushInfo(self.tr("Building keys, aliases and conflicts …"))
        library = AddressLibrary(records, compound_records, alias_rows)
        feedback.setProgress(50)
        units = library.unit_rows()
        alias_records = [a.as_record() for a in library.alias_records()]
        conflicts = library.conflict_records()

        tmp = os.path.join(os.path.dirname(os.path.abspath(output)) or ".",
                           ".{}.{}.tmp.gpkg".format(os.path.basename(output), uuid.uuid4().hex[:8]))
        try:
            self._write_buildings(tmp, library, geoms, crs, context, feedback)
            self._write_table(tmp, LAYER_LIBRARY_UNITS, LIBRARY_UNIT_FIELDS, units, context, feedback)
            self._write_table(tmp, LAYER_LIBRARY_ALIASES, ALIAS_FIELDS, alias_records, context, feedback)
            self._write_table(tmp, LAYER_LIBRARY_CONFLICTS, CONFLICT_FIELDS, conflicts, context, feedback)
            layer_styles.style_library(tmp, context, feedback)  # forms: Chinese aliases, default styles
            os.replace(tmp, output)
        finally:
            for suffix in ("", "-wal", "-shm", "-journal"):
                if os.path.exists(tmp + suffix):
                    os.remove(tmp + suffix)

        counts = conflict_counts(library)
        results = {
            self.OUTPUT: output,
            self.BUILDINGS_LAYER: "{}|layername={}".format(output, LAYER_LIBRARY_BUILDINGS),
            self.UNITS_LAYER: "{}|layername={}".format(output, LAYER_LIBRARY_UNITS),
            self.ALIASES_LAYER: "{}|layername={}".format(output, LAYER_LIBRARY_ALIASES),
            self.CONFLICTS_LAYER: "{}|layername={}".format(output, LAYER_LIBRARY_CONFLICTS),
            self.BUILDING_COUNT: len(records),
            self.COMPOUND_COUNT: len(library.by_compound),
            self.UNIT_COUNT: len(units),
            self.ALIAS_COUNT: len(alias_records),
            self.CONFLICT_COUNT: len(conflicts),
            self.DUPLICATE_KEYS: counts["duplicate_key"],
            self.OUTSIDE_COMPOUND: counts["outside_compound"],
            self.NAME_COLLISIONS: counts["name_collision"],
        }
        feedback.pushInfo(self.tr("{} buildings in {} compounds, {} units, {} aliases, {} conflicts "
                                  "({} duplicate keys, {} outside any compound, {} name collisions).").format(
            results[self.BUILDING_COUNT], results[self.COMPOUND_COUNT], results[self.UNIT_COUNT],
            results[self.ALIAS_COUNT], results[self.CONFLICT_COUNT], results[self.DUPLICATE_KEYS],
            results[self.OUTSIDE_COMPOUND], results[self.NAME_COLLISIONS]))
        for conflict in library.conflicts[:20]:
            feedback.pushWarning("{}: {}".format(conflict.kind, conflict.detail))
        if len(library.conflicts) > 20:
            feedback.pushWarning(self.tr("… and {} more conflicts in library_conflicts.").format(
                len(library.conflicts) - 20))
        return results

    # -- writing ---------------------------------------------------------------------------
    def _writer(self, path, layer, fields, geometry_type, crs, context, first):
        options = QgsVectorFileWriter.SaveVectorOptions()
        options.driverName = "GPKG"
        options.layerName = layer
        options.fileEncoding = "UTF-8"
        options.actionOnExistingFile = (QgsVectorFileWriter.CreateOrOverwriteFile if first
                                        else QgsVectorFileWriter.CreateOrOverwriteLayer)
        writer = QgsVectorFileWriter.create(path, fields, geometry_type, crs, context.transformContext(),
                                            options)
        if writer.hasError() != QgsVectorFileWriter.NoError:
            raise QgsProcessingException(self.tr("Cannot write {}: {}").format(path, writer.errorMessage()))
        return writer

    def _write_buildings(self, path, library, geoms, crs, context, feedback):
        fields = qfields(LIBRARY_BUILDING_FIELDS)
        writer = self._writer(path, LAYER_LIBRARY_BUILDINGS, fields, QgsWkbTypes.MultiPolygon, crs, context,
                              True)
        total = len(library.buildings) or 1
        for n, record in enumerate(library.buildings):
            if n % 1000 == 0:
                if feedback.isCanceled():
                    raise Canceled()
                feedback.setProgress(50 + 30 * n / total)
            feature = QgsFeature(fields)
            geom = geoms.get(record.id)
            if geom is not None:
                geom = QgsGeometry(geom)
                geom.convertToMultiType()
                feature.setGeometry(geom)
            canonical = library.canonical_compound(record.compound) or record.compound
            feature.setAttributes([record.id, canonical, library.building_no_of(record.id), record.units,
                                   record.community, record.grid, library.key_of(record.id)])
            if not writer.addFeature(feature):
                raise QgsProcessingException(self.tr("Cannot write building {}: {}").format(
                    record.id, writer.errorMessage()))
        del writer

    def _write_table(self, path, layer, spec, rows, context, feedback):
        fields = qfields(spec)
        writer = self._writer(path, layer, fields, QgsWkbTypes.NoGeometry, QgsCoordinateReferenceSystem(),
                              context, False)
        names = list(spec)
        for n, row in enumerate(rows):
            if n % 5000 == 0 and feedback.isCanceled():
                raise Canceled()
            feature = QgsFeature(fields)
            feature.setAttributes([row.get(name) for name in names])
            if not writer.addFeature(feature):
                raise QgsProcessingException(self.tr("Cannot write {}: {}").format(
                    layer, writer.errorMessage()))
        del writer
