"""Off-site boxes: open one, pack it by scan, send it to the records centre, recall it."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal, Slot
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
from recordsdesk.services.retention.dto import BoxInfo
from recordsdesk.services.retention.wiring import RetentionServices
from recordsdesk.ui.message_line import say
from recordsdesk.ui.printing.preview_dialog import PrintPreviewDialog
from recordsdesk.ui.retention.retention_models import BoxContentsModel, BoxListModel
from recordsdesk.ui.retention.scan_answers import as_scan_result
from recordsdesk.ui.scan_input import PageScans
from recordsdesk.ui.table_model import read_only_table
from recordsdesk.ui.tasks import TaskRunner


class BoxesWidget(QWidget):
    """The boxes on the left; the chosen box, its contents and its scans on the right."""

    box_shown = Signal(object)
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
        self.current: BoxInfo | None = None
        self.preview: PrintPreviewDialog | None = None
        self.boxes = BoxListModel(self)
        self.contents = BoxContentsModel(self)
        self.scans = PageScans(self._scan_work, self)
        self.scans.answered.connect(self._on_scans_answered)
        self._build()

    def _build(self) -> None:
        self.open_button = QPushButton("Open a new box")
        self.open_button.clicked.connect(self._on_open_button_clicked)
        self.box_table = read_only_table(self.boxes)
        self.box_table.clicked.connect(self._on_box_table_clicked)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.addWidget(self.open_button)
        left_layout.addWidget(self.box_table, 1)

        self.heading = QLabel("Choose a box, or open a new one.")
        self.heading.setStyleSheet("font-size: 15pt; font-weight: 700; color: #0D47A1;")
        self.scan_field = QLineEdit()
        self.scan_field.setObjectName("scanField")
        self.scan_field.setPlaceholderText("Scan each volume as it goes into this box")
        self.scan_field.returnPressed.connect(self._on_scan_field_return_pressed)
        self.recall_field = QLineEdit()
        self.recall_field.setPlaceholderText("Scan a volume to take it out of its box")
        self.recall_field.returnPressed.connect(self._on_recall_field_return_pressed)
        self.centre = QLineEdit()
        self.centre.setPlaceholderText("records centre code")
        self.centre.setMaximumWidth(170)
        self.send_button = QPushButton("Send off-site")
        self.send_button.clicked.connect(self._on_send_button_clicked)
        self.recall_button = QPushButton("Recall the box")
        self.recall_button.clicked.connect(self._on_recall_button_clicked)
        self.label_button = QPushButton("Box label…")
        self.label_button.clicked.connect(lambda: self._document("label"))
        self.manifest_button = QPushButton("Manifest…")
        self.manifest_button.clicked.connect(lambda: self._document("manifest"))
        self.message = QLabel()
        self.message.setObjectName("actionMessage")
        self.message.setWordWrap(True)
        self.contents_table = read_only_table(self.contents)

        right = QWidget()
        layout = QVBoxLayout(right)
        layout.addWidget(self.heading)
        pack = QHBoxLayout()
        pack.addWidget(QLabel("Pack"))
        pack.addWidget(self.scan_field, 1)
        layout.addLayout(pack)
        actions = QHBoxLayout()
        actions.addWidget(self.centre)
        for button in (self.send_button, self.recall_button, self.label_button):
            actions.addWidget(button)
        actions.addWidget(self.manifest_button)
        actions.addStretch(1)
        layout.addLayout(actions)
        recall = QHBoxLayout()
        recall.addWidget(QLabel("Recall"))
        recall.addWidget(self.recall_field, 1)
        layout.addLayout(recall)
        layout.addWidget(self.message)
        layout.addWidget(self.contents_table, 1)
        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setSizes([330, 900])
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(splitter)
        say(self.message, "")

    def show_message(self, text: str, problem: bool = False) -> None:
        say(self.message, text, problem)

    @Slot()
    def refresh(self) -> None:
        """Load the list of boxes, and the chosen box again."""
        self._runner.run(
            lambda: self._retention.boxes.boxes(self._actor), self.boxes.set_rows, self._failed
        )
        if self.current is not None:
            self.show_box(self.current.barcode)

    def show_box(self, barcode: str) -> None:
        """Show one box and its contents."""
        self._runner.run(
            lambda: self._retention.boxes.box(self._actor, barcode), self._on_box, self._failed
        )

    def _on_box(self, info: BoxInfo) -> None:
        self.current = info
        self.contents.set_rows(info.contents)
        self.heading.setText(f"Box {info.barcode} · {info.where} · {len(info.contents)} volumes")
        self.box_shown.emit(info)

    def _failed(self, error: RecordsDeskError) -> None:
        self.show_message(error.message, problem=True)
        self.box_shown.emit(None)

    @Slot()
    def _on_open_button_clicked(self) -> None:
        self._runner.run(lambda: self._retention.boxes.open_box(self._actor), self._on_opened)

    def _on_opened(self, info: BoxInfo) -> None:
        self._on_box(info)
        self.show_message(f"Box {info.barcode} opened: scan the volumes into it.")
        self.refresh()

    def _on_box_table_clicked(self) -> None:
        row = self.box_table.currentIndex().row()
        if row >= 0:
            self.show_box(self.boxes.box_at(row).barcode)

    def _on_scan_field_return_pressed(self) -> None:
        text = self.scan_field.text().strip()
        self.scan_field.clear()
        if text:
            self.scans.submit(f"pack:{text}")

    def _on_recall_field_return_pressed(self) -> None:
        text = self.recall_field.text().strip()
        self.recall_field.clear()
        if text:
            self.scans.submit(f"recall:{text}")

    def _scan_work(self, tagged: str) -> Callable[[], ScanResult]:
        what, _, text = tagged.partition(":")
        if what == "recall":
            return as_scan_result(lambda: self._retention.boxes.recall_volume(self._actor, text))
        box = self.current
        if box is None:
            raise RecordsDeskError("Choose a box, or open a new one, before packing.")
        return as_scan_result(lambda: self._retention.boxes.pack(self._actor, box.barcode, text))

    def _on_scans_answered(self, result: ScanResult) -> None:
        self.show_message(result.message, problem=not result.ok)
        self.scan_answered.emit(result)
        if result.ok and self.current is not None:
            self.show_box(self.current.barcode)

    def _on_send_button_clicked(self) -> None:
        box, centre = self.current, self.centre.text().strip()
        if box is None or not centre:
            self.show_message("Choose a box and type the records centre's code.", True)
            return
        self._runner.run(
            lambda: self._retention.boxes.send_off_site(self._actor, box.barcode, centre),
            self._on_moved,
            self._failed,
        )

    def _on_recall_button_clicked(self) -> None:
        box = self.current
        if box is not None:
            self._runner.run(
                lambda: self._retention.boxes.recall_box(self._actor, box.barcode),
                self._on_moved,
                self._failed,
            )

    def _on_moved(self, info: BoxInfo) -> None:
        self._on_box(info)
        self.show_message(f"Box {info.barcode} is {info.where}.")
        self.refresh()

    def _document(self, kind: str) -> None:
        box = self.current
        if box is None:
            return
        self._runner.run(
            lambda: self._retention.boxes.document(self._actor, box.barcode, kind),
            lambda data: self._preview(Document(data, "pdf", f"Box {box.barcode} {kind}")),
            self._failed,
        )

    def _preview(self, document: Document) -> None:
        self.preview = PrintPreviewDialog(
            document, self._services.documents, self._actor, self._runner, self
        )
        self.preview.show()
