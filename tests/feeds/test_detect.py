"""Recognising a schedule file by its content, and refusing files that are neither kind."""

from __future__ import annotations

from pathlib import Path

import pytest

from recordsdesk.domain.errors import InvalidInput, NotFound, RecordsDeskError
from recordsdesk.feeds import CsvLayout, FeedFormat, detect_format, read_schedule


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("MSH|^~\\&|A|B\rSCH|1\r", FeedFormat.HL7),
        ("\n\n  MSH|^~\\&|A|B\n", FeedFormat.HL7),
        ("\x0bMSH|^~\\&|A|B\r\x1c\r", FeedFormat.HL7),
        ("\ufeffMSH|^~\\&|A", FeedFormat.HL7),
        ("FHS|^~\\&|A\rMSH|^~\\&|A", FeedFormat.HL7),
        ("BHS|^~\\&|A\rMSH|^~\\&|A", FeedFormat.HL7),
        ("appointment_id,mrn,start\n1,2,3", FeedFormat.CSV),
        ("MSH,mrn,start,appointment_id\n", FeedFormat.CSV),
        ("MRN;Start;Appointment_ID", FeedFormat.CSV),
        ("mrn\tstart\t appointment_id ", FeedFormat.CSV),
        ('"mrn","start","appointment_id"', FeedFormat.CSV),
        ("mrn,start", None),
        ("MSH|", None),
        ("MSHX|^~\\&", None),
        ("just some words", None),
        ("%PDF-1.7\x00\x01,", None),
        ("", None),
    ],
)
def test_format_is_recognised_by_content(text: str, found: FeedFormat | None) -> None:
    assert detect_format(text) is found


def test_file_name_does_not_decide_the_format(tmp_path: Path) -> None:
    path = tmp_path / "schedule.hl7"
    path.write_text("appointment_id,mrn,start\nA1,5,2025-03-10 09:30\n")
    parsed = read_schedule(path)
    assert parsed.format is FeedFormat.CSV
    assert parsed.source == "schedule.hl7"
    assert parsed.events[0].mrn == "5"


def test_neither_format_names_the_file() -> None:
    with pytest.raises(InvalidInput) as raised:
        read_schedule(b"Dear file room,\nplease pull these charts.\n", name="letter.txt")
    assert raised.value.message.startswith("letter.txt is neither an HL7 v2 schedule")
    assert "nor a CSV schedule" in raised.value.message


def test_a_message_that_is_not_text_is_refused_alone_naming_the_byte_segment_and_line() -> None:
    parsed = read_schedule(b"MSH|^~\\&|A\n\xff\xfe\x00", name="dump.bin")
    assert parsed.events == ()
    assert [str(p) for p in parsed.problems] == [
        "message 1, line 1: byte 0xFF in segment 2, line 2, is not utf-8 text "
        "(read as utf-8): set the feed's fallback encoding or correct MSH-18"
    ]


def test_another_encoding_can_be_named() -> None:
    data = "appointment_id,mrn,start,family_name\nA1,5,2025-03-10 09:30,Muñoz\n".encode("cp1252")
    parsed = read_schedule(data, encoding="cp1252")
    assert parsed.events[0].family_name == "Muñoz"
    with pytest.raises(InvalidInput, match="Unknown text encoding 'klingon'"):
        read_schedule(data, encoding="klingon")


@pytest.mark.parametrize("content", [b"", b"   \n\r\n", b"\xef\xbb\xbf"])
def test_empty_file_is_refused(content: bytes) -> None:
    with pytest.raises(InvalidInput, match=r"upload\.csv is empty"):
        read_schedule(content, name="upload.csv")


def test_missing_and_unreadable_paths(tmp_path: Path) -> None:
    with pytest.raises(NotFound, match="does not exist"):
        read_schedule(tmp_path / "nowhere.hl7")
    with pytest.raises(InvalidInput, match="cannot be read"):
        read_schedule(tmp_path)


def test_csv_header_is_matched_through_the_site_mapping() -> None:
    layout = CsvLayout(columns={"mrn": "Patient No"})
    data = b"Patient No,start,appointment_id\n5,2025-03-10 09:30,A1\n"
    assert detect_format(data.decode(), layout) is FeedFormat.CSV
    assert read_schedule(data, layout=layout).events[0].mrn == "5"
    with pytest.raises(RecordsDeskError, match="the columns appointment_id, mrn, start"):
        read_schedule(data)
