"""PostgreSQL: the desk role may add to history but never change it; the owner is refused too."""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterator

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from recordsdesk.domain.errors import PermissionDenied
from recordsdesk.services.actors import Actor
from recordsdesk.services.desk import Services, build_services
from tests.security.helpers import run

_names = itertools.count()

REFUSED_TO_THE_DESK = (
    "UPDATE movements SET user_id = 1",
    "DELETE FROM movements",
    "UPDATE audit_events SET detail = ''",
    "DELETE FROM audit_events",
    "TRUNCATE history_chain",
    "DELETE FROM history_site",
    "DROP TRIGGER movements_append_only ON movements",
    "ALTER TABLE audit_events DISABLE TRIGGER audit_events_append_only",
    "UPDATE alembic_version SET version_num = '0001'",
)


@pytest.fixture
def roles(file_room: Services) -> Iterator[tuple[str, str]]:
    """Two roles made for this test, dropped with everything they hold afterwards."""
    n = next(_names)
    owner, desk = f"rd_owner_{os.getpid()}_{n}", f"rd_desk_{os.getpid()}_{n}"
    yield owner, desk
    url = file_room.db.engine.url
    if url.get_backend_name() != "postgresql":
        return
    file_room.close()
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            for role in (owner, desk):
                if conn.execute(
                    text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": role}
                ).first():
                    conn.exec_driver_sql(f'REASSIGN OWNED BY "{role}" TO CURRENT_USER')
                    conn.exec_driver_sql(f'DROP OWNED BY "{role}"')
                    conn.exec_driver_sql(f'DROP ROLE "{role}"')
    finally:
        admin.dispose()


def test_the_desk_role_adds_history_and_cannot_change_it(
    file_room: Services, admin: Actor, roles: tuple[str, str]
) -> None:
    owner, desk = roles
    url = file_room.db.engine.url.render_as_string(hide_password=False)
    done = run(url, "db", "roles", "--owner", owner, "--desk", desk)
    if file_room.db.engine.dialect.name == "sqlite":
        assert done.returncode == 1 and "Roles are for PostgreSQL" in done.stderr
        return
    assert done.returncode == 0, done.stderr
    assert f"created role {desk}" in done.stdout
    desk_url = make_url(url).set(username=desk).render_as_string(hide_password=False)
    at_desk = build_services(desk_url)
    try:
        clerk = at_desk.users.actor("ada", "DESK-ROLE")
        assert at_desk.circulation.check_out(clerk, "CARD", "V0000001").ok
        at_desk.history.chart(clerk, "123456")
        for statement in REFUSED_TO_THE_DESK:
            with pytest.raises(PermissionDenied), at_desk.db.writing() as uow:
                uow.session.execute(text(statement))
        assert at_desk.audit.verify().ok
    finally:
        at_desk.close()
    owner_url = make_url(url).set(username=owner).render_as_string(hide_password=False)
    assert run(owner_url, "db", "upgrade").returncode == 0
    at_owner = build_services(owner_url)
    try:
        for statement in ("UPDATE movements SET user_id = 1", "DELETE FROM audit_events"):
            with pytest.raises(PermissionDenied, match="append-only"), at_owner.db.writing() as uow:
                uow.session.execute(text(statement))
    finally:
        at_owner.close()


def test_role_names_are_checked(file_room: Services) -> None:
    url = file_room.db.engine.url.render_as_string(hide_password=False)
    done = run(url, "db", "roles", "--owner", 'x"; DROP TABLE users; --', "--desk", "d")
    assert done.returncode == 1
    assert "cannot name a role" in done.stderr or "Roles are for PostgreSQL" in done.stderr
    assert file_room.users.count() >= 1
