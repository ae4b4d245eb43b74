"""Command-line sign-in: sessions, the gate before every command, what is refused and recorded."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from sqlalchemy import select

from recordsdesk.cli import session_file
from recordsdesk.services.desk import build_services
from recordsdesk.services.identity.sessions import SessionService, database_fingerprint
from recordsdesk.storage.models import AuditEvent, User
from tests.cli.conftest import ADA_PASSWORD, Cli
from tests.conftest import FakeClock


def trail(url: str) -> list[tuple[str, str, str, str]]:
    """(user, workstation, action, detail) of every audit entry, oldest first."""
    services = build_services(url)
    try:
        with services.db.reading() as uow:
            rows = uow.session.scalars(select(AuditEvent).order_by(AuditEvent.id))
            return [(e.username, e.workstation, e.action, e.detail) for e in rows]
    finally:
        services.close()


def usernames(url: str) -> list[str]:
    services = build_services(url)
    try:
        with services.db.reading() as uow:
            return list(uow.session.scalars(select(User.username).order_by(User.username)))
    finally:
        services.close()


def one_line(text: str) -> str:
    assert text.endswith("\n") and text.count("\n") == 1, text
    return text


def test_a_claimed_name_is_not_a_sign_in(cli: Cli, db_url: str) -> None:
    """The attack of the issue: `--user admin user add evil --role admin` with no session."""
    added = cli("user", "add", "ada", "--role", "admin", "--password-stdin", stdin=ADA_PASSWORD)
    assert added.code == 0, added.err
    evil = cli("--user", "ada", "user", "add", "evil", "--role", "admin")
    assert evil.code == 2 and evil.out == ""
    assert "login" in one_line(evil.err)
    shown = cli("--user", "ada", "chart", "show", "123456")
    assert shown.code == 2 and shown.out == "" and "Not signed in" in shown.err
    assert usernames(db_url) == ["ada"]
    refusals = [t for t in trail(db_url) if t[2] == "refused"]
    assert [(t[0], t[3]) for t in refusals] == [
        ("ada", "command line: `user add` without signing in"),
        ("ada", "command line: `chart show` without signing in"),
    ]


def test_login_opens_a_private_session_and_logout_ends_it(
    signed_in_ada: Cli, db_url: str, state_home: Path
) -> None:
    cli = signed_in_ada
    files = list((state_home / "RecordsDesk" / "sessions").iterdir())
    assert len(files) == 1 and oct(files[0].stat().st_mode & 0o777) == "0o600"
    assert oct(files[0].parent.stat().st_mode & 0o777) == "0o700"
    assert ADA_PASSWORD not in files[0].read_text()
    added = cli("location", "add", "CARD", "--name", "Cardiology", "--kind", "clinic")
    assert added.code == 0, added.err
    assert cli("location", "list").out.startswith("CARD\t")
    out = cli("logout")
    assert out.code == 0 and "Signed out ada" in out.out
    assert not files[0].exists()
    after = cli("location", "list")
    assert after.code == 2 and after.out == ""
    actions = [t[2] for t in trail(db_url)]
    assert actions[:2] == ["user_added", "sign_in"] and "sign_out" in actions


def test_the_first_user_is_an_administrator_and_a_second_login_ends_the_first(
    cli: Cli, db_url: str
) -> None:
    clerk = cli(
        "user", "add", "cleo", "--role", "clerk", "--password-stdin", stdin="filing all day"
    )
    assert clerk.code == 1 and "--role admin" in clerk.err
    assert usernames(db_url) == []
    cli("user", "add", "ada", "--role", "admin", "--password-stdin", stdin=ADA_PASSWORD)
    for _ in range(2):
        assert cli("--user", "ada", "login", "--password-stdin", stdin=ADA_PASSWORD).code == 0
    services = build_services(db_url)
    try:
        with services.db.engine.connect() as conn:
            ended = conn.exec_driver_sql(
                "SELECT ended_at IS NULL FROM cli_sessions ORDER BY id"
            ).scalars()
            assert list(ended) == [False, True]
    finally:
        services.close()


def test_wrong_password_opens_no_session(cli: Cli, db_url: str, state_home: Path) -> None:
    cli("user", "add", "ada", "--role", "admin", "--password-stdin", stdin=ADA_PASSWORD)
    wrong = cli("--user", "ada", "login", "--password-stdin", stdin="not the password")
    unknown = cli("--user", "ghost", "login", "--password-stdin", stdin="not the password")
    assert wrong.code == unknown.code == 1
    assert wrong.err == unknown.err == "recordsdesk: Wrong user name or password.\n"
    assert not (state_home / "RecordsDesk" / "sessions").exists() or not list(
        (state_home / "RecordsDesk" / "sessions").iterdir()
    )


def test_session_ends_after_the_idle_minutes(
    signed_in_ada: Cli, db_url: str, clock: FakeClock
) -> None:
    cli = signed_in_ada
    clock.advance(minutes=9)
    assert cli("location", "list").code == 0  # use keeps it open
    clock.advance(minutes=9)
    assert cli("location", "list").code == 0
    clock.advance(minutes=10)
    expired = cli("location", "list")
    assert expired.code == 2 and expired.out == ""
    assert "10 minutes without use" in one_line(expired.err)
    assert cli("location", "list").code == 2  # ended for good
    assert any("without use" in t[3] for t in trail(db_url) if t[2] == "refused")


def test_session_file_of_another_database_is_refused(
    signed_in_ada: Cli, db_url: str, sqlite_url: str
) -> None:
    cli = signed_in_ada
    other = cli(
        "user",
        "add",
        "bo",
        "--role",
        "admin",
        "--password-stdin",
        url=sqlite_url,
        stdin="another long secret",
    )
    assert other.code == 0, other.err
    mine = build_services(db_url)
    theirs = build_services(sqlite_url)
    try:
        target = session_file.path_for(database_fingerprint(theirs.db))
        shutil.copyfile(session_file.path_for(database_fingerprint(mine.db)), target)
        os.chmod(target, 0o600)
    finally:
        mine.close()
        theirs.close()
    refused = cli("location", "list", url=sqlite_url)
    assert refused.code == 2 and refused.out == ""
    assert "another database" in one_line(refused.err)


def test_session_of_another_os_account_is_refused(
    signed_in_ada: Cli, db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(session_file, "os_account", lambda: "4242:mallory")
    refused = signed_in_ada("location", "list")
    assert refused.code == 2 and "another system account" in one_line(refused.err)


def test_session_file_others_can_read_is_refused(signed_in_ada: Cli, state_home: Path) -> None:
    (path,) = (state_home / "RecordsDesk" / "sessions").iterdir()
    os.chmod(path, 0o644)
    refused = signed_in_ada("location", "list")
    assert refused.code == 2 and "can be read by others" in one_line(refused.err)


def test_disabled_and_locked_users_lose_their_session(signed_in_ada: Cli, db_url: str) -> None:
    cli = signed_in_ada
    added = cli(
        "user", "add", "cleo", "--role", "clerk", "--password-stdin", stdin="filing all day long"
    )
    assert added.code == 0, added.err
    # cleo signs in somewhere else (another state folder); ada disables her.
    services = build_services(db_url)
    try:
        ticket = services.sessions.open_for("cleo", session_file.os_account(), "T")
    finally:
        services.close()
    ada_file = next(session_file.folder().iterdir())
    saved = ada_file.read_bytes()
    session_file.save(
        session_file.StoredSession(ticket.session_id, ticket.secret, "cleo", ticket.database)
    )
    assert cli("location", "list").code == 0
    ada_file.write_bytes(saved)
    assert cli("user", "disable", "cleo").code == 0
    session_file.save(
        session_file.StoredSession(ticket.session_id, ticket.secret, "cleo", ticket.database)
    )
    refused = cli("location", "list")
    assert refused.code == 2 and "disabled" in refused.err


def test_a_reset_password_must_be_changed_first(signed_in_ada: Cli) -> None:
    cli = signed_in_ada
    assert (
        cli(
            "user", "add", "sam", "--role", "supervisor", "--password-stdin", stdin="first of many"
        ).code
        == 0
    )
    assert cli("user", "reset", "sam", "--password-stdin", stdin="temporary words here").code == 0
    assert cli("logout").code == 0
    login = cli("--user", "sam", "login", "--password-stdin", stdin="temporary words here")
    assert login.code == 0 and "Choose your own password first" in login.out
    audit = cli("audit", "show")
    assert audit.code == 1 and audit.out == "" and "must choose a new password" in audit.err
    changed = cli(
        "user", "passwd", "--password-stdin", stdin="temporary words here\nbetter words chosen\n"
    )
    assert changed.code == 0, changed.err
    assert cli("audit", "show").code == 0


def test_checkout_from_stdin_checks_the_session_once(
    signed_in_ada: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    cli = signed_in_ada
    cli("location", "add", "CARD", "--name", "Cardiology", "--kind", "clinic")
    cli("patient", "add", "123456", "--name", "SMITH, John", "--volumes", "3")
    calls = []
    real = SessionService.resume

    def counted(self: SessionService, *args: object) -> object:
        calls.append(1)
        return real(self, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(SessionService, "resume", counted)
    out = cli("checkout", "--to", "CARD", "--json", stdin="V0000001\nV0000002\nV0000003\n")
    assert out.code == 0, out.err
    assert [json.loads(line)["ok"] for line in out.out.splitlines()] == [True, True, True]
    assert len(calls) == 1
