"""QGIS plumbing shared by every algorithm: attribute conversion and atomic GeoPackage writing.

One place for each of these, so that every algorithm converts ids alike and writes alike:

- :func:`to_text` / :func:`to_int`: an attribute value (QVariant, NULL, int, float, str) as text or
  int. A Real id ``101.0`` is ``"101"`` everywhere, so a Real id field joins an integer or text one.
- :func:`atomic_gpkg`: write a GeoPackage into a temporary file next to the target and move it into
  place only when everything succeeded; a failure or a cancel leaves the old file byte-identical and
  no temporary file behind. Callbacks registered with ``commit.after(...)`` run once the file is in
  place (e.g. swapping in a photo library staged beside it).
- :class:`GpkgBuilder`: write layers one after the other into one new GeoPackage.
- :class:`SpanFeedback`: a step's own 0–100 % shown as one span of the algorithm's progress, so that
  progress runs 0 → 100 once over the whole algorithm.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import sqlite3
import tempfile
from typing import Any, Callable, Iterable, Iterator, List, Mapping, Optional, Sequence, Tuple, Union

from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransformContext,
    QgsFeature,
    QgsField,
    QgsFields,
    QgsVectorFileWriter,
    QgsVectorLayer,
    QgsWkbTypes,
)

from ..core.feedback import check
from ..core.values import to_float, to_int, to_text  # noqa: F401 (re-exported: io.to_text …)
from .qgis_compat import make_field

# --- attribute conversion ---------------------------------------------------------------------
# to_text / to_int / to_float: the one rule lives in core/values.py (pure, tested without QGIS).


# --- progress -----------------------------------------------------------------------------------
class SpanFeedback:
    """A step's progress (0–100 %) shown in ``[start, start + span]`` of the algorithm's ``feedback``;
    cancelling the algorithm cancels the step; messages pass through. Give it to a core loop or a
    helper that reports 0–100 itself (``check(feedback, done, total)``)."""

    def __init__(self, feedback, start: float, span: float):
        self._feedback = feedback
        self._start = start
        self._span = span

    def setProgress(self, percent: float) -> None:  # noqa: N802 (mirrors QgsFeedback)
        self._feedback.setProgress(self._start + self._span * min(max(percent, 0.0), 100.0) / 100.0)

    def isCanceled(self) -> bool:  # noqa: N802
        return self._feedback.isCanceled()

    def pushInfo(self, text: str) -> None:  # noqa: N802
        self._feedback.pushInfo(text)

    def pushWarning(self, text: str) -> None:  # noqa: N802
        self._feedback.pushWarning(text)


# --- GeoPackage files -------------------------------------------------------------------------
def make_fields(spec: Union[Mapping[str, type], Iterable[Tuple[str, type]]]) -> QgsFields:
    """QgsFields from ``[(name, python type)]`` or ``{name: python type}``."""
    fields = QgsFields()
    for name, typ in (spec.items() if isinstance(spec, Mapping) else spec):
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



def delete_where(path: str, table: str, condition: str, params: Sequence[Any] = ()) -> int:
    """``DELETE FROM table WHERE condition`` (``?`` placeholders bound to ``params``) in the
    GeoPackage ``path``, as one statement; returns the rows deleted (0 when ``table`` is missing).
    For files the plugin is building (a temporary copy), not a GeoPackage open for editing.

    The GeoPackage's own triggers keep the spatial index (R-tree) right; the feature count that
    GDAL keeps in ``gpkg_ogr_contents`` is set from the table (GDAL files of some versions keep it
    without triggers). Deleting feature by feature through the provider took 13 s for one round of
    the large demo city (100,000 problems and as many photos), this about 2.5 s.
    """
    quoted = '"{}"'.format(table.replace('"', '""'))
    con = sqlite3.connect(path, timeout=10)
    try:
        with con:
            if not con.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?",
                               (table,)).fetchone():
                return 0
            deleted = con.execute("DELETE FROM {} WHERE {}".format(quoted, condition), tuple(params)).rowcount
            has_counts = con.execute(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'gpkg_ogr_contents'").fetchone()
            if has_counts:
                con.execute("UPDATE gpkg_ogr_contents SET feature_count = (SELECT COUNT(*) FROM {}) "
                            "WHERE lower(table_name) = lower(?)".format(quoted), (table,))
    finally:
        con.close()
    return deleted


class Commit:
    """Callbacks that run after :func:`atomic_gpkg` moved the new file into place, and on failure."""

    def __init__(self) -> None:
        self._after: List[Callable[[], None]] = []
        self._undo: List[Callable[[], None]] = []

    def after(self, action: Callable[[], None]) -> None:
        """Run ``action`` once the new GeoPackage is in place."""
        self._after.append(action)

    def on_failure(self, action: Callable[[], None]) -> None:
        """Run ``action`` when the write fails or is cancelled (e.g. discard staged files)."""
        self._undo.append(action)


@contextlib.contextmanager
def atomic_gpkg(path: str, feedback=None) -> Iterator[Tuple[str, Commit]]:
    """``with atomic_gpkg(out) as (tmp, commit):`` write ``tmp``; it replaces ``out`` on success.

    ``tmp`` lies in the folder of ``path`` (same file system, so the replace is atomic) and does
    not exist yet. On leaving the block normally (and not cancelled) the file is checkpointed out
    of WAL mode and ``os.replace``d over ``path``; then the ``commit.after`` callbacks run. On an
    exception or a cancel the temporary file is removed, the ``commit.on_failure`` callbacks run
    and the previous ``path`` is left untouched.
    """
    tmp = temp_path_next_to(path)
    commit = Commit()
    try:
        yield tmp, commit
        if feedback is not None:
            check(feedback)
        finalize_gpkg(tmp)
        os.replace(tmp, path)
    except BaseException:
        remove_quietly(tmp)
        for action in commit._undo:
            try:
                action()
            except Exception:  # noqa: BLE001 (clean-up must not hide the original error)
                pass
        raise
    remove_quietly(tmp)
    for action in commit._after:
        action()


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

    def append(self, name: str, fields: QgsFields, wkb_type, features: Iterable[QgsFeature],
               replace: Optional[str] = None, feedback=None) -> Optional[int]:
        """Add ``features`` (made with ``fields``) to layer ``name`` that the file being built
        already holds (it was started from a copy of the previous file), after deleting its rows
        that match the SQL condition ``replace`` (the round being rebuilt, ``"round" = 2025``): the
        rows kept are never read, converted or written again. Returns the layer's feature count
        afterwards, or ``None`` (nothing done, ``features`` not consumed) when the layer is missing,
        has another geometry type, lacks a field of ``fields`` or has it with another kind of type:
        :meth:`write` it then."""
        layer = QgsVectorLayer(gpkg_uri(self.path, name), name, "ogr")
        if not layer.isValid() or layer.wkbType() != wkb_type or not _fits(layer.fields(), fields):
            return None
        has_round = layer.fields().indexOf("round") >= 0
        del layer
        if replace and has_round:
            delete_where(self.path, name, replace)
        options = QgsVectorFileWriter.SaveVectorOptions()
        options.driverName = "GPKG"
        options.layerName = name
        options.fileEncoding = "UTF-8"
        options.actionOnExistingFile = QgsVectorFileWriter.AppendToLayerNoNewFields  # by field name
        writer = None
        try:
            batch: List[QgsFeature] = []
            for feat in features:
                if writer is None:
                    writer = self._appender(fields, wkb_type, options)
                batch.append(feat)
                if len(batch) >= 2000:
                    _add(writer, batch)
                    batch = []
                    check(feedback)
            if batch:
                _add(writer, batch)
        finally:
            del writer
        if name not in self.written:
            self.written.append(name)
        return QgsVectorLayer(gpkg_uri(self.path, name), name, "ogr").featureCount()

    def _appender(self, fields: QgsFields, wkb_type, options) -> QgsVectorFileWriter:
        crs = self.crs if wkb_type != QgsWkbTypes.NoGeometry else QgsCoordinateReferenceSystem()
        writer = QgsVectorFileWriter.create(self.path, fields, wkb_type, crs, self.transform_context, options)
        if writer.hasError() != QgsVectorFileWriter.NoError:
            raise RuntimeError(writer.errorMessage())
        return writer


#: kinds of field types that store alike in a GeoPackage (a layer read back says Int or LongLong …)
_TYPE_KINDS = {"Int": "int", "LongLong": "int", "UInt": "int", "ULongLong": "int", "Double": "real",
               "String": "text", "Date": "date", "DateTime": "datetime", "Bool": "bool", "Time": "time"}


def _kind(field: QgsField) -> str:
    from qgis.PyQt.QtCore import QVariant

    for name, kind in _TYPE_KINDS.items():
        if field.type() == getattr(QVariant, name, None):
            return kind
    return str(field.type())


def _fits(existing: QgsFields, fields: QgsFields) -> bool:
    """Whether rows made with ``fields`` can be appended to a layer with ``existing`` fields as they
    are: every field there, with the same kind of type."""
    for field in fields:
        i = existing.indexOf(field.name())
        if i < 0 or _kind(existing.at(i)) != _kind(field):
            return False
    return True


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

