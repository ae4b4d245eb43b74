"""The running list of scans at the desk as a Qt table, newest at the top: a view of DeskModel.

The rows' texts, colours and fonts are held in Qt's own item model, written once when a row
is added or answered. A new answer at the top moves every visible row, so the view repaints
them all; a model answering from Python was asked for seven roles of each of the eighty
visible cells each time (560 calls into the interpreter a scan, while the scan worker wanted
it too). Held in Qt, painting the list calls no Python at all.

While the desk saves a scan the list can be held (``hold``): new rows wait here and go in
when it is released, with their answers. Inserting a row sets the view and the window's
layout working on the GUI thread, and doing that while the worker saves the scan makes each
wait on the other for the interpreter's lock.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QStandardItem, QStandardItemModel

from recordsdesk.ui.desk.desk_model import DeskModel, ScanRow
from recordsdesk.ui.desk.outcomes import Tone
from recordsdesk.ui.formats import clock_time

ROW_TINTS = {
    Tone.PENDING: "#ECEFF1",
    Tone.DONE: "#D7F0DC",
    Tone.WARNING: "#FFEDB8",
    Tone.PROBLEM: "#F8D3D1",
}
HEADERS = ("Time", "Scan", "Result", "Patient", "Details")


class ScanListModel(QStandardItemModel):
    """The desk model's rows (held oldest first) shown newest first."""

    def __init__(self, desk: DeskModel, parent: QObject | None = None) -> None:
        super().__init__(0, len(HEADERS), parent)
        self._desk = desk
        self.setHorizontalHeaderLabels(list(HEADERS))
        self._bold = QFont()
        self._bold.setBold(True)
        self._struck = QFont()
        self._struck.setStrikeOut(True)
        self._tints = {tone: QBrush(QColor(tint)) for tone, tint in ROW_TINTS.items()}
        self._ink = QBrush(QColor("#111111"))
        self._looks: dict[tuple[Tone, bool, int], QStandardItem] = {}
        self._held = False
        self._waiting: list[ScanRow] = []  # rows added while held, oldest first
        for row in reversed(desk.rows):
            self.appendRow(self._items(row))
        desk.events.row_added.connect(self._on_desk_row_added)
        desk.events.rows_dropped.connect(self._on_desk_rows_dropped)
        desk.events.row_changed.connect(self._on_desk_row_changed)

    def row_at(self, row: int) -> ScanRow:
        """The row shown at ``row`` (0 is the newest shown)."""
        rows = self._desk.rows
        return rows[len(rows) - 1 - len(self._waiting) - row]

    def hold(self) -> None:
        """Keep new rows back until ``release``."""
        self._held = True

    def release(self) -> None:
        """Put the rows kept back into the list, newest at the top, in one insertion."""
        self._held = False
        waiting, self._waiting = self._waiting, []
        if len(waiting) == 1:
            self.insertRow(0, self._items(waiting[0]))
        elif waiting:
            self.insertRows(0, len(waiting))  # one notice to the view for the whole cart
            blocked = self.blockSignals(True)  # then one repaint notice, not five a row
            try:
                for shown, row in enumerate(reversed(waiting)):
                    for column, item in enumerate(self._items(row)):
                        self.setItem(shown, column, item)
            finally:
                self.blockSignals(blocked)
            last = self.index(len(waiting) - 1, self.columnCount() - 1)
            self.dataChanged.emit(self.index(0, 0), last)

    def _texts(self, row: ScanRow) -> list[tuple[str, str]]:
        """Each column's text and tooltip for ``row``."""
        details = row.details
        texts = (
            clock_time(row.at),
            row.shown_scan,
            f"{row.tone.word}: {row.title}",
            row.who,
            details,
        )
        return [(text, row.scan if column == 1 else details) for column, text in enumerate(texts)]

    def _look(self, row: ScanRow, column: int) -> dict[int, object]:
        """A cell's tint, ink and font: the same for every row of its tone."""
        roles: dict[int, object] = {
            Qt.ItemDataRole.BackgroundRole: self._tints[row.tone],
            Qt.ItemDataRole.ForegroundRole: self._ink,
        }
        if row.undone:
            roles[Qt.ItemDataRole.FontRole] = self._struck
        elif column in (2, 3):
            roles[Qt.ItemDataRole.FontRole] = self._bold
        return roles

    def _roles(self, row: ScanRow) -> list[dict[int, object]]:
        """Each column's roles for ``row``: its text, tooltip, tint, ink and font."""
        return [
            {
                Qt.ItemDataRole.DisplayRole: text,
                Qt.ItemDataRole.ToolTipRole: tip,
                **self._look(row, column),
            }
            for column, (text, tip) in enumerate(self._texts(row))
        ]

    def _items(self, row: ScanRow) -> list[QStandardItem]:
        # Each cell is a copy of its look's item, made once (tint, ink, font, read-only),
        # given its text and tooltip: three calls into Qt a cell, not six (a row is made on
        # the GUI thread as the answer is shown).
        items = []
        for column, (text, tip) in enumerate(self._texts(row)):
            key = (row.tone, row.undone, column)
            look = self._looks.get(key)
            if look is None:
                look = self._looks[key] = QStandardItem()
                look.setEditable(False)
                for role, value in self._look(row, column).items():
                    look.setData(value, role)
            item = look.clone()
            item.setData(text, Qt.ItemDataRole.DisplayRole)
            item.setData(tip, Qt.ItemDataRole.ToolTipRole)
            items.append(item)
        return items

    def _on_desk_row_added(self, row: ScanRow) -> None:
        if self._held:
            self._waiting.append(row)
        else:
            self.insertRow(0, self._items(row))

    def _on_desk_rows_dropped(self, drop: int) -> None:
        shown = min(drop, self.rowCount())
        if shown:
            self.removeRows(self.rowCount() - shown, shown)
        del self._waiting[: drop - shown]

    def _on_desk_row_changed(self, position: int, row: ScanRow) -> None:
        waiting = position - self.rowCount()
        if waiting >= 0:
            self._waiting[waiting] = row
            return
        shown = self.rowCount() - 1 - position
        for column, roles in enumerate(self._roles(row)):
            self.setItemData(self.index(shown, column), roles)
