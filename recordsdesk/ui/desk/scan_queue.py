"""The one way scans are applied: in the order read, one at a time, on one worker thread.

Every page that takes scans (the desk, pull lists, refiling) posts its work here; the answers
come back on the GUI thread in the same order. A database that cannot be reached is said
once, scans meanwhile are answered "not saved" at once, and a probe finds it back.

The worker is a Python thread waiting on a queue, not a Qt thread pool: a pool's thread has
no Python state of its own between jobs, so each job made one and threw it away, with a
Python wrapper for the job besides (0.2 ms of a lone scan's 1.6 ms, measured in
``benchmarks/bench_desk_window.py``).
"""

from __future__ import annotations

import queue
import sys
import threading
from collections.abc import Callable
from functools import partial

import shiboken6
from PySide6.QtCore import QCoreApplication, QDeadlineTimer, QObject, QThread, QTimer, Signal, Slot

from recordsdesk.domain.circulation import Outcome
from recordsdesk.domain.errors import RecordsDeskError, Unavailable

UNAVAILABLE_MESSAGE = "Not saved: the database cannot be reached. Scan it again when it is back."
ERROR_MESSAGE = "Not saved: something went wrong (see log)."


class _Relay(QObject):
    """Lives on the GUI thread: the worker emits, the queue hears it there, in order."""

    settled = Signal(int, object, object, str)  # seq, value, failure outcome, message
    lost = Signal(str)
    restored = Signal()


# What the worker is given: a job to run, or None to end.
_Jobs = queue.SimpleQueue[Callable[[], None] | None]


def _serve(jobs: _Jobs, relay: QObject) -> None:
    """The worker: run each job in the order posted, until told to end."""
    while True:
        job = jobs.get()
        if job is None:
            return
        try:
            job()
        except Exception as exc:
            if isinstance(exc, RuntimeError) and not shiboken6.isValid(relay):
                continue  # its page closed while the job ran: no one is left to answer
            sys.excepthook(type(exc), exc, exc.__traceback__)  # a bug: logged, the worker lives


def _end(jobs: _Jobs, *_destroyed: object) -> None:
    jobs.put(None)


class ScanQueue(QObject):
    """Posts work in order to its one worker thread; ``answered`` or ``failed`` follows each."""

    answered = Signal(int, object)  # seq, what the work returned
    failed = Signal(int, object, str)  # seq, Outcome, message for the clerk
    database_lost = Signal(str)
    database_restored = Signal()

    def __init__(
        self,
        probe: Callable[[], object] | None = None,
        probe_ms: int = 2000,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        # One worker, strictly in order, started by the first job and kept warm after it;
        # it ends when the queue is stopped or deleted (a daemon: it never holds the
        # application open).
        self._jobs: _Jobs = queue.SimpleQueue()
        self._worker: threading.Thread | None = None
        self.destroyed.connect(partial(_end, self._jobs))
        self._relay = _Relay(self)
        self._relay.settled.connect(self._on_relay_settled)
        self._relay.lost.connect(self._on_relay_lost)
        self._relay.restored.connect(self._on_relay_restored)
        self._pending: set[int] = set()
        self._probe = probe
        self._down = False  # read and written on the worker only
        self._probing = False
        self._probe_timer = QTimer(self)
        self._probe_timer.setInterval(probe_ms)
        self._probe_timer.timeout.connect(self._on_probe_timer_timeout)

    @property
    def pending(self) -> int:
        """Work posted and not yet answered."""
        return len(self._pending)

    def post(self, seq: int, work: Callable[[], object]) -> None:
        """Queue ``work`` behind everything posted before it."""
        self._pending.add(seq)
        self._start_worker()
        self._jobs.put(partial(self._run, seq, work))

    def _start_worker(self) -> None:
        if self._worker is None:
            self._worker = threading.Thread(
                target=_serve,
                args=(self._jobs, self._relay),
                name="recordsdesk-scans",
                daemon=True,
            )
            self._worker.start()

    # On the worker ----------------------------------------------------------------------

    def _run(self, seq: int, work: Callable[[], object]) -> None:
        if self._down:
            self._relay.settled.emit(seq, None, Outcome.UNAVAILABLE, UNAVAILABLE_MESSAGE)
            return
        try:
            value = work()
        except Unavailable as exc:
            self._down = True
            self._relay.lost.emit(exc.message)
            self._relay.settled.emit(seq, None, Outcome.UNAVAILABLE, UNAVAILABLE_MESSAGE)
            return
        except RecordsDeskError as exc:
            self._relay.settled.emit(seq, None, Outcome.REFUSED, exc.message)
            return
        except Exception as exc:
            # A bug, not a clerk's error: the crash hook logs it without values (its message
            # can hold patient data); say it was not saved, keep the queue alive.
            sys.excepthook(type(exc), exc, exc.__traceback__)
            self._relay.settled.emit(seq, None, Outcome.ERROR, ERROR_MESSAGE)
            return
        self._relay.settled.emit(seq, value, None, "")

    def _run_probe(self) -> None:
        assert self._probe is not None
        try:
            self._probe()
        except RecordsDeskError:
            self._relay.settled.emit(0, None, None, "")  # ends the probe; still down
            return
        except Exception as exc:
            sys.excepthook(type(exc), exc, exc.__traceback__)  # the crash hook, without values
            self._relay.settled.emit(0, None, None, "")
            return
        self._down = False
        self._relay.restored.emit()

    # On the GUI thread ------------------------------------------------------------------

    @Slot(int, object, object, str)
    def _on_relay_settled(self, seq: int, value: object, failure: object, message: str) -> None:
        if seq == 0:
            self._probing = False
            return
        self._pending.discard(seq)
        if isinstance(failure, Outcome):
            self.failed.emit(seq, failure, message)
        else:
            self.answered.emit(seq, value)

    @Slot(str)
    def _on_relay_lost(self, message: str) -> None:
        if self._probe is not None:
            self._probe_timer.start()
        self.database_lost.emit(message)

    @Slot()
    def _on_relay_restored(self) -> None:
        self._probing = False
        self._probe_timer.stop()
        self.database_restored.emit()

    @Slot()
    def _on_probe_timer_timeout(self) -> None:
        if self._probe is None or self._probing:
            return
        self._probing = True
        self._start_worker()
        self._jobs.put(self._run_probe)

    def drain(self, msecs: int = 15000) -> bool:
        """Let every posted job finish and be answered (at close); False if time ran out."""
        deadline = QDeadlineTimer(msecs)
        while self._pending and not deadline.hasExpired():
            QCoreApplication.processEvents()
            QThread.msleep(1)
        return not self._pending

    def stop(self) -> None:
        """Answer what is queued, then let the worker go."""
        self._probe_timer.stop()
        self.drain()
        worker, self._worker = self._worker, None
        if worker is not None:
            self._jobs.put(None)
            worker.join(15)
