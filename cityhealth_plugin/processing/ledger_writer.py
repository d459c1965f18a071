"""Writing the spatial ledger GeoPackage: atomic rebuild of one round, photo library, run log.

The previous GeoPackage is never opened for writing. A run reads the rows of the *other* rounds
from it, writes every layer afresh into a temporary GeoPackage in the same folder (QGIS vector file
writer), saves the default styles there, and only then ``os.replace``s it over the old file. A
cancelled or failed run deletes the temporary file and leaves the old one byte-identical.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import tempfile
import uuid
from typing import Dict, Iterable, List, Optional, Tuple

from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransformContext,
    QgsFeature,
    QgsFeatureRequest,
    QgsField,
    QgsFields,
    QgsVectorFileWriter,
    QgsVectorLayer,
    QgsWkbTypes,
)

from ..core.feedback import check
from .qgis_compat import make_field


def make_fields(spec: Iterable[Tuple[str, type]]) -> QgsFields:
    """QgsFields from ``[(name, python type)]``."""
    fields = QgsFields()
    for name, typ in spec:
        fields.append(make_field(name, typ))
    return fields


def gpkg_uri(path: str, layer: str) -> str:
    return "{}|layername={}".format(path, layer)


def existing_layers(path: str) -> List[str]:
    """Names of the vector layers inside an existing GeoPackage ([] when there is none)."""
    if not os.path.exists(path):
        return []
    con = sqlite3.connect("file:{}?mode=ro".format(path), uri=True)
    try:
        rows = con.execute("SELECT table_name FROM gpkg_contents").fetchall()
    except sqlite3.DatabaseError:
        return []
    finally:
        con.close()
    return [r[0] for r in rows]


def sha256_file(path: str) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def temp_path_next_to(path: str) -> str:
    """A fresh temporary ``.gpkg`` name in the folder of ``path`` (same file system: atomic replace)."""
    folder = os.path.dirname(os.path.abspath(path)) or "."
    fd, tmp = tempfile.mkstemp(prefix=".{}.".format(os.path.basename(path)), suffix=".tmp.gpkg",
                               dir=folder)
    os.close(fd)
    os.remove(tmp)
    return tmp


def remove_quietly(path: str) -> None:
    for p in (path, path + "-wal", path + "-shm", path + "-journal"):
        try:
            os.remove(p)
        except OSError:
            pass


def finalize_gpkg(path: str) -> None:
    """Fold the write-ahead log back into the file and switch it to rollback journaling.

    QGIS opens GeoPackages it edits in WAL mode (saving styles does); a WAL file cannot be read
    from a read-only folder and must not be left behind when the file is moved into place.
    """
    con = sqlite3.connect(path, timeout=10)
    try:
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        mode = con.execute("PRAGMA journal_mode=DELETE").fetchone()
    finally:
        con.close()
    if not mode or str(mode[0]).lower() != "delete" or os.path.exists(path + "-wal"):
        raise RuntimeError("GeoPackage {} is still in use; cannot finish writing it".format(path))


def forget_styles(path: str, layer_names: Iterable[str]) -> None:
    """Delete the saved styles of ``layer_names`` from a GeoPackage's ``layer_styles`` table.

    Saving a style whose name already exists makes QGIS 3.22 ask whether to overwrite it (a modal
    dialog: a hang in a headless run), so styles of the layers being rewritten are removed first.
    """
    names = list(layer_names)
    con = sqlite3.connect(path, timeout=10)
    try:
        has = con.execute("SELECT 1 FROM sqlite_master WHERE type='table' AND name='layer_styles'").fetchone()
        if has and names:
            con.execute("DELETE FROM layer_styles WHERE f_table_name IN ({})".format(
                ",".join("?" * len(names))), names)
            con.commit()
    finally:
        con.close()


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


class GpkgBuilder:
    """Writes layers one after the other into a new GeoPackage file."""

    def __init__(self, path: str, crs: QgsCoordinateReferenceSystem,
                 transform_context: Optional[QgsCoordinateTransformContext] = None):
        self.path = path
        self.crs = crs
        self.transform_context = transform_context or QgsCoordinateTransformContext()
        self.written: List[str] = []

    def write(self, name: str, fields: QgsFields, wkb_type, features: Iterable[QgsFeature],
              old: Tuple[Optional[QgsFields], List[QgsFeature]] = (None, []), feedback=None,
              total: int = 0) -> int:
        """Create layer ``name`` with ``fields`` (plus any extra field of the old rows) and add
        the old rows of other rounds then ``features`` (features made with ``fields``).
        Returns the number of features written."""
        old_fields, old_feats = old
        all_fields = QgsFields(fields)
        if old_fields is not None:
            for f in old_fields:
                if f.name() != "fid" and all_fields.indexOf(f.name()) < 0:
                    all_fields.append(QgsField(f))
        options = QgsVectorFileWriter.SaveVectorOptions()
        options.driverName = "GPKG"
        options.layerName = name
        options.fileEncoding = "UTF-8"
        options.actionOnExistingFile = (QgsVectorFileWriter.CreateOrOverwriteLayer if self.written
                                        else QgsVectorFileWriter.CreateOrOverwriteFile)
        writer = QgsVectorFileWriter.create(self.path, all_fields, wkb_type,
                                            self.crs if wkb_type != QgsWkbTypes.NoGeometry
                                            else QgsCoordinateReferenceSystem(),
                                            self.transform_context, options)
        if writer.hasError() != QgsVectorFileWriter.NoError:
            raise RuntimeError(writer.errorMessage())
        n = 0
        try:
            batch: List[QgsFeature] = list(_remap(old_feats, all_fields))
            # ``features`` are made with ``fields``: remap them only when old rows added columns
            remap = all_fields.names() != fields.names()
            for feat in features:
                if remap:
                    feat = next(_remap([feat], all_fields))
                batch.append(feat)
                if len(batch) >= 2000:
                    _add(writer, batch)
                    n += len(batch)
                    batch = []
                    check(feedback)
            _add(writer, batch)
            n += len(batch)
        finally:
            del writer
        self.written.append(name)
        return n


def _add(writer, batch: List[QgsFeature]) -> None:
    if batch and not writer.addFeatures(batch):
        raise RuntimeError(writer.errorMessage() or "could not add features")


def _remap(features: Iterable[QgsFeature], fields: QgsFields):
    names = fields.names()
    for feat in features:
        out = QgsFeature(fields)
        if feat.hasGeometry():
            out.setGeometry(feat.geometry())
        src = feat.fields()
        attrs = [None] * len(names)
        for i, name in enumerate(names):
            j = src.indexOf(name)
            if j >= 0 and name != "fid":
                attrs[i] = feat.attribute(j)
        out.setAttributes(attrs)
        yield out


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


# --- photo library --------------------------------------------------------------------------
class PhotoLibrary:
    """Copies photos of one round into ``<gpkg stem>_photos/<round>/`` next to the GeoPackage.

    Files go into a staging folder first; :meth:`commit` swaps it in after the GeoPackage was
    replaced, :meth:`discard` removes it when the run fails or is cancelled.
    """

    def __init__(self, gpkg_path: str, round_no: int):
        self.gpkg_dir = os.path.dirname(os.path.abspath(gpkg_path))
        stem = os.path.splitext(os.path.basename(gpkg_path))[0]
        self.root_name = "{}_photos".format(stem)
        self.root = os.path.join(self.gpkg_dir, self.root_name)
        self.round_no = int(round_no)
        self.final = os.path.join(self.root, str(self.round_no))
        self.staging = os.path.join(self.root, ".staging-{}-{}".format(self.round_no, uuid.uuid4().hex[:8]))
        self._names: Dict[str, int] = {}
        self._made = False

    def add(self, source: str, stem_hint: str) -> Tuple[str, str]:
        """Copy ``source`` (reading it once, hashing as it goes).

        Returns its path relative to the GeoPackage folder (forward slashes) and its sha256.
        """
        if not self._made:
            os.makedirs(self.staging, exist_ok=True)
            self._made = True
        base = os.path.basename(source)
        name = "{}_{}".format(stem_hint, base)
        k = self._names.get(name, 0)
        self._names[name] = k + 1
        if k:
            root, ext = os.path.splitext(name)
            name = "{}_{}{}".format(root, k, ext)
        digest = copy_and_hash(source, os.path.join(self.staging, name))
        return "{}/{}/{}".format(self.root_name, self.round_no, name), digest

    def commit(self) -> None:
        old = None
        if os.path.isdir(self.final):
            old = self.final + ".old-" + uuid.uuid4().hex[:8]
            os.replace(self.final, old)
        if os.path.isdir(self.staging):
            os.replace(self.staging, self.final)
        if old:
            shutil.rmtree(old, ignore_errors=True)

    def discard(self) -> None:
        shutil.rmtree(self.staging, ignore_errors=True)
        try:
            os.rmdir(self.root)  # only when empty (first run cancelled)
        except OSError:
            pass
