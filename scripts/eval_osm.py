"""Real geometry check: OpenStreetMap buildings and compounds cut into map tiles, through library →
join → ledger; prints how much geometry survives and how many problems reach the blocks.

    QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/eval_osm.py /work/shared/data/real out/osm

The input (Shanghai Lujiazui, WGS84 GeoJSON) is cut by a 300 m tile grid (native:intersection);
the library gets the pieces as separate features sharing their building id (as tiled exports
deliver them), the ledger gets them re-collected into one multipolygon per id (native:collect:
adjacent parts make invalid multipolygons). Compounds are cut and re-collected alike. Buildings take
the name of the compound their centre lies in (``小区<n>`` when it has none) and a number in it;
210 problems are reported: 200 on buildings in compounds, 10 on compounds as a whole. The tiles are
the blocks. Not a test: the suite never reads shared data.
"""

from __future__ import annotations

import json
import os
import sqlite3
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from qgis_app import QgisSession  # noqa: E402

TILE = float(os.environ.get("OSM_TILE_DEG", "0.002"))  # tile size in degrees (about 200 m)
PROBLEMS = ["楼道堆放杂物", "燃气立管锈蚀", "楼梯扶手松动", "楼道照明损坏", "楼梯踏步破损", "墙皮脱落"]


def run(alg, params, feedback=None):
    """Run with invalid-geometry checks off: the algorithms are to repair and report them (the
    default check aborts the run, and on QGIS 3.22 its callback can crash the process)."""
    import processing
    from qgis.core import QgsFeatureRequest, QgsProcessingContext, QgsProject

    context = QgsProcessingContext()
    context.setProject(QgsProject.instance())
    context.setInvalidGeometryCheck(QgsFeatureRequest.GeometryNoCheck)
    return processing.run(alg, params, feedback=feedback, context=context)


def save(layer, path, name):
    from qgis.core import QgsCoordinateTransformContext, QgsVectorFileWriter

    options = QgsVectorFileWriter.SaveVectorOptions()
    options.driverName = "GPKG"
    options.layerName = name
    options.actionOnExistingFile = (QgsVectorFileWriter.CreateOrOverwriteLayer if os.path.exists(path)
                                    else QgsVectorFileWriter.CreateOrOverwriteFile)
    error = QgsVectorFileWriter.writeAsVectorFormatV2(layer, path, QgsCoordinateTransformContext(), options)
    assert error[0] == QgsVectorFileWriter.NoError, error


def prepare(data, out):
    from qgis.core import (
        QgsFeature,
        QgsField,
        QgsFields,
        QgsGeometry,
        QgsVectorLayer,
    )
    from qgis.PyQt.QtCore import QVariant

    buildings = QgsVectorLayer(os.path.join(data, "shanghai_lujiazui_buildings.geojson"), "b", "ogr")
    compounds = QgsVectorLayer(os.path.join(data, "shanghai_lujiazui_compounds.geojson"), "c", "ogr")
    extent = buildings.extent()
    extent.combineExtentWith(compounds.extent())
    grid = run("native:creategrid", {
        "TYPE": 2, "EXTENT": "{},{},{},{} [EPSG:4326]".format(
            extent.xMinimum() - 0.001, extent.xMaximum() + 0.001, extent.yMinimum() - 0.001,
            extent.yMaximum() + 0.001),
        "HSPACING": TILE, "VSPACING": TILE, "CRS": "EPSG:4326", "OUTPUT": "memory:"})["OUTPUT"]
    # compound ids and names, and which compound holds each building's centre
    cgeoms, cnames = {}, {}
    for n, f in enumerate(compounds.getFeatures(), 1):
        cid = str(f["id"])
        cgeoms[cid] = f.geometry()
        cnames[cid] = (f["name"] or "") if str(f["name"] or "") not in ("", "NULL") else "小区{}".format(n)
    bfields = QgsFields()
    for name, typ in (("building_id", QVariant.LongLong), ("compound_name", QVariant.String),
                      ("building_no", QVariant.String), ("households", QVariant.Int)):
        bfields.append(QgsField(name, typ))
    named = QgsVectorLayer("MultiPolygon?crs=EPSG:4326", "buildings", "memory")
    named.dataProvider().addAttributes(list(bfields))
    named.updateFields()
    numbers, in_compound = {}, []
    feats = []
    for f in buildings.getFeatures():
        geom = f.geometry()
        centre = geom.centroid() if geom.isGeosValid() else QgsGeometry(geom.vertexAt(0))
        cid = next((c for c, g in cgeoms.items() if g.isGeosValid() and g.contains(centre)), None)
        name = cnames[cid] if cid else ""
        numbers[name] = numbers.get(name, 0) + 1
        out_f = QgsFeature(named.fields())
        out_f.setGeometry(geom)
        out_f.setAttributes([int(f["id"]), name, str(numbers[name]) if name else "", 10])
        feats.append(out_f)
        if name:
            in_compound.append((name, str(numbers[name])))
    named.dataProvider().addFeatures(feats)
    cfields_layer = QgsVectorLayer("MultiPolygon?crs=EPSG:4326", "compounds", "memory")
    cfields_layer.dataProvider().addAttributes([QgsField("compound_id", QVariant.String),
                                                QgsField("compound_name", QVariant.String)])
    cfields_layer.updateFields()
    cf = []
    for cid, g in cgeoms.items():
        f = QgsFeature(cfields_layer.fields())
        f.setGeometry(g)
        f.setAttributes([cid, cnames[cid]])
        cf.append(f)
    cfields_layer.dataProvider().addFeatures(cf)

    def cut(layer, field, name):
        pieces = run("native:intersection", {"INPUT": layer, "OVERLAY": grid, "INPUT_FIELDS": [],
                                             "OVERLAY_FIELDS": ["id"], "OVERLAY_FIELDS_PREFIX": "tile_",
                                             "OUTPUT": "memory:"})["OUTPUT"]
        collected = run("native:collect", {"INPUT": pieces, "FIELD": [field], "OUTPUT": "memory:"})["OUTPUT"]
        path = os.path.join(out, "tiles.gpkg")
        for suffix, lyr in (("_pieces", pieces), ("", collected)):
            save(lyr, path, name + suffix)
        return "{}|layername={}_pieces".format(path, name), "{}|layername={}".format(path, name)

    b_pieces, b_collected = cut(named, "building_id", "buildings")
    c_pieces, c_collected = cut(cfields_layer, "compound_id", "compounds")
    path = os.path.join(out, "tiles.gpkg")
    blocks = run("native:fieldcalculator", {"INPUT": grid, "FIELD_NAME": "block_id", "FIELD_TYPE": 2,
                                             "FORMULA": "'K' || to_string(\"id\")",
                                             "OUTPUT": "memory:"})["OUTPUT"]
    save(blocks, path, "blocks")
    reports = os.path.join(out, "报表")
    os.makedirs(reports, exist_ok=True)
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "问题"
    sheet.append(["小区", "楼栋", "问题"])
    step = max(1, len(in_compound) // 200)
    for k in range(200):
        name, no = in_compound[(k * step) % len(in_compound)]
        sheet.append([name, "{}号楼".format(no), PROBLEMS[k % len(PROBLEMS)]])
    names = sorted({n for n, _ in in_compound})
    for k in range(10):
        sheet.append([names[k % len(names)], "", "充电桩不足"])
    book.save(os.path.join(reports, "网格报表.xlsx"))
    return {"b_pieces": b_pieces, "b_collected": b_collected, "c_pieces": c_pieces,
            "c_collected": c_collected,
            "blocks": "{}|layername=blocks".format(path), "reports": reports}


def invalid(uri):
    from qgis.core import QgsVectorLayer

    layer = QgsVectorLayer(uri, "x", "ogr")
    return sum(1 for f in layer.getFeatures() if f.hasGeometry() and not f.geometry().isGeosValid())


def main(data: str, out: str) -> int:
    os.makedirs(out, exist_ok=True)
    for name in os.listdir(out):
        if name.endswith(".gpkg"):
            os.remove(os.path.join(out, name))
    with QgisSession():
        from qgis.core import QgsProcessingFeedback

        class Log(QgsProcessingFeedback):
            def __init__(self):
                super().__init__()
                self.lines = []

            def pushInfo(self, text):
                self.lines.append(text)

            def pushWarning(self, text):
                self.lines.append(text)

        layers = prepare(data, out)
        library = run("cityhealth:addresslibrary", {
            "BUILDINGS": layers["b_pieces"], "ID_FIELD": "building_id", "COMPOUND_FIELD": "compound_name",
            "BUILDING_FIELD": "building_no", "COMPOUNDS": layers["c_collected"],
            "COMPOUND_NAME_FIELD": "compound_name", "OUTPUT": os.path.join(out, "地址库.gpkg")})
        join = run("cityhealth:joinreports", {
            "LIBRARY": library["BUILDINGS_LAYER"], "ID_FIELD": "building_id",
            "COMPOUND_FIELD": "compound_name",
            "BUILDING_FIELD": "building_no", "REPORTS": layers["reports"], "ROUND": 2024, "MAX_DISTANCE": 30,
            "COORD_CRS": "EPSG:4326", "OUTPUT": os.path.join(out, "匹配结果.gpkg"),
            "UNMATCHED": os.path.join(out, "未匹配.gpkg")})
        log = Log()
        ledger_path = os.path.join(out, "台账.gpkg")
        ledger = run("cityhealth:buildledger", {
            "PROBLEMS": join["OUTPUT"], "BUILDINGS": layers["b_collected"],
            "COMPOUNDS": layers["c_collected"],
            "BLOCKS": layers["blocks"], "ROUND": 2024, "OUTPUT": ledger_path}, feedback=log)
        figures = {"invalid buildings (collected)": invalid(layers["b_collected"]),
                   "invalid compounds (collected)": invalid(layers["c_collected"]),
                   "library buildings": library["BUILDING_COUNT"], "join matched": join["MATCHED"],
                   "join unmatched": join["UNMATCHED_COUNT"], "problems written": ledger["PROBLEM_COUNT"],
                   "repaired (log)": [x for x in log.lines if x.startswith("Geometries")],
                   "ledger buildings with geometry": _with_geometry(ledger_path, "ledger_building"),
                   "ledger compounds with geometry": _with_geometry(ledger_path, "ledger_compound"),
                   "library buildings with geometry": _with_geometry(os.path.join(out, "地址库.gpkg"),
                                                                     "library_buildings")}
    con = sqlite3.connect(ledger_path)
    q = con.execute
    figures["ledger buildings"] = q("SELECT count(*) FROM ledger_building").fetchone()[0]
    figures["ledger compounds"] = q("SELECT count(*) FROM ledger_compound").fetchone()[0]
    figures["problems in blocks"] = q("SELECT sum(problems_total) FROM ledger_block").fetchone()[0]
    figures["problems in compounds"] = q("SELECT sum(problems_total) FROM ledger_compound").fetchone()[0]
    con.close()
    con = sqlite3.connect(os.path.join(out, "未匹配.gpkg"))
    table = con.execute("SELECT table_name FROM gpkg_contents").fetchone()[0]
    figures["unmatched reasons"] = dict(con.execute(
        "SELECT reason, count(*) FROM \"{}\" GROUP BY reason".format(table)).fetchall())
    con.close()
    con = sqlite3.connect(os.path.join(out, "地址库.gpkg"))
    figures["library conflicts"] = dict(con.execute(
        "SELECT kind, count(*) FROM library_conflicts GROUP BY kind"))
    con.close()
    print(json.dumps(figures, ensure_ascii=False, indent=1))
    return 0


def _with_geometry(path, layer_name):
    from qgis.core import QgsVectorLayer

    layer = QgsVectorLayer("{}|layername={}".format(path, layer_name), "x", "ogr")
    n = sum(1 for f in layer.getFeatures() if f.hasGeometry() and not f.geometry().isEmpty())
    del layer
    return n


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:3]))
