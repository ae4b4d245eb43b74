"""The sidebar's list of work areas: one line each, the area's name with its shortcut beside it.

Eleven work areas and the window's own buttons fit a 1024x640 screen without scrolling: each
area takes one line, its keyboard shortcut drawn right-aligned in a smaller, quieter type. The
shortcut is kept in the item's data (not its text), so nothing that disables, relabels or
re-enables an item can lose it, and screen readers hear "Desk, Ctrl+1".
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QPainter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QListWidget,
    QListWidgetItem,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

KEY_ROLE = Qt.ItemDataRole.UserRole
SHORTCUT_ROLE = Qt.ItemDataRole.UserRole + 1

ROW_HEIGHT = 34
SIDE_PADDING = 12
TEXT = QColor("#ECEFF1")
HINT = QColor("#90A4AE")
SELECTED_BACKGROUND = QColor("#0D47A1")
SELECTED_HINT = QColor("#BBDEFB")
HOVER_BACKGROUND = QColor("#37474F")

STYLE = """
QListWidget#navigation { font-size: 12pt; background: #263238; color: #ECEFF1; border: none;
    padding-top: 6px; outline: none; }
"""


class _AreaDelegate(QStyledItemDelegate):
    """Draws an area's name on the left and its shortcut on the right, on one line."""

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        return QSize(option.rect.width(), ROW_HEIGHT)

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        state = option.state
        rect: QRect = option.rect
        selected = bool(state & QStyle.StateFlag.State_Selected)
        painter.save()
        if selected:
            painter.fillRect(rect, SELECTED_BACKGROUND)
        elif state & QStyle.StateFlag.State_MouseOver:
            painter.fillRect(rect, HOVER_BACKGROUND)
        inner = rect.adjusted(SIDE_PADDING, 0, -SIDE_PADDING, 0)
        hint = str(index.data(SHORTCUT_ROLE) or "")
        hint_font = QFont(option.font)
        hint_font.setPointSizeF(max(hint_font.pointSizeF() * 0.72, 8.0))
        painter.setFont(hint_font)
        painter.setPen(SELECTED_HINT if selected else HINT)
        hint_width = painter.fontMetrics().horizontalAdvance(hint)
        painter.drawText(inner, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, hint)
        title_font = QFont(option.font)
        if selected:
            title_font.setWeight(QFont.Weight.DemiBold)
        painter.setFont(title_font)
        painter.setPen(TEXT if state & QStyle.StateFlag.State_Enabled else HINT)
        title_box = inner.adjusted(0, 0, -(hint_width + 8), 0)
        title = painter.fontMetrics().elidedText(
            str(index.data(Qt.ItemDataRole.DisplayRole) or ""),
            Qt.TextElideMode.ElideRight,
            title_box.width(),
        )
        left = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        painter.drawText(title_box, left, title)
        painter.restore()


class NavigationList(QListWidget):
    """The work areas, one line each; ``add_area`` keeps the key and shortcut in the item."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("navigation")
        self.setStyleSheet(STYLE)
        self.setItemDelegate(_AreaDelegate(self))
        self.setUniformItemSizes(True)
        self.setMouseTracking(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)

    def add_area(self, key: str, title: str, shortcut: str) -> QListWidgetItem:
        """List one work area: ``title`` shown, ``shortcut`` beside it, ``key`` to find it by."""
        item = QListWidgetItem(title)
        item.setData(KEY_ROLE, key)
        item.setData(SHORTCUT_ROLE, shortcut)
        item.setToolTip(f"{title} ({shortcut})")
        item.setData(Qt.ItemDataRole.AccessibleTextRole, f"{title}, {shortcut}")
        self.addItem(item)
        return item

    def shortcut_of(self, row: int) -> str:
        return str(self.item(row).data(SHORTCUT_ROLE) or "")

    def key_of(self, row: int) -> str:
        return str(self.item(row).data(KEY_ROLE) or "")

    def row_of(self, key: str) -> int:
        """The row listing ``key``, or -1 when this user has no such area."""
        return next((row for row in range(self.count()) if self.key_of(row) == key), -1)
