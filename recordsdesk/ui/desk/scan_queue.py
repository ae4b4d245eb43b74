"""The scan queue: one worker thread applies scans in the order read and answers each by signal."""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QDeadlineTimer, QObject, QThread, QTimer, Signal, Slot

from recordsdesk.domain.errors import Conflict, RecordsDeskError, Unavailable
from recordsdesk.services.actors import Actor
from recordsdesk.services.circulation import CirculationService
from recordsdesk.services.dto import ScanResult
from recordsdesk.services.locations import LocationService
from recordsdesk.ui.desk.jobs import Answer, DestinationJob, Job, ScanJob, UndoJob
from recordsdesk.ui.desk.modes import DeskMode

log = logging.getLogger(__name__)

UNAVAILABLE_MESSAGE = "Not saved: the database cannot be reached. Scan it again when it is back."


class ScanWorker(QObject):
    """Lives on the queue's thread: runs each job against the services, strictly one at a time."""

    answered = Signal(object)
    database_lost = Signal(str)
    database_restored = Signal()

    def __init__(
        self,
        circulation: CirculationService,
        locations: LocationService,
        probe: Callable[[], object],
        actor: Actor,
        probe_ms: int,
    ) -> None:
        super().__init__()
        self._circulation = circulation
        self._locations = locations
        self._probe = probe
        self._actor = actor
        self._down = False
        self._undo_stack: list[int] = []
        self._probe_timer = QTimer(self)
        self._probe_timer.setInterval(probe_ms)
        self._probe_timer.timeout.connect(self._on_probe_timer_timeout)

    @Slot(object)
    def _on_queue_job_posted(self, job: Job) -> None:
        if self._down:
            self.answered.emit(_unavailable(job))
            return
        try:
            answer = self._run(job)
        except Unavailable as exc:
            self._lose(exc.message)
            answer = _unavailable(job)
        except Exception:
            # A bug, not a clerk's error: log it, say it was not saved, keep the queue alive.
            log.exception("scan job failed: %r", job)
            answer = Answer(
                job.seq,
                ScanResult(job.raw, False, "error", "Not saved: something went wrong (see log)."),
                job.submitted_at,
            )
        self.answered.emit(answer)

    def _run(self, job: Job) -> Answer:
        if isinstance(job, ScanJob):
            return Answer(job.seq, self._scan(job), job.submitted_at)
        if isinstance(job, DestinationJob):
            return self._destination(job)
        return self._undo(job)

    def _scan(self, job: ScanJob) -> ScanResult:
        if job.mode is DeskMode.RETURN:
            result = self._circulation.return_volume(self._actor, job.raw)
        elif job.mode is DeskMode.TRANSFER:
            result = self._circulation.transfer(self._actor, job.destination, job.raw)
        else:
            result = self._circulation.check_out(self._actor, job.destination, job.raw)
        if result.ok and result.movement_id is not None:
            self._undo_stack.append(result.movement_id)
        return result

    def _destination(self, job: DestinationJob) -> Answer:
        try:
            place = self._locations.get(job.code)
        except Unavailable:
            raise
        except RecordsDeskError as exc:
            return Answer(
                job.seq, ScanResult(job.raw, False, "unknown_code", exc.message), job.submitted_at
            )
        hours = f", loans of {place.loan_hours} h" if place.loan_hours else ""
        result = ScanResult(
            job.raw, True, "destination", f"Charts now go to {place.name} ({place.code}){hours}."
        )
        return Answer(job.seq, result, job.submitted_at, location=place)

    def _undo(self, job: UndoJob) -> Answer:
        if not self._undo_stack:
            result = ScanResult(
                job.raw, True, "nothing_to_undo", "Nothing to undo: no scan here has moved a chart."
            )
            return Answer(job.seq, result, job.submitted_at)
        movement = self._undo_stack.pop()
        try:
            result = self._circulation.undo(self._actor, movement)
        except Unavailable:
            self._undo_stack.append(movement)
            raise
        except RecordsDeskError as exc:
            outcome = "conflict" if isinstance(exc, Conflict) else "refused"
            result = ScanResult(job.raw, False, outcome, exc.message)
            return Answer(job.seq, result, job.submitted_at)
        return Answer(job.seq, result, job.submitted_at, undid=movement)

    def _lose(self, message: str) -> None:
        self._down = True
        self._probe_timer.start()
        self.database_lost.emit(message)

    @Slot()
    def _on_probe_timer_timeout(self) -> None:
        try:
            self._probe()
        except RecordsDeskError:
            return
        except Exception:
            log.exception("database probe failed")
            return
        self._down = False
        self._probe_timer.stop()
        self.database_restored.emit()


def _unavailable(job: Job) -> Answer:
    return Answer(
        job.seq, ScanResult(job.raw, False, "unavailable", UNAVAILABLE_MESSAGE), job.submitted_at
    )


class ScanQueue(QObject):
    """The GUI side of the queue: posts jobs in order, relays answers and the database's state."""

    job_posted = Signal(object)
    answered = Signal(object)
    database_lost = Signal(str)
    database_restored = Signal()

    def __init__(
        self,
        circulation: CirculationService,
        locations: LocationService,
        probe: Callable[[], object],
        actor: Actor,
        probe_ms: int = 2000,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._pending: set[int] = set()
        self._thread = QThread()
        self._thread.setObjectName("scan-queue")
        self._worker = ScanWorker(circulation, locations, probe, actor, probe_ms)
        self._worker.moveToThread(self._thread)
        self.job_posted.connect(self._worker._on_queue_job_posted)
        self._worker.answered.connect(self._on_worker_answered)
        self._worker.database_lost.connect(self.database_lost)
        self._worker.database_restored.connect(self.database_restored)
        self._thread.finished.connect(self._worker.deleteLater)
        self._thread.start()

    @property
    def pending(self) -> int:
        """Jobs posted and not yet answered."""
        return len(self._pending)

    def post(self, job: Job) -> None:
        """Queue ``job`` behind every job posted before it."""
        self._pending.add(job.seq)
        self.job_posted.emit(job)

    @Slot(object)
    def _on_worker_answered(self, answer: Answer) -> None:
        self._pending.discard(answer.seq)
        self.answered.emit(answer)

    def drain(self, msecs: int = 15000) -> bool:
        """Let every posted job finish and be answered (at close); False if time ran out."""
        deadline = QDeadlineTimer(msecs)
        while self._pending and not deadline.hasExpired():
            QCoreApplication.processEvents()
            QThread.msleep(1)
        return not self._pending

    def stop(self) -> None:
        """Answer what is queued, then end the worker thread."""
        if not self._thread.isRunning():
            return
        self.drain()
        self._thread.quit()
        self._thread.wait()
