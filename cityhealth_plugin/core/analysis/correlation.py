"""Pearson and Spearman correlation with two-sided p-values (pure Python, no scipy).

p-values from Student's t with n − 2 degrees of freedom: t = r·√((n − 2) / (1 − r²)),
p = I_{df/(df + t²)}(df/2, 1/2), the regularized incomplete beta function (continued fraction,
Numerical Recipes §6.4, modified Lentz). This is scipy's ``pearsonr`` p (exact under normality)
and ``spearmanr``'s p (t approximation). Spearman's ρ is Pearson's r of the ranks (ties: mean rank).
Pairs with a missing value on either side are left out; fewer than 3 pairs or a constant side
give None.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import List, Optional, Sequence, Tuple


def _betacf(a: float, b: float, x: float) -> float:
    tiny, eps = 1e-300, 3e-16
    qab, qap, qam = a + b, a + 1.0, a - 1.0
    c, d = 1.0, 1.0 - qab * x / qap
    d = 1.0 / (d if abs(d) > tiny else tiny)
    h = d
    for m in range(1, 1000):
        m2 = 2 * m
        aa = m * (b - m) * x / ((qam + m2) * (a + m2))
        d = 1.0 + aa * d
        d = 1.0 / (d if abs(d) > tiny else tiny)
        c = 1.0 + aa / c
        c = c if abs(c) > tiny else tiny
        h *= d * c
        aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2))
        d = 1.0 + aa * d
        d = 1.0 / (d if abs(d) > tiny else tiny)
        c = 1.0 + aa / c
        c = c if abs(c) > tiny else tiny
        delta = d * c
        h *= delta
        if abs(delta - 1.0) < eps:
            break
    return h


def betainc(a: float, b: float, x: float) -> float:
    """The regularized incomplete beta function I_x(a, b), 0 ≤ x ≤ 1."""
    if x <= 0.0:
        return 0.0
    if x >= 1.0:
        return 1.0
    front = math.exp(math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b) + a * math.log(x)
                     + b * math.log1p(-x))
    if x < (a + 1.0) / (a + b + 2.0):
        return front * _betacf(a, b, x) / a
    return 1.0 - front * _betacf(b, a, 1.0 - x) / b


def t_p_two_sided(t: float, df: float) -> float:
    """Two-sided p of Student's t with ``df`` degrees of freedom."""
    if math.isinf(t):
        return 0.0
    return betainc(df / 2.0, 0.5, df / (df + t * t))


def ranks(values: Sequence[float]) -> List[float]:
    """Ranks 1 … n, ties get their mean rank."""
    order = sorted(range(len(values)), key=lambda k: values[k])
    out = [0.0] * len(values)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and values[order[j + 1]] == values[order[i]]:
            j += 1
        for k in range(i, j + 1):
            out[order[k]] = (i + j) / 2.0 + 1.0
        i = j + 1
    return out


def pearson_r(x: Sequence[float], y: Sequence[float]) -> Optional[float]:
    n = len(x)
    mx, my = sum(x) / n, sum(y) / n
    sxy = sum((a - mx) * (b - my) for a, b in zip(x, y))
    sxx = sum((a - mx) ** 2 for a in x)
    syy = sum((b - my) ** 2 for b in y)
    if sxx == 0 or syy == 0:
        return None
    return max(-1.0, min(1.0, sxy / math.sqrt(sxx * syy)))


def p_of_r(r: float, n: int) -> float:
    """Two-sided p of a correlation r of n pairs (t test, n − 2 degrees of freedom)."""
    df = n - 2
    if abs(r) >= 1.0:
        return 0.0
    return t_p_two_sided(r * math.sqrt(df / (1.0 - r * r)), df)


@dataclass
class Correlation:
    x: str
    y: str
    n: int
    pearson: Optional[float]
    pearson_p: Optional[float]
    spearman: Optional[float]
    spearman_p: Optional[float]


def pairs(x: Sequence[Optional[float]], y: Sequence[Optional[float]]) -> Tuple[List[float], List[float]]:
    """The pairs where both values are numbers (not None, not NaN)."""
    xs, ys = [], []
    for a, b in zip(x, y):
        if a is None or b is None or isinstance(a, float) and math.isnan(a) or isinstance(b, float) and \
                math.isnan(b):
            continue
        xs.append(float(a))
        ys.append(float(b))
    return xs, ys


def correlate(name_x: str, x: Sequence[Optional[float]], name_y: str, y: Sequence[Optional[float]]
              ) -> Correlation:
    """Pearson and Spearman of the complete pairs of ``x`` and ``y``."""
    xs, ys = pairs(x, y)
    n = len(xs)
    if n < 3:
        return Correlation(name_x, name_y, n, None, None, None, None)
    r = pearson_r(xs, ys)
    rho = pearson_r(ranks(xs), ranks(ys))
    return Correlation(name_x, name_y, n, r, None if r is None else p_of_r(r, n),
                       rho, None if rho is None else p_of_r(rho, n))


#: The candidate drivers per block (key → Chinese header, English).
DRIVERS = (("pop_density", "人口密度（人/平方公里）", "population density (residents / km²)"),
           ("share_60", "60岁以上居民占比", "share of residents aged 60 and over"),
           ("building_age", "平均房龄（年）", "mean building age (years)"),
           ("share_no_property", "无物业管理户数占比", "share of households without property management"),
           ("facility_coverage", "设施覆盖居民占比", "share of residents with a facility within the radius"))


@dataclass
class Building:
    """One building as the adapter found it: its block, residents, residents aged 60+, build year,
    and whether a facility lies within the radius."""

    block: Optional[str]
    residents: float
    residents_60: Optional[float]
    build_year: Optional[float]
    near_facility: Optional[bool]


def block_drivers(area_km2: float, buildings: Sequence[Building], compounds: Sequence[Tuple[float, bool]],
                  year: int) -> dict:
    """The drivers of one block (None where the data do not allow one).

    ``compounds``: (households, has property management) of the compounds in the block.
    """
    residents = sum(b.residents for b in buildings)
    with_60 = [b for b in buildings if b.residents_60 is not None]
    aged = [year - b.build_year for b in buildings if b.build_year]
    covered = [b for b in buildings if b.near_facility is not None]
    covered_residents = sum(b.residents for b in covered)
    households = sum(h for h, _p in compounds)
    return {
        "pop_density": residents / area_km2 if area_km2 > 0 else None,
        "share_60": (sum(b.residents_60 for b in with_60) / sum(b.residents for b in with_60)
                     if with_60 and sum(b.residents for b in with_60) > 0 else None),
        "building_age": sum(aged) / len(aged) if aged else None,
        "share_no_property": (sum(h for h, p in compounds if not p) / households if households > 0 else None),
        "facility_coverage": (sum(b.residents for b in covered if b.near_facility) / covered_residents
                              if covered_residents > 0 else None),
    }
