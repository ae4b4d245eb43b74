"""Scanner input: a keyboard-wedge burst ending in Enter is a scan, wherever the desk's focus is."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLineEdit, QWidget

# A scanner types a character every few milliseconds; a person rarely twice within 50 ms.
MAX_GAP_S = 0.05
MIN_LENGTH = 3
_ENTER = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
_COMMAND_MODIFIERS = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier


class Target(Enum):
    """What a key's receiver is, as the desk sees it."""

    OUTSIDE = "outside"  # not on the desk (another page, a dialog): left alone
    SCAN_FIELD = "scan_field"  # the scan field reads its own keys
    TEXT = "text"  # another text field: a person may type there, a burst is still a scan
    OTHER = "other"  # lists, buttons: what is typed goes to the scan field


@dataclass
class BurstRecognizer:
    """Tells a scanner's burst from typing by the gaps between keystrokes."""

    max_gap: float = MAX_GAP_S
    min_length: int = MIN_LENGTH
    clock: Callable[[], float] = time.monotonic

    def __post_init__(self) -> None:
        self.text = ""
        self._last = 0.0

    def key(self, char: str) -> bool:
        """Record a typed character; True if it starts a new burst."""
        now = self.clock()
        fresh = not self.text or now - self._last > self.max_gap
        if fresh:
            self.text = ""
        self.text += char
        self._last = now
        return fresh

    def enter(self) -> str | None:
        """Enter was pressed: the burst's text if it was one, else None. Starts over."""
        now = self.clock()
        burst = (
            self.text
            if len(self.text) >= self.min_length and now - self._last <= self.max_gap
            else None
        )
        self.reset()
        return burst

    def reset(self) -> None:
        self.text = ""
        self._last = 0.0


class ScannerFilter(QObject):
    """An application event filter that sends scanner bursts and stray typing to the scan field."""

    scanned = Signal(str)

    def __init__(
        self,
        classify: Callable[[QObject], tuple[Target, QLineEdit | None]],
        scan_field: QLineEdit,
        recognizer: BurstRecognizer | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._classify = classify
        self._scan_field = scan_field
        self._burst = recognizer or BurstRecognizer()
        self._snapshot: tuple[QLineEdit, str, int] | None = None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return False
        if not isinstance(watched, QWidget):
            return False
        target, field = self._classify(watched)
        if target in (Target.OUTSIDE, Target.SCAN_FIELD):
            return False
        if event.modifiers() & _COMMAND_MODIFIERS:
            return False
        if target is Target.TEXT and field is not None:
            return self._in_text_field(field, event)
        return self._elsewhere(event)

    def _in_text_field(self, field: QLineEdit, event: QKeyEvent) -> bool:
        """Typing goes to the field; a burst ending in Enter is taken back out and scanned."""
        if event.key() in _ENTER:
            text = self._burst.enter()
            snapshot, self._snapshot = self._snapshot, None
            if text is None:
                return False
            if snapshot is not None and snapshot[0] is field:
                field.setText(snapshot[1])
                field.setCursorPosition(snapshot[2])
            completer = field.completer()
            popup = completer.popup() if completer is not None else None
            if popup is not None:
                popup.hide()
            self.scanned.emit(text)
            return True
        char = event.text()
        if char and char.isprintable():
            if self._burst.key(char):
                self._snapshot = (field, field.text(), field.cursorPosition())
        else:
            self._burst.reset()
        return False

    def _elsewhere(self, event: QKeyEvent) -> bool:
        """Keys typed on a list or a button belong in the scan field: move them there."""
        self._burst.reset()
        if event.key() in _ENTER:
            text = self._scan_field.text()
            if not text:
                return False
            self._scan_field.clear()
            self.scanned.emit(text)
            self._scan_field.setFocus(Qt.FocusReason.OtherFocusReason)
            return True
        char = event.text()
        if char and char.isprintable():
            self._scan_field.insert(char)
            self._scan_field.setFocus(Qt.FocusReason.OtherFocusReason)
            return True
        return False
