"""cityhealth:residentvoice — satisfaction surveys and complaint lists (居民诉求, 市民医生), issue 14."""

from __future__ import annotations

import os
from collections import Counter
from typing import Any, Dict, List, Tuple

from qgis.core import (
    QgsFeature,
    QgsFeatureRequest,
    QgsFeatureSink,
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingOutputNumber,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterFile,
    QgsProcessingParameterNumber,
    QgsProcessingParameterString,
    QgsWkbTypes,
)
from qgis.PyQt.QtCore import QCoreApplication

from ...core import schema
from ...core.catalogue import RESOURCES, load_catalogue
from ...core.feedback import Canceled
from ...core.matching import match_rows
from ...core.messages import CityHealthError
from ...core.planning import voice
from ...core.problems import ProblemMapper, from_report_row
from ...core.report_reader import describe_issue, read_reports
from ...core.sanitize import safe_cell
from ..base import CityHealthAlgorithm, translate_message
from ..destinations import opens_in_spreadsheet
from ..footprints import ProblemPlaces
from ..io import make_fields, to_text
from ..library_io import load_library

COMPLAINT_FIELDS = dict(schema.REPORT_FIELDS, **schema.MATCH_FIELDS, source=str)
DEMAND_FIELDS = {"level": str, "area_id": str, "area_name": str, "rank": int, "category": str,
                 "category_cn": str, "count": int, "severity_score": int, "share": float}
UNUSED_FIELDS = {"kind": str, "source_file": str, "source_sheet": str, "source_row": int, "reason": str}
LEVELS = ("compound", "community", "block")


class ResidentVoiceAlgorithm(CityHealthAlgorithm):
    """Satisfaction per area, demands ranked per area, complaints as citizen-reported problem points."""

    ALG_ID = "residentvoice"
    GROUP = "planning"

    LIBRARY = "LIBRARY"
    ALIASES = "ALIASES"
    SURVEYS = "SURVEYS"
    COMPLAINTS = "COMPLAINTS"
    TEXT_COLUMN = "TEXT_COLUMN"
    DICTIONARY = "DICTIONARY"
    ROUND = "ROUND"
    TOP = "TOP"
    SATISFACTION = "SATISFACTION"
    DEMANDS = "DEMANDS"
    COMPLAINT_POINTS = "COMPLAINT_POINTS"
    UNUSED = "UNUSED"

    def displayName(self) -> str:  # noqa: N802
        return self.tr("Residents' voice (satisfaction and complaints)")

    def shortHelpString(self) -> str:  # noqa: N802
        return self.tr(
            "Reads satisfaction surveys (满意度调查 workbooks: one file or a folder; columns 小区, 社区名, "
            "one column per question scored 1–5, 诉求) and complaint lists (WeChat-group or hotline "
            "exports with a free-text address and a text column). Survey rows read = used + blank + "
            "rejected; every rejected row (score outside 1–5 or not a number, no compound) "
            "and every complaint that could "
            "not be placed is listed with file, sheet, row and reason in the unused table. Personal columns "
            "(姓名, 电话 …) are never copied; phone and ID numbers in text are masked.\n\n"
            "Satisfaction: per compound, community and block (the library's block_id), the mean of each "
            "question, the overall score (the 总体满意度 question, else the mean of every answer) and the "
            "number of responses. Demands: survey demands and complaints classified into problem "
            "categories, by the editable dictionary (CSV keyword,category; the shipped one when empty) and "
            "then the catalogue's keywords, ranked per area by frequency, then severity.\n\n"
            "Complaint points carry the fields of joined reports plus source = citizen (reporter = 市民; "
            "problem = the catalogue's name of the problem found in the text, the text itself in "
            "description): give them to Build ledger as its complaint points (COMPLAINTS), and the "
            "ledger, the assessment and the atlas count them as citizen-reported problems "
            "(problems_citizen).")

    def initAlgorithm(self, config=None):  # noqa: N802
        self.addParameter(QgsProcessingParameterFeatureSource(
            self.LIBRARY, self.tr("Building library (footprints)"), [QgsProcessing.TypeVectorPolygon]))
        self.addLibraryFieldParameters(self.LIBRARY)
        self.addParameter(QgsProcessingParameterFeatureSource(
            self.ALIASES, self.tr("Alias table (library_aliases)"), [QgsProcessing.TypeVector],
            optional=True))
        self.addParameter(QgsProcessingParameterFile(
            self.SURVEYS, self.tr("Satisfaction surveys (.xlsx file or folder)"),
            QgsProcessingParameterFile.File, "", None, False,
            self.tr("Workbooks (*.xlsx *.xlsm);;All files (*)")))
        self.addParameter(QgsProcessingParameterFile(
            self.COMPLAINTS, self.tr("Complaint lists (file or folder, optional)"),
            QgsProcessingParameterFile.File, "", None, True,
            self.tr("Tables (*.xlsx *.xls *.csv);;All files (*)")))
        self.addParameter(QgsProcessingParameterString(
            self.TEXT_COLUMN, self.tr("Complaint text column (header text)"), "反映内容", optional=True))
        self.addParameter(QgsProcessingParameterFile(
            self.DICTIONARY, self.tr("Keyword dictionary (CSV keyword,category; optional)"),
            QgsProcessingParameterFile.File, "csv", None, True))
        self.addParameter(QgsProcessingParameterNumber(
            self.ROUND, self.tr("Round (year)"), QgsProcessingParameterNumber.Integer, 2025,
            minValue=1900, maxValue=9999))
        self.addParameter(QgsProcessingParameterNumber(
            self.TOP, self.tr("Demands listed per area"), QgsProcessingParameterNumber.Integer, 5,
            minValue=1))
        self.addParameter(QgsProcessingParameterFeatureSink(
            self.SATISFACTION, self.tr("Satisfaction per area"), QgsProcessing.TypeVector))
        self.addParameter(QgsProcessingParameterFeatureSink(
            self.DEMANDS, self.tr("Demands ranked per area"), QgsProcessing.TypeVector))
        self.addParameter(QgsProcessingParameterFeatureSink(
            self.COMPLAINT_POINTS, self.tr("Complaint points (citizen-reported problems)"),
            QgsProcessing.TypeVectorPoint))
        self.addParameter(QgsProcessingParameterFeatureSink(
            self.UNUSED, self.tr("Rows not used, with reasons"), QgsProcessing.TypeVector))
        for name, label in (("SURVEY_ROWS", self.tr("Survey rows read")),
                            ("SURVEY_USED", self.tr("Survey rows used")),
                            ("SURVEY_BLANK", self.tr("Blank survey rows")),
                            ("SURVEY_REJECTED", self.tr("Rejected survey rows")),
                            ("COMPLAINT_ROWS", self.tr("Complaint rows read")),
                            ("COMPLAINTS_PLACED", self.tr("Complaints placed"))):
            self.addOutput(QgsProcessingOutputNumber(name, label))

    # -- run -------------------------------------------------------------------------------------
    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        try:
            return self._run(parameters, context, feedback)
        except CityHealthError as error:
            raise QgsProcessingException(translate_message(error.message)) from error

    def _run(self, parameters, context, feedback):
        library, geoms, crs, compound_ids, _decisions = load_library(
            self, parameters, context, feedback, self.LIBRARY, self.ALIASES)
        blocks = self._blocks(parameters, context)
        catalogue = load_catalogue()
        dictionary = voice.read_dictionary(
            self.parameterAsFile(parameters, self.DICTIONARY, context)
            or os.path.join(RESOURCES, "resident_voice_keywords.csv"))
        round_value = self.parameterAsInt(parameters, self.ROUND, context)
        top = self.parameterAsInt(parameters, self.TOP, context)
        feedback.setProgress(10)

        survey = voice.read_survey(self.parameterAsFile(parameters, self.SURVEYS, context), feedback)
        feedback.pushInfo(self.tr("Survey rows read: {} = used {} + blank {} + rejected {} "
                                  "({} blank answers; personal columns not copied: {}; "
                                  "other columns ignored: {}).").format(
            survey.rows_read, len(survey.responses), survey.blank_rows, len(survey.rejected),
            survey.blank_answers, ", ".join(survey.personal_columns) or "-",
            ", ".join(survey.ignored_columns) or "-"))
        unused: List[List[Any]] = [["survey", r.source_file, r.source_sheet, r.source_row,
                                    translate_message(r.reason)] for r in survey.rejected]
        places = ProblemPlaces(library, geoms, compound_ids)
        areas = _Areas(library, compound_ids, blocks)
        scored: Dict[str, List[Tuple[str, Dict]]] = {level: [] for level in LEVELS}
        names: Dict[Tuple[str, str], str] = {}
        demands: List[Tuple[str, str, str, str]] = []  # (level, area id, category, severity)
        for response in survey.responses:
            ids = areas.of_compound(response.compound, response.community)
            category, severity = voice.classify_demand(response.demand, catalogue, dictionary)
            for level in LEVELS:
                area_id, area_name = ids[level]
                if not area_id:
                    continue
                names[(level, area_id)] = area_name
                scored[level].append((area_id, response.scores))
                demands.append((level, area_id, category, severity))
        feedback.setProgress(40)

        points, placed, complaint_rows = self._complaints(parameters, context, feedback, library, places,
                                                          catalogue, dictionary, round_value, unused)
        for record in placed:
            ids = areas.of_compound(record["compound"], record["community"])
            for level in LEVELS:
                area_id, area_name = ids[level]
                if area_id:
                    names[(level, area_id)] = area_name
                    demands.append((level, area_id, record["category"], record["severity"]))
        feedback.setProgress(70)

        results = {"SURVEY_ROWS": survey.rows_read, "SURVEY_USED": len(survey.responses),
                   "SURVEY_BLANK": survey.blank_rows, "SURVEY_REJECTED": len(survey.rejected),
                   "COMPLAINT_ROWS": complaint_rows, "COMPLAINTS_PLACED": len(placed)}
        sat_fields = {"level": str, "area_id": str, "area_name": str, "responses": int, "overall": float}
        for topic in survey.topics:
            sat_fields["mean_" + topic] = float
            sat_fields["answers_" + topic] = int
        sat_rows = []
        for level in LEVELS:
            for area_id, row in voice.satisfaction(scored[level], survey.topics).items():
                sat_rows.append(dict(row, level=level, area_id=area_id, area_name=names[(level, area_id)]))
        results[self.SATISFACTION] = self._table(parameters, context, self.SATISFACTION, sat_fields, sat_rows)
        ranked = []
        for level in LEVELS:
            for row in voice.rank_demands(((a, c, s) for lv, a, c, s in demands if lv == level), top):
                ranked.append(dict(row, level=level, area_id=row["area"],
                                   area_name=names[(level, row["area"])],
                                   category_cn=catalogue.category_cn(row["category"]) or row["category"]))
        results[self.DEMANDS] = self._table(parameters, context, self.DEMANDS, DEMAND_FIELDS, ranked)
        results[self.UNUSED] = self._table(parameters, context, self.UNUSED, UNUSED_FIELDS,
                                           [dict(zip(UNUSED_FIELDS, row)) for row in unused])
        fields = make_fields(COMPLAINT_FIELDS)
        sink, dest = self.parameterAsSink(parameters, self.COMPLAINT_POINTS, context, fields,
                                          QgsWkbTypes.Point, crs)
        if sink is None:
            raise QgsProcessingException(self.invalidSinkError(parameters, self.COMPLAINT_POINTS))
        safe = opens_in_spreadsheet(parameters, self.COMPLAINT_POINTS, dest, context)
        features = []
        for geom, record in points:
            feature = QgsFeature(fields)
            feature.setGeometry(geom)
            values = [record.get(name) for name in COMPLAINT_FIELDS]
            feature.setAttributes([safe_cell(v) for v in values] if safe else values)
            features.append(feature)
        if not sink.addFeatures(features, QgsFeatureSink.FastInsert):
            raise QgsProcessingException(self.writeFeatureError(sink, parameters, self.COMPLAINT_POINTS))
        results[self.COMPLAINT_POINTS] = dest
        feedback.setProgress(100)
        return results

    # -- steps -----------------------------------------------------------------------------------
    def _blocks(self, parameters, context) -> Dict[str, str]:
        """Building id → block_id, when the library has a block_id field."""
        source = self.parameterAsSource(parameters, self.LIBRARY, context)
        id_field = self.parameterAsString(parameters, "ID_FIELD", context) or "building_id"
        if source.fields().lookupField("block_id") < 0 or source.fields().lookupField(id_field) < 0:
            return {}
        request = QgsFeatureRequest().setFlags(QgsFeatureRequest.NoGeometry)
        request.setSubsetOfAttributes([id_field, "block_id"], source.fields())
        return {to_text(f[id_field]): to_text(f["block_id"]) for f in source.getFeatures(request)
                if to_text(f["block_id"])}

    def _complaints(self, parameters, context, feedback, library, places, catalogue, dictionary,
                    round_value, unused):
        """(points [(geometry, record)], placed records, rows read) of the complaint lists; every
        complaint not placed goes to ``unused`` with its reason."""
        path = self.parameterAsFile(parameters, self.COMPLAINTS, context)
        if not path:
            return [], [], 0
        column = (self.parameterAsString(parameters, self.TEXT_COLUMN, context) or "").strip()
        read = read_reports(path, {"description": column} if column else None)
        for issue in read.issues:
            feedback.pushWarning(describe_issue(issue, QCoreApplication.translate))
        batch = match_rows(read.rows, library, feedback, 40.0, 20.0)
        mapper = ProblemMapper(catalogue, round_value, round_value)
        points, placed = [], []
        for row, result in list(batch.matched) + list(batch.unmatched):
            if feedback.isCanceled():
                raise Canceled()
            record = mapper.record(from_report_row(row, result.parsed, None))
            known = catalogue.problem(record["problem_code"]) if record["problem_code"] else None
            if not record["problem"] and known is not None:  # the resident's words stay the description
                record["problem"] = known.name_cn
            if not record["category"]:
                category, severity = voice.classify_demand(record["description"] or record["problem"],
                                                           catalogue, dictionary)
                record["category"], record["category_cn"] = category, catalogue.category_cn(category)
                record["severity"] = record["severity"] or severity
            geom = None
            if result.matched:
                geom, level, compound_id = places.of(result.building_id, result.parsed.compound)
                record.update(building_id=result.building_id, match_method=result.method,
                              match_score=float(result.score), match_level=level, compound_id=compound_id)
            if geom is None:
                unused.append(["complaint", record["source_file"], record["source_sheet"],
                               record["source_row"], result.reason or "no_location"])
                continue
            record["source"] = "citizen"
            record["reporter"] = "市民"  # never the resident's name (buildledger also keeps source)
            points.append((geom, record))
            placed.append(record)
        rows = len(read.rows) + read.blank_rows + read.nondata_rows + read.unreadable_rows
        feedback.pushInfo(self.tr("Complaint rows read: {} = placed {} + not placed {} + blank {} + "
                                  "non-data {} + unreadable {}.").format(
            rows, len(placed), len(read.rows) - len(placed), read.blank_rows, read.nondata_rows,
            read.unreadable_rows))
        return points, placed, rows

    def _table(self, parameters, context, name, spec, rows) -> str:
        fields = make_fields(spec)
        sink, dest = self.parameterAsSink(parameters, name, context, fields, QgsWkbTypes.NoGeometry)
        if sink is None:
            raise QgsProcessingException(self.invalidSinkError(parameters, name))
        safe = opens_in_spreadsheet(parameters, name, dest, context)
        features = []
        for row in rows:
            feature = QgsFeature(fields)
            values = [row.get(key) for key in spec]
            feature.setAttributes([safe_cell(v) for v in values] if safe else values)
            features.append(feature)
        if not sink.addFeatures(features, QgsFeatureSink.FastInsert):
            raise QgsProcessingException(self.writeFeatureError(sink, parameters, name))
        return dest


class _Areas:
    """Compound / community / block (id, name) of a compound as written, through the library."""

    def __init__(self, library, compound_ids: Dict[str, str], blocks: Dict[str, str]):
        self.library = library
        self.compound_ids = compound_ids
        self.blocks = blocks
        self._memo: Dict[Tuple[str, str], Dict[str, Tuple[str, str]]] = {}

    def of_compound(self, written: str, community: str) -> Dict[str, Tuple[str, str]]:
        key = (written or "", community or "")
        if key not in self._memo:
            canonical = self.library.canonical_compound(written) if written else None
            records = self.library.by_compound.get(canonical, []) if canonical else []
            ids, comms, blocks = Counter(), Counter(), Counter()
            for record in records:
                ids[self.compound_ids.get(record.id) or canonical] += 1
                if record.community:
                    comms[record.community] += 1
                if self.blocks.get(record.id):
                    blocks[self.blocks[record.id]] += 1
            compound_id = ids.most_common(1)[0][0] if ids else (written or "")
            comm = comms.most_common(1)[0][0] if comms else (community or "")
            block = blocks.most_common(1)[0][0] if blocks else ""
            self._memo[key] = {"compound": (compound_id, canonical or written or ""),
                               "community": (comm, comm), "block": (block, block)}
        return self._memo[key]


