"""The closed-loop algorithms' access to the ledger GeoPackage, through QGIS data providers.

Reading: the ``problems`` of the ledger (with their first photo) and the ``problem_history``.
Writing: :func:`modify_ledger` copies the ledger to the temporary path of :func:`io.atomic_gpkg`,
the caller edits the copy through QGIS providers (:func:`append_rows`, :func:`update_status`,
:func:`replace_rows`), and the copy replaces the ledger only when everything succeeded. Every
table is created with ``QgsVectorFileWriter`` so it is registered in the GeoPackage (and the same
calls work on other providers later).

A ledger in a PostGIS database (:mod:`.store`: the ledger parameter is a ``postgresql://`` URI,
``PG:`` conninfo or ``pg:<saved connection>``) is read through the postgres provider, and
:func:`modify_ledger` yields a :class:`.store.Session` instead of a copy: every change of the run is
made in one transaction (bulk ``INSERT``, one ``UPDATE`` per chunk of statuses) committed at the end.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
from typing import Dict, Iterable, Iterator, List, Optional, Sequence, Tuple

from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransformContext,
    QgsFeature,
    QgsFeatureRequest,
    QgsProcessingException,
    QgsVectorFileWriter,
    QgsVectorLayer,
    QgsWkbTypes,
)
from qgis.PyQt.QtCore import QCoreApplication

from ..core import schema
from ..core.closedloop.history import HistoryRow, Problem
from ..core.feedback import check
from . import store
from .base import planner_error
from .io import atomic_gpkg, existing_layers, make_fields, to_int, to_text
from .qgis_compat import make_field

HISTORY_TABLE = schema.LAYER_PROBLEM_HISTORY


def _error(message: str, *args) -> QgsProcessingException:
    return QgsProcessingException(message.format(*args))


def _tables(path) -> List[str]:
    if isinstance(path, store.Session):
        return store.tables(path.target)
    return store.ledger_tables(path)


def open_table(path: str, name: str) -> QgsVectorLayer:
    layer = store.ledger_layer(path, name)
    if not layer.isValid():
        raise _error(QCoreApplication.translate(
            "ClosedLoopLedger", "The ledger {0} has no valid table «{1}»."), path, name)
    return layer


def check_ledger(path: str) -> None:
    """A clear error when ``path`` is not a ledger GeoPackage with a ``problems`` table."""
    if not store.is_database(path) and (not path or not os.path.isfile(path)):
        raise _error(QCoreApplication.translate(
            "ClosedLoopLedger", "The ledger GeoPackage {0} does not exist."), path)
    if schema.LAYER_PROBLEMS not in _tables(path):
        if not store.is_database(path):
            _refuse_if_locked(path)
        raise QgsProcessingException(QCoreApplication.translate(
            "ClosedLoopLedger", "{0} is not a ledger: it has no «problems» table (build it with "
            "cityhealth:buildledger).").format(path))


def _refuse_if_locked(path: str) -> None:
    """The planner's "open in another program or locked" error when another program holds ``path``
    (its tables cannot be listed then, which would otherwise read as "not a ledger")."""
    con = sqlite3.connect("file:{}?mode=ro".format(path), uri=True, timeout=0)
    try:
        con.execute("SELECT count(*) FROM sqlite_master").fetchall()
    except sqlite3.OperationalError as error:
        if "locked" in str(error).lower() or "busy" in str(error).lower():
            raise planner_error(error, path=path) from None
    except sqlite3.DatabaseError:
        pass  # not a database at all: "not a ledger" says it
    finally:
        con.close()


def _address(attr) -> str:
    compound, building, unit = attr("compound"), attr("building"), attr("unit")
    if compound or building:
        text = (compound + ("{}号楼".format(building) if building else "")
                + ("{}单元".format(unit) if unit else ""))
    else:
        text = attr("raw_address")
    room = attr("room")
    return text + (room + "室" if room and text else "")


#: the problems columns read_problems reads (the subset fetched)
_PROBLEM_COLUMNS = ("problem_uid", "round", "status", "report_date", "problem_code", "problem", "description",
                    "severity", "building_id", "compound_id", "block_id", "unit", "district", "district_code",
                    "street", "community_code", "compound", "building", "raw_address", "room")


def read_problems(path: str, rounds: Optional[Sequence[int]] = None, feedback=None) -> List[Problem]:
    """Problems of the ledger (of ``rounds`` when given) with the absolute path of their first photo."""
    folder = "" if store.is_database(path) else os.path.dirname(os.path.abspath(path))  # db: absolute
    photos: Dict[str, str] = {}
    if schema.LAYER_PHOTOS in _tables(path):
        layer = open_table(path, schema.LAYER_PHOTOS)
        for f in layer.getFeatures(QgsFeatureRequest().setFlags(QgsFeatureRequest.NoGeometry)):
            uid, rel = to_text(f["problem_uid"]), to_text(f["path"])
            if uid and rel and uid not in photos:
                photos[uid] = os.path.normpath(os.path.join(folder, rel))
        del layer
    layer = open_table(path, schema.LAYER_PROBLEMS)
    position = {name: i for i, name in enumerate(layer.fields().names())}
    request = QgsFeatureRequest().setFlags(QgsFeatureRequest.NoGeometry)
    # only the columns read below: a problem row has some sixty, each converted when fetched
    request.setSubsetOfAttributes([n for n in _PROBLEM_COLUMNS if n in position], layer.fields())
    if rounds:
        request.setFilterExpression('"round" IN ({})'.format(",".join(str(int(r)) for r in rounds)))
    out: List[Problem] = []
    total = layer.featureCount() or 1
    for n, f in enumerate(layer.getFeatures(request)):
        if n % 1000 == 0:
            check(feedback, n, total)
        attrs = f.attributes()

        def attr(name, attrs=attrs):
            i = position.get(name)
            return to_text(attrs[i]) if i is not None else ""
        uid = attr("problem_uid")
        if not uid:
            continue
        out.append(Problem(
            uid, to_int(attrs[position["round"]]) or 0, attr("status"), attr("report_date"),
            attr("problem_code"), attr("problem"), attr("description"), attr("severity"),
            attr("building_id"), attr("compound_id"), attr("block_id"), attr("unit"), attr("district"),
            attr("district_code"), attr("street"), attr("community_code"), _address(attr),
            photos.get(uid, "")))
    del layer
    return out


#: problem_history columns and their types (core HistoryRow field order).
HISTORY_SPEC: Tuple[Tuple[str, type], ...] = tuple(
    (name, int if name in ("round", "source_row") else str) for name in schema.PROBLEM_HISTORY_FIELDS)


def read_history(path: str) -> List[HistoryRow]:
    """The history rows in the order they were appended ([] when the ledger has none yet)."""
    if HISTORY_TABLE not in _tables(path):
        return []
    layer = open_table(path, HISTORY_TABLE)
    request = QgsFeatureRequest().setFlags(QgsFeatureRequest.NoGeometry)
    rows = []
    feats = sorted(layer.getFeatures(request), key=lambda f: f.id())
    names = layer.fields().names()
    # each column's position, once: a row's attributes are converted once, not once per column
    slots = [(name, names.index(name) if name in names else None, to_int if typ is int else to_text)
             for name, typ in HISTORY_SPEC]
    for f in feats:
        attrs = f.attributes()
        values = {name: convert(attrs[i] if i is not None else None) for name, i, convert in slots}
        values["round"] = values["round"] or 0
        rows.append(HistoryRow(**values))
    del layer
    return rows


@contextlib.contextmanager
def modify_ledger(path: str, feedback=None) -> Iterator[str]:
    """``with modify_ledger(ledger) as copy:`` edit ``copy``; it replaces the ledger on success.
    A database ledger: ``copy`` is a :class:`.store.Session`, committed on success."""
    if store.is_database(path):
        with store.Session(store.parse(path), feedback) as session:
            yield session
        return
    with atomic_gpkg(path, feedback) as (tmp, _commit):
        shutil.copy2(path, tmp)
        yield tmp


def ensure_table(path: str, name: str, spec: Sequence[Tuple[str, type]]) -> None:
    """Create the attribute table ``name`` in the GeoPackage ``path`` (or the session's database)
    unless it exists."""
    if isinstance(path, store.Session):
        path.ensure_table(name, make_fields(spec), QgsWkbTypes.NoGeometry)
        return
    if name in existing_layers(path):
        return
    options = QgsVectorFileWriter.SaveVectorOptions()
    options.driverName = "GPKG"
    options.layerName = name
    options.fileEncoding = "UTF-8"
    options.actionOnExistingFile = QgsVectorFileWriter.CreateOrOverwriteLayer
    writer = QgsVectorFileWriter.create(path, make_fields(spec), QgsWkbTypes.NoGeometry,
                                        QgsCoordinateReferenceSystem(), QgsCoordinateTransformContext(),
                                        options)
    if writer.hasError() != QgsVectorFileWriter.NoError:
        raise QgsProcessingException(writer.errorMessage())
    del writer


def append_rows(path: str, name: str, spec: Sequence[Tuple[str, type]], rows: Iterable[Sequence]) -> int:
    """Append ``rows`` (values in ``spec`` order) to table ``name`` (created when missing)."""
    ensure_table(path, name, spec)
    if isinstance(path, store.Session):
        fields = make_fields(spec)

        def features():
            for values in rows:
                feat = QgsFeature(fields)
                feat.setAttributes([None if v == "" else v for v in values])
                yield feat
        return path.insert(name, fields, features())
    layer = open_table(path, name)
    fields = layer.fields()
    positions = [fields.indexOf(n) for n, _t in spec]
    feats = []
    for values in rows:
        feat = QgsFeature(fields)
        attrs = [None] * fields.count()
        for pos, v in zip(positions, values):
            attrs[pos] = None if v == "" else v
        feat.setAttributes(attrs)
        feats.append(feat)
    if feats and not layer.dataProvider().addFeatures(feats):
        raise QgsProcessingException(QCoreApplication.translate(
            "ClosedLoopLedger", "Could not add rows to {0}: {1}").format(
            name, "; ".join(layer.dataProvider().errors())))
    del layer
    return len(feats)


def delete_rows(path: str, name: str, expression: str) -> int:
    """Delete the rows of table ``name`` matching ``expression``; the number deleted. In a database
    ``expression`` is used as the SQL condition (``"col" = 2024 AND …`` reads the same in both)."""
    if isinstance(path, store.Session):
        if name not in _tables(path):
            return 0
        found = store.query(path.target, "SELECT count(*) FROM {} WHERE {}".format(
            store.table_ident(path.target, name), expression))
        path.delete(name, expression)
        return int(found[0][0])
    if name not in existing_layers(path):
        return 0
    layer = open_table(path, name)
    request = QgsFeatureRequest().setFilterExpression(expression).setFlags(QgsFeatureRequest.NoGeometry)
    request.setNoAttributes()
    ids = [f.id() for f in layer.getFeatures(request)]
    if ids and not layer.dataProvider().deleteFeatures(ids):
        raise _error(QCoreApplication.translate("ClosedLoopLedger", "Could not delete rows of {0}."), name)
    del layer
    return len(ids)


def update_status(path: str, statuses: Dict[str, str]) -> int:
    """Set ``problems.status`` of each problem uid in ``statuses``; the number of problems changed."""
    if not statuses:
        return 0
    if isinstance(path, store.Session):
        return path.update_values(schema.LAYER_PROBLEMS, "problem_uid", "status", statuses)
    layer = open_table(path, schema.LAYER_PROBLEMS)
    if layer.fields().indexOf("status") < 0:
        # a ledger of an older plugin version without the status column: upgrade it in place
        # (inside modify_ledger's copy), or the statuses would silently go nowhere
        if not layer.dataProvider().addAttributes([make_field("status", str)]):
            raise QgsProcessingException(QCoreApplication.translate(
                "ClosedLoopLedger", "Could not update the status of the problems: {0}").format(
                "; ".join(layer.dataProvider().errors())))
        layer.updateFields()
    fields = layer.fields()
    uid_i, status_i = fields.indexOf("problem_uid"), fields.indexOf("status")
    request = QgsFeatureRequest().setFlags(QgsFeatureRequest.NoGeometry).setSubsetOfAttributes([uid_i])
    changes = {}
    for f in layer.getFeatures(request):
        uid = to_text(f.attributes()[uid_i])
        if uid in statuses:
            changes[f.id()] = {status_i: statuses[uid]}
    if changes and not layer.dataProvider().changeAttributeValues(changes):
        raise QgsProcessingException(QCoreApplication.translate(
            "ClosedLoopLedger", "Could not update the status of the problems: {0}").format(
            "; ".join(layer.dataProvider().errors())))
    del layer
    return len(changes)


def history_values(row: HistoryRow) -> List:
    return [getattr(row, name) for name, _t in HISTORY_SPEC]


def read_table(path: str, name: str, expression: str = "") -> List[Dict[str, object]]:
    """Rows of table ``name`` as dicts of plain values ([] when the table does not exist)."""
    if name not in _tables(path):
        return []
    layer = open_table(path, name)
    request = QgsFeatureRequest().setFlags(QgsFeatureRequest.NoGeometry)
    if expression:
        request.setFilterExpression(expression)
    names = layer.fields().names()
    rows = [{n: (to_text(v) if not isinstance(v, (int, float)) else v) for n, v in zip(names, f.attributes())}
            for f in layer.getFeatures(request)]
    del layer
    return rows
