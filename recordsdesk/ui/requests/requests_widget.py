"""The Requests page: pending requests STAT first in red, a sound and a desktop notification
when a STAT one arrives from any desk, filled by scanning, closed with a reason."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QSettings, Qt, Signal, Slot
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from recordsdesk.domain.errors import RecordsDeskError
from recordsdesk.services.actors import Actor
from recordsdesk.services.documents import DocumentService
from recordsdesk.services.dto import ScanResult
from recordsdesk.services.requests import RequestInfo
from recordsdesk.services.requests_desk.desk import RequestsDesk
from recordsdesk.services.requests_desk.queue import QueuedRequest
from recordsdesk.services.retention.dto import RetentionAnswer
from recordsdesk.ui.desk.sounds import Sound, Sounder
from recordsdesk.ui.fitting import fit_combo, flow_row
from recordsdesk.ui.formats import when
from recordsdesk.ui.message_line import say
from recordsdesk.ui.printing.choices import printer_names
from recordsdesk.ui.requests.arrivals import ArrivalThread
from recordsdesk.ui.requests.notifier import DesktopNotifier
from recordsdesk.ui.requests.queue_model import RequestQueueModel
from recordsdesk.ui.requests.reasons import (
    CANCEL_REASONS,
    CANNOT_FILL_REASONS,
    AskReason,
    ask_reason,
)
from recordsdesk.ui.requests.request_form import RequestFormWidget, made_line
from recordsdesk.ui.scan_input import PageScans, page_scanner
from recordsdesk.ui.settings import APPLICATION, ORGANISATION, DeskSettings
from recordsdesk.ui.table_model import read_only_table
from recordsdesk.ui.tasks import TaskRunner

NO_SLIPS = "no slips"
NEW_REQUEST = "New request…  [Ctrl+R]"
FOLD_FORM = "Close the form  [Esc]"
SLIP_KEY = "requests/slip_printer"
# What this workstation keeps under SLIP_KEY when it follows the site's slip printer (also
# when nothing is kept), and when it prints no slips; any other value is its own queue.
FOLLOW_SITE = "@site"
NONE_HERE = "@none"


def _stat_line(request: QueuedRequest) -> str:
    chart = request.barcode or "a chart"
    return (
        f"STAT: {request.to_name} needs {chart} ({request.name}) by "
        f"{when(request.needed_by)} — it is {request.where_now}."
    )


class RequestsWidget(QWidget):
    """The queue, refreshed whenever requests change at any desk (heard by ``ArrivalThread``)."""

    queue_shown = Signal(object)
    stat_arrived = Signal(object)
    scan_answered = Signal(object)
    slips_sent = Signal(str)
    request_made = Signal(object)  # RequestInfo
    recalled = Signal(object)  # RetentionAnswer

    def __init__(
        self,
        desk: RequestsDesk,
        actor: Actor,
        settings: DeskSettings,
        runner: TaskRunner,
        sounder: Sounder,
        poll_seconds: float = 1.0,
        notifier: DesktopNotifier | None = None,
        documents: DocumentService | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("requests")
        self._desk = desk
        self._actor = actor
        self._settings = settings
        self._runner = runner
        self._sounder = sounder
        self.notifier = notifier or DesktopNotifier(self)
        self._documents = documents
        self._store = QSettings(
            QSettings.Format.IniFormat, QSettings.Scope.UserScope, ORGANISATION, APPLICATION
        )
        self.ask_reason: AskReason = ask_reason
        self.model = RequestQueueModel(self)
        self._site_slip_printer = ""
        self._known: set[int] | None = None  # ids seen so far; None until the first load
        self._loading = False
        self._again = False
        self.scans = PageScans(self._fill_work, self)
        self.scans.answered.connect(self._on_scans_answered)
        self._build()
        self.scanner = page_scanner(self, self.scan_field)
        self.scanner.scanned.connect(self._on_scanner_scanned)
        self.arrivals = ArrivalThread(desk.watch(poll_seconds), wait_seconds=max(poll_seconds, 0.5))
        self.arrivals.changed.connect(self.refresh)
        self.refresh()
        self.arrivals.start()

    def _build(self) -> None:
        self.count = QLabel("Loading requests…")
        self.count.setStyleSheet("font-size: 16pt; font-weight: 700; color: #0D47A1;")
        self.banner = QLabel()
        self.banner.setObjectName("banner")
        self.banner.setWordWrap(True)
        self.banner.hide()
        self.appointments = QCheckBox("Appointments too")
        self.appointments.setToolTip(
            "List the requests made for appointments too (they are worked from the pull list)"
        )
        self.appointments.toggled.connect(self.refresh)
        self.refresh_button = QPushButton("Refresh  [F5]")
        self.refresh_button.clicked.connect(self.refresh)
        self.slip_printer = QComboBox()
        self.slip_printer.addItem("the site's printer", None)
        self.slip_printer.addItem(NO_SLIPS, "")
        for name in printer_names():
            self.slip_printer.addItem(name, name)
        fit_combo(self.slip_printer, 14)  # a printer's long name in full in the popup
        self.slip_printer.setEnabled(self._documents is not None)
        self.slip_printer.setToolTip(
            "This workstation's printer for request slips; the site's printer unless chosen"
        )
        kept = str(self._store.value(SLIP_KEY, FOLLOW_SITE) or FOLLOW_SITE)
        self.set_slip_printer(None if kept == FOLLOW_SITE else "" if kept == NONE_HERE else kept)
        self.slip_printer.currentIndexChanged.connect(self._on_slip_printer_current_index_changed)
        self._runner.run(
            lambda: self._desk.queue.site_slip_printer(self._actor),
            self._on_site_slip_printer,
            lambda _error: None,
        )
        # The form is folded away until a clerk takes a call: the queue gets the room.
        self.new_button = QPushButton(NEW_REQUEST)
        self.new_button.setObjectName("newRequest")
        self.new_button.setToolTip("Take a call: make a chart request (Ctrl+R again makes it)")
        self.new_button.clicked.connect(self._on_new_button_clicked)
        self.form = RequestFormWidget(self._desk, self._actor, self._runner)
        self.form.request_made.connect(self._on_form_request_made)
        self.form.refused.connect(self._on_form_refused)
        self.form.hide()
        self.scan_field = QLineEdit()
        self.scan_field.setObjectName("scanField")
        self.scan_field.setPlaceholderText("Scan a requested chart: it goes to whoever asked first")
        self.scan_field.returnPressed.connect(self._on_scan_field_return_pressed)
        self.message = QLabel()
        self.message.setObjectName("actionMessage")
        self.message.setWordWrap(True)
        self.table = read_only_table(self.model)
        self.cancel_button = QPushButton("Cancel request…  [Ctrl+Del]")
        self.cancel_button.clicked.connect(self._on_cancel_button_clicked)
        self.cannot_button = QPushButton("Cannot fill…  [Ctrl+N]")
        self.cannot_button.clicked.connect(self._on_cannot_button_clicked)
        self.recall_button = QPushButton("Recall from off-site  [Ctrl+L]")
        self.recall_button.setToolTip("Take the chosen request's chart out of its off-site box")
        self.recall_button.clicked.connect(self._on_recall_button_clicked)

        top = QHBoxLayout()
        top.addWidget(self.count, 1)
        # On one row beside the count; onto two, rather than widen the window, if it is long.
        top.addWidget(flow_row(self.appointments, self.new_button, self.refresh_button))
        scan_row = QHBoxLayout()
        caption = QLabel("Scan")
        caption.setObjectName("caption")
        scan_row.addWidget(caption)
        scan_row.addWidget(self.scan_field, 1)
        # A slip prints for every request that arrives, from any desk, so the choice of
        # printer stays in sight beside the queue's actions; the row wraps if need be.
        slips = QWidget()
        slip_row = QHBoxLayout(slips)
        slip_row.setContentsMargins(4, 0, 0, 0)
        slip_caption = QLabel("Slips")
        slip_caption.setObjectName("caption")
        slip_row.addWidget(slip_caption)
        slip_row.addWidget(self.slip_printer)
        actions = QHBoxLayout()
        actions.addWidget(
            flow_row(self.cancel_button, self.cannot_button, self.recall_button, slips), 1
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 10, 14, 10)
        layout.setSpacing(8)
        layout.addLayout(top)
        layout.addWidget(self.form)
        layout.addWidget(self.banner)
        layout.addLayout(scan_row)
        layout.addWidget(self.message)
        layout.addWidget(self.table, 1)
        layout.addLayout(actions)
        self.setFocusProxy(self.scan_field)
        say(self.message, "")
        for keys, slot in (
            ("F5", self.refresh),
            ("Ctrl+R", self._on_request_keys),
            ("Esc", self.fold_form),
            ("Ctrl+Del", self.cancel_button.click),
            ("Ctrl+N", self.cannot_button.click),
            ("Ctrl+L", self.recall_button.click),
        ):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)

    # The queue ------------------------------------------------------------------------------

    @Slot()
    def refresh(self) -> None:
        """Load the queue again (a load already running is followed by one more)."""
        if self._loading:
            self._again = True
            return
        self._loading = True
        shown = frozenset(r.id for r in self.model.rows)
        include = self.appointments.isChecked()
        self._runner.run(
            lambda: self._desk.queue.pending(self._actor, shown, include),
            self._on_queue,
            self._on_queue_failed,
        )

    def _settled(self) -> None:
        self._loading = False
        if self._again:
            self._again = False
            self.refresh()

    def _on_queue(self, rows: tuple[QueuedRequest, ...]) -> None:
        first = self._known is None
        known = self._known or set()
        arrived = [r for r in rows if r.id not in known]
        self._known = known | {r.id for r in rows}
        self.model.set_rows(rows)
        stats = [r for r in rows if r.stat]
        n = len(rows)
        self.count.setText(
            f"{n} request{'s' if n != 1 else ''} waiting"
            + (f" · {len(stats)} STAT" if stats else "")
            if n
            else "No requests waiting."
        )
        if stats:
            say(self.banner, "\n".join(_stat_line(r) for r in stats[:3]))
        else:
            self.banner.hide()
        self.queue_shown.emit(rows)
        if not first and arrived:
            self._print_slips(arrived)
        if not first:
            for request in (r for r in arrived if r.stat):
                self._sounder.play(Sound.WARNING)
                self.notifier.notify("STAT chart request", _stat_line(request), self.window())
                self.stat_arrived.emit(request)
        self._settled()

    def _on_queue_failed(self, error: RecordsDeskError) -> None:
        self.count.setText("The requests could not be loaded.")
        say(self.message, error.message, problem=True)
        self._settled()

    # Slips printed on arrival ---------------------------------------------------------------

    def set_slip_printer(self, name: str | None) -> None:
        """Print a slip on ``name`` for each request that arrives ('' for none at this
        workstation, None for the site's printer)."""
        if name and self.slip_printer.findData(name) < 0:
            self.slip_printer.addItem(name, name)
        self.slip_printer.setCurrentIndex(self.slip_printer.findData(name))

    @property
    def slip_choice(self) -> str | None:
        """This workstation's own choice: a queue, '' for no slips, None for the site's."""
        data = self.slip_printer.currentData()
        return None if data is None else str(data)

    @property
    def slip_queue(self) -> str:
        """The queue slips go to now: this workstation's choice, else the site's ('' none)."""
        choice = self.slip_choice
        return self._site_slip_printer if choice is None else choice

    def _on_site_slip_printer(self, name: str) -> None:
        self._site_slip_printer = name
        self.slip_printer.setItemText(0, f"the site's: {name or NO_SLIPS}")

    @Slot(int)
    def _on_slip_printer_current_index_changed(self, _index: int) -> None:
        choice = self.slip_choice
        self._store.setValue(
            SLIP_KEY, FOLLOW_SITE if choice is None else choice if choice else NONE_HERE
        )

    def _print_slips(self, arrived: list[QueuedRequest]) -> None:
        documents, choice = self._documents, self.slip_choice
        if documents is None or choice == "":
            return
        ids = [r.id for r in arrived]

        def send() -> str:
            # The site's printer is read again here: an administrator may have changed it.
            queue = self._desk.queue.slip_printer(self._actor, choice)
            if not queue:
                return ""
            return documents.send(self._actor, self._desk.queue.slips(self._actor, ids), queue)

        self._runner.run(
            send,
            lambda job: self.slips_sent.emit(job) if job else None,
            lambda error: say(self.message, f"No slip printed: {error.message}", problem=True),
        )

    # Filling by scanning --------------------------------------------------------------------

    def submit_scan(self, raw: str) -> None:
        self.scans.submit(raw)

    def _fill_work(self, text: str) -> Callable[[], ScanResult]:
        return lambda: self._desk.queue.fill(self._actor, text)

    def _on_scans_answered(self, result: ScanResult) -> None:
        said = (
            result.message if result.scan in result.message else f"{result.scan}: {result.message}"
        )
        extra = [w for w in result.warnings if w not in said]
        say(self.message, " ".join([said, *extra]), problem=not result.ok)
        if result.ok:
            self._sounder.play(Sound.SUCCESS)
        else:
            self._sounder.play(Sound.PROBLEM)
        self.scan_answered.emit(result)
        self.refresh()

    @Slot()
    def _on_scan_field_return_pressed(self) -> None:
        text = self.scan_field.text()
        self.scan_field.clear()
        self.submit_scan(text)

    @Slot(str, object)
    def _on_scanner_scanned(self, text: str, field: object = None) -> None:
        if isinstance(field, QWidget) and self.form.isAncestorOf(field):
            self.form.set_chart(text)  # the chart of a request being made, not one to fill
            return
        self.submit_scan(text)

    # Making a request -----------------------------------------------------------------------

    def open_form(self) -> None:
        """Show the form to make a request, the cursor in its chart field."""
        self.form.show()
        self.new_button.setText(FOLD_FORM)
        self.form.chart.setFocus(Qt.FocusReason.ShortcutFocusReason)

    @Slot()
    def fold_form(self) -> None:
        """Fold the form away (what was typed stays for next time); back to scanning."""
        if self.form.isHidden():
            return
        self.form.hide()
        self.new_button.setText(NEW_REQUEST)
        self.scan_field.setFocus(Qt.FocusReason.OtherFocusReason)

    @Slot()
    def _on_new_button_clicked(self) -> None:
        if self.form.isHidden():
            self.open_form()
        else:
            self.fold_form()

    @Slot()
    def _on_request_keys(self) -> None:
        # Ctrl+R opens the form; pressed again, it makes the request (as its button says).
        if self.form.isHidden():
            self.open_form()
        else:
            self.form.make_button.click()

    def _on_form_request_made(self, info: RequestInfo) -> None:
        say(self.message, made_line(info))
        self._sounder.play(Sound.SUCCESS)
        self.fold_form()
        self.request_made.emit(info)
        self.refresh()

    def _on_form_refused(self, message: str) -> None:
        say(self.message, message, problem=True)
        self._sounder.play(Sound.PROBLEM)

    @Slot()
    def _on_recall_button_clicked(self) -> None:
        request = self.selected()
        if request is None:
            say(self.message, "Choose a request in the list first.", problem=True)
            return
        if request.off_site_box is None:
            say(
                self.message,
                f"R{request.id:07d}: {request.barcode or 'the chart'} is not off-site "
                f"({request.where_now}); there is nothing to recall.",
                problem=True,
            )
            return

        def done(answer: RetentionAnswer) -> None:
            say(self.message, f"R{request.id:07d}: {answer.message}")
            self.recalled.emit(answer)
            self.refresh()

        self._runner.run(
            lambda: self._desk.queue.recall(self._actor, request.id),
            done,
            lambda error: say(self.message, error.message, problem=True),
        )

    # Closing without the chart --------------------------------------------------------------

    def selected(self) -> QueuedRequest | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.request_at(rows[0].row()) if rows else None

    def _close_selected(self, cancel: bool) -> None:
        request = self.selected()
        if request is None:
            say(self.message, "Choose a request in the list first.", problem=True)
            return
        what = "Cancel" if cancel else "Cannot fill"
        reason = self.ask_reason(
            self,
            f"{what}: R{request.id:07d}, {request.barcode or ''} for {request.to_name}. Why?",
            CANCEL_REASONS if cancel else CANNOT_FILL_REASONS,
        )
        if reason is None:
            return
        close = self._desk.queue.cancel if cancel else self._desk.queue.cannot_fill

        def done(_: None) -> None:
            said = "cancelled" if cancel else "closed as cannot fill"
            say(self.message, f"Request R{request.id:07d} {said}: {reason}.")
            self.refresh()

        self._runner.run(
            lambda: close(self._actor, request.id, reason),
            done,
            lambda error: say(self.message, error.message, problem=True),
        )

    @Slot()
    def _on_cancel_button_clicked(self) -> None:
        self._close_selected(cancel=True)

    @Slot()
    def _on_cannot_button_clicked(self) -> None:
        self._close_selected(cancel=False)

    # Shutting down --------------------------------------------------------------------------

    def closeEvent(self, event: QCloseEvent) -> None:
        self.shutdown()
        super().closeEvent(event)

    def shutdown(self) -> None:
        """Stop listening for requests; the main window calls it as it closes."""
        if self.arrivals.isRunning():
            self.arrivals.stop()
