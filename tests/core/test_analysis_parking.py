"""core/analysis/parking.py: demand, shared bays counted once, gap — numbers worked out by hand."""

from __future__ import annotations

import pytest

from cityhealth_plugin.core.analysis import parking as pk


def test_demand_prefers_registered_vehicles_and_rounds_half_up():
    assert pk.demand(100, None, 0.5) == (50, "households")
    assert pk.demand(41, None, 0.5) == (21, "households")  # 20.5 → 21
    assert pk.demand(80, 30, 0.5) == (30, "vehicles")
    assert pk.demand(None, None, 0.5) == (None, "")


def test_split_is_proportional_to_need_whole_bays_and_capped():
    assert pk.split(40, {"A": 30, "B": 30, "C": 0}) == {"A": 20, "B": 20}
    assert pk.split(7, {"A": 10, "B": 10}) == {"A": 4, "B": 3}  # 3.5 each: tie → id A
    assert pk.split(10, {"A": 1, "B": 2, "C": 7}) == {"A": 1, "B": 2, "C": 7}
    assert pk.split(5, {"A": 1, "B": 2, "C": 7}) == {"A": 1, "B": 1, "C": 3}  # 0.5, 1.0, 3.5 → 0+1, 1, 3
    assert pk.split(100, {"B": 7}) == {"B": 7}
    assert pk.split(0, {"A": 5}) == {} and pk.split(5, {}) == {}


def test_balance_counts_each_bay_once():
    demands = {"A": pk.demand(100, None, 0.5), "B": pk.demand(80, 30, 0.5), "C": pk.demand(41, None, 0.5)}
    inside = {"A": 20, "C": 25}
    shared = [pk.Shared("L1", "lot", 40, ["A", "B", "C"]), pk.Shared("S1", "street", 7, ["A", "B"]),
              pk.Shared("L2", "lot", 100, ["B"]), pk.Shared("L3", "lot", 9, [])]
    out = pk.balance(demands, inside, shared)
    a, b, c = out["A"], out["B"], out["C"]
    # A: need 50 − 20 = 30; L1 gives 20 (30:30 of 40), S1 gives 4 (tie of 3.5 each, id A first)
    assert (a.inside, a.public, a.street, a.supply, a.gap, a.shortfall) == (20, 20, 4, 44, 6, 6)
    assert a.ratio == pytest.approx(6 / 50)
    # B: 30 registered vehicles; L1 20, S1 3, L2 the remaining 7
    assert (b.inside, b.public, b.street, b.gap, b.ratio) == (0, 27, 3, 0, 0.0)
    # C: 25 own bays for a demand of 21: a surplus, takes nothing shared
    assert (c.supply, c.gap, c.shortfall) == (25, -4, 0) and c.ratio == pytest.approx(-4 / 21)
    assert [s.spare for s in shared] == [0, 0, 93, 9]
    total_given = sum(sum(s.given.values()) for s in shared)
    assert total_given == sum(x.public + x.street for x in out.values()) == 54

    blocks = pk.roll_up(out, {"A": "X", "B": "X", "C": "Y"})
    assert (blocks["X"].demand, blocks["X"].supply, blocks["X"].gap) == (80, 74, 6)
    assert (blocks["Y"].demand, blocks["Y"].gap, blocks["Y"].shortfall) == (21, -4, 0)
    assert pk.stats_rows(blocks) == [("X", "IND-COMM-015", 6), ("Y", "IND-COMM-015", 0)]


def test_compound_without_demand_value_gets_no_shared_bays():
    out = pk.balance({"A": (None, ""), "B": (10, "households")}, {"A": 3},
                     [pk.Shared("L", "lot", 5, ["A", "B"])])
    assert (out["A"].supply, out["A"].gap, out["A"].ratio) == (3, None, None)
    assert out["B"].public == 5 and out["B"].gap == 5


def test_road_reports_counts_and_flags():
    counts, flagged = pk.road_reports(["R1", "R2", None, "R1", "R1"], minimum=2)
    assert counts == {"R1": 3, "R2": 1} and flagged == ["R1"]
