"""The README's command × role table is the code's, and every command holds to it as each role."""

from __future__ import annotations

import io
import os
import sys
from pathlib import Path

import pytest

from docs.permission_table import README, readme_with_table
from recordsdesk.cli import session_file
from recordsdesk.cli.access import (
    COMMAND_PERMISSIONS,
    OPTION_PERMISSIONS,
    SERVICE_COMMANDS,
    SIGNED_IN,
)
from recordsdesk.cli.main import main
from recordsdesk.services.actors import SERVICE_PERMISSIONS, Permission, Role
from recordsdesk.services.desk import build_services
from tests.cli.conftest import MACHINE

# Each command with arguments enough to pass the parser (what they name need not exist).
ARGV: dict[str, list[str]] = {
    "db upgrade": ["db", "upgrade"],
    "location add": ["location", "add", "X1", "--name", "X", "--kind", "clinic"],
    "location list": ["location", "list"],
    "patient add": ["patient", "add", "999999", "--name", "WALK, Table"],
    "chart show": ["chart", "show", "999998"],
    "chart add-volume": ["chart", "add-volume", "999997"],
    "setting set": ["setting", "set", "file_room", "Main file room"],
    "setting list": ["setting", "list"],
    "user add": ["user", "add", "zed", "--role", "clerk"],
    "user list": ["user", "list"],
    "user passwd": ["user", "passwd", "--password-stdin"],
    "user reset": ["user", "reset", "nobody", "--password-stdin"],
    "user disable": ["user", "disable", "nobody"],
    "user enable": ["user", "enable", "nobody"],
    "user unlock": ["user", "unlock", "nobody"],
    "user token": ["user", "token", "nobody", "--rotate"],
    "workstation add": ["workstation", "add", "WALK-1", "--machine-id", "walk-machine"],
    "workstation list": ["workstation", "list"],
    "workstation retire": ["workstation", "retire", "NOPE"],
    "workstation unlock": ["workstation", "unlock", "NOPE"],
    "checkout": ["checkout", "--to", "CARD"],
    "transfer": ["transfer", "--to", "CARD"],
    "return": ["return"],
    "holdings": ["holdings"],
    "holdings --overdue": ["holdings", "--overdue"],
    "missing flag": ["missing", "flag", "V9999999", "--note", "walk"],
    "missing list": ["missing", "list"],
    "shelf-audit": ["shelf-audit"],
    "shelf-audit --bring-home": ["shelf-audit", "--bring-home"],
    "refile": ["refile"],
    "schedule import": ["schedule", "import", "/nonexistent/walk.csv"],
    "request add": ["request", "add", "V9999999", "--to", "CARD", "--by", "14:00"],
    "request list": ["request", "list"],
    "request cancel": ["request", "cancel", "999"],
    "pull-list": ["pull-list", "--date", "2026-03-03"],
    "labels": ["labels", "--mrn", "999996", "--stock", "avery-5160"],
    "sheet": ["sheet", "commands"],
    "outguide": ["outguide", "999"],
    "calibration": ["calibration", "--stock", "avery-5160"],
    "audit verify": ["audit", "verify"],
    "audit show": ["audit", "show", "--limit", "1"],
    "backup": ["backup", "/nonexistent/walk/backup.sqlite3"],
    "restore": ["restore", "/nonexistent/walk/backup.sqlite3"],
}
ACCOUNTS = {"clerk": Role.CLERK, "sam": Role.SUPERVISOR, "ada": Role.ADMIN, "night": Role.CLERK}


def test_the_readme_has_the_code_s_table() -> None:
    readme = README.read_text(encoding="utf-8")
    assert readme_with_table(readme) == readme, "run: python docs/permission_table.py"


def test_every_command_of_the_table_is_walked() -> None:
    assert set(ARGV) == set(COMMAND_PERMISSIONS) | set(OPTION_PERMISSIONS)


def _expected(name: str, account: str) -> bool:
    permission: Permission | None = (
        OPTION_PERMISSIONS[name][1] if name in OPTION_PERMISSIONS else COMMAND_PERMISSIONS[name]
    )
    role = ACCOUNTS[account]
    if account == "night":
        command = name.split(" --")[0]
        if command not in SERVICE_COMMANDS:
            return False
        if permission is not None and permission not in SERVICE_PERMISSIONS:
            return False
    return permission is SIGNED_IN or role.rank >= permission.least.rank


def test_each_command_as_each_role_holds_to_the_table(
    sqlite_url: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    for name in ("RECORDSDESK_USER", "RECORDSDESK_TOKEN_FILE", "RECORDSDESK_DB"):
        monkeypatch.delenv(name, raising=False)
    services = build_services(sqlite_url)
    try:
        admin_info = services.users.add(None, "ada", "admin", "correct horse battery")
        ada = services.users.actor(admin_info.username, "T")
        services.users.add(ada, "clerk", "clerk", "filing all day long")
        services.users.add(ada, "sam", "supervisor", "supervising the room")
        _, token = services.users.add_service(ada, "night", "clerk")
        services.locations.add(ada, "CARD", "Cardiology", "clinic", 24)
        tickets = {
            name: services.sessions.open_for(name, session_file.os_account(), "T")
            for name in ("clerk", "sam", "ada")
        }
    finally:
        services.close()
    token_file = tmp_path / "night.token"
    token_file.write_text(token)
    os.chmod(token_file, 0o600)
    wrong: list[str] = []
    for account in ("night", "clerk", "sam", "ada"):
        if account == "night":
            prefix = ["--token-file", str(token_file)]
        else:
            ticket = tickets[account]
            session_file.save(
                session_file.StoredSession(
                    ticket.session_id, ticket.secret, ticket.username, ticket.database
                )
            )
            prefix = []
        for name, argv in ARGV.items():
            monkeypatch.setattr(sys, "stdin", io.StringIO(""))
            code = main(["--db", sqlite_url, *prefix, *argv], machine=MACHINE)
            err = capsys.readouterr().err
            refused = code in (1, 2) and (
                " may " in err and ("only a" in err or "service account" in err)
            )
            if refused == _expected(name, account):
                wrong.append(f"{account} {name}: exit {code} {err.strip()}")
    assert wrong == []
