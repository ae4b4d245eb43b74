"""The running list of scans at the desk as a Qt table, newest at the top: a view of DeskModel."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from recordsdesk.ui.desk.desk_model import DeskModel, ScanRow
from recordsdesk.ui.desk.outcomes import Tone
from recordsdesk.ui.formats import clock_time

ModelIndex = QModelIndex | QPersistentModelIndex

ROW_TINTS = {
    Tone.PENDING: "#ECEFF1",
    Tone.DONE: "#D7F0DC",
    Tone.WARNING: "#FFEDB8",
    Tone.PROBLEM: "#F8D3D1",
}
HEADERS = ("Time", "Scan", "Result", "Patient", "Details")
_ROLES = frozenset(
    {
        Qt.ItemDataRole.DisplayRole,
        Qt.ItemDataRole.ToolTipRole,
        Qt.ItemDataRole.BackgroundRole,
        Qt.ItemDataRole.ForegroundRole,
        Qt.ItemDataRole.FontRole,
    }
)


class ScanListModel(QAbstractTableModel):
    """The desk model's rows (held oldest first) shown newest first."""

    def __init__(self, desk: DeskModel, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._desk = desk
        self._count = len(desk.rows)
        self._bold = QFont()
        self._bold.setBold(True)
        self._struck = QFont()
        self._struck.setStrikeOut(True)
        self._tints = {tone: QBrush(QColor(tint)) for tone, tint in ROW_TINTS.items()}
        self._ink = QBrush(QColor("#111111"))
        # Each row's texts, made once: a new answer repaints every visible cell, and the
        # view asks for each cell's text, colours and font one call at a time.
        self._cells: dict[int, tuple[ScanRow, tuple[str, ...]]] = {}
        desk.events.row_added.connect(self._on_desk_row_added)
        desk.events.rows_dropped.connect(self._on_desk_rows_dropped)
        desk.events.row_changed.connect(self._on_desk_row_changed)

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._count

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def row_at(self, row: int) -> ScanRow:
        """The row shown at ``row`` (0 is the newest)."""
        rows = self._desk.rows
        return rows[len(rows) - 1 - row]

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        # Painting asks for seven roles of every visible cell after each answer: the ones
        # this model never fills are answered first, before anything is looked up.
        if role not in _ROLES or not index.isValid() or not 0 <= index.row() < self._count:
            return None
        item = self.row_at(index.row())
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._texts(item)[column]
        if role == Qt.ItemDataRole.ToolTipRole:
            return item.scan if column == 1 else item.details
        if role == Qt.ItemDataRole.BackgroundRole:
            return self._tints[item.tone]
        if role == Qt.ItemDataRole.ForegroundRole:
            return self._ink
        if role == Qt.ItemDataRole.FontRole:
            if item.undone:
                return self._struck
            return self._bold if column in (2, 3) else None
        return None

    def _texts(self, item: ScanRow) -> tuple[str, ...]:
        found = self._cells.get(id(item))
        if found is not None and found[0] is item:
            return found[1]
        texts = (
            clock_time(item.at),
            item.shown_scan,
            f"{item.tone.word}: {item.title}",
            item.who,
            item.details,
        )
        if len(self._cells) > 2 * self._count + 64:
            self._cells.clear()  # rows answered or dropped since
        self._cells[id(item)] = (item, texts)
        return texts

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

    def _on_desk_row_added(self, _row: ScanRow) -> None:
        self.beginInsertRows(QModelIndex(), 0, 0)
        self._count += 1
        self.endInsertRows()

    def _on_desk_rows_dropped(self, drop: int) -> None:
        self.beginRemoveRows(QModelIndex(), self._count - drop, self._count - 1)
        self._count -= drop
        self.endRemoveRows()

    def _on_desk_row_changed(self, position: int, _row: ScanRow) -> None:
        shown = self._count - 1 - position
        self.dataChanged.emit(self.index(shown, 0), self.index(shown, len(HEADERS) - 1))
