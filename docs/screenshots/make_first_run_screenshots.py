"""Every first-run wizard page and the About dialog, offscreen, at 1280x800.

Run: QT_QPA_PLATFORM=offscreen .venv/bin/python docs/screenshots/make_first_run_screenshots.py
(or with every other capability's: make_screenshots.py).
The server page tests a URL nobody answers on, to show what a failed test looks like, and
the test server (RECORDSDESK_TEST_PG_URL) when one is given; a test page goes to the first
print queue there is.
"""

from __future__ import annotations

import os

from harness import WIZARD_SIZE, run, save, start, wait_until

from recordsdesk.services.desk import build_services
from recordsdesk.ui.about import AboutDialog
from recordsdesk.ui.first_run.wizard import FirstRunWizard
from recordsdesk.ui.tasks import TaskRunner

SUFFIX = "_{}x{}".format(*WIZARD_SIZE)


def shots() -> None:
    folder = start("rd-first-run-")
    os.environ["XDG_CONFIG_HOME"] = str(folder / "config")
    runner = TaskRunner()
    url = f"sqlite:///{folder / 'RecordsDesk' / 'recordsdesk.sqlite3'}"
    wizard = FirstRunWizard(build_services, runner, url, "", "FRONT-DESK")
    wizard.resize(*WIZARD_SIZE)
    wizard.show()
    page = wizard.database_page
    wait_until(lambda: page.check is not None)
    save(wizard, "first_run_1_database_embedded" + SUFFIX)
    page.server.setChecked(True)
    page.server_url.setText("postgresql://recordsdesk@records-db.example:5432/records")
    page.test_button.click()
    wait_until(lambda: page.check is not None)
    save(wizard, "first_run_1_database_server_refused" + SUFFIX)
    server = os.environ.get("RECORDSDESK_TEST_PG_URL")
    if server:  # a server that answers (read only: the test only looks)
        page.server_url.setText(server)
        page.test_button.click()
        wait_until(lambda: page.check is not None)
        save(wizard, "first_run_1_database_server" + SUFFIX)
    page.embedded.setChecked(True)
    page.test_button.click()
    wait_until(lambda: page.check is not None)
    wizard.next()
    admin = wizard.administrator_page
    admin.username.setText("ada")
    admin.full_name.setText("Ada Lovelace")
    admin.password.setText("correct horse battery")
    admin.repeat.setText("correct horse battery")
    save(wizard, "first_run_2_administrator" + SUFFIX)
    wizard.next()  # made on the task runner: the page says so, and moves on by itself
    room = wizard.file_room_page
    wait_until(lambda: wizard.currentPage() is room)
    room.name.setText("North Wing file room")
    save(wizard, "first_run_3_file_room" + SUFFIX)
    wizard.next()
    printers = wizard.printers_page
    wait_until(lambda: not printers.status.text().startswith("Looking"))
    if printers.list_queue.count() > 1:
        printers.test_button.click()
        wait_until(lambda: "went to" in printers.status.text())
    save(wizard, "first_run_4_printers" + SUFFIX)
    wizard.next()
    save(wizard, "first_run_5_ready" + SUFFIX)
    about = AboutDialog(wizard.url)
    about.resize(*WIZARD_SIZE)
    about.show()
    save(about, "about" + SUFFIX)
    wizard.release_services()
    runner.wait()


if __name__ == "__main__":
    run(shots)
