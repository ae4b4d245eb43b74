"""The request queue: order, reads recorded, filled by scan, closed with a reason."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from recordsdesk.domain.errors import InvalidInput, NotFound
from recordsdesk.services.actors import Actor
from recordsdesk.services.desk import Services
from recordsdesk.services.requests import Priority
from recordsdesk.services.requests_desk.desk import RequestsDesk
from recordsdesk.services.requests_desk.queue import REQUEST_LISTED
from recordsdesk.storage.models import AuditEvent, ChartRequest
from tests.conftest import FakeClock
from tests.services.requests_desk.conftest import barcode

CSV = (
    "appointment_id,mrn,family_name,given_name,dob,start,clinic,provider,status\n"
    "A1,123456,SMITH,John,1970-05-01,2026-03-03 09:00,CARD,Dr Who,Booked\n"
)


def test_pending_puts_stat_first_then_by_need_by_and_leaves_appointments_apart(
    file_room: Services, desk: RequestsDesk, clerk: Actor, clock: FakeClock
) -> None:
    now = clock()
    smith = barcode(file_room, clerk, "123456")
    jones3 = barcode(file_room, clerk, "423266", 3)
    ostergard = barcode(file_room, clerk, "000042")
    late = file_room.requests.add(clerk, smith, "CARD", now + timedelta(hours=1))
    early = file_room.requests.add(clerk, jones3, "ORTH", now + timedelta(minutes=30))
    stat = file_room.requests.add(
        clerk, ostergard, "W4", now + timedelta(hours=5), Priority.STAT, note="ED bay 3"
    )
    file_room.schedule.import_file(clerk, CSV.encode(), "feed.csv")
    queue = desk.queue.pending(clerk)
    assert [q.id for q in queue] == [stat.id, early.id, late.id]
    assert queue[0].stat and not queue[1].stat
    assert (queue[0].to_code, queue[0].note, queue[0].where_now) == (
        "W4",
        "ED bay 3",
        "on the shelf",
    )
    assert queue[0].name == "ØSTERGÅRD, Łukasz" and queue[0].made_by == "cleo"
    with_appointments = desk.queue.pending(clerk, include_appointments=True)
    assert len(with_appointments) == 4
    assert [q.appointment for q in with_appointments].count(True) == 1


def test_each_patient_shown_is_recorded_once(
    file_room: Services, desk: RequestsDesk, clerk: Actor, admin: Actor, clock: FakeClock
) -> None:
    smith = barcode(file_room, clerk, "123456")
    first = file_room.requests.add(clerk, smith, "CARD", clock() + timedelta(hours=1))
    shown = desk.queue.pending(clerk)
    again = desk.queue.pending(clerk, already_shown={q.id for q in shown})
    assert [q.id for q in again] == [first.id]
    entries = [e for e in file_room.audit.show(admin, mrn="123456") if e.action == REQUEST_LISTED]
    assert len(entries) == 1
    assert entries[0].username == "cleo" and f"R{first.id:07d}" in entries[0].detail


def test_a_long_queue_records_every_patient_once_in_one_list_and_the_chain_holds(
    file_room: Services, desk: RequestsDesk, clerk: Actor, admin: Actor, clock: FakeClock
) -> None:
    soon = clock() + timedelta(hours=1)
    made: dict[str, list[int]] = {}
    for n in range(30):
        mrn = f"{700000 + n}"
        file_room.registry.register_patient(admin, mrn, f"PATIENT{n}, Test", None, volumes=1)
        chart = barcode(file_room, clerk, mrn)
        for place in ("CARD", "W4") if n % 10 == 0 else ("CARD",):  # some asked for twice
            made.setdefault(mrn, []).append(file_room.requests.add(clerk, chart, place, soon).id)
    with file_room.db.reading() as uow:
        before = uow.session.scalar(select(func.max(AuditEvent.id)))
    shown = desk.queue.pending(clerk)
    assert len(shown) == 33
    with file_room.db.reading() as uow:
        entries = uow.session.execute(
            select(AuditEvent.id, AuditEvent.mrn, AuditEvent.detail, AuditEvent.at)
            .where(AuditEvent.id > before)
            .order_by(AuditEvent.id)
        ).all()
    # One entry for each patient, naming each of their requests, in the order shown; the
    # list is written at one time, in one statement, and sealed in the chain as written.
    assert [e.mrn for e in entries] == list(dict.fromkeys(q.mrn for q in shown))
    for entry in entries:
        assert entry.detail == "Requests page: " + ", ".join(f"R{i:07d}" for i in made[entry.mrn])
    assert len({e.at for e in entries}) == 1
    assert [e.id for e in entries] == list(range(entries[0].id, entries[0].id + 30))
    assert file_room.audit.verify().ok
    # Looked at again after an arrival: only the newcomer's patient is recorded.
    newcomer = file_room.requests.add(clerk, barcode(file_room, clerk, "123456"), "ORTH", soon)
    desk.queue.pending(clerk, already_shown={q.id for q in shown})
    with file_room.db.reading() as uow:
        latest = uow.session.execute(
            select(AuditEvent.mrn, AuditEvent.detail).where(
                AuditEvent.id > entries[-1].id, AuditEvent.action == REQUEST_LISTED
            )
        ).all()
    assert [tuple(e) for e in latest] == [("123456", f"Requests page: R{newcomer.id:07d}")]
    assert file_room.audit.verify().ok


def test_filling_by_scan_sends_the_chart_to_the_requester(
    file_room: Services, desk: RequestsDesk, clerk: Actor, clock: FakeClock
) -> None:
    jones1 = barcode(file_room, clerk, "423266", 1)
    routine = file_room.requests.add(clerk, jones1, "CARD", clock() + timedelta(hours=1))
    stat = file_room.requests.add(
        clerk, jones1, "ORTH", clock() + timedelta(hours=3), Priority.STAT
    )
    result = desk.queue.fill(clerk, jones1)
    assert result.ok and result.to_place is not None and result.to_place.code == "ORTH"
    assert [q.id for q in desk.queue.pending(clerk)] == [routine.id]
    assert stat.id not in {q.id for q in desk.queue.pending(clerk)}
    nobody = desk.queue.fill(clerk, barcode(file_room, clerk, "123456"))
    assert not nobody.ok and nobody.outcome == "not_requested"
    assert file_room.history.chart(clerk, "123456").volumes[0].location is None
    location = desk.queue.fill(clerk, "L-CARD")
    assert not location.ok and location.outcome == "wrong_kind"


def test_cancel_and_cannot_fill_need_a_reason_and_keep_it(
    file_room: Services, desk: RequestsDesk, clerk: Actor, clock: FakeClock
) -> None:
    smith = barcode(file_room, clerk, "123456")
    one = file_room.requests.add(clerk, smith, "CARD", clock() + timedelta(hours=1), note="Dr A")
    two = file_room.requests.add(clerk, smith, "ORTH", clock() + timedelta(hours=2))
    with pytest.raises(InvalidInput, match="reason"):
        desk.queue.cancel(clerk, one.id, "   ")
    desk.queue.cancel(clerk, one.id, "clinic called: not needed")
    desk.queue.cannot_fill(clerk, two.id, "chart at off-site store")
    assert desk.queue.pending(clerk) == ()
    with pytest.raises(NotFound, match="closed already"):
        desk.queue.cancel(clerk, one.id, "again")
    statuses = _statuses(file_room)
    assert statuses[one.id] == ("cancelled", "Dr A | cancelled by cleo: clinic called: not needed")
    assert statuses[two.id] == ("not_fillable", "cannot fill by cleo: chart at off-site store")


def test_marker_moves_when_a_request_is_made_or_closed(
    file_room: Services, desk: RequestsDesk, clerk: Actor, clock: FakeClock
) -> None:
    empty = desk.queue.marker(clerk)
    made = file_room.requests.add(
        clerk, barcode(file_room, clerk, "123456"), "CARD", clock() + timedelta(hours=1)
    )
    after = desk.queue.marker(clerk)
    assert (after.newest, after.pending) == (made.id, 1) and after != empty
    desk.queue.cancel(clerk, made.id, "no longer needed")
    assert desk.queue.marker(clerk).pending == 0


def _statuses(services: Services) -> dict[int, tuple[str, str]]:
    with services.db.reading() as uow:
        rows = uow.session.execute(
            select(ChartRequest.id, ChartRequest.status, ChartRequest.note)
        ).all()
    return {i: (status, note) for i, status, note in rows}


def test_slips_name_each_request_and_its_chart(
    file_room: Services, desk: RequestsDesk, clerk: Actor, clock: FakeClock
) -> None:
    smith = barcode(file_room, clerk, "123456")
    made = file_room.requests.add(
        clerk, smith, "W4", clock() + timedelta(hours=1), Priority.STAT, note="bay 2"
    )
    document = desk.queue.slips(clerk, [made.id])
    assert document.title == "Request slips" and document.mrns == ("123456",)
    assert document.data.startswith(b"%PDF")
    with pytest.raises(NotFound):
        desk.queue.slips(clerk, [made.id + 100])
