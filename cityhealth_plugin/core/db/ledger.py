"""What makes the PostGIS ledger a shared store for five parties: history, locking, roles.

* ``problem_history`` is append-only: UPDATE, DELETE and TRUNCATE are revoked and a trigger
  rejects them even for the owner.
* Every change of ``problems.status`` — an algorithm, SQL, or an edit in QGIS desktop — writes a
  history row (event ``edit``, ``changed_by`` = the login role) by a trigger on ``problems``.
  The other way round, an algorithm that appends a history row (dispatch, import, reroute) gets
  it applied to ``problems`` by a trigger on ``problem_history``: ``status`` := ``to_status``,
  and for dispatch / reroute ``department`` := the row's department. A change is recorded once:
  the trigger fired by the other trigger does nothing (``pg_trigger_depth() > 1``).
* Optimistic locking: ``problems.version`` starts at 1 and every UPDATE increments it. A writer
  that sends the version it read (``SET status = …, version = <read>``) is rejected with
  :data:`CONFLICT_SQLSTATE` and a message naming the problem when someone else changed the
  problem since; an UPDATE that does not mention ``version`` is never rejected.
* Roles: ``role_scope(role_name, kind, department, district_code)`` maps NOLOGIN group roles to
  what they see. ``department`` roles see and edit the problems whose ``department`` is theirs;
  ``district`` roles see the problems of their ``district_code`` (read only); ``tech`` roles see
  and edit everything. Row-level security on ``problems`` and on the tables keyed by
  ``problem_uid``; the ledger roll-ups are readable by every role. Login users are made members
  of the group roles by the database administrator (``GRANT "cityhealth_dept_…" TO alice``).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from typing import Iterable, List, Sequence

from ..closedloop import lifecycle
from .ddl import MAX_IDENTIFIER_BYTES, TableSpec, qualified, quote_ident, quote_literal, schema_statements

PROBLEMS = "problems"
HISTORY = "problem_history"
ROLE_SCOPE = "role_scope"
#: Columns the database adds to ``problems`` (besides the ledger's fields).
PROBLEM_DB_FIELDS = (("department", str), ("version", int))
#: History event written by the trigger for a direct change of ``problems.status``.
EVENT_EDIT = "edit"
#: History events that assign a problem to the row's department.
ASSIGNING_EVENTS = ("dispatch", "reroute")
#: SQLSTATE of a rejected stale edit (serialization_failure: clients may retry after reloading).
CONFLICT_SQLSTATE = "40001"
#: Words of the stale-edit message (bilingual: it reaches QGIS desktop users untranslated).
CONFLICT_MESSAGE = ("问题 %s 已被他人修改（您的修改基于第 %s 版，台账现为第 %s 版），请重新加载后再改。"
                    " Problem %s was changed by someone else (your edit is based on version %s, "
                    "the ledger is at version %s): reload it and edit again.")
#: A history row (an import, a dispatch) that starts from another status than the problem now has:
#: someone changed the problem since the algorithm read it; the whole run is refused, nothing lost.
STALE_STATUS_MESSAGE = ("问题 %s 已被他人修改（本次导入基于状态「%s」，台账现为「%s」），本次写入已全部撤销，"
                        "请重新运行。 Problem %s was changed by someone else meanwhile (this change starts "
                        "from «%s», the ledger now says «%s»): nothing of this run was written; "
                        "run it again.")
APPEND_ONLY_MESSAGE = ("problem_history 只能追加，不能修改或删除。"
                       " problem_history is append-only: rows cannot be changed or deleted.")
KINDS = ("department", "district", "tech")


@dataclass(frozen=True)
class Scope:
    """A group role and what it sees: ``kind`` department | district | tech."""

    role_name: str
    kind: str
    department: str = ""
    district_code: str = ""


def role_name(prefix: str, kind: str, value: str = "") -> str:
    """The group role of a scope: ``<prefix>_tech``, ``<prefix>_dept_<department>``,
    ``<prefix>_district_<code>`` (shortened with a hash when longer than 63 bytes)."""
    if kind == "tech":
        name = "{}_tech".format(prefix)
    elif kind == "department":
        name = "{}_dept_{}".format(prefix, value)
    elif kind == "district":
        name = "{}_district_{}".format(prefix, value)
    else:
        raise ValueError(kind)
    if len(name.encode("utf-8")) > MAX_IDENTIFIER_BYTES:
        digest = hashlib.sha1(name.encode("utf-8")).hexdigest()[:8]
        keep = name.encode("utf-8")[:MAX_IDENTIFIER_BYTES - 9].decode("utf-8", "ignore")
        name = "{}_{}".format(keep, digest)
    return name


def default_scopes(prefix: str, departments: Iterable[str], districts: Iterable[str]) -> List[Scope]:
    """The technical team, one role per department and one per district code (sorted, no blanks)."""
    out = [Scope(role_name(prefix, "tech"), "tech")]
    out += [Scope(role_name(prefix, "department", d), "department", department=d)
            for d in sorted({(d or "").strip() for d in departments} - {""})]
    out += [Scope(role_name(prefix, "district", c), "district", district_code=c)
            for c in sorted({(c or "").strip() for c in districts} - {""})]
    return out


_ENTRY = re.compile(r"^\s*([^=]+?)\s*=\s*(department|district|tech)\s*(?::\s*(.*?))?\s*$")


def parse_scopes(text: str) -> List[Scope]:
    """Scopes written one per line (or ``;``-separated): ``role = department:住建局``,
    ``role = district:150502``, ``role = tech``. ``ValueError`` names a bad entry."""
    out: List[Scope] = []
    for entry in re.split(r"[;\n]", text or ""):
        if not entry.strip():
            continue
        match = _ENTRY.match(entry)
        if not match:
            raise ValueError(entry.strip())
        name, kind, value = match.group(1), match.group(2), (match.group(3) or "").strip()
        if kind != "tech" and not value:
            raise ValueError(entry.strip())
        quote_ident(name)  # raises on a name PostgreSQL cannot take
        out.append(Scope(name, kind, department=value if kind == "department" else "",
                         district_code=value if kind == "district" else ""))
    return out


def role_scope_spec() -> TableSpec:
    return TableSpec(ROLE_SCOPE, (("role_name", str), ("kind", str), ("department", str),
                                  ("district_code", str)))


def with_db_fields(spec: TableSpec) -> TableSpec:
    """The ``problems`` spec with ``department`` and ``version`` (default 1) appended."""
    names = spec.column_names()
    fields = tuple(spec.fields) + tuple(f for f in PROBLEM_DB_FIELDS if f[0] not in names)
    return TableSpec(spec.name, fields, spec.geometry, dict(spec.defaults, version="1"))


# ------------------------------------------------------------------ triggers ---------------------
def _function(schema: str, name: str, body: str, definer: bool = False) -> str:
    return ("CREATE OR REPLACE FUNCTION {}() RETURNS trigger LANGUAGE plpgsql{} "
            "SET search_path = pg_catalog, public AS $fn$\n{}\n$fn$").format(
                qualified(schema, name), " SECURITY DEFINER" if definer else "", body)


def _lifecycle_state(expression: str) -> str:
    """SQL of the lifecycle state a ``problems.status`` value stands for (the closed loop's rule,
    core/closedloop/lifecycle.py REPORT_MAPPING: empty or 未整改 is 待派单; a state stands for itself)."""
    found = [k for k, v in lifecycle.REPORT_MAPPING.items() if v == lifecycle.FOUND]
    return "CASE WHEN coalesce({e}, '') IN ({keys}) THEN {found} ELSE {e} END".format(
        e=expression, keys=", ".join(quote_literal(k) for k in found), found=quote_literal(lifecycle.FOUND))


def trigger_statements(schema: str, history_columns: Sequence[str]) -> List[str]:
    """Functions and triggers: version check, history on status change, history applied, append-only."""
    problems, history = qualified(schema, PROBLEMS), qualified(schema, HISTORY)
    msg = quote_literal(CONFLICT_MESSAGE)
    version = """BEGIN
  IF TG_OP = 'INSERT' THEN
    NEW.version := coalesce(NEW.version, 1);
    RETURN NEW;
  END IF;
  IF NEW.version IS DISTINCT FROM OLD.version THEN
    RAISE EXCEPTION USING ERRCODE = '{state}', MESSAGE = format({msg}, OLD.problem_uid, NEW.version,
      OLD.version, OLD.problem_uid, NEW.version, OLD.version);
  END IF;
  NEW.version := coalesce(OLD.version, 0) + 1;
  RETURN NEW;
END""".format(state=CONFLICT_SQLSTATE, msg=msg)
    values = {"problem_uid": "NEW.problem_uid", "round": "NEW.round",
              "from_status": "coalesce(OLD.status, '')", "to_status": "coalesce(NEW.status, '')",
              "changed_date": "to_char(current_date, 'YYYY-MM-DD')", "changed_by": "session_user",
              "department": "coalesce(NEW.department, '')", "event": quote_literal(EVENT_EDIT),
              "imported_at": "to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS')"}
    cols = [c for c in history_columns if c in values]
    record = """BEGIN
  IF pg_trigger_depth() > 1 THEN RETURN NULL; END IF;  -- applied from a history row: already recorded
  INSERT INTO {history} ({cols}) VALUES ({vals});
  RETURN NULL;
END""".format(history=history, cols=", ".join(quote_ident(c) for c in cols),
              vals=", ".join(values[c] for c in cols))
    new_status = "CASE WHEN coalesce(NEW.to_status, '') <> '' THEN NEW.to_status ELSE p.status END"
    new_department = ("CASE WHEN NEW.event IN ({}) AND coalesce(NEW.department, '') <> '' "
                      "THEN NEW.department ELSE p.department END").format(
                          ", ".join(quote_literal(e) for e in ASSIGNING_EVENTS))
    # FOR UPDATE waits for a concurrent writer of the same problem and then reads what it committed:
    # a change based on a status that is no longer the problem's is a lost update, refused
    apply = """DECLARE current_status text; from_state text; now_state text;
BEGIN
  IF pg_trigger_depth() > 1 THEN RETURN NULL; END IF;  -- written by the status trigger
  SELECT coalesce(status, '') INTO current_status FROM {problems}
  WHERE problem_uid = NEW.problem_uid FOR UPDATE;
  from_state := ({same_from});
  now_state := ({same_now});
  IF FOUND AND coalesce(NEW.to_status, '') <> '' AND coalesce(NEW.from_status, '') <> ''
     AND from_state IS DISTINCT FROM now_state THEN
    RAISE EXCEPTION USING ERRCODE = '{state}', MESSAGE = format({stale}, NEW.problem_uid, NEW.from_status,
      current_status, NEW.problem_uid, NEW.from_status, current_status);
  END IF;
  UPDATE {problems} p SET status = {status}, department = {department}
  WHERE p.problem_uid = NEW.problem_uid
    AND (p.status IS DISTINCT FROM {status} OR p.department IS DISTINCT FROM {department});
  RETURN NULL;
END""".format(problems=problems, status=new_status, department=new_department, state=CONFLICT_SQLSTATE,
              stale=quote_literal(STALE_STATUS_MESSAGE), same_from=_lifecycle_state("NEW.from_status"),
              same_now=_lifecycle_state("current_status"))
    append_only = """BEGIN
  RAISE EXCEPTION USING ERRCODE = '42501', MESSAGE = {msg};
END""".format(msg=quote_literal(APPEND_ONLY_MESSAGE))
    return [
        _function(schema, "problems_version", version),
        _function(schema, "problems_record_status", record, definer=True),
        _function(schema, "history_apply", apply, definer=True),
        _function(schema, "history_append_only", append_only),
        "CREATE OR REPLACE TRIGGER problems_version BEFORE INSERT OR UPDATE ON {} FOR EACH ROW "
        "EXECUTE FUNCTION {}()".format(problems, qualified(schema, "problems_version")),
        "CREATE OR REPLACE TRIGGER problems_record_status AFTER UPDATE OF status ON {} FOR EACH ROW "
        "WHEN (OLD.status IS DISTINCT FROM NEW.status) EXECUTE FUNCTION {}()".format(
            problems, qualified(schema, "problems_record_status")),
        "CREATE OR REPLACE TRIGGER history_apply AFTER INSERT ON {} FOR EACH ROW "
        "EXECUTE FUNCTION {}()".format(history, qualified(schema, "history_apply")),
        "CREATE OR REPLACE TRIGGER history_append_only BEFORE UPDATE OR DELETE ON {} FOR EACH ROW "
        "EXECUTE FUNCTION {}()".format(history, qualified(schema, "history_append_only")),
        "CREATE OR REPLACE TRIGGER history_no_truncate BEFORE TRUNCATE ON {} FOR EACH STATEMENT "
        "EXECUTE FUNCTION {}()".format(history, qualified(schema, "history_append_only")),
    ]


def backfill_department_statement(schema: str) -> str:
    """Problems whose department differs from their last dispatch / reroute get it (re-runs)."""
    return """UPDATE {problems} p SET department = h.department FROM (
  SELECT DISTINCT ON (problem_uid) problem_uid, department FROM {history}
  WHERE event IN ({events}) AND coalesce(department, '') <> '' ORDER BY problem_uid, fid DESC) h
WHERE p.problem_uid = h.problem_uid AND p.department IS DISTINCT FROM h.department""".format(
        problems=qualified(schema, PROBLEMS), history=qualified(schema, HISTORY),
        events=", ".join(quote_literal(e) for e in ASSIGNING_EVENTS))


# ------------------------------------------------------------------ roles and row-level security --
def _create_role(name: str) -> str:
    return ("DO $do$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = {lit}) "
            "THEN CREATE ROLE {ident} NOLOGIN; END IF; END $do$").format(
                lit=quote_literal(name), ident=quote_ident(name))


def _scope_filter(schema: str, kind: str, column: str = "") -> str:
    mine = ("SELECT s.{col} FROM {scope} s JOIN pg_catalog.pg_roles r ON r.rolname = s.role_name "
            "WHERE s.kind = {kind} AND pg_catalog.pg_has_role(r.oid, 'MEMBER')")
    if column:
        return "{} IN ({})".format(quote_ident(column), mine.format(
            col=quote_ident(column), scope=qualified(schema, ROLE_SCOPE), kind=quote_literal(kind)))
    return "EXISTS ({})".format(mine.format(col="role_name", scope=qualified(schema, ROLE_SCOPE),
                                            kind=quote_literal(kind)))


def _policy(schema: str, table: str, name: str, command: str, using: str, check: str = "") -> List[str]:
    target = qualified(schema, table)
    sql = "CREATE POLICY {} ON {} FOR {}".format(quote_ident(name), target, command)
    if using:
        sql += " USING ({})".format(using)
    if check:
        sql += " WITH CHECK ({})".format(check)
    return ["DROP POLICY IF EXISTS {} ON {}".format(quote_ident(name), target), sql]


def access_statements(schema: str, scopes: Sequence[Scope], tables: Sequence[TableSpec]) -> List[str]:
    """Group roles, the ``role_scope`` rows, privileges and row-level security policies."""
    out: List[str] = []
    scope_table = qualified(schema, ROLE_SCOPE)
    out.append("CREATE UNIQUE INDEX IF NOT EXISTS {} ON {} (role_name)".format(
        quote_ident("role_scope_role_name_key"), scope_table))
    for scope in scopes:
        if scope.kind not in KINDS:
            raise ValueError(scope.kind)
        out.append(_create_role(scope.role_name))
        out.append(("INSERT INTO {t} (role_name, kind, department, district_code) "
                    "VALUES ({r}, {k}, {d}, {c}) ON CONFLICT (role_name) DO UPDATE SET kind = EXCLUDED.kind, "
                    "department = EXCLUDED.department, district_code = EXCLUDED.district_code").format(
                        t=scope_table, r=quote_literal(scope.role_name), k=quote_literal(scope.kind),
                        d=quote_literal(scope.department or None),
                        c=quote_literal(scope.district_code or None)))
    everyone = ", ".join(quote_ident(s.role_name) for s in scopes)
    editors = ", ".join(quote_ident(s.role_name) for s in scopes if s.kind in ("department", "tech"))
    techs = ", ".join(quote_ident(s.role_name) for s in scopes if s.kind == "tech")
    names = [t.name for t in tables]
    problems, history = qualified(schema, PROBLEMS), qualified(schema, HISTORY)
    out.append("REVOKE UPDATE, DELETE, TRUNCATE ON {} FROM PUBLIC".format(history))
    if everyone:
        out.append("GRANT USAGE ON SCHEMA {} TO {}".format(quote_ident(schema), everyone))
        out.append("GRANT SELECT ON {} TO {}".format(
            ", ".join(qualified(schema, n) for n in names + [ROLE_SCOPE]), everyone))
        out.append("REVOKE UPDATE, DELETE, TRUNCATE ON {} FROM {}".format(history, everyone))
    if editors:
        out.append("GRANT UPDATE ON {} TO {}".format(problems, editors))
        out.append("GRANT INSERT ON {} TO {}".format(history, editors))
        out.append("GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {} TO {}".format(
            quote_ident(schema), editors))
    if techs:
        writable = [qualified(schema, n) for n in names if n != HISTORY]
        out.append("GRANT INSERT, UPDATE, DELETE ON {} TO {}".format(", ".join(writable), techs))
    # QGIS's styles: every role reads them (layers open styled); the technical team saves them
    # (buildledger writes the default styles; PostgreSQL 15 lets no one else create it in public)
    out.append(LAYER_STYLES_DDL)
    if everyone:
        out.append("GRANT SELECT ON public.layer_styles TO {}".format(everyone))
    if techs:
        out.append("GRANT INSERT, UPDATE, DELETE ON public.layer_styles TO {}".format(techs))
        out.append("GRANT USAGE, SELECT ON SEQUENCE public.layer_styles_id_seq TO {}".format(techs))
    tech = _scope_filter(schema, "tech")
    mine = "{} OR {}".format(_scope_filter(schema, "department", "department"), tech)
    sees = "{} OR {}".format(_scope_filter(schema, "district", "district_code"), mine)
    out.append("ALTER TABLE {} ENABLE ROW LEVEL SECURITY".format(problems))
    out += _policy(schema, PROBLEMS, "problems_read", "SELECT", sees)
    out += _policy(schema, PROBLEMS, "problems_edit", "UPDATE", mine, mine)
    out += _policy(schema, PROBLEMS, "problems_tech", "ALL", tech, tech)
    for spec in tables:
        if spec.name == PROBLEMS or "problem_uid" not in spec.column_names():
            continue
        visible = "EXISTS (SELECT 1 FROM {} p WHERE p.problem_uid = {}.problem_uid)".format(
            problems, qualified(schema, spec.name))
        out.append("ALTER TABLE {} ENABLE ROW LEVEL SECURITY".format(qualified(schema, spec.name)))
        out += _policy(schema, spec.name, spec.name + "_read", "SELECT", visible)
        out += _policy(schema, spec.name, spec.name + "_tech", "ALL", tech, tech)
        if spec.name == HISTORY:
            out += _policy(schema, spec.name, spec.name + "_append", "INSERT", "", visible)
    return out


#: QGIS's own layer_styles table (as QGIS 3.22 creates it when it saves a style in PostgreSQL).
LAYER_STYLES_DDL = (
    "CREATE TABLE IF NOT EXISTS public.layer_styles (id SERIAL PRIMARY KEY, f_table_catalog varchar, "
    "f_table_schema varchar, f_table_name varchar, f_geometry_column varchar, stylename text, "
    "styleqml xml, stylesld xml, "
    "useasdefault boolean, description text, owner varchar(63) DEFAULT CURRENT_USER, ui xml, "
    "update_time timestamp DEFAULT CURRENT_TIMESTAMP, type varchar)")


def init_statements(schema: str, srid: int, tables: Sequence[TableSpec],
                    scopes: Sequence[Scope]) -> List[str]:
    """Every statement of ``cityhealth:initdatabase``, in order; safe to run again."""
    specs = [with_db_fields(t) if t.name == PROBLEMS else t for t in tables]
    names = [t.name for t in specs]
    for needed in (PROBLEMS, HISTORY):
        if needed not in names:
            raise ValueError("the ledger needs a {} table".format(needed))
    history = next(t for t in specs if t.name == HISTORY)
    out = ["CREATE EXTENSION IF NOT EXISTS postgis"]
    out += schema_statements(schema, list(specs) + [role_scope_spec()], srid)
    out += trigger_statements(schema, history.column_names())
    out.append(backfill_department_statement(schema))
    out += access_statements(schema, scopes, specs)
    return out


def script(statements: Sequence[str]) -> str:
    """One string of ``statements``: sent at once it runs in one implicit transaction (all or nothing)."""
    return ";\n".join(statements) + ";"
