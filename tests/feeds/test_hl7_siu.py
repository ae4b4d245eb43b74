"""HL7 SIU messages: framing, where each value comes from, and what makes a message a problem."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from recordsdesk.domain.checkdigit import CheckDigitScheme
from recordsdesk.domain.mrn import MrnRules
from recordsdesk.feeds import Action, AppointmentEvent, read_schedule
from recordsdesk.feeds.hl7_siu import parse_hl7_schedule

SITE_DEFAULTS = MrnRules()


def siu(
    trigger: str = "S12",
    *,
    version: str = "2.5",
    sch_id: str = "A100",
    filler: str = "",
    sch_start: str = "",
    status: str = "Booked",
    tq1: str | None = "20250310093000",
    pid2: str = "",
    pid3: str = "00432^^^HOSP^MR",
    name: str = "DOE^JANE",
    dob: str = "19700101",
    pv1_location: str = "",
    pv1_attending: str = "",
    ais_start: str | None = None,
    ail: str | None = "CARD^Room 4^^Main Hospital",
    ail_start: str = "",
    aig: str | None = None,
    aip: str | None = "77^HOUSE^GREGORY",
    kind: str = "SIU",
) -> str:
    """A small SIU message with CR segment ends; None leaves a segment out."""
    sch = ["SCH", sch_id, filler] + [""] * 8 + [f"^^^{sch_start}" if sch_start else ""]
    sch += [""] * 13 + [status]
    segments = [
        f"MSH|^~\\&|SCHED|HOSP|RD|FILEROOM|20250301120000||{kind}^{trigger}|M1|P|{version}",
        "|".join(sch),
    ]
    if tq1 is not None:
        segments.append(f"TQ1|||||||{tq1}")
    segments.append(f"PID|1|{pid2}|{pid3}||{name}||{dob}")
    segments.append(f"PV1|1|O|{pv1_location}||||{pv1_attending}")
    segments.append("RGS|1")
    if ais_start is not None:
        segments.append(f"AIS|1||CONSULT^Consultation|{ais_start}")
    if ail is not None:
        segments.append(f"AIL|1||{ail}|||{ail_start}" if ail_start else f"AIL|1||{ail}")
    if aig is not None:
        segments.append(f"AIG|1||{aig}")
    if aip is not None:
        segments.append(f"AIP|1||{aip}")
    return "\r".join(segments) + "\r"


def one(text: str, rules: MrnRules = SITE_DEFAULTS) -> AppointmentEvent:
    """The single event of a one-message file (fails the test if it became a problem)."""
    parsed = parse_hl7_schedule(text, "test.hl7", rules)
    assert parsed.problems == ()
    [event] = parsed.events
    return event


def problem_of(text: str, rules: MrnRules = SITE_DEFAULTS) -> str:
    """The reason the single message of a file was refused."""
    parsed = parse_hl7_schedule(text, "test.hl7", rules)
    assert parsed.events == ()
    [problem] = parsed.problems
    return problem.reason


@pytest.mark.parametrize(
    ("trigger", "action"),
    [
        ("S12", Action.BOOK),
        ("S13", Action.RESCHEDULE),
        ("S14", Action.MODIFY),
        ("S15", Action.CANCEL),
        ("S16", Action.DISCONTINUE),
        ("S17", Action.DELETE),
        ("S26", Action.NO_SHOW),
    ],
)
def test_each_trigger_maps_to_its_action(trigger: str, action: Action) -> None:
    event = one(siu(trigger))
    assert event.action is action


def test_withdrawing_actions() -> None:
    assert {a for a in Action if a.withdraws} == {
        Action.CANCEL,
        Action.DISCONTINUE,
        Action.DELETE,
        Action.NO_SHOW,
    }


@pytest.mark.parametrize(
    "version", ["2.2", "2.3", "2.3.1", "2.4", "2.5", "2.5.1", "2.6", "2.7", "2.8"]
)
def test_versions_two_two_to_two_eight_parse(version: str) -> None:
    event = one(siu(version=version))
    assert event.mrn == "432"


@pytest.mark.parametrize(
    "framing",
    [
        pytest.param(lambda m: m, id="CR"),
        pytest.param(lambda m: m.replace("\r", "\n"), id="LF"),
        pytest.param(lambda m: m.replace("\r", "\r\n"), id="CRLF"),
        pytest.param(lambda m: "\x0b" + m + "\x1c\r", id="MLLP"),
    ],
)
def test_framings_with_many_messages_per_file(framing: object) -> None:
    messages = [siu(sch_id=f"A{n}") for n in range(1, 4)]
    text = "".join(framing(m) for m in messages)  # type: ignore[operator]
    parsed = parse_hl7_schedule(text, "feed.hl7")
    assert parsed.problems == ()
    assert [e.appointment_id for e in parsed.events] == ["A1", "A2", "A3"]
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    header_lines = [n for n, line in enumerate(lines, 1) if line.lstrip("\x0b").startswith("MSH")]
    assert len(header_lines) == 3
    assert [e.position for e in parsed.events] == [
        f"message {n}, line {line}" for n, line in enumerate(header_lines, 1)
    ]


def test_mllp_frames_with_blank_lines_and_batch_envelope() -> None:
    text = (
        "FHS|^~\\&|X\rBHS|^~\\&|X\r\x0b" + siu() + "\x1c\r\r\n" + siu(sch_id="B2") + "BTS|2\rFTS|1"
    )
    parsed = parse_hl7_schedule(text, "feed.hl7")
    assert [e.appointment_id for e in parsed.events] == ["A100", "B2"]
    assert parsed.events[0].position == "message 1, line 3"


def test_one_bad_message_does_not_stop_the_rest() -> None:
    text = siu(sch_id="A1") + siu(kind="ADT", trigger="A04") + siu(sch_id="A3")
    parsed = parse_hl7_schedule(text, "feed.hl7")
    assert [e.appointment_id for e in parsed.events] == ["A1", "A3"]
    [problem] = parsed.problems
    assert problem.position.startswith("message 2, line ")
    assert "ADT^A04" in problem.reason


def test_segments_before_the_first_header_are_reported() -> None:
    parsed = parse_hl7_schedule("PID|1||55\rNTE|1\r" + siu(), "feed.hl7")
    assert len(parsed.events) == 1
    [problem] = parsed.problems
    assert problem.position == "lines 1-2"
    assert "before the first MSH" in problem.reason


def test_unsupported_siu_trigger_is_a_problem() -> None:
    assert "SIU^S18" in problem_of(siu("S18"))


def test_message_type_given_as_one_component() -> None:
    text = siu().replace("SIU^S12", "SIU_S13")
    assert one(text).action is Action.RESCHEDULE


def test_missing_schedule_segment_is_a_problem() -> None:
    text = "\r".join(s for s in siu().split("\r") if not s.startswith("SCH"))
    assert "no SCH segment" in problem_of(text)


def test_appointment_id_falls_back_to_the_filler_id() -> None:
    assert one(siu(sch_id="", filler="F77^SCHED")).appointment_id == "F77"


def test_no_appointment_id_is_a_problem() -> None:
    assert "appointment id" in problem_of(siu(sch_id=""))


# -- the MRN


@pytest.mark.parametrize(
    ("pid2", "pid3", "expected"),
    [
        ("", "999^^^SSA^SS~00432^^^HOSP^MR", "00432"),
        ("", "999^^^SSA^SS~10769857^^^RNJ 5C4 MRN^MRN", "10769857"),
        ("", "999^^^SSA^SS~00432^^^HOSP^mr", "00432"),
        ("", "00432", "00432"),
        ("", "999^^^SSA^SS~00432", "00432"),
        ("00432^^^HOSP^MR", "", "00432"),
        ("00432", "999^^^SSA^SS", "00432"),
        ("1", "00432^^^HOSP^MR", "00432"),
    ],
)
def test_mrn_comes_from_mr_then_bare_pid3_then_pid2(pid2: str, pid3: str, expected: str) -> None:
    keep_zeros = MrnRules(leading_zeros_significant=True)
    assert one(siu(pid2=pid2, pid3=pid3), keep_zeros).mrn == expected


def test_leading_zeros_follow_the_site_rules() -> None:
    assert one(siu(pid3="00432")).mrn == "432"
    kept = one(siu(pid3="00432"), MrnRules(leading_zeros_significant=True))
    assert kept.mrn == "00432"


def test_no_mrn_is_a_problem() -> None:
    assert "no MRN" in problem_of(siu(pid3="999^^^SSA^SS"))


def test_mrn_failing_the_check_digit_is_a_problem_for_that_message_only() -> None:
    luhn = MrnRules(check_digit=CheckDigitScheme.LUHN)
    text = siu(sch_id="A1", pid3="1234566") + siu(sch_id="A2", pid3="1234567")
    parsed = parse_hl7_schedule(text, "feed.hl7", luhn)
    assert [(e.appointment_id, e.mrn) for e in parsed.events] == [("A1", "1234566")]
    [problem] = parsed.problems
    assert problem.position.startswith("message 2")
    assert "fails the site's luhn check digit" in problem.reason


def test_malformed_mrn_is_a_problem() -> None:
    assert "not a valid MRN" in problem_of(siu(pid3="12 34^^^H^MR"))


def test_patient_name_and_birth_date_with_time_and_offset() -> None:
    event = one(siu(name="O\\S\\BRIEN&&&&X^MARY^K", dob="198808181126+0215"))
    assert event.family_name == "O^BRIEN"
    assert event.given_name == "MARY"
    assert event.dob == date(1988, 8, 18)


def test_empty_and_null_birth_date() -> None:
    assert one(siu(dob="")).dob is None
    assert one(siu(dob='""')).dob is None


def test_impossible_birth_date_is_a_problem() -> None:
    reason = problem_of(siu(dob="19700230"))
    assert "PID-7" in reason
    assert "'19700230' is not a real date" in reason


# -- the start time


def test_start_prefers_tq1_then_ais_then_ail_then_sch() -> None:
    full = siu(
        tq1="202503100900",
        ais_start="202503101000",
        ail_start="202503101100",
        sch_start="202503101200",
    )
    assert one(full).start == datetime(2025, 3, 10, 9, 0)
    no_tq1 = siu(
        tq1=None, ais_start="202503101000", ail_start="202503101100", sch_start="202503101200"
    )
    assert one(no_tq1).start == datetime(2025, 3, 10, 10, 0)
    only_ail = siu(tq1=None, ail_start="202503101100", sch_start="202503101200")
    assert one(only_ail).start == datetime(2025, 3, 10, 11, 0)
    only_sch = siu(tq1=None, sch_start="202503101200")
    assert one(only_sch).start == datetime(2025, 3, 10, 12, 0)


def test_empty_tq1_falls_through() -> None:
    event = one(siu(tq1="", sch_start="202503101200"))
    assert event.start == datetime(2025, 3, 10, 12, 0)


@pytest.mark.parametrize(
    ("written", "start", "offset"),
    [
        ("20250310093000", datetime(2025, 3, 10, 9, 30), None),
        ("202503100930", datetime(2025, 3, 10, 9, 30), None),
        ("2025031009", datetime(2025, 3, 10, 9, 0), None),
        ("20250310", datetime(2025, 3, 10, 0, 0), None),
        ("20250310093015.25", datetime(2025, 3, 10, 9, 30, 15, 250000), None),
        ("202503100930+0215", datetime(2025, 3, 10, 9, 30), timedelta(hours=2, minutes=15)),
        ("20250310093000-0500", datetime(2025, 3, 10, 9, 30), timedelta(hours=-5)),
        ("202503100930 ", datetime(2025, 3, 10, 9, 30), None),
    ],
)
def test_start_time_formats(written: str, start: datetime, offset: timedelta | None) -> None:
    event = one(siu(tq1=written))
    assert event.start == start
    assert event.start_offset == offset


@pytest.mark.parametrize(
    ("written", "reason"),
    [
        ("20250230093000", "not a real date"),
        ("20251310", "not a real date"),
        ("202503102500", "not a real date"),
        ("202503100960", "not a real date"),
        ("2025-03-10 09:30", "not an HL7 date"),
        ("202503", "not an HL7 date"),
        ("202503100930+2400", "impossible UTC offset"),
    ],
)
def test_impossible_start_is_a_problem_naming_the_field(written: str, reason: str) -> None:
    text = problem_of(siu(tq1=written))
    assert "start time TQ1-7" in text
    assert reason in text


def test_no_start_refuses_a_booking_but_not_a_cancellation() -> None:
    assert "no start time" in problem_of(siu(tq1=None))
    cancel = one(siu("S15", tq1=None))
    assert cancel.start is None
    assert cancel.action is Action.CANCEL


# -- clinic, provider, status


@pytest.mark.parametrize(
    ("ail", "pv1", "code", "name"),
    [
        ("2^Brockton", "", "2", "Brockton"),
        ("CARD^^^Main Hospital^^^East Wing^3", "", "CARD", "Main Hospital, East Wing, 3"),
        ("^^^FACILITY2^^^BUILDING2^FLOOR2", "", "FACILITY2", "BUILDING2, FLOOR2"),
        ("CARD^Room 4^^^^^^^Cardiology Clinic", "", "CARD", "Cardiology Clinic"),
        ("ENT", "", "ENT", "ENT"),
        ("11&X-Ray Room&L", "", "11", "11"),
        (
            None,
            "RNJ Renal OPD^Nephrology New^^RNJ ROYALLONDON",
            "RNJ Renal OPD",
            "Nephrology New, RNJ ROYALLONDON",
        ),
        ("", "OPD^^^GHH", "OPD", "GHH"),
        (None, "", "", ""),
    ],
)
def test_clinic_from_ail3_else_pv1_3(ail: str | None, pv1: str, code: str, name: str) -> None:
    event = one(siu(ail=ail, pv1_location=pv1))
    assert (event.clinic_code, event.clinic_name) == (code, name)


@pytest.mark.parametrize(
    ("aip", "aig", "pv1", "provider"),
    [
        ("77^HOUSE^GREGORY^M", "DEVICE^Scanner", "9^PV1^DOC", "HOUSE, GREGORY M"),
        ("77^HOUSE", None, "", "HOUSE"),
        ("77", None, "", "77"),
        (None, "Baxter, Stanley", "9^PV1^DOC", "Baxter, Stanley"),
        (None, "123^ABC Cell Counter^L", "", "ABC Cell Counter"),
        (None, None, "Z3590850^Smith^John^^^Dr", "Smith, John"),
        ("", "", "Z3590850", "Z3590850"),
        (None, None, "", ""),
    ],
)
def test_provider_from_aip_then_aig_then_pv1_7(
    aip: str | None, aig: str | None, pv1: str, provider: str
) -> None:
    assert one(siu(aip=aip, aig=aig, pv1_attending=pv1)).provider == provider


def test_status_is_sch25_as_written() -> None:
    assert one(siu(status="Confirmed^Confirmed")).status == "Confirmed"
    assert one(siu(status="")).status == ""


def test_unusable_header_is_a_problem() -> None:
    assert "encoding characters" in problem_of("MSH|^^~&|X|Y\rSCH|1\r")
    # Too few characters: python-hl7's defaults for the rest would repeat the '&'.
    assert "encoding characters '^&'" in problem_of("MSH|^&|X|Y\rSCH|1\r")
    assert "field separator" in problem_of("MSHA^~\\&|X\rSCH|1\r")


def test_read_schedule_passes_the_site_rules_to_hl7() -> None:
    parsed = read_schedule(
        siu(pid3="00432").encode(), rules=MrnRules(leading_zeros_significant=True)
    )
    assert parsed.events[0].mrn == "00432"
