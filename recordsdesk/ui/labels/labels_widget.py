"""The labels page: a batch of charts scanned or typed, new volumes, or a pull list, on a stock."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from recordsdesk.domain.barcodes import Scan, ScanKind
from recordsdesk.domain.colours import THERMAL_BLOCK_TITLES, ThermalBlocks
from recordsdesk.domain.errors import RecordsDeskError
from recordsdesk.services.actors import Actor, Permission
from recordsdesk.services.desk import Services
from recordsdesk.services.documents import Document
from recordsdesk.services.site_settings import SiteSettings
from recordsdesk.ui.dates import parse_day
from recordsdesk.ui.desk.scan_queue import ScanQueue
from recordsdesk.ui.fitting import fit_combo
from recordsdesk.ui.labels.label_request import LabelRequest, render_request
from recordsdesk.ui.message_line import say
from recordsdesk.ui.printing.preview_dialog import PrintPreviewDialog
from recordsdesk.ui.scan_input import never_widens, page_scanner
from recordsdesk.ui.settings import DeskSettings
from recordsdesk.ui.tasks import TaskRunner

LIST, NEW_SINCE, PULL_LIST = range(3)


_WARNING_ROLE = Qt.ItemDataRole.UserRole + 1


class LabelsWidget(QWidget):
    """Chooses which labels and on what stock, and opens the print preview."""

    preview_opened = Signal(object)

    def __init__(
        self,
        services: Services,
        actor: Actor,
        settings: DeskSettings,
        runner: TaskRunner,
        today: date | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("labels")
        self._services = services
        self._actor = actor
        self._settings = settings
        self._runner = runner
        self.preview: PrintPreviewDialog | None = None
        today = today or date.today()
        self._build(today)
        # Scans are read by the services, in order, on the one scan queue.
        self._reads = 0
        self.reads = ScanQueue(parent=self)
        self.reads.answered.connect(self._on_reads_answered)
        self.reads.failed.connect(self._on_reads_failed)
        self.scanner = page_scanner(self, self.entry)
        self.scanner.scanned.connect(self._on_scanner_scanned)
        runner.run(lambda: services.site.settings(actor), self._on_site_settings_loaded)

    def _build(self, today: date) -> None:
        self.source = QButtonGroup(self)
        self.by_list = QRadioButton("These charts")
        self.by_new = QRadioButton("New volumes since")
        self.by_pull = QRadioButton("The pull list of")
        for number, button in enumerate((self.by_list, self.by_new, self.by_pull)):
            self.source.addButton(button, number)
        self.by_list.setChecked(True)
        self.entry = QLineEdit()
        self.entry.setObjectName("scanField")
        self.entry.setPlaceholderText("Scan or type MRN")
        self.entry.setToolTip("Scan a chart, or type an MRN and press Enter")
        self.entry.returnPressed.connect(self._on_entry_return_pressed)
        self.batch = QListWidget()
        self.batch.setObjectName("labelBatch")
        remove = QPushButton("Remove  [Del]")
        clear = QPushButton("Clear list")
        remove.clicked.connect(self._on_remove_clicked)
        clear.clicked.connect(self._on_clear_clicked)
        self.new_since = QLineEdit(today.isoformat())
        self.new_since.setMaximumWidth(140)
        self.pull_day = QLineEdit((today + timedelta(days=1)).isoformat())
        self.pull_day.setMaximumWidth(140)
        self.new_since.textEdited.connect(lambda _t: self.by_new.setChecked(True))
        self.pull_day.textEdited.connect(lambda _t: self.by_pull.setChecked(True))

        which = QGroupBox("Which labels")
        grid = QGridLayout(which)
        grid.addWidget(self.by_list, 0, 0, Qt.AlignmentFlag.AlignTop)
        column = QVBoxLayout()
        column.addWidget(self.entry)
        column.addWidget(self.batch, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(remove)
        buttons.addWidget(clear)
        buttons.addStretch(1)
        column.addLayout(buttons)
        grid.addLayout(column, 0, 1)
        grid.addWidget(self.by_new, 1, 0)
        grid.addWidget(self.new_since, 1, 1)
        grid.addWidget(self.by_pull, 2, 0)
        grid.addWidget(self.pull_day, 2, 1)
        grid.setColumnStretch(1, 1)
        grid.setRowStretch(0, 1)

        self.stock = QComboBox()
        for stock in self._services.documents.stocks():
            self.stock.addItem(stock.description, stock.name)
            self.stock.setItemData(
                self.stock.count() - 1,
                f"{stock.per_page} a page",
                Qt.ItemDataRole.ToolTipRole,
            )
            self.stock.setItemData(self.stock.count() - 1, stock.warning, _WARNING_ROLE)
        # Said before printing: a stock whose bars or text fall under the scanning guidance.
        self.stock_warning = QLabel()
        self.stock_warning.setObjectName("stockWarning")
        self.stock_warning.setWordWrap(True)
        self.stock.currentIndexChanged.connect(self._on_stock_current_index_changed)
        self.start_at = QSpinBox()
        self.start_at.setRange(1, 80)
        self.start_at.setToolTip("The first free position on a half-used sheet")
        self.volume = QSpinBox()
        self.volume.setRange(0, 99)
        self.volume.setSpecialValueText("All volumes")
        # A site setting, shown where labels are made: how one-colour printers draw the blocks.
        self.thermal_blocks = QComboBox()
        self.thermal_blocks.setObjectName("thermalBlocks")
        for style in ThermalBlocks:
            self.thermal_blocks.addItem(THERMAL_BLOCK_TITLES[style], style.value)
        may_change = self._actor.may(Permission.MANAGE_SETTINGS)
        self.thermal_blocks.setEnabled(may_change)
        self.thermal_blocks.setToolTip(
            "How thermal rolls and Zebra labels draw the colour digits, in black and white only "
            "(a site setting" + ("" if may_change else ": an administrator changes it") + ")"
        )
        self.thermal_blocks.activated.connect(self._on_thermal_blocks_activated)
        self.preview_button = QPushButton("Preview and print…  [Ctrl+P]")
        self.preview_button.setObjectName("primaryButton")
        self.preview_button.clicked.connect(self._on_preview_button_clicked)
        # Sized to a few words: the popup lists every choice in full.
        fit_combo(self.stock, 26)
        fit_combo(self.thermal_blocks, 26)
        how = QGroupBox("How")
        form = QFormLayout(how)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.addRow("Stock", self.stock)
        form.addRow(self.stock_warning)
        form.addRow("Start at position", self.start_at)
        form.addRow("Volume", self.volume)
        form.addRow("Thermal blocks", self.thermal_blocks)
        form.addRow(self.preview_button)

        self.message = QLabel()
        self.message.setObjectName("actionMessage")
        self.message.setWordWrap(True)
        never_widens(self.message)
        row = QHBoxLayout()
        row.addWidget(which, 3)
        row.addWidget(how, 2, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 10, 14, 10)
        title = QLabel("Chart labels")
        title.setObjectName("chartName")
        layout.addWidget(title)
        layout.addLayout(row, 1)
        layout.addWidget(self.message)
        self.setFocusProxy(self.entry)
        self.show_message("")
        self._on_stock_current_index_changed(self.stock.currentIndex())
        for keys, slot in (
            ("Ctrl+P", self.preview_button.click),
            ("Del", self._on_remove_clicked),
        ):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)

    def _on_site_settings_loaded(self, site: SiteSettings) -> None:
        index = self.stock.findData(site.label_stock)
        if index >= 0:
            self.stock.setCurrentIndex(index)
        self.thermal_blocks.setCurrentIndex(self.thermal_blocks.findData(site.thermal_blocks.value))

    @Slot(int)
    def _on_thermal_blocks_activated(self, index: int) -> None:
        value = str(self.thermal_blocks.itemData(index))
        site, actor = self._services.site, self._actor
        self._runner.run(
            lambda: site.change(actor, "thermal_blocks", value),
            self._on_thermal_blocks_saved,
            self._on_thermal_blocks_failed,
        )

    def _on_thermal_blocks_failed(self, error: RecordsDeskError) -> None:
        self.show_message(error.message, problem=True)
        self._runner.run(
            lambda: self._services.site.settings(self._actor), self._on_site_settings_loaded
        )

    def _on_thermal_blocks_saved(self, site: SiteSettings) -> None:
        self.show_message(
            f"Thermal labels now print their blocks as: "
            f"{THERMAL_BLOCK_TITLES[site.thermal_blocks].split(':')[0].lower()}."
        )

    def _on_stock_current_index_changed(self, index: int) -> None:
        warning = str(self.stock.itemData(index, _WARNING_ROLE) or "")
        say(self.stock_warning, warning, problem=bool(warning))
        self.stock_warning.setVisible(bool(warning))

    def show_message(self, text: str, problem: bool = False) -> None:
        say(self.message, text, problem)

    # The batch ----------------------------------------------------------------------------

    def add_entry(self, raw: str) -> None:
        """Add a scanned barcode or typed MRN to the batch, once the services have read it
        (in scan order); what is no chart is refused with the reason."""
        if not raw.strip():
            return
        self._reads += 1
        reader = self._services.circulation
        self.reads.post(self._reads, lambda: reader.read(raw))

    @Slot(int, object, str)
    def _on_reads_failed(self, _seq: int, _outcome: object, message: str) -> None:
        self.show_message(message, problem=True)

    @Slot(int, object)
    def _on_reads_answered(self, _seq: int, scan: Scan) -> None:
        if scan.kind not in (ScanKind.VOLUME, ScanKind.MRN):
            self.show_message(
                f"{scan.raw.strip()} is a {scan.kind.value} code, not a chart: "
                "scan a chart or type an MRN.",
                problem=True,
            )
            return
        self.by_list.setChecked(True)
        if self.batch.findItems(scan.value, Qt.MatchFlag.MatchExactly):
            self.show_message(f"{scan.value} is on the list already.")
            return
        self.batch.addItem(scan.value)
        self.batch.item(self.batch.count() - 1).setData(Qt.ItemDataRole.UserRole, scan.kind.value)
        self.batch.scrollToBottom()
        count = self.batch.count()
        self.show_message(f"{scan.value} added: {count} on the list.")

    def entries(self, kind: ScanKind | None = None) -> list[str]:
        """The batch's charts as listed (only those of ``kind``, when given)."""
        items = [self.batch.item(row) for row in range(self.batch.count())]
        return [
            item.text()
            for item in items
            if kind is None or item.data(Qt.ItemDataRole.UserRole) == kind.value
        ]

    @Slot()
    def _on_entry_return_pressed(self) -> None:
        text = self.entry.text()
        self.entry.clear()
        self.add_entry(text)

    @Slot(str, object)
    def _on_scanner_scanned(self, text: str, _field: object) -> None:
        self.add_entry(text)

    @Slot()
    def _on_remove_clicked(self) -> None:
        for item in self.batch.selectedItems():
            self.batch.takeItem(self.batch.row(item))

    @Slot()
    def _on_clear_clicked(self) -> None:
        self.batch.clear()

    # Preview --------------------------------------------------------------------------------

    def request(self) -> LabelRequest:
        """The labels the page asks for; RecordsDeskError if a date is not one."""
        stock = str(self.stock.currentData())
        volume = self.volume.value() or None
        start = self.start_at.value()
        which = self.source.checkedId()
        if which == NEW_SINCE:
            since = parse_day(self.new_since.text())
            return LabelRequest(stock, start, new_since=since, volume=volume)
        if which == PULL_LIST:
            day = parse_day(self.pull_day.text())
            return LabelRequest(stock, start, pull_list=day, volume=volume)
        return LabelRequest(
            stock,
            start,
            mrns=tuple(self.entries(ScanKind.MRN)),
            barcodes=tuple(self.entries(ScanKind.VOLUME)),
            volume=volume,
        )

    @Slot()
    def _on_preview_button_clicked(self) -> None:
        try:
            request = self.request()
        except RecordsDeskError as error:
            self.show_message(error.message, problem=True)
            return
        self.preview_button.setEnabled(False)
        self.show_message("Making the labels…")
        self._runner.run(
            lambda: render_request(self._services, self._actor, request),
            self._on_rendered,
            self._on_render_failed,
        )

    def _on_rendered(self, document: Document) -> None:
        self.preview_button.setEnabled(True)
        self.show_message(f"{document.title}: check the preview, then print.")
        self.preview = open_preview(self, self._services, self._actor, self._runner, document)
        self.preview_opened.emit(self.preview)

    def _on_render_failed(self, error: RecordsDeskError) -> None:
        self.preview_button.setEnabled(True)
        self.show_message(error.message, problem=True)


def open_preview(
    parent: QWidget, services: Services, actor: Actor, runner: TaskRunner, document: Document
) -> PrintPreviewDialog:
    """Open the print preview of ``document`` (window-modal; the caller keeps going)."""
    dialog = PrintPreviewDialog(document, services.documents, actor, runner, parent)
    dialog.open()
    return dialog
