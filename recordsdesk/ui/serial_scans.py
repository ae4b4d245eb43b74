"""Scans a page applies one after another, in the order scanned, on the task runner."""

from __future__ import annotations

from collections import deque
from collections.abc import Callable

from PySide6.QtCore import QObject, Signal

from recordsdesk.domain.errors import RecordsDeskError
from recordsdesk.services.dto import ScanResult
from recordsdesk.ui.tasks import TaskRunner

# Given a scan, on the GUI thread: the work to run off it (or a RecordsDeskError saying why not).
WorkFor = Callable[[str], Callable[[], ScanResult]]


class SerialScans(QObject):
    """A page's scans, applied strictly one at a time so a burst lands in order, once each."""

    answered = Signal(object)

    def __init__(self, runner: TaskRunner, work_for: WorkFor, parent: QObject | None = None):
        super().__init__(parent)
        self._runner = runner
        self._work_for = work_for
        self._waiting: deque[str] = deque()
        self._busy = False

    @property
    def pending(self) -> int:
        """Scans waiting behind the one being applied."""
        return len(self._waiting)

    def submit(self, text: str) -> None:
        """Queue one scan behind the others."""
        self._waiting.append(text)
        self._next()

    def _next(self) -> None:
        if self._busy or not self._waiting:
            return
        text = self._waiting.popleft()
        try:
            work = self._work_for(text)
        except RecordsDeskError as error:
            self._done(ScanResult(text, False, "refused", error.message))
            return
        self._busy = True
        self._runner.run(
            work,
            self._done,
            lambda error: self._done(ScanResult(text, False, "refused", error.message)),
        )

    def _done(self, result: ScanResult) -> None:
        self._busy = False
        self.answered.emit(result)
        self._next()
