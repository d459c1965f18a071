"""A PostGIS database for the tests of the PostGIS ledger store (one place, so it is easy to swap).

``CITYHEALTH_TEST_PG`` (a superuser URI, ``postgresql://postgres@127.0.0.1:PORT/postgres``) when set;
otherwise a throw-away PostgreSQL server is started once per test session (``initdb`` into a
temporary folder, run as user ``postgres`` when the tests run as root, a free port on 127.0.0.1,
stopped at the end). Each test module gets its own fresh database with PostGIS.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import time
import uuid

import pytest


def _bin(name: str) -> str:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/{}".format(name)))
    if not found:
        raise RuntimeError("PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/{}); set "
                           "CITYHEALTH_TEST_PG to a superuser URI".format(name))
    return found[-1]


def _as_postgres(args):
    if os.geteuid() == 0:
        return ["su", "postgres", "-s", "/bin/sh", "-c", " ".join("'{}'".format(a) for a in args)]
    return args


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _sql(uri: str, sql: str):
    """Run ``sql`` on a connection of its own: QGIS pools connections by conninfo and remembers
    whether PostGIS was there when it connected (a pooled connection opened before ``CREATE
    EXTENSION postgis`` would make QGIS use pre-PostGIS-2 function names)."""
    from qgis.core import QgsProviderRegistry

    from cityhealth_plugin.processing import store

    conn = QgsProviderRegistry.instance().providerMetadata("postgres").createConnection(
        store.parse(uri).conninfo + " sslmode=allow", {})  # sslmode: another pool key
    return conn.executeSql(sql)


def start_server(folder: str) -> str:
    """Start a throw-away server with its data in ``folder`` (made, owned by ``postgres`` when run as
    root); returns its superuser URI without a database name. Stop it with :func:`stop_server`."""
    os.makedirs(folder, exist_ok=True)
    data = os.path.join(folder, "data")
    port = _free_port()
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres")
    subprocess.run(_as_postgres([_bin("initdb"), "-D", data, "-A", "trust", "-U", "postgres", "-E", "UTF8"]),
                   check=True, stdout=subprocess.DEVNULL)
    subprocess.run(_as_postgres([_bin("pg_ctl"), "-D", data, "-w", "-l", os.path.join(folder, "log"), "-o",
                                 "-p {} -k {} -c listen_addresses=127.0.0.1 -c fsync=off".format(
                                     port, folder), "start"]), check=True, stdout=subprocess.DEVNULL)
    return "postgresql://postgres@127.0.0.1:{}".format(port)


def stop_server(folder: str) -> None:
    subprocess.run(_as_postgres([_bin("pg_ctl"), "-D", os.path.join(folder, "data"), "-m", "fast", "stop"]),
                   stdout=subprocess.DEVNULL)
    shutil.rmtree(folder, ignore_errors=True)


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


@pytest.fixture(scope="session")
def pg_server():
    """A superuser URI of a running server (without a database name at the end)."""
    given = os.environ.get("CITYHEALTH_TEST_PG", "").strip()
    if given:
        yield given.rsplit("/", 1)[0] if given.count("/") > 2 else given
        return
    folder = tempfile.mkdtemp(prefix="cityhealth-pg-")
    try:
        yield start_server(folder)
    finally:
        stop_server(folder)


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
