"""Where a feature sink really writes, so that text bound for a spreadsheet is protected.

The decision itself is :func:`cityhealth_plugin.core.sanitize.is_spreadsheet_destination` (pure, one
place); this module only gathers the spellings Processing may hand over for one sink: the
parameter value as the user wrote it (``ogr:dbname='…/x.xlsx' table="t"``, ``…/x.CSV``, a
``QgsProcessingOutputLayerDefinition``), the destination ``parameterAsSink`` returned, and the
source of the layer when that destination is a layer id.
"""

from __future__ import annotations

from typing import Any, List

from qgis.core import QgsProcessingOutputLayerDefinition, QgsProperty

from ..core.sanitize import is_spreadsheet_destination


def _spellings(value: Any, context) -> List[str]:
    if isinstance(value, QgsProcessingOutputLayerDefinition):
        value = value.sink
    if isinstance(value, QgsProperty):  # static value or expression, as Processing evaluates it
        result = value.valueAsString(context.expressionContext(), "")
        value = result[0] if isinstance(result, tuple) else result
    return [str(value)] if value not in (None, "") else []


def _layer_source(layer_id: str, context) -> str:
    """Source of the layer ``layer_id`` (what ``parameterAsSink`` returns for provider URIs), or ""."""
    stores = [context.temporaryLayerStore()]
    if context.project() is not None:
        stores.append(context.project())
    for store in stores:
        layer = store.mapLayer(layer_id)
        if layer is not None:
            return layer.source()
    return ""


def opens_in_spreadsheet(parameters, name: str, dest: Any, context) -> bool:
    """Whether the sink parameter ``name``, written to ``dest``, is a file spreadsheet programs open."""
    spellings = _spellings(parameters.get(name), context) + _spellings(dest, context)
    if isinstance(dest, str) and dest:
        spellings.append(_layer_source(dest, context))
    return any(is_spreadsheet_destination(s) for s in spellings)
