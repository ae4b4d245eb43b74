"""Widgets that fit a narrow screen: rows of buttons that wrap, combo boxes sized to a few words.

A file room's workstation is often 1024x640; every page must fit beside the navigation there.
A long row of controls wraps onto a second line (``FlowLayout``) rather than widening the page;
a combo box shows a sensible number of characters and its popup the full text (``fit_combo``).
"""

from __future__ import annotations

from PySide6.QtCore import QMargins, QPoint, QRect, QSize, Qt
from PySide6.QtWidgets import QComboBox, QLayout, QLayoutItem, QSizePolicy, QWidget


class FlowLayout(QLayout):
    """Lays its items left to right, starting a new row where the width runs out.

    Its minimum width is that of its widest item, its height follows the width given
    (height-for-width), so a window narrowed to 1024 pixels shows two rows of buttons.
    """

    def __init__(self, parent: QWidget | None = None, spacing: int = 6) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._spacing = spacing
        # Qt asks a layout's height for the same width many times a pass (about forty times
        # each time a label's text changes on the page): answered from here until the layout
        # is invalidated.
        self._heights: dict[int, int] = {}
        if parent is None:
            self.setContentsMargins(0, 0, 0, 0)

    def addItem(self, item: QLayoutItem) -> None:
        self._items.append(item)
        self.invalidate()

    def invalidate(self) -> None:
        self._heights.clear()
        super().invalidate()

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:
        if not 0 <= index < len(self._items):
            return None
        item = self._items.pop(index)
        self.invalidate()
        return item

    def expandingDirections(self) -> Qt.Orientation:
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        height = self._heights.get(width)
        if height is None:
            height = self._heights[width] = self._arrange(QRect(0, 0, width, 0), place=False)
        return height

    def setGeometry(self, rect: QRect) -> None:
        super().setGeometry(rect)
        self._arrange(rect, place=True)

    def sizeHint(self) -> QSize:
        """All on one row, as wide as they like."""
        width = sum(item.sizeHint().width() for item in self._shown())
        width += self._spacing * max(0, len(self._shown()) - 1)
        height = max((item.sizeHint().height() for item in self._shown()), default=0)
        return QSize(width, height) + self._margin_size()

    def minimumSize(self) -> QSize:
        """As narrow as the widest item; the height for that width is asked separately."""
        size = QSize()
        for item in self._shown():
            size = size.expandedTo(item.minimumSize().expandedTo(item.sizeHint()))
        return size + self._margin_size()

    def _margin_size(self) -> QSize:
        margins: QMargins = self.contentsMargins()
        return QSize(margins.left() + margins.right(), margins.top() + margins.bottom())

    def _shown(self) -> list[QLayoutItem]:
        return [item for item in self._items if not item.isEmpty()]

    def _arrange(self, rect: QRect, place: bool) -> int:
        margins = self.contentsMargins()
        area = rect.adjusted(margins.left(), margins.top(), -margins.right(), -margins.bottom())
        rows: list[list[tuple[QLayoutItem, QSize]]] = [[]]
        x = area.x()
        for item in self._shown():
            hint = item.sizeHint()
            if rows[-1] and x + hint.width() > area.right() + 1:
                rows.append([])
                x = area.x()
            rows[-1].append((item, hint))
            x += hint.width() + self._spacing
        y = area.y()
        for row in rows:
            if not row:
                continue
            height = max(hint.height() for _, hint in row)
            x = area.x()
            for item, hint in row:
                if place:
                    item.setGeometry(QRect(QPoint(x, y), QSize(hint.width(), height)))
                x += hint.width() + self._spacing
            y += height + self._spacing
        return max(0, y - self._spacing - rect.y()) + margins.bottom()


def flow_row(*widgets: QWidget, spacing: int = 6) -> QWidget:
    """A widget holding ``widgets`` in a row that wraps when narrow."""
    holder = QWidget()
    flow = FlowLayout(holder, spacing)
    flow.setContentsMargins(0, 0, 0, 0)
    for widget in widgets:
        flow.addWidget(widget)
    policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
    policy.setHeightForWidth(True)
    holder.setSizePolicy(policy)
    return holder


def fit_combo(combo: QComboBox, characters: int = 24) -> QComboBox:
    """Size ``combo`` to about ``characters`` characters; its popup shows every choice in full.

    A tooltip the combo has is its own (it says what the choice is for); it is left alone.
    """
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(characters)
    view = combo.view()
    view.setTextElideMode(Qt.TextElideMode.ElideNone)

    def follow() -> None:
        # The popup as wide as its longest choice, not the box's width.
        longest = max(
            (
                combo.fontMetrics().horizontalAdvance(combo.itemText(i))
                for i in range(combo.count())
            ),
            default=0,
        )
        view.setMinimumWidth(longest + 40)

    combo.model().rowsInserted.connect(lambda *_: follow())
    combo.model().modelReset.connect(lambda *_: follow())
    follow()
    return combo
