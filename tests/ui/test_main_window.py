"""The main window: work areas by navigation and shortcut, the status bar, geometry kept."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, QObject, QPoint, QPointF, Qt
from PySide6.QtGui import QKeyEvent, QMouseEvent, QWheelEvent
from PySide6.QtWidgets import QLabel, QWidget
from pytestqt.qtbot import QtBot

from recordsdesk.services.actors import Actor, Permission
from recordsdesk.services.desk import Services
from recordsdesk.ui.desk.desk_widget import DeskWidget
from recordsdesk.ui.desk.scanner import ScannerFilter
from recordsdesk.ui.desk.sounds import BeepSounder
from recordsdesk.ui.input_watch import InputWatch
from recordsdesk.ui.lookup.lookup_widget import ChartLookupWidget
from recordsdesk.ui.main_window import SIDEBAR_WIDTH, MainWindow
from recordsdesk.ui.pages import Page, PageContext, default_pages
from recordsdesk.ui.settings import DeskSettings
from recordsdesk.ui.tasks import TaskRunner
from tests.ui.conftest import OFFSCREEN_ONLY, scan, settle

pytestmark = OFFSCREEN_ONLY


@pytest.fixture
def context(
    file_room: Services,
    clerk: Actor,
    settings: DeskSettings,
    runner: TaskRunner,
    sounder: BeepSounder,
) -> PageContext:
    return PageContext(file_room, clerk, settings, runner, sounder, probe_ms=50)


@pytest.fixture
def window(qtbot: QtBot, context: PageContext) -> Iterator[MainWindow]:
    built = MainWindow(context)
    qtbot.addWidget(built)
    built.show()
    yield built
    built.close()


def test_navigation_lists_the_work_areas_and_switches_by_shortcut(
    qtbot: QtBot, window: MainWindow
) -> None:
    nav = window.navigation
    listed = [(nav.item(i).text(), nav.shortcut_of(i)) for i in range(nav.count())]
    # A clerk runs no reports: the Reports page (Ctrl+5) is not listed.
    assert listed == [
        ("Desk", "Ctrl+1"),
        ("Chart lookup", "Ctrl+2"),
        ("Pull lists", "Ctrl+3"),
        ("Labels", "Ctrl+4"),
        ("Refile", "Ctrl+6"),
        ("Shelf audit", "Ctrl+7"),
        ("Requests", "Ctrl+8"),
        ("Release of info", "Ctrl+9"),
        ("Retention", "Ctrl+0"),
    ]
    assert nav.item(0).data(Qt.ItemDataRole.AccessibleTextRole) == "Desk, Ctrl+1"
    assert isinstance(window.current_page, DeskWidget)
    qtbot.keyClick(window.navigation, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert isinstance(window.current_page, ChartLookupWidget)
    qtbot.keyClick(window.navigation, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert isinstance(window.current_page, DeskWidget)


def test_status_bar_names_user_database_and_workstation(
    window: MainWindow, file_room: Services
) -> None:
    texts = [label.text() for label in window.statusBar().findChildren(QLabel)]
    assert "Signed in: cleo (clerk)" in texts
    assert f"Database: {file_room.db.url} · local file" in texts
    assert "Workstation: TEST-DESK" in texts


def test_a_scan_typed_while_the_navigation_has_focus_reaches_the_desk(
    qtbot: QtBot, window: MainWindow
) -> None:
    desk = window.pages["desk"]
    assert isinstance(desk, DeskWidget)
    window.navigation.setFocus()
    scan(qtbot, window.navigation, "L-CARD")
    settle(qtbot, desk)
    assert desk.destination_code == "CARD"
    assert isinstance(window.current_page, DeskWidget)


def test_later_work_areas_join_the_registry_and_respect_roles(
    qtbot: QtBot, context: PageContext
) -> None:
    extra = (
        Page("audit", "Audit", "Ctrl+Shift+9", lambda _c: QWidget(), Permission.VIEW_AUDIT),
        Page("sheets", "Sheets", "Ctrl+Shift+8", lambda _c: QWidget(), Permission.PRINT),
    )
    built = MainWindow(context, default_pages() + extra)
    qtbot.addWidget(built)
    # a clerk runs no reports and reads no audit trail
    assert list(built.pages) == [
        "desk",
        "lookup",
        "pull_lists",
        "labels",
        "refile",
        "shelf_audit",
        "requests",
        "release",
        "retention",
        "sheets",
    ]
    built.show_page("sheets")
    assert built.current_page is built.pages["sheets"]
    built.close()


def test_closing_keeps_the_geometry(
    qtbot: QtBot, context: PageContext, settings: DeskSettings
) -> None:
    built = MainWindow(context)
    qtbot.addWidget(built)
    built.resize(780, 560)
    built.show()
    built.close()
    assert settings.geometry is not None
    again = MainWindow(context)
    qtbot.addWidget(again)
    # The offscreen screen is 800 pixels wide: the width is kept within it, the height as left.
    assert again.height() == 560 and again.width() < 1280
    again.close()


def test_every_work_area_fits_a_1024x640_screen_without_scrolling(
    qtbot: QtBot,
    file_room: Services,
    admin: Actor,
    settings: DeskSettings,
    runner: TaskRunner,
    sounder: BeepSounder,
) -> None:
    context = PageContext(file_room, admin, settings, runner, sounder, probe_ms=50)
    built = MainWindow(context)
    qtbot.addWidget(built)
    built.resize(1024, 640)
    built.show()
    nav = built.navigation
    assert nav.count() == len(default_pages())  # an administrator sees every area
    qtbot.waitUntil(lambda: nav.viewport().height() > 0)
    last = nav.visualItemRect(nav.item(nav.count() - 1))
    assert last.bottom() <= nav.viewport().height()
    assert nav.verticalScrollBar().maximum() == 0
    # Nor is any page wider than what is left of a 1024-pixel screen beside the navigation.
    for key, page in built.pages.items():
        built.show_page(key)
        qtbot.waitUntil(runner.idle, timeout=20000)
        QCoreApplication.processEvents()  # the answers' widgets laid out
        assert page.minimumSizeHint().width() <= 1024 - SIDEBAR_WIDTH, key
        assert built.width() == 1024, key  # the window was not widened to show the page
    assert built.minimumSizeHint().width() <= 1024
    built.close()


def test_one_application_filter_hands_on_key_presses_only(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Qt calls an application filter for every event: paints, timers, the scan queue's
    answers. The pages' scanners hear key presses and nothing else, through one filter."""
    heard: list[QEvent.Type] = []
    original = ScannerFilter.eventFilter

    def counting(self: ScannerFilter, watched: QObject, event: QEvent) -> bool:
        heard.append(event.type())
        return original(self, watched, event)

    monkeypatch.setattr(ScannerFilter, "eventFilter", counting)
    app = QCoreApplication.instance()
    assert app is not None
    assert len(app.findChildren(InputWatch)) == 1
    scanners = [getattr(page, "scanner", None) for page in window.pages.values()]
    assert sum(isinstance(s, ScannerFilter) for s in scanners) >= 6
    for _ in range(20):
        QCoreApplication.sendEvent(window.navigation, QEvent(QEvent.Type.User))
        window.update()
        QCoreApplication.processEvents()
    assert heard == []
    desk = window.pages["desk"]
    assert isinstance(desk, DeskWidget)
    scan(qtbot, window.navigation, "L-CARD")
    settle(qtbot, desk)
    assert desk.destination_code == "CARD"
    assert heard and set(heard) == {QEvent.Type.KeyPress}


def test_a_closed_page_s_scanner_is_forgotten(qtbot: QtBot, context: PageContext) -> None:
    watch = InputWatch.of()
    assert watch is not None
    built = MainWindow(context)
    built.show()
    scanners = [getattr(page, "scanner", None) for page in built.pages.values()]
    listening = [s for s in scanners if isinstance(s, ScannerFilter)]
    assert listening and all(watch.hears(s) for s in listening)
    built.close()
    qtbot.waitUntil(context.runner.idle)  # its loads answered before it goes
    built.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert not any(watch.hears(s) for s in listening)
    scan(qtbot, QWidget(), "V0000001")  # no listener left behind to call into


def test_every_kind_of_input_reaches_the_idle_lock_and_nothing_else_does(
    qtbot: QtBot, window: MainWindow
) -> None:
    watch = InputWatch.of()
    assert watch is not None
    heard: list[int] = []

    def input_heard() -> None:
        heard.append(1)

    watch.add_input(input_heard)
    try:
        target = window.navigation
        at, nothing = QPointF(5, 5), Qt.KeyboardModifier.NoModifier
        button = Qt.MouseButton.LeftButton
        events: list[QEvent] = [
            QMouseEvent(QEvent.Type.MouseMove, at, at, Qt.MouseButton.NoButton, button, nothing),
            QMouseEvent(QEvent.Type.MouseButtonPress, at, at, button, button, nothing),
            QMouseEvent(QEvent.Type.MouseButtonRelease, at, at, button, button, nothing),
            QWheelEvent(
                at,
                at,
                QPoint(),
                QPoint(0, 120),
                Qt.MouseButton.NoButton,
                nothing,
                Qt.ScrollPhase.NoScrollPhase,
                False,
            ),
            QKeyEvent(QEvent.Type.KeyRelease, Qt.Key.Key_Shift, nothing),
        ]
        for event in events:
            before = len(heard)
            QCoreApplication.sendEvent(target, event)
            assert len(heard) > before, event  # (once for each widget it climbs to)
        # A shortcut override is a key event but not input the clerk typed twice over; paints,
        # timers and the like are not input at all.
        before = len(heard)
        QCoreApplication.sendEvent(
            target, QKeyEvent(QEvent.Type.ShortcutOverride, Qt.Key.Key_A, nothing, "a")
        )
        QCoreApplication.sendEvent(target, QEvent(QEvent.Type.User))
        window.update()
        QCoreApplication.processEvents()
        assert len(heard) == before
    finally:
        watch.remove_input(input_heard)
