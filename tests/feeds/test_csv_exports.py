"""CSV exports of the big systems: their statuses, 12-hour and day-first times, date and time in
two columns, Excel's cp1252 and UTF-16 "Unicode text" files."""

from __future__ import annotations

import codecs
from datetime import datetime

import pytest

from recordsdesk.feeds import Action, read_schedule
from recordsdesk.feeds.dates import DateOrder
from recordsdesk.feeds.profile import FeedProfile

HEADER = "appointment_id,mrn,family_name,given_name,dob,start,clinic,provider,status\n"


@pytest.mark.parametrize(
    ("status", "action"),
    [
        ("Patient Cancelled", Action.CANCEL),
        ("Hospital Cancelled", Action.CANCEL),
        ("x - Cancelled", Action.CANCEL),
        ("CANC", Action.CANCEL),
        ("DNA", Action.NO_SHOW),
        ("Did Not Attend", Action.NO_SHOW),
        ("Booked", Action.BOOK),
        ("Arrived", Action.BOOK),
    ],
)
def test_the_usual_statuses_of_exports_withdraw(status: str, action: Action) -> None:
    data = (HEADER + f"A1,123456,DOE,Jane,,2026-03-03 09:00,CARD,,{status}\n").encode()
    assert read_schedule(data, name="x.csv").events[0].action is action


def test_a_feed_status_map_comes_first() -> None:
    profile = FeedProfile().with_settings({"csv_statuses": '{"Bumped": "cancel", "Z": "book"}'})
    data = (HEADER + "A1,1,D,J,,2026-03-03 09:00,CARD,,Bumped\n").encode()
    assert read_schedule(data, name="x.csv", profile=profile).events[0].action is Action.CANCEL


@pytest.mark.parametrize(
    ("written", "order", "expected"),
    [
        ("03/04/2026 2:30 PM", DateOrder.DAY_FIRST, datetime(2026, 4, 3, 14, 30)),
        ("04/03/2026 12:05 am", DateOrder.MONTH_FIRST, datetime(2026, 4, 3, 0, 5)),
        ("2026-04-03 12:15 p.m.", DateOrder.ISO, datetime(2026, 4, 3, 12, 15)),
        ("2026-04-03 9:00", DateOrder.ISO, datetime(2026, 4, 3, 9, 0)),
    ],
)
def test_twelve_hour_and_day_first_times(
    written: str, order: DateOrder, expected: datetime
) -> None:
    profile = FeedProfile(csv_date_order=order)
    data = (HEADER + f'A1,1,D,J,,"{written}",CARD,,Booked\n').encode()
    assert read_schedule(data, name="x.csv", profile=profile).events[0].start == expected


def test_a_thirteen_o_clock_pm_is_refused_with_its_line() -> None:
    data = (HEADER + "A1,1,D,J,,2026-04-03 13:00 PM,CARD,,Booked\n").encode()
    problem = read_schedule(data, name="x.csv").problems[0]
    assert problem.position == "line 2" and "12-hour clock" in problem.reason


def test_date_and_time_in_separate_columns() -> None:
    profile = FeedProfile(
        csv_columns={
            "appointment_id": "Appt No",
            "mrn": "Hosp No",
            "date": "Appt Date",
            "time": "Appt Time",
            "clinic": "Clinic Code",
        },
        csv_date_order=DateOrder.DAY_FIRST,
    )
    data = (
        b"Appt No,Hosp No,Appt Date,Appt Time,Clinic Code,status\n"
        b"77,123456,03/04/2026,2:30 PM,CARD,Booked\n"
        b"78,123456,03/04/2026,,CARD,Booked\n"
    )
    parsed = read_schedule(data, name="pas.csv", profile=profile)
    assert [e.start for e in parsed.events] == [
        datetime(2026, 4, 3, 14, 30),
        datetime(2026, 4, 3, 0, 0),
    ]


def test_excel_cp1252_is_detected_and_said() -> None:
    text = HEADER + "".join(
        f"A{n},12345{n},MÜLLER,Renée,,2026-03-03 09:0{n},CARD,Dr Gómez,Booked\n" for n in range(5)
    )
    parsed = read_schedule(text.encode("cp1252"), name="excel.csv")
    assert parsed.events[0].family_name == "MÜLLER"
    assert parsed.events[0].provider == "Dr Gómez"
    assert "charset-normalizer" in parsed.notices[0].reason


def test_a_feed_encoding_is_used_without_guessing() -> None:
    data = (HEADER + "A1,1,MÜLLER,J,,2026-03-03 09:00,CARD,,Booked\n").encode("cp1252")
    parsed = read_schedule(data, name="x.csv", profile=FeedProfile(encoding="cp1252"))
    assert parsed.events[0].family_name == "MÜLLER"
    assert parsed.notices[0].reason == "read as cp1252 (the feed's encoding)"


@pytest.mark.parametrize("bom", [True, False])
def test_utf16_unicode_text_exports_are_read(bom: bool) -> None:
    text = HEADER.replace(",", "\t") + "A1\t1\t김\t민준\t\t2026-03-03 09:00\tCARD\t\tBooked\n"
    data = (codecs.BOM_UTF16_LE if bom else b"") + text.encode("utf-16-le")
    parsed = read_schedule(data, name="unicode.txt")
    assert parsed.events[0].family_name == "김"
    assert "UTF-16" in parsed.notices[0].reason
