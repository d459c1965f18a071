"""Reading for cityhealth:assess: ledger layers and input layers as plain rows for core/indicators.

Both readers ask only for the fields the indicators need and check for a cancel every 1,000 rows.
"""

from __future__ import annotations

from typing import Any, Dict, List

from qgis.core import QgsFeatureRequest, QgsVectorLayer

from ..core.feedback import check
from .io import to_float, to_text


def ledger_rows(layer: QgsVectorLayer, round_no: int, wanted: List[str], geometry: bool, expression: str = "",
                feedback=None):
    """Rows of a ledger layer of one round (plain text values of the ``wanted`` fields, ``""`` for a
    field the layer lacks) with their geometry when ``geometry``."""
    request = QgsFeatureRequest()
    expr = '"round" = {}'.format(int(round_no))
    request.setFilterExpression(expr + (" AND " + expression if expression else ""))
    names = layer.fields().names()
    request.setSubsetOfAttributes([w for w in wanted if w in names], layer.fields())
    # no NoGeometry flag: on QGIS 3.22's OGR provider it makes reading a GeoPackage 4-6× slower
    idx = [(w, layer.fields().indexOf(w)) for w in wanted]
    for n, feat in enumerate(layer.getFeatures(request)):
        if n % 1000 == 0:
            check(feedback)
        attrs = feat.attributes()
        yield {w: (_fast_text(attrs[i]) if i >= 0 else "") for w, i in idx}, (
            feat.geometry() if geometry and feat.hasGeometry() else None)


def source_rows(source, key, wanted, geometry, feedback):
    """id → attributes (only the ``wanted`` fields), id → geometry of an input layer."""
    names = source.fields().names()
    fields = [f for f in names if f in wanted or f == key]
    request = QgsFeatureRequest().setSubsetOfAttributes(fields, source.fields())  # (see ledger_rows)
    idx = [(f, names.index(f)) for f in fields]
    key_idx = names.index(key) if key in names else -1
    attrs: Dict[str, Dict[str, Any]] = {}
    geoms = {}
    for n, feat in enumerate(source.getFeatures(request)):
        if n % 1000 == 0:
            check(feedback)
        values = feat.attributes()
        uid = (to_text(values[key_idx]) if key_idx >= 0 else "") or "#{}".format(feat.id())
        attrs[uid] = {f: _plain(values[i]) for f, i in idx}
        if geometry:
            geoms[uid] = feat.geometry() if feat.hasGeometry() else None
    return attrs, geoms


def _fast_text(value: Any) -> str:
    """:func:`to_text` with the common case (already text) first."""
    return value if type(value) is str else to_text(value)  # noqa: E721


def _plain(value: Any) -> Any:
    """An attribute as a plain Python value (NULL → None)."""
    if value is None or isinstance(value, (int, float, str)):
        return value
    text = to_text(value)
    number = to_float(text)
    return number if number is not None and text.replace(".", "", 1).lstrip("-").isdigit() else (text or None)

