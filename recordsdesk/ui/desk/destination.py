"""Where checked-out charts go: a location or person code, typed with completion or scanned."""

from __future__ import annotations

import time

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
    Slot,
)
from PySide6.QtWidgets import QCompleter, QHBoxLayout, QLabel, QLineEdit, QSizePolicy, QWidget

from recordsdesk.services.actors import Actor
from recordsdesk.services.dto import LocationInfo
from recordsdesk.services.locations import LocationService
from recordsdesk.ui.tasks import TaskRunner

ModelIndex = QModelIndex | QPersistentModelIndex
SEPARATOR = " · "


class LocationListModel(QAbstractListModel):
    """The active locations, as "CODE · Name" lines for completion."""

    loaded = Signal()

    def __init__(
        self,
        locations: LocationService,
        actor: Actor,
        runner: TaskRunner,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._service = locations
        self._actor = actor
        self._runner = runner
        self._rows: tuple[LocationInfo, ...] = ()

    @property
    def rows(self) -> tuple[LocationInfo, ...]:
        return self._rows

    def reload(self) -> None:
        """Fetch the list in the background."""
        self._runner.run(
            lambda: self._service.list(self._actor), self._set_rows, lambda _error: None
        )

    def _set_rows(self, rows: list[LocationInfo]) -> None:
        self.beginResetModel()
        self._rows = tuple(rows)
        self.endResetModel()
        self.loaded.emit()

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        place = self._rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return f"{place.code}{SEPARATOR}{place.name}"
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{place.kind}, barcode {place.barcode}"
        return None


def code_of(text: str) -> str:
    """The code in a typed or completed destination ("CARD · Cardiology Clinic" -> "CARD")."""
    return text.split(SEPARATOR, 1)[0].strip().upper()


class DestinationWidget(QWidget):
    """A field with completion over the locations, and the destination now in force."""

    destination_entered = Signal(str)

    def __init__(self, model: LocationListModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.field = QLineEdit()
        self.field.setObjectName("destinationField")
        self.field.setPlaceholderText("Code or name, or scan its barcode")
        self.field.setClearButtonEnabled(True)
        self.completer = QCompleter(model, self)
        self.completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.completer.setMaxVisibleItems(12)
        self.field.setCompleter(self.completer)
        self.place = QLabel()
        self.place.setObjectName("destinationPlace")
        # A long place name must not widen the window: it is cut on a narrow screen instead.
        self.place.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        caption = QLabel("Destination (F6)")
        caption.setObjectName("caption")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(caption)
        layout.addWidget(self.field, 2)
        layout.addWidget(self.place, 3)
        self.field.returnPressed.connect(self._on_field_return_pressed)
        self.completer.activated.connect(self._on_completer_activated)
        self._last_entry = ("", 0.0)
        self.show_text("→ no destination yet: scan or type one", True)

    @Slot()
    def _on_field_return_pressed(self) -> None:
        popup = self.completer.popup()
        if popup is not None:
            popup.hide()
        self._enter(self.field.text())

    @Slot(str)
    def _on_completer_activated(self, text: str) -> None:
        self._enter(text)

    def _enter(self, text: str) -> None:
        code = code_of(text)
        # Enter on a completion can both activate it and press Enter in the field: once is enough.
        now = time.monotonic()
        if not code or (code, now - self._last_entry[1] < 0.2) == (self._last_entry[0], True):
            return
        self._last_entry = (code, now)
        self.field.clear()
        self.destination_entered.emit(code)

    def show_text(self, text: str, empty: bool) -> None:
        """Where charts go now, in words; ``empty`` when none is set (drawn as a prompt)."""
        self.place.setText(text)
        if self.place.property("empty") == empty:
            return
        self.place.setProperty("empty", empty)
        self.place.style().unpolish(self.place)
        self.place.style().polish(self.place)
