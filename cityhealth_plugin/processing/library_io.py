"""Reading a building library (footprints, ids, compounds, aliases) for the address algorithms.

- :func:`read_building_records`: one :class:`core.library.BuildingRecord` per building id and its
  repaired footprint (``cityhealth:addresslibrary`` and ``cityhealth:joinreports``).
- :func:`unit_count`: the number of units of a library attribute (``3``, ``3.0``, ``3单元``).
- :func:`load_library`: the address library of a join: records, footprints, compound ids and the
  alias table with the planners' review decisions beside it.

Algorithms never import each other: what two of them read alike lives here.
"""

from __future__ import annotations

from typing import Any, Dict, List, NamedTuple, Optional, Tuple

from qgis.core import QgsFeatureRequest, QgsGeometry, QgsProcessingException
from qgis.PyQt.QtCore import QCoreApplication

from ..core.address import parse_building
from ..core.feedback import Canceled, check
from ..core.library import AddressLibrary, BuildingRecord
from .geometry import SKIP_CHECKS, PolygonIndex, report
from .io import to_int, to_text
from .library_layers import alias_layers
from .review_io import read_decisions

#: The library field holding each building's compound id, read when the library has it.
COMPOUND_ID_FIELD = "compound_id"


def unit_count(value: Any) -> Optional[int]:
    """A units attribute as a number (:func:`.io.to_int`; text such as ``3单元`` by its digits);
    None when empty or not a number."""
    number = to_int(value)
    if number is not None:
        return number
    digits = parse_building(to_text(value))
    return int(digits) if digits and digits.isdigit() else None


def read_building_records(source, id_field: str, compound_field: str, building_field: str,
                          units_field: str = "", community_field: str = "", grid_field: str = "",
                          feedback=None, with_geometry: bool = True,
                          span: Tuple[float, float] = (0.0, 30.0)
                          ) -> Tuple[List[BuildingRecord], Dict[str, QgsGeometry]]:
    """One building record per id (and its footprint) from a feature source; cancellable.

    Ids go through :func:`..io.to_text` (a Real ``101.0`` is ``"101"``). Pieces that share an id
    (a footprint cut by map tiles) make one record whose footprint is the merged multipolygon;
    footprints are repaired (:mod:`..geometry`); merged pieces, repairs and footprints without
    geometry are logged. Ids without a usable footprint are not in the returned geometry map.
    """
    names = [f for f in (id_field, compound_field, building_field, units_field, community_field, grid_field)
             if f]
    request = QgsFeatureRequest().setSubsetOfAttributes(names, source.fields())
    if not with_geometry:
        request.setFlags(QgsFeatureRequest.NoGeometry)
    records: Dict[str, BuildingRecord] = {}
    polys = PolygonIndex(source.sourceName() or "楼栋")
    total = max(source.featureCount(), 0)
    fields = source.fields()
    idx = {name: fields.lookupField(name) for name in names}
    for n, feature in enumerate(source.getFeatures(request, SKIP_CHECKS)):
        if n % 1000 == 0:
            check(feedback, n, total, span[0], span[1])
        attrs = feature.attributes()
        bid = to_text(attrs[idx[id_field]]) or "fid:{}".format(feature.id())
        if bid not in records:
            records[bid] = BuildingRecord(
                bid, to_text(attrs[idx[compound_field]]), to_text(attrs[idx[building_field]]),
                unit_count(attrs[idx[units_field]]) if units_field else None,
                to_text(attrs[idx[community_field]]) if community_field else "",
                to_text(attrs[idx[grid_field]]) if grid_field else "")
        if with_geometry:
            polys.add(bid, feature.geometry() if feature.hasGeometry() else None)
    geoms: Dict[str, QgsGeometry] = {}
    if with_geometry:
        polys.finish()
        if feedback is not None:
            report(polys, feedback)
        geoms = {bid: g for bid, g in polys.geoms.items() if g is not None}
    return list(records.values()), geoms



class JoinLibrary(NamedTuple):
    """What a join reads from the library: the address library, footprints by building id, the
    library CRS, the compound id of each building and the planners' review decisions."""

    library: AddressLibrary
    geoms: Dict[str, QgsGeometry]
    crs: Any
    compound_ids: Dict[str, str]
    decisions: Any


translate = QCoreApplication.translate  # pylupdate5 finds translate("context", "text")


def load_library(alg, parameters, context, feedback, library_param: str, aliases_param: str) -> JoinLibrary:
    """The library of ``alg`` (a join): its library field parameters, the alias table (given, or the
    ``library_aliases`` beside a ``library_buildings`` layer) and the decisions stored with it."""
    source = alg.parameterAsSource(parameters, library_param, context)
    if source is None:
        raise QgsProcessingException(alg.invalidSourceError(parameters, library_param))
    id_field, compound_field, building_field, units_field, community_field, grid_field = \
        alg.libraryFields(parameters, context, source,
                          translate("JoinReportsAlgorithm", "Building library"))
    if not (id_field and compound_field and building_field):
        raise QgsProcessingException(translate("JoinReportsAlgorithm",
                                               "Choose the id, compound and building fields of the library."))
    records, geoms = read_building_records(
        source, id_field, compound_field, building_field, units_field, community_field, grid_field,
        feedback, span=(0.0, 8.0))
    if not records:
        raise QgsProcessingException(translate("JoinReportsAlgorithm",
                                               "The building library has no features."))
    compound_ids: Dict[str, str] = {}
    if COMPOUND_ID_FIELD in source.fields().names() and COMPOUND_ID_FIELD != id_field:
        request = QgsFeatureRequest().setFlags(QgsFeatureRequest.NoGeometry)
        request.setSubsetOfAttributes([id_field, COMPOUND_ID_FIELD], source.fields())
        for n, feature in enumerate(source.getFeatures(request)):
            if n % 1000 == 0 and feedback.isCanceled():
                raise Canceled()
            bid, cid = to_text(feature[id_field]), to_text(feature[COMPOUND_ID_FIELD])
            if bid and cid:
                compound_ids[bid] = cid
    feedback.setProgress(10)
    alias_rows = []
    # without ALIASES, a library_buildings layer of 地址库.gpkg brings its own library_aliases;
    # planners' decisions from the review dialog live next to the aliases (library_decisions)
    aliases, alias_gpkg = alias_layers(alg, parameters, library_param, aliases_param, context)
    decisions = read_decisions(alias_gpkg)
    if aliases is not None:
        names = aliases.fields().names()
        if "alias" not in names or "compound" not in names:
            raise QgsProcessingException(translate(
                "JoinReportsAlgorithm",
                "The alias table needs the fields alias, compound and kind; it has: {}").format(
                    ", ".join(names)))
        for feature in aliases.getFeatures():
            alias_rows.append({"alias": to_text(feature["alias"]), "compound": to_text(feature["compound"]),
                               "kind": to_text(feature["kind"]) if "kind" in names else "manual"})
    library = AddressLibrary(records, (), alias_rows)
    feedback.pushInfo(translate("JoinReportsAlgorithm", "Library: {} buildings in {} compounds, {} spellings."
                                ).format(len(records), len(library.by_compound), len(library.index.keys)))
    return JoinLibrary(library, geoms, source.sourceCrs(), compound_ids, decisions)
