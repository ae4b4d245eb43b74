"""The database this workstation opens when none is named: chosen once at set-up, kept in a file."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs


def database_choice_file() -> Path:
    """Where the choice is kept (readable by this user only: a server URL may hold a password)."""
    return Path(platformdirs.user_config_dir("RecordsDesk", appauthor=False)) / "database.url"


def saved_database_url() -> str | None:
    """The database chosen at set-up on this workstation, if one was."""
    try:
        text = database_choice_file().read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        return None
    return text or None


def save_database_url(url: str) -> Path:
    """Make ``url`` this workstation's database; the file it is kept in."""
    path = database_choice_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(".new")
    fd = os.open(temporary, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        out.write(url.strip() + "\n")
    temporary.replace(path)
    return path
