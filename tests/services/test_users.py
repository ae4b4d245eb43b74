"""Users: password policy, lockout by the clock, change and reset, disable, refusals recorded."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from recordsdesk.domain.errors import InvalidInput, NotFound, PermissionDenied
from recordsdesk.domain.passwords import check_password
from recordsdesk.services.actors import Actor, Permission, Role
from recordsdesk.services.audit import AuditEntry
from recordsdesk.services.desk import Services
from recordsdesk.services.users import LOCKOUT, MAX_FAILED_ATTEMPTS
from recordsdesk.storage.models import AuditEvent, User
from tests.conftest import FakeClock

GOOD = "clerk password"


def entries(services: Services) -> list[AuditEntry]:
    """Every audit entry, read behind the services' back (reading them is not recorded)."""
    with services.db.reading() as uow:
        rows = uow.session.scalars(select(AuditEvent).order_by(AuditEvent.id)).all()
        return [
            AuditEntry(r.id, r.at, r.username, r.workstation, r.action, r.mrn, r.detail, r.outcome)
            for r in rows
        ]


def actions(services: Services) -> list[tuple[str, str, str]]:
    return [(e.username, e.action, e.outcome) for e in entries(services)]


@pytest.mark.parametrize(
    ("password", "says"),
    [
        ("short1", "at least 10 characters (this one has 6)"),
        ("cleo", "at least 10"),
        ("my-cleo-password", "must not contain the user name"),
        ("CLEOCLEOCLEO", "must not contain the user name"),
        ("password123", "would be guessed too soon"),
        ("Qwertyuiop", "would be guessed too soon"),
        ("aaaaaaaaaaaa", "would be guessed too soon"),
        ("x" * 1025, "at most 1024"),
        ("Password12", "would be guessed too soon"),
        ("Welcome2024", "would be guessed too soon"),
        ("Hospital2024", "would be guessed too soon"),
        ("Summer2025!", "would be guessed too soon"),
    ],
)
def test_policy_says_what_is_wrong(password: str, says: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        check_password(password, "cleo")
    assert says in refused.value.message


def test_policy_accepts_a_decent_password() -> None:
    check_password("tide pool seventeen", "cleo")
    check_password("tidal pool seventeen", "al")  # a short name inside is no reason to refuse


def test_add_applies_the_policy(services: Services, admin: Actor) -> None:
    with pytest.raises(InvalidInput, match="at least 10"):
        services.users.add(admin, "bob", "clerk", "bob12")
    assert [u.username for u in services.users.list(admin)] == ["ada"]


def test_sign_in_records_success_and_failure(services: Services, clerk: Actor) -> None:
    actor = services.users.sign_in("Cleo ", GOOD, "DESK-1")
    assert actor.username == "cleo" and actor.role is Role.CLERK and not actor.must_change_password
    with pytest.raises(PermissionDenied, match="Wrong user name or password"):
        services.users.sign_in("cleo", "not it at all", "DESK-1")
    with pytest.raises(PermissionDenied, match="Wrong user name or password"):
        services.users.sign_in("nobody", "whatever-it-is", "DESK-2")
    services.users.sign_out(actor)
    assert actions(services)[-4:] == [
        ("cleo", "sign_in", "ok"),
        ("cleo", "sign_in_failed", "refused"),
        # An unknown name is not kept: it may be a password typed into the wrong box.
        ("(unknown name)", "sign_in_failed", "refused"),
        ("cleo", "sign_out", "ok"),
    ]


def test_lockout_after_repeated_failures_and_for_a_while(
    services: Services, clerk: Actor, clock: FakeClock
) -> None:
    for _ in range(MAX_FAILED_ATTEMPTS - 1):
        with pytest.raises(PermissionDenied, match="Wrong user name or password"):
            services.users.sign_in("cleo", "wrong guess here", "DESK-1")
    with pytest.raises(PermissionDenied) as locked:
        services.users.sign_in("cleo", "wrong guess again", "DESK-1")
    until = clock.now + LOCKOUT
    assert "locked after 5 failed attempts" in locked.value.message
    assert until.astimezone().strftime("%H:%M") in locked.value.message
    assert services.users.locked_until("cleo") == until
    # While locked even the right password is refused, with the same words as a wrong one.
    with pytest.raises(PermissionDenied) as right:
        services.users.sign_in("cleo", GOOD, "DESK-1")
    with pytest.raises(PermissionDenied) as wrong:
        services.users.sign_in("cleo", "still wrong pw", "DESK-1")
    assert right.value.message == wrong.value.message == locked.value.message
    clock.advance(minutes=14)
    with pytest.raises(PermissionDenied, match="locked"):
        services.users.sign_in("cleo", GOOD, "DESK-1")
    clock.advance(minutes=1, seconds=1)
    assert services.users.sign_in("cleo", GOOD, "DESK-1").username == "cleo"
    assert services.users.locked_until("cleo") is None
    recorded = [a for _, a, _ in actions(services)]
    assert recorded.count("sign_in_failed") == MAX_FAILED_ATTEMPTS
    assert recorded.count("locked_out") == 1
    assert recorded.count("sign_in_refused") == 3
    assert recorded[-1] == "sign_in"


def test_a_success_resets_the_count(services: Services, clerk: Actor) -> None:
    for _ in range(MAX_FAILED_ATTEMPTS - 1):
        with pytest.raises(PermissionDenied):
            services.users.sign_in("cleo", "wrong guess here", "DESK-1")
    services.users.sign_in("cleo", GOOD, "DESK-1")
    for _ in range(MAX_FAILED_ATTEMPTS - 1):
        with pytest.raises(PermissionDenied, match="Wrong"):
            services.users.sign_in("cleo", "wrong guess here", "DESK-1")
    assert services.users.locked_until("cleo") is None


def test_admin_unlocks_early(services: Services, clerk: Actor, admin: Actor) -> None:
    for _ in range(MAX_FAILED_ATTEMPTS):
        with pytest.raises(PermissionDenied):
            services.users.sign_in("cleo", "wrong guess here", "DESK-1")
    with pytest.raises(PermissionDenied, match="locked"):
        services.users.sign_in("cleo", GOOD, "DESK-1")
    services.users.unlock(admin, "cleo")
    assert services.users.sign_in("cleo", GOOD, "DESK-1").username == "cleo"


def test_verify_password_unlocks_the_desk_and_counts_failures(
    services: Services, clerk: Actor, clock: FakeClock
) -> None:
    desk = services.users.sign_in("cleo", GOOD, "DESK-1")
    services.users.desk_locked(desk)
    services.users.verify_password(desk, GOOD)
    for _ in range(MAX_FAILED_ATTEMPTS - 1):
        with pytest.raises(PermissionDenied, match="Wrong password"):
            services.users.verify_password(desk, "not my password")
    with pytest.raises(PermissionDenied, match="locked"):
        services.users.verify_password(desk, "not my password")
    with pytest.raises(PermissionDenied, match="locked"):
        services.users.verify_password(desk, GOOD)
    clock.advance(minutes=16)
    services.users.verify_password(desk, GOOD)
    recorded = [a for _, a, _ in actions(services)]
    assert recorded[recorded.index("desk_locked") :].count("unlocked") == 2
    assert recorded.count("unlock_failed") == MAX_FAILED_ATTEMPTS + 1


def test_change_password_needs_the_old_one(services: Services, clerk: Actor) -> None:
    with pytest.raises(PermissionDenied, match="old password is wrong"):
        services.users.change_password(clerk, "not the old one", "new secret phrase")
    with pytest.raises(InvalidInput, match="at least 10"):
        services.users.change_password(clerk, GOOD, "short")
    with pytest.raises(InvalidInput, match="differ"):
        services.users.change_password(clerk, GOOD, GOOD)
    services.users.change_password(clerk, GOOD, "new secret phrase")
    with pytest.raises(PermissionDenied):
        services.users.sign_in("cleo", GOOD, "DESK-1")
    assert services.users.sign_in("cleo", "new secret phrase", "DESK-1").username == "cleo"
    assert ("cleo", "password_changed", "ok") in actions(services)


def test_admin_reset_forces_a_change_before_any_work(
    file_room: Services, clerk: Actor, admin: Actor
) -> None:
    services = file_room
    services.users.reset_password(admin, "cleo", "temporary pass 1")
    with services.db.reading() as uow:
        user = uow.session.scalar(select(User).where(User.username == "cleo"))
        assert user is not None and user.must_change_password
    signed_in = services.users.sign_in("cleo", "temporary pass 1", "DESK-1")
    assert signed_in.must_change_password
    with pytest.raises(PermissionDenied, match="must choose a new password"):
        services.history.chart(signed_in, "123456")
    assert not signed_in.may(Permission.CIRCULATE)
    fresh = services.users.change_password(signed_in, "temporary pass 1", "my own password")
    assert not fresh.must_change_password
    assert services.history.chart(fresh, "123456").mrn == "123456"
    assert not services.users.sign_in("cleo", "my own password", "D").must_change_password


def test_disable_and_enable(services: Services, clerk: Actor, admin: Actor) -> None:
    services.users.disable(admin, "cleo")
    with pytest.raises(PermissionDenied, match="disabled"):
        services.users.sign_in("cleo", GOOD, "DESK-1")
    with pytest.raises(PermissionDenied, match="Wrong user name or password"):
        services.users.sign_in("cleo", "wrong guess here", "DESK-1")
    with pytest.raises(PermissionDenied, match="disabled"):
        services.users.actor("cleo", "DESK-1")
    with pytest.raises(InvalidInput, match="cannot disable yourself"):
        services.users.disable(admin, "ada")
    with pytest.raises(NotFound):
        services.users.enable(admin, "ghost")
    services.users.enable(admin, "cleo")
    assert services.users.sign_in("cleo", GOOD, "DESK-1").username == "cleo"
    recorded = actions(services)
    assert ("ada", "user_disabled", "ok") in recorded and ("ada", "user_enabled", "ok") in recorded


def test_role_refusals_are_recorded_and_change_nothing(
    file_room: Services, clerk: Actor, admin: Actor
) -> None:
    services = file_room
    before = len(entries(services))
    with pytest.raises(PermissionDenied, match="only an admin or above may manage users"):
        services.users.add(clerk, "mallory", "admin", "a long password")
    with pytest.raises(PermissionDenied, match="only an admin or above may change settings"):
        services.site.change(clerk, "file_room", "Mine now")
    with pytest.raises(PermissionDenied, match="manage locations"):
        services.locations.add(clerk, "X1", "Nowhere", "clinic")
    with pytest.raises(PermissionDenied, match="manage users"):
        services.users.reset_password(clerk, "ada", "taken over now")
    with pytest.raises(PermissionDenied, match="supervisor or above may read the audit trail"):
        services.audit.show(clerk)
    refusals = [e for e in entries(services)[before:] if e.action == "refused"]
    assert [(e.username, e.workstation, e.outcome) for e in refusals] == [
        ("cleo", "TEST-DESK", "refused")
    ] * 5
    assert [e.detail for e in refusals] == [
        "manage users",
        "change settings",
        "manage locations",
        "manage users",
        "read the audit trail",
    ]
    assert [u.username for u in services.users.list(admin)] == ["ada", "cleo"]
    assert services.site.settings(admin).file_room != "Mine now"
    assert "X1" not in {loc.code for loc in services.locations.list(admin)}
    assert services.users.sign_in("ada", "correct horse battery", "D").username == "ada"


def test_every_permission_has_its_own_words() -> None:
    words = [p.action for p in Permission]
    assert len(words) == len(set(words)) == len(Permission.__members__)
    clerk = Actor(1, "cleo", Role.CLERK, "D")
    supervisor = Actor(2, "sam", Role.SUPERVISOR, "D")
    assert clerk.may(Permission.PRINT) and not clerk.may(Permission.REPORTS)
    assert supervisor.may(Permission.VIEW_AUDIT) and not supervisor.may(Permission.BACKUP)


def test_user_changes_and_settings_are_recorded(services: Services, admin: Actor) -> None:
    services.users.add(admin, "sam", "supervisor", "supervising well")
    services.site.change(admin, "idle_lock_minutes", "5")
    assert services.site.settings(admin).idle_lock_minutes == 5
    with pytest.raises(InvalidInput, match="1 to 120"):
        services.site.change(admin, "idle_lock_minutes", "0")
    recorded = entries(services)
    assert [(e.action, e.detail) for e in recorded[-2:]] == [
        ("user_added", "sam as supervisor"),
        ("setting_changed", "idle_lock_minutes = 5"),
    ]


def test_idle_lock_minutes_default(services: Services) -> None:
    assert services.sessions.idle_minutes() == 10


def test_lockout_ends_by_the_clock_not_the_count(
    services: Services, clerk: Actor, clock: FakeClock
) -> None:
    for _ in range(MAX_FAILED_ATTEMPTS):
        with pytest.raises(PermissionDenied):
            services.users.sign_in("cleo", "wrong guess here", "DESK-1")
    clock.advance(seconds=LOCKOUT / timedelta(seconds=1) + 1)
    # The count started again: four more failures do not lock, the fifth does.
    for _ in range(MAX_FAILED_ATTEMPTS - 1):
        with pytest.raises(PermissionDenied, match="Wrong"):
            services.users.sign_in("cleo", "wrong guess here", "DESK-1")
    with pytest.raises(PermissionDenied, match="locked"):
        services.users.sign_in("cleo", "wrong guess here", "DESK-1")
