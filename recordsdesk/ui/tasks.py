"""The one task runner: slow work runs on a thread pool, its answer comes back on the GUI thread.

An answer whose page (or tab, or dialog) was deleted while the work ran is dropped: there is
no one left to show it to, and calling into the deleted widgets would raise.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from typing import Any, TypeVar

import shiboken6
from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

from recordsdesk.domain.errors import RecordsDeskError

T = TypeVar("T")
log = logging.getLogger(__name__)


class _Relay(QObject):
    """Lives on the GUI thread; the pool thread emits, the callbacks run here."""

    settled = Signal(object, object)

    def __init__(
        self,
        done: Callable[[Any], None],
        failed: Callable[[RecordsDeskError], None] | None,
        forget: Callable[[_Relay], None],
        owner: QObject | None,
    ) -> None:
        super().__init__()
        self._done = done
        self._failed = failed
        self._forget = forget
        self._owner = owner
        self.settled.connect(self._on_relay_settled)

    @Slot(object, object)
    def _on_relay_settled(self, value: object, error: object) -> None:
        self._forget(self)
        if self._owner is not None and not shiboken6.isValid(self._owner):
            # Its widget was deleted while the work ran (the page closed, the clerk signed
            # out). A refusal is noted in the log, by its kind only: its words can hold
            # patient data.
            if isinstance(error, RecordsDeskError):
                log.warning("not shown, its page was closed: %s", type(error).__name__)
            return
        if isinstance(error, RecordsDeskError):
            if self._failed is not None:
                self._failed(error)
        else:
            self._done(value)


def _owner_of(done: Callable[..., object]) -> object:
    """The object a callback belongs to: a method's object, or a closure's ``self``."""
    owner = getattr(done, "__self__", None)
    if owner is not None:
        return owner
    code, cells = getattr(done, "__code__", None), getattr(done, "__closure__", None)
    if code is None or not cells or "self" not in code.co_freevars:
        return None
    return cells[code.co_freevars.index("self")].cell_contents


class _Task(QRunnable):
    def __init__(self, work: Callable[[], Any], relay: _Relay) -> None:
        super().__init__()
        self._work = work
        self._relay = relay

    def run(self) -> None:
        try:
            value = self._work()
        except RecordsDeskError as exc:
            self._relay.settled.emit(None, exc)
            return
        except Exception as exc:
            # A bug: the crash hook (ui/crash_hook.py) writes its value-free crash log and
            # tells the clerk where; the caller hears a plain message.
            sys.excepthook(type(exc), exc, exc.__traceback__)
            self._relay.settled.emit(
                None, RecordsDeskError("Something went wrong and it was not done.")
            )
            return
        self._relay.settled.emit(value, None)


class TaskRunner(QObject):
    """Runs ``work`` off the GUI thread; ``done`` or ``failed`` is called on the GUI thread."""

    def __init__(self, threads: int = 2, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(threads)
        self._relays: set[_Relay] = set()
        self._newest: dict[tuple[int, str], int] = {}

    def run(
        self,
        work: Callable[[], T],
        done: Callable[[T], None],
        failed: Callable[[RecordsDeskError], None] | None = None,
        owner: object = None,
    ) -> None:
        """Start ``work``; a RecordsDeskError it raises goes to ``failed``. Neither is called
        once ``owner``, a Qt object, is deleted: by default the widget ``done`` belongs to
        (the object of a method, or the ``self`` a lambda written in a method uses)."""
        owner = _owner_of(done) if owner is None else owner
        relay = _Relay(
            done, failed, self._relays.discard, owner if isinstance(owner, QObject) else None
        )
        self._relays.add(relay)
        self._pool.start(_Task(work, relay))

    def run_newest(
        self,
        owner: object,
        what: str,
        work: Callable[[], T],
        done: Callable[[T], None],
        failed: Callable[[RecordsDeskError], None] | None = None,
    ) -> None:
        """``run``, for a load that is asked for again and again (a box, a list): only the
        newest one asked for ``what`` by ``owner`` is answered. The pool has more than one
        thread, so an older load can end after a newer one; its stale answer is dropped."""
        key = (id(owner), what)
        ticket = self._newest[key] = self._newest.get(key, 0) + 1

        def answered(value: T) -> None:
            if self._newest.get(key) == ticket:
                done(value)

        def refused(error: RecordsDeskError) -> None:
            if self._newest.get(key) == ticket and failed is not None:
                failed(error)

        self.run(work, answered, refused, owner)

    def idle(self) -> bool:
        """Whether no task is running or waiting."""
        return self._pool.activeThreadCount() == 0 and not self._relays

    def wait(self, msecs: int = 30000) -> bool:
        """Block until the running tasks finish (at shutdown)."""
        return bool(self._pool.waitForDone(msecs))
