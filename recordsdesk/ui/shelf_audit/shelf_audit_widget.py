"""The shelf audit page: scan a run of shelf left to right, then check it or bring charts home."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
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
from recordsdesk.services.shelf_audit import ShelfAudit
from recordsdesk.ui.fitting import flow_row
from recordsdesk.ui.message_line import say
from recordsdesk.ui.scan_input import never_widens, page_scanner
from recordsdesk.ui.settings import DeskSettings
from recordsdesk.ui.shelf_audit.shelf_audit_models import FindingModel, RunModel
from recordsdesk.ui.table_model import read_only_table
from recordsdesk.ui.tasks import TaskRunner


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'s' if n != 1 else ''}"


def summary(report: ShelfAudit) -> str:
    """One line on the run: how many charts, and how many need attention."""
    total = len(report.findings)
    problems = []
    if report.misfiled:
        problems.append(f"{report.misfiled} misfiled")
    if report.recorded_elsewhere:
        problems.append(f"{report.recorded_elsewhere} recorded elsewhere")
    if report.unknown:
        problems.append(f"{report.unknown} unknown")
    text = f"{_plural(total, 'chart')} checked: " + (
        ", ".join(problems) + "." if problems else "all in place."
    )
    if report.brought_home:
        text += f" {report.brought_home} brought home."
    return text


class ShelfAuditWidget(QWidget):
    """Collects the run as it is scanned; the audit runs on the task runner when asked."""

    audited = Signal(object)

    def __init__(
        self,
        services: Services,
        actor: Actor,
        settings: DeskSettings,
        runner: TaskRunner,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("shelfAudit")
        self._services = services
        self._actor = actor
        self._settings = settings
        self._runner = runner
        self._busy = False
        self.run = RunModel(self)
        self.findings = FindingModel(self)
        self._build()
        self.scanner = page_scanner(self, self.scan_field)
        self.scanner.scanned.connect(self._on_scanner_scanned)
        self._update_buttons()

    def _build(self) -> None:
        self.scan_field = QLineEdit()
        self.scan_field.setObjectName("scanField")
        self.scan_field.setPlaceholderText(
            "Scan the charts along the shelf, left to right, in the order they stand"
        )
        self.scan_field.returnPressed.connect(self._on_scan_field_return_pressed)
        self.check_button = QPushButton("Check run  [F5]")
        self.home_button = QPushButton("Bring home those recorded elsewhere  [Ctrl+B]")
        self.home_button.setToolTip(
            "Check the run again and return to the shelf every chart the ledger puts elsewhere "
            "or has flagged missing"
        )
        self.clear_button = QPushButton("Clear  [Ctrl+N]")
        self.check_button.clicked.connect(self._on_check_button_clicked)
        self.home_button.clicked.connect(self._on_home_button_clicked)
        self.clear_button.clicked.connect(self._on_clear_button_clicked)
        self.count = QLabel()
        self.count.setObjectName("runCount")
        self.count.setStyleSheet("font-size: 16pt; font-weight: 700; color: #0D47A1;")
        self.message = QLabel()
        self.message.setObjectName("actionMessage")
        self.message.setWordWrap(True)
        never_widens(self.message)
        self.run_table = read_only_table(self.run)
        self.finding_table = read_only_table(self.findings)
        # The detail says where a misfiled chart goes: wrapped, never cut short.
        self.finding_table.setWordWrap(True)
        self.finding_table.verticalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents
        )

        scan_row = QHBoxLayout()
        caption = QLabel("Scan")
        caption.setObjectName("caption")
        scan_row.addWidget(caption)
        scan_row.addWidget(self.scan_field, 1)
        # The count and the buttons on one row; where the screen is narrow they wrap onto two.
        buttons = flow_row(self.count, self.check_button, self.home_button, self.clear_button)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        run_caption = QLabel("The run, as scanned")
        run_caption.setObjectName("caption")
        left_layout.addWidget(run_caption)
        left_layout.addWidget(self.run_table, 1)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        finding_caption = QLabel("Findings (those needing attention in red)")
        finding_caption.setObjectName("caption")
        right_layout.addWidget(finding_caption)
        right_layout.addWidget(self.finding_table, 1)
        split = QSplitter()
        split.addWidget(left)
        split.addWidget(right)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 4)
        split.setSizes([260, 1000])  # the run's caption in full beside the findings
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 10, 14, 10)
        layout.setSpacing(8)
        layout.addLayout(scan_row)
        layout.addWidget(buttons)
        layout.addWidget(self.message)
        layout.addWidget(split, 1)
        self.setFocusProxy(self.scan_field)
        self.show_message("")
        for keys, button in (
            ("F5", self.check_button),
            ("Ctrl+B", self.home_button),
            ("Ctrl+N", self.clear_button),
        ):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(button.click)

    def show_message(self, text: str, problem: bool = False) -> None:
        say(self.message, text, problem)

    def _update_buttons(self) -> None:
        n = self.run.rowCount()
        self.count.setText(
            f"{_plural(n, 'chart')} scanned in this run" if n else "Scan a run of shelf."
        )
        for button in (self.check_button, self.home_button, self.clear_button):
            button.setEnabled(n > 0 and not self._busy)

    # Collecting the run -------------------------------------------------------------------

    def submit_scan(self, raw: str) -> None:
        """One more chart of the run, in the order it stands on the shelf."""
        # The run is read by the services when it is checked, as every scan is.
        text = raw.strip()
        if not text:
            return
        self.run.append(text)
        self.run_table.scrollToBottom()
        if self.findings.rowCount():
            self.show_message("The run has grown since it was checked: check it again (F5).")
        self._update_buttons()

    @Slot()
    def _on_scan_field_return_pressed(self) -> None:
        text = self.scan_field.text()
        self.scan_field.clear()
        self.submit_scan(text)

    @Slot(str, object)
    def _on_scanner_scanned(self, text: str, _field: object) -> None:
        self.submit_scan(text)

    # Checking -----------------------------------------------------------------------------

    def audit(self, bring_home: bool) -> None:
        """Check the run as scanned; with ``bring_home``, return what the ledger puts elsewhere."""
        if self._busy:
            return
        scans = self.run.scans()
        self._busy = True
        self._update_buttons()
        self.show_message("Bringing charts home…" if bring_home else "Checking…")
        self._runner.run(
            lambda: self._services.shelf_audit.audit(self._actor, scans, bring_home),
            self._on_audited,
            self._on_audit_failed,
        )

    def _on_audited(self, report: ShelfAudit) -> None:
        self._busy = False
        self.findings.set_rows(report.findings)
        attention = report.misfiled + report.recorded_elsewhere + report.unknown
        self.show_message(summary(report), problem=attention > report.brought_home)
        self._update_buttons()
        self.audited.emit(report)

    def _on_audit_failed(self, error: RecordsDeskError) -> None:
        self._busy = False
        self.show_message(error.message, problem=True)
        self._update_buttons()
        self.audited.emit(None)

    @Slot()
    def _on_check_button_clicked(self) -> None:
        self.audit(bring_home=False)

    @Slot()
    def _on_home_button_clicked(self) -> None:
        self.audit(bring_home=True)

    @Slot()
    def _on_clear_button_clicked(self) -> None:
        self.run.set_rows(())
        self.findings.set_rows(())
        self.show_message("")
        self._update_buttons()
        self.scan_field.setFocus()
