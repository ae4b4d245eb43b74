"""The large colour-coded answer to the last scan, readable from a step away.

The panel paints its own fill and words (``ui/steady_text.py``): it keeps its height whatever
the answer, so the list below never jumps, and a new answer repaints the panel alone rather
than laying out the whole window again.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from recordsdesk.ui.desk.outcomes import Tone
from recordsdesk.ui.steady_text import draw_lines, fit_lines

# Fill and ink per tone; the word (DONE, CHECK, PROBLEM) is printed too, never colour alone.
PALETTE = {
    Tone.PENDING: ("#455A64", "#FFFFFF"),
    Tone.DONE: ("#1B7F3B", "#FFFFFF"),
    Tone.WARNING: ("#F2B705", "#1A1A1A"),
    Tone.PROBLEM: ("#C62828", "#FFFFFF"),
}
HEADLINE_PT = 30.0
DETAILS_PT = 15.0
DETAIL_LINES = 3  # the patient, then the message and its warnings: longer is cut, "…"
MARGINS = (20, 12, 20, 14)  # left, top, right, bottom
SPACING = 4


class FeedbackWidget(QWidget):
    """A coloured panel: the tone's word and title in large letters, the details below."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("feedback")
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)  # it fills every pixel
        self.tone = Tone.PENDING
        self._headline = ""
        self._details = ""
        self._fonts = self._make_fonts()
        self.show_answer(Tone.PENDING, "Ready", "Scan a destination, then the charts.")

    @property
    def headline(self) -> str:
        return self._headline

    @property
    def details(self) -> str:
        return self._details

    def show_answer(self, tone: Tone, title: str, details: str) -> None:
        """Show one answer in its tone's colours."""
        word = "" if title == "Ready" else f"{tone.word} · "
        self._headline = f"{word}{title}"
        self._details = details
        self.tone = tone
        self.setAccessibleName(self._headline)
        self.setAccessibleDescription(details)
        self.setToolTip(details)  # all of it, where the panel had to cut it
        self.update()

    # Size and painting ------------------------------------------------------------------

    def _make_fonts(self) -> tuple[QFont, QFont]:
        headline = QFont(self.font())
        headline.setPointSizeF(HEADLINE_PT)
        headline.setWeight(QFont.Weight.Bold)
        details = QFont(self.font())
        details.setPointSizeF(DETAILS_PT)
        return headline, details

    def _height(self) -> int:
        headline, details = (QFontMetricsF(font) for font in self._fonts)
        inside = headline.lineSpacing() + SPACING + details.lineSpacing() * DETAIL_LINES
        return int(MARGINS[1] + inside + MARGINS[3] + 1)

    def sizeHint(self) -> QSize:
        return QSize(400, self._height())

    def minimumSizeHint(self) -> QSize:
        return QSize(0, self._height())

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.FontChange:
            self._fonts = self._make_fonts()
            self.updateGeometry()
        super().changeEvent(event)

    def paintEvent(self, _event: QPaintEvent) -> None:
        fill, ink = PALETTE[self.tone]
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        # The window's own background round the rounded corners, then the panel.
        painter.fillRect(self.rect(), self.palette().window())
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(fill))
        painter.drawRoundedRect(QRectF(self.rect()), 8, 8)
        painter.setPen(QColor(ink))
        left, top, right, _bottom = MARGINS
        width = self.width() - left - right
        headline, details = self._fonts
        title = fit_lines(self._headline, headline, width, 1)
        below = draw_lines(painter, title, headline, left, top)
        lines = fit_lines(self._details, details, width, DETAIL_LINES)
        draw_lines(painter, lines, details, left, below + SPACING)
        painter.end()
