"""Schedule import, requests and pull lists against a real database."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest

from recordsdesk.domain.errors import InvalidInput, NotFound
from recordsdesk.services.actors import Actor
from recordsdesk.services.desk import Services
from recordsdesk.services.requests import Priority
from tests.conftest import FakeClock

DAY = date(2026, 3, 3)
HEADER = "appointment_id,mrn,family_name,given_name,dob,start,clinic,provider,status\n"
SAMPLES = Path(__file__).resolve().parent.parent / "feeds" / "samples" / "hl7"


def _csv(*lines: str) -> bytes:
    return (HEADER + "".join(line + "\n" for line in lines)).encode()


DAY_FEED = _csv(
    "A1,123456,SMITH,John,1970-05-01,2026-03-03 09:00,CARD,Dr Who,Booked",
    "B1,423266,JONES,Mary,1960-01-01,2026-03-03 10:00,ORTH,Dr No,Booked",
    "B2,423266,JONES,Mary,1960-01-01,2026-03-03 14:00,CARD,Dr Who,Booked",
    "C1,777777,NEWMAN,Ann,1990-02-02,2026-03-03 11:00,CARD,Dr Who,Booked",
)


def _import(services: Services, actor: Actor, data: bytes, name: str = "feed.csv"):  # type: ignore[no-untyped-def]
    return services.schedule.import_file(actor, data, name)


def test_import_creates_appointments_requests_and_is_idempotent(
    file_room: Services, clerk: Actor
) -> None:
    report = _import(file_room, clerk, DAY_FEED)
    assert (report.format, report.events, report.added) == ("csv", 4, 4)
    assert report.requests == 3  # one volume each for A1, B1, B2; none for the unknown patient
    assert report.booked_without_chart == ("777777",)
    assert report.problems == ()
    again = _import(file_room, clerk, DAY_FEED)
    assert (again.added, again.changed, again.unchanged, again.requests) == (0, 0, 4, 0)
    pending = file_room.requests.pending(clerk)
    assert len(pending) == 3
    jones = [r for r in pending if r.mrn == "423266"]
    # The newest of Mary Jones's three volumes is the one requested.
    assert {r.barcode for r in jones} == {
        next(v.barcode for v in file_room.history.chart(clerk, "423266").volumes if v.number == 3)
    }


def test_reschedule_and_cancel_apply(file_room: Services, clerk: Actor) -> None:
    _import(file_room, clerk, DAY_FEED)
    moved = _import(
        file_room,
        clerk,
        _csv("A1,123456,SMITH,John,1970-05-01,2026-03-03 15:30,CARD,Dr Who,Booked"),
    )
    assert moved.changed == 1 and moved.requests == 1
    cancelled = _import(
        file_room,
        clerk,
        _csv("B2,423266,JONES,Mary,1960-01-01,2026-03-03 14:00,CARD,Dr Who,Cancelled"),
    )
    assert cancelled.cancelled == 1
    view = file_room.pull_lists.build(clerk, DAY)
    assert [i.time.hour for i in view.pull_list.items if i.mrn == "123456"] == [15]
    assert view.pull_list.forwards == ()  # Mary Jones now goes to Orthopaedics only
    assert len(file_room.requests.pending(clerk)) == 2


def test_bad_lines_are_named_and_the_rest_imports(file_room: Services, clerk: Actor) -> None:
    report = _import(
        file_room,
        clerk,
        _csv(
            "A1,123456,SMITH,John,1970-05-01,2026-02-30 09:00,CARD,Dr Who,Booked",
            "B1,423266,JONES,Mary,1960-01-01,2026-03-03 10:00,ORTH,Dr No,Booked",
            "X1,12x!4,BAD,Mrn,1960-01-01,2026-03-03 10:00,ORTH,Dr No,Booked",
        ),
    )
    assert report.added == 1
    positions = [p.position for p in report.problems]
    assert positions == ["line 2", "line 4"], report.problems
    assert "2026-02-30" in report.problems[0].reason


def test_files_that_are_neither_hl7_nor_csv_change_nothing(
    file_room: Services, clerk: Actor
) -> None:
    with pytest.raises(InvalidInput, match="neither"):
        _import(file_room, clerk, b"%PDF-1.4 not a schedule", "notes.pdf")
    assert file_room.requests.pending(clerk) == []


def test_unknown_clinics_become_locations_for_review(file_room: Services, clerk: Actor) -> None:
    report = _import(
        file_room, clerk, _csv("Z1,123456,SMITH,John,,2026-03-03 09:00,Sleep Lab,Dr Z,Booked")
    )
    assert report.new_clinics == ("SLEEP-LAB",)
    sleep = [loc for loc in file_room.locations.list(clerk) if loc.code == "SLEEP-LAB"]
    assert sleep and sleep[0].needs_review and sleep[0].name == "Sleep Lab"


def test_hl7_sample_feed_imports(file_room: Services, clerk: Actor) -> None:
    report = file_room.schedule.import_file(
        clerk, SAMPLES / "renalware" / "example_SIU_S12_BLT.hl7"
    )
    assert (report.format, report.added) == ("hl7", 1)
    assert report.booked_without_chart == ("10769857",)
    trap = file_room.schedule.import_file(clerk, SAMPLES / "fhir-converter" / "SIU_12.hl7")
    assert trap.added == 0 and "ADT^A60" in trap.problems[0].reason


def test_pull_list_walk_order_exceptions_and_forwards(file_room: Services, clerk: Actor) -> None:
    _import(file_room, clerk, DAY_FEED)
    smith = file_room.history.chart(clerk, "000042").volumes[0].barcode
    file_room.circulation.check_out(clerk, "W4", smith)
    _import(file_room, clerk, _csv("D1,42,ØSTERGÅRD,Łukasz,,2026-03-03 08:00,ORTH,Dr No,Booked"))
    view = file_room.pull_lists.build(clerk, DAY)
    items = view.pull_list.items
    # Terminal digit: 123456 files in section 56, 423266 in section 66.
    assert [(i.mrn, i.clinic_code, i.shelf) for i in items] == [
        ("123456", "CARD", "56-34-12"),
        ("423266", "ORTH", "66-32-42"),
    ]
    reasons = {(e.mrn, e.reason.value) for e in view.pull_list.exceptions}
    assert reasons == {("777777", "no_chart"), ("42", "out")}
    out = next(e for e in view.pull_list.exceptions if e.mrn == "42")
    assert out.where == "Ward 4"
    (forward,) = view.pull_list.forwards
    assert (forward.mrn, forward.from_clinic_code, forward.to_clinic_code) == (
        "423266",
        "ORTH",
        "CARD",
    )


def test_filling_by_scanning_checks_out_to_the_appointment_clinic(
    file_room: Services, clerk: Actor
) -> None:
    _import(file_room, clerk, DAY_FEED)
    before = file_room.pull_lists.progress(clerk, DAY)
    assert (before.pulled, before.total) == (0, 2)
    item = file_room.pull_lists.build(clerk, DAY).pull_list.items[0]
    result = file_room.pull_lists.fill(clerk, DAY, item.barcode)
    assert result.ok and result.to_place is not None and result.to_place.code == item.clinic_code
    assert any("Fills the request" in w for w in result.warnings)
    after = file_room.pull_lists.progress(clerk, DAY)
    assert (after.pulled, after.total) == (1, 2) and item.barcode not in after.left
    assert len(file_room.requests.pending(clerk)) == 2


def test_updates_only_lists_what_came_after_printing(file_room: Services, clerk: Actor) -> None:
    _import(file_room, clerk, DAY_FEED)
    with pytest.raises(InvalidInput, match="print the full list first"):
        file_room.pull_lists.build(clerk, DAY, updates_only=True)
    file_room.pull_lists.mark_printed(clerk, file_room.pull_lists.build(clerk, DAY))
    _import(file_room, clerk, _csv("D1,42,ØSTERGÅRD,Łukasz,,2026-03-03 08:00,ORTH,Dr No,Booked"))
    update = file_room.pull_lists.build(clerk, DAY, updates_only=True)
    assert [i.mrn for i in update.pull_list.items] == ["42"]
    assert update.pull_list.exceptions == ()


def test_return_warns_of_a_chart_wanted_elsewhere(
    file_room: Services, clerk: Actor, clock: FakeClock
) -> None:
    barcode = file_room.history.chart(clerk, "123456").volumes[0].barcode
    file_room.circulation.check_out(clerk, "W4", barcode)
    needed = datetime(2026, 3, 2, 14, 0).astimezone()
    request = file_room.requests.add(clerk, barcode, "CARD", needed, Priority.STAT)
    assert request.priority == "stat"
    back = file_room.circulation.return_volume(clerk, barcode)
    assert any("Put it aside: Cardiology Clinic needs it" in w for w in back.warnings)
    assert any(w.startswith("STAT") for w in back.warnings)
    sent = file_room.circulation.check_out(clerk, "CARD", barcode)
    assert any("Fills the request" in w for w in sent.warnings)
    assert file_room.requests.pending(clerk) == []


def test_filling_goes_to_the_first_clinic_and_takes_a_typed_mrn(
    file_room: Services, clerk: Actor
) -> None:
    _import(file_room, clerk, DAY_FEED)
    # Mary Jones is booked at Orthopaedics 10:00 and Cardiology 14:00: pulled for the first.
    by_mrn = file_room.pull_lists.fill(clerk, DAY, "423266")
    assert by_mrn.ok and by_mrn.to_place is not None and by_mrn.to_place.code == "ORTH"
    again = file_room.pull_lists.fill(clerk, DAY, by_mrn.barcode or "")
    assert again.outcome == "already_there"
    with pytest.raises(NotFound, match="not on the pull list"):
        file_room.pull_lists.fill(clerk, DAY, "000042")
    with pytest.raises(InvalidInput, match="not a chart"):
        file_room.pull_lists.fill(clerk, DAY, "L-CARD")


def test_a_list_shown_and_its_answers_record_each_patient_read_once(
    file_room: Services, clerk: Actor, admin: Actor
) -> None:
    _import(file_room, clerk, DAY_FEED)

    def reads() -> list[tuple[str, str | None]]:
        entries = file_room.audit.show(admin, user=clerk.username)
        wanted = ("patients_listed", "scan_named_patient")
        return sorted((e.action, e.mrn) for e in entries if e.action in wanted)

    assert reads() == []
    file_room.pull_lists.build(clerk, DAY)  # made to print or save: recorded as that is
    file_room.pull_lists.progress(clerk, DAY)
    assert reads() == []
    shown: set[str] = set()
    view = file_room.pull_lists.build(clerk, DAY, shown=shown)  # on a screen
    listed = [("patients_listed", mrn) for mrn in ("123456", "423266", "777777")]
    assert reads() == listed and shown == {"123456", "423266", "777777"}
    file_room.pull_lists.build(clerk, DAY, shown=shown)
    item = view.pull_list.items[0]
    result = file_room.pull_lists.fill(clerk, DAY, item.barcode, shown)
    assert result.ok and result.patient == "SMITH, John" and result.volume == 1
    assert reads() == listed  # shown again, and named by the answer: still once each
    fresh = file_room.pull_lists.fill(clerk, DAY, view.pull_list.items[1].barcode, set())
    assert fresh.ok and fresh.patient == "JONES, Mary"
    assert reads() == sorted([*listed, ("scan_named_patient", "423266")])
