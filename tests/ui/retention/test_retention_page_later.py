"""The retention page: one unit's candidates, a measured thickness packed, dates of death entered
and corrected by a supervisor, the people present at a destruction recorded."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from PySide6.QtCore import QDate
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from recordsdesk.services.actors import Actor
from recordsdesk.services.desk import Services
from recordsdesk.services.retention.wiring import RetentionServices, build_retention
from recordsdesk.services.retention.witnesses import Presence
from recordsdesk.storage.models import AuditEvent
from recordsdesk.ui.retention.retention_widget import RetentionWidget
from recordsdesk.ui.tasks import TaskRunner
from tests.conftest import FakeClock
from tests.services.retention.conftest import RULE
from tests.ui.conftest import OFFSCREEN_ONLY, barcode, scan

pytestmark = OFFSCREEN_ONLY


@pytest.fixture
def retention(file_room: Services, admin: Actor, clock: FakeClock) -> RetentionServices:
    built = build_retention(file_room.db, clock, file_room.trail, file_room.users.sign_in)
    built.rules.set_rule(admin, None, RULE)
    file_room.locations.add(admin, "RC1", "Records Centre North", "offsite", None)
    clock.advance(days=365 * 4)
    return built


@pytest.fixture
def sam(file_room: Services, admin: Actor) -> Actor:
    file_room.users.add(admin, "sam", "supervisor", "supervisor pass 1")
    return file_room.users.actor("sam", "TEST-DESK")


def _page(
    qtbot: QtBot, services: Services, retention: RetentionServices, actor: Actor, runner: TaskRunner
) -> RetentionWidget:
    widget = RetentionWidget(services, retention, actor, runner)
    qtbot.addWidget(widget)
    widget.resize(1280, 800)
    with qtbot.waitSignal(widget.destruction.batches_shown, timeout=10000):
        widget.show()
    return widget


@pytest.fixture
def page(
    qtbot: QtBot,
    file_room: Services,
    retention: RetentionServices,
    clerk: Actor,
    runner: TaskRunner,
) -> Iterator[RetentionWidget]:
    widget = _page(qtbot, file_room, retention, clerk, runner)
    yield widget
    widget.close()


def test_the_candidates_of_one_unit_are_listed_from_the_page(
    qtbot: QtBot, page: RetentionWidget
) -> None:
    tab = page.candidates
    qtbot.waitUntil(lambda: tab.unit.count() > 1, timeout=10000)
    assert tab.unit.itemText(0) == "every shelving unit"
    assert "Unit 12" in [tab.unit.itemText(i) for i in range(tab.unit.count())]
    tab.choose_unit("Unit 12")
    with qtbot.waitSignal(tab.listed, timeout=10000) as listed:
        tab.refresh_button.click()
    assert listed.args is not None
    assert [c.mrn for c in listed.args[0].items] == ["123456"]
    assert "1 volumes to retire off-site from Unit 12 · 1.5 inches" in tab.summary.text()
    tab.choose_unit(None)
    with qtbot.waitSignal(tab.listed, timeout=10000) as listed:
        tab.refresh_button.click()
    assert listed.args is not None and listed.args[0].volumes == 5


def test_a_volume_packed_with_its_measured_thickness(
    qtbot: QtBot, page: RetentionWidget, file_room: Services, clerk: Actor
) -> None:
    boxes = page.boxes
    page.setCurrentWidget(boxes)
    with qtbot.waitSignal(boxes.box_shown, timeout=10000):
        boxes.open_button.click()
    boxes.inches.setValue(2.5)
    with qtbot.waitSignal(boxes.scan_answered, timeout=10000) as answered:
        scan(qtbot, boxes.scan_field, barcode(file_room, clerk, "123456"))
    assert answered.args is not None and answered.args[0].ok
    assert "2.5 in thick" in boxes.message.text()
    qtbot.waitUntil(lambda: "2.5 in" in boxes.heading.text(), timeout=10000)
    # Measured on its shelf: the thickness is kept for the volume, not packed anywhere.
    boxes.inches.setValue(0)
    with qtbot.waitSignal(boxes.scan_answered, timeout=10000) as refused:
        scan(qtbot, boxes.measure_field, barcode(file_room, clerk, "000042"))
    assert refused.args is not None and not refused.args[0].ok
    assert "Set the thickness measured first" in boxes.message.text()
    boxes.inches.setValue(1.75)
    with qtbot.waitSignals([boxes.scan_answered, boxes.box_shown], timeout=10000):
        scan(qtbot, boxes.measure_field, barcode(file_room, clerk, "000042"))
    assert "is 1.75 inches thick" in boxes.message.text()
    assert "1 volumes" in boxes.heading.text()


def test_a_clerk_may_not_enter_a_date_of_death(qtbot: QtBot, page: RetentionWidget) -> None:
    tab = page.deaths
    page.setCurrentWidget(tab)
    with qtbot.waitSignal(tab.death_shown, timeout=10000):
        tab.look_up("123456")
    assert "SMITH, John" in tab.patient.text()
    with qtbot.waitSignal(tab.death_shown, timeout=10000) as refused:
        tab.save_button.click()
    assert refused.args == [None]
    assert "only a supervisor or above may record a date of death" in tab.message.text()


def test_a_supervisor_enters_corrects_and_takes_back_a_date_of_death(
    qtbot: QtBot,
    file_room: Services,
    retention: RetentionServices,
    sam: Actor,
    runner: TaskRunner,
) -> None:
    page = _page(qtbot, file_room, retention, sam, runner)
    tab = page.deaths
    page.setCurrentWidget(tab)
    assert not tab.save_button.isEnabled()
    tab.mrn.setText("123456")
    with qtbot.waitSignal(tab.death_shown, timeout=10000) as shown:
        tab.find_button.click()
    assert shown.args is not None and shown.args[0].died_on is None
    assert "SMITH, John" in tab.patient.text() and "No date of death" in tab.recorded.text()
    assert not tab.remove_button.isEnabled()
    tab.died_on.setDate(QDate(2024, 2, 29))
    with qtbot.waitSignal(tab.death_shown, timeout=10000) as shown:
        tab.save_button.click()
    assert shown.args is not None and shown.args[0].died_on == date(2024, 2, 29)
    assert "Died 2024-02-29; recorded by sam" in tab.recorded.text()
    tab.died_on.setDate(QDate(2024, 3, 1))
    with qtbot.waitSignal(tab.death_shown, timeout=10000) as shown:
        tab.save_button.click()
    assert shown.args is not None and shown.args[0].died_on == date(2024, 3, 1)
    assert tab.remove_button.isEnabled()
    tab.reason.setText("wrong patient: the death was of 123465")
    with qtbot.waitSignal(tab.death_shown, timeout=10000) as shown:
        tab.remove_button.click()
    assert shown.args is not None and shown.args[0].died_on is None
    with file_room.db.reading() as uow:
        trail = uow.session.execute(
            select(AuditEvent.action, AuditEvent.detail)
            .where(AuditEvent.action.like("death_%"))
            .order_by(AuditEvent.id)
        ).all()
    assert [tuple(t) for t in trail] == [
        ("death_recorded", "died 2024-02-29"),
        ("death_corrected", "died 2024-03-01 (was 2024-02-29)"),
        ("death_removed", "was 2024-03-01: wrong patient: the death was of 123465"),
    ]
    page.close()


def test_the_people_present_at_a_destruction_are_recorded_from_the_page(
    qtbot: QtBot,
    file_room: Services,
    retention: RetentionServices,
    admin: Actor,
    clerk: Actor,
    sam: Actor,
    clock: FakeClock,
    runner: TaskRunner,
) -> None:
    clock.advance(days=365 * 7)
    file_room.users.add(admin, "tess", "supervisor", "supervisor pass 2")
    tess = file_room.users.actor("tess", "TEST-DESK")
    smith = barcode(file_room, clerk, "123456")
    batch = retention.destruction.propose(sam, "cross-cut shredding", barcodes=(smith,))
    retention.destruction.approve(tess, batch.id)
    page = _page(qtbot, file_room, retention, clerk, runner)
    tab = page.destruction
    page.setCurrentWidget(tab)
    assert "nobody recorded yet" in tab.present.text()
    with qtbot.waitSignal(tab.scan_answered, timeout=10000) as refused:
        scan(qtbot, tab.scan_field, smith)
    assert refused.args is not None and not refused.args[0].ok
    assert "second person" in tab.message.text()
    tab.presence.setCurrentIndex(tab.presence.findData(Presence.SECOND))
    tab.person.setText("sam")
    tab.password.setText("supervisor pass 1")
    with qtbot.waitSignal(tab.batches_shown, timeout=10000):
        tab.present_button.click()
    assert "second person sam (signed in" in tab.present.text()
    assert tab.password.text() == ""
    tab.presence.setCurrentIndex(tab.presence.findData(Presence.WITNESS))
    tab.person.setText("P-JDOE")
    with qtbot.waitSignal(tab.batches_shown, timeout=10000):
        tab.present_button.click()
    assert "witness Dr Jane Doe (badge P-JDOE" in tab.present.text()
    with qtbot.waitSignals([tab.scan_answered, tab.batches_shown], timeout=10000):
        scan(qtbot, tab.scan_field, smith)
    assert "Destroyed 1" in tab.message.text()
    assert retention.destruction.batch(clerk, batch.id).status == "completed"
    page.close()
