"""Reading the problems of one ledger round (cityhealth:buildledger): every row of the problems layer
and of the complaint points becomes a problem record (core/problems.py), placed on its building or
compound (core/ledger.py), with its photos (core/photos.py)."""

from __future__ import annotations

from typing import List

from qgis.core import QgsFeature, QgsFeatureRequest, QgsGeometry, QgsWkbTypes
from qgis.PyQt.QtCore import QCoreApplication

from ..core import ledger as core_ledger
from ..core import schema
from ..core.catalogue import normalise_text
from ..core.feedback import check
from ..core.problems import ProblemMapper
from .geometry import SKIP_CHECKS, PolygonIndex, transform_between
from .io import make_fields, to_int, to_text
from .ledger_writer import PROBLEM_LAYER_FIELDS, PhotoJob, ProblemPhotos, log_problem_notes

translate = QCoreApplication.translate  # pylupdate5 finds translate("context", "text")


def read_problems(source, buildings: PolygonIndex, compounds: PolygonIndex, catalogue, round_no: int,
                  only_round: bool, crs, context, feedback, layer_dir: str = "", complaints=None):
    """The problems layer (and the complaint points, citizen-reported, of round ``round_no`` only) as
    ledger features, the core records the roll-up counts, the photos to copy and the notes of what was
    filled in, relocated or left out (logged here)."""
    fields = make_fields(PROBLEM_LAYER_FIELDS)
    feats: List[QgsFeature] = []
    records: List[core_ledger.ProblemRecord] = []
    photo_jobs: List[PhotoJob] = []
    notes = {"filled_from_text": 0, "located_by_building": 0, "no_location": 0,
             "round_overridden": 0, "by_point": 0, "compound_level": 0, "other_rounds": 0,
             "relocated": 0, "complaint_uids": [], "complaints_other_round": 0}
    by_name = core_ledger.compound_name_index(
        {cid: [to_text(a.get("compound_name"))] + to_text(a.get("aliases")).split("|")
         for cid, a in compounds.attrs.items()}, normalise_text)
    mapper = ProblemMapper(catalogue, round_value=round_no)  # the one report row → problem rule
    photos = ProblemPhotos(layer_dir, mapper.mask)  # the one photo rule (core/photos)
    slots = [(j, k, t) for j, (k, t) in enumerate(PROBLEM_LAYER_FIELDS)]
    inputs = [(src, src.fields().names(), transform_between(src.sourceCrs(), crs,
                                                             context.transformContext()), k == 1)
              for k, src in enumerate((source, complaints)) if src is not None]
    total = sum(max(src.featureCount(), 0) for src, *_rest in inputs)
    rows = ((f, src, names, transform, citizen) for src, names, transform, citizen in inputs
            for f in src.getFeatures(QgsFeatureRequest(), SKIP_CHECKS))
    for n, (f, src, names, transform, citizen) in enumerate(rows):
        if n % 200 == 0:
            check(feedback, n, total)
        row = dict(zip(names, f.attributes()))
        row_round = to_int(row.get("round"))
        if citizen:  # a complaint point: citizen-reported, and only of the round built
            row["source"] = schema.SOURCE_CITIZEN
            if row_round and row_round != round_no:
                notes["complaints_other_round"] += 1
                continue
        if only_round and row_round and row_round != round_no:
            notes["other_rounds"] += 1
            continue
        notes["round_overridden"] += 1 if row_round and row_round != round_no else 0
        if not to_text(row.get("report_uid")) and not to_text(row.get("source_file")):
            row["report_uid"] = "{}#{}".format(src.sourceName(), f.id())
        rec = mapper.record(row)
        if citizen:
            notes["complaint_uids"].append(rec["problem_uid"])
        ids = {k: to_text(row.get(k)) for k in ("building_id", "compound_id", "match_level")}
        if rec["problem_code"] and not to_text(row.get("problem_code")):
            notes["filled_from_text"] += 1
        geom, located = None, ""
        if f.hasGeometry() and not f.geometry().isEmpty():
            geom = QgsGeometry(f.geometry())
            if transform is not None:
                geom.transform(transform)
            geom = geom if geom.type() == QgsWkbTypes.PointGeometry and not geom.isMultipart() \
                else geom.pointOnSurface()
            located = "report"
        place = core_ledger.place_problem(
            ids["match_level"], ids["building_id"], ids["compound_id"],
            by_name.get(normalise_text(to_text(row.get("compound"))), ""), buildings.geoms,
            compounds.geoms,
            lambda g=geom: buildings.containing(g), lambda g=geom: compounds.containing(g))
        if place.relocated:
            notes["relocated"] += 1
            notes["by_point"] += 1 if place.relocated == "point" else 0
        if place.compound_id and place.holder:
            notes["compound_level"] += 1
            if geom is None and compounds.get(place.compound_id) is not None:
                geom, located = compounds.get(place.compound_id).pointOnSurface(), "compound"
        if geom is None and place.building_id and buildings.get(place.building_id) is not None:
            geom, located = buildings.get(place.building_id).pointOnSurface(), "building"
            notes["located_by_building"] += 1
        if geom is None:
            notes["no_location"] += 1
            feedback.pushWarning(translate(
                "BuildLedger", "Problem {0} has no location and no known building: written without "
                "geometry.").format(rec["report_uid"]))
        jobs, lost = photos.of(row, rec, bool(ids["match_level"]))
        photo_jobs += jobs
        if lost:
            rec["photo_missing"] = ";".join(n for n in [rec["photo_missing"]] + lost if n)
            feedback.pushWarning(translate(
                "BuildLedger", "Problem {0}: photos {1} not found or outside the report folder; not "
                "copied.").format(rec["report_uid"], "; ".join(lost)))
        out = QgsFeature(fields)
        if geom is not None:
            out.setGeometry(geom)
        rec.update(building_id=place.building_id, compound_id=place.compound_id, photo_count=len(jobs),
                   located_by=located, match_level=ids["match_level"] or None)
        out.setAttributes([(rec.get(k) or None) if t is str else rec.get(k) for _, k, t in slots])
        feats.append(out)
        records.append(core_ledger.ProblemRecord(rec["problem_uid"], place.holder, rec["category"],
                                                 rec["indicator_code"], rec["severity"], rec["status"],
                                                 len(jobs), rec["source"]))
    notes.update(photos_missing=photos.missing, photos_refused=photos.refused)
    log_problem_notes(feedback, notes, round_no, len(feats))
    return feats, records, photo_jobs, notes
