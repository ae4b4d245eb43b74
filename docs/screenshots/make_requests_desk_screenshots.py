"""Make the Requests page and dashboard screenshots from the demo's year of history, offscreen.

Run: QT_QPA_PLATFORM=offscreen .venv/bin/python docs/screenshots/make_requests_desk_screenshots.py
"""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QCoreApplication, QDeadlineTimer, QSettings, QThread
from PySide6.QtWidgets import QApplication, QWidget

from recordsdesk.services.demo import ensure_demo
from recordsdesk.services.desk import build_services
from recordsdesk.ui.dashboard.dashboard_widget import DashboardWidget
from recordsdesk.ui.desk.sounds import BeepSounder
from recordsdesk.ui.main_window import MainWindow
from recordsdesk.ui.pages import PageContext
from recordsdesk.ui.requests.requests_widget import RequestsWidget
from recordsdesk.ui.settings import DeskSettings
from recordsdesk.ui.style import STYLE_SHEET
from recordsdesk.ui.tasks import TaskRunner

OUT = Path(__file__).resolve().parent
SIZES = ((1280, 800), (1024, 640))


def wait_until(test: Callable[[], bool], msecs: int = 30000) -> None:
    deadline = QDeadlineTimer(msecs)
    while not test():
        if deadline.hasExpired():
            raise TimeoutError("the window did not settle")
        QCoreApplication.processEvents()
        QThread.msleep(5)


def save(widget: QWidget, name: str) -> None:
    for _ in range(10):
        QCoreApplication.processEvents()
    path = OUT / f"{name}.png"
    widget.grab().save(str(path))
    print(path.relative_to(OUT.parent.parent))


def main() -> int:
    app = QApplication(sys.argv[:1])
    app.setStyleSheet(STYLE_SHEET)
    folder = Path(tempfile.mkdtemp(prefix="recordsdesk-shots-"))
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(folder))
    url = f"sqlite:///{folder / 'demo.sqlite3'}"
    ensure_demo(url, patients=2000, seed=1)
    services = build_services(url)
    runner = TaskRunner()
    settings = DeskSettings()
    settings.workstation = "FRONT-DESK-1"
    supervisor = services.users.actor("supervisor", "FRONT-DESK-1")
    for width, height in SIZES:
        window = MainWindow(PageContext(services, supervisor, settings, runner, BeepSounder()))
        window.resize(width, height)
        window.show()
        window.show_page("requests")
        requests = window.pages["requests"]
        assert isinstance(requests, RequestsWidget)
        wait_until(lambda r=requests: bool(r.model.rows))  # type: ignore[misc]
        wait_until(runner.idle)
        save(window, f"requests_{width}x{height}")
        window.show_page("dashboard")
        board = window.pages["dashboard"]
        assert isinstance(board, DashboardWidget)
        wait_until(lambda b=board: b.board is not None)  # type: ignore[misc]
        wait_until(runner.idle)
        save(window, f"dashboard_{width}x{height}")
        window.close()
    services.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
