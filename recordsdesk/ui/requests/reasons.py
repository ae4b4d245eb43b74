"""Asking why a request is closed without its chart: common reasons offered, any typed."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QInputDialog, QWidget

# (parent, question, suggestions) -> the reason, or None when the clerk backs out.
AskReason = Callable[[QWidget, str, tuple[str, ...]], str | None]

CANCEL_REASONS = (
    "The requester no longer needs it",
    "Appointment cancelled",
    "Asked twice: a duplicate",
)
CANNOT_FILL_REASONS = (
    "Chart flagged missing",
    "Chart at the off-site store",
    "Chart out to another clinic that still needs it",
    "Patient has no chart here",
)


def ask_reason(parent: QWidget, question: str, suggestions: tuple[str, ...]) -> str | None:
    """A small dialog with the suggestions in an editable list; None when cancelled."""
    text, ok = QInputDialog.getItem(parent, "Give a reason", question, list(suggestions), 0, True)
    return text.strip() if ok and text.strip() else None
