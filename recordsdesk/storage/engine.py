"""Building an engine from a database URL: SQLite pragmas for durability, PostgreSQL pooling."""

from __future__ import annotations

import ipaddress
import os
import sqlite3
from pathlib import Path
from typing import Any

import platformdirs
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError

from recordsdesk.domain.errors import InvalidInput

# Execution option that makes a SQLite transaction take the write lock at BEGIN, so that a
# read-then-write never fails halfway on another desk's commit.
WRITE_OPTION = "recordsdesk_write"


def default_database_url() -> str:
    """The embedded default: one SQLite file in the user's data folder."""
    folder = Path(platformdirs.user_data_dir("RecordsDesk", appauthor=False))
    return f"sqlite:///{folder / 'recordsdesk.sqlite3'}"


def demo_database_url() -> str:
    """The demo database beside the default one."""
    folder = Path(platformdirs.user_data_dir("RecordsDesk", appauthor=False))
    return f"sqlite:///{folder / 'demo.sqlite3'}"


def _prepare_sqlite_file(database: str) -> None:
    """Create the folder, and the file readable by its owner only, before SQLite opens it."""
    if database in ("", ":memory:"):
        return
    path = Path(database)
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists():
        fd = os.open(path, os.O_CREAT | os.O_WRONLY, 0o600)
        os.close(fd)


# A RecordsDesk database has its schema revision and its ledger; an empty file is a new one.
_OURS = {"alembic_version", "movements", "volumes"}


def _refuse_foreign_file(database: str) -> None:
    """Refuse a file that is not a database, or another application's SQLite database.

    The file is probed through SQLite only, never opened and closed by Python: closing any
    descriptor of a file drops every POSIX lock this process holds on it, so a desk already
    open on the file in this process would look closed to the next one, which would then
    checkpoint and delete the write-ahead log under it and lose its later commits.
    """
    if database in ("", ":memory:"):
        return
    path = Path(database)
    try:
        if not path.is_file() or path.stat().st_size == 0:
            return
    except OSError as exc:
        raise InvalidInput(f"{path} cannot be read ({exc.strerror}).") from None
    if not os.access(path, os.R_OK):
        raise InvalidInput(f"{path} cannot be read (Permission denied).")
    try:
        connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            query = "SELECT name FROM sqlite_master WHERE type = 'table'"
            names = {row[0] for row in connection.execute(query)}
        finally:
            connection.close()
    except sqlite3.Error as exc:
        if getattr(exc, "sqlite_errorcode", None) == sqlite3.SQLITE_NOTADB:
            raise InvalidInput(
                f"{path} is not a database file: RecordsDesk will not touch it."
            ) from None
        raise InvalidInput(f"{path} cannot be opened as a database ({exc}).") from None
    if names and not names >= _OURS:
        raise InvalidInput(
            f"{path} is another application's database: RecordsDesk will not add its tables."
        )


def is_local_host(host: str | None) -> bool:
    """A Unix socket, no host at all, or a loopback address: traffic never leaves the machine."""
    if not host or host.startswith("/") or host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def with_tls_default(url: URL) -> URL:
    """``sslmode=verify-full`` unless the URL or PGSSLMODE says otherwise, for remote hosts."""
    if is_local_host(url.host) or "sslmode" in url.query or os.environ.get("PGSSLMODE"):
        return url
    return url.update_query_dict({"sslmode": "verify-full"})


def describe_protection(url: URL) -> str:
    """How the link to the database is protected, in a few words for a status bar."""
    if url.get_backend_name() == "sqlite":
        return "local file"
    if is_local_host(url.host):
        return "local connection"
    mode = str(url.query.get("sslmode") or os.environ.get("PGSSLMODE") or "prefer")
    return {
        "verify-full": "TLS, server certificate verified",
        "verify-ca": "TLS, certificate authority verified (host name not checked)",
        "require": "TLS, server NOT verified",
    }.get(mode, "NOT ENCRYPTED")


def _sqlite_on_connect(dbapi_connection: Any, _record: Any) -> None:
    # Transactions are begun by the "begin" hook below, not by the driver.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    # FULL in WAL mode syncs the log on every commit: an acknowledged scan survives a power cut.
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()


def _sqlite_on_begin(connection: Any) -> None:
    # On the driver's connection: every scan begins a transaction, and SQLAlchemy's execution
    # machinery (events, a result object) cost more than SQLite's BEGIN itself.
    write = connection.get_execution_options().get(WRITE_OPTION, False)
    statement = "BEGIN IMMEDIATE" if write else "BEGIN"
    try:
        connection.connection.driver_connection.execute(statement)
    except sqlite3.Error as exc:  # a lock not given in time: named like any database error
        raise DBAPIError.instance(
            statement, (), exc, sqlite3.Error, dialect=connection.dialect
        ) from exc


def build_engine(url: str) -> Engine:
    """An engine for ``url`` (sqlite:///path or postgresql+psycopg://...), set up for desk work."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise InvalidInput(f"'{url}' is not a database URL.") from None
    if parsed.get_backend_name() == "sqlite":
        _refuse_foreign_file(parsed.database or "")
        _prepare_sqlite_file(parsed.database or "")
        engine = create_engine(parsed, connect_args={"timeout": 10})
        event.listen(engine, "connect", _sqlite_on_connect)
        event.listen(engine, "begin", _sqlite_on_begin)
        return engine
    if parsed.get_backend_name() == "postgresql":
        if parsed.drivername == "postgresql":
            parsed = parsed.set(drivername="postgresql+psycopg")
        parsed = with_tls_default(parsed)
        return create_engine(
            parsed, pool_pre_ping=True, pool_size=5, connect_args={"connect_timeout": 5}
        )
    raise InvalidInput(
        f"Unsupported database '{parsed.get_backend_name()}': use sqlite:/// or postgresql://."
    )
