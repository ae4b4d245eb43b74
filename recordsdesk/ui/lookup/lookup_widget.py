"""Chart lookup: search, pick a patient, see and act on their charts."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date

from PySide6.QtCore import QItemSelection, QModelIndex, Qt, Signal, Slot
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from recordsdesk.domain.barcodes import Scan, ScanKind
from recordsdesk.domain.errors import RecordsDeskError
from recordsdesk.services.actors import Actor
from recordsdesk.services.circulation import CirculationService
from recordsdesk.services.documents import Document, DocumentService
from recordsdesk.services.dto import ChartDetail, ScanResult
from recordsdesk.services.history import HistoryService
from recordsdesk.services.registry import RegistryService
from recordsdesk.services.retention.dto import DeathInfo
from recordsdesk.services.retention.rules import RuleService
from recordsdesk.services.site import SiteService
from recordsdesk.services.site_settings import SiteSettings
from recordsdesk.ui.desk.destination import LocationListModel
from recordsdesk.ui.desk.scan_queue import ScanQueue
from recordsdesk.ui.lookup.chart_panel import ChartPanelWidget
from recordsdesk.ui.lookup.search_model import PatientSearchModel
from recordsdesk.ui.printing.preview_dialog import PrintPreviewDialog
from recordsdesk.ui.retention.death_dialog import AskDeathDate, ask_death_date
from recordsdesk.ui.scan_input import never_widens, page_scanner
from recordsdesk.ui.tasks import TaskRunner


class ChartLookupWidget(QWidget):
    """Finds patients and shows one chart at a time; actions go through the services."""

    chart_shown = Signal(object)
    scan_read = Signal(str)  # a scan taken as a new search, as read (raw)
    action_finished = Signal(str)

    def __init__(
        self,
        registry: RegistryService,
        history: HistoryService,
        circulation: CirculationService,
        site: SiteService,
        locations: LocationListModel,
        actor: Actor,
        runner: TaskRunner,
        parent: QWidget | None = None,
        documents: DocumentService | None = None,
        deaths: RuleService | None = None,
    ) -> None:
        super().__init__(parent)
        self._documents = documents
        self._deaths = deaths
        self.ask_death_date: AskDeathDate = ask_death_date
        self._site_settings: SiteSettings | None = None
        self.preview: PrintPreviewDialog | None = None
        self._history = history
        self._circulation = circulation
        self._registry = registry
        self._actor = actor
        self._runner = runner
        self._palette: tuple[str, ...] | None = None
        self.results = PatientSearchModel(registry, actor, runner, self)
        self.results.searched.connect(self._on_results_searched)
        self.results.search_failed.connect(self._on_results_search_failed)

        self.query = QLineEdit()
        self.query.setObjectName("lookupQuery")
        self.query.setPlaceholderText("MRN, chart barcode, or name as FAMILY, Given")
        self.dob = QLineEdit()
        self.dob.setPlaceholderText("Born YYYY-MM-DD")
        self.dob.setMaximumWidth(200)
        search = QPushButton("Search  [Enter]")
        search.clicked.connect(self._on_search_clicked)
        self.query.returnPressed.connect(self._on_search_clicked)
        self.dob.returnPressed.connect(self._on_search_clicked)
        self.status = QLabel("Search by MRN, barcode, or name.")
        self.status.setObjectName("lookupStatus")
        never_widens(self.status)
        self.table = QTableView()
        self.table.setModel(self.results)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.selectionModel().selectionChanged.connect(self._on_table_selection_changed)
        self.panel = ChartPanelWidget(locations)
        self.panel.check_out_requested.connect(self._on_panel_check_out_requested)
        self.panel.return_requested.connect(self._on_panel_return_requested)
        self.panel.new_volume_requested.connect(self._on_panel_new_volume_requested)
        self.panel.labels_requested.connect(self._on_panel_labels_requested)
        self.panel.outguide_requested.connect(self._on_panel_outguide_requested)
        self.panel.death_requested.connect(self._on_panel_death_requested)
        self.panel.death_button.setVisible(deaths is not None)
        for button in (self.panel.labels_button, self.panel.outguide_button):
            button.setVisible(documents is not None)

        row = QHBoxLayout()
        row.addWidget(QLabel("Find"))
        row.addWidget(self.query, 2)
        row.addWidget(self.dob, 1)
        row.addWidget(search)
        # Results above the chart: most searches find one patient, and the chart needs the width.
        splitter = QSplitter(Qt.Orientation.Vertical)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.status)
        left_layout.addWidget(self.table)
        splitter.addWidget(left)
        splitter.addWidget(self.panel)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 4)
        splitter.setSizes([110, 700])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 10, 14, 10)
        layout.addLayout(row)
        layout.addWidget(splitter, 1)
        self.setFocusProxy(self.query)
        for keys, slot in (
            ("Ctrl+O", self.panel._on_check_out_button_clicked),
            ("Ctrl+R", self.panel._on_return_button_clicked),
            ("Ctrl+N", self.panel._on_new_volume_button_clicked),
            ("Ctrl+F", self._focus_query),
            ("Ctrl+L", self.panel.labels_button.showMenu),
        ):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)
        runner.run(lambda: site.settings(actor), self._on_site_settings_loaded)
        # A scan anywhere on the page is a new search: read by the services, in scan order.
        self._generation = 0
        self.reads = ScanQueue(parent=self)
        self.reads.answered.connect(self._on_reads_answered)
        self.reads.failed.connect(self._on_reads_failed)
        self.scanner = page_scanner(self, self.query)
        self.scanner.scanned.connect(self._on_scanner_scanned)

    def _on_site_settings_loaded(self, settings: SiteSettings) -> None:
        self._site_settings = settings
        self._palette = settings.palette

    def _focus_query(self) -> None:
        self.query.setFocus()
        self.query.selectAll()

    def search(self, text: str, dob_text: str = "") -> None:
        """Search as if typed; the first match (or the only one) is opened."""
        self._forget_chart()
        dob: date | None = None
        if dob_text.strip():
            try:
                dob = date.fromisoformat(dob_text.strip())
            except ValueError:
                self.status.setText(f"'{dob_text}' is not a date: write it as YYYY-MM-DD.")
                return
        self.status.setText("Searching…")
        self.results.search(text, dob)

    def open_chart(self, mrn: str) -> None:
        """Load and show the chart of ``mrn``."""
        generation = self._generation

        def shown(chart: ChartDetail) -> None:
            if generation == self._generation:  # not a chart asked for before a new search
                self._show_chart(chart)

        def failed(error: RecordsDeskError) -> None:
            if generation == self._generation:
                self.panel.show_message(error.message, problem=True)

        self._runner.run_newest(
            self, "chart", lambda: self._history.chart(self._actor, mrn), shown, failed
        )

    def _show_chart(self, chart: ChartDetail) -> None:
        self.panel.show_chart(chart, self._palette)
        self.chart_shown.emit(chart)

    def _forget_chart(self) -> None:
        """A new search: the chart shown belongs to the old one and goes."""
        self._generation += 1
        if self.panel.chart is not None:
            self.panel.show_chart(None)

    @Slot(str, object)
    def _on_scanner_scanned(self, text: str, _field: object) -> None:
        """A scan is a new search, whatever the Find box held: the old chart goes at once."""
        self._forget_chart()
        self.scan_read.emit(text)
        self.query.setText(text.strip())
        self.dob.clear()
        self.status.setText("Reading the scan…")
        circulation = self._circulation
        self.reads.post(self._generation, lambda: circulation.read(text))

    @Slot(int, object)
    def _on_reads_answered(self, generation: int, scan: Scan) -> None:
        if generation != self._generation:
            return
        if scan.kind not in (ScanKind.VOLUME, ScanKind.MRN):
            self.results.clear()
            self.status.setText(
                f"{scan.raw.strip()} is a {scan.kind.value} code, not a chart: "
                "scan a chart's label, or type an MRN or a name."
            )
            return
        self.query.setText(scan.value)
        self.search(scan.value)

    @Slot(int, object, str)
    def _on_reads_failed(self, generation: int, _outcome: object, message: str) -> None:
        if generation == self._generation:
            self.results.clear()
            self.status.setText(message)

    @Slot()
    def _on_search_clicked(self) -> None:
        self.search(self.query.text(), self.dob.text())

    @Slot(int)
    def _on_results_searched(self, found: int) -> None:
        self.status.setText(
            "No patient found." if not found else f"{found} patient{'s' if found > 1 else ''}."
        )
        if found:
            self.table.selectRow(0)

    @Slot(str)
    def _on_results_search_failed(self, message: str) -> None:
        self.status.setText(message)

    @Slot(QItemSelection, QItemSelection)
    def _on_table_selection_changed(self, selected: QItemSelection, _old: QItemSelection) -> None:
        indexes: list[QModelIndex] = selected.indexes()
        if indexes:
            self.open_chart(self.results.rows[indexes[0].row()].mrn)

    def _act(self, work: Callable[[], ScanResult | str]) -> None:
        chart = self.panel.chart
        if chart is None:
            return
        mrn = chart.mrn

        def done(outcome: ScanResult | str) -> None:
            if isinstance(outcome, ScanResult):
                self.panel.show_message(outcome.message, problem=not outcome.ok)
                text = outcome.message
            else:
                text = f"New volume {outcome} added: print its label."
                site = self._site_settings
                if site is not None and site.auto_labels and self._documents is not None:
                    make = self._label_maker(site.label_stock, outcome)
                    if site.label_printer:
                        text = (
                            f"New volume {outcome} added: its label goes to {site.label_printer}."
                        )
                        self._print_labels(make, site.label_printer)
                    else:
                        text = f"New volume {outcome} added: its label is ready to print."
                        self._preview_labels(make)
                self.panel.show_message(text)
            self.action_finished.emit(text)
            self.open_chart(mrn)

        def failed(error: RecordsDeskError) -> None:
            self.panel.show_message(error.message, problem=True)
            self.action_finished.emit(error.message)

        self._runner.run(work, done, failed)

    @Slot(str, str)
    def _on_panel_check_out_requested(self, code: str, barcode: str) -> None:
        self._act(lambda: self._circulation.check_out(self._actor, code, barcode))

    @Slot(str)
    def _on_panel_return_requested(self, barcode: str) -> None:
        self._act(lambda: self._circulation.return_volume(self._actor, barcode))

    @Slot(str)
    def _on_panel_new_volume_requested(self, mrn: str) -> None:
        self._act(lambda: self._registry.add_volume(self._actor, mrn))

    # Printing -------------------------------------------------------------------------------

    def _label_document(
        self, stock: str, mrns: Sequence[str] = (), barcodes: Sequence[str] = (), volume: int = 0
    ) -> Document:
        assert self._documents is not None
        labels = self._documents.chart_labels(
            self._actor, mrns=mrns, barcodes=barcodes, volume=volume or None
        )
        return self._documents.render_labels(self._actor, labels, stock)

    def _label_maker(self, stock: str, barcode: str) -> Callable[[], Document]:
        return lambda: self._label_document(stock, barcodes=[barcode])

    def _print_labels(self, work: Callable[[], Document], queue: str) -> None:
        """Labels the site prints without asking: straight to its label printer."""
        documents = self._documents
        assert documents is not None

        def send() -> str:
            return documents.send(self._actor, work(), queue)

        def sent(job: str) -> None:
            self.panel.show_message(f"Label sent to {queue} (job {job}).")
            self.action_finished.emit(f"Printed: {job}")

        def failed(error: RecordsDeskError) -> None:
            self.panel.show_message(f"The label did not print: {error.message}", problem=True)
            self.action_finished.emit(error.message)

        self._runner.run(send, sent, failed)

    def _preview_labels(self, work: Callable[[], Document]) -> None:
        def done(document: Document) -> None:
            assert self._documents is not None
            self.preview = PrintPreviewDialog(
                document, self._documents, self._actor, self._runner, self
            )
            self.preview.open()
            self.action_finished.emit(f"Preview: {document.title}")

        def failed(error: RecordsDeskError) -> None:
            self.panel.show_message(error.message, problem=True)
            self.action_finished.emit(error.message)

        self._runner.run(work, done, failed)

    @Slot(str, int)
    def _on_panel_labels_requested(self, mrn: str, volume: int) -> None:
        if self._documents is None:
            return
        stock = self._site_settings.label_stock if self._site_settings else "avery-5160"
        self._preview_labels(lambda: self._label_document(stock, mrns=[mrn], volume=volume))

    @Slot(str)
    def _on_panel_outguide_requested(self, barcode: str) -> None:
        documents = self._documents
        if self.panel.chart is None or documents is None:
            return
        self._preview_labels(lambda: documents.outguide_for(self._actor, barcode))

    def _on_panel_death_requested(self, mrn: str) -> None:
        deaths = self._deaths
        if deaths is None:
            return

        def failed(error: RecordsDeskError) -> None:
            self.panel.show_message(error.message, problem=True)

        def ask(info: DeathInfo) -> None:
            day = self.ask_death_date(self, f"{info.name}, MRN {info.mrn}", info.died_on)
            if day is None:
                return
            self._runner.run(
                lambda: deaths.record_death(self._actor, mrn, day),
                lambda _: self.panel.show_message(f"Date of death {day} recorded for {info.name}."),
                failed,
            )

        self._runner.run(lambda: deaths.death_of(self._actor, mrn), ask, failed)
