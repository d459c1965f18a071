"""cityhealth:addresslibrary on a hand-drawn library: 8 buildings in 3 compounds, one scattered building."""

from __future__ import annotations

import os

from tests.processing.layers import rect, write_layer

BUILDING_FIELDS = {"building_id": str, "compound_name": str, "building_no": str, "units": int,
                   "community_code": str, "grid_code": str}
#: (id, compound, building no, units, community, grid, rectangle x1 y1 x2 y2 in metres from X0/Y0)
BUILDINGS = [
    ("B01", "天福家园南区", "3号楼", 4, "明仁社区", "网格01", (0, 0, 20, 10)),
    ("B02", "天福家园南区", "4", 2, "明仁社区", "网格01", (30, 0, 50, 10)),
    ("B03", "天福家园北区", "3", 2, "明仁社区", "网格01", (0, 40, 20, 50)),
    ("B04", "明仁小区", "1", 3, "建国社区", "网格02", (100, 0, 120, 10)),
    ("B05", "明仁小区", "2", 3, "建国社区", "网格02", (130, 0, 150, 10)),
    ("B06", "和平路45号", "", None, "建国社区", "网格02", (200, 0, 210, 10)),
    ("B07", "", "7", None, "建国社区", "网格02", (300, 0, 310, 10)),
    ("B08", "明仁小区", "02", 3, "建国社区", "网格02", (160, 0, 180, 10)),
]


def write_buildings(path):
    """The building layer of the fixture city; returns its URI."""
    from qgis.core import QgsWkbTypes

    rows = [(rect(*r), dict(zip(BUILDING_FIELDS, (bid, c, b, u, comm, g))))
            for bid, c, b, u, comm, g, r in BUILDINGS]
    return write_layer(path, "楼栋", QgsWkbTypes.Polygon, BUILDING_FIELDS, rows, True)


def write_compounds(path):
    from qgis.core import QgsWkbTypes

    fields = {"compound_name": str, "aliases": str}
    rows = [(rect(-5, -5, 55, 15), {"compound_name": "天福家园(南区)", "aliases": "老天福|天福南苑"}),
            (rect(-5, 35, 25, 55), {"compound_name": "天福家园北区", "aliases": ""}),
            (rect(95, -5, 155, 15), {"compound_name": "明仁小区", "aliases": None})]
    return write_layer(path, "小区", QgsWkbTypes.Polygon, fields, rows, False)


def read_table(path, layer):
    from qgis.core import QgsVectorLayer

    vl = QgsVectorLayer("{}|layername={}".format(path, layer), layer, "ogr")
    assert vl.isValid(), layer
    rows = [{f.name(): feat[f.name()] for f in vl.fields()} for feat in vl.getFeatures()]
    geoms = [feat.geometry() for feat in vl.getFeatures()]
    return rows, geoms


def run_library(tmp_path, extra=None):
    import processing

    gpkg = str(tmp_path / "底图.gpkg")
    params = {
        "BUILDINGS": write_buildings(gpkg), "ID_FIELD": "building_id", "COMPOUND_FIELD": "compound_name",
        "BUILDING_FIELD": "building_no", "UNITS_FIELD": "units", "COMMUNITY_FIELD": "community_code",
        "GRID_FIELD": "grid_code", "COMPOUNDS": write_compounds(gpkg), "COMPOUND_NAME_FIELD": "compound_name",
        "COMPOUND_ALIAS_FIELD": "aliases", "OUTPUT": str(tmp_path / "标准地址库.gpkg"),
    }
    params.update(extra or {})
    return processing.run("cityhealth:addresslibrary", params), params


def test_library_geopackage_has_four_layers_with_counts(plugin, tmp_path):
    result, params = run_library(tmp_path)
    out = params["OUTPUT"]
    assert os.path.exists(out)
    assert [f for f in os.listdir(tmp_path) if f.endswith(".tmp.gpkg")] == []
    assert result["BUILDING_COUNT"] == 8
    assert result["COMPOUND_COUNT"] == 4  # 天福家园(南区), 天福家园北区, 明仁小区, 和平路45号
    assert result["UNIT_COUNT"] == 4 + 2 + 2 + 3 + 3 + 3
    assert result["DUPLICATE_KEYS"] == 1  # B05 "2" and B08 "02"
    assert result["OUTSIDE_COMPOUND"] == 2  # B07 has no compound; B08 lies outside 明仁小区
    assert result["NAME_COLLISIONS"] == 1  # 天福家园(南区) / 天福家园南区
    assert result["CONFLICT_COUNT"] == 4

    buildings, geoms = read_table(out, "library_buildings")
    by_id = {b["building_id"]: b for b in buildings}
    assert by_id["B01"]["library_key"] == "天福家园南区|3"
    assert by_id["B01"]["compound_name"] == "天福家园(南区)"
    assert by_id["B08"]["library_key"] == "明仁小区|2"
    assert by_id["B06"]["library_key"] == "和平路45号|"
    assert all(not g.isEmpty() for g in geoms)

    units, _ = read_table(out, "library_units")
    assert len(units) == 17
    b02 = sorted(u["unit_key"] for u in units if u["building_id"] == "B02")
    assert b02 == ["天福家园南区|4|1", "天福家园南区|4|2"]

    conflicts, _ = read_table(out, "library_conflicts")
    kinds = sorted((c["kind"], c["ids"]) for c in conflicts)
    assert kinds == [("duplicate_key", "B05;B08"), ("name_collision", "天福家园(南区);天福家园南区"),
                     ("outside_compound", "B07"), ("outside_compound", "B08")]

    aliases, _ = read_table(out, "library_aliases")
    pairs = {(a["alias"], a["compound"]): a["kind"] for a in aliases}
    assert pairs[("老天福", "天福家园(南区)")] == "manual"
    assert pairs[("天福南苑", "天福家园(南区)")] == "manual"
    assert pairs[("天福南区", "天福家园(南区)")] == "short"
    assert pairs[("天福家园", "天福家园北区")] == "phase"


def test_manual_aliases_from_a_previous_library_are_kept(plugin, tmp_path):
    from qgis.core import QgsWkbTypes

    first, params = run_library(tmp_path)
    previous = str(tmp_path / "上一轮别名.gpkg")
    rows, _ = read_table(params["OUTPUT"], "library_aliases")
    rows.append({"alias": "粮站宿舍", "compound": "天福家园北区", "kind": "manual"})
    uri = write_layer(previous, "library_aliases", QgsWkbTypes.NoGeometry,
                      {"alias": str, "compound": str, "kind": str},
                      [(None, {k: r[k] for k in ("alias", "compound", "kind")}) for r in rows], True)
    second, params2 = run_library(tmp_path, {"ALIASES": uri, "OUTPUT": str(tmp_path / "第二轮.gpkg")})
    assert second["ALIAS_COUNT"] == first["ALIAS_COUNT"] + 1
    aliases, _ = read_table(params2["OUTPUT"], "library_aliases")
    assert {"alias": "粮站宿舍", "compound": "天福家园北区", "kind": "manual"} in [
        {k: a[k] for k in ("alias", "compound", "kind")} for a in aliases]


def test_unknown_field_gives_a_clear_error(plugin, tmp_path):
    import pytest
    from qgis.core import QgsProcessingException

    with pytest.raises(QgsProcessingException) as error:
        run_library(tmp_path, {"BUILDING_FIELD": "楼号"})
    assert "楼号" in str(error.value)
