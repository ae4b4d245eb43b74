"""The running list of scans at the desk, newest at the top, each with its outcome and tone."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from recordsdesk.services.dto import ScanResult
from recordsdesk.ui.desk.outcomes import Tone, details_of, title_of, tone_of
from recordsdesk.ui.formats import clock_time

ModelIndex = QModelIndex | QPersistentModelIndex

ROW_TINTS = {
    Tone.PENDING: "#ECEFF1",
    Tone.DONE: "#D7F0DC",
    Tone.WARNING: "#FFEDB8",
    Tone.PROBLEM: "#F8D3D1",
}
HEADERS = ("Time", "Scan", "Result", "Details")
MAX_ROWS = 5000


@dataclass(frozen=True)
class ScanRow:
    """One line of the list: a scan as read, and its answer once it has come back."""

    seq: int
    at: datetime
    mode: str
    scan: str
    result: ScanResult | None = None
    undone: bool = False

    @property
    def tone(self) -> Tone:
        return Tone.PENDING if self.result is None else tone_of(self.result)

    @property
    def title(self) -> str:
        return "Saving…" if self.result is None else title_of(self.result)

    @property
    def details(self) -> str:
        if self.result is None:
            return "Waiting for the database."
        text = details_of(self.result)
        return f"(undone) {text}" if self.undone else text


class ScanListModel(QAbstractTableModel):
    """Scan rows held oldest first in a tuple and shown newest first."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: tuple[ScanRow, ...] = ()
        self._bold = QFont()
        self._bold.setBold(True)
        self._struck = QFont()
        self._struck.setStrikeOut(True)

    @property
    def rows(self) -> tuple[ScanRow, ...]:
        """Every row, oldest first."""
        return self._rows

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def row_at(self, row: int) -> ScanRow:
        """The row shown at ``row`` (0 is the newest)."""
        return self._rows[len(self._rows) - 1 - row]

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        item = self.row_at(index.row())
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return (
                clock_time(item.at),
                item.scan,
                f"{item.tone.word}: {item.title}",
                item.details,
            )[column]
        if role == Qt.ItemDataRole.BackgroundRole:
            return QBrush(QColor(ROW_TINTS[item.tone]))
        if role == Qt.ItemDataRole.ForegroundRole:
            return QBrush(QColor("#111111"))
        if role == Qt.ItemDataRole.FontRole:
            if item.undone:
                return self._struck
            return self._bold if column == 2 else None
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

    def add(self, row: ScanRow) -> None:
        """Put a new scan at the top."""
        self.beginInsertRows(QModelIndex(), 0, 0)
        self._rows = (*self._rows, row)
        self.endInsertRows()
        if len(self._rows) > MAX_ROWS:
            # The oldest lines fall off the bottom; the ledger keeps them.
            drop = len(self._rows) - MAX_ROWS
            self.beginRemoveRows(QModelIndex(), MAX_ROWS, MAX_ROWS + drop - 1)
            self._rows = self._rows[drop:]
            self.endRemoveRows()

    def _position(self, seq: int) -> int | None:
        # Sequence numbers only grow, so the rows are sorted by seq: search from the end.
        for position in range(len(self._rows) - 1, -1, -1):
            if self._rows[position].seq == seq:
                return position
            if self._rows[position].seq < seq:
                return None
        return None

    def answer(self, seq: int, result: ScanResult) -> ScanRow | None:
        """Fill in the answer of the scan ``seq``; the updated row (None if it fell off)."""
        position = self._position(seq)
        if position is None:
            return None
        updated = replace(self._rows[position], result=result)
        self._replace(position, updated)
        return updated

    def mark_undone(self, movement_id: int) -> None:
        """Strike through the row whose movement was undone."""
        for position in range(len(self._rows) - 1, -1, -1):
            result = self._rows[position].result
            if result is not None and result.movement_id == movement_id:
                self._replace(position, replace(self._rows[position], undone=True))
                return

    def _replace(self, position: int, row: ScanRow) -> None:
        self._rows = (*self._rows[:position], row, *self._rows[position + 1 :])
        shown = len(self._rows) - 1 - position
        self.dataChanged.emit(self.index(shown, 0), self.index(shown, len(HEADERS) - 1))
