"""The `recordsdesk` command for every test that runs it: one place signs in.

``run(url, ..., user="ada")`` runs the command as ada, signed in: each (database, user) has
its own state folder (XDG_STATE_HOME) holding a command-line session, opened in-process the
first time (and again whenever it has ended), as `login` would after checking the password.
``signed_in=False`` uses that folder without opening a session (to test `login` itself and
what happens without one); ``token_file`` runs as a service account instead.

A command-line command runs in this process (``run_in_process``): the command's entry point
with the environment, arguments, stdin, stdout and stderr a subprocess would have, and its exit
status as a subprocess would report it; about 0.7 s of a core less each time (a new Python and
the application's imports). ``process=True``, a frozen ``command``, no command word (that opens
the window), or a call from another thread starts a real subprocess instead; so do ``start``
(pipes, signals) and the tests that are about the process itself. tests/test_clirun.py runs
commands both ways and compares what they did.
"""

from __future__ import annotations

import hashlib
import io
import logging
import os
import signal
import subprocess
import sys
import tempfile
import threading
import traceback
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import recordsdesk.__main__ as entry_point
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
    process: bool = False,
) -> subprocess.CompletedProcess[str]:
    """``recordsdesk ARGS`` on the database ``url``, signed in as ``user``.

    In this process unless ``process`` (or the module's docstring says otherwise); ``timeout``
    bounds a subprocess only.
    """
    if user and signed_in and token_file is None:
        sign_in(url, user)
    env = command_env(url, user, token_file)
    if not process and runs_in_process(command, args):
        return run_in_process(args, stdin=stdin, env=env)
    return subprocess.run(
        [*command, *args],
        input=stdin,
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=timeout,
    )


def runs_in_process(command: Sequence[str], args: Sequence[str]) -> bool:
    """Whether ``command ARGS`` can run in this process: the source command, a command word
    (no word opens the window), and the main thread (the environment is the process's own)."""
    return (
        tuple(command) == SOURCE_COMMAND
        and entry_point._names_a_command(list(args))
        and threading.current_thread() is threading.main_thread()
    )


def run_in_process(
    args: Sequence[str], *, stdin: str | None, env: dict[str, str]
) -> subprocess.CompletedProcess[str]:
    """``python -m recordsdesk ARGS`` run by its entry point here, as a subprocess would see it.

    The environment is ``env`` alone for the run; stdin holds ``stdin`` (empty for None); stdout
    and stderr are captured as bytes and decoded as ``subprocess.run(text=True)`` decodes a
    child's pipes; the status is what the interpreter would exit with (SystemExit's code; an
    exception that escapes: its traceback and 1). The process's global state a command could
    change (environment, working folder, umask, argv, signal handlers, the root logger) is put
    back afterwards.
    """
    # A child started with PYTHONUTF8=1 has exactly these streams (PEP 540).
    given = io.TextIOWrapper(
        io.BytesIO((stdin or "").encode("utf-8")), encoding="utf-8", errors="surrogateescape"
    )
    out = io.TextIOWrapper(io.BytesIO(), encoding="utf-8", errors="surrogateescape")
    err = io.TextIOWrapper(io.BytesIO(), encoding="utf-8", errors="backslashreplace")
    with _isolated(env, args):
        sys.stdin, sys.stdout, sys.stderr = given, out, err
        code = _exit_status(lambda: entry_point.main(list(args)))
    written = []
    for stream in (out, err):
        stream.flush()
        written.append(_as_text(stream.buffer.getvalue()))  # type: ignore[attr-defined]
    return subprocess.CompletedProcess([*SOURCE_COMMAND, *args], code, *written)


def _exit_status(main: Callable[[], object]) -> int:
    """The exit status of ``sys.exit(main())`` in a fresh interpreter."""
    try:
        returned = main()
    except SystemExit as exc:
        returned = exc.code
    except Exception:  # what the interpreter does with an exception nobody caught
        traceback.print_exc()
        return 1
    if returned is None:
        return 0
    if isinstance(returned, int):
        return returned & 0xFF  # a status is one byte, as the parent reads it
    print(returned, file=sys.stderr)
    return 1


def _as_text(data: bytes) -> str:
    """Bytes of a pipe as ``subprocess.run(text=True, encoding="utf-8")`` gives them."""
    return io.TextIOWrapper(io.BytesIO(data), encoding="utf-8").read()


@contextmanager
def _isolated(env: dict[str, str], args: Sequence[str]) -> Iterator[None]:
    saved_env = dict(os.environ)
    saved_streams = (sys.stdin, sys.stdout, sys.stderr)
    saved_argv = sys.argv
    saved_cwd = os.getcwd()
    saved_umask = os.umask(0o022)
    os.umask(saved_umask)
    saved_signals = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM)}
    root = logging.getLogger()
    saved_logging = (root.handlers[:], root.level, logging.root.manager.disable)
    os.environ.clear()
    os.environ.update(env)
    sys.argv = [entry_point.__file__, *args]
    # A fresh interpreter's root logger: no handler (warnings reach stderr by logging's last
    # resort), level WARNING; the test run's capturing handlers are put back afterwards.
    root.handlers = []
    root.setLevel(logging.WARNING)
    logging.disable(logging.NOTSET)
    try:
        yield
    finally:
        sys.stdin, sys.stdout, sys.stderr = saved_streams
        sys.argv = saved_argv
        os.environ.clear()
        os.environ.update(saved_env)
        os.chdir(saved_cwd)
        os.umask(saved_umask)
        for number, handler in saved_signals.items():
            if handler is not None:
                signal.signal(number, handler)
        root.handlers, level, disabled = saved_logging
        root.setLevel(level)
        logging.disable(disabled)


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


def add_first_admin(
    url: str, command: Sequence[str] = SOURCE_COMMAND, process: bool = False
) -> None:
    """The first user of an empty database: ada, an administrator (``process``: as ``run``)."""
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
        process=process,
    )
    assert added.returncode == 0, added.stderr
