"""cityhealth:buildledger — matched problems, photo library and five-level ledger in one GeoPackage."""

from __future__ import annotations

from typing import Dict, Optional, Tuple

from qgis.core import (
    QgsFeatureRequest,
    QgsProcessing,
    QgsProcessingContext,
    QgsProcessingException,
    QgsProcessingMultiStepFeedback,
    QgsProcessingOutputNumber,
    QgsProcessingOutputString,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterField,
    QgsProcessingParameterFile,
    QgsProcessingParameterFileDestination,
    QgsProcessingParameterNumber,
)
from qgis.PyQt.QtCore import QCoreApplication

from ...core import ledger as core_ledger
from ...core import schema
from ...core.catalogue import load_catalogue
from ...core.messages import QT_TRANSLATE_NOOP, CityHealthError, Message
from .. import layer_styles, ledger_db, store
from ..base import LIBRARY_FIELD_LABELS, PLANNER_ERRORS, CityHealthAlgorithm, planner_error, processing_error
from ..geometry import PolygonIndex, read_polygons
from ..io import atomic_gpkg, to_int, to_text
from ..ledger_problems import read_problems
from ..ledger_writer import (
    LAYER_TITLES,
    PhotoLibrary,
    describe_inputs,
    existing_layers,
    layer_folder,
    log_complaints,
    run_feature,
    stamp_memberships,
    write_layers,
    write_run,
)

#: Library layers: parameter, level, label, fields kept.
_LIBRARY = (("COMPOUNDS", "compound", "小区", schema.COMPOUND_FIELDS),
            ("BLOCKS", "block", "街区", schema.BLOCK_FIELDS),
            ("COMMUNITIES", "community", "社区", schema.COMMUNITY_FIELDS),
            ("DISTRICTS", "district", "区", schema.DISTRICT_FIELDS))
#: Steps of the run (QgsProcessingMultiStepFeedback: progress goes 0 → 100 once).
_S_BUILDINGS, _S_MEMBERS, _S_PROBLEMS, _S_ROLLUP, _S_WRITE, _S_FINISH = 0, 5, 6, 7, 8, 12
_STEPS = 13


def _err(text: str, **params) -> CityHealthError:
    return CityHealthError(Message(text, params))


class BuildLedger(CityHealthAlgorithm):
    """Problems, photos and the building → compound → block / community → district ledger."""

    ALG_ID = "buildledger"
    GROUP = "ledger"

    PROBLEMS, BUILDINGS, COMPOUNDS, BLOCKS = "PROBLEMS", "BUILDINGS", "COMPOUNDS", "BLOCKS"
    COMPLAINTS = "COMPLAINTS"  # residents' complaint points (cityhealth:residentvoice), optional
    COMMUNITIES, DISTRICTS, ROUND, OUTPUT = "COMMUNITIES", "DISTRICTS", "ROUND", "OUTPUT"
    PROBLEM_COUNT, PHOTO_COUNT, REPAIRED_COUNT = "PROBLEM_COUNT", "PHOTO_COUNT", "REPAIRED_COUNT"
    ROUND_OUT, LAYERS = "ROUND_BUILT", "LAYERS"
    SHOW_ROUND = "SHOW_ROUND"  # the round the layers load with
    PHOTO_FOLDER = "PHOTO_FOLDER"  # where the photo library of a database ledger goes

    def displayName(self) -> str:  # noqa: N802
        return self.tr("Build spatial ledger")

    def shortHelpString(self) -> str:  # noqa: N802
        return self.tr(
            "Writes one GeoPackage with the matched problems (points), their photos (a table, photos "
            "copied into a library folder next to the GeoPackage with relative paths) and ledgers per "
            "building, compound, community, block and district: counts per problem category and per "
            "housing indicator, open / in progress / resolved, worst severity, households and residents "
            "affected and problems per 100 households.\n\n"
            "Housing indicators count distinct buildings with at least one reported problem of that "
            "kind, whatever its status. The join's decision is kept: a building-level problem stays on "
            "its building, a compound-level one on its compound even when its point lies in a "
            "footprint; only problems without match_level (a layer made by hand) are located here. "
            "Buildings join compounds by attribute, otherwise by the compound holding at least half "
            "of the footprint; scattered buildings (散楼) belong to no compound but still roll up to "
            "their block. Compounds go to the block holding most of their area and their buildings "
            "follow them.\n\n"
            "The GeoPackage keeps several rounds: rebuilding a round replaces only that round, and "
            "tables of other tools stay. The file and the photos are replaced together at the end, so "
            "a cancelled or failed run leaves both untouched. Invalid geometries are repaired, pieces "
            "sharing an id are merged, and both are reported.") + "\n\n" + self.tr(
            "Photos are copied from photo_paths as the join resolved them next to its report. For rows "
            "without match_level (a layer made by hand) photo_paths, else photo, is resolved by the "
            "reports' rule: only files inside the folder of the row's source_file or of the problems "
            "layer; ../, other absolute paths, URLs, drive letters, UNC paths and links pointing out are "
            "refused. Photos not copied are listed in photo_missing and counted in the log; file names "
            "written are masked like every text.\n\n"
            "Residents' complaint points (COMPLAINTS, the complaint points of Residents' voice) become "
            "problems with source = citizen, located by the decision of Residents' voice and counted like "
            "every problem and in problems_citizen; the problems of PROBLEMS have source = report. "
            "Complaints of another round are left out; the log and ledger_runs account for every "
            "complaint row.")

    def initAlgorithm(self, config=None):  # noqa: N802
        poly = [QgsProcessing.TypeVectorPolygon]
        self.addParameter(QgsProcessingParameterFeatureSource(
            self.PROBLEMS, self.tr("Matched problems (output of Join reports)"),
            [QgsProcessing.TypeVectorPoint, QgsProcessing.TypeVector]))
        self.addParameter(QgsProcessingParameterFeatureSource(
            self.COMPLAINTS, self.tr("Residents' complaint points (output of Residents' voice; optional)"),
            [QgsProcessing.TypeVectorPoint], optional=True))
        self.addParameter(QgsProcessingParameterFeatureSource(self.BUILDINGS, self.tr("Buildings"), poly))
        for name, default in (("ID_FIELD", "building_id"), ("COMPOUND_FIELD", "compound_name"),
                              ("BUILDING_FIELD", "building_no")):  # as the join's (optional here)
            self.addParameter(QgsProcessingParameterField(
                name, QCoreApplication.translate("LibraryFields", LIBRARY_FIELD_LABELS[name]), default,
                self.BUILDINGS, optional=True))
        self.addParameter(QgsProcessingParameterFeatureSource(self.COMPOUNDS, self.tr("Compounds"), poly))
        for name, label in ((self.BLOCKS, self.tr("Blocks")), (self.COMMUNITIES, self.tr("Communities")),
                            (self.DISTRICTS, self.tr("Districts"))):
            self.addParameter(QgsProcessingParameterFeatureSource(name, label, poly, optional=True))
        self.addParameter(QgsProcessingParameterNumber(
            self.ROUND, self.tr("Round (year; 0 = from the problems' round field)"),
            QgsProcessingParameterNumber.Integer, 0, minValue=0))
        self.addParameter(layer_styles.show_round_parameter(self.SHOW_ROUND))  # forms
        self.addParameter(QgsProcessingParameterFileDestination(
            self.OUTPUT, self.tr("Ledger GeoPackage (or database: postgresql://user@host:port/dbname, "
                                 "pg:<saved connection>; ?schema=cityhealth)"),
            self.tr("GeoPackage (*.gpkg *.GPKG)")))
        self.addParameter(QgsProcessingParameterFile(
            self.PHOTO_FOLDER, self.tr("Photo library folder of a database ledger (empty: the folder of "
                                       "the problems layer)"), QgsProcessingParameterFile.Folder,
            optional=True))
        self.addOutput(QgsProcessingOutputNumber(self.PROBLEM_COUNT, self.tr("Problems written")))
        self.addOutput(QgsProcessingOutputNumber(self.PHOTO_COUNT, self.tr("Photos written")))
        self.addOutput(QgsProcessingOutputNumber(self.REPAIRED_COUNT, self.tr("Geometries repaired")))
        self.addOutput(QgsProcessingOutputNumber(self.ROUND_OUT, self.tr("Round built")))
        self.addOutput(QgsProcessingOutputString(self.LAYERS, self.tr("Layers (URIs, ';'-separated)")))

    # -- main ----------------------------------------------------------------------------------
    def processAlgorithm(self, parameters, context: QgsProcessingContext, feedback):  # noqa: N802
        out_path = self.parameterAsFileOutput(parameters, self.OUTPUT, context)
        raw = self.parameterAsString(parameters, self.OUTPUT, context).strip()
        target = None  # a PostGIS ledger (store.py), else the GeoPackage out_path
        if store.is_database(raw):
            out_path = raw
        elif not out_path.lower().endswith(".gpkg"):
            out_path += ".gpkg"
        steps = QgsProcessingMultiStepFeedback(_STEPS, feedback)
        try:
            target = store.parse(raw) if store.is_database(raw) else None
            result = self._build(parameters, context, steps, out_path, target)
        except CityHealthError as error:
            raise processing_error(error) from None
        except PLANNER_ERRORS as error:  # what happened and what to do (base.planner_error)
            raise QgsProcessingException(self.tr(
                "{0} Nothing was changed: the previous ledger and its photos are as they were.").format(
                    str(planner_error(error, path=target.label if target else out_path)))) from None
        result[self.OUTPUT] = out_path
        if target is not None:
            shown = self.parameterAsInt(parameters, self.SHOW_ROUND, context)
            ledger_db.load_on_completion(context, raw, target, shown)
            return result
        round_no = layer_styles.round_to_show(  # SHOW_ROUND, else the latest
            out_path, self.parameterAsInt(parameters, self.SHOW_ROUND, context))
        present = existing_layers(out_path)
        for name, title in LAYER_TITLES.items():
            if name in present:
                details = QgsProcessingContext.LayerDetails("{} {}".format(title, round_no),
                                                            context.project(), name)
                details.setPostProcessor(layer_styles.LedgerPostProcessor.create(out_path, round_no, name))
                # one round per layer, the subset in the URI (the attribute table shows that round)
                context.addLayerToLoadOnCompletion(layer_styles.round_uri(out_path, name, round_no), details)
        return result

    def _source(self, parameters, name, context, required=True):
        source = self.parameterAsSource(parameters, name, context)
        if source is None and (required or parameters.get(name) not in (None, "")):
            raise QgsProcessingException(self.invalidSourceError(parameters, name))
        return source

    def _build(self, parameters, context, steps, out_path, target=None):
        catalogue = load_catalogue()
        problems_src = self._source(parameters, self.PROBLEMS, context)
        buildings_src = self._source(parameters, self.BUILDINGS, context)
        id_field, compound_field, building_field = self.libraryFields(
            parameters, context, buildings_src, self.tr("Buildings"))[:3]
        if buildings_src.featureCount() == 0:
            raise _err(QT_TRANSLATE_NOOP("CoreMessages", "The buildings layer is empty."))
        crs = buildings_src.sourceCrs()
        if not crs.isValid():
            raise _err(QT_TRANSLATE_NOOP("CoreMessages",
                                         "The buildings layer has no coordinate reference system: set one."))
        round_no, only_round = self._round(parameters, context, problems_src)
        steps.pushInfo(self.tr("Building round {0} into {1}").format(
            round_no, target.label if target else out_path))

        # ---- library layers (steps 0-4) --------------------------------------------------------
        steps.setProgressText(self.tr("Reading library layers"))
        bfields = {f: f for f in schema.BUILDING_FIELDS}
        bfields.update({"compound_name": compound_field or "compound_name",
                        "building_no": building_field or "building_no"})
        buildings = read_polygons(buildings_src, "楼栋", id_field or "building_id", bfields, crs,
                                  context.transformContext(), steps)
        polys: Dict[str, Optional[PolygonIndex]] = {"building": buildings}
        for k, (param, level, label, fields) in enumerate(_LIBRARY, 1):
            steps.setCurrentStep(_S_BUILDINGS + k)
            source = self._source(parameters, param, context, required=param == self.COMPOUNDS)
            key = core_ledger.LEVEL_KEYS[level]
            polys[level] = (read_polygons(source, label, key, {f: f for f in fields}, crs,
                                          context.transformContext(), steps) if source is not None else None)
            if source is None:
                steps.pushWarning(self.tr("No {0} layer given: the {1} layer is not written.").format(
                    level, schema.ledger_layer(level)))
        compounds, blocks, communities, districts = (polys[lv] for lv in ("compound", "block", "community",
                                                                          "district"))
        given = [p for p in polys.values() if p is not None]
        repaired = sum(p.repaired for p in given)
        slivers = sum(p.slivers for p in given)
        empty = sum(p.empty for p in given)
        steps.pushInfo(self.tr("Geometries: {0} repaired, {1} with sliver parts removed, {2} empty "
                               "(kept without geometry).").format(repaired, slivers, empty))

        # ---- memberships: overlaps from QGIS, rules from core ------------------------
        steps.setCurrentStep(_S_MEMBERS)
        steps.setProgressText(self.tr("Assigning buildings to compounds, blocks, communities, districts"))
        facts = []
        for bid, geom in buildings.items():
            a = buildings.attrs[bid]
            facts.append(core_ledger.BuildingFacts(
                bid, to_text(a.get("compound_id")), to_int(a.get("is_scattered")) == 1,
                to_text(a.get("block_id")),
                to_text(a.get("community_code")), to_int(a.get("households")) or 0,
                to_int(a.get("residents")) or 0, geom.area() if geom is not None else 0.0))
        over = {lv: (p.lazy_overlaps(buildings) if p is not None else None) for lv, p in polys.items()}
        records, counts = core_ledger.assign_buildings(
            facts, over["compound"], over["block"], blocks.geoms if blocks else (), over["community"],
            communities.geoms if communities is not None else None, over["district"], feedback=steps)
        steps.pushInfo(self.tr("{0} buildings joined to a compound by footprint, {1} to a block by "
                               "footprint, {2} to a community by footprint.").format(
                                   counts.compound, counts.block, counts.community))
        compound_block = core_ledger.compound_blocks(compounds.geoms, blocks.lazy_overlaps(compounds)
                                                     if blocks else None)
        community_district = core_ledger.community_districts(
            {cc: to_text(a.get("district_code")) for cc, a in communities.attrs.items()}
            if communities else {},
            records, districts.lazy_overlaps(communities) if districts and communities else None)

        # ---- problems ---------------------------------------------------------------
        steps.setCurrentStep(_S_PROBLEMS)
        steps.setProgressText(self.tr("Reading problems"))
        prob_feats, prob_records, photo_jobs, notes = read_problems(
            problems_src, buildings, compounds, catalogue, round_no, only_round, crs, context, steps,
            layer_folder(self.parameterAsVectorLayer(parameters, self.PROBLEMS, context)),
            self._source(parameters, self.COMPLAINTS, context, required=False))
        complaint_uids = notes.pop("complaint_uids")
        area_ids = [p.building_id[:-len(core_ledger.AREA_SUFFIX)] for p in prob_records
                    if p.building_id and p.building_id.endswith(core_ledger.AREA_SUFFIX)]
        records += core_ledger.area_buildings(
            area_ids, {cid: to_text(a.get("community_code")) for cid, a in compounds.attrs.items()},
            community_district, communities.lazy_overlaps(compounds) if communities else None,
            districts.lazy_overlaps(compounds) if districts else None)

        # ---- roll-up ----------------------------------------------------------------
        steps.setCurrentStep(_S_ROLLUP)
        steps.setProgressText(self.tr("Rolling up"))
        spec = core_ledger.LedgerSpec(
            categories=tuple(catalogue.categories()),
            indicators=tuple((i.code, i.name_cn) for i in catalogue.indicators if i.level == "housing"))
        units = {lv: list(polys[lv].geoms) if polys[lv] else [] for lv in ("compound", "block", "community",
                                                                          "district")}
        ledger = core_ledger.build_ledger(prob_records, records, compound_block, community_district, spec,
                                          units=units, feedback=steps)
        errors = core_ledger.check_consistency(ledger)
        if errors:
            raise _err(QT_TRANSLATE_NOOP("CoreMessages", "Ledger roll-up is inconsistent: {first}"),
                       first=errors[0])
        stamp_memberships(prob_feats, prob_records, ledger)
        log_complaints(steps, notes, complaint_uids, ledger.unassigned_problems)
        if ledger.unassigned_problems:
            steps.pushWarning(self.tr("{0} problems have no building in the library: they are in the "
                                      "problems layer but counted in no ledger.").format(
                                          len(ledger.unassigned_problems)))

        # ---- write: GeoPackage (or database) and photos together ---------------------
        layers = [(name, self.parameterAsVectorLayer(parameters, name, context))
                  for name in (self.PROBLEMS, self.COMPLAINTS, self.BUILDINGS, self.COMPOUNDS,
                               self.BLOCKS, self.COMMUNITIES, self.DISTRICTS)]
        run_params = dict(parameters, **{self.ROUND: round_no})
        if target is not None:
            run_params[self.OUTPUT] = target.label  # no password in ledger_runs
            folder = self.parameterAsFile(parameters, self.PHOTO_FOLDER, context) or layer_folder(
                self.parameterAsVectorLayer(parameters, self.PROBLEMS, context))
            summary = ledger_db.write_round(target, folder, crs, steps, _S_WRITE, round_no, spec, ledger,
                                            prob_feats, photo_jobs, polys, lambda summary: run_feature(
                                                round_no, run_params, describe_inputs(layers),
                                                dict(summary, **notes, repaired=repaired, slivers=slivers,
                                                     empty=empty)))
            summary.update(notes, repaired=repaired, slivers=slivers, empty=empty)
        else:
            with atomic_gpkg(out_path, steps) as (tmp, commit):
                photos = PhotoLibrary(out_path, round_no)
                commit.on_failure(photos.discard)
                commit.after(photos.commit)
                summary = write_layers(tmp, out_path, crs, context.transformContext(), steps, _S_WRITE,
                                       round_no, spec, ledger, prob_feats, photo_jobs, photos, polys)
                summary.update(notes, repaired=repaired, slivers=slivers, empty=empty)
                write_run(tmp, out_path, context.transformContext(), round_no,
                          run_feature(round_no, run_params, describe_inputs(layers), summary), steps)
                steps.setCurrentStep(_S_FINISH)
                photos.swap_in()
        steps.setProgress(100)
        steps.pushInfo(self.tr("Wrote {0} problems, {1} photos, round {2}.").format(
            summary["problems"], summary["photos"], round_no))
        return {self.PROBLEM_COUNT: summary["problems"], self.PHOTO_COUNT: summary["photos"],
                self.REPAIRED_COUNT: repaired + slivers, self.ROUND_OUT: round_no,
                self.LAYERS: ";".join(store.processing_uri(target, n, layer_styles.round_filter(round_no))
                                      if target else "{}|layername={}".format(out_path, n)
                                      for n in summary["layers"])}

    def _round(self, parameters, context, source) -> Tuple[int, bool]:
        """The round built, and whether rows of other rounds are left out."""
        pfields = source.fields().names()
        if "building_id" not in pfields:
            raise _err(QT_TRANSLATE_NOOP("CoreMessages",
                                         "The problems layer has no building_id field: use the output of "
                                         "Join reports."))
        rounds = set()
        if "round" in pfields:
            request = QgsFeatureRequest().setFlags(QgsFeatureRequest.NoGeometry)
            request.setSubsetOfAttributes(["round"], source.fields())
            rounds = {r for r in (to_int(f["round"]) for f in source.getFeatures(request)) if r}
        round_param = self.parameterAsInt(parameters, self.ROUND, context)
        if round_param:
            return round_param, round_param in rounds and len(rounds) > 1
        if len(rounds) == 1:
            return next(iter(rounds)), False
        raise _err(QT_TRANSLATE_NOOP(
            "CoreMessages", "Cannot tell the round from the problems (rounds found: {rounds}): set Round."),
            rounds=", ".join(str(r) for r in sorted(rounds)) or "-")
