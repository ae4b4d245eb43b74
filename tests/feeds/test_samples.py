"""Every sample HL7 file parses to the values a clerk would read off the message."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from recordsdesk.feeds import Action, FeedFormat, read_schedule
from tests.feeds.conftest import SAMPLES

GHH = timedelta(hours=2, minutes=15)
EVERYMAN = ("PATID1234", "EVERYMAN", "ADAM", date(1988, 8, 18))
ROOM01 = ("055", "Room01, GH Clinic")
LAB = ("LabUnit101", "Lab Room 01, GHH Hospital")
RENAL_OPD = ("RNJ Renal OPD", "RNJ ROYALLONDON, RNJ MainBld RLH")

# file: (appointment id, action, (mrn, family, given, dob), start, offset, (clinic code, name),
#        provider, status)
EXPECTED = {
    "corepoint/corepoint-health_siu-example.hl7": (
        "00331839401",
        Action.MODIFY,
        ("489671", "SMITH", "MICHAEL", date(2008, 2, 5)),
        datetime(2008, 3, 6, 10, 0),  # SCH-11.4 with a trailing space
        None,
        ("HHR", "FPCS NGUYEN, MD"),
        "LISAPORTER",
        "ARRIVED",
    ),
    "fhir-converter/SIU-S12-01.hl7": (
        "36996",  # SCH-2, the filler id
        Action.BOOK,
        EVERYMAN,
        datetime(2021, 9, 24, 9, 30),
        GHH,
        ROOM01,
        "GE, Robert C",
        "Booked",
    ),
    "fhir-converter/SIU-S12-02.hl7": (
        "36996",  # SCH-2, the filler id
        Action.BOOK,
        EVERYMAN,
        datetime(2021, 8, 18, 11, 30),
        GHH,
        LAB,
        "PB, Tim G",
        "Booked",
    ),
    "fhir-converter/SIU-S12_1.hl7": (
        "36996",  # SCH-2, the filler id
        Action.BOOK,
        EVERYMAN,
        datetime(2020, 10, 4, 11, 26),
        GHH,
        ("4E", "136, CommunityHospital"),
        "Tim, G",
        "Booked",
    ),
    "fhir-converter/SIU-S13-01.hl7": (
        "36996",  # SCH-2, the filler id
        Action.RESCHEDULE,
        EVERYMAN,
        datetime(2021, 9, 24, 9, 30),
        GHH,
        ROOM01,
        "GE, Robert C",
        "Booked",
    ),
    "fhir-converter/SIU-S13-02.hl7": (
        "36996",  # SCH-2, the filler id
        Action.RESCHEDULE,
        EVERYMAN,
        datetime(2021, 8, 20, 11, 30),
        GHH,
        LAB,
        "PB, Tim G",
        "Booked",
    ),
    "fhir-converter/SIU-S14-01.hl7": (
        "36996",  # SCH-2, the filler id
        Action.MODIFY,
        EVERYMAN,
        datetime(2021, 9, 24, 9, 30),
        GHH,
        ("055", "Room02, GH Clinic"),
        "GE, Robert C",
        "Booked",
    ),
    "fhir-converter/SIU-S14-02.hl7": (
        "36996",  # SCH-2, the filler id
        Action.MODIFY,
        EVERYMAN,
        datetime(2021, 8, 18, 11, 30),
        GHH,
        ("LabUnit102", "Lab Room 01, GHH Hospital"),
        "PB, Tim G",
        "Booked",
    ),
    "fhir-converter/SIU-S15-01.hl7": (
        "36996",  # SCH-2, the filler id
        Action.CANCEL,
        EVERYMAN,
        datetime(2021, 9, 24, 9, 30),
        GHH,
        ROOM01,
        "GE, Robert C",
        "Cancelled",
    ),
    "fhir-converter/SIU-S15-02.hl7": (
        "36996",  # SCH-2, the filler id
        Action.CANCEL,
        EVERYMAN,
        datetime(2021, 8, 18, 11, 30),
        GHH,
        LAB,
        "PB, Tim G",
        "Cancelled",
    ),
    "fhir-converter/SIU-S16-01.hl7": (
        "36996",  # SCH-2, the filler id
        Action.DISCONTINUE,
        EVERYMAN,
        datetime(2021, 9, 24, 9, 30),
        GHH,
        ROOM01,
        "GE, Robert C",
        "Dc",
    ),
    "fhir-converter/SIU-S16-02.hl7": (
        "36996",  # SCH-2, the filler id
        Action.DISCONTINUE,
        EVERYMAN,
        datetime(2021, 8, 18, 11, 30),
        GHH,
        LAB,
        "PB, Tim G",
        "Dc",
    ),
    "fhir-converter/SIU-S17-01.hl7": (
        "36996",  # SCH-2, the filler id
        Action.DELETE,
        EVERYMAN,
        datetime(2021, 9, 24, 9, 30),
        GHH,
        ROOM01,
        "GE, Robert C",
        "Deleted",
    ),
    "fhir-converter/SIU-S17-02.hl7": (
        "36996",  # SCH-2, the filler id
        Action.DELETE,
        EVERYMAN,
        datetime(2021, 8, 18, 11, 30),
        GHH,
        LAB,
        "PB, Tim G",
        "Deleted",
    ),
    "fhir-converter/SIU-S26-01.hl7": (
        "36996",  # SCH-2, the filler id
        Action.NO_SHOW,
        EVERYMAN,
        datetime(2021, 9, 24, 9, 30),
        GHH,
        ROOM01,
        "GE, Robert C",
        "Noshow",
    ),
    "fhir-converter/SIU-S26-02.hl7": (
        "36996",  # SCH-2, the filler id
        Action.NO_SHOW,
        EVERYMAN,
        datetime(2021, 8, 18, 11, 30),
        GHH,
        LAB,
        "PB, Tim G",
        "Noshow",
    ),
    "mamori/VisitorTest_testSIU_S12_MESA_OP.hl7": (
        "2196178",  # SCH-2, the filler id
        Action.BOOK,
        ("42", "SMITH", "PAUL", date(1978, 10, 12)),
        datetime(2011, 6, 14, 8, 45),  # AIL-6 wins over the disagreeing SCH-11.4 (17 June)
        None,
        ("OFFICE", "OFFICE"),
        "White, Charles A",
        "Scheduled",
    ),
    "mamori/VisitorTest_testSIU_S15_athenahealth.hl7": (
        "33910",
        Action.CANCEL,
        ("105613", "LASTNAME", "FIRSTNAME", date(1988, 6, 1)),
        datetime(2015, 5, 19, 13, 0),
        None,
        ("2", "TEST DEPARTMENT"),
        "providerusername",
        "NOSHOW",
    ),
    "renalware/example_SIU_S12_BLT.hl7": (
        "149549015",
        Action.BOOK,
        ("10769857", "MOLLY", "RENALOP2", date(1987, 1, 1)),
        datetime(2024, 11, 6, 12, 0),
        None,
        RENAL_OPD,
        "Baxter, Stanley",
        "Confirmed",
    ),
    "renalware/example_SIU_S13_BLT.hl7": (
        "149549023",
        Action.RESCHEDULE,
        ("10769861", "MOLLY", "RENALEIGHT", date(1987, 1, 1)),
        datetime(2024, 11, 6, 11, 30),
        None,
        RENAL_OPD,
        "Stevens, Stanley",
        "Confirmed",
    ),
    "renalware/example_SIU_S14_BLT.hl7": (
        "149549023",
        Action.MODIFY,
        ("10769861", "MOLLY", "RENALEIGHT", date(1987, 1, 1)),
        datetime(2024, 11, 6, 11, 30),
        None,
        RENAL_OPD,
        "Stevens, Stanley",
        "Confirmed",
    ),
    "renalware/example_SIU_S15_BLT.hl7": (
        "149549027",
        Action.CANCEL,
        ("10769859", "MOLLY", "RENALTESTFIVE", date(1987, 1, 1)),
        datetime(2024, 11, 13, 10, 0),
        None,
        ("RNJ Renal SBH", "RNJ BARTS, RNJ KGV"),
        "RNJ Chester, Dr Brook - Nurse 2",
        "Cancelled",
    ),
}


def test_every_sample_file_has_an_expectation() -> None:
    on_disk = {str(path.relative_to(SAMPLES)) for path in SAMPLES.glob("*/*.hl7")}
    assert on_disk == set(EXPECTED) | {"fhir-converter/SIU_12.hl7"}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_sample_parses_to_the_expected_appointment(name: str) -> None:
    appointment_id, action, patient, start, offset, clinic, provider, status = EXPECTED[name]
    parsed = read_schedule(SAMPLES / name)
    assert parsed.format is FeedFormat.HL7
    assert parsed.source == name.split("/")[1]
    assert parsed.problems == ()
    [event] = parsed.events
    assert event.position == "message 1, line 1"
    assert event.appointment_id == appointment_id
    assert event.action is action
    assert (event.mrn, event.family_name, event.given_name, event.dob) == patient
    assert event.start == start
    assert event.start_offset == offset
    assert (event.clinic_code, event.clinic_name) == clinic
    assert event.provider == provider
    assert event.status == status


def test_the_adt_message_in_a_file_named_siu_is_a_problem_not_an_event() -> None:
    parsed = read_schedule(SAMPLES / "fhir-converter/SIU_12.hl7")
    assert parsed.events == ()
    [problem] = parsed.problems
    assert problem.position == "message 1, line 1"
    assert "ADT^A60" in problem.reason
    assert "not a schedule" in problem.reason


def test_all_samples_in_one_file_keep_their_positions() -> None:
    names = [*sorted(EXPECTED), "fhir-converter/SIU_12.hl7"]
    blob = b"\n".join((SAMPLES / name).read_bytes().replace(b"\r", b"\n") for name in names)
    parsed = read_schedule(blob, name="all.hl7")
    assert len(parsed.events) == len(EXPECTED)
    assert [event.appointment_id for event in parsed.events] == [
        EXPECTED[name][0] for name in sorted(EXPECTED)
    ]
    [problem] = parsed.problems
    assert problem.position.startswith(f"message {len(names)}, line ")
    lines = blob.decode().split("\n")
    line = int(problem.position.rsplit(" ", 1)[1])
    assert lines[line - 1].startswith("MSH|^~\\&|ADTApp")
