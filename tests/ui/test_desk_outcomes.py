"""Every answer the desk can give, with its words, its colour family and its sound."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import update

from recordsdesk.services.actors import Actor
from recordsdesk.services.desk import Services
from recordsdesk.storage.models import Volume
from recordsdesk.ui.desk.desk_widget import DeskWidget
from recordsdesk.ui.desk.outcomes import Tone
from recordsdesk.ui.desk.sounds import BeepSounder, Sound
from tests.ui.conftest import OFFSCREEN_ONLY, barcode, scan, settle

pytestmark = OFFSCREEN_ONLY

SOUND = {Tone.DONE: Sound.SUCCESS, Tone.WARNING: Sound.WARNING, Tone.PROBLEM: Sound.PROBLEM}


def _expect(
    qtbot: QtBot,
    desk: DeskWidget,
    sounder: BeepSounder,
    text: str,
    title: str,
    tone: Tone,
    words: str,
) -> None:
    scan(qtbot, desk.scan_field, text)
    settle(qtbot, desk)
    row = desk.model.row_at(0)
    assert (row.title, row.tone) == (title, tone), row
    assert words in row.details
    assert desk.feedback.headline == f"{tone.word} · {title}"
    assert words in desk.feedback.details
    assert sounder.played[-1] is SOUND[tone]


def _flag_missing(services: Services, volume: str) -> None:
    with services.db.writing() as uow:
        uow.session.execute(update(Volume).where(Volume.barcode == volume).values(missing=True))
        uow.commit()


def test_every_outcome_is_answered_in_words_colour_and_sound(
    qtbot: QtBot, desk: DeskWidget, file_room: Services, clerk: Actor, sounder: BeepSounder
) -> None:
    smith = barcode(file_room, clerk, "123456")
    jones = barcode(file_room, clerk, "423266", 2)
    other = barcode(file_room, clerk, "000042")

    def expect(text: str, title: str, tone: Tone, words: str) -> None:
        _expect(qtbot, desk, sounder, text, title, tone, words)

    expect(smith, "No destination", Tone.PROBLEM, "Choose where the charts go first")
    expect("L-CARD", "Destination set", Tone.DONE, "Charts now go to Cardiology Clinic (CARD)")
    expect(smith, "Checked out", Tone.DONE, "checked out to Cardiology Clinic, due")
    expect(smith, "Already there", Tone.WARNING, "already at Cardiology Clinic: nothing changed")
    expect("L-ORTH", "Destination set", Tone.DONE, "Orthopaedics Clinic")
    expect(smith, "Transferred", Tone.DONE, "from Cardiology Clinic to Orthopaedics Clinic")
    expect("V9999999", "Unknown code", Tone.PROBLEM, "Unknown chart barcode V9999999")
    expect("999999", "Unknown code", Tone.PROBLEM, "No patient with MRN 999999")
    expect("423266", "Which volume?", Tone.PROBLEM, "has 3 volumes: scan the one in hand")
    assert jones in desk.model.row_at(0).details
    expect("AB?C", "Unreadable scan", Tone.PROBLEM, "Unreadable scan 'AB?C'")
    expect("C-BOGUS", "Unreadable scan", Tone.PROBLEM, "Unknown command code 'C-BOGUS'")
    expect("R0000001", "Wrong kind of code", Tone.PROBLEM, "is a request code, not a chart")

    qtbot.keyClick(desk.scan_field, Qt.Key.Key_F4)
    expect(other, "Not out", Tone.PROBLEM, "is at home, not out: use Check out")
    expect("L-CARD", "Destination set", Tone.DONE, "Cardiology Clinic")
    expect(smith, "Transferred", Tone.DONE, "transferred from Orthopaedics Clinic")

    qtbot.keyClick(desk.scan_field, Qt.Key.Key_F3)
    expect("L-CARD", "Wrong kind of code", Tone.PROBLEM, "is a location code, not a chart")
    expect(smith, "Returned", Tone.DONE, "returned from Cardiology Clinic: file it on its shelf")
    expect(smith, "Already home", Tone.WARNING, "already home on its shelf: nothing changed")
    _flag_missing(file_room, other)
    expect(other, "Found", Tone.WARNING, "was flagged missing: it is found")

    # Every odd scan changed nothing: only the moves above are in the ledger.
    kinds = [m.kind for m in file_room.history.chart(clerk, "123456").history]
    assert kinds == ["created", "checked_out", "transferred", "transferred", "returned"]
    assert len(file_room.history.chart(clerk, "423266").history) == 3


def test_undo_after_the_chart_moved_at_another_desk_is_refused(
    qtbot: QtBot, desk: DeskWidget, file_room: Services, clerk: Actor, sounder: BeepSounder
) -> None:
    smith = barcode(file_room, clerk, "123456")
    scan(qtbot, desk.scan_field, "L-CARD")
    scan(qtbot, desk.scan_field, smith)
    settle(qtbot, desk)
    file_room.circulation.check_out(clerk, "ORTH", smith)
    _expect(qtbot, desk, sounder, "C-UNDO", "Changed elsewhere", Tone.PROBLEM, "moved again since")
    chart = file_room.history.chart(clerk, "123456")
    assert chart.volumes[0].location is not None and chart.volumes[0].location.code == "ORTH"
