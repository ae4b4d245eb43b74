"""The first-run wizard, page by page, on a new embedded database."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from PySide6.QtWidgets import QWizard
from pytestqt.qtbot import QtBot

from recordsdesk.services.actors import Actor
from recordsdesk.services.desk import Services, build_services
from recordsdesk.services.setup.first_run import FirstRunService
from recordsdesk.services.setup.palettes import PALETTE_PRESETS
from recordsdesk.ui.first_run.wizard import FirstRunWizard
from recordsdesk.ui.tasks import TaskRunner
from tests.ui.conftest import OFFSCREEN_ONLY

pytestmark = OFFSCREEN_ONLY


def _wizard(qtbot: QtBot, runner: TaskRunner, url: str, fixed_by: str = "") -> FirstRunWizard:
    wizard = FirstRunWizard(build_services, runner, url, fixed_by, "SETUP-DESK")
    qtbot.addWidget(wizard)
    wizard.show()
    return wizard


def _tested(qtbot: QtBot, wizard: FirstRunWizard) -> None:
    qtbot.waitUntil(lambda: wizard.database_page.check is not None)


def test_the_proposed_embedded_database_is_tested_and_shown_as_a_local_file(
    qtbot: QtBot, runner: TaskRunner, tmp_path: Path
) -> None:
    wizard = _wizard(qtbot, runner, f"sqlite:///{tmp_path / 'new.sqlite3'}")
    _tested(qtbot, wizard)
    page = wizard.database_page
    assert page.embedded.isChecked()
    assert page.isComplete()
    assert "empty" in page.result.text()
    assert "Encryption: a local file" in page.details.text()
    wizard.release_services()


def test_an_unreachable_server_is_named_and_the_wizard_waits(
    qtbot: QtBot, runner: TaskRunner, tmp_path: Path
) -> None:
    wizard = _wizard(qtbot, runner, f"sqlite:///{tmp_path / 'new.sqlite3'}")
    _tested(qtbot, wizard)
    page = wizard.database_page
    page.server.setChecked(True)
    page.server_url.setText("postgresql://nobody:secret@127.0.0.1:1/records")
    assert not page.isComplete()  # a changed choice must be tested again
    page.test_button.click()
    qtbot.waitUntil(lambda: page.check is not None, timeout=15000)
    assert page.check is not None
    assert not page.check.ok
    assert page.result.text().startswith("✘ Cannot connect")
    assert "secret" not in page.result.text() + page.details.text()
    assert not page.isComplete()


def test_a_database_named_by_db_cannot_be_switched_in_the_wizard(
    qtbot: QtBot, runner: TaskRunner, tmp_path: Path
) -> None:
    wizard = _wizard(qtbot, runner, f"sqlite:///{tmp_path / 'given.sqlite3'}", "--db")
    _tested(qtbot, wizard)
    assert not wizard.database_page.server.isEnabled()
    assert not wizard.database_page.path.isEnabled()


def test_every_page_through_to_a_signed_up_administrator_and_a_set_up_room(
    qtbot: QtBot, runner: TaskRunner, tmp_path: Path
) -> None:
    url = f"sqlite:///{tmp_path / 'room.sqlite3'}"
    wizard = _wizard(qtbot, runner, url)
    _tested(qtbot, wizard)
    wizard.next()
    admin = wizard.administrator_page
    assert wizard.currentPage() is admin
    admin.username.setText("ada")
    admin.password.setText("correct horse battery")
    admin.repeat.setText("correct horse batterx")
    wizard.next()
    assert wizard.currentPage() is admin
    assert admin.error.text() == "The two passwords differ."
    admin.repeat.setText("correct horse battery")
    with qtbot.waitSignal(wizard.currentIdChanged, timeout=15000):
        wizard.next()  # the administrator is made on the task runner, then the wizard moves on
    room = wizard.file_room_page
    assert wizard.currentPage() is room
    room.name.setText("North Wing file room")
    room.scheme.setCurrentIndex(room.scheme.findData("middle"))
    room.mrn_width.setValue(8)
    room.colours.setCurrentIndex(room.colours.findData("colour-blind"))
    assert "00004321" in room.example.text()
    wizard.next()
    printers = wizard.printers_page
    assert wizard.currentPage() is printers
    qtbot.waitUntil(lambda: not printers.status.text().startswith("Looking"), timeout=15000)
    printers.stock.setCurrentIndex(printers.stock.findData("avery-5163"))
    wizard.next()
    assert wizard.currentPage() is wizard.summary_page
    assert "North Wing file room; middle digit filing; MRNs of 8 digits" in (
        wizard.summary_page.summary.text()
    )
    wizard.button(QWizard.WizardButton.FinishButton).click()
    services: Services | None = wizard.services
    assert services is not None
    assert wizard.actor is not None and wizard.actor.username == "ada"
    settings = services.site.settings(wizard.actor)
    assert settings.file_room == "North Wing file room"
    assert settings.filing.scheme.value == "middle"
    assert settings.filing.width == 8
    assert settings.palette == tuple(c.upper() for c in PALETTE_PRESETS["colour-blind"])
    assert settings.label_stock == "avery-5163"
    assert services.users.count() == 1
    wizard.release_services()


def _on_the_administrator_page(qtbot: QtBot, wizard: FirstRunWizard, password: str) -> None:
    _tested(qtbot, wizard)
    wizard.next()
    admin = wizard.administrator_page
    assert wizard.currentPage() is admin
    admin.username.setText("ada")
    admin.password.setText(password)
    admin.repeat.setText(password)


def test_the_administrator_is_made_off_the_gui_thread_while_the_window_stays_responsive(
    qtbot: QtBot, runner: TaskRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    made_on: list[int] = []
    started, release = threading.Event(), threading.Event()
    create = FirstRunService.create_administrator

    def held(self: FirstRunService, *args: str) -> Actor:
        made_on.append(threading.get_ident())
        started.set()
        assert release.wait(60), "the test never let the administrator be made"
        return create(self, *args)

    monkeypatch.setattr(FirstRunService, "create_administrator", held)
    wizard = _wizard(qtbot, runner, f"sqlite:///{tmp_path / 'room.sqlite3'}")
    admin = wizard.administrator_page
    _on_the_administrator_page(qtbot, wizard, "correct horse battery")
    next_button = wizard.button(QWizard.WizardButton.NextButton)
    next_button.click()  # returns at once: the work waits on `release` on another thread
    qtbot.waitUntil(started.is_set, timeout=15000)  # the event loop runs meanwhile
    assert made_on != [threading.get_ident()]
    assert wizard.currentPage() is admin
    assert admin.creating and not next_button.isEnabled() and not admin.password.isEnabled()
    assert admin.status.text() == "Creating the administrator…"
    # The window answers while the work is held: it repaints and takes a resize.
    wizard.resize(820, 600)
    qtbot.waitUntil(lambda: wizard.width() == 820)
    assert not wizard.grab().isNull()
    next_button.click()  # a second Next while it is made starts nothing more
    with qtbot.waitSignal(admin.administrator_created, timeout=15000) as created:
        release.set()
    assert created.args == ["ada"]
    assert wizard.currentPage() is wizard.file_room_page
    assert wizard.actor is not None and wizard.actor.username == "ada"
    assert len(made_on) == 1
    assert wizard.services is not None and wizard.services.users.count() == 1
    wizard.release_services()


def test_a_refused_administrator_is_explained_and_the_page_can_be_corrected(
    qtbot: QtBot, runner: TaskRunner, tmp_path: Path
) -> None:
    wizard = _wizard(qtbot, runner, f"sqlite:///{tmp_path / 'room.sqlite3'}")
    admin = wizard.administrator_page
    _on_the_administrator_page(qtbot, wizard, "short")
    with qtbot.waitSignal(admin.administrator_refused, timeout=15000):
        wizard.next()
    assert wizard.currentPage() is admin
    assert admin.error.text() and not admin.creating and admin.password.isEnabled()
    admin.password.setText("correct horse battery")
    admin.repeat.setText("correct horse battery")
    with qtbot.waitSignal(wizard.currentIdChanged, timeout=15000):
        wizard.next()
    assert wizard.currentPage() is wizard.file_room_page
    wizard.release_services()


def test_a_second_wizard_on_a_database_with_users_refuses_to_add_another_admin(
    qtbot: QtBot, runner: TaskRunner, sqlite_url: str
) -> None:
    existing = build_services(sqlite_url)
    existing.users.add(None, "ada", "admin", "correct horse battery")
    existing.close()
    wizard = _wizard(qtbot, runner, sqlite_url)
    _tested(qtbot, wizard)
    wizard.next()
    assert wizard.currentPage() is wizard.database_page
    assert "has users already" in wizard.database_page.result.text()


@pytest.fixture(autouse=True)
def _no_real_config(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
