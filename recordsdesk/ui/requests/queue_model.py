"""The table of pending requests: STAT rows stand out in red."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QFont

from recordsdesk.services.requests_desk.queue import QueuedRequest
from recordsdesk.ui.formats import when
from recordsdesk.ui.table_model import ModelIndex, RowsTableModel

STAT_BACKGROUND = QBrush(QColor("#FFEBEE"))


class RequestQueueModel(RowsTableModel):
    """Pending requests, as the service orders them (STAT first, then by need-by time)."""

    columns = (
        ("", lambda r: "STAT" if r.stat else "routine"),
        ("Needed by", lambda r: when(r.needed_by)),
        ("Chart", lambda r: r.barcode or ""),
        ("Patient", lambda r: r.name),
        ("MRN", lambda r: r.mrn),
        ("Vol", lambda r: "" if r.volume is None else str(r.volume)),
        ("To", lambda r: r.to_name),
        ("Where it is now", lambda r: r.where_now),
        ("Asked", lambda r: f"{when(r.made_at)} by {r.made_by}"),
        ("Note", lambda r: r.note),
    )

    def is_problem(self, row: Any) -> bool:
        return bool(row.stat)

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if index.isValid() and 0 <= index.row() < len(self.rows):
            row: QueuedRequest = self.rows[index.row()]
            if row.stat and role == Qt.ItemDataRole.BackgroundRole:
                return STAT_BACKGROUND
            if row.stat and role == Qt.ItemDataRole.FontRole:
                font = QFont()
                font.setBold(True)
                return font
        return super().data(index, role)

    def request_at(self, row: int) -> QueuedRequest | None:
        return self.rows[row] if 0 <= row < len(self.rows) else None
