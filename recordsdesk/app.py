"""The desktop application: choose the database, sign in, open the main window."""

from __future__ import annotations

import argparse
import importlib
import logging
import os
import sys
from collections.abc import Callable
from functools import partial
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtGui import QGuiApplication, QIcon
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox, QWizard

from recordsdesk.domain.errors import RecordsDeskError
from recordsdesk.resources import resource_path
from recordsdesk.services.desk import Services, build_services
from recordsdesk.services.identity.machine import this_machine
from recordsdesk.services.setup.first_run import needs_first_run
from recordsdesk.services.setup.workstation import save_database_url, saved_database_url
from recordsdesk.storage.engine import default_database_url, demo_database_url
from recordsdesk.ui.collector import GuiThreadCollector
from recordsdesk.ui.crash_hook import install_crash_hook
from recordsdesk.ui.desk.sounds import make_sounder
from recordsdesk.ui.first_run.wizard import FirstRunWizard
from recordsdesk.ui.main_window import MainWindow
from recordsdesk.ui.pages import PageContext
from recordsdesk.ui.settings import APPLICATION, ORGANISATION, DeskSettings
from recordsdesk.ui.sign_in import SignInDialog
from recordsdesk.ui.style import STYLE_SHEET
from recordsdesk.ui.tasks import TaskRunner

log = logging.getLogger(__name__)


def parse_arguments(args: list[str]) -> argparse.Namespace:
    """The options the application takes (the command line's global ones)."""
    parser = argparse.ArgumentParser(prog="recordsdesk", description="The file room's desk.")
    parser.add_argument("--db", help="database URL (else RECORDSDESK_DB, else the default)")
    parser.add_argument("--demo", action="store_true", help="open the demo database")
    parser.add_argument("--user", default="", help="user name to sign in as")
    parser.add_argument("--workstation", default="", help="this workstation's name")
    # For install checks: open the first window, report it on stdout, close it, exit 0.
    parser.add_argument("--show-and-quit", action="store_true", help=argparse.SUPPRESS)
    return parser.parse_args(args)


def database_url(options: argparse.Namespace) -> str:
    """--db, else RECORDSDESK_DB, else the one chosen at set-up, else the embedded default;
    --demo: the demo database."""
    if options.demo:
        return demo_database_url()
    return str(
        options.db
        or os.environ.get("RECORDSDESK_DB")
        or saved_database_url()
        or default_database_url()
    )


def _chosen_by(options: argparse.Namespace) -> str:
    """What named the database, when something did (the wizard then does not offer another)."""
    if options.db:
        return "--db"
    if os.environ.get("RECORDSDESK_DB"):
        return "RECORDSDESK_DB"
    return ""


def _new_file(url: str) -> bool:
    """Whether ``url`` names an embedded database file that does not exist yet."""
    prefix = "sqlite:///"
    return url.startswith(prefix) and not Path(url[len(prefix) :]).exists()


def first_run(
    options: argparse.Namespace, url: str, services: Services | None, runner: TaskRunner
) -> Services | None:
    """The first-run wizard when nobody could sign in yet; the services it set up, or None."""
    if services is not None:
        if options.demo or not needs_first_run(services):
            return services
        services.close()
    # The registry names this machine (a name typed with --workstation is not recorded).
    open_services = partial(build_services, machine=this_machine())
    wizard = FirstRunWizard(open_services, runner, url, _chosen_by(options), options.workstation)
    if options.show_and_quit:
        _close_when_shown(wizard)
    if wizard.exec() != QDialog.DialogCode.Accepted or wizard.services is None:
        wizard.release_services()
        return None
    if not _chosen_by(options):
        save_database_url(wizard.url)
    if wizard.actor is not None:
        options.user = wizard.actor.username
    return wizard.services


def _ensure_demo(url: str) -> None:
    module = importlib.import_module("recordsdesk.services.demo")
    ensure: Callable[[str], object] = module.ensure_demo
    ensure(url)


def open_database(options: argparse.Namespace) -> Services:
    """Services on the chosen database, its schema upgraded (the demo one created if missing)."""
    url = database_url(options)
    if options.demo:
        _ensure_demo(url)
    services = build_services(url, machine=this_machine())  # the registry names this desk
    try:
        services.upgrade_schema()
    except BaseException:
        services.close()
        raise
    return services


def _close_when_shown(dialog: QDialog | QWizard) -> None:
    """Say which window opened, on which screen platform, then close it (install checks)."""

    def report() -> None:
        platform = QGuiApplication.platformName()
        print(f"shown: {dialog.windowTitle()} ({type(dialog).__name__}, {platform})", flush=True)
        dialog.reject()

    QTimer.singleShot(0, report)


def main(args: list[str]) -> int:
    """Run the desktop application; the exit status."""
    options = parse_arguments(args)
    QCoreApplication.setOrganizationName(ORGANISATION)
    QCoreApplication.setApplicationName(APPLICATION)
    app = QApplication.instance() or QApplication([sys.argv[0], *args])
    assert isinstance(app, QApplication)
    install_crash_hook(app)
    app.setStyleSheet(STYLE_SHEET)
    app.setWindowIcon(QIcon(str(resource_path("icons", "recordsdesk-256.png"))))
    QGuiApplication.setDesktopFileName("recordsdesk")  # the desktop entry the installer adds
    collector = GuiThreadCollector(parent=app)
    url = database_url(options)
    opened: Services | None = None
    try:
        # A file that is not there yet is made by the wizard, where the clerk may choose another.
        if options.demo or not _new_file(url):
            opened = open_database(options)
    except RecordsDeskError as exc:
        QMessageBox.critical(None, "RecordsDesk", f"The database cannot be opened.\n\n{exc}")
        print(f"recordsdesk: {exc}", file=sys.stderr)
        return 1
    settings = DeskSettings()
    runner = TaskRunner()
    set_up = first_run(options, url, opened, runner)
    if set_up is None:
        runner.wait()
        collector.stop()
        return 0 if options.show_and_quit else 1
    services = set_up
    try:
        while True:
            dialog = SignInDialog(
                services.users,
                settings,
                runner,
                services.db.url,
                username=options.user,
                workstation=options.workstation,
            )
            if options.show_and_quit:
                _close_when_shown(dialog)
                return 0 if dialog.exec() == QDialog.DialogCode.Rejected else 1
            if dialog.exec() != QDialog.DialogCode.Accepted or dialog.actor is None:
                return 1
            context = PageContext(services, dialog.actor, settings, runner, make_sounder(app))
            window = MainWindow(context)
            window.show()
            status = int(app.exec())
            if not window.signed_out:
                return status
            # Switched user (from the lock screen or File > Sign out): ask who is next.
            options.user = ""
            window.deleteLater()
    finally:
        runner.wait()
        collector.stop()
        services.close()
