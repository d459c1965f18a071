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
