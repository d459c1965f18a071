"""Where the ledger lives: a GeoPackage file, or a PostGIS schema shared by the five parties.

A ledger location is the text of the ledger parameter of every algorithm (so the model and
``qgis_process`` pass it as one string):

- a path ending in ``.gpkg``: the GeoPackage (written through :func:`.io.atomic_gpkg`);
- ``postgresql://user[:password]@host[:port]/dbname[?schema=cityhealth&sslmode=…]`` (or
  ``postgres://``): a PostGIS database given by a libpq URI;
- ``PG:dbname=… host=… port=… user=… [schema=…]``: the same as a libpq conninfo string;
- ``pg:<name>[?schema=…]``: a PostgreSQL connection saved in QGIS (*Browser → PostgreSQL → New
  Connection*; password from the saved connection or its authentication configuration).

The schema defaults to ``cityhealth``. Tables are named as the GeoPackage's layers (``problems``,
``photos``, ``ledger_building`` …), primary key ``fid`` (bigserial), geometry column ``geom``.
A table that exists (``cityhealth:initdatabase`` made it, possibly with more columns) is appended
to, or its rows of one round replaced, never dropped.

Writes go through QGIS only (no psycopg2): one :class:`Session` is one ``QgsTransaction`` on the
postgres provider, in which rows are inserted in bulk (a few thousand rows per ``INSERT … SELECT
FROM json_array_elements(…)`` statement: one round trip and one parse per chunk, not one per row)
and a round is replaced by ``DELETE`` + ``INSERT`` before a single ``COMMIT``: the other parties
see the old round or the new one, never half of it. Reads open the tables as postgres layers.
"""

from __future__ import annotations

import json
import math
import re
from typing import Any, Dict, Iterable, List, NamedTuple, Optional, Sequence
from urllib.parse import parse_qsl, unquote, urlsplit

from qgis.core import (
    QgsDataSourceUri,
    QgsFeature,
    QgsFields,
    QgsProviderRegistry,
    QgsTransaction,
    QgsVectorLayer,
    QgsWkbTypes,
)
from qgis.PyQt.QtCore import QCoreApplication

from ..core.db.ledger import LAYER_STYLES_DDL

DEFAULT_SCHEMA = "cityhealth"
GEOMETRY_COLUMN = "geom"
KEY_COLUMN = "fid"
#: Rows per INSERT statement of a bulk load.
CHUNK_ROWS = 4000
_PREFIXES = ("postgresql://", "postgres://", "pg:")


translate = QCoreApplication.translate  # pylupdate5 finds translate("context", "text")


class StoreError(RuntimeError):
    """A database ledger that cannot be reached, read or written (message for the planner)."""


def is_database(value: Any) -> bool:
    """Whether a ledger parameter value names a PostGIS database rather than a GeoPackage."""
    text = str(value or "").strip()
    return text.lower().startswith(_PREFIXES)


class Target(NamedTuple):
    """A PostGIS ledger: libpq conninfo, schema, and a label without the password (for logs)."""

    conninfo: str
    schema: str
    label: str


def _quote_conninfo(value: str) -> str:
    return "'{}'".format(str(value).replace("\\", "\\\\").replace("'", "\\'"))


def _split_schema(text: str):
    """(text without ``schema=…``, schema or '') of a conninfo string."""
    found = re.search(r"(?:^|\s)schema\s*=\s*('(?:[^'\\]|\\.)*'|\S+)", text)
    if not found:
        return text, ""
    value = found.group(1).strip("'")
    return (text[:found.start()] + " " + text[found.end():]).strip(), value


def parse(value: Any) -> Target:
    """The :class:`Target` of a ledger parameter value (see the module's docstring)."""
    text = str(value or "").strip()
    low = text.lower()
    if low.startswith(("postgresql://", "postgres://")):
        parts = urlsplit(text)
        query = dict(parse_qsl(parts.query))
        schema = query.pop("schema", "") or DEFAULT_SCHEMA
        netloc = parts.netloc.rsplit("@", 1)
        user = password = ""
        if len(netloc) == 2:
            user, _, password = netloc[0].partition(":")
        hostport = netloc[-1]
        host, port = hostport, ""
        if hostport.startswith("["):  # [ipv6]:port
            host, _, rest = hostport[1:].partition("]")
            port = rest.lstrip(":")
        elif ":" in hostport:
            host, port = hostport.rsplit(":", 1)
        items = [("host", unquote(host)), ("port", port), ("dbname", unquote(parts.path.lstrip("/"))),
                 ("user", unquote(user)), ("password", unquote(password))] + list(query.items())
        conninfo = " ".join("{}={}".format(k, _quote_conninfo(v)) for k, v in items if v)
        label = "postgresql://{}{}/{} ({})".format(unquote(user) + "@" if user else "", hostport,
                                                   parts.path.lstrip("/"), schema)
        return Target(conninfo, schema, label)
    if low.startswith("pg:"):
        rest = text[3:].strip()
        if "=" in rest.split("?", 1)[0]:  # PG:dbname=… host=…
            conninfo, schema = _split_schema(rest)
            uri = QgsDataSourceUri(conninfo)
            label = "PG:dbname={} host={} ({})".format(uri.database(), uri.host(), schema or DEFAULT_SCHEMA)
            return Target(conninfo, schema or DEFAULT_SCHEMA, label)
        name, _, query = rest.partition("?")
        schema = dict(parse_qsl(query)).get("schema", "") or DEFAULT_SCHEMA
        metadata = QgsProviderRegistry.instance().providerMetadata("postgres")
        try:
            connection = metadata.findConnection(name)
        except Exception:  # noqa: BLE001 (QgsProviderConnectionException: no such connection)
            connection = None
        if connection is None:
            raise StoreError(translate(
                "LedgerStore", "There is no saved PostgreSQL connection «{0}» in QGIS (Browser → "
                "PostgreSQL → New Connection).").format(name))
        return Target(connection.uri(), schema, "pg:{} ({})".format(name, schema))
    raise StoreError(translate(
        "LedgerStore", "«{0}» names no database: write postgresql://user@host:port/dbname, "
        "PG:dbname=… host=…, or pg:<saved connection>.").format(text))


def quote_ident(name: str) -> str:
    return '"{}"'.format(str(name).replace('"', '""'))


def quote_literal(value: Any) -> str:
    if value is None:
        return "NULL"
    return "'{}'".format(str(value).replace("'", "''"))


def table_ident(target: Target, table: str) -> str:
    return "{}.{}".format(quote_ident(target.schema), quote_ident(table))


# --- reading ---------------------------------------------------------------------------------------
def _connection(target: Target):
    metadata = QgsProviderRegistry.instance().providerMetadata("postgres")
    try:
        return metadata.createConnection(target.conninfo, {})
    except Exception as error:  # noqa: BLE001 (QgsProviderConnectionException)
        raise StoreError(translate("LedgerStore", "Cannot connect to the database {0}: {1}").format(
            target.label, error)) from None


def query(target: Target, sql: str) -> List[List[Any]]:
    """Rows of one SQL statement, on its own connection (autocommit); NULL is None."""
    try:
        rows = _connection(target).executeSql(sql)
    except StoreError:
        raise
    except Exception as error:  # noqa: BLE001 (QgsProviderConnectionException)
        raise StoreError(translate("LedgerStore", "The database {0} refused a statement: {1}").format(
            target.label, error)) from None
    return [[v if type(v) in (str, int, float) else _plain(v) for v in row] for row in rows]


def tables(target: Target) -> List[str]:
    """Tables (and views) of the target's schema ([] when the schema does not exist)."""
    rows = query(target, "SELECT table_name FROM information_schema.tables WHERE table_schema = {} "
                         "ORDER BY table_name".format(quote_literal(target.schema)))
    return [r[0] for r in rows]


def columns(target: Target, table: str) -> Dict[str, str]:
    """Column name → type name (``udt_name``: int4, text, geometry …) of a table, in order."""
    rows = query(target, "SELECT column_name, udt_name FROM information_schema.columns "
                         "WHERE table_schema = {} AND table_name = {} ORDER BY ordinal_position".format(
                             quote_literal(target.schema), quote_literal(table)))
    return {r[0]: r[1] for r in rows}


def layer_uri(target: Target, table: str, subset: str = "", geometry: Optional[bool] = None) -> str:
    """The postgres provider URI of a table (``geometry``: whether it has ``geom``; None = ask)."""
    if geometry is None:
        geometry = GEOMETRY_COLUMN in columns(target, table)
    uri = QgsDataSourceUri(target.conninfo)
    uri.setDataSource(target.schema, table, GEOMETRY_COLUMN if geometry else "", subset, KEY_COLUMN)
    return uri.uri(False)


def open_layer(target: Target, table: str, subset: str = "", name: str = "") -> QgsVectorLayer:
    return QgsVectorLayer(layer_uri(target, table, subset), name or table, "postgres")


def processing_uri(target: Target, table: str, subset: str = "") -> str:
    """The URI Processing loads as a postgres layer (``postgres://`` + provider URI)."""
    return "postgres://" + layer_uri(target, table, subset)


# --- writing ---------------------------------------------------------------------------------------
def _pg_type(field) -> str:
    name = field.typeName().lower()
    if field.type() in _INT64_TYPES or name in ("integer64", "int8", "bigint"):
        return "bigint"
    if field.type() in _INT_TYPES or name in ("integer", "int4", "int", "smallint", "mediumint"):
        return "integer"
    if field.type() in _REAL_TYPES or name in ("real", "double", "float8", "numeric"):
        return "double precision"
    if field.type() in _BOOL_TYPES or name in ("bool", "boolean"):
        return "boolean"
    return "text"


def _type_codes():
    from .qgis_compat import field_type

    ints, int64s, reals = {field_type(int)}, {field_type("int64")}, {field_type(float)}
    try:  # attribute fields read back from a provider: QVariant codes on 3.22, QMetaType on 3.38+
        from qgis.PyQt.QtCore import QVariant

        ints.add(QVariant.Int)
        int64s.add(QVariant.LongLong)
        reals.add(QVariant.Double)
        bools = {QVariant.Bool}
    except (ImportError, AttributeError):
        bools = set()
    return ints, int64s, reals, bools


_INT_TYPES, _INT64_TYPES, _REAL_TYPES, _BOOL_TYPES = _type_codes()


def _plain(value: Any) -> Any:
    """An attribute as a JSON value (QVariant NULL → None, NaN → None)."""
    kind = type(value)
    if kind is str or kind is int:
        return value
    if kind is float:
        return None if math.isnan(value) or math.isinf(value) else value
    if value is None or kind is bool:
        return None if value is None else int(value)
    try:
        if value.isNull():  # QVariant NULL, QDate …
            return None
    except AttributeError:
        pass
    if hasattr(value, "toString"):
        return value.toString("yyyy-MM-dd") if hasattr(value, "daysTo") and not hasattr(value, "time") \
            else value.toString()
    return str(value)


def _chunk_sql(head: str, batch: List[list]) -> str:
    text = json.dumps(batch, ensure_ascii=False, allow_nan=False)
    if "\\u0000" in text:  # PostgreSQL text cannot hold NUL
        text = text.replace("\\u0000", "")
    tag = "$chj$"
    while tag in text:
        tag = "$chj{}$".format(len(tag))
    return "{}{}{}{}::jsonb) r".format(head, tag, text, tag)


def _encoded(head: str, rows: Iterable[list]):
    """(rows, INSERT statement) per chunk of :data:`CHUNK_ROWS` rows."""
    batch: List[list] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= CHUNK_ROWS:
            yield len(batch), _chunk_sql(head, batch)
            batch = []
    if batch:
        yield len(batch), _chunk_sql(head, batch)


def _encoded_in_thread(head: str, rows: Iterable[list]):
    """:func:`_encoded` computed ahead in a worker thread (two chunks at most), errors passed on."""
    import queue
    import threading

    chunks: "queue.Queue" = queue.Queue(maxsize=2)
    stop = threading.Event()

    def work():
        try:
            for item in _encoded(head, rows):
                while not stop.is_set():
                    try:
                        chunks.put(item, timeout=0.2)
                        break
                    except queue.Full:
                        continue
                if stop.is_set():
                    return
            chunks.put(None)
        except BaseException as error:  # noqa: BLE001 (re-raised in the caller's thread)
            chunks.put(error)

    worker = threading.Thread(target=work, daemon=True)
    worker.start()
    try:
        while True:
            item = chunks.get()
            if item is None:
                return
            if isinstance(item, BaseException):
                raise item
            yield item
    finally:
        stop.set()
        worker.join()


_UDT = {"integer": "int4", "bigint": "int8", "double precision": "float8", "boolean": "bool"}


class Session:
    """One transaction on a PostGIS ledger: ``with Session(target) as db: …`` commits on success,
    rolls back on an exception (nothing of the run is seen by anyone)."""

    def __init__(self, target: Target, feedback=None):
        self.target = target
        self.feedback = feedback
        self._transaction = None
        self._columns: Dict[str, Dict[str, str]] = {}
        self._schema_ok = False
        self._styles_ok = False
        self._indexes: List[str] = []

    # transaction ----------------------------------------------------------------------------------
    def __enter__(self) -> "Session":
        self._transaction = QgsTransaction.create(self.target.conninfo, "postgres")
        if self._transaction is None:
            raise StoreError(translate("LedgerStore", "Cannot open a transaction on {0}.").format(
                self.target.label))
        ok, error = self._transaction.begin(0)  # 0: no statement timeout for bulk loads
        if not ok:
            self._transaction = None
            raise StoreError(translate("LedgerStore", "Cannot connect to the database {0}: {1}").format(
                self.target.label, error))
        ok, _error = self._transaction.executeSql("SELECT postgis_version()")
        if not ok:
            self._transaction.rollback()
            self._transaction = None
            raise StoreError(translate(
                "LedgerStore", "PostGIS is not installed in the database {0}: its owner runs CREATE "
                "EXTENSION postgis (or cityhealth:initdatabase sets the database up).").format(
                    self.target.label))
        return self

    def __exit__(self, kind, error, trace) -> bool:
        transaction, self._transaction = self._transaction, None
        if kind is None and self.feedback is not None and self.feedback.isCanceled():
            transaction.rollback()
            raise StoreError(translate("LedgerStore", "Cancelled: nothing was written to the database."))
        if kind is None:
            for sql in self._indexes:
                ok, message = transaction.executeSql(sql)
                if not ok:
                    transaction.rollback()
                    raise StoreError(translate("LedgerStore", "The database {0} refused a statement: {1}")
                                     .format(self.target.label, message))
            ok, message = transaction.commit()
            if not ok:
                transaction.rollback()
                raise StoreError(translate("LedgerStore", "The database {0} did not commit: {1}").format(
                    self.target.label, message))
        else:
            transaction.rollback()
        return False

    def execute(self, sql: str) -> None:
        ok, error = self._transaction.executeSql(sql)
        if not ok:
            raise StoreError(translate("LedgerStore", "The database {0} refused a statement: {1}").format(
                self.target.label, error.strip() or sql[:200]))

    # tables -------------------------------------------------------------------------------------------
    def table_columns(self, table: str) -> Dict[str, str]:
        if table not in self._columns:
            self._columns[table] = columns(self.target, table)
        return self._columns[table]

    def ensure_schema(self) -> None:
        if self._schema_ok:
            return
        self._schema_ok = True
        if not query(self.target, "SELECT 1 FROM pg_namespace WHERE nspname = {}".format(
                quote_literal(self.target.schema))):
            self.execute("CREATE SCHEMA {}".format(quote_ident(self.target.schema)))

    def ensure_table(self, table: str, fields: QgsFields, wkb_type, srid: int = 0) -> Dict[str, str]:
        """Create the table (``fid`` bigserial key, the fields, ``geom``) unless it exists; add the
        fields it lacks. Returns its columns."""
        present = self.table_columns(table)
        spatial = wkb_type not in (QgsWkbTypes.NoGeometry, QgsWkbTypes.Unknown)
        wanted = [(f.name(), _pg_type(f)) for f in fields if f.name() != KEY_COLUMN]
        if not present:
            self.ensure_schema()
            cols = ["{} bigserial PRIMARY KEY".format(quote_ident(KEY_COLUMN))]
            cols += ["{} {}".format(quote_ident(n), t) for n, t in wanted]
            if spatial:
                cols.append("{} geometry({}, {})".format(
                    quote_ident(GEOMETRY_COLUMN), QgsWkbTypes.displayString(QgsWkbTypes.flatType(wkb_type)),
                    int(srid)))
            self.execute("CREATE TABLE {} ({})".format(table_ident(self.target, table), ", ".join(cols)))
            # indexes once the rows are in (before the commit): faster than maintaining them per row
            if spatial:
                self._indexes.append("CREATE INDEX {} ON {} USING gist ({})".format(
                    quote_ident("{}_geom_idx".format(table)), table_ident(self.target, table),
                    quote_ident(GEOMETRY_COLUMN)))
            if "round" in dict(wanted):
                self._indexes.append("CREATE INDEX {} ON {} ({})".format(
                    quote_ident("{}_round_idx".format(table)), table_ident(self.target, table),
                    quote_ident("round")))
            present = {KEY_COLUMN: "int8"}
            present.update({n: _UDT.get(t, "text") for n, t in wanted})
            if spatial:
                present[GEOMETRY_COLUMN] = "geometry"
        else:
            for n, t in wanted:
                if n not in present:
                    self.execute("ALTER TABLE {} ADD COLUMN {} {}".format(
                        table_ident(self.target, table), quote_ident(n), t))
                    present[n] = _UDT.get(t, "text")
        self._columns[table] = present
        return present

    def delete(self, table: str, where: str) -> None:
        if self.table_columns(table):
            self.execute("DELETE FROM {} WHERE {}".format(table_ident(self.target, table), where))

    def insert(self, table: str, fields: QgsFields, features: Iterable[QgsFeature], wkb_type=None,
               srid: int = 0, feedback=None, total: int = 0) -> int:
        """Insert ``features`` (made with ``fields``, or rows of any layer: matched by field name)
        into ``table`` in chunks of :data:`CHUNK_ROWS`; returns the number inserted."""
        present = self.table_columns(table)
        names = [f.name() for f in fields if f.name() != KEY_COLUMN and f.name() in present]
        index = [fields.indexOf(n) for n in names]
        spatial = GEOMETRY_COLUMN in present and wkb_type not in (None, QgsWkbTypes.NoGeometry)
        whole = len(index) == fields.count() and index == list(range(fields.count()))

        def rows():
            for feat in features:
                attrs = feat.attributes()
                if not whole:
                    attrs = [attrs[i] for i in index]
                # text and integers as they are (most values); NULL, NaN, dates … through _plain
                row = [v if (t := type(v)) is str or t is int else _plain(v) for v in attrs]
                if spatial:
                    row.append(bytes(feat.geometry().asWkb()).hex() if feat.hasGeometry() else None)
                yield row
        return self.insert_rows(table, names, rows(), QgsWkbTypes.isMultiType(wkb_type) if spatial else None,
                                srid, feedback, total)

    def insert_rows(self, table: str, names: Sequence[str], rows: Iterable[list], multi: Optional[bool],
                    srid: int = 0, feedback=None, total: int = 0, overlap: bool = False) -> int:
        """Insert ``rows`` (plain values of columns ``names``, then the hex WKB of the geometry when
        ``multi`` is not None: whether to make it multi-part) in chunks; returns the number inserted.
        ``overlap``: encode the next chunks in a worker thread while the server inserts one (the
        postgres provider releases the GIL while it waits); only for rows of plain Python values."""
        present = self.table_columns(table)
        targets = [quote_ident(n) for n in names]
        values = ["(r->>{})::{}".format(k, present[n]) for k, n in enumerate(names)]
        if multi is not None:
            targets.append(quote_ident(GEOMETRY_COLUMN))
            geom = "ST_SetSRID((r->>{})::geometry, {})".format(len(names), int(srid))
            values.append("ST_Multi({})".format(geom) if multi else geom)
        head = "INSERT INTO {} ({}) SELECT {} FROM jsonb_array_elements(".format(
            table_ident(self.target, table), ", ".join(targets), ", ".join(values))
        n = 0
        for size, sql in (_encoded_in_thread(head, rows) if overlap else _encoded(head, rows)):
            self.execute(sql)
            n += size
            if feedback is not None:
                if feedback.isCanceled():
                    raise StoreError(translate("LedgerStore",
                                               "Cancelled: nothing was written to the database."))
                if total:
                    feedback.setProgress(100.0 * n / total)
        return n

    def update_values(self, table: str, key: str, column: str, values: Dict[str, Any]) -> int:
        """``UPDATE table SET column = v WHERE key = k`` for every (k, v), in one statement per chunk."""
        items = list(values.items())
        kind = self.table_columns(table).get(column, "text")
        for start in range(0, len(items), CHUNK_ROWS):
            text = json.dumps(items[start:start + CHUNK_ROWS], ensure_ascii=False)
            self.execute("UPDATE {t} SET {c} = (v->>1)::{k} FROM json_array_elements($chj${j}$chj$::json) v "
                         "WHERE {t}.{key} = v->>0".format(
                             t=table_ident(self.target, table), c=quote_ident(column), k=kind, j=text,
                             key=quote_ident(key)))
        return len(items)

    # styles --------------------------------------------------------------------------------------------
    def save_style(self, table: str, qml: str, name: str, description: str, spatial: bool) -> None:
        """Store ``qml`` as the default style of ``table`` in QGIS's ``layer_styles`` table (the one
        QGIS reads when it opens the table: the first in the search path; created in ``public``
        when there is none)."""
        if not self._styles_ok:
            found = query(self.target, "SELECT to_regclass('layer_styles')::text")
            if not found or not found[0][0]:
                self.execute(LAYER_STYLES_DDL)
            self._styles_ok = True
        geom = quote_literal(GEOMETRY_COLUMN) if spatial else "NULL"
        where = ("f_table_catalog = current_database() AND f_table_schema = {} AND f_table_name = {}".format(
            quote_literal(self.target.schema), quote_literal(table)))
        self.execute("UPDATE layer_styles SET useasdefault = false WHERE {}".format(where))
        self.execute("DELETE FROM layer_styles WHERE {} AND stylename = {}".format(
            where, quote_literal(name)))
        self.execute(
            "INSERT INTO layer_styles (f_table_catalog, f_table_schema, f_table_name, f_geometry_column, "
            "stylename, styleqml, useasdefault, description, owner) VALUES (current_database(), {}, {}, {}, "
            "{}, XMLPARSE(DOCUMENT {}), true, {}, current_user)".format(
                quote_literal(self.target.schema), quote_literal(table), geom, quote_literal(name),
                quote_literal(qml), quote_literal(description)))


def read_style(target: Target, table: str) -> str:
    """QML of the default style of ``table`` ('' when there is none)."""
    try:
        rows = query(target, "SELECT styleqml::text FROM layer_styles WHERE "
                             "f_table_catalog = current_database() AND f_table_schema = {} "
                             "AND f_table_name = {} ORDER BY useasdefault DESC, "
                             "update_time DESC LIMIT 1".format(quote_literal(target.schema),
                                                               quote_literal(table)))
    except StoreError:
        return ""
    return rows[0][0] if rows and rows[0][0] else ""


def latest_round(target: Target, table: str) -> Optional[int]:
    if table not in tables(target):
        return None
    rows = query(target, 'SELECT MAX("round") FROM {}'.format(table_ident(target, table)))
    return int(rows[0][0]) if rows and rows[0][0] is not None else None


def counts(target: Target, names: Sequence[str]) -> Dict[str, int]:
    """Rows per table (tables that exist)."""
    present = set(tables(target))
    return {n: int(query(target, "SELECT count(*) FROM {}".format(table_ident(target, n)))[0][0])
            for n in names if n in present}


# --- either store: a ledger location (GeoPackage path or database) ------------------------------------
def ledger_tables(location: str) -> List[str]:
    """Tables of a ledger location ([] when the GeoPackage or the schema does not exist)."""
    if is_database(location):
        return tables(parse(location))
    from .io import existing_layers

    return existing_layers(location)


def ledger_exists(location: str) -> bool:
    """Whether the ledger is there: the GeoPackage file, or a schema with a ``problems`` table."""
    if is_database(location):
        return "problems" in ledger_tables(location)
    import os

    return bool(location) and os.path.exists(location)


def ledger_uri(location: str, table: str, subset: str = "") -> str:
    """The layer URI of a ledger table: ``path|layername=x[|subset=…]``, or ``postgres://`` + the
    postgres provider URI (what :func:`layer_from_uri` and Processing open)."""
    if is_database(location):
        return processing_uri(parse(location), table, subset)
    return "{}|layername={}".format(location, table) + ("|subset=" + subset if subset else "")


def layer_from_uri(uri: str, title: str) -> QgsVectorLayer:
    """Open a URI of :func:`ledger_uri` (postgres or ogr)."""
    if uri.startswith("postgres://") and "table=" in uri:
        return QgsVectorLayer(uri[len("postgres://"):], title, "postgres")
    return QgsVectorLayer(uri, title, "ogr")


def ledger_layer(location: str, table: str, subset: str = "", title: str = "") -> QgsVectorLayer:
    """A ledger table as a vector layer (``subset``: an SQL/OGR filter such as ``"round" = 2025``)."""
    return layer_from_uri(ledger_uri(location, table, subset), title or table)


def load_geopackage(path: str, target: Target, feedback=None,
                    layers: Optional[Sequence[str]] = None) -> Dict[str, int]:
    """Copy the tables of a ledger GeoPackage (all, or ``layers``) and their default styles into
    ``target`` in one transaction; a table that exists gets its rows of the copied rounds replaced
    (all its rows when it has no ``round``). Returns rows written per table.

    The rows are read with sqlite3 (the GeoPackage geometry blob's header dropped: the rest is WKB),
    which is several times faster than a QGIS feature iterator; fields, geometry type and CRS come
    from the layer as QGIS opens it."""
    import os
    import sqlite3

    from .io import existing_layers

    names = [n for n in (layers or existing_layers(path)) if n != "layer_styles"]
    folder = os.path.dirname(os.path.abspath(path))
    written: Dict[str, int] = {}
    con = sqlite3.connect("file:{}?mode=ro".format(path), uri=True, check_same_thread=False)  # see overlap
    try:
        geometry_columns = dict(con.execute("SELECT table_name, column_name FROM gpkg_geometry_columns"))
        has_styles = con.execute("SELECT 1 FROM sqlite_master WHERE name = 'layer_styles'").fetchone()
        styles = con.execute("SELECT f_table_name, styleName, styleQML, description FROM layer_styles "
                             "WHERE useAsDefault").fetchall() if has_styles else []
        with Session(target, feedback) as db:
            for name in names:
                layer = QgsVectorLayer("{}|layername={}".format(path, name), name, "ogr")
                if not layer.isValid():
                    raise StoreError(translate("LedgerStore", "Cannot open {0} of {1}.").format(name, path))
                fields, wkb, srid = layer.fields(), layer.wkbType(), layer.crs().postgisSrid()
                total = layer.featureCount()
                del layer
                present = db.ensure_table(name, fields, wkb, srid)
                if "round" in present and fields.indexOf("round") >= 0:
                    sql = 'SELECT DISTINCT "round" FROM {} WHERE "round" IS NOT NULL'.format(
                        quote_ident(name))
                    rounds = [r[0] for r in con.execute(sql)]
                    if rounds:
                        db.delete(name, '"round" IN ({})'.format(",".join(str(int(r)) for r in rounds)))
                else:
                    db.delete(name, "true")
                columns = [f.name() for f in fields if f.name() != KEY_COLUMN and f.name() in present]
                geom_col = geometry_columns.get(name)
                spatial = bool(geom_col) and GEOMETRY_COLUMN in present
                select = ", ".join([quote_ident(c) for c in columns]
                                   + ([quote_ident(geom_col)] if spatial else []))
                cursor = con.execute("SELECT {} FROM {}".format(select, quote_ident(name)))
                path_index = columns.index("path") if name == "photos" and "path" in columns else -1
                rows = _gpkg_rows(cursor, spatial, path_index, folder)
                multi = QgsWkbTypes.isMultiType(wkb) if spatial else None
                written[name] = db.insert_rows(name, columns, rows, multi, srid, feedback, total,
                                               overlap=True)
            for table, style_name, qml, description in styles:
                if table in written and qml:
                    db.save_style(table, qml, style_name or table, description or "",
                                  GEOMETRY_COLUMN in db.table_columns(table))
    finally:
        con.close()
    return written


def _gpkg_rows(cursor, spatial: bool, path_index: int, folder: str):
    """Rows of a GeoPackage table as :meth:`Session.insert_rows` takes them: the geometry blob as hex
    WKB, relative photo paths made absolute (``path_index``). (SQLite stores no NaN: it is NULL.)"""
    if not spatial and path_index < 0:
        return cursor  # tuples of plain values: JSON arrays as they are
    if path_index < 0:
        return (raw[:-1] + ((_gpkg_wkb(raw[-1]).hex() if raw[-1] else None),) for raw in cursor)
    return _photo_rows(cursor, spatial, path_index, folder)


def _photo_rows(cursor, spatial: bool, path_index: int, folder: str):
    import os

    for raw in cursor:
        row = list(raw)
        if spatial:
            row[-1] = _gpkg_wkb(row[-1]).hex() if row[-1] else None
        if row[path_index] and not os.path.isabs(row[path_index]):
            row[path_index] = os.path.normpath(os.path.join(folder, row[path_index]))
        yield row


_ENVELOPE_BYTES = {0: 0, 1: 32, 2: 48, 3: 48, 4: 64}


def _gpkg_wkb(blob: bytes) -> bytes:
    """The WKB of a GeoPackage geometry blob (``GP``, version, flags, srs id, envelope, WKB)."""
    if blob[:2] != b"GP":
        return bytes(blob)
    flags = blob[3]
    return bytes(blob[8 + _ENVELOPE_BYTES.get((flags >> 1) & 0x07, 0):])


def replace_round(target: Target, table: str, fields: QgsFields, wkb_type, crs, features, round_no: int,
                  qml: str = "", title: str = "", feedback=None) -> int:
    """Replace the rows of ``round_no`` in ``table`` by ``features`` (one transaction), with the
    default style ``qml`` when given; the table is made when missing. Returns the rows written."""
    srid = crs.postgisSrid() if crs is not None and crs.isValid() else 0
    with Session(target, feedback) as db:
        db.ensure_table(table, fields, wkb_type, srid)
        db.delete(table, '"round" = {}'.format(int(round_no)))
        n = db.insert(table, fields, features, wkb_type, srid, feedback)
        if qml:
            db.save_style(table, qml, title or table, "CityHealth default style",
                          wkb_type not in (QgsWkbTypes.NoGeometry, QgsWkbTypes.Unknown))
    return n
