"""Creating and upgrading the schema with Alembic, on SQLite and PostgreSQL alike."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

from recordsdesk.domain.errors import Unavailable
from recordsdesk.storage.unit_of_work import translated_errors

MIGRATIONS = Path(__file__).parent / "migrations"


def _config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def _migrate(engine: Engine, step: Callable[[Config], None]) -> None:
    """Run one Alembic command in one transaction.

    SQLite rebuilds a table to alter it; with foreign keys enforced, dropping the old copy of a
    referenced table fails. So they are switched off for the migration (outside the transaction,
    where SQLite honours it), checked before commit, and switched on again.
    """
    config = _config()
    with translated_errors(), engine.connect() as connection:
        sqlite = connection.dialect.name == "sqlite"
        if sqlite:
            connection.connection.driver_connection.execute("PRAGMA foreign_keys=OFF")  # type: ignore[union-attr]
        try:
            with connection.begin():
                config.attributes["connection"] = connection
                step(config)
                if sqlite:
                    broken = connection.exec_driver_sql("PRAGMA foreign_key_check").first()
                    if broken is not None:
                        raise Unavailable(
                            f"The migration would leave a broken reference in {broken[0]}."
                        )
        finally:
            if sqlite:
                connection.connection.driver_connection.execute("PRAGMA foreign_keys=ON")  # type: ignore[union-attr]


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the schema up to ``revision`` (the newest by default)."""
    _migrate(engine, lambda config: command.upgrade(config, revision))


def downgrade(engine: Engine, revision: str = "base") -> None:
    """Take the schema back down to ``revision`` (empty by default)."""
    _migrate(engine, lambda config: command.downgrade(config, revision))


def current_revision(engine: Engine) -> str | None:
    """The revision the database is at (None: never migrated)."""
    with translated_errors(), engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def head_revision() -> str | None:
    """The newest revision this version of RecordsDesk knows."""
    return ScriptDirectory.from_config(_config()).get_current_head()


def require_current(engine: Engine) -> None:
    """Refuse to work on a database whose schema is not this version's."""
    current = current_revision(engine)
    if current != head_revision():
        raise Unavailable(
            "The database schema is not up to date "
            f"(at {current or 'nothing'}): run 'recordsdesk db upgrade'."
        )
