"""cityhealth:buildledger — matched problems, photo library and five-level ledger in one GeoPackage."""

from __future__ import annotations

import datetime
import json
import os
import shutil
from typing import Any, Dict, List, Optional, Tuple

from qgis.core import (
    Qgis,
    QgsCoordinateTransform,
    QgsFeature,
    QgsFeatureRequest,
    QgsFeatureSource,
    QgsGeometry,
    QgsProcessing,
    QgsProcessingContext,
    QgsProcessingException,
    QgsProcessingFeatureSource,
    QgsProcessingOutputNumber,
    QgsProcessingOutputString,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterFileDestination,
    QgsProcessingParameterNumber,
    QgsProviderRegistry,
    QgsSpatialIndex,
    QgsVectorLayer,
    QgsWkbTypes,
)
from qgis.PyQt.QtCore import QVariant

from ...core import ledger as core_ledger
from ...core import schema
from ...core.catalogue import load_catalogue, normalise_text
from ...core.feedback import Canceled
from ...core.messages import QT_TRANSLATE_NOOP, CityHealthError, Message
from ...core.sanitize import mask_personal
from .. import layer_styles
from ..base import CityHealthAlgorithm, processing_error
from ..ledger_writer import (
    GpkgBuilder,
    OldRows,
    PhotoLibrary,
    finalize_gpkg,
    forget_styles,
    make_fields,
    remove_quietly,
    sha256_file,
    temp_path_next_to,
)

PLUGIN_DIR = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

# (problem-record branch: schema.MATCH_FIELDS now holds compound_id too; dict() keeps it once)
PROBLEM_LAYER_FIELDS: List[Tuple[str, type]] = list(dict(
    [("problem_uid", str)] + list(schema.REPORT_FIELDS.items()) + list(schema.MATCH_FIELDS.items())
    + [("category_cn", str), ("indicator_cn", str), ("photo_count", int), ("compound_id", str),
       ("block_id", str), ("community_code", str), ("district_code", str), ("located_by", str)]
).items())
PHOTO_LAYER_FIELDS = [("photo_id", str), ("problem_uid", str), ("round", int), ("path", str),
                      ("original_name", str), ("sha256", str)]
RUN_LAYER_FIELDS = [("run_id", str), ("round", int), ("run_utc", str), ("plugin_version", str),
                    ("qgis_version", str), ("parameters", str), ("inputs", str), ("summary", str)]
#: Identity and name fields of each ledger level, before the computed columns.
LEVEL_INFO_FIELDS = {
    "building": [("building_id", str), ("name", str), ("compound_id", str), ("compound_name", str),
                 ("building_no", str), ("block_id", str), ("community_code", str),
                 ("district_code", str), ("address", str)],
    "compound": [("compound_id", str), ("name", str), ("block_id", str), ("community_code", str)],
    "community": [("community_code", str), ("name", str), ("street_code", str), ("district_code", str)],
    "block": [("block_id", str), ("name", str), ("district_code", str)],
    "district": [("district_code", str), ("name", str)],
}
LEVEL_NAME_FIELD = {"building": "compound_name", "compound": "compound_name", "community": "community_name",
                    "block": "block_name", "district": "district_name"}
LEVEL_CN = {"building": "楼栋台账", "compound": "小区台账", "community": "社区台账", "block": "街区台账",
            "district": "区台账"}
OWN_LAYERS = ([schema.LAYER_PROBLEMS, schema.LAYER_PHOTOS, schema.LAYER_RUNS]
              + [schema.ledger_layer(lv) for lv in schema.LEDGER_LEVELS])
#: Problem columns the ledger reads as text (the others are copied as they are, blanks → NULL).
_PROBLEM_TEXT_KEYS = ("report_uid", "problem_code", "problem", "description", "category", "indicator_code",
                      "severity", "building_id", "compound", "photo_paths", "phone", "reporter",
                      "raw_address", "status")
_SKIP_CHECKS = QgsProcessingFeatureSource.FlagSkipGeometryValidityChecks  # we repair and report ourselves
#: A building belongs to a compound found in space only when the compound holds at least this
#: share of its footprint ("contains most of its footprint").
MIN_COMPOUND_SHARE = 0.5


def _err(text: str, **params) -> CityHealthError:
    return CityHealthError(Message(text, params))


def _text(value: Any) -> str:
    """Attribute value as stripped text; NULL and None → ''."""
    if type(value) is str:  # noqa: E721 (fast path: most values)
        return value.strip()
    if value is None:
        return ""
    if isinstance(value, QVariant):
        return "" if value.isNull() else str(value.value()).strip()
    return str(value).strip()


def _int(value: Any) -> int:
    try:
        return int(float(_text(value) or 0))
    except ValueError:
        return 0


class Polygons:
    """Polygons of one input layer keyed by id, repaired, in the buildings' CRS, with an index."""

    def __init__(self, label: str):
        self.label = label
        self.geoms: Dict[str, Optional[QgsGeometry]] = {}
        self.attrs: Dict[str, Dict[str, Any]] = {}
        self.index = QgsSpatialIndex()
        self._ids: List[str] = []
        self.repaired = 0
        self.slivers = 0
        self.empty = 0
        self.duplicates = 0

    def overlaps(self, geom: Optional[QgsGeometry]) -> Dict[str, float]:
        """Area of ``geom`` inside each polygon it touches."""
        out: Dict[str, float] = {}
        if geom is None or geom.isEmpty():
            return out
        engine = None
        for n in self.index.intersects(geom.boundingBox()):
            uid = self._ids[n]
            other = self.geoms[uid]
            if other is None:
                continue
            if engine is None:
                engine = QgsGeometry.createGeometryEngine(geom.constGet())
                engine.prepareGeometry()
            if not engine.intersects(other.constGet()):
                continue
            if engine.within(other.constGet()):
                out[uid] = geom.area()
            else:
                out[uid] = geom.intersection(other).area()
        return out

    def containing(self, point: QgsGeometry) -> Optional[str]:
        for n in self.index.intersects(point.boundingBox()):
            uid = self._ids[n]
            g = self.geoms[uid]
            if g is not None and g.contains(point):
                return uid
        return None


def repair_polygon(geom: Optional[QgsGeometry]) -> Tuple[Optional[QgsGeometry], str]:
    """A valid polygon geometry or None, and what was done ('', 'empty', 'repaired', 'slivers')."""
    if geom is None or geom.isNull() or geom.isEmpty():
        return None, "empty"
    note = ""
    if not geom.isGeosValid():
        fixed = geom.makeValid()
        if fixed.type() != QgsWkbTypes.PolygonGeometry:
            fixed = fixed.convertToType(QgsWkbTypes.PolygonGeometry, True) or QgsGeometry()
        if fixed.isNull() or fixed.isEmpty():
            return None, "empty"
        geom, note = fixed, "repaired"
    if geom.isMultipart():
        parts = [QgsGeometry(p.clone()) for p in geom.constParts()]
        areas = [p.area() for p in parts]
        biggest = max(areas) if areas else 0.0
        keep = [p for p, a in zip(parts, areas) if a >= biggest * 1e-3 and a > 0]
        if len(keep) < len(parts) and keep:
            geom = QgsGeometry.collectGeometry(keep)
            note = "slivers" if not note else note + "+slivers"
    return geom, note


class BuildLedger(CityHealthAlgorithm):
    """Problems, photos and the building → compound → block / community → district ledger."""

    ALG_ID = "buildledger"
    GROUP = "ledger"

    PROBLEMS = "PROBLEMS"
    BUILDINGS = "BUILDINGS"
    COMPOUNDS = "COMPOUNDS"
    BLOCKS = "BLOCKS"
    COMMUNITIES = "COMMUNITIES"
    DISTRICTS = "DISTRICTS"
    ROUND = "ROUND"
    OUTPUT = "OUTPUT"
    PROBLEM_COUNT = "PROBLEM_COUNT"
    PHOTO_COUNT = "PHOTO_COUNT"
    REPAIRED_COUNT = "REPAIRED_COUNT"
    ROUND_OUT = "ROUND_BUILT"
    LAYERS = "LAYERS"

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
            "kind, whatever its status. Buildings join compounds by attribute, otherwise by the "
            "compound holding most of the footprint; scattered buildings (散楼) belong to no compound "
            "but still roll up to their block. Compounds go to the block holding most of their area "
            "and their buildings follow them.\n\n"
            "The GeoPackage keeps several rounds: rebuilding a round replaces only that round. The file "
            "is replaced atomically at the end, so a cancelled or failed run leaves it untouched. "
            "Invalid geometries are repaired and reported feature by feature.")

    def initAlgorithm(self, config=None):  # noqa: N802
        poly = [QgsProcessing.TypeVectorPolygon]
        self.addParameter(QgsProcessingParameterFeatureSource(
            self.PROBLEMS, self.tr("Matched problems (output of Join reports)"),
            [QgsProcessing.TypeVectorPoint, QgsProcessing.TypeVector]))
        self.addParameter(QgsProcessingParameterFeatureSource(self.BUILDINGS, self.tr("Buildings"), poly))
        self.addParameter(QgsProcessingParameterFeatureSource(self.COMPOUNDS, self.tr("Compounds"), poly))
        self.addParameter(QgsProcessingParameterFeatureSource(self.BLOCKS, self.tr("Blocks"), poly,
                                                              optional=True))
        self.addParameter(QgsProcessingParameterFeatureSource(self.COMMUNITIES, self.tr("Communities"),
                                                              poly, optional=True))
        self.addParameter(QgsProcessingParameterFeatureSource(self.DISTRICTS, self.tr("Districts"), poly,
                                                              optional=True))
        self.addParameter(QgsProcessingParameterNumber(
            self.ROUND, self.tr("Round (year; 0 = from the problems' round field)"),
            QgsProcessingParameterNumber.Integer, 0, minValue=0))
        self.addParameter(QgsProcessingParameterFileDestination(
            self.OUTPUT, self.tr("Ledger GeoPackage"), self.tr("GeoPackage (*.gpkg *.GPKG)")))
        self.addOutput(QgsProcessingOutputNumber(self.PROBLEM_COUNT, self.tr("Problems written")))
        self.addOutput(QgsProcessingOutputNumber(self.PHOTO_COUNT, self.tr("Photos written")))
        self.addOutput(QgsProcessingOutputNumber(self.REPAIRED_COUNT, self.tr("Geometries repaired")))
        self.addOutput(QgsProcessingOutputNumber(self.ROUND_OUT, self.tr("Round built")))
        self.addOutput(QgsProcessingOutputString(self.LAYERS, self.tr("Layers (URIs, ';'-separated)")))

    # -- helpers ---------------------------------------------------------------------------
    def _source(self, parameters, name, context, required=True) -> Optional[QgsFeatureSource]:
        source = self.parameterAsSource(parameters, name, context)
        if source is None:
            if required or parameters.get(name) not in (None, ""):
                raise QgsProcessingException(self.invalidSourceError(parameters, name))
            return None
        return source

    def _read_polygons(self, source, label, key, extra, target_crs, context, feedback) -> Polygons:
        polys = Polygons(label)
        names = source.fields().names()
        if key not in names:
            raise _err(QT_TRANSLATE_NOOP("CoreMessages",
                                         "The {layer} layer has no field {field}: use the library layer "
                                         "with the fields of the city health data model."),
                       layer=label, field=key)
        transform = QgsCoordinateTransform(source.sourceCrs(), target_crs, context.transformContext())
        reproject = _needs(transform)
        total = source.featureCount() or 1
        src_fields = source.fields()
        wanted = [key] + [f for f in extra if f in names and f != key]
        request = QgsFeatureRequest().setSubsetOfAttributes(wanted, src_fields)
        key_idx = src_fields.indexOf(key)
        extra_idx = [(f, src_fields.indexOf(f)) for f in extra]
        features = source.getFeatures(request, _SKIP_CHECKS)
        for n, feat in enumerate(features):
            if n % 200 == 0 and feedback.isCanceled():
                raise Canceled()
            values = feat.attributes()
            uid = _text(values[key_idx])
            if not uid:
                uid = "{}#{}".format(label, feat.id())
                feedback.pushWarning(self.tr("{0} feature {1} has no {2}: kept as {3}.").format(
                    label, feat.id(), key, uid))
            if uid in polys.geoms:
                polys.duplicates += 1
                feedback.pushWarning(self.tr("{0}: {1} {2} appears twice; the first feature is used.").format(
                    label, key, uid))
                continue
            geom = feat.geometry() if feat.hasGeometry() else None
            if geom is not None and not geom.isEmpty() and reproject:
                geom = QgsGeometry(geom)
                geom.transform(transform)
            geom, note = repair_polygon(geom)
            if note == "empty":
                polys.empty += 1
                feedback.pushWarning(self.tr("{0} {1}: empty or unrepairable geometry; kept in the ledger "
                                             "without geometry.").format(label, uid))
            elif note:
                if "repaired" in note:
                    polys.repaired += 1
                if "slivers" in note:
                    polys.slivers += 1
                feedback.pushWarning(self.tr("{0} {1}: invalid geometry repaired ({2}).").format(
                    label, uid, note))
            polys.geoms[uid] = geom
            polys.attrs[uid] = {f: (values[i] if i >= 0 else None) for f, i in extra_idx}
            if geom is not None:
                polys.index.addFeature(len(polys._ids), geom.boundingBox())
            polys._ids.append(uid)
            if n % 200 == 0:
                feedback.setProgress(100.0 * n / total)
        return polys

    # -- main ----------------------------------------------------------------------------------
    def processAlgorithm(self, parameters, context: QgsProcessingContext, feedback):  # noqa: N802
        out_path = self.parameterAsFileOutput(parameters, self.OUTPUT, context)
        if not out_path.lower().endswith(".gpkg"):
            out_path += ".gpkg"
        tmp_path = temp_path_next_to(out_path)
        photos: Optional[PhotoLibrary] = None
        try:
            result, photos = self._build(parameters, context, feedback, out_path, tmp_path)
            if feedback.isCanceled():
                raise Canceled()
            finalize_gpkg(tmp_path)
            os.replace(tmp_path, out_path)
            remove_quietly(tmp_path)
            photos.commit()
        except CityHealthError as error:
            remove_quietly(tmp_path)
            if photos is not None:
                photos.discard()
            raise processing_error(error) from None
        except BaseException:
            remove_quietly(tmp_path)
            if photos is not None:
                photos.discard()
            raise
        self._load_on_completion(out_path, result[self.ROUND_OUT], context)
        result[self.OUTPUT] = out_path
        return result

    def _load_on_completion(self, out_path: str, round_no: int, context) -> None:
        names = [schema.LAYER_PROBLEMS, schema.LAYER_PHOTOS] + [
            schema.ledger_layer(lv) for lv in schema.LEDGER_LEVELS]
        titles = {schema.LAYER_PROBLEMS: "问题点", schema.LAYER_PHOTOS: "问题照片"}
        for lv in schema.LEDGER_LEVELS:
            titles[schema.ledger_layer(lv)] = LEVEL_CN[lv]
        from ..ledger_writer import existing_layers
        present = existing_layers(out_path)
        for name in names:
            if name not in present:
                continue
            details = QgsProcessingContext.LayerDetails(
                "{} {}".format(titles[name], round_no), context.project(), name)
            details.setPostProcessor(layer_styles.LedgerPostProcessor.create(out_path, round_no, name))
            context.addLayerToLoadOnCompletion("{}|layername={}".format(out_path, name), details)

    def _build(self, parameters, context, feedback, out_path, tmp_path):
        catalogue = load_catalogue()
        problems_src = self._source(parameters, self.PROBLEMS, context)
        buildings_src = self._source(parameters, self.BUILDINGS, context)
        compounds_src = self._source(parameters, self.COMPOUNDS, context)
        blocks_src = self._source(parameters, self.BLOCKS, context, required=False)
        communities_src = self._source(parameters, self.COMMUNITIES, context, required=False)
        districts_src = self._source(parameters, self.DISTRICTS, context, required=False)
        if buildings_src.featureCount() == 0:
            raise _err(QT_TRANSLATE_NOOP("CoreMessages", "The buildings layer is empty."))
        crs = buildings_src.sourceCrs()
        if not crs.isValid():
            raise _err(QT_TRANSLATE_NOOP("CoreMessages",
                                         "The buildings layer has no coordinate reference system: set one."))
        if crs.isGeographic():
            feedback.pushWarning(self.tr("Buildings are in geographic coordinates: overlaps are compared in "
                                         "square degrees. A projected CRS (e.g. EPSG:4550) is better."))

        # ---- round --------------------------------------------------------------------------
        round_param = self.parameterAsInt(parameters, self.ROUND, context)
        pfields = problems_src.fields().names()
        if "building_id" not in pfields:
            raise _err(QT_TRANSLATE_NOOP("CoreMessages",
                                         "The problems layer has no building_id field: use the output of "
                                         "Join reports."))
        rounds = set()
        if "round" in pfields:
            request = QgsFeatureRequest().setFlags(QgsFeatureRequest.NoGeometry)
            request.setSubsetOfAttributes(["round"], problems_src.fields())
            for f in problems_src.getFeatures(request):
                if _int(f["round"]):
                    rounds.add(_int(f["round"]))
        if round_param:
            round_no = round_param
        elif len(rounds) == 1:
            round_no = next(iter(rounds))
        else:
            raise _err(QT_TRANSLATE_NOOP(
                "CoreMessages",
                "Cannot tell the round from the problems (rounds found: {rounds}): set Round."),
                rounds=", ".join(str(r) for r in sorted(rounds)) or "-")
        # Round given and present in the problems: only its rows; absent: every row, relabelled.
        only_round = round_no in rounds and len(rounds) > 1
        feedback.pushInfo(self.tr("Building round {0} into {1}").format(round_no, out_path))

        # ---- library layers ----------------------------------------------------------------
        feedback.setProgressText(self.tr("Reading library layers"))
        b_extra = list(schema.BUILDING_FIELDS)
        buildings = self._read_polygons(buildings_src, "楼栋", "building_id", b_extra, crs, context, feedback)
        compounds = self._read_polygons(compounds_src, "小区", "compound_id", list(schema.COMPOUND_FIELDS),
                                        crs, context, feedback)
        blocks = (self._read_polygons(blocks_src, "街区", "block_id", list(schema.BLOCK_FIELDS), crs, context,
                                      feedback) if blocks_src else None)
        communities = (self._read_polygons(communities_src, "社区", "community_code",
                                           list(schema.COMMUNITY_FIELDS), crs, context, feedback)
                       if communities_src else None)
        districts = (self._read_polygons(districts_src, "区", "district_code", list(schema.DISTRICT_FIELDS),
                                         crs, context, feedback) if districts_src else None)
        layers = [x for x in (buildings, compounds, blocks, communities, districts) if x]
        repaired = sum(p.repaired for p in layers)
        slivers = sum(p.slivers for p in layers)
        empty = sum(p.empty for p in layers)
        feedback.pushInfo(self.tr("Geometries: {0} repaired, {1} with sliver parts removed, {2} empty "
                                  "(kept without geometry).").format(repaired, slivers, empty))
        for missing, level in ((blocks, "block"), (communities, "community"), (districts, "district")):
            if missing is None:
                feedback.pushWarning(self.tr("No {0} layer given: the {1} layer is not written.").format(
                    level, schema.ledger_layer(level)))

        # ---- memberships -------------------------------------------------------------------
        feedback.setProgressText(self.tr("Assigning buildings to compounds, blocks, communities, districts"))
        records = self._memberships(buildings, compounds, blocks, communities, districts, feedback)
        compound_block: Dict[str, Optional[str]] = {}
        if blocks is not None:
            compound_block = core_ledger.majority(
                {cid: blocks.overlaps(g) for cid, g in compounds.geoms.items()})
        community_district: Dict[str, Optional[str]] = {}
        if communities is not None:
            for cc, attrs in communities.attrs.items():
                dc = _text(attrs.get("district_code"))
                if not dc and districts is not None:
                    dc = core_ledger.majority({cc: districts.overlaps(communities.geoms[cc])}).get(cc) or ""
                community_district[cc] = dc or None
        votes: Dict[str, Dict[str, float]] = {}
        for b in records:  # community codes the communities layer does not hold: district by vote
            if b.community_code and b.community_code not in community_district and b.district_code:
                v = votes.setdefault(b.community_code, {})
                v[b.district_code] = v.get(b.district_code, 0) + 1
        for b in records:
            if b.community_code and b.community_code not in community_district:
                community_district[b.community_code] = core_ledger.majority(
                    {b.community_code: votes.get(b.community_code, {})}).get(b.community_code)

        # ---- problems ----------------------------------------------------------------------
        feedback.setProgressText(self.tr("Reading problems"))
        prob_feats, prob_records, photo_jobs, notes = self._read_problems(
            problems_src, buildings, compounds, catalogue, round_no, only_round, crs, context, feedback)
        area_ids = sorted({p.building_id[:-len(core_ledger.AREA_SUFFIX)] for p in prob_records
                           if p.building_id and p.building_id.endswith(core_ledger.AREA_SUFFIX)})
        for cid in area_ids:
            comm = _text(compounds.attrs[cid].get("community_code"))
            if not comm and communities is not None:
                comm = core_ledger.majority({cid: communities.overlaps(compounds.geoms[cid])}).get(cid) or ""
            records.append(core_ledger.area_building(cid, comm or None))
            if comm and comm not in community_district:
                dist = None
                if districts is not None:
                    dist = core_ledger.majority({cid: districts.overlaps(compounds.geoms[cid])}).get(cid)
                community_district[comm] = dist
        if notes["compound_level"]:
            feedback.pushInfo(self.tr("{0} problems without a building were placed on their compound "
                                      "(compound-level problems).").format(notes["compound_level"]))
        if not prob_feats:
            feedback.pushWarning(self.tr("The problems layer holds no problem: the ledger counts zero."))

        # ---- roll-up ------------------------------------------------------------------------
        feedback.setProgressText(self.tr("Rolling up"))
        spec = core_ledger.LedgerSpec(
            categories=tuple(catalogue.categories()),
            indicators=tuple((i.code, i.name_cn) for i in catalogue.indicators if i.level == "housing"))
        units = {"compound": list(compounds.geoms), "block": list(blocks.geoms) if blocks else [],
                 "community": list(communities.geoms) if communities else [],
                 "district": list(districts.geoms) if districts else []}
        try:
            ledger = core_ledger.build_ledger(prob_records, records, compound_block, community_district, spec,
                                              units=units, feedback=feedback)
        except Canceled:
            raise
        errors = core_ledger.check_consistency(ledger)
        if errors:
            raise _err(QT_TRANSLATE_NOOP("CoreMessages", "Ledger roll-up is inconsistent: {first}"),
                       first=errors[0])
        self._stamp_memberships(prob_feats, prob_records, ledger)
        if ledger.unassigned_problems:
            feedback.pushWarning(self.tr("{0} problems have no building in the library: they are in the "
                                         "problems layer but counted in no ledger.").format(
                                             len(ledger.unassigned_problems)))

        # ---- write ---------------------------------------------------------------------------
        feedback.setProgressText(self.tr("Writing the GeoPackage"))
        photos = PhotoLibrary(out_path, round_no)
        try:
            summary = self._write(tmp_path, out_path, crs, context, feedback, round_no, spec, ledger,
                                  prob_feats, photo_jobs, photos, buildings, compounds, blocks,
                                  communities, districts, notes)
            summary.update({"repaired": repaired, "slivers": slivers, "empty": empty})
            self._write_run(tmp_path, out_path, parameters, context, round_no, summary, feedback)
        except BaseException:
            photos.discard()
            raise
        feedback.pushInfo(self.tr("Wrote {0} problems, {1} photos, round {2}.").format(
            summary["problems"], summary["photos"], round_no))
        layers_out = ";".join("{}|layername={}".format(out_path, n) for n in summary["layers"])
        return ({self.PROBLEM_COUNT: summary["problems"], self.PHOTO_COUNT: summary["photos"],
                 self.REPAIRED_COUNT: repaired + slivers, self.ROUND_OUT: round_no,
                 self.LAYERS: layers_out}, photos)

    @staticmethod
    def _stamp_memberships(features: List[QgsFeature], records: List[core_ledger.ProblemRecord],
                           ledger: core_ledger.Ledger) -> None:
        """Write each problem's compound, block, community and district (as rolled up) on it."""
        if not features:
            return
        fields = features[0].fields()
        slots = [(fields.indexOf(core_ledger.LEVEL_KEYS[lv]), ledger.membership[lv])
                 for lv in ("compound", "block", "community", "district")]
        for feat, record in zip(features, records):
            bid = record.building_id
            if not bid or bid not in ledger.membership["building"]:
                continue
            for idx, member in slots:
                feat.setAttribute(idx, member.get(bid))

    def _memberships(self, buildings, compounds, blocks, communities, districts, feedback):
        records: List[core_ledger.BuildingRecord] = []
        n_spatial = n_block = n_comm = 0
        total = len(buildings.geoms) or 1
        for n, (bid, geom) in enumerate(buildings.geoms.items()):
            if n % 100 == 0:
                if feedback.isCanceled():
                    raise Canceled()
                feedback.setProgress(100.0 * n / total)
            a = buildings.attrs[bid]
            cid = _text(a.get("compound_id"))
            scattered = _int(a.get("is_scattered")) == 1
            if not cid and not scattered and geom is not None:
                areas = compounds.overlaps(geom)
                best = core_ledger.majority({bid: areas}).get(bid)
                if best and areas[best] >= MIN_COMPOUND_SHARE * geom.area():
                    cid = best
                    n_spatial += 1
            block = _text(a.get("block_id"))
            if blocks is not None and (not block or block not in blocks.geoms) and geom is not None:
                block = core_ledger.majority({bid: blocks.overlaps(geom)}).get(bid) or block
                n_block += 1
            comm = _text(a.get("community_code"))
            if not comm and communities is not None and geom is not None:
                comm = core_ledger.majority({bid: communities.overlaps(geom)}).get(bid) or ""
                n_comm += 1 if comm else 0
            district = ""
            # the building's own district counts only when its community does not give one
            # (no community, or a community the communities layer does not hold)
            if districts is not None and geom is not None and (
                    not comm or communities is None or comm not in communities.attrs):
                district = core_ledger.majority({bid: districts.overlaps(geom)}).get(bid) or ""
            records.append(core_ledger.BuildingRecord(
                bid, cid or None, block or None, comm or None, district or None,
                _int(a.get("households")), _int(a.get("residents"))))
        feedback.pushInfo(self.tr("{0} buildings joined to a compound by footprint, {1} to a block by "
                                  "footprint, {2} to a community by footprint.").format(n_spatial, n_block,
                                                                                         n_comm))
        return records

    def _read_problems(self, source, buildings: Polygons, compounds: Polygons, catalogue, round_no,
                       only_round, crs, context, feedback):
        names = source.fields().names()
        transform = QgsCoordinateTransform(source.sourceCrs(), crs, context.transformContext())
        fields = make_fields(PROBLEM_LAYER_FIELDS)
        feats: List[QgsFeature] = []
        records: List[core_ledger.ProblemRecord] = []
        photo_jobs: List[Tuple[str, str, int]] = []  # (problem_uid, source path, sequence)
        notes = {"filled_from_text": 0, "located_by_building": 0, "no_location": 0, "photos_missing": 0,
                 "round_overridden": 0, "by_point": 0, "compound_level": 0, "other_rounds": 0}
        by_name = _compound_names(compounds)
        total = source.featureCount() or 1
        seen_uids: Dict[str, int] = {}
        category_names = dict(catalogue.categories())
        def position(name: str) -> int:
            return names.index(name) if name in names else -1

        # source column of every output column (-1: not in the source), and the columns read as text
        src_pos = [position(k) for k, _ in PROBLEM_LAYER_FIELDS]
        slot = {k: j for j, (k, _) in enumerate(PROBLEM_LAYER_FIELDS)}
        text_pos = [(k, position(k)) for k in _PROBLEM_TEXT_KEYS]
        number_pos = [(slot[k], position(k)) for k in ("x", "y", "match_score")]
        round_pos, row_slot, row_pos = position("round"), slot["source_row"], position("source_row")
        masked = [(slot[k], k) for k in ("phone", "reporter", "description", "raw_address")]
        features = source.getFeatures(QgsFeatureRequest(), _SKIP_CHECKS)
        for n, f in enumerate(features):
            if n % 200 == 0:
                if feedback.isCanceled():
                    raise Canceled()
                feedback.setProgress(100.0 * n / total)
            attrs = f.attributes()
            attrs.append(None)  # position -1: a column the source does not have
            row_round = _int(attrs[round_pos])
            if only_round and row_round and row_round != round_no:
                notes["other_rounds"] += 1
                continue
            txt = {k: _text(attrs[i]) for k, i in text_pos}
            report_uid = txt["report_uid"] or "{}#{}".format(source.sourceName(), f.id())
            uid = "{}:{}".format(round_no, report_uid)
            if uid in seen_uids:
                seen_uids[uid] += 1
                uid = "{}~{}".format(uid, seen_uids[uid])
            else:
                seen_uids[uid] = 1
            if row_round and row_round != round_no:
                notes["round_overridden"] += 1
            ptype = catalogue.problem(txt["problem_code"]) if txt["problem_code"] else None
            if ptype is None and txt["problem"]:
                ptype = catalogue.lookup(txt["problem"]) or catalogue.lookup(txt["description"])
                if ptype is not None:
                    notes["filled_from_text"] += 1
            code = txt["problem_code"] or (ptype.code if ptype else "")
            category = txt["category"] or (ptype.category if ptype else "")
            indicator = txt["indicator_code"] or (ptype.indicator_code if ptype else "")
            category_cn = category_names.get(category, "")
            ind = catalogue.indicator(indicator) if indicator else None
            severity = txt["severity"] or (ptype.default_severity if ptype else "")
            # geometry: reported point, else a point on the building
            geom = None
            located = ""
            if f.hasGeometry() and not f.geometry().isEmpty():
                geom = QgsGeometry(f.geometry())
                if _needs(transform):
                    geom.transform(transform)
                if geom.isMultipart():
                    geom = geom.centroid()
                located = "report"
            bid = txt["building_id"]
            if not bid and geom is not None:
                hit = buildings.containing(geom)
                if hit:
                    bid = hit
                    notes["by_point"] += 1
            record_bid = bid
            if not bid or bid not in buildings.geoms:
                cid = compounds.containing(geom) if geom is not None else None
                cid = cid or by_name.get(normalise_text(txt["compound"]))
                if cid:
                    record_bid = cid + core_ledger.AREA_SUFFIX
                    notes["compound_level"] += 1
                    if geom is None and compounds.geoms.get(cid) is not None:
                        geom = compounds.geoms[cid].pointOnSurface()
                        located = "compound"
            if geom is None and bid and buildings.geoms.get(bid) is not None:
                geom = buildings.geoms[bid].pointOnSurface()
                located = "building"
                notes["located_by_building"] += 1
            if geom is None:
                notes["no_location"] += 1
                feedback.pushWarning(self.tr("Problem {0} has no location and no known building: written "
                                             "without geometry.").format(report_uid))
            paths = [p for p in (s.strip() for s in txt["photo_paths"].split(";")) if p]
            kept = 0
            for p in paths:
                if os.path.isfile(p):
                    kept += 1
                    photo_jobs.append((uid, p, kept))
                else:
                    notes["photos_missing"] += 1
                    feedback.pushWarning(self.tr("Problem {0}: photo {1} not found; not copied.").format(
                        report_uid, p))
            out = QgsFeature(fields)
            if geom is not None:
                out.setGeometry(geom if geom.type() == QgsWkbTypes.PointGeometry
                                else geom.pointOnSurface())
            values = [((v.strip() or None) if type(v) is str else  # noqa: E721 (fast path)
                       v if v is None else _null_if_blank(v)) for v in map(attrs.__getitem__, src_pos)]
            for k, v in (("problem_uid", uid), ("report_uid", report_uid), ("round", round_no),
                         ("problem_code", code), ("category", category), ("category_cn", category_cn),
                         ("indicator_code", indicator), ("indicator_cn", ind.name_cn if ind else ""),
                         ("severity", severity), ("building_id", bid), ("photo_count", kept),
                         ("located_by", located)):
                values[slot[k]] = _null_if_blank(v)
            for j, k in masked:
                values[j] = _null_if_blank(mask_personal(txt[k]))
            for j, i in number_pos:
                v = attrs[i]
                try:
                    values[j] = float(v) if _text(v) else None
                except ValueError:
                    values[j] = None
            v = attrs[row_pos]
            values[row_slot] = _int(v) if _text(v) else None
            out.setAttributes(values)
            feats.append(out)
            records.append(core_ledger.ProblemRecord(uid, record_bid or None, category, indicator, severity,
                                                     txt["status"], kept))
        if notes["other_rounds"]:
            feedback.pushInfo(self.tr("{0} problems of other rounds left out.").format(notes["other_rounds"]))
        if notes["round_overridden"]:
            feedback.pushWarning(self.tr("{0} problems carried another round; they are written as round "
                                         "{1}.").format(notes["round_overridden"], round_no))
        if notes["filled_from_text"]:
            feedback.pushInfo(self.tr("{0} problem codes filled in from the problem text.").format(
                notes["filled_from_text"]))
        return feats, records, photo_jobs, notes

    def _ledger_features(self, level, spec, ledger, polys: Polygons, buildings, compounds, blocks,
                         communities, districts, round_no, fields):
        rows = ledger.rows[level]
        key = core_ledger.LEVEL_KEYS[level]
        names = fields.names()
        for uid in sorted(rows):
            if level == "building" and uid.endswith(core_ledger.AREA_SUFFIX):
                continue  # virtual holder of compound-level problems
            row = rows[uid]
            feat = QgsFeature(fields)
            geom = polys.geoms.get(uid) if polys is not None else None
            if geom is not None:
                feat.setGeometry(QgsGeometry(geom) if geom.isMultipart()
                                 else QgsGeometry.collectGeometry([geom]))
            attrs = polys.attrs.get(uid, {}) if polys is not None else {}
            name = _text(attrs.get(LEVEL_NAME_FIELD[level]))
            values: Dict[str, Any] = {key: uid, "round": round_no, "level": level}
            parents = ledger.parents[level].get(uid, {})
            if level == "building":
                no = _text(attrs.get("building_no"))
                cid = ledger.membership["compound"].get(uid)
                cname = name
                if cid and compounds is not None and cid in compounds.attrs:
                    cname = _text(compounds.attrs[cid].get("compound_name")) or cname
                if cid:
                    name = "{}{}".format(cname, "{}号楼".format(no) if no and no.isdigit() else no)
                else:  # a scattered building is known by its door address
                    name = cname or no
                values.update({"compound_id": cid, "compound_name": cname, "building_no": no,
                               "block_id": ledger.membership["block"].get(uid),
                               "community_code": ledger.membership["community"].get(uid),
                               "district_code": ledger.membership["district"].get(uid),
                               "address": _text(attrs.get("address"))})
            elif level == "compound":
                values.update({"block_id": parents.get("block"),
                               "community_code": _text(attrs.get("community_code")) or None})
            elif level == "community":
                values.update({"street_code": _text(attrs.get("street_code")) or None,
                               "district_code": parents.get("district")})
            elif level == "block":
                values["district_code"] = _text(attrs.get("district_code")) or None
            values["name"] = name or uid
            values.update(row)
            if values.get("worst_severity") == "":
                values["worst_severity"] = None
            feat.setAttributes([values.get(name) for name in names])
            yield feat

    def _write(self, tmp_path, out_path, crs, context, feedback, round_no, spec, ledger, prob_feats,
               photo_jobs, photos: PhotoLibrary, buildings, compounds, blocks, communities, districts,
               notes) -> Dict[str, Any]:
        old = OldRows(out_path, round_no)
        builder = GpkgBuilder(tmp_path, crs, context.transformContext())
        if old.layers:
            # start from a copy: layers the ledger does not own (and their styles) stay as they were
            shutil.copyfile(out_path, tmp_path)
            forget_styles(tmp_path, OWN_LAYERS)
            builder.written = list(old.layers)
        gpkg_dir = os.path.dirname(os.path.abspath(out_path))
        # problems
        n_problems = builder.write(schema.LAYER_PROBLEMS, make_fields(PROBLEM_LAYER_FIELDS),
                                   QgsWkbTypes.Point, prob_feats, old.read(schema.LAYER_PROBLEMS), feedback)
        feedback.setProgress(20)
        # photos
        pfields = make_fields(PHOTO_LAYER_FIELDS)
        photo_feats = []
        total = len(photo_jobs) or 1
        for n, (uid, src, _seq) in enumerate(photo_jobs):
            if feedback.isCanceled():
                raise Canceled()
            if n % 50 == 0:
                feedback.setProgress(20 + 30.0 * n / total)
            rel, digest = photos.add(src, "{:06d}".format(n + 1))
            feat = QgsFeature(pfields)
            feat.setAttributes(["{}-{:06d}".format(round_no, n + 1), uid, round_no, rel,
                                os.path.basename(src), digest])
            photo_feats.append(feat)
        n_photos = builder.write(schema.LAYER_PHOTOS, pfields, QgsWkbTypes.NoGeometry, photo_feats,
                                 old.read(schema.LAYER_PHOTOS), feedback)
        # ledgers
        polys_of = {"building": buildings, "compound": compounds, "block": blocks,
                    "community": communities, "district": districts}
        written = [schema.LAYER_PROBLEMS, schema.LAYER_PHOTOS]
        aliases = spec.aliases()
        for k, level in enumerate(schema.LEDGER_LEVELS):
            if feedback.isCanceled():
                raise Canceled()
            feedback.setProgress(50 + 8 * k)
            if polys_of[level] is None:
                continue
            lfields = make_fields([("round", int), ("level", str)] + LEVEL_INFO_FIELDS[level]
                                  + [(c, int) for c in spec.additive_fields]
                                  + [("worst_severity", str), ("problems_per_100hh", float)])
            name = schema.ledger_layer(level)
            builder.write(name, lfields, QgsWkbTypes.MultiPolygon,
                          self._ledger_features(level, spec, ledger, polys_of[level], buildings, compounds,
                                                blocks, communities, districts, round_no, lfields),
                          old.read(name), feedback)
            written.append(name)
        # styles
        feedback.setProgressText(self.tr("Saving default styles"))
        for name in written:
            if feedback.isCanceled():
                raise Canceled()
            layer = QgsVectorLayer("{}|layername={}".format(tmp_path, name), name, "ogr")
            if name == schema.LAYER_PROBLEMS:
                layer_styles.style_problem_layer(layer)
                title = "问题点"
            elif name == schema.LAYER_PHOTOS:
                layer_styles.style_photo_layer(layer, gpkg_dir)
                title = "问题照片"
            else:
                level = name[len("ledger_"):]
                rates = [r["problems_per_100hh"] for r in ledger.rows[level].values()]
                layer_styles.style_ledger_layer(layer, level, aliases, rates)
                title = LEVEL_CN[level]
            error = layer_styles.save_default_style(layer, title, "CityHealth default style")
            if error:
                feedback.pushWarning(self.tr("Could not save the style of {0}: {1}").format(name, error))
            del layer
        feedback.setProgress(95)
        return {"problems": len(prob_feats), "problems_in_file": n_problems, "photos": len(photo_feats),
                "photos_in_file": n_photos, "layers": written,
                "unassigned_problems": len(ledger.unassigned_problems), **notes}

    def _write_run(self, tmp_path, out_path, parameters, context, round_no, summary, feedback) -> None:
        inputs = []
        for name in (self.PROBLEMS, self.BUILDINGS, self.COMPOUNDS, self.BLOCKS, self.COMMUNITIES,
                     self.DISTRICTS):
            layer = self.parameterAsVectorLayer(parameters, name, context)
            if layer is None:
                continue
            entry = {"parameter": name, "layer": layer.name(), "provider": layer.providerType(),
                     "source": layer.source(), "features": layer.featureCount(), "path": "", "sha256": ""}
            try:
                decoded = QgsProviderRegistry.instance().decodeUri(layer.providerType(), layer.source())
            except Exception:  # noqa: BLE001 (a provider without decodeUri)
                decoded = {}
            path = decoded.get("path") or ""
            if path and os.path.isfile(path):
                entry["path"] = os.path.abspath(path)
                entry["sha256"] = sha256_file(path)
            inputs.append(entry)
        params = {k: (v if isinstance(v, (int, float, str, bool)) or v is None else str(v))
                  for k, v in parameters.items()}
        params[self.ROUND] = round_no
        fields = make_fields(RUN_LAYER_FIELDS)
        feat = QgsFeature(fields)
        now = datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0)
        feat.setAttributes([
            "{}-{}".format(round_no, now.strftime("%Y%m%dT%H%M%SZ")), round_no, now.isoformat(),
            _plugin_version(), Qgis.QGIS_VERSION, json.dumps(params, ensure_ascii=False, sort_keys=True),
            json.dumps(inputs, ensure_ascii=False), json.dumps(summary, ensure_ascii=False, default=str)])
        old = OldRows(out_path, None)
        builder = GpkgBuilder(tmp_path, QgsVectorLayer().crs(), context.transformContext())
        builder.written = ["x"]  # the file exists: add a layer
        builder.write(schema.LAYER_RUNS, fields, QgsWkbTypes.NoGeometry, [feat],
                      old.read(schema.LAYER_RUNS, keep_all=True), feedback)
        layer = QgsVectorLayer("{}|layername={}".format(tmp_path, schema.LAYER_RUNS), schema.LAYER_RUNS,
                               "ogr")
        layer_styles._set_aliases(layer, layer_styles.RUN_ALIASES)
        layer_styles.save_default_style(layer, "运行记录", "CityHealth default style")
        del layer


def _compound_names(compounds: Polygons) -> Dict[str, str]:
    """Normalised compound name or alias → compound id (names shared by two compounds left out)."""
    out: Dict[str, str] = {}
    clash = set()
    for cid, attrs in compounds.attrs.items():
        names = [_text(attrs.get("compound_name"))] + _text(attrs.get("aliases")).split("|")
        for name in names:
            key = normalise_text(name)
            if not key:
                continue
            if key in out and out[key] != cid:
                clash.add(key)
            out[key] = cid
    for key in clash:
        del out[key]
    return out


def _needs(transform: QgsCoordinateTransform) -> bool:
    return transform.isValid() and not transform.isShortCircuited()


def _null_if_blank(value: Any) -> Any:
    if type(value) is str:  # noqa: E721
        value = value.strip()
        return value or None
    if value is None:
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return value
    text = _text(value)
    return text if text else None


def _plugin_version() -> str:
    try:
        with open(os.path.join(PLUGIN_DIR, "metadata.txt"), encoding="utf-8") as f:
            for line in f:
                if line.startswith("version="):
                    return line.split("=", 1)[1].strip()
    except OSError:
        pass
    return ""

