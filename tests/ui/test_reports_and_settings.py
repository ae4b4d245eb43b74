"""The reports page (overdue, holdings, audit trail) and the workstation settings dialog."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from recordsdesk.services.actors import Actor
from recordsdesk.services.desk import Services
from recordsdesk.ui.admin.settings_dialog import SettingsDialog
from recordsdesk.ui.reports.reports_widget import ReportsWidget
from recordsdesk.ui.settings import DeskSettings
from recordsdesk.ui.tasks import TaskRunner
from tests.conftest import FakeClock
from tests.ui.conftest import OFFSCREEN_ONLY, barcode, scan

pytestmark = OFFSCREEN_ONLY


@pytest.fixture
def supervisor(file_room: Services, admin: Actor) -> Actor:
    file_room.users.add(admin, "sam", "supervisor", "supervisor password")
    return file_room.users.actor("sam", "TEST-DESK")


@pytest.fixture
def reports(
    qtbot: QtBot,
    file_room: Services,
    clerk: Actor,
    supervisor: Actor,
    runner: TaskRunner,
    clock: FakeClock,
) -> Iterator[ReportsWidget]:
    file_room.circulation.check_out(clerk, "CARD", barcode(file_room, clerk, "123456"))
    file_room.circulation.check_out(clerk, "W4", barcode(file_room, clerk, "423266", 2))
    clock.advance(hours=30)  # Cardiology lends for 24 hours; the ward has no loan period
    widget = ReportsWidget(file_room, supervisor, runner)
    qtbot.addWidget(widget)
    widget.resize(1100, 600)
    with qtbot.waitSignal(widget.report_shown, timeout=5000):
        widget.show()
    yield widget
    runner.wait()


def test_overdue_and_holdings(qtbot: QtBot, reports: ReportsWidget, qtmodeltester: object) -> None:
    assert [h.mrn for h in reports.overdue.rows] == ["123456"]
    assert reports.overdue.data(reports.overdue.index(0, 0)) == "Cardiology Clinic (CARD)"
    assert "1 volume overdue at 1 place" in reports.overdue_status.text()
    reports.place.setText("W4 · Ward 4")
    with qtbot.waitSignal(reports.report_shown, timeout=5000):
        reports.show_holdings()
    assert [h.mrn for h in reports.holdings.rows] == ["423266"]
    assert "1 volume out at W4." in reports.holdings_status.text()
    reports.place.setText("NOWHERE")
    with qtbot.waitSignal(reports.report_shown, timeout=5000):
        reports.show_holdings()
    assert reports.holdings.rowCount() == 0
    assert reports.holdings_status.property("problem") is True
    for model in (reports.overdue, reports.holdings, reports.audit):
        qtmodeltester.check(model)  # type: ignore[attr-defined]


def test_audit_trail_filters_and_a_bad_date(
    qtbot: QtBot, reports: ReportsWidget, file_room: Services, clerk: Actor
) -> None:
    file_room.history.chart(clerk, "123456")
    assert reports.tabs.count() == 4  # overdue, holdings, audit trail, missing
    reports.audit_user.setText("cleo")
    reports.audit_mrn.setText("123456")
    with qtbot.waitSignal(reports.report_shown, timeout=5000):
        reports.show_audit()
    # viewed once when the test looked up its barcode, once just now; named once by the
    # answer to its scan at the desk
    seen = sorted((e.username, e.action, e.mrn) for e in reports.audit.rows)
    assert seen == [("cleo", "chart_viewed", "123456")] * 2 + [
        ("cleo", "scan_named_patient", "123456")
    ]
    assert reports.audit.data(reports.audit.index(0, 4)) == "chart viewed"
    reports.audit_since.setText("2026/03/01")
    reports.show_audit()
    assert "not a date: write it as YYYY-MM-DD" in reports.audit_status.text()
    assert reports.audit.rowCount() == 3  # the last answer stays


def test_a_clerk_gets_no_audit_tab(
    qtbot: QtBot, file_room: Services, clerk: Actor, runner: TaskRunner
) -> None:
    widget = ReportsWidget(file_room, clerk, runner)
    qtbot.addWidget(widget)
    assert widget.tabs.count() == 3  # overdue, holdings, missing
    assert widget.tabs.tabText(2) == "Missing  [Ctrl+Shift+3]"
    widget.show()
    # Reports are refused by the services to a clerk, whatever the window shows.
    qtbot.waitUntil(
        lambda: "supervisor or above may run reports" in widget.overdue_status.text(),
        timeout=5000,
    )
    assert widget.overdue.rowCount() == 0
    assert not hasattr(widget, "audit_user")


def test_settings_dialog_saves_the_name_and_sound(qtbot: QtBot, settings: DeskSettings) -> None:
    dialog = SettingsDialog(settings)
    qtbot.addWidget(dialog)
    dialog.workstation.setText("  ")
    dialog.buttons.accepted.emit()
    assert "needs a name" in dialog.error.text() and dialog.result() == 0
    dialog.workstation.setText("FRONT-2")
    dialog.sound.setChecked(False)
    dialog.buttons.accepted.emit()
    assert dialog.result() == SettingsDialog.DialogCode.Accepted
    again = DeskSettings()
    assert again.workstation == "FRONT-2" and again.sound_on is False


def test_the_scanner_check_says_how_a_scan_is_read_with_the_sites_framing(
    qtbot: QtBot, settings: DeskSettings, file_room: Services, admin: Actor, runner: TaskRunner
) -> None:
    file_room.site.change(admin, "scanner_suffix", "#")
    dialog = SettingsDialog(
        settings, read=file_room.circulation.read, runner=runner, framing=("", "#")
    )
    qtbot.addWidget(dialog)
    dialog.show()
    assert "Prefix none, suffix #" in dialog.framing.text()
    dialog.check_field.setFocus()
    scan(qtbot, dialog.check_field, "L-CARD#")  # keyClicks: as fast as a scanner
    qtbot.waitUntil(lambda: "Read as a location: CARD" in dialog.check_result.text())
    assert "typed at scanner speed" in dialog.check_result.text()
    assert dialog.isVisible()  # the scanner's Enter did not press Save
    scan(qtbot, dialog.check_field, "AB?C")
    qtbot.waitUntil(lambda: "Not readable" in dialog.check_result.text())
    assert "Unreadable scan" in dialog.check_result.text()
