"""The Qt item models pass Qt's model tester, with rows and without."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from recordsdesk.services.actors import Actor
from recordsdesk.services.desk import Services
from recordsdesk.services.dto import ScanResult
from recordsdesk.ui.desk.destination import LocationListModel
from recordsdesk.ui.desk.scan_list_model import ScanListModel, ScanRow
from recordsdesk.ui.lookup.chart_models import HistoryTableModel, VolumeTableModel
from recordsdesk.ui.lookup.search_model import PatientSearchModel
from recordsdesk.ui.tasks import TaskRunner

AT = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def test_scan_list_model_adds_at_the_top_and_fills_answers_in(
    qtmodeltester: ModelTester,
) -> None:
    model = ScanListModel()
    qtmodeltester.check(model)
    model.add(ScanRow(1, AT, "Check out", "V0000001"))
    model.add(ScanRow(2, AT, "Check out", "V0000002"))
    assert model.row_at(0).scan == "V0000002"
    assert model.data(model.index(0, 2)) == "WAIT: Saving…"
    model.answer(
        1, ScanResult("V0000001", True, "checked_out", "V0000001 checked out.", movement_id=7)
    )
    assert model.data(model.index(1, 2)) == "DONE: Checked out"
    model.answer(2, ScanResult("V0000002", False, "unknown_code", "Unknown chart barcode."))
    assert model.data(model.index(0, 2)) == "PROBLEM: Unknown code"
    model.mark_undone(7)
    assert model.row_at(1).undone and model.data(model.index(1, 3)).startswith("(undone)")
    assert model.answer(99, ScanResult("x", True, "mode", "")) is None
    qtmodeltester.check(model)


def test_scan_list_model_keeps_a_bounded_number_of_rows(monkeypatch: pytest.MonkeyPatch) -> None:
    import recordsdesk.ui.desk.scan_list_model as module

    model = ScanListModel()
    monkeypatch.setattr(module, "MAX_ROWS", 3)
    for seq in range(1, 6):
        model.add(ScanRow(seq, AT, "Return", f"V{seq:07d}"))
    assert [r.seq for r in model.rows] == [3, 4, 5]


def test_location_list_model(
    qtbot: QtBot, qtmodeltester: ModelTester, file_room: Services, runner: TaskRunner
) -> None:
    model = LocationListModel(file_room.locations, runner)
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
