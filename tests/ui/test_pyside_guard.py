"""The guard against PySide6 6.12.0's dropped references to None, True and False."""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QApplication, QLabel

from recordsdesk.ui.pyside_guard import guard_singletons, needs_guard


def test_only_pyside_612_and_later_on_python_before_312_need_it() -> None:
    assert needs_guard("6.12.0", (3, 11))
    assert not needs_guard("6.11.3", (3, 11))
    assert not needs_guard("6.12.0", (3, 12))


def test_many_void_calls_leave_none_alive(qapp: QApplication) -> None:
    guard_singletons()
    label = QLabel()
    before = sys.getrefcount(None)
    for _ in range(20000):
        label.setText("x")  # returns None: 6.12.0 on 3.11 drops a reference each time
    assert sys.getrefcount(None) > 1 << 40
    assert before - sys.getrefcount(None) <= 20000
