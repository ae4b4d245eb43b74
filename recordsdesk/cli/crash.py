"""What an unexpected error leaves behind: a private crash log, free of patient data."""

from __future__ import annotations

import os
import sys
import traceback
from datetime import UTC, datetime
from pathlib import Path


def crash_folder() -> Path:
    """Where crash logs go: the user's own state folder, readable by the user alone."""
    import platformdirs

    return Path(platformdirs.user_state_dir("RecordsDesk", appauthor=False)) / "crashes"


def write_crash_log(exc: BaseException) -> Path:
    """Write where the failure happened (exception types, files, lines, functions) and nothing
    else: messages and values can hold SQL, names, MRNs and dates of birth."""
    folder = crash_folder()
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    os.chmod(folder, 0o700)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    path = folder / f"crash-{stamp}-{os.getpid()}.log"
    lines = [f"recordsdesk crashed at {stamp}; command: {' '.join(sys.argv[1:2])}\n"]
    seen: BaseException | None = exc
    while seen is not None:
        lines.append(f"{type(seen).__module__}.{type(seen).__qualname__}\n")
        for frame in traceback.extract_tb(seen.__traceback__):
            lines.append(f"  {frame.filename}:{frame.lineno} in {frame.name}\n")
        seen = seen.__cause__ or seen.__context__
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as stream:
        stream.writelines(lines)
    return path


def password_in_url_warning(url: str | None) -> str | None:
    """A warning when a database URL carries a password (any user of the machine sees it)."""
    if url and "://" in url and "@" in url.split("://", 1)[1].split("/", 1)[0]:
        credentials = url.split("://", 1)[1].split("@", 1)[0]
        if ":" in credentials:
            return (
                "warning: a password in --db is visible to every user of this machine (ps): "
                "use ~/.pgpass, a service file or PGPASSWORD instead."
            )
    return None
