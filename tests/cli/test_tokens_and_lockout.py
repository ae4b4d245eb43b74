"""Service tokens for night jobs, lockout without telling names apart, the workstation registry."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from recordsdesk.domain.errors import PermissionDenied
from recordsdesk.services.desk import build_services
from recordsdesk.services.identity.lockout import MAX_WORKSTATION_FAILURES
from recordsdesk.services.identity.machine import Machine
from recordsdesk.services.users import MAX_FAILED_ATTEMPTS
from tests.cli.conftest import ADA_PASSWORD, MACHINE, Cli
from tests.cli.test_sessions import one_line, trail, usernames


def _token(cli: Cli, tmp_path: Path, name: str = "night") -> tuple[str, Path]:
    added = cli("user", "add", name, "--role", "clerk", "--service")
    assert added.code == 0, added.err
    token = added.out.splitlines()[-1]
    assert token.startswith("rdt_")
    path = tmp_path / f"{name}.token"
    path.write_text(token + "\n")
    os.chmod(path, 0o600)
    return token, path


def test_service_token_runs_only_night_jobs(
    signed_in_ada: Cli, db_url: str, tmp_path: Path
) -> None:
    cli = signed_in_ada
    token, path = _token(cli, tmp_path)
    assert cli("patient", "add", "123456", "--name", "SMITH, John").code == 0
    assert cli("logout").code == 0
    for allowed in (("request", "list"), ("holdings",), ("pull-list", "--date", "2026-03-03")):
        done = cli("--token-file", str(path), *allowed)
        assert done.code == 0, (allowed, done.err)
    for refused in (("chart", "show", "123456"), ("user", "list"), ("location", "list")):
        done = cli("--token-file", str(path), *refused)
        assert done.code == 2 and done.out == "", refused
        assert "service account" in one_line(done.err)
    # The token is kept only as a hash.
    services = build_services(db_url)
    try:
        with services.db.engine.connect() as conn:
            dump = "\n".join(str(r) for r in conn.exec_driver_sql("SELECT * FROM service_tokens"))
        assert token not in dump
        with pytest.raises(PermissionDenied, match="Wrong user name or password"):
            services.users.sign_in("night", token, "DESK")  # no window for a service
    finally:
        services.close()


def test_token_file_others_can_read_is_refused(
    signed_in_ada: Cli, db_url: str, tmp_path: Path
) -> None:
    cli = signed_in_ada
    _, path = _token(cli, tmp_path)
    os.chmod(path, 0o644)
    done = cli("--token-file", str(path), "request", "list")
    assert done.code == 2 and "can be read by others" in one_line(done.err)
    assert any("token file" in t[3] for t in trail(db_url) if t[2] == "refused")


def test_rotated_and_disabled_tokens_are_refused(
    signed_in_ada: Cli, db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cli = signed_in_ada
    _, path = _token(cli, tmp_path)
    rotated = cli("user", "token", "night", "--rotate")
    assert rotated.code == 0, rotated.err
    new_token = rotated.out.splitlines()[-1]
    old = cli("--token-file", str(path), "request", "list")
    assert old.code == 2 and "not valid" in one_line(old.err)
    path.write_text(new_token)
    monkeypatch.setenv("RECORDSDESK_TOKEN_FILE", str(path))
    assert cli("request", "list").code == 0
    monkeypatch.delenv("RECORDSDESK_TOKEN_FILE")
    assert cli("user", "disable", "night").code == 0
    disabled = cli("--token-file", str(path), "request", "list")
    assert disabled.code == 2 and "disabled" in one_line(disabled.err)


def test_people_need_passwords(signed_in_ada: Cli, db_url: str) -> None:
    done = signed_in_ada("user", "add", "bob", "--role", "clerk")
    assert done.code == 1 and "needs a password" in done.err
    assert usernames(db_url) == ["ada"]


def test_lockout_answers_alike_for_real_and_unknown_names(signed_in_ada: Cli, db_url: str) -> None:
    cli = signed_in_ada
    assert (
        cli(
            "user",
            "add",
            "sam",
            "--role",
            "supervisor",
            "--password-stdin",
            stdin="supervising the room",
        ).code
        == 0
    )
    answers: dict[str, list[str]] = {"ada": [], "ghost": []}
    for name in answers:
        for _ in range(MAX_FAILED_ATTEMPTS + 1):
            done = cli("--user", name, "login", "--password-stdin", stdin="wrong guess here")
            assert done.code == 1
            answers[name].append(done.err)
    assert answers["ada"] == answers["ghost"]
    assert "locked after 5 failed attempts" in answers["ada"][-1]
    # Locked: even the right password is refused, in the same words.
    right = cli("--user", "ada", "login", "--password-stdin", stdin=ADA_PASSWORD)
    assert right.code == 1 and right.err == answers["ada"][-1]
    assert cli("logout").code == 0
    assert cli("--user", "sam", "login", "--password-stdin", stdin="supervising the room").code == 0
    assert cli("user", "unlock", "ada").code == 0
    assert cli("logout").code == 0
    back = cli("--user", "ada", "login", "--password-stdin", stdin=ADA_PASSWORD)
    assert back.code == 0, back.err
    assert "wrong guess here" not in repr(trail(db_url))


def test_a_workstation_is_locked_after_many_failures(signed_in_ada: Cli, db_url: str) -> None:
    cli = signed_in_ada
    assert cli("logout").code == 0
    for n in range(MAX_WORKSTATION_FAILURES):
        done = cli("--user", f"guess{n}", "login", "--password-stdin", stdin="spray spray spray")
        assert done.code == 1
    assert "This workstation is locked" in done.err
    blocked = cli("--user", "ada", "login", "--password-stdin", stdin=ADA_PASSWORD)
    assert blocked.code == 1 and "This workstation is locked" in blocked.err
    elsewhere = Machine("fedcba9876543210fedcba9876543210", "otherhost")
    assert (
        cli(
            "--user", "ada", "login", "--password-stdin", stdin=ADA_PASSWORD, machine=elsewhere
        ).code
        == 0
    )
    unlocked = cli("workstation", "unlock", f"unregistered:{MACHINE.hostname}")
    assert unlocked.code == 0, unlocked.err
    assert cli("--user", "ada", "login", "--password-stdin", stdin=ADA_PASSWORD).code == 0


def test_passwd_without_a_session_counts_nothing(signed_in_ada: Cli, db_url: str) -> None:
    cli = signed_in_ada
    assert cli("logout").code == 0
    for _ in range(MAX_FAILED_ATTEMPTS + 2):
        done = cli(
            "--user",
            "ada",
            "user",
            "passwd",
            "--password-stdin",
            stdin="guess one\nnew password words\n",
        )
        assert done.code == 2 and "Not signed in" in done.err
    assert cli("--user", "ada", "login", "--password-stdin", stdin=ADA_PASSWORD).code == 0


def test_the_workstation_recorded_is_the_registered_machine(
    signed_in_ada: Cli, db_url: str
) -> None:
    cli = signed_in_ada
    assert cli("location", "add", "CARD", "--name", "Cardiology", "--kind", "clinic").code == 0
    registered = cli("workstation", "add", "front-desk-1")
    assert registered.code == 0, registered.err
    assert cli("patient", "add", "123456", "--name", "SMITH, John").code == 0
    assert cli("chart", "show", "123456").code == 0
    stations = [t[1] for t in trail(db_url)]
    assert "unregistered:testhost" in stations
    assert stations[-1] == "FRONT-DESK-1"
    with pytest.raises(SystemExit):
        cli("--workstation", "SUPERVISOR-PC-3", "location", "list")
