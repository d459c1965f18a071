"""Deterministic synthetic demo city for CityHealth (modelled on Tongliao's old town, 科尔沁区).

:func:`generate_city` builds the geometry and attributes of every layer of ``schema.DEMO_LAYERS``
(plain Python: WKT strings and attribute dicts keyed by the schema field names, EPSG:4550).
:func:`write_reports` writes the messy grid reports of two rounds (2024, 2025), their photos, a
satisfaction survey per round, the ground truth that tells which building each report row means,
and a Chinese README. The same ``seed`` gives byte-identical files.
"""

from __future__ import annotations

from .democity_city import City, Feature, build_city
from .democity_reports import ROUNDS, ReportsSummary, write_reports

SIZES = ("small", "large")

__all__ = ["City", "Feature", "ReportsSummary", "ROUNDS", "SIZES", "generate_city", "write_reports"]


def generate_city(size: str = "small", seed: int = 2024, feedback=None) -> City:
    """Generate the demo city of ``size`` (``small`` ≈ 2,000 buildings, ``large`` ≈ 60,000).

    Deterministic for ``seed`` (its own ``random.Random``; no global state, no clock).
    """
    if size not in SIZES:
        raise ValueError("size must be one of {}".format(", ".join(SIZES)))
    return build_city(size, int(seed), feedback)
