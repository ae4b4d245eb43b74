"""The Requests page's form: a clerk takes a call and makes a chart request (chart by scan or
MRN, destination, needed by, STAT, note); the request service checks it as `request add` does."""

from __future__ import annotations

from datetime import datetime, timedelta

from PySide6.QtCore import QDateTime, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QGridLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from recordsdesk.domain.errors import RecordsDeskError
from recordsdesk.services.actors import Actor
from recordsdesk.services.dto import LocationInfo
from recordsdesk.services.requests import Priority, RequestInfo
from recordsdesk.services.requests_desk.desk import RequestsDesk
from recordsdesk.ui.fitting import fit_combo
from recordsdesk.ui.formats import when
from recordsdesk.ui.tasks import TaskRunner

# Off-site stores send boxes, not charts on request: they are no destination.
_NOT_A_DESTINATION = ("offsite",)


class RequestFormWidget(QGroupBox):
    """Chart, destination, need-by time, STAT and note; ``request_made`` or ``refused``."""

    request_made = Signal(object)  # RequestInfo
    refused = Signal(str)

    def __init__(
        self, desk: RequestsDesk, actor: Actor, runner: TaskRunner, parent: QWidget | None = None
    ) -> None:
        super().__init__("New request", parent)
        self._desk = desk
        self._actor = actor
        self._runner = runner
        self.chart = QLineEdit()
        self.chart.setObjectName("requestChart")
        self.chart.setPlaceholderText("Scan the chart or type an MRN")
        self.destination = QComboBox()
        self.destination.setEditable(True)
        self.destination.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        typed = self.destination.lineEdit()
        if typed is not None:
            typed.setPlaceholderText("Clinic, ward or person code")
        fit_combo(self.destination, 22)  # the popup lists every place in full
        self.needed_by = QDateTimeEdit()
        self.needed_by.setDisplayFormat("ddd dd MMM yyyy HH:mm")
        self.needed_by.setCalendarPopup(True)
        self.stat = QCheckBox("STAT")
        self.note = QLineEdit()
        self.note.setPlaceholderText("Note (who rang, bay, extension …)")
        self.note.setMaxLength(255)
        # Ctrl+R is the page's: it opens this form, and once open makes the request.
        self.make_button = QPushButton("Make request  [Ctrl+R]")
        self.make_button.clicked.connect(self._on_make_button_clicked)
        self.chart.returnPressed.connect(self._on_make_button_clicked)
        self.note.returnPressed.connect(self._on_make_button_clicked)
        # Two rows, so the form fits beside the navigation on a 1024-pixel screen:
        # the chart, where and when; then STAT, the note and the button.
        grid = QGridLayout(self)
        grid.setContentsMargins(10, 6, 10, 8)
        grid.setVerticalSpacing(2)
        for row, column, span, caption, field in (
            (0, 0, 1, "Chart", self.chart),
            (0, 1, 1, "To", self.destination),
            (0, 2, 2, "Needed by", self.needed_by),
            (2, 0, 2, "Note", self.note),
            (2, 2, 1, "", self.stat),
        ):
            label = QLabel(caption)
            label.setObjectName("caption")
            grid.addWidget(label, row, column, 1, span)
            grid.addWidget(field, row + 1, column, 1, span)
        grid.addWidget(self.make_button, 3, 3)
        # The keyboard goes as a call does: the chart, where, when, the note, STAT, make it.
        order = (self.chart, self.destination, self.needed_by, self.note, self.stat)
        for first, then in zip(order, (*order[1:], self.make_button), strict=True):
            QWidget.setTabOrder(first, then)
        grid.setColumnStretch(0, 3)
        grid.setColumnStretch(1, 3)
        grid.setColumnStretch(2, 1)
        self.reset_time()
        self._runner.run(
            lambda: self._desk.locations.listing(self._actor),
            self._on_locations,
            lambda error: self.refused.emit(error.message),
        )

    def _on_locations(self, places: list[LocationInfo]) -> None:
        typed = self.destination.currentText()
        self.destination.clear()
        for place in places:
            if place.kind not in _NOT_A_DESTINATION:
                self.destination.addItem(f"{place.code} — {place.name}", place.code)
        self.destination.setCurrentIndex(-1)
        self.destination.setEditText(typed)

    def reset_time(self) -> None:
        """Needed by: the next whole hour but one (a routine request's usual answer)."""
        soon = datetime.now().replace(minute=0, second=0, microsecond=0) + timedelta(hours=2)
        self.needed_by.setDateTime(
            QDateTime(soon.year, soon.month, soon.day, soon.hour, soon.minute, 0)
        )

    def destination_code(self) -> str:
        """The chosen destination's code, or what was typed (its code before any dash)."""
        text = self.destination.currentText()
        index = self.destination.findText(text, Qt.MatchFlag.MatchExactly)
        if index >= 0:
            return str(self.destination.itemData(index))
        return text.split("—")[0].strip()

    def set_chart(self, text: str) -> None:
        """A scan read while the form's chart field had focus lands here."""
        self.chart.setText(text.strip())
        self.destination.setFocus(Qt.FocusReason.OtherFocusReason)

    @Slot()
    def _on_make_button_clicked(self) -> None:
        chart, place = self.chart.text().strip(), self.destination_code()
        if not chart:
            self.refused.emit("Scan the chart or type its MRN first.")
            return
        if not place:
            self.refused.emit("Choose where the chart goes.")
            return
        picked = self.needed_by.dateTime()
        needed = datetime.fromtimestamp(picked.toSecsSinceEpoch()).astimezone()
        priority = Priority.STAT if self.stat.isChecked() else Priority.ROUTINE
        note = self.note.text().strip()
        self.make_button.setEnabled(False)
        self._runner.run(
            lambda: self._desk.requests.add(self._actor, chart, place, needed, priority, note),
            self._on_made,
            self._on_refused,
        )

    def _on_made(self, info: RequestInfo) -> None:
        self.make_button.setEnabled(True)
        self.chart.clear()
        self.note.clear()
        self.stat.setChecked(False)
        self.chart.setFocus(Qt.FocusReason.OtherFocusReason)
        self.request_made.emit(info)

    def _on_refused(self, error: RecordsDeskError) -> None:
        self.make_button.setEnabled(True)
        self.refused.emit(error.message)


def made_line(info: RequestInfo) -> str:
    """What the page says once a request is made."""
    stat = "STAT " if info.priority == Priority.STAT.value else ""
    said = (
        f"{stat}Request R{info.id:07d} made: {info.barcode} ({info.name}) to "
        f"{info.location_name} by {when(info.needed_by)}."
    )
    if info.where:
        said += f" It is {info.where}: choose it in the list and press Recall."
    return said
