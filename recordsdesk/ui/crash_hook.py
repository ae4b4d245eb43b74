"""The window's crash log: an exception nobody handled, on the GUI thread or a worker, leaves
the same private, value-free log as the command line, and the clerk one plain line saying where.
"""

from __future__ import annotations

import logging
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal, Slot
from PySide6.QtWidgets import QApplication, QMessageBox

from recordsdesk.storage.crash_log import write_crash_log

log = logging.getLogger(__name__)

Writer = Callable[[BaseException], Path]


def _window_log(exc: BaseException) -> Path:
    return write_crash_log(exc, command="window")


def crash_line(exc: BaseException, writer: Writer = _window_log) -> str:
    """Write the crash log of ``exc``; the one line for the clerk (never its message)."""
    try:
        where = f"the details (no patient data) are in {writer(exc)}"
    except OSError:
        where = "no crash log could be written"
    return f"Something went wrong ({type(exc).__name__}) and it was not done; {where}."


class CrashReporter(QObject):
    """Takes over sys.excepthook and threading.excepthook while installed."""

    crashed = Signal(str)

    def __init__(self, writer: Writer = _window_log, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._writer = writer
        self._previous: tuple[Any, Any] | None = None
        self.box: QMessageBox | None = None
        # Queued: a worker thread's crash is shown by the GUI thread.
        self.crashed.connect(self._on_self_crashed, Qt.ConnectionType.QueuedConnection)

    def install(self) -> CrashReporter:
        """Route every unhandled exception here; returns self."""
        if self._previous is None:
            self._previous = (sys.excepthook, threading.excepthook)
            sys.excepthook = self._on_exception
            threading.excepthook = self._on_thread_exception
        return self

    def uninstall(self) -> None:
        """Put the hooks back as they were."""
        if self._previous is not None and sys.excepthook == self._on_exception:
            sys.excepthook, threading.excepthook = self._previous
        self._previous = None

    def report(self, exc: BaseException) -> str:
        """Write the crash log, show the clerk where it is; the line shown."""
        line = crash_line(exc, self._writer)
        log.error("%s", line)  # the line alone: the message and traceback can hold values
        self.crashed.emit(line)
        return line

    def _on_exception(
        self, kind: type[BaseException], exc: BaseException, tb: TracebackType | None
    ) -> None:
        if issubclass(kind, KeyboardInterrupt) and self._previous is not None:
            self._previous[0](kind, exc, tb)
            return
        self.report(exc.with_traceback(tb) if tb is not None else exc)

    def _on_thread_exception(self, args: threading.ExceptHookArgs) -> None:
        if args.exc_value is not None:
            self.report(args.exc_value)

    @Slot(str)
    def _on_self_crashed(self, line: str) -> None:
        # Not modal: the clerk reads it and goes on; the next crash replaces the text.
        if self.box is None:
            self.box = QMessageBox(
                QMessageBox.Icon.Warning,
                "RecordsDesk",
                line,
                QMessageBox.StandardButton.Ok,
            )
            self.box.setModal(False)
            self.box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.box.setText(line)
        self.box.show()


def install_crash_hook(app: QApplication) -> CrashReporter:
    """The application's crash reporter, installed, living as long as ``app``."""
    return CrashReporter(parent=app).install()
