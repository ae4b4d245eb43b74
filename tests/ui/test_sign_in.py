"""Signing in: the right password opens, a wrong one is refused without saying which part."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from recordsdesk.services.actors import Actor
from recordsdesk.services.desk import Services
from recordsdesk.ui.settings import DeskSettings
from recordsdesk.ui.sign_in import NO_USERS, SignInDialog
from recordsdesk.ui.tasks import TaskRunner
from tests.ui.conftest import OFFSCREEN_ONLY

pytestmark = OFFSCREEN_ONLY


def _dialog(
    qtbot: QtBot, services: Services, settings: DeskSettings, runner: TaskRunner
) -> SignInDialog:
    dialog = SignInDialog(services.users, settings, runner, services.db.url)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def _sign_in(qtbot: QtBot, dialog: SignInDialog, user: str, password: str) -> None:
    dialog.username.setText("")
    qtbot.keyClicks(dialog.username, user)
    qtbot.keyClicks(dialog.password, password)
    qtbot.keyClicks(dialog.workstation, "")
    dialog.workstation.setText("FRONT-DESK")
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)


def test_good_password_signs_in_and_remembers_the_user(
    qtbot: QtBot, services: Services, clerk: Actor, settings: DeskSettings, runner: TaskRunner
) -> None:
    dialog = _dialog(qtbot, services, settings, runner)
    with qtbot.waitSignal(dialog.accepted, timeout=10000):
        _sign_in(qtbot, dialog, "cleo", "clerk password")
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.actor is not None
    assert (dialog.actor.username, dialog.actor.workstation) == ("cleo", "FRONT-DESK")
    assert settings.last_user == "cleo" and settings.workstation == "FRONT-DESK"
    again = _dialog(qtbot, services, settings, runner)
    assert again.username.text() == "cleo" and again.workstation.text() == "FRONT-DESK"


def test_wrong_password_or_user_is_refused_alike(
    qtbot: QtBot, services: Services, clerk: Actor, settings: DeskSettings, runner: TaskRunner
) -> None:
    dialog = _dialog(qtbot, services, settings, runner)
    messages = []
    for user, password in (("cleo", "not it"), ("nobody", "clerk password")):
        _sign_in(qtbot, dialog, user, password)
        qtbot.waitUntil(lambda: dialog.buttons.isEnabled() and dialog.error.text() != "Checking…")
        messages.append(dialog.error.text())
        assert dialog.actor is None and dialog.isVisible()
        assert dialog.password.text() == ""
    assert messages == ["Wrong user name or password."] * 2


def test_an_empty_form_and_an_empty_database_are_explained(
    qtbot: QtBot, services: Services, settings: DeskSettings, runner: TaskRunner
) -> None:
    dialog = _dialog(qtbot, services, settings, runner)
    qtbot.waitUntil(lambda: dialog.error.text() == NO_USERS)
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    assert dialog.error.text() == "Type your user name and password."


def test_a_reset_password_must_be_changed_before_the_desk_opens(
    qtbot: QtBot,
    services: Services,
    admin: Actor,
    clerk: Actor,
    settings: DeskSettings,
    runner: TaskRunner,
) -> None:
    services.users.reset_password(admin, "cleo", "temporary pass 42")
    dialog = _dialog(qtbot, services, settings, runner)
    _sign_in(qtbot, dialog, "cleo", "temporary pass 42")
    qtbot.waitUntil(lambda: dialog.new_password.isVisible())
    assert "reset" in dialog.error.text() and dialog.actor is None
    qtbot.keyClicks(dialog.new_password, "a brand new secret")
    qtbot.keyClicks(dialog.repeat_password, "a brand new secreT")
    qtbot.keyClick(dialog.repeat_password, Qt.Key.Key_Return)
    assert "differ" in dialog.error.text() and dialog.actor is None
    qtbot.keyClicks(dialog.new_password, "short")
    qtbot.keyClicks(dialog.repeat_password, "short")
    qtbot.keyClick(dialog.repeat_password, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.buttons.isEnabled() and dialog.error.text() != "Saving…")
    assert "10" in dialog.error.text() and dialog.actor is None
    with qtbot.waitSignal(dialog.accepted, timeout=10000):
        qtbot.keyClicks(dialog.new_password, "a brand new secret")
        qtbot.keyClicks(dialog.repeat_password, "a brand new secret")
        qtbot.keyClick(dialog.repeat_password, Qt.Key.Key_Return)
    assert dialog.actor is not None and not dialog.actor.must_change_password
    assert services.users.sign_in("cleo", "a brand new secret", "X").username == "cleo"
