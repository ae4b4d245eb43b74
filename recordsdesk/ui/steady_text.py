"""Text that changes on every scan without moving anything: painted by itself, its size fixed.

A QLabel asks for a new layout whenever its text changes, and the request climbs from layout
to layout up to the main window, which lays the whole page out again and repaints it (the
wrapping rows of buttons answer Qt from Python on the way). On the desk that was every
answer: about 7 ms of the processor a scan, most of it for nothing, and in a burst it ran
beside the worker saving the next scan. Text drawn here keeps its height (its number of
lines) and takes the width it is given: a new text repaints this widget alone. What does not
fit is cut with an ellipsis; it never widens the window.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QFont, QFontMetricsF, QPainter, QPaintEvent, QPalette, QTextLayout
from PySide6.QtWidgets import QSizePolicy, QWidget


def fit_lines(text: str, font: QFont, width: float, room: int) -> list[str]:
    """``text`` wrapped at ``width`` in at most ``room`` lines; the last one elided if cut.

    Each paragraph (a line of ``text``) starts a new line; words are wrapped by Qt's own text
    layout, so every script (right-to-left included) breaks where it should.
    """
    metrics = QFontMetricsF(font)
    lines: list[str] = []
    paragraphs = text.split("\n")
    for number, paragraph in enumerate(paragraphs):
        layout = QTextLayout(paragraph, font)
        layout.beginLayout()
        while True:
            line = layout.createLine()
            if not line.isValid():
                break
            line.setLineWidth(width)
            start = line.textStart()
            if len(lines) == room - 1:  # the last line there is room for: the rest, elided
                rest = paragraph[start:]
                more = number < len(paragraphs) - 1 and any(paragraphs[number + 1 :])
                if more:
                    rest += " …"
                lines.append(_elided(metrics, rest, width))
                layout.endLayout()
                return lines
            lines.append(paragraph[start : start + line.textLength()].rstrip())
        layout.endLayout()
    return lines


def _elided(metrics: QFontMetricsF, text: str, width: float) -> str:
    """``text`` cut to ``width`` with an ellipsis; Qt's own cut can overshoot a joined script
    by a pixel or two (Arabic's ellipsis comes with a joiner), so it is measured and cut again."""
    room = width
    for _ in range(4):
        elided = metrics.elidedText(text, Qt.TextElideMode.ElideRight, room)
        over = metrics.horizontalAdvance(elided) - width
        if over <= 0:
            return elided
        room -= over + 1
    return ""


def draw_lines(painter: QPainter, lines: list[str], font: QFont, left: float, top: float) -> float:
    """Draw ``lines`` one under another from (left, top); the y below the last."""
    metrics = QFontMetricsF(font)
    painter.setFont(font)
    for text in lines:
        painter.drawText(QPointF(left, top + metrics.ascent()), text)
        top += metrics.lineSpacing()
    return top


class SteadyText(QWidget):
    """A few lines of text in the widget's font and ink; changing them repaints only this."""

    def __init__(self, lines: int = 1, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._room = lines
        self._text = ""
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)

    def text(self) -> str:
        return self._text

    def setText(self, text: str) -> None:
        if text == self._text:
            return
        self._text = text
        self.setAccessibleName(text)
        self.update()

    def sizeHint(self) -> QSize:
        metrics = QFontMetricsF(self.font())
        return QSize(int(metrics.averageCharWidth() * 30), self._height())

    def minimumSizeHint(self) -> QSize:
        return QSize(0, self._height())

    def _height(self) -> int:
        return int(QFontMetricsF(self.font()).lineSpacing() * self._room + 1)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.FontChange:
            self.updateGeometry()  # the one change that moves it: a new font, a new height
        super().changeEvent(event)

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setPen(self.palette().color(QPalette.ColorRole.WindowText))
        font = self.font()
        area = QRectF(self.rect())
        draw_lines(painter, fit_lines(self._text, font, area.width(), self._room), font, 0, 0)
        painter.end()
