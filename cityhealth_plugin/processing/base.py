"""Base class and helpers shared by every CityHealth Processing algorithm.

Errors: every algorithm's ``processAlgorithm`` turns what goes wrong into a message a planner can
act on, never a traceback::

    try:
        return self._run(parameters, context, feedback)
    except (CityHealthError, OSError, RuntimeError, sqlite3.Error) as error:
        raise planner_error(error, path=out_path) from error

:func:`planner_error` says what happened and what to do: the file is open in another program or
locked, the disk is full, a file (a photo) vanished while the algorithm ran, permission denied, a
read-only folder, a folder that does not exist; a core :class:`CityHealthError` keeps its own
translated message. ``path`` names the file the algorithm was writing (an ``OSError`` that names
its own file wins).
"""

from __future__ import annotations

import errno
import os
import sqlite3
from typing import Optional, Tuple

from qgis.core import QgsProcessingAlgorithm, QgsProcessingException, QgsProcessingParameterField
from qgis.PyQt.QtCore import QCoreApplication
from qgis.PyQt.QtGui import QIcon

from ..core.messages import CityHealthError, Message

ICON_PATH = os.path.join(os.path.dirname(os.path.dirname(__file__)), "icons", "icon.svg")


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # noqa: N802 (pylupdate5 marker)
    return text


#: Stable group ids (never translated) → English display names (translated in context "Groups").
GROUPS = {
    "data": QT_TRANSLATE_NOOP("Groups", "Demo and data"),
    "address": QT_TRANSLATE_NOOP("Groups", "Address library and reports"),
    "ledger": QT_TRANSLATE_NOOP("Groups", "Spatial ledger"),
    "assessment": QT_TRANSLATE_NOOP("Groups", "Assessment"),
    "analysis": QT_TRANSLATE_NOOP("Groups", "Spatial analysis"),
    "loop": QT_TRANSLATE_NOOP("Groups", "Closed loop"),
    "planning": QT_TRANSLATE_NOOP("Groups", "Renewal planning"),
    "maps": QT_TRANSLATE_NOOP("Groups", "Maps and atlases"),
}


#: Labels of the library field parameters (see CityHealthAlgorithm.addLibraryFieldParameters).
LIBRARY_FIELD_LABELS = {
    "ID_FIELD": QT_TRANSLATE_NOOP("LibraryFields", "Building id field"),
    "COMPOUND_FIELD": QT_TRANSLATE_NOOP("LibraryFields", "Compound name field"),
    "BUILDING_FIELD": QT_TRANSLATE_NOOP("LibraryFields", "Building number field"),
    "UNITS_FIELD": QT_TRANSLATE_NOOP("LibraryFields", "Number of units field"),
    "COMMUNITY_FIELD": QT_TRANSLATE_NOOP("LibraryFields", "Community field"),
    "GRID_FIELD": QT_TRANSLATE_NOOP("LibraryFields", "Grid field"),
}


def require_field(source, name: str, label: str) -> str:
    """``name`` when ``source`` has that field (or ``name`` is empty), else a clear QgsProcessingException."""
    if name and source.fields().lookupField(name) < 0:
        message = QCoreApplication.translate(
            "AddressLibraryAlgorithm", "{layer}: there is no field «{field}». Fields: {fields}")
        raise QgsProcessingException(message.format(layer=label, field=name,
                                                    fields=", ".join(source.fields().names())))
    return name


def translate_message(message: Message) -> str:
    """Translate a core :class:`Message` for the user."""
    return message.format(QCoreApplication.translate)


def processing_error(error: Exception) -> QgsProcessingException:
    """Turn a core error into a ``QgsProcessingException`` with a translated message."""
    if isinstance(error, CityHealthError):
        return QgsProcessingException(translate_message(error.message))
    return QgsProcessingException(str(error))


_C = "PlannerErrors"  # translation context of the messages below
#: What happened and what to do, per kind of failure (English source texts, translated in context
#: "PlannerErrors"). ``{path}`` is the file or folder, ``{error}`` the system's own words.
PLANNER_MESSAGES = {
    "locked": QT_TRANSLATE_NOOP(
        "PlannerErrors", "{path} is open in another program or locked ({error}). Close it there "
                         "(Excel, WPS, another QGIS) and run the algorithm again."),
    "disk_full": QT_TRANSLATE_NOOP(
        "PlannerErrors", "The disk is full: {path} could not be written ({error}). Free some space or "
                         "choose a folder on another disk, then run again."),
    "vanished": QT_TRANSLATE_NOOP(
        "PlannerErrors", "{path} does not exist (any more) ({error}): it was moved or deleted while the "
                         "algorithm ran, e.g. a photo. Put it back or correct the report, then run again."),
    "permission": QT_TRANSLATE_NOOP(
        "PlannerErrors", "Permission denied for {path} ({error}). If it is open in another program "
                         "(Excel, WPS), close it there; otherwise choose a file or folder you may write "
                         "to, or ask your administrator for access."),
    "read_only": QT_TRANSLATE_NOOP(
        "PlannerErrors", "{path} lies in a read-only folder or disk ({error}). Choose a folder you may "
                         "write to."),
    "not_folder": QT_TRANSLATE_NOOP(
        "PlannerErrors", "The folder of {path} does not exist or is a file ({error}). Choose an existing "
                         "folder."),
    "other": QT_TRANSLATE_NOOP(
        "PlannerErrors", "Could not read or write {path}: {error}. Check the file and its folder (open "
                         "elsewhere? enough space? allowed to write?) and run again."),
}
_ERRNO_KINDS = {
    errno.ENOSPC: "disk_full", errno.EDQUOT: "disk_full", errno.EFBIG: "disk_full",
    errno.EACCES: "permission", errno.EPERM: "permission", errno.EROFS: "read_only",
    errno.ENOENT: "vanished", errno.ENOTDIR: "not_folder", errno.EISDIR: "not_folder",
    errno.EBUSY: "locked", errno.ETXTBSY: "locked", errno.EAGAIN: "locked",
}
_WINDOWS_LOCKED = (32, 33)  # ERROR_SHARING_VIOLATION, ERROR_LOCK_VIOLATION
#: Words of SQLite / GDAL / QGIS error texts → kind (lower case, first match wins).
_TEXT_KINDS = (
    ("locked", "locked"), ("in use", "locked"), ("busy", "locked"),
    ("disk is full", "disk_full"), ("no space", "disk_full"), ("database or disk is full", "disk_full"),
    ("readonly", "read_only"), ("read-only", "read_only"), ("read only", "read_only"),
    ("permission denied", "permission"), ("access denied", "permission"),
    ("no such file", "vanished"), ("does not exist", "vanished"), ("not a directory", "not_folder"),
    ("unable to open", "not_folder"),
)


def planner_error_kind(error: BaseException) -> str:
    """The kind of ``error`` (a key of :data:`PLANNER_MESSAGES`)."""
    if isinstance(error, OSError):
        if getattr(error, "winerror", None) in _WINDOWS_LOCKED:
            return "locked"
        if error.errno in _ERRNO_KINDS:
            return _ERRNO_KINDS[error.errno]
    text = str(error).lower()
    for words, kind in _TEXT_KINDS:
        if words in text:
            return kind
    return "other"


def planner_error(error: BaseException, path: str = "") -> QgsProcessingException:
    """A translated ``QgsProcessingException`` that says what happened and what to do.

    ``error``: an ``OSError`` (its errno decides: disk full, permission, read-only, vanished, …), a
    ``RuntimeError`` or ``sqlite3.Error`` (their text decides: "database is locked", "disk is full",
    "readonly database", …), a core :class:`CityHealthError` (its own message) or a
    ``QgsProcessingException`` (returned as it is). ``path``: the file being read or written.
    """
    if isinstance(error, QgsProcessingException):
        return error
    if isinstance(error, CityHealthError):
        return processing_error(error)
    if isinstance(error, OSError):
        path = error.filename or path
        detail = error.strerror or str(error)
    else:
        detail = str(error) or type(error).__name__
    kind = planner_error_kind(error)
    message = QCoreApplication.translate(_C, PLANNER_MESSAGES[kind])
    return QgsProcessingException(message.format(path=path or "?", error=detail))


PLANNER_ERRORS = (CityHealthError, OSError, RuntimeError, sqlite3.Error)
"""The exceptions :func:`planner_error` turns into a planner's message (catch these)."""


class CityHealthAlgorithm(QgsProcessingAlgorithm):
    """Common behaviour: per-class translation context, instance creation, groups, icon.

    Subclasses set ``ALG_ID`` (stable lowercase id) and ``GROUP`` (a key of :data:`GROUPS`),
    and implement ``displayName``, ``shortHelpString``, ``initAlgorithm`` and either
    ``processAlgorithm`` or ``_run`` (same arguments), which the default ``processAlgorithm`` runs
    with a planner's error (disk full, file locked …) made into a message saying what to do.
    """

    ALG_ID = ""
    GROUP = "data"

    def tr(self, text: str) -> str:
        return QCoreApplication.translate(type(self).__name__, text)

    def createInstance(self):  # noqa: N802 (QGIS API name)
        return type(self)()

    def name(self) -> str:
        return self.ALG_ID

    def group(self) -> str:
        return QCoreApplication.translate("Groups", GROUPS[self.GROUP])

    def groupId(self) -> str:  # noqa: N802 (QGIS API name)
        return self.GROUP

    def icon(self) -> QIcon:
        return QIcon(ICON_PATH)

    def checkParameterValues(self, parameters, context):  # noqa: N802 (QGIS API name)
        """A ledger file parameter (``LEDGER``, a GeoPackage) also takes a PostGIS ledger
        (``postgresql://…``, ``PG:…``, ``pg:<saved connection>``: processing/store.py), which QGIS's
        own check of the ``.gpkg`` extension would refuse."""
        from qgis.core import QgsProcessingParameterFile

        from .store import is_database

        swapped = {name: "ledger.gpkg" for name, value in parameters.items()
                   if isinstance(value, str) and is_database(value)
                   and isinstance(self.parameterDefinition(name), QgsProcessingParameterFile)}
        return super().checkParameterValues(dict(parameters, **swapped) if swapped else parameters, context)

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802 (QGIS API name)
        try:
            return self._run(parameters, context, feedback)
        except PLANNER_ERRORS as error:
            raise planner_error(error) from error

    def _run(self, parameters, context, feedback):
        raise NotImplementedError("{} implements neither processAlgorithm nor _run".format(
            type(self).__name__))

    def requiredField(self, parameters, name: str, context, source, label: str) -> str:  # noqa: N802
        """The field named by string parameter ``name``, checked in ``source`` (:func:`require_field`)."""
        return require_field(source, self.parameterAsString(parameters, name, context) or "", label)

    def addLibraryFieldParameters(self, parent: str, areas: bool = True,  # noqa: N802
                                  units_default: Optional[str] = "units") -> None:
        """The fields of a building library that the address algorithms ask for, alike everywhere.

        ``ID_FIELD``, ``COMPOUND_FIELD``, ``BUILDING_FIELD``, ``UNITS_FIELD`` (default ``units_default``)
        and, with ``areas``, ``COMMUNITY_FIELD`` and ``GRID_FIELD``, all of layer parameter ``parent``.
        The defaults are the address library's own field names (``library_buildings`` of
        ``cityhealth:addresslibrary``: building_id, compound_name, building_no, units, community,
        grid), so a planner names none of them. Every one is optional to Processing (qgis_process
        3.22 refuses a missing mandatory field parameter even with a default); the id, compound and
        building fields are still required by :meth:`libraryFields`, and an area or units default
        that the layer does not have is left out there. The label shows the default (3.22's
        ``qgis_process help`` prints no default values).
        """
        kind = QgsProcessingParameterField
        fields = [("ID_FIELD", "building_id", kind.Any),
                  ("COMPOUND_FIELD", "compound_name", kind.String),
                  ("BUILDING_FIELD", "building_no", kind.Any),
                  ("UNITS_FIELD", units_default, kind.Numeric)]
        if areas:
            fields += [("COMMUNITY_FIELD", "community", kind.Any), ("GRID_FIELD", "grid", kind.Any)]
        for name, default, field_type in fields:
            label = QCoreApplication.translate("LibraryFields", LIBRARY_FIELD_LABELS[name])
            if default:
                label = QCoreApplication.translate("LibraryFields", "{label} (default: {field})").format(
                    label=label, field=default)
            self.addParameter(kind(name, label, default, parent, field_type, optional=True))

    def libraryFields(self, parameters, context, source, label: str) -> Tuple[str, ...]:  # noqa: N802
        """The library fields chosen by :meth:`addLibraryFieldParameters`, each checked in ``source``:
        ``(id, compound, building, units, community, grid)``, ``""`` for one not given or not asked.
        An optional field left at its default (units, community, grid) that ``source`` lacks is ``""``."""
        chosen = []
        for name in LIBRARY_FIELD_LABELS:
            definition = self.parameterDefinition(name)
            if definition is None:
                chosen.append("")
                continue
            field = self.parameterAsString(parameters, name, context)
            if (name in ("UNITS_FIELD", "COMMUNITY_FIELD", "GRID_FIELD") and field
                    and parameters.get(name) in (None, "") and source.fields().lookupField(field) < 0):
                field = ""  # forms: a default the library does not have
            chosen.append(require_field(source, field, label))
        return tuple(chosen)
