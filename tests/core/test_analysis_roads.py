"""core/analysis/roads.py: node degrees, densities and block flags, worked out by hand."""

from __future__ import annotations

from cityhealth_plugin.core.analysis import roads as rd


def test_degrees_count_each_road_once_per_node():
    a, b, c = rd.snap(110.0, 0.0, 0.5), rd.snap(110.2, 0.1, 0.5), rd.snap(0.0, 0.0, 0.5)
    assert a == b  # within the tolerance
    deg = rd.degrees([(a, "H1", 2), (a, "V2", 1), (b, "V2", 1), (c, "H1", 1), (c, "V1", 1),
                      ((9, 9), "S", 1), (a, "H1", 1)])
    assert deg == {a: 3, c: 2, (9, 9): 1}
    assert [rd.kind(d) for d in (3, 2, 1, 4)] == ["intersection", "through", "dead_end", "intersection"]


def test_block_and_district_figures():
    # cell 120 × 120 m with 455 m of road: ½ × 0.455 km / 0.0144 km² = 15.80 km/km²
    fig = rd.block_figures(10000.0, 100.0, 100.0, 14400.0, 455.0, 2, 0)
    assert (fig["road_density"], fig["intersection_density"], fig["oversized"]) == (15.8, 138.89, 0)
    assert rd.block_figures(40000.0, 400.0, 100.0, 50400.0, 0.0, 0, 0)["oversized"] == 1
    # 820 m of road in 240 × 180 m: 0.82 / 0.0432 = 18.98 km/km²; 2 intersections → 46.30 per km²
    d = rd.district_figures(43200.0, 820.0, 2, 1, [100.0, 100.0])
    assert (d["road_density"], d["density_ok"], d["intersection_density"], d["mean_side_m"]) == (
        18.98, 1, 46.3, 100.0)
    d = rd.district_figures(50400.0, 0.0, 0, 0, [400.0])
    assert (d["road_density"], d["density_ok"], d["oversized"], d["max_side_m"]) == (0.0, 0, 1, 400.0)
    assert rd.district_figures(0.0, 10.0, 0, 0, [])["road_density"] is None


def test_slivers_and_block_numbering():
    assert rd.keep_parts([10000.0, 6.25, 499.9, 500.0], 500.0) == ([0, 3], 2)
    # west → east, then south → north
    assert rd.number_blocks([(165.0, 55.0), (55.0, 55.0), (55.0, 300.0)]) == ["BLK-R0003", "BLK-R0001",
                                                                             "BLK-R0002"]
