"""Legal holds and destruction: proposed, approved by a second supervisor, done by scan."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from recordsdesk.domain.errors import Conflict, InvalidInput, PermissionDenied
from recordsdesk.services.actors import Actor
from recordsdesk.services.desk import Services
from recordsdesk.services.retention.wiring import RetentionServices
from recordsdesk.services.retention.witnesses import Presence
from tests.conftest import FakeClock
from tests.services.retention.conftest import RULE, barcodes


def test_holds_are_placed_listed_and_released_by_a_supervisor(
    file_room: Services, retention: RetentionServices, clerk: Actor, sam: Actor
) -> None:
    with pytest.raises(PermissionDenied, match="only a supervisor"):
        retention.holds.place(clerk, "litigation", mrn="123456")
    refused = [e for e in file_room.audit.show(sam) if e.outcome == "refused"]
    assert refused and "legal holds" in refused[-1].detail
    with pytest.raises(InvalidInput, match="must name"):
        retention.holds.place(sam, "litigation")
    hold = retention.holds.place(
        sam, "Radiology audit", record_type="RAD", starts_on=date(2020, 1, 1)
    )
    assert hold.covers == "record type RAD, activity 2020-01-01 to now"
    assert [h.id for h in retention.holds.listing(clerk)] == [hold.id]
    with pytest.raises(InvalidInput, match="why"):
        retention.holds.release(sam, hold.id, " ")
    released = retention.holds.release(sam, hold.id, "audit closed")
    assert released.released_by == "sam" and not released.active
    assert retention.holds.listing(clerk) == []
    assert len(retention.holds.listing(clerk, include_released=True)) == 1


def test_destruction_proposed_approved_by_another_done_by_scan_and_certified(
    file_room: Services,
    retention: RetentionServices,
    clerk: Actor,
    sam: Actor,
    tess: Actor,
    clock: FakeClock,
) -> None:
    clock.advance(days=365 * 4)
    box = retention.boxes.open_box(clerk)
    jones = barcodes(file_room, clerk, "423266")
    for code in jones:
        retention.boxes.pack(clerk, box.barcode, code)
    retention.boxes.send_off_site(clerk, box.barcode, "RC1")
    clock.advance(days=365 * 6 + 10)
    eligible = {c.barcode for c in retention.candidates.destruction(sam)}
    smith = barcodes(file_room, clerk, "123456")[0]
    amy = barcodes(file_room, clerk, "550011")[0]
    assert eligible == {smith, barcodes(file_room, clerk, "42")[0], *jones}
    with pytest.raises(PermissionDenied):
        retention.destruction.propose(clerk, "cross-cut shredding")
    with pytest.raises(Conflict, match=r"not yet eligible.*kept until 2045-06-01"):
        retention.destruction.propose(sam, "cross-cut shredding", barcodes=(amy,))
    batch = retention.destruction.propose(sam, "cross-cut shredding", barcodes=(box.barcode, smith))
    assert batch.status == "proposed" and len(batch.lines) == 4
    assert {line.citation for line in batch.lines} == {RULE.citation}
    with pytest.raises(Conflict, match="not approved"):
        retention.destruction.destroy(clerk, batch.id, smith)
    with pytest.raises(Conflict, match=r"two people.*sam proposed"):
        retention.destruction.approve(sam, batch.id)
    approved = retention.destruction.approve(tess, batch.id)
    assert approved.approved_by == "tess"
    with pytest.raises(Conflict, match=r"two people.*second person present signs in"):
        retention.destruction.destroy(clerk, batch.id, smith)
    retention.destruction.attend(
        clerk, batch.id, Presence.SECOND, username="tess", password="supervisor pass 2"
    )

    with pytest.raises(Conflict, match=r"not in the batch"):
        retention.destruction.destroy(clerk, batch.id, barcodes(file_room, clerk, "42")[0])
    # A hold placed after approval still wins.
    hold = retention.holds.place(sam, "Subpoena 26-7", mrn="123456")
    before = [m.kind for m in file_room.history.chart(clerk, "123456").history]
    with pytest.raises(Conflict, match=r"legal hold #\d+ \(Subpoena 26-7\)"):
        retention.destruction.destroy(clerk, batch.id, smith)
    assert [m.kind for m in file_room.history.chart(clerk, "123456").history] == before
    retention.holds.release(sam, hold.id, "subpoena withdrawn")

    answer = retention.destruction.destroy(clerk, batch.id, box.barcode)
    assert set(answer.barcodes) == set(jones)
    answer = retention.destruction.destroy(clerk, batch.id, smith)
    assert "complete" in answer.message
    with pytest.raises(Conflict, match="destroyed already"):
        retention.destruction.destroy(clerk, batch.id, smith)
    done = retention.destruction.batch(clerk, batch.id)
    assert done.status == "completed" and done.destroyed == 4
    history = file_room.history.chart(clerk, "423266").history
    assert [m.kind for m in history][-1] == "destroyed"
    assert file_room.missing.listing(sam) == []  # a report: supervisor or above
    assert retention.boxes.boxes(clerk) == []
    pdf = retention.destruction.certificate(sam, batch.id)
    assert pdf.startswith(b"%PDF")


def test_a_checked_out_volume_is_not_destroyed(
    file_room: Services,
    retention: RetentionServices,
    clerk: Actor,
    sam: Actor,
    tess: Actor,
    clock: FakeClock,
) -> None:
    clock.advance(days=365 * 10 + 10)
    smith = barcodes(file_room, clerk, "123456")[0]
    batch = retention.destruction.propose(sam, "pulping", barcodes=(smith,))
    retention.destruction.approve(tess, batch.id)
    retention.destruction.attend(
        clerk, batch.id, Presence.SECOND, username="tess", password="supervisor pass 2"
    )
    file_room.circulation.check_out(clerk, "CARD", smith)
    with pytest.raises(Conflict, match=r"checked out.*Cardiology"):
        retention.destruction.destroy(clerk, batch.id, smith)
    assert retention.destruction.batch(clerk, batch.id).destroyed == 0
    with pytest.raises(Conflict, match="nothing destroyed"):
        retention.destruction.certificate(sam, batch.id)


def test_proposing_everything_eligible_skips_holds(
    file_room: Services,
    retention: RetentionServices,
    sam: Actor,
    clock: FakeClock,
) -> None:
    clock.advance(days=365 * 10 + 10)
    retention.holds.place(sam, "Litigation", mrn="423266")
    batch = retention.destruction.propose(sam, "cross-cut shredding")
    assert {line.mrn for line in batch.lines} == {"123456", "42"}
    with pytest.raises(Conflict, match="Nothing is eligible"):
        retention.destruction.propose(sam, "cross-cut shredding")


def test_a_destroyed_volume_shows_destroyed_everywhere_and_never_moves_again(
    file_room: Services,
    retention: RetentionServices,
    clerk: Actor,
    sam: Actor,
    tess: Actor,
    clock: FakeClock,
) -> None:
    clock.advance(days=365 * 10 + 10)
    smith = barcodes(file_room, clerk, "123456")[0]
    batch = retention.destruction.propose(sam, "cross-cut shredding", barcodes=(smith,))
    retention.destruction.approve(tess, batch.id)
    retention.destruction.attend(
        clerk, batch.id, Presence.SECOND, username="tess", password="supervisor pass 2"
    )
    retention.destruction.destroy(clerk, batch.id, smith)
    volume = file_room.history.chart(clerk, "123456").volumes[0]
    assert volume.retention == f"destroyed {clock.now:%Y-%m-%d}" and not volume.missing
    answer = file_room.circulation.check_out(clerk, "CARD", smith)
    assert not answer.ok and "destroyed" in answer.message
    assert file_room.history.chart(clerk, "123456").history[-1].kind == "destroyed"
    day = clock.now.date() + timedelta(days=3)
    csv = (
        "appointment_id,mrn,family_name,given_name,dob,start,clinic,provider,status\n"
        f"A1,123456,SMITH,John,,{day} 10:00,CARD,Dr X,Booked\n"
    )
    file_room.schedule.import_file(clerk, csv.encode(), "day.csv")
    [apart] = file_room.pull_lists.build(clerk, day).pull_list.exceptions
    assert (apart.reason.value, apart.detail) == ("destroyed", f"Destroyed {clock.now:%Y-%m-%d}")
    with pytest.raises(Conflict, match=r"destroyed.*cannot be moved or flagged missing"):
        file_room.missing.flag(sam, smith, "not on its shelf")
    assert file_room.missing.listing(sam) == []  # a report: supervisor or above


def test_a_boxed_volume_scanned_at_the_desk_is_sent_to_recall_first(
    file_room: Services, retention: RetentionServices, clerk: Actor, clock: FakeClock
) -> None:
    clock.advance(days=365 * 4)
    box = retention.boxes.open_box(clerk)
    smith = barcodes(file_room, clerk, "123456")[0]
    retention.boxes.pack(clerk, box.barcode, smith)
    answer = file_room.circulation.check_out(clerk, "CARD", smith)
    assert not answer.ok and "packed in box B000001" in answer.message
    assert file_room.history.chart(clerk, "123456").history[-1].kind == "boxed"
