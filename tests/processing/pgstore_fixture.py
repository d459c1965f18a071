"""A PostGIS database for the tests of the PostGIS ledger store (one place, so it is easy to swap).

The server is the one of tests/pg.py (``CITYHEALTH_TEST_PG`` from ``make test``, else
``scripts/pgserver.sh`` started for the session); these fixtures give URIs
(``postgresql://…/db``, to which the store's tests append ``?schema=…``) where tests/pg.py's
``pg_database`` gives a libpq conninfo. Each test module gets its own fresh database with PostGIS.
"""

from __future__ import annotations

import time
import uuid

import pytest


def _sql(uri: str, sql: str):
    """Run ``sql`` on a connection of its own: QGIS pools connections by conninfo and remembers
    whether PostGIS was there when it connected (a pooled connection opened before ``CREATE
    EXTENSION postgis`` would make QGIS use pre-PostGIS-2 function names)."""
    from qgis.core import QgsProviderRegistry

    from cityhealth_plugin.processing import store

    conn = QgsProviderRegistry.instance().providerMetadata("postgres").createConnection(
        store.parse(uri).conninfo + " sslmode=allow", {})  # sslmode: another pool key
    return conn.executeSql(sql)


def new_database(server: str, name: str) -> str:
    """Create database ``name`` with PostGIS on ``server``; returns its URI."""
    for attempt in range(50):
        try:
            _sql(server + "/postgres", "CREATE DATABASE {}".format(name))
            break
        except Exception:  # noqa: BLE001 (server still starting)
            if attempt == 49:
                raise
            time.sleep(0.2)
    uri = "{}/{}".format(server, name)
    _sql(uri, "CREATE EXTENSION IF NOT EXISTS postgis")
    return uri


def server_uri(url: str) -> str:
    """``postgresql://user@host:port/db`` → the same without the database name."""
    return url.rsplit("/", 1)[0] if url.count("/") > 2 else url


@pytest.fixture(scope="session")
def pg_server():
    """A superuser URI of the test server (without a database name at the end): the one of
    ``scripts/pgserver.sh`` that ``make test`` starts (``CITYHEALTH_TEST_PG``), else started here
    by tests/pg.py and stopped at the end."""
    from tests import pg

    url, started = pg.start_server()
    yield server_uri(url)
    if started:
        pg.stop_server()


@pytest.fixture(scope="module")
def pg_database(plugin, pg_server):
    """URI of a fresh database with PostGIS (dropped after the module)."""
    name = "cityhealth_test_{}".format(uuid.uuid4().hex[:10])
    uri = new_database(pg_server, name)
    yield uri
    try:
        _sql(pg_server + "/postgres", "DROP DATABASE {} WITH (FORCE)".format(name))
    except Exception:  # noqa: BLE001 (connections of QGIS's pool may linger: the server is thrown away)
        pass
