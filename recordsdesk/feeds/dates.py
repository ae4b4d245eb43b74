"""Dates and times as schedule feeds write them: HL7 TS/DTM values and CSV date columns."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from enum import Enum

from recordsdesk.domain.errors import InvalidInput

# YYYYMMDD[HH[MM[SS[.S[S[S[S]]]]]]][+/-ZZZZ]: HL7 allows coarser values (YYYY, YYYYMM), but an
# appointment or a birth date needs at least the day.
_HL7_TS = re.compile(
    r"^(\d{4})(\d{2})(\d{2})"
    r"(?:(\d{2})(?:(\d{2})(?:(\d{2})(?:\.(\d{1,4}))?)?)?)?"
    r"([+-]\d{4})?$"
)
_ISO = re.compile(
    r"^(\d{4})-(\d{2})-(\d{2})"
    r"(?:[T ]+(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?)?"
    r"\s*(Z|[+-]\d{2}:?\d{2})?$"
)
_NUMERIC_DATE = re.compile(
    r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})"
    r"(?:[T ]+(\d{1,2}):(\d{2})(?::(\d{2}))?)?$"
)
# A 12-hour clock's marker at the end of a time: am, pm, a.m., PM...
_MERIDIEM = re.compile(r"\s*([ap])\.?\s*m\.?$", re.IGNORECASE)


class DateOrder(Enum):
    """How a CSV feed writes dates: ISO always works; a site may also allow one numeric order."""

    ISO = "iso"
    DAY_FIRST = "day_first"
    MONTH_FIRST = "month_first"


Moment = tuple[datetime, timedelta | None]


def _offset(text: str | None, original: str) -> timedelta | None:
    """A UTC offset written +HHMM, +HH:MM or Z, checked to be a real one."""
    if text is None:
        return None
    if text == "Z":
        return timedelta(0)
    digits = text[1:].replace(":", "")
    hours, minutes = int(digits[:2]), int(digits[2:])
    if hours > 14 or minutes > 59:
        raise InvalidInput(f"'{original}' has an impossible UTC offset {text}.")
    offset = timedelta(hours=hours, minutes=minutes)
    return -offset if text[0] == "-" else offset


def _moment(parts: tuple[str | None, ...], offset: str | None, original: str) -> Moment:
    """A naive datetime from (year, month, day, hour, minute, second, fraction) text parts."""
    year, month, day, hour, minute, second, fraction = parts
    micro = int((fraction or "0").ljust(6, "0")[:6])
    try:
        moment = datetime(
            int(year or 0),
            int(month or 0),
            int(day or 0),
            int(hour or 0),
            int(minute or 0),
            int(second or 0),
            micro,
        )
    except ValueError:
        raise InvalidInput(f"'{original}' is not a real date and time.") from None
    return moment, _offset(offset, original)


def parse_hl7_moment(text: str) -> Moment:
    """An HL7 TS/DTM value as (wall-clock datetime, UTC offset or None)."""
    value = text.strip()
    match = _HL7_TS.match(value)
    if match is None:
        raise InvalidInput(f"'{value}' is not an HL7 date and time (YYYYMMDD[HHMM[SS]][+ZZZZ]).")
    groups = match.groups()
    return _moment(groups[:7], groups[7], value)


def parse_hl7_date(text: str) -> date:
    """The date part of an HL7 TS/DT value (a birth date given with a time keeps only the day)."""
    return parse_hl7_moment(text)[0].date()


def parse_csv_moment(text: str, order: DateOrder = DateOrder.ISO) -> Moment:
    """A CSV date or date-time: ISO (YYYY-MM-DD[ HH:MM[:SS]]), or the site's numeric order;
    the time may be written on a 12-hour clock (2:30 PM, 02:30 p.m.)."""
    value = text.strip()
    meridiem = _MERIDIEM.search(value)
    plain = value[: meridiem.start()].strip() if meridiem else value
    iso = _ISO.match(plain)
    if iso is not None:
        groups = list(iso.groups())
        if meridiem:
            groups[3] = _twelve_hour(groups[3], meridiem.group(1), value)
        return _moment(tuple(groups[:7]), groups[7], value)
    numeric = _NUMERIC_DATE.match(plain) if order is not DateOrder.ISO else None
    if numeric is None:
        raise InvalidInput(f"'{value}' is not a date and time in {_describe(order)} form.")
    first, second, year, hour, minute, seconds = numeric.groups()
    if meridiem:
        hour = _twelve_hour(hour, meridiem.group(1), value)
    day, month = (first, second) if order is DateOrder.DAY_FIRST else (second, first)
    return _moment((year, month, day, hour, minute, seconds, None), None, value)


def _twelve_hour(hour: str | None, marker: str, original: str) -> str:
    """A 12-hour clock's hour (1-12) as the 24-hour one."""
    if hour is None or not 1 <= int(hour) <= 12:
        raise InvalidInput(f"'{original}' is not a time on a 12-hour clock.")
    return str(int(hour) % 12 + (12 if marker.lower() == "p" else 0))


def parse_csv_date(text: str, order: DateOrder = DateOrder.ISO) -> date:
    """A CSV date (a birth date), in ISO or the site's numeric order."""
    return parse_csv_moment(text, order)[0].date()


def _describe(order: DateOrder) -> str:
    """The accepted forms, as a clerk would read them."""
    if order is DateOrder.DAY_FIRST:
        return "YYYY-MM-DD HH:MM or DD/MM/YYYY HH:MM"
    if order is DateOrder.MONTH_FIRST:
        return "YYYY-MM-DD HH:MM or MM/DD/YYYY HH:MM"
    return "YYYY-MM-DD HH:MM"
