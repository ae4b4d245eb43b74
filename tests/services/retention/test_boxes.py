"""Off-site boxes: packed by scan, sent to a records centre, recalled; refusals change nothing."""

from __future__ import annotations

from datetime import timedelta

import pytest

from recordsdesk.domain.errors import Conflict, InvalidInput
from recordsdesk.services.actors import Actor
from recordsdesk.services.desk import Services
from recordsdesk.services.retention.whereabouts import whereabouts
from recordsdesk.services.retention.wiring import RetentionServices
from tests.conftest import FakeClock
from tests.services.retention.conftest import barcodes


def _kinds(services: Services, actor: Actor, mrn: str) -> list[str]:
    return [m.kind for m in services.history.chart(actor, mrn).history]


def test_pack_send_off_site_and_recall_a_volume_and_a_box(
    file_room: Services,
    retention: RetentionServices,
    clerk: Actor,
    sam: Actor,
    clock: FakeClock,
) -> None:
    clock.advance(days=365 * 4)
    box = retention.boxes.open_box(clerk, "inactive 2022")
    assert box.barcode == "B000001" and box.where == "in the file room"
    smith = barcodes(file_room, clerk, "123456")[0]
    jones = barcodes(file_room, clerk, "423266")
    for code in (smith, *jones):
        assert retention.boxes.pack(clerk, box.barcode, code).ok
    packed = retention.boxes.box(clerk, "b000001")
    assert [line.barcode for line in packed.contents] == [smith, *jones]
    sent = retention.boxes.send_off_site(clerk, box.barcode, "RC1")
    assert sent.status == "off_site" and sent.location is not None
    assert sent.location.code == "RC1" and sent.lead_days == 3
    assert _kinds(file_room, clerk, "123456")[-2:] == ["boxed", "retired"]
    chart = file_room.history.chart(clerk, "123456")
    assert chart.volumes[0].location is not None and chart.volumes[0].location.code == "RC1"
    with file_room.db.reading() as uow:
        where = whereabouts(uow.session, [chart.volumes[0].id])
    assert where[chart.volumes[0].id].text == (
        "off-site, box B000001, Records Centre North; allow 3 days to recall"
    )
    # Not held up as overdue, nor missing (the missing list is a report: supervisor or above).
    assert file_room.missing.listing(sam) == []

    answer = retention.boxes.recall_volume(clerk, jones[0])
    assert "3 days" in answer.message
    assert _kinds(file_room, clerk, "423266")[-1] == "recalled"
    assert file_room.history.chart(clerk, "423266").volumes[0].location is None
    assert len(retention.boxes.box(clerk, box.barcode).contents) == 3

    back = retention.boxes.recall_box(clerk, box.barcode)
    assert back.status == "in_file_room" and back.location is None
    assert len(back.contents) == 3
    assert file_room.history.chart(clerk, "123456").volumes[0].location is None


def test_packing_into_a_second_box_is_refused_naming_the_rule(
    file_room: Services, retention: RetentionServices, clerk: Actor, clock: FakeClock
) -> None:
    clock.advance(days=365 * 4)
    first = retention.boxes.open_box(clerk)
    second = retention.boxes.open_box(clerk)
    smith = barcodes(file_room, clerk, "123456")[0]
    retention.boxes.pack(clerk, first.barcode, smith)
    before = _kinds(file_room, clerk, "123456")
    with pytest.raises(Conflict, match=r"one box at a time.*already packed in box B000001"):
        retention.boxes.pack(clerk, second.barcode, smith)
    assert retention.boxes.box(clerk, second.barcode).contents == ()
    assert _kinds(file_room, clerk, "123456") == before


def test_packing_refuses_held_used_lately_and_checked_out_volumes(
    file_room: Services,
    retention: RetentionServices,
    clerk: Actor,
    sam: Actor,
    clock: FakeClock,
) -> None:
    clock.advance(days=365 * 2)
    box = retention.boxes.open_box(clerk)
    with pytest.raises(Conflict, match=r"not yet inactive.*may go off-site from 2029-03-02"):
        retention.boxes.pack(clerk, box.barcode, barcodes(file_room, clerk, "123456")[0])
    clock.advance(days=365 * 2)
    retention.holds.place(sam, "Audit of 2026 admissions", mrn="42")
    with pytest.raises(Conflict, match=r"legal hold #1 \(Audit of 2026 admissions\)"):
        retention.boxes.pack(clerk, box.barcode, barcodes(file_room, clerk, "42")[0])
    jones = barcodes(file_room, clerk, "423266")
    file_room.circulation.check_out(clerk, "W4", jones[0])
    with pytest.raises(Conflict, match=r"checked out.*Ward 4"):
        retention.boxes.pack(clerk, box.barcode, jones[0])
    with pytest.raises(InvalidInput, match="not a chart volume"):
        retention.boxes.pack(clerk, box.barcode, "L-CARD")
    assert retention.boxes.box(clerk, box.barcode).contents == ()


def test_a_box_off_site_takes_no_more_and_an_empty_box_stays(
    file_room: Services, retention: RetentionServices, clerk: Actor, clock: FakeClock
) -> None:
    clock.advance(days=365 * 4)
    box = retention.boxes.open_box(clerk)
    with pytest.raises(Conflict, match="empty box"):
        retention.boxes.send_off_site(clerk, box.barcode, "RC1")
    retention.boxes.pack(clerk, box.barcode, barcodes(file_room, clerk, "123456")[0])
    with pytest.raises(InvalidInput, match="off-site records centre"):
        retention.boxes.send_off_site(clerk, box.barcode, "CARD")
    retention.boxes.send_off_site(clerk, box.barcode, "RC1")
    with pytest.raises(Conflict, match="box closed"):
        retention.boxes.pack(clerk, box.barcode, barcodes(file_room, clerk, "42")[0])


def test_box_label_and_manifest_are_recorded_as_printed(
    file_room: Services, retention: RetentionServices, clerk: Actor, sam: Actor, clock: FakeClock
) -> None:
    clock.advance(days=365 * 4)
    box = retention.boxes.open_box(clerk)
    retention.boxes.pack(clerk, box.barcode, barcodes(file_room, clerk, "123456")[0])
    assert retention.boxes.document(clerk, box.barcode, "label").startswith(b"%PDF")
    assert retention.boxes.document(clerk, box.barcode, "manifest").startswith(b"%PDF")
    printed = [e for e in file_room.audit.show(sam, mrn="123456") if e.action == "printed"]
    assert [e.detail for e in printed] == ["box label B000001", "box manifest B000001"]


def test_the_pull_list_says_off_site_with_the_box_and_the_lead_time(
    file_room: Services, retention: RetentionServices, clerk: Actor, clock: FakeClock
) -> None:
    clock.advance(days=365 * 4)
    box = retention.boxes.open_box(clerk)
    retention.boxes.pack(clerk, box.barcode, barcodes(file_room, clerk, "123456")[0])
    retention.boxes.send_off_site(clerk, box.barcode, "RC1")
    day = clock.now.date() + timedelta(days=7)
    csv = (
        "appointment_id,mrn,family_name,given_name,dob,start,clinic,provider,status\n"
        f"A1,123456,SMITH,John,,{day} 10:00,CARD,Dr X,Booked\n"
        f"A2,42,OSTERGAARD,Lukasz,,{day} 11:00,CARD,Dr X,Booked\n"
    )
    file_room.schedule.import_file(clerk, csv.encode(), "day.csv")
    view = file_room.pull_lists.build(clerk, day)
    assert [i.mrn for i in view.pull_list.items] == ["42"]
    [apart] = view.pull_list.exceptions
    assert (apart.mrn, apart.reason.value, apart.where) == (
        "123456",
        "off_site",
        "Records Centre North",
    )
    assert apart.detail == "Off-site, box B000001, Records Centre North; allow 3 days to recall"
