"""Dates and times as the file room reads them: local time, short, unambiguous."""

from __future__ import annotations

from datetime import date, datetime


def when(moment: datetime | None) -> str:
    """A moment in local time: "Tue 03 Mar 08:30" (blank for none)."""
    return "" if moment is None else moment.astimezone().strftime("%a %d %b %H:%M")


def clock_time(moment: datetime) -> str:
    """The time of day of a moment, local: "08:30:15"."""
    return moment.astimezone().strftime("%H:%M:%S")


def day(value: date | None) -> str:
    """A date as "1984-07-02" (blank for none)."""
    return "" if value is None else value.isoformat()
