"""片区联管 grouping rule on a hand-made adjacency graph (groups worked out by hand)."""

from __future__ import annotations

from cityhealth_plugin.core.planning.jointmanagement import (
    REASONS,
    Unit,
    group_units,
    management_scale,
)


def _units():
    return [Unit("小区A", "compound", 100, 3, "S1", 2), Unit("小区B", "compound", 150, 4, "S1", 1),
            Unit("散楼C", "building", 200, 1, "S1", 4), Unit("小区D", "compound", 500, 8, "S1"),
            Unit("散楼E", "building", 50, 1, "S1"), Unit("小区F", "compound", 4000, 30, "S2"),
            Unit("小区G", "compound", 100, 2, "S2"), Unit("小区H", "compound", 100, 2, "S2"),
            Unit("散楼X", "building", 30, 1, ""), Unit("小区Y", "compound", 80, 2, "S1", has_geometry=False)]


EDGES = [("小区A", "小区B", 10.0), ("小区B", "散楼C", 5.0), ("小区A", "散楼C", 30.0),
         ("散楼C", "小区D", 20.0),
         ("小区A", "小区G", 1.0),  # different streets: ignored
         ("小区G", "小区H", 12.0), ("小区F", "小区G", 3.0)]


def test_greedy_grouping_by_street_with_hand_worked_areas_and_reasons():
    areas, reasons = group_units(_units(), EDGES, 300, 600)
    # S1: seed 小区A; neighbours B (10 m) and C (30 m): B first (250 hh); then C via B (5 m): 450 hh;
    # D via C would make 950 > 600. D then seeds alone: too small. E has no neighbour.
    assert [(a.area_id, a.members, a.households, a.buildings, a.problems) for a in areas] == [
        ("S1-01", ["小区A", "小区B", "散楼C"], 450, 8, 7)]
    assert reasons == {"小区D": "too_small", "散楼E": "isolated", "小区F": "too_large",
                       "小区G": "too_small", "小区H": "too_small", "散楼X": "no_street",
                       "小区Y": "no_geometry"}
    assert set(reasons.values()) <= set(REASONS)


def test_every_unit_is_in_one_area_or_has_a_reason_and_totals_add_up():
    units = _units()
    areas, reasons = group_units(units, EDGES, 100, 1000)
    placed = [m for a in areas for m in a.members]
    assert len(placed) == len(set(placed))
    assert sorted(placed + list(reasons)) == sorted(u.uid for u in units)
    hh = {u.uid: u.households for u in units}
    for area in areas:
        assert area.households == sum(hh[m] for m in area.members)
    # max 1000: A, B, C then D (950 hh) form one area; G + H (200 hh) form S2-01 (F is too large)
    assert [(a.area_id, a.members) for a in areas] == [
        ("S1-01", ["小区A", "小区B", "散楼C", "小区D"]), ("S2-01", ["小区G", "小区H"])]


def test_result_does_not_depend_on_input_order():
    a1, r1 = group_units(_units(), EDGES, 300, 600)
    a2, r2 = group_units(list(reversed(_units())), list(reversed(EDGES)), 300, 600)
    assert [(a.area_id, a.members) for a in a1] == [(a.area_id, a.members) for a in a2] and r1 == r2


def test_management_scale_thresholds():
    assert [management_scale(n) for n in (0, 1000, 1001, 3000, 3001)] == [
        "small", "small", "medium", "medium", "large"]
