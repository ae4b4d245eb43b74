"""A chart's volumes and its movement history as table models (fed from one ChartDetail)."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from recordsdesk.services.dto import MovementInfo, VolumeInfo
from recordsdesk.ui.formats import when

ModelIndex = QModelIndex | QPersistentModelIndex

KIND_WORDS = {
    "created": "Created",
    "checked_out": "Checked out",
    "transferred": "Transferred",
    "returned": "Returned",
    "refiled": "Refiled",
    "flagged_missing": "Flagged missing",
    "found": "Found",
    "corrected": "Corrected (undo)",
    "retired": "Retired",
    "destroyed": "Destroyed",
    "boxed": "Boxed for off-site",
    "recalled": "Recalled from box",
}


class _RowsModel(QAbstractTableModel):
    headers: tuple[str, ...] = ()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: tuple[object, ...] = ()

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.headers)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if (
            role == Qt.ItemDataRole.DisplayRole
            and orientation == Qt.Orientation.Horizontal
            and 0 <= section < len(self.headers)
        ):
            return self.headers[section]
        return None


class VolumeTableModel(_RowsModel):
    """Each volume: number, barcode, type, where it is now, since when, due when."""

    headers = ("Volume", "Barcode", "Type", "Where now", "Out since", "Due")

    def set_volumes(self, volumes: tuple[VolumeInfo, ...]) -> None:
        self.beginResetModel()
        self._rows = volumes
        self.endResetModel()

    def volume_at(self, row: int) -> VolumeInfo:
        volume = self._rows[row]
        assert isinstance(volume, VolumeInfo)
        return volume

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        v = self.volume_at(index.row())
        if role == Qt.ItemDataRole.DisplayRole:
            where = (
                "Home (on shelf)"
                if v.location is None
                else f"{v.location.name} ({v.location.code})"
            )
            if v.missing:
                where = f"MISSING · last {where}"
            if v.retention:
                where = v.retention[:1].upper() + v.retention[1:]
            return (
                f"{v.number} of {v.count}",
                v.barcode,
                v.record_type,
                where,
                when(v.out_since),
                when(v.due),
            )[index.column()]
        if role == Qt.ItemDataRole.ForegroundRole and v.missing:
            return QBrush(QColor("#B71C1C"))
        return None


class HistoryTableModel(_RowsModel):
    """Every movement of the chart's volumes, newest first."""

    headers = ("When", "Volume", "What", "From", "To", "By", "Workstation", "Note")

    def set_history(self, history: tuple[MovementInfo, ...]) -> None:
        self.beginResetModel()
        self._rows = tuple(reversed(history))
        self.endResetModel()

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        m = self._rows[index.row()]
        assert isinstance(m, MovementInfo)
        if role == Qt.ItemDataRole.DisplayRole:
            return (
                when(m.at),
                f"{m.volume} ({m.barcode})",
                KIND_WORDS.get(m.kind, m.kind),
                m.from_code or "shelf",
                m.to_code or "shelf",
                m.user,
                m.workstation,
                m.note,
            )[index.column()]
        return None
