"""cityhealth:workorders — one work order (.xlsx) per responsible department and district; dispatch."""

from __future__ import annotations

import datetime
import os
from collections import defaultdict
from typing import Dict, List, Tuple

from qgis.core import (
    QgsFeatureRequest,
    QgsProcessingException,
    QgsProcessingOutputNumber,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterFile,
    QgsProcessingParameterFolderDestination,
    QgsProcessingParameterNumber,
    QgsProcessingParameterString,
)

from ...core.catalogue import load_catalogue
from ...core.closedloop import lifecycle as lc
from ...core.closedloop.history import Ledger, Order, dispatch, parse_date
from ...core.closedloop.workbook import file_name, write_workorder
from ...core.messages import CityHealthError
from ..base import CityHealthAlgorithm, processing_error
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
from ..io import to_int, to_text


class WorkOrdersAlgorithm(CityHealthAlgorithm):
    """Dispatch the open problems of a round as work orders to the departments responsible."""

    ALG_ID = "workorders"
    GROUP = "loop"

    LEDGER = "LEDGER"
    ROUND = "ROUND"
    DEADLINES = "DEADLINES"
    URGENT_DAYS = "URGENT_DAYS"
    EFFORT_DAYS = "EFFORT_DAYS"
    DISPATCH_DATE = "DISPATCH_DATE"
    CATALOGUE = "CATALOGUE"
    OUTPUT = "OUTPUT"
    FILES = "FILES"
    LISTED = "LISTED"
    DISPATCHED = "DISPATCHED"

    def displayName(self) -> str:  # noqa: N802
        return self.tr("Write work orders to departments")

    def shortHelpString(self) -> str:  # noqa: N802
        return self.tr(
            "Writes one work order (工单, .xlsx) per responsible department and district for the open "
            "problems (待派单, 已派单, 整改中) of a round of the ledger, into the output folder, named "
            "<department>_<district>_<round>年工单.xlsx. The department of a problem is the one of the "
            "problem catalogue (column responsible), or the one a re-routing named.\n\n"
            "Each row: 问题编号, 责任部门, 街道, 地址, 问题, 问题描述, 严重程度, 照片 (link relative to the "
            "work order), 派单日期, 整改类型, 整改期限, then the yellow columns the department fills "
            "back: 整改状态 (a dropdown), 整改日期, 整改说明, 整改后照片, 改派部门. Chinese headers, frozen "
            "header, filters, A4 landscape print setup with the header repeated; phone and ID numbers "
            "are masked and no text becomes a formula.\n\n"
            "整改期限 = dispatch date + the days of the remediation type of the catalogue: 限时解决 "
            "(urgent, URGENT_DAYS) or 尽力解决 (effort, EFFORT_DAYS). The optional DEADLINES table "
            "overrides them: a field «key» (a problem code, urgent/effort or 限时解决/尽力解决) and a field "
            "«days».\n\n"
            "Dispatching moves each listed problem from 待派单 to 已派单 (a report-side 整改中 stays "
            "整改中, its assignment recorded), appended to the ledger's problem_history table; "
            "problems already dispatched are listed again with their first dispatch and change nothing.\n\n"
            "Lifecycle: 待派单 → 已派单 → 整改中 → 已整改 → 已复核; reopen (复发) from 已整改 or 已复核 "
            "back to 整改中; 无法整改 closes; 非本部门职责 goes back to 待派单 for re-routing. The "
            "report-side statuses map: 未整改 or empty → 待派单, 整改中 → 整改中, 已整改 → 已整改.")

    def initAlgorithm(self, config=None):  # noqa: N802
        self.addParameter(QgsProcessingParameterFile(
            self.LEDGER, self.tr("Ledger GeoPackage"), extension="gpkg"))
        self.addParameter(QgsProcessingParameterNumber(
            self.ROUND, self.tr("Round (year)"), QgsProcessingParameterNumber.Integer, 2024, False, 1900,
            2200))
        self.addParameter(QgsProcessingParameterFeatureSource(
            self.DEADLINES, self.tr("Deadline table (fields key, days)"), optional=True))
        self.addParameter(QgsProcessingParameterNumber(
            self.URGENT_DAYS, self.tr("Days to the deadline for 限时解决 (urgent)"),
            QgsProcessingParameterNumber.Integer, 15, False, 1, 3650))
        self.addParameter(QgsProcessingParameterNumber(
            self.EFFORT_DAYS, self.tr("Days to the deadline for 尽力解决 (effort)"),
            QgsProcessingParameterNumber.Integer, 90, False, 1, 3650))
        self.addParameter(QgsProcessingParameterString(
            self.DISPATCH_DATE, self.tr("Dispatch date (YYYY-MM-DD; empty: today)"), optional=True))
        self.addParameter(QgsProcessingParameterFile(
            self.CATALOGUE, self.tr("Problem catalogue CSV (empty: the built-in national catalogue)"),
            extension="csv", optional=True))
        self.addParameter(QgsProcessingParameterFolderDestination(self.OUTPUT, self.tr("Work order folder")))
        self.addOutput(QgsProcessingOutputNumber(self.FILES, self.tr("Work orders written")))
        self.addOutput(QgsProcessingOutputNumber(self.LISTED, self.tr("Problems listed")))
        self.addOutput(QgsProcessingOutputNumber(self.DISPATCHED, self.tr("Problems dispatched now")))

    def _days(self, parameters, context, feedback) -> Dict[str, int]:
        days = {"urgent": self.parameterAsInt(parameters, self.URGENT_DAYS, context),
                "effort": self.parameterAsInt(parameters, self.EFFORT_DAYS, context)}
        source = self.parameterAsSource(parameters, self.DEADLINES, context)
        if source is None:
            return days
        names = source.fields().names()
        key_field = next((n for n in ("key", "problem_code", "remediation") if n in names), None)
        if key_field is None or "days" not in names:
            raise QgsProcessingException(self.tr(
                "The deadline table needs a field «key» (or problem_code / remediation) and a field «days»; "
                "it has: {0}").format(", ".join(names)))
        for n, f in enumerate(source.getFeatures(QgsFeatureRequest().setFlags(QgsFeatureRequest.NoGeometry))):
            key, value = to_text(f[key_field]), to_int(f["days"])
            if not key:
                continue
            if value is None or value < 0:
                feedback.pushWarning(self.tr("Deadline table row {0}: days «{1}» is not a whole number of "
                                             "days; row ignored.").format(n + 1, to_text(f["days"])))
                continue
            days[{"限时解决": "urgent", "尽力解决": "effort"}.get(key, key)] = value
        return days

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        path = self.parameterAsFile(parameters, self.LEDGER, context)
        check_ledger(path)
        round_no = self.parameterAsInt(parameters, self.ROUND, context)
        folder = self.parameterAsFileOutput(parameters, self.OUTPUT, context)
        text = (self.parameterAsString(parameters, self.DISPATCH_DATE, context) or "").strip()
        date = parse_date(text) if text else datetime.date.today()
        if date is None:
            raise QgsProcessingException(
                self.tr("Dispatch date «{0}» is not a date (YYYY-MM-DD).").format(text))
        days = self._days(parameters, context, feedback)
        try:
            catalogue = load_catalogue(self.parameterAsFile(parameters, self.CATALOGUE, context) or None)
            problems = read_problems(path, [round_no], feedback)
            if not problems:
                raise QgsProcessingException(
                    self.tr("The ledger holds no problem of round {0}.").format(round_no))
            ledger = Ledger(problems, read_history(path), catalogue)
            orders, new_rows = dispatch(ledger, round_no, catalogue, date, days, feedback)
        except CityHealthError as error:
            raise processing_error(error) from None
        groups: Dict[Tuple[str, str], List[Order]] = defaultdict(list)
        for order in orders:
            district = order.problem.district or order.problem.district_code or "未知区"
            groups[(order.department, district)].append(order)
        os.makedirs(folder, exist_ok=True)
        for n, ((department, district), rows) in enumerate(sorted(groups.items())):
            if feedback.isCanceled():
                break
            feedback.setProgress(100.0 * n / max(len(groups), 1))
            target = os.path.join(folder, file_name(department, district, round_no))
            try:
                write_workorder(target, department, district, round_no, rows, folder)
            except OSError as error:
                raise QgsProcessingException(self.tr("The work order {0} could not be written: {1}").format(
                    target, error)) from None
            feedback.pushInfo(self.tr("{0}: {1} problems").format(os.path.basename(target), len(rows)))
        if feedback.isCanceled():
            raise QgsProcessingException(self.tr("Cancelled: the ledger was not changed."))
        if new_rows:
            with modify_ledger(path, feedback) as copy:
                append_rows(copy, HISTORY_TABLE, HISTORY_SPEC, (history_values(r) for r in new_rows))
                update_status(copy, {r.problem_uid: ledger.current(r.problem_uid) for r in new_rows})
        moved = sum(1 for r in new_rows if r.to_status == lc.ASSIGNED)
        feedback.pushInfo(self.tr("{0} work orders with {1} open problems of round {2}; {3} dispatched now "
                                  "({4} moved to 已派单).").format(len(groups), len(orders), round_no,
                                                                len(new_rows), moved))
        return {self.OUTPUT: folder, self.FILES: len(groups), self.LISTED: len(orders),
                self.DISPATCHED: len(new_rows)}
