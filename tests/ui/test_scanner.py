"""Telling a scanner's burst from a person's typing."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from recordsdesk.ui.desk.desk_widget import DeskWidget
from recordsdesk.ui.desk.scanner import BurstRecognizer
from tests.ui.conftest import OFFSCREEN_ONLY, scan, settle

pytestmark = OFFSCREEN_ONLY


class ManualClock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_fast_keys_ending_in_enter_are_a_burst_slow_ones_are_not() -> None:
    clock = ManualClock()
    burst = BurstRecognizer(clock=clock)
    for ch in "V0000123":
        burst.key(ch)
        clock.now += 0.008
    assert burst.enter() == "V0000123"
    for ch in "CAR":
        burst.key(ch)
        clock.now += 0.2
    assert burst.enter() is None
    burst.key("A")
    clock.now += 0.01
    assert burst.enter() is None  # too short to be a code


def test_a_pause_starts_a_new_burst() -> None:
    clock = ManualClock()
    burst = BurstRecognizer(clock=clock)
    assert burst.key("x")
    clock.now += 1.0
    assert burst.key("L")
    for ch in "-W4":
        clock.now += 0.005
        assert not burst.key(ch)
    assert burst.enter() == "L-W4"


def test_slow_typing_in_the_destination_field_stays_a_destination(
    qtbot: QtBot, make_desk: Callable[..., DeskWidget]
) -> None:
    desk = make_desk()
    clock = ManualClock()
    desk.scanner._burst.clock = clock
    desk.destination.field.setFocus()
    for ch in "card":
        qtbot.keyClicks(desk.destination.field, ch)
        clock.now += 0.25
    qtbot.keyClick(desk.destination.field, Qt.Key.Key_Return)
    settle(qtbot, desk)
    assert desk.destination_code == "CARD"
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


def test_keys_on_a_hidden_desk_are_left_alone(
    qtbot: QtBot, make_desk: Callable[..., DeskWidget]
) -> None:
    desk = make_desk()
    desk.hide()
    scan(qtbot, desk.table, "L-CARD")
    assert desk.model.rows == ()
