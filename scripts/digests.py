"""Stable digests of the join's and the ledger's outputs, to prove that tuning changed no output.

    .venv/bin/python scripts/digests.py run [small|large] [--out FOLDER] [--save FILE] [--check FILE]
    .venv/bin/python scripts/digests.py folder FOLDER [--save FILE]
    .venv/bin/python scripts/digests.py compare BEFORE.json AFTER.json

``run`` generates (once, cached under out/bench/ like scripts/bench.py) the demo city of the size,
builds the address library and runs the join (both rounds: matched points as GeoPackage, the
unmatched rows as GeoPackage and as the .xlsx review workbook) and the ledger (both rounds into one
GeoPackage, with its photo library) into FOLDER (default out/digests/<size>/), then digests it.
``folder`` digests any folder (e.g. out/demo after ``make demo``).

The digest of a table: every row as its values in field order (geometry as WKT rounded to 1 mm,
floats rounded to 9 significant digits, NULL as None), rows sorted, fields that name a run
(``run_id``, ``run_utc``, the ``ledger_runs`` table's inputs/parameters/summary with their absolute
paths, ``photo_paths`` with the absolute folders of the run) left out, then SHA-256 of the JSON.
Photo library files are digested by content (relative name → SHA-256). ``compare`` prints the
tables whose digest differs and exits 1 if any does.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import sqlite3
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
#: fields whose value is the run's own (time, id, absolute paths of this machine), per table or "*"
VOLATILE = {"*": {"run_id", "run_utc", "fid", "ogc_fid"},
            "ledger_runs": {"parameters", "inputs", "summary", "plugin_version", "qgis_version"},
            "layer_styles": {"update_time", "styleqml", "stylesld", "id"}}
#: GeoPackage bookkeeping tables, not outputs
SKIP_TABLES = {"gpkg_contents", "gpkg_geometry_columns", "gpkg_spatial_ref_sys", "gpkg_tile_matrix",
               "gpkg_tile_matrix_set", "gpkg_extensions", "gpkg_ogr_contents", "gpkg_metadata",
               "gpkg_metadata_reference", "sqlite_sequence", "gpkg_data_columns",
               "gpkg_data_column_constraints"}


def _norm(value, relative_to=""):
    if isinstance(value, float):
        return float("{:.9g}".format(value))
    if isinstance(value, bytes):
        return hashlib.sha256(value).hexdigest()
    if isinstance(value, str) and relative_to and relative_to in value:
        return value.replace(relative_to, "<run>")
    return value


def _wkt(blob):
    """A GeoPackage geometry blob as WKT rounded to 1 mm (header and envelope dropped)."""
    if blob is None:
        return None
    try:
        from shapely import wkb
        from shapely import wkt as shapely_wkt

        flags = blob[3]
        envelope = {0: 0, 1: 32, 2: 48, 3: 48, 4: 64}.get((flags >> 1) & 7, 0)
        geom = wkb.loads(bytes(blob[8 + envelope:]))
        return shapely_wkt.dumps(geom, rounding_precision=3)
    except Exception:  # noqa: BLE001 (not a geometry: digest the bytes)
        return hashlib.sha256(bytes(blob)).hexdigest()


def gpkg_digests(path: str, relative_to: str = ""):
    out = {}
    con = sqlite3.connect("file:{}?mode=ro".format(path), uri=True)
    try:
        geometry_columns = dict(con.execute("select table_name, column_name from gpkg_geometry_columns"))
        tables = [r[0] for r in con.execute(
            "select name from sqlite_master where type='table' order by name")]
        for table in tables:
            if table in SKIP_TABLES or table.startswith("rtree_") or table.startswith("sqlite_"):
                continue
            columns = [r[1] for r in con.execute('pragma table_info("{}")'.format(table))]
            skip = VOLATILE["*"] | VOLATILE.get(table, set())
            keep = [c for c in columns if c.lower() not in skip]
            geom_col = geometry_columns.get(table)
            rows = []
            for values in con.execute('select {} from "{}"'.format(
                    ", ".join('"{}"'.format(c) for c in keep), table)):
                row = []
                for column, value in zip(keep, values):
                    if column == geom_col:
                        row.append(_wkt(value))
                    elif column == "photo_paths" and isinstance(value, str):
                        row.append(";".join(os.path.basename(p) for p in value.split(";")))
                    else:
                        row.append(_norm(value, relative_to))
                rows.append(json.dumps(row, ensure_ascii=False, sort_keys=True, default=str))
            rows.sort()
            digest = hashlib.sha256(json.dumps([keep, rows], ensure_ascii=False).encode()).hexdigest()
            out[table] = {"rows": len(rows), "fields": len(keep), "sha256": digest}
    finally:
        con.close()
    return out


def xlsx_digests(path: str):
    import openpyxl

    out = {}
    book = openpyxl.load_workbook(path, read_only=True, data_only=False)
    try:
        for sheet in book.worksheets:
            rows = [json.dumps([_norm(v) for v in r], ensure_ascii=False, default=str)
                    for r in sheet.iter_rows(values_only=True)]
            out[sheet.title] = {"rows": len(rows),
                                "sha256": hashlib.sha256("\n".join(sorted(rows)).encode()).hexdigest()}
    finally:
        book.close()
    return out


def folder_digests(folder: str):
    folder = os.path.abspath(folder)
    result = {}
    for base, dirs, files in os.walk(folder):
        dirs.sort()
        for name in sorted(files):
            path = os.path.join(base, name)
            rel = os.path.relpath(path, folder)
            if name.endswith(".gpkg"):
                for table, d in gpkg_digests(path, folder).items():
                    result["{}::{}".format(rel, table)] = d
            elif name.endswith(".xlsx") and not name.startswith("~$"):
                for sheet, d in xlsx_digests(path).items():
                    result["{}::{}".format(rel, sheet)] = d
            elif name.lower().endswith((".jpg", ".jpeg", ".png", ".csv")):
                with open(path, "rb") as handle:  # one entry per folder: name → content
                    files_of = result.setdefault(os.path.dirname(rel) + "/", {})
                    files_of[name] = hashlib.sha256(handle.read()).hexdigest()
    for key, value in result.items():
        if key.endswith("/"):
            result[key] = {"files": len(value), "sha256": hashlib.sha256(
                json.dumps(sorted(value.items()), ensure_ascii=False).encode()).hexdigest()}
    return result


def run(size: str, out: str):
    """Join both rounds and build the ledger of both rounds of the bench city into ``out``."""
    import processing
    from bench import ensure_city
    from qgis_app import QgisSession

    with QgisSession():
        city = ensure_city(size)
        shutil.rmtree(out, ignore_errors=True)
        os.makedirs(out)
        gpkg = os.path.join(city, "democity.gpkg")

        def layer(name):
            return "{}|layername={}".format(gpkg, name)

        library = os.path.join(out, "地址库.gpkg")
        processing.run("cityhealth:addresslibrary", {
            "BUILDINGS": layer("buildings"), "ID_FIELD": "building_id", "COMPOUND_FIELD": "compound_name",
            "BUILDING_FIELD": "building_no", "UNITS_FIELD": "units", "GRID_FIELD": "grid_code",
            "COMPOUNDS": layer("compounds"), "COMPOUND_NAME_FIELD": "compound_name",
            "COMPOUND_ALIAS_FIELD": "aliases", "OUTPUT": library})
        ledger = os.path.join(out, "体检台账.gpkg")
        for year in (2024, 2025):
            problems = os.path.join(out, "匹配结果_{}.gpkg".format(year))
            for unmatched in ("未匹配_{}.gpkg", "未匹配_{}.xlsx"):
                processing.run("cityhealth:joinreports", {
                    "LIBRARY": "{}|layername=library_buildings".format(library),
                    "REPORTS": os.path.join(city, "reports", str(year)), "ROUND": year,
                    "OUTPUT": problems, "UNMATCHED": os.path.join(out, unmatched.format(year))})
            processing.run("cityhealth:buildledger", {
                "PROBLEMS": problems, "BUILDINGS": layer("buildings"), "COMPOUNDS": layer("compounds"),
                "BLOCKS": layer("blocks"), "COMMUNITIES": layer("communities"),
                "DISTRICTS": layer("districts"), "ROUND": year, "OUTPUT": ledger})


def compare(before: dict, after: dict) -> int:
    bad = 0
    for key in sorted(set(before) | set(after)):
        if before.get(key) != after.get(key):
            bad += 1
            print("DIFFERS {}: {} → {}".format(key, before.get(key), after.get(key)))
    print("{} tables/files compared, {} differ".format(len(set(before) | set(after)), bad))
    return 1 if bad else 0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="cmd", required=True)
    p_run = sub.add_parser("run")
    p_run.add_argument("size", nargs="?", default="small", choices=["small", "large"])
    p_run.add_argument("--out")
    p_run.add_argument("--save")
    p_run.add_argument("--check", help="a saved digest file: exit 1 if any table differs from it")
    p_folder = sub.add_parser("folder")
    p_folder.add_argument("folder")
    p_folder.add_argument("--save")
    p_cmp = sub.add_parser("compare")
    p_cmp.add_argument("before")
    p_cmp.add_argument("after")
    args = parser.parse_args(argv)
    if args.cmd == "compare":
        with open(args.before, encoding="utf-8") as a, open(args.after, encoding="utf-8") as b:
            return compare(json.load(a), json.load(b))
    if args.cmd == "run":
        folder = args.out or os.path.join(ROOT, "out", "digests", args.size)
        run(args.size, folder)
    else:
        folder = args.folder
    digests = folder_digests(folder)
    text = json.dumps(digests, ensure_ascii=False, indent=1, sort_keys=True)
    if args.save:
        with open(args.save, "w", encoding="utf-8") as handle:
            handle.write(text + "\n")
    print("{} tables/files digested in {}".format(len(digests), folder))
    if getattr(args, "check", None):
        with open(args.check, encoding="utf-8") as handle:
            return compare(json.load(handle), digests)
    return 0


if __name__ == "__main__":
    sys.exit(main())
