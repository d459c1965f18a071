"""The PostGIS ledger store: cityhealth:buildledger into a database writes what it writes into a
GeoPackage (same tables, same rows per table and round, styles in layer_styles), a rebuild replaces
its round only, and a failed run changes nothing."""

from __future__ import annotations

import os

import pytest

from tests.processing.pgstore_fixture import pg_database, pg_server  # noqa: F401 (fixtures)
from tests.processing.test_buildledger_alg import city, params  # noqa: F401 (fixture)

LEDGER_TABLES = ("problems", "photos", "ledger_building", "ledger_compound", "ledger_community",
                 "ledger_block", "ledger_district", "ledger_runs")


def gpkg_counts(path, names):
    import sqlite3

    con = sqlite3.connect(path)
    try:
        return {n: con.execute('SELECT count(*) FROM "{}"'.format(n)).fetchone()[0] for n in names}
    finally:
        con.close()


def round_counts_db(target, names):
    from cityhealth_plugin.processing import store

    out = {}
    for n in names:
        cols = store.columns(target, n)
        if "round" in cols:
            for rnd, count in store.query(target, 'SELECT "round", count(*) FROM {} GROUP BY 1'.format(
                    store.table_ident(target, n))):
                out[(n, int(rnd))] = int(count)
    return out


@pytest.fixture(scope="module")
def both(city, pg_database, tmp_path_factory):  # noqa: F811
    import processing

    gpkg = os.path.join(str(tmp_path_factory.mktemp("台账")), "体检台账.gpkg")
    db = pg_database + "?schema=cityhealth"
    photo_root = str(tmp_path_factory.mktemp("照片库"))
    u = city["uris"]
    results = {}
    for rnd, problems in ((2024, u["problems"]), (2025, u["two_rounds"])):
        for key, out in (("gpkg", gpkg), ("db", db)):
            p = params(city, out, rnd, problems)
            p["PHOTO_FOLDER"] = photo_root
            results[key, rnd] = processing.run("cityhealth:buildledger", p)
    return {"gpkg": gpkg, "db": db, "photo_root": photo_root, "results": results}


def test_same_tables_and_rows_per_table_as_the_geopackage(both):
    from cityhealth_plugin.processing import store

    target = store.parse(both["db"])
    assert target.schema == "cityhealth"
    present = store.tables(target)
    for name in LEDGER_TABLES:
        assert name in present, name
    assert store.counts(target, LEDGER_TABLES) == gpkg_counts(both["gpkg"], LEDGER_TABLES)
    # two rounds: 11 problems of 2024 and one of 2025 (two_rounds with ROUND 2025 keeps its 2025 row)
    by_round = round_counts_db(target, ("problems",))
    assert by_round == {("problems", 2024): 11, ("problems", 2025): 1}
    results = both["results"]
    assert results["db", 2024]["PROBLEM_COUNT"] == results["gpkg", 2024]["PROBLEM_COUNT"] == 11
    assert both["results"]["db", 2024]["OUTPUT"] == both["db"]


def test_values_key_geometry_and_photos(both):
    from cityhealth_plugin.processing import store

    target = store.parse(both["db"])
    layer = store.open_layer(target, "problems", '"round" = 2024')
    assert layer.isValid() and layer.featureCount() == 11
    assert layer.crs().authid() == "EPSG:4550"
    rows = {f["source_row"]: f for f in layer.getFeatures()}
    assert rows[2]["phone"] == "138****5678" and rows[3]["problem_code"] == "GAS-01"
    assert rows[10].geometry().isNull() or rows[10].geometry().isEmpty()  # BLD-8: no geometry
    assert store.columns(target, "problems")["fid"] == "int8"
    blocks = store.open_layer(target, "ledger_block", '"round" = 2024')
    assert blocks.wkbType() in (6, 1006) and blocks.featureCount() == 2  # MultiPolygon
    photos = store.query(target, "SELECT path, sha256 FROM cityhealth.photos WHERE round = 2024")
    assert len(photos) == 5
    for path, digest in photos:
        assert os.path.isabs(path) and os.path.isfile(path) and path.startswith(both["photo_root"])
        assert len(digest) == 64


def test_styles_are_in_layer_styles_and_load_with_the_table(both):
    from cityhealth_plugin.processing import store

    target = store.parse(both["db"])
    names = {r[0] for r in store.query(target, "SELECT f_table_name FROM layer_styles WHERE "
                                               "f_table_schema = 'cityhealth' AND useasdefault")}
    assert set(LEDGER_TABLES) <= names
    layer = store.open_layer(target, "ledger_block")
    _message, ok = layer.loadDefaultStyle()
    assert ok
    assert layer.renderer().type() == "graduatedSymbol"
    assert layer.attributeAlias(layer.fields().indexOf("problems_total"))


def test_a_cancelled_run_changes_nothing(both, city):  # noqa: F811
    """Cancelled after the problems were inserted (while copying photos): the transaction rolls back,
    the photo library stays as it was."""
    import processing
    from qgis.core import QgsProcessingException, QgsProcessingFeedback

    from cityhealth_plugin.processing import store

    class CancelAtPhotos(QgsProcessingFeedback):
        def setProgressText(self, text):  # noqa: N802
            if "照片" in text or "photo" in text.lower():
                self.cancel()

    target = store.parse(both["db"])
    before = round_counts_db(target, LEDGER_TABLES)
    library = sorted(os.listdir(os.path.join(both["photo_root"], "cityhealth_photos", "2024")))
    p = params(city, both["db"], 2024, city["uris"]["problems"])
    p["PHOTO_FOLDER"] = both["photo_root"]
    with pytest.raises(QgsProcessingException):
        processing.run("cityhealth:buildledger", p, feedback=CancelAtPhotos())
    assert round_counts_db(target, LEDGER_TABLES) == before
    assert sorted(os.listdir(os.path.join(both["photo_root"], "cityhealth_photos", "2024"))) == library
    assert sorted(os.listdir(os.path.join(both["photo_root"], "cityhealth_photos"))) == ["2024"]


def test_assess_reads_and_writes_the_database_ledger_like_the_geopackage(both, tmp_path):
    """cityhealth:assess from the ledger in either store, written into either: the same rows
    (units, scores, grades); rerunning a round replaces its rows; the style is in layer_styles."""
    import sqlite3

    import processing

    from cityhealth_plugin.processing import store

    gpkg_out = str(tmp_path / "体检评估.gpkg")
    g = processing.run("cityhealth:assess", {"LEDGER": both["gpkg"], "LEVEL": 3, "ROUND": 2024,
                                             "OUTPUT": gpkg_out})
    for _ in range(2):
        d = processing.run("cityhealth:assess", {"LEDGER": both["db"], "LEVEL": 3, "ROUND": 2024,
                                                 "OUTPUT": both["db"]})
    assert d["UNITS"] == g["UNITS"] > 0 and d["OUTPUT"] == both["db"]
    table = g["LAYER"].split("layername=")[1]
    target = store.parse(both["db"])
    with sqlite3.connect(gpkg_out) as con:
        want = con.execute('SELECT "round", COUNT(*), ROUND(SUM(score), 6), GROUP_CONCAT(grade) FROM "{}" '
                           'GROUP BY 1'.format(table)).fetchall()
    got = store.query(target, 'SELECT "round", COUNT(*), ROUND(SUM(score)::numeric, 6), '
                              'string_agg(grade, \',\' ORDER BY fid) FROM {} GROUP BY 1'.format(
                                  store.table_ident(target, table)))
    assert [(int(r), int(n), float(s), gr) for r, n, s, gr in got] == [(r, n, s, gr) for r, n, s, gr in want]
    assert store.read_style(target, table)
    layer = store.ledger_layer(both["db"], table, '"round" = 2024')
    assert layer.isValid() and layer.featureCount() == g["UNITS"]


def test_layers_load_from_the_database_styled_one_round_each_with_the_photo_relation(both, city):  # noqa: F811
    """What buildledger asks Processing to load from a database ledger: postgres layers of the round
    shown, the default style from layer_styles, the problems → photos relation and photo widget."""
    from qgis.core import (
        QgsApplication,
        QgsProcessingContext,
        QgsProcessingFeedback,
        QgsProcessingUtils,
        QgsProject,
    )

    project = QgsProject()
    context = QgsProcessingContext()
    context.setProject(project)
    alg = QgsApplication.processingRegistry().createAlgorithmById("cityhealth:buildledger")
    p = dict(params(city, both["db"], 2024, city["uris"]["problems"]), PHOTO_FOLDER=both["photo_root"],
             SHOW_ROUND=2024)
    results, ok = alg.run(p, context, QgsProcessingFeedback())
    assert ok and results["ROUND_BUILT"] == 2024
    feedback = QgsProcessingFeedback()
    loaded = {}
    for uri, details in context.layersToLoadOnCompletion().items():
        assert uri.startswith("postgres://") and '"round" = 2024' in uri
        layer = QgsProcessingUtils.mapLayerFromString(uri, context)
        assert layer is not None and layer.isValid() and layer.providerType() == "postgres", uri
        project.addMapLayer(layer)
        details.postProcessor().postProcessLayer(layer, context, feedback)
        loaded[details.outputName] = layer
    assert {"problems", "photos", "ledger_building", "ledger_block", "ledger_district"} <= set(loaded)
    assert loaded["problems"].featureCount() == 11
    assert loaded["ledger_block"].renderer().type() == "graduatedSymbol"
    assert loaded["problems"].renderer().type() == "categorizedSymbol"
    relations = project.relationManager().relations()
    assert any(r.referencingLayer() is loaded["photos"] and r.referencedLayer() is loaded["problems"]
               for r in relations.values())
    widget = loaded["photos"].editorWidgetSetup(loaded["photos"].fields().indexOf("path"))
    assert widget.type() == "ExternalResource" and widget.config()["RelativeStorage"] == 0
    for layer in loaded.values():
        project.removeMapLayer(layer.id())


def test_a_saved_qgis_connection_and_conninfo_name_the_same_ledger(both):
    """``pg:<saved connection>?schema=…`` and ``PG:<conninfo> schema=…`` open the ledger the URI wrote."""
    from qgis.core import QgsProviderRegistry

    from cityhealth_plugin.core import schema
    from cityhealth_plugin.processing import closedloop_ledger, store

    target = store.parse(both["db"])
    metadata = QgsProviderRegistry.instance().providerMetadata("postgres")
    metadata.saveConnection(metadata.createConnection(target.conninfo, {"saveUsername": True}),
                            "城市体检测试库")
    try:
        for value in ("pg:城市体检测试库?schema=cityhealth", "PG:" + target.conninfo + " schema=cityhealth"):
            assert store.is_database(value)
            other = store.parse(value)
            assert other.schema == "cityhealth" and "password" not in other.label
            assert store.tables(other) == store.tables(target)
            closedloop_ledger.check_ledger(value)
            assert len(closedloop_ledger.read_table(value, schema.LAYER_PROBLEMS, '"round" = 2024')) == 11
    finally:
        metadata.deleteConnection("城市体检测试库")
    with pytest.raises(store.StoreError):
        store.parse("pg:没有这个连接")
    assert store.parse("postgresql://u:秘密@h:5/d").label == "postgresql://u@h:5/d (cityhealth)"


def test_bulk_insert_keeps_every_value_and_replaces_one_round(pg_database):  # noqa: F811
    """Text with quotes, dollar tags, backslashes and CJK, NULL, NaN (→ NULL), NUL characters (dropped:
    PostgreSQL text cannot hold them), 64-bit integers, points; more rows than one chunk; replacing
    a round leaves the other round's rows; a table with an extra column (initdatabase's) is kept."""
    from qgis.core import NULL, QgsCoordinateReferenceSystem, QgsFeature, QgsGeometry, QgsPointXY, QgsWkbTypes

    from cityhealth_plugin.processing import store
    from cityhealth_plugin.processing.io import make_fields

    target = store.parse(pg_database + "?schema=插入测试")
    fields = make_fields([("name", str), ("round", int), ("big", "int64"), ("v", float)])
    texts = ["它's $chj$ \\\\ 'quoted' $$", "a\x00b", None, ""]

    def feats(rnd, n):
        for i in range(n):
            f = QgsFeature(fields)
            value = float("nan") if i % 3 == 0 else i / 4 if i % 3 == 1 else NULL
            f.setAttributes([texts[i % 4], rnd, 2 ** 40 + i, value])
            f.setGeometry(QgsGeometry.fromPointXY(QgsPointXY(500000 + i, 4800000)))
            yield f
    n = store.CHUNK_ROWS + 7
    with store.Session(target) as db:
        db.ensure_table("t", fields, QgsWkbTypes.Point, 4550)
        assert db.insert("t", fields, feats(2024, n), QgsWkbTypes.Point, 4550) == n
        db.insert("t", fields, feats(2025, 3), QgsWkbTypes.Point, 4550)
    store.query(target, 'ALTER TABLE "插入测试"."t" ADD COLUMN version integer DEFAULT 1')
    replaced = store.replace_round(target, "t", fields, QgsWkbTypes.Point,
                                   QgsCoordinateReferenceSystem("EPSG:4550"), feats(2025, 5), 2025)
    assert replaced == 5
    rows = store.query(target, 'SELECT "round", count(*), count(version) FROM "插入测试"."t" '
                               'GROUP BY 1 ORDER BY 1')
    assert [tuple(int(v) for v in r) for r in rows] == [(2024, n, n), (2025, 5, 5)]
    got = store.query(target, 'SELECT name, big, v, ST_X(geom), ST_SRID(geom) FROM "插入测试"."t" '
                              'WHERE "round" = 2024 ORDER BY fid LIMIT 4')
    # a NUL never reaches PostgreSQL (its text cannot hold one): the store drops it ("ab"); QGIS 3.44's
    # PyQt already cuts the str at the NUL when it becomes the feature's attribute ("a")
    assert [r[0] for r in got][:1] + [r[0] for r in got][2:] == [texts[0], None, ""]
    assert got[1][0] in ("ab", "a") and "\x00" not in got[1][0]
    assert [int(r[1]) for r in got] == [2 ** 40 + i for i in range(4)]
    assert [None if r[2] is None else float(r[2]) for r in got] == [None, 0.25, None, None]
    assert [(float(r[3]), int(r[4])) for r in got] == [(500000.0 + i, 4550) for i in range(4)]
