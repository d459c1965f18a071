"""core/analysis/spatial_stats: Gi*, local Moran and the FDR classes on values worked out by hand.

The hand example: four features on a line, neighbours 0–1, 1–2, 2–3, values 1, 3, 5, 7
(n = 4, ȳ = 4, population variance 5, s = √5).

Gi* (self included): feature 0: Σ = 1 + 3 = 4, w = 2 → (4 − 8) / (√5·√((8 − 4)/3)) = −√2.4;
feature 1: Σ = 9, w = 3 → (9 − 12) / (√5·√((12 − 9)/3)) = −3/√5; 2 and 3 mirror 1 and 0.

Local Moran: z = (−3, −1, 1, 3)/√5, Σz² = 4; lags −1/√5, −1/√5, 1/√5, 1/√5;
I = (n − 1)·z·lag/Σz² = 9/20, 3/20, 3/20, 9/20. m2 = 1, b2 = m4 = (81 + 1 + 1 + 81)/25/4 = 1.64,
E = −1/3; feature 0 (one neighbour, w_i2 = 1): V = 2.36/3 − 1/9 = 0.675556, z = (0.45 + 1/3)/√V;
feature 1 (two, w_i2 = 1/2): V = 0.5·2.36/3 + 0.5·(3.28 − 4)/6 − 1/9 = 2/9,
z = (0.15 + 1/3)/√(2/9). Quadrants: LL, LL, HH, HH.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from cityhealth_plugin.core.analysis import spatial_stats as ss

LINE = [[1], [0, 2], [1, 3], [2]]


def test_gi_star_and_local_moran_on_the_hand_example():
    r = ss.hotspots([1, 3, 5, 7], LINE, fdr=False)
    assert r.gi_z == pytest.approx([-math.sqrt(2.4), -3 / math.sqrt(5), 3 / math.sqrt(5), math.sqrt(2.4)])
    assert r.gi_p[0] == pytest.approx(math.erfc(math.sqrt(2.4) / math.sqrt(2)))
    assert r.lisa_i == pytest.approx([0.45, 0.15, 0.15, 0.45])
    z0 = (0.45 + 1 / 3) / math.sqrt(2.36 / 3 - 1 / 9)
    z1 = (0.15 + 1 / 3) / math.sqrt(2 / 9)
    assert r.lisa_z == pytest.approx([z0, z1, z1, z0])
    assert r.lisa_z[0] == pytest.approx(0.953050, abs=1e-6)
    assert r.lisa_q == [3, 3, 1, 1]
    assert r.neighbours == [1, 2, 2, 1]
    assert r.gi_class == [0, 0, 0, 0]  # |z| ≤ 1.55: p ≥ 0.12


def test_benjamini_hochberg_thresholds_by_hand():
    p = np.array([0.001, 0.04, 0.045, 0.2])
    # α = 5 %: k·α/m = .0125 .025 .0375 .05 → only p(1) = .001 passes; α = 10 %: .025 .05 .075 .1 → .045
    assert ss.p_threshold(p, 0.05, True) == 0.001
    assert ss.p_threshold(p, 0.10, True) == 0.045
    assert ss.p_threshold(p, 0.01, True) == 0.001
    assert ss.p_threshold(p, 0.05, False) == 0.05
    z = np.array([4.0, 2.0, -2.0, 1.0])
    assert ss.hot_cold(z, p, fdr=True)[0] == [3, 1, -1, 0]
    assert ss.hot_cold(z, p, fdr=False)[0] == [3, 2, -2, 0]
    assert ss.p_threshold(np.array([0.5, 0.9]), 0.05, True) == 0.0


def test_missing_values_and_islands_get_none_but_islands_count_in_n():
    # feature 4 has no value; feature 5 has a value but no neighbour: n = 5 with the island
    r = ss.hotspots([1, 3, 5, 7, None, 100], LINE + [[3], []], fdr=False)
    assert r.missing == 1 and r.islands == 1
    assert r.gi_z[4] is None and r.gi_z[5] is None and r.lisa_q[5] is None
    y = np.array([1, 3, 5, 7, 100.0])
    s = y.std()
    expected = (4 - 2 * y.mean()) / (s * math.sqrt((5 * 2 - 4) / 4))  # feature 0, n = 5
    assert r.gi_z[0] == pytest.approx(expected)
    assert r.neighbours[3] == 1  # feature 4 (no value) is nobody's neighbour


def test_constant_field_and_too_few_values_give_no_statistic():
    r = ss.hotspots([2, 2, 2, 2], LINE)
    assert r.constant and r.gi_z == [None] * 4 and r.lisa_z == [None] * 4 and r.gi_class == [None] * 4
    r = ss.hotspots([1, 2], [[1], [0]])
    assert r.too_few and r.gi_z == [None, None]


def test_a_feature_next_to_every_other_has_no_gi_z():
    # a star: feature 0 touches all (w = n, variance 0) — NULL, not a division by zero
    r = ss.hotspots([1, 2, 3, 4], [[1, 2, 3], [0], [0], [0]])
    assert r.gi_z[0] is None and r.gi_z[1] is not None
