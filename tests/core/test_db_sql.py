"""The SQL of the PostGIS ledger, generated without a database (core/db); run against a server in
tests/processing/test_initdatabase.py."""

from __future__ import annotations

import pytest

from cityhealth_plugin.core.db import ddl
from cityhealth_plugin.core.db import ledger as db

SPEC = ddl.TableSpec("问题", (("problem_uid", str), ("round", int), ("score", float), ("备注", str)), "Point")


def test_table_is_created_with_fid_then_columns_added_one_by_one():
    assert ddl.table_statements("城市体检", SPEC, 4550) == [
        'CREATE TABLE IF NOT EXISTS "城市体检"."问题" ("fid" bigserial PRIMARY KEY)',
        'ALTER TABLE "城市体检"."问题" ADD COLUMN IF NOT EXISTS "problem_uid" text',
        'ALTER TABLE "城市体检"."问题" ADD COLUMN IF NOT EXISTS "round" integer',
        'ALTER TABLE "城市体检"."问题" ADD COLUMN IF NOT EXISTS "score" double precision',
        'ALTER TABLE "城市体检"."问题" ADD COLUMN IF NOT EXISTS "备注" text',
        'ALTER TABLE "城市体检"."问题" ADD COLUMN IF NOT EXISTS "geom" geometry(Point, 4550)',
        'CREATE INDEX IF NOT EXISTS "问题_geom_idx" ON "城市体检"."问题" USING gist ("geom")',
        'CREATE INDEX IF NOT EXISTS "问题_problem_uid_idx" ON "城市体检"."问题" ("problem_uid")',
        'CREATE INDEX IF NOT EXISTS "问题_round_idx" ON "城市体检"."问题" ("round")',
    ]


def test_a_table_without_geometry_has_no_geom_and_defaults_are_kept():
    spec = ddl.TableSpec("t", (("version", int),), defaults={"version": "1"})
    assert ddl.table_statements("s", spec, 4326) == [
        'CREATE TABLE IF NOT EXISTS "s"."t" ("fid" bigserial PRIMARY KEY)',
        'ALTER TABLE "s"."t" ADD COLUMN IF NOT EXISTS "version" integer DEFAULT 1',
    ]


def test_quoting_of_identifiers_and_literals():
    assert ddl.quote_ident('a"b') == '"a""b"'
    assert ddl.quote_literal("O'Brien") == "'O''Brien'"
    assert ddl.quote_literal(None) == "NULL"
    assert ddl.quote_literal(3) == "3"
    with pytest.raises(ValueError):
        ddl.quote_ident("")
    with pytest.raises(ValueError):
        ddl.quote_ident("长" * 22)  # 66 bytes > 63


def test_reserved_columns_and_unknown_types_are_refused():
    with pytest.raises(ValueError):
        ddl.table_statements("s", ddl.TableSpec("t", (("fid", int),)), 4550)
    with pytest.raises(ValueError):
        ddl.table_statements("s", ddl.TableSpec("t", (("x", list),)), 4550)
    with pytest.raises(ValueError):
        ddl.schema_statements("s", [ddl.TableSpec("t", ()), ddl.TableSpec("t", ())], 4550)


def test_role_names_are_derived_from_the_schema_and_the_scope():
    assert db.role_name("cityhealth", "tech") == "cityhealth_tech"
    assert db.role_name("cityhealth", "department", "住建局") == "cityhealth_dept_住建局"
    assert db.role_name("cityhealth", "district", "150502") == "cityhealth_district_150502"
    long_name = db.role_name("cityhealth", "department", "内蒙古自治区通辽市科尔沁区住房和城乡建设局")
    assert len(long_name.encode("utf-8")) <= 63 and long_name.startswith("cityhealth_dept_内蒙古")
    scopes = db.default_scopes("ch", ["城管局", "住建局", "", "城管局"], ["150502", None])
    assert scopes == [db.Scope("ch_tech", "tech"),
                      db.Scope("ch_dept_住建局", "department", department="住建局"),
                      db.Scope("ch_dept_城管局", "department", department="城管局"),
                      db.Scope("ch_district_150502", "district", district_code="150502")]


def test_role_entries_are_parsed_and_bad_ones_named():
    text = "zjj = department:住建局; d502=district: 150502\n\n team = tech"
    assert db.parse_scopes(text) == [db.Scope("zjj", "department", department="住建局"),
                                     db.Scope("d502", "district", district_code="150502"),
                                     db.Scope("team", "tech")]
    for bad in ("zjj = department", "zjj = boss:x", "no equals sign"):
        with pytest.raises(ValueError, match=bad.split()[0]):
            db.parse_scopes(bad)


def test_init_script_adds_version_and_department_and_secures_the_ledger():
    problems = ddl.TableSpec("problems", (("problem_uid", str), ("status", str), ("district_code", str)),
                             "Point")
    history = ddl.TableSpec("problem_history", (("problem_uid", str), ("round", int), ("from_status", str),
                                                ("to_status", str), ("department", str), ("event", str)))
    statements = db.init_statements("cityhealth", 4550, [problems, history],
                                    [db.Scope("t", "tech"), db.Scope("a", "department", department="住建局")])
    assert statements[0] == "CREATE EXTENSION IF NOT EXISTS postgis"
    assert ('ALTER TABLE "cityhealth"."problems" ADD COLUMN IF NOT EXISTS "version" integer DEFAULT 1'
            in statements)
    assert 'ALTER TABLE "cityhealth"."problems" ADD COLUMN IF NOT EXISTS "department" text' in statements
    assert 'CREATE INDEX IF NOT EXISTS "problems_department_idx" ON "cityhealth"."problems" ("department")' \
        in statements
    assert 'REVOKE UPDATE, DELETE, TRUNCATE ON "cityhealth"."problem_history" FROM "t", "a"' in statements
    assert 'GRANT UPDATE ON "cityhealth"."problems" TO "t", "a"' in statements
    assert 'ALTER TABLE "cityhealth"."problems" ENABLE ROW LEVEL SECURITY' in statements
    text = db.script(statements)
    assert "DROP TABLE" not in text and "DROP COLUMN" not in text and "DELETE FROM" not in text
    # the status trigger writes only the history columns the table has
    record = next(s for s in statements
                  if s.startswith('CREATE OR REPLACE FUNCTION "cityhealth"."problems_record_status"()'))
    assert ('INSERT INTO "cityhealth"."problem_history" ("problem_uid", "round", "from_status", "to_status", '
            '"department", "event")') in record
    with pytest.raises(ValueError):
        db.init_statements("cityhealth", 4550, [problems], [])


def test_long_index_names_are_hashed_and_stay_distinct():
    table = "台账" * 10  # 60 bytes
    first, second = ddl.index_name(table, "problem_uid"), ddl.index_name(table, "round")
    assert first.startswith("idx_") and len(first) == 28 and first != second
    assert ddl.index_name("problems", "round") == "problems_round_idx"
