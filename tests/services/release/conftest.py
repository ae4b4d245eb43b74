"""A file room with an ROI desk, its services on the test clock, and the people who use it."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from recordsdesk.domain.release_of_information import (
    Authorisation,
    Check,
    RequesterKind,
    SpecialCategory,
)
from recordsdesk.services.actors import Actor
from recordsdesk.services.desk import Services
from recordsdesk.services.release.desk import ReleaseServices, build_release_services
from recordsdesk.services.release.dto import NewRequest
from tests.conftest import FakeClock

JAN_6 = datetime(2026, 1, 6, 9, 0, tzinfo=UTC)


@pytest.fixture
def roi(file_room: Services, admin: Actor, clock: FakeClock) -> ReleaseServices:
    """The ROI services on 2026-01-06, with the ROI desk as a location and a PSY record type
    flagged as psychotherapy notes."""
    clock.now = JAN_6
    file_room.locations.add(admin, "ROI", "Release of information desk", "department")
    built = build_release_services(file_room, clock)
    built.site.set_category(admin, "PSY", SpecialCategory.PSYCHOTHERAPY_NOTES, "Psychotherapy")
    return built


@pytest.fixture
def supervisor(file_room: Services, admin: Actor) -> Actor:
    file_room.users.add(admin, "sam", "supervisor", "supervisor pass 1")
    return file_room.users.actor("sam", "TEST-DESK")


@pytest.fixture
def officer(file_room: Services, admin: Actor) -> Actor:
    file_room.users.add(admin, "rita", "roi", "release officer 1")
    return file_room.users.actor("rita", "ROI-DESK")


def new(kind: RequesterKind, **changes: object) -> NewRequest:
    """A request for SMITH, John (123456) received on 2026-01-05."""
    fields: dict[str, object] = {
        "mrn": "123456",
        "kind": kind,
        "requester_name": "Requester",
        "what": "Discharge summary, March 2025",
        "received_on": date(2026, 1, 5),
    }
    fields.update(changes)
    return NewRequest(**fields)  # type: ignore[arg-type]


AUTHORISATION = Authorisation(
    description="Discharge summary, March 2025",
    discloser="Main file room, St Elsewhere",
    recipient="Hale & Partners LLP",
    purpose="Personal injury claim",
    expires_on=date(2026, 6, 30),
    signed_by="John Smith",
    signed_on=date(2026, 1, 2),
    statements=True,
)

ALL_CHECKS = {c: "seen" for c in Check}
