"""What every screenshot script shares: the offscreen application, waiting, saving, the window.

The scripts beside this one (``make_*_screenshots.py``) each hold one capability's scenes as a
``shots()`` function; ``make_screenshots.py`` runs them all (or those named), and each can
still be run alone. The main window is taken at 1280x800 and 1024x640 (``SIZES``), the
first-run wizard and dialogs at 1280x800. ``save`` refuses a picture that is not the size its
name says: a page too wide for a 1024-pixel screen would widen the window, and the PNG.
"""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QCoreApplication, QDeadlineTimer, QSettings, QThread
from PySide6.QtWidgets import QApplication, QMainWindow, QWidget

from recordsdesk.services.actors import Actor
from recordsdesk.services.desk import Services
from recordsdesk.ui.desk.sounds import BeepSounder
from recordsdesk.ui.main_window import MainWindow
from recordsdesk.ui.pages import PageContext
from recordsdesk.ui.settings import DeskSettings
from recordsdesk.ui.style import STYLE_SHEET
from recordsdesk.ui.tasks import TaskRunner

OUT = Path(__file__).resolve().parent
SIZES = ((1280, 800), (1024, 640))
WIZARD_SIZE = (1280, 800)


def start(prefix: str = "recordsdesk-shots-") -> Path:
    """The application (once), styled; settings in a fresh temporary folder, which is returned."""
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setStyleSheet(STYLE_SHEET)
    folder = Path(tempfile.mkdtemp(prefix=prefix))
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(folder))
    return folder


def wait_until(test: Callable[[], bool], msecs: int = 60000) -> None:
    """Run the event loop until ``test()`` holds (the answers arrive on the task runner)."""
    deadline = QDeadlineTimer(msecs)
    while not test():
        if deadline.hasExpired():
            raise TimeoutError("the window did not settle")
        QCoreApplication.processEvents()
        QThread.msleep(5)


def save(widget: QWidget, name: str) -> Path:
    """``widget`` as ``name``.png; a main window named _WxH must be a picture of that size.

    (A dialog's name gives the size of the screen it was taken for, not its own.)
    """
    for _ in range(10):
        QCoreApplication.processEvents()
    picture = widget.grab()
    size = name.rpartition("_")[2]
    if isinstance(widget, QMainWindow) and "x" in size and size.replace("x", "").isdigit():
        width, height = (int(n) for n in size.split("x"))
        if (picture.width(), picture.height()) != (width, height):
            raise RuntimeError(f"{name}: {picture.width()}x{picture.height()}, not {size}")
    path = OUT / f"{name}.png"
    picture.save(str(path))
    print(path.relative_to(OUT.parent.parent))
    return path


def desk_settings(workstation: str) -> DeskSettings:
    settings = DeskSettings()
    settings.workstation = workstation
    return settings


def open_window(
    services: Services,
    actor: Actor,
    settings: DeskSettings,
    runner: TaskRunner,
    size: tuple[int, int],
) -> MainWindow:
    """The main window as ``actor`` signed in sees it, at ``size``, its first answers in."""
    window = MainWindow(PageContext(services, actor, settings, runner, BeepSounder()))
    window.resize(*size)
    window.show()
    wait_until(runner.idle)
    return window


def windows(
    services: Services, actor: Actor, settings: DeskSettings, runner: TaskRunner
) -> Iterator[tuple[MainWindow, str]]:
    """The main window at each size in turn, with the size's suffix (``1280x800``); closed after."""
    for width, height in SIZES:
        window = open_window(services, actor, settings, runner, (width, height))
        try:
            yield window, f"{width}x{height}"
        finally:
            window.close()


def run(*shots: Callable[[], None]) -> None:
    """Run the scenes, then leave at once: PySide6 can crash tearing its wrappers down."""
    status = 0
    try:
        for shot in shots:
            shot()
    except Exception:  # the script's caller sees the failure and the status
        import traceback

        traceback.print_exc()
        status = 1
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(status)
