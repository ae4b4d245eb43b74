"""The shelf's colour blocks for a chart's filing digits, each digit drawn inside its block."""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from recordsdesk.domain.colours import DEFAULT_PALETTE, ColourBlock, colour_blocks


class ColourBlocksWidget(QWidget):
    """Paints one block per digit in the site's palette, the digit in a colour that reads on it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.blocks: list[ColourBlock] = []
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)

    def set_digits(self, digits: str, palette: tuple[str, ...] = DEFAULT_PALETTE) -> None:
        self.blocks = colour_blocks(digits, palette) if digits.isdigit() else []
        self.updateGeometry()
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(max(1, len(self.blocks)) * 52, 64)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        font = QFont(self.font())
        font.setPointSize(24)
        font.setBold(True)
        painter.setFont(font)
        for i, block in enumerate(self.blocks):
            rect = QRectF(i * 52 + 2, 2, 46, 60)
            painter.setPen(QPen(QColor("#333333"), 1))
            painter.setBrush(QColor(block.fill))
            painter.drawRoundedRect(rect, 4, 4)
            painter.setPen(QColor(block.ink))
            painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, block.digit)
        painter.end()
