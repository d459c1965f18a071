"""Writing the spatial ledger GeoPackage: layers and fields, rows of other rounds, photo library.

The previous GeoPackage is never opened for writing. A run reads the rows of the *other* rounds
from it, writes every layer afresh into a temporary GeoPackage in the same folder (QGIS vector file
writer, through :func:`.io.atomic_gpkg`), saves the default styles there, and only then replaces
the old file. The photo library is staged beside it and swapped in together with it
(:class:`PhotoLibrary`): a cancelled or failed run leaves the old GeoPackage and its photos
byte-identical. The generic parts (temporary file, replace, layer writer) live in :mod:`.io`.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import os
import re
import shutil
import uuid
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import wait as futures_wait
from typing import Any, Callable, Dict, Iterable, List, NamedTuple, Optional, Tuple

from qgis.core import (
    Qgis,
    QgsFeature,
    QgsFeatureRequest,
    QgsFields,
    QgsGeometry,
    QgsProcessingException,
    QgsProviderRegistry,
    QgsVectorLayer,
    QgsWkbTypes,
)
from qgis.PyQt.QtCore import QCoreApplication

from ..core import ledger as core_ledger
from ..core import schema
from ..core.feedback import check
from ..core.photos import PhotoFinder, row_photo_folders
from . import layer_styles
from .io import (  # noqa: F401 (re-exported: the ledger's callers import them from here)
    GpkgBuilder,
    delete_where,
    existing_layers,
    finalize_gpkg,
    gpkg_uri,
    make_fields,
    remove_quietly,
    sha256_file,
    temp_path_next_to,
    to_text,
)

PLUGIN_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# --- layers and fields of the ledger GeoPackage (names are a contract: other algorithms read them) --
PROBLEM_LAYER_FIELDS: List[Tuple[str, type]] = list(dict(
    [("problem_uid", str)] + list(schema.REPORT_FIELDS.items()) + list(schema.MATCH_FIELDS.items())
    + [("category_cn", str), ("indicator_cn", str), ("photo_count", int), ("compound_id", str),
       ("block_id", str), ("community_code", str), ("district_code", str), ("located_by", str),
       ("match_level", str), ("source", str)]).items())
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
LAYER_TITLES = dict({schema.LAYER_PROBLEMS: "问题点", schema.LAYER_PHOTOS: "问题照片"},
                    **{schema.ledger_layer(lv): LEVEL_CN[lv] for lv in schema.LEDGER_LEVELS})
#: The layers buildledger writes; every other table of the GeoPackage is kept as it is.
OWN_LAYERS = ([schema.LAYER_PROBLEMS, schema.LAYER_PHOTOS, schema.LAYER_RUNS]
              + [schema.ledger_layer(lv) for lv in schema.LEDGER_LEVELS])


def level_field_spec(level: str, spec: core_ledger.LedgerSpec) -> List[Tuple[str, type]]:
    """(name, python type) of the fields of the ledger layer of ``level``."""
    return ([("round", int), ("level", str)] + LEVEL_INFO_FIELDS[level]
            + [(c, int) for c in spec.additive_fields]
            + [("worst_severity", str), ("problems_per_100hh", float)])


def level_fields(level: str, spec: core_ledger.LedgerSpec) -> QgsFields:
    return make_fields(level_field_spec(level, spec))


def forget_styles(path: str, layer_names: Iterable[str]) -> None:
    """Delete the saved styles of ``layer_names`` from a GeoPackage's ``layer_styles`` table.

    Saving a style whose name already exists makes QGIS 3.22 ask whether to overwrite it (a modal
    dialog: a hang in a headless run), so styles of the layers being rewritten are removed first.
    """
    names = list(layer_names)
    if names:
        delete_where(path, "layer_styles", "f_table_name IN ({})".format(",".join("?" * len(names))), names)


class OldRows:
    """Features of the rounds a run keeps, read from the previous GeoPackage (read-only)."""

    def __init__(self, path: str, round_no: Optional[int]):
        self.path = path
        self.round_no = round_no
        self.layers = existing_layers(path)

    def read(self, layer_name: str, keep_all: bool = False) -> Tuple[Optional[QgsFields], List[QgsFeature]]:
        if layer_name not in self.layers:
            return None, []
        layer = QgsVectorLayer(gpkg_uri(self.path, layer_name), layer_name, "ogr")
        if not layer.isValid():
            return None, []
        request = QgsFeatureRequest()
        if not keep_all and self.round_no is not None and layer.fields().indexOf("round") >= 0:
            request.setFilterExpression('"round" IS NULL OR "round" <> {}'.format(int(self.round_no)))
        feats = list(layer.getFeatures(request))
        fields = QgsFields(layer.fields())
        del layer
        return fields, feats

    def write(self, builder: GpkgBuilder, name: str, fields: QgsFields, wkb_type, features, feedback) -> int:
        """Layer ``name`` of ``builder``'s file (a copy of the previous one when it had layers) with
        the rows this run keeps and ``features``: appended in place when the copy holds the layer
        with these fields (the kept rows are never read: a second round costs what the first did),
        else rewritten with the kept rows read from the previous file. Returns the rows in the layer."""
        if name in self.layers:
            replace = None if self.round_no is None else '"round" = {}'.format(int(self.round_no))
            count = builder.append(name, fields, wkb_type, features, replace, feedback)
            if count is not None:
                return count
        return builder.write(name, fields, wkb_type, features, self.read(name), feedback)


def copy_and_hash(source: str, target: str) -> str:
    """Copy ``source`` to ``target`` reading it once; returns its sha256.

    Plain file descriptors: Python file objects cost several times more per small file (tens of
    thousands of photos per round).
    """
    digest = hashlib.sha256()
    src = os.open(source, os.O_RDONLY | getattr(os, "O_BINARY", 0))
    try:
        dst = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0), 0o666)
        try:
            while True:
                chunk = os.read(src, 1 << 20)
                if not chunk:
                    break
                digest.update(chunk)
                view = memoryview(chunk)
                while view:
                    view = view[os.write(dst, view):]
        finally:
            os.close(dst)
    finally:
        os.close(src)
    return digest.hexdigest()


def hash_if_same(source: str, existing: str) -> Optional[str]:
    """The sha256 of ``source`` when ``existing`` holds the same bytes, else None (nothing written).

    Both are read side by side in chunks and the reading stops at the first difference; an
    ``existing`` that cannot be read counts as different, a ``source`` that cannot be read raises.
    """
    digest = hashlib.sha256()
    src = os.open(source, os.O_RDONLY | getattr(os, "O_BINARY", 0))
    try:
        try:
            old = os.open(existing, os.O_RDONLY | getattr(os, "O_BINARY", 0))
        except OSError:
            return None
        try:
            if os.fstat(src).st_size != os.fstat(old).st_size:
                return None
            while True:
                chunk = os.read(src, 1 << 20)
                if not chunk:
                    return digest.hexdigest() if not os.read(old, 1) else None
                digest.update(chunk)
                theirs = os.read(old, len(chunk))
                while len(theirs) < len(chunk):
                    more = os.read(old, len(chunk) - len(theirs))
                    if not more:
                        return None
                    theirs += more
                if theirs != chunk:
                    return None
        finally:
            os.close(old)
    finally:
        os.close(src)


# --- ledger rows ---------------------------------------------------------------------------------
def ledger_features(level: str, ledger: core_ledger.Ledger, polys, compounds, round_no: int,
                    fields: QgsFields) -> Iterable[QgsFeature]:
    """One feature per unit of ``level`` (``polys``: the level's PolygonIndex)."""
    rows = ledger.rows[level]
    key = core_ledger.LEVEL_KEYS[level]
    names = fields.names()
    for uid in sorted(rows):
        if level == "building" and uid.endswith(core_ledger.AREA_SUFFIX):
            continue  # virtual holder of compound-level problems
        feat = QgsFeature(fields)
        geom = polys.get(uid)
        if geom is not None:
            feat.setGeometry(QgsGeometry(geom))
        attrs = polys.attrs.get(uid, {})
        name = to_text(attrs.get(LEVEL_NAME_FIELD[level]))
        values: Dict[str, Any] = {key: uid, "round": round_no, "level": level}
        parents = ledger.parents[level].get(uid, {})
        if level == "building":
            no = to_text(attrs.get("building_no"))
            cid = ledger.membership["compound"].get(uid)
            cname = name
            if cid and cid in compounds.attrs:
                cname = to_text(compounds.attrs[cid].get("compound_name")) or cname
            if cid:
                name = "{}{}".format(cname, "{}号楼".format(no) if no and no.isdigit() else no)
            else:  # a scattered building is known by its door address
                name = cname or no
            values.update({"compound_id": cid, "compound_name": cname, "building_no": no,
                           "block_id": ledger.membership["block"].get(uid),
                           "community_code": ledger.membership["community"].get(uid),
                           "district_code": ledger.membership["district"].get(uid),
                           "address": to_text(attrs.get("address"))})
        elif level == "compound":
            values.update({"block_id": parents.get("block"),
                           "community_code": to_text(attrs.get("community_code")) or None})
        elif level == "community":
            values.update({"street_code": to_text(attrs.get("street_code")) or None,
                           "district_code": parents.get("district")})
        elif level == "block":
            values["district_code"] = to_text(attrs.get("district_code")) or None
        values["name"] = name or uid
        values.update(rows[uid])
        if values.get("worst_severity") == "":
            values["worst_severity"] = None
        feat.setAttributes([values.get(n) for n in names])
        yield feat


def stamp_memberships(features: List[QgsFeature], records: List[core_ledger.ProblemRecord],
                       ledger: core_ledger.Ledger) -> None:
    """Write each problem's compound, block, community and district (as rolled up) on it, and its
    match_level: building, or compound for a problem counted on its compound."""
    if not features:
        return
    fields = features[0].fields()
    slots = [(fields.indexOf(core_ledger.LEVEL_KEYS[lv]), ledger.membership[lv])
             for lv in ("compound", "block", "community", "district")]
    level_idx = fields.indexOf("match_level")
    for feat, record in zip(features, records):
        bid = record.building_id
        if not bid or bid not in ledger.membership["building"]:
            continue  # unassigned: the join's match_level (if any) stays as written
        for idx, member in slots:
            feat.setAttribute(idx, member.get(bid))
        feat.setAttribute(level_idx, "compound" if bid.endswith(core_ledger.AREA_SUFFIX) else "building")


def plugin_version() -> str:
    try:
        with open(os.path.join(PLUGIN_DIR, "metadata.txt"), encoding="utf-8") as f:
            for line in f:
                if line.startswith("version="):
                    return line.split("=", 1)[1].strip()
    except OSError:
        pass
    return ""


def describe_inputs(layers) -> List[Dict[str, Any]]:
    """``[(parameter, layer or None)]`` → what ``ledger_runs`` records of each input layer: name,
    provider, source, feature count, and the file's path and sha256 when it is a local file."""
    inputs = []
    for name, layer in layers:
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
    return inputs


def run_feature(round_no: int, parameters: Dict[str, Any], inputs: List[Dict[str, Any]],
                summary: Dict[str, Any]) -> QgsFeature:
    """The ``ledger_runs`` row of this run: when, versions, parameters, inputs with checksums."""
    params = {k: (v if isinstance(v, (int, float, str, bool)) or v is None else str(v))
              for k, v in parameters.items()}
    feat = QgsFeature(make_fields(RUN_LAYER_FIELDS))
    now = datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0)
    feat.setAttributes([
        "{}-{}".format(round_no, now.strftime("%Y%m%dT%H%M%SZ")), round_no, now.isoformat(),
        plugin_version(), Qgis.QGIS_VERSION, json.dumps(params, ensure_ascii=False, sort_keys=True),
        json.dumps(inputs, ensure_ascii=False), json.dumps(summary, ensure_ascii=False, default=str)])
    return feat


# --- writing one round ---------------------------------------------------------------------------
translate = QCoreApplication.translate  # pylupdate5 finds translate("context", "text")


def write_layers(tmp: str, out_path: str, crs, transform_context, steps, first_step: int, round_no: int,
             spec: core_ledger.LedgerSpec, ledger: core_ledger.Ledger, prob_feats: List[QgsFeature],
             photo_jobs: List["PhotoJob"], photos: "PhotoLibrary", polys) -> Dict[str, Any]:
    """Write problems, photos (copied into ``photos``' staging folder), the ledger layers and their
    styles into ``tmp``, keeping the rows of other rounds and every table buildledger does not own.
    ``steps``: a multi-step feedback; steps ``first_step`` … ``first_step + 3`` are used."""
    steps.setCurrentStep(first_step)
    steps.setProgressText(translate("BuildLedger", "Writing the GeoPackage"))
    old = OldRows(out_path, round_no)
    builder = GpkgBuilder(tmp, crs, transform_context)
    if old.layers:
        # start from a copy: tables the ledger does not own (and their styles) stay as they were
        shutil.copyfile(out_path, tmp)
        forget_styles(tmp, OWN_LAYERS)
        builder.written = list(old.layers)
    # Photos are copied (and hashed as they go) by threads while the problems layer is written:
    # creating thousands of small files waits on the file system, not on Python.
    copies = PhotoCopies(photos, photo_jobs)
    try:
        n_problems = old.write(builder, schema.LAYER_PROBLEMS, make_fields(PROBLEM_LAYER_FIELDS),
                               QgsWkbTypes.Point, prob_feats, steps)
        steps.setCurrentStep(first_step + 1)
        steps.setProgressText(translate("BuildLedger", "Copying photos"))
        pfields = make_fields(PHOTO_LAYER_FIELDS)
        photo_feats = copies.features(steps, round_no, pfields)
    finally:
        copies.close()
    n_photos = old.write(builder, schema.LAYER_PHOTOS, pfields, QgsWkbTypes.NoGeometry, photo_feats, steps)
    steps.setCurrentStep(first_step + 2)
    steps.setProgressText(translate("BuildLedger", "Writing the ledger layers"))
    written = [schema.LAYER_PROBLEMS, schema.LAYER_PHOTOS]
    for k, level in enumerate(schema.LEDGER_LEVELS):
        check(steps, k, len(schema.LEDGER_LEVELS))
        if polys[level] is None:
            continue
        lfields = level_fields(level, spec)
        name = schema.ledger_layer(level)
        old.write(builder, name, lfields, QgsWkbTypes.MultiPolygon,
                  ledger_features(level, ledger, polys[level], polys["compound"], round_no, lfields), steps)
        written.append(name)
    steps.setCurrentStep(first_step + 3)
    steps.setProgressText(translate("BuildLedger", "Saving default styles"))
    for k, name in enumerate(written):
        check(steps, k, len(written))
        layer = QgsVectorLayer("{}|layername={}".format(tmp, name), name, "ogr")
        style_layer(layer, name, spec, ledger, os.path.dirname(os.path.abspath(out_path)))
        error = layer_styles.save_default_style(layer, LAYER_TITLES[name], "CityHealth default style")
        if error:
            steps.pushWarning(translate("BuildLedger", "Could not save the style of {0}: {1}").format(
                name, error))
        del layer
    return {"problems": len(prob_feats), "problems_in_file": n_problems, "photos": len(photo_feats),
            "photos_in_file": n_photos, "layers": written,
            "unassigned_problems": len(ledger.unassigned_problems)}


_PHOTO_CHUNK = 500


def _copy_photos(photos: "PhotoLibrary", items: List[Tuple[str, str]]) -> List[Any]:
    """:meth:`PhotoLibrary.add` of every ``(source, name)``: ``(path, sha256)`` each, or the
    ``OSError`` of the first that failed (the rest of the chunk is then not copied)."""
    out: List[Any] = []
    for source, name in items:
        try:
            out.append(photos.add(source, name))
        except OSError as error:
            out.append(error)
            break
    return out


class PhotoCopies:
    """The photos of ``photo_jobs`` copied into ``photos``' staging folder by 4 threads, started at
    once (so the copying overlaps whatever the caller writes meanwhile); :meth:`features` gives the
    ``photos`` rows in job order (the same layer a one-by-one copy writes); :meth:`close` always."""

    def __init__(self, photos: "PhotoLibrary", photo_jobs: List["PhotoJob"]):
        self.photos, self.jobs = photos, photo_jobs
        self.pool = ThreadPoolExecutor(4) if photo_jobs else None
        self.chunks = []  # one future per _PHOTO_CHUNK photos: a future per photo costs more than its copy
        if photo_jobs:
            names = [photo_name(uid, shown, seq) for uid, _src, seq, shown in photo_jobs]  # masked names
            items = [(job[1], name) for job, name in zip(photo_jobs, names)]
            self.chunks = [self.pool.submit(_copy_photos, photos, items[:1])]
            futures_wait(self.chunks)  # the first copy makes the staging folder, once
            self.chunks += [self.pool.submit(_copy_photos, photos, items[i:i + _PHOTO_CHUNK])
                            for i in range(1, len(items), _PHOTO_CHUNK)]

    def features(self, steps, round_no: int, pfields: QgsFields, absolute: bool = False) -> List[QgsFeature]:
        """The ``photos`` rows (``path`` relative to the library's folder, or absolute when
        ``absolute``: a database ledger has no folder)."""
        photo_feats = []
        for n, (uid, _src, seq, shown) in enumerate(self.jobs):
            if n % 50 == 0:
                check(steps, n, len(self.jobs))
            done = self.chunks[0].result() if n == 0 else self.chunks[1 + (n - 1) // _PHOTO_CHUNK].result()
            copied = done[0 if n == 0 else (n - 1) % _PHOTO_CHUNK]
            try:
                if isinstance(copied, OSError):
                    raise copied
                rel, digest = copied
            except OSError as error:
                raise QgsProcessingException(translate(
                    "BuildLedger",
                    "Photo {0} could not be copied into the photo library ({1}): it was moved or deleted "
                    "while the ledger was built, is unreadable, or the folder is read-only. Nothing was "
                    "changed: the previous ledger and its photos are as they were. Check the photo and "
                    "the folder, then run again.").format(shown, error.strerror or error)) from None
            if absolute:
                rel = os.path.join(self.photos.gpkg_dir, *rel.split("/"))
            feat = QgsFeature(pfields)
            feat.setAttributes(["{}#{}".format(uid, seq), uid, round_no, rel, os.path.basename(shown),
                                digest])
            photo_feats.append(feat)
        return photo_feats

    def close(self) -> None:
        """On failure or cancel too: no copy still running when the staging is discarded."""
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)


def copy_photos(steps, photo_jobs: List["PhotoJob"], photos: "PhotoLibrary", round_no: int,
                pfields: QgsFields, absolute: bool = False) -> List[QgsFeature]:
    """Copy the photos into ``photos``' staging folder; the ``photos`` rows (see :class:`PhotoCopies`)."""
    copies = PhotoCopies(photos, photo_jobs)
    try:
        return copies.features(steps, round_no, pfields, absolute)
    finally:
        copies.close()


def style_layer(layer, name: str, spec: core_ledger.LedgerSpec, ledger: core_ledger.Ledger,
                photo_dir: str) -> None:
    """The default style of ledger layer ``name`` (``photo_dir``: root of relative photo paths)."""
    if name == schema.LAYER_PROBLEMS:
        layer_styles.style_problem_layer(layer)
    elif name == schema.LAYER_PHOTOS:
        layer_styles.style_photo_layer(layer, photo_dir)
    elif name == schema.LAYER_RUNS:
        layer_styles._set_aliases(layer, layer_styles.RUN_ALIASES)
    else:
        level = name[len("ledger_"):]
        rates = [r["problems_per_100hh"] for r in ledger.rows[level].values()]
        layer_styles.style_ledger_layer(layer, level, spec.aliases(), rates)


def write_run(tmp: str, out_path: str, transform_context, round_no: int, feat: QgsFeature, feedback) -> None:
    """Add this run's row to ``ledger_runs`` (all previous runs kept) in ``tmp``, with its style."""
    builder = GpkgBuilder(tmp, QgsVectorLayer().crs(), transform_context)
    builder.written = ["x"]  # the file exists: add a layer
    OldRows(out_path, None).write(builder, schema.LAYER_RUNS, make_fields(RUN_LAYER_FIELDS),
                                  QgsWkbTypes.NoGeometry, [feat], feedback)
    layer = QgsVectorLayer("{}|layername={}".format(tmp, schema.LAYER_RUNS), schema.LAYER_RUNS, "ogr")
    layer_styles._set_aliases(layer, layer_styles.RUN_ALIASES)
    layer_styles.save_default_style(layer, "运行记录", "CityHealth default style")
    del layer


# --- photo library ------------------------------------------------------------------------------
class PhotoJob(NamedTuple):
    """One photo to copy: its problem, the file (unmasked: only read), its place in the problem's
    list and the path as written into outputs (personal data masked)."""

    problem_uid: str
    source: str
    seq: int
    shown: str


class ProblemPhotos:
    """The photos of each problem row, by one rule.

    A row the join decided (``match_level`` set) carries in ``photo_paths`` the files the join
    resolved next to its report (``core/photos``): they are copied when they still exist. A row no
    join checked (a problems layer made by hand) is resolved here by the same rule,
    :meth:`core.photos.PhotoFinder.resolve_in` over :func:`core.photos.row_photo_folders`: only
    files inside the folder of its ``source_file`` or the problems layer's folder ``layer_dir``;
    ``../``, absolute paths elsewhere, URLs, drive letters, UNC paths and outward links are refused.
    ``mask`` masks what is written (file names, photo_missing); the copy reads the real path.
    """

    def __init__(self, layer_dir: str, mask: Callable[[str], str]):
        self.layer_dir = layer_dir
        self.mask = mask
        self.finder = PhotoFinder()
        self.missing = self.refused = 0

    def of(self, row: Dict[str, Any], record: Dict[str, Any],
           joined: bool) -> Tuple[List[PhotoJob], List[str]]:
        """(photos to copy, masked names not copied) of one row; ``record``: its problem record."""
        if joined:
            paths = record["photo_list"]
            lost = [p for p in paths if not self.finder.is_file(p)]
            paths = [p for p in paths if p not in lost]
        else:
            cell = to_text(row.get("photo_paths")) or to_text(row.get("photo"))
            found = self.finder.resolve_in(cell, row_photo_folders(to_text(row.get("source_file")),
                                                                   self.layer_dir))
            paths, lost = found.paths, found.missing + found.refused
            self.refused += len(found.refused)
        self.missing += len(lost)
        uid = record["problem_uid"]
        jobs = [PhotoJob(uid, p, k, self.mask(p)) for k, p in enumerate(paths, 1)]
        return jobs, [self.mask(name) for name in lost]


def log_problem_notes(feedback, notes: Dict[str, int], round_no: int, written: int) -> None:
    """Log what reading the problems decided (counts of ``notes``), in context BuildLedger."""
    for key, text in (("other_rounds", translate("BuildLedger", "{0} problems of other rounds left out.")),
                      ("filled_from_text", translate("BuildLedger",
                                                     "{0} problem codes filled in from the problem text.")),
                      ("compound_level", translate("BuildLedger", "{0} problems counted on their compound "
                                                                  "(compound-level problems).")),
                      ("relocated", translate("BuildLedger", "{0} problems carried no match decision "
                                                             "(match_level) and were located here: {1} by "
                                                             "their point in a footprint, the others by "
                                                             "compound or not at all."))):
        if notes[key]:
            feedback.pushInfo(text.format(notes[key], notes["by_point"]))
    if notes["photos_missing"]:
        feedback.pushWarning(translate("BuildLedger", "{0} photos not copied ({1} of them refused: outside "
                                                      "the folder of their report or of the problems layer); "
                                                      "see photo_missing.").format(
                                                          notes["photos_missing"], notes["photos_refused"]))
    if notes["round_overridden"]:
        feedback.pushWarning(translate("BuildLedger", "{0} problems carried another round; they are written "
                                                      "as round {1}.").format(notes["round_overridden"],
                                                                              round_no))
    if not written:
        feedback.pushWarning(translate("BuildLedger",
                                       "The problems layer holds no problem: the ledger counts zero."))


def log_complaints(feedback, notes: Dict[str, Any], complaint_uids: List[str], unassigned: List[str]) -> None:
    """Account for every row of the complaint points (``COMPLAINTS``): read = joined + left out (other
    round; no building or compound of the library), into ``notes["complaints"]`` (ledger_runs) and the log."""
    missing = set(unassigned)
    no_building = sum(1 for uid in complaint_uids if uid in missing)
    other = notes.pop("complaints_other_round", 0)
    read = len(complaint_uids) + other
    notes["complaints"] = {"read": read, "joined": len(complaint_uids) - no_building,
                           "left_out_other_round": other, "left_out_no_building": no_building}
    if read:
        feedback.pushInfo(translate(
            "BuildLedger", "Complaint rows read: {0} = joined as citizen-reported problems {1} + left out "
                           "{2} (another round: {3}; no building or compound of the library: {4}, written "
                           "to the problems layer but counted in no ledger).").format(
            read, len(complaint_uids) - no_building, other + no_building, other, no_building))


def layer_folder(layer) -> str:
    """The folder of the file a vector layer reads ("" for a memory or database layer)."""
    if layer is None:
        return ""
    path = QgsProviderRegistry.instance().decodeUri(layer.providerType(), layer.source()).get("path") or ""
    return os.path.dirname(os.path.abspath(path)) if path and os.path.isfile(path) else ""


_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]')


def photo_name(problem_uid: str, original: str, seq: int) -> str:
    """File name of a problem's photo in the library: the same for the same problem and photo on
    every run, whatever order the problems come in (a digest of the problem uid, the photo's place
    in the problem's list, the original name)."""
    digest = hashlib.sha1(problem_uid.encode("utf-8")).hexdigest()[:12]
    base = _UNSAFE.sub("_", os.path.basename(original)) or "photo"
    root, ext = os.path.splitext(base)
    if len(root.encode("utf-8")) > 120:
        root = root.encode("utf-8")[:120].decode("utf-8", "ignore")
    return "{}-{}_{}{}".format(digest, seq, root, ext)


def photo_root(gpkg_path: str) -> str:
    """The photo library folder of a ledger GeoPackage: ``<stem>_photos`` beside it."""
    folder, name = os.path.split(os.path.abspath(gpkg_path))
    return os.path.join(folder, "{}_photos".format(os.path.splitext(name)[0]))


class PhotoLibrary:
    """Copies photos of one round into ``<gpkg stem>_photos/<round>/`` next to the GeoPackage.

    Files go into a staging folder first; a photo the round's folder already holds with the same
    bytes (a rerun of the chain) is kept where it is, not copied again (:func:`hash_if_same`).
    :meth:`swap_in` (the last step before the GeoPackage is replaced) puts the library in the state
    the new GeoPackage describes, by renames only, each recorded; :meth:`commit` (after the
    GeoPackage was replaced) deletes the replaced files; :meth:`discard` (on any failure or cancel)
    undoes the renames in reverse and removes the staged files. So the library always matches the
    GeoPackage that is in place.

    The renames are the fewer of two plans (a city's round holds tens of thousands of photos, and
    each rename or delete of one costs about 0.1 ms): when few photos changed, the changed and
    obsolete ones are moved aside into ``previous`` and the staged ones into the round's folder; when
    most did, the kept ones are moved into the staging folder and the two folders swapped.
    """

    def __init__(self, gpkg_path: str, round_no: int):
        self.root = photo_root(gpkg_path)
        self.gpkg_dir, self.root_name = os.path.split(self.root)
        self.round_no = int(round_no)
        self.final = os.path.join(self.root, str(self.round_no))
        tag = uuid.uuid4().hex[:8]
        self.staging = os.path.join(self.root, ".staging-{}-{}".format(self.round_no, tag))
        self.previous = os.path.join(self.root, ".previous-{}-{}".format(self.round_no, tag))
        try:
            with os.scandir(self.final) as entries:
                self.existing = {entry.name for entry in entries if not entry.is_dir(follow_symlinks=False)}
        except OSError:  # no such round yet
            self.existing = set()
        self.kept: set = set()    # names left in place (same bytes); filled from the copying threads
        self.staged: set = set()  # names copied into the staging folder
        self.moves: List[Tuple[str, str]] = []  # the renames done by swap_in, in order
        self._root_made = False
        self._made = False
        self._swapped = False

    def add(self, source: str, name: str) -> Tuple[str, str]:
        """Copy ``source`` as ``name`` (reading it once, hashing as it goes), or keep the round's
        file of that name when its bytes are the same.

        Returns its path relative to the GeoPackage folder (forward slashes) and its sha256.
        """
        if not self._made:
            self._root_made = not os.path.isdir(self.root)
            os.makedirs(self.staging)
            self._made = True
        digest = None
        if name in self.existing:
            digest = hash_if_same(source, os.path.join(self.final, name))
            if digest is not None:
                self.kept.add(name)
        if digest is None:
            digest = copy_and_hash(source, os.path.join(self.staging, name))
            self.staged.add(name)
        return "{}/{}/{}".format(self.root_name, self.round_no, name), digest

    def _plan(self) -> List[Tuple[str, str]]:
        """The renames that put the library in place (see the class)."""
        final, staging, previous = self.final, self.staging, self.previous
        if not os.path.isdir(final):
            return [(staging, final)] if self._made else []
        if not self._made:
            return [(final, previous)]
        replaced = sorted(self.existing - self.kept)  # changed (staged again) and obsolete
        in_place = [(os.path.join(final, n), os.path.join(previous, n)) for n in replaced]
        in_place += [(os.path.join(staging, n), os.path.join(final, n)) for n in sorted(self.staged)]
        if len(in_place) <= len(self.kept):
            return in_place
        return ([(os.path.join(final, n), os.path.join(staging, n)) for n in sorted(self.kept)]
                + [(final, previous), (staging, final)])

    def swap_in(self) -> None:
        """Put the staged photos in place of the round's previous ones (kept aside until commit);
        a rename that fails undoes those before it."""
        plan = self._plan()
        try:
            if any(dst.startswith(self.previous + os.sep) for _src, dst in plan):
                os.makedirs(self.previous)
                self.moves.append(("", self.previous))  # undone by removing the (empty) folder
            for src, dst in plan:
                os.replace(src, dst)
                self.moves.append((src, dst))
        except OSError:
            self._undo()
            raise
        self._swapped = True

    def _undo(self) -> None:
        while self.moves:
            src, dst = self.moves.pop()
            if src:
                os.replace(dst, src)
            else:
                os.rmdir(dst)

    def commit(self) -> None:
        shutil.rmtree(self.previous, ignore_errors=True)
        if self._made:  # the in-place plan leaves the staging folder empty
            shutil.rmtree(self.staging, ignore_errors=True)
        self.moves = []

    def discard(self) -> None:
        self._undo()
        shutil.rmtree(self.staging, ignore_errors=True)
        if self._root_made:
            try:
                os.rmdir(self.root)  # only when empty (first run failed)
            except OSError:
                pass
