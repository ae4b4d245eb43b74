"""The dashboard's pure rules: aging buckets, percentiles, retrieval, periods."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from recordsdesk.domain.dashboard import (
    BUCKETS,
    AgingBucket,
    Period,
    Retrieval,
    aging_bucket,
    bucket_edges,
    days_overdue,
    misfile_rate,
    percentile,
    retrieval,
)

NOW = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("late", "days", "bucket"),
    [
        (timedelta(0), 0, None),
        (-timedelta(hours=3), 0, None),
        (timedelta(minutes=1), 1, AgingBucket.DAYS_1_2),
        (timedelta(days=1), 1, AgingBucket.DAYS_1_2),
        (timedelta(days=2), 2, AgingBucket.DAYS_1_2),
        (timedelta(days=2, seconds=1), 3, AgingBucket.DAYS_3_7),
        (timedelta(days=7), 7, AgingBucket.DAYS_3_7),
        (timedelta(days=7, minutes=1), 8, AgingBucket.DAYS_8_30),
        (timedelta(days=30), 30, AgingBucket.DAYS_8_30),
        (timedelta(days=30, minutes=1), 31, AgingBucket.OVER_30),
        (timedelta(days=400), 400, AgingBucket.OVER_30),
    ],
)
def test_days_overdue_and_buckets(late: timedelta, days: int, bucket: AgingBucket | None) -> None:
    assert days_overdue(NOW - late, NOW) == days
    assert aging_bucket(NOW - late, NOW) is bucket


def test_never_due_is_never_overdue() -> None:
    assert aging_bucket(None, NOW) is None


@given(st.integers(min_value=1, max_value=60 * 24 * 400))
def test_bucket_edges_agree_with_the_buckets(minutes_late: int) -> None:
    due = NOW - timedelta(minutes=minutes_late)
    by_edges = next(
        (bucket for bucket, edge in bucket_edges(NOW) if due >= edge), AgingBucket.OVER_30
    )
    assert by_edges is aging_bucket(due, NOW)
    assert [b for b, _ in bucket_edges(NOW)] == list(BUCKETS[:-1])


def test_percentiles_interpolate_like_a_spreadsheet() -> None:
    values = [float(v) for v in range(1, 11)]
    assert percentile(values, 50) == 5.5
    assert percentile(values, 90) == pytest.approx(9.1)
    assert percentile([7.0], 90) == 7.0
    assert percentile([3.0, 1.0, 2.0], 0) == 1.0
    assert percentile([3.0, 1.0, 2.0], 100) == 3.0
    assert percentile([], 50) is None
    with pytest.raises(ValueError):
        percentile(values, 101)


@given(st.lists(st.floats(min_value=0, max_value=1e6), min_size=1, max_size=50))
def test_percentiles_lie_between_the_extremes_in_order(values: list[float]) -> None:
    median, p90 = percentile(values, 50), percentile(values, 90)
    assert median is not None and p90 is not None
    assert min(values) <= median <= p90 <= max(values)


def test_retrieval_on_time_late_not_pulled() -> None:
    appointment = NOW
    assert retrieval(appointment, NOW - timedelta(hours=1), NOW) is Retrieval.ON_TIME
    assert retrieval(appointment, NOW, NOW) is Retrieval.ON_TIME
    assert retrieval(appointment, NOW + timedelta(minutes=5), NOW) is Retrieval.LATE
    assert retrieval(appointment, None, NOW + timedelta(minutes=1)) is Retrieval.NOT_PULLED
    assert retrieval(appointment + timedelta(hours=1), None, NOW) is None


def test_misfile_rate_and_periods() -> None:
    assert misfile_rate(200, 3) == 1.5
    assert misfile_rate(0, 0) is None
    period = Period.ending(date(2026, 3, 2), 3)
    assert list(period) == [date(2026, 2, 28), date(2026, 3, 1), date(2026, 3, 2)]
    assert period.days == 3
    with pytest.raises(ValueError):
        Period(date(2026, 3, 2), date(2026, 3, 1))
