"""Schedule feeds as interface analysts meet them: identity, order, encodings, identifiers,
clinics and per-feed settings, imported into a real database."""

from __future__ import annotations

from datetime import date

import pytest

from recordsdesk.domain.errors import InvalidInput, NotFound
from recordsdesk.services.actors import Actor
from recordsdesk.services.desk import Services
from tests.feeds import vendor_shapes as shapes


def _day(services: Services, actor: Actor, day: date) -> list[tuple[str, str, str]]:
    view = services.pull_lists.build(actor, day)
    return sorted((i.mrn, i.clinic_code, f"{i.time:%H:%M}") for i in view.pull_list.items)


def _live(services: Services, actor: Actor, mrn: str) -> int:
    return sum(1 for r in services.requests.pending(actor) if r.mrn == mrn)


# -- identity (item 4)


def test_a_perioperative_scheduler_sending_one_placer_id_keeps_every_case(
    file_room: Services, clerk: Actor
) -> None:
    feed = shapes.perioperative_case("C1", "123456", "OR 1", "209903030800")
    feed += shapes.perioperative_case("C2", "423266", "OR 2", "209903031000")
    report = file_room.schedule.import_file(clerk, feed, "periop.hl7")
    assert (report.added, report.problems) == (2, ())
    # AIL-3.1 is empty: the room, qualified by the hospital, names each theatre.
    assert _day(file_room, clerk, date(2099, 3, 3)) == [
        ("123456", "GENHOSP-OR-1", "08:00"),
        ("423266", "GENHOSP-OR-2", "10:00"),
    ]


def test_the_same_id_from_two_sending_systems_is_two_appointments(
    file_room: Services, clerk: Actor
) -> None:
    one = shapes.ambulatory("1001", "123456", "209903030900")
    other = one.replace(b"AMBEHR|NORTHCLINIC", b"OTHEREHR|SOUTHCLINIC")
    other = other.replace(b"123456^^^GENHOSP", b"423266^^^GENHOSP")
    report = file_room.schedule.import_file(clerk, one + other, "two.hl7")
    assert report.added == 2


def test_a_feed_keyed_on_the_placer_id_says_so_in_its_settings(
    file_room: Services, clerk: Actor, admin: Actor
) -> None:
    file_room.schedule.add_feed(admin, "amb", {"identity": "placer,filler"})
    first = shapes.ambulatory("1001", "123456", "209903030900")
    moved = shapes.ambulatory(
        "1001", "123456", "209903031100", trigger="S13", sent="20260301090000"
    ).replace(b"|1001|||", b"|X9|||")
    report = file_room.schedule.import_file(clerk, first + moved, "amb.hl7", feed="amb")
    assert (report.added, report.changed) == (1, 1)
    assert _day(file_room, clerk, date(2099, 3, 3)) == [("123456", "CARDN", "11:00")]


# -- order and tombstones (item 8)


def test_a_cancel_heard_before_its_booking_is_kept_and_applied(
    file_room: Services, clerk: Actor
) -> None:
    cancel = shapes.athena_cancel("7001", "123456", "20260301100000")
    first = file_room.schedule.import_file(clerk, cancel, "cancel.hl7")
    assert first.kept_cancels == 1
    booking = shapes.athena_booking("7001", "123456", "209903030900", "20260301090000")
    later = file_room.schedule.import_file(clerk, booking, "booking.hl7")
    # The booking is written, cancelled: the file room sees it was booked and cancelled.
    assert (later.added, later.cancelled) == (0, 1)
    assert any("kept cancelled" in n.reason for n in later.notices)
    assert _day(file_room, clerk, date(2099, 3, 3)) == []
    assert _live(file_room, clerk, "123456") == 0
    # A newer booking of the same appointment (rebooked after the cancel) does book it.
    rebooked = shapes.athena_booking("7001", "123456", "209903031100", "20260301110000")
    again = file_room.schedule.import_file(clerk, rebooked, "rebooked.hl7")
    assert again.changed == 1
    assert _day(file_room, clerk, date(2099, 3, 3)) == [("123456", "FAMMED", "11:00")]
    assert _live(file_room, clerk, "123456") == 1


def test_a_cancel_and_an_older_booking_in_one_file_in_that_order(
    file_room: Services, clerk: Actor
) -> None:
    cancel = shapes.athena_cancel("7003", "123456", "20260301100000")
    booking = shapes.athena_booking("7003", "123456", "209903030900", "20260301090000")
    report = file_room.schedule.import_file(clerk, cancel + booking, "day.hl7")
    assert (report.kept_cancels, report.added, report.cancelled) == (1, 0, 1)
    assert _live(file_room, clerk, "123456") == 0


def test_an_older_booking_resent_after_its_cancel_does_not_bring_it_back(
    file_room: Services, clerk: Actor
) -> None:
    booking = shapes.athena_booking("7002", "123456", "209903030900", "20260301090000")
    cancel = shapes.athena_cancel("7002", "123456", "20260301100000")
    file_room.schedule.import_file(clerk, booking + cancel, "day.hl7")
    report = file_room.schedule.import_file(clerk, booking, "resent.hl7")
    assert report.superseded == 1
    assert any("older" in n.reason for n in report.notices)
    assert _live(file_room, clerk, "123456") == 0


def test_files_in_any_order_end_on_the_newest_message(file_room: Services, clerk: Actor) -> None:
    early = shapes.ambulatory("2001", "123456", "209903030900", sent="20260301080000")
    late = shapes.ambulatory("2001", "123456", "209903031400", trigger="S13", sent="20260301120000")
    file_room.schedule.import_file(clerk, late, "late.hl7")
    file_room.schedule.import_file(clerk, early, "early.hl7")
    assert _day(file_room, clerk, date(2099, 3, 3)) == [("123456", "CARDN", "14:00")]
    assert _live(file_room, clerk, "123456") == 1


def test_sch25_cancelled_on_an_s14_withdraws_and_the_report_says_why(
    file_room: Services, clerk: Actor
) -> None:
    booked = shapes.epic_or("9001", "123456", "209903030730", trigger="S12")
    modified = shapes.epic_or(
        "9001", "123456", "209903030730", status="Cancelled", sent="20260301090000"
    )
    report = file_room.schedule.import_file(clerk, booked + modified, "or.hl7")
    assert report.cancelled == 1
    assert any("SCH-25 'Cancelled' on an S14" in n.reason for n in report.notices)
    assert _live(file_room, clerk, "123456") == 0


# -- identifiers and encodings (items 5, 6)


def test_the_mrn_is_chosen_by_type_and_authority_whatever_the_order(
    file_room: Services, clerk: Actor, admin: Actor
) -> None:
    file_room.schedule.add_feed(admin, "epic", {"mrn_authority": "EPICHOSP"})
    report = file_room.schedule.import_file(
        clerk,
        shapes.epic_or("9002", "123456", "209903030730", trigger="S12"),
        "or.hl7",
        feed="epic",
    )
    assert report.booked_without_chart == ()
    assert any(
        "MRN 123456 from PID-3 repetition 2 (MR, EPICHOSP)" in n.reason for n in report.notices
    )


def test_a_pi_only_latin1_feed_imports_with_its_settings(
    file_room: Services, clerk: Actor, admin: Actor
) -> None:
    data = shapes.dxcare("FR1", "423266", "209903031015")
    refused = file_room.schedule.import_file(clerk, data, "dxcare.hl7")
    assert "no MRN" in refused.problems[0].reason
    file_room.schedule.add_feed(admin, "dxcare", {"mrn_types": "PI"})
    report = file_room.schedule.import_file(clerk, data, "dxcare.hl7", feed="dxcare")
    assert (report.added, report.problems) == (1, ())
    assert any("decoded as latin-1 (MSH-18 8859/1)" in n.reason for n in report.notices)
    view = file_room.pull_lists.build(clerk, date(2099, 3, 3))
    assert [i.clinic_name for i in view.pull_list.items] == ["Consultation de cardiologie"]


def test_a_european_8859_1_feed_keeps_accents_and_offsets(
    file_room: Services, clerk: Actor
) -> None:
    report = file_room.schedule.import_file(
        clerk, shapes.european("EU1", "000042", "209903030900", "ØSTERGÅRD^Søren"), "eu.hl7"
    )
    assert report.problems == ()
    assert [n.reason for n in report.notices] == ["decoded as latin-1 (MSH-18 8859/1)"]
    view = file_room.pull_lists.build(clerk, date(2099, 3, 3))
    assert [i.clinic_name for i in view.pull_list.items] == ["Kardiologie Ambulanz Süd"]


def test_a_message_in_another_encoding_is_refused_alone_with_its_segment(
    file_room: Services, clerk: Actor
) -> None:
    good = shapes.ambulatory("3001", "123456", "209903030900")
    bad = shapes.ambulatory("3002", "423266", "209903031000").replace(b"ALICE", b"AL\xcfCE")
    report = file_room.schedule.import_file(clerk, good + bad, "mixed.hl7")
    assert report.added == 1
    assert [(p.position, p.reason[:48]) for p in report.problems] == [
        ("message 2, line 7", "byte 0xCF in segment 3 (PID), line 9, is not utf")
    ]


# -- clinics (item 7)


def test_long_clinic_codes_stay_unique_and_any_script_names_a_clinic(
    file_room: Services, clerk: Actor
) -> None:
    north = shapes.ambulatory("4001", "123456", "209903030900").replace(
        b"CARDN^^^NORTHCLINIC^^^^^Cardiology Clinic North", b"Cardiology Clinic North"
    )
    south = shapes.ambulatory("4002", "423266", "209903030900").replace(
        b"CARDN^^^NORTHCLINIC^^^^^Cardiology Clinic North", b"Cardiology Clinic South"
    )
    korean = shapes.ambulatory("4003", "000042", "209903030900").replace(
        b"CARDN^^^NORTHCLINIC^^^^^Cardiology Clinic North", "심장내과 외래".encode()
    )
    report = file_room.schedule.import_file(clerk, north + south + korean, "clinics.hl7")
    assert report.problems == ()
    assert len(set(report.new_clinics)) == 3
    assert all(len(code) <= 16 for code in report.new_clinics)


# -- feed settings


def test_feed_settings_are_checked_when_set(file_room: Services, admin: Actor) -> None:
    with pytest.raises(InvalidInput, match="Unknown feed setting 'idenity'"):
        file_room.schedule.add_feed(admin, "x", {"idenity": "placer"})
    with pytest.raises(InvalidInput, match="not a value of identity"):
        file_room.schedule.add_feed(admin, "x", {"identity": "sch-1"})
    file_room.schedule.add_feed(admin, "x", {})
    changed = file_room.schedule.set_feed(admin, "x", {"encoding": "cp1252"})
    assert changed.settings["encoding"] == "cp1252"
    with pytest.raises(NotFound):
        file_room.schedule.set_feed(admin, "nope", {})


def test_appointments_imported_before_keys_existed_are_adopted_by_their_old_id(
    file_room: Services, clerk: Actor
) -> None:
    from sqlalchemy import delete, update

    from recordsdesk.storage.models import Appointment
    from recordsdesk.storage.schedule_models import AppointmentKey

    file_room.schedule.import_file(
        clerk, shapes.ambulatory("6001", "123456", "209903030900"), "old.hl7"
    )
    with file_room.db.writing() as uow:  # as an appointment imported by an older release
        uow.session.execute(delete(AppointmentKey))
        uow.session.execute(update(Appointment).values(external_id="6001"))
        uow.commit()
    moved = shapes.ambulatory("6001", "123456", "209903031500", trigger="S13", sent="20260302")
    report = file_room.schedule.import_file(clerk, moved, "new.hl7")
    assert (report.added, report.changed) == (0, 1)
    assert _day(file_room, clerk, date(2099, 3, 3)) == [("123456", "CARDN", "15:00")]
    assert _live(file_room, clerk, "123456") == 1
