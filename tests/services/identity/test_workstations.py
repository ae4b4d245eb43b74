"""The workstation recorded is the registered machine's, in the window's sign-in too."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from recordsdesk.domain.errors import Conflict, PermissionDenied
from recordsdesk.services.actors import Actor
from recordsdesk.services.desk import Services, build_services
from recordsdesk.services.identity.machine import Machine, this_machine
from tests.conftest import FakeClock

DESK = Machine("m-desk-0001", "deskhost")


@pytest.fixture
def on_desk(db_url: str, clock: FakeClock, admin: Actor) -> Iterator[Services]:
    built = build_services(db_url, clock, machine=DESK)
    yield built
    built.close()


def test_a_typed_workstation_name_is_not_recorded(
    on_desk: Services, admin: Actor, clock: FakeClock
) -> None:
    claimed = on_desk.users.sign_in("ada", "correct horse battery", "SUPERVISOR-PC-3")
    assert claimed.workstation == "unregistered:deskhost"
    on_desk.workstations.register(admin, "front-desk-2", DESK.machine_id)
    named = on_desk.users.sign_in("ada", "correct horse battery", "SUPERVISOR-PC-3")
    assert named.workstation == "FRONT-DESK-2"
    assert [w.name for w in on_desk.workstations.listing(admin)] == ["FRONT-DESK-2"]
    with pytest.raises(Conflict):
        on_desk.workstations.register(admin, "FRONT-DESK-2", "another-machine")
    on_desk.workstations.retire(admin, "front-desk-2")
    assert on_desk.workstations.resolve(DESK) == "unregistered:deskhost"


def test_only_administrators_register_workstations(services: Services, clerk: Actor) -> None:
    with pytest.raises(PermissionDenied, match="admin or above may register workstations"):
        services.workstations.register(clerk, "MINE", "m-clerk")


def test_this_machine_has_a_stable_id() -> None:
    assert this_machine() == this_machine()
    assert 0 < len(this_machine().machine_id) <= 64
