"""Running the command line in-process: a private state folder, a fixed machine, the test clock."""

from __future__ import annotations

import io
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from recordsdesk.cli.main import main
from recordsdesk.services.identity.machine import Machine
from tests.conftest import FakeClock

MACHINE = Machine("0123456789abcdef0123456789abcdef", "testhost")
ADA_PASSWORD = "correct horse battery"


@dataclass(frozen=True)
class Ran:
    """What one command did."""

    code: int
    out: str
    err: str


Cli = Callable[..., Ran]


@pytest.fixture
def state_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "state"
    home.mkdir(mode=0o700)
    monkeypatch.setenv("XDG_STATE_HOME", str(home))
    for name in ("RECORDSDESK_USER", "RECORDSDESK_TOKEN_FILE", "RECORDSDESK_DB"):
        monkeypatch.delenv(name, raising=False)
    return home


@pytest.fixture
def cli(
    db_url: str,
    clock: FakeClock,
    state_home: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> Cli:
    """``cli("chart", "show", "1", stdin=..., machine=...)`` on the test database."""

    def run(*argv: str, stdin: str = "", machine: Machine = MACHINE, url: str = db_url) -> Ran:
        capsys.readouterr()
        monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
        code = main(["--db", url, *argv], clock=clock, machine=machine)
        captured = capsys.readouterr()
        return Ran(code, captured.out, captured.err)

    return run


@pytest.fixture
def signed_in_ada(cli: Cli) -> Cli:
    """A database whose first administrator, ada, has signed in on the command line."""
    added = cli("user", "add", "ada", "--role", "admin", "--password-stdin", stdin=ADA_PASSWORD)
    assert added.code == 0, added.err
    login = cli("--user", "ada", "login", "--password-stdin", stdin=ADA_PASSWORD)
    assert login.code == 0, login.err
    return cli
