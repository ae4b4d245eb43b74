"""Python's cyclic garbage collected on the GUI thread only: Qt objects must be freed where
they live.

The desk runs database work on worker threads. Python's collector runs in whichever thread
happens to allocate when a threshold is crossed, so a cycle holding a widget could be freed on
a worker thread, which crashes Qt. The automatic collector is switched off and a timer on the
GUI thread collects instead, by the same thresholds.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer, Slot


class GuiThreadCollector(QObject):
    """Collects cyclic garbage on a timer in the thread it lives in (the GUI thread)."""

    def __init__(self, interval_ms: int = 500, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._was_enabled = gc.isenabled()
        gc.disable()
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self._on_timer_timeout)
        self._timer.start()

    @Slot()
    def _on_timer_timeout(self) -> None:
        self.collect_due()

    @staticmethod
    def collect_due() -> int:
        """Collect the oldest generation whose count has passed its threshold; objects freed."""
        counts = gc.get_count()
        thresholds = gc.get_threshold()
        for generation in (2, 1, 0):
            if counts[generation] > thresholds[generation]:
                return gc.collect(generation)
        return 0

    def stop(self) -> None:
        """Stop collecting here and give collection back to Python."""
        self._timer.stop()
        gc.collect()
        if self._was_enabled:
            gc.enable()
