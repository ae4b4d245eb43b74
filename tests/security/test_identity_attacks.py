"""Identity tried as a clerk with a shell would: set-up commands that need no session change
nothing on a database that has users, the first administrator is recorded at the machine
(not at a typed name), and a night job's account cannot sign in to the window."""

from __future__ import annotations

from pathlib import Path

import pytest

from recordsdesk.domain.errors import Conflict, PermissionDenied
from recordsdesk.services.actors import Actor
from recordsdesk.services.desk import Services, build_services
from recordsdesk.services.identity.machine import Machine
from recordsdesk.services.setup.first_run import FirstRunService
from recordsdesk.storage import schema
from tests.clirun import run

MACHINE = Machine("0123456789abcdef0123456789abcdef", "desk-host-7")


def test_demo_without_a_session_leaves_a_database_with_users_as_it_was(
    services: Services, admin: Actor, db_url: str
) -> None:
    engine = services.db.engine
    schema.downgrade(engine, "0009")  # a database one release behind, waiting for its upgrade
    done = run(db_url, "demo", "--patients", "5", user=None)
    assert done.returncode == 1 and "users already" in done.stderr
    assert schema.current_revision(engine) == "0009"  # not upgraded behind the admin's back
    assert services.users.count() == 1
    schema.upgrade(engine)


def test_first_administrator_is_refused_before_the_schema_is_touched(
    services: Services, admin: Actor
) -> None:
    engine = services.db.engine
    schema.downgrade(engine, "0009")
    with pytest.raises(Conflict, match="users already"):
        FirstRunService(services).create_administrator("mallory", "a long passphrase 9", "X")
    assert schema.current_revision(engine) == "0009"
    schema.upgrade(engine)
    assert services.users.count() == 1


def test_the_first_administrator_is_recorded_at_this_machine_not_a_typed_name(
    tmp_path: Path,
) -> None:
    services = build_services(f"sqlite:///{tmp_path / 'new.sqlite3'}", machine=MACHINE)
    try:
        actor = FirstRunService(services).create_administrator(
            "ada", "correct horse battery", "SUPERVISOR-PC-3"
        )
        assert actor.workstation == "unregistered:desk-host-7"
    finally:
        services.close()


def test_a_service_account_cannot_sign_in_to_the_window(services: Services, admin: Actor) -> None:
    _info, token = services.users.add_service(admin, "nightly", "clerk")
    for password in ("", token):
        with pytest.raises(PermissionDenied, match="Wrong user name or password"):
            services.users.sign_in("nightly", password, "DESK-1")
