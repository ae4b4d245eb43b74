"""Retention lists name patients: each one shown is recorded in the audit trail, once a list."""

from __future__ import annotations

from collections import Counter

from recordsdesk.services.actors import Actor
from recordsdesk.services.desk import Services
from recordsdesk.services.retention.wiring import RetentionServices
from tests.conftest import FakeClock
from tests.services.retention.conftest import barcodes


def _listed(services: Services, admin: Actor, actor: Actor, why: str) -> Counter[str | None]:
    entries = services.audit.show(admin, user=actor.username)
    return Counter(e.mrn for e in entries if e.action == "patients_listed" and e.detail == why)


def test_retirement_and_destruction_candidates_record_each_patient_shown(
    file_room: Services,
    retention: RetentionServices,
    clerk: Actor,
    sam: Actor,
    admin: Actor,
    clock: FakeClock,
) -> None:
    clock.advance(days=365 * 4)
    listed = retention.candidates.retirement(clerk)
    shown = {c.mrn for c in listed.items}
    assert len(listed.items) > len(shown) >= 3  # Mary Jones has three volumes on the list
    # One entry per patient, not per volume, written before the list is handed out.
    assert _listed(file_room, admin, clerk, "retirement candidates") == Counter(shown)
    one_unit = retention.candidates.retirement(clerk, unit="Unit 12")
    assert _listed(file_room, admin, clerk, "retirement candidates, unit Unit 12") == Counter(
        c.mrn for c in one_unit.items
    )
    clock.advance(days=365 * 7)
    doomed = retention.candidates.destruction(sam)
    assert doomed
    assert _listed(file_room, admin, sam, "destruction candidates") == Counter(
        {c.mrn for c in doomed}
    )
    # The chain still holds every entry written in one statement.
    assert file_room.audit.verify().ok


def test_a_box_a_destruction_batch_and_the_holds_record_the_patients_they_name(
    file_room: Services,
    retention: RetentionServices,
    clerk: Actor,
    sam: Actor,
    tess: Actor,
    admin: Actor,
    clock: FakeClock,
) -> None:
    clock.advance(days=365 * 4)
    box = retention.boxes.open_box(clerk, "inactive 2022")
    for code in barcodes(file_room, clerk, "423266"):
        assert retention.boxes.pack(clerk, box.barcode, code).ok
    retention.boxes.box(clerk, box.barcode)
    assert _listed(file_room, admin, clerk, f"box {box.barcode}") == Counter({"423266": 1})
    retention.boxes.boxes(clerk)  # the list of boxes names no patient
    assert not [e for e in file_room.audit.show(admin) if "(no patients)" in e.detail]

    retention.holds.place(sam, "Smith v. General Hospital, case 26-114", mrn="000042")
    retention.holds.listing(clerk)
    assert _listed(file_room, admin, clerk, "legal holds") == Counter({"42": 1})

    clock.advance(days=365 * 7)
    smith = barcodes(file_room, clerk, "123456")[0]
    batch = retention.destruction.propose(sam, "cross-cut shredding", barcodes=(smith,))
    retention.destruction.approve(tess, batch.id)
    retention.destruction.batch(clerk, batch.id)
    assert _listed(file_room, admin, clerk, f"destruction batch {batch.id}") == Counter(
        {"123456": 1}
    )
    retention.destruction.batches(clerk)
    assert _listed(file_room, admin, clerk, "destruction batches") == Counter({"123456": 1})
    assert file_room.audit.verify().ok
