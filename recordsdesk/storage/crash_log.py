"""Crash logs: where an unexpected error happened, owner-only, with no message and no value."""

from __future__ import annotations

import os
import re
import sys
import traceback
from datetime import UTC, datetime
from pathlib import Path

import platformdirs


def crash_folder() -> Path:
    """Where crash logs go: the user's own state folder, readable by the user alone."""
    return Path(platformdirs.user_state_dir("RecordsDesk", appauthor=False)) / "crashes"


def _command() -> str:
    # The first word that names a command; never an option (--db=URL can hold a password).
    words = [a for a in sys.argv[1:] if re.fullmatch(r"[a-z][a-z-]{0,30}", a)]
    return words[0] if words else ""


def write_crash_log(exc: BaseException, command: str | None = None) -> Path:
    """Write where the failure happened (exception types, files, lines, functions) and nothing
    else: messages and values can hold SQL, names, MRNs and dates of birth.

    The file is new (never one already there), 0600, in a 0700 folder; ``command``: what was
    running ("window" for the desk), else the command line's first command word.
    """
    folder = crash_folder()
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    os.chmod(folder, 0o700)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S.%fZ")
    running = _command() if command is None else command
    lines = [f"recordsdesk crashed at {stamp}; command: {running}\n"]
    seen: BaseException | None = exc
    chained = 0
    while seen is not None and chained < 20:
        lines.append(f"{type(seen).__module__}.{type(seen).__qualname__}\n")
        for frame in traceback.extract_tb(seen.__traceback__):
            lines.append(f"  {frame.filename}:{frame.lineno} in {frame.name}\n")
        seen = seen.__cause__ or seen.__context__
        chained += 1
    for attempt in range(100):
        path = folder / f"crash-{stamp}-{os.getpid()}-{attempt}.log"
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
        except FileExistsError:
            continue
        with os.fdopen(fd, "w", encoding="utf-8") as stream:
            stream.writelines(lines)
        return path
    raise FileExistsError(f"no new crash log name in {folder}")
