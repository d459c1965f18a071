"""cityhealth:assess — indicators per unit from the ledger, status against standards, score, report."""

from __future__ import annotations

from typing import Any, Dict, List, Tuple

from qgis.core import (
    QgsFeature,
    QgsFeatureRequest,
    QgsFields,
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingOutputNumber,
    QgsProcessingOutputString,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterFile,
    QgsProcessingParameterFileDestination,
    QgsProcessingParameterNumber,
    QgsVectorLayer,
)

from ...core import schema
from ...core.feedback import check
from ...core.indicators.assessment import assess, check_network_layers, required_fields, spatial_requests
from ...core.indicators.config import field_name
from ...core.indicators.kinds import UNIT_KEYS, UNIT_LEVELS, Inputs
from ...core.indicators.report import dataset, write_report
from ...core.indicators.stats import read_stats
from ...core.messages import CityHealthError
from .. import indicator_geometry as geo
from .. import layer_styles
from .. import store as ledger_store
from ..assess_io import ledger_rows, source_rows
from ..base import CityHealthAlgorithm, processing_error, translate_message
from ..indicator_project import resolve_config
from ..io import GpkgBuilder, atomic_gpkg, existing_layers, gpkg_uri, make_fields, to_float, to_int

LAYER_PREFIX = "assessment_"
#: Attributes read from the feature layers besides those the indicators name.
TYPE_FIELDS = {"facilities": ("facility_type", "area_m2", "capacity"), "parks": ("park_class", "area_m2")}
#: Problem counts of the ledger unit copied onto its assessment row (problems_citizen: residents' complaints).
_COUNTS = ["problems_total", "problems_citizen"]
_TREE = ("compound_id", "block_id", "community_code", "district_code")


class AssessAlgorithm(CityHealthAlgorithm):
    """Assess every unit of one level and round with the configured indicators."""

    ALG_ID = "assess"
    GROUP = "assessment"

    LEDGER = "LEDGER"
    LEVEL = "LEVEL"
    ROUND = "ROUND"
    CONFIG = "CONFIG"
    FACILITIES = "FACILITIES"
    PARKS = "PARKS"
    ROADS = "ROADS"
    COMPOUNDS = "COMPOUNDS"
    BUILDINGS = "BUILDINGS"
    STATS = "STATS"
    OUTPUT = "OUTPUT"
    REPORT = "REPORT"
    UNITS = "UNITS"
    LAYER = "LAYER"
    ROUND_OUT = "ROUND_ASSESSED"

    def displayName(self) -> str:  # noqa: N802
        return self.tr("Assess indicators")

    def shortHelpString(self) -> str:  # noqa: N802
        return self.tr(
            "Computes the city health indicators for every unit of one level (building, compound, "
            "community, block or district) and round of the ledger, compares each with its standard value "
            "and raises yellow / red warnings, and gives each unit a score (0–100), a grade (较差/一般/较好/"
            "很好) and its short boards (the indicators where it is worst relative to the other units).\n\n"
            "Indicators, standard values, bands, weights and parameters come from the configuration: CONFIG "
            "if given, else the one saved in the project with Plugins → 城市体检 → Indicator configuration…, "
            "else the national 2024 basic set. Housing indicators count distinct buildings with problems "
            "(ledger problems); facilities, parks and roads give the service-radius, lacking-facility, "
            "walkway and density indicators; COMPOUNDS gives attributes such as has_property; STATS "
            "(CSV/XLSX: unit_id, indicator_code, value) gives departments' figures. A value that cannot be "
            "computed is NULL with its reason in the notes field and the log.\n\n"
            "Output: layer assessment_<level> in the GeoPackage (rows of other rounds and other layers are "
            "kept; written atomically) and the Excel report (one sheet per level plus a summary).")

    def initAlgorithm(self, config=None):  # noqa: N802
        self.addParameter(QgsProcessingParameterFile(
            self.LEDGER, self.tr("Ledger GeoPackage (output of Build spatial ledger)"),
            extension="gpkg"))
        self.addParameter(QgsProcessingParameterEnum(
            self.LEVEL, self.tr("Level"), [self.tr("building"), self.tr("compound"), self.tr("community"),
                                           self.tr("block"), self.tr("district")], False, 3))
        self.addParameter(QgsProcessingParameterNumber(
            self.ROUND, self.tr("Round (year; 0 = the latest in the ledger)"),
            QgsProcessingParameterNumber.Integer, 0, minValue=0))
        self.addParameter(QgsProcessingParameterFile(
            self.CONFIG, self.tr("Indicator configuration (JSON; empty = the project's, else the national "
                                 "set)"), extension="json", optional=True))
        for name, label, kinds in (
                (self.FACILITIES, self.tr("Facilities"), [QgsProcessing.TypeVectorPoint,
                                                          QgsProcessing.TypeVectorPolygon]),
                (self.PARKS, self.tr("Parks"), [QgsProcessing.TypeVectorPolygon]),
                (self.ROADS, self.tr("Roads"), [QgsProcessing.TypeVectorLine]),
                (self.COMPOUNDS, self.tr("Compounds (attributes such as has_property)"),
                 [QgsProcessing.TypeVectorPolygon, QgsProcessing.TypeVector]),
                (self.BUILDINGS, self.tr("Buildings (attributes)"), [QgsProcessing.TypeVectorPolygon,
                                                                   QgsProcessing.TypeVector])):
            self.addParameter(QgsProcessingParameterFeatureSource(name, label, kinds, optional=True))
        self.addParameter(QgsProcessingParameterFile(
            self.STATS, self.tr("Statistics table (CSV/XLSX: unit_id, indicator_code, value)"),
            optional=True, fileFilter=self.tr("Tables (*.csv *.xlsx)")))
        self.addParameter(QgsProcessingParameterFileDestination(
            self.OUTPUT, self.tr("Assessment GeoPackage"), self.tr("GeoPackage (*.gpkg *.GPKG)")))
        self.addParameter(QgsProcessingParameterFileDestination(
            self.REPORT, self.tr("Assessment report"), self.tr("Excel workbook (*.xlsx)"), optional=True))
        self.addOutput(QgsProcessingOutputNumber(self.UNITS, self.tr("Units assessed")))
        self.addOutput(QgsProcessingOutputNumber(self.ROUND_OUT, self.tr("Round assessed")))
        self.addOutput(QgsProcessingOutputString(self.LAYER, self.tr("Assessment layer (URI)")))

    # -- reading ----------------------------------------------------------------------------------
    def _ledger_layer(self, path: str, name: str) -> QgsVectorLayer:
        if name not in ledger_store.ledger_tables(path):
            raise QgsProcessingException(self.tr("{0}: the ledger has no layer {1}; build it with Build "
                                                 "spatial ledger.").format(path, name))
        layer = ledger_store.ledger_layer(path, name)
        if not layer.isValid():
            raise QgsProcessingException(self.tr("{0}: cannot open layer {1}.").format(path, name))
        return layer

    def _source(self, parameters, name, context):
        source = self.parameterAsSource(parameters, name, context)
        if source is None and parameters.get(name) not in (None, ""):
            raise QgsProcessingException(self.invalidSourceError(parameters, name))
        return source

    # -- main -------------------------------------------------------------------------------------
    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        try:
            return self._run(parameters, context, feedback)
        except CityHealthError as error:
            failure = processing_error(error)
            error.__traceback__ = None  # its frames hold the ledger layers: let them go now
        except (QgsProcessingException, ledger_store.StoreError) as error:
            failure = QgsProcessingException(str(error))
            error.__traceback__ = None
        raise failure

    def _run(self, parameters, context, feedback):
        ledger = self.parameterAsFile(parameters, self.LEDGER, context)
        level = UNIT_LEVELS[self.parameterAsEnum(parameters, self.LEVEL, context)]
        config, config_source = resolve_config(self.parameterAsFile(parameters, self.CONFIG, context),
                                               context.project())
        feedback.pushInfo(self.tr("Indicator configuration: {0}").format(config_source))
        out_path = self.parameterAsFileOutput(parameters, self.OUTPUT, context)
        if ledger_store.is_database(self.parameterAsString(parameters, self.OUTPUT, context)):
            out_path = self.parameterAsString(parameters, self.OUTPUT, context).strip()  # PostGIS
        elif not out_path.lower().endswith(".gpkg"):
            out_path += ".gpkg"
        report_path = self.parameterAsFileOutput(parameters, self.REPORT, context)

        # ---- optional layers, checked before anything runs ---------------------------------
        sources = {name: self._source(parameters, param, context) for param, name in (
            (self.FACILITIES, "facilities"), (self.PARKS, "parks"), (self.ROADS, "roads"),
            (self.COMPOUNDS, "compounds"), (self.BUILDINGS, "buildings"))}
        sources = {name: src for name, src in sources.items() if src is not None}
        given = set(sources)
        check_network_layers(config, given)
        needed: Dict[str, set] = {name: set() for name in sources}
        for layer, fname, code in required_fields(config):
            if layer not in sources:
                continue
            names = sources[layer].fields().names()
            if fname not in names:
                raise QgsProcessingException(self.tr(
                    "Indicator {0} needs field «{1}» of the {2} layer, which has no such field (fields: {3})."
                ).format(code, fname, layer, ", ".join(names)))
            needed[layer].add(fname)
        features: Dict[str, Dict[str, Dict[str, Any]]] = {}
        store = geo.GeometryStore()
        for name, key in (("facilities", "facility_id"), ("parks", "park_id"), ("roads", "road_id")):
            if name in sources:
                wanted = needed[name] | set(TYPE_FIELDS.get(name, ()))
                features[name], store.features[name] = source_rows(sources[name], key, wanted, True,
                                                                         feedback)
        compounds_in = buildings_in = None
        if "compounds" in sources:
            compounds_in, _g = source_rows(sources["compounds"], "compound_id", needed["compounds"],
                                                 False, feedback)
        if "buildings" in sources:
            buildings_in = {}
            if needed["buildings"]:
                buildings_in, _g = source_rows(sources["buildings"], "building_id",
                                                     needed["buildings"], False, feedback)
        stats: Dict[Tuple[str, str], float] = {}

        # ---- ledger -----------------------------------------------------------------------------
        feedback.setProgressText(self.tr("Reading the ledger"))
        b_layer = self._ledger_layer(ledger, schema.ledger_layer("building"))
        rounds = sorted({to_int(v) for v in b_layer.uniqueValues(b_layer.fields().indexOf("round"))} - {None})
        round_no = self.parameterAsInt(parameters, self.ROUND, context) or (rounds[-1] if rounds else 0)
        if round_no not in rounds:
            raise QgsProcessingException(self.tr("Round {0} is not in the ledger {1} (rounds: {2}).").format(
                round_no, ledger, ", ".join(str(r) for r in rounds) or "-"))
        feedback.pushInfo(self.tr("Assessing {0} units of round {1}").format(level, round_no))
        stats_path = self.parameterAsFile(parameters, self.STATS, context)
        if stats_path:
            given.add("stats")
            stats, issues = read_stats(stats_path, round_no)
            for issue in issues:
                feedback.pushWarning(translate_message(issue))
        inputs = Inputs(level=level, units=[], features=features, stats=stats, layers=given)
        districts = {}
        for row, _g in ledger_rows(self._ledger_layer(ledger, schema.ledger_layer("community")), round_no,
                                  ["community_code", "district_code"], False):
            districts[row["community_code"]] = row["district_code"]
        wanted = ["building_id", *_TREE, "households_total", "residents_total"]
        feedback.setProgress(5)
        for row, geom in ledger_rows(b_layer, round_no, wanted, True, feedback=feedback):
            bid = row["building_id"]
            inputs.buildings[bid] = {k: row[k] for k in _TREE}
            inputs.buildings[bid].update(households=to_float(row["households_total"]) or 0.0,
                                         residents=to_float(row["residents_total"]) or 0.0)
            store.centroids[bid] = geo.centroid(geom)
        c_layer = self._ledger_layer(ledger, schema.ledger_layer("compound"))
        store.units["compound"] = {}
        for row, geom in ledger_rows(c_layer, round_no, ["compound_id", "block_id", "community_code",
                                                        "households_total", "residents_total"], True):
            cid = row["compound_id"]
            inputs.compounds[cid] = {"compound_id": cid, "block_id": row["block_id"],
                                     "community_code": row["community_code"],
                                     "district_code": districts.get(row["community_code"], ""),
                                     "households": to_float(row["households_total"]) or 0.0,
                                     "residents": to_float(row["residents_total"]) or 0.0}
            store.units["compound"][cid] = geom
        store.units["block"] = {}
        for row, geom in ledger_rows(self._ledger_layer(ledger, schema.ledger_layer("block")), round_no,
                                    ["block_id", "district_code"], True):
            inputs.blocks[row["block_id"]] = {"block_id": row["block_id"],
                                                       "district_code": row["district_code"]}
            store.units["block"][row["block_id"]] = geom
        if compounds_in is not None:
            inputs.compound_attributes = True
            for cid, row in inputs.compounds.items():
                row.update({k: v for k, v in compounds_in.get(cid, {}).items()
                            if k not in _TREE and k != "compound_id" and v is not None})
        if buildings_in is not None:
            inputs.building_attributes = True
            for bid, row in inputs.buildings.items():
                row.update({k: v for k, v in buildings_in.get(bid, {}).items()
                            if k not in _TREE and k != "building_id" and v is not None})
        check(feedback)
        p_layer = self._ledger_layer(ledger, schema.LAYER_PROBLEMS)
        keys = ["indicator_code", "building_id", "compound_id", "block_id", "community_code", "district_code"]
        road_codes = {i["code"] for i in config["indicators"] if i.get("enabled", True)
                      and i["kind"] == "distinct" and i["params"]["of"] == "road"}
        feedback.setProgress(15)
        for row, geom in ledger_rows(p_layer, round_no, keys, bool(road_codes and "roads" in given),
                                    feedback=feedback):
            code = row["indicator_code"]
            if geom is not None and code in road_codes:
                store.problem_points[len(inputs.problems)] = geom
            inputs.problems.append({k: row[k] for k in keys})

        # ---- units of the level ---------------------------------------------------------------------
        u_layer = self._ledger_layer(ledger, schema.ledger_layer(level))
        key = UNIT_KEYS[level]
        units: List[Tuple[str, str, Any]] = []
        counts: Dict[str, List[Any]] = {}  # problems_total, problems_citizen (residents' complaints)
        for row, geom in ledger_rows(u_layer, round_no, [key, "name", "households_total"] + _COUNTS, True):
            uid = row[key]
            units.append((uid, row["name"], geom))
            counts[uid] = [to_int(row[c]) for c in _COUNTS]
            inputs.unit_households[uid] = to_float(row["households_total"]) or 0.0
        inputs.units = [u for u, _n, _g in units]
        store.units.setdefault(level, {u: g for u, _n, g in units})
        feedback.pushInfo(self.tr("{0} units, {1} buildings, {2} compounds, {3} problems in round {4}")
                          .format(
            len(units), len(inputs.buildings), len(inputs.compounds), len(inputs.problems), round_no))
        feedback.pushInfo(self.tr("Problems reported by residents (problems_citizen) in these units: {0}.")
                          .format(sum(c[1] or 0 for c in counts.values())))

        # ---- compute --------------------------------------------------------------------------------
        feedback.setProgressText(self.tr("Spatial relations"))
        feedback.setProgress(25)
        answers = geo.answer(spatial_requests(config, inputs), store, feedback)
        feedback.setProgressText(self.tr("Indicators"))
        feedback.setProgress(50)
        result = assess(config, inputs, answers, feedback, 50, 30)
        reason_text: Dict[Any, str] = {}
        notes: Dict[str, str] = {}
        for unit in result.units:
            parts = []
            for code, reason in unit.reasons.items():
                rk = (reason.template, tuple(sorted((k, str(v)) for k, v in reason.params.items())))
                if rk not in reason_text:
                    reason_text[rk] = translate_message(reason)
                parts.append("{}: {}".format(field_name(code), reason_text[rk]))
            notes[unit.unit_id] = "; ".join(parts)
        for (code, template, params), count in sorted(result.null_counts().items()):
            text = reason_text.get((template, params), template)
            feedback.pushInfo(self.tr("{0}: NULL for {1} of {2} units: {3}").format(code, count, len(units),
                                                                                   text))

        # ---- write ----------------------------------------------------------------------------------
        feedback.setProgressText(self.tr("Writing"))
        feedback.setProgress(80)
        names = {u: n for u, n, _g in units}
        layer_name = LAYER_PREFIX + level
        spec: List[Tuple[str, type]] = [(key, str), ("name", str), ("round", int), ("level", str)]
        spec += [(c, int) for c in _COUNTS]
        for value_field, status_field in result.fields():
            spec += [(value_field, float), (status_field, str)]
        spec += [("score", float), ("grade", str), ("short_boards", str), ("notes", str)]
        fields = make_fields(spec)
        geoms = {u: g for u, _n, g in units}
        feats = []
        for unit in result.units:
            feat = QgsFeature(fields)
            if geoms.get(unit.unit_id) is not None:
                feat.setGeometry(geoms[unit.unit_id])
            attrs: List[Any] = [unit.unit_id, names.get(unit.unit_id), round_no, level]
            attrs += counts.get(unit.unit_id, [None] * len(_COUNTS))
            for item in result.indicators:
                attrs += [unit.values.get(item["code"]), unit.statuses.get(item["code"])]
            attrs += [unit.score, unit.grade, ";".join(unit.short_boards) or None,
                      notes[unit.unit_id] or None]
            feat.setAttributes(attrs)
            feats.append(feat)
        self._write(out_path, layer_name, fields, feats, u_layer, round_no, config, context, feedback)
        if report_path:
            write_report(report_path, dataset(result, round_no, names, notes))
        uri = ledger_store.ledger_uri(out_path, layer_name)
        # loaded showing this round only (the layer holds every round assessed)
        details = context.LayerDetails("{} {} {}".format(self.tr("Assessment"), level, round_no),
                                       context.project(), layer_name)
        context.addLayerToLoadOnCompletion(ledger_store.ledger_uri(
            out_path, layer_name, '"round" = {}'.format(round_no)), details)
        del u_layer, b_layer, c_layer, p_layer
        return {self.OUTPUT: out_path, self.REPORT: report_path or None, self.UNITS: len(units),
                self.ROUND_OUT: round_no, self.LAYER: uri}

    def _write(self, out_path, layer_name, fields, feats, u_layer, round_no, config, context,
               feedback) -> None:
        """Write ``layer_name`` (this round's rows + other rounds' rows) keeping the file's other layers
        (a database: this round's rows replaced in one transaction, processing/store.py)."""
        aliases = {key: "编码" for key in UNIT_KEYS.values()}
        for item in config["indicators"]:
            unit = "（{}）".format(item["unit"]) if item.get("unit") else ""
            aliases[field_name(item["code"])] = "{} {}{}".format(item["code"], item["name_cn"], unit)
            aliases[field_name(item["code"]) + "_status"] = "{} 预警".format(item["code"])
        if ledger_store.is_database(out_path):
            qml = layer_styles.qml_of(fields, u_layer.wkbType(), u_layer.crs(),
                                      lambda layer: layer_styles.style_assessment_layer(layer, aliases))
            ledger_store.replace_round(ledger_store.parse(out_path), layer_name, fields, u_layer.wkbType(),
                                       u_layer.crs(), feats, round_no, qml, "体检评估 " + layer_name,
                                       feedback)
            return
        present = existing_layers(out_path)
        with atomic_gpkg(out_path, feedback) as (tmp, _commit):
            builder = GpkgBuilder(tmp, u_layer.crs(), context.transformContext())
            for name in present:
                if name == layer_name or name == "layer_styles":
                    continue
                old = QgsVectorLayer(gpkg_uri(out_path, name), name, "ogr")
                builder.write(name, QgsFields(), old.wkbType(), [],
                              (old.fields(), list(old.getFeatures())), feedback)
                del old
            old_rows: Tuple[Any, List[QgsFeature]] = (None, [])
            if layer_name in present:
                old = QgsVectorLayer(gpkg_uri(out_path, layer_name), layer_name, "ogr")
                request = QgsFeatureRequest().setFilterExpression('"round" <> {}'.format(int(round_no)))
                old_rows = (old.fields(), list(old.getFeatures(request)))
                del old
            builder.write(layer_name, fields, u_layer.wkbType(), feats, old_rows, feedback)
            # the styles table is not copied: (re)style every assessment layer of the new file
            for name in builder.written:
                if name.startswith(LAYER_PREFIX):
                    layer = QgsVectorLayer(gpkg_uri(tmp, name), name, "ogr")
                    layer_styles.style_assessment_layer(layer, aliases)
                    error = layer_styles.save_default_style(layer, "体检评估 " + name,
                                                            "CityHealth default style")
                    if error:
                        feedback.pushWarning(self.tr("Could not save the style of {0}: {1}").format(
                            name, error))
                    del layer

