"""A disclosure links the audit entry its own transaction wrote, even when another desk writes
and commits a newer entry in between."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from recordsdesk.domain.release_of_information import Check, RequesterKind
from recordsdesk.services.actors import Actor
from recordsdesk.services.audit import AuditTrail
from recordsdesk.services.desk import Services, build_services
from recordsdesk.services.release.desk import build_release_services
from recordsdesk.storage.models import AuditEvent
from tests.conftest import BACKENDS, FakeClock
from tests.services.release.conftest import JAN_6, new


def test_the_trail_returns_the_id_of_the_entry_it_wrote(file_room: Services) -> None:
    with file_room.db.writing() as uow:
        first = file_room.trail.record(uow.session, username="ada", workstation="W", action="a")
        second = file_room.trail.record(uow.session, username="ada", workstation="W", action="b")
        uow.commit()
    with file_room.db.reading() as uow:
        found = dict(uow.session.execute(select(AuditEvent.id, AuditEvent.action)).all())
    assert (found[first], found[second]) == ("a", "b") and second > first


class _InterleavingTrail(AuditTrail):
    """Desk A's trail: just after writing its disclosure entry, and before its transaction
    ends, desk B releases another request start to finish and commits."""

    def __init__(self, clock: FakeClock, other_desk: Any) -> None:
        super().__init__(clock)
        self._other_desk = other_desk
        self.written: list[int] = []

    def record(self, session: Session, **fields: Any) -> int:
        entry = super().record(session, **fields)
        if fields["action"] == "roi_disclosure":
            self.written.append(entry)
            self._other_desk()
        return entry


@pytest.mark.parametrize("backend", [BACKENDS[1]], indirect=True)
def test_two_desks_interleaved_each_link_their_own_entry(
    file_room: Services, db_url: str, clerk: Actor, clock: FakeClock
) -> None:
    """PostgreSQL: two transactions really run at once (SQLite takes one writer at a time)."""
    clock.now = JAN_6
    desk_b_services = build_services(db_url, clock)
    try:
        desk_b = build_release_services(desk_b_services, clock)
        actor_b = desk_b_services.users.actor("cleo", "DESK-B")
        ids = []
        for mrn in ("123456", "423266"):
            rid = desk_b.requests.log_request(actor_b, new(RequesterKind.PATIENT, mrn=mrn)).row.id
            desk_b.requests.record_checks(
                actor_b, rid, {Check.IDENTITY: "passport", Check.WRITTEN_REQUEST: ""}
            )
            ids.append(rid)
        b_released = []
        trail_a = _InterleavingTrail(
            clock, lambda: b_released.append(desk_b.disclosures.release(actor_b, ids[1]))
        )
        desk_a_services = build_services(db_url, clock)
        try:
            services_a = desk_a_services
            services_a.trail = trail_a
            desk_a = build_release_services(services_a, clock)
            actor_a = services_a.users.actor("cleo", "DESK-A")
            a_released = desk_a.disclosures.release(actor_a, ids[0])
        finally:
            desk_a_services.close()
        [b] = b_released
        # B's entry is newer than A's and was committed first: A still links its own.
        assert b.audit_event_id > trail_a.written[0]
        assert a_released.audit_event_id == trail_a.written[0]
        with file_room.db.reading() as uow:
            actions = dict(
                uow.session.execute(
                    select(AuditEvent.id, AuditEvent.detail).where(
                        AuditEvent.id.in_([a_released.audit_event_id, b.audit_event_id])
                    )
                ).all()
            )
        assert f"ROI-{ids[0]:06d}" in actions[a_released.audit_event_id]
        assert f"ROI-{ids[1]:06d}" in actions[b.audit_event_id]
        assert file_room.audit.verify().ok
    finally:
        desk_b_services.close()
