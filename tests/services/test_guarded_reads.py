"""Every read the window makes is checked in the services: refused there, and recorded, for a
user who may not make it, whatever the window shows or hides."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from sqlalchemy import select

from recordsdesk.domain.errors import PermissionDenied
from recordsdesk.services.actors import Actor
from recordsdesk.services.desk import Services
from recordsdesk.storage.models import AuditEvent

Read = Callable[[Services, Actor], object]

# The window's reads that any signed-in role may make: a user who must first change a
# password an administrator set may make none of them.
EVERY_ROLE: dict[str, Read] = {
    "locations.list": lambda s, a: s.locations.list(a),
    "locations.listing": lambda s, a: s.locations.listing(a),
    "locations.get": lambda s, a: s.locations.get(a, "CARD"),
    "site.settings": lambda s, a: s.site.settings(a),
    "site.stored": lambda s, a: s.site.stored(a),
    "registry.search": lambda s, a: s.registry.search(a, "SMITH"),
    "history.chart": lambda s, a: s.history.chart(a, "123456"),
    "history.holdings": lambda s, a: s.history.holdings(a),
    "requests.pending": lambda s, a: s.requests.pending(a),
    "refiling.cart": lambda s, a: s.refiling.cart(a),
}

# The window's reads a clerk may not make (the pages are hidden; the services refuse anyway).
ABOVE_A_CLERK: dict[str, Read] = {
    "history.overdue": lambda s, a: s.history.overdue(a),
    "missing.listing": lambda s, a: s.missing.listing(a),
    "audit.show": lambda s, a: s.audit.show(a),
    "users.list": lambda s, a: s.users.list(a),
    "workstations.listing": lambda s, a: s.workstations.listing(a),
}


def _refusals(services: Services, username: str) -> list[str]:
    with services.db.reading() as uow:
        rows = uow.session.scalars(
            select(AuditEvent.detail)
            .where(AuditEvent.action == "refused", AuditEvent.username == username)
            .order_by(AuditEvent.id)
        )
        return list(rows)


@pytest.fixture
def reset_clerk(file_room: Services, admin: Actor) -> Actor:
    """A clerk signed in with a password an administrator set (and not yet changed)."""
    file_room.users.add(admin, "cleo", "clerk", "clerk password one")
    file_room.users.reset_password(admin, "cleo", "Temporary-Pass-7781")
    actor = file_room.users.sign_in("cleo", "Temporary-Pass-7781", "DESK-1")
    assert actor.must_change_password
    return actor


def test_a_reset_password_reads_nothing_until_it_is_changed(
    file_room: Services, reset_clerk: Actor
) -> None:
    for number, (name, read) in enumerate(EVERY_ROLE.items(), start=1):
        with pytest.raises(PermissionDenied, match="must choose a new password"):
            read(file_room, reset_clerk)
        assert len(_refusals(file_room, "cleo")) == number, name  # each refusal recorded
    assert _refusals(file_room, "cleo") == ["look at charts"] * 9 + ["check charts out and in"]


def test_the_same_reads_answer_once_the_password_is_changed(
    file_room: Services, reset_clerk: Actor
) -> None:
    actor = file_room.users.change_password(
        reset_clerk, "Temporary-Pass-7781", "my own long passphrase 42"
    )
    for read in EVERY_ROLE.values():
        read(file_room, actor)
    assert _refusals(file_room, "cleo") == []
    assert [loc.code for loc in file_room.locations.list(actor)] == ["CARD", "JDOE", "ORTH", "W4"]
    assert file_room.site.settings(actor).idle_lock_minutes == 10


def test_a_clerk_is_refused_the_supervisors_reads_in_the_services(
    file_room: Services, clerk: Actor
) -> None:
    for read in ABOVE_A_CLERK.values():
        with pytest.raises(PermissionDenied, match="cleo is a clerk"):
            read(file_room, clerk)
    assert _refusals(file_room, "cleo") == [
        "run reports",
        "run reports",
        "read the audit trail",
        "manage users",
        "register workstations",
    ]
