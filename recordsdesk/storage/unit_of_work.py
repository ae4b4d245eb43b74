"""One user action, one transaction: commit on success, roll back on anything else."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import TracebackType
from typing import Any

from sqlalchemy import Connection, Engine
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from recordsdesk.storage.chain import HistoryChain
from recordsdesk.storage.database_errors import translate_database_error
from recordsdesk.storage.engine import WRITE_OPTION, describe_protection

__all__ = ["Database", "UnitOfWork", "translate_database_error", "translated_errors"]


class UnitOfWork:
    """One transaction on one connection; nothing is kept unless ``commit()`` is called.

    The connection is taken and its transaction begun on first use. The ORM session is made
    only when asked for (``session``), on that same connection and transaction: the scan
    path's statements run on the connection itself (``connection()``), and a check-out pays
    for no session. What was written as history is noted in ``info`` and sealed into the
    chain as the last step before the commit.
    """

    def __init__(self, database: Database, write: bool) -> None:
        # Held while the work lasts: the chain that seals its history belongs to it.
        self._database = database
        self._write = write
        self._conn: Connection | None = None
        self._session: Session | None = None
        self._committed = False
        self.info: dict[Any, Any] = {}

    def __enter__(self) -> UnitOfWork:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        try:
            self._close()
        except DBAPIError as closing:
            if exc is None:  # a rollback that failed (the link lost): said as any other
                translated = translate_database_error(closing)
                if translated is not None:
                    raise translated from closing
                raise
            # The action's own failure is the one to report; the link is gone with it.
        if exc is not None:
            translated = translate_database_error(exc)
            if translated is not None:
                raise translated from exc

    def _close(self) -> None:
        session, conn = self._session, self._conn
        self._session = self._conn = None
        try:
            if session is not None:
                session.close()
        finally:
            if conn is not None:
                kept = False
                try:
                    if not self._committed:
                        conn.rollback()
                    kept = self._database.keep(conn, self._write)
                finally:
                    if not kept:
                        conn.close()

    def connection(self) -> Connection:
        """The transaction's connection; taken, and the transaction begun, on first use."""
        conn = self._conn
        if conn is None:
            conn = self._database.take(self._write)
            try:
                conn.begin()
            except BaseException:
                conn.close()
                raise
            self._conn = conn
        return conn

    @property
    def session(self) -> Session:
        """An ORM session on this work's own transaction (made on first use)."""
        session = self._session
        if session is None:
            session = Session(
                bind=self.connection(),
                join_transaction_mode="rollback_only",
                expire_on_commit=False,
            )
            session.info = self.info  # rows the ORM inserts as history are noted here too
            self._session = session
        return session

    def flush(self) -> None:
        """Write what the ORM session holds, if one was made."""
        if self._session is not None:
            self._session.flush()

    def commit(self) -> None:
        """Make the action durable; once this returns, the work is on disk."""
        self.flush()
        # History written in this transaction is linked into the chain as its last step, so
        # the chain's lock is held only from here to the commit.
        head = self._database.chain.seal(self)
        if self._conn is not None:  # nothing read or written: nothing to commit
            self._conn.commit()
        self._committed = True
        self._database.chain.committed(head)


class Database:
    """The engine of one database and the units of work opened on it."""

    def __init__(self, engine: Engine, chain: HistoryChain | None = None) -> None:
        self.engine = engine
        self.chain = chain or HistoryChain(engine.url)
        self._writer = engine.execution_options(**{WRITE_OPTION: True})
        # A SQLite desk keeps one idle connection of each kind at hand between units of work:
        # taking it costs a lock, where the pool's check-out and check-in cost 11 µs alone
        # and 60-70 µs of a scan (bench_scan.py). A PostgreSQL connection always goes back
        # to the pool, which pings it before handing it out (a restarted server is met
        # there, not by a scan).
        self._keeps_spares = engine.dialect.name == "sqlite"
        self._spares: dict[bool, Connection] = {}
        self._spares_lock = threading.Lock()

    @property
    def url(self) -> str:
        """The URL without its password, fit for a status bar."""
        return self.engine.url.render_as_string(hide_password=True)

    @property
    def protection(self) -> str:
        """How the link to the database is protected (a local file, TLS verified, ...)."""
        return describe_protection(self.engine.url)

    def reading(self) -> UnitOfWork:
        """A unit of work that only reads."""
        return UnitOfWork(self, write=False)

    def writing(self) -> UnitOfWork:
        """A unit of work that will write (takes SQLite's write lock up front)."""
        return UnitOfWork(self, write=True)

    def take(self, write: bool) -> Connection:
        """A connection for one unit of work: the spare one if there is one, else the pool's."""
        if self._keeps_spares:
            with self._spares_lock:
                spare = self._spares.pop(write, None)
            if spare is not None:
                return spare
        return (self._writer if write else self.engine).connect()

    def keep(self, conn: Connection, write: bool) -> bool:
        """Keep ``conn`` as the spare of its kind; False if it is to be closed instead."""
        if not self._keeps_spares or conn.invalidated or conn.in_transaction():
            return False
        with self._spares_lock:
            if write in self._spares:
                return False
            self._spares[write] = conn
        return True

    def release_connections(self) -> None:
        """Close every idle connection, the spares too: the next unit of work opens afresh
        (after a restore, say, so that no connection carries what it read before)."""
        with self._spares_lock:
            spares, self._spares = list(self._spares.values()), {}
        for spare in spares:
            spare.close()
        self.engine.dispose()

    def dispose(self) -> None:
        """Anchor the chain's head outside the database, and close every connection."""
        self.chain.close()
        self.release_connections()


@contextmanager
def translated_errors() -> Iterator[None]:
    """Turn database failures outside a unit of work (connecting, migrating) into clear errors."""
    try:
        yield
    except DBAPIError as exc:
        translated = translate_database_error(exc)
        if translated is None:
            raise
        raise translated from exc
