"""The dashboard page: headline figures and seven plots for a chosen period, loaded on the task
runner so the window never waits; the report, overdue notices and CSV files from here."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QDate, Qt, Signal, Slot
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFileDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from recordsdesk.domain.dashboard import Period
from recordsdesk.domain.errors import RecordsDeskError
from recordsdesk.services.actors import Actor
from recordsdesk.services.documents import Document, DocumentService
from recordsdesk.services.requests_desk.desk import RequestsDesk
from recordsdesk.services.requests_desk.figures import Dashboard
from recordsdesk.services.requests_desk.plots import dashboard_plots, tiles
from recordsdesk.ui.dashboard.chart_view import PlotView
from recordsdesk.ui.dashboard.charts import plot_chart, plot_view
from recordsdesk.ui.fitting import fit_combo, flow_row
from recordsdesk.ui.message_line import say
from recordsdesk.ui.printing.preview_dialog import PrintPreviewDialog
from recordsdesk.ui.tasks import TaskRunner

PERIODS = ((7, "Last 7 days"), (30, "Last 30 days"), (90, "Last 90 days"), (365, "Last year"))
COLUMNS = 3
TILE_STYLE = (
    "QFrame#tile { background: #ECEFF1; border: 1px solid #B0BEC5; border-radius: 6px; }"
    "QLabel#tileValue { font-size: 14pt; font-weight: 700; color: #0D47A1; }"
    "QLabel#tileLabel { font-size: 8pt; color: #37474F; }"
)

# (parent, caption) -> a folder, or "" when the supervisor backs out.
AskFolder = Callable[[QWidget, str], str]


def ask_folder(parent: QWidget, caption: str) -> str:
    return QFileDialog.getExistingDirectory(parent, caption)


class DashboardWidget(QWidget):
    """The figures of the chosen period; Refresh reads them again without freezing the window."""

    figures_shown = Signal(object)
    preview_opened = Signal(object)

    def __init__(
        self,
        desk: RequestsDesk,
        documents: DocumentService,
        actor: Actor,
        runner: TaskRunner,
        today: Callable[[], date] = date.today,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("dashboard")
        self._desk = desk
        self._documents = documents
        self._actor = actor
        self._runner = runner
        self._today = today
        self.ask_folder: AskFolder = ask_folder
        self.board: Dashboard | None = None
        self.loading = False
        self.views: dict[str, PlotView] = {}
        self.preview: PrintPreviewDialog | None = None
        self._build()
        self.refresh()

    def _build(self) -> None:
        self.period = QComboBox()
        for days, name in PERIODS:
            self.period.addItem(name, days)
        self.period.setCurrentIndex(1)
        fit_combo(self.period, 12)
        self.period.currentIndexChanged.connect(self.refresh)
        today = self._today()
        self.last_day = QDateEdit(QDate(today.year, today.month, today.day))
        self.last_day.setCalendarPopup(True)
        self.last_day.setDisplayFormat("yyyy-MM-dd")
        self.last_day.setMaximumDate(QDate(today.year, today.month, today.day))
        self.last_day.setToolTip("The period's last day")
        self.last_day.dateChanged.connect(self.refresh)
        self.refresh_button = QPushButton("Refresh  [F5]")
        self.refresh_button.clicked.connect(self.refresh)
        self.csv_button = QPushButton("CSV…  [Ctrl+E]")
        self.csv_button.clicked.connect(self._on_csv_button_clicked)
        self.report_button = QPushButton("Report…  [Ctrl+P]")
        self.report_button.clicked.connect(self._on_report_button_clicked)
        self.notices_button = QPushButton("Notices…  [Ctrl+O]")
        self.notices_button.clicked.connect(self._on_notices_button_clicked)
        self.status = QLabel("Loading the figures…")
        self.status.setStyleSheet("color: #546E7A;")
        self.status.setWordWrap(True)
        # The status may wrap or be cut short: it must never widen the window.
        self.status.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.message = QLabel()
        self.message.setObjectName("actionMessage")
        self.message.setWordWrap(True)
        caption = QLabel("Period")
        caption.setObjectName("caption")
        ending = QLabel("to")
        ending.setObjectName("caption")
        period = QWidget()
        period_row = QHBoxLayout(period)
        period_row.setContentsMargins(0, 0, 0, 0)
        for widget in (caption, self.period, ending, self.last_day):
            period_row.addWidget(widget)
        # Where the screen is narrow the controls and the buttons wrap onto a second row.
        bar = flow_row(
            period, self.refresh_button, self.csv_button, self.report_button, self.notices_button
        )
        self.tile_row = QHBoxLayout()
        self.tile_values: list[QLabel] = []
        self.tile_labels: list[QLabel] = []
        for _ in range(7):
            frame = QFrame()
            frame.setObjectName("tile")
            frame.setStyleSheet(TILE_STYLE)
            column = QVBoxLayout(frame)
            column.setContentsMargins(10, 6, 10, 6)
            column.setSpacing(0)
            value, label = QLabel("…"), QLabel("")
            value.setObjectName("tileValue")
            label.setObjectName("tileLabel")
            label.setWordWrap(True)
            value.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
            column.addWidget(value)
            column.addWidget(label)
            self.tile_values.append(value)
            self.tile_labels.append(label)
            self.tile_row.addWidget(frame, 1)
        self.grid = QGridLayout()
        self.grid.setSpacing(8)
        holder = QWidget()
        holder.setLayout(self.grid)
        self.plots_area = QScrollArea()
        self.plots_area.setWidget(holder)
        self.plots_area.setWidgetResizable(True)
        self.plots_area.setFrameShape(QFrame.Shape.NoFrame)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 10, 14, 10)
        layout.setSpacing(8)
        layout.addWidget(bar)
        layout.addWidget(self.status)
        layout.addWidget(self.message)
        layout.addLayout(self.tile_row)
        layout.addWidget(self.plots_area, 1)
        say(self.message, "")
        for keys, slot in (
            ("F5", self.refresh),
            ("Ctrl+E", self.csv_button.click),
            ("Ctrl+P", self.report_button.click),
            ("Ctrl+O", self.notices_button.click),
        ):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)

    @property
    def chosen_period(self) -> Period:
        last = self.last_day.date().toPython()
        assert isinstance(last, date)
        return Period.ending(last, int(self.period.currentData()))

    # Loading --------------------------------------------------------------------------------

    @Slot()
    def refresh(self) -> None:
        """Read the figures again on the task runner; the window stays live meanwhile."""
        if self.loading:
            return
        self.loading = True
        self.refresh_button.setEnabled(False)
        self.status.setText("Reading the figures…")
        period = self.chosen_period
        started = time.perf_counter()

        def done(board: Dashboard) -> None:
            self._show(board, time.perf_counter() - started)

        self._runner.run_newest(
            self,
            "figures",
            lambda: self._desk.dashboard.figures(self._actor, period),
            done,
            self._on_failed,
        )

    def _show(self, board: Dashboard, seconds: float) -> None:
        self.loading = False
        self.refresh_button.setEnabled(True)
        self.board = board
        for (label, value), value_label, caption in zip(
            tiles(board), self.tile_values, self.tile_labels, strict=True
        ):
            value_label.setText(value)
            caption.setText(label)
        for index, plot in enumerate(dashboard_plots(board)):
            view = self.views.get(plot.key)
            if view is None:
                view = plot_view(plot)
                self.views[plot.key] = view
                self.grid.addWidget(view, index // COLUMNS, index % COLUMNS)
            else:
                view.show_plot(plot_chart(plot), plot)
        self.status.setText(
            f"{board.period.first:%d %b} to {board.period.last:%d %b %Y}, "
            f"as of {board.at.astimezone():%H:%M} ({seconds:.1f} s)"
        )
        self.figures_shown.emit(board)

    def _on_failed(self, error: RecordsDeskError) -> None:
        self.loading = False
        self.refresh_button.setEnabled(True)
        self.status.setText("The figures could not be read.")
        say(self.message, error.message, problem=True)

    # Out of the window ----------------------------------------------------------------------

    @Slot()
    def _on_csv_button_clicked(self) -> None:
        board = self.board
        if board is None:
            say(self.message, "Wait for the figures, then save them.", problem=True)
            return
        folder = self.ask_folder(self, "Save the dashboard's numbers (one CSV file per plot) in")
        if not folder:
            return
        self._runner.run(
            lambda: self._desk.exports.save_csv(self._actor, board, folder),
            lambda paths: say(self.message, f"Saved {len(paths)} CSV files in {folder}."),
            lambda error: say(self.message, error.message, problem=True),
        )

    def _open_preview(self, document: Document) -> None:
        self.preview = PrintPreviewDialog(
            document, self._documents, self._actor, self._runner, self
        )
        self.preview.show()
        self.preview_opened.emit(self.preview)

    @Slot()
    def _on_report_button_clicked(self) -> None:
        board = self.board
        if board is None:
            say(self.message, "Wait for the figures, then print them.", problem=True)
            return
        self._runner.run(
            lambda: self._desk.exports.report(self._actor, board),
            self._open_preview,
            lambda error: say(self.message, error.message, problem=True),
        )

    @Slot()
    def _on_notices_button_clicked(self) -> None:
        self._runner.run(
            lambda: self._desk.overdue.notice_document(self._actor),
            self._open_preview,
            lambda error: say(self.message, error.message, problem=True),
        )
