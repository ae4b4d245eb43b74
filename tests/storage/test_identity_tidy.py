"""Migration 0010: the users table loses its old lockout columns, and gets them back going down."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import inspect, text

from recordsdesk.domain.errors import PermissionDenied
from recordsdesk.services.desk import Services
from recordsdesk.storage import schema
from tests.conftest import FakeClock

LOCKOUT_COLUMNS = {"failed_attempts", "locked_until"}


def _user_columns(services: Services) -> set[str]:
    return {c["name"] for c in inspect(services.db.engine).get_columns("users")}


def test_0010_drops_the_lockout_columns_and_keeps_the_users(
    services: Services, clock: FakeClock
) -> None:
    services.users.add(None, "ada", "admin", "correct horse battery")
    engine = services.db.engine
    assert not _user_columns(services) & LOCKOUT_COLUMNS
    schema.downgrade(engine, "0009")
    assert _user_columns(services) >= LOCKOUT_COLUMNS
    with engine.connect() as conn:
        row = conn.execute(text("SELECT username, failed_attempts, locked_until FROM users"))
        assert row.one() == ("ada", 0, None)
    # A user added while the database is at 0009 (by a desk of the previous version).
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO users (username, full_name, role, active, failed_attempts,"
                " created_at, must_change_password)"
                " VALUES ('bo', '', 'clerk', true, 3, '2026-01-01 00:00:00', false)"
            )
        )
    schema.upgrade(engine)
    assert not _user_columns(services) & LOCKOUT_COLUMNS
    with engine.connect() as conn:
        names = conn.execute(text("SELECT username FROM users ORDER BY username")).scalars()
        assert list(names) == ["ada", "bo"]
    # Sign-in and lockout work on the tidied table: the failures are counted in their own.
    actor = services.users.sign_in("ada", "correct horse battery", "DESK-1")
    assert actor.username == "ada"
    for _ in range(5):
        with pytest.raises(PermissionDenied):
            services.users.sign_in("ada", "wrong", "DESK-1")
    assert services.users.locked_until("ada") == clock() + timedelta(minutes=15)
