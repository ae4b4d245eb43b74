"""One user action, one transaction: commit on success, roll back on anything else."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from types import TracebackType

from sqlalchemy import Engine, event
from sqlalchemy.exc import DataError, DBAPIError, IntegrityError, OperationalError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from recordsdesk.domain.errors import Conflict, InvalidInput, PermissionDenied, Unavailable
from recordsdesk.storage import limits
from recordsdesk.storage.chain import HistoryChain
from recordsdesk.storage.engine import WRITE_OPTION, describe_protection

_SEALED = "recordsdesk_history_sealed"


class UnitOfWork:
    """A session for one action; nothing is kept unless ``commit()`` is called."""

    session: Session

    def __init__(self, factory: sessionmaker[Session]) -> None:
        self._factory = factory
        self._committed = False

    def __enter__(self) -> UnitOfWork:
        self.session = self._factory()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        try:
            if not self._committed:
                self.session.rollback()
        finally:
            self.session.close()
        if exc is not None:
            translated = translate_database_error(exc)
            if translated is not None:
                raise translated from exc

    def commit(self) -> None:
        """Make the action durable; once this returns, the work is on disk."""
        self.session.commit()
        self._committed = True


def _first_line(exc: DBAPIError) -> str:
    """The driver's message without the statement or its parameters: its first line only."""
    text = str(exc.orig) if exc.orig is not None else type(exc).__name__
    return text.strip().splitlines()[0] if text.strip() else "no answer"


def translate_database_error(exc: BaseException) -> Exception | None:
    """The clerk-fit error for a database failure, or None when it is not one we can name.

    Every message is one line naming the problem; never the SQL, never its parameters (they
    hold names, MRNs and dates of birth).
    """
    if isinstance(exc, StaleDataError):
        return Conflict("This chart was changed at another desk just now: scan it again.")
    if not isinstance(exc, DBAPIError):
        return None
    text = _first_line(exc)
    lowered = text.lower()
    if "append-only" in lowered:
        return PermissionDenied("History is append-only: the database refused to change it.")
    if "permission denied" in lowered or "must be owner" in lowered:
        return PermissionDenied("The database refused: this connection's role may not do that.")
    if isinstance(exc, IntegrityError):
        if "foreign key" in lowered:
            return Conflict("That refers to a record that does not exist (any more).")
        if "not null" in lowered or "null value" in lowered:
            return InvalidInput("A required value is missing.")
        return Conflict("That would duplicate a record that already exists.")
    if isinstance(exc, DataError):
        return InvalidInput(limits.describe_data_error(lowered))
    if isinstance(exc, OperationalError) or exc.connection_invalidated:
        if "locked" in text or "could not serialize" in text or "deadlock" in text:
            return Conflict("Another desk is busy with this record: scan it again.")
        if "not a database" in lowered or "malformed" in lowered:
            return Unavailable("The database file is not a database, or it is damaged.")
        return Unavailable(f"The database cannot be reached ({text}).")
    return Unavailable(f"The database refused the request ({type(exc.orig).__name__}).")


class Database:
    """The engine of one database and the units of work opened on it."""

    def __init__(self, engine: Engine, chain: HistoryChain | None = None) -> None:
        self.engine = engine
        self.chain = chain or HistoryChain(engine.url)
        self._read = sessionmaker(engine, expire_on_commit=False)
        self._write = sessionmaker(
            engine.execution_options(**{WRITE_OPTION: True}), expire_on_commit=False
        )
        for factory in (self._read, self._write):
            event.listen(factory, "before_commit", self._seal)
            event.listen(factory, "after_commit", self._sealed)
            event.listen(factory, "after_rollback", self.chain.discard)

    def _seal(self, session: Session) -> None:
        # History written in this transaction is linked into the chain as its last step, so
        # the chain's lock is held only from here to the commit.
        head = self.chain.seal(session)
        if head is not None:
            session.info[_SEALED] = head

    def _sealed(self, session: Session) -> None:
        self.chain.committed(session.info.pop(_SEALED, None))

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
        return UnitOfWork(self._read)

    def writing(self) -> UnitOfWork:
        """A unit of work that will write (takes SQLite's write lock up front)."""
        return UnitOfWork(self._write)

    def dispose(self) -> None:
        """Anchor the chain's head outside the database, and close every pooled connection."""
        self.chain.close()
        self.engine.dispose()


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
