"""综合改一次: quantities, costs and ranking worked out by hand; the shipped cost table loads."""

from __future__ import annotations

import os

import pytest

from cityhealth_plugin.core.messages import CityHealthError
from cityhealth_plugin.core.planning.renovation import Building, Package, Problem, load_costs, package, rank

COSTS = """item,name_cn,unit,unit_cost,basis,triggers,safety,source
roof,屋面防水,m²,130,roof_area,ROOF,0,测试
facade,外墙保温,m²,260,facade_area,FACADE,0,测试
gas,燃气管道,m,420,pipe_length,GAS,1,测试
lift,加装电梯,部,650000,lift_units,LIFT-01,0,测试
road,道路,m²,180,road_area,WALK,0,测试
park,口袋公园,处,300000,compound,GREEN,0,测试
"""
BUILDINGS = [Building("B1", 200.0, 60.0, 5, 2, False), Building("B2", 100.0, 40.0, 3, 1, False)]
PROBLEMS = [Problem("ROOF-01", "ROOF", "B1"), Problem("FACADE-02", "FACADE", "B1"),
            Problem("FACADE-01", "FACADE", "B2"), Problem("GAS-01", "GAS", ""),
            Problem("LIFT-01", "LIFT", "B1"), Problem("WALK-01", "WALK", "")]


def test_package_quantities_and_costs_by_hand():
    pkg = package("C1", 40, 2000.0, BUILDINGS, PROBLEMS, load_costs(COSTS, "costs.csv"))
    got = [(ln.item.item, ln.quantity, ln.cost, ln.problems) for ln in pkg.lines]
    assert got == [
        ("roof", 200.0, 26000.0, 1),  # B1 footprint 200 m² × 130
        ("facade", 1260.0, 327600.0, 2),  # B1 60 m × 5 × 3 m = 900 + B2 40 × 3 × 3 = 360
        ("gas", 100.0, 42000.0, 1),  # reported for the compound: both buildings' perimeters 60 + 40
        ("lift", 2.0, 1300000.0, 1),  # B1: 5 storeys, no lift, 2 entrances
        ("road", 425.0, 76500.0, 1),  # (2000 − 300) m² × 0.25
    ]  # no GREEN problem: no pocket park
    assert pkg.total == 1772100.0 and pkg.problems == 6 and pkg.per_household == 0.15
    assert pkg.safety_problems == 1


def test_rank_safety_first_then_problems_per_household():
    def make(uid, households, problems, safety):
        costs = load_costs(COSTS, "c.csv")
        pkg = Package(uid, households, problems)
        if safety:
            gas = package(uid, households, 0, BUILDINGS, [Problem("GAS-01", "GAS")], costs)
            pkg.lines.append(gas.lines[0])
        return pkg
    ranked = rank([make("P1", 40, 6, True), make("P2", 10, 5, False), make("P3", 10, 3, True),
                   make("P0", 0, 0, False)])
    assert [p.compound_id for p in ranked] == ["P3", "P1", "P2", "P0"]


def test_bad_cost_rows_are_named():
    with pytest.raises(CityHealthError, match="row 3"):
        load_costs(COSTS.replace("260,facade_area", "abc,facade_area"), "costs.csv")
    with pytest.raises(CityHealthError, match="columns basis"):
        load_costs("item,name_cn,unit,unit_cost,triggers,safety,source\n", "costs.csv")


def test_shipped_cost_table_loads_with_sources():
    path = os.path.join(os.path.dirname(__file__), "..", "..", "cityhealth_plugin", "resources",
                        "renovation_costs.csv")
    with open(path, encoding="utf-8") as handle:
        items = load_costs(handle.read(), path)
    assert len(items) >= 15 and all(i.source and i.unit_cost > 0 for i in items)
    assert {i.item for i in items if i.safety} == {"structure", "gas_pipe", "fire", "stair"}
