"""What every retention tab shares: its services, a message line, a preview for its documents,
and for the tabs worked by scanner, a scan field whose scans go through the one page queue."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QLineEdit, QWidget

from recordsdesk.domain.errors import RecordsDeskError
from recordsdesk.services.actors import Actor
from recordsdesk.services.desk import Services
from recordsdesk.services.documents import Document
from recordsdesk.services.dto import ScanResult
from recordsdesk.services.retention.dto import RetentionAnswer
from recordsdesk.services.retention.wiring import RetentionServices
from recordsdesk.ui.message_line import say
from recordsdesk.ui.printing.preview_dialog import PrintPreviewDialog
from recordsdesk.ui.retention.scan_answers import as_scan_result
from recordsdesk.ui.scan_input import PageScans
from recordsdesk.ui.tasks import TaskRunner


class RetentionTab(QWidget):
    """A tab over the retention services, with the line that says what just happened."""

    def __init__(
        self,
        retention: RetentionServices,
        actor: Actor,
        runner: TaskRunner,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._retention = retention
        self._actor = actor
        self._runner = runner
        self.message = QLabel()
        self.message.setObjectName("actionMessage")
        self.message.setWordWrap(True)
        say(self.message, "")

    def show_message(self, text: str, problem: bool = False) -> None:
        say(self.message, text, problem)

    def _failed(self, error: RecordsDeskError) -> None:
        self.show_message(error.message, problem=True)


class ScanningTab(RetentionTab):
    """A tab worked by scanner (boxes, destruction), whose documents open in a print preview."""

    scan_answered = Signal(object)

    def __init__(
        self,
        services: Services,
        retention: RetentionServices,
        actor: Actor,
        runner: TaskRunner,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(retention, actor, runner, parent)
        self._services = services
        self.preview: PrintPreviewDialog | None = None
        self.scans = PageScans(self._scan_work, self)
        self.scans.answered.connect(self._on_scans_answered)

    def scan_line(self, placeholder: str, tag: str = "") -> QLineEdit:
        """A field whose scans go to the page queue, as ``tag:scan`` when tagged."""
        field = QLineEdit()
        field.setPlaceholderText(placeholder)

        def submit() -> None:
            text = field.text().strip()
            field.clear()
            if text:
                self.scans.submit(f"{tag}:{text}" if tag else text)

        field.returnPressed.connect(submit)
        return field

    def _scan_work(self, text: str) -> Callable[[], ScanResult]:
        return as_scan_result(self.work_for(text))

    def work_for(self, text: str) -> Callable[[], RetentionAnswer]:
        """The work one scan does on this tab (run off the GUI thread); a RecordsDeskError
        here, on the GUI thread, answers the scan at once."""
        raise NotImplementedError

    def _on_scans_answered(self, result: ScanResult) -> None:
        self.show_message(result.message, problem=not result.ok)
        self.scan_answered.emit(result)
        if result.ok:
            self.after_scan()

    def after_scan(self) -> None:
        """Show again what a scan changed."""

    def preview_pdf(self, data: bytes, title: str) -> None:
        """Open a document this tab made in the print preview."""
        self.preview = PrintPreviewDialog(
            Document(data, "pdf", title), self._services.documents, self._actor, self._runner, self
        )
        self.preview.show()
