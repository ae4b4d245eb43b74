"""The automatic lock: idle time watched, a lock screen that asks for the password again."""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from recordsdesk.domain.errors import RecordsDeskError
from recordsdesk.services.actors import Actor
from recordsdesk.services.users import UserService
from recordsdesk.ui.desk.burst import BurstRecognizer
from recordsdesk.ui.input_watch import InputWatch
from recordsdesk.ui.tasks import TaskRunner

_ENTER = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


class IdleWatch(QObject):
    """Emits ``went_idle`` once no keyboard or mouse input has come for ``interval_ms``.

    Idle time is measured by ``clock`` (seconds, monotonic), injectable so that tests move
    time by hand; a timer only looks at the clock every ``tick_ms``.
    """

    went_idle = Signal()

    def __init__(
        self,
        interval_ms: int,
        parent: QObject | None = None,
        clock: Callable[[], float] = time.monotonic,
        tick_ms: int = 1000,
    ) -> None:
        super().__init__(parent)
        self._interval_ms = interval_ms
        self._clock = clock
        self._last_input = clock()
        self._watching = False
        self._timer = QTimer(self)
        self._timer.setInterval(min(tick_ms, max(interval_ms // 4, 1)))
        self._timer.timeout.connect(self.check)
        self._input = InputWatch.of()
        if self._input is not None:
            self._input.add_input(self._heard)

    @property
    def interval_ms(self) -> int:
        return self._interval_ms

    def set_interval(self, interval_ms: int) -> None:
        """Idle this long locks; the count starts again."""
        self._interval_ms = interval_ms
        self._last_input = self._clock()

    def start(self) -> None:
        self._last_input = self._clock()
        self._watching = True
        self._timer.start()

    def stop(self) -> None:
        self._watching = False
        self._timer.stop()

    @property
    def watching(self) -> bool:
        return self._watching

    @Slot()
    def check(self) -> None:
        """Lock if the clock says the idle time has run out (the timer calls this)."""
        if self._watching and (self._clock() - self._last_input) * 1000 >= self._interval_ms:
            self.stop()
            self.went_idle.emit()

    def _heard(self) -> None:
        if self._watching:
            self._last_input = self._clock()

    def remove(self) -> None:
        """Stop watching the application's input (at shutdown)."""
        self.stop()
        if self._input is not None:
            self._input.remove_input(self._heard)


LOCK_STYLE = """
#lockScreen { background: #263238; }
#lockCard { background: #FFFFFF; border-radius: 10px; }
#lockTitle { font-size: 22pt; font-weight: 700; color: #0D47A1; }
#lockWho { font-size: 12pt; color: #37474F; }
#lockPassword { font-size: 14pt; padding: 6px 8px; }
"""


class LockWidget(QWidget):
    """What a locked window shows: who is signed in, a password to unlock, or a switch of user.

    A scanner's burst typed here is refused: it is never taken as a password attempt, and no
    scan reaches a page while the window is locked.
    """

    unlocked = Signal()
    switch_user_requested = Signal()
    scan_refused = Signal(str)

    def __init__(
        self,
        users: UserService,
        actor: Actor,
        runner: TaskRunner,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("lockScreen")
        self.setStyleSheet(LOCK_STYLE)
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self._users = users
        self._actor = actor
        self._runner = runner
        self._burst = BurstRecognizer()
        self.title = QLabel("RecordsDesk is locked")
        self.title.setObjectName("lockTitle")
        self.who = QLabel()
        self.who.setObjectName("lockWho")
        self.who.setWordWrap(True)
        self.password = QLineEdit()
        self.password.setObjectName("lockPassword")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText(f"Password of {actor.username}")
        self.password.returnPressed.connect(self._on_unlock_button_clicked)
        self.password.installEventFilter(self)
        self.unlock_button = QPushButton("Unlock")
        self.unlock_button.setDefault(True)
        self.unlock_button.clicked.connect(self._on_unlock_button_clicked)
        self.switch_button = QPushButton("Switch user (signs out)")
        self.switch_button.clicked.connect(self._on_switch_button_clicked)
        self.error = QLabel()
        self.error.setObjectName("signInError")
        self.error.setWordWrap(True)

        card = QFrame()
        card.setObjectName("lockCard")
        card.setMaximumWidth(560)
        inner = QVBoxLayout(card)
        inner.setContentsMargins(28, 24, 28, 24)
        inner.setSpacing(12)
        inner.addWidget(self.title)
        inner.addWidget(self.who)
        inner.addWidget(self.password)
        buttons = QHBoxLayout()
        buttons.addWidget(self.unlock_button)
        buttons.addStretch(1)
        buttons.addWidget(self.switch_button)
        inner.addLayout(buttons)
        inner.addWidget(self.error)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(card, 3)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addStretch(2)
        self.setFocusProxy(self.password)

    def start(self, idle_minutes: float) -> None:
        """Show the lock afresh, saying why."""
        a = self._actor
        after = (
            f"after {idle_minutes:g} minute{'s' if idle_minutes != 1 else ''} without use"
            if idle_minutes
            else "on request"
        )
        self.who.setText(
            f"Locked {after}. {a.username} ({a.role.value}) is signed in at {a.workstation}.\n"
            "Type the password to carry on, or switch user to sign out."
        )
        self.error.clear()
        self.password.clear()
        self.password.setEnabled(True)
        self.unlock_button.setEnabled(True)
        self._burst.reset()
        self.password.setFocus(Qt.FocusReason.OtherFocusReason)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.password
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
        ):
            if event.key() in _ENTER:
                burst = self._burst.enter(event.timestamp())
                if burst is not None:
                    self.password.clear()
                    self.error.setText(
                        "A scan was refused: the desk is locked. Type your password to unlock."
                    )
                    self.scan_refused.emit(burst)
                    return True
            elif event.text() and event.text().isprintable():
                self._burst.key(event.text(), event.timestamp())
        return False

    @Slot()
    def _on_unlock_button_clicked(self) -> None:
        password = self.password.text()
        if not password:
            self.error.setText("Type your password.")
            return
        self.password.setEnabled(False)
        self.unlock_button.setEnabled(False)
        self.error.setText("Checking…")
        self._runner.run(
            lambda: self._users.verify_password(self._actor, password),
            self._on_verified,
            self._on_refused,
        )

    def _on_verified(self, _none: None) -> None:
        self.error.clear()
        self.password.clear()
        self.password.setEnabled(True)
        self.unlock_button.setEnabled(True)
        self.unlocked.emit()

    def _on_refused(self, error: RecordsDeskError) -> None:
        self.password.setEnabled(True)
        self.unlock_button.setEnabled(True)
        self.password.clear()
        self.error.setText(error.message)
        self.password.setFocus(Qt.FocusReason.OtherFocusReason)

    @Slot()
    def _on_switch_button_clicked(self) -> None:
        self.switch_user_requested.emit()
