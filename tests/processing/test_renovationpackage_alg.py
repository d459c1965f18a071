"""cityhealth:renovationpackage on a hand-drawn compound with the shipped cost table (values by hand)."""

from __future__ import annotations

import openpyxl
import processing
from qgis.core import QgsGeometry, QgsVectorLayer, QgsWkbTypes

from tests.processing.layers import X0, Y0, rect, write_layer


def _inputs(tmp_path):
    city = str(tmp_path / "城市.gpkg")
    cf = {"compound_id": str, "compound_name": str, "households": int}
    comp = write_layer(city, "compounds", QgsWkbTypes.Polygon, cf, [
        (rect(0, 0, 100, 100), {"compound_id": "CP1", "compound_name": "=甲小区", "households": 40}),
        (rect(200, 0, 260, 60), {"compound_id": "CP2", "compound_name": "乙小区", "households": 30})], True)
    bf = {"building_id": str, "compound_id": str, "storeys": int, "units": int, "has_lift": int}
    bld = write_layer(city, "buildings", QgsWkbTypes.Polygon, bf, [
        (rect(10, 10, 30, 20), {"building_id": "B1", "compound_id": "CP1", "storeys": 5, "units": 2,
                                "has_lift": 0}),
        (rect(50, 50, 60, 60), {"building_id": "B2", "compound_id": "CP1", "storeys": 3, "units": 1,
                                "has_lift": 0}),
        (rect(210, 10, 220, 20), {"building_id": "B3", "compound_id": "CP2", "storeys": 6, "units": 1,
                                  "has_lift": 0})], False)
    ledger = str(tmp_path / "台账.gpkg")
    pf = {"round": int, "status": str, "compound_id": str, "building_id": str, "problem_code": str,
          "category": str}
    point = QgsGeometry.fromWkt("POINT({} {})".format(X0 + 10, Y0 + 10))
    rows = [(2025, "", "CP1", "B1", "ROOF-01", "ROOF"), (2025, "整改中", "CP1", "B1", "FACADE-02", "FACADE"),
            (2025, "", "CP1", "B2", "FACADE-01", "FACADE"), (2025, "", "CP1", None, "GAS-01", "GAS"),
            (2025, "", "CP1", "B1", "LIFT-01", "LIFT"), (2025, "未整改", "CP1", None, "WALK-01", "WALK"),
            (2025, "已整改", "CP1", "B2", "ROOF-02", "ROOF"), (2024, "", "CP2", "B3", "ROOF-01", "ROOF")]
    names = ("round", "status", "compound_id", "building_id", "problem_code", "category")
    write_layer(ledger, "problems", QgsWkbTypes.Point, pf, [(point, dict(zip(names, r))) for r in rows], True)
    return comp, bld, ledger


def test_renovation_package_quantities_costs_and_ranking_by_hand(plugin, tmp_path):
    comp, bld, ledger = _inputs(tmp_path)
    out, book = str(tmp_path / "综合改一次.gpkg"), str(tmp_path / "综合改一次.xlsx")
    processing.run("cityhealth:renovationpackage", {"COMPOUNDS": comp, "BUILDINGS": bld, "LEDGER": ledger,
                                                    "ROUND": 2025, "OUTPUT": out, "WORKBOOK": book})
    layer = QgsVectorLayer(out, "p", "ogr")
    rows = {f["compound_id"]: f for f in layer.getFeatures()}
    cp1 = rows["CP1"]
    # gas: compound-level problem → both perimeters 60 + 40 m × 420 = 42000 (safety);
    # roof B1 200 m² × 130 = 26000; facade (60×5 + 40×3) × 3 m = 1260 m² × 260 = 327600;
    # road (10000 − 300) × 0.25 = 2425 m² × 180 = 436500; lift: B1 5 storeys, 2 entrances × 650000
    assert cp1["item_list"] == "gas_pipe|roof_waterproof|facade_insulation|road|lift"
    assert cp1["total_cost"] == 42000 + 26000 + 327600 + 436500 + 1300000
    assert (cp1["problems_open"], cp1["safety_problems"], cp1["rank"]) == (6, 1, 1)
    assert abs(cp1["problems_per_hh"] - 0.15) < 1e-9
    assert (rows["CP2"]["total_cost"], rows["CP2"]["items"], rows["CP2"]["rank"]) == (0, 0, 2)
    wb = openpyxl.load_workbook(book)
    summary, bill = wb["城市汇总"], wb["工程量清单"]
    assert summary.freeze_panes == "C2" and bill.auto_filter.ref.startswith("A1:")
    assert summary.cell(1, 10).value == "估算总价（元）"
    assert [c.value for c in summary[2]][:3] == [1, "CP1", "'=甲小区"]  # formula-safe text
    assert summary.cell(2, 10).value == 2132100 and summary.max_row == 2  # CP2 has no item
    lines = [[c.value for c in r] for r in bill.iter_rows(min_row=2)]
    assert [(r[3], r[5], r[7]) for r in lines] == [
        ("燃气管道及报警器更新", 100.0, 42000.0), ("屋面防水", 200.0, 26000.0),
        ("外墙保温及饰面", 1260.0, 327600.0),
        ("小区道路修复及拓宽", 2425.0, 436500.0), ("加装电梯", 2.0, 1300000.0)]


def test_a_bad_cost_table_is_named(plugin, tmp_path):
    import pytest
    from qgis.core import QgsProcessingException

    comp, bld, ledger = _inputs(tmp_path)
    costs = tmp_path / "单价.csv"
    costs.write_text("item,name_cn,unit,unit_cost,basis,triggers,safety,source\nroof,屋面,m²,x,roof_area,ROOF,0,-\n",
                     encoding="utf-8")
    with pytest.raises(QgsProcessingException, match="row 2"):
        processing.run("cityhealth:renovationpackage", {
            "COMPOUNDS": comp, "BUILDINGS": bld, "LEDGER": ledger, "COSTS": str(costs),
            "OUTPUT": str(tmp_path / "o.gpkg"), "WORKBOOK": str(tmp_path / "o.xlsx")})
