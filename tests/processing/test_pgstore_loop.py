"""The closed loop and the ledger readers on a PostGIS ledger: the same hand-made ledger as
tests/processing/test_closedloop_algs.py, once as a GeoPackage and once loaded into a database
(store.load_geopackage, one transaction); every algorithm gives the same results on both."""

from __future__ import annotations

import os
import sqlite3

import pytest

from tests.processing.closedloop_fixture import ROUND_2024, make_ledger
from tests.processing.pgstore_fixture import pg_database, pg_server  # noqa: F401 (fixtures)
from tests.processing.test_closedloop_algs import returned

U = [r["problem_uid"] for r in ROUND_2024]


@pytest.fixture()
def ledgers(plugin, pg_database, tmp_path):  # noqa: F811
    from cityhealth_plugin.processing import store

    gpkg = make_ledger(str(tmp_path))
    schema = "loop_{}".format(os.path.basename(str(tmp_path)).replace("-", "_").lower()[-20:])
    db = "{}?schema={}".format(pg_database, schema)
    written = store.load_geopackage(gpkg, store.parse(db))
    assert written["problems"] == 9 and written["photos"] >= 1
    return {"gpkg": gpkg, "db": db, "target": store.parse(db), "folder": str(tmp_path)}


def run(alg, **params):
    import processing

    return processing.run(alg, params)


def db_rows(target, sql):
    from cityhealth_plugin.processing import store

    return [tuple(r) for r in store.query(target, sql.replace("{s}", store.quote_ident(target.schema)))]


def gpkg_rows(path, sql):
    with sqlite3.connect(path) as con:
        return [tuple(r) for r in con.execute(sql.replace("{s}.", ""))]


HISTORY = ("SELECT problem_uid, from_status, to_status, changed_date, event, department, deadline "
           "FROM {s}.problem_history ORDER BY fid")
STATUS = "SELECT problem_uid, status FROM {s}.problems WHERE round = 2024 ORDER BY problem_uid"


def test_workorders_importstatus_compare_and_statistics_alike_on_both_stores(ledgers, tmp_path):
    results = {}
    for key in ("gpkg", "db"):
        ledger = ledgers[key]
        folder = str(tmp_path / "工单_{}".format(key))
        orders = run("cityhealth:workorders", LEDGER=ledger, ROUND=2024, DISPATCH_DATE="2024-10-08",
                     OUTPUT=folder)
        back = str(tmp_path / "回执_{}.xlsx".format(key))
        returned(back, [
            {"问题编号": U[0], "整改状态": "已整改", "整改日期": "2024-11-02", "整改说明": "更换软管"},
            {"问题编号": U[1], "整改状态": "已复核", "整改日期": "2024-11-03"},  # 整改中 → 已复核: refused
            {"问题编号": "2024:不存在|x|9", "整改状态": "已整改", "整改日期": "2024-11-02"},  # unknown
        ])
        imported = run("cityhealth:importstatus", LEDGER=ledger, INPUT=back, TODAY="2025-03-31",
                       REJECTED="TEMPORARY_OUTPUT")
        again = run("cityhealth:importstatus", LEDGER=ledger, INPUT=back, TODAY="2025-03-31",
                    REJECTED="TEMPORARY_OUTPUT")
        compared = run("cityhealth:comparerounds", LEDGER=ledger, ROUND_FROM=2024, ROUND_TO=2025)
        stats = run("cityhealth:remediationstats", LEDGER=ledger, AS_OF="2024-12-31",
                    OUTPUT=str(tmp_path / "整改统计_{}.xlsx".format(key)),
                    BLOCKS="TEMPORARY_OUTPUT", DISTRICTS="TEMPORARY_OUTPUT")
        results[key] = (orders, imported, again, compared, stats)
    g, d = results["gpkg"], results["db"]
    assert {k: v for k, v in g[0].items() if k != "OUTPUT"} == {k: v for k, v in d[0].items()
                                                                 if k != "OUTPUT"}
    for i in (1, 2):
        assert {k: v for k, v in g[i].items() if k != "REJECTED"} == {k: v for k, v in d[i].items()
                                                                       if k != "REJECTED"}
    assert g[1]["APPLIED"] == 1 and g[1]["REJECTED_COUNT"] == 2 and g[2]["APPLIED"] == 0
    assert {k: v for k, v in g[3].items()} == {k: v for k, v in d[3].items()}
    assert g[4]["BLOCKS"] and d[4]["BLOCKS"]
    target = ledgers["target"]
    history = db_rows(target, HISTORY)
    assert history == gpkg_rows(ledgers["gpkg"], HISTORY)
    assert ("2024:a.xlsx|问题清单|2", "已派单", "已整改", "2024-11-02") in [h[:4] for h in history]
    assert db_rows(target, STATUS) == gpkg_rows(ledgers["gpkg"], STATUS)
    for table in ("round_comparison", "round_comparison_counts"):
        sql = "SELECT count(*) FROM {s}." + table
        assert db_rows(target, sql) == gpkg_rows(ledgers["gpkg"], sql) != [(0,)]


def test_a_failed_import_leaves_the_database_ledger_as_it_was(ledgers, tmp_path):
    from qgis.core import QgsProcessingException, QgsProcessingFeedback

    class CancelOnWrite(QgsProcessingFeedback):
        def __init__(self):
            super().__init__()
            self.calls = 0

        def isCanceled(self):  # noqa: N802
            self.calls += 1
            return self.calls > 3  # after reading: cancelled while (or before) writing

    import processing

    back = str(tmp_path / "回执.xlsx")
    returned(back, [{"问题编号": U[0], "整改状态": "整改中", "整改日期": "2024-11-02"}])
    before = (db_rows(ledgers["target"], STATUS), db_rows(ledgers["target"], "SELECT count(*) FROM "
                                                                             "information_schema.tables "
                                                                             "WHERE table_name = "
                                                                             "'problem_history'"))
    with pytest.raises(QgsProcessingException):
        processing.run("cityhealth:importstatus", {"LEDGER": ledgers["db"], "INPUT": back,
                                                   "TODAY": "2025-03-31", "REJECTED": "TEMPORARY_OUTPUT"},
                       feedback=CancelOnWrite())
    after = (db_rows(ledgers["target"], STATUS), before[1])
    assert after == before


def test_readers_open_the_database_ledger(ledgers):
    """What renovationpackage, jointmanagement and the closed loop read is the same from either
    store; photo paths come out absolute from both."""
    from cityhealth_plugin.processing import closedloop_ledger as cl

    for key in ("gpkg", "db"):
        cl.check_ledger(ledgers[key])
    g = cl.read_table(ledgers["gpkg"], "problems", '"round" = 2025')
    d = cl.read_table(ledgers["db"], "problems", '"round" = 2025')
    assert len(g) == 4
    assert [{k: v for k, v in r.items() if k != "fid"} for r in g] == [
        {k: v for k, v in r.items() if k != "fid"} for r in d]
    expected = os.path.join(ledgers["folder"], "体检台账_photos", "p1.png")
    for key in ("gpkg", "db"):
        photos = {p.uid: p.photo for p in cl.read_problems(ledgers[key], [2024])}
        assert len(photos) == 5 and photos[U[0]] == expected


def test_two_departments_importing_at_once_lose_nothing_and_the_conflict_is_reported(plugin, pg_database,  # noqa: F811
                                                                                     tmp_path):
    """Issue 15: two returned work orders imported at the same time by two qgis_process runs into a
    ledger schema prepared by cityhealth:initdatabase. After dispatch U0, U3, U4 are 已派单. Department A
    returns U0 已整改 and U3 整改中; department B returns U4 已整改 and U0 整改中 (the same problem).
    A test trigger holds every imported history row for 3 s, so both runs read the ledger before either
    writes. Whatever the order: each problem's history is one unbroken chain (every change starts
    from the state the one before it ended in), its status is where the chain ends, every change of a
    run that succeeded is there, and a run that did not succeed says which problem someone else changed
    and wrote nothing. Serially (no overlap) both succeed (U0 已整改 ↔ 整改中 are both allowed moves)."""
    from concurrent.futures import ThreadPoolExecutor

    import processing

    from cityhealth_plugin.core.closedloop import lifecycle as lc
    from cityhealth_plugin.processing import store
    from tests.test_qgis_process import enabled_profile, qgis_process

    db = "{}?schema=parallel".format(pg_database)
    target = store.parse(db)
    processing.run("cityhealth:initdatabase", {"DATABASE": pg_database, "SCHEMA": "parallel",
                                               "CRS": "EPSG:4550", "ROLES": ""})
    store.load_geopackage(make_ledger(str(tmp_path)), target)
    processing.run("cityhealth:workorders", {"LEDGER": db, "ROUND": 2024, "DISPATCH_DATE": "2024-10-08",
                                             "OUTPUT": str(tmp_path / "工单")})
    dispatched = dict(db_rows(target, STATUS))
    assert [dispatched[U[i]] for i in (0, 1, 3, 4)] == ["已派单", "整改中", "已派单", "已派单"]
    store.query(target, "CREATE FUNCTION parallel.hold() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                        "IF NEW.event = 'import' THEN PERFORM pg_sleep(3); END IF; RETURN NEW; END $$; "
                        "CREATE TRIGGER a_hold BEFORE INSERT ON parallel.problem_history FOR EACH ROW "
                        "EXECUTE FUNCTION parallel.hold()")
    books = {
        "A": returned(str(tmp_path / "回执_A.xlsx"), [
            {"问题编号": U[0], "整改状态": "已整改", "整改日期": "2024-11-02"},
            {"问题编号": U[3], "整改状态": "整改中", "整改日期": "2024-11-02"}]),
        "B": returned(str(tmp_path / "回执_B.xlsx"), [
            {"问题编号": U[4], "整改状态": "已整改", "整改日期": "2024-11-03"},
            {"问题编号": U[0], "整改状态": "整改中", "整改日期": "2024-11-03"}]),
    }
    profile = enabled_profile(tmp_path)

    def run_import(book):
        return qgis_process(["run", "cityhealth:importstatus", "--", "LEDGER=" + db, "INPUT=" + book,
                             "TODAY=2025-03-31", "REJECTED=TEMPORARY_OUTPUT"], profile)

    with ThreadPoolExecutor(2) as pool:
        results = dict(zip(books, pool.map(run_import, books.values())))
    ok = [k for k, r in results.items() if r.returncode == 0]
    assert ok, {k: r.stderr[-2000:] for k, r in results.items()}
    for key, result in results.items():
        if key not in ok:  # refused as a whole, naming the problem both changed
            assert U[0] in result.stdout + result.stderr
            assert "changed by someone else meanwhile" in result.stdout + result.stderr
    history = db_rows(target, "SELECT problem_uid, from_status, to_status, event FROM {s}.problem_history "
                              "ORDER BY fid")
    status = dict(db_rows(target, STATUS))
    chains = {}
    for uid, frm, to, _event in history:
        chains.setdefault(uid, []).append((lc.REPORT_MAPPING.get(frm or "", frm), to))
    for uid, chain in chains.items():
        for (_f, before), (after, _t) in zip(chain, chain[1:]):
            assert after == before, (uid, chain)  # no change based on a state that was gone
        assert status[uid] == chain[-1][1], uid
    imports = [(uid, to) for uid, _f, to, event in history if event == "import"]
    wanted = {"A": [(U[0], "已整改"), (U[3], "整改中")], "B": [(U[4], "已整改"), (U[0], "整改中")]}
    assert sorted(imports) == sorted(c for k in ok for c in wanted[k])
