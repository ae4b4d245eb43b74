"""The application entry: the database chosen, the schema upgraded, sign-in, the window."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QWidget
from pytestqt.qtbot import QtBot

from recordsdesk import app
from recordsdesk.services.desk import build_services
from recordsdesk.services.setup.workstation import saved_database_url
from recordsdesk.ui.first_run.wizard import FirstRunWizard
from recordsdesk.ui.main_window import MainWindow
from recordsdesk.ui.sign_in import SignInDialog
from tests.ui.conftest import OFFSCREEN_ONLY

pytestmark = OFFSCREEN_ONLY


def test_database_url_comes_from_db_then_environment_then_default(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))  # no database chosen at set-up
    monkeypatch.setenv("RECORDSDESK_DB", "sqlite:///from-env.sqlite3")
    assert app.database_url(app.parse_arguments(["--db", "sqlite:///x.db"])) == "sqlite:///x.db"
    assert app.database_url(app.parse_arguments([])) == "sqlite:///from-env.sqlite3"
    monkeypatch.delenv("RECORDSDESK_DB")
    assert app.database_url(app.parse_arguments([])).endswith("recordsdesk.sqlite3")
    assert app.database_url(app.parse_arguments(["--demo"])).endswith("demo.sqlite3")


class _WhenShown(QObject):
    """Calls ``act(window)`` once a top-level widget of ``kind`` is shown, from the event loop.

    No timer and no polling: an event filter on the application sees the window's Show event,
    and a queued signal runs ``act`` from the modal dialog's own event loop right after it.
    """

    shown = Signal(object)

    def __init__(self, kind: type, act: Callable[[Any], None]) -> None:
        super().__init__()
        self._kind = kind
        self.shown.connect(act, Qt.ConnectionType.QueuedConnection)
        QApplication.instance().installEventFilter(self)
        _WATCHING.append(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.Show
            and isinstance(watched, self._kind)
            and isinstance(watched, QWidget)
            and watched.isWindow()
        ):
            QApplication.instance().removeEventFilter(self)
            self.shown.emit(watched)
        return False


_WATCHING: list[_WhenShown] = []  # kept alive until the window they wait for is shown


def _when_shown(kind: type, act: Callable[[Any], None]) -> None:
    _WhenShown(kind, act)


def test_the_application_upgrades_the_schema_signs_in_and_opens_the_window(
    qtbot: QtBot, tmp_path: Path
) -> None:
    url = f"sqlite:///{tmp_path / 'fresh.sqlite3'}"
    services = build_services(url)
    services.upgrade_schema()
    services.users.add(None, "ada", "admin", "correct horse battery")
    services.close()
    seen: list[str] = []

    def sign_in(dialog: SignInDialog) -> None:
        dialog.password.setText("correct horse battery")
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
        _when_shown(MainWindow, close)

    def close(window: MainWindow) -> None:
        seen.append(window.statusBar().findChildren(type(window.user_label))[0].text())
        window.close()

    _when_shown(SignInDialog, sign_in)
    assert app.main(["--db", url, "--user", "ada", "--workstation", "WARD-DESK"]) == 0
    assert seen == ["Signed in: ada (admin)"]


def test_cancelling_sign_in_ends_the_application(qtbot: QtBot, tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'old.sqlite3'}"
    services = build_services(url)
    services.upgrade_schema()
    services.users.add(None, "ada", "admin", "correct horse battery")
    services.close()
    _when_shown(SignInDialog, lambda dialog: dialog.reject())
    assert app.main(["--db", url]) == 1


def test_a_new_database_opens_the_first_run_wizard_then_sign_in(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.delenv("RECORDSDESK_DB", raising=False)
    seen: list[str] = []

    def set_up(wizard: FirstRunWizard) -> None:
        page = wizard.database_page
        if page.check is None:  # the embedded file is still being tested: go on when it is
            page.checked.connect(lambda _check: set_up(wizard), Qt.ConnectionType.QueuedConnection)
            return
        wizard.next()
        admin = wizard.administrator_page
        admin.username.setText("ada")
        admin.password.setText("correct horse battery")
        admin.repeat.setText("correct horse battery")
        admin.administrator_created.connect(lambda _name: finish(wizard))
        wizard.next()  # made on the task runner; the wizard moves to the file room by itself

    def finish(wizard: FirstRunWizard) -> None:
        for _ in range(2):  # file room, printers: their defaults
            wizard.next()
        assert wizard.currentPage() is wizard.summary_page
        _when_shown(SignInDialog, sign_in)
        wizard.accept()

    def sign_in(dialog: SignInDialog) -> None:
        seen.append(dialog.username.text())
        dialog.reject()

    _when_shown(FirstRunWizard, set_up)
    assert app.main([]) == 1  # signing in was cancelled
    assert seen == ["ada"]
    chosen = saved_database_url()
    assert chosen is not None and chosen.endswith("data/RecordsDesk/recordsdesk.sqlite3")
    assert app.database_url(app.parse_arguments([])) == chosen


def test_cancelling_the_wizard_ends_the_application(qtbot: QtBot, tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'new.sqlite3'}"
    _when_shown(FirstRunWizard, lambda wizard: wizard.reject())
    assert app.main(["--db", url]) == 1
