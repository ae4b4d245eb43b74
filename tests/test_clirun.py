"""tests/clirun.py's in-process run behaves as the `recordsdesk` subprocess does.

The same commands run both ways on two databases made the same way: the exit statuses, stdout
and stderr match (with each database's own path put back to one name), and so does what the
commands left in the database. The commands cover success, a refusal (1), a usage error from
argparse (2), not signed in (2), input on stdin, JSON out, non-ASCII text, and a command's help.
"""

from __future__ import annotations

import logging
import os
import re
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from tests.clirun import SOURCE_COMMAND, add_first_admin, run, run_in_process, runs_in_process
from tests.conftest import fresh_database

TIME = re.compile(r"\d{4}-\d\d-\d\d[T ]\d\d:\d\d(:\d\d(\.\d+)?)?([+-]\d\d:\d\d)?")
# (arguments, stdin, user): ada is the first administrator; None is nobody signed in.
COMMANDS: list[tuple[tuple[str, ...], str | None, str | None]] = [
    (("location", "add", "CARD", "--name", "Cardiology", "--kind", "clinic"), None, "ada"),
    (("location", "add", "CARD", "--name", "Again", "--kind", "clinic"), None, "ada"),
    (("patient", "add", "000042", "--name", "ØSTERGÅRD, Łukasz", "--volumes", "2"), None, "ada"),
    (("chart", "show", "000042", "--json"), None, "ada"),
    (("checkout", "--to", "CARD"), "nonsense\n", "ada"),
    (("location", "list"), None, "ada"),
    (("location", "list"), None, None),
    (("location", "frobnicate"), None, "ada"),
    (("location", "--help"), None, "ada"),
    (("user", "add", "cleo", "--role", "clerk", "--password-stdin"), "a long password\n", "ada"),
    (("--user", "cleo", "login", "--password-stdin"), "wrong password\n", None),
]


def _database(backend: str, tmp_path: Path, request: pytest.FixtureRequest, name: str) -> str:
    made = fresh_database(backend, tmp_path / name, request)
    url = next(made)
    request.addfinalizer(lambda: next(made, None))
    return url


@pytest.fixture
def twin_urls(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> tuple[str, str]:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    return (
        _database(backend, tmp_path, request, "a"),
        _database(backend, tmp_path, request, "b"),
    )


def _comparable(done: subprocess.CompletedProcess[str], url: str) -> tuple[int, str, str]:
    """What a run did, with its own database's URL and name written as DB, times as TIME."""
    texts = []
    for text in (done.stdout, done.stderr):
        for spelled in sorted({url, url.rsplit("/", 1)[-1]}, key=len, reverse=True):
            text = text.replace(spelled, "DB")
        texts.append(TIME.sub("TIME", text))
    return done.returncode, texts[0], texts[1]


def test_a_command_run_in_process_does_what_the_subprocess_does(
    twin_urls: tuple[str, str],
) -> None:
    in_process, subprocessed = twin_urls
    add_first_admin(in_process)
    add_first_admin(subprocessed, process=True)
    codes = set()
    for args, stdin, user in COMMANDS:
        here = run(in_process, *args, stdin=stdin, user=user)
        there = run(subprocessed, *args, stdin=stdin, user=user, process=True)
        assert _comparable(here, in_process) == _comparable(there, subprocessed), args
        codes.add(here.returncode)
    assert codes == {0, 1, 2}  # success, a refusal, usage and sign-in errors all compared
    listed = [
        run(url, "location", "list", "--json", process=True).stdout
        for url in (in_process, subprocessed)
    ]
    assert listed[0] == listed[1] and "Cardiology" in listed[0]


def test_a_run_in_process_leaves_the_process_as_it_found_it(tmp_path: Path) -> None:
    env_before = dict(os.environ)
    streams = (sys.stdin, sys.stdout, sys.stderr)
    root = logging.getLogger()
    handlers = root.handlers[:]
    cwd = os.getcwd()
    sigint = signal.getsignal(signal.SIGINT)
    env = {**os.environ, "RECORDSDESK_DB": f"sqlite:///{tmp_path / 'none.sqlite3'}", "X_T": "1"}
    done = run_in_process(["location", "list"], stdin=None, env=env)
    assert done.returncode == 2 and "sign in" in done.stderr  # nobody is signed in
    assert dict(os.environ) == env_before
    assert (sys.stdin, sys.stdout, sys.stderr) == streams
    assert root.handlers == handlers
    assert os.getcwd() == cwd
    assert signal.getsignal(signal.SIGINT) is sigint


def test_what_is_about_the_process_runs_as_a_subprocess() -> None:
    assert runs_in_process(SOURCE_COMMAND, ("location", "list"))
    assert not runs_in_process(SOURCE_COMMAND, ())  # no command: the window
    assert not runs_in_process(SOURCE_COMMAND, ("--demo",))
    assert not runs_in_process(("/opt/recordsdesk/recordsdesk",), ("location", "list"))
