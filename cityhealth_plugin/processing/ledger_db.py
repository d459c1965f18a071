"""Writing one round of the spatial ledger into a PostGIS schema (the shared multi-user ledger).

The same tables, fields, styles and photo library as the GeoPackage (:mod:`.ledger_writer`), in one
database transaction (:class:`.store.Session`): for each table the rows of the round are deleted
and the new ones inserted in bulk, the ``ledger_runs`` row appended and the default styles stored in
``layer_styles``; the photo library is swapped in just before the ``COMMIT`` and put back when the
commit fails. Other parties see the previous round or the new one, never a mix.

Photo paths are absolute in the database: a database has no folder a relative path could start
from, and every reader (work orders, atlas, the photo widget) must find the photos without being
told where the library is; keep the library on a drive every party mounts at the same place.
"""

from __future__ import annotations

import os
from typing import Any, Dict, List

from qgis.core import QgsFeature, QgsProcessingContext, QgsProcessingException, QgsWkbTypes
from qgis.PyQt.QtCore import QCoreApplication

from ..core import ledger as core_ledger
from ..core import schema
from ..core.feedback import check
from . import layer_styles, store
from .ledger_writer import (
    LAYER_TITLES,
    PHOTO_LAYER_FIELDS,
    PROBLEM_LAYER_FIELDS,
    RUN_LAYER_FIELDS,
    PhotoLibrary,
    copy_photos,
    ledger_features,
    level_fields,
    make_fields,
    style_layer,
)

translate = QCoreApplication.translate  # pylupdate5 finds translate("context", "text")
TITLES = dict(LAYER_TITLES, **{schema.LAYER_RUNS: "运行记录"})


def style_qml(name: str, fields, wkb_type, crs, spec, ledger, photo_dir: str) -> str:
    """The QML of the default style of ledger table ``name`` (styled on a memory layer of its fields)."""
    return layer_styles.qml_of(fields, wkb_type, crs, lambda layer: style_layer(layer, name, spec, ledger,
                                                                                photo_dir))


def write_round(target: store.Target, photo_folder: str, crs, steps, first_step: int, round_no: int,
                spec: core_ledger.LedgerSpec, ledger: core_ledger.Ledger, prob_feats: List[QgsFeature],
                photo_jobs, polys, run_feature) -> Dict[str, Any]:
    """Write round ``round_no`` (problems, photos, ledger layers, a ``ledger_runs`` row, styles) into
    ``target`` in one transaction, the photos into the library in ``photo_folder`` (:func:`photo_root`)
    swapped in with it; ``run_feature(summary)`` makes the run's row. Steps ``first_step`` …
    ``first_step + 4`` of ``steps`` are used."""
    photos = PhotoLibrary(photo_root(target, photo_folder), round_no)
    try:
        summary = _write(target, crs, steps, first_step, round_no, spec, ledger, prob_feats, photo_jobs,
                         photos, polys, run_feature)
    except BaseException:
        photos.discard()
        raise
    photos.commit()
    return summary


def _write(target, crs, steps, first_step, round_no, spec, ledger, prob_feats, photo_jobs, photos, polys,
           run_feature) -> Dict[str, Any]:
    srid = crs.postgisSrid()
    where = '"round" = {}'.format(int(round_no))
    written: List[tuple] = []
    with store.Session(target, steps) as db:
        steps.setCurrentStep(first_step)
        steps.setProgressText(translate("BuildLedger", "Writing the ledger into the database {0}").format(
            target.label))

        def put(name, fields, wkb, feats, total=0):
            db.ensure_table(name, fields, wkb, srid)
            db.delete(name, where)
            n = db.insert(name, fields, feats, wkb, srid, steps, total)
            written.append((name, fields, wkb))
            return n

        n_problems = put(schema.LAYER_PROBLEMS, make_fields(PROBLEM_LAYER_FIELDS), QgsWkbTypes.Point,
                         prob_feats, len(prob_feats))
        steps.setCurrentStep(first_step + 1)
        steps.setProgressText(translate("BuildLedger", "Copying photos"))
        pfields = make_fields(PHOTO_LAYER_FIELDS)
        photo_feats = copy_photos(steps, photo_jobs, photos, round_no, pfields, absolute=True)
        n_photos = put(schema.LAYER_PHOTOS, pfields, QgsWkbTypes.NoGeometry, photo_feats)
        steps.setCurrentStep(first_step + 2)
        steps.setProgressText(translate("BuildLedger", "Writing the ledger layers"))
        for k, level in enumerate(schema.LEDGER_LEVELS):
            check(steps, k, len(schema.LEDGER_LEVELS))
            if polys[level] is None:
                continue
            lfields = level_fields(level, spec)
            put(schema.ledger_layer(level), lfields, QgsWkbTypes.MultiPolygon,
                ledger_features(level, ledger, polys[level], polys["compound"], round_no, lfields))
        summary = {"problems": len(prob_feats), "problems_in_file": n_problems, "photos": len(photo_feats),
                   "photos_in_file": n_photos, "layers": [w[0] for w in written],
                   "unassigned_problems": len(ledger.unassigned_problems)}
        steps.setCurrentStep(first_step + 3)
        run = run_feature(summary)
        rfields = make_fields(RUN_LAYER_FIELDS)
        db.ensure_table(schema.LAYER_RUNS, rfields, QgsWkbTypes.NoGeometry)
        db.insert(schema.LAYER_RUNS, rfields, [run])
        written.append((schema.LAYER_RUNS, rfields, QgsWkbTypes.NoGeometry))
        steps.setProgressText(translate("BuildLedger", "Saving default styles"))
        for k, (name, fields, wkb) in enumerate(written):
            check(steps, k, len(written))
            qml = style_qml(name, fields, wkb, crs, spec, ledger, "")  # photo paths absolute
            db.save_style(name, qml, TITLES[name], "CityHealth default style", wkb != QgsWkbTypes.NoGeometry)
        steps.setCurrentStep(first_step + 4)
        photos.swap_in()
    return summary


def photo_root(target: store.Target, folder: str) -> str:
    """Where the photo library of a database ledger goes: ``folder`` (PHOTO_FOLDER, else the problems
    layer's folder) as ``<folder>/<schema>``, so the library is ``<folder>/<schema>_photos/<round>``."""
    if not folder:
        raise QgsProcessingException(translate(
            "BuildLedger", "The ledger goes into a database: set the photo library folder (PHOTO_FOLDER); "
            "the problems layer is not a file whose folder could hold it."))
    return os.path.join(folder, target.schema)


def load_on_completion(context, value: str, target: store.Target, chosen_round: int) -> None:
    """Load the ledger's tables from the database when the run ends, one round each (``chosen_round``,
    else the latest), with their default styles and the problems → photos relation."""
    round_no = chosen_round or store.latest_round(target, schema.ledger_layer("building"))
    present = store.tables(target)
    for name, title in LAYER_TITLES.items():
        if name in present:
            details = QgsProcessingContext.LayerDetails("{} {}".format(title, round_no), context.project(),
                                                        name)
            details.setPostProcessor(layer_styles.LedgerPostProcessor.create(value, round_no or 0, name))
            context.addLayerToLoadOnCompletion(store.processing_uri(
                target, name, layer_styles.round_filter(round_no) if round_no else ""), details)
