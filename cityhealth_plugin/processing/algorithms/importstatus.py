"""cityhealth:importstatus — returned work orders into the ledger's append-only problem_history."""

from __future__ import annotations

import datetime
import os

from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsFeature,
    QgsFeatureSink,
    QgsProcessingException,
    QgsProcessingOutputNumber,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFile,
    QgsProcessingParameterString,
    QgsWkbTypes,
)

from ...core.catalogue import load_catalogue
from ...core.closedloop.history import Ledger, import_returns, parse_date
from ...core.closedloop.workbook import read_returned
from ...core.messages import CityHealthError
from ...core.sanitize import is_spreadsheet_destination, mask_personal, safe_cell
from ..base import CityHealthAlgorithm, processing_error, translate_message
from ..closedloop_ledger import (
    HISTORY_SPEC,
    HISTORY_TABLE,
    append_rows,
    check_ledger,
    history_values,
    modify_ledger,
    read_history,
    read_problems,
    update_status,
)
from ..io import make_fields

REJECTED_SPEC = (("source_file", str), ("source_sheet", str), ("source_row", int), ("problem_uid", str),
                 ("status", str), ("date", str), ("reason", str))


class ImportStatusAlgorithm(CityHealthAlgorithm):
    """Import the status that departments wrote into their returned work orders."""

    ALG_ID = "importstatus"
    GROUP = "loop"

    LEDGER = "LEDGER"
    INPUT = "INPUT"
    TODAY = "TODAY"
    REJECTED = "REJECTED"
    APPLIED = "APPLIED"
    REJECTED_COUNT = "REJECTED_COUNT"
    UNCHANGED = "UNCHANGED"

    def displayName(self) -> str:  # noqa: N802
        return self.tr("Import returned work orders (status)")

    def shortHelpString(self) -> str:  # noqa: N802
        return self.tr(
            "Reads a returned work order (.xlsx) or every work order in a folder and imports the rows "
            "whose 整改状态 is filled: each change is appended to the ledger's append-only table "
            "problem_history (problem uid, from, to, changed date, who / department, note, source file, "
            "sheet, row, imported at) and the problem's current status is written to the status field "
            "of problems.\n\n"
            "A row is rejected, with the reason naming file, sheet and row, when its 问题编号 is unknown, "
            "its 整改状态 is not one a department may set (整改中, 已整改, 已复核, 无法整改, 非本部门职责), "
            "the lifecycle forbids the change from the problem's current state, or its 整改日期 is "
            "missing, unreadable, in the future or before the problem was found; the other rows import. "
            "A row asking for the state a problem is already in, or repeating a change already in the "
            "history, is counted as unchanged: importing the same workbook twice changes nothing.\n\n"
            "非本部门职责 sends the problem back to 待派单 (a second history row) for re-routing to the "
            "department named in 改派部门, or to 市住房和城乡建设局 when none is named. The ledger is "
            "replaced atomically. TODAY (YYYY-MM-DD, empty: today) is the date after which a 整改日期 "
            "is in the future.")

    def initAlgorithm(self, config=None):  # noqa: N802
        self.addParameter(QgsProcessingParameterFile(
            self.LEDGER, self.tr("Ledger GeoPackage"), extension="gpkg"))
        # Folder behaviour: the value may also be one .xlsx (QGIS does not check that it is a folder)
        self.addParameter(QgsProcessingParameterFile(
            self.INPUT, self.tr("Folder of returned work orders (or one .xlsx)"),
            QgsProcessingParameterFile.Folder))
        self.addParameter(QgsProcessingParameterString(
            self.TODAY, self.tr("Today (YYYY-MM-DD; empty: the computer's date)"), optional=True))
        self.addParameter(QgsProcessingParameterFeatureSink(
            self.REJECTED, self.tr("Rejected rows"), optional=True, createByDefault=True))
        self.addOutput(QgsProcessingOutputNumber(self.APPLIED, self.tr("Rows applied")))
        self.addOutput(QgsProcessingOutputNumber(self.REJECTED_COUNT, self.tr("Rows rejected")))
        self.addOutput(QgsProcessingOutputNumber(self.UNCHANGED, self.tr("Rows unchanged")))

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        path = self.parameterAsFile(parameters, self.LEDGER, context)
        check_ledger(path)
        source = self.parameterAsFile(parameters, self.INPUT, context) or self.parameterAsString(
            parameters, self.INPUT, context)
        if not source or not os.path.exists(source):
            raise QgsProcessingException(self.tr("The returned work orders {0} do not exist.").format(source))
        text = (self.parameterAsString(parameters, self.TODAY, context) or "").strip()
        today = parse_date(text) if text else datetime.date.today()
        if today is None:
            raise QgsProcessingException(self.tr("TODAY «{0}» is not a date (YYYY-MM-DD).").format(text))
        try:
            read = read_returned(source, feedback)
            for message in read.problems:
                feedback.reportError(translate_message(message))
            if read.files == 0:
                raise QgsProcessingException(self.tr("No readable work order (.xlsx) in {0}.").format(source))
            ledger = Ledger(read_problems(path, None, feedback), read_history(path), load_catalogue())
            imported_at = datetime.datetime.now().replace(microsecond=0).isoformat()
            result = import_returns(ledger, read.rows, today, imported_at, feedback)
        except CityHealthError as error:
            raise processing_error(error) from None
        fields = make_fields(REJECTED_SPEC)
        sink, dest = self.parameterAsSink(parameters, self.REJECTED, context, fields,
                                          QgsWkbTypes.NoGeometry, QgsCoordinateReferenceSystem())
        safe = is_spreadsheet_destination(dest or "")
        feats = []
        for rejection in result.rejected:
            row = rejection.row
            reason = translate_message(rejection.message)
            feedback.pushWarning(reason)
            date = row.date.date() if isinstance(row.date, datetime.datetime) else row.date
            date = date.isoformat() if isinstance(date, datetime.date) else "" if date is None else str(date)
            values = [row.source_file, row.source_sheet, row.source_row, row.uid, row.status, date, reason]
            values = [mask_personal(v) if isinstance(v, str) else v for v in values]
            if safe:
                values = [safe_cell(v) for v in values]
            feat = QgsFeature(fields)
            feat.setAttributes(values)
            feats.append(feat)
        if sink is not None and feats and not sink.addFeatures(feats, QgsFeatureSink.FastInsert):
            raise QgsProcessingException(self.writeFeatureError(sink, parameters, self.REJECTED))
        if feedback.isCanceled():
            raise QgsProcessingException(self.tr("Cancelled: the ledger was not changed."))
        if result.applied:
            for row in result.applied:
                row.note = mask_personal(row.note)
            with modify_ledger(path, feedback) as copy:
                append_rows(copy, HISTORY_TABLE, HISTORY_SPEC, (history_values(r) for r in result.applied))
                update_status(copy, result.changed)
        feedback.pushInfo(self.tr(
            "{files} files read: {rows} filled rows — {applied} applied ({history} history rows), {rejected} "
            "rejected, {unchanged} unchanged; {blank} rows left blank.").format(
            files=read.files, rows=len(read.rows), applied=result.applied_rows, history=len(result.applied),
            rejected=len(result.rejected), unchanged=result.unchanged, blank=read.blank))
        out = {self.APPLIED: result.applied_rows, self.REJECTED_COUNT: len(result.rejected),
               self.UNCHANGED: result.unchanged}
        if sink is not None:
            out[self.REJECTED] = dest
        return out
