"""The dashboard page: figures read off the GUI thread, every plot drawn, CSV, report and
notices from the page, for supervisors only."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtCharts import QChartView
from pytestqt.qtbot import QtBot

from recordsdesk.services.actors import Actor
from recordsdesk.services.desk import Services
from recordsdesk.services.requests_desk.desk import build_requests_desk
from recordsdesk.services.requests_desk.figures import Dashboard
from recordsdesk.ui.dashboard.dashboard_widget import DashboardWidget
from recordsdesk.ui.desk.sounds import BeepSounder
from recordsdesk.ui.main_window import MainWindow
from recordsdesk.ui.pages import PageContext
from recordsdesk.ui.printing.preview_dialog import PrintPreviewDialog
from recordsdesk.ui.settings import DeskSettings
from recordsdesk.ui.tasks import TaskRunner
from tests.conftest import FakeClock
from tests.ui.conftest import OFFSCREEN_ONLY, barcode

pytestmark = OFFSCREEN_ONLY


@pytest.fixture
def supervisor(services: Services, admin: Actor) -> Actor:
    services.users.add(admin, "sam", "supervisor", "supervisor password")
    return services.users.actor("sam", "SUPER-DESK")


@pytest.fixture
def page(
    qtbot: QtBot,
    file_room: Services,
    clerk: Actor,
    supervisor: Actor,
    runner: TaskRunner,
    clock: FakeClock,
) -> Iterator[DashboardWidget]:
    for mrn, place, days in (("123456", "CARD", 3), ("000042", "ORTH", 1)):
        clock.now -= timedelta(days=days)
        assert file_room.circulation.check_out(clerk, place, barcode(file_room, clerk, mrn)).ok
        clock.now += timedelta(days=days)
    widget = DashboardWidget(
        build_requests_desk(file_room, clock),
        file_room.documents,
        supervisor,
        runner,
        today=lambda: clock().astimezone().date(),
    )
    qtbot.addWidget(widget)
    widget.resize(1280, 800)
    widget.show()
    qtbot.waitUntil(lambda: widget.board is not None, timeout=10000)
    yield widget
    runner.wait()


def test_figures_are_read_off_the_gui_thread_and_every_plot_is_drawn(
    qtbot: QtBot, page: DashboardWidget
) -> None:
    assert page.board is not None and page.board.charts_out == 2 and page.board.overdue == 1
    assert len(page.findChildren(QChartView)) == 7
    assert page.tile_values[0].text() == "2" and page.tile_labels[1].text() == "overdue now"
    out = page.views["out_by_location"].plot
    assert set(out.categories) == {"CARD", "ORTH"}
    page.period.setCurrentIndex(3)  # a year: the refresh starts and returns at once
    assert page.loading and not page.refresh_button.isEnabled()
    with qtbot.waitSignal(page.figures_shown, timeout=10000) as shown:
        pass
    board = shown.args[0]
    assert isinstance(board, Dashboard) and board.period.days == 365
    assert page.views["missing"].plot.categories[-1] == board.period.last.isoformat()
    assert not page.loading and page.refresh_button.isEnabled()
    earlier = board.period.last - timedelta(days=10)
    with qtbot.waitSignal(page.figures_shown, timeout=10000) as shown:
        page.last_day.setDate(earlier)
    assert shown.args[0].period.last == earlier and shown.args[0].period.days == 365


def test_csv_files_are_saved_in_the_chosen_folder(
    qtbot: QtBot, page: DashboardWidget, tmp_path: Path
) -> None:
    page.ask_folder = lambda _parent, _caption: str(tmp_path)
    page.csv_button.click()
    qtbot.waitUntil(lambda: "Saved 7 CSV files" in page.message.text(), timeout=10000)
    out = next(tmp_path.glob("dashboard-out_by_location-*.csv")).read_text(encoding="utf-8")
    assert out.splitlines()[0] == "location,not yet due,overdue"
    assert sorted(out.splitlines()[1:]) == ["CARD,0,1", "ORTH,1,0"]


def test_report_and_notices_open_in_the_preview(qtbot: QtBot, page: DashboardWidget) -> None:
    with qtbot.waitSignal(page.preview_opened, timeout=10000) as opened:
        page.report_button.click()
    report = opened.args[0]
    assert isinstance(report, PrintPreviewDialog) and report.document.title.startswith("Dashboard")
    report.close()
    with qtbot.waitSignal(page.preview_opened, timeout=10000) as opened:
        page.notices_button.click()
    notices = opened.args[0]
    assert notices.document.title == "Overdue notices" and notices.document.mrns == ("123456",)
    notices.close()


def test_the_dashboard_page_is_for_supervisors_and_requests_for_every_clerk(
    qtbot: QtBot,
    file_room: Services,
    clerk: Actor,
    supervisor: Actor,
    runner: TaskRunner,
    settings: DeskSettings,
) -> None:
    for actor, has_dashboard in ((clerk, False), (supervisor, True)):
        window = MainWindow(PageContext(file_room, actor, settings, runner, BeepSounder(), 50))
        qtbot.addWidget(window)
        assert ("dashboard" in window.pages) is has_dashboard
        assert "requests" in window.pages
        window.close()
