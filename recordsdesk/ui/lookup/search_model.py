"""Patients found by a chart search (MRN, barcode, or name with date of birth)."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)

from recordsdesk.domain.errors import RecordsDeskError
from recordsdesk.services.actors import Actor
from recordsdesk.services.dto import PatientSummary
from recordsdesk.services.registry import RegistryService
from recordsdesk.ui.formats import day
from recordsdesk.ui.tasks import TaskRunner

ModelIndex = QModelIndex | QPersistentModelIndex
HEADERS = ("MRN", "Name", "Date of birth", "Shelf")


class PatientSearchModel(QAbstractTableModel):
    """The answer to the last search, one patient a row; searches run in the background."""

    searched = Signal(int)
    search_failed = Signal(str)

    def __init__(
        self,
        registry: RegistryService,
        actor: Actor,
        runner: TaskRunner,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._registry = registry
        self._actor = actor
        self._runner = runner
        self._rows: tuple[PatientSummary, ...] = ()

    @property
    def rows(self) -> tuple[PatientSummary, ...]:
        return self._rows

    def search(self, text: str, dob: date | None) -> None:
        """Look for patients; ``searched`` or ``search_failed`` follows."""
        # Only the newest search is answered: an older one ending later must not fill the
        # list under the new search's words.
        self._runner.run_newest(
            self,
            "search",
            lambda: self._registry.search(self._actor, text, dob),
            self._found,
            self._failed,
        )

    def clear(self) -> None:
        """No rows (a new search is under way, or a scan was no chart)."""
        self.beginResetModel()
        self._rows = ()
        self.endResetModel()

    def _found(self, rows: list[PatientSummary]) -> None:
        self.beginResetModel()
        self._rows = tuple(rows)
        self.endResetModel()
        self.searched.emit(len(rows))

    def _failed(self, error: RecordsDeskError) -> None:
        self.beginResetModel()
        self._rows = ()
        self.endResetModel()
        self.search_failed.emit(error.message)

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            p = self._rows[index.row()]
            return (p.mrn, p.name, day(p.dob), p.shelf)[index.column()]
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if (
            role == Qt.ItemDataRole.DisplayRole
            and orientation == Qt.Orientation.Horizontal
            and 0 <= section < len(HEADERS)
        ):
            return HEADERS[section]
        return None
