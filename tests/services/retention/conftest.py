"""A file room with retention rules, a records centre, and two supervisors."""

from __future__ import annotations

from datetime import date

import pytest

from recordsdesk.domain.retention import RetentionRule
from recordsdesk.services.actors import Actor
from recordsdesk.services.desk import Services
from recordsdesk.services.retention.wiring import RetentionServices, build_retention
from tests.conftest import FakeClock

RULE = RetentionRule(
    "Adults 10 years, minors to 18 plus 7",
    years_after_activity=10,
    majority_age=18,
    years_after_majority=7,
    retire_after_years=3,
    citation="State records schedule GS-1, item 12 (test)",
)


@pytest.fixture
def retention(file_room: Services, admin: Actor, clock: FakeClock) -> RetentionServices:
    built = build_retention(file_room.db, clock, file_room.trail, file_room.users.sign_in)
    built.rules.set_rule(admin, None, RULE)
    file_room.locations.add(admin, "RC1", "Records Centre North", "offsite", None)
    built.rules.set_lead_time(admin, "RC1", 3)
    file_room.registry.register_patient(admin, "550011", "YOUNG, Amy", date(2020, 6, 1))
    return built


@pytest.fixture
def sam(file_room: Services, admin: Actor) -> Actor:
    file_room.users.add(admin, "sam", "supervisor", "supervisor pass 1")
    return file_room.users.actor("sam", "TEST-DESK")


@pytest.fixture
def tess(file_room: Services, admin: Actor) -> Actor:
    file_room.users.add(admin, "tess", "supervisor", "supervisor pass 2")
    return file_room.users.actor("tess", "TEST-DESK")


def barcodes(services: Services, actor: Actor, mrn: str) -> list[str]:
    return [v.barcode for v in services.history.chart(actor, mrn).volumes]
