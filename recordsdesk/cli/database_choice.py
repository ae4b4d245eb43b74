"""Which database a command opens: --demo, --db, RECORDSDESK_DB or the embedded default."""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path

from recordsdesk.services.setup.workstation import saved_database_url
from recordsdesk.storage.engine import default_database_url, demo_database_url


@dataclass(frozen=True)
class DatabaseChoice:
    """The URL, and where it came from."""

    url: str
    source: str  # "--demo", "--db", "RECORDSDESK_DB", "set-up" or "default"

    @property
    def sqlite_file(self) -> Path | None:
        """The SQLite file for a sqlite:/// URL, else None."""
        prefix = "sqlite:///"
        if not self.url.startswith(prefix) or self.url == prefix:
            return None
        return Path(self.url[len(prefix) :])


def choose_database(db: str | None, demo: bool) -> DatabaseChoice:
    """--demo, else --db, else RECORDSDESK_DB, else the set-up choice, else the embedded file."""
    if demo:
        return DatabaseChoice(demo_database_url(), "--demo")
    if db:
        return DatabaseChoice(db, "--db")
    if os.environ.get("RECORDSDESK_DB"):
        return DatabaseChoice(os.environ["RECORDSDESK_DB"], "RECORDSDESK_DB")
    saved = saved_database_url()
    if saved:
        return DatabaseChoice(saved, "set-up")
    return DatabaseChoice(default_database_url(), "default")


def announce_new_default(choice: DatabaseChoice, existed: bool) -> None:
    """Say which file was created when a command falls back to a default that was not there."""
    path = choice.sqlite_file
    if existed or path is None or choice.source != "default":
        return
    print(
        f"recordsdesk: created a new database at {path} (no --db or RECORDSDESK_DB given); "
        "set RECORDSDESK_DB to use another.",
        file=sys.stderr,
    )
