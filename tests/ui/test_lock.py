"""The idle lock: the window locks after a short injected idle time, scans are refused while it
is locked, the password unlocks it, and switching user signs out."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QToolButton
from pytestqt.qtbot import QtBot

from recordsdesk.services.actors import Actor
from recordsdesk.services.desk import Services
from recordsdesk.ui.desk.desk_widget import DeskWidget
from recordsdesk.ui.main_window import MainWindow
from tests.ui.conftest import OFFSCREEN_ONLY, barcode, scan, settle

pytestmark = OFFSCREEN_ONLY
IDLE_MS = 300


class Monotonic:
    """The idle lock's clock, in seconds, moved by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def idle_clock() -> Monotonic:
    return Monotonic()


@pytest.fixture
def window(idle_clock: Monotonic, make_window: Callable[..., MainWindow]) -> MainWindow:
    return make_window(idle_clock=idle_clock, idle_lock_ms=IDLE_MS)


def _desk(window: MainWindow) -> DeskWidget:
    desk = window.pages["desk"]
    assert isinstance(desk, DeskWidget)
    return desk


def test_idle_locks_and_input_keeps_it_open(
    qtbot: QtBot, window: MainWindow, idle_clock: Monotonic
) -> None:
    assert not window.is_locked
    for _ in range(4):  # input every 150 ms: never idle for 300 ms
        idle_clock.now += 0.150
        window.idle.check()
        qtbot.keyClick(window.navigation, Qt.Key.Key_Shift)
    assert not window.is_locked
    idle_clock.now += 0.299
    window.idle.check()
    assert not window.is_locked
    idle_clock.now += 0.002
    with qtbot.waitSignal(window.locked, timeout=3000):
        window.idle.check()
    assert window.is_locked and not _desk(window).isVisible()
    assert "Locked after 0.005 minutes without use" in window.lock_screen.who.text()
    assert "cleo (clerk) is signed in" in window.lock_screen.who.text()


def test_scans_are_refused_while_locked(
    qtbot: QtBot, window: MainWindow, file_room: Services, clerk: Actor
) -> None:
    desk = _desk(window)
    scan(qtbot, desk.scan_field, "L-CARD")
    settle(qtbot, desk)
    rows_before = len(desk.model.rows)
    window.lock(on_request=True)
    chart = barcode(file_room, clerk, "123456")
    with qtbot.waitSignal(window.lock_screen.scan_refused) as refused:
        scan(qtbot, window.lock_screen.password, chart)
    assert refused.args == [chart]
    assert "A scan was refused: the desk is locked" in window.lock_screen.error.text()
    scan(qtbot, window.navigation, chart)  # wherever the scanner types, the desk hears nothing
    desk.scan_field.setFocus()
    scan(qtbot, window, chart)
    qtbot.wait(200)
    assert len(desk.model.rows) == rows_before and desk.queue.pending == 0
    assert file_room.history.chart(clerk, "123456").volumes[0].location is None
    assert window.lock_screen.password.text() == ""
    # The page shortcuts are off too: Ctrl+2 does not switch pages behind the lock.
    qtbot.keyClick(window.lock_screen.password, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert window.current_page is desk


def test_wrong_password_says_so_and_the_right_one_unlocks(
    qtbot: QtBot, window: MainWindow, file_room: Services, admin: Actor
) -> None:
    window.lock(on_request=True)
    lock = window.lock_screen
    lock.password.setText("not it")
    lock.unlock_button.click()
    qtbot.waitUntil(lambda: lock.error.text() not in ("", "Checking…"), timeout=10000)
    assert lock.error.text() == "Wrong password."
    assert window.is_locked
    lock.password.setText("clerk password")
    with qtbot.waitSignal(window.unlocked, timeout=10000):
        lock.unlock_button.click()
    assert not window.is_locked and _desk(window).isVisible()
    # The sidebar's buttons keep their shortcut hints after the lock.
    hints = sorted(b.text() for b in window.findChildren(QToolButton) if b.text())
    assert hints == ["About  F1", "Lock  Ctrl+Shift+L", "Settings  Ctrl+,", "Sign out"]
    actions = [e.action for e in file_room.audit.show(admin, user="cleo")]
    assert actions[-3:] == ["desk_locked", "unlock_failed", "unlocked"]


def test_switch_user_signs_out_and_closes(
    qtbot: QtBot, window: MainWindow, file_room: Services, admin: Actor
) -> None:
    window.lock(on_request=True)
    window.lock_screen.switch_button.click()
    qtbot.waitUntil(lambda: window.signed_out and not window.isVisible(), timeout=10000)
    assert file_room.audit.show(admin, user="cleo")[-1].action == "sign_out"


def test_a_scan_after_unlocking_reaches_the_desk_again(
    qtbot: QtBot, window: MainWindow, file_room: Services, clerk: Actor
) -> None:
    desk = _desk(window)
    window.lock(on_request=True)
    window.lock_screen.password.setText("clerk password")
    with qtbot.waitSignal(window.unlocked, timeout=10000):
        window.lock_screen.unlock_button.click()
    scan(qtbot, desk.scan_field, "L-CARD")
    scan(qtbot, desk.scan_field, barcode(file_room, clerk, "123456"))
    settle(qtbot, desk)
    location = file_room.history.chart(clerk, "123456").volumes[0].location
    assert location is not None and location.code == "CARD"
