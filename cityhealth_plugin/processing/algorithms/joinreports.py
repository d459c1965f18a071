"""cityhealth:joinreports — join grid reports (网格排查报表) to library buildings, losing no row."""

from __future__ import annotations

import datetime
import gc
import re
from collections import Counter
from typing import Any, Dict, List, Optional, Tuple

from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsFeature,
    QgsFeatureSink,
    QgsGeometry,
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
    QgsSpatialIndex,
    QgsWkbTypes,
)
from qgis.PyQt.QtCore import QCoreApplication

from ...core import review, schema  # review: reasons, candidate names, decisions
from ...core.feedback import Canceled
from ...core.library import AddressLibrary
from ...core.matching import MatchResult, match_rows
from ...core.messages import CityHealthError
from ...core.normalize import normalize_date
from ...core.photos import PhotoFinder
from ...core.report_reader import describe_issue, read_reports
from ...core.sanitize import mask_personal, mask_phone, safe_cell
from .. import layer_styles  # forms: styles of the outputs
from ..base import CityHealthAlgorithm, processing_error
from ..destinations import opens_in_spreadsheet  # forms: spreadsheet destinations
from ..library_layers import sibling_layer  # forms: the library's own alias table by default
from ..review_io import gpkg_of, read_decisions, review_workbook_sink  # review
from .addresslibrary import qfields, read_building_records, text_value

OUTPUT_FIELDS = dict(schema.REPORT_FIELDS, **schema.MATCH_FIELDS)
UNMATCHED_OUTPUT_FIELDS = dict(schema.REPORT_FIELDS, **schema.UNMATCHED_FIELDS,
                               **schema.UNMATCHED_REVIEW_FIELDS)  # review: reason_cn, candidate_names


_DIGIT_RUN = re.compile(r"\d{5,}")
_PLAIN_MOBILE = re.compile(r"1[3-9][0-9]{9}")


def mask_phone_cell(text: str) -> str:
    """A phone cell, always masked: known phone forms as 138****5678, any other run of 5+ digits
    keeps only its first 3 (when long) and last 4 digits."""
    if _PLAIN_MOBILE.fullmatch(text or ""):  # the usual cell: 13812345678 → 138****5678
        return text[:3] + "****" + text[7:]
    masked = mask_personal(mask_phone(text or ""))

    def hide(match):
        run = match.group(0)
        if len(run) >= 8:
            return run[:3] + "*" * (len(run) - 7) + run[-4:]
        return "*" * (len(run) - 4) + run[-4:]

    return _DIGIT_RUN.sub(hide, masked)


def _float(text: str) -> Optional[float]:
    if not text:
        return None
    try:
        value = float(str(text).strip().replace("，", ".").replace(",", "."))
    except ValueError:
        return None
    return value if value == value else None  # NaN


class _SpanFeedback:
    """A core loop's progress (0–100 %) shown in ``[start, start + span]`` of the algorithm's
    feedback; cancelling the algorithm cancels the loop."""

    def __init__(self, feedback, start: float, span: float):
        self._feedback = feedback
        self._start = start
        self._span = span

    def setProgress(self, percent: float) -> None:  # noqa: N802 (mirrors QgsFeedback)
        self._feedback.setProgress(self._start + self._span * percent / 100.0)

    def isCanceled(self) -> bool:  # noqa: N802
        return self._feedback.isCanceled()

    def pushInfo(self, text: str) -> None:  # noqa: N802
        self._feedback.pushInfo(text)


class _Footprints:
    """Building footprints with a spatial index, for the coordinate mode."""

    def __init__(self, geoms: Dict[str, QgsGeometry]):
        self.index = QgsSpatialIndex()
        self.ids: List[str] = []
        self.geoms: List[QgsGeometry] = []
        features = []
        for bid, geom in geoms.items():
            if geom is None or geom.isEmpty():
                continue
            feature = QgsFeature(len(self.ids))
            feature.setGeometry(geom)
            features.append(feature)
            self.ids.append(bid)
            self.geoms.append(geom)
        self.index.addFeatures(features)  # one call, same insertion order as one by one

    def locate(self, point: QgsPointXY, max_distance: float) -> Tuple[Optional[str], str, float]:
        """(building id, "point" | "nearest", distance) or (None, "", 0)."""
        pgeom = QgsGeometry.fromPointXY(point)
        for n in self.index.intersects(pgeom.boundingBox()):
            if self.geoms[n].contains(pgeom):
                return self.ids[n], "point", 0.0
        best: Tuple[Optional[str], float] = (None, float("inf"))
        for n in self.index.nearestNeighbor(point, 5, max_distance):
            distance = self.geoms[n].distance(pgeom)
            if distance <= max_distance and distance < best[1]:
                best = (self.ids[n], distance)
        if best[0] is None:
            return None, "", 0.0
        return best[0], "nearest", best[1]


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
    NONDATA_ROWS = "NONDATA_ROWS"  # readers: total / subtotal / signature rows (合计, 审核人 …)
    UNREADABLE_ROWS = "UNREADABLE_ROWS"  # readers: rows lost where a sheet stopped being readable
    FILES_READ = "FILES_READ"
    ISSUES = "ISSUES"

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
            "match_score); a row that names a compound but no building is a compound-level problem: "
            "building_id stays empty and the point lies in the middle of the compound's buildings. "
            "Every other row goes to the unmatched table with a reason (no_compound, "
            "no_building, no_unit, ambiguous, empty_address, no_location) and the best candidates. "
            "Every row keeps source_file, source_sheet and source_row (the row number seen in the "
            "spreadsheet). Rows read = matched + unmatched + blank + non-data (totals, signatures) + "
            "unreadable rows. Phone numbers are masked; "
            "photos are looked up next to the report file, missing ones are listed.") + "\n\n" + self.tr(
            # review: the review workbook and the planners' decisions
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
            label = {"COMPOUND_COLUMN": "Compound column (header text, optional)",
                     "BUILDING_COLUMN": "Building column (header text, optional)",
                     "UNIT_COLUMN": "Unit column (header text, optional)",
                     "ADDRESS_COLUMN": "Free-text address column (header text, optional)",
                     "PROBLEM_COLUMN": "Problem column (header text, optional)",
                     "COMMUNITY_COLUMN": "Community column (header text, optional)"}[name]
            self.addParameter(QgsProcessingParameterString(name, self.tr(label), "", optional=True))
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
        for name, label in ((self.ROWS_READ, "Rows read"), (self.MATCHED, "Rows matched"),
                            (self.UNMATCHED_COUNT, "Rows unmatched"), (self.BLANK_ROWS, "Blank rows"),
                            (self.FILES_READ, "Files read"), (self.ISSUES, "Read issues"),
                            # readers: the two new counts of the accounting line
                            (self.NONDATA_ROWS, "Non-data rows (totals, signatures)"),
                            (self.UNREADABLE_ROWS, "Unreadable rows")):
            self.addOutput(QgsProcessingOutputNumber(name, self.tr(label)))

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        # The join builds hundreds of thousands of small acyclic objects (rows, parsed addresses,
        # match results, features); the cyclic garbage collector would rescan them again and again
        # (a fifth of the run). Reference counting still frees them; collection resumes afterwards.
        collecting = gc.isenabled()
        gc.disable()
        try:
            return self._run(parameters, context, feedback)
        except CityHealthError as error:
            raise processing_error(error) from error
        finally:
            if collecting:
                gc.enable()

    # -- steps -----------------------------------------------------------------------------
    def _library(self, parameters, context, feedback) -> Tuple[AddressLibrary, Dict[str, QgsGeometry], Any]:
        source = self.parameterAsSource(parameters, self.LIBRARY, context)
        if source is None:
            raise QgsProcessingException(self.invalidSourceError(parameters, self.LIBRARY))
        id_field, compound_field, building_field, units_field, community_field, grid_field = \
            self.libraryFields(parameters, context, source, self.tr("Building library"))
        if not (id_field and compound_field and building_field):
            raise QgsProcessingException(
                self.tr("Choose the id, compound and building fields of the library."))
        records, geoms = read_building_records(
            source, id_field, compound_field, building_field, units_field, community_field, grid_field,
            feedback, span=(0.0, 10.0))
        if not records:
            raise QgsProcessingException(self.tr("The building library has no features."))
        alias_rows = []
        # without ALIASES, a library_buildings layer of 地址库.gpkg brings its library_aliases
        own_aliases = None if parameters.get(self.ALIASES) not in (None, "") else sibling_layer(
            self.parameterAsString(parameters, self.LIBRARY, context))
        self._decisions = review.DecisionBook()
        if parameters.get(self.ALIASES) not in (None, "") or own_aliases is not None:
            alias_layer = own_aliases if own_aliases is not None else self.parameterAsVectorLayer(
                parameters, self.ALIASES, context)
            # planners' decisions from the review dialog live next to the aliases (library_decisions)
            self._decisions = read_decisions(gpkg_of(alias_layer))
            aliases = own_aliases if own_aliases is not None else self.parameterAsSource(
                parameters, self.ALIASES, context)
            if aliases is None:
                raise QgsProcessingException(self.invalidSourceError(parameters, self.ALIASES))
            names = aliases.fields().names()
            if "alias" not in names or "compound" not in names:
                raise QgsProcessingException(self.tr("The alias table needs the fields alias, compound and "
                                                     "kind; it has: {}").format(", ".join(names)))
            for feature in aliases.getFeatures():
                alias_rows.append({"alias": text_value(feature["alias"]),
                                   "compound": text_value(feature["compound"]),
                                   "kind": text_value(feature["kind"]) if "kind" in names else "manual"})
        library = AddressLibrary(records, (), alias_rows)
        feedback.pushInfo(self.tr("Library: {} buildings in {} compounds, {} spellings.").format(
            len(records), len(library.by_compound), len(library.index.keys)))
        return library, geoms, source.sourceCrs()

    def _read(self, parameters, context, feedback):
        path = self.parameterAsFile(parameters, self.REPORTS, context)
        if not path:
            raise QgsProcessingException(self.tr("Choose a report file or folder."))
        overrides = {}
        for key, name in self.COLUMN_OVERRIDES:
            value = self.parameterAsString(parameters, name, context)
            if value and value.strip():
                overrides[key] = value.strip()
        result = read_reports(path, overrides, feedback=_SpanFeedback(feedback, 10.0, 20.0))
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

    def _run(self, parameters, context, feedback):
        library, geoms, crs = self._library(parameters, context, feedback)
        if feedback.isCanceled():
            raise Canceled()
        feedback.pushInfo(self.tr("Reading reports …"))
        read = self._read(parameters, context, feedback)
        feedback.setProgress(30)
        catalogue = self._catalogue(feedback)

        feedback.pushInfo(self.tr("Matching {} rows …").format(len(read.rows)))
        batch = match_rows(read.rows, library, feedback, 30.0, 40.0)
        matched: List[Tuple[Any, MatchResult, str]] = [(row, result, "") for row, result in batch.matched]
        unmatched: List[Tuple[Any, MatchResult]] = []

        # coordinate mode for rows the address did not place
        coord_crs = self.parameterAsCrs(parameters, self.COORD_CRS, context)
        if not coord_crs.isValid():
            coord_crs = QgsCoordinateReferenceSystem("EPSG:4326")
        max_distance = self.parameterAsDouble(parameters, self.MAX_DISTANCE, context)
        footprints = None
        transform = None
        for row, result in batch.unmatched:
            point = self._coordinates(row.values)
            if point is None:
                unmatched.append((row, result))
                continue
            if footprints is None:
                footprints = _Footprints(geoms)
                if coord_crs.isValid() and crs.isValid() and coord_crs != crs:
                    transform = QgsCoordinateTransform(coord_crs, crs, context.transformContext())
            try:
                target = transform.transform(point) if transform is not None else point
            except Exception:  # noqa: BLE001 (QgsCsException: coordinates outside the CRS)
                target = None
            distance_limit = max_distance
            if crs.isGeographic():
                distance_limit = max_distance / 111320.0
            bid, method, distance = footprints.locate(target, distance_limit) if target else (None, "", 0.0)
            if bid is None:
                reason = result.reason if result.reason != "empty_address" else "no_location"
                unmatched.append((row, MatchResult(None, reason=reason, candidates=result.candidates,
                                                   parsed=result.parsed)))
                continue
            score = 1.0 if method == "point" else round(
                max(0.5, 1.0 - distance / max(distance_limit, 1e-9)) * 0.9, 4)
            matched.append((row, MatchResult(bid, method, score, parsed=result.parsed), ""))
        # review: rows a planner decided in the review dialog are placed on the chosen building
        placed, unmatched, stale = review.apply_decisions(self._decisions, unmatched, library.by_id)
        matched += [(row, result, "") for row, result in placed]
        if placed or stale:
            feedback.pushInfo(self.tr("Review decisions applied: {} rows placed, {} decisions name a "
                                      "building the library no longer has.").format(len(placed), stale))
        feedback.setProgress(72)

        round_value = self.parameterAsInt(parameters, self.ROUND, context)
        default_year = self._default_year(read.rows) if not round_value else round_value
        out_fields = qfields(OUTPUT_FIELDS)
        un_fields = qfields(UNMATCHED_OUTPUT_FIELDS)
        sink, dest = self.parameterAsSink(parameters, self.OUTPUT, context, out_fields, QgsWkbTypes.Point,
                                          crs)
        if sink is None:
            raise QgsProcessingException(self.invalidSinkError(parameters, self.OUTPUT))
        # review: an .xlsx UNMATCHED is written as the formatted review workbook (core/review_workbook.py)
        review_sink = review_workbook_sink(parameters.get(self.UNMATCHED), self.parameterAsOutputLayer(
            parameters, self.UNMATCHED, context), context, un_fields.names())
        if review_sink is not None:
            usink, udest = review_sink, review_sink.path
        else:
            usink, udest = self.parameterAsSink(parameters, self.UNMATCHED, context, un_fields,
                                                QgsWkbTypes.NoGeometry, QgsCoordinateReferenceSystem())
        if usink is None:
            raise QgsProcessingException(self.invalidSinkError(parameters, self.UNMATCHED))

        # A CSV or ODS written from these sinks would evaluate report text such as =HYPERLINK(…) as a
        # formula when a planner opens it; OGR's XLSX writer stores text as text, but is treated alike.
        # GeoPackages and memory layers keep the text exactly as written.
        # forms: one decision for every spelling of a destination (ogr: URIs, .CSV, |layername=)
        safe_out = opens_in_spreadsheet(parameters, self.OUTPUT, dest, context)
        safe_un = opens_in_spreadsheet(parameters, self.UNMATCHED, udest, context)
        points: Dict[str, Optional[QgsGeometry]] = {}
        compound_points: Dict[str, Optional[QgsGeometry]] = {}
        total = len(matched) + len(unmatched) or 1
        attributes = _ReportAttributes(round_value, default_year, catalogue)
        batch_features: List[QgsFeature] = []

        def flush(target, name):
            if batch_features and not target.addFeatures(batch_features, QgsFeatureSink.FastInsert):
                raise QgsProcessingException(self.writeFeatureError(target, parameters, name))
            batch_features.clear()

        for n, (row, result, _note) in enumerate(matched):
            if n % 1000 == 0:
                flush(sink, self.OUTPUT)
                if feedback.isCanceled():
                    raise Canceled()
                feedback.setProgress(72 + 28 * n / total)
            attrs = attributes(row, result)
            attrs += [result.building_id, result.method, float(result.score)]
            if safe_out:
                attrs = [safe_cell(v) for v in attrs]
            feature = QgsFeature(out_fields)
            bid = result.building_id
            if bid is not None:
                if bid in points:
                    geom = points[bid]
                else:
                    geom = None
                    footprint = geoms.get(bid)
                    if footprint is not None and not footprint.isEmpty():
                        geom = footprint.pointOnSurface()
                    points[bid] = geom
            else:  # a compound-level problem: the middle of the compound's buildings
                geom = self._compound_point(library, geoms, result.parsed.compound, compound_points)
            if geom is not None:
                feature.setGeometry(geom)
            feature.setAttributes(attrs)
            batch_features.append(feature)
        flush(sink, self.OUTPUT)
        names = review.building_names(library) if unmatched else {}  # review
        for n, (row, result) in enumerate(unmatched):
            if n % 1000 == 0:
                flush(usink, self.UNMATCHED)
                if feedback.isCanceled():
                    raise Canceled()
                feedback.setProgress(72 + 28 * (len(matched) + n) / total)
            attrs = attributes(row, result)
            attrs += [result.reason, result.candidates_text(),
                      review.reason_text(result.reason),  # review: reason_cn, candidate_names
                      review.candidate_names_text(result.candidates, names)]
            if safe_un:
                attrs = [safe_cell(v) for v in attrs]
            feature = QgsFeature(un_fields)
            feature.setAttributes(attrs)
            batch_features.append(feature)
        flush(usink, self.UNMATCHED)
        if review_sink is not None:  # review: write the workbook now that it holds every unmatched row
            review_sink.finish(feedback)
        refused = attributes.refused
        # forms: close both sinks (files written), then style them: Chinese aliases, points by category
        del sink, usink
        styled_un = review_sink.layer_uri if review_sink is not None else udest
        layer_styles.style_join_outputs(dest, styled_un, catalogue.categories() if catalogue else [], context,
                                        feedback)

        reasons = Counter(result.reason for _row, result in unmatched)
        methods = Counter(result.method for _row, result, _n in matched)
        compound_level = sum(1 for _row, result, _n in matched if result.building_id is None)
        # readers: rows read = matched + unmatched + blank + non-data + unreadable (ReadResult counts)
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
        feedback.setProgress(100)
        return {self.OUTPUT: dest, self.UNMATCHED: udest, self.ROWS_READ: rows_read,
                self.MATCHED: len(matched), self.UNMATCHED_COUNT: len(unmatched),
                self.BLANK_ROWS: read.blank_rows, self.FILES_READ: read.files_read,
                self.ISSUES: len(read.issues),
                self.NONDATA_ROWS: read.nondata_rows, self.UNREADABLE_ROWS: read.unreadable_rows}  # readers

    # -- helpers ---------------------------------------------------------------------------
    @staticmethod
    def _compound_point(library: AddressLibrary, geoms: Dict[str, QgsGeometry], compound: Optional[str],
                        cache: Dict[str, Optional[QgsGeometry]]) -> Optional[QgsGeometry]:
        """Mean of the points on surface of the compound's footprints (None when it has none)."""
        if not compound:
            return None
        if compound not in cache:
            xs, ys = [], []
            for record in library.by_compound.get(compound, []):
                footprint = geoms.get(record.id)
                if footprint is not None and not footprint.isEmpty():
                    point = footprint.pointOnSurface().asPoint()
                    xs.append(point.x())
                    ys.append(point.y())
            cache[compound] = QgsGeometry.fromPointXY(QgsPointXY(sum(xs) / len(xs), sum(ys) / len(ys))) \
                if xs else None
        return cache[compound]

    def _catalogue(self, feedback):
        try:
            from ...core.catalogue import load_catalogue

            return load_catalogue()
        except (CityHealthError, OSError, ImportError) as error:
            feedback.pushWarning(self.tr("Problem catalogue not available ({}): problem codes stay empty.")
                                 .format(error))
            return None

    @staticmethod
    def _coordinates(values: Dict[str, str]) -> Optional[QgsPointXY]:
        x, y = _float(values.get("lon", "")), _float(values.get("lat", ""))
        if x is None or y is None:
            x, y = _float(values.get("x", "")), _float(values.get("y", ""))
        if x is None or y is None:
            return None
        return QgsPointXY(x, y)

    @staticmethod
    def _default_year(rows) -> int:
        years = Counter()
        for row in rows:
            iso = normalize_date(row.values.get("date", ""))
            if iso:
                years[int(iso[:4])] += 1
        return years.most_common(1)[0][0] if years else datetime.date.today().year


class _ReportAttributes:
    """The report fields of an output row (``schema.REPORT_FIELDS`` order), for many rows.

    The pure conversions (dates, masking, catalogue look-ups) are remembered per distinct cell:
    a round repeats the same dates, problems, descriptions and reporters on thousands of rows.
    ``refused`` counts the photo names refused so far.
    """

    LIMIT = 200000

    def __init__(self, round_value: int, default_year: int, catalogue):
        self.round_value = round_value
        self.default_year = default_year
        self.catalogue = catalogue
        self.photo_finder = PhotoFinder()
        self.refused = 0
        self._years: Dict[str, Tuple[str, int]] = {}
        self._problems: Dict[str, Tuple[Any, ...]] = {}
        self._masked: Dict[str, str] = {}

    def _year(self, date: str) -> Tuple[str, int]:
        found = self._years.get(date)
        if found is None:
            iso = normalize_date(date)
            found = self._years[date] = (iso, int(self.round_value or (int(iso[:4]) if iso
                                                                       else self.default_year)))
        return found

    def _problem(self, problem: str) -> Tuple[Any, ...]:
        """(code, category, indicator code, default severity) of a problem text."""
        found = self._problems.get(problem)
        if found is None:
            problem_type = self.catalogue.lookup(problem) if self.catalogue is not None and problem else None
            found = self._problems[problem] = (
                (problem_type.code, problem_type.category, problem_type.indicator_code,
                 problem_type.default_severity) if problem_type else ("", "", "", ""))
        return found

    def _mask(self, text: str) -> str:
        masked = self._masked.get(text)
        if masked is None:
            if len(self._masked) > self.LIMIT:
                self._masked.clear()
            masked = self._masked[text] = mask_personal(text)
        return masked

    def __call__(self, row, result: MatchResult) -> List[Any]:
        values = row.values
        get = values.get
        parsed = result.parsed
        iso, year = self._year(get("date", ""))
        problem = get("problem", "")
        code, category, indicator, default_severity = self._problem(problem)
        photo = get("photo", "")
        photo_paths = photo_missing = ""
        if photo:
            resolution = self.photo_finder.resolve(photo, row.report_dir)
            photo_paths = ";".join(resolution.paths)
            photo_missing = ";".join(resolution.missing + resolution.refused)
            self.refused += len(resolution.refused)
        point = JoinReportsAlgorithm._coordinates(values) if ("lon" in values or "x" in values) else None
        parts = (get("compound"), get("building"), get("unit"), get("room"), get("address"))
        raw_address = " / ".join([text for text in parts if text])
        return [
            "{}|{}|{}".format(row.source_file, row.source_sheet, row.source_row),
            row.source_file, row.source_sheet, int(row.source_row), year,
            get("district", ""), get("street", ""), get("community", ""), get("grid", ""),
            parsed.compound or parsed.compound_text or get("compound", ""),
            parsed.building or "", parsed.unit or "", parsed.room or "",
            mask_personal(raw_address), problem, code, category, indicator,
            get("severity", "") or default_severity,
            self._mask(get("description", "")), photo, photo_paths, photo_missing,
            self._mask(get("reporter", "")), mask_phone_cell(get("phone", "")),
            iso, get("status", ""),
            point.x() if point is not None else None, point.y() if point is not None else None,
        ]
