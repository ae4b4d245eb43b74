"""The schema's revision read and checked without loading Alembic, so that a command starts fast.

Alembic (storage/schema.py) stays the owner of the schema; this only answers "is the database
at this version's head?" from the migration files' own ``revision`` lines and the
``alembic_version`` table. When the answer is no, schema.py says why.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

from sqlalchemy import Engine, inspect, text

from recordsdesk.storage.unit_of_work import translated_errors

VERSIONS = Path(__file__).parent / "migrations" / "versions"
_REVISION = re.compile(r'^revision: str = "([^"]+)"', re.M)
_DOWN = re.compile(r'^down_revision: str \| None = "([^"]+)"', re.M)


@functools.cache
def head_revision() -> str | None:
    """The one revision no other migration builds on (None if there is not exactly one)."""
    revisions: set[str] = set()
    below: set[str] = set()
    for path in VERSIONS.glob("*.py"):
        source = path.read_text(encoding="utf-8")
        found = _REVISION.search(source)
        if found is None:
            continue
        revisions.add(found.group(1))
        down = _DOWN.search(source)
        if down is not None:
            below.add(down.group(1))
    heads = revisions - below
    return heads.pop() if len(heads) == 1 else None


def stored_revision(engine: Engine) -> str | None:
    """The revision the database says it is at (None: never migrated)."""
    with translated_errors(), engine.connect() as connection:
        if not inspect(connection).has_table("alembic_version"):
            return None
        return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()


def is_current(engine: Engine) -> bool:
    """Whether the database is at this version's head revision."""
    head = head_revision()
    return head is not None and stored_revision(engine) == head
