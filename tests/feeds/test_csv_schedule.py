"""CSV schedules: the default header, column mappings, date orders and line-by-line problems."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from recordsdesk.domain.checkdigit import CheckDigitScheme
from recordsdesk.domain.errors import InvalidInput
from recordsdesk.domain.mrn import MrnRules
from recordsdesk.feeds import (
    DEFAULT_HEADER,
    Action,
    CsvLayout,
    DateOrder,
    FeedFormat,
    action_for_status,
    read_schedule,
)
from recordsdesk.feeds.csv_schedule import parse_csv_schedule

HEADER = ",".join(DEFAULT_HEADER)


def csv_file(*rows: str, header: str = HEADER) -> bytes:
    return ("\n".join([header, *rows]) + "\n").encode()


def test_default_header_is_the_documented_one() -> None:
    assert DEFAULT_HEADER == (
        "appointment_id",
        "mrn",
        "family_name",
        "given_name",
        "dob",
        "start",
        "clinic",
        "provider",
        "status",
    )


def test_a_line_under_the_default_header() -> None:
    data = csv_file("A1,00432,Doe,Jane,1970-01-31,2025-03-10 09:30,CARD,Dr House,Booked")
    parsed = read_schedule(data, name="clinic.csv")
    assert parsed.format is FeedFormat.CSV
    assert parsed.source == "clinic.csv"
    assert parsed.problems == ()
    [event] = parsed.events
    assert event.position == "line 2"
    assert event.appointment_id == "A1"
    assert event.action is Action.BOOK
    assert event.mrn == "432"
    assert (event.family_name, event.given_name) == ("Doe", "Jane")
    assert event.dob == date(1970, 1, 31)
    assert event.start == datetime(2025, 3, 10, 9, 30)
    assert event.start_offset is None
    assert (event.clinic_code, event.clinic_name) == ("CARD", "CARD")
    assert event.provider == "Dr House"
    assert event.status == "Booked"


@pytest.mark.parametrize(
    ("status", "action"),
    [
        ("Cancelled", Action.CANCEL),
        ("CANCELED", Action.CANCEL),
        ("noshow", Action.NO_SHOW),
        ("No-Show", Action.NO_SHOW),
        ("no show", Action.NO_SHOW),
        ("Deleted", Action.DELETE),
        ("Booked", Action.BOOK),
        ("Arrived", Action.BOOK),
        ("", Action.BOOK),
    ],
)
def test_action_comes_from_the_status(status: str, action: Action) -> None:
    assert action_for_status(status) is action
    data = csv_file(f"A1,5,Doe,Jane,,2025-03-10 09:30,CARD,,{status}")
    assert read_schedule(data).events[0].action is action


def test_utf8_bom_crlf_and_quoted_cells() -> None:
    data = (
        "\ufeff" + HEADER + '\r\nA1,5,"O\'Brien, Jr",Seán,,2025-03-10 09:30:15,CARD,"Smith, J",\r\n'
    ).encode()
    [event] = read_schedule(data).events
    assert event.family_name == "O'Brien, Jr"
    assert event.given_name == "Seán"
    assert event.provider == "Smith, J"
    assert event.start == datetime(2025, 3, 10, 9, 30, 15)


def test_columns_in_another_order_and_case_with_extra_columns() -> None:
    header = "Start,NOTES,MRN, Appointment_ID ,Clinic"
    [event] = read_schedule(csv_file("2025-03-10 09:30,call first,77,X9,ENT", header=header)).events
    assert (event.appointment_id, event.mrn, event.clinic_code) == ("X9", "77", "ENT")
    assert event.family_name == ""
    assert event.dob is None


def test_column_mapping_from_the_site_setting() -> None:
    layout = CsvLayout.from_json(
        '{"appointment_id": "Visit", "mrn": "Patient No", "start": "When",'
        ' "clinic": "Dept", "clinic_name": "Dept Name"}',
        DateOrder.DAY_FIRST,
    )
    header = "Visit;Patient No;When;Dept;Dept Name"
    data = csv_file("V1;0042;10/03/2025 09:30;CARD;Cardiology", header=header)
    [event] = read_schedule(data, layout=layout).events
    assert event.appointment_id == "V1"
    assert event.mrn == "42"
    assert event.start == datetime(2025, 3, 10, 9, 30)
    assert (event.clinic_code, event.clinic_name) == ("CARD", "Cardiology")


@pytest.mark.parametrize(
    ("setting", "message"),
    [
        ("not json", "not valid JSON"),
        ('["mrn"]', "JSON object of names"),
        ('{"mrn": 5}', "JSON object of names"),
        ('{"patient": "Patient No"}', "Unknown field patient"),
    ],
)
def test_bad_column_mapping_is_refused(setting: str, message: str) -> None:
    with pytest.raises(InvalidInput, match=message):
        CsvLayout.from_json(setting)


def test_delimiter_must_be_one_character() -> None:
    with pytest.raises(InvalidInput, match="one character"):
        CsvLayout(delimiter=";;")


def test_layout_mapping_cannot_be_changed_afterwards() -> None:
    columns = {"mrn": "Patient No"}
    layout = CsvLayout(columns=columns)
    columns["mrn"] = "Other"
    assert layout.header_for("mrn") == "Patient No"
    assert layout.header_for("start") == "start"


@pytest.mark.parametrize(
    ("order", "written", "start"),
    [
        (DateOrder.ISO, "2025-03-10 09:30", datetime(2025, 3, 10, 9, 30)),
        (DateOrder.ISO, "2025-03-10T09:30:05", datetime(2025, 3, 10, 9, 30, 5)),
        (DateOrder.ISO, "2025-03-10", datetime(2025, 3, 10)),
        (DateOrder.DAY_FIRST, "10/03/2025 09:30", datetime(2025, 3, 10, 9, 30)),
        (DateOrder.DAY_FIRST, "10.03.2025 9:30", datetime(2025, 3, 10, 9, 30)),
        (DateOrder.DAY_FIRST, "2025-03-10 09:30", datetime(2025, 3, 10, 9, 30)),
        (DateOrder.MONTH_FIRST, "03/10/2025 09:30:59", datetime(2025, 3, 10, 9, 30, 59)),
        (DateOrder.MONTH_FIRST, "3/10/2025", datetime(2025, 3, 10)),
    ],
)
def test_date_orders(order: DateOrder, written: str, start: datetime) -> None:
    data = csv_file(f"A1,5,,,,{written},CARD,,")
    [event] = read_schedule(data, layout=CsvLayout(date_order=order)).events
    assert event.start == start


def test_iso_offset_is_kept_apart_from_the_wall_clock() -> None:
    [event] = read_schedule(csv_file("A1,5,,,,2025-03-10T09:30+01:00,CARD,,")).events
    assert event.start == datetime(2025, 3, 10, 9, 30)
    assert event.start_offset == timedelta(hours=1)


@pytest.mark.parametrize(
    ("row", "reason"),
    [
        ("A1,5,,,,10/03/2025 09:30,CARD,,", "'10/03/2025 09:30' is not a date and time in"),
        ("A1,5,,,,2025-02-30 09:30,CARD,,", "not a real date"),
        ("A1,5,,,,2025-03-10 24:30,CARD,,", "not a real date"),
        ("A1,5,,,1970-13-01,2025-03-10 09:30,CARD,,", "dob: '1970-13-01' is not a real date"),
        ("A1,,Doe,,,2025-03-10 09:30,CARD,,", "no mrn"),
        (",5,Doe,,,2025-03-10 09:30,CARD,,", "no appointment_id"),
        ("A1,5,Doe,,,,CARD,,", "no start"),
        ("A1,5,Doe", "3 values where the header has 9 columns"),
        ("A1,5,,,,2025-03-10 09:30,CARD,,,surplus", "10 values where the header has 9"),
        ("A1,5 5,,,,2025-03-10 09:30,CARD,,", "not a valid MRN"),
    ],
)
def test_malformed_line_is_a_problem_and_the_rest_still_imports(row: str, reason: str) -> None:
    good = "A2,6,,,,2025-03-10 10:00,CARD,,"
    parsed = read_schedule(csv_file(good, row, good.replace("A2", "A3")))
    assert [e.appointment_id for e in parsed.events] == ["A2", "A3"]
    [problem] = parsed.problems
    assert problem.position == "line 3"
    assert reason in problem.reason


def test_empty_trailing_cells_and_blank_lines_are_tolerated() -> None:
    parsed = read_schedule(csv_file("", "A1,5,,,,2025-03-10 09:30,CARD,,,,", " , ,", ""))
    assert parsed.problems == ()
    assert parsed.events[0].position == "line 3"


def test_line_numbers_count_quoted_line_breaks() -> None:
    data = csv_file('A1,5,"two\nlines",,,2025-03-10 09:30,CARD,,', "A2,,,,,2025-03-10 09:30,C,,")
    parsed = read_schedule(data)
    assert parsed.events[0].family_name == "two\nlines"
    assert parsed.problems[0].position == "line 4"


def test_check_digit_failure_is_a_problem_for_its_line() -> None:
    data = csv_file("A1,1234566,,,,2025-03-10 09:30,C,,", "A2,1234567,,,,2025-03-10 09:30,C,,")
    parsed = read_schedule(data, rules=MrnRules(check_digit=CheckDigitScheme.LUHN))
    assert [e.mrn for e in parsed.events] == ["1234566"]
    assert parsed.problems[0].position == "line 3"
    assert "check digit" in parsed.problems[0].reason


def test_header_without_required_columns_refuses_the_file() -> None:
    with pytest.raises(InvalidInput) as raised:
        parse_csv_schedule("name,clinic\n1,2\n", "export.csv")
    assert "export.csv" in raised.value.message
    assert "mrn" in raised.value.message
    assert "start" in raised.value.message
    assert "name, clinic" in raised.value.message


@pytest.mark.parametrize("delimiter", [";", "\t", "|"])
def test_delimiter_is_guessed_from_the_header(delimiter: str) -> None:
    header = delimiter.join(DEFAULT_HEADER)
    row = delimiter.join(["A1", "5", "Doe", "", "", "2025-03-10 09:30", "CARD", "", ""])
    [event] = read_schedule(csv_file(row, header=header)).events
    assert (event.family_name, event.clinic_code) == ("Doe", "CARD")


def test_a_field_too_large_for_csv_is_a_problem_on_its_line() -> None:
    huge = "x" * 200_000
    data = csv_file(f'A1,5,"{huge}",,,2025-03-10 09:30,CARD,,', "A2,6,,,,2025-03-10 09:30,C,,")
    parsed = read_schedule(data)
    assert parsed.problems[0].position == "line 2"
    assert "not readable as CSV" in parsed.problems[0].reason
    assert [e.appointment_id for e in parsed.events] == ["A2"]
