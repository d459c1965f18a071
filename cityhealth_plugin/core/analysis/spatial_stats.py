"""Local Getis–Ord Gi* and local Moran's I with analytical inference (pure numpy, no PySAL).

Weights are neighbour lists (``neighbours[i]``: the indices of the features next to feature ``i``,
never ``i`` itself), built by the adapter (queen contiguity, distance band or k nearest).

**Gi*** (Ord & Getis 1995, binary weights, the feature itself included, ``w_i = |N(i)| + 1``)::

    z_i = (Σ_{j ∈ N(i) ∪ {i}} y_j − w_i·ȳ) / (s·√((n·w_i − w_i²) / (n − 1)))

with ȳ and s the mean and the population standard deviation of all n values. This is exactly
``esda.getisord.G_Local(y, w, transform="B", star=True).Zs`` (esda writes it as
(G − E[G]) / √V[G] with G = Σ w y / Σ y, E = w_i / n, V = w_i (n − w_i) / (n − 1) / n² · s² / ȳ²).

**Local Moran** (Anselin 1995, row-standardised weights, as ``esda.moran.Moran_Local(y, w,
transformation="r")``): z = (y − ȳ) / s, lag_i = mean of z over N(i),
``I_i = (n − 1)·z_i·lag_i / Σ z²`` (esda's ``Is``), and the analytical z-score
``(I_i − E[I_i]) / √V[I_i]`` with esda's expectation and variance under total randomisation
(Anselin 1995 eq. 13–14 in Sokal et al.'s 1998 form): with w_i = Σ_j w_ij (1 here),
w_i2 = Σ_j w_ij² (1 / |N(i)|), b2 = m4 / m2²::

    E = −w_i / (n − 1)
    V = w_i2 (n − b2) / (n − 1) + (w_i² − w_i2)(2 b2 − n) / ((n − 1)(n − 2)) − E²

p-values are two-sided from the standard normal. Quadrants as esda: 1 HH, 2 LH, 3 LL, 4 HL
(z_i > 0 is "high", lag_i > 0 is "high neighbours").

Features whose value is missing are left out (they are nobody's neighbour); features without a
neighbour that has a value (islands) still count in n, ȳ and s, as in esda, but get no statistic
(None). A constant field (s = 0) or fewer than 3 values gives no statistic for anyone.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import List, Optional, Sequence

import numpy as np

from ..feedback import check

#: Confidence levels of the hot / cold classes (class 3, 2, 1 = 99 %, 95 %, 90 %).
LEVELS = ((3, 0.01), (2, 0.05), (1, 0.10))
#: Local Moran quadrants (lisa_q).
QUADRANTS = {1: "HH", 2: "LH", 3: "LL", 4: "HL"}


@dataclass
class HotspotResult:
    """Per feature (input order) ``None`` or the value; and what was left out, for the messages."""

    gi_z: List[Optional[float]]
    gi_p: List[Optional[float]]
    gi_class: List[Optional[int]]
    lisa_i: List[Optional[float]]
    lisa_z: List[Optional[float]]
    lisa_p: List[Optional[float]]
    lisa_q: List[Optional[int]]
    neighbours: List[int]
    missing: int = 0          # features without a value
    islands: int = 0          # features with a value but no neighbour with a value
    constant: bool = False    # all values equal: no statistic
    too_few: bool = False     # fewer than 3 values
    fdr: bool = True
    thresholds: dict = field(default_factory=dict)   # level → p threshold used (after FDR)


def csr(neighbours: Sequence[Sequence[int]]):
    """``(rows, cols, counts)``: the neighbour pairs as flat int arrays and each feature's count."""
    counts = np.fromiter((len(nb) for nb in neighbours), dtype=np.int64, count=len(neighbours))
    cols = np.fromiter((j for nb in neighbours for j in nb), dtype=np.int64, count=int(counts.sum()))
    rows = np.repeat(np.arange(len(neighbours), dtype=np.int64), counts)
    return rows, cols, counts


def normal_p(z: np.ndarray) -> np.ndarray:
    """Two-sided p-value of standard normal z-scores (NaN stays NaN)."""
    out = np.full(z.shape, np.nan)
    for k, value in enumerate(z):
        if not math.isnan(value):
            out[k] = math.erfc(abs(value) / math.sqrt(2.0))
    return out


def gi_star(y: np.ndarray, rows: np.ndarray, cols: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """Gi* z-scores (binary weights, self included); NaN where undefined."""
    n = len(y)
    mean = y.mean()
    s = math.sqrt(max((y * y).mean() - mean * mean, 0.0))
    wi = counts.astype(float) + 1.0
    sums = np.bincount(rows, weights=y[cols], minlength=n) + y
    with np.errstate(divide="ignore", invalid="ignore"):
        z = (sums - wi * mean) / (s * np.sqrt((n * wi - wi * wi) / (n - 1)))
    z[~np.isfinite(z)] = np.nan
    return z


def local_moran(y: np.ndarray, rows: np.ndarray, cols: np.ndarray, counts: np.ndarray):
    """``(I, z, q)`` of local Moran with row-standardised weights (esda's Is, analytical z, q)."""
    n = len(y)
    z = (y - y.mean()) / y.std()
    with np.errstate(divide="ignore", invalid="ignore"):
        weights = 1.0 / counts[rows]
        lag = np.bincount(rows, weights=weights * z[cols], minlength=n)
        wi = (counts > 0).astype(float)
        wi2 = np.bincount(rows, weights=weights * weights, minlength=n)
        local = (n - 1) * z * lag / (z * z).sum()
        m2 = (z * z).sum() / n
        b2 = ((z ** 4).sum() / n) / (m2 * m2)
        expected = -wi / (n - 1)
        variance = wi2 * (n - b2) / (n - 1) + (wi * wi - wi2) * (2 * b2 - n) / ((n - 1) * (n - 2))
        variance -= expected * expected
        zscore = (local - expected) / np.sqrt(variance)
    zscore[~np.isfinite(zscore)] = np.nan
    high, high_lag = z > 0, lag > 0
    quadrant = np.where(high & high_lag, 1, np.where(~high & high_lag, 2, np.where(~high, 3, 4)))
    return local, zscore, quadrant


def p_threshold(p: np.ndarray, alpha: float, fdr: bool) -> float:
    """The largest p that is significant at ``alpha``: ``alpha`` itself, or with ``fdr`` the
    Benjamini–Hochberg threshold (largest p_(k) ≤ k·alpha/m; 0 when none is)."""
    valid = np.sort(p[~np.isnan(p)])
    if not fdr:
        return alpha
    m = len(valid)
    if not m:
        return 0.0
    ok = valid <= alpha * np.arange(1, m + 1) / m
    return float(valid[np.nonzero(ok)[0][-1]]) if ok.any() else 0.0


def hot_cold(z: np.ndarray, p: np.ndarray, fdr: bool = True):
    """Hot (+) / cold (−) class 3 / 2 / 1 at 99 / 95 / 90 % (0 not significant, None no value) and the
    p threshold used per level."""
    classes = np.zeros(len(z), dtype=np.int64)
    thresholds = {}
    for level, alpha in reversed(LEVELS):
        limit = p_threshold(p, alpha, fdr)
        thresholds[level] = limit
        hit = ~np.isnan(p) & (p <= limit)
        classes[hit] = level
    classes = np.sign(np.nan_to_num(z)).astype(np.int64) * classes
    return [None if math.isnan(v) else int(c) for v, c in zip(p, classes)], thresholds


def _values(values: Sequence[Optional[float]]) -> np.ndarray:
    out = np.full(len(values), np.nan)
    for k, value in enumerate(values):
        if value is not None:
            try:
                out[k] = float(value)
            except (TypeError, ValueError):
                pass
    out[~np.isfinite(out)] = np.nan
    return out


def _listed(array: np.ndarray, valid: np.ndarray, n: int, kind=float) -> list:
    full: List[Optional[float]] = [None] * n
    for k, value in zip(np.nonzero(valid)[0], array):
        if not (isinstance(value, float) and math.isnan(value)):
            full[int(k)] = kind(value)
    return full


def hotspots(values: Sequence[Optional[float]], neighbours: Sequence[Sequence[int]], fdr: bool = True,
             feedback=None) -> HotspotResult:
    """Gi*, local Moran and hot / cold classes of ``values`` (None / NaN: no value) on ``neighbours``."""
    y_all = _values(values)
    n_all = len(y_all)
    valid = ~np.isnan(y_all)
    new_index = np.cumsum(valid) - 1
    kept = [[int(new_index[j]) for j in nb if valid[j] and j != i]
            for i, nb in enumerate(neighbours) if valid[i]]
    check(feedback)
    y = y_all[valid]
    n = len(y)
    rows, cols, counts = csr(kept)
    result = HotspotResult([None] * n_all, [None] * n_all, [None] * n_all, [None] * n_all, [None] * n_all,
                           [None] * n_all, [None] * n_all, [0] * n_all, missing=int(n_all - n), fdr=fdr)
    result.neighbours = _listed(counts, valid, n_all, int)
    result.neighbours = [c or 0 for c in result.neighbours]
    result.islands = int((counts == 0).sum())
    if n < 3:
        result.too_few = True
        return result
    if float(y.std()) == 0.0:
        result.constant = True
        return result
    island = counts == 0
    gz = gi_star(y, rows, cols, counts)
    check(feedback)
    li, lz, lq = local_moran(y, rows, cols, counts)
    gz[island] = np.nan
    li[island] = np.nan
    lz[island] = np.nan
    gp, lp = normal_p(gz), normal_p(lz)
    classes, result.thresholds = hot_cold(gz, gp, fdr)
    result.gi_z = _listed(gz, valid, n_all)
    result.gi_p = _listed(gp, valid, n_all)
    result.gi_class = [None] * n_all
    for k, c in zip(np.nonzero(valid)[0], classes):
        result.gi_class[int(k)] = c
    result.lisa_i = _listed(li, valid, n_all)
    result.lisa_z = _listed(lz, valid, n_all)
    result.lisa_p = _listed(lp, valid, n_all)
    result.lisa_q = _listed(np.where(island, -1, lq), valid, n_all, int)
    result.lisa_q = [None if q is None or q < 0 else q for q in result.lisa_q]
    return result
