"""Whether a SQLite file's schema is exactly what this version's migrations make."""

from __future__ import annotations

import functools
import sqlite3
import tempfile
from pathlib import Path

from recordsdesk.storage import schema
from recordsdesk.storage.engine import build_engine

Entry = tuple[str, str, str, str]  # type, name, table, SQL


def _entries(connection: sqlite3.Connection) -> dict[tuple[str, str], Entry]:
    rows = connection.execute(
        "SELECT type, name, tbl_name, COALESCE(sql, '') FROM sqlite_master "
        "WHERE name NOT LIKE 'sqlite_%'"
    ).fetchall()
    return {(row[0], row[1]): (row[0], row[1], row[2], " ".join(row[3].split())) for row in rows}


@functools.cache
def reference_schema() -> dict[tuple[str, str], Entry]:
    """Tables, indexes, triggers and views of a new database migrated to head (made once)."""
    with tempfile.TemporaryDirectory(prefix="recordsdesk-schema-") as folder:
        path = Path(folder) / "reference.sqlite3"
        engine = build_engine(f"sqlite:///{path}")
        try:
            schema.upgrade(engine)
        finally:
            engine.dispose()
        connection = sqlite3.connect(path)
        try:
            return _entries(connection)
        finally:
            connection.close()


def schema_differences(connection: sqlite3.Connection) -> list[str]:
    """What differs from the migrations' schema, one phrase each; empty when identical."""
    found = _entries(connection)
    wanted = reference_schema()
    problems = []
    for key in sorted(found.keys() - wanted.keys()):
        problems.append(f"an extra {key[0]} '{key[1]}'")
    for key in sorted(wanted.keys() - found.keys()):
        problems.append(f"the {key[0]} '{key[1]}' is missing")
    for key in sorted(found.keys() & wanted.keys()):
        if found[key] != wanted[key]:
            problems.append(f"the {key[0]} '{key[1]}' is not as the migrations make it")
    return problems
