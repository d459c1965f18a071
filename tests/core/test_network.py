"""Network distances (core/network.py) and the ``distance: network`` option of the indicator engine,
on hand-made graphs with distances worked out by hand."""

from __future__ import annotations

import json

import pytest

from cityhealth_plugin.core.indicators import config as cfg
from cityhealth_plugin.core.indicators.assessment import check_network_layers, spatial_requests
from cityhealth_plugin.core.indicators.kinds import Inputs, compute_indicator
from cityhealth_plugin.core.messages import CityHealthError
from cityhealth_plugin.core.network import Network, adjacency, dijkstra

#   A --3-- B --4-- C --1-- E
#   |               |
#   +------10-------D--2--+ (D–C 2)
EDGES = [("A", "B", 3), ("B", "C", 4), ("A", "D", 10), ("D", "C", 2), ("C", "E", 1)]


def test_dijkstra_single_source_by_hand():
    graph = adjacency(EDGES)
    # A→B 3, A→B→C 7, A→B→C→E 8, A→D min(10, 7 + 2 = 9) = 9
    assert dijkstra(graph, {"A": 0.0}) == {"A": 0.0, "B": 3.0, "C": 7.0, "E": 8.0, "D": 9.0}
    # cut-off 8.5: D (9) is beyond, E (8) within; the bound is inclusive
    assert dijkstra(graph, {"A": 0.0}, 8.5) == {"A": 0.0, "B": 3.0, "C": 7.0, "E": 8.0}
    assert dijkstra(graph, {"A": 0.0}, 8.0) == {"A": 0.0, "B": 3.0, "C": 7.0, "E": 8.0}


def test_dijkstra_several_sources_with_offsets():
    graph = adjacency(EDGES)
    # A starts at 0, D at 1 (its access leg): C = min(7, 1 + 2) = 3, E = 4, B = min(3, 3 + 4) = 3
    assert dijkstra(graph, {"A": 0.0, "D": 1.0}) == {"A": 0.0, "D": 1.0, "C": 3.0, "E": 4.0, "B": 3.0}
    # an offset beyond the cut-off does not start; unknown nodes are ignored
    assert dijkstra(graph, {"A": 20.0, "Z": 0.0, "E": 0.0}, 2.0) == {"E": 0.0, "C": 1.0}
    assert dijkstra(graph, {}) == {}


def test_positions_split_edges_and_access_legs_are_added():
    # one street A–B–C, 10 m each; a facility at 4 m along A–B, 2 m off the street (leg 2)
    net = Network([("A", "B", 10), ("B", "C", 10)], [(0, 4.0), (0, 8.0), (1, 3.0), (1, 0.0), (1, 25.0)])
    dist = net.distances([((0, 4.0), 2.0)])
    assert dist[net.node((0, 8.0))] == 6.0  # 2 + (8 − 4), on the same edge
    assert dist["A"] == 6.0 and dist["B"] == 8.0 and dist["C"] == 18.0
    assert dist[net.node((1, 3.0))] == 11.0  # 2 + 6 + 3
    assert net.node((1, 0.0)) == "B" and net.node((1, 25.0)) == "C"  # ends, clamped
    # buildings: X at 3 m along B–C with a leg of 1 → 12; Y at 8 m along A–B with a leg of 0.5 → 6.5;
    # P (a polygon) attached on both streets: the least of its attachments, 5 + 1 = 6 (via A)
    targets = {"X": [((1, 3.0), 1.0)], "Y": [((0, 8.0), 0.5)], "P": [((1, 25.0), 0.0), ((0, 0.0), 0.0)],
               "nowhere": []}
    assert net.reached([((0, 4.0), 2.0)], targets, 11.0) == {"Y": 6.5, "P": 6.0}
    assert net.reached([((0, 4.0), 2.0)], targets, 12.0) == {"X": 12.0, "Y": 6.5, "P": 6.0}
    # two sources: the nearer counts
    assert net.reached([((0, 4.0), 2.0), ((1, 25.0), 0.0)], targets, 12.0)["X"] == 8.0  # from C: 7 + leg 1
    assert net.distances([((0, 4.0), 2.0), ((1, 25.0), 0.0)])[net.node((1, 3.0))] == 7.0  # C → 3 m: 10 − 3


def test_disconnected_parts_are_not_reached():
    net = Network([("A", "B", 5), ("C", "D", 5)], [(1, 2.0)])
    assert net.reached([((0, 0.0), 0.0)], {"far": [((1, 2.0), 0.0)], "B": [((0, 5.0), 0.0)]}, 1e9) == {
        "B": 5.0}


# --- the configuration option and the engine -------------------------------------------------------
BUILDINGS = {"B1": {"compound_id": "C1", "block_id": "K1", "residents": 100},
             "B2": {"compound_id": "C1", "block_id": "K1", "residents": 50},
             "B3": {"compound_id": "C2", "block_id": "K1", "residents": 30}}
COMPOUNDS = {"C1": {"compound_id": "C1", "block_id": "K1"}, "C2": {"compound_id": "C2", "block_id": "K1"}}
FEATURES = {"facilities": {"S1": {"facility_type": "middle_school"}}}
SCHOOL = {"layer": "facilities", "types": ["middle_school"], "radius": 1000}


def entry(kind, **params):
    base = {"code": "LOCAL-NET", "level": "block", "name_cn": "网络", "direction": "higher_better",
            "kind": kind, "params": dict(params, targets=[SCHOOL]), "standard": 100, "red": 60,
            "local": True}
    if kind == "lacking":
        base.update(direction="lower_better", standard=0, red=1)
    return base


def inputs(level, units, layers=("facilities", "roads")):
    return Inputs(level=level, units=units, buildings=json.loads(json.dumps(BUILDINGS)),
                  compounds=dict(COMPOUNDS), features=FEATURES, layers=set(layers))


def test_network_coverage_and_lacking_read_their_own_answers():
    cover = entry("coverage", distance="network")
    inp = inputs("block", ["K1"])
    config = cfg.validate({"indicators": [cover]}, known_codes=set())
    assert spatial_requests(config, inp) == [("netcover", "facilities", ("S1",), 1000.0)]
    # Euclidean answer (all three) is not used: over the network only B1 and B3 → 130 of 180
    answers = {("cover", "facilities", ("S1",), 1000.0): {"B1", "B2", "B3"},
               ("netcover", "facilities", ("S1",), 1000.0): {"B1", "B3"}}
    assert compute_indicator(cover, inp, answers).values == {"K1": round(100 * 130 / 180, 2)}
    euclid = entry("coverage")
    assert compute_indicator(euclid, inp, answers).values == {"K1": 100.0}
    lack = entry("lacking", of="compound", distance="network")
    answers[("netreach", "compound", "facilities", ("S1",), 1000.0)] = {"C2"}
    assert spatial_requests({"indicators": [lack]}, inputs("compound", [])) == [
        ("netreach", "compound", "facilities", ("S1",), 1000.0)]
    assert compute_indicator(lack, inputs("block", ["K1"]), answers).values == {"K1": 1.0}  # C1 lacks
    assert compute_indicator(lack, inputs("compound", ["C1", "C2"]), answers).values == {"C1": 1.0,
                                                                                         "C2": 0.0}


def test_network_without_roads_is_null_with_a_reason_and_refused_up_front():
    cover = entry("coverage", distance="network")
    inp = inputs("block", ["K1"], layers=("facilities",))
    assert spatial_requests({"indicators": [cover]}, inp) == []
    result = compute_indicator(cover, inp, {})
    assert result.values == {"K1": None} and "ROADS" in str(result.reasons["K1"])
    config = cfg.validate({"indicators": [cover, dict(entry("coverage"), code="LOCAL-EUC")]},
                          known_codes=set())
    with pytest.raises(CityHealthError) as error:
        check_network_layers(config, {"facilities", "parks"})
    assert "LOCAL-NET" in str(error.value) and "LOCAL-EUC" not in str(error.value)
    assert "ROADS" in str(error.value)
    check_network_layers(config, {"facilities", "roads"})  # given: fine
    config["indicators"][0]["enabled"] = False
    check_network_layers(config, set())  # a disabled indicator needs nothing


def test_distance_is_validated_naming_the_entry():
    config = cfg.load_config()
    assert {i["params"].get("distance") for i in config["indicators"] if i["kind"] in ("lacking", "coverage")
            } == {"euclidean"}  # the shipped set says so explicitly
    position = next(n for n, i in enumerate(config["indicators"]) if i["code"] == "IND-BLOCK-023")
    config["indicators"][position]["params"]["distance"] = "manhattan"
    with pytest.raises(CityHealthError) as error:
        cfg.validate(config)
    text = str(error.value)
    assert "entry {} (IND-BLOCK-023)".format(position + 1) in text and "params.distance" in text
    assert "euclidean | network" in text
    config["indicators"][position]["params"]["distance"] = "network"
    assert cfg.network_indicators(cfg.validate(config)) == ["IND-BLOCK-023"]
    del config["indicators"][position]["params"]["distance"]  # absent = euclidean
    assert cfg.network_indicators(cfg.validate(config)) == []
