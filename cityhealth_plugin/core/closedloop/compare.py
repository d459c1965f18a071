"""Problem identity across rounds and the round-over-round labels.

A problem of round N and one of round N+1 are the same problem when they concern the same place
(the same building — for a compound-level problem without a building, the same compound) and the
same catalogue item (``problem_code``), and their units agree where both give one. Within one
place and item, problems pair one to one: first those naming the same unit, then a problem without
a unit with any remaining one, in uid order (so the result does not depend on reading order).

Labels (per problem):

- ``new``: a problem of round N+1 with no partner in round N;
- ``persisting``: paired, and the round-N problem was not fixed (its state is not 已整改/已复核);
- ``recurred``: paired, and the round-N problem had been fixed (已整改 or 已复核);
- ``resolved``: a problem of round N with no partner in round N+1 (not found again).

A problem without a place (neither building nor compound) or without a problem code pairs with
nothing. Both partners of a pair carry the pair's label.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Callable, Dict, Iterable, List, Optional, Tuple

from ..feedback import check
from . import lifecycle as lc
from .history import Problem

NEW, PERSISTING, RESOLVED, RECURRED = "new", "persisting", "resolved", "recurred"
LABELS = (NEW, PERSISTING, RESOLVED, RECURRED)
LABELS_CN = {NEW: "新增", PERSISTING: "持续", RESOLVED: "已销号", RECURRED: "复发"}
#: Levels the counts are written for, with the problem attribute that names the unit.
LEVELS = (("building", "building_id"), ("compound", "compound_id"), ("block", "block_id"))


@dataclass
class Label:
    problem_uid: str
    round: int
    label: str
    partner_uid: str  # "" when unpaired
    identity: str  # place|problem_code


def place_of(p: Problem) -> str:
    if p.building_id:
        return "B:" + p.building_id
    if p.compound_id:
        return "C:" + p.compound_id
    return ""


def identity_of(p: Problem) -> str:
    place = place_of(p)
    return "{}|{}".format(place, p.problem_code) if place and p.problem_code else ""


def compare(before: Iterable[Problem], after: Iterable[Problem], state: Callable[[str], Optional[str]],
            feedback=None) -> List[Label]:
    """Labels of the problems of two rounds (``before`` = round N, ``after`` = round N+1).

    ``state(uid)`` gives the current lifecycle state of a round-N problem.
    """
    groups: Dict[str, Tuple[List[Problem], List[Problem]]] = defaultdict(lambda: ([], []))
    labels: List[Label] = []
    for side, problems in ((0, before), (1, after)):
        for p in problems:
            key = identity_of(p)
            if key:
                groups[key][side].append(p)
            else:
                labels.append(Label(p.uid, p.round, RESOLVED if side == 0 else NEW, "", ""))
    keys = sorted(groups)
    for n, key in enumerate(keys):
        if n % 500 == 0:
            check(feedback, n, len(keys))
        old = sorted(groups[key][0], key=lambda p: p.uid)
        new = sorted(groups[key][1], key=lambda p: p.uid)
        pairs: List[Tuple[Problem, Problem]] = []
        for strict in (True, False):
            for a in list(old):
                for b in new:
                    same = a.unit == b.unit if strict else (not a.unit or not b.unit)
                    if same:
                        pairs.append((a, b))
                        old.remove(a)
                        new.remove(b)
                        break
        for a, b in pairs:
            label = RECURRED if state(a.uid) in lc.FIXED_STATES else PERSISTING
            labels.append(Label(a.uid, a.round, label, b.uid, key))
            labels.append(Label(b.uid, b.round, label, a.uid, key))
        labels.extend(Label(a.uid, a.round, RESOLVED, "", key) for a in old)
        labels.extend(Label(b.uid, b.round, NEW, "", key) for b in new)
    return labels


def totals(labels: Iterable[Label], round_to: int) -> Counter:
    """Counts of the four labels: a pair counts once (its round-N+1 problem)."""
    counts: Counter = Counter({k: 0 for k in LABELS})
    for lab in labels:
        if lab.label == RESOLVED or lab.round == round_to:
            counts[lab.label] += 1
    return counts


def counts_per_unit(labels: Iterable[Label], problems: Dict[str, Problem], round_to: int
                    ) -> List[Tuple[str, str, Counter]]:
    """``(level, unit id, counts)`` per building, compound and block, sorted; a pair counts once."""
    out: Dict[Tuple[str, str], Counter] = {}
    for lab in labels:
        if not (lab.label == RESOLVED or lab.round == round_to):
            continue
        p = problems[lab.problem_uid]
        for level, attr in LEVELS:
            unit = getattr(p, attr)
            if unit:
                out.setdefault((level, unit), Counter({k: 0 for k in LABELS}))[lab.label] += 1
    order = {lvl: i for i, (lvl, _a) in enumerate(LEVELS)}
    ordered = sorted(out.items(), key=lambda kv: (order[kv[0][0]], kv[0][1]))
    return [(lvl, unit, c) for (lvl, unit), c in ordered]
