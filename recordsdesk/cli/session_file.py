"""The command-line session file: one per database, in the user's state folder, owner-only."""

from __future__ import annotations

import json
import os
import stat
import tempfile
from dataclasses import dataclass
from pathlib import Path

import platformdirs


@dataclass(frozen=True)
class StoredSession:
    """A session as the file keeps it."""

    session_id: int
    secret: str
    username: str
    database: str


def folder(state_home: Path | None = None) -> Path:
    """Where session files live: the platform's user state folder (else under ``state_home``,
    laid out as XDG_STATE_HOME is)."""
    if state_home is not None:
        return state_home / "RecordsDesk" / "sessions"
    return Path(platformdirs.user_state_dir("RecordsDesk", appauthor=False)) / "sessions"


def path_for(database: str, state_home: Path | None = None) -> Path:
    """The session file of the database with this fingerprint."""
    return folder(state_home) / f"{database[:32]}.json"


def os_account() -> str:
    """This process's operating-system account: the session is bound to it."""
    if hasattr(os, "getuid"):
        import pwd

        uid = os.getuid()
        try:
            return f"{uid}:{pwd.getpwuid(uid).pw_name}"
        except KeyError:
            return f"{uid}:"
    import getpass

    return f"windows:{os.environ.get('USERDOMAIN', '')}\\{getpass.getuser()}"


def private_problem(path: Path, what: str) -> str:
    """Why ``path`` may not hold a secret (not ours, or others may read it); "" when fine."""
    try:
        info = path.stat()
    except OSError as exc:
        return f"{what} {path} cannot be read ({exc.strerror})"
    if not stat.S_ISREG(info.st_mode):
        return f"{what} {path} is not a file"
    if hasattr(os, "getuid") and info.st_uid != os.getuid():
        return f"{what} {path} belongs to another system account"
    if os.name == "posix" and stat.S_IMODE(info.st_mode) & 0o077:
        mode = oct(stat.S_IMODE(info.st_mode))[2:]
        return f"{what} {path} can be read by others (mode {mode}): make it owner-only (chmod 600)"
    return ""


def load(database: str) -> StoredSession | str | None:
    """The stored session for this database; a problem as text; None when there is none."""
    return load_from(database, None)


def load_from(database: str, state_home: Path | None) -> StoredSession | str | None:
    """``load`` from the state folder ``state_home`` (None: the platform's)."""
    path = path_for(database, state_home)
    if not path.exists():
        return None
    problem = private_problem(path, "The session file")
    if problem:
        return problem
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return StoredSession(
            int(data["session"]), str(data["secret"]), str(data["user"]), str(data["database"])
        )
    except (OSError, ValueError, KeyError, TypeError):
        return f"The session file {path} is damaged: sign in again"


def save(stored: StoredSession, state_home: Path | None = None) -> Path:
    """Write the session file whole, readable by its owner only."""
    target = path_for(stored.database, state_home)
    target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd, temporary = tempfile.mkstemp(dir=target.parent, prefix=".session-")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(
                {
                    "session": stored.session_id,
                    "secret": stored.secret,
                    "user": stored.username,
                    "database": stored.database,
                },
                handle,
            )
        os.chmod(temporary, 0o600)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return target


def remove(database: str) -> None:
    """Delete this database's session file, if any."""
    path_for(database).unlink(missing_ok=True)
