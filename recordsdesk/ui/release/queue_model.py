"""The ROI queue as a table: due soonest first, overdue in red, waiting on the requester shaded."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QFont

from recordsdesk.services.release.dto import QueueRow
from recordsdesk.ui.release.request_state import due_text, status_text
from recordsdesk.ui.table_model import ModelIndex, RowsTableModel

WAITING = QBrush(QColor("#FFF3E0"))
OVERDUE_BACKGROUND = QBrush(QColor("#FFEBEE"))


class ReleaseQueueModel(RowsTableModel):
    """Rows are QueueRow DTOs, in the order the service gives (due soonest first)."""

    columns = (
        ("Request", lambda r: r.reference),
        ("Due", lambda r: due_text(r)),
        ("Status", lambda r: status_text(r)),
        ("Patient", lambda r: r.patient),
        ("MRN", lambda r: r.mrn),
        ("From", lambda r: r.kind.label),
        ("Requester", lambda r: r.requester),
        ("Special categories", lambda r: ", ".join(c.value.replace("_", " ") for c in r.special)),
    )

    def is_problem(self, row: Any) -> bool:
        return isinstance(row, QueueRow) and row.overdue

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if role == Qt.ItemDataRole.BackgroundRole and index.isValid():
            row = self.rows[index.row()] if 0 <= index.row() < len(self.rows) else None
            if isinstance(row, QueueRow):
                if row.overdue:
                    return OVERDUE_BACKGROUND
                if row.waiting_on_requester:
                    return WAITING
            return None
        if role == Qt.ItemDataRole.FontRole and index.isValid() and index.column() == 1:
            row = self.rows[index.row()] if 0 <= index.row() < len(self.rows) else None
            if isinstance(row, QueueRow) and row.overdue:
                font = QFont()
                font.setBold(True)
                return font
        return super().data(index, role)
