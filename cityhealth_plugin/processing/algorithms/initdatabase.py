"""cityhealth:initdatabase — the shared ledger in PostgreSQL/PostGIS: tables, history, locking, roles."""

from __future__ import annotations

from typing import List, Set

from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsProcessingException,
    QgsProcessingOutputNumber,
    QgsProcessingOutputString,
    QgsProcessingParameterCrs,
    QgsProcessingParameterString,
)

from ...core import schema
from ...core.catalogue import load_catalogue
from ...core.closedloop.lifecycle import COORDINATOR
from ...core.db import ledger as db
from ...core.db.ddl import qualified, quote_ident, quote_literal
from ..base import CityHealthAlgorithm
from ..pg import PgError, connection_uri, describe, execute
from ..pg_tables import ledger_tables


class InitDatabaseAlgorithm(CityHealthAlgorithm):
    """Create or upgrade the ledger schema of a PostGIS database; never drops data."""

    ALG_ID = "initdatabase"
    GROUP = "ledger"

    DATABASE = "DATABASE"
    SCHEMA = "SCHEMA"
    CRS = "CRS"
    ROLES = "ROLES"
    TABLES = "TABLES"
    ROLE_NAMES = "ROLE_NAMES"

    def displayName(self) -> str:  # noqa: N802
        return self.tr("Initialise the ledger database (PostGIS)")

    def shortHelpString(self) -> str:  # noqa: N802
        return self.tr(
            "Creates the shared ledger in a PostgreSQL/PostGIS database, or upgrades it: run it again after "
            "a plugin update; it adds what is missing and never drops a table, a column or a row.\n\n"
            "DATABASE: a saved QGIS PostgreSQL connection name, a URI (postgresql://user@host:5432/db) or a "
            "connection string (host=… dbname=… user=…). The user must own the schema or be allowed to "
            "create it, and to create roles. SCHEMA (default cityhealth) receives the tables of the ledger "
            "GeoPackage: problems, photos, ledger_building … ledger_district, ledger_runs, problem_history, "
            "round_comparison, round_comparison_counts, with the primary key fid and the geometry column "
            "geom in the SRID of CRS, and role_scope.\n\n"
            "problem_history is append-only. Every change of problems.status (an algorithm, SQL or an edit "
            "in QGIS desktop) is recorded there by a trigger, with the login user; a history row appended "
            "by an algorithm (dispatch, import, reroute) is applied to problems (status, and the department "
            "for dispatch and reroute). problems.version protects against lost updates: an edit that sends "
            "the version it read is rejected, naming the problem, when someone changed it meanwhile.\n\n"
            "ROLES: one line per group role, «role = department:<department>», «role = district:"
            "<district_code>» or «role = tech». Empty: <schema>_tech, one <schema>_dept_<department> per "
            "department of the problem catalogue and of the data, one <schema>_district_<code> per district "
            "code of the problems. A department role sees and edits only the problems assigned to it, a "
            "district role sees the problems of its district, the technical team sees and edits "
            "everything. Grant the roles to login users: GRANT \"cityhealth_tech\" TO alice;")

    def initAlgorithm(self, config=None):  # noqa: N802
        self.addParameter(QgsProcessingParameterString(
            self.DATABASE, self.tr("Database (saved connection name, URI or connection string)")))
        self.addParameter(QgsProcessingParameterString(self.SCHEMA, self.tr("Schema"), "cityhealth"))
        self.addParameter(QgsProcessingParameterCrs(
            self.CRS, self.tr("CRS of the geometries"), schema.DEMO_CRS))
        self.addParameter(QgsProcessingParameterString(
            self.ROLES, self.tr("Roles (role = department:<name> | district:<code> | tech, one per line)"),
            "", multiLine=True, optional=True))
        self.addOutput(QgsProcessingOutputNumber(self.TABLES, self.tr("Tables")))
        self.addOutput(QgsProcessingOutputString(self.ROLE_NAMES, self.tr("Roles")))

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        target = self.parameterAsString(parameters, self.SCHEMA, context).strip()
        crs = self.parameterAsCrs(parameters, self.CRS, context)
        try:
            uri = connection_uri(self.parameterAsString(parameters, self.DATABASE, context))
            quote_ident(target)
            scopes = db.parse_scopes(self.parameterAsString(parameters, self.ROLES, context))
        except PgError as error:
            raise QgsProcessingException(str(error)) from None
        except ValueError as error:
            raise QgsProcessingException(
                self.tr("Invalid schema or role entry: «{0}».").format(error)) from None
        srid = self._srid(crs)
        try:
            feedback.pushInfo(self.tr("Database: {0}").format(describe(uri)))
            existing = self._existing(uri, target, srid)
            feedback.setProgress(20)
            if feedback.isCanceled():
                return {}
            scopes = self._scopes(uri, target, scopes, existing)
            tables = ledger_tables(load_catalogue())
            statements = db.init_statements(target, srid, tables, scopes)
            feedback.setProgress(40)
            if feedback.isCanceled():
                return {}
            execute(uri, db.script(statements))
        except PgError as error:
            raise QgsProcessingException(self.tr("The database refused: {0}").format(error)) from None
        feedback.setProgress(100)
        names = [s.role_name for s in scopes]
        feedback.pushInfo(self.tr(
            "Schema {0}: {1} tables ready ({2}), {3} roles with row-level security.").format(
            target, len(tables) + 1, self.tr("upgraded") if db.PROBLEMS in existing else self.tr("created"),
            len(names)))
        return {self.TABLES: len(tables) + 1, self.ROLE_NAMES: ",".join(names)}

    def _srid(self, crs: QgsCoordinateReferenceSystem) -> int:
        srid = crs.postgisSrid() if crs.isValid() else 0
        if not srid:
            raise QgsProcessingException(self.tr(
                "The CRS {0} has no PostGIS SRID: choose an EPSG CRS.").format(crs.authid() or "—"))
        return srid

    def _existing(self, uri: str, target: str, srid: int) -> Set[str]:
        """The tables the schema already holds (PostGIS must be available; the SRID must agree)."""
        # on a connection of its own (another conninfo, so another pool entry): QGIS remembers per
        # pooled connection whether PostGIS was there when it connected
        own = uri + " application_name=cityhealth_initdatabase"
        available = execute(
            own, "SELECT count(*) FROM pg_catalog.pg_available_extensions WHERE name = 'postgis'")
        if not available or not available[0][0]:
            raise QgsProcessingException(self.tr(
                "PostGIS is not installed on the database server (Debian: apt-get install "
                "postgresql-15-postgis-3)."))
        execute(own, "CREATE EXTENSION IF NOT EXISTS postgis")
        found = {r[0] for r in execute(uri, "SELECT tablename FROM pg_catalog.pg_tables "
                                            "WHERE schemaname = {}".format(quote_literal(target)))}
        if db.PROBLEMS in found:
            rows = execute(uri, "SELECT srid FROM public.geometry_columns WHERE f_table_schema = {} "
                                "AND f_table_name = {} AND f_geometry_column = 'geom'".format(
                                    quote_literal(target), quote_literal(db.PROBLEMS)))
            if rows and rows[0][0] and int(rows[0][0]) != srid:
                raise QgsProcessingException(self.tr(
                    "The schema {0} already holds geometries in EPSG:{1}, not EPSG:{2}: choose that CRS or "
                    "another schema.").format(target, rows[0][0], srid))
        return found

    def _scopes(self, uri: str, target: str, given: List[db.Scope], existing) -> List[db.Scope]:
        """The roles to create: given ones, else derived; roles of an earlier run are kept."""
        old: List[db.Scope] = []
        departments = [p.responsible for p in load_catalogue().problems] + [COORDINATOR]
        districts: List[str] = []
        table = lambda name: qualified(target, name)  # noqa: E731
        if db.ROLE_SCOPE in existing:
            rows = execute(uri, "SELECT role_name, kind, coalesce(department, ''), "
                                "coalesce(district_code, '') FROM {}".format(table(db.ROLE_SCOPE)))
            old = [db.Scope(*[str(v) for v in row]) for row in rows]
        for name, column in ((db.PROBLEMS, "department"), (db.HISTORY, "department"),
                             (db.PROBLEMS, "district_code")):
            if name in existing and self._has_column(uri, target, name, column):
                values = [r[0] for r in execute(uri, "SELECT DISTINCT {c} FROM {t} WHERE {c} IS NOT NULL".
                                                format(c=quote_ident(column), t=table(name)))]
                (districts if column == "district_code" else departments).extend(values)
        new = given or db.default_scopes(target, departments, districts)
        names = {s.role_name for s in new}
        return new + [s for s in old if s.role_name not in names]

    @staticmethod
    def _has_column(uri: str, target: str, table: str, column: str) -> bool:
        return bool(execute(uri, "SELECT 1 FROM information_schema.columns WHERE table_schema = {} AND "
                                 "table_name = {} AND column_name = {}".format(
                                     quote_literal(target), quote_literal(table), quote_literal(column))))
