"""Alembic owns the schema, up and down on both databases; SQLite set up for durability."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from sqlalchemy import inspect, text

from recordsdesk.domain.errors import InvalidInput, Unavailable
from recordsdesk.storage import schema
from recordsdesk.storage.engine import build_engine
from recordsdesk.storage.models import Base


def test_upgrade_downgrade_upgrade(db_url: str) -> None:
    engine = build_engine(db_url)
    try:
        assert schema.current_revision(engine) == schema.head_revision()
        schema.downgrade(engine, "base")
        assert schema.current_revision(engine) is None
        assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
        schema.upgrade(engine)
        tables = set(inspect(engine).get_table_names())
        assert set(Base.metadata.tables) <= tables
        with engine.connect() as conn:
            codes = conn.execute(text("SELECT code FROM record_types ORDER BY code")).scalars()
            assert list(codes) == ["MR", "RAD"]
    finally:
        engine.dispose()


def test_models_match_the_migrations(db_url: str) -> None:
    """Autogenerate finds nothing to do: the models and the migrations agree."""
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    engine = build_engine(db_url)
    try:
        with engine.connect() as conn:
            context = MigrationContext.configure(conn, opts={"compare_type": True})
            assert compare_metadata(context, Base.metadata) == []
    finally:
        engine.dispose()


def test_sqlite_file_is_private_durable_and_checks_foreign_keys(tmp_path: Path) -> None:
    path = tmp_path / "new" / "records.sqlite3"
    engine = build_engine(f"sqlite:///{path}")
    try:
        schema.upgrade(engine)
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        with engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 10000
    finally:
        engine.dispose()


def test_stale_schema_is_refused_with_a_clear_message(tmp_path: Path) -> None:
    engine = build_engine(f"sqlite:///{tmp_path / 'old.sqlite3'}")
    try:
        with pytest.raises(Unavailable, match="db upgrade"):
            schema.require_current(engine)
    finally:
        engine.dispose()


def test_bad_urls_are_named() -> None:
    with pytest.raises(InvalidInput, match="not a database URL"):
        build_engine("::nonsense::")
    with pytest.raises(InvalidInput, match="Unsupported database 'mysql'"):
        build_engine("mysql://x/y")


def test_migrations_keep_the_records_on_a_database_in_use(db_url: str) -> None:
    """Every step up and down runs on a database that holds users, patients and movements."""
    engine = build_engine(db_url)
    try:
        schema.downgrade(engine, "base")
        schema.upgrade(engine, "0001")
        with engine.begin() as conn:
            conn.execute(
                text(
                    "INSERT INTO users (id, username, full_name, role, active, failed_attempts,"
                    " created_at) VALUES (1, 'ada', '', 'admin', true, 0, '2026-01-01 00:00:00')"
                )
            )
            conn.execute(
                text(
                    "INSERT INTO patients (id, mrn, family_name, given_name, name_key, created_at)"
                    " VALUES (1, '42', 'A', 'B', 'A, B', '2026-01-01 00:00:00')"
                )
            )
        schema.upgrade(engine)
        schema.downgrade(engine, "0001")
        schema.upgrade(engine)
        with engine.connect() as conn:
            assert conn.execute(text("SELECT username FROM users")).scalar_one() == "ada"
            assert conn.execute(text("SELECT mrn FROM patients")).scalar_one() == "42"
            flag = conn.execute(text("SELECT must_change_password FROM users")).scalar_one()
            assert not flag
    finally:
        engine.dispose()
