"""PostgreSQL roles: an owner that migrates, and a desk role that can never rewrite history."""

from __future__ import annotations

import re

from sqlalchemy import Connection

from recordsdesk.domain.errors import InvalidInput
from recordsdesk.storage.chain import APPEND_ONLY

_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")


def _checked(name: str) -> str:
    if not _NAME.match(name):
        raise InvalidInput(
            f"'{name}' cannot name a role: lower-case letters, digits and '_', up to 63."
        )
    return name


def create_roles(conn: Connection, owner: str, desk: str) -> list[str]:
    """Create (if need be) and grant the two roles on the connected database; what was done.

    The owner owns the schema and every table, so it runs migrations. The desk role reads and
    writes the records but may only INSERT into the history tables: it holds no UPDATE,
    DELETE or TRUNCATE there, and the triggers refuse those to everyone, the owner too.
    """
    if conn.dialect.name != "postgresql":
        raise InvalidInput("Roles are for PostgreSQL; a SQLite file has its own triggers.")
    owner, desk = _checked(owner), _checked(desk)
    if owner == desk:
        raise InvalidInput("The owner and the desk role must be two different roles.")
    done = []
    database = conn.exec_driver_sql("SELECT current_database()").scalar_one()
    for role in (owner, desk):
        exists = conn.exec_driver_sql(
            "SELECT 1 FROM pg_roles WHERE rolname = %(r)s", {"r": role}
        ).first()
        if exists is None:
            conn.exec_driver_sql(f'CREATE ROLE "{role}" LOGIN')
            done.append(f"created role {role}")
    conn.exec_driver_sql(f'GRANT CONNECT ON DATABASE "{database}" TO "{owner}", "{desk}"')
    conn.exec_driver_sql(f'ALTER SCHEMA public OWNER TO "{owner}"')
    tables = conn.exec_driver_sql(
        "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
    ).scalars()
    for table in list(tables):
        conn.exec_driver_sql(f'ALTER TABLE public."{table}" OWNER TO "{owner}"')
    conn.exec_driver_sql(
        "DO $$ BEGIN IF EXISTS (SELECT 1 FROM pg_proc WHERE proname = "
        f"'recordsdesk_refuse_change') THEN ALTER FUNCTION recordsdesk_refuse_change() OWNER TO "
        f'"{owner}"; END IF; END $$'
    )
    done.append(f"{owner} owns the schema and its tables")
    conn.exec_driver_sql(f'GRANT USAGE ON SCHEMA public TO "{desk}"')
    conn.exec_driver_sql(
        f'GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO "{desk}"'
    )
    conn.exec_driver_sql(f'GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO "{desk}"')
    history = ", ".join(f"public.{t}" for t in APPEND_ONLY)
    conn.exec_driver_sql(f'REVOKE UPDATE, DELETE, TRUNCATE ON {history} FROM "{desk}"')
    conn.exec_driver_sql(
        f'REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON public.alembic_version FROM "{desk}"'
    )
    for grant in (
        "GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES",
        "GRANT USAGE, SELECT ON SEQUENCES",
    ):
        conn.exec_driver_sql(
            f'ALTER DEFAULT PRIVILEGES FOR ROLE "{owner}" IN SCHEMA public {grant} TO "{desk}"'
        )
    done.append(f"{desk} may read and write records, and only add to {', '.join(APPEND_ONLY)}")
    return done
