"""Asking a supervisor for a patient's date of death (entered or corrected) from the chart view."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QDateEdit, QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

# Given the parent, the patient in words and the date recorded now (or None): the date chosen,
# or None when the supervisor backs out.
AskDeathDate = Callable[[QWidget, str, date | None], date | None]


def ask_death_date(parent: QWidget, who: str, current: date | None) -> date | None:
    """A small dialog with the date recorded now (or today), OK and Cancel."""
    dialog = QDialog(parent)
    dialog.setWindowTitle("Date of death")
    said = f"recorded now: {current}" if current else "none recorded yet"
    edit = QDateEdit()
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")
    today = date.today()
    edit.setMaximumDate(QDate(today.year, today.month, today.day))
    shown = current or today
    edit.setDate(QDate(shown.year, shown.month, shown.day))
    buttons = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
    )
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    layout = QVBoxLayout(dialog)
    layout.addWidget(QLabel(f"{who}: date of death ({said})"))
    layout.addWidget(edit)
    layout.addWidget(buttons)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    picked = edit.date()
    return date(picked.year(), picked.month(), picked.day())
