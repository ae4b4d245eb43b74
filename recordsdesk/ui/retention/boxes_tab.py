"""Off-site boxes: open one, pack it by scan, send it to the records centre, recall it."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import (
    QDoubleSpinBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from recordsdesk.domain.errors import RecordsDeskError
from recordsdesk.domain.retention import MAX_VOLUME_INCHES
from recordsdesk.services.actors import Actor
from recordsdesk.services.desk import Services
from recordsdesk.services.retention.dto import BoxInfo, RetentionAnswer
from recordsdesk.services.retention.wiring import RetentionServices
from recordsdesk.ui.retention.retention_models import BoxContentsModel, BoxListModel
from recordsdesk.ui.retention.tab import ScanningTab
from recordsdesk.ui.table_model import read_only_table
from recordsdesk.ui.tasks import TaskRunner


class BoxesWidget(ScanningTab):
    """The boxes on the left; the chosen box, its contents and its scans on the right."""

    box_shown = Signal(object)

    def __init__(
        self,
        services: Services,
        retention: RetentionServices,
        actor: Actor,
        runner: TaskRunner,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(services, retention, actor, runner, parent)
        self.current: BoxInfo | None = None
        self.boxes = BoxListModel(self)
        self.contents = BoxContentsModel(self)
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
        self.heading.setWordWrap(True)  # a long heading wraps, never widens the window
        self.scan_field = self.scan_line("Scan each volume as it goes into this box", "pack")
        self.scan_field.setObjectName("scanField")
        self.inches = QDoubleSpinBox()
        self.inches.setRange(0, MAX_VOLUME_INCHES)
        self.inches.setDecimals(2)
        self.inches.setSingleStep(0.25)
        self.inches.setSpecialValueText("not measured")
        self.inches.setSuffix(" in")
        self.inches.setToolTip("Each volume's measured thickness as it goes in, kept for its shelf")
        self.recall_field = self.scan_line("Scan a volume to take it out of its box", "recall")
        self.measure_field = self.scan_line(
            "Scan a volume to keep the thickness above as its measure (on its shelf or boxed)",
            "measure",
        )
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
        self.contents_table = read_only_table(self.contents)

        right = QWidget()
        layout = QVBoxLayout(right)
        layout.addWidget(self.heading)
        pack = QHBoxLayout()
        pack.addWidget(QLabel("Pack"))
        pack.addWidget(self.scan_field, 1)
        pack.addWidget(QLabel("thickness"))
        pack.addWidget(self.inches)
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
        measure = QHBoxLayout()
        measure.addWidget(QLabel("Measure"))
        measure.addWidget(self.measure_field, 1)
        layout.addLayout(measure)
        layout.addWidget(self.message)
        layout.addWidget(self.contents_table, 1)
        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setSizes([330, 900])
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(splitter)

    @Slot()
    def refresh(self) -> None:
        """Load the list of boxes, and the chosen box again."""
        self._runner.run_newest(
            self,
            "boxes",
            lambda: self._retention.boxes.boxes(self._actor),
            self.boxes.set_rows,
            self._failed,
        )
        if self.current is not None:
            self.show_box(self.current.barcode)

    def show_box(self, barcode: str) -> None:
        """Show one box and its contents."""
        self._runner.run_newest(
            self,
            "box",
            lambda: self._retention.boxes.box(self._actor, barcode),
            self._on_box,
            self._failed,
        )

    def _on_box(self, info: BoxInfo) -> None:
        self.current = info
        self.contents.set_rows(info.contents)
        self.heading.setText(
            f"Box {info.barcode} · {info.where} · {len(info.contents)} volumes · {info.inches:g} in"
        )
        self.box_shown.emit(info)

    def _failed(self, error: RecordsDeskError) -> None:
        super()._failed(error)
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

    def work_for(self, tagged: str) -> Callable[[], RetentionAnswer]:
        what, _, text = tagged.partition(":")
        if what == "recall":
            return lambda: self._retention.boxes.recall_volume(self._actor, text)
        if what == "measure":
            measured = self.inches.value()
            if not measured:
                raise RecordsDeskError("Set the thickness measured first, then scan the volume.")
            return lambda: self._retention.boxes.measure(self._actor, text, measured)
        box = self.current
        if box is None:
            raise RecordsDeskError("Choose a box, or open a new one, before packing.")
        inches = self.inches.value() or None
        return lambda: self._retention.boxes.pack(self._actor, box.barcode, text, inches)

    def after_scan(self) -> None:
        if self.current is not None:
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
            lambda data: self.preview_pdf(data, f"Box {box.barcode} {kind}"),
            self._failed,
        )
