"""Idempotent PostgreSQL DDL for a table spec: re-running it upgrades, never drops.

A table is created with its primary key ``fid`` (bigserial) only, then every column is added with
``ADD COLUMN IF NOT EXISTS``: the same statements create a new table, add the columns a newer
plugin needs to an old one, and leave rows (and columns of others) alone. Tables with a geometry
get a PostGIS column ``geom`` of the spec's type and SRID and a GiST index.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Dict, List, Sequence, Tuple

#: Primary key and geometry column of every ledger table (the contract with QGIS's postgres provider).
PK = "fid"
GEOM = "geom"
#: Columns indexed wherever a table has them (look-ups and joins of the ledger).
INDEXED_COLUMNS = ("problem_uid", "round", "compound_id", "building_id", "district_code", "department")
#: Geometry types a spec may name (PostGIS typmod spelling).
GEOMETRY_TYPES = ("Point", "MultiPoint", "LineString", "MultiLineString", "Polygon", "MultiPolygon")

_PG_TYPES = {str: "text", int: "integer", "int64": "bigint", float: "double precision", bool: "boolean"}
MAX_IDENTIFIER_BYTES = 63


@dataclass(frozen=True)
class TableSpec:
    """A ledger table: ``fields`` (name, python type) in order, ``geometry`` type or "" for none,
    ``defaults`` SQL default expressions by column name."""

    name: str
    fields: Tuple[Tuple[str, object], ...]
    geometry: str = ""
    defaults: Dict[str, str] = field(default_factory=dict)

    def column_names(self) -> List[str]:
        return [name for name, _t in self.fields]


def quote_ident(name: str) -> str:
    """``name`` as a quoted SQL identifier (any text, Chinese included)."""
    if not name or "\x00" in name:
        raise ValueError("empty or invalid SQL identifier: {!r}".format(name))
    if len(name.encode("utf-8")) > MAX_IDENTIFIER_BYTES:
        raise ValueError("SQL identifier longer than 63 bytes: {!r}".format(name))
    return '"' + name.replace('"', '""') + '"'


def quote_literal(value) -> str:
    """A SQL literal: NULL, a number, or a quoted string (standard_conforming_strings)."""
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, (int, float)):
        return repr(value)
    text = str(value)
    if "\x00" in text:
        raise ValueError("NUL character in SQL literal")
    return "'" + text.replace("'", "''") + "'"


def qualified(schema: str, name: str) -> str:
    return quote_ident(schema) + "." + quote_ident(name)


def pg_type(python_type) -> str:
    """The PostgreSQL column type of a spec's python type (str, int, "int64", float, bool)."""
    try:
        return _PG_TYPES[python_type]
    except KeyError:
        raise ValueError("no PostgreSQL type for {!r}".format(python_type)) from None


def index_name(table: str, column: str) -> str:
    """``<table>_<column>_idx``; too long for PostgreSQL, a hash of it (still unique per schema)."""
    name = "{}_{}_idx".format(table, column)
    if len(name.encode("utf-8")) <= MAX_IDENTIFIER_BYTES:
        return name
    return "idx_" + hashlib.sha1(name.encode("utf-8")).hexdigest()[:24]


def table_statements(schema: str, spec: TableSpec, srid: int) -> List[str]:
    """CREATE TABLE IF NOT EXISTS + ADD COLUMN IF NOT EXISTS + indexes for ``spec``."""
    table = qualified(schema, spec.name)
    out = ["CREATE TABLE IF NOT EXISTS {} ({} bigserial PRIMARY KEY)".format(table, quote_ident(PK))]
    for name, python_type in spec.fields:
        if name in (PK, GEOM):
            raise ValueError("{}: the column name {} is reserved".format(spec.name, name))
        default = spec.defaults.get(name)
        out.append("ALTER TABLE {} ADD COLUMN IF NOT EXISTS {} {}{}".format(
            table, quote_ident(name), pg_type(python_type), " DEFAULT " + default if default else ""))
    if spec.geometry:
        if spec.geometry not in GEOMETRY_TYPES:
            raise ValueError("{}: unknown geometry type {}".format(spec.name, spec.geometry))
        out.append("ALTER TABLE {} ADD COLUMN IF NOT EXISTS {} geometry({}, {:d})".format(
            table, quote_ident(GEOM), spec.geometry, int(srid)))
        out.append("CREATE INDEX IF NOT EXISTS {} ON {} USING gist ({})".format(
            quote_ident(index_name(spec.name, GEOM)), table, quote_ident(GEOM)))
    names = spec.column_names()
    for column in INDEXED_COLUMNS:
        if column in names:
            out.append("CREATE INDEX IF NOT EXISTS {} ON {} ({})".format(
                quote_ident(index_name(spec.name, column)), table, quote_ident(column)))
    return out


def schema_statements(schema: str, specs: Sequence[TableSpec], srid: int) -> List[str]:
    """The schema and every table of ``specs`` (PostGIS must be installed in the database)."""
    out = ["CREATE SCHEMA IF NOT EXISTS {}".format(quote_ident(schema))]
    seen = set()
    for spec in specs:
        if spec.name in seen:
            raise ValueError("table {} specified twice".format(spec.name))
        seen.add(spec.name)
        out.extend(table_statements(schema, spec, srid))
    return out
