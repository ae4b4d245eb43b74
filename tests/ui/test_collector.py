"""Cyclic garbage is collected on the GUI thread, never by a worker thread."""

from __future__ import annotations

import gc
import threading

from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from recordsdesk.ui.collector import GuiThreadCollector
from tests.ui.conftest import OFFSCREEN_ONLY

pytestmark = OFFSCREEN_ONLY


class _Cycle:
    def __init__(self) -> None:
        self.me = self
        self.widget = QWidget()


def test_python_does_not_collect_by_itself_while_the_desk_runs(qapp: QApplication) -> None:
    assert not gc.isenabled()


def test_cycles_holding_widgets_die_on_the_gui_thread(qtbot: QtBot, qapp: QApplication) -> None:
    freed_in: list[str] = []
    gc.collect()
    for _ in range(50):
        cycle = _Cycle()
        cycle.widget.destroyed.connect(lambda *_: freed_in.append(threading.current_thread().name))
        del cycle

    kept: list[list[list[object]]] = []

    def churn() -> None:
        # A worker allocating heavily would trigger the automatic collector if it were on.
        kept.append([[object()] for _ in range(100_000)])

    worker = threading.Thread(target=churn, name="worker")
    worker.start()
    worker.join()
    assert freed_in == []
    assert gc.get_count()[0] > gc.get_threshold()[0]
    collector = GuiThreadCollector(interval_ms=10)
    qtbot.waitUntil(lambda: len(freed_in) == 50, timeout=5000)
    assert set(freed_in) == {threading.main_thread().name}
    collector._timer.stop()  # the session's collector stays in charge
