"""The Qt item models pass Qt's model tester, with rows and without."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from recordsdesk.domain.circulation import DeskMode, Outcome
from recordsdesk.services.actors import Actor
from recordsdesk.services.desk import Services
from recordsdesk.services.dto import ScanResult
from recordsdesk.services.scanning import DeskAnswer
from recordsdesk.ui.desk.desk_model import DeskModel
from recordsdesk.ui.desk.destination import LocationListModel
from recordsdesk.ui.desk.scan_list_model import ScanListModel
from recordsdesk.ui.lookup.chart_models import HistoryTableModel, VolumeTableModel
from recordsdesk.ui.lookup.search_model import PatientSearchModel
from recordsdesk.ui.tasks import TaskRunner

AT = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def _answer(result: ScanResult) -> DeskAnswer:
    return DeskAnswer(result, DeskMode.CHECK_OUT, None)


def test_scan_list_model_adds_at_the_top_and_fills_answers_in(
    qtmodeltester: ModelTester,
) -> None:
    desk = DeskModel(clock=lambda: AT)
    model = ScanListModel(desk)
    qtmodeltester.check(model)
    first = desk.scan("V0000001")
    second = desk.scan("V0000002")
    assert first is not None and second is not None
    assert model.row_at(0).scan == "V0000002"
    assert model.data(model.index(0, 2)) == "WAIT: Saving…"
    done = ScanResult(
        "V0000001",
        True,
        Outcome.CHECKED_OUT,
        "V0000001 checked out.",
        patient="SMITH, John",
        volume=2,
        movement_id=7,
    )
    desk.answer(first.seq, _answer(done))
    assert model.data(model.index(1, 2)) == "DONE: Checked out"
    assert model.data(model.index(1, 3)) == "SMITH, John · Vol 2"
    unknown = ScanResult("V0000002", False, Outcome.UNKNOWN_CODE, "Unknown chart barcode.")
    desk.answer(second.seq, _answer(unknown))
    assert model.data(model.index(0, 2)) == "PROBLEM: Unknown code"
    qtmodeltester.check(model)


def test_scan_list_model_keeps_a_bounded_number_of_rows(
    monkeypatch: pytest.MonkeyPatch, qtmodeltester: ModelTester
) -> None:
    import recordsdesk.ui.desk.desk_model as module

    monkeypatch.setattr(module, "MAX_ROWS", 3)
    desk = DeskModel(clock=lambda: AT)
    model = ScanListModel(desk)
    for seq in range(1, 6):
        desk.scan(f"V{seq:07d}")
    assert [r.seq for r in desk.rows] == [3, 4, 5]
    assert model.rowCount() == 3 and model.row_at(0).scan == "V0000005"
    qtmodeltester.check(model)


def _shown(model: ScanListModel) -> list[tuple[str, str]]:
    return [
        (str(model.data(model.index(row, 1))), str(model.data(model.index(row, 2))))
        for row in range(model.rowCount())
    ]


def test_a_held_list_adds_its_rows_on_release_with_their_answers(
    monkeypatch: pytest.MonkeyPatch, qtmodeltester: ModelTester
) -> None:
    import recordsdesk.ui.desk.desk_model as module

    monkeypatch.setattr(module, "MAX_ROWS", 4)
    desk = DeskModel(clock=lambda: AT)
    model = ScanListModel(desk)
    shown_before = [desk.scan(f"V{seq:07d}") for seq in (1, 2)]
    model.hold()
    held = [desk.scan(f"V{seq:07d}") for seq in (3, 4, 5, 6)]  # the two oldest fall off
    assert all(job is not None for job in [*shown_before, *held])
    # Nothing new in the view while held; what is shown still maps to the right scans.
    assert model.rowCount() == 0 and [r.seq for r in desk.rows] == [3, 4, 5, 6]
    job = held[1]
    assert job is not None
    desk.answer(job.seq, _answer(ScanResult("V0000004", True, Outcome.CHECKED_OUT, "Out.")))
    assert model.rowCount() == 0
    model.release()
    assert _shown(model) == [
        ("V0000006", "WAIT: Saving…"),
        ("V0000005", "WAIT: Saving…"),
        ("V0000004", "DONE: Checked out"),
        ("V0000003", "WAIT: Saving…"),
    ]
    assert [model.row_at(row).scan for row in range(4)] == [
        "V0000006",
        "V0000005",
        "V0000004",
        "V0000003",
    ]
    qtmodeltester.check(model)


def test_a_held_list_keeps_its_shown_rows_mapped_and_changed() -> None:
    desk = DeskModel(clock=lambda: AT)
    model = ScanListModel(desk)
    first = desk.scan("V0000001")
    model.hold()
    second = desk.scan("V0000002")
    assert first is not None and second is not None
    assert model.rowCount() == 1 and model.row_at(0).scan == "V0000001"
    desk.answer(first.seq, _answer(ScanResult("V0000001", False, Outcome.UNKNOWN_CODE, "No.")))
    assert _shown(model) == [("V0000001", "PROBLEM: Unknown code")]
    model.release()
    assert _shown(model) == [("V0000002", "WAIT: Saving…"), ("V0000001", "PROBLEM: Unknown code")]


def test_a_junk_read_of_500_characters_is_shown_short() -> None:
    desk = DeskModel(clock=lambda: AT)
    model = ScanListModel(desk)
    desk.scan("Z" * 500)
    shown = model.data(model.index(0, 1))
    assert isinstance(shown, str) and len(shown) < 60 and "(500 characters)" in shown


def test_location_list_model(
    qtbot: QtBot,
    qtmodeltester: ModelTester,
    file_room: Services,
    clerk: Actor,
    runner: TaskRunner,
) -> None:
    model = LocationListModel(file_room.locations, clerk, runner)
    with qtbot.waitSignal(model.loaded):
        model.reload()
    assert model.data(model.index(0, 0)) == "CARD · Cardiology Clinic"
    qtmodeltester.check(model)


def test_search_and_chart_models(
    qtbot: QtBot,
    qtmodeltester: ModelTester,
    file_room: Services,
    clerk: Actor,
    runner: TaskRunner,
) -> None:
    search = PatientSearchModel(file_room.registry, clerk, runner)
    with qtbot.waitSignal(search.searched) as found:
        search.search("JONES", None)
    assert found.args == [1]
    assert search.data(search.index(0, 0)) == "423266"
    qtmodeltester.check(search)
    with qtbot.waitSignal(search.search_failed) as failed:
        search.search("   ", None)
    assert "Type an MRN" in failed.args[0] and search.rowCount() == 0

    chart = file_room.history.chart(clerk, "423266")
    volumes = VolumeTableModel()
    volumes.set_volumes(chart.volumes)
    assert volumes.data(volumes.index(2, 0)) == "3 of 3"
    assert volumes.data(volumes.index(0, 3)) == "Home (on shelf)"
    qtmodeltester.check(volumes)
    history = HistoryTableModel()
    history.set_history(chart.history)
    assert history.rowCount() == 3 and history.data(history.index(0, 2)) == "Created"
    qtmodeltester.check(history)
