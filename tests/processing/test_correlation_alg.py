"""cityhealth:correlation on four hand-made blocks, and the p-values of core/analysis/correlation.

Four 100 m blocks (0.01 km² each), one building in the middle of each; problems_per_100hh
x = 1, 2, 3, 4. By hand (means 2.5; deviations −1.5, −0.5, 0.5, 1.5; Σdx² = 5):
- residents 100, 300, 200, 400 → density 1, 3, 2, 4 (×10,000/km²): Σdxdy = 4, Σdy² = 5 → r = 0.8,
  ranks equal the values → ρ = 0.8; with n − 2 = 2 degrees of freedom p = 1 − |r| = 0.2 exactly;
- residents_60 10, 60, 60, 160 → shares 0.1, 0.2, 0.3, 0.4: r = ρ = 1, p = 0;
- build_year all 2000 → a constant age: r = ρ = None;
- compounds with property 1, 1, 0, 0 → share without 0, 0, 1, 1: r = 2/√5 = 0.894427 = ρ
  (ranks 1.5, 1.5, 3.5, 3.5 are linear in the values), p = 1 − 0.894427;
- a 卫生站 at block 4's building (FACILITY_TYPES 卫生站; a 超市 at block 1's does not count),
  radius 50 m → coverage 0, 0, 0, 1: r = 1.5/√(5·0.75) =
  0.774597 = ρ, p = 1 − 0.774597.
Student's t with df = 2 has p = 1 − |t|/√(2 + t²) = 1 − |r|; with df = 1, p = 1 − 2·atan(|t|)/π.
"""

from __future__ import annotations

import math

import openpyxl
import processing
import pytest

from cityhealth_plugin.core.analysis import correlation as corr
from tests.processing.layers import X0, Y0, rect, write_layer


def test_p_values_and_ranks_by_hand():
    assert corr.p_of_r(0.8, 4) == pytest.approx(0.2, abs=1e-12)
    assert corr.p_of_r(0.5, 4) == pytest.approx(0.5, abs=1e-12)
    t = 0.5 * math.sqrt(1 / 0.75)  # n = 3, df = 1: Cauchy
    assert corr.p_of_r(0.5, 3) == pytest.approx(1 - 2 * math.atan(t) / math.pi, abs=1e-12)
    assert corr.t_p_two_sided(0.0, 7) == pytest.approx(1.0)
    assert corr.betainc(2, 3, 0.4) == pytest.approx(0.5248, abs=1e-12)  # 1 − Σ_{j<2} C(4,j)·0.4^j·0.6^(4−j)
    assert corr.ranks([10, 20, 20, 30]) == [1, 2.5, 2.5, 4]
    r = corr.correlate("x", [1, 2, 3, 4, None], "y", [1, 3, 2, 4, 9])
    assert (r.n, r.pearson, r.spearman) == (4, pytest.approx(0.8), pytest.approx(0.8))
    assert corr.correlate("x", [1, 2], "y", [2, 1]).pearson is None
    assert corr.correlate("x", [1, 2, 3], "y", [5, 5, 5]).pearson is None


def test_four_blocks(plugin, tmp_path):
    from qgis.core import QgsGeometry, QgsPointXY, QgsWkbTypes

    path = str(tmp_path / "街区.gpkg")
    blocks = [(rect(100 * k, 0, 100 * k + 100, 100), {"block_id": "街区{}".format(k + 1),
                                                      "problems_per_100hh": float(k + 1)}) for k in range(4)]
    fields = {"block_id": str, "problems_per_100hh": float}
    uri_blocks = write_layer(path, "街区", QgsWkbTypes.Polygon, fields, blocks, True)
    people = [(100, 10), (300, 60), (200, 60), (400, 160)]
    buildings = [(rect(100 * k + 40, 40, 100 * k + 60, 60),
                  {"residents": r, "residents_60": r60, "build_year": 2000})
                 for k, (r, r60) in enumerate(people)]
    uri_buildings = write_layer(path, "楼栋", QgsWkbTypes.Polygon,
                                {"residents": int, "residents_60": int, "build_year": int}, buildings, False)
    compounds = [(rect(100 * k + 30, 30, 100 * k + 70, 70), {"households": 50, "has_property": p})
                 for k, p in enumerate((1, 1, 0, 0))]
    uri_compounds = write_layer(path, "小区", QgsWkbTypes.Polygon, {"households": int, "has_property": int},
                                compounds, False)
    facilities = [(QgsGeometry.fromPointXY(QgsPointXY(X0 + 350, Y0 + 50)), {"facility_type": "卫生站"}),
                  (QgsGeometry.fromPointXY(QgsPointXY(X0 + 50, Y0 + 50)), {"facility_type": "超市"})]
    uri_facilities = write_layer(path, "设施", QgsWkbTypes.Point, {"facility_type": str}, facilities, False)
    table, plot = str(tmp_path / "相关分析.xlsx"), str(tmp_path / "散点矩阵.png")
    processing.run("cityhealth:correlation", {
        "BLOCKS": uri_blocks, "BUILDINGS": uri_buildings, "COMPOUNDS": uri_compounds,
        "FACILITIES": uri_facilities, "FACILITY_TYPES": "卫生站",
        "RADIUS": 50, "YEAR": 2025, "OUTPUT": table, "PLOT": plot})
    book = openpyxl.load_workbook(table)
    rows = {r[1]: r for r in book["相关分析"].iter_rows(min_row=2, values_only=True)}
    assert set(rows) == {cn for _k, cn, _en in corr.DRIVERS}
    density = rows["人口密度（人/平方公里）"]
    assert density[0] == "problems_per_100hh" and density[2] == 4
    assert density[3:] == pytest.approx((0.8, 0.2, 0.8, 0.2), abs=1e-6)
    assert rows["60岁以上居民占比"][3:] == pytest.approx((1.0, 0.0, 1.0, 0.0), abs=1e-6)
    assert rows["平均房龄（年）"][3:] == (None, None, None, None)
    r = 2 / math.sqrt(5)
    assert rows["无物业管理户数占比"][3:] == pytest.approx((r, 1 - r, r, 1 - r), abs=1e-6)
    r = 1.5 / math.sqrt(3.75)
    assert rows["设施覆盖居民占比"][3:] == pytest.approx((r, 1 - r, r, 1 - r), abs=1e-6)
    data = list(book["街区数据"].iter_rows(min_row=2, values_only=True))
    assert [d[0] for d in data] == ["街区1", "街区2", "街区3", "街区4"]
    assert [d[2] for d in data] == [10000, 30000, 20000, 40000]
    from qgis.PyQt.QtGui import QImage

    image = QImage(plot)
    assert image.width() == 6 * 220 + 40 and image.height() == 6 * 220 + 40
