"""Remediation statistics per department, district, street and round.

For each problem: the department is the one responsible now (last dispatch or re-routing, else the
catalogue's). Counted per group:

- ``assigned``: problems dispatched at least once (a dispatch row in the history);
- ``fixed``: assigned problems now 已整改 or 已复核; ``verified``: assigned problems now 已复核;
- ``rate``: fixed ÷ assigned (0 when nothing is assigned);
- ``overdue``: assigned problems not closed (not 已整改/已复核/无法整改) whose dispatch in force has a
  整改期限 before ``as_of``;
- ``median_days``: median days from the dispatch in force to the last change to 已整改, over the
  fixed problems (empty when none);
- ``reopened``: problems with at least one reopen (已整改/已复核 → 整改中);
- ``recurred``: problems labelled ``recurred`` by the round comparison (their round is the later one).
"""

from __future__ import annotations

import datetime
import statistics
from dataclasses import dataclass, field
from typing import Dict, Iterable, List, Optional, Set, Tuple

from ..catalogue import Catalogue
from ..feedback import check
from . import lifecycle as lc
from .history import Ledger, parse_date

#: Grouping keys: (key, label in Chinese).
GROUPINGS = (("department", "责任部门"), ("district", "区"), ("street", "街道"), ("round", "轮次"))
MEASURES = ("assigned", "fixed", "verified", "rate", "overdue", "median_days", "reopened", "recurred")
MEASURES_CN = {"assigned": "派单数", "fixed": "已整改", "verified": "已复核", "rate": "整改率",
               "overdue": "逾期未整改", "median_days": "整改天数中位数", "reopened": "复发（重新整改）",
               "recurred": "下轮复现"}


@dataclass
class ProblemFacts:
    uid: str
    round: int
    department: str
    district: str
    district_code: str
    street: str
    block_id: str
    assigned: bool
    fixed: bool
    verified: bool
    overdue: bool
    days_to_fix: Optional[int]
    reopened: bool
    recurred: bool


@dataclass
class Stats:
    assigned: int = 0
    fixed: int = 0
    verified: int = 0
    overdue: int = 0
    reopened: int = 0
    recurred: int = 0
    days: List[int] = field(default_factory=list)

    def add(self, f: ProblemFacts) -> None:
        self.assigned += f.assigned
        self.fixed += f.assigned and f.fixed
        self.verified += f.assigned and f.verified
        self.overdue += f.overdue
        self.reopened += f.reopened
        self.recurred += f.recurred
        if f.assigned and f.fixed and f.days_to_fix is not None:
            self.days.append(f.days_to_fix)

    @property
    def rate(self) -> float:
        return round(self.fixed / self.assigned, 4) if self.assigned else 0.0

    @property
    def median_days(self) -> Optional[float]:
        return float(statistics.median(self.days)) if self.days else None

    def as_dict(self) -> Dict[str, object]:
        return {"assigned": self.assigned, "fixed": self.fixed, "verified": self.verified, "rate": self.rate,
                "overdue": self.overdue, "median_days": self.median_days, "reopened": self.reopened,
                "recurred": self.recurred}


def facts(ledger: Ledger, catalogue: Catalogue, as_of: datetime.date, recurred: Iterable[str] = (),
          feedback=None) -> List[ProblemFacts]:
    """What the statistics need of every problem of the ledger."""
    recurred_set: Set[str] = set(recurred)
    out: List[ProblemFacts] = []
    uids = sorted(ledger.problems)
    for n, uid in enumerate(uids):
        if n % 1000 == 0:
            check(feedback, n, len(uids))
        p = ledger.problems[uid]
        rows = ledger.rows_of(uid)
        state = ledger.current(uid)
        assigned = any(r.event == lc.EVENT_DISPATCH for r in rows)
        in_force = ledger.last_dispatch(uid)
        overdue = False
        if assigned and in_force is not None and state not in lc.CLOSED_STATES:
            deadline = parse_date(in_force.deadline)
            overdue = deadline is not None and deadline < as_of
        days = None
        if state in lc.FIXED_STATES and in_force is not None:
            fixes = [r for r in rows if r.to_status == lc.FIXED]
            start = parse_date(in_force.changed_date)
            end = parse_date(fixes[-1].changed_date) if fixes else None
            if start and end:
                days = (end - start).days
        reopened = any(lc.is_reopen(r.from_status, r.to_status) for r in rows)
        out.append(ProblemFacts(uid, p.round, ledger.department(uid, catalogue), p.district, p.district_code,
                                p.street, p.block_id, assigned, state in lc.FIXED_STATES,
                                state == lc.VERIFIED, overdue, days, reopened, uid in recurred_set))
    return out


def group(all_facts: Iterable[ProblemFacts], keys: Tuple[str, ...]) -> Dict[Tuple, Stats]:
    """Statistics per distinct value of ``keys`` (attributes of :class:`ProblemFacts`)."""
    out: Dict[Tuple, Stats] = {}
    for f in all_facts:
        out.setdefault(tuple(getattr(f, k) for k in keys), Stats()).add(f)
    return dict(sorted(out.items(), key=lambda kv: tuple(str(v) for v in kv[0])))
