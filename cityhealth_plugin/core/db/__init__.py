"""The ledger in PostgreSQL/PostGIS: the SQL the database needs, generated in plain Python.

:mod:`.ddl` turns a table spec (name, python type fields, geometry) into idempotent DDL;
:mod:`.ledger` adds what makes the ledger a shared multi-user store: the append-only
``problem_history`` filled by a trigger, optimistic locking of ``problems`` by ``version``,
``department`` from the dispatch events, roles and row-level security per department, district
and technical team. Nothing here talks to a database (``processing/pg.py`` does).
"""
