"""A real PostgreSQL/PostGIS server for the tests: one fresh database per test module.

``make test`` starts a throw-away server (``scripts/pgserver.sh``) and passes its superuser URI in
``CITYHEALTH_TEST_PG`` to both QGIS runs (the host's and the QGIS 3.40 chroot's). Without it (a
developer running pytest directly on the host) the session starts the server itself and stops it
at the end when it was not running before. Databases are created and dropped through QGIS's
postgres provider (no Python database driver); roles are cluster-wide, so tests name theirs
``cityhealth_test_…``.
"""

from __future__ import annotations

import os
import re
import subprocess
import uuid
from typing import Dict
from urllib.parse import unquote, urlsplit

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SCRIPT = os.path.join(ROOT, "scripts", "pgserver.sh")
ENV = "CITYHEALTH_TEST_PG"


def parse_url(url: str) -> Dict[str, str]:
    """``postgresql://user@host:port/db`` → libpq keywords."""
    parts = urlsplit(url)
    return {"host": parts.hostname or "127.0.0.1", "port": str(parts.port or 5432),
            "user": unquote(parts.username or "postgres"),
            "dbname": unquote(parts.path.strip("/") or "postgres")}


def conninfo(params: Dict[str, str], **overrides: str) -> str:
    merged = dict(params, **overrides)
    return " ".join("{}='{}'".format(k, v.replace("\\", "\\\\").replace("'", "\\'"))
                    for k, v in merged.items())


def start_server() -> tuple:
    """The URI of the test server and whether this session started it (host only)."""
    url = os.environ.get(ENV, "").strip()
    if url == "none":  # scripts/qgis340.sh run without a server: the chroot cannot start one
        pytest.fail("{} is not set: run the QGIS 3.40 suite through `make test` or `make test-qgis340`, "
                    "which start the PostGIS test server (scripts/pgserver.sh) on the host".format(ENV))
    if url:
        return url, False
    running = subprocess.run([SCRIPT, "uri"], capture_output=True, text=True)
    if running.returncode == 0:
        return running.stdout.strip(), False
    started = subprocess.run([SCRIPT, "start"], capture_output=True, text=True)
    if started.returncode != 0:
        pytest.fail("{} is not set and scripts/pgserver.sh start failed:\n{}".format(ENV, started.stderr))
    return started.stdout.strip().splitlines()[-1], True


def stop_server() -> None:
    subprocess.run([SCRIPT, "stop"], capture_output=True, text=True)


def database_name(module: str) -> str:
    base = re.sub(r"[^a-z0-9_]", "_", module.rsplit(".", 1)[-1].lower())[:30]
    return "cityhealth_test_{}_{}".format(base, uuid.uuid4().hex[:8])


def create_database(server: Dict[str, str], name: str) -> str:
    """A fresh database ``name`` with PostGIS; its superuser conninfo."""
    from cityhealth_plugin.processing.pg import execute

    admin = conninfo(server)
    execute(admin, 'CREATE DATABASE "{}"'.format(name))
    uri = conninfo(server, dbname=name)
    execute(uri, "CREATE EXTENSION IF NOT EXISTS postgis")
    return uri


def drop_database(server: Dict[str, str], name: str) -> None:
    from cityhealth_plugin.processing.pg import execute

    execute(conninfo(server), 'DROP DATABASE IF EXISTS "{}" WITH (FORCE)'.format(name))


def create_login(uri: str, login: str, group: str) -> None:
    """A login role ``login`` (trust authentication) that is a member of ``group``."""
    from cityhealth_plugin.processing.pg import execute

    execute(uri, ("DO $do$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{0}') THEN "
                  "CREATE ROLE \"{0}\" LOGIN; END IF; END $do$; GRANT \"{1}\" TO \"{0}\"").format(
                      login, group))
