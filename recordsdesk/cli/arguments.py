"""Reading argument values strictly: dates, whole numbers, scans from arguments or stdin."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from datetime import date
from typing import TYPE_CHECKING

from recordsdesk.domain.errors import InvalidInput

if TYPE_CHECKING:
    from pathlib import Path


def path_arg(text: str) -> Path:
    """A file argument (pathlib is imported only when a command takes one)."""
    from pathlib import Path

    return Path(text)


def parse_date(text: str, what: str = "date") -> date:
    """A YYYY-MM-DD date, or InvalidInput naming the bad value."""
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise InvalidInput(f"'{text}' is not a valid {what}: write it YYYY-MM-DD.") from None


def scans_from(arguments: list[str]) -> Iterator[str]:
    """The scans given as arguments, else one per line of standard input as it arrives."""
    if arguments:
        yield from arguments
        return
    for line in sys.stdin:
        text = line.rstrip("\r\n")
        if text.strip():
            yield text


def read_password(prompt: str, from_stdin: bool) -> str | None:
    """A password: a line of stdin with --password-stdin, else typed at a terminal prompt
    (not echoed); None when neither is possible."""
    if from_stdin:
        line = sys.stdin.readline()
        if not line:
            raise InvalidInput(f"{prompt}: standard input ended before a password was read.")
        return line.rstrip("\r\n")
    if sys.stdin.isatty():
        import getpass

        return getpass.getpass(f"{prompt}: ")
    return None


def required_password(prompt: str, from_stdin: bool) -> str:
    """read_password, or InvalidInput saying how to give one."""
    password = read_password(prompt, from_stdin)
    if password is None:
        raise InvalidInput("Give the password on standard input with --password-stdin.")
    return password
