"""Appointment identity across ids: an appointment first heard of by its placer id (SCH-1) alone
or by both ids is the same appointment whichever id a later message names, in any order of
messages and files, with the newest message (MSH-7) winning and cancels heard first kept."""

from __future__ import annotations

from datetime import date
from itertools import permutations

import pytest
from sqlalchemy import func, select

from recordsdesk.feeds import NoticeKind
from recordsdesk.services.actors import Actor
from recordsdesk.services.desk import Services
from recordsdesk.storage.models import Appointment
from tests.feeds.vendor_shapes import theatre_booking

DAY = date(2099, 3, 3)


def _appointments(services: Services) -> list[tuple[str, bool]]:
    """Every appointment row: its start and whether it is cancelled."""
    with services.db.reading() as uow:
        rows = uow.session.execute(
            select(Appointment.start, Appointment.cancelled).order_by(Appointment.id)
        ).all()
    return [(f"{start:%H:%M}", cancelled) for start, cancelled in rows]


def _pulled(services: Services, actor: Actor) -> list[tuple[str, str]]:
    items = services.pull_lists.build(actor, DAY).pull_list.items
    return sorted((i.mrn, f"{i.time:%H:%M}") for i in items)


def _live(services: Services, actor: Actor) -> int:
    return len(services.requests.pending(actor))


# Case (a): booked by its placer id alone, then named by both ids (a reschedule, a cancel).
PLACER_FIRST = {
    "book": theatre_booking("P77", "", "123456", "209903030800", sent="20260301080000"),
    "move": theatre_booking(
        "P77", "F5", "123456", "209903031000", trigger="S13", sent="20260301090000"
    ),
    "cancel": theatre_booking("P77", "F5", "123456", "", trigger="S15", sent="20260301100000"),
}
# Case (b): booked with both ids, then named by its placer id alone.
BOTH_FIRST = {
    "book": theatre_booking("P77", "F5", "123456", "209903030800", sent="20260301080000"),
    "move": theatre_booking(
        "P77", "", "123456", "209903031000", trigger="S13", sent="20260301090000"
    ),
    "cancel": theatre_booking("P77", "", "123456", "", trigger="S15", sent="20260301100000"),
}
SHAPES = {"placer first": PLACER_FIRST, "both first": BOTH_FIRST}


@pytest.mark.parametrize("shape", SHAPES)
def test_a_later_message_by_the_other_id_updates_the_same_appointment(
    file_room: Services, clerk: Actor, shape: str
) -> None:
    messages = SHAPES[shape]
    booked = file_room.schedule.import_file(clerk, messages["book"], "book.hl7")
    assert booked.added == 1
    moved = file_room.schedule.import_file(clerk, messages["move"], "move.hl7")
    assert (moved.added, moved.changed, moved.problems) == (0, 1, ())
    assert _appointments(file_room) == [("10:00", False)]
    assert _pulled(file_room, clerk) == [("123456", "10:00")]
    assert _live(file_room, clerk) == 1
    cancelled = file_room.schedule.import_file(clerk, messages["cancel"], "cancel.hl7")
    assert (cancelled.cancelled, cancelled.kept_cancels) == (1, 0)
    assert _appointments(file_room) == [("10:00", True)]
    assert _pulled(file_room, clerk) == [] and _live(file_room, clerk) == 0


def test_an_appointment_booked_with_both_ids_keeps_its_filler_id_as_its_own(
    file_room: Services, clerk: Actor
) -> None:
    file_room.schedule.import_file(clerk, BOTH_FIRST["book"], "book.hl7")
    file_room.schedule.import_file(clerk, BOTH_FIRST["move"], "move.hl7")
    items = file_room.pull_lists.build(clerk, DAY).pull_list.items
    assert [i.appointment_id for i in items] == ["ORMIS^GENHOSP|filler:F5^ORMIS"]


def test_one_booked_by_its_filler_id_alone_is_found_by_its_placer_id_once_both_are_named(
    file_room: Services, clerk: Actor
) -> None:
    """Also the appointments imported before either id found them: keyed on the filler id."""
    alone = theatre_booking("", "F5", "123456", "209903030800")
    both = theatre_booking("P77", "F5", "123456", "209903030900", sent="20260301090000")
    cancel = theatre_booking("P77", "", "123456", "", trigger="S15", sent="20260301100000")
    for name, message in (("alone", alone), ("both", both), ("cancel", cancel)):
        assert file_room.schedule.import_file(clerk, message, f"{name}.hl7").problems == ()
    assert _appointments(file_room) == [("09:00", True)]
    assert _live(file_room, clerk) == 0


def test_the_report_says_an_appointment_was_found_by_its_other_id(
    file_room: Services, clerk: Actor
) -> None:
    file_room.schedule.import_file(clerk, PLACER_FIRST["book"], "book.hl7")
    moved = file_room.schedule.import_file(clerk, PLACER_FIRST["move"], "move.hl7")
    found = [n for n in moved.notices if n.kind is NoticeKind.APPOINTMENT_ID]
    assert [n.reason for n in found] == [
        "appointment F5 found by its placer id P77^ORDERS: the same appointment"
    ]


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("order", list(permutations(["book", "move", "cancel"])))
def test_files_in_any_order_end_on_the_newest_message_of_either_id(
    file_room: Services, clerk: Actor, shape: str, order: tuple[str, ...]
) -> None:
    for name in order:
        report = file_room.schedule.import_file(clerk, SHAPES[shape][name], f"{name}.hl7")
        assert report.problems == ()
    # One appointment, cancelled: the cancel is the newest message, whatever came first.
    assert [cancelled for _, cancelled in _appointments(file_room)] == [True]
    assert _pulled(file_room, clerk) == [] and _live(file_room, clerk) == 0


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("order", list(permutations(["book", "move"])))
def test_a_booking_and_its_reschedule_by_the_other_id_in_one_file_either_way(
    file_room: Services, clerk: Actor, shape: str, order: tuple[str, ...]
) -> None:
    feed = b"".join(SHAPES[shape][name] for name in order)
    report = file_room.schedule.import_file(clerk, feed, "night.hl7")
    assert report.superseded == (1 if order[0] == "move" else 0)
    assert _appointments(file_room) == [("10:00", False)]
    assert _pulled(file_room, clerk) == [("123456", "10:00")]
    assert _live(file_room, clerk) == 1


@pytest.mark.parametrize("shape", SHAPES)
def test_a_cancel_before_its_booking_by_the_other_id_books_it_cancelled(
    file_room: Services, clerk: Actor, shape: str
) -> None:
    messages = SHAPES[shape]
    first = file_room.schedule.import_file(clerk, messages["cancel"], "cancel.hl7")
    assert first.kept_cancels == 1
    later = file_room.schedule.import_file(clerk, messages["book"], "book.hl7")
    assert (later.added, later.cancelled) == (0, 1)
    # A booking newer than the cancel brings it back: the newest message wins.
    again = theatre_booking("P77", "F5", "123456", "209903031100", sent="20260301110000")
    file_room.schedule.import_file(clerk, again, "again.hl7")
    assert _appointments(file_room) == [("11:00", False)]
    assert _live(file_room, clerk) == 1


def test_cases_sharing_one_placer_id_stay_apart_and_the_placer_id_alone_is_refused(
    file_room: Services, clerk: Actor
) -> None:
    one = theatre_booking("ORSCHED", "C1", "123456", "209903030800")
    two = theatre_booking("ORSCHED", "C2", "423266", "209903031000")
    report = file_room.schedule.import_file(clerk, one + two, "theatre.hl7")
    assert (report.added, report.problems) == (2, ())
    # A message naming only the shared placer id cannot say which case it means.
    alone = theatre_booking("ORSCHED", "", "123456", "", trigger="S15", sent="20260301090000")
    refused = file_room.schedule.import_file(clerk, alone, "alone.hl7")
    assert refused.cancelled == 0
    assert [p.reason for p in refused.problems] == [
        "the placer id ORSCHED^ORDERS names several appointments (each with its own filler id) "
        "and this message gives no other id to tell which: not applied"
    ]
    # Each case is still found by its filler id.
    cancel = theatre_booking("ORSCHED", "C2", "423266", "", trigger="S15", sent="20260301090000")
    assert file_room.schedule.import_file(clerk, cancel, "cancel.hl7").cancelled == 1
    moved = theatre_booking("ORSCHED", "C1", "123456", "209903030930", sent="20260301093000")
    assert file_room.schedule.import_file(clerk, moved, "moved.hl7").changed == 1
    assert _pulled(file_room, clerk) == [("123456", "09:30")]


def test_a_case_booked_by_placer_id_then_bound_to_its_filler_id_is_not_another_case(
    file_room: Services, clerk: Actor
) -> None:
    first = theatre_booking("ORSCHED", "", "123456", "209903030800")
    bound = theatre_booking("ORSCHED", "C1", "123456", "209903030900", sent="20260301090000")
    other = theatre_booking("ORSCHED", "C2", "123456", "209903031400", sent="20260301100000")
    report = file_room.schedule.import_file(clerk, first + bound + other, "theatre.hl7")
    # The second case has another filler id: it is another appointment, for the same patient.
    assert (report.added, report.changed) == (2, 1)
    assert sorted(_appointments(file_room)) == [("09:00", False), ("14:00", False)]


def test_another_patient_under_the_same_placer_id_is_another_appointment(
    file_room: Services, clerk: Actor
) -> None:
    first = theatre_booking("ORSCHED", "", "123456", "209903030800")
    other = theatre_booking("ORSCHED", "C2", "423266", "209903031000", sent="20260301090000")
    report = file_room.schedule.import_file(clerk, first + other, "theatre.hl7")
    assert report.added == 2
    assert _pulled(file_room, clerk) == [("123456", "08:00"), ("423266", "10:00")]


def test_a_placer_id_a_case_was_booked_by_alone_is_shared_once_another_patient_uses_it(
    file_room: Services, clerk: Actor
) -> None:
    first = theatre_booking("ORSCHED", "", "123456", "209903030800")
    other = theatre_booking("ORSCHED", "C2", "423266", "209903031000", sent="20260301090000")
    file_room.schedule.import_file(clerk, first + other, "theatre.hl7")
    # The placer id now names two patients' cases: a message naming it alone is refused...
    alone = theatre_booking("ORSCHED", "", "123456", "", trigger="S15", sent="20260301093000")
    refused = file_room.schedule.import_file(clerk, alone, "alone.hl7")
    assert refused.cancelled == 0 and [p.reason for p in refused.problems] == [
        "the placer id ORSCHED^ORDERS names several appointments (each with its own filler id) "
        "and this message gives no other id to tell which: not applied"
    ]
    assert _pulled(file_room, clerk) == [("123456", "08:00"), ("423266", "10:00")]
    # ...and the first case, named with its own filler id at last, is still the same case.
    bound = theatre_booking("ORSCHED", "C1", "123456", "209903030900", sent="20260301100000")
    report = file_room.schedule.import_file(clerk, bound, "bound.hl7")
    assert (report.added, report.changed, report.problems) == (0, 1, ())
    assert _pulled(file_room, clerk) == [("123456", "09:00"), ("423266", "10:00")]
    cancel = theatre_booking("ORSCHED", "C1", "123456", "", trigger="S15", sent="20260301110000")
    assert file_room.schedule.import_file(clerk, cancel, "cancel.hl7").cancelled == 1
    assert _pulled(file_room, clerk) == [("423266", "10:00")]
    with file_room.db.reading() as uow:
        count = uow.session.scalar(select(func.count()).select_from(Appointment))
    assert count == 2


def test_a_case_booked_by_a_placer_id_another_patient_shares_is_bound_in_one_file_too(
    file_room: Services, clerk: Actor
) -> None:
    first = theatre_booking("ORSCHED", "", "123456", "209903030800")
    other = theatre_booking("ORSCHED", "C2", "423266", "209903031000", sent="20260301090000")
    bound = theatre_booking("ORSCHED", "C1", "123456", "209903030900", sent="20260301100000")
    alone = theatre_booking("ORSCHED", "", "123456", "", trigger="S15", sent="20260301110000")
    report = file_room.schedule.import_file(clerk, first + other + bound + alone, "day.hl7")
    assert (report.added, report.changed, report.cancelled, len(report.problems)) == (2, 1, 0, 1)
    assert "names several appointments" in report.problems[0].reason
    assert _pulled(file_room, clerk) == [("123456", "09:00"), ("423266", "10:00")]


def test_the_placer_id_of_another_sending_system_is_another_appointment(
    file_room: Services, clerk: Actor
) -> None:
    first = theatre_booking("P77", "", "123456", "209903030800")
    other = theatre_booking(
        "P77", "F5", "123456", "209903031000", sent="20260301090000", sender="OTHERSYS|SOUTH"
    )
    report = file_room.schedule.import_file(clerk, first + other, "two.hl7")
    assert report.added == 2
    with file_room.db.reading() as uow:
        count = uow.session.scalar(select(func.count()).select_from(Appointment))
    assert count == 2
