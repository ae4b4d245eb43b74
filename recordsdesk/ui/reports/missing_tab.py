"""The Missing tab of the reports page: charts flagged missing, and a supervisor's flag action."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from recordsdesk.domain.errors import RecordsDeskError
from recordsdesk.services.actors import Actor, Permission
from recordsdesk.services.desk import Services
from recordsdesk.services.missing import MissingInfo
from recordsdesk.ui.message_line import say
from recordsdesk.ui.reports.flag_missing_dialog import FlagMissingDialog
from recordsdesk.ui.reports.report_models import MissingModel
from recordsdesk.ui.table_model import read_only_table
from recordsdesk.ui.tasks import TaskRunner


class MissingWidget(QWidget):
    """Lists the charts flagged missing when shown; flags one more on a supervisor's word."""

    listed = Signal(object)
    flagged = Signal(object)

    def __init__(
        self,
        services: Services,
        actor: Actor,
        runner: TaskRunner,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._services = services
        self._actor = actor
        self._runner = runner
        self._loaded = False
        self._just_flagged: MissingInfo | None = None
        self.dialog: FlagMissingDialog | None = None
        self.missing = MissingModel(self)
        self.status = QLabel()
        self.status.setObjectName("actionMessage")
        self.status.setWordWrap(True)
        self.flag_button = QPushButton("Flag missing…  [Ctrl+M]")
        self.flag_button.setEnabled(actor.may(Permission.SIGN_OFF_MISSING))
        if not self.flag_button.isEnabled():
            self.flag_button.setToolTip("Only a supervisor flags a chart missing.")
        self.flag_button.clicked.connect(self._on_flag_button_clicked)
        refresh = QPushButton("Refresh  [F5]")
        refresh.clicked.connect(self.show_missing)
        row = QHBoxLayout()
        row.addWidget(self.status, 1)
        row.addWidget(self.flag_button)
        row.addWidget(refresh)
        self.table = read_only_table(self.missing)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.table, 1)
        for keys, slot in (("F5", self.show_missing), ("Ctrl+M", self.flag_button.click)):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)

    def _say(self, text: str, problem: bool = False) -> None:
        say(self.status, text, problem, hide_when_empty=False)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._loaded:
            self._loaded = True
            self.show_missing()

    # The listing ----------------------------------------------------------------------------

    @Slot()
    def show_missing(self) -> None:
        self._say("Looking…")
        self._runner.run_newest(
            self,
            "missing",
            lambda: self._services.missing.listing(self._actor),
            self._on_listing,
            self._on_listing_failed,
        )

    def _on_listing(self, rows: list[MissingInfo]) -> None:
        self.missing.set_rows(rows)
        n = len(rows)
        done = self._just_flagged
        self._just_flagged = None
        said = f"{done.barcode} flagged missing. " if done is not None else ""
        if n:
            self._say(
                said
                + f"{n} volume{'s' if n != 1 else ''} flagged missing, the longest missing first. "
                "A scan of one anywhere records it found."
            )
        else:
            self._say(said + "No chart is flagged missing.")
        self.listed.emit(rows)

    def _on_listing_failed(self, error: RecordsDeskError) -> None:
        self._say(error.message, True)
        self.listed.emit(None)

    # Flagging -------------------------------------------------------------------------------

    @Slot()
    def _on_flag_button_clicked(self) -> None:
        dialog = FlagMissingDialog(self)
        dialog.submitted.connect(self.flag)
        self.dialog = dialog
        dialog.open()

    @Slot(str, str)
    def flag(self, barcode: str, note: str) -> None:
        """Flag ``barcode`` missing on the runner; a refusal is shown, not raised."""
        self._runner.run(
            lambda: self._services.missing.flag(self._actor, barcode, note),
            self._on_flagged,
            self._on_flag_refused,
        )

    def _on_flagged(self, info: MissingInfo) -> None:
        if self.dialog is not None:
            self.dialog.accept()
            self.dialog.deleteLater()
            self.dialog = None
        self._just_flagged = info
        self.flagged.emit(info)
        self.show_missing()

    def _on_flag_refused(self, error: RecordsDeskError) -> None:
        self._say(error.message, True)
        if self.dialog is not None:
            self.dialog.refused(error.message)
        self.flagged.emit(None)
