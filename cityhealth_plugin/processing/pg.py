"""PostgreSQL connections through QGIS's postgres provider: names and URIs → conninfo, run SQL.

``connection_uri`` accepts what a planner types for a database: the name of a saved QGIS
PostgreSQL connection (*Browser → PostgreSQL*), a libpq URI (``postgresql://user@host:port/db``)
or a connection string (``host=… dbname=…``, QGIS data source URIs included), and returns a libpq
conninfo string. ``execute`` runs SQL through the provider's connection API
(``QgsAbstractDatabaseProviderConnection.executeSql``): no Python database driver is needed, the
same code runs on every QGIS generation. Several statements sent in one call run in one implicit
transaction: all or nothing. Errors are :class:`PgError` with the server's message only.
"""

from __future__ import annotations

import re
from typing import List
from urllib.parse import parse_qsl, unquote, urlsplit

from qgis.core import QgsDataSourceUri, QgsProviderRegistry
from qgis.PyQt.QtCore import QCoreApplication

PROVIDER = "postgres"


class PgError(Exception):
    """A connection or SQL error, with the server's message (never the password)."""


def _metadata():
    metadata = QgsProviderRegistry.instance().providerMetadata(PROVIDER)
    if metadata is None:
        raise PgError(QCoreApplication.translate(
            "PostgresConnection",
            "QGIS has no PostgreSQL provider here (install the package qgis-providers)."))
    return metadata


def _conninfo_value(value: str) -> str:
    if value and re.fullmatch(r"[^\s'\\]+", value):
        return value
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"


def _from_url(value: str) -> str:
    parts = urlsplit(value)
    pairs = []
    if parts.hostname:
        pairs.append(("host", unquote(parts.hostname)))
    if parts.port:
        pairs.append(("port", str(parts.port)))
    if parts.username:
        pairs.append(("user", unquote(parts.username)))
    if parts.password:
        pairs.append(("password", unquote(parts.password)))
    if parts.path.strip("/"):
        pairs.append(("dbname", unquote(parts.path.strip("/"))))
    pairs += parse_qsl(parts.query)
    return " ".join("{}={}".format(k, _conninfo_value(v)) for k, v in pairs)


def saved_connections() -> List[str]:
    """Names of the PostgreSQL connections saved in QGIS."""
    return sorted(_metadata().connections(False).keys())


def connection_uri(value: str) -> str:
    """A saved connection name, a ``postgresql://`` URI or a connection string → libpq conninfo."""
    text = (value or "").strip()
    if not text:
        raise PgError(QCoreApplication.translate(
            "PostgresConnection", "No database given: type a saved PostgreSQL connection name or a URI."))
    if re.match(r"^postgres(ql)?://", text, re.IGNORECASE):
        return _from_url(text)
    if "=" in text:
        return QgsDataSourceUri(text).connectionInfo(True)
    connections = _metadata().connections(False)
    if text not in connections:
        raise PgError(QCoreApplication.translate(
            "PostgresConnection",
            "There is no saved PostgreSQL connection «{0}». Saved connections: {1}").format(
            text, ", ".join(sorted(connections)) or "—"))
    return QgsDataSourceUri(connections[text].uri()).connectionInfo(True)


def describe(uri: str) -> str:
    """``uri`` without its password (for messages and logs)."""
    return re.sub(r"password=('(?:[^'\\]|\\.)*'|\S+)", "password=***", uri)


def server_message(error: Exception) -> str:
    """The server's words of a provider error (``SQL error: <sql> returned 0 [ERROR:  …]``)."""
    text = str(error)
    match = re.search(r"\[(?:ERROR|FATAL):\s+(.*?)\s*(?:\nCONTEXT:.*)?\]\s*$", text, re.DOTALL)
    if match:
        return match.group(1).strip()
    return text.strip()


def _plain(value):
    if value is None or (hasattr(value, "isNull") and value.isNull()):
        return None
    return value


def execute(uri: str, sql: str) -> List[list]:
    """Run ``sql`` on the database of ``uri`` (conninfo); the rows of the last statement."""
    try:
        connection = _metadata().createConnection(uri, {})
        rows = connection.executeSql(sql)
    except Exception as error:  # noqa: BLE001 — QgsException (3.22), QgsProviderConnectionException (3.40)
        raise PgError(describe(server_message(error))) from None
    return [[_plain(v) for v in row] for row in rows]
