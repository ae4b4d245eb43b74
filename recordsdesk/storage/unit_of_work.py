"""One user action, one transaction: commit on success, roll back on anything else."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from types import TracebackType

from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from recordsdesk.domain.errors import Conflict, Unavailable
from recordsdesk.storage.engine import WRITE_OPTION


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


def translate_database_error(exc: BaseException) -> Exception | None:
    """The clerk-fit error for a database failure, or None when it is not one we can name."""
    if isinstance(exc, StaleDataError):
        return Conflict("This chart was changed at another desk just now: scan it again.")
    if isinstance(exc, IntegrityError):
        return Conflict("That would duplicate a record that already exists.")
    if isinstance(exc, OperationalError) or (
        isinstance(exc, DBAPIError) and exc.connection_invalidated
    ):
        text = str(exc.orig) if isinstance(exc, DBAPIError) else str(exc)
        if "locked" in text or "could not serialize" in text or "deadlock" in text:
            return Conflict("Another desk is busy with this record: scan it again.")
        first_line = text.strip().splitlines()[0] if text.strip() else "no answer"
        return Unavailable(f"The database cannot be reached ({first_line}).")
    return None


class Database:
    """The engine of one database and the units of work opened on it."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._read = sessionmaker(engine, expire_on_commit=False)
        self._write = sessionmaker(
            engine.execution_options(**{WRITE_OPTION: True}), expire_on_commit=False
        )

    @property
    def url(self) -> str:
        """The URL without its password, fit for a status bar."""
        return self.engine.url.render_as_string(hide_password=True)

    def reading(self) -> UnitOfWork:
        """A unit of work that only reads."""
        return UnitOfWork(self._read)

    def writing(self) -> UnitOfWork:
        """A unit of work that will write (takes SQLite's write lock up front)."""
        return UnitOfWork(self._write)

    def dispose(self) -> None:
        """Close every pooled connection."""
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
