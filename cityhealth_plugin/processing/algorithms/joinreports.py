"""cityhealth:joinreports — join grid reports (网格排查报表) to library buildings, losing no row."""

from __future__ import annotations

from collections import Counter
from operator import itemgetter
from typing import Any, List, Tuple

from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsFeature,
    QgsFeatureSink,
    QgsPointXY,
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingOutputNumber,
    QgsProcessingParameterCrs,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterFile,
    QgsProcessingParameterNumber,
    QgsProcessingParameterString,
    QgsWkbTypes,
)
from qgis.PyQt.QtCore import QCoreApplication

from ...core import review, schema
from ...core.feedback import Canceled
from ...core.gcpause import paused_gc
from ...core.matching import MatchResult, coordinate_score, match_rows
from ...core.messages import CityHealthError
from ...core.photos import PhotoFinder
from ...core.problems import ProblemMapper, default_year, from_report_row, reported_xy
from ...core.report_reader import describe_issue, read_reports
from ...core.sanitize import safe_cell
from .. import layer_styles
from ..base import PLANNER_ERRORS, CityHealthAlgorithm, planner_error
from ..destinations import opens_in_spreadsheet
from ..footprints import Footprints, ProblemPlaces, metric_crs
from ..io import SpanFeedback, make_fields
from ..library_io import load_library
from ..review_io import open_unmatched_sink

OUTPUT_FIELDS = dict(schema.REPORT_FIELDS, **schema.MATCH_FIELDS)
UNMATCHED_OUTPUT_FIELDS = dict(schema.REPORT_FIELDS, **schema.UNMATCHED_FIELDS,
                               **schema.UNMATCHED_REVIEW_FIELDS)  # + reason_cn, candidate_names
_REPORT_VALUES = itemgetter(*schema.REPORT_FIELDS)  # a record's values in output order


class JoinReportsAlgorithm(CityHealthAlgorithm):
    """Reads report spreadsheets, matches every row to a building or explains why not."""

    ALG_ID = "joinreports"
    GROUP = "address"

    LIBRARY = "LIBRARY"
    ID_FIELD = "ID_FIELD"
    COMPOUND_FIELD = "COMPOUND_FIELD"
    BUILDING_FIELD = "BUILDING_FIELD"
    UNITS_FIELD = "UNITS_FIELD"
    COMMUNITY_FIELD = "COMMUNITY_FIELD"
    GRID_FIELD = "GRID_FIELD"
    ALIASES = "ALIASES"
    REPORTS = "REPORTS"
    COMPOUND_COLUMN = "COMPOUND_COLUMN"
    BUILDING_COLUMN = "BUILDING_COLUMN"
    UNIT_COLUMN = "UNIT_COLUMN"
    ADDRESS_COLUMN = "ADDRESS_COLUMN"
    PROBLEM_COLUMN = "PROBLEM_COLUMN"
    COMMUNITY_COLUMN = "COMMUNITY_COLUMN"
    ROUND = "ROUND"
    MAX_DISTANCE = "MAX_DISTANCE"
    COORD_CRS = "COORD_CRS"
    OUTPUT = "OUTPUT"
    UNMATCHED = "UNMATCHED"
    ROWS_READ = "ROWS_READ"
    MATCHED = "MATCHED"
    UNMATCHED_COUNT = "UNMATCHED_COUNT"
    BLANK_ROWS = "BLANK_ROWS"
    FILES_READ = "FILES_READ"
    ISSUES = "ISSUES"
    NONDATA_ROWS = "NONDATA_ROWS"  # total / subtotal / signature rows (合计, 审核人 …)
    UNREADABLE_ROWS = "UNREADABLE_ROWS"  # rows lost where a sheet stopped being readable

    COLUMN_OVERRIDES = (("compound", COMPOUND_COLUMN), ("building", BUILDING_COLUMN), ("unit", UNIT_COLUMN),
                        ("address", ADDRESS_COLUMN), ("problem", PROBLEM_COLUMN),
                        ("community", COMMUNITY_COLUMN))

    def displayName(self) -> str:  # noqa: N802
        return self.tr("Join reports to buildings")

    def shortHelpString(self) -> str:  # noqa: N802
        return self.tr(
            "Reads grid reports (one .xlsx/.xls/.csv file or a folder of them, every sheet) and joins each "
            "row to a building of the standard address library by compound + building + unit, however it "
            "is spelt (3号楼, 3#, 三号楼, 第3栋, 天福家园(南区) …), or by a free-text address.\n\n"
            "Matching goes exact → alias (library aliases and the alias table, where planners' accepted "
            "spellings are kept) → one-character typo within the report's community; ambiguous spellings "
            "are never guessed. Reports with coordinates (lon/lat or x/y) that the address does not "
            "match are placed by point-in-footprint, then on the nearest footprint within the maximum "
            "distance.\n\n"
            "Matched rows become points on their building (fields building_id, match_method, "
            "match_score, match_level = building, compound_id from the library's compound_id field when "
            "it has one); a row that names a compound but no building is a compound-level problem "
            "(match_level = compound): building_id stays empty and the point lies in the middle of the "
            "compound's buildings. Every other row goes to the unmatched table with a reason (no_compound, "
            "no_building, no_unit, ambiguous, empty_address, no_location) and the best candidates. "
            "Every row keeps source_file, source_sheet and source_row (the row number seen in the "
            "spreadsheet). Rows read = matched + unmatched + blank + non-data (totals, signatures) + "
            "unreadable rows. Phone and ID numbers are masked "
            "in every column; problem code, category and indicator come from the problem catalogue (the "
            "problem text, else the report's problem-type column, else keywords of the description); "
            "photos are looked up next to the report file, missing ones are listed.") + "\n\n" + self.tr(
            "An unmatched destination ending in .xlsx is written as the review workbook: the reason in "
            "Chinese with what to do and the candidate buildings by name at the left, photos linked "
            "relative to the workbook, a header repeated on every printed page and a summary of the "
            "reasons. Decisions taken in the review dialog (Plugins → City health check → Review "
            "unmatched reports) are kept in the table library_decisions of the alias table's GeoPackage; "
            "the next run with that alias table places those rows on the chosen building (match method "
            "manual).")

    def initAlgorithm(self, config=None):  # noqa: N802
        self.addParameter(QgsProcessingParameterFeatureSource(
            self.LIBRARY, self.tr("Building library (footprints)"), [QgsProcessing.TypeVectorPolygon]))
        self.addLibraryFieldParameters(self.LIBRARY)
        self.addParameter(QgsProcessingParameterFeatureSource(
            self.ALIASES, self.tr("Alias table (library_aliases)"), [QgsProcessing.TypeVector],
            optional=True))
        # "All files (*)" last: a folder path must stay acceptable (the filter would add an extension)
        self.addParameter(QgsProcessingParameterFile(
            self.REPORTS, self.tr("Reports (a .xlsx/.xls/.csv file or a folder)"),
            QgsProcessingParameterFile.File, "", None, False,
            self.tr("Reports (*.xlsx *.xlsm *.xls *.xlsb *.ods *.csv *.tsv *.txt);;All files (*)")))
        for _key, name in self.COLUMN_OVERRIDES:
            label = {"COMPOUND_COLUMN": self.tr("Compound column (header text, optional)"),
                     "BUILDING_COLUMN": self.tr("Building column (header text, optional)"),
                     "UNIT_COLUMN": self.tr("Unit column (header text, optional)"),
                     "ADDRESS_COLUMN": self.tr("Free-text address column (header text, optional)"),
                     "PROBLEM_COLUMN": self.tr("Problem column (header text, optional)"),
                     "COMMUNITY_COLUMN": self.tr("Community column (header text, optional)")}[name]
            self.addParameter(QgsProcessingParameterString(name, label, "", optional=True))
        self.addParameter(QgsProcessingParameterNumber(
            self.ROUND, self.tr("Round (year; 0 = year of the report date)"),
            QgsProcessingParameterNumber.Integer, 0, minValue=0, maxValue=9999))
        self.addParameter(QgsProcessingParameterNumber(
            self.MAX_DISTANCE, self.tr("Coordinates: maximum distance to the nearest footprint (m)"),
            QgsProcessingParameterNumber.Double, 30.0, minValue=0.0))
        self.addParameter(QgsProcessingParameterCrs(
            self.COORD_CRS, self.tr("Coordinates: CRS of the report coordinates"), "EPSG:4326",
            optional=True))
        self.addParameter(QgsProcessingParameterFeatureSink(
            self.OUTPUT, self.tr("Matched problems"), QgsProcessing.TypeVectorPoint))
        self.addParameter(QgsProcessingParameterFeatureSink(
            self.UNMATCHED, self.tr("Unmatched reports"), QgsProcessing.TypeVector))
        for name, label in ((self.ROWS_READ, self.tr("Rows read")), (self.MATCHED, self.tr("Rows matched")),
                            (self.UNMATCHED_COUNT, self.tr("Rows unmatched")),
(self.BLANK_ROWS, self.tr("Blank rows")),
                            (self.FILES_READ, self.tr("Files read")), (self.ISSUES, self.tr("Read issues")),
                            (self.NONDATA_ROWS, self.tr("Non-data rows (totals, signatures)")),
                            (self.UNREADABLE_ROWS, self.tr("Unreadable rows"))):
            self.addOutput(QgsProcessingOutputNumber(name, label))

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        # The join builds hundreds of thousands of small acyclic objects (rows, parsed addresses,
        # match results, features); the cyclic garbage collector would rescan them again and again
        # (a fifth of the run). Reference counting still frees them; collection resumes afterwards.
        try:
            with paused_gc():
                return self._run(parameters, context, feedback)
        except PLANNER_ERRORS as error:
            raise planner_error(error, path=self.parameterAsFile(parameters, self.REPORTS, context)) \
                from error

    # -- steps -----------------------------------------------------------------------------
    def _read(self, parameters, context, feedback):
        path = self.parameterAsFile(parameters, self.REPORTS, context)
        if not path:
            raise QgsProcessingException(self.tr("Choose a report file or folder."))
        overrides = {}
        for key, name in self.COLUMN_OVERRIDES:
            value = self.parameterAsString(parameters, name, context)
            if value and value.strip():
                overrides[key] = value.strip()
        result = read_reports(path, overrides, feedback=SpanFeedback(feedback, 10.0, 20.0))
        for issue in result.issues:
            text = describe_issue(issue, QCoreApplication.translate)
            if issue.severity == "info":
                feedback.pushInfo(text)
            else:
                feedback.pushWarning(text)
        if result.files_read == 0:
            details = "; ".join(describe_issue(i, QCoreApplication.translate) for i in result.issues[:5])
            raise QgsProcessingException(self.tr("No report could be read from {}. {}").format(path, details))
        return result

    def _locate(self, parameters, context, batch, geoms, crs):
        """Rows the address did not place, placed by their coordinates (point in footprint, else the
        nearest footprint within the maximum distance): (matched, unmatched) lists."""
        coord_crs = self.parameterAsCrs(parameters, self.COORD_CRS, context)
        if not coord_crs.isValid():
            coord_crs = QgsCoordinateReferenceSystem("EPSG:4326")
        max_distance = self.parameterAsDouble(parameters, self.MAX_DISTANCE, context)  # metres
        footprints = transform = None
        matched: List[Tuple[Any, MatchResult]] = []
        unmatched: List[Tuple[Any, MatchResult]] = []
        for row, result in batch.unmatched:
            xy = reported_xy(row.values)
            if xy is None:
                unmatched.append((row, result))
                continue
            if footprints is None:  # searched in metres: a geographic library in its UTM zone
                local = metric_crs(crs, geoms)
                footprints = Footprints(geoms, QgsCoordinateTransform(crs, local, context.transformContext())
                                        if local != crs else None)
                if coord_crs.isValid() and local.isValid() and coord_crs != local:
                    transform = QgsCoordinateTransform(coord_crs, local, context.transformContext())
            try:
                target = QgsPointXY(*xy)
                target = transform.transform(target) if transform is not None else target
            except Exception:  # noqa: BLE001 (QgsCsException: coordinates outside the CRS)
                target = None
            bid, method, distance = footprints.locate(target, max_distance) if target else (None, "", 0.0)
            if bid is None:
                reason = result.reason if result.reason != "empty_address" else "no_location"
                unmatched.append((row, MatchResult(None, reason=reason, candidates=result.candidates,
                                                   parsed=result.parsed)))
                continue
            score = coordinate_score(method, distance, max_distance)
            matched.append((row, MatchResult(bid, method, score, parsed=result.parsed)))
        return matched, unmatched

    def _run(self, parameters, context, feedback):
        library, geoms, crs, compound_ids, self._decisions = load_library(
            self, parameters, context, feedback, self.LIBRARY, self.ALIASES)
        if feedback.isCanceled():
            raise Canceled()
        feedback.pushInfo(self.tr("Reading reports …"))
        read = self._read(parameters, context, feedback)
        feedback.setProgress(30)
        catalogue = self._catalogue(feedback)

        feedback.pushInfo(self.tr("Matching {} rows …").format(len(read.rows)))
        batch = match_rows(read.rows, library, feedback, 30.0, 40.0)
        by_point, unmatched = self._locate(parameters, context, batch, geoms, crs)
        matched: List[Tuple[Any, MatchResult]] = list(batch.matched) + by_point
        # rows a planner decided in the review dialog are placed on the chosen building
        placed, unmatched, stale = review.apply_decisions(self._decisions, unmatched, library.by_id)
        matched += placed
        if placed or stale:
            feedback.pushInfo(self.tr("Review decisions applied: {} rows placed, {} decisions name a "
                                      "building the library no longer has.").format(len(placed), stale))
        feedback.setProgress(72)

        round_value = self.parameterAsInt(parameters, self.ROUND, context)
        year = round_value or default_year(row.values.get("date", "") for row in read.rows)
        out_fields = make_fields(OUTPUT_FIELDS)
        un_fields = make_fields(UNMATCHED_OUTPUT_FIELDS)
        sink, dest = self.parameterAsSink(parameters, self.OUTPUT, context, out_fields, QgsWkbTypes.Point,
                                          crs)
        if sink is None:
            raise QgsProcessingException(self.invalidSinkError(parameters, self.OUTPUT))
        # an .xlsx UNMATCHED is written as the formatted review workbook (core/review_workbook.py)
        usink, udest, review_sink = open_unmatched_sink(self, parameters, self.UNMATCHED, context, un_fields)

        # A CSV or ODS written from these sinks would evaluate report text such as =HYPERLINK(…) as a
        # formula when a planner opens it; OGR's XLSX writer stores text as text, but is treated alike.
        # GeoPackages and memory layers keep the text exactly as written.
        safe_out = opens_in_spreadsheet(parameters, self.OUTPUT, dest, context)
        safe_un = opens_in_spreadsheet(parameters, self.UNMATCHED, udest, context)
        places = ProblemPlaces(library, geoms, compound_ids)
        total = len(matched) + len(unmatched) or 1
        attributes = _ReportAttributes(ProblemMapper(catalogue, round_value, year))

        def matched_row(row, result):
            bid = result.building_id
            geom, level, compound_id = places.of(bid, result.parsed.compound)
            return geom, [attributes.mask(bid) if bid else None, result.method, float(result.score), level,
                          attributes.mask(compound_id) if compound_id else None]

        names = review.building_names(library) if unmatched else {}

        def unmatched_row(_row, result):
            return None, [result.reason, attributes.mask(result.candidates_text()),
                          review.reason_text(result.reason),
                          attributes.mask(review.candidate_names_text(result.candidates, names))]

        feedback.pushInfo(self.tr("Writing {} problem points and {} unmatched rows …").format(
            len(matched), len(unmatched)))
        done = 0
        for target, name, fields, safe, rows, extra in (
                (sink, self.OUTPUT, out_fields, safe_out, matched, matched_row),
                (usink, self.UNMATCHED, un_fields, safe_un, unmatched, unmatched_row)):
            batch: List[QgsFeature] = []
            for row, result in rows:
                if done % 1000 == 0:
                    if feedback.isCanceled():
                        raise Canceled()
                    feedback.setProgress(72 + 28 * done / total)
                done += 1
                geom, more = extra(row, result)
                attrs = attributes(row, result) + more
                feature = QgsFeature(fields)
                if geom is not None:
                    feature.setGeometry(geom)
                feature.setAttributes([safe_cell(v) for v in attrs] if safe else attrs)
                batch.append(feature)
                if len(batch) >= 1000:
                    self._add(target, batch, parameters, name)
            self._add(target, batch, parameters, name)
        if review_sink is not None:  # the workbook, now that it holds every unmatched row
            review_sink.finish(feedback)
        # close both sinks (files written), then style them: Chinese aliases, points by category
        del sink, usink, target  # the loop variable holds the last sink too
        layer_styles.style_join_outputs(dest, review_sink.layer_uri if review_sink is not None else udest,
                                        catalogue.categories() if catalogue else [], context, feedback)
        rows_read = len(matched) + len(unmatched) + read.blank_rows + read.nondata_rows + read.unreadable_rows
        self._summary(feedback, read, matched, unmatched, attributes.refused)
        feedback.setProgress(100)
        return {self.OUTPUT: dest, self.UNMATCHED: udest, self.ROWS_READ: rows_read,
                self.MATCHED: len(matched), self.UNMATCHED_COUNT: len(unmatched),
                self.BLANK_ROWS: read.blank_rows, self.FILES_READ: read.files_read,
                self.ISSUES: len(read.issues),
                self.NONDATA_ROWS: read.nondata_rows, self.UNREADABLE_ROWS: read.unreadable_rows}

    # -- helpers ---------------------------------------------------------------------------
    def _add(self, target, batch: List[QgsFeature], parameters, name: str) -> None:
        """Write ``batch`` into sink ``target`` (output ``name``) and empty it."""
        if batch and not target.addFeatures(batch, QgsFeatureSink.FastInsert):
            raise QgsProcessingException(self.writeFeatureError(target, parameters, name))
        batch.clear()

    def _summary(self, feedback, read, matched, unmatched, refused: int) -> None:
        reasons = Counter(result.reason for _row, result in unmatched)
        methods = Counter(result.method for _row, result in matched)
        compound_level = sum(1 for _row, result in matched if result.building_id is None)
        rows_read = len(matched) + len(unmatched) + read.blank_rows + read.nondata_rows + read.unreadable_rows
        feedback.pushInfo(self.tr("Rows read: {read} = matched {matched} + unmatched {unmatched} + "
                                  "blank {blank} + non-data {nondata} + unreadable {unreadable} "
                                  "({files} files, {sheets} sheets, {skipped} files skipped).").format(
            read=rows_read, matched=len(matched), unmatched=len(unmatched), blank=read.blank_rows,
            nondata=read.nondata_rows, unreadable=read.unreadable_rows,
            files=read.files_read, sheets=read.sheets_read, skipped=len(read.skipped_files)))
        if methods:
            feedback.pushInfo(self.tr("Matched by: {} ({} at compound level, without a building).").format(
                ", ".join("{} {}".format(k, v) for k, v in sorted(methods.items())), compound_level))
        if reasons:
            feedback.pushInfo(self.tr("Unmatched because: {}").format(
                ", ".join("{} {}".format(k, v) for k, v in sorted(reasons.items()))))
        if refused:
            feedback.pushWarning(self.tr("{} photo names were refused (paths outside the report folder); "
                                         "see photo_missing.").format(refused))

    def _catalogue(self, feedback):
        try:
            from ...core.catalogue import load_catalogue

            return load_catalogue()
        except (CityHealthError, OSError, ImportError) as error:
            feedback.pushWarning(self.tr("Problem catalogue not available ({}): problem codes stay empty.")
                                 .format(error))
            return None


class _ReportAttributes:
    """The report fields of an output row (``schema.REPORT_FIELDS`` order): the reader's row, the
    parsed address and the resolved photos made into a problem record by ``core/problems.py``
    (catalogue, round, masking). ``refused`` counts refused photo names."""

    def __init__(self, mapper: ProblemMapper):
        self.mapper = mapper
        self.mask = mapper.mask
        self.photo_finder = PhotoFinder()
        self.refused = 0

    def __call__(self, row, result: MatchResult) -> List[Any]:
        photo = row.values.get("photo", "")
        photos = self.photo_finder.resolve(photo, row.report_dir) if photo else None
        if photos is not None:
            self.refused += len(photos.refused)
        return list(_REPORT_VALUES(self.mapper.record(from_report_row(row, result.parsed, photos))))
