"""The Missing tab of the reports page: the charts flagged missing, and flagging one more."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from recordsdesk.services.actors import Actor
from recordsdesk.services.desk import Services
from recordsdesk.ui.reports.missing_tab import MissingWidget
from recordsdesk.ui.reports.reports_widget import ReportsWidget
from recordsdesk.ui.tasks import TaskRunner
from tests.conftest import FakeClock
from tests.ui.conftest import OFFSCREEN_ONLY, barcode

pytestmark = OFFSCREEN_ONLY


@pytest.fixture
def supervisor(file_room: Services, admin: Actor) -> Actor:
    file_room.users.add(admin, "sam", "supervisor", "supervisor password")
    return file_room.users.actor("sam", "TEST-DESK")


@pytest.fixture
def reports(
    qtbot: QtBot, file_room: Services, supervisor: Actor, runner: TaskRunner
) -> Iterator[ReportsWidget]:
    file_room.missing.flag(supervisor, barcode(file_room, supervisor, "423266", 2), "ward 4, OPD")
    widget = ReportsWidget(file_room, supervisor, runner)
    qtbot.addWidget(widget)
    widget.resize(1100, 600)
    with qtbot.waitSignal(widget.report_shown, timeout=5000):
        widget.show()
    yield widget
    runner.wait()


def _missing_tab(qtbot: QtBot, reports: ReportsWidget) -> MissingWidget:
    tab = reports.missing_tab
    with qtbot.waitSignal(tab.listed, timeout=5000):
        reports.tabs.setCurrentWidget(tab)
    return tab


def test_the_missing_tab_lists_flagged_charts(
    qtbot: QtBot, reports: ReportsWidget, qtmodeltester: object
) -> None:
    assert reports.tabs.tabText(3) == "Missing  [Ctrl+Shift+4]"
    tab = _missing_tab(qtbot, reports)
    assert [(m.mrn, m.volume, m.note) for m in tab.missing.rows] == [("423266", 2, "ward 4, OPD")]
    assert tab.missing.data(tab.missing.index(0, 1)) == "sam"
    assert tab.missing.data(tab.missing.index(0, 6)) == "Its home shelf"
    assert tab.status.text().startswith("1 volume flagged missing")
    assert tab.flag_button.isEnabled()
    qtmodeltester.check(tab.missing)  # type: ignore[attr-defined]


def test_a_supervisor_flags_a_chart_missing_through_the_dialog(
    qtbot: QtBot, reports: ReportsWidget, file_room: Services, supervisor: Actor, clock: FakeClock
) -> None:
    tab = _missing_tab(qtbot, reports)
    clock.advance(hours=2)
    smith = barcode(file_room, supervisor, "123456")
    tab.flag_button.click()
    dialog = tab.dialog
    assert dialog is not None and dialog.isVisible()
    dialog.barcode.setText(smith)
    dialog.note.setText("")
    with qtbot.waitSignal(tab.flagged, timeout=5000) as refused:
        dialog.ok_button.click()
    assert refused.args == [None]
    assert "a note is needed" in dialog.error.text() and dialog.isVisible()
    assert tab.status.property("problem") is True
    dialog.note.setText("cardiology, the trolley, the shelf either side")
    with qtbot.waitSignals([dialog.accepted, tab.listed], timeout=5000):
        dialog.ok_button.click()
    assert tab.dialog is None
    assert [m.mrn for m in tab.missing.rows] == ["423266", "123456"]
    assert tab.status.text().startswith(f"{smith} flagged missing. 2 volumes flagged missing")
    assert tab.status.property("problem") is False


def test_a_chart_flagged_twice_or_by_a_clerk_is_refused(
    qtbot: QtBot, file_room: Services, clerk: Actor, admin: Actor, runner: TaskRunner
) -> None:
    tab = MissingWidget(file_room, clerk, runner)
    qtbot.addWidget(tab)
    with qtbot.waitSignal(tab.listed, timeout=5000):
        tab.show()
    # The list is a report: the services refuse it to a clerk, as they refuse the flag.
    assert "supervisor or above may run reports" in tab.status.text()
    assert not tab.flag_button.isEnabled()
    with qtbot.waitSignal(tab.flagged, timeout=5000) as refused:
        tab.flag(barcode(file_room, clerk, "123456"), "looked everywhere")
    assert refused.args == [None]
    assert "sign off missing charts" in tab.status.text()
    assert tab.status.property("problem") is True
    assert file_room.missing.listing(admin) == []
