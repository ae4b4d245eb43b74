"""What a schedule feed yields: appointment events, the problems met, and the parse result."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import Enum


class Action(Enum):
    """What an appointment event asks the file room to do with the appointment."""

    BOOK = "book"
    RESCHEDULE = "reschedule"
    MODIFY = "modify"
    CANCEL = "cancel"
    DISCONTINUE = "discontinue"
    DELETE = "delete"
    NO_SHOW = "no_show"

    @property
    def withdraws(self) -> bool:
        """Whether the appointment no longer needs its chart (cancelled, deleted, no-show...)."""
        return self in _WITHDRAWING


_WITHDRAWING = frozenset({Action.CANCEL, Action.DISCONTINUE, Action.DELETE, Action.NO_SHOW})


class FeedFormat(Enum):
    """The kinds of schedule file recognised by their content."""

    HL7 = "hl7"
    CSV = "csv"


class NoticeKind(Enum):
    """The kinds of decision a feed report notes, so that an analyst can audit them by kind."""

    START_TIME = "start time chosen"
    MRN = "MRN chosen among identifiers"
    APPOINTMENT_ID = "appointment identity"
    STATUS = "status read as a withdrawal"
    FRAMING = "framing recovered"
    ENCODING = "text encoding"
    SUPERSEDED = "older message not applied"
    TOMBSTONE = "cancel heard before its booking"


@dataclass(frozen=True)
class Note:
    """One decision taken reading a message, and its kind."""

    kind: NoticeKind
    text: str


@dataclass(frozen=True)
class AppointmentEvent:
    """One appointment as the feed states it.

    ``start`` is the wall-clock time written in the feed (the clinic's local time) and is always
    naive, so that events from feeds with and without offsets sort together and fall on the day
    the clinic sees. When the feed gave a UTC offset it is kept in ``start_offset``. ``start`` is
    None only for a withdrawing action (cancel, discontinue, delete, no-show) that carried no time:
    such an event is applied by its appointment id.
    """

    position: str
    appointment_id: str
    action: Action
    mrn: str
    family_name: str
    given_name: str
    dob: date | None
    start: datetime | None
    start_offset: timedelta | None
    clinic_code: str
    clinic_name: str
    provider: str
    status: str
    # The appointment's identity qualified by its sender (feeds/hl7_siu.py); empty: the id alone.
    key: str = ""
    # The keys of the appointment's other ids in the message (the placer id's when keyed on the
    # filler id): an appointment first heard of by one of them is the same appointment.
    aliases: tuple[str, ...] = ()
    # When the sending system wrote the message (MSH-7), in UTC; None when not given.
    message_at: datetime | None = None
    # Decisions taken reading it that an analyst should see (which field gave the time...).
    notes: tuple[Note, ...] = ()


@dataclass(frozen=True)
class FeedProblem:
    """A message or line that was not imported: where it is in the file and why."""

    position: str
    reason: str

    def __str__(self) -> str:
        return f"{self.position}: {self.reason}"


@dataclass(frozen=True)
class FeedNotice:
    """A decision the reading took that an analyst should see: where, what, its kind, and on
    how many messages the same one was taken (``position`` names the first)."""

    position: str
    reason: str
    kind: NoticeKind
    count: int = 1

    def __str__(self) -> str:
        return f"{self.position}: {self.reason}"


@dataclass(frozen=True)
class ParsedSchedule:
    """Everything read from one schedule file: the events in file order and the problems."""

    source: str
    format: FeedFormat
    events: tuple[AppointmentEvent, ...]
    problems: tuple[FeedProblem, ...]
    # Decisions an analyst should see (framing recovered, an encoding applied...): not problems.
    notices: tuple[FeedNotice, ...] = ()
