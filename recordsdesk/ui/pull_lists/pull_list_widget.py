"""The pull lists page: a day's list in the order chosen, printed or saved, filled by scanning."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressDialog,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from recordsdesk.domain.errors import RecordsDeskError
from recordsdesk.domain.pull_list import PullOrder
from recordsdesk.services.actors import Actor, Permission
from recordsdesk.services.desk import Services
from recordsdesk.services.documents import Document
from recordsdesk.services.dto import ScanResult
from recordsdesk.services.pull_list_documents import pull_list_csv, pull_list_mrns
from recordsdesk.services.pull_lists import PullListView, PullProgress
from recordsdesk.ui.dates import parse_day
from recordsdesk.ui.desk.outcomes import who_of
from recordsdesk.ui.message_line import say
from recordsdesk.ui.printing import choices
from recordsdesk.ui.printing.preview_dialog import PrintPreviewDialog
from recordsdesk.ui.pull_lists.pull_list_models import (
    ForwardModel,
    PullExceptionModel,
    PullItemModel,
)
from recordsdesk.ui.scan_input import PageScans, never_widens, page_scanner
from recordsdesk.ui.schedule.report_dialog import ImportReportDialog
from recordsdesk.ui.schedule.schedule_import import FileOutcome, ScheduleImport
from recordsdesk.ui.settings import DeskSettings
from recordsdesk.ui.table_model import read_only_table
from recordsdesk.ui.tasks import TaskRunner

ORDERS = (
    ("Walk order (shelf)", PullOrder.SHELF),
    ("By clinic", PullOrder.CLINIC),
    ("By appointment time", PullOrder.TIME),
    ("By shelving unit", PullOrder.UNIT),
)
SCHEDULE_FILES = "Schedule files (*.hl7 *.txt *.csv *.msg);;All files (*)"


class PullListWidget(QWidget):
    """One day's pull list; scans fill it by checking each chart out to its clinic."""

    list_shown = Signal(object)
    scan_answered = Signal(object)
    progress_shown = Signal(object)
    import_finished = Signal(object)

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
        self.setObjectName("pullLists")
        self._services = services
        self._actor = actor
        self._settings = settings
        self._runner = runner
        self.view: PullListView | None = None
        # The patients this page has named (list or answers): each is recorded read once.
        self.named: set[str] = set()
        self.preview: PrintPreviewDialog | None = None
        self.importing: ScheduleImport | None = None
        self.import_report: ImportReportDialog | None = None
        self.ask_path: choices.AskSavePath = choices.ask_save_path
        self.ask_files: choices.AskOpenPaths = choices.ask_open_paths
        self.scans = PageScans(self._filling_work, self)
        self.scans.answered.connect(self._on_scans_answered)
        self.items = PullItemModel(self)
        self.exceptions = PullExceptionModel(self)
        self.forwards = ForwardModel(self)
        start = (today or date.today()) + timedelta(days=1)
        self._build(start)
        self.scanner = page_scanner(self, self.scan_field)
        self.scanner.scanned.connect(self._on_scanner_scanned)

    # Layout -----------------------------------------------------------------------------

    def _build(self, start: date) -> None:
        self.day_field = QLineEdit(start.isoformat())
        self.day_field.setObjectName("dayField")
        self.day_field.setPlaceholderText("YYYY-MM-DD")
        self.day_field.setMaximumWidth(140)
        self.day_field.returnPressed.connect(self.show_list)
        self.order = QComboBox()
        for title, order in ORDERS:
            self.order.addItem(title, order)
        self.order.currentIndexChanged.connect(self._on_order_current_index_changed)
        self.updates_only = QCheckBox("Updates only")
        self.updates_only.setToolTip("Only what changed since the list of this day last printed")
        self.updates_only.toggled.connect(self._on_updates_only_toggled)
        self.show_button = QPushButton("Show  [F5]")
        self.print_button = QPushButton("Print…  [Ctrl+P]")
        self.pdf_button = QPushButton("Save PDF…")
        self.csv_button = QPushButton("Save CSV…")
        self.import_button = QPushButton("Import schedule…  [Ctrl+I]")
        self.import_button.setEnabled(self._actor.may(Permission.IMPORT_SCHEDULE))
        self.show_button.clicked.connect(self.show_list)
        self.print_button.clicked.connect(self._on_print_button_clicked)
        self.pdf_button.clicked.connect(self._on_pdf_button_clicked)
        self.csv_button.clicked.connect(self._on_csv_button_clicked)
        self.import_button.clicked.connect(self._on_import_button_clicked)

        self.progress = QLabel("Choose a day and press Show.")
        self.progress.setObjectName("pullProgress")
        self.progress.setStyleSheet("font-size: 16pt; font-weight: 700; color: #0D47A1;")
        self.scan_field = QLineEdit()
        self.scan_field.setObjectName("scanField")
        self.scan_field.setPlaceholderText("Scan each chart as you pull it: it goes to its clinic")
        self.scan_field.returnPressed.connect(self._on_scan_field_return_pressed)
        self.message = QLabel()
        self.message.setObjectName("actionMessage")
        self.message.setWordWrap(True)
        never_widens(self.message)

        self.tabs = QTabWidget()
        self.item_table = read_only_table(self.items)
        self.exception_table = read_only_table(self.exceptions)
        self.forward_table = read_only_table(self.forwards)
        self.tabs.addTab(self.item_table, "To pull")
        self.tabs.addTab(self.exception_table, "Not on the shelf")
        self.tabs.addTab(self.forward_table, "Forwards")

        first = QHBoxLayout()
        first.addWidget(QLabel("Day"))
        first.addWidget(self.day_field)
        first.addWidget(self.order)
        first.addWidget(self.updates_only)
        first.addWidget(self.show_button)
        first.addStretch(1)
        first.addWidget(self.import_button)
        second = QHBoxLayout()
        second.addWidget(self.progress, 1)
        for button in (self.print_button, self.pdf_button, self.csv_button):
            second.addWidget(button)
        scan_row = QHBoxLayout()
        caption = QLabel("Scan")
        caption.setObjectName("caption")
        scan_row.addWidget(caption)
        scan_row.addWidget(self.scan_field, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 10, 14, 10)
        layout.setSpacing(8)
        layout.addLayout(first)
        layout.addLayout(second)
        layout.addLayout(scan_row)
        layout.addWidget(self.message)
        layout.addWidget(self.tabs, 1)
        self.setFocusProxy(self.scan_field)
        self.show_message("")
        for keys, slot in (
            ("F5", self.show_list),
            ("Ctrl+P", self.print_button.click),
            ("Ctrl+D", self._focus_day),
        ):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)

    def _focus_day(self) -> None:
        self.day_field.setFocus()
        self.day_field.selectAll()

    def show_message(self, text: str, problem: bool = False) -> None:
        say(self.message, text, problem)

    def _failed(self, error: RecordsDeskError) -> None:
        self.show_message(error.message, problem=True)

    # The list -----------------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self.view is None and not self.message.text():
            self.show_list()

    @Slot()
    def show_list(self) -> None:
        """Build the list of the day typed, in the order chosen."""
        self._load_list(keep_message=False)

    def _load_list(self, keep_message: bool) -> None:
        try:
            day = parse_day(self.day_field.text())
        except RecordsDeskError as error:
            self.view = None
            self._show_view(None)
            self.show_message(error.message, problem=True)
            self.list_shown.emit(None)
            return
        order = self.order.currentData()
        updates = self.updates_only.isChecked()
        if not keep_message:
            self.show_message("")
        named = self.named
        # Only the newest build is shown: an older one (another day) ending later must not
        # put its charts under the day now chosen.
        self._runner.run_newest(
            self,
            "build",
            lambda: self._services.pull_lists.build(self._actor, day, order, updates, named),
            self._on_built,
            self._on_build_failed,
        )

    def _on_built(self, view: PullListView) -> None:
        self.view = view
        self._show_view(view)
        self.list_shown.emit(view)
        self._refresh_progress()

    def _on_build_failed(self, error: RecordsDeskError) -> None:
        self.view = None
        self._show_view(None)
        self.show_message(error.message, problem=True)
        self.list_shown.emit(None)

    def _show_view(self, view: PullListView | None) -> None:
        pull = view.pull_list if view is not None else None
        self.items.set_rows(pull.items if pull else ())
        self.exceptions.set_rows(pull.exceptions if pull else ())
        self.forwards.set_rows(pull.forwards if pull else ())
        self.tabs.setTabText(0, f"To pull ({self.items.rowCount()})")
        self.tabs.setTabText(1, f"Not on the shelf ({self.exceptions.rowCount()})")
        self.tabs.setTabText(2, f"Forwards ({self.forwards.rowCount()})")
        if view is None:
            self.progress.setText("No list shown.")
        elif view.updates_only:
            withdrawn = len(view.pull_list.withdrawn)
            self.progress.setText(
                f"Updates for {view.day:%a %d %b %Y}: {self.items.rowCount()} new to pull"
                + (f", {withdrawn} withdrawn" if withdrawn else "")
            )

    def _refresh_progress(self) -> None:
        view = self.view
        if view is None or view.updates_only:
            return
        day = view.day
        self._runner.run_newest(
            self,
            "progress",
            lambda: self._services.pull_lists.progress(self._actor, day),
            self._on_progress,
            self._failed,
        )

    def _on_progress(self, progress: PullProgress) -> None:
        if self.view is None:
            return
        day = f"{self.view.day:%a %d %b %Y}"
        if progress.total == 0:
            self.progress.setText(f"{day}: nothing to pull.")
        else:
            self.progress.setText(
                f"{day}: pulled {progress.pulled} of {progress.total} · {len(progress.left)} left"
            )
        self.progress_shown.emit(progress)

    @Slot(int)
    def _on_order_current_index_changed(self, _index: int) -> None:
        if self.view is not None:
            self.show_list()

    @Slot(bool)
    def _on_updates_only_toggled(self, _on: bool) -> None:
        self.show_list()

    # Filling by scanning ------------------------------------------------------------------

    def submit_scan(self, raw: str) -> None:
        """A chart scanned as pulled: checked out to its appointment's clinic, in scan order."""
        self.scans.submit(raw)

    def _filling_work(self, text: str) -> Callable[[], ScanResult]:
        # Read on the GUI thread: the day shown, or the day typed.
        day = self.view.day if self.view is not None else parse_day(self.day_field.text())
        named = self.named
        return lambda: self._services.pull_lists.fill(self._actor, day, text, named)

    def _on_scans_answered(self, result: ScanResult) -> None:
        message = result.message
        if result.warnings:
            message += "\n" + "\n".join(result.warnings)
        # The service's answers name the chart; a scan it could not read is named here.
        said = message if result.scan in message else f"{result.scan}: {message}"
        who = who_of(result)  # the folder in hand is checked against the name on screen
        self.show_message(f"{who} — {said}" if who else said, problem=not result.ok)
        self.scan_answered.emit(result)
        if not self.scans.pending and result.ok:
            self._load_list(keep_message=True)  # the answer stays in view

    @Slot()
    def _on_scan_field_return_pressed(self) -> None:
        text = self.scan_field.text()
        self.scan_field.clear()
        self.submit_scan(text)

    @Slot(str, object)
    def _on_scanner_scanned(self, text: str, _field: object) -> None:
        self.submit_scan(text)

    # Printing and saving ------------------------------------------------------------------

    def _printable(self) -> PullListView | None:
        view = self.view
        if view is None:
            self.show_message("Show a day's list first (F5).", problem=True)
            return None
        pull = view.pull_list
        if not (pull.items or pull.exceptions or pull.forwards):
            what = "no updates" if view.updates_only else "no charts to pull"
            self.show_message(f"Nothing to print: {view.day.isoformat()} has {what}.", problem=True)
            return None
        return view

    @Slot()
    def _on_print_button_clicked(self) -> None:
        view = self._printable()
        if view is None:
            return
        self._runner.run(
            lambda: self._services.documents.pull_list(self._actor, view),
            lambda document: self._open_preview(document, view),
            self._failed,
        )

    def _open_preview(self, document: Document, view: PullListView) -> None:
        dialog = PrintPreviewDialog(
            document, self._services.documents, self._actor, self._runner, self
        )
        dialog.printed.connect(lambda _where: self._mark_printed(view))
        self.preview = dialog
        dialog.open()

    def _mark_printed(self, view: PullListView) -> None:
        def done(_none: None) -> None:
            self.show_message(
                f"The list of {view.day.isoformat()} is recorded as printed: "
                "Updates only now shows what comes after."
            )

        self._runner.run(
            lambda: self._services.pull_lists.mark_printed(self._actor, view), done, self._failed
        )

    @Slot()
    def _on_pdf_button_clicked(self) -> None:
        view = self._printable()
        if view is None:
            return
        path = self.ask_path(self, "Save the pull list", f"pull-list-{view.day}.pdf", "PDF (*.pdf)")
        if not path:
            return

        def work() -> None:
            document = self._services.documents.pull_list(self._actor, view)
            self._services.documents.save(self._actor, document, path, force=True)

        self._runner.run(work, lambda _none: self.show_message(f"Saved to {path}."), self._failed)

    @Slot()
    def _on_csv_button_clicked(self) -> None:
        view = self._printable()
        if view is None:
            return
        path = self.ask_path(self, "Save the pull list", f"pull-list-{view.day}.csv", "CSV (*.csv)")
        if not path:
            return
        document = Document(
            pull_list_csv(view), "csv", f"Pull list {view.day}", pull_list_mrns(view)
        )
        self._runner.run(
            lambda: self._services.documents.save(self._actor, document, path, force=True),
            lambda _none: self.show_message(f"Saved to {path}."),
            self._failed,
        )

    # Importing the schedule ---------------------------------------------------------------

    @Slot()
    def _on_import_button_clicked(self) -> None:
        if self.importing is not None and self.importing.running:
            return
        paths = self.ask_files(self, "Import schedule files", SCHEDULE_FILES)
        if paths:
            self.import_schedule(paths)

    def import_schedule(self, paths: list[str]) -> ScheduleImport:
        """Import the files one by one with a progress window; the report follows."""
        run = ScheduleImport(self._services.schedule, self._actor, self._runner, paths, self)
        progress = QProgressDialog("Importing the schedule…", "Stop after this file", 0, len(paths))
        progress.setWindowTitle("Schedule import")
        progress.setMinimumDuration(0)
        progress.setAutoClose(False)
        progress.setAutoReset(False)
        progress.setParent(self, progress.windowFlags())
        progress.canceled.connect(run.cancel)

        def progressed(done: int, total: int, name: str) -> None:
            progress.setValue(done)
            progress.setLabelText(f"Importing file {done + 1} of {total}: {name}")

        def finished(outcomes: tuple[FileOutcome, ...]) -> None:
            progress.close()
            progress.deleteLater()
            skipped = [p.rsplit("/", 1)[-1] for p in paths[len(outcomes) :]]
            report = ImportReportDialog(outcomes, run.cancelled, skipped, self)
            self.import_report = report
            report.open()
            self.import_finished.emit(outcomes)
            self.show_list()

        run.progressed.connect(progressed)
        run.finished.connect(finished)
        self.importing = run
        progress.show()
        run.start()
        return run
