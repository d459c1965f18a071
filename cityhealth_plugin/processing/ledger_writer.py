"""Writing the spatial ledger GeoPackage: rows of other rounds, photo library, styles.

The previous GeoPackage is never opened for writing. A run reads the rows of the *other* rounds
from it, writes every layer afresh into a temporary GeoPackage in the same folder (QGIS vector file
writer), saves the default styles there, and only then ``os.replace``s it over the old file. A
cancelled or failed run deletes the temporary file and leaves the old one byte-identical. The
generic parts (temporary file, replace, layer writer) live in :mod:`.io`.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import uuid
from typing import Dict, Iterable, List, Optional, Tuple

from qgis.core import QgsFeature, QgsFeatureRequest, QgsFields, QgsVectorLayer

from .io import (  # noqa: F401 (re-exported: the ledger's callers import them from here)
    GpkgBuilder,
    existing_layers,
    finalize_gpkg,
    gpkg_uri,
    make_fields,
    remove_quietly,
    sha256_file,
    temp_path_next_to,
)


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
