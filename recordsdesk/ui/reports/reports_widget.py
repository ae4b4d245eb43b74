"""The reports page: overdue charts, what one place holds, the audit trail, missing charts."""

from __future__ import annotations

from datetime import datetime, time

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QCompleter,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from recordsdesk.domain.errors import RecordsDeskError
from recordsdesk.services.actors import Actor, Permission
from recordsdesk.services.audit import AuditEntry
from recordsdesk.services.desk import Services
from recordsdesk.services.dto import HoldingInfo
from recordsdesk.ui.dates import parse_day
from recordsdesk.ui.desk.destination import LocationListModel, code_of
from recordsdesk.ui.message_line import say
from recordsdesk.ui.reports.missing_tab import MissingWidget
from recordsdesk.ui.reports.report_models import AuditModel, HoldingModel
from recordsdesk.ui.table_model import read_only_table
from recordsdesk.ui.tasks import TaskRunner

AUDIT_LIMIT = 2000


def _message_label() -> QLabel:
    label = QLabel()
    label.setObjectName("actionMessage")
    label.setWordWrap(True)
    return label


def _say(label: QLabel, text: str, problem: bool = False) -> None:
    say(label, text, problem, hide_when_empty=False)


class ReportsWidget(QWidget):
    """The reports in tabs; each runs on the task runner and says how much it found."""

    report_shown = Signal(str)

    def __init__(
        self,
        services: Services,
        actor: Actor,
        runner: TaskRunner,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("reports")
        self._services = services
        self._actor = actor
        self._runner = runner
        self.overdue = HoldingModel(self)
        self.holdings = HoldingModel(self)
        self.audit = AuditModel(self)
        self.locations = LocationListModel(services.locations, actor, runner, self)
        self.tabs = QTabWidget()
        self.tabs.addTab(self._overdue_tab(), "Overdue  [Ctrl+Shift+1]")
        self.tabs.addTab(self._holdings_tab(), "Holdings of a place  [Ctrl+Shift+2]")
        if actor.may(Permission.VIEW_AUDIT):
            self.tabs.addTab(self._audit_tab(), "Audit trail  [Ctrl+Shift+3]")
        self.missing_tab = MissingWidget(services, actor, runner)
        self.missing_tab.listed.connect(lambda _rows: self.report_shown.emit("missing"))
        self.tabs.addTab(self.missing_tab, f"Missing  [Ctrl+Shift+{self.tabs.count() + 1}]")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 10, 14, 10)
        layout.addWidget(self.tabs)
        for number in range(self.tabs.count()):
            shortcut = QShortcut(QKeySequence(f"Ctrl+Shift+{number + 1}"), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(lambda n=number: self.tabs.setCurrentIndex(n))
        self._loaded = False

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._loaded:
            self._loaded = True
            self.locations.reload()
            self.show_overdue()

    # Overdue --------------------------------------------------------------------------------

    def _overdue_tab(self) -> QWidget:
        tab = QWidget()
        self.overdue_status = _message_label()
        refresh = QPushButton("Refresh  [F5]")
        refresh.clicked.connect(self.show_overdue)
        row = QHBoxLayout()
        row.addWidget(self.overdue_status, 1)
        row.addWidget(refresh)
        layout = QVBoxLayout(tab)
        layout.addLayout(row)
        layout.addWidget(read_only_table(self.overdue), 1)
        shortcut = QShortcut(QKeySequence("F5"), tab)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.activated.connect(self.show_overdue)
        return tab

    @Slot()
    def show_overdue(self) -> None:
        _say(self.overdue_status, "Looking…")
        self._runner.run_newest(
            self,
            "overdue",
            lambda: self._services.history.overdue(self._actor),
            self._on_overdue,
            lambda error: _say(self.overdue_status, error.message, True),
        )

    def _on_overdue(self, rows: list[HoldingInfo]) -> None:
        self.overdue.set_rows(rows)
        if rows:
            _say(
                self.overdue_status,
                f"{len(rows)} volume{'s' if len(rows) != 1 else ''} overdue at "
                f"{self.overdue.places()} place{'s' if self.overdue.places() != 1 else ''}, "
                "by place, the longest overdue first.",
            )
        else:
            _say(self.overdue_status, "Nothing is overdue.")
        self.report_shown.emit("overdue")

    # Holdings -------------------------------------------------------------------------------

    def _holdings_tab(self) -> QWidget:
        tab = QWidget()
        self.place = QLineEdit()
        self.place.setPlaceholderText("Location code or name (blank: every place)")
        completer = QCompleter(self.locations, self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.place.setCompleter(completer)
        self.place.returnPressed.connect(self.show_holdings)
        show = QPushButton("Show  [Enter]")
        show.clicked.connect(self.show_holdings)
        self.holdings_status = _message_label()
        row = QHBoxLayout()
        row.addWidget(QLabel("Place"))
        row.addWidget(self.place, 1)
        row.addWidget(show)
        layout = QVBoxLayout(tab)
        layout.addLayout(row)
        layout.addWidget(self.holdings_status)
        layout.addWidget(read_only_table(self.holdings), 1)
        return tab

    @Slot()
    def show_holdings(self) -> None:
        code = code_of(self.place.text()) or None
        _say(self.holdings_status, "Looking…")
        self._runner.run_newest(
            self,
            "holdings",
            lambda: self._services.history.holdings(self._actor, code),
            lambda rows: self._on_holdings(rows, code),
            self._on_holdings_failed,
        )

    def _on_holdings(self, rows: list[HoldingInfo], code: str | None) -> None:
        self.holdings.set_rows(rows)
        where = code or "every place"
        overdue = sum(1 for h in rows if h.overdue)
        _say(
            self.holdings_status,
            f"{len(rows)} volume{'s' if len(rows) != 1 else ''} out at {where}"
            + (f", {overdue} overdue." if overdue else "."),
        )
        self.report_shown.emit("holdings")

    def _on_holdings_failed(self, error: RecordsDeskError) -> None:
        self.holdings.set_rows(())
        _say(self.holdings_status, error.message, True)
        self.report_shown.emit("holdings")

    # Audit trail ----------------------------------------------------------------------------

    def _audit_tab(self) -> QWidget:
        tab = QWidget()
        self.audit_user = QLineEdit()
        self.audit_user.setPlaceholderText("any user")
        self.audit_mrn = QLineEdit()
        self.audit_mrn.setPlaceholderText("any patient")
        self.audit_since = QLineEdit()
        self.audit_since.setPlaceholderText("YYYY-MM-DD")
        self.audit_since.setMaximumWidth(140)
        show = QPushButton("Show  [Enter]")
        show.clicked.connect(self.show_audit)
        for field in (self.audit_user, self.audit_mrn, self.audit_since):
            field.returnPressed.connect(self.show_audit)
        self.audit_status = _message_label()
        row = QHBoxLayout()
        row.addWidget(QLabel("User"))
        row.addWidget(self.audit_user, 1)
        row.addWidget(QLabel("MRN"))
        row.addWidget(self.audit_mrn, 1)
        row.addWidget(QLabel("Since"))
        row.addWidget(self.audit_since)
        row.addWidget(show)
        layout = QVBoxLayout(tab)
        layout.addLayout(row)
        layout.addWidget(self.audit_status)
        layout.addWidget(read_only_table(self.audit), 1)
        return tab

    @Slot()
    def show_audit(self) -> None:
        user = self.audit_user.text().strip() or None
        mrn = self.audit_mrn.text().strip() or None
        since: datetime | None = None
        if self.audit_since.text().strip():
            try:
                day = parse_day(self.audit_since.text())
            except RecordsDeskError as error:
                _say(self.audit_status, error.message, True)
                return
            since = datetime.combine(day, time()).astimezone()
        _say(self.audit_status, "Looking…")
        self._runner.run(
            lambda: self._services.audit.show(self._actor, user, mrn, since, AUDIT_LIMIT),
            self._on_audit,
            lambda error: _say(self.audit_status, error.message, True),
        )

    def _on_audit(self, entries: list[AuditEntry]) -> None:
        self.audit.set_rows(entries)
        more = f" (the latest {AUDIT_LIMIT})" if len(entries) == AUDIT_LIMIT else ""
        _say(
            self.audit_status,
            f"{len(entries)} entr{'ies' if len(entries) != 1 else 'y'}{more}, oldest first. "
            "Reading the trail is itself recorded.",
        )
        self.report_shown.emit("audit")
