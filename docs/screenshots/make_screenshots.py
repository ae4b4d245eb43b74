"""Make the screenshots in docs/screenshots from a small demo database, offscreen.

Run: QT_QPA_PLATFORM=offscreen .venv/bin/python docs/screenshots/make_screenshots.py
"""

from __future__ import annotations

import dataclasses
import os
import shutil
import sys
import tempfile
from collections.abc import Callable
from itertools import count
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QCoreApplication, QDeadlineTimer, QSettings, QThread
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QWidget

from recordsdesk.services.actors import Actor
from recordsdesk.services.demo import ensure_demo
from recordsdesk.services.desk import Services, build_services
from recordsdesk.ui.desk.desk_widget import DeskWidget
from recordsdesk.ui.desk.sounds import BeepSounder
from recordsdesk.ui.lookup.lookup_widget import ChartLookupWidget
from recordsdesk.ui.main_window import MainWindow
from recordsdesk.ui.pages import PageContext
from recordsdesk.ui.pyside_guard import guard_singletons
from recordsdesk.ui.settings import DeskSettings
from recordsdesk.ui.sign_in import SignInDialog
from recordsdesk.ui.style import STYLE_SHEET
from recordsdesk.ui.tasks import TaskRunner

OUT = Path(__file__).resolve().parent
SIZES = ((1280, 800), (1024, 640))


def wait_until(test: Callable[[], bool], msecs: int = 20000) -> None:
    deadline = QDeadlineTimer(msecs)
    while not test():
        if deadline.hasExpired():
            raise TimeoutError("the window did not settle")
        QCoreApplication.processEvents()
        QThread.msleep(5)


def save(widget: QWidget, name: str) -> None:
    for _ in range(5):
        QCoreApplication.processEvents()
    path = OUT / f"{name}.png"
    widget.grab().save(str(path))
    print(path.relative_to(OUT.parent.parent))


def sample(services: Services, clerk: Actor) -> dict[str, str]:
    """Barcodes and MRNs in useful states: home, out elsewhere, a multi-volume chart."""
    found: dict[str, str] = {}
    out = services.history.holdings(clerk)
    found["out_a"], found["out_b"] = out[0].barcode, out[1].barcode
    for number in range(1, 400):
        barcode = f"V{number:07d}"
        patients = services.registry.search(barcode)
        if not patients:
            continue
        chart = services.history.chart(clerk, patients[0].mrn)
        if len(chart.volumes) >= 3 and "multi" not in found and chart.history[-1].kind != "created":
            found["multi"] = chart.mrn
        if all(v.location is None for v in chart.volumes) and "home" not in found:
            found["home"] = chart.volumes[0].barcode
        if len(found) == 4:
            return found
    raise RuntimeError("the demo database has no suitable charts")


def desk_scans(window: MainWindow, charts: dict[str, str], last: str) -> DeskWidget:
    """A morning's few scans, of every kind, ending on a done, a warning or a problem."""
    desk = window.pages["desk"]
    assert isinstance(desk, DeskWidget)
    ending = {"done": charts["out_b"], "warning": charts["home"], "problem": "M-12345X"}[last]
    for text in (
        "L-CARD",
        charts["home"],
        charts["out_a"],
        "V9999999",
        charts["multi"],
        "C-RETURN",
        charts["out_b"],
        "L-ORTH",
        "C-CHECKOUT",
        ending,
    ):
        desk.submit_scan(text)
    wait_until(lambda: desk.queue.pending == 0)
    return desk


def main() -> int:
    guard_singletons()
    app = QApplication(sys.argv[:1])
    app.setStyleSheet(STYLE_SHEET)
    folder = Path(tempfile.mkdtemp(prefix="recordsdesk-shots-"))
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(folder))
    url = f"sqlite:///{folder / 'demo.sqlite3'}"
    ensure_demo(url, patients=400, seed=7)
    services = build_services(url)
    runner = TaskRunner()
    settings = DeskSettings()
    settings.workstation = "FRONT-DESK-1"

    dialog = SignInDialog(services.users, settings, runner, services.db.url, username="clerk")
    dialog.show()
    wait_until(runner.idle)
    save(dialog, "sign_in")
    dialog.password.setText("not the password")
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    wait_until(lambda: dialog.error.text() not in ("", "Checking…"))
    save(dialog, "sign_in_refused")
    dialog.close()

    clerk = services.users.actor("clerk", "FRONT-DESK-1")
    charts = sample(services, clerk)
    services.close()
    copies = count(1)

    def fresh() -> Services:
        """A copy of the demo as built, so that every screenshot starts from the same room."""
        path = folder / f"copy-{next(copies)}.sqlite3"
        shutil.copyfile(folder / "demo.sqlite3", path)
        return build_services(f"sqlite:///{path}")

    for last in ("done", "warning", "problem"):
        for width, height in SIZES:
            settings.last_destination = ""
            settings.last_mode = "check_out"
            copy = fresh()
            window = MainWindow(PageContext(copy, clerk, settings, runner, BeepSounder()))
            window.resize(width, height)
            window.show()
            wait_until(runner.idle)
            desk_scans(window, charts, last)
            save(window, f"desk_{last}_{width}x{height}")
            if last == "done":
                window.show_page("lookup")
                lookup = window.pages["lookup"]
                assert isinstance(lookup, ChartLookupWidget)
                lookup.query.setText(charts["multi"])
                lookup.search(charts["multi"])
                wait_until(lambda lk=lookup: lk.panel.chart is not None)  # type: ignore[misc]
                wait_until(runner.idle)
                save(window, f"chart_lookup_{width}x{height}")
            window.close()
            copy.close()

    gone = folder / "gone"
    gone.mkdir()
    broken = build_services(f"sqlite:///{gone / 'records.sqlite3'}")
    (gone / "records.sqlite3").unlink()
    (gone / "records.sqlite3").mkdir()
    for width, height in SIZES:
        settings.last_destination = ""
        services = fresh()
        down = dataclasses.replace(services, circulation=broken.circulation, site=broken.site)
        window = MainWindow(PageContext(down, clerk, settings, runner, BeepSounder()))
        window.resize(width, height)
        window.show()
        desk = window.pages["desk"]
        assert isinstance(desk, DeskWidget)
        desk.submit_scan("L-W4")
        desk.submit_scan(charts["home"])
        wait_until(lambda d=desk: d.database_down and d.queue.pending == 0)  # type: ignore[misc]
        desk.submit_scan(charts["out_a"])
        wait_until(lambda d=desk: d.queue.pending == 0)  # type: ignore[misc]
        save(window, f"desk_database_down_{width}x{height}")
        window.close()
        services.close()
    broken.close()
    runner.wait()
    return 0


if __name__ == "__main__":
    status = main()
    sys.stdout.flush()
    # PySide6 can crash while the interpreter tears its wrappers down; the work is done by now.
    os._exit(status)
