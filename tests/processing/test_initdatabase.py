"""cityhealth:initdatabase against a real PostgreSQL 15 / PostGIS 3 server (tests/pg.py).

Five problems, hand-placed:

    uid  district  dispatched to      status after dispatch
    P1   150502    住建局              已派单
    P2   150503    住建局              已派单
    P3   150502    城管局              已派单
    P4   150503    (not dispatched)   未整改
    P5   150502    住建局 → 城管局 (rerouted)

so 住建局 sees P1, P2; 城管局 sees P3, P5; district 150502 sees P1, P3, P5; the technical team all five.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from qgis.core import QgsFeatureRequest, QgsVectorLayer

from cityhealth_plugin.processing.pg import PgError, execute
from tests import pg

ROLES = ("cityhealth_test_zjj = department:住建局\n"
         "cityhealth_test_cgj = department:城管局\n"
         "cityhealth_test_d502 = district:150502\n"
         "cityhealth_test_tech = tech")
LOGINS = {"cityhealth_test_alice": "cityhealth_test_zjj", "cityhealth_test_bob": "cityhealth_test_cgj",
          "cityhealth_test_dora": "cityhealth_test_d502", "cityhealth_test_tina": "cityhealth_test_tech"}
PROBLEMS = [("P1", "150502", 100.0), ("P2", "150503", 200.0), ("P3", "150502", 300.0),
            ("P4", "150503", 400.0), ("P5", "150502", 500.0)]
DISPATCH = [("P1", "住建局", "dispatch"), ("P2", "住建局", "dispatch"), ("P3", "城管局", "dispatch"),
            ("P5", "住建局", "dispatch"), ("P5", "城管局", "reroute")]


def run_init(processing_run, uri, roles=ROLES):
    return processing_run("cityhealth:initdatabase", {"DATABASE": uri, "SCHEMA": "cityhealth",
                                                      "CRS": "EPSG:4550", "ROLES": roles})


@pytest.fixture(scope="module")
def processing_run(plugin):
    import processing

    def run(alg, params):
        return processing.run(alg, params)
    return run


@pytest.fixture(scope="module")
def ledger_db(pg_database, processing_run):
    """The database after initdatabase, five problems dispatched as in the module docstring."""
    result = run_init(processing_run, pg_database)
    assert result["TABLES"] == 12  # 11 ledger tables + role_scope
    values = ", ".join(
        "('{0}', 2024, '{1}', '未整改', 'BLD-{0}', 'CMP-1', "
        "ST_SetSRID(ST_MakePoint({2}, 4800000), 4550))".format(uid, district, x)
        for uid, district, x in PROBLEMS)
    execute(pg_database, "INSERT INTO cityhealth.problems (problem_uid, round, district_code, status, "
                         "building_id, compound_id, geom) VALUES " + values)
    rows = ", ".join("('{0}', 2024, '{3}', '已派单', '2024-06-01', '工单派发', '{1}', '{2}')".format(
        *d, "已派单" if d[2] == "reroute" else "未整改") for d in DISPATCH)  # each from the status it finds
    execute(pg_database, "INSERT INTO cityhealth.problem_history (problem_uid, round, from_status, "
                         "to_status, changed_date, changed_by, department, event) VALUES " + rows)
    for login, group in LOGINS.items():
        pg.create_login(pg_database, login, group)
    return pg_database


def as_user(uri: str, login: str) -> str:
    return uri.replace("user='postgres'", "user='{}'".format(login))


def visible(uri, login):
    return [r[0] for r in execute(as_user(uri, login),
                                  "SELECT problem_uid FROM cityhealth.problems ORDER BY problem_uid")]


def test_dispatch_history_sets_department_status_and_version(ledger_db):
    rows = execute(ledger_db, "SELECT problem_uid, department, status, version FROM cityhealth.problems "
                              "ORDER BY problem_uid")
    # inserted at version 1; one applied history row → 2; P5 dispatched and rerouted → 3
    assert rows == [["P1", "住建局", "已派单", 2], ["P2", "住建局", "已派单", 2],
                    ["P3", "城管局", "已派单", 2], ["P4", None, "未整改", 1], ["P5", "城管局", "已派单", 3]]
    # the applied history rows were not recorded twice
    assert execute(ledger_db, "SELECT count(*) FROM cityhealth.problem_history") == [[5]]


def test_each_department_sees_and_edits_only_its_own_problems(ledger_db):
    assert visible(ledger_db, "cityhealth_test_alice") == ["P1", "P2"]
    assert visible(ledger_db, "cityhealth_test_bob") == ["P3", "P5"]
    alice = as_user(ledger_db, "cityhealth_test_alice")
    # 住建局 may not touch 城管局's P3: the row is invisible, nothing is updated
    assert execute(alice, "UPDATE cityhealth.problems SET status = '已整改' WHERE problem_uid = 'P3' "
                          "RETURNING problem_uid") == []
    assert execute(ledger_db, "SELECT status FROM cityhealth.problems WHERE problem_uid = 'P3'") == [
        ["已派单"]]
    # nor hand it to itself through a history row
    with pytest.raises(PgError, match="row-level security"):
        execute(alice, "INSERT INTO cityhealth.problem_history (problem_uid, round, to_status, department, "
                       "event) VALUES ('P3', 2024, '整改中', '住建局', 'reroute')")
    # its own P2 it may update
    assert execute(alice, "UPDATE cityhealth.problems SET status = '整改中' WHERE problem_uid = 'P2' "
                          "RETURNING problem_uid, version") == [["P2", 3]]
    history = execute(ledger_db, "SELECT from_status, to_status, changed_by, department, event "
                                 "FROM cityhealth.problem_history WHERE problem_uid = 'P2' ORDER BY fid")
    assert history == [["未整改", "已派单", "工单派发", "住建局", "dispatch"],
                       ["已派单", "整改中", "cityhealth_test_alice", "住建局", "edit"]]
    # and sees the history of its own problems only
    assert [r[0] for r in execute(alice, "SELECT DISTINCT problem_uid FROM cityhealth.problem_history "
                                         "ORDER BY 1")] == ["P1", "P2"]


def test_district_sees_its_district_read_only_and_tech_sees_all(ledger_db):
    assert visible(ledger_db, "cityhealth_test_dora") == ["P1", "P3", "P5"]
    assert visible(ledger_db, "cityhealth_test_tina") == ["P1", "P2", "P3", "P4", "P5"]
    with pytest.raises(PgError, match="permission denied"):
        execute(as_user(ledger_db, "cityhealth_test_dora"),
                "UPDATE cityhealth.problems SET status = '已整改' WHERE problem_uid = 'P1'")
    # roll-ups are readable by every role
    dora = as_user(ledger_db, "cityhealth_test_dora")
    assert execute(dora, "SELECT count(*) FROM cityhealth.ledger_block") == [[0]]


def test_stale_version_is_rejected_naming_the_problem(ledger_db):
    tina = as_user(ledger_db, "cityhealth_test_tina")
    (version,), = execute(tina, "SELECT version FROM cityhealth.problems WHERE problem_uid = 'P4'")
    assert version == 1
    assert execute(tina, "UPDATE cityhealth.problems SET status = '整改中', version = 1 "
                         "WHERE problem_uid = 'P4' RETURNING version") == [[2]]
    with pytest.raises(PgError) as caught:  # a second edit based on version 1
        execute(tina, "UPDATE cityhealth.problems SET status = '已整改', version = 1 "
                      "WHERE problem_uid = 'P4'")
    assert "P4" in str(caught.value) and "changed by someone else" in str(caught.value)
    assert "version 1" in str(caught.value) and "version 2" in str(caught.value)
    assert execute(ledger_db, "SELECT status, version FROM cityhealth.problems WHERE problem_uid = 'P4'") == [
        ["整改中", 2]]


def test_a_change_from_a_status_the_problem_no_longer_has_is_refused(ledger_db):
    """An algorithm's history row records from which status it changes a problem. After the test
    above P4 is 整改中 (version 2); an import that read P4 while it was still 未整改 sends
    未整改 → 已整改: refused with the message, and nothing of that statement is written."""
    history = "SELECT count(*) FROM cityhealth.problem_history WHERE problem_uid = 'P4'"
    (before,), = execute(ledger_db, history)
    with pytest.raises(PgError) as caught:
        execute(ledger_db, "INSERT INTO cityhealth.problem_history (problem_uid, round, from_status, "
                           "to_status, changed_date, event) VALUES "
                           "('P4', 2024, '已派单', '已整改', '2024-07-01', 'import'), "
                           "('P4', 2024, '未整改', '已整改', '2024-07-01', 'import')")
    assert "P4" in str(caught.value) and "changed by someone else meanwhile" in str(caught.value)
    assert "«已派单»" in str(caught.value) and "«整改中»" in str(caught.value)
    assert execute(ledger_db, history) == [[before]]
    assert execute(ledger_db, "SELECT status, version FROM cityhealth.problems WHERE problem_uid = 'P4'") == [
        ["整改中", 2]]


def test_history_is_append_only_even_for_the_owner(ledger_db):
    for sql in ("UPDATE cityhealth.problem_history SET note = 'x'", "DELETE FROM cityhealth.problem_history",
                "TRUNCATE cityhealth.problem_history"):
        with pytest.raises(PgError, match="append-only"):
            execute(ledger_db, sql)
    with pytest.raises(PgError, match="permission denied"):
        execute(as_user(ledger_db, "cityhealth_test_tina"), "DELETE FROM cityhealth.problem_history")


def test_edit_in_a_qgis_layer_lands_in_history(ledger_db):
    uri = as_user(ledger_db, "cityhealth_test_bob") + ' key=\'fid\' srid=4550 type=Point ' \
        'table="cityhealth"."problems" (geom)'
    layer = QgsVectorLayer(uri, "problems", "postgres")
    assert layer.isValid()
    assert layer.featureCount() == 2  # P3 and P5: row-level security in the layer too
    (feature,) = list(layer.getFeatures(QgsFeatureRequest().setFilterExpression("\"problem_uid\" = 'P3'")))
    assert layer.startEditing()
    assert layer.changeAttributeValue(feature.id(), layer.fields().indexOf("status"), "已整改")
    assert layer.commitChanges(), layer.commitErrors()
    rows = execute(ledger_db, "SELECT from_status, to_status, changed_by, department, event FROM "
                              "cityhealth.problem_history WHERE problem_uid = 'P3' ORDER BY fid")
    assert rows[-1] == ["已派单", "已整改", "cityhealth_test_bob", "城管局", "edit"]
    assert execute(ledger_db, "SELECT version FROM cityhealth.problems WHERE problem_uid = 'P3'") == [[3]]


def test_rerun_keeps_data_and_derives_roles(ledger_db, processing_run):
    before = execute(ledger_db, "SELECT problem_uid, status, department, version FROM cityhealth.problems "
                                "ORDER BY problem_uid")
    history = execute(ledger_db, "SELECT count(*) FROM cityhealth.problem_history")
    result = run_init(processing_run, ledger_db, roles="")
    assert execute(ledger_db, "SELECT problem_uid, status, department, version FROM cityhealth.problems "
                              "ORDER BY problem_uid") == before
    assert execute(ledger_db, "SELECT count(*) FROM cityhealth.problem_history") == history
    names = result["ROLE_NAMES"].split(",")
    # derived: the team, the departments (catalogue's and the data's), the districts of the problems
    for name in ("cityhealth_tech", "cityhealth_dept_城管局", "cityhealth_dept_住建局",
                 "cityhealth_district_150502", "cityhealth_district_150503",
                 "cityhealth_test_zjj"):  # the earlier run's roles are kept
        assert name in names
    scope = execute(ledger_db, "SELECT kind, department, district_code FROM cityhealth.role_scope "
                               "WHERE role_name = 'cityhealth_dept_城管局'")
    assert scope == [["department", "城管局", None]]
    assert visible(ledger_db, "cityhealth_test_alice") == ["P1", "P2"]


def test_wrong_crs_on_rerun_is_refused(ledger_db, processing_run):
    from qgis.core import QgsProcessingException

    with pytest.raises(QgsProcessingException, match="EPSG:4550"):
        processing_run("cityhealth:initdatabase", {"DATABASE": ledger_db, "CRS": "EPSG:4326"})


WORKER = r"""
import json, os, sys, time
from qgis.core import QgsApplication, QgsProviderRegistry
app = QgsApplication([], False)
app.initQgis()
uri, me, other, status = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]
uids = sys.argv[5].split(",")
conn = QgsProviderRegistry.instance().providerMetadata("postgres").createConnection(uri, {})
seen = {r[0]: r[1] for r in conn.executeSql(
    "SELECT problem_uid, version FROM cityhealth.problems WHERE problem_uid IN (%s)"
    % ",".join("'%s'" % u for u in uids))}
open(me, "w").close()              # barrier: both have read their versions before either writes
for _ in range(1200):
    if os.path.exists(other):
        break
    time.sleep(0.1)
else:
    sys.exit("the other worker never got ready")
applied, conflicts = [], []
for uid in uids:
    try:
        conn.executeSql("UPDATE cityhealth.problems SET status = '%s', version = %d WHERE problem_uid = '%s'"
                        % (status, seen[uid], uid))
        applied.append(uid)
    except Exception as error:
        conflicts.append([uid, str(error)])
print(json.dumps({"applied": applied, "conflicts": conflicts}))
"""


def test_parallel_updates_lose_nothing_and_report_the_conflict(ledger_db, tmp_path):
    uids = ["Q%02d" % i for i in range(11)]  # Q00 both workers edit; Q01–Q05 one, Q06–Q10 the other
    execute(ledger_db, "INSERT INTO cityhealth.problems (problem_uid, round, status) VALUES "
            + ", ".join("('{}', 2025, '未整改')".format(u) for u in uids))
    script = tmp_path / "worker.py"
    script.write_text(WORKER, encoding="utf-8")
    tina = as_user(ledger_db, "cityhealth_test_tina")
    a, b = str(tmp_path / "a.ready"), str(tmp_path / "b.ready")
    jobs = [(a, b, "整改中", uids[1:6] + ["Q00"]), (b, a, "已整改", ["Q00"] + uids[6:])]
    procs = [subprocess.Popen([sys.executable, str(script), tina, me, other, status, ",".join(mine)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=dict(os.environ))
             for me, other, status, mine in jobs]
    outs = []
    for proc in procs:
        out, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err
        outs.append(json.loads(out.strip().splitlines()[-1]))
    conflicts = outs[0]["conflicts"] + outs[1]["conflicts"]
    assert len(conflicts) == 1 and conflicts[0][0] == "Q00"
    assert "Q00" in conflicts[0][1] and "changed by someone else" in conflicts[0][1]
    assert sorted(outs[0]["applied"] + outs[1]["applied"]) == uids  # Q00 once, every other once
    winner = "整改中" if "Q00" in outs[0]["applied"] else "已整改"
    rows = {r[0]: r[1:] for r in execute(
        ledger_db, "SELECT problem_uid, status, version FROM cityhealth.problems "
                   "WHERE problem_uid LIKE 'Q%'")}
    assert rows == dict({u: ["整改中", 2] for u in uids[1:6]}, **{u: ["已整改", 2] for u in uids[6:]},
                        Q00=[winner, 2])
    history = execute(ledger_db, "SELECT problem_uid, to_status, changed_by FROM cityhealth.problem_history "
                                 "WHERE problem_uid LIKE 'Q%' ORDER BY problem_uid")
    assert len(history) == 11
    assert ["Q00", winner, "cityhealth_test_tina"] in history


def test_rows_written_by_the_qgis_provider_are_accepted(ledger_db):
    from qgis.core import QgsFeature, QgsGeometry, QgsPointXY

    uri = as_user(ledger_db, "cityhealth_test_tina") + " key='fid' srid=4550 type=Point " \
        'table="cityhealth"."problems" (geom)'
    layer = QgsVectorLayer(uri, "problems", "postgres")
    assert layer.isValid()
    feature = QgsFeature(layer.fields())
    feature["problem_uid"] = "新-1"
    feature["round"] = 2025
    feature["status"] = "未整改"
    feature.setGeometry(QgsGeometry.fromPointXY(QgsPointXY(600.0, 4800000.0)))
    ok, _added = layer.dataProvider().addFeatures([feature])
    assert ok, layer.dataProvider().errors()
    assert execute(ledger_db, "SELECT version, department, ST_X(geom), ST_SRID(geom) "
                              "FROM cityhealth.problems WHERE problem_uid = '新-1'") == [
        [1, None, 600.0, 4550]]
