"""The `recordsdesk` command as a subprocess for every test that runs it: one place signs in."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Sequence

# The command under test: this Python's package, or (for the installer's tests) a frozen build.
SOURCE_COMMAND = (sys.executable, "-m", "recordsdesk")


def run(
    url: str,
    *args: str,
    stdin: str | None = None,
    user: str | None = "ada",
    command: Sequence[str] = SOURCE_COMMAND,
) -> subprocess.CompletedProcess[str]:
    """``recordsdesk ARGS`` on the database ``url``, acting as ``user``."""
    env = {**os.environ, "RECORDSDESK_DB": url}
    env.pop("RECORDSDESK_USER", None)
    if user:
        env["RECORDSDESK_USER"] = user
    return subprocess.run(
        [*command, *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
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
        stdin="correct horse battery\n",
        user=None,
        command=command,
    )
    assert added.returncode == 0, added.stderr
