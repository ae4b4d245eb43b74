"""Retirement candidates from the ledger, in walk order by shelving unit; rules and reports."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from recordsdesk.domain.errors import InvalidInput, NotFound, PermissionDenied
from recordsdesk.services.actors import Actor
from recordsdesk.services.desk import Services
from recordsdesk.services.retention.wiring import RetentionServices
from tests.conftest import FakeClock
from tests.services.retention.conftest import RULE, barcodes


def test_nothing_is_a_candidate_before_its_retirement_period(
    retention: RetentionServices, clerk: Actor, clock: FakeClock
) -> None:
    clock.advance(days=365 * 2)
    assert retention.candidates.retirement(clerk).volumes == 0


def test_candidates_in_walk_order_with_units_counts_and_inches(
    file_room: Services, retention: RetentionServices, clerk: Actor, sam: Actor, clock: FakeClock
) -> None:
    # Used lately: Mary Jones's volume 1 went out a year later, so it is not inactive.
    jones = barcodes(file_room, clerk, "423266")
    clock.advance(days=365)
    file_room.circulation.check_out(clerk, "CARD", jones[0])
    file_room.circulation.return_volume(clerk, jones[0])
    clock.advance(days=365 * 2 + 30)
    listed = retention.candidates.retirement(clerk)
    shelves = [(c.mrn, c.volume) for c in listed.items]
    # Terminal digit: 000042 (section 42), 550011 (11), 123456 (56), 423266 (66).
    assert shelves == [
        ("550011", "Vol 1 of 1"),
        ("42", "Vol 1 of 1"),
        ("123456", "Vol 1 of 1"),
        ("423266", "Vol 2 of 3"),
        ("423266", "Vol 3 of 3"),
    ]
    assert listed.inches == 7.5
    assert sum(u.volumes for u in listed.units) == 5
    assert [u.unit for u in listed.units] == ["Unit 3", "Unit 9", "Unit 12", "Unit 14"]
    assert all(c.rule == RULE.name and c.retire_from for c in listed.items)
    only = retention.candidates.retirement(clerk, unit="Unit 12")
    assert [c.mrn for c in only.items] == ["123456"]


def test_held_checked_out_and_missing_volumes_are_not_candidates(
    file_room: Services, retention: RetentionServices, clerk: Actor, sam: Actor, clock: FakeClock
) -> None:
    clock.advance(days=365 * 4)
    retention.holds.place(sam, "Smith v. General Hospital, case 26-114", mrn="123456")
    jones = barcodes(file_room, clerk, "423266")
    file_room.circulation.check_out(clerk, "W4", jones[1])
    file_room.missing.flag(sam, jones[2], "not in its slot")
    listed = retention.candidates.retirement(clerk)
    assert {c.barcode for c in listed.items} == {
        barcodes(file_room, clerk, "000042")[0],
        barcodes(file_room, clerk, "550011")[0],
        jones[0],
    }


def test_an_appointment_counts_as_activity(
    file_room: Services, retention: RetentionServices, clerk: Actor, clock: FakeClock
) -> None:
    clock.advance(days=365 * 2)
    csv = (
        "appointment_id,mrn,family_name,given_name,dob,start,clinic,provider,status\n"
        f"A1,123456,SMITH,John,,{clock.now.date()} 10:00,CARD,Dr X,Booked\n"
    )
    file_room.schedule.import_file(clerk, csv.encode(), "day.csv")
    clock.advance(days=365 + 30)
    listed = retention.candidates.retirement(clerk)
    assert "123456" not in {c.mrn for c in listed.items}
    assert "42" in {c.mrn for c in listed.items}


def test_rules_are_data_with_a_citation_edited_by_an_administrator(
    retention: RetentionServices, admin: Actor, sam: Actor
) -> None:
    with pytest.raises(PermissionDenied, match="only an admin"):
        retention.rules.set_rule(sam, "RAD", RULE)
    with pytest.raises(InvalidInput, match="citation"):
        retention.rules.set_rule(admin, "RAD", replace(RULE, citation=" "))
    with pytest.raises(NotFound, match="No record type 'XRAY'"):
        retention.rules.set_rule(admin, "XRAY", RULE)
    permanent = replace(RULE, name="Radiology kept for ever", permanent=True)
    retention.rules.set_rule(admin, "RAD", permanent)
    listed = retention.rules.listing(sam)
    assert [(r.record_type, r.permanent) for r in listed] == [(None, False), ("RAD", True)]
    assert listed[0].citation.startswith("State records schedule")
    assert all(rule.is_example for rule in retention.rules.examples())
    retention.rules.remove_rule(admin, "RAD")
    assert [r.record_type for r in retention.rules.listing(sam)] == [None]
    with pytest.raises(NotFound, match="No retention rule for RAD"):
        retention.rules.remove_rule(admin, "RAD")


def test_report_by_retention_year_and_the_next_twelve_months(
    file_room: Services, retention: RetentionServices, sam: Actor, clock: FakeClock
) -> None:
    clock.advance(days=365 * 9 + 100)
    report = retention.candidates.report(sam)
    # Five adult volumes kept until 2036; Amy (born 2020) until she is 25, 2045.
    assert [(y.year, y.volumes) for y in report.by_year] == [(2036, 5), (2045, 1)]
    assert report.next_12_months == 5 and report.next_12_months_inches == 7.5
    assert report.as_of == clock.now.date() and report.as_of > date(2035, 1, 1)
