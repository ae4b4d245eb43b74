"""A line that tells the clerk what just happened: plain, or red when it is a problem."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel


def say(label: QLabel, text: str, problem: bool = False, hide_when_empty: bool = True) -> None:
    """Show ``text`` on ``label``, styled as a problem or not (the style sheet's [problem])."""
    label.setText(text)
    if hide_when_empty:
        label.setVisible(bool(text))
    label.setProperty("problem", problem)
    # A dynamic property only restyles once the style is applied again.
    label.style().unpolish(label)
    label.style().polish(label)
