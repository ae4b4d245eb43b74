"""Testing a database before a workstation is pointed at it: reachable, encrypted, which schema."""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DBAPIError

from recordsdesk.domain.errors import RecordsDeskError
from recordsdesk.storage import schema
from recordsdesk.storage.engine import build_engine
from recordsdesk.storage.models import User

_LOCAL_HOSTS = ("", "localhost", "127.0.0.1", "::1")
_LOCAL_FILE = "a local file (nothing travels on a network)"


@dataclass(frozen=True)
class DatabaseCheck:
    """What a connection test found; ``ok`` is False with ``message`` saying why."""

    url: str  # the password hidden
    ok: bool
    kind: str  # "embedded" or "server"
    message: str
    server: str = ""
    encryption: str = ""  # "TLSv1.3 (TLS_AES_256_GCM_SHA384)", "not encrypted", "local file"
    encrypted: bool | None = None  # None: a local file, nothing travels on a network
    local: bool = True
    schema: str = ""  # "empty", "current", "older", "newer"
    users: int = 0

    @property
    def tls_needed(self) -> bool:
        """A server across the network without TLS: the design says it must not be used so."""
        return self.kind == "server" and not self.local and self.encrypted is False


def shown_url(url: str) -> str:
    """``url`` with its password hidden, as reports show it."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return url


def _schema_state(current: str | None) -> str:
    if current is None:
        return "empty"
    head = schema.head_revision()
    if current == head:
        return "current"
    return "older" if current < (head or "") else "newer"


def _new_file(shown: str, path: Path) -> DatabaseCheck:
    """A file not there yet: said so without making it (a test changes nothing)."""
    folder = path.parent
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    if not os.access(folder, os.W_OK):
        return DatabaseCheck(shown, False, "embedded", f"Cannot write in {folder}.")
    return DatabaseCheck(
        shown,
        True,
        "embedded",
        "No file there yet: RecordsDesk will create it, empty, readable by you only.",
        server=f"SQLite {sqlite3.sqlite_version}",
        encryption=_LOCAL_FILE,
        schema="empty",
    )


def check_database(url: str) -> DatabaseCheck:
    """Connect to ``url`` once and report; never raises for a database that cannot be reached."""
    shown = shown_url(url)
    try:
        parsed = make_url(url)
    except ArgumentError:
        return DatabaseCheck(shown, False, "server", f"'{url}' is not a database URL.")
    kind = "embedded" if parsed.get_backend_name() == "sqlite" else "server"
    host = parsed.host or ""
    local = kind == "embedded" or host in _LOCAL_HOSTS or host.startswith("/")
    if kind == "embedded" and parsed.database and not Path(parsed.database).exists():
        return _new_file(shown, Path(parsed.database))
    try:
        engine = build_engine(url)
    except RecordsDeskError as exc:
        return DatabaseCheck(shown, False, kind, exc.message, local=local)
    try:
        with engine.connect() as connection:
            if kind == "embedded":
                server = "SQLite " + str(
                    connection.exec_driver_sql("select sqlite_version()").scalar()
                )
                encryption, encrypted = _LOCAL_FILE, None
            else:
                server = str(connection.execute(text("show server_version")).scalar())
                server = f"PostgreSQL {server}"
                row = connection.execute(
                    text(
                        "select ssl, version, cipher from pg_stat_ssl where pid = pg_backend_pid()"
                    )
                ).first()
                encrypted = bool(row and row[0])
                encryption = f"{row[1]} ({row[2]})" if row and row[0] else "not encrypted"
        current = schema.current_revision(engine)
        state = _schema_state(current)
        users = 0
        if state == "current":
            with engine.connect() as connection:
                users = int(connection.execute(select(func.count(User.id))).scalar() or 0)
    except DBAPIError as exc:
        reason = str(exc.orig).strip().splitlines()[0] if exc.orig else type(exc).__name__
        return DatabaseCheck(shown, False, kind, f"Cannot connect: {reason}", local=local)
    finally:
        engine.dispose()
    message = {
        "empty": "Connected. The database is empty: RecordsDesk will create its tables.",
        "current": f"Connected. RecordsDesk's tables are there, with {users} user(s).",
        "older": "Connected. The tables are from an older RecordsDesk: they will be upgraded.",
        "newer": "Connected, but the tables are from a newer RecordsDesk: update this one first.",
    }[state]
    if kind == "server" and not local and not encrypted:
        message += " Warning: the connection is not encrypted (add ?sslmode=require)."
    return DatabaseCheck(
        shown,
        state != "newer",
        kind,
        message,
        server=server,
        encryption=encryption,
        encrypted=encrypted,
        local=local,
        schema=state,
        users=users,
    )
