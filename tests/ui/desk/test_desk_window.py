"""The desk window's small frictions: long reads, the list that follows, names on answers."""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from recordsdesk.services.actors import Actor
from recordsdesk.services.desk import Services
from recordsdesk.services.scanning import DeskAnswer, DeskSession
from recordsdesk.ui.desk.desk_model import Job
from recordsdesk.ui.desk.desk_widget import DeskWidget
from tests.ui.conftest import OFFSCREEN_ONLY, barcode, settle

pytestmark = OFFSCREEN_ONLY


def test_a_500_character_read_is_shown_short_and_never_widens_the_desk(
    qtbot: QtBot, make_desk: Callable[..., DeskWidget]
) -> None:
    desk = make_desk()
    desk.resize(1000, 700)
    desk.submit_scan("L-CARD")
    desk.submit_scan("Z" * 500)
    settle(qtbot, desk)
    assert desk.width() == 1000
    assert desk.minimumSizeHint().width() < 1000
    assert len(desk.table_model.data(desk.table_model.index(0, 1))) < 60  # type: ignore[arg-type]
    assert "(502 characters)" in desk.feedback.details  # as quoted in the message
    assert len(desk.feedback.details) < 200


def test_answers_name_the_patient_and_volume_and_the_counts_run(
    qtbot: QtBot, desk: DeskWidget, file_room: Services, clerk: Actor
) -> None:
    desk.submit_scan("L-CARD")
    desk.submit_scan(barcode(file_room, clerk, "423266", 2))
    desk.submit_scan("V9999999")
    settle(qtbot, desk)
    assert "JONES, Mary · Vol 2" in desk.model.row_at(1).who
    assert desk.table_model.data(desk.table_model.index(1, 3)) == "JONES, Mary · Vol 2"
    assert desk.tally.text().startswith("1 done · 0 check · 1 problem")
    qtbot.keyClick(desk.scan_field, Qt.Key.Key_F3)
    assert "since Return: 0 done" in desk.tally.text()
    assert "Return mode" in desk.destination.place.text()


def test_the_list_follows_new_answers_unless_older_ones_are_being_read(
    qtbot: QtBot, desk: DeskWidget
) -> None:
    for n in range(60):
        desk.submit_scan(f"V99{n:05d}")
    settle(qtbot, desk)
    bar = desk.table.verticalScrollBar()
    assert bar.value() == 0 and desk.newest_button.isHidden()
    bar.setValue(bar.maximum() // 2)  # the clerk scrolls back to read
    reading = desk.table.indexAt(desk.table.viewport().rect().center()).row()
    seen = desk.table_model.row_at(reading).seq
    desk.submit_scan("V9900100")
    settle(qtbot, desk)
    still = desk.table.indexAt(desk.table.viewport().rect().center()).row()
    assert desk.table_model.row_at(still).seq == seen  # what was being read stays put
    assert not desk.newest_button.isHidden()
    qtbot.keyClick(desk.scan_field, Qt.Key.Key_Home)
    assert bar.value() == 0 and desk.newest_button.isHidden()
    assert desk.table_model.row_at(0).scan == "V9900100"


def test_a_scan_row_goes_in_with_its_answer_or_shows_saving_when_slow(
    qtbot: QtBot, desk: DeskWidget, monkeypatch: pytest.MonkeyPatch
) -> None:
    import recordsdesk.ui.desk.desk_widget as module

    desk.submit_scan("V9990001")
    settle(qtbot, desk)
    assert desk.table_model.rowCount() == 1
    # The next scan's row goes into the list with its answer, not while it is being saved...
    gate = threading.Event()
    answer = module.apply

    def slow(session: DeskSession, job: Job) -> DeskAnswer:
        assert gate.wait(30)
        return answer(session, job)

    monkeypatch.setattr(module, "apply", slow)
    try:
        desk.submit_scan("V9990002")
        assert desk.table_model.rowCount() == 1 and desk.queue.pending == 1
        # ...unless the answer is slow: then the row shows it is saving.
        qtbot.waitUntil(lambda: desk.table_model.rowCount() == 2)
        assert desk.table_model.data(desk.table_model.index(0, 2)) == "WAIT: Saving…"
        assert desk.table_model.row_at(0).scan == "V9990002"
        gate.set()
        settle(qtbot, desk)
        assert str(desk.table_model.data(desk.table_model.index(0, 2))).startswith("PROBLEM")
        assert desk.table_model.row_at(1).scan == "V9990001"
    finally:
        gate.set()  # a failure must not leave a worker waiting into the teardown


def test_an_answer_is_said_shown_only_once_all_of_it_is_drawn(
    qtbot: QtBot, desk: DeskWidget, file_room: Services, clerk: Actor
) -> None:
    # scan_shown is what the window benchmark times: the row, the panel and the counts.
    desk.submit_scan("L-CARD")
    settle(qtbot, desk)
    seen: list[tuple[str, str, str, str]] = []

    def on_shown(row: object) -> None:
        model = desk.table_model
        seen.append(
            (
                str(model.data(model.index(0, 3))),
                desk.feedback.headline,
                desk.feedback.details,
                desk.tally.text(),
            )
        )

    desk.scan_shown.connect(on_shown)
    with qtbot.waitSignal(desk.scan_shown, timeout=30_000):
        desk.submit_scan(barcode(file_room, clerk, "423266", 2))
    assert len(seen) == 1
    who, headline, details, tally = seen[0]
    assert who == "JONES, Mary · Vol 2"
    assert headline == "DONE · Checked out" and "JONES, Mary · Vol 2" in details
    assert tally.startswith("1 done · 0 check · 0 problem")
