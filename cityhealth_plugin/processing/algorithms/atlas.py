"""cityhealth:atlas — the printed atlas (体检图集) of blocks, compounds or communities of one round."""

from __future__ import annotations

import datetime
import os
from typing import Dict, List

from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsExpression,
    QgsExpressionContext,
    QgsExpressionContextUtils,
    QgsFeature,
    QgsProcessingAlgorithm,
    QgsProcessingException,
    QgsProcessingMultiStepFeedback,
    QgsProcessingOutputMultipleLayers,
    QgsProcessingOutputNumber,
    QgsProcessingParameterDefinition,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFile,
    QgsProcessingParameterFileDestination,
    QgsProcessingParameterNumber,
    QgsProcessingParameterString,
    QgsVectorLayer,
)

from ...core import schema
from ...core.catalogue import load_catalogue, load_indicators
from ...core.feedback import Canceled
from ...core.maps import atlas as plan
from .. import layout as lay
from .. import store
from ..atlas_book import AtlasBook
from ..atlas_data import LedgerReader, plain_value, round_uri
from ..base import CityHealthAlgorithm, processing_error
from ..io import to_text
from ..qgis_compat import make_field

LEVELS = ("block", "compound", "community")
QUALITIES = ("screen", "print")


class AtlasAlgorithm(CityHealthAlgorithm):
    ALG_ID = "atlas"
    GROUP = "maps"

    def displayName(self):  # noqa: N802 (QGIS API name)
        return self.tr("Atlas of blocks, compounds or communities (PDF)")

    def shortHelpString(self):  # noqa: N802
        return self.tr(
            "Prints the atlas of one round of the spatial ledger: a cover page, a contents page listing "
            "every unit with its page, then one page per unit with its name and place, the main map "
            "(buildings by number of problems, problem points by category, the unit outline), a locator "
            "map, legend, scale bar, north arrow, the indicator table (red / yellow warnings when an "
            "assessment is given), a chart of problems by category, photos of the most severe problems "
            "and the problem list. Phone and ID numbers never appear.\n"
            "FILTER is a QGIS expression on the ledger layer of the level (plus the assessment's fields, "
            'and red_warnings / yellow_warnings, district, street, community), e.g. "red_warnings" > 0. '
            "SORT is a comma-separated list of keys (district, street, community, name or a ledger field; "
            "a leading - sorts descending). TEMPLATE is a3_landscape, a4_portrait or the path of your own "
            ".qpt with the same item ids. Photos are read relative to the ledger's folder, so the ledger "
            "and its photo library can be moved together. The PDF is written only when every page is "
            "done: cancelling leaves no partial file."
        )

    def flags(self):
        # layouts are drawn on the main thread (as QGIS's own layout export algorithms do)
        return super().flags() | QgsProcessingAlgorithm.FlagNoThreading

    def initAlgorithm(self, config=None):  # noqa: N802
        self.addParameter(
            QgsProcessingParameterFile(
                "LEDGER", self.tr("Spatial ledger (GeoPackage)"), fileFilter="GeoPackage (*.gpkg)"
            )
        )
        self.addParameter(
            QgsProcessingParameterFile(
                "ASSESSMENT",
                self.tr("Assessment (GeoPackage of cityhealth:assess)"),
                optional=True,
                fileFilter="GeoPackage (*.gpkg)",
            )
        )
        self.addParameter(
            QgsProcessingParameterEnum(
                "LEVEL",
                self.tr("Level"),
                [self.tr("Block"), self.tr("Compound"), self.tr("Community")],
                defaultValue=0,
            )
        )
        self.addParameter(
            QgsProcessingParameterNumber(
                "ROUND", self.tr("Round (year; 0 = latest in the ledger)"), defaultValue=0, minValue=0
            )
        )
        self.addParameter(
            QgsProcessingParameterString(
                "FILTER", self.tr("Filter (expression)"), optional=True, defaultValue=""
            )
        )
        self.addParameter(
            QgsProcessingParameterString(
                "SORT", self.tr("Sort by"), optional=True, defaultValue=plan.DEFAULT_SORT
            )
        )
        self.addParameter(
            QgsProcessingParameterEnum(
                "SPLIT",
                self.tr("Split into"),
                [self.tr("One PDF"), self.tr("One PDF per district"), self.tr("One PDF per unit")],
                defaultValue=0,
            )
        )
        self.addParameter(
            QgsProcessingParameterString(
                "TEMPLATE",
                self.tr("Layout template (a3_landscape, a4_portrait or the path of a .qpt)"),
                optional=True,
                defaultValue="a3_landscape",
            )
        )
        self.addParameter(
            QgsProcessingParameterEnum(
                "QUALITY",
                self.tr("Quality"),
                [self.tr("Screen (150 dpi, compressed photos)"), self.tr("Print (300 dpi, lossless)")],
                defaultValue=0,
            )
        )
        limit = QgsProcessingParameterNumber(
            "LIMIT", self.tr("At most this many units (0 = all)"), defaultValue=0, minValue=0
        )
        limit.setFlags(limit.flags() | QgsProcessingParameterDefinition.FlagAdvanced)
        self.addParameter(limit)
        preview = QgsProcessingParameterFileDestination(
            "PREVIEW",
            self.tr("Preview of the first unit page (PNG)"),
            "PNG (*.png)",
            optional=True,
            createByDefault=False,
        )
        preview.setFlags(preview.flags() | QgsProcessingParameterDefinition.FlagAdvanced)
        self.addParameter(preview)
        self.addParameter(
            QgsProcessingParameterFileDestination("OUTPUT", self.tr("Atlas PDF"), "PDF (*.pdf)")
        )
        self.addOutput(QgsProcessingOutputMultipleLayers("FILES", self.tr("PDF files written")))
        self.addOutput(QgsProcessingOutputNumber("UNITS", self.tr("Units in the atlas")))
        self.addOutput(QgsProcessingOutputNumber("PAGES", self.tr("Pages written")))

    # --- reading ------------------------------------------------------------------------------
    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        # Re-raised outside the except block: the original traceback (whose frames hold layers)
        # is freed now, not at interpreter exit, where freeing a layer after QGIS crashes.
        message = None
        try:
            return self._run(parameters, context, feedback)
        except QgsProcessingException as error:
            message = str(error)
        raise QgsProcessingException(message)

    def _run(self, parameters, context, feedback):
        return self._export(self.prepare(parameters, context, feedback), feedback)

    def prepare(self, parameters, context, feedback) -> Dict:
        """Read the ledger, choose and sort the units and bind the template: everything but the
        export (``make bench`` times the export of the bound layout against a plain atlas export)."""
        reader = LedgerReader()
        ledger = self.parameterAsFile(parameters, "LEDGER", context)
        if not ledger or not store.ledger_exists(ledger):
            raise QgsProcessingException(self.tr("The ledger {path} does not exist.").format(path=ledger))
        assessment = self.parameterAsFile(parameters, "ASSESSMENT", context)
        level = LEVELS[self.parameterAsEnum(parameters, "LEVEL", context)]
        id_field = plan.LEVEL_ID_FIELDS[level]
        level_layer = schema.ledger_layer(level)
        round_no = self.parameterAsInt(parameters, "ROUND", context) or reader.latest_round(
            ledger, level_layer
        )
        expression = (self.parameterAsString(parameters, "FILTER", context) or "").strip()
        sort = self.parameterAsString(parameters, "SORT", context) or plan.DEFAULT_SORT
        split = plan.SPLITS[self.parameterAsEnum(parameters, "SPLIT", context)]
        template = self.parameterAsString(parameters, "TEMPLATE", context).strip() or "a3_landscape"
        if template not in lay.TEMPLATES and not os.path.exists(template):
            raise QgsProcessingException(self.tr("The template {path} does not exist.").format(path=template))
        quality = lay.QUALITY[QUALITIES[self.parameterAsEnum(parameters, "QUALITY", context)]]
        limit = self.parameterAsInt(parameters, "LIMIT", context)
        output = self.parameterAsFileOutput(parameters, "OUTPUT", context)
        preview = self.parameterAsFileOutput(parameters, "PREVIEW", context)
        steps = QgsProcessingMultiStepFeedback(3, feedback)

        units_layer = reader.layer(round_uri(ledger, level_layer, round_no), level_layer)
        problems_layer = reader.layer(
            round_uri(ledger, schema.LAYER_PROBLEMS, round_no), schema.LAYER_PROBLEMS
        )
        photos_layer = reader.layer(round_uri(ledger, schema.LAYER_PHOTOS, round_no), schema.LAYER_PHOTOS)
        places = reader.places(problems_layer, id_field)
        districts = {}
        district_uri = round_uri(ledger, schema.ledger_layer("district"), round_no)
        district_layer = reader.layer(district_uri, "district")
        for feat in district_layer.getFeatures():
            districts[to_text(feat["district_code"])] = to_text(feat["name"])
        scores = reader.assessment(assessment, level, id_field, round_no) if assessment else {}

        # the ledger units with their places and the assessment's fields, for FILTER and SORT
        fields = units_layer.fields()
        extra = ["district", "street", "community", "red_warnings", "yellow_warnings"]
        taken = {f.name().lower() for f in fields}
        assessment_fields = sorted({k for row in scores.values() for k in row if k.lower() not in taken})
        table = QgsVectorLayer("Polygon?crs={}".format(units_layer.crs().authid()), "units", "memory")
        table.dataProvider().addAttributes(
            [fields[i] for i in range(fields.count()) if fields[i].name() != "fid"]
            + [make_field(n, str) for n in extra[:3]]
            + [make_field(n, int) for n in extra[3:]]
            + [make_field(n, str) for n in assessment_fields]
        )
        table.updateFields()
        units, geometries, values = {}, {}, {}
        rows = []
        for feat in units_layer.getFeatures():
            uid = to_text(feat[id_field])
            district, street, community = places.get(uid, ("", "", ""))
            district = (
                districts.get(
                    to_text(feat["district_code"]) if "district_code" in fields.names() else "", district
                )
                or district
            )
            if level == "community":
                community = to_text(feat["name"])
            score = scores.get(uid, {})
            statuses = [v for k, v in score.items() if k.lower().endswith("_status")]
            attrs = {f.name(): plain_value(feat[f.name()]) for f in fields if f.name() != "fid"}
            attrs.update(
                {
                    "district": district,
                    "street": street,
                    "community": community,
                    "red_warnings": statuses.count("red"),
                    "yellow_warnings": statuses.count("yellow"),
                }
            )
            attrs.update({k: to_text(score.get(k)) for k in assessment_fields})
            out = QgsFeature(table.fields())
            out.setGeometry(feat.geometry())
            out.setAttributes([attrs.get(f.name()) for f in table.fields()])
            rows.append(out)
            units[uid] = plan.Unit(uid, to_text(feat["name"]), district, street, community, attrs)
            geometries[uid] = feat.geometry()
            values[uid] = score if assessment else attrs
        table.dataProvider().addFeatures(rows)
        chosen = self._filter(table, expression, id_field, units)
        ordered = plan.sort_units(chosen, sort)[: limit or None]
        if not ordered:
            raise QgsProcessingException(
                self.tr("No {level} of round {round} passes the filter «{filter}».").format(
                    level=level, round=round_no, filter=expression
                )
            )
        feedback.pushInfo(self.tr("{n} units in the atlas.").format(n=len(ordered)))
        steps.setCurrentStep(1)
        names = (reader.names(ledger, "building", round_no), reader.names(ledger, "compound", round_no))
        folder = os.path.dirname(os.path.abspath(ledger))
        problems = reader.problems(problems_layer, photos_layer, id_field, names, steps, folder,
                                   {u.uid for u in ordered})
        if reader.missing_photos:
            message = self.tr("{n} photos of the ledger are missing in {folder}; they are left out.")
            feedback.pushWarning(message.format(n=reader.missing_photos, folder=folder))

        level_titles = {
            "block": self.tr("Block atlas"),
            "compound": self.tr("Compound atlas"),
            "community": self.tr("Community atlas"),
        }
        book = AtlasBook(
            template,
            units_layer.crs() or QgsCoordinateReferenceSystem(schema.DEMO_CRS),
            level_titles[level],
            round_no,
            datetime.date.today().isoformat(),
            quality,
        )
        if book.missing:
            raise QgsProcessingException(
                self.tr("The template {path} lacks the items {ids}.").format(
                    path=template, ids=", ".join(book.missing)
                )
            )
        if not book.family:
            feedback.pushWarning(
                self.tr("No Chinese font found (install fonts-wqy-microhei or fonts-noto-cjk).")
            )
        book.ledger_folder = os.path.dirname(os.path.abspath(ledger))
        book.values = values
        book.unit_values = values
        book.indicator_names = {i.code: i.name_cn for i in load_indicators()}
        # every category of the catalogue: the map also shows the neighbours' problems
        categories = sorted({cn for _code, cn in load_catalogue().categories()}
                            | {p.category for rows_ in problems.values() for p in rows_})
        all_units = reader.layer(round_uri(ledger, level_layer, round_no), level_layer)
        buildings = reader.layer(round_uri(ledger, schema.ledger_layer("building"), round_no), "buildings")
        points = reader.layer(round_uri(ledger, schema.LAYER_PROBLEMS, round_no), "problems")
        book.bind(ordered, geometries, buildings, points, all_units, problems, categories)
        return dict(
            book=book,
            ordered=ordered,
            problems=problems,
            ledger=ledger,
            split=split,
            output=output,
            preview=preview,
            quality=quality,
            steps=steps,
        )

    def _export(self, job: Dict, feedback) -> Dict:
        book, ordered, problems, ledger = job["book"], job["ordered"], job["problems"], job["ledger"]
        split, output, preview, quality, steps = (
            job[k] for k in ("split", "output", "preview", "quality", "steps")
        )
        steps.setCurrentStep(2)
        documents = plan.plan_documents(ordered, split)
        stem, _ext = os.path.splitext(output)
        files, pages_written = [], 0
        contents_header = [
            self.tr("No."),
            self.tr("Name"),
            self.tr("District / street / community"),
            self.tr("Page"),
        ]
        doc_feedback = QgsProcessingMultiStepFeedback(len(documents), steps)
        book.begin()
        try:
            for n, document in enumerate(documents):
                doc_feedback.setCurrentStep(n)
                path = output if split == "one" else plan.file_name(stem, document.key)
                lines = [
                    self.tr("{n} units, {p} problems").format(
                        n=len(document.units), p=sum(len(problems.get(u.uid, [])) for u in document.units)
                    ),
                    self.tr("Ledger: {file}").format(file=os.path.basename(ledger)),
                    self.tr("Printed {date}").format(date=book.date),
                ]
                pages = book.pages(document, self.tr("City health check atlas"), lines, contents_header)
                ok, error = lay.export_pdf(
                    lay.PageIterator(pages, feedback), path, lay.pdf_settings(quality), doc_feedback
                )
                if not ok:
                    if feedback.isCanceled():
                        raise processing_error(Canceled())
                    raise QgsProcessingException(
                        self.tr("Could not write {path}: {error}").format(path=path, error=error)
                    )
                files.append(path)
                pages_written += len(pages)
                feedback.pushInfo(
                    self.tr("Wrote {path} ({pages} pages).").format(path=path, pages=len(pages))
                )
            if preview:
                book.fill_unit(0, book.units[0], documents[0].page_of(0))
                lay.export_image(book.layout, preview, 60)
        finally:
            book.end()
            book.close()
        return {
            "OUTPUT": output if split == "one" else os.path.dirname(os.path.abspath(output)),
            "FILES": files,
            "UNITS": len(ordered),
            "PAGES": pages_written,
            "PREVIEW": preview or None,
        }

    def _filter(self, table, expression: str, id_field: str, units: Dict[str, plan.Unit]) -> List[plan.Unit]:
        if not expression:
            return list(units.values())
        parsed = QgsExpression(expression)
        if parsed.hasParserError():
            raise QgsProcessingException(
                self.tr("The filter «{filter}» is not a valid expression: {error}").format(
                    filter=expression, error=parsed.parserErrorString()
                )
            )
        context = QgsExpressionContext(QgsExpressionContextUtils.globalProjectLayerScopes(table))
        parsed.prepare(context)
        chosen = []
        for feat in table.getFeatures():
            context.setFeature(feat)
            value = parsed.evaluate(context)
            if parsed.hasEvalError():
                raise QgsProcessingException(
                    self.tr("The filter «{filter}» failed: {error}").format(
                        filter=expression, error=parsed.evalErrorString()
                    )
                )
            if value and to_text(value) not in ("0", "false"):
                chosen.append(units[to_text(feat[id_field])])
        return chosen
