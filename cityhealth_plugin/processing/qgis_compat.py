"""Small shims so the plugin runs on QGIS 3.22 LTR and on QGIS 3.38+ / QGIS 4 without deprecation warnings.

* :func:`make_field`: ``QgsField(name, QVariant.X)`` is deprecated from QGIS 3.38 ("QgsField
  constructor is deprecated") and gone in QGIS 4 (Qt 6): newer QGIS takes ``QMetaType.Type``.
* :func:`set_tab_container`: ``QgsAttributeEditorContainer.setIsGroupBox`` is deprecated from
  QGIS 3.32 in favour of ``setType(Qgis.AttributeEditorContainerType.…)``.
"""

from __future__ import annotations

from qgis.core import Qgis, QgsAttributeEditorContainer, QgsField

#: QGIS from which QgsField takes QMetaType.Type (QVariant.Type deprecated).
METATYPE_FIELDS_FROM = 33800


def _types():
    if Qgis.QGIS_VERSION_INT >= METATYPE_FIELDS_FROM:
        from qgis.PyQt.QtCore import QMetaType

        return {str: QMetaType.Type.QString, int: QMetaType.Type.Int, float: QMetaType.Type.Double,
                "int64": QMetaType.Type.LongLong}
    from qgis.PyQt.QtCore import QVariant

    return {str: QVariant.String, int: QVariant.Int, float: QVariant.Double, "int64": QVariant.LongLong}


_TYPES = _types()


def field_type(python_type) -> object:
    """The QGIS field type of ``python_type`` (str, int, float, or "int64" for 64-bit integers)."""
    try:
        return _TYPES[python_type]
    except KeyError:
        raise ValueError("no QGIS field type for {!r}".format(python_type)) from None


def make_field(name: str, python_type: type) -> QgsField:
    """``QgsField(name, <type>)`` for str / int / float (or "int64"), without deprecated constructors."""
    return QgsField(name, field_type(python_type))


def set_tab_container(container: QgsAttributeEditorContainer) -> None:
    """Make ``container`` a tab (not a group box) of a tab-layout form."""
    kinds = getattr(Qgis, "AttributeEditorContainerType", None)
    if kinds is not None and hasattr(container, "setType"):
        container.setType(kinds.Tab)
    else:
        container.setIsGroupBox(False)
