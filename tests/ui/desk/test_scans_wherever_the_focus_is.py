"""Acceptance: a scanner's bursts, wherever the focus is, while the GUI thread stalls.

The real window is driven the way a keyboard wedge drives it: key events posted to the
window (Qt delivers each to whatever widget has the focus when it is handled), each
carrying its own timestamp 3 ms after the one before, a Shift press before every capital,
and Enter at the end of each code. Mid-burst the GUI thread is made to stall for 150 ms, so
the keys after the stall are handled long after they were typed. That stall is the
condition under test, not a wait: nothing here waits on the clock to pass.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from recordsdesk.domain.circulation import Outcome
from recordsdesk.services.actors import Actor
from recordsdesk.services.desk import Services
from recordsdesk.ui.desk.desk_widget import DeskWidget
from recordsdesk.ui.lookup.lookup_widget import ChartLookupWidget
from recordsdesk.ui.main_window import MainWindow
from tests.ui.conftest import OFFSCREEN_ONLY

pytestmark = OFFSCREEN_ONLY
KEY_GAP_MS = 3
STALL_S = 0.150
STALL_EVENT = QEvent.Type(QEvent.registerEventType())


class Stall(QObject):
    """Handles a posted event by holding the GUI thread, as a slow repaint or a GC pause does."""

    def __init__(self) -> None:
        super().__init__()
        self.stalls = 0

    def event(self, event: QEvent) -> bool:
        if event.type() == STALL_EVENT:
            self.stalls += 1
            until = time.perf_counter() + STALL_S
            while time.perf_counter() < until:
                pass
            return True
        return super().event(event)


class Wedge:
    """A keyboard-wedge scanner: posts timestamped key events to a window."""

    def __init__(self, window: QWidget, stall: Stall) -> None:
        handle = window.windowHandle()
        assert handle is not None
        self._window = handle
        self._stall = stall
        self._t = 1_000_000

    def _key(self, kind: QEvent.Type, key: int, mods: Qt.KeyboardModifier, text: str) -> None:
        event = QKeyEvent(kind, key, mods, text)
        event.setTimestamp(self._t)
        QCoreApplication.postEvent(self._window, event)

    def scan(self, code: str, stall_after: int | None = None) -> None:
        for n, ch in enumerate(code + "\r"):
            if stall_after is not None and n == stall_after:
                QCoreApplication.postEvent(self._stall, QEvent(STALL_EVENT))
            self._t += KEY_GAP_MS
            no = Qt.KeyboardModifier.NoModifier
            if ch == "\r":
                self._key(QEvent.Type.KeyPress, Qt.Key.Key_Return, no, ch)
                self._key(QEvent.Type.KeyRelease, Qt.Key.Key_Return, no, ch)
                continue
            shift = ch.isupper()
            mods = Qt.KeyboardModifier.ShiftModifier if shift else no
            if shift:
                self._key(QEvent.Type.KeyPress, Qt.Key.Key_Shift, mods, "")
            key = ord(ch.upper()) if ch.isalnum() else Qt.Key.Key_Minus
            self._key(QEvent.Type.KeyPress, key, mods, ch)
            self._key(QEvent.Type.KeyRelease, key, mods, ch)
            if shift:
                self._key(QEvent.Type.KeyRelease, Qt.Key.Key_Shift, no, "")

    def burst(self, codes: list[str]) -> None:
        """Every code, one after another; the GUI stalls mid-code in every fifth."""
        for n, code in enumerate(codes):
            self.scan(code, stall_after=3 if n % 5 == 2 else None)


@pytest.fixture
def window(qtbot: QtBot, make_window: Callable[..., MainWindow]) -> MainWindow:
    built = make_window()
    built.activateWindow()
    qtbot.waitUntil(lambda: built.isActiveWindow())
    return built


def _cart(services: Services, admin: Actor, clerk: Actor, first: int, count: int) -> list[str]:
    """Volume barcodes of new patients with sequential MRNs: a fragment would find one."""
    barcodes = []
    for n in range(first, first + count):
        mrn = f"{n:06d}"
        services.registry.register_patient(admin, mrn, f"WEDGE, Patient {n}", None, volumes=1)
        barcodes += [v.barcode for v in services.history.chart(clerk, mrn).volumes]
    return barcodes


def _desk(window: MainWindow) -> DeskWidget:
    desk = window.pages["desk"]
    assert isinstance(desk, DeskWidget)
    return desk


def _settle(qtbot: QtBot, desk: DeskWidget, rows: int) -> None:
    qtbot.waitUntil(lambda: len(desk.model.rows) >= rows and not desk.model.pending, timeout=60000)


@pytest.mark.parametrize("focus", ["scan_field", "destination", "answer_list"])
def test_every_scan_lands_once_in_order_wherever_the_desk_focus_is(
    qtbot: QtBot,
    window: MainWindow,
    file_room: Services,
    admin: Actor,
    clerk: Actor,
    focus: str,
) -> None:
    desk = _desk(window)
    cart = _cart(file_room, admin, clerk, 600, 25)
    stall = Stall()
    wedge = Wedge(window, stall)
    target = {
        "scan_field": desk.scan_field,
        "destination": desk.destination.field,
        "answer_list": desk.table,
    }[focus]
    target.setFocus()
    qtbot.waitUntil(target.hasFocus)
    if focus == "destination":
        desk.destination.field.setText("ca")  # a clerk had started to type a place
        desk.destination.field.setCursorPosition(2)

    wedge.burst(["L-ORTH", *cart, "C-RETURN", *cart[:5]])
    _settle(qtbot, desk, 1 + len(cart) + 1 + 5)

    assert stall.stalls >= 6
    rows = desk.model.rows
    assert [r.scan for r in rows] == ["L-ORTH", *cart, "C-RETURN", *cart[:5]]
    outcomes = [r.result.outcome if r.result else None for r in rows]
    assert outcomes == [
        Outcome.DESTINATION,
        *[Outcome.CHECKED_OUT] * len(cart),
        Outcome.MODE,
        *[Outcome.RETURNED] * 5,
    ]
    # No fragment was read as anything: each answer names the chart that was scanned.
    assert all(r.result and r.result.barcode == r.scan for r in rows if r.scan.startswith("V"))
    assert desk.destination_code == "ORTH"
    if focus == "destination":
        assert desk.destination.field.text() == "ca"
    assert desk.scan_field.text() == ""

    for n, volume in enumerate(cart):
        mrn = f"{600 + n:06d}"
        history = file_room.history.chart(clerk, mrn).history
        kinds = [(m.kind, m.to_code) for m in history]
        expected = [("created", None), ("checked_out", "ORTH")]
        if n < 5:
            expected.append(("returned", None))
        assert kinds == expected, volume
    moved = [r.result.movement_id for r in rows if r.result and r.result.movement_id]
    assert moved == sorted(moved) and len(set(moved)) == len(cart) + 5
    # Other patients' charts, one MRN away from every fragment, never moved.
    for mrn in ("123456", "423266", "000042"):
        assert {m.kind for m in file_room.history.chart(clerk, mrn).history} == {"created"}


def test_every_scan_into_the_lookup_find_box_is_a_new_search_in_order(
    qtbot: QtBot, window: MainWindow, file_room: Services, admin: Actor, clerk: Actor
) -> None:
    lookup = window.pages["lookup"]
    assert isinstance(lookup, ChartLookupWidget)
    window.show_page("lookup")
    cart = _cart(file_room, admin, clerk, 700, 10)
    lookup.query.setFocus()
    qtbot.waitUntil(lookup.query.hasFocus)
    lookup.query.setText("124646")  # another search was typed there
    read: list[str] = []
    lookup.scan_read.connect(read.append)
    stall = Stall()
    wedge = Wedge(window, stall)

    wedge.burst(cart)

    def shows_last() -> bool:
        chart = lookup.panel.chart
        return chart is not None and [v.barcode for v in chart.volumes] == [cart[-1]]

    qtbot.waitUntil(shows_last, timeout=20000)
    assert stall.stalls >= 2
    assert read == cart
    assert lookup.query.text() == cart[-1]
    assert lookup.status.text() == "1 patient."
    desk = _desk(window)
    assert desk.model.rows == []  # the desk, hidden, heard none of it
