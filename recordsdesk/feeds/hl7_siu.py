"""HL7 v2 SIU schedule messages (S12-S17, S26) read into appointment events."""

from __future__ import annotations

import string
from datetime import date, datetime, timedelta

import hl7
from hl7.exceptions import ParseException

from recordsdesk.domain.errors import InvalidInput
from recordsdesk.domain.mrn import MrnRules, normalize_mrn
from recordsdesk.feeds.dates import parse_hl7_date, parse_hl7_moment
from recordsdesk.feeds.events import (
    Action,
    AppointmentEvent,
    FeedFormat,
    FeedProblem,
    ParsedSchedule,
)
from recordsdesk.feeds.framing import FramedMessage, frame_messages
from recordsdesk.feeds.hl7_fields import (
    Segment,
    coded_text,
    first_value,
    location,
    person_name,
    repetitions,
    segment_id,
    value,
)

TRIGGERS: dict[str, Action] = {
    "S12": Action.BOOK,
    "S13": Action.RESCHEDULE,
    "S14": Action.MODIFY,
    "S15": Action.CANCEL,
    "S16": Action.DISCONTINUE,
    "S17": Action.DELETE,
    "S26": Action.NO_SHOW,
}
_MRN_TYPES = frozenset({"MR", "MRN"})
# Only these segments are read; the rest (NTE, OBX, DG1, PV2...) is skipped before parsing,
# which halves the parse time of a full-featured feed.
_READ_SEGMENTS = frozenset({"MSH", "SCH", "TQ1", "PID", "PV1", "AIS", "AIL", "AIG", "AIP"})
_SITE_DEFAULTS = MrnRules()
_NOT_DELIMITERS = frozenset(string.ascii_letters + string.digits + string.whitespace)


def parse_hl7_schedule(text: str, source: str, rules: MrnRules = _SITE_DEFAULTS) -> ParsedSchedule:
    """Every message of an HL7 file: SIU messages become events, anything else a problem."""
    events: list[AppointmentEvent] = []
    problems: list[FeedProblem] = []
    notices: list[FeedProblem] = []
    for part in frame_messages(text):
        if not isinstance(part, FramedMessage):
            problems.append(FeedProblem(part.position, "segments before the first MSH header"))
            continue
        if part.recovered:
            notices.append(FeedProblem(part.position, part.recovered))
        try:
            events.append(read_siu(part, rules))
        except InvalidInput as error:
            problems.append(FeedProblem(part.position, error.message))
    return ParsedSchedule(source, FeedFormat.HL7, tuple(events), tuple(problems), tuple(notices))


def _check_header(text: str) -> None:
    """Refuse an MSH whose delimiters python-hl7 could not use (letters, repeats, too many)."""
    if len(text) < 5 or text[3] in _NOT_DELIMITERS:
        raise InvalidInput("the MSH segment has no field separator")
    separator = text[3]
    end = text.find(separator, 4)
    encoding = text[4:end] if end > 0 else text[4:]
    # Missing encoding characters take their defaults, as python-hl7 does: ^~\&.
    delimiters = separator + encoding + "^~\\&"[len(encoding) :]
    if (
        not 1 <= len(encoding) <= 5
        or len(set(delimiters)) != len(delimiters)
        or any(char in _NOT_DELIMITERS for char in encoding)
    ):
        raise InvalidInput(f"the MSH encoding characters '{encoding}' are not usable")


def read_siu(framed: FramedMessage, rules: MrnRules = _SITE_DEFAULTS) -> AppointmentEvent:
    """One framed message as an appointment event, or InvalidInput saying what is wrong."""
    _check_header(framed.text)
    try:
        lines = framed.text.split("\r")
        message = hl7.parse("\r".join(line for line in lines if line[:3] in _READ_SEGMENTS))
    except (ParseException, ValueError, IndexError) as error:
        raise InvalidInput(f"not a readable HL7 message ({error})") from None
    segments: dict[str, list[Segment]] = {}
    for segment in message:
        segments.setdefault(segment_id(segment), []).append(segment)
    msh = segments["MSH"][0]
    kind, trigger = value(msh, 9, 1), value(msh, 9, 2)
    if "_" in kind and not trigger:
        kind, _, trigger = kind.partition("_")
    if kind.upper() != "SIU":
        raise InvalidInput(f"message type {kind}^{trigger} is not a schedule (SIU) message")
    action = TRIGGERS.get(trigger.upper())
    if action is None:
        raise InvalidInput(f"SIU^{trigger} is not an appointment event this import applies")
    for required in ("SCH", "PID"):
        if required not in segments:
            raise InvalidInput(f"SIU^{trigger} has no {required} segment")
    sch, pid = segments["SCH"][0], segments["PID"][0]
    appointment_id = value(sch, 1) or value(sch, 2)
    if not appointment_id:
        raise InvalidInput("no appointment id in SCH-1 (placer) or SCH-2 (filler)")
    start, offset = _start(segments, action)
    clinic_code, clinic_name = _clinic(segments)
    dob_text = value(pid, 7)
    return AppointmentEvent(
        position=framed.position,
        appointment_id=appointment_id,
        action=action,
        mrn=normalize_mrn(_raw_mrn(pid), rules),
        family_name=value(pid, 5, 1),
        given_name=value(pid, 5, 2),
        dob=_dated("birth date PID-7", dob_text) if dob_text else None,
        start=start,
        start_offset=offset,
        clinic_code=clinic_code,
        clinic_name=clinic_name,
        provider=_provider(segments),
        status=value(sch, 25),
    )


def _raw_mrn(pid: Segment) -> str:
    """PID-3's repetition typed MR or MRN, else its untyped one, else PID-2; as written."""
    count = repetitions(pid, 3)
    ids = [(value(pid, 3, 1, n), value(pid, 3, 5, n).upper()) for n in range(1, count + 1)]
    typed = [identifier for identifier, kind in ids if identifier and kind in _MRN_TYPES]
    bare = [identifier for identifier, kind in ids if identifier and not kind]
    if typed or bare:
        return (typed or bare)[0]
    external = value(pid, 2)
    if external:
        return external
    raise InvalidInput("no MRN: PID-3 has no MR identifier and PID-2 is empty")


def _dated(label: str, text: str) -> date:
    """A date field, or InvalidInput naming the field."""
    try:
        return parse_hl7_date(text)
    except InvalidInput as error:
        raise InvalidInput(f"{label}: {error.message}") from None


def _start(
    segments: dict[str, list[Segment]], action: Action
) -> tuple[datetime | None, timedelta | None]:
    """The start from TQ1-7, else AIS-4, else AIL-6, else SCH-11.4 (the first one given)."""
    sources = (("TQ1", 7, 1), ("AIS", 4, 1), ("AIL", 6, 1), ("SCH", 11, 4))
    for name, field, component in sources:
        text = first_value(segments.get(name, []), field, component)
        if text:
            try:
                return parse_hl7_moment(text)
            except InvalidInput as error:
                label = f"{name}-{field}" + (f".{component}" if component > 1 else "")
                raise InvalidInput(f"start time {label}: {error.message}") from None
    if action.withdraws:
        return None, None
    raise InvalidInput("no start time in TQ1-7, AIS-4, AIL-6 or SCH-11.4")


def _clinic(segments: dict[str, list[Segment]]) -> tuple[str, str]:
    """The clinic from the first AIL-3 given, else PV1-3."""
    for name, field in (("AIL", 3), ("PV1", 3)):
        for segment in segments.get(name, []):
            code, clinic_name = location(segment, field)
            if code:
                return code, clinic_name
    return "", ""


def _provider(segments: dict[str, list[Segment]]) -> str:
    """The clinician from AIP-3, else AIG-3, else PV1-7."""
    for segment in segments.get("AIP", []):
        if name := person_name(segment, 3):
            return name
    for segment in segments.get("AIG", []):
        if name := coded_text(segment, 3):
            return name
    for segment in segments.get("PV1", []):
        if name := person_name(segment, 7):
            return name
    return ""
