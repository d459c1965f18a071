"""The layers of an address library GeoPackage (``地址库.gpkg`` of ``cityhealth:addresslibrary``) found
from one of them, so that a planner who names ``…/地址库.gpkg|layername=library_buildings`` as the
library does not also have to name its alias table."""

from __future__ import annotations

import os
from typing import Optional

from qgis.core import QgsVectorLayer

from ..core.library import LAYER_LIBRARY_ALIASES
from .io import existing_layers, gpkg_uri


def sibling_layer(uri: str, layer_name: str = LAYER_LIBRARY_ALIASES) -> Optional[QgsVectorLayer]:
    """Layer ``layer_name`` of the GeoPackage that the layer source ``uri`` lies in, or None (another
    format, no such layer, or ``uri`` is that layer itself)."""
    path = (uri or "").split("|")[0].strip()
    if not path.lower().endswith(".gpkg") or not os.path.isfile(path):
        return None
    if "layername={}".format(layer_name) in uri or layer_name not in existing_layers(path):
        return None
    layer = QgsVectorLayer(gpkg_uri(path, layer_name), layer_name, "ogr")
    return layer if layer.isValid() else None


def alias_layers(alg, parameters, library_param: str, aliases_param: str, context):
    """The alias table an address algorithm uses and the GeoPackage it lies in: ``(source, gpkg)``.

    The ``aliases_param`` layer when given; else the ``library_aliases`` of the library's own
    GeoPackage (a planner who names ``地址库.gpkg|layername=library_buildings`` need not name it);
    ``(None, None)`` when there is none. The GeoPackage is where the review decisions are kept.
    """
    from qgis.core import QgsProcessingException

    from .review_io import gpkg_of

    if parameters.get(aliases_param) not in (None, ""):
        source = alg.parameterAsSource(parameters, aliases_param, context)
        if source is None:
            raise QgsProcessingException(alg.invalidSourceError(parameters, aliases_param))
        return source, gpkg_of(alg.parameterAsVectorLayer(parameters, aliases_param, context))
    own = sibling_layer(alg.parameterAsString(parameters, library_param, context))
    if own is None:
        return None, None
    return own, gpkg_of(own)
