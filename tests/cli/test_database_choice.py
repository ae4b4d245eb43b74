"""Which database a command opens, and the one line said when it creates the default."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from recordsdesk.cli.context import CommandContext
from recordsdesk.cli.database_choice import DatabaseChoice, choose_database
from recordsdesk.services.setup.workstation import save_database_url


def _context(**given: object) -> CommandContext:
    args = {"db": None, "demo": False, "user": None, "workstation": None, "command": "location"}
    args.update(given)
    return CommandContext(argparse.Namespace(**args))


def test_demo_then_db_then_environment_then_default(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("RECORDSDESK_DB", "sqlite:///env.sqlite3")
    assert choose_database("sqlite:///x.db", demo=True).source == "--demo"
    assert choose_database("sqlite:///x.db", demo=True).url.endswith("demo.sqlite3")
    assert choose_database("sqlite:///x.db", demo=False).url == "sqlite:///x.db"
    assert choose_database(None, demo=False).source == "RECORDSDESK_DB"
    monkeypatch.delenv("RECORDSDESK_DB")
    default = choose_database(None, demo=False)
    assert default.source == "default"
    assert default.sqlite_file == tmp_path / "RecordsDesk" / "recordsdesk.sqlite3"
    save_database_url("postgresql://desk@dbhost/records")
    assert choose_database(None, demo=False) == DatabaseChoice(
        "postgresql://desk@dbhost/records", "set-up"
    )


def test_the_default_database_is_named_once_when_it_is_created(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.delenv("RECORDSDESK_DB", raising=False)
    path = tmp_path / "RecordsDesk" / "recordsdesk.sqlite3"
    for _ in range(2):
        ctx = _context()
        assert ctx.services.users.count() == 0
        ctx.close()
    said = capsys.readouterr().err.splitlines()
    assert said == [
        f"recordsdesk: created a new database at {path} (no --db or RECORDSDESK_DB given); "
        "set RECORDSDESK_DB to use another."
    ]


def test_a_database_named_by_db_is_created_without_a_word(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ctx = _context(db=f"sqlite:///{tmp_path / 'named.sqlite3'}")
    assert ctx.services.users.count() == 0
    ctx.close()
    assert capsys.readouterr().err == ""
