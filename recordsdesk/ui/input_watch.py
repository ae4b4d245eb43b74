"""The application's one event filter: keyboard and mouse input handed to those who listen.

Qt calls an application event filter for every event of every object: each paint, timer,
layout request and the scan queue's answer. A filter written in Python takes the interpreter
lock on the GUI thread each time, and while the scan worker holds that lock the GUI thread
waits. With a filter per page (the desk, five other scanning pages, the idle lock) that was
eight waits an event, and a lone scan showed its answer later for it (measured in
``benchmarks/bench_desk_window.py``). So the window has one filter, installed once on the
application, which looks at the event's type first and hands on only input: key presses to
the pages' scanners, any keyboard or mouse input to the idle lock.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from PySide6.QtCore import QCoreApplication, QEvent, QObject
from PySide6.QtGui import QKeyEvent, QMouseEvent, QTabletEvent, QTouchEvent, QWheelEvent

KEY_PRESS = QEvent.Type.KeyPress
INPUT = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.KeyRelease,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseButtonRelease,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
        QEvent.Type.TabletPress,
    }
)
# The classes every INPUT event comes as (a shortcut override is a key event too: its type
# is checked next).
INPUT_CLASSES = (QKeyEvent, QMouseEvent, QWheelEvent, QTouchEvent, QTabletEvent)
_NAME = "recordsdesk-input-watch"


class KeyListener(Protocol):
    """A page's scanner: True takes the key press (nothing else sees it)."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool: ...


class InputWatch(QObject):
    """The one application event filter; ``of(app)`` finds it or installs it."""

    def __init__(self, app: QCoreApplication) -> None:
        super().__init__(app)
        self.setObjectName(_NAME)
        self._keys: list[KeyListener] = []
        self._input: list[Callable[[], None]] = []
        app.installEventFilter(self)

    @classmethod
    def of(cls, app: QCoreApplication | None = None) -> InputWatch | None:
        """The application's watch (made on first use); None when there is no application."""
        app = app or QCoreApplication.instance()
        if app is None:
            return None
        found = app.findChild(InputWatch, _NAME)
        return found if isinstance(found, InputWatch) else cls(app)

    def add_keys(self, listener: KeyListener) -> None:
        """Hand key presses to ``listener`` (a newer one first, as Qt orders its filters)."""
        if listener not in self._keys:
            self._keys.insert(0, listener)
            if isinstance(listener, QObject):
                listener.destroyed.connect(lambda *_: self.remove_keys(listener))

    def remove_keys(self, listener: KeyListener) -> None:
        if listener in self._keys:
            self._keys.remove(listener)

    def add_input(self, heard: Callable[[], None]) -> None:
        """Call ``heard`` on any keyboard or mouse input (the idle lock's clock)."""
        if heard not in self._input:
            self._input.append(heard)

    def remove_input(self, heard: Callable[[], None]) -> None:
        if heard in self._input:
            self._input.remove(heard)

    def hears(self, listener: KeyListener) -> bool:
        """Whether ``listener`` is handed key presses."""
        return listener in self._keys

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Most events are not input: told by the event's class, a check in C, before its
        # type is asked for (a Python enum made and hashed for every paint and timer).
        if not isinstance(event, INPUT_CLASSES):
            return False
        kind = event.type()
        if kind not in INPUT:
            return False
        for heard in tuple(self._input):
            heard()
        if kind == KEY_PRESS:
            for listener in tuple(self._keys):
                if listener.eventFilter(watched, event):
                    return True
        return False
