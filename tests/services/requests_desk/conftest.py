"""Fixtures for the requests desk: its services on the test file room, a supervisor."""

from __future__ import annotations

import pytest

from recordsdesk.services.actors import Actor
from recordsdesk.services.desk import Services
from recordsdesk.services.requests_desk.desk import RequestsDesk, build_requests_desk
from tests.conftest import FakeClock


@pytest.fixture
def desk(file_room: Services, clock: FakeClock) -> RequestsDesk:
    return build_requests_desk(file_room, clock)


@pytest.fixture
def supervisor(services: Services, admin: Actor) -> Actor:
    services.users.add(admin, "sam", "supervisor", "supervisor password")
    return services.users.actor("sam", "SUPER-DESK")


def barcode(services: Services, actor: Actor, mrn: str, number: int = 1) -> str:
    """The barcode of volume ``number`` of ``mrn``'s chart."""
    chart = services.history.chart(actor, mrn)
    return next(v.barcode for v in chart.volumes if v.number == number)
