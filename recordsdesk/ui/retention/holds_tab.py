"""Legal holds: the holds in force, placing one, releasing one with a note."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from recordsdesk.domain.errors import InvalidInput, RecordsDeskError
from recordsdesk.services.actors import Actor
from recordsdesk.services.retention.dto import HoldInfo
from recordsdesk.services.retention.wiring import RetentionServices
from recordsdesk.ui.message_line import say
from recordsdesk.ui.retention.retention_models import HoldModel
from recordsdesk.ui.retention.tab import RetentionTab
from recordsdesk.ui.table_model import read_only_table
from recordsdesk.ui.tasks import TaskRunner


def _date(text: str) -> date | None:
    if not text.strip():
        return None
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise InvalidInput(f"'{text}' is not a date: write it YYYY-MM-DD.") from None


class HoldsWidget(RetentionTab):
    """Holds stop retirement and destruction of everything they cover."""

    holds_shown = Signal(object)

    def __init__(
        self,
        retention: RetentionServices,
        actor: Actor,
        runner: TaskRunner,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(retention, actor, runner, parent)
        self.model = HoldModel(self)
        self.reason = QLineEdit()
        self.reason.setPlaceholderText("the matter: case number, court, requester")
        self.mrn = QLineEdit()
        self.record_type = QLineEdit()
        self.record_type.setPlaceholderText("MR, RAD … (empty: every type)")
        self.starts_on = QLineEdit()
        self.starts_on.setPlaceholderText("YYYY-MM-DD")
        self.ends_on = QLineEdit()
        self.ends_on.setPlaceholderText("YYYY-MM-DD")
        self.place_button = QPushButton("Place the hold")
        self.place_button.clicked.connect(self._on_place_button_clicked)
        self.release_note = QLineEdit()
        self.release_note.setPlaceholderText("why it is released")
        self.release_button = QPushButton("Release the chosen hold")
        self.release_button.clicked.connect(self._on_release_button_clicked)
        self.show_released = QCheckBox("Show released holds")
        self.show_released.toggled.connect(self.refresh)
        self.table = read_only_table(self.model)
        form = QFormLayout()
        form.addRow("Reason", self.reason)
        form.addRow("Patient MRN", self.mrn)
        form.addRow("Record type", self.record_type)
        dates = QHBoxLayout()
        dates.addWidget(self.starts_on)
        dates.addWidget(QLabel("to"))
        dates.addWidget(self.ends_on)
        form.addRow("Activity from", dates)
        form.addRow("", self.place_button)
        release = QHBoxLayout()
        release.addWidget(self.release_note, 1)
        release.addWidget(self.release_button)
        release.addWidget(self.show_released)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addLayout(release)
        layout.addWidget(self.table, 1)

    @Slot()
    def refresh(self) -> None:
        """Load the holds again."""
        released = self.show_released.isChecked()
        self._runner.run_newest(
            self,
            "holds",
            lambda: self._retention.holds.listing(self._actor, include_released=released),
            self._on_listed,
            self._failed,
        )

    def _on_listed(self, holds: list[HoldInfo]) -> None:
        self.model.set_rows(holds)
        self.holds_shown.emit(holds)

    def _failed(self, error: RecordsDeskError) -> None:
        super()._failed(error)
        self.holds_shown.emit(None)

    def _on_place_button_clicked(self) -> None:
        try:
            starts, ends = _date(self.starts_on.text()), _date(self.ends_on.text())
        except InvalidInput as error:
            self._failed(error)
            return
        reason, mrn = self.reason.text(), self.mrn.text().strip() or None
        kind = self.record_type.text().strip() or None
        self._runner.run(
            lambda: self._retention.holds.place(
                self._actor,
                reason,
                mrn=mrn,
                record_type=kind,
                starts_on=starts,
                ends_on=ends,
            ),
            self._on_placed,
            self._failed,
        )

    def _on_placed(self, hold: HoldInfo) -> None:
        say(self.message, f"Legal hold #{hold.id} placed on {hold.covers}.")
        for field in (self.reason, self.mrn, self.record_type, self.starts_on, self.ends_on):
            field.clear()
        self.refresh()

    def _on_release_button_clicked(self) -> None:
        row = self.table.currentIndex().row()
        if row < 0:
            say(self.message, "Choose the hold to release.", problem=True)
            return
        hold, note = self.model.hold_at(row), self.release_note.text()
        self._runner.run(
            lambda: self._retention.holds.release(self._actor, hold.id, note),
            self._on_released,
            self._failed,
        )

    def _on_released(self, hold: HoldInfo) -> None:
        say(self.message, f"Legal hold #{hold.id} released.")
        self.release_note.clear()
        self.refresh()
