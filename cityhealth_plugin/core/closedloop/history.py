"""Problems of the ledger, their append-only history, dispatching and importing returned status.

The current state of a problem is the ``to_status`` of its last history row; a problem without
history is in the state its report-side ``status`` maps to (:func:`lifecycle.state_of`). So the
state survives a rebuild of the round's ``problems`` table, which rewrites the report statuses.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field, fields
from typing import Any, Dict, Iterable, List, Optional, Tuple

from ..catalogue import Catalogue
from ..feedback import check
from ..messages import QT_TRANSLATE_NOOP, Message
from . import lifecycle as lc

#: Default days to the deadline (整改期限) per remediation type; configurable (DEADLINES table).
DEFAULT_DAYS = {"urgent": 15, "effort": 90}
REMEDIATION_CN = {"urgent": "限时解决", "effort": "尽力解决"}


@dataclass
class Problem:
    """One problem of the ledger, as the closed loop needs it."""

    uid: str
    round: int
    status: str = ""  # as stored in problems.status
    report_date: str = ""  # ISO
    problem_code: str = ""
    problem: str = ""
    description: str = ""
    severity: str = ""
    building_id: str = ""
    compound_id: str = ""
    block_id: str = ""
    unit: str = ""
    district: str = ""
    district_code: str = ""
    street: str = ""
    community_code: str = ""
    address: str = ""
    photo: str = ""  # path of the first photo (absolute), "" when none


@dataclass
class HistoryRow:
    """One row of the append-only ``problem_history`` table."""

    problem_uid: str
    round: int
    from_status: str
    to_status: str
    changed_date: str  # ISO date of the change (派单日期, 整改日期)
    changed_by: str  # who: the department that returned it, or the plugin's step
    department: str  # the department responsible after this change
    event: str  # dispatch | import | reroute
    deadline: str = ""  # ISO; set on dispatch
    note: str = ""
    source_file: str = ""
    source_sheet: str = ""
    source_row: Optional[int] = None
    imported_at: str = ""  # ISO timestamp


HISTORY_COLUMNS = tuple(f.name for f in fields(HistoryRow))


class Ledger:
    """Problems by uid with their history rows in order."""

    def __init__(self, problems: Iterable[Problem], history: Iterable[HistoryRow] = (),
                 catalogue: Optional[Catalogue] = None):
        self.catalogue = catalogue
        self.problems: Dict[str, Problem] = {p.uid: p for p in problems}
        self.history: List[HistoryRow] = []
        self._by_uid: Dict[str, List[HistoryRow]] = {}
        for row in history:
            self.add(row)

    def add(self, row: HistoryRow) -> None:
        self.history.append(row)
        self._by_uid.setdefault(row.problem_uid, []).append(row)

    def rows_of(self, uid: str) -> List[HistoryRow]:
        return self._by_uid.get(uid, [])

    def current(self, uid: str) -> Optional[str]:
        rows = self._by_uid.get(uid)
        if rows:
            return rows[-1].to_status
        problem = self.problems.get(uid)
        return lc.state_of(problem.status) if problem else None

    def last_dispatch(self, uid: str) -> Optional[HistoryRow]:
        """The dispatch row that is still valid (no re-routing after it), or ``None``."""
        for row in reversed(self._by_uid.get(uid, [])):
            if row.event == lc.EVENT_REROUTE:
                return None
            if row.event == lc.EVENT_DISPATCH:
                return row
        return None

    def department(self, uid: str, catalogue: Catalogue) -> str:
        """Who is responsible now: the last dispatch or re-routing, else the catalogue's department."""
        for row in reversed(self._by_uid.get(uid, [])):
            if row.event in (lc.EVENT_DISPATCH, lc.EVENT_REROUTE) and row.department:
                return row.department
        problem = self.problems.get(uid)
        ptype = catalogue.problem(problem.problem_code) if problem else None
        return ptype.responsible if ptype and ptype.responsible else lc.COORDINATOR


# --- dispatching ----------------------------------------------------------------------------
@dataclass
class Order:
    """One row of a work order."""

    problem: Problem
    department: str
    dispatched: str  # ISO
    deadline: str  # ISO
    remediation: str  # urgent | effort
    state: str


def deadline_days(ptype_code: str, remediation: str, table: Optional[Dict[str, int]]) -> int:
    """Days to the deadline: the table's row for the problem code, else for the remediation type."""
    table = table or {}
    for key in (ptype_code, remediation, REMEDIATION_CN.get(remediation, "")):
        if key and key in table:
            return table[key]
    return DEFAULT_DAYS.get(remediation, DEFAULT_DAYS["effort"])


def dispatch(ledger: Ledger, round_no: int, catalogue: Catalogue, date: datetime.date,
             days: Optional[Dict[str, int]] = None, feedback=None) -> Tuple[List[Order], List[HistoryRow]]:
    """Work-order rows for every open problem of ``round_no`` and the history rows dispatching them.

    A problem in 待派单 is dispatched: 待派单 → 已派单 on ``date`` with its department and deadline.
    A problem already dispatched and still open is listed again with its first dispatch's date and
    deadline, and no new history. A problem 整改中 that was never dispatched (report-side 整改中)
    is listed and its assignment recorded as 整改中 → 整改中 (the state does not go back).
    """
    orders: List[Order] = []
    new_rows: List[HistoryRow] = []
    uids = sorted(uid for uid, p in ledger.problems.items() if p.round == round_no)
    for n, uid in enumerate(uids):
        if n % 500 == 0:
            check(feedback, n, len(uids))
        state = ledger.current(uid)
        if state not in lc.OPEN_STATES:
            continue
        problem = ledger.problems[uid]
        ptype = catalogue.problem(problem.problem_code)
        remediation = ptype.remediation if ptype else "effort"
        department = ledger.department(uid, catalogue)
        previous = ledger.last_dispatch(uid)
        if previous is not None and state != lc.FOUND:
            orders.append(Order(problem, previous.department, previous.changed_date, previous.deadline,
                                remediation, state))
            continue
        deadline = date + datetime.timedelta(days=deadline_days(problem.problem_code, remediation, days))
        target = lc.ASSIGNED if state == lc.FOUND else state
        row = HistoryRow(uid, problem.round, state, target, date.isoformat(), "工单派发", department,
                         lc.EVENT_DISPATCH, deadline.isoformat(),
                         "派单（{}）".format(REMEDIATION_CN.get(remediation, remediation)))
        new_rows.append(row)
        ledger.add(row)
        orders.append(Order(problem, department, date.isoformat(), deadline.isoformat(), remediation,
                            target))
    return orders, new_rows


# --- importing returned work orders ---------------------------------------------------------
@dataclass
class ReturnedRow:
    """One filled row of a returned work order."""

    source_file: str
    source_sheet: str
    source_row: int
    uid: str
    status: str
    date: Any  # cell value: date, datetime, text or number
    note: str = ""
    department: str = ""  # 责任部门 of the row (who returns it)
    reroute_to: str = ""  # 改派部门
    photo: str = ""  # 整改后照片


@dataclass
class Rejection:
    row: ReturnedRow
    message: Message


@dataclass
class ImportResult:
    applied: List[HistoryRow] = field(default_factory=list)  # history rows appended
    rejected: List[Rejection] = field(default_factory=list)
    unchanged: int = 0
    changed: Dict[str, str] = field(default_factory=dict)  # uid → new current state

    @property
    def applied_rows(self) -> int:
        """Returned rows that changed a state (a 非本部门职责 row adds two history rows)."""
        return sum(1 for r in self.applied if r.event == lc.EVENT_IMPORT)


_DATE_TEXT = re.compile(r"^\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?\s*$")


def parse_date(value: Any) -> Optional[datetime.date]:
    """A cell value as a date: date/datetime cells, 2024-10-05, 2024/10/5, 2024.10.5, 2024年10月5日,
    20241005, or an Excel serial number. ``None`` when it is not a readable date."""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if 20000 <= value <= 80000:  # Excel serial day (1954 … 2119)
            return datetime.date(1899, 12, 30) + datetime.timedelta(days=int(value))
        value = str(int(value)) if float(value).is_integer() else str(value)
    text = str(value or "").strip()
    match = _DATE_TEXT.match(text)
    if not match and re.fullmatch(r"\d{8}", text):
        match = re.match(r"(\d{4})(\d{2})(\d{2})", text)
    if not match:
        return None
    try:
        return datetime.date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        return None


def _reject(result: ImportResult, row: ReturnedRow, template: str, **params) -> None:
    params.update(file=row.source_file, sheet=row.source_sheet, row=row.source_row, uid=row.uid)
    result.rejected.append(Rejection(row, Message(template, params)))


def import_returns(ledger: Ledger, rows: Iterable[ReturnedRow], today: datetime.date,
                   imported_at: str, feedback=None) -> ImportResult:
    """Validate returned rows one by one and append the history rows of the good ones to ``ledger``.

    A row is rejected (with a message naming file, sheet and row) when its 问题编号 is unknown, its
    status is not a state a department may set, its date is missing or unreadable, in the future
    (after ``today``) or before the problem was reported, or the lifecycle forbids the change from
    the problem's current state. A row that asks for the state the problem is already in, or that
    repeats a change already in the history (same problem, target state, date and note), is
    unchanged: importing the same workbook twice changes nothing the second time.
    """
    result = ImportResult()
    rows = list(rows)
    for n, row in enumerate(rows):
        if n % 200 == 0:
            check(feedback, n, len(rows))
        problem = ledger.problems.get(row.uid)
        if problem is None:
            _reject(result, row, QT_TRANSLATE_NOOP(
                "CoreMessages", "{file}, sheet {sheet}, row {row}: unknown 问题编号 «{uid}»."))
            continue
        target = row.status.strip()
        if target not in lc.RETURN_STATES:
            _reject(result, row, QT_TRANSLATE_NOOP(
                "CoreMessages",
                "{file}, sheet {sheet}, row {row}: 整改状态 «{status}» is not one of {states}."),
                status=target, states="、".join(lc.RETURN_STATES))
            continue
        date = parse_date(row.date)
        if date is None:
            _reject(result, row, QT_TRANSLATE_NOOP(
                "CoreMessages",
                "{file}, sheet {sheet}, row {row}: 整改日期 «{value}» is not a readable date."),
                value="" if row.date is None else str(row.date))
            continue
        if date > today:
            _reject(result, row, QT_TRANSLATE_NOOP(
                "CoreMessages", "{file}, sheet {sheet}, row {row}: 整改日期 {date} is in the future."),
                date=date.isoformat())
            continue
        found = parse_date(problem.report_date)
        if found is not None and date < found:
            _reject(result, row, QT_TRANSLATE_NOOP(
                "CoreMessages", "{file}, sheet {sheet}, row {row}: 整改日期 {date} is before the problem "
                "was found ({found})."), date=date.isoformat(), found=found.isoformat())
            continue
        note = (row.note or "").strip()
        current = ledger.current(row.uid)
        repeated = any(h.to_status == target and h.changed_date == date.isoformat() and h.note == note
                       and h.event == lc.EVENT_IMPORT for h in ledger.rows_of(row.uid))
        if current == target or repeated:
            result.unchanged += 1
            continue
        if not lc.allowed(current, target):
            _reject(result, row, QT_TRANSLATE_NOOP(
                "CoreMessages", "{file}, sheet {sheet}, row {row}: problem {uid} is {current}; the lifecycle "
                "does not allow {current} → {target}."), current=current, target=target)
            continue
        who = row.department.strip() or ledger.department(row.uid, ledger_catalogue(ledger))
        if row.photo.strip():
            note = note + ("；" if note else "") + "整改后照片：" + row.photo.strip()
        new = HistoryRow(row.uid, problem.round, current, target, date.isoformat(), who,
                         who, lc.EVENT_IMPORT, "", note, row.source_file, row.source_sheet, row.source_row,
                         imported_at)
        ledger.add(new)
        result.applied.append(new)
        if target == lc.NOT_RESPONSIBLE:
            to = row.reroute_to.strip() or lc.COORDINATOR
            back = HistoryRow(row.uid, problem.round, target, lc.FOUND, date.isoformat(), "改派",
                              to, lc.EVENT_REROUTE, "", "非本部门职责，改派{}".format(to), row.source_file,
                              row.source_sheet, row.source_row, imported_at)
            ledger.add(back)
            result.applied.append(back)
        result.changed[row.uid] = ledger.current(row.uid)
    return result


def ledger_catalogue(ledger: Ledger) -> Catalogue:
    """The catalogue attached to ``ledger`` (``ledger.catalogue``), or the built-in one."""
    if ledger.catalogue is None:
        from ..catalogue import load_catalogue

        ledger.catalogue = load_catalogue()
    return ledger.catalogue
