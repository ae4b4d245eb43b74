"""Scanner input for pages other than the desk: a burst anywhere on the page is the page's scan.

The page gets the raw text; what it is (and the framing the site's scanners add) is read
by the services, the same way on every page.
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import count

from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QLabel,
    QLineEdit,
    QSizePolicy,
    QWidget,
)

from recordsdesk.domain.circulation import Outcome
from recordsdesk.domain.errors import RecordsDeskError
from recordsdesk.services.dto import ScanResult
from recordsdesk.ui.desk.scan_queue import ScanQueue
from recordsdesk.ui.desk.scanner import ScannerFilter, Target
from recordsdesk.ui.input_watch import InputWatch


def never_widens(label: QLabel) -> None:
    """A message line that quotes a scan: a 500-character junk read is cut, never widens."""
    label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)


def _editor(widget: QWidget) -> QLineEdit | None:
    """The line edit a field types into when the field itself has the focus: an editable
    combo box's, a spin box's or a date's. A person types there (a place's code, an hour):
    their keys stay in it rather than going to the scan field."""
    if isinstance(widget, QComboBox):
        return widget.lineEdit() if widget.isEditable() else None
    if isinstance(widget, QAbstractSpinBox):
        return widget.findChild(QLineEdit)
    return None


def page_scanner(page: QWidget, scan_field: QLineEdit) -> ScannerFilter:
    """A scanner filter for ``page``: while it is shown, scans typed anywhere on it are read.

    A hidden page (another page chosen, the window locked) hears nothing.
    """

    def classify(watched: QObject) -> tuple[Target, QLineEdit | None]:
        if not isinstance(watched, QWidget) or not page.isVisible():
            return Target.OUTSIDE, None
        if watched is scan_field:
            return Target.SCAN_FIELD, None
        if watched.window() is not page.window():
            return Target.OUTSIDE, None
        focus = QApplication.focusWidget()
        if focus is not None and focus is not watched and watched.isAncestorOf(focus):
            return Target.OUTSIDE, None
        if isinstance(watched, QLineEdit):
            return Target.TEXT, watched
        editor = _editor(watched)
        if editor is not None:
            return Target.TEXT, editor
        return Target.OTHER, None

    scanner = ScannerFilter(classify, scan_field, parent=page)
    watch = InputWatch.of()
    if watch is not None:
        watch.add_keys(scanner)
    return scanner


# Given a scan as read, on the GUI thread: the work to run off it (or a RecordsDeskError).
WorkFor = Callable[[str], Callable[[], ScanResult]]


class PageScans(QObject):
    """A page's scans on the one scan queue: applied one at a time, answered in scan order."""

    answered = Signal(object)  # ScanResult

    def __init__(self, work_for: WorkFor, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._work_for = work_for
        self._seq = count(1)
        self._shown: dict[int, str] = {}
        self.queue = ScanQueue(parent=self)
        self.queue.answered.connect(self._on_queue_answered)
        self.queue.failed.connect(self._on_queue_failed)

    @property
    def pending(self) -> int:
        """Scans read and not yet answered."""
        return self.queue.pending

    def submit(self, raw: str) -> None:
        """Queue one scan (raw, as read) behind the others."""
        shown = raw.strip()
        if not shown:
            return
        try:
            work = self._work_for(raw)
        except RecordsDeskError as error:
            self.answered.emit(ScanResult(shown, False, Outcome.REFUSED, error.message))
            return
        seq = next(self._seq)
        self._shown[seq] = shown
        self.queue.post(seq, work)

    @Slot(int, object)
    def _on_queue_answered(self, seq: int, result: ScanResult) -> None:
        self._shown.pop(seq, None)
        self.answered.emit(result)

    @Slot(int, object, str)
    def _on_queue_failed(self, seq: int, outcome: Outcome, message: str) -> None:
        self.answered.emit(ScanResult(self._shown.pop(seq, ""), False, outcome, message))
