"""Hearing request changes on a background thread and telling the GUI thread by signal."""

from __future__ import annotations

import logging
import sys

from PySide6.QtCore import QThread, Signal

from recordsdesk.domain.errors import RecordsDeskError
from recordsdesk.services.requests_desk.arrivals import ArrivalWatch

log = logging.getLogger(__name__)
RETRY_SECONDS = 5.0


class ArrivalThread(QThread):
    """Waits on an ArrivalWatch; ``changed`` is emitted (queued to the GUI thread) each time
    requests may have changed at any desk."""

    changed = Signal()

    def __init__(self, watch: ArrivalWatch, wait_seconds: float = 1.0) -> None:
        super().__init__()
        self._watch = watch
        self._wait = wait_seconds
        self._stopping = False

    def run(self) -> None:
        while not self._stopping:
            try:
                if self._watch.wait(self._wait):
                    self.changed.emit()
            except RecordsDeskError as error:
                # The database is away: the page's own refresh says so. Listen again once it
                # answers, and refresh then, as requests may have come meanwhile.
                log.warning("request watch: %s", error)
                self._watch.reset()
                if self._watch.pause(RETRY_SECONDS):
                    return
                self.changed.emit()
            except Exception as exc:
                sys.excepthook(type(exc), exc, exc.__traceback__)  # the crash hook, no values
                return

    def stop(self) -> None:
        """Stop listening and wait for the thread to end (within one poll interval)."""
        self._stopping = True
        self._watch.close()
        self.wait()
