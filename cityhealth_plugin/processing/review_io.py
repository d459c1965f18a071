"""QGIS plumbing of the match review: the review workbook as an UNMATCHED destination, and the
``library_decisions`` table of the library GeoPackage (read by ``joinreports``, written by the
review dialog).

Where the decisions live: in the GeoPackage of the alias table, next to ``library_aliases``
(``地址库.gpkg`` written by ``cityhealth:addresslibrary``). ``joinreports`` reads them from there when
its ``ALIASES`` layer is such a GeoPackage layer and the table exists; nothing else to set.
"""

from __future__ import annotations

import datetime
import os
from typing import Any, Dict, List, Optional, Sequence, Tuple

from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransformContext,
    QgsFeature,
    QgsFeatureRequest,
    QgsProcessingContext,
    QgsProviderRegistry,
    QgsVectorFileWriter,
    QgsVectorLayer,
    QgsWkbTypes,
)

from ..core.review import DECISION_FIELDS, LAYER_LIBRARY_DECISIONS, Decision, DecisionBook, decision_key
from ..core.review_workbook import SHEET_ROWS, write_review_workbook
from .io import existing_layers, gpkg_uri, make_fields, to_int, to_text


# --- the review workbook as a destination ------------------------------------------------------
def review_workbook_path(destination: Any) -> Optional[str]:
    """The file path when an UNMATCHED destination is an .xlsx file (``x.xlsx``, ``ogr:x.xlsx``,
    ``x.xlsx|layername=…``), else ``None`` (GeoPackage, memory layer, CSV …)."""
    text = str(destination or "").strip()
    if text.lower().startswith("ogr:"):
        text = text[4:]
    path = text.split("|")[0].strip().strip("'\"")
    return path if path.lower().endswith((".xlsx", ".xlsm")) else None


def review_workbook_sink(value: Any, destination: str, context, field_names: Sequence[str]
                         ) -> Optional["ReviewWorkbookSink"]:
    """The sink of the review workbook when the UNMATCHED ``destination`` is an .xlsx file, else ``None``.

    ``value`` is the parameter value as given (a ``QgsProcessingOutputLayerDefinition`` in the GUI):
    when it asks for the output to be opened, the workbook's rows sheet is loaded as a layer once the
    algorithm finished, where the review dialog recognises it as an unmatched table.
    """
    path = review_workbook_path(destination)
    if path is None:
        return None
    uri = "{}|layername={}".format(path, SHEET_ROWS)
    project = getattr(value, "destinationProject", None)
    loads = context.layersToLoadOnCompletion()
    # parameterAsOutputLayer registered the bare file (its first sheet): load the rows sheet instead
    details = loads.pop(destination, None)
    if details is None and project is not None:
        name = os.path.splitext(os.path.basename(path))[0]
        details = QgsProcessingContext.LayerDetails(name, project,
                                                    getattr(value, "destinationName", "") or name)
    if details is not None:
        loads[uri] = details
        context.setLayersToLoadOnCompletion(loads)
    sink = ReviewWorkbookSink(path, field_names)
    sink.layer_uri = uri
    return sink


def open_unmatched_sink(alg, parameters, name: str, context, fields):
    """The unmatched sink of ``alg``: the review workbook for an .xlsx destination, else Processing's
    own sink. Returns ``(sink, destination, review sink or None)``."""
    from qgis.core import QgsCoordinateReferenceSystem, QgsProcessingException, QgsWkbTypes

    review_sink = review_workbook_sink(parameters.get(name), alg.parameterAsOutputLayer(
        parameters, name, context), context, fields.names())
    if review_sink is not None:
        return review_sink, review_sink.path, review_sink
    sink, dest = alg.parameterAsSink(parameters, name, context, fields, QgsWkbTypes.NoGeometry,
                                     QgsCoordinateReferenceSystem())
    if sink is None:
        raise QgsProcessingException(alg.invalidSinkError(parameters, name))
    return sink, dest, None


class ReviewWorkbookSink:
    """Collects the unmatched features like a feature sink; :meth:`finish` writes the review workbook."""

    def __init__(self, path: str, field_names: Sequence[str]):
        self.path = path
        self.names = list(field_names)
        self.layer_uri = path
        self.rows: List[Dict[str, Any]] = []

    def addFeatures(self, features, flags=None) -> bool:  # noqa: N802 (mirrors QgsFeatureSink)
        for feature in features:
            self.rows.append({n: to_text(v) if isinstance(v, str) or v is None else v
                              for n, v in zip(self.names, feature.attributes())})
        return True

    def addFeature(self, feature, flags=None) -> bool:  # noqa: N802
        return self.addFeatures([feature])

    def lastError(self) -> str:  # noqa: N802
        return ""

    def finish(self, feedback=None) -> int:
        """Write the workbook (atomically); the number of rows written."""
        return write_review_workbook(self.path, self.rows, feedback)


# --- decisions ---------------------------------------------------------------------------------
def gpkg_of(layer: Optional[QgsVectorLayer]) -> Optional[str]:
    """The GeoPackage file a layer lives in, or ``None`` (memory layer, other formats)."""
    if layer is None or not layer.isValid() or layer.providerType() != "ogr":
        return None
    path = QgsProviderRegistry.instance().decodeUri("ogr", layer.source()).get("path") or ""
    return path if path.lower().endswith(".gpkg") and os.path.isfile(path) else None


def read_decisions(gpkg: Optional[str]) -> DecisionBook:
    """The decisions stored in ``gpkg`` (empty when the file has no ``library_decisions`` table)."""
    if not gpkg or LAYER_LIBRARY_DECISIONS not in existing_layers(gpkg):
        return DecisionBook()
    layer = QgsVectorLayer(gpkg_uri(gpkg, LAYER_LIBRARY_DECISIONS), LAYER_LIBRARY_DECISIONS, "ogr")
    if not layer.isValid():
        return DecisionBook()
    decisions = []
    request = QgsFeatureRequest().addOrderBy("fid")
    for feature in layer.getFeatures(request):
        decisions.append(Decision(to_text(feature["source_file"]), to_text(feature["source_sheet"]),
                                  to_int(feature["source_row"]) or 0, to_text(feature["raw_address"]),
                                  to_text(feature["building_id"]), to_text(feature["kind"]) or "accept",
                                  to_text(feature["decided_at"])))
    return DecisionBook(decisions)


def _create_table(gpkg: str) -> Tuple[bool, str]:
    options = QgsVectorFileWriter.SaveVectorOptions()
    options.driverName = "GPKG"
    options.layerName = LAYER_LIBRARY_DECISIONS
    options.actionOnExistingFile = QgsVectorFileWriter.CreateOrOverwriteLayer
    writer = QgsVectorFileWriter.create(gpkg, make_fields(DECISION_FIELDS.items()), QgsWkbTypes.NoGeometry,
                                        QgsCoordinateReferenceSystem(), QgsCoordinateTransformContext(),
                                        options)
    error = writer.errorMessage() if writer.hasError() else ""
    del writer
    return not error, error


def store_decision(gpkg: str, decision: Decision) -> Tuple[bool, str]:
    """Store ``decision`` in the ``library_decisions`` table of ``gpkg`` (created when missing),
    replacing an earlier decision for the same report. Returns (ok, error text)."""
    if LAYER_LIBRARY_DECISIONS not in existing_layers(gpkg):
        ok, error = _create_table(gpkg)
        if not ok:
            return False, error
    layer = QgsVectorLayer(gpkg_uri(gpkg, LAYER_LIBRARY_DECISIONS), LAYER_LIBRARY_DECISIONS, "ogr")
    if not layer.isValid():
        return False, gpkg
    provider = layer.dataProvider()
    old = [f.id() for f in layer.getFeatures()
           if decision_key(f["source_file"], f["source_sheet"], to_int(f["source_row"]),
                           to_text(f["raw_address"])) == decision.key]
    if old and not provider.deleteFeatures(old):
        return False, provider.lastError()
    feature = QgsFeature(layer.fields())
    record = decision.as_record()
    if not record["decided_at"]:
        record["decided_at"] = datetime.datetime.now().isoformat(timespec="seconds")
    for name, value in record.items():
        feature[name] = value
    ok, _features = provider.addFeatures([feature])
    return bool(ok), "" if ok else provider.lastError()
