"""The `recordsdesk` command as a subprocess for every test that runs it: one place signs in.

``run(url, ..., user="ada")`` runs the command as ada, signed in: each (database, user) has
its own state folder (XDG_STATE_HOME) holding a command-line session, opened in-process the
first time (and again whenever it has ended), as `login` would after checking the password.
``signed_in=False`` uses that folder without opening a session (to test `login` itself and
what happens without one); ``token_file`` runs as a service account instead.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from recordsdesk.cli import session_file
from recordsdesk.domain.errors import RecordsDeskError
from recordsdesk.services.desk import build_services
from recordsdesk.services.identity.sessions import Ticket, database_fingerprint

# Put first on a subprocess's PYTHONPATH: its sitecustomize gives the command the test suite's
# cheap password hashing (tests/conftest.py, cheap_password_hashing).
TEST_SITE = Path(__file__).resolve().parent / "subprocess_site"
STATE_ROOT = Path(tempfile.gettempdir()) / f"recordsdesk-clirun-{os.getuid()}"
FIRST_ADMIN_PASSWORD = "correct horse battery"

# The command under test: this Python's package, or (for the installer's tests) a frozen build.
SOURCE_COMMAND = (sys.executable, "-m", "recordsdesk")


def state_home(url: str, user: str | None) -> Path:
    """The state folder of ``user``'s runs on ``url`` (its own session file)."""
    key = hashlib.sha256(f"{url}\0{user or ''}".encode()).hexdigest()[:20]
    return STATE_ROOT / key


def command_env(
    url: str, user: str | None = "ada", token_file: Path | None = None
) -> dict[str, str]:
    """The environment of a `recordsdesk` subprocess on ``url`` acting as ``user``."""
    env = {**os.environ, "RECORDSDESK_DB": url, "PYTHONUTF8": "1"}
    env["PYTHONPATH"] = os.pathsep.join(
        [str(TEST_SITE), *filter(None, [os.environ.get("PYTHONPATH")])]
    )
    for name in ("RECORDSDESK_USER", "RECORDSDESK_TOKEN_FILE"):
        env.pop(name, None)
    home = state_home(url, user)
    home.mkdir(parents=True, exist_ok=True, mode=0o700)
    env["XDG_STATE_HOME"] = str(home)
    if user:
        env["RECORDSDESK_USER"] = user
    if token_file is not None:
        env["RECORDSDESK_TOKEN_FILE"] = str(token_file)
    return env


def sign_in(url: str, user: str) -> None:
    """Make sure ``user`` has an open command-line session on ``url`` (no password asked:
    the test holds the database). A user that does not exist yet, or a database that cannot
    be reached, is left signed out: the command then says what is wrong."""
    home = state_home(url, user)
    try:
        services = build_services(url)
    except RecordsDeskError:
        return
    try:
        database = database_fingerprint(services.db)
        stored = session_file.load_from(database, home)
        if isinstance(stored, session_file.StoredSession) and services.sessions.is_open(
            Ticket(stored.session_id, stored.secret, stored.username, stored.database)
        ):
            return
        ticket = services.sessions.open_for(user, session_file.os_account(), "TEST")
        session_file.save(
            session_file.StoredSession(
                ticket.session_id, ticket.secret, ticket.username, ticket.database
            ),
            home,
        )
    except RecordsDeskError:
        return
    finally:
        services.close()


def run(
    url: str,
    *args: str,
    stdin: str | None = None,
    user: str | None = "ada",
    signed_in: bool = True,
    token_file: Path | None = None,
    timeout: float = 300,
    command: Sequence[str] = SOURCE_COMMAND,
) -> subprocess.CompletedProcess[str]:
    """``recordsdesk ARGS`` on the database ``url``, signed in as ``user``."""
    if user and signed_in and token_file is None:
        sign_in(url, user)
    return subprocess.run(
        [*command, *args],
        input=stdin,
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=command_env(url, user, token_file),
        timeout=timeout,
    )


def start(url: str, *args: str, user: str = "ada", **popen: object) -> subprocess.Popen[str]:
    """Start a signed-in `recordsdesk` command with pipes on stdin and stdout, line by line."""
    sign_in(url, user)
    return subprocess.Popen(  # type: ignore[call-overload, no-any-return]
        [sys.executable, "-m", "recordsdesk", *args],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
        bufsize=1,
        env=command_env(url, user),
        **popen,
    )


def add_first_admin(url: str, command: Sequence[str] = SOURCE_COMMAND) -> None:
    """The first user of an empty database: ada, an administrator."""
    added = run(
        url,
        "user",
        "add",
        "ada",
        "--role",
        "admin",
        "--password-stdin",
        stdin=FIRST_ADMIN_PASSWORD + "\n",
        user=None,
        command=command,
    )
    assert added.returncode == 0, added.stderr
