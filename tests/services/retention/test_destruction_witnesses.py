"""Two-person destruction: the second person and any witness, named by sign-in or by a scanned
badge, are kept with the batch, in the audit trail and on the certificate."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from recordsdesk.domain.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from recordsdesk.services.actors import Actor
from recordsdesk.services.desk import Services
from recordsdesk.services.retention.wiring import RetentionServices
from recordsdesk.services.retention.witnesses import Presence
from recordsdesk.storage.models import AuditEvent
from recordsdesk.storage.retention_models import DestructionWitness
from tests.conftest import FakeClock
from tests.printing.pages import page_texts
from tests.services.retention.conftest import barcodes


@pytest.fixture
def batch_id(
    file_room: Services,
    retention: RetentionServices,
    clerk: Actor,
    sam: Actor,
    tess: Actor,
    clock: FakeClock,
) -> int:
    clock.advance(days=365 * 10 + 10)
    smith = barcodes(file_room, clerk, "123456")[0]
    batch = retention.destruction.propose(sam, "cross-cut shredding", barcodes=(smith,))
    retention.destruction.approve(tess, batch.id)
    return batch.id


def _witness_rows(services: Services) -> int:
    with services.db.reading() as uow:
        return len(uow.session.scalars(select(DestructionWitness.id)).all())


def test_second_person_and_witness_are_recorded_and_printed(
    file_room: Services,
    retention: RetentionServices,
    admin: Actor,
    clerk: Actor,
    sam: Actor,
    batch_id: int,
) -> None:
    smith = barcodes(file_room, clerk, "123456")[0]
    signed = retention.destruction.attend(
        clerk, batch_id, Presence.SECOND, username="sam", password="supervisor pass 1"
    )
    assert [(p.role, p.name, p.how) for p in signed.present] == [("second", "sam", "signed in")]
    badge = retention.destruction.attend(clerk, batch_id, Presence.WITNESS, badge="p-jdoe")
    assert [(p.role, p.name, p.how) for p in badge.present][1] == (
        "witness",
        "Dr Jane Doe",
        "badge P-JDOE",
    )
    assert retention.destruction.destroy(clerk, batch_id, smith).ok
    pdf = retention.destruction.certificate(sam, batch_id)
    text = " ".join(" ".join(page_texts(pdf)).split())
    assert "carried out by cleo" in text
    assert "second person sam (signed in" in text
    assert "witness Dr Jane Doe (badge P-JDOE" in text
    with file_room.db.reading() as uow:
        audit = uow.session.scalars(
            select(AuditEvent.detail).where(AuditEvent.action == "destruction_witnessed")
        ).all()
    assert len(audit) == 2 and audit[0].startswith(f"batch {batch_id}: second person sam")
    assert "witness Dr Jane Doe (badge P-JDOE" in audit[1]


def test_refusals_name_the_rule_and_record_nobody(
    file_room: Services,
    retention: RetentionServices,
    clerk: Actor,
    sam: Actor,
    tess: Actor,
    batch_id: int,
) -> None:
    smith = barcodes(file_room, clerk, "123456")[0]
    with pytest.raises(PermissionDenied):
        retention.destruction.attend(
            clerk, batch_id, Presence.SECOND, username="sam", password="wrong password"
        )
    with pytest.raises(InvalidInput, match="not a person's badge"):
        retention.destruction.attend(clerk, batch_id, Presence.WITNESS, badge="L-CARD")
    with pytest.raises(NotFound, match="P-NOBODY"):
        retention.destruction.attend(clerk, batch_id, Presence.WITNESS, badge="P-NOBODY")
    with pytest.raises(InvalidInput, match="scans their badge or signs in"):
        retention.destruction.attend(clerk, batch_id, Presence.WITNESS)
    with pytest.raises(Conflict, match=r"two people.*cleo is recording"):
        retention.destruction.attend(
            clerk, batch_id, Presence.SECOND, username="cleo", password="clerk password"
        )
    assert _witness_rows(file_room) == 0
    retention.destruction.attend(
        clerk, batch_id, Presence.SECOND, username="tess", password="supervisor pass 2"
    )
    with pytest.raises(Conflict, match=r"one second person.*tess"):
        retention.destruction.attend(
            clerk, batch_id, Presence.SECOND, username="sam", password="supervisor pass 1"
        )
    with pytest.raises(Conflict, match=r"present already.*tess"):
        retention.destruction.attend(
            clerk, batch_id, Presence.WITNESS, username="tess", password="supervisor pass 2"
        )
    # The second person may not be the one who scans the volumes.
    with pytest.raises(Conflict, match="someone else scans"):
        retention.destruction.destroy(tess, batch_id, smith)
    assert retention.destruction.batch(clerk, batch_id).destroyed == 0
    assert _witness_rows(file_room) == 1
