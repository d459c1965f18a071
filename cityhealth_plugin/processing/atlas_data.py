"""Reading one round of the spatial ledger for the atlas: units, places, problems, photos, assessment.

QGIS plumbing of ``cityhealth:atlas`` (the rules — order, photos, masking — are in ``core/maps``).
"""

from __future__ import annotations

import os
from collections import defaultdict
from typing import Dict, List

from qgis.core import QgsExpression, QgsFeatureRequest, QgsProcessingException, QgsVectorLayer
from qgis.PyQt.QtCore import QCoreApplication

from ..core import schema
from ..core.feedback import check
from ..core.maps import atlas as plan
from . import store
from .io import to_int, to_text


def _tr(text: str) -> str:
    return QCoreApplication.translate("AtlasAlgorithm", text)


def round_uri(path: str, layer: str, round_no: int) -> str:
    """The URI of one round of a ledger table (GeoPackage or database, :mod:`.store`)."""
    return store.ledger_uri(path, layer, '"round" = {}'.format(int(round_no)))


class LedgerReader:
    """The layers of one ledger GeoPackage, opened with a round filter in the URI."""

    def layer(self, uri: str, what: str) -> QgsVectorLayer:
        layer = store.layer_from_uri(uri, what)
        if not layer.isValid():
            raise QgsProcessingException(_tr("Cannot open {what} ({uri}).").format(what=what, uri=uri))
        return layer

    def latest_round(self, path: str, layer_name: str) -> int:
        layer = self.layer(store.ledger_uri(path, layer_name), layer_name)
        index = layer.fields().indexOf("round")
        rounds = [to_int(v) for v in layer.uniqueValues(index)] if index >= 0 else []
        rounds = [r for r in rounds if r is not None]
        if not rounds:
            raise QgsProcessingException(_tr("The ledger has no rounds in {layer}.").format(layer=layer_name))
        return max(rounds)

    def places(self, problems_layer, id_field: str):
        """Per unit id: the most frequent district, street and community names of its problems."""
        names = defaultdict(lambda: ([], [], []))
        request = QgsFeatureRequest().setFlags(QgsFeatureRequest.NoGeometry)
        request.setSubsetOfAttributes([id_field, "district", "street", "community"], problems_layer.fields())
        for feat in problems_layer.getFeatures(request):
            lists = names[to_text(feat[id_field])]
            for i, field in enumerate(("district", "street", "community")):
                lists[i].append(to_text(feat[field]))
        return {uid: tuple(plan.majority(v) for v in lists) for uid, lists in names.items()}

    def names(self, ledger: str, level: str, round_no: int) -> Dict[str, str]:
        """Unit id → name in the ledger layer of ``level`` (buildings: "物华华府9号楼")."""
        layer = self.layer(round_uri(ledger, schema.ledger_layer(level), round_no), level)
        id_field = {"building": "building_id", "compound": "compound_id"}[level]
        request = QgsFeatureRequest().setFlags(QgsFeatureRequest.NoGeometry)
        request.setSubsetOfAttributes([id_field, "name"], layer.fields())
        return {to_text(f[id_field]): to_text(f["name"]) for f in layer.getFeatures(request)}

    def problems(
        self, problems_layer, photos_layer, id_field: str, names, feedback, folder: str = "", wanted=None
    ) -> Dict[str, List[plan.Problem]]:
        """Problems per unit id (only the units in ``wanted`` when given), each with its photos
        (paths relative to ``folder``, the ledger's folder; photos whose file is not there are left
        out and counted in ``self.missing_photos``)."""
        buildings, compounds = names
        photos = defaultdict(list)
        self.missing_photos = 0
        request = QgsFeatureRequest().setFlags(QgsFeatureRequest.NoGeometry)
        request.setSubsetOfAttributes(["problem_uid", "path"], photos_layer.fields())
        for feat in photos_layer.getFeatures(request):
            photos[to_text(feat["problem_uid"])].append(to_text(feat["path"]))
        result: Dict[str, List[plan.Problem]] = defaultdict(list)
        request = QgsFeatureRequest().setFlags(QgsFeatureRequest.NoGeometry)
        fields = [
            f
            for f in (
                "problem_uid",
                id_field,
                "compound",
                "building",
                "problem",
                "category_cn",
                "severity",
                "status",
                "description",
                "report_date",
                "building_id",
                "compound_id",
                "source",
            )
            if problems_layer.fields().indexOf(f) >= 0
        ]
        request.setSubsetOfAttributes(fields, problems_layer.fields())
        has_source = "source" in fields  # ledgers built before issue 14 have none
        if wanted is not None and len(wanted) <= 2000:  # let the provider skip the other units' rows
            request.setFilterExpression(
                "{} IN ({})".format(
                    QgsExpression.quotedColumnRef(id_field),
                    ", ".join(QgsExpression.quotedString(w) for w in sorted(wanted)) or "NULL",
                )
            )
        for n, feat in enumerate(problems_layer.getFeatures(request)):
            if n % 1000 == 0:
                check(feedback)
            unit = to_text(feat[id_field])
            if wanted is not None and unit not in wanted:
                continue
            uid = to_text(feat["problem_uid"])
            place = (
                buildings.get(to_text(feat["building_id"]))
                or compounds.get(to_text(feat["compound_id"]))
                or plan.problem_place(to_text(feat["compound"]), to_text(feat["building"]), "")
            )
            present = []
            for path in sorted(photos.get(uid, [])):
                if folder and not os.path.isfile(os.path.join(folder, path)):
                    self.missing_photos += 1
                else:
                    present.append(path)
            result[unit].append(
                plan.Problem(
                    uid,
                    to_text(feat["problem"]),
                    to_text(feat["category_cn"]),
                    to_text(feat["severity"]),
                    to_text(feat["status"]),
                    place,
                    to_text(feat["description"]),
                    to_text(feat["report_date"]),
                    present,
                    to_text(feat["source"]) if has_source else "",
                )
            )
        return result

    def assessment(self, path: str, level: str, id_field: str, round_no: int) -> Dict[str, Dict]:
        name = "assessment_{}".format(level)
        if not store.is_database(path):
            path = path.split("|")[0]  # the GeoPackage, also when given as one of its layers
        layer = self.layer(store.ledger_uri(path, name), name)
        if layer.fields().indexOf(id_field) < 0:
            raise QgsProcessingException(
                _tr("{layer} has no field «{field}».").format(layer=name, field=id_field)
            )
        has_round = layer.fields().indexOf("round") >= 0
        result = {}
        for feat in layer.getFeatures():
            if has_round and to_int(feat["round"]) not in (None, round_no):
                continue
            result[to_text(feat[id_field])] = {
                f.name(): plain_value(feat[f.name()])
                for f in layer.fields()
                if f.name() not in ("fid", "round", id_field)
            }
        return result

    # --- the algorithm ------------------------------------------------------------------------


def plain_value(value):
    """An attribute as a plain Python value (NULL → None)."""
    text = to_text(value)
    if text == "":
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return value
    return text
