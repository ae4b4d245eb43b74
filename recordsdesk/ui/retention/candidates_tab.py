"""The retirement candidate list: walk order, counts by shelving unit, shelf inches freed."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Signal, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from recordsdesk.domain.errors import RecordsDeskError
from recordsdesk.services.actors import Actor
from recordsdesk.services.retention.dto import CandidateList
from recordsdesk.services.retention.wiring import RetentionServices
from recordsdesk.ui.fitting import fit_combo
from recordsdesk.ui.message_line import say
from recordsdesk.ui.retention.retention_models import CandidateModel
from recordsdesk.ui.retention.tab import RetentionTab
from recordsdesk.ui.table_model import read_only_table
from recordsdesk.ui.tasks import TaskRunner


class CandidatesWidget(RetentionTab):
    """Volumes inactive past their rule's retirement period, ready to box, in one walk."""

    listed = Signal(object)

    def __init__(
        self,
        retention: RetentionServices,
        actor: Actor,
        runner: TaskRunner,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(retention, actor, runner, parent)
        self.model = CandidateModel(self)
        today = retention.candidates.today()
        self.as_of = QDateEdit(QDate(today.year, today.month, today.day))
        self.as_of.setCalendarPopup(True)
        self.as_of.setDisplayFormat("yyyy-MM-dd")
        self.unit = QComboBox()
        self.unit.addItem("every shelving unit", None)
        fit_combo(self.unit, 18)  # a unit's long name in full in the popup
        self.unit.setToolTip("List one shelving unit's candidates, to pull them in one walk")
        self._runner.run(
            lambda: self._retention.candidates.units(self._actor), self._on_units, self._on_failed
        )
        self.refresh_button = QPushButton("List candidates  [F5]")
        self.refresh_button.setShortcut("F5")
        self.refresh_button.clicked.connect(self.refresh)
        self.summary = QLabel("Choose a day and list the candidates.")
        self.summary.setStyleSheet("font-size: 15pt; font-weight: 700; color: #0D47A1;")
        self.summary.setWordWrap(True)  # a long heading wraps, never widens the window
        self.units = QLabel()
        self.units.setWordWrap(True)
        self.table = read_only_table(self.model)
        top = QHBoxLayout()
        top.addWidget(QLabel("As of"))
        top.addWidget(self.as_of)
        top.addWidget(QLabel("Unit"))
        top.addWidget(self.unit)
        top.addWidget(self.refresh_button)
        top.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.summary)
        layout.addWidget(self.units)
        layout.addWidget(self.message)
        layout.addWidget(self.table, 1)

    def day(self) -> date:
        chosen = self.as_of.date()
        return date(chosen.year(), chosen.month(), chosen.day())

    def _on_units(self, units: tuple[str, ...]) -> None:
        for name in units:
            self.unit.addItem(name, name)

    def choose_unit(self, name: str | None) -> None:
        """List only ``name``'s candidates (None: every unit's)."""
        self.unit.setCurrentIndex(max(0, self.unit.findData(name)))

    @Slot()
    def refresh(self) -> None:
        """List the candidates as of the chosen day, of the chosen unit (off the GUI thread)."""
        day = self.day()
        unit = self.unit.currentData()
        self.summary.setText("Listing…")
        self._runner.run_newest(
            self,
            "candidates",
            lambda: self._retention.candidates.retirement(self._actor, day, unit),
            self._on_listed,
            self._on_failed,
        )

    def _on_listed(self, found: CandidateList) -> None:
        self.model.set_rows(found.items)
        unit = self.unit.currentData()
        self.summary.setText(
            f"{found.volumes:,} volumes to retire off-site"
            + (f" from {unit}" if unit else "")
            + f" · {found.inches:,.1f} inches of shelf freed (as of {found.as_of})"
        )
        self.units.setText(
            "   ".join(f"{u.unit}: {u.volumes} ({u.inches:g} in)" for u in found.units)
            or "No shelving unit has a candidate."
        )
        self.listed.emit(found)

    def _on_failed(self, error: RecordsDeskError) -> None:
        self.summary.setText("The candidates could not be listed.")
        say(self.message, error.message, problem=True)
        self.listed.emit(None)
