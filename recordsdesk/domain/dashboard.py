"""The file room's figures as pure rules: overdue aging buckets, percentiles, pull retrieval."""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import Enum


class AgingBucket(Enum):
    """How long a chart has been overdue: whole days past its due time, counted up."""

    DAYS_1_2 = "1–2 days"
    DAYS_3_7 = "3–7 days"
    DAYS_8_30 = "8–30 days"
    OVER_30 = "over 30 days"

    @property
    def most_days(self) -> int | None:
        """The last day of the bucket; None for the open-ended last one."""
        return {"DAYS_1_2": 2, "DAYS_3_7": 7, "DAYS_8_30": 30}.get(self.name)


BUCKETS: tuple[AgingBucket, ...] = tuple(AgingBucket)


def days_overdue(due_at: datetime, now: datetime) -> int:
    """Days past due, counted up: an hour late is day 1, 24 hours and a minute is day 2."""
    late = now - due_at
    if late <= timedelta(0):
        return 0
    return math.ceil(late / timedelta(days=1))


def aging_bucket(due_at: datetime | None, now: datetime) -> AgingBucket | None:
    """The bucket of a loan due at ``due_at``; None while it is not overdue (or never due)."""
    if due_at is None:
        return None
    days = days_overdue(due_at, now)
    if days == 0:
        return None
    for bucket in BUCKETS:
        most = bucket.most_days
        if most is None or days <= most:
            return bucket
    raise AssertionError("unreachable: the last bucket is open-ended")


def bucket_edges(now: datetime) -> tuple[tuple[AgingBucket, datetime], ...]:
    """Each closed bucket with the earliest due time still in it, newest first: a loan due at or
    after the edge (and before ``now``) is in that bucket or a newer one; older ones are over 30.
    A database compares due times against these rather than computing days itself."""
    return tuple(
        (bucket, now - timedelta(days=bucket.most_days))
        for bucket in BUCKETS
        if bucket.most_days is not None
    )


def percentile(values: Sequence[float], share: float) -> float | None:
    """The ``share`` (0–100) percentile, interpolating between the two nearest ranks (as
    spreadsheets' PERCENTILE does); None for no values."""
    if not 0 <= share <= 100:
        raise ValueError(f"percentile {share} is not between 0 and 100")
    if not values:
        return None
    ordered = sorted(values)
    rank = (len(ordered) - 1) * share / 100
    low = math.floor(rank)
    high = math.ceil(rank)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


class Retrieval(Enum):
    """How a chart wanted for an appointment was pulled."""

    ON_TIME = "pulled before the appointment"
    LATE = "pulled late"
    NOT_PULLED = "not pulled"


def retrieval(needed_by: datetime, filled_at: datetime | None, now: datetime) -> Retrieval | None:
    """On time, late, or not pulled; None while the appointment is still to come and unfilled."""
    if filled_at is not None:
        return Retrieval.ON_TIME if filled_at <= needed_by else Retrieval.LATE
    return Retrieval.NOT_PULLED if needed_by < now else None


def misfile_rate(scanned: int, misfiled: int) -> float | None:
    """Misfiled charts per hundred scanned on shelf audits; None when nothing was scanned."""
    return None if scanned <= 0 else 100.0 * misfiled / scanned


@dataclass(frozen=True)
class Period:
    """A run of whole days, first to last inclusive."""

    first: date
    last: date

    def __post_init__(self) -> None:
        if self.last < self.first:
            raise ValueError("a period ends on or after the day it starts")

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1

    def __iter__(self) -> Iterator[date]:
        return (self.first + timedelta(days=n) for n in range(self.days))

    @classmethod
    def ending(cls, last: date, days: int) -> Period:
        """The ``days`` days up to and including ``last``."""
        return cls(last - timedelta(days=days - 1), last)
