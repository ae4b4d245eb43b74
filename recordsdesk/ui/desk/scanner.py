"""Scanner input: a keyboard-wedge burst ending in Enter is a scan, wherever the focus is.

The application's one event filter (``ui/input_watch.py``) hands each key press to the
scanners of the pages; a page's scanner takes the keys meant for it. Bursts are told apart by
the key events' own timestamps (``BurstRecognizer``), so a GUI thread that stalls mid-burst
cannot split a scan; modifier keys (the Shift before each capital) are no part of it. A
burst ending in Enter is taken back out of whatever field it was typed into and delivered
as one scan: no text field ever takes a scanner's Enter as its own.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import Enum

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLineEdit, QWidget

from recordsdesk.ui.desk.burst import BurstRecognizer

_ENTER = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
_COMMAND_MODIFIERS = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
_MODIFIER_KEYS = frozenset(
    {
        Qt.Key.Key_Shift,
        Qt.Key.Key_Control,
        Qt.Key.Key_Alt,
        Qt.Key.Key_AltGr,
        Qt.Key.Key_Meta,
        Qt.Key.Key_CapsLock,
        Qt.Key.Key_NumLock,
    }
)


class Target(Enum):
    """What a key's receiver is, as the page sees it."""

    OUTSIDE = "outside"  # not on the page (another page, a dialog): left alone
    SCAN_FIELD = "scan_field"  # the page's scan field
    TEXT = "text"  # another text field: a person may type there, a burst is still a scan
    OTHER = "other"  # lists, buttons: what is typed goes to the scan field


class ScannerFilter(QObject):
    """An application event filter that turns scanner bursts into ``scanned`` (text, field).

    ``field`` is the text field the burst was typed into (None: the scan field or no field).
    """

    scanned = Signal(str, object)

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
        self.burst = recognizer or BurstRecognizer()
        # What each field held before the burst's first key reached it, to put back.
        self._before: dict[QLineEdit, tuple[str, int]] = {}

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return False
        if not isinstance(watched, QWidget):
            return False
        key = event.key()
        if key in _MODIFIER_KEYS:
            return False  # a Shift for a capital is no part of the code and breaks no burst
        target, field = self._classify(watched)
        if target is Target.OUTSIDE:
            return False
        if event.modifiers() & _COMMAND_MODIFIERS:
            return False
        receiver = field if target is Target.TEXT and field is not None else self._scan_field
        if key in _ENTER:
            return self._enter(event, target, receiver)
        char = event.text()
        if not (char and char.isprintable()):
            self.burst.reset()
            self._before.clear()
            return False
        if self.burst.key(char, event.timestamp()):
            self._before.clear()
        if receiver not in self._before:
            self._before[receiver] = (receiver.text(), receiver.cursorPosition())
        if target is Target.OTHER:
            # Keys typed on a list or a button belong in the scan field: move them there.
            self._scan_field.insert(char)
            self._scan_field.setFocus(Qt.FocusReason.OtherFocusReason)
            return True
        return False

    def _enter(self, event: QKeyEvent, target: Target, receiver: QLineEdit) -> bool:
        text = self.burst.enter(event.timestamp())
        before, self._before = self._before, {}
        if text is None:
            if target is Target.OTHER and self._scan_field.text():
                # Typed by hand into the scan field from a list: Enter sends it.
                typed = self._scan_field.text()
                self._scan_field.clear()
                self._scan_field.setFocus(Qt.FocusReason.OtherFocusReason)
                self.scanned.emit(typed, None)
                return True
            return False
        for line, (was, cursor) in before.items():
            if line is self._scan_field:
                line.clear()  # the scan field holds scans only: what was left there goes
            else:
                line.setText(was)
                line.setCursorPosition(cursor)
        completer = receiver.completer()
        popup = completer.popup() if completer is not None else None
        if popup is not None:
            popup.hide()
        self.scanned.emit(text, None if receiver is self._scan_field else receiver)
        return True
