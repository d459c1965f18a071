"""The closed loop in pure Python: one problem through the whole lifecycle, imports, round comparison."""

from __future__ import annotations

import datetime

import pytest

from cityhealth_plugin.core.catalogue import load_catalogue
from cityhealth_plugin.core.closedloop import compare as cmp
from cityhealth_plugin.core.closedloop import lifecycle as lc
from cityhealth_plugin.core.closedloop import stats
from cityhealth_plugin.core.closedloop.history import (
    Ledger,
    Problem,
    ReturnedRow,
    dispatch,
    import_returns,
    parse_date,
)

D = datetime.date
TODAY = D(2025, 6, 30)


@pytest.fixture(scope="module")
def catalogue():
    return load_catalogue()


def problem(uid="2024:a.xlsx|问题清单|2", status="未整改", code="GAS-02", **kw):
    base = dict(round=2024, status=status, report_date="2024-05-06", problem_code=code,
                problem="燃气管道锈蚀",
                building_id="BLD-1", district="科尔沁区", district_code="150502", street="西门街道",
                block_id="BLK-1", compound_id="C-1")
    base.update(kw)
    return Problem(uid, **base)


def ret(uid, status, date, row=3, note="", reroute="", dept="区住房和城乡建设局"):
    return ReturnedRow("回执.xlsx", "工单", row, uid, status, date, note, dept, reroute)


def test_report_statuses_map_onto_the_lifecycle():
    assert [lc.state_of(s) for s in ("", "未整改", "整改中", "已整改", "已复核", "乱写")] == [
        "待派单", "待派单", "整改中", "已整改", "已复核", None]
    assert lc.allowed("已整改", "整改中") and lc.allowed("已复核", "整改中")
    assert not lc.allowed("已派单", "已复核") and not lc.allowed("无法整改", "整改中")
    assert not lc.allowed("待派单", "整改中")


def test_one_problem_through_the_whole_lifecycle(catalogue):
    uid = "2024:a.xlsx|问题清单|2"
    ledger = Ledger([problem(uid)], catalogue=catalogue)
    assert ledger.current(uid) == "待派单"
    # GAS-02 is urgent (限时解决, 15 days) for 通辽市燃气公司 in the catalogue
    ptype = catalogue.problem("GAS-02")
    orders, rows = dispatch(ledger, 2024, catalogue, D(2024, 10, 8))
    got = [(o.department, o.deadline, o.state) for o in orders]
    assert got == [(ptype.responsible, "2024-10-23", "已派单")]
    steps = [ret(uid, "整改中", D(2024, 10, 10), dept=ptype.responsible),
             ret(uid, "非本部门职责", "2024年10月12日", note="应由市政负责", reroute="市政管理处",
                 dept=ptype.responsible)]
    res = import_returns(ledger, steps, TODAY, "2025-01-01T00:00:00")
    assert (res.applied_rows, len(res.rejected), res.unchanged) == (2, 0, 0)
    assert ledger.current(uid) == "待派单" and ledger.department(uid, catalogue) == "市政管理处"
    # re-routed: the next dispatch goes to 市政管理处 with a new deadline
    orders, _rows = dispatch(ledger, 2024, catalogue, D(2024, 10, 20))
    got = [(o.department, o.dispatched, o.deadline) for o in orders]
    assert got == [("市政管理处", "2024-10-20", "2024-11-04")]
    # dispatching again lists it with the same dispatch, and adds no history
    n = len(ledger.history)
    orders, rows = dispatch(ledger, 2024, catalogue, D(2024, 10, 22))
    assert rows == [] and len(ledger.history) == n and orders[0].dispatched == "2024-10-20"
    steps = [ret(uid, "已整改", D(2024, 10, 25), row=4, dept="市政管理处"),
             ret(uid, "已复核", D(2024, 11, 1), row=5, dept="复核组"),
             ret(uid, "整改中", D(2024, 11, 10), row=6, note="复发", dept="市政管理处"),
             ret(uid, "已整改", D(2024, 11, 20), row=7, note="二次整改", dept="市政管理处")]
    res = import_returns(ledger, steps, TODAY, "2025-01-02T00:00:00")
    assert (res.applied_rows, len(res.rejected)) == (4, 0)
    got = [(h.from_status, h.to_status, h.changed_date, h.event, h.department) for h in ledger.rows_of(uid)]
    assert got == [
        ("待派单", "已派单", "2024-10-08", "dispatch", ptype.responsible),
        ("已派单", "整改中", "2024-10-10", "import", ptype.responsible),
        ("整改中", "非本部门职责", "2024-10-12", "import", ptype.responsible),
        ("非本部门职责", "待派单", "2024-10-12", "reroute", "市政管理处"),
        ("待派单", "已派单", "2024-10-20", "dispatch", "市政管理处"),
        ("已派单", "已整改", "2024-10-25", "import", "市政管理处"),
        ("已整改", "已复核", "2024-11-01", "import", "复核组"),
        ("已复核", "整改中", "2024-11-10", "import", "市政管理处"),
        ("整改中", "已整改", "2024-11-20", "import", "市政管理处"),
    ]
    assert ledger.current(uid) == "已整改"
    facts = stats.facts(ledger, catalogue, D(2025, 1, 1))
    by_dept = stats.group(facts, ("department",))
    # responsible now: the department of the last re-routing/dispatch (市政管理处), not the importer
    assert list(by_dept) == [("市政管理处",)]
    assert by_dept[("市政管理处",)].as_dict() == {
        "assigned": 1, "fixed": 1, "verified": 0, "rate": 1.0, "overdue": 0,
        "median_days": 31.0,  # 2024-10-20 (dispatch in force) → 2024-11-20 (last fix)
        "reopened": 1, "recurred": 0}


def test_overdue_and_median_over_several_problems(catalogue):
    a, b, c = (problem("2024:x|s|{}".format(i), code="GAS-02") for i in (2, 3, 4))
    ledger = Ledger([a, b, c], catalogue=catalogue)
    dispatch(ledger, 2024, catalogue, D(2024, 10, 1))  # deadline 2024-10-16
    import_returns(ledger, [ret(a.uid, "已整改", D(2024, 10, 5)), ret(b.uid, "已整改", D(2024, 10, 12)),
                            ret(c.uid, "整改中", D(2024, 10, 3))], TODAY, "t")
    s = stats.group(stats.facts(ledger, catalogue, D(2024, 10, 17)), ("district",))[("科尔沁区",)]
    assert s.as_dict() == {"assigned": 3, "fixed": 2, "verified": 0, "rate": 0.6667, "overdue": 1,
                           "median_days": 7.5, "reopened": 0, "recurred": 0}
    s = stats.group(stats.facts(ledger, catalogue, D(2024, 10, 16)), ("district",))[("科尔沁区",)]
    assert s.overdue == 0  # the deadline day itself is not overdue


def test_returned_rows_mixed_good_and_bad(catalogue):
    good = [problem("2024:f|s|{}".format(i), report_date="2024-06-01") for i in range(2, 6)]
    ledger = Ledger(good, catalogue=catalogue)
    dispatch(ledger, 2024, catalogue, D(2024, 10, 8))
    u = [p.uid for p in good]
    rows = [ret(u[0], "已整改", D(2024, 10, 20), row=3),
            ret("2024:nobody|s|9", "已整改", D(2024, 10, 20), row=4),
            ret(u[1], "已复核", D(2024, 10, 20), row=5),  # 已派单 → 已复核 forbidden
            ret(u[2], "整改中", D(2099, 1, 1), row=6),
            ret(u[2], "整改中", D(2024, 5, 1), row=7),  # before found (2024-06-01)
            ret(u[3], "整改中", "下周一", row=8),
            ret(u[3], "完成了", D(2024, 10, 20), row=9),
            ret(u[3], "整改中", 45580, row=10)]  # Excel serial 45580 = 2024-10-15
    res = import_returns(ledger, rows, TODAY, "t1")
    assert res.applied_rows == 2 and res.unchanged == 0
    reasons = {r.row.source_row: str(r.message) for r in res.rejected}
    assert sorted(reasons) == [4, 5, 6, 7, 8, 9]
    assert all("row {}".format(k) in v and "回执.xlsx" in v for k, v in reasons.items())
    assert "unknown 问题编号" in reasons[4] and "does not allow 已派单 → 已复核" in reasons[5]
    assert "future" in reasons[6] and "before the problem was found (2024-06-01)" in reasons[7]
    assert "not a readable date" in reasons[8] and "is not one of" in reasons[9]
    assert res.changed == {u[0]: "已整改", u[3]: "整改中"}
    n = len(ledger.history)
    again = import_returns(ledger, rows, TODAY, "t2")
    assert (again.applied_rows, again.unchanged, len(ledger.history)) == (0, 2, n)


def test_parse_date_forms():
    assert parse_date("2024-10-05") == parse_date("2024/10/5") == parse_date("2024.10.5") == D(2024, 10, 5)
    assert parse_date("2024年10月5日") == parse_date(20241005) == parse_date(45570) == D(2024, 10, 5)
    assert parse_date("2024-02-30") is None and parse_date("") is None and parse_date(None) is None


def test_compare_rounds_on_a_hand_made_fixture():
    def p(uid, rnd, b, code, unit="", cid="C-1", block="BLK-1"):
        return Problem(uid, rnd, building_id=b, problem_code=code, unit=unit, compound_id=cid, block_id=block)

    before = [p("a1", 2024, "B1", "GAS-02"),            # fixed → recurs in 2025 (b1)
              p("a2", 2024, "B1", "ROOF-03"),           # open → persists (b2)
              p("a3", 2024, "B2", "ROOF-03", "1"),      # open, unit 1 → persists (b3, unit 1)
              p("a4", 2024, "B2", "ROOF-03", "2"),      # unit 2, no unit-2 in 2025 → pairs with b4 (no unit)
              p("a5", 2024, "B3", "STAIR-02"),          # not found again → resolved
              p("a6", 2024, "", "PARK-01", cid="C-9", block="BLK-2"),  # compound level, verified → recurs
              p("a7", 2024, "B1", "GAS-02")]            # a second GAS-02 on B1; only one in 2025 → resolved
    after = [p("b1", 2025, "B1", "GAS-02"),
             p("b2", 2025, "B1", "ROOF-03"),
             p("b3", 2025, "B2", "ROOF-03", "1"),
             p("b4", 2025, "B2", "ROOF-03"),
             p("b5", 2025, "B2", "ROOF-03", "3"),       # unit 3: a third one → new
             p("b6", 2025, "", "PARK-01", cid="C-9", block="BLK-2"),
             p("b7", 2025, "B3", "GAS-02"),             # other item on B3 → new
             p("b8", 2025, "", "", cid="")]             # no place → new
    states = {"a1": "已整改", "a2": "已派单", "a3": "整改中", "a4": "待派单", "a5": "已整改", "a6": "已复核",
              "a7": "已整改"}
    labels = cmp.compare(before, after, states.get)
    by_uid = {lab.problem_uid: (lab.label, lab.partner_uid) for lab in labels}
    assert by_uid == {
        "a1": ("recurred", "b1"), "b1": ("recurred", "a1"), "a2": ("persisting", "b2"),
        "b2": ("persisting", "a2"), "a3": ("persisting", "b3"), "b3": ("persisting", "a3"),
        "a4": ("persisting", "b4"), "b4": ("persisting", "a4"), "a5": ("resolved", ""),
        "a6": ("recurred", "b6"), "b6": ("recurred", "a6"),
        "a7": ("resolved", ""), "b5": ("new", ""), "b7": ("new", ""), "b8": ("new", "")}
    assert cmp.totals(labels, 2025) == {"new": 3, "persisting": 3, "resolved": 2, "recurred": 2}
    problems = {x.uid: x for x in before + after}
    units = {(lvl, u): dict(c) for lvl, u, c in cmp.counts_per_unit(labels, problems, 2025)}
    assert units[("building", "B1")] == {"new": 0, "persisting": 1, "resolved": 1, "recurred": 1}
    assert units[("building", "B2")] == {"new": 1, "persisting": 2, "resolved": 0, "recurred": 0}
    assert units[("building", "B3")] == {"new": 1, "persisting": 0, "resolved": 1, "recurred": 0}
    assert units[("compound", "C-9")] == {"new": 0, "persisting": 0, "resolved": 0, "recurred": 1}
    assert units[("block", "BLK-1")] == {"new": 3, "persisting": 3, "resolved": 2, "recurred": 1}
    assert ("compound", "") not in units
