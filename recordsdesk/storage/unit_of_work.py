"""One user action, one transaction: commit on success, roll back on anything else."""

from __future__ import annotations

import weakref
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from types import TracebackType

from sqlalchemy import Engine, event
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker

from recordsdesk.storage.chain import HistoryChain
from recordsdesk.storage.database_errors import translate_database_error
from recordsdesk.storage.engine import WRITE_OPTION, describe_protection

_SEALED = "recordsdesk_history_sealed"
__all__ = ["Database", "UnitOfWork", "translate_database_error", "translated_errors"]


class UnitOfWork:
    """A session for one action; nothing is kept unless ``commit()`` is called."""

    session: Session

    def __init__(self, factory: sessionmaker[Session], database: Database) -> None:
        self._factory = factory
        # Held while the work lasts: its commit hooks (which seal the history) hold the
        # database only weakly.
        self._database = database
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


class Database:
    """The engine of one database and the units of work opened on it."""

    def __init__(self, engine: Engine, chain: HistoryChain | None = None) -> None:
        self.engine = engine
        self.chain = chain or HistoryChain(engine.url)
        self._read = sessionmaker(engine, expire_on_commit=False)
        self._write = sessionmaker(
            engine.execution_options(**{WRITE_OPTION: True}), expire_on_commit=False
        )
        # Session events are kept with the session class, in a registry that lasts as long as
        # the process: a hook holding this Database itself would keep every Database ever made
        # (its engine, caches and pool) in memory. The hooks hold it weakly.
        for factory in (self._read, self._write):
            for name, hook in _hooks(self).items():
                event.listen(factory, name, hook)

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
        return UnitOfWork(self._read, self)

    def writing(self) -> UnitOfWork:
        """A unit of work that will write (takes SQLite's write lock up front)."""
        return UnitOfWork(self._write, self)

    def dispose(self) -> None:
        """Anchor the chain's head outside the database, and close every pooled connection."""
        self.chain.close()
        self.engine.dispose()


def _hooks(database: Database) -> dict[str, Callable[[Session], None]]:
    """The commit hooks of ``database``'s sessions, each holding it by a weak reference."""
    held = weakref.ref(database)

    def before_commit(session: Session) -> None:
        found = held()
        if found is not None:
            found._seal(session)

    def after_commit(session: Session) -> None:
        found = held()
        if found is not None:
            found._sealed(session)

    def after_rollback(session: Session) -> None:
        found = held()
        if found is not None:
            found.chain.discard(session)

    return {
        "before_commit": before_commit,
        "after_commit": after_commit,
        "after_rollback": after_rollback,
    }


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
