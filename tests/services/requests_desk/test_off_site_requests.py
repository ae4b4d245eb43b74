"""A request for a chart retired off-site says where it is everywhere it is named, and offers a
recall that is recorded."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from recordsdesk.domain.errors import Conflict
from recordsdesk.domain.retention import RetentionRule
from recordsdesk.services.actors import Actor
from recordsdesk.services.desk import Services
from recordsdesk.services.requests import Priority
from recordsdesk.services.requests_desk.desk import RequestsDesk
from recordsdesk.services.retention.wiring import build_retention
from recordsdesk.services.retention.witnesses import Presence
from recordsdesk.storage.models import AuditEvent, ChartRequest
from tests.conftest import FakeClock
from tests.printing.pages import page_texts
from tests.services.requests_desk.conftest import barcode

OFF_SITE = "off-site, box B000001, Records Centre North; allow 3 days to recall"


@pytest.fixture
def retired(file_room: Services, admin: Actor, clerk: Actor, clock: FakeClock) -> str:
    """SMITH's chart packed in box B000001 and sent to the records centre; its barcode."""
    retention = build_retention(file_room.db, clock, file_room.trail)
    rule = RetentionRule("Ten years", years_after_activity=10, retire_after_years=3, citation="T")
    retention.rules.set_rule(admin, None, rule)
    file_room.locations.add(admin, "RC1", "Records Centre North", "offsite", None)
    retention.rules.set_lead_time(admin, "RC1", 3)
    clock.advance(days=365 * 4)
    smith = barcode(file_room, clerk, "123456")
    box = retention.boxes.open_box(clerk)
    assert retention.boxes.pack(clerk, box.barcode, smith).ok
    retention.boxes.send_off_site(clerk, box.barcode, "RC1")
    return smith


def test_every_place_a_requested_off_site_chart_is_named_says_where_it_is(
    file_room: Services, desk: RequestsDesk, clerk: Actor, clock: FakeClock, retired: str
) -> None:
    made = file_room.requests.add(
        clerk, retired, "CARD", clock() + timedelta(hours=2), Priority.STAT
    )
    assert made.where == OFF_SITE
    on_shelf = file_room.requests.add(
        clerk, barcode(file_room, clerk, "000042"), "ORTH", clock() + timedelta(hours=3)
    )
    assert on_shelf.where == ""
    listed = {r.id: r.where for r in file_room.requests.pending(clerk)}
    assert listed == {made.id: OFF_SITE, on_shelf.id: ""}
    queued = {q.id: q for q in desk.queue.pending(clerk)}
    assert queued[made.id].where_now == OFF_SITE and queued[made.id].off_site_box == "B000001"
    assert queued[on_shelf.id].where_now == "on the shelf"
    assert queued[on_shelf.id].off_site_box is None
    slips = desk.queue.slips(clerk, [made.id, on_shelf.id])
    text = " ".join(" ".join(page_texts(slips.data)).split())
    assert "Where it is" in text or "WHERE IT IS" in text
    assert "off-site, box B000001, Records Centre North" in text
    assert text.count("B000001") == 1


def test_a_recall_for_a_request_takes_the_volume_from_its_box_and_is_recorded(
    file_room: Services, desk: RequestsDesk, clerk: Actor, clock: FakeClock, retired: str
) -> None:
    made = file_room.requests.add(clerk, retired, "CARD", clock() + timedelta(days=4))
    answer = desk.queue.recall(clerk, made.id)
    assert answer.ok and "3 days" in answer.message
    chart = file_room.history.chart(clerk, "123456")
    assert chart.history[-1].kind == "recalled" and chart.volumes[0].retention == ""
    queued = {q.id: q for q in desk.queue.pending(clerk)}
    assert queued[made.id].off_site_box is None
    ready = (clock() + timedelta(days=3)).date()
    with file_room.db.reading() as uow:
        note = uow.session.scalar(select(ChartRequest.note).where(ChartRequest.id == made.id))
        audit = uow.session.scalars(
            select(AuditEvent.detail).where(AuditEvent.action == "request_recall")
        ).all()
    assert note == f"recalled from box B000001 by cleo, due about {ready}"
    assert audit == [f"R{made.id:07d}: {retired} {note}"]
    # Once back, or for a chart never off-site, there is nothing to recall: refused.
    with pytest.raises(Conflict, match="not in a box off-site"):
        desk.queue.recall(clerk, made.id)


def test_a_destroyed_chart_is_not_requested_and_says_so(
    file_room: Services, desk: RequestsDesk, admin: Actor, clerk: Actor, clock: FakeClock
) -> None:
    retention = build_retention(file_room.db, clock, file_room.trail, file_room.users.sign_in)
    rule = RetentionRule("Ten years", years_after_activity=10, citation="T")
    retention.rules.set_rule(admin, None, rule)
    for name in ("sam", "tess"):
        file_room.users.add(admin, name, "supervisor", f"supervisor pass {len(name)}x")
    sam, tess = (file_room.users.actor(n, "TEST-DESK") for n in ("sam", "tess"))
    smith = barcode(file_room, clerk, "123456")
    # Asked for long ago and never filled: still waiting when the chart is destroyed.
    waiting = file_room.requests.add(clerk, smith, "CARD", clock() + timedelta(days=1))
    clock.advance(days=365 * 11)
    batch = retention.destruction.propose(sam, "pulping", barcodes=(smith,))
    retention.destruction.approve(tess, batch.id)
    retention.destruction.attend(
        clerk, batch.id, Presence.SECOND, username="tess", password="supervisor pass 4x"
    )
    assert retention.destruction.destroy(clerk, batch.id, smith).ok
    queued = {q.id: q for q in desk.queue.pending(clerk)}
    assert queued[waiting.id].where_now.startswith("destroyed ")
    assert {r.id: r.where for r in file_room.requests.pending(clerk)}[waiting.id].startswith(
        "destroyed "
    )
    with pytest.raises(Conflict, match=r"Refused \(destroyed\).*no chart to send"):
        file_room.requests.add(clerk, smith, "CARD", clock() + timedelta(days=1))
