"""Inverse Gauss–Krüger (transverse Mercator) for the demo city's CRS, EPSG:4550.

EPSG:4550 is CGCS2000 / 3-degree Gauss-Kruger CM 123E: CGCS2000 ellipsoid (a = 6378137 m,
1/f = 298.257222101), central meridian 123°E, scale 1, false easting 500 000 m, no zone prefix.
The series are Snyder's (USGS Professional Paper 1395, eqs. 8-18 … 8-25): millimetre accuracy within
a few degrees of the central meridian, far more than mini-program GPS readings carry.
"""

from __future__ import annotations

import math
from typing import Tuple

A = 6378137.0
F = 1 / 298.257222101
LON0 = 123.0
FALSE_EASTING = 500000.0
K0 = 1.0


def gauss_kruger_to_lonlat(x: float, y: float) -> Tuple[float, float]:
    """EPSG:4550 easting/northing (m) → WGS84/CGCS2000 longitude, latitude (degrees)."""
    e2 = F * (2 - F)
    ep2 = e2 / (1 - e2)
    m = y / K0
    mu = m / (A * (1 - e2 / 4 - 3 * e2 ** 2 / 64 - 5 * e2 ** 3 / 256))
    e1 = (1 - math.sqrt(1 - e2)) / (1 + math.sqrt(1 - e2))
    phi1 = (mu + (3 * e1 / 2 - 27 * e1 ** 3 / 32) * math.sin(2 * mu)
            + (21 * e1 ** 2 / 16 - 55 * e1 ** 4 / 32) * math.sin(4 * mu)
            + (151 * e1 ** 3 / 96) * math.sin(6 * mu) + (1097 * e1 ** 4 / 512) * math.sin(8 * mu))
    sin1, cos1, tan1 = math.sin(phi1), math.cos(phi1), math.tan(phi1)
    c1 = ep2 * cos1 ** 2
    t1 = tan1 ** 2
    n1 = A / math.sqrt(1 - e2 * sin1 ** 2)
    r1 = A * (1 - e2) / (1 - e2 * sin1 ** 2) ** 1.5
    d = (x - FALSE_EASTING) / (n1 * K0)
    lat = phi1 - (n1 * tan1 / r1) * (
        d ** 2 / 2 - (5 + 3 * t1 + 10 * c1 - 4 * c1 ** 2 - 9 * ep2) * d ** 4 / 24
        + (61 + 90 * t1 + 298 * c1 + 45 * t1 ** 2 - 252 * ep2 - 3 * c1 ** 2) * d ** 6 / 720)
    lon = (d - (1 + 2 * t1 + c1) * d ** 3 / 6
           + (5 - 2 * c1 + 28 * t1 - 3 * c1 ** 2 + 8 * ep2 + 24 * t1 ** 2) * d ** 5 / 120) / cos1
    return LON0 + math.degrees(lon), math.degrees(lat)
