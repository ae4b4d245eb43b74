"""Telling a scanner's burst from a person's typing, by the keys' own timestamps."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from recordsdesk.ui.desk.burst import BurstRecognizer
from recordsdesk.ui.desk.desk_widget import DeskWidget
from tests.ui.conftest import OFFSCREEN_ONLY, scan, settle

pytestmark = OFFSCREEN_ONLY


class ManualClock:
    """Milliseconds, moved by hand (for keys that carry no timestamp)."""

    def __init__(self) -> None:
        self.now = 100_000.0

    def __call__(self) -> float:
        return self.now


def test_fast_keys_ending_in_enter_are_a_burst_slow_ones_are_not() -> None:
    burst = BurstRecognizer(clock=ManualClock())
    t = 5000
    for ch in "V0000123":
        burst.key(ch, t)
        t += 8
    assert burst.enter(t) == "V0000123"
    for ch in "CAR":
        burst.key(ch, t)
        t += 200
    assert burst.enter(t) is None
    burst.key("A", t)
    assert burst.enter(t + 10) is None  # too short to be a code


def test_a_pause_starts_a_new_burst() -> None:
    burst = BurstRecognizer()
    assert burst.key("x", 1000)
    assert burst.key("L", 3000)
    for n, ch in enumerate("-W4", start=1):
        assert not burst.key(ch, 3000 + 5 * n)
    assert burst.enter(3020) == "L-W4"


def test_the_gap_is_measured_by_the_keys_timestamps_not_by_when_they_are_handled() -> None:
    arrival = ManualClock()
    burst = BurstRecognizer(clock=arrival)
    for n, ch in enumerate("V0000676"):
        burst.key(ch, 7000 + 3 * n)
        arrival.now += 150 if n == 2 else 1  # the GUI thread stalled after "V00"
    assert burst.enter(7000 + 3 * 8) == "V0000676"


def test_keyboard_timestamps_that_wrap_around_do_not_split_a_burst() -> None:
    burst = BurstRecognizer()
    start = 2**32 - 7  # no key lands on 0, which means "no timestamp"
    for n, ch in enumerate("V0000001"):
        burst.key(ch, (start + 3 * n) % 2**32)
    assert burst.enter((start + 24) % 2**32) == "V0000001"


def test_slow_typing_in_the_destination_field_stays_a_destination(
    qtbot: QtBot, make_desk: Callable[..., DeskWidget]
) -> None:
    desk = make_desk()
    clock = ManualClock()
    desk.scanner.burst.clock = clock
    desk.destination.field.setFocus()
    for ch in "card":
        qtbot.keyClicks(desk.destination.field, ch)
        clock.now += 250
    qtbot.keyClick(desk.destination.field, Qt.Key.Key_Return)
    settle(qtbot, desk)
    assert desk.destination_code == "CARD"
    assert desk.model.row_at(0).title == "Destination set"


def test_a_location_scanned_into_the_destination_field_is_a_destination(
    qtbot: QtBot, make_desk: Callable[..., DeskWidget]
) -> None:
    desk = make_desk()
    desk.destination.field.setFocus()
    # Capitals come with a Shift press each: it is no part of the code and breaks nothing.
    for ch in "L-CARD":
        if ch.isupper():
            qtbot.keyPress(desk.destination.field, Qt.Key.Key_Shift)
        qtbot.keyClicks(desk.destination.field, ch)
    qtbot.keyClick(desk.destination.field, Qt.Key.Key_Return)
    settle(qtbot, desk)
    assert desk.destination_code == "CARD"
    assert desk.destination.field.text() == ""
    assert desk.model.row_at(0).title == "Destination set"


def test_typing_on_a_button_or_list_goes_to_the_scan_field(
    qtbot: QtBot, make_desk: Callable[..., DeskWidget]
) -> None:
    desk = make_desk()
    qtbot.keyClicks(desk.undo_button, "L-W")
    assert desk.scan_field.text() == "L-W"
    scan(qtbot, desk.table, "4")
    settle(qtbot, desk)
    assert desk.destination_code == "W4"
    assert desk.scan_field.text() == ""
    assert desk.model.row_at(0).scan == "L-W4"


def test_a_stray_key_does_not_garble_the_next_scan_and_esc_clears_the_field(
    qtbot: QtBot, make_desk: Callable[..., DeskWidget]
) -> None:
    desk = make_desk()
    clock = ManualClock()
    desk.scanner.burst.clock = clock
    scan(qtbot, desk.scan_field, "L-CARD")
    qtbot.keyClicks(desk.scan_field, "x")
    clock.now += 2000
    scan(qtbot, desk.scan_field, "V9999999")
    settle(qtbot, desk)
    assert desk.model.row_at(0).scan == "V9999999"
    assert "Unknown chart barcode V9999999" in desk.model.row_at(0).details
    qtbot.keyClicks(desk.scan_field, "junk")
    qtbot.keyClick(desk.scan_field, Qt.Key.Key_Escape)
    assert desk.scan_field.text() == ""


def test_keys_on_a_hidden_desk_are_left_alone(
    qtbot: QtBot, make_desk: Callable[..., DeskWidget]
) -> None:
    desk = make_desk()
    desk.hide()
    scan(qtbot, desk.table, "L-CARD")
    assert desk.model.rows == []


def test_a_scan_while_the_destination_completion_list_is_open_is_still_a_scan(
    qtbot: QtBot, make_desk: Callable[..., DeskWidget]
) -> None:
    desk = make_desk()
    clock = ManualClock()
    desk.scanner.burst.clock = clock
    desk.destination.field.setFocus()
    qtbot.keyClicks(desk.destination.field, "c")
    clock.now += 300
    qtbot.keyClicks(desk.destination.field, "a")
    clock.now += 300
    popup = desk.destination.completer.popup()
    qtbot.waitUntil(popup.isVisible)
    scan(qtbot, popup, "L-ORTH")  # the open list has the keyboard now
    settle(qtbot, desk)
    assert desk.destination_code == "ORTH"
    assert desk.destination.field.text() == "ca"
    assert not popup.isVisible()
