"""The README's command × role table is the code's, and every command holds to it as each role."""

from __future__ import annotations

import argparse
import io
import os
import sys
from pathlib import Path

import pytest

from docs.permission_table import README, readme_with_table
from recordsdesk.cli import session_file
from recordsdesk.cli.access import (
    COMMAND_PERMISSIONS,
    OPEN_COMMANDS,
    OPTION_PERMISSIONS,
    SELF_CHECKED,
    SERVICE_COMMANDS,
    SIGNED_IN,
)
from recordsdesk.cli.main import build_parser, main
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
    "schedule feed add": ["schedule", "feed", "add", "walk"],
    "schedule feed set": ["schedule", "feed", "set", "walk", "qualify=yes"],
    "schedule feed show": ["schedule", "feed", "show", "walk"],
    "schedule feed list": ["schedule", "feed", "list"],
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
    "db roles": ["db", "roles"],
    "setup room": ["setup", "room", "--name", "Main file room"],
    "setup printers": ["setup", "printers"],
    "overdue": ["overdue"],
    "dashboard": ["dashboard", "--days", "7"],
    "roi request add": [
        "roi",
        "request",
        "add",
        "999999",
        "--from",
        "patient",
        "--name",
        "N",
        "--what",
        "all",
    ],
    "roi request show": ["roi", "request", "show", "ROI-999"],
    "roi list": ["roi", "list"],
    "roi figures": ["roi", "figures"],
    "roi check": ["roi", "check", "ROI-999", "identity=walk"],
    "roi authorisation": ["roi", "authorisation", "ROI-999"],
    "roi extend": ["roi", "extend", "ROI-999", "--reason", "walk"],
    "roi approve": ["roi", "approve", "ROI-999", "psychotherapy_notes", "--note", "walk"],
    "roi deny": ["roi", "deny", "ROI-999", "--reason", "walk"],
    "roi suspend": ["roi", "suspend", "999999", "--agency", "Walk OIG", "--written"],
    "roi withdraw": ["roi", "withdraw", "ROI-999", "--note", "walk"],
    "roi paper": ["roi", "paper", "ROI-999"],
    "roi copies": ["roi", "copies", "ROI-999", "--pages", "1"],
    "roi release": ["roi", "release", "ROI-999"],
    "roi letter": ["roi", "letter", "ROI-999", "-o", "/nonexistent/walk/letter.pdf"],
    "roi log-sheet": ["roi", "log-sheet", "ROI-999", "-o", "/nonexistent/walk/log.pdf"],
    "roi accounting": ["roi", "accounting", "999999"],
    "roi category": ["roi", "category", "NOPE", "none"],
    "roi fees": ["roi", "fees"],
    "roi fees --per-page": ["roi", "fees", "--per-page", "0.25"],
    "roi fees --base": ["roi", "fees", "--base", "15.00"],
    "roi fees --access-cap": ["roi", "fees", "--access-cap", "none"],
    "roi policy-days": ["roi", "policy-days", "30"],
    "roi desk": ["roi", "desk", "NOPE"],
    "retention rule list": ["retention", "rule", "list"],
    "retention rule examples": ["retention", "rule", "examples"],
    "retention rule set": [
        "retention",
        "rule",
        "set",
        "--type",
        "NOPE",
        "--name",
        "Walk",
        "--years",
        "10",
        "--citation",
        "walk",
    ],
    "retention rule remove": ["retention", "rule", "remove", "--type", "NOPE"],
    "retention centre": ["retention", "centre", "NOPE", "--lead-days", "3"],
    "retention death": ["retention", "death", "999999", "2026-01-01"],
    "retention candidates": ["retention", "candidates"],
    "retention report": ["retention", "report"],
    "retention recall": ["retention", "recall"],
    "retention box open": ["retention", "box", "open", "--note", "walk"],
    "retention box pack": ["retention", "box", "pack", "NOPE"],
    "retention box send": ["retention", "box", "send", "NOPE", "--to", "NOPE"],
    "retention box recall": ["retention", "box", "recall", "NOPE"],
    "retention box show": ["retention", "box", "show", "NOPE"],
    "retention box list": ["retention", "box", "list"],
    "retention box label": ["retention", "box", "label", "NOPE", "-o", "/nonexistent/walk/b.pdf"],
    "retention box manifest": [
        "retention",
        "box",
        "manifest",
        "NOPE",
        "-o",
        "/nonexistent/walk/m.pdf",
    ],
    "retention hold place": ["retention", "hold", "place", "--reason", "walk", "--mrn", "999999"],
    "retention hold release": ["retention", "hold", "release", "999", "--note", "walk"],
    "retention hold list": ["retention", "hold", "list"],
    "retention destroy propose": ["retention", "destroy", "propose", "NOPE", "--method", "walk"],
    "retention destroy approve": ["retention", "destroy", "approve", "999"],
    "retention destroy scan": ["retention", "destroy", "scan", "999"],
    "retention measure": ["retention", "measure", "1.5"],
    "retention destroy witness": ["retention", "destroy", "witness", "999", "--badge", "P-X"],
    "retention destroy show": ["retention", "destroy", "show", "999"],
    "retention destroy list": ["retention", "destroy", "list"],
    "retention destroy certificate": [
        "retention",
        "destroy",
        "certificate",
        "999",
        "-o",
        "/nonexistent/walk/c.pdf",
    ],
}
ACCOUNTS = {"clerk": Role.CLERK, "sam": Role.SUPERVISOR, "ada": Role.ADMIN, "night": Role.CLERK}


def test_the_readme_has_the_code_s_table() -> None:
    readme = README.read_text(encoding="utf-8")
    assert readme_with_table(readme) == readme, "run: python docs/permission_table.py"


def test_every_command_of_the_table_is_walked() -> None:
    assert set(ARGV) == set(COMMAND_PERMISSIONS) | set(OPTION_PERMISSIONS)


def _commands(parser: argparse.ArgumentParser, prefix: tuple[str, ...] = ()) -> set[str]:
    """Every command the parser runs, as the gate names it (``retention rule set``)."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return {
                name
                for word, sub in action.choices.items()
                for name in _commands(sub, (*prefix, word))
            }
    return {" ".join(prefix)}


def test_every_command_of_the_parser_has_its_place_in_the_table() -> None:
    known = set(COMMAND_PERMISSIONS) | OPEN_COMMANDS | SELF_CHECKED
    assert _commands(build_parser()) - known == set()


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
