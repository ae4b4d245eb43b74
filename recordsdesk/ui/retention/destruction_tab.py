"""Destruction: propose the eligible, approve (a second person), destroy by scan, certify."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QComboBox,
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
from recordsdesk.services.retention.dto import BatchInfo, RetentionAnswer
from recordsdesk.services.retention.wiring import RetentionServices
from recordsdesk.services.retention.witnesses import Presence
from recordsdesk.ui.fitting import fit_combo, flow_row
from recordsdesk.ui.retention.retention_models import BatchLineModel, BatchModel
from recordsdesk.ui.retention.tab import ScanningTab
from recordsdesk.ui.table_model import read_only_table
from recordsdesk.ui.tasks import TaskRunner


class DestructionWidget(ScanningTab):
    """Batches above, the chosen batch's volumes below, who is present, and the scan that
    destroys them."""

    batches_shown = Signal(object)

    def __init__(
        self,
        services: Services,
        retention: RetentionServices,
        actor: Actor,
        runner: TaskRunner,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(services, retention, actor, runner, parent)
        self.current: BatchInfo | None = None
        self.batches = BatchModel(self)
        self.lines = BatchLineModel(self)
        self.method = QLineEdit("cross-cut shredding")
        self.method.setMinimumWidth(200)  # the method readable; the buttons wrap instead
        self.propose_button = QPushButton("Propose every eligible volume")
        self.propose_button.clicked.connect(self._on_propose_button_clicked)
        self.approve_button = QPushButton("Approve the chosen batch")
        self.approve_button.clicked.connect(self._on_approve_button_clicked)
        self.certificate_button = QPushButton("Certificate of destruction…")
        self.certificate_button.clicked.connect(self._on_certificate_button_clicked)
        self.scan_field = self.scan_line("Scan each volume or box as it is destroyed")
        self.scan_field.setObjectName("scanField")
        self.presence = QComboBox()
        for each in Presence:
            self.presence.addItem(each.caption, each)
        fit_combo(self.presence, 12)
        self.person = QLineEdit()
        self.person.setPlaceholderText("Scan their badge (P-…) or type their user name")
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText("their own password, to sign in")
        self.present_button = QPushButton("Record as present")
        self.present_button.clicked.connect(self._on_present_button_clicked)
        self.password.returnPressed.connect(self._on_present_button_clicked)
        self.present = QLabel("Present: choose a batch.")
        self.present.setWordWrap(True)
        self.batch_table = read_only_table(self.batches)
        self.batch_table.clicked.connect(self._on_batch_table_clicked)
        top = QHBoxLayout()
        top.addWidget(QLabel("Method"))
        top.addWidget(self.method, 1)
        # The three steps' buttons wrap onto a second row where the screen is narrow.
        top.addWidget(flow_row(self.propose_button, self.approve_button, self.certificate_button))
        people = QHBoxLayout()
        people.addWidget(QLabel("Present"))
        people.addWidget(self.presence)
        people.addWidget(self.person, 2)
        people.addWidget(self.password, 1)
        people.addWidget(self.present_button)
        scan = QHBoxLayout()
        scan.addWidget(QLabel("Destroy"))
        scan.addWidget(self.scan_field, 1)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.batch_table)
        splitter.addWidget(read_only_table(self.lines))
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(people)
        layout.addWidget(self.present)
        layout.addLayout(scan)
        layout.addWidget(self.message)
        layout.addWidget(splitter, 1)

    @Slot()
    def refresh(self) -> None:
        """Load the batches again."""
        self._runner.run_newest(
            self,
            "batches",
            lambda: self._retention.destruction.batches(self._actor),
            self._on_listed,
            self._failed,
        )

    def _on_listed(self, batches: list[BatchInfo]) -> None:
        self.batches.set_rows(batches)
        chosen = self.current
        if chosen is not None:
            self.current = next((b for b in batches if b.id == chosen.id), None)
        if self.current is None and batches:
            self.current = batches[0]
        self._show_current()
        self.batches_shown.emit(batches)

    def _show_current(self) -> None:
        batch = self.current
        self.lines.set_rows(batch.lines if batch else ())
        if batch is None:
            self.present.setText("Present: choose a batch.")
            return
        people = "; ".join(p.describe() for p in batch.present)
        self.present.setText(
            f"Present at batch {batch.id}: {people}"
            if people
            else f"Present at batch {batch.id}: nobody recorded yet; a second person signs in or "
            "scans their badge before anything is destroyed."
        )

    def _failed(self, error: RecordsDeskError) -> None:
        super()._failed(error)
        self.batches_shown.emit(None)

    def _on_batch_table_clicked(self) -> None:
        row = self.batch_table.currentIndex().row()
        if row >= 0:
            self.current = self.batches.batch_at(row)
            self._show_current()

    @Slot()
    def _on_present_button_clicked(self) -> None:
        batch, who = self.current, self.person.text().strip()
        if batch is None or not who:
            self.show_message("Choose the batch, then scan their badge or type their name.", True)
            return
        presence = self.presence.currentData()
        password = self.password.text()
        self.password.clear()
        destruction = self._retention.destruction
        if who.upper().startswith("P-"):

            def work() -> BatchInfo:
                return destruction.attend(self._actor, batch.id, presence, badge=who)
        else:

            def work() -> BatchInfo:
                return destruction.attend(
                    self._actor, batch.id, presence, username=who, password=password
                )

        self._runner.run(work, self._on_attended, self._failed)

    def _on_attended(self, batch: BatchInfo) -> None:
        self.person.clear()
        self.current = batch
        self._show_current()
        self.show_message(f"Batch {batch.id}: {batch.present[-1].describe()}.")
        self.refresh()

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

    def work_for(self, text: str) -> Callable[[], RetentionAnswer]:
        batch = self.current
        if batch is None:
            raise RecordsDeskError("Choose the approved batch before scanning.")
        return lambda: self._retention.destruction.destroy(self._actor, batch.id, text)

    def after_scan(self) -> None:
        self.refresh()

    def _on_certificate_button_clicked(self) -> None:
        batch = self.current
        if batch is None:
            return
        self._runner.run(
            lambda: self._retention.destruction.certificate(self._actor, batch.id),
            lambda data: self.preview_pdf(data, f"Certificate of destruction, batch {batch.id}"),
            self._failed,
        )
