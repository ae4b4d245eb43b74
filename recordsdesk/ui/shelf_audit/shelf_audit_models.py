"""The run of scans and the audit's findings as table models."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from recordsdesk.services.shelf_audit import ShelfFinding
from recordsdesk.ui.table_model import ModelIndex, RowsTableModel

FINDING_WORDS = {
    "in_place": "In place",
    "misfiled": "Misfiled",
    "recorded_out": "Recorded out",
    "missing": "Flagged missing",
    "unknown": "Unknown",
}
TINT = QBrush(QColor("#FFEBEE"))


@dataclass(frozen=True)
class RunScan:
    """One scan of the run, numbered from the left of the shelf."""

    position: int
    scan: str


class RunModel(RowsTableModel):
    """The scans of the run so far, in the order they were made; it grows with each scan."""

    columns = (
        ("#", lambda r: str(r.position)),
        ("Scan", lambda r: r.scan),
    )

    def append(self, scan: str) -> None:
        """One more chart scanned along the shelf."""
        row = len(self.rows)
        self.beginInsertRows(QModelIndex(), row, row)
        self._rows = (*self._rows, RunScan(row + 1, scan))
        self.endInsertRows()

    def scans(self) -> list[str]:
        return [r.scan for r in self.rows]


class FindingModel(RowsTableModel):
    """Every chart of the run and what the audit found; the ones needing attention tinted."""

    columns = (
        ("#", lambda f: str(f.position + 1)),
        ("Finding", lambda f: FINDING_WORDS.get(f.finding, f.finding)),
        ("Shelf", lambda f: f.shelf or ""),
        ("Barcode", lambda f: f.barcode or f.scan),
        ("MRN", lambda f: f.mrn or ""),
        ("Name", lambda f: f.name or ""),
        ("Detail", lambda f: f.message),
    )

    def is_problem(self, row: object) -> bool:
        return isinstance(row, ShelfFinding) and row.finding != "in_place"

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if (
            role == Qt.ItemDataRole.BackgroundRole
            and index.isValid()
            and 0 <= index.row() < len(self.rows)
            and self.is_problem(self.rows[index.row()])
        ):
            return TINT
        if role == Qt.ItemDataRole.ToolTipRole and index.isValid() and index.row() < len(self.rows):
            return self.rows[index.row()].message
        return super().data(index, role)
