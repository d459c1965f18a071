"""processing/pg.py: what a planner types for a database → libpq conninfo; SQL through QGIS's provider."""

from __future__ import annotations

import re

import pytest
from qgis.core import QgsProviderRegistry

from cityhealth_plugin.processing.pg import PgError, connection_uri, describe, execute, server_message


def keywords(conninfo: str) -> dict:
    """libpq keywords of a conninfo string (values quoted or not)."""
    return {k: (q if q else v).replace("\\'", "'")
            for k, q, v in re.findall(r"(\w+)=(?:'((?:[^'\\]|\\.)*)'|(\S+))", conninfo)}


def test_uris_and_connection_strings_become_conninfo(qgis_app):
    assert connection_uri("postgresql://alice:s3cr%40t@db.example:5433/体检?sslmode=require") == (
        "host=db.example port=5433 user=alice password=s3cr@t dbname=体检 sslmode=require")
    assert connection_uri("postgres://127.0.0.1/ledger") == "host=127.0.0.1 dbname=ledger"
    assert keywords(connection_uri("postgresql://o%27neil@h/my db")) == {
        "host": "h", "user": "o'neil", "dbname": "my db"}
    # a QGIS data source URI keeps its connection part only
    uri = "dbname='城市' host=localhost port=5432 user='bob' key='fid' table=\"s\".\"t\" (geom)"
    assert keywords(connection_uri(uri)) == {"dbname": "城市", "host": "localhost", "port": "5432",
                                             "user": "bob"}


def test_saved_connection_names_are_resolved_and_unknown_ones_listed(qgis_app):
    metadata = QgsProviderRegistry.instance().providerMetadata("postgres")
    saved = metadata.createConnection("host=10.0.0.5 port=5432 dbname='ledger' user='tech'",
                                      {"saveUsername": True})
    metadata.saveConnection(saved, "体检台账库")
    try:
        assert keywords(connection_uri("体检台账库")) == {
            "dbname": "ledger", "host": "10.0.0.5", "port": "5432", "user": "tech"}
        with pytest.raises(PgError, match="«台账».*体检台账库"):
            connection_uri("台账")
    finally:
        metadata.deleteConnection("体检台账库")
    with pytest.raises(PgError, match="No database given"):
        connection_uri("  ")


def test_passwords_never_appear_in_messages():
    assert describe("host=h password='p w' user=u") == "host=h password=*** user=u"
    assert describe("host=h password=secret") == "host=h password=***"


def test_server_message_keeps_the_servers_words_only():
    text = ("SQL error: UPDATE x SET a = 1 returned 0 [ERROR:  问题 P1 已被他人修改\n"
            "CONTEXT:  PL/pgSQL function f() line 3 at RAISE\n]")
    assert server_message(Exception(text)) == "问题 P1 已被他人修改"
    assert server_message(Exception("Connection failed: timeout")) == "Connection failed: timeout"


def test_execute_returns_rows_with_none_and_rolls_back_a_failed_batch(pg_database):
    assert execute(pg_database, "SELECT 1, '体检'::text, NULL::text, 2.5::float8") == [[1, "体检", None, 2.5]]
    execute(pg_database, "CREATE TABLE t (a int)")
    with pytest.raises(PgError, match="division by zero"):
        execute(pg_database, "INSERT INTO t VALUES (1); SELECT 1 / 0")
    assert execute(pg_database, "SELECT count(*) FROM t") == [[0]]  # all or nothing
