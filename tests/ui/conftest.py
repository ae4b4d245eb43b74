"""UI fixtures: services on SQLite only, QSettings in a temp folder, a desk ready to scan."""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QEvent, QSettings, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from recordsdesk.domain.errors import Unavailable
from recordsdesk.services.actors import Actor
from recordsdesk.services.desk import Services, build_services
from recordsdesk.ui.collector import GuiThreadCollector
from recordsdesk.ui.desk.desk_widget import DeskWidget
from recordsdesk.ui.desk.sounds import BeepSounder
from recordsdesk.ui.main_window import MainWindow
from recordsdesk.ui.pages import PageContext
from recordsdesk.ui.settings import DeskSettings
from recordsdesk.ui.style import STYLE_SHEET
from recordsdesk.ui.tasks import TaskRunner
from tests.conftest import FakeClock

# The offscreen platform says it cannot pass size hints, raise a popup or grab the keyboard;
# that is about the test platform, not the application: test modules ignore (only) those.
OFFSCREEN_ONLY = pytest.mark.qt_log_ignore(
    r"This plugin does not support (propagateSizeHints|raise|grabbing the keyboard)"
)


@pytest.fixture
def services(sqlite_url: str, clock: FakeClock) -> Iterator[Services]:
    """The UI runs on SQLite only: the services are tested on both databases elsewhere."""
    built = build_services(sqlite_url, clock)
    yield built
    built.close()


@pytest.fixture(scope="session", autouse=True)
def garbage_collected_on_the_gui_thread(qapp: QApplication) -> Iterator[None]:
    """As in the application: no cycle holding a Qt object is ever freed on a worker thread."""
    collector = GuiThreadCollector(parent=qapp)
    yield
    collector.stop()


@pytest.fixture(autouse=True)
def garbage_of_each_test_collected_here() -> Iterator[None]:
    yield
    gc.collect()


@pytest.fixture(autouse=True)
def qsettings_folder(tmp_path: Path, qapp: QApplication) -> Path:
    """Every test gets its own, empty QSettings."""
    folder = tmp_path / "qsettings"
    folder.mkdir()
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(folder))
    qapp.setStyleSheet(STYLE_SHEET)
    return folder


@pytest.fixture
def settings() -> DeskSettings:
    return DeskSettings()


@pytest.fixture
def runner() -> Iterator[TaskRunner]:
    built = TaskRunner()
    yield built
    built.wait()


@pytest.fixture
def sounder() -> BeepSounder:
    return BeepSounder()


class Switchable:
    """A service stand-in that raises Unavailable while ``down``, else passes calls through."""

    def __init__(self, inner: object) -> None:
        self.inner = inner
        self.down = False
        self.calls = 0

    def __getattr__(self, name: str) -> Any:
        attr = getattr(self.inner, name)
        if not callable(attr):
            return attr

        def call(*args: Any, **kwargs: Any) -> Any:
            self.calls += 1
            if self.down:
                raise Unavailable("The database cannot be reached (connection refused).")
            return attr(*args, **kwargs)

        return call


@pytest.fixture
def make_desk(
    qtbot: QtBot,
    file_room: Services,
    clerk: Actor,
    settings: DeskSettings,
    runner: TaskRunner,
    sounder: BeepSounder,
) -> Iterator[Callable[..., DeskWidget]]:
    made: list[DeskWidget] = []

    def make(
        circulation: object | None = None,
        locations: object | None = None,
        probe: Callable[[], object] | None = None,
        probe_ms: int = 50,
    ) -> DeskWidget:
        desk = DeskWidget(
            circulation or file_room.circulation,  # type: ignore[arg-type]
            locations or file_room.locations,  # type: ignore[arg-type]
            probe or (lambda: file_room.site.settings(clerk)),
            clerk,
            settings,
            runner,
            sounder,
            probe_ms,
        )
        qtbot.addWidget(desk)
        desk.resize(1100, 700)
        desk.show()
        qtbot.waitUntil(lambda: len(desk.locations.rows) > 0)
        made.append(desk)
        return desk

    yield make
    for desk in made:
        desk.shutdown()


@pytest.fixture
def desk(make_desk: Callable[..., DeskWidget]) -> DeskWidget:
    return make_desk()


def _still() -> float:
    """The idle lock's clock in these windows: it never moves, so they never lock by
    themselves, however long a busy machine takes (tests of the lock move their own)."""
    return 0.0


@pytest.fixture
def make_window(
    qtbot: QtBot,
    file_room: Services,
    clerk: Actor,
    settings: DeskSettings,
    runner: TaskRunner,
    sounder: BeepSounder,
) -> Iterator[Callable[..., MainWindow]]:
    """Open the main window on the file room, the clerk signed in, at ``width`` x ``height``;
    closed after the test. Its idle lock never comes unless a test gives it a clock it moves
    (``idle_clock``) and a time (``idle_lock_ms``)."""
    made: list[MainWindow] = []

    def make(
        width: int = 1280,
        height: int = 800,
        idle_clock: Callable[[], float] = _still,
        idle_lock_ms: int | None = None,
    ) -> MainWindow:
        context = PageContext(
            file_room, clerk, settings, runner, sounder, 50, idle_lock_ms=idle_lock_ms
        )
        window = MainWindow(context, idle_clock=idle_clock)
        qtbot.addWidget(window)
        window.resize(width, height)
        window.show()
        qtbot.waitUntil(runner.idle)
        made.append(window)
        return window

    yield make
    for window in made:
        window.close()


# A scanner's keys carry the time they were typed. Stamped here 3 ms apart, a burst is a
# burst however slowly a busy machine gets through the test (keys with no time of their own
# would be timed as they are handled, and a test descheduled mid-code would split it).
SCANNER_KEY_GAP_MS = 3
_typed_at = [50_000_000]


def _scanner_key(target: QWidget, key: int, text: str) -> None:
    for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
        _typed_at[0] += SCANNER_KEY_GAP_MS if kind == QEvent.Type.KeyPress else 0
        event = QKeyEvent(kind, key, Qt.KeyboardModifier.NoModifier, text)
        event.setTimestamp(_typed_at[0])
        QApplication.sendEvent(target, event)


def scan(qtbot: QtBot, target: QWidget, text: str) -> None:
    """Type ``text`` and Enter into ``target`` as a scanner would: each key stamped 3 ms after
    the one before, sent to ``target`` as the keyboard would."""
    for char in text:
        printable_ascii = " " <= char <= "~"
        _scanner_key(target, ord(char.upper()) if printable_ascii else Qt.Key.Key_unknown, char)
    _scanner_key(target, Qt.Key.Key_Return, "\r")


def settle(qtbot: QtBot, desk: DeskWidget, timeout: int = 10000) -> None:
    """Wait until every scan sent has its answer on screen."""
    qtbot.waitUntil(lambda: desk.queue.pending == 0, timeout=timeout)


def barcode(services: Services, actor: Actor, mrn: str, number: int = 1) -> str:
    chart = services.history.chart(actor, mrn)
    return next(v.barcode for v in chart.volumes if v.number == number)
