"""Chart lookup: search by MRN, barcode, or name with DOB; the chart shown; its actions."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import date

import pytest
from pytestqt.qtbot import QtBot

from recordsdesk.services.actors import Actor
from recordsdesk.services.desk import Services
from recordsdesk.services.dto import ChartDetail
from recordsdesk.ui.desk.destination import LocationListModel
from recordsdesk.ui.lookup.lookup_widget import ChartLookupWidget
from recordsdesk.ui.tasks import TaskRunner
from tests.ui.conftest import OFFSCREEN_ONLY, barcode

pytestmark = OFFSCREEN_ONLY


@pytest.fixture
def lookup(
    qtbot: QtBot, file_room: Services, clerk: Actor, runner: TaskRunner
) -> Iterator[ChartLookupWidget]:
    file_room.registry.register_patient(clerk, "555001", "JONES, Peter", date(1950, 5, 1))
    locations = LocationListModel(file_room.locations, clerk, runner)
    locations.reload()
    widget = ChartLookupWidget(
        file_room.registry,
        file_room.history,
        file_room.circulation,
        file_room.site,
        locations,
        clerk,
        runner,
    )
    qtbot.addWidget(widget)
    widget.resize(1200, 700)
    widget.show()
    yield widget
    runner.wait()


def _search(qtbot: QtBot, lookup: ChartLookupWidget, text: str, dob: str = "") -> ChartDetail:
    with qtbot.waitSignal(lookup.chart_shown, timeout=5000) as shown:
        lookup.search(text, dob)
    chart = shown.args[0]
    assert isinstance(chart, ChartDetail)
    return chart


def test_search_by_mrn_shows_volumes_shelf_and_history(
    qtbot: QtBot, lookup: ChartLookupWidget
) -> None:
    chart = _search(qtbot, lookup, "423266")
    assert chart.mrn == "423266"
    panel = lookup.panel
    assert panel.name.text() == "JONES, Mary"
    assert "42-32-66" in panel.facts.text()
    assert "section 66" in panel.shelf.text()
    assert [b.digit for b in panel.blocks.blocks] == list(chart.colour_digits)
    assert panel.blocks.blocks[0].fill == "#A0522D"  # 6 is brown in the default palette
    assert panel.volumes.rowCount() == 3 and panel.history.rowCount() == 3
    assert panel.volumes.data(panel.volumes.index(0, 3)) == "Home (on shelf)"


def test_search_by_barcode_and_by_name_with_birth_date(
    qtbot: QtBot, lookup: ChartLookupWidget, file_room: Services, clerk: Actor
) -> None:
    chart = _search(qtbot, lookup, barcode(file_room, clerk, "123456"))
    assert chart.mrn == "123456"
    chart = _search(qtbot, lookup, "JONES, P", "1950-05-01")
    assert chart.mrn == "555001"
    assert lookup.results.rowCount() == 1
    with qtbot.waitSignal(lookup.results.searched):
        lookup.search("JONES", "")
    assert lookup.results.rowCount() == 2
    assert lookup.status.text() == "2 patients."


def test_a_bad_date_or_an_unknown_patient_is_said_plainly(
    qtbot: QtBot, lookup: ChartLookupWidget
) -> None:
    lookup.search("JONES", "01/05/1950")
    assert "not a date: write it as YYYY-MM-DD" in lookup.status.text()
    with qtbot.waitSignal(lookup.results.searched):
        lookup.search("999999")
    assert lookup.status.text() == "No patient found."


def test_actions_check_out_return_and_new_volume(
    qtbot: QtBot, lookup: ChartLookupWidget, file_room: Services, clerk: Actor
) -> None:
    _search(qtbot, lookup, "123456")
    panel = lookup.panel
    panel.destination.setText("CARD · Cardiology Clinic")
    with qtbot.waitSignal(lookup.chart_shown, timeout=5000):
        panel.check_out_button.click()
    assert "checked out to Cardiology Clinic" in panel.message.text()
    assert panel.volumes.data(panel.volumes.index(0, 3)) == "Cardiology Clinic (CARD)"
    assert panel.history.data(panel.history.index(0, 2)) == "Checked out"
    with qtbot.waitSignal(lookup.chart_shown, timeout=5000):
        panel.return_button.click()
    assert "returned from Cardiology Clinic" in panel.message.text()
    with qtbot.waitSignal(lookup.chart_shown, timeout=5000):
        panel.new_volume_button.click()
    assert panel.message.text().startswith("New volume V")
    chart = file_room.history.chart(clerk, "123456")
    assert [v.number for v in chart.volumes] == [1, 2]
    assert panel.volumes.rowCount() == 2


def test_check_out_without_a_destination_asks_for_one(
    qtbot: QtBot, lookup: ChartLookupWidget, file_room: Services, clerk: Actor
) -> None:
    _search(qtbot, lookup, "123456")
    lookup.panel.check_out_button.click()
    assert "Type where it goes first" in lookup.panel.message.text()
    assert file_room.history.chart(clerk, "123456").volumes[0].location is None


def test_an_older_search_ending_after_a_newer_one_is_not_shown(
    qtbot: QtBot, lookup: ChartLookupWidget, file_room: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    gate = threading.Event()
    search = file_room.registry.search

    def slow_for_jones(actor: Actor, text: str, dob: date | None = None) -> object:
        if text.startswith("JONES"):
            assert gate.wait(30)  # the first search is still reading when the next is typed
        return search(actor, text, dob)

    monkeypatch.setattr(file_room.registry, "search", slow_for_jones)
    try:
        lookup.search("JONES", "")
        chart = _search(qtbot, lookup, "SMITH")
        assert chart.mrn == "123456"
        gate.set()
        runner = lookup._runner
        qtbot.waitUntil(runner.idle)
        # The JONES answer came last and was dropped: the list and chart are SMITH's.
        assert [row.mrn for row in lookup.results.rows] == ["123456"]
        assert lookup.panel.name.text() == "SMITH, John"
    finally:
        gate.set()  # a failure must not leave a worker waiting into the teardown
