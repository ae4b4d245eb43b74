"""Make the screenshots of every first-run wizard page and the About dialog, offscreen, 1280x800.

Run: QT_QPA_PLATFORM=offscreen .venv/bin/python docs/screenshots/make_first_run_screenshots.py
The server page tests a URL nobody answers on, to show what a failed test looks like, and
the test server (RECORDSDESK_TEST_PG_URL) when one is given; a test page goes to the first
print queue there is.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QCoreApplication, QDeadlineTimer, QThread
from PySide6.QtWidgets import QApplication, QWidget

from recordsdesk.services.desk import build_services
from recordsdesk.ui.about import AboutDialog
from recordsdesk.ui.first_run.wizard import FirstRunWizard
from recordsdesk.ui.style import STYLE_SHEET
from recordsdesk.ui.tasks import TaskRunner

OUT = Path(__file__).resolve().parent
SIZE = (1280, 800)


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
    path = OUT / f"{name}_1280x800.png"
    widget.grab().save(str(path))
    print(path.relative_to(OUT.parent.parent))


def main() -> None:
    app = QApplication([])
    app.setStyleSheet(STYLE_SHEET)
    folder = Path(tempfile.mkdtemp(prefix="rd-first-run-"))
    os.environ["XDG_CONFIG_HOME"] = str(folder / "config")
    runner = TaskRunner()
    url = f"sqlite:///{folder / 'RecordsDesk' / 'recordsdesk.sqlite3'}"
    wizard = FirstRunWizard(build_services, runner, url, "", "FRONT-DESK")
    wizard.resize(*SIZE)
    wizard.show()
    page = wizard.database_page
    wait_until(lambda: page.check is not None)
    save(wizard, "first_run_1_database_embedded")
    page.server.setChecked(True)
    page.server_url.setText("postgresql://recordsdesk@records-db.example:5432/records")
    page.test_button.click()
    wait_until(lambda: page.check is not None)
    save(wizard, "first_run_1_database_server_refused")
    server = os.environ.get("RECORDSDESK_TEST_PG_URL")
    if server:  # a server that answers (read only: the test only looks)
        page.server_url.setText(server)
        page.test_button.click()
        wait_until(lambda: page.check is not None)
        save(wizard, "first_run_1_database_server")
    page.embedded.setChecked(True)
    page.test_button.click()
    wait_until(lambda: page.check is not None)
    wizard.next()
    admin = wizard.administrator_page
    admin.username.setText("ada")
    admin.full_name.setText("Ada Lovelace")
    admin.password.setText("correct horse battery")
    admin.repeat.setText("correct horse battery")
    save(wizard, "first_run_2_administrator")
    wizard.next()  # made on the task runner: the page says so, and moves on by itself
    room = wizard.file_room_page
    wait_until(lambda: wizard.currentPage() is room)
    room.name.setText("North Wing file room")
    save(wizard, "first_run_3_file_room")
    wizard.next()
    printers = wizard.printers_page
    wait_until(lambda: not printers.status.text().startswith("Looking"))
    if printers.list_queue.count() > 1:
        printers.test_button.click()
        wait_until(lambda: "went to" in printers.status.text())
    save(wizard, "first_run_4_printers")
    wizard.next()
    save(wizard, "first_run_5_ready")
    about = AboutDialog(wizard.url)
    about.resize(*SIZE)
    about.show()
    save(about, "about")
    wizard.release_services()
    runner.wait()


if __name__ == "__main__":
    main()
