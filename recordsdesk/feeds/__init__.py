"""Schedule feeds (HL7 v2 SIU, CSV) read into plain appointment events; no database here."""

from recordsdesk.feeds.csv_schedule import DEFAULT_HEADER, CsvLayout, action_for_status
from recordsdesk.feeds.dates import DateOrder
from recordsdesk.feeds.detect import detect_format, read_schedule
from recordsdesk.feeds.events import (
    Action,
    AppointmentEvent,
    FeedFormat,
    FeedNotice,
    FeedProblem,
    NoticeKind,
    ParsedSchedule,
)

__all__ = [
    "DEFAULT_HEADER",
    "Action",
    "AppointmentEvent",
    "CsvLayout",
    "DateOrder",
    "FeedFormat",
    "FeedNotice",
    "FeedProblem",
    "NoticeKind",
    "ParsedSchedule",
    "action_for_status",
    "detect_format",
    "read_schedule",
]
