"""Destruction: propose the eligible, approve (a second person), destroy by scan, certify."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from recordsdesk.domain.errors import RecordsDeskError
from recordsdesk.services.actors import Actor
from recordsdesk.services.desk import Services
from recordsdesk.services.documents import Document
from recordsdesk.services.dto import ScanResult
from recordsdesk.services.retention.dto import BatchInfo
from recordsdesk.services.retention.wiring import RetentionServices
from recordsdesk.ui.message_line import say
from recordsdesk.ui.printing.preview_dialog import PrintPreviewDialog
from recordsdesk.ui.retention.retention_models import BatchLineModel, BatchModel
from recordsdesk.ui.retention.scan_answers import as_scan_result
from recordsdesk.ui.scan_input import PageScans
from recordsdesk.ui.table_model import read_only_table
from recordsdesk.ui.tasks import TaskRunner


class DestructionWidget(QWidget):
    """Batches above, the chosen batch's volumes below, and the scan that destroys them."""

    batches_shown = Signal(object)
    scan_answered = Signal(object)

    def __init__(
        self,
        services: Services,
        retention: RetentionServices,
        actor: Actor,
        runner: TaskRunner,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._services = services
        self._retention = retention
        self._actor = actor
        self._runner = runner
        self.current: BatchInfo | None = None
        self.preview: PrintPreviewDialog | None = None
        self.batches = BatchModel(self)
        self.lines = BatchLineModel(self)
        self.scans = PageScans(self._scan_work, self)
        self.scans.answered.connect(self._on_scans_answered)
        self.method = QLineEdit("cross-cut shredding")
        self.propose_button = QPushButton("Propose every eligible volume")
        self.propose_button.clicked.connect(self._on_propose_button_clicked)
        self.approve_button = QPushButton("Approve the chosen batch")
        self.approve_button.clicked.connect(self._on_approve_button_clicked)
        self.certificate_button = QPushButton("Certificate of destruction…")
        self.certificate_button.clicked.connect(self._on_certificate_button_clicked)
        self.scan_field = QLineEdit()
        self.scan_field.setObjectName("scanField")
        self.scan_field.setPlaceholderText("Scan each volume or box as it is destroyed")
        self.scan_field.returnPressed.connect(self._on_scan_field_return_pressed)
        self.message = QLabel()
        self.message.setObjectName("actionMessage")
        self.message.setWordWrap(True)
        self.batch_table = read_only_table(self.batches)
        self.batch_table.clicked.connect(self._on_batch_table_clicked)
        top = QHBoxLayout()
        top.addWidget(QLabel("Method"))
        top.addWidget(self.method, 1)
        for button in (self.propose_button, self.approve_button, self.certificate_button):
            top.addWidget(button)
        scan = QHBoxLayout()
        scan.addWidget(QLabel("Destroy"))
        scan.addWidget(self.scan_field, 1)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.batch_table)
        splitter.addWidget(read_only_table(self.lines))
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(scan)
        layout.addWidget(self.message)
        layout.addWidget(splitter, 1)
        say(self.message, "")

    def show_message(self, text: str, problem: bool = False) -> None:
        say(self.message, text, problem)

    @Slot()
    def refresh(self) -> None:
        """Load the batches again."""
        self._runner.run(
            lambda: self._retention.destruction.batches(self._actor), self._on_listed, self._failed
        )

    def _on_listed(self, batches: list[BatchInfo]) -> None:
        self.batches.set_rows(batches)
        chosen = self.current
        if chosen is not None:
            self.current = next((b for b in batches if b.id == chosen.id), None)
        if self.current is None and batches:
            self.current = batches[0]
        self.lines.set_rows(self.current.lines if self.current else ())
        self.batches_shown.emit(batches)

    def _failed(self, error: RecordsDeskError) -> None:
        self.show_message(error.message, problem=True)
        self.batches_shown.emit(None)

    def _on_batch_table_clicked(self) -> None:
        row = self.batch_table.currentIndex().row()
        if row >= 0:
            self.current = self.batches.batch_at(row)
            self.lines.set_rows(self.current.lines)

    def _on_propose_button_clicked(self) -> None:
        method = self.method.text()
        self._runner.run(
            lambda: self._retention.destruction.propose(self._actor, method),
            self._on_changed,
            self._failed,
        )

    def _on_approve_button_clicked(self) -> None:
        batch = self.current
        if batch is None:
            self.show_message("Choose the batch to approve.", problem=True)
            return
        self._runner.run(
            lambda: self._retention.destruction.approve(self._actor, batch.id),
            self._on_changed,
            self._failed,
        )

    def _on_changed(self, batch: BatchInfo) -> None:
        self.current = batch
        self.show_message(f"Batch {batch.id} is {batch.status}: {len(batch.lines)} volumes.")
        self.refresh()

    def _on_scan_field_return_pressed(self) -> None:
        text = self.scan_field.text().strip()
        self.scan_field.clear()
        if text:
            self.scans.submit(text)

    def _scan_work(self, text: str) -> Callable[[], ScanResult]:
        batch = self.current
        if batch is None:
            raise RecordsDeskError("Choose the approved batch before scanning.")
        return as_scan_result(
            lambda: self._retention.destruction.destroy(self._actor, batch.id, text)
        )

    def _on_scans_answered(self, result: ScanResult) -> None:
        self.show_message(result.message, problem=not result.ok)
        self.scan_answered.emit(result)
        if result.ok:
            self.refresh()

    def _on_certificate_button_clicked(self) -> None:
        batch = self.current
        if batch is None:
            return
        self._runner.run(
            lambda: self._retention.destruction.certificate(self._actor, batch.id),
            lambda data: self._preview(
                Document(data, "pdf", f"Certificate of destruction, batch {batch.id}")
            ),
            self._failed,
        )

    def _preview(self, document: Document) -> None:
        self.preview = PrintPreviewDialog(
            document, self._services.documents, self._actor, self._runner, self
        )
        self.preview.show()
