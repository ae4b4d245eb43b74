"""Requests derived from appointments: in step at the end of an import and when charts change."""

from __future__ import annotations

from datetime import date

from recordsdesk.services.actors import Actor
from recordsdesk.services.desk import Services

DAY = date(2026, 3, 3)
HEADER = "appointment_id,mrn,family_name,given_name,dob,start,clinic,provider,status\n"


def _csv(*lines: str) -> bytes:
    return (HEADER + "".join(line + "\n" for line in lines)).encode()


def _pending(services: Services, actor: Actor, mrn: str) -> list[tuple[str, int]]:
    return sorted(
        (r.location_code, r.needed_by.astimezone().hour)
        for r in services.requests.pending(actor)
        if r.mrn == mrn
    )


def test_a_booking_and_its_cancel_in_one_file_leave_no_live_request(
    file_room: Services, clerk: Actor
) -> None:
    report = file_room.schedule.import_file(
        clerk,
        _csv(
            "A1,123456,SMITH,John,,2026-03-03 09:00,CARD,Dr Who,Booked",
            "A1,123456,SMITH,John,,2026-03-03 09:00,CARD,Dr Who,Cancelled",
        ),
        "day.csv",
    )
    assert (report.added, report.cancelled, report.requests) == (1, 1, 0)
    assert _pending(file_room, clerk, "123456") == []
    view = file_room.pull_lists.build(clerk, DAY)
    assert [i.mrn for i in view.pull_list.items] == []


def test_a_reschedule_in_the_same_file_leaves_only_the_new_request(
    file_room: Services, clerk: Actor
) -> None:
    report = file_room.schedule.import_file(
        clerk,
        _csv(
            "A1,123456,SMITH,John,,2026-03-03 09:00,CARD,Dr Who,Booked",
            "A1,123456,SMITH,John,,2026-03-03 15:00,ORTH,Dr Who,Booked",
        ),
        "day.csv",
    )
    assert report.requests == 1
    assert _pending(file_room, clerk, "123456") == [("ORTH", 15)]


def test_a_later_reschedule_withdraws_the_old_request(file_room: Services, clerk: Actor) -> None:
    file_room.schedule.import_file(
        clerk, _csv("A1,123456,SMITH,John,,2026-03-03 09:00,CARD,Dr Who,Booked"), "a.csv"
    )
    file_room.schedule.import_file(
        clerk, _csv("A1,123456,SMITH,John,,2026-03-03 11:00,CARD,Dr Who,Booked"), "b.csv"
    )
    assert _pending(file_room, clerk, "123456") == [("CARD", 11)]


def test_a_chart_registered_after_its_appointment_joins_the_pull_list(
    file_room: Services, clerk: Actor, admin: Actor
) -> None:
    first = file_room.schedule.import_file(
        clerk, _csv("N1,555001,NEW,Nina,,2099-03-03 10:00,CARD,Dr Who,Booked"), "a.csv"
    )
    assert first.booked_without_chart == ("555001",)
    assert _pending(file_room, clerk, "555001") == []
    file_room.registry.register_patient(admin, "555001", "NEW, Nina", None, volumes=1)
    assert _pending(file_room, clerk, "555001") == [("CARD", 10)]
    view = file_room.pull_lists.build(clerk, date(2099, 3, 3))
    assert [i.mrn for i in view.pull_list.items] == ["555001"]
    again = file_room.schedule.import_file(
        clerk, _csv("N1,555001,NEW,Nina,,2099-03-03 10:00,CARD,Dr Who,Booked"), "a.csv"
    )
    assert (again.unchanged, again.requests, again.booked_without_chart) == (1, 0, ())


def test_a_new_volume_replaces_the_request_for_the_old_one(
    file_room: Services, clerk: Actor, admin: Actor
) -> None:
    file_room.schedule.import_file(
        clerk, _csv("A1,123456,SMITH,John,,2099-03-03 09:00,CARD,Dr Who,Booked"), "a.csv"
    )
    before = [r.barcode for r in file_room.requests.pending(clerk) if r.mrn == "123456"]
    barcode = file_room.registry.add_volume(admin, "123456")
    after = [r.barcode for r in file_room.requests.pending(clerk) if r.mrn == "123456"]
    assert len(before) == 1 and after == [barcode] and before != after


def test_a_cancelled_appointment_gets_no_request_when_its_chart_is_registered(
    file_room: Services, clerk: Actor, admin: Actor
) -> None:
    file_room.schedule.import_file(
        clerk,
        _csv(
            "N1,555002,NEW,Ned,,2099-03-03 10:00,CARD,Dr Who,Booked",
            "N1,555002,NEW,Ned,,2099-03-03 10:00,CARD,Dr Who,Cancelled",
        ),
        "a.csv",
    )
    file_room.registry.register_patient(admin, "555002", "NEW, Ned", None, volumes=2)
    assert _pending(file_room, clerk, "555002") == []
