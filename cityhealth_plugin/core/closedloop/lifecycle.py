"""The lifecycle of a problem (治理闭环): states, allowed transitions, the report-side mapping.

::

    待派单 found ──dispatch──▶ 已派单 assigned ──▶ 整改中 in progress ──▶ 已整改 fixed ──▶ 已复核 verified
                                 │  (or straight to 已整改)             ▲                    │
                                 │                                     └── 复发 reopen ◀────┘
                                 ├──▶ 无法整改 cannot be fixed (closed)
                                 └──▶ 非本部门职责 not responsible ──(automatically)──▶ 待派单 (re-routing)

- 待派单 → 已派单 only by dispatching (``cityhealth:workorders``); a returned work order cannot do it.
- 已派单 → 整改中 / 已整改 / 无法整改 / 非本部门职责; 整改中 → 已整改 / 无法整改 / 非本部门职责.
- 已整改 → 已复核 (re-checked) or → 整改中 (reopen, 复发); 已复核 → 整改中 (reopen).
- 非本部门职责 is recorded and immediately followed by 非本部门职责 → 待派单 (re-routing): the next
  dispatch sends the problem to the department named in 改派部门, or to the coordinating department.
- 无法整改 is closed: no transition leaves it.

Report-side statuses (what a grid worker wrote in 整改状态 of a report) map by this rule:
未整改 or empty → 待派单, 整改中 → 整改中, 已整改 → 已整改 (fixed, not yet verified). A lifecycle state
stored in ``problems.status`` stands for itself.
"""

from __future__ import annotations

from typing import Dict, FrozenSet, Optional

from .. import schema

FOUND = "待派单"
ASSIGNED = "已派单"
IN_PROGRESS = "整改中"
FIXED = "已整改"
VERIFIED = "已复核"
CANNOT_FIX = "无法整改"
NOT_RESPONSIBLE = "非本部门职责"

#: Every lifecycle state in order (the dropdown of 整改状态 offers the ones a department may fill).
STATES = (FOUND, ASSIGNED, IN_PROGRESS, FIXED, VERIFIED, CANNOT_FIX, NOT_RESPONSIBLE)
#: States a returned work order may set (dispatch and re-routing are done by the plugin).
RETURN_STATES = (IN_PROGRESS, FIXED, VERIFIED, CANNOT_FIX, NOT_RESPONSIBLE)
#: Open states: a work order lists the problem.
OPEN_STATES = frozenset((FOUND, ASSIGNED, IN_PROGRESS))
#: States that count as fixed in the statistics.
FIXED_STATES = frozenset((FIXED, VERIFIED))
#: Closed states: no deadline can be overrun.
CLOSED_STATES = frozenset((FIXED, VERIFIED, CANNOT_FIX))

TRANSITIONS: Dict[str, FrozenSet[str]] = {
    FOUND: frozenset((ASSIGNED,)),
    ASSIGNED: frozenset((IN_PROGRESS, FIXED, CANNOT_FIX, NOT_RESPONSIBLE)),
    IN_PROGRESS: frozenset((FIXED, CANNOT_FIX, NOT_RESPONSIBLE)),
    FIXED: frozenset((VERIFIED, IN_PROGRESS)),
    VERIFIED: frozenset((IN_PROGRESS,)),
    CANNOT_FIX: frozenset(),
    NOT_RESPONSIBLE: frozenset((FOUND,)),
}

#: The report-side statuses and where they land in the lifecycle.
REPORT_MAPPING = {
    "": FOUND,
    schema.STATUS_OPEN: FOUND,
    schema.STATUS_IN_PROGRESS: IN_PROGRESS,
    schema.STATUS_RESOLVED: FIXED,
}

#: Coordinating department: receives re-routed problems when the returned row names none.
COORDINATOR = "市住房和城乡建设局"

# history events
EVENT_DISPATCH = "dispatch"
EVENT_IMPORT = "import"
EVENT_REROUTE = "reroute"


def state_of(status: Optional[str]) -> Optional[str]:
    """Lifecycle state of a stored ``status`` (report-side or lifecycle); ``None`` when unknown."""
    text = (status or "").strip()
    if text in TRANSITIONS:
        return text
    return REPORT_MAPPING.get(text)


def allowed(current: str, target: str) -> bool:
    """Whether the lifecycle lets a problem go from ``current`` to ``target``."""
    return target in TRANSITIONS.get(current, frozenset())


def is_reopen(current: str, target: str) -> bool:
    """A reopen (复发): from fixed or verified back to in progress."""
    return current in FIXED_STATES and target == IN_PROGRESS
