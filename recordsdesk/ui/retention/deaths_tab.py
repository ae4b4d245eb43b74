"""Dates of death: a supervisor looks a patient up, enters or corrects the date, or takes back
one recorded in error; every change is in the audit trail (the services record it)."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Signal, Slot
from PySide6.QtWidgets import (
    QDateEdit,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from recordsdesk.domain.errors import RecordsDeskError
from recordsdesk.services.actors import Actor
from recordsdesk.services.retention.dto import DeathInfo
from recordsdesk.services.retention.wiring import RetentionServices
from recordsdesk.ui.formats import when
from recordsdesk.ui.retention.tab import RetentionTab
from recordsdesk.ui.tasks import TaskRunner


class DeathsWidget(RetentionTab):
    """MRN, the patient found, the date of death, and the buttons that save or take it back."""

    death_shown = Signal(object)  # DeathInfo, or None when the look-up failed

    def __init__(
        self,
        retention: RetentionServices,
        actor: Actor,
        runner: TaskRunner,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(retention, actor, runner, parent)
        self.current: DeathInfo | None = None
        self.mrn = QLineEdit()
        self.mrn.setPlaceholderText("MRN")
        self.mrn.setMaximumWidth(220)
        self.mrn.returnPressed.connect(self._on_find_button_clicked)
        self.find_button = QPushButton("Look up")
        self.find_button.clicked.connect(self._on_find_button_clicked)
        self.patient = QLabel("Type an MRN and look the patient up.")
        self.patient.setStyleSheet("font-size: 14pt; font-weight: 700; color: #0D47A1;")
        self.patient.setWordWrap(True)  # a long heading wraps, never widens the window
        self.recorded = QLabel()
        self.died_on = QDateEdit()
        self.died_on.setCalendarPopup(True)
        self.died_on.setDisplayFormat("yyyy-MM-dd")
        today = retention.candidates.today()
        self.died_on.setMaximumDate(QDate(today.year, today.month, today.day))
        self.died_on.setDate(QDate(today.year, today.month, today.day))
        self.save_button = QPushButton("Save the date of death")
        self.save_button.clicked.connect(self._on_save_button_clicked)
        self.reason = QLineEdit()
        self.reason.setPlaceholderText("why it was recorded in error")
        self.remove_button = QPushButton("Take it back…")
        self.remove_button.clicked.connect(self._on_remove_button_clicked)
        find = QHBoxLayout()
        find.addWidget(QLabel("MRN"))
        find.addWidget(self.mrn)
        find.addWidget(self.find_button)
        find.addStretch(1)
        form = QFormLayout()
        form.addRow("Date of death", self.died_on)
        form.addRow("", self.save_button)
        form.addRow("Recorded in error?", self.reason)
        form.addRow("", self.remove_button)
        note = QLabel(
            "Retention rules that count from death use this date. Supervisors enter and correct "
            "it; each change is kept in the audit trail."
        )
        note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addLayout(find)
        layout.addWidget(self.patient)
        layout.addWidget(self.recorded)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(note)
        layout.addStretch(1)
        self._enable(False)

    def _enable(self, found: bool) -> None:
        self.save_button.setEnabled(found)
        has_death = found and self.current is not None and self.current.died_on is not None
        self.remove_button.setEnabled(has_death)
        self.reason.setEnabled(has_death)

    def look_up(self, mrn: str) -> None:
        """Show the patient with ``mrn`` and their recorded date of death."""
        self.mrn.setText(mrn)
        self._on_find_button_clicked()

    @Slot()
    def _on_find_button_clicked(self) -> None:
        mrn = self.mrn.text().strip()
        if not mrn:
            self.show_message("Type the patient's MRN.", problem=True)
            return
        self._runner.run_newest(
            self,
            "patient",
            lambda: self._retention.rules.death_of(self._actor, mrn),
            self._on_found,
            self._failed,
        )

    def _on_found(self, info: DeathInfo) -> None:
        self.current = info
        self.patient.setText(f"{info.name} · MRN {info.mrn}")
        if info.died_on is None:
            self.recorded.setText("No date of death recorded.")
        else:
            self.recorded.setText(
                f"Died {info.died_on}; recorded by {info.recorded_by} "
                f"{when(info.recorded_at) if info.recorded_at else ''}".rstrip()
            )
            day = info.died_on
            self.died_on.setDate(QDate(day.year, day.month, day.day))
        if info.dob is not None:
            self.died_on.setMinimumDate(QDate(info.dob.year, info.dob.month, info.dob.day))
        self._enable(True)
        self.death_shown.emit(info)

    def _failed(self, error: RecordsDeskError) -> None:
        super()._failed(error)
        self.death_shown.emit(None)

    def chosen_day(self) -> date:
        picked = self.died_on.date()
        return date(picked.year(), picked.month(), picked.day())

    @Slot()
    def _on_save_button_clicked(self) -> None:
        info = self.current
        if info is None:
            return
        day = self.chosen_day()
        self._runner.run(
            lambda: self._retention.rules.record_death(self._actor, info.mrn, day),
            lambda _: self._after(f"Date of death {day} saved for {info.name}.", info.mrn),
            self._failed,
        )

    @Slot()
    def _on_remove_button_clicked(self) -> None:
        info, reason = self.current, self.reason.text()
        if info is None:
            return
        self._runner.run(
            lambda: self._retention.rules.remove_death(self._actor, info.mrn, reason),
            lambda _: self._after(f"Date of death taken back for {info.name}.", info.mrn),
            self._failed,
        )

    def _after(self, said: str, mrn: str) -> None:
        self.reason.clear()
        self.show_message(said)
        self.look_up(mrn)
