"""The ROI desk's page: the queue of requests due soonest first, its turnaround figures, and the
way into each request."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, Qt, Signal, Slot
from PySide6.QtGui import QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from recordsdesk.domain.errors import RecordsDeskError
from recordsdesk.services.actors import Actor, Clock, Permission, system_clock
from recordsdesk.services.documents import Document
from recordsdesk.services.release.desk import ReleaseServices, build_release_services
from recordsdesk.services.release.dto import NewRequest, QueueFigures, QueueRow, RequestDetail
from recordsdesk.ui.fitting import flow_row
from recordsdesk.ui.message_line import say
from recordsdesk.ui.printing.preview_dialog import PrintPreviewDialog
from recordsdesk.ui.release.queue_model import ReleaseQueueModel
from recordsdesk.ui.release.request_dialog import AskText, RequestDialog, ask_text
from recordsdesk.ui.release.request_forms import NewRequestDialog
from recordsdesk.ui.release.settings_widget import ReleaseSettingsWidget
from recordsdesk.ui.table_model import read_only_table
from recordsdesk.ui.tasks import TaskRunner

if TYPE_CHECKING:
    from recordsdesk.ui.pages import PageContext


# The page's turnaround figures cover the requests received in this many days (open and overdue:
# the whole queue).
FIGURES_DAYS = 365


def figures_text(figures: QueueFigures) -> str:
    """The turnaround figures as the page's heading line says them."""
    median = figures.median_days_to_release
    return (
        f"{figures.open} open · {figures.overdue} overdue · last 12 months: "
        f"{figures.received} received, {figures.released_on_time} of {figures.released} "
        f"released on time, median {'–' if median is None else f'{median:g}'} days to release"
    )


class ReleaseQueueWidget(QWidget):
    """The queue; Enter or a double click opens a request, Ctrl+N logs a new one."""

    queue_shown = Signal(object)
    request_opened = Signal(object)
    accounting_shown = Signal(object)

    def __init__(
        self, roi: ReleaseServices, actor: Actor, runner: TaskRunner, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("releaseQueue")
        self._roi = roi
        self._actor = actor
        self._runner = runner
        self._loaded = False
        self.preview: PrintPreviewDialog | None = None
        self.new_dialog: NewRequestDialog | None = None
        self.dialog: RequestDialog | None = None
        self.ask_text: AskText = ask_text
        self.queue = ReleaseQueueModel(self)
        self._build()

    def _build(self) -> None:
        heading = QLabel("Release of information")
        heading.setStyleSheet("font-size: 16pt; font-weight: 700; color: #0D47A1;")
        self.figures = QLabel("Loading…")
        self.figures.setObjectName("roiFigures")
        self.figures.setStyleSheet("font-size: 11pt; color: #37474F;")
        self.show_closed = QCheckBox("Show closed requests")
        self.show_closed.toggled.connect(self.show_queue)
        self.new_button = QPushButton("New request…  [Ctrl+N]")
        self.new_button.clicked.connect(self._on_new_button_clicked)
        self.open_button = QPushButton("Open  [Enter]")
        self.open_button.clicked.connect(self._on_open_button_clicked)
        self.accounting_button = QPushButton("Accounting of disclosures…  [Ctrl+D]")
        self.accounting_button.clicked.connect(self._on_accounting_button_clicked)
        self.refresh_button = QPushButton("Refresh  [F5]")
        self.refresh_button.clicked.connect(self.show_queue)
        self.message = QLabel()
        self.message.setObjectName("actionMessage")
        self.message.setWordWrap(True)
        self.table = read_only_table(self.queue)
        self.table.doubleClicked.connect(self._on_table_double_clicked)
        legend = QLabel(
            "Due soonest first. Red: overdue. Shaded: waiting on the requester (an "
            "authorisation, an identity, a document). Patients' own requests are due 30 days "
            "after receipt, once extendable by 30 with a reason (45 CFR 164.524)."
        )
        legend.setWordWrap(True)
        legend.setStyleSheet("color: #546E7A;")
        # The figures wrap and the buttons go onto two rows where the screen is narrow.
        self.figures.setWordWrap(True)
        self.figures.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        top = QHBoxLayout()
        top.addWidget(heading)
        top.addWidget(self.figures, 1)
        bar = QHBoxLayout()
        bar.addWidget(
            flow_row(
                self.new_button, self.open_button, self.accounting_button, self.refresh_button
            ),
            1,
        )
        bar.addWidget(self.show_closed, 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 10, 14, 10)
        layout.setSpacing(8)
        layout.addLayout(top)
        layout.addLayout(bar)
        layout.addWidget(self.message)
        layout.addWidget(self.table, 1)
        layout.addWidget(legend)
        say(self.message, "")
        for keys, slot in (
            ("Ctrl+N", self.new_button.click),
            ("Ctrl+D", self.accounting_button.click),
            ("F5", self.show_queue),
            ("Return", self.open_button.click),
            ("Enter", self.open_button.click),
        ):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)
        self.setFocusProxy(self.table)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._loaded:
            self._loaded = True
            self.show_queue()

    @Slot()
    def show_queue(self) -> None:
        """Load the queue and its figures again."""
        closed = self.show_closed.isChecked()

        def work() -> tuple[list[QueueRow], QueueFigures]:
            rows = self._roi.requests.queue(self._actor, include_closed=closed)
            since = self._roi.requests.today() - timedelta(days=FIGURES_DAYS)
            return rows, self._roi.disclosures.figures(self._actor, since)

        self._runner.run_newest(self, "queue", work, self._on_queue, self._on_failed)

    def _on_queue(self, loaded: tuple[list[QueueRow], QueueFigures]) -> None:
        rows, figures = loaded
        self.queue.set_rows(rows)
        self.figures.setText(figures_text(figures))
        self.queue_shown.emit(rows)

    def _on_failed(self, error: RecordsDeskError) -> None:
        say(self.message, error.message, problem=True)
        self.queue_shown.emit(None)

    def open_request(self, request_id: int) -> RequestDialog:
        """Open the view of one request; the queue reloads when it changes anything."""
        dialog = RequestDialog(self._roi, self._actor, self._runner, request_id, self)
        dialog.changed.connect(self.show_queue)
        self.dialog = dialog
        dialog.open()
        self.request_opened.emit(dialog)
        return dialog

    @Slot()
    def _on_open_button_clicked(self) -> None:
        index = self.table.currentIndex()
        if not index.isValid():
            say(self.message, "Choose a request in the queue first.", problem=True)
            return
        self.open_request(self.queue.rows[index.row()].id)

    @Slot(QModelIndex)
    def _on_table_double_clicked(self, index: QModelIndex) -> None:
        self.open_request(self.queue.rows[index.row()].id)

    @Slot()
    def _on_new_button_clicked(self) -> None:
        dialog = NewRequestDialog(self._roi.requests.today(), self)
        self.new_dialog = dialog

        def submitted(request: NewRequest) -> None:
            def logged(detail: RequestDetail) -> None:
                dialog.accept()
                say(
                    self.message,
                    f"{detail.row.reference} logged: due {detail.row.due_on:%Y-%m-%d}.",
                )
                self.show_queue()
                self.open_request(detail.row.id)

            self._runner.run(
                lambda: self._roi.requests.log_request(self._actor, request),
                logged,
                lambda error: dialog.refused(error.message),
            )

        dialog.submitted.connect(submitted)
        dialog.open()

    @Slot()
    def _on_accounting_button_clicked(self) -> None:
        mrn = self.ask_text(self, "Accounting of disclosures", "The patient's MRN:")
        if mrn is None or not mrn.strip():
            return

        def work() -> Document:
            accounting = self._roi.disclosures.accounting(self._actor, mrn.strip())
            return self._roi.documents.accounting_pdf(self._actor, accounting)

        def show(document: Document) -> None:
            self.preview = PrintPreviewDialog(
                document, self._roi.output, self._actor, self._runner, self
            )
            self.preview.open()
            self.accounting_shown.emit(document)

        self._runner.run(work, show, self._on_failed)


class ReleasePageWidget(QTabWidget):
    """The page: the queue, and for those who may change them, the release settings."""

    def __init__(
        self, roi: ReleaseServices, actor: Actor, runner: TaskRunner, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("releasePage")
        self.queue_widget = ReleaseQueueWidget(roi, actor, runner)
        self.addTab(self.queue_widget, "Queue")
        self.settings_widget: ReleaseSettingsWidget | None = None
        if actor.may(Permission.MANAGE_SETTINGS):
            self.settings_widget = ReleaseSettingsWidget(roi, actor, runner)
            self.addTab(self.settings_widget, "Settings")
        self.setFocusProxy(self.queue_widget)


def release_page(context: PageContext, clock: Clock = system_clock) -> QWidget:
    """The page as the main window builds it."""
    roi = build_release_services(context.services, clock)
    return ReleasePageWidget(roi, context.actor, context.runner)
