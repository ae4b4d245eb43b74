"""Garbage in: random bytes and mangled lines give events, problems or a RecordsDeskError only."""

from __future__ import annotations

import os

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from recordsdesk.domain.errors import RecordsDeskError
from recordsdesk.feeds import DEFAULT_HEADER, ParsedSchedule, read_schedule
from recordsdesk.feeds.dates import DateOrder, parse_csv_moment, parse_hl7_moment
from tests.feeds.conftest import SAMPLES

SAMPLE_TEXTS = [path.read_text() for path in sorted(SAMPLES.glob("*/*.hl7"))]
CSV_TEXT = (
    ",".join(DEFAULT_HEADER) + "\nA1,00432,Doe,Jane,1970-01-31,2025-03-10 09:30,C,Dr X,Booked\n"
)
HL7_ALPHABET = '|^~\\&\r\n\x0b\x1c "0123456789.+-MSHIUPDNTEQLGRCAabcxyz'
# RECORDSDESK_FUZZ_EXAMPLES=5000 digs deeper than the everyday run.
EXAMPLES = int(os.environ.get("RECORDSDESK_FUZZ_EXAMPLES", "300"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def read_or_refuse(data: bytes) -> ParsedSchedule | None:
    """Parse; a documented refusal is fine, anything else escapes and fails the test."""
    try:
        parsed = read_schedule(data, name="fuzz")
    except RecordsDeskError as error:
        assert error.message
        return None
    for event in parsed.events:
        assert event.position.startswith(("message ", "line "))
        assert event.mrn
        assert event.appointment_id
        assert event.start is not None or event.action.withdraws
    for problem in parsed.problems:
        assert problem.position
        assert problem.reason
    return parsed


@FUZZ
@given(st.binary(max_size=2000))
def test_random_bytes(data: bytes) -> None:
    read_or_refuse(data)


@FUZZ
@given(st.text(alphabet=HL7_ALPHABET, max_size=400))
def test_random_hl7_looking_text(text: str) -> None:
    read_or_refuse(("MSH|^~\\&|" + text).encode())


@st.composite
def mangled(draw: st.DrawFn, texts: list[str]) -> str:
    """A real feed with a few cuts, insertions and duplications."""
    text = draw(st.sampled_from(texts))
    for _ in range(draw(st.integers(1, 6))):
        at = draw(st.integers(0, len(text)))
        how = draw(st.sampled_from(["cut", "insert", "duplicate"]))
        if how == "cut":
            text = text[:at] + text[at + draw(st.integers(1, 40)) :]
        elif how == "insert":
            text = text[:at] + draw(st.text(alphabet=HL7_ALPHABET, max_size=12)) + text[at:]
        else:
            text = text[:at] + text[at : at + 60] + text[at:]
    return text


@FUZZ
@given(mangled(SAMPLE_TEXTS))
def test_mangled_hl7_samples(text: str) -> None:
    read_or_refuse(text.encode())


@FUZZ
@given(st.lists(st.sampled_from(SAMPLE_TEXTS), min_size=1, max_size=4))
def test_whole_messages_survive_a_bad_neighbour(texts: list[str]) -> None:
    good = [t.replace("\r", "\n").strip("\n") for t in texts if "ADT^A60" not in t]
    bad = "MSH|^~\\&|X|Y|||2025||SIU^S12|1|P|2.5\nSCH|1||||||||||^^^20259999\nPID|1||5\n"
    parsed = read_or_refuse(("\n".join([*good, bad, *good]) + "\n").encode())
    assert parsed is not None
    assert len(parsed.events) == 2 * len(good)
    assert parsed.problems[-1].position.startswith(f"message {len(good) + 1}, ")


@FUZZ
@given(mangled([CSV_TEXT]))
def test_mangled_csv(text: str) -> None:
    read_or_refuse(text.encode())


@FUZZ
@given(st.text(max_size=30))
def test_date_readers_refuse_with_invalid_input_only(text: str) -> None:
    for read in (
        parse_hl7_moment,
        parse_csv_moment,
        lambda t: parse_csv_moment(t, DateOrder.DAY_FIRST),
    ):
        try:
            moment, _ = read(text)
        except RecordsDeskError:
            continue
        assert moment.tzinfo is None
