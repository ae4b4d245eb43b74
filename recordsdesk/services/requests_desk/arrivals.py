"""Hearing that requests changed at another desk: LISTEN/NOTIFY on PostgreSQL, polling on SQLite."""

from __future__ import annotations

import logging
import threading
from typing import Any

from sqlalchemy import Connection, func, select, text

from recordsdesk.services.requests import RequestStatus
from recordsdesk.storage.dashboard_models import REQUESTS_CHANNEL
from recordsdesk.storage.models import ChartRequest
from recordsdesk.storage.unit_of_work import Database

log = logging.getLogger(__name__)


class ArrivalWatch:
    """``wait()`` returns True as soon as requests may have changed, False at the timeout.

    On PostgreSQL a trigger on ``requests`` sends NOTIFY and this listens on its own connection,
    so an answer comes within milliseconds; a marker (the newest request id and the pending
    count) is also compared every ``poll_seconds``, which is all SQLite has. Meant for one
    background thread; ``close()`` may be called from any thread.
    """

    def __init__(self, db: Database, poll_seconds: float = 1.0) -> None:
        if poll_seconds <= 0:
            raise ValueError("poll_seconds must be positive")
        self._db = db
        self._poll = poll_seconds
        self._closed = threading.Event()
        self._listener: Connection | None = None
        self._marker: tuple[int, int] | None = None
        self._waiting = False

    @property
    def listening(self) -> bool:
        """Whether notifications are heard (PostgreSQL) rather than only polled for."""
        return self._listener is not None

    def start(self) -> None:
        """Take the first marker and, on PostgreSQL, start listening."""
        self._marker = self._read_marker()
        if self._db.engine.dialect.name == "postgresql":
            connection = self._db.engine.connect().execution_options(isolation_level="AUTOCOMMIT")
            connection.execute(text(f"LISTEN {REQUESTS_CHANNEL}"))
            self._listener = connection

    def _read_marker(self) -> tuple[int, int]:
        with self._db.reading() as uow:
            newest, pending = uow.session.execute(
                select(
                    select(func.max(ChartRequest.id)).scalar_subquery(),
                    select(func.count())
                    .select_from(ChartRequest)
                    .where(ChartRequest.status == RequestStatus.PENDING.value)
                    .scalar_subquery(),
                )
            ).one()
        return int(newest or 0), int(pending or 0)

    def _changed(self) -> bool:
        marker = self._read_marker()
        changed = marker != self._marker
        self._marker = marker
        return changed

    def wait(self, timeout: float) -> bool:
        """Block up to ``timeout`` seconds for a change; True when one was seen."""
        if self._marker is None:
            self.start()
        self._waiting = True
        try:
            return self._wait(timeout)
        finally:
            self._waiting = False
            if self._closed.is_set():
                self._release()

    def _wait(self, timeout: float) -> bool:
        remaining = timeout
        while remaining > 0 and not self._closed.is_set():
            step = min(self._poll, remaining)
            if self._listener is not None:
                if self._notified(step):
                    self._marker = self._read_marker()
                    return True
            elif self._closed.wait(step):
                return False
            remaining -= step
            if self._changed():
                return True
        return False

    def _notified(self, seconds: float) -> bool:
        assert self._listener is not None
        driver: Any = self._listener.connection.driver_connection
        heard = False
        for _ in driver.notifies(timeout=seconds, stop_after=1):
            heard = True
        return heard

    def reset(self) -> None:
        """After a failure (the database away): let go of the listener; the next ``wait()``
        starts again from a fresh marker. Call it from the waiting thread."""
        self._release()
        self._marker = None

    def pause(self, seconds: float) -> bool:
        """Wait ``seconds`` unless closed first; True when closed."""
        return self._closed.wait(seconds)

    def close(self) -> None:
        """Stop waiting; the listening connection is let go by the thread that waits on it
        (within one poll interval), or here when nobody waits."""
        self._closed.set()
        if not self._waiting:
            self._release()

    def _release(self) -> None:
        listener, self._listener = self._listener, None
        if listener is not None:
            try:
                listener.close()
            except Exception:  # closing a connection another thread is blocked on
                log.debug("listener closed while in use", exc_info=True)
