"""The chart view's date-of-death control: a supervisor enters and corrects the date there; a
clerk is refused; each change is in the audit trail."""

from __future__ import annotations

from datetime import date

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from recordsdesk.services.actors import Actor
from recordsdesk.services.desk import Services
from recordsdesk.services.retention.wiring import retention_for
from recordsdesk.storage.models import AuditEvent
from recordsdesk.ui.desk.destination import LocationListModel
from recordsdesk.ui.lookup.lookup_widget import ChartLookupWidget
from recordsdesk.ui.tasks import TaskRunner
from tests.conftest import FakeClock
from tests.ui.conftest import OFFSCREEN_ONLY

pytestmark = OFFSCREEN_ONLY


@pytest.fixture
def sam(file_room: Services, admin: Actor) -> Actor:
    file_room.users.add(admin, "sam", "supervisor", "supervisor pass 1")
    return file_room.users.actor("sam", "TEST-DESK")


def _lookup(
    qtbot: QtBot, services: Services, actor: Actor, runner: TaskRunner, clock: FakeClock
) -> ChartLookupWidget:
    locations = LocationListModel(services.locations, actor, runner)
    widget = ChartLookupWidget(
        services.registry,
        services.history,
        services.circulation,
        services.site,
        locations,
        actor,
        runner,
        deaths=retention_for(services, clock).rules,
    )
    qtbot.addWidget(widget)
    widget.resize(1280, 800)
    widget.show()
    with qtbot.waitSignal(widget.chart_shown, timeout=5000):
        widget.search("123456", "")
    return widget


@pytest.fixture
def asked() -> list[tuple[str, date | None]]:
    return []


def test_a_supervisor_enters_and_corrects_a_date_of_death_in_the_chart_view(
    qtbot: QtBot,
    file_room: Services,
    sam: Actor,
    runner: TaskRunner,
    clock: FakeClock,
    asked: list[tuple[str, date | None]],
) -> None:
    lookup = _lookup(qtbot, file_room, sam, runner, clock)
    panel = lookup.panel
    assert panel.death_button.isVisible()
    answers = iter([date(2024, 2, 11), None, date(2024, 2, 12)])

    def ask(_parent: object, who: str, current: date | None) -> date | None:
        asked.append((who, current))
        return next(answers)

    lookup.ask_death_date = ask
    panel.death_button.click()
    qtbot.waitUntil(lambda: "recorded for SMITH, John" in panel.message.text(), timeout=5000)
    panel.death_button.click()  # backed out: nothing changes
    qtbot.waitUntil(lambda: len(asked) == 2, timeout=5000)
    runner.wait()
    panel.death_button.click()
    qtbot.waitUntil(lambda: "2024-02-12 recorded" in panel.message.text(), timeout=5000)
    assert asked == [
        ("SMITH, John, MRN 123456", None),
        ("SMITH, John, MRN 123456", date(2024, 2, 11)),
        ("SMITH, John, MRN 123456", date(2024, 2, 11)),
    ]
    with file_room.db.reading() as uow:
        trail = uow.session.execute(
            select(AuditEvent.action, AuditEvent.detail)
            .where(AuditEvent.action.like("death_%"))
            .order_by(AuditEvent.id)
        ).all()
    assert [tuple(t) for t in trail] == [
        ("death_recorded", "died 2024-02-11"),
        ("death_corrected", "died 2024-02-12 (was 2024-02-11)"),
    ]
    runner.wait()


def test_a_clerk_is_refused_in_the_chart_view(
    qtbot: QtBot,
    file_room: Services,
    clerk: Actor,
    runner: TaskRunner,
    clock: FakeClock,
) -> None:
    lookup = _lookup(qtbot, file_room, clerk, runner, clock)
    lookup.ask_death_date = lambda *_: date(2024, 2, 11)
    lookup.panel.death_button.click()
    qtbot.waitUntil(
        lambda: (
            "only a supervisor or above may record a date of death" in lookup.panel.message.text()
        ),
        timeout=5000,
    )
    runner.wait()
