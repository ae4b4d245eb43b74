"""HL7 v2 SIU schedule messages (S12-S17, S26) read into appointment events."""

from __future__ import annotations

import codecs
import re
import string
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

from recordsdesk.domain.errors import InvalidInput
from recordsdesk.domain.mrn import MrnRules, normalize_mrn
from recordsdesk.feeds.charsets import hl7_codec
from recordsdesk.feeds.dates import parse_hl7_date, parse_hl7_moment
from recordsdesk.feeds.events import (
    Action,
    AppointmentEvent,
    FeedFormat,
    FeedNotice,
    FeedProblem,
    Note,
    NoticeKind,
    ParsedSchedule,
)
from recordsdesk.feeds.framing import FramedMessage, frame_messages
from recordsdesk.feeds.hl7_fields import (
    Segment,
    coded_text,
    first_value,
    location,
    parse_segments,
    person_name,
    repetitions,
    value,
)
from recordsdesk.feeds.profile import ClinicCode, FeedProfile

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
_STANDARD = FeedProfile()
_NOT_DELIMITERS = frozenset(string.ascii_letters + string.digits + string.whitespace)


# A byte that was not UTF-8, kept as a surrogate escape when the file was read.
_ESCAPED = re.compile("[\udc80-\udcff]")


def parse_hl7_schedule(
    text: str,
    source: str,
    rules: MrnRules = _SITE_DEFAULTS,
    profile: FeedProfile = _STANDARD,
    raw_encoding: str = "utf-8",
) -> ParsedSchedule:
    """Every message of an HL7 file: SIU messages become events, anything else a problem.

    ``text`` is the file decoded as ``raw_encoding`` with undecodable bytes kept as surrogate
    escapes: each message is then decoded as its MSH-18 declares (else the feed's fallback
    encoding), and a message whose bytes are not text in that encoding is refused alone, with
    the byte, the segment and the line.
    """
    events: list[AppointmentEvent] = []
    problems: list[FeedProblem] = []
    notices: list[FeedNotice] = []
    for part in frame_messages(text):
        if not isinstance(part, FramedMessage):
            problems.append(FeedProblem(part.position, "segments before the first MSH header"))
            continue
        if part.recovered:
            notices.append(FeedNotice(part.position, part.recovered, NoticeKind.FRAMING))
        try:
            framed, how = decode_message(part, profile.encoding, raw_encoding)
            if how:
                notices.append(FeedNotice(part.position, how, NoticeKind.ENCODING))
            event = read_siu(framed, rules, profile)
        except InvalidInput as error:
            problems.append(FeedProblem(part.position, error.message))
            continue
        events.append(event)
        notices.extend(FeedNotice(part.position, note.text, note.kind) for note in event.notes)
    return ParsedSchedule(source, FeedFormat.HL7, tuple(events), tuple(problems), tuple(notices))


def decode_message(
    framed: FramedMessage, fallback: str, raw_encoding: str = "utf-8"
) -> tuple[FramedMessage, str]:
    """The message as text in the encoding its MSH-18 declares, else ``fallback``, else UTF-8;
    with a note when it was not read as UTF-8. InvalidInput locates a byte that is not text."""
    declared = _msh_field(framed.text, 18)
    codec = ""
    note = ""
    if declared:
        codec = hl7_codec(declared)
        if not codec:
            codec = fallback or "utf-8"
            note = f"MSH-18 '{declared}' is not an encoding this import knows: read as {codec}"
    elif fallback:
        codec = fallback
    codec = codec or "utf-8"
    escaped = _ESCAPED.search(framed.text) is not None
    if not escaped and codecs.lookup(codec).name in ("utf-8", codecs.lookup(raw_encoding).name):
        return framed, note
    data = framed.text.encode(raw_encoding, "surrogateescape")
    try:
        text = data.decode(codec)
    except UnicodeDecodeError as error:
        before = data[: error.start]
        segment_number = before.count(b"\r")
        segment = data.split(b"\r")[segment_number][:3].decode("ascii", "replace")
        named = f" ({segment})" if segment.isalnum() else ""
        said = f"MSH-18 says {declared}" if declared else f"read as {codec}"
        raise InvalidInput(
            f"byte 0x{data[error.start]:02X} in segment {segment_number + 1}{named}, "
            f"line {framed.line + segment_number}, is not {codec} text ({said}): "
            "set the feed's fallback encoding or correct MSH-18"
        ) from None
    if codecs.lookup(codec).name != "utf-8":
        note = note or f"decoded as {codec}" + (f" (MSH-18 {declared})" if declared else "")
    return replace(framed, text=text), note


def _msh_field(text: str, number: int) -> str:
    """An MSH field's first component read straight from the header line (MSH-1 is the
    separator itself, so MSH-n is the n-1th item after splitting)."""
    header = text.split("\r", 1)[0]
    if len(header) < 4:
        return ""
    parts = header.split(header[3])
    if number - 1 >= len(parts):
        return ""
    component = header[4] if len(header) > 4 else "^"
    return parts[number - 1].split(component)[0].strip()


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


def read_siu(
    framed: FramedMessage, rules: MrnRules = _SITE_DEFAULTS, profile: FeedProfile = _STANDARD
) -> AppointmentEvent:
    """One framed message as an appointment event, or InvalidInput saying what is wrong."""
    _check_header(framed.text)
    segments = parse_segments(framed.text, _READ_SEGMENTS)
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
    notes: list[Note] = []
    appointment_id, key, aliases = _identity(msh, sch, profile, notes)
    status = value(sch, 25)
    folded = "".join(char for char in status.lower() if char.isalnum())
    if not action.withdraws and folded in _WITHDRAWN_STATUSES:
        notes.append(
            Note(
                NoticeKind.STATUS,
                f"SCH-25 '{status}' on an {trigger.upper()}: applied as "
                f"{_WITHDRAWN_STATUSES[folded].value.replace('_', '-')}",
            )
        )
        action = _WITHDRAWN_STATUSES[folded]
    start, offset = _start(segments, action, notes)
    clinic_code, clinic_name = _clinic(segments, profile)
    dob_text = value(pid, 7)
    return AppointmentEvent(
        position=framed.position,
        appointment_id=appointment_id,
        action=action,
        mrn=normalize_mrn(_raw_mrn(pid, profile, notes), rules),
        family_name=value(pid, 5, 1),
        given_name=value(pid, 5, 2),
        dob=_dated("birth date PID-7", dob_text) if dob_text else None,
        start=start,
        start_offset=offset,
        clinic_code=clinic_code,
        clinic_name=clinic_name,
        provider=_provider(segments),
        status=status,
        key=key,
        aliases=aliases,
        message_at=_message_time(value(msh, 7)),
        notes=tuple(notes),
    )


# SCH-25 statuses (HL7 table 0278 and what feeds write) that withdraw whatever the trigger.
_WITHDRAWN_STATUSES = {
    "cancelled": Action.CANCEL,
    "canceled": Action.CANCEL,
    "noshow": Action.NO_SHOW,
    "deleted": Action.DELETE,
}


def _message_time(text: str) -> datetime | None:
    """MSH-7 in UTC (a time without offset is this machine's local time); None when unusable."""
    if not text:
        return None
    try:
        moment, offset = parse_hl7_moment(text)
    except InvalidInput:
        return None
    if offset is not None:
        return (moment - offset).replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def _entity(segment: Segment, field: int) -> tuple[str, str]:
    """An EI value: (the id, the id with its namespace EI.2 when given, as keyed)."""
    ident, namespace = value(segment, field, 1), value(segment, field, 2)
    return ident, f"{ident}^{namespace}" if ident and namespace else ident


def _identity(
    msh: Segment, sch: Segment, profile: FeedProfile, notes: list[Note]
) -> tuple[str, str, tuple[str, ...]]:
    """(the appointment id shown, the key it is known by, the keys of its other ids): filler id
    (SCH-2) first, then placer id (SCH-1) unless the feed says otherwise, qualified by MSH-3 and
    MSH-4. A message carrying both ids gives the other's key too, so that an appointment first
    heard of by either id is found by both."""
    ids = {"filler": _entity(sch, 2), "placer": _entity(sch, 1)}
    order = profile.identity.value.split(",")
    chosen = next((name for name in order if ids[name][0]), "")
    if not chosen:
        fields = " or ".join(f"SCH-{2 if n == 'filler' else 1} ({n})" for n in order)
        raise InvalidInput(f"no appointment id in {fields}")
    others = [n for n in order if n != chosen]
    if others and chosen != order[0]:
        notes.append(
            Note(
                NoticeKind.APPOINTMENT_ID,
                f"appointment keyed on the {chosen} id {ids[chosen][0]}: no {order[0]} id",
            )
        )
    sender = "^".join(value(msh, n) for n in (3, 4)) + "|" if profile.qualify else ""
    aliases = tuple(f"{sender}{name}:{ids[name][1]}" for name in others if ids[name][0])
    return ids[chosen][0], f"{sender}{chosen}:{ids[chosen][1]}", aliases


def _raw_mrn(pid: Segment, profile: FeedProfile, notes: list[Note]) -> str:
    """The PID-3 repetition whose type (CX.5) is one of the feed's MRN types and, when the feed
    names one, whose assigning authority (CX.4) is the feed's; else the untyped one (standard
    types only), else PID-2. A choice among several different identifiers is noted."""
    count = repetitions(pid, 3)
    ids = [
        (value(pid, 3, 1, n), value(pid, 3, 5, n).upper(), value(pid, 3, 4, n), n)
        for n in range(1, count + 1)
    ]
    types = set(profile.mrn_types)
    authority = profile.mrn_authority.upper()
    typed = [
        item
        for item in ids
        if item[0] and item[1] in types and (not authority or item[2].upper() == authority)
    ]
    standard = types & _MRN_TYPES
    bare = [item for item in ids if item[0] and not item[1] and standard]
    found = typed or bare
    if found:
        ident, kind, issuer, number = found[0]
        if len({item[0] for item in ids if item[0]}) > 1:
            said = ", ".join(part for part in (kind or "untyped", issuer) if part)
            notes.append(
                Note(
                    NoticeKind.MRN,
                    f"MRN {ident} from PID-3 repetition {number} ({said}) among "
                    f"{sum(1 for item in ids if item[0])} identifiers",
                )
            )
        return ident
    external = value(pid, 2)
    if external and standard:
        notes.append(
            Note(
                NoticeKind.MRN, f"MRN {external} from PID-2: PID-3 has no {'/'.join(sorted(types))}"
            )
        )
        return external
    wanted = "/".join(sorted(types)) + (f" from {profile.mrn_authority}" if authority else "")
    raise InvalidInput(f"no MRN: PID-3 has no {wanted} identifier and PID-2 is empty")


def _dated(label: str, text: str) -> date:
    """A date field, or InvalidInput naming the field."""
    try:
        return parse_hl7_date(text)
    except InvalidInput as error:
        raise InvalidInput(f"{label}: {error.message}") from None


_START_SOURCES = (("TQ1", 7, 1), ("AIS", 4, 1), ("AIL", 6, 1), ("AIP", 6, 1), ("SCH", 11, 4))


def _label(name: str, field: int, component: int) -> str:
    return f"{name}-{field}" + (f".{component}" if component > 1 else "")


def _start(
    segments: dict[str, list[Segment]], action: Action, notes: list[Note]
) -> tuple[datetime | None, timedelta | None]:
    """The start from TQ1-7, else AIS-4, else AIL-6, else AIP-6, else SCH-11.4 (the first one
    given); when SCH-11.4 says another time, the choice is noted."""
    for name, field, component in _START_SOURCES:
        text = first_value(segments.get(name, []), field, component)
        if text:
            try:
                moment = parse_hl7_moment(text)
            except InvalidInput as error:
                label = _label(name, field, component)
                raise InvalidInput(f"start time {label}: {error.message}") from None
            if name != "SCH":
                other = first_value(segments.get("SCH", []), 11, 4)
                try:
                    theirs = parse_hl7_moment(other)[0] if other else None
                except InvalidInput:
                    theirs = None
                if theirs is not None and theirs != moment[0]:
                    notes.append(
                        Note(
                            NoticeKind.START_TIME,
                            f"start {moment[0]:%Y-%m-%d %H:%M} from "
                            f"{_label(name, field, component)} over SCH-11.4 "
                            f"({theirs:%Y-%m-%d %H:%M})",
                        )
                    )
            return moment
    if action.withdraws:
        return None, None
    raise InvalidInput("no start time in TQ1-7, AIS-4, AIL-6, AIP-6 or SCH-11.4")


def _clinic(segments: dict[str, list[Segment]], profile: FeedProfile) -> tuple[str, str]:
    """The clinic from the first of the feed's clinic fields that names one."""
    with_room = profile.clinic_code is ClinicCode.POINT_OF_CARE_ROOM
    for written in profile.clinic_fields:
        name, _, number = written.partition("-")
        for segment in segments.get(name, []):
            if name in ("SCH", "AIS"):
                code, text = value(segment, int(number), 1), coded_text(segment, int(number))
            else:
                code, text = location(segment, int(number), with_room)
            if code:
                return code, text
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
