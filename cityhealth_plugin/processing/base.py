"""Base class and helpers shared by every CityHealth Processing algorithm."""

from __future__ import annotations

import os
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


class CityHealthAlgorithm(QgsProcessingAlgorithm):
    """Common behaviour: per-class translation context, instance creation, groups, icon.

    Subclasses set ``ALG_ID`` (stable lowercase id) and ``GROUP`` (a key of :data:`GROUPS`),
    and implement ``displayName``, ``shortHelpString``, ``initAlgorithm`` and ``processAlgorithm``.
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
