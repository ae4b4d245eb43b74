"""The desk: check-out and return round trip, modes, destination, undo."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from recordsdesk.services.actors import Actor
from recordsdesk.services.desk import Services
from recordsdesk.ui.desk.desk_widget import DeskWidget
from recordsdesk.ui.desk.modes import DeskMode
from recordsdesk.ui.desk.outcomes import Tone
from recordsdesk.ui.desk.sounds import BeepSounder, Sound
from recordsdesk.ui.settings import DeskSettings
from tests.ui.conftest import OFFSCREEN_ONLY, barcode, scan, settle

pytestmark = OFFSCREEN_ONLY


def test_check_out_and_return_round_trip(
    qtbot: QtBot, desk: DeskWidget, file_room: Services, clerk: Actor, sounder: BeepSounder
) -> None:
    volume = barcode(file_room, clerk, "123456")
    scan(qtbot, desk.scan_field, "L-CARD")
    scan(qtbot, desk.scan_field, volume)
    settle(qtbot, desk)
    newest = desk.model.row_at(0)
    assert newest.result is not None and newest.result.outcome == "checked_out"
    assert newest.tone is Tone.DONE
    assert "checked out to Cardiology Clinic" in desk.feedback.details
    assert desk.feedback.headline == "DONE · Checked out"
    chart = file_room.history.chart(clerk, "123456")
    assert chart.volumes[0].location is not None and chart.volumes[0].location.code == "CARD"
    assert chart.history[-1].user == "cleo" and chart.history[-1].workstation == "TEST-DESK"

    qtbot.keyClick(desk.scan_field, Qt.Key.Key_F3)
    assert desk.mode is DeskMode.RETURN
    scan(qtbot, desk.scan_field, volume)
    settle(qtbot, desk)
    assert desk.model.row_at(0).result is not None
    assert desk.model.row_at(0).result.outcome == "returned"
    assert "returned from Cardiology Clinic" in desk.feedback.details
    chart = file_room.history.chart(clerk, "123456")
    assert chart.volumes[0].location is None
    assert [m.kind for m in chart.history] == ["created", "checked_out", "returned"]
    assert sounder.played[-2:] == [Sound.SUCCESS, Sound.SUCCESS]


def test_mode_switch_by_function_keys_buttons_and_command_barcodes(
    qtbot: QtBot, desk: DeskWidget, settings: DeskSettings
) -> None:
    qtbot.keyClick(desk.scan_field, Qt.Key.Key_F4)
    assert desk.mode is DeskMode.TRANSFER
    assert desk.mode_buttons[DeskMode.TRANSFER].isChecked()
    qtbot.keyClick(desk.scan_field, Qt.Key.Key_F2)
    assert desk.mode is DeskMode.CHECK_OUT
    qtbot.mouseClick(desk.mode_buttons[DeskMode.RETURN], Qt.MouseButton.LeftButton)
    assert desk.mode is DeskMode.RETURN
    assert not desk.destination.isEnabled()
    scan(qtbot, desk.scan_field, "C-TRANSFER")
    settle(qtbot, desk)
    assert desk.mode is DeskMode.TRANSFER
    row = desk.model.row_at(0)
    assert row.title == "Mode changed" and "Transfer" in row.details
    scan(qtbot, desk.scan_field, "c-checkout")
    settle(qtbot, desk)
    assert desk.mode is DeskMode.CHECK_OUT
    assert settings.last_mode == "check_out"


def test_destination_by_location_and_person_scans_and_by_typing(
    qtbot: QtBot, desk: DeskWidget, settings: DeskSettings
) -> None:
    scan(qtbot, desk.scan_field, "L-ORTH")
    settle(qtbot, desk)
    assert desk.destination_code == "ORTH"
    assert "Orthopaedics Clinic" in desk.destination.place.text()
    scan(qtbot, desk.scan_field, "P-JDOE")
    settle(qtbot, desk)
    assert desk.destination_code == "JDOE"
    assert "Dr Jane Doe" in desk.destination.place.text()
    desk.destination.field.setFocus()
    qtbot.keyClicks(desk.destination.field, "w4")
    qtbot.keyClick(desk.destination.field, Qt.Key.Key_Return)
    settle(qtbot, desk)
    assert desk.destination_code == "W4"
    assert settings.last_destination == "W4"
    scan(qtbot, desk.scan_field, "L-NOWHERE")
    settle(qtbot, desk)
    assert desk.destination_code == "W4"  # a misread place keeps the one in force
    assert desk.model.row_at(0).title == "Unknown code"
    assert "No location with code 'NOWHERE'" in desk.feedback.details
    assert "Charts still go to Ward 4 (W4)" in desk.feedback.details
    assert "Ward 4" in desk.destination.place.text()


def test_completion_lists_locations_matching_anywhere_in_the_name(
    qtbot: QtBot, desk: DeskWidget
) -> None:
    completer = desk.destination.completer
    completer.setCompletionPrefix("clinic")
    found = []
    for row in range(completer.completionCount()):
        completer.setCurrentRow(row)
        found.append(completer.currentCompletion())
    assert found == ["CARD · Cardiology Clinic", "ORTH · Orthopaedics Clinic"]


def test_undo_puts_the_chart_back_with_a_correcting_movement(
    qtbot: QtBot, desk: DeskWidget, file_room: Services, clerk: Actor
) -> None:
    volume = barcode(file_room, clerk, "123456")
    scan(qtbot, desk.scan_field, "L-CARD")
    scan(qtbot, desk.scan_field, volume)
    settle(qtbot, desk)
    checked_out = desk.model.row_at(0)
    qtbot.keyClick(desk.scan_field, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    settle(qtbot, desk)
    assert desk.model.row_at(0).title == "Undone"
    assert "back home on its shelf" in desk.feedback.details
    assert desk.model.row_at(1).seq == checked_out.seq and desk.model.row_at(1).undone
    chart = file_room.history.chart(clerk, "123456")
    assert chart.volumes[0].location is None
    assert [m.kind for m in chart.history] == ["created", "checked_out", "corrected"]
    scan(qtbot, desk.scan_field, "C-UNDO")
    settle(qtbot, desk)
    assert desk.model.row_at(0).title == "Nothing to undo"
    assert len(file_room.history.chart(clerk, "123456").history) == 3


def test_settings_restore_mode_destination_and_sound(
    qtbot: QtBot, make_desk: object, settings: DeskSettings, sounder: BeepSounder
) -> None:
    settings.last_mode = "transfer"
    settings.last_destination = "W4"
    settings.sound_on = False
    assert callable(make_desk)
    desk = make_desk()
    settle(qtbot, desk)
    assert desk.mode is DeskMode.TRANSFER
    assert desk.destination_code == "W4" and "Ward 4" in desk.destination.place.text()
    assert sounder.muted and not desk.sound_button.isChecked()
    qtbot.keyClick(desk.scan_field, Qt.Key.Key_M, Qt.KeyboardModifier.ControlModifier)
    assert not sounder.muted and settings.sound_on


def test_the_sites_scanner_prefix_and_suffix_are_taken_off_by_the_services(
    qtbot: QtBot, desk: DeskWidget, file_room: Services, admin: Actor, clerk: Actor
) -> None:
    file_room.site.change(admin, "scanner_prefix", "X-")
    file_room.site.change(admin, "scanner_suffix", "#")
    volume = barcode(file_room, clerk, "123456")
    # The window passes raw text: the services read "X-C-RETURN#" as a command, as the
    # command line and every page do, and "X-L-CARD#" as a place.
    scan(qtbot, desk.scan_field, "X-L-CARD#")
    scan(qtbot, desk.scan_field, f"X-{volume}#")
    settle(qtbot, desk)
    checked_out = desk.model.row_at(0)
    assert checked_out.title == "Checked out"
    assert checked_out.result is not None and checked_out.result.barcode == volume
    scan(qtbot, desk.scan_field, "X-C-RETURN#")
    settle(qtbot, desk)
    assert desk.mode is DeskMode.RETURN
    assert desk.model.row_at(0).title == "Mode changed"
