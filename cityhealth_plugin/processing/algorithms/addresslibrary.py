"""cityhealth:addresslibrary — the standard address library (标准地址空间库) as one GeoPackage."""

from __future__ import annotations

from typing import List

from qgis.core import (
    QgsFeature,
    QgsFeatureRequest,
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingOutputNumber,
    QgsProcessingOutputVectorLayer,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterField,
    QgsProcessingParameterFileDestination,
    QgsWkbTypes,
)

from ...core.feedback import check
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
    CompoundRecord,
    conflict_counts,
)
from ...core.messages import CityHealthError
from ...core.normalize import name_key
from .. import layer_styles  # forms: styles of the library layers
from ..base import CityHealthAlgorithm, processing_error, require_field
from ..geometry import SKIP_CHECKS, PolygonIndex, report, transform_between
from ..io import GpkgBuilder, atomic_gpkg, make_fields, to_text
from ..library_io import read_building_records


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
    UNNAMED_COMPOUND = "UNNAMED_COMPOUND"
    SHARED_EMPTY_KEYS = "SHARED_EMPTY_KEYS"
    WITHOUT_GEOMETRY = "WITHOUT_GEOMETRY"

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
        for name, label in ((self.BUILDING_COUNT, self.tr("Buildings")),
                            (self.COMPOUND_COUNT, self.tr("Compounds")),
                            (self.UNIT_COUNT, self.tr("Units")), (self.ALIAS_COUNT, self.tr("Aliases")),
                            (self.CONFLICT_COUNT, self.tr("Conflicts")),
                            (self.DUPLICATE_KEYS, self.tr("Duplicate keys")),
                            (self.OUTSIDE_COMPOUND, self.tr("Buildings outside any compound")),
                            (self.NAME_COLLISIONS, self.tr("Compound name collisions")),
                            (self.UNNAMED_COMPOUND, self.tr("Buildings in unnamed compound polygons")),
                            (self.SHARED_EMPTY_KEYS, self.tr("Keys shared by buildings without a compound")),
                            (self.WITHOUT_GEOMETRY, self.tr("Buildings without geometry"))):
            self.addOutput(QgsProcessingOutputNumber(name, label))
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

    def _polygons(self, source, name_field, alias_field, crs, context, feedback) -> PolygonIndex:
        """Polygons keyed ``#<feature id>`` with their ``name`` and ``aliases``, repaired, in ``crs``."""
        fields = {"name": name_field}
        if alias_field:
            fields["aliases"] = alias_field
        polys = PolygonIndex(source.sourceName(), transform_between(source.sourceCrs(), crs,
                                                                     context.transformContext()))
        names = source.fields()
        for feature in source.getFeatures(QgsFeatureRequest(), SKIP_CHECKS):
            check(feedback)
            polys.add("#{}".format(feature.id()), feature.geometry() if feature.hasGeometry() else None,
                      {k: to_text(feature.attribute(names.lookupField(f))) for k, f in fields.items()})
        polys.finish()
        report(polys, feedback)
        return polys

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        try:
            return self._run(parameters, context, feedback)
        except CityHealthError as error:
            raise processing_error(error) from error
        except (OSError, RuntimeError) as error:
            raise QgsProcessingException(self.tr(
                "Could not write the address library {0} ({1}). The previous file is unchanged. Check that "
                "the folder is writable, the disk is not full and the GeoPackage is not open in another "
                "program, then run again.").format(
                    self.parameterAsFileOutput(parameters, self.OUTPUT, context),
                    getattr(error, "strerror", None) or error)) from None

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
        if not crs.isValid():
            raise QgsProcessingException(self.tr("The building layer has no coordinate reference system: "
                                                 "set one."))

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
            for attrs in polys.attrs.values():
                name = attrs["name"]
                aliases = [a.strip() for a in attrs.get("aliases", "").split("|") if a.strip()]
                if name and (name, tuple(aliases)) not in seen:
                    seen.add((name, tuple(aliases)))
                    compound_records.append(CompoundRecord(name, aliases))
            polygon_keys = {name_key(a["name"]) for a in polys.attrs.values() if a["name"]}
            filled = unnamed = 0
            for record in records:
                geom = geoms.get(record.id)
                if geom is None:
                    continue
                pid = polys.containing(geom.pointOnSurface())
                inside = polys.attrs[pid]["name"] if pid else None
                if not record.compound and inside:
                    record.compound = inside
                    filled += 1
                elif not record.compound and pid:
                    record.unnamed_compound = "{} {}".format(polys.label, pid)
                    unnamed += 1
                elif pid is None and name_key(record.compound) in polygon_keys:
                    record.outside = True
            if filled:
                feedback.pushInfo(self.tr("{} buildings took their compound from the compound polygons.")
                                  .format(filled))
            if unnamed:
                feedback.pushWarning(self.tr("{} buildings lie in compound polygons without a name: listed "
                                             "as unnamed_compound in library_conflicts.").format(unnamed))
        grids = self._optional_source(parameters, self.GRIDS, context)
        if grids is not None:
            gname = self.parameterAsString(parameters, self.GRID_NAME_FIELD, context)
            require_field(grids, gname, self.tr("Grid polygons"))
            if not gname:
                raise QgsProcessingException(self.tr("Choose the name field of the grid polygons."))
            gpolys = self._polygons(grids, gname, "", crs, context, feedback)
            for record in records:
                geom = geoms.get(record.id)
                if not record.grid and geom is not None:
                    pid = gpolys.containing(geom.pointOnSurface())
                    record.grid = gpolys.attrs[pid]["name"] if pid else ""

        alias_rows = []
        aliases = self._optional_source(parameters, self.ALIASES, context)
        if aliases is not None:
            names = aliases.fields().names()
            for needed in ("alias", "compound"):
                if needed not in names:
                    raise QgsProcessingException(self.tr("The alias table needs the fields alias, compound "
                                                         "and kind; it has: {}").format(", ".join(names)))
            for feature in aliases.getFeatures():
                alias_rows.append({k: to_text(feature[k]) if k in names else "" for k in ALIAS_FIELDS})

        feedback.pushInfo(self.tr("Building keys, aliases and conflicts …"))
        library = AddressLibrary(records, compound_records, alias_rows)
        feedback.setProgress(50)
        units = library.unit_rows()
        alias_records = [a.as_record() for a in library.alias_records()]
        conflicts = library.conflict_records()

        with atomic_gpkg(output, feedback) as (tmp, _commit):
            builder = GpkgBuilder(tmp, crs, context.transformContext())
            builder.write(LAYER_LIBRARY_BUILDINGS, make_fields(LIBRARY_BUILDING_FIELDS),
                          QgsWkbTypes.MultiPolygon,
                          self._building_features(library, geoms, feedback), feedback=feedback)
            for layer, spec, rows in ((LAYER_LIBRARY_UNITS, LIBRARY_UNIT_FIELDS, units),
                                      (LAYER_LIBRARY_ALIASES, ALIAS_FIELDS, alias_records),
                                      (LAYER_LIBRARY_CONFLICTS, CONFLICT_FIELDS, conflicts)):
                builder.write(layer, make_fields(spec), QgsWkbTypes.NoGeometry,
                              self._rows(spec, rows, feedback), feedback=feedback)
            layer_styles.style_library(tmp, context, feedback)  # Chinese aliases, default styles
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
            self.UNNAMED_COMPOUND: counts.get("unnamed_compound", 0),
            self.SHARED_EMPTY_KEYS: counts.get("shared_empty_key", 0),
            self.WITHOUT_GEOMETRY: len(records) - len(geoms),
        }
        feedback.pushInfo(self.tr("{} buildings in {} compounds, {} units, {} aliases, {} conflicts "
                                  "({} duplicate keys, {} outside any compound, {} name collisions).").format(
            results[self.BUILDING_COUNT], results[self.COMPOUND_COUNT], results[self.UNIT_COUNT],
            results[self.ALIAS_COUNT], results[self.CONFLICT_COUNT], results[self.DUPLICATE_KEYS],
            results[self.OUTSIDE_COMPOUND], results[self.NAME_COLLISIONS]))
        if any(results[k] for k in (self.UNNAMED_COMPOUND, self.SHARED_EMPTY_KEYS, self.WITHOUT_GEOMETRY)):
            feedback.pushWarning(self.tr(
                "{} buildings in unnamed compound polygons, {} keys shared by buildings without a compound, "
                "{} buildings without geometry (written without a footprint).").format(
                    results[self.UNNAMED_COMPOUND], results[self.SHARED_EMPTY_KEYS],
                    results[self.WITHOUT_GEOMETRY]))
        for conflict in library.conflicts[:20]:
            feedback.pushWarning("{}: {}".format(conflict.kind, conflict.detail))
        if len(library.conflicts) > 20:
            feedback.pushWarning(self.tr("… and {} more conflicts in library_conflicts.").format(
                len(library.conflicts) - 20))
        return results

    # -- writing ---------------------------------------------------------------------------
    @staticmethod
    def _building_features(library, geoms, feedback):
        fields = make_fields(LIBRARY_BUILDING_FIELDS)
        total = len(library.buildings)
        for n, record in enumerate(library.buildings):
            if n % 1000 == 0:
                check(feedback, n, total, 50, 30)
            feature = QgsFeature(fields)
            geom = geoms.get(record.id)
            if geom is not None:
                feature.setGeometry(geom)  # a repaired MultiPolygon (pieces of one id merged)
            canonical = library.canonical_compound(record.compound) or record.compound
            feature.setAttributes([record.id, canonical, library.building_no_of(record.id), record.units,
                                   record.community, record.grid, library.key_of(record.id)])
            yield feature

    @staticmethod
    def _rows(spec, rows, feedback):
        fields = make_fields(spec)
        names = list(spec)
        for n, row in enumerate(rows):
            if n % 5000 == 0:
                check(feedback)
            feature = QgsFeature(fields)
            feature.setAttributes([row.get(name) for name in names])
            yield feature
