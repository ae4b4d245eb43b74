"""The large colour-coded answer to the last scan, readable from a step away."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QLabel, QSizePolicy, QVBoxLayout, QWidget

from recordsdesk.ui.desk.outcomes import Tone

# Fill and ink per tone; the word (DONE, CHECK, PROBLEM) is printed too, never colour alone.
PALETTE = {
    Tone.PENDING: ("#455A64", "#FFFFFF"),
    Tone.DONE: ("#1B7F3B", "#FFFFFF"),
    Tone.WARNING: ("#F2B705", "#1A1A1A"),
    Tone.PROBLEM: ("#C62828", "#FFFFFF"),
}


class FeedbackWidget(QFrame):
    """A coloured panel: the tone's word and title in large letters, the details below."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("feedback")
        self.tone = Tone.PENDING
        self._headline = QLabel()
        self._headline.setObjectName("feedbackHeadline")
        self._details = QLabel()
        self._details.setObjectName("feedbackDetails")
        self._details.setWordWrap(True)
        for label in (self._headline, self._details):
            label.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
            label.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            # A long answer wraps or is cut: it never widens the window.
            label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 12, 20, 14)
        layout.setSpacing(4)
        layout.addWidget(self._headline)
        layout.addWidget(self._details, 1)
        self.setMinimumHeight(120)
        self.show_answer(Tone.PENDING, "Ready", "Scan a destination, then the charts.")

    @property
    def headline(self) -> str:
        return self._headline.text()

    @property
    def details(self) -> str:
        return self._details.text()

    def show_answer(self, tone: Tone, title: str, details: str) -> None:
        """Show one answer in its tone's colours."""
        word = "" if title == "Ready" else f"{tone.word} · "
        self._headline.setText(f"{word}{title}")
        self._details.setText(details)
        if tone is self.tone and self.styleSheet():
            return  # restyling re-polishes the panel: only when the colour changes
        self.tone = tone
        fill, ink = PALETTE[tone]
        self.setStyleSheet(
            f"QFrame#feedback {{ background: {fill}; border-radius: 8px; }}"
            f"QLabel#feedbackHeadline {{ color: {ink}; font-size: 30pt; font-weight: 700; }}"
            f"QLabel#feedbackDetails {{ color: {ink}; font-size: 15pt; }}"
        )
