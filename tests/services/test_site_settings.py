"""Site settings: checked as a whole, and a new filing scheme re-sorts the shelves."""

from __future__ import annotations

from datetime import date

import pytest

from recordsdesk.domain.errors import InvalidInput, PermissionDenied
from recordsdesk.services.actors import Actor
from recordsdesk.services.desk import Services

FEED = (
    "appointment_id,mrn,family_name,given_name,dob,start,clinic,provider,status\n"
    "A1,123456,SMITH,John,,2026-03-03 09:00,CARD,Dr,Booked\n"
    "B1,423266,JONES,Mary,,2026-03-03 09:30,CARD,Dr,Booked\n"
)


def test_bad_values_are_named_and_change_nothing(file_room: Services, admin: Actor) -> None:
    for key, value, needle in (
        ("mrn_width", "7", "even"),
        ("filing_scheme", "alphabetic", "alphabetic"),
        ("check_digit", "mod97", "check_digit"),
        ("palette", "#FFF", "ten colours"),
        ("shelving_units", "{bad", "shelving_units"),
        ("colour", "x", "Unknown setting colour"),
    ):
        with pytest.raises(InvalidInput, match=needle):
            file_room.site.change(admin, key, value)
    assert file_room.site.stored(admin) == {}


def test_only_an_admin_changes_settings(file_room: Services, clerk: Actor) -> None:
    with pytest.raises(PermissionDenied):
        file_room.site.change(clerk, "file_room", "Basement")


def test_a_new_filing_scheme_resorts_the_pull_list(
    file_room: Services, admin: Actor, clerk: Actor
) -> None:
    file_room.schedule.import_file(clerk, FEED.encode(), "feed.csv")
    day = date(2026, 3, 3)
    terminal = [i.mrn for i in file_room.pull_lists.build(clerk, day).pull_list.items]
    assert terminal == ["123456", "423266"]  # sections 56 then 66
    file_room.site.change(admin, "filing_scheme", "straight")
    straight = file_room.pull_lists.build(clerk, day).pull_list.items
    assert [i.mrn for i in straight] == ["123456", "423266"]
    file_room.site.change(admin, "filing_scheme", "middle")
    middle = file_room.pull_lists.build(clerk, day).pull_list.items
    # Middle digit: 423266 files in section 32, 123456 in section 34.
    assert [(i.mrn, i.section) for i in middle] == [("423266", "32"), ("123456", "34")]
    assert file_room.site.settings(admin).filing.scheme.value == "middle"
