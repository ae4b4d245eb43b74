"""The pinned Qt keeps its references: PySide6 6.12.0 dropped one to None on many calls."""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QApplication, QLabel


def test_qt_calls_leave_none_references_alone(qapp: QApplication) -> None:
    label = QLabel()
    before = sys.getrefcount(None)
    for _ in range(100_000):
        label.setText("x")  # returns None: 6.12.0 on Python 3.11 lost a reference each time
    # A few references may come and go with the interpreter's own work, never 100,000.
    assert abs(sys.getrefcount(None) - before) < 1000
