"""The supervisor's dashboard: the file room's figures per day over a chosen period."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from typing import Any

from sqlalchemy import ColumnElement, Integer, case, cast, extract, func, select
from sqlalchemy.orm import Session

from recordsdesk.domain.circulation import MovementKind
from recordsdesk.domain.dashboard import Period, misfile_rate, percentile
from recordsdesk.services.actors import Actor, Clock, Permission
from recordsdesk.services.requests import Priority, RequestStatus
from recordsdesk.services.requests_desk.overdue import BorrowerAging, out_and_aging
from recordsdesk.storage.dashboard_models import MovementTally, ShelfAuditRun
from recordsdesk.storage.models import ChartRequest, User, Volume
from recordsdesk.storage.unit_of_work import Database

# The movements a clerk makes at the desk (created charts are registration, not circulation).
ACTIVITY_KINDS = tuple(
    k.value
    for k in (
        MovementKind.CHECKED_OUT,
        MovementKind.TRANSFERRED,
        MovementKind.RETURNED,
        MovementKind.REFILED,
        MovementKind.FLAGGED_MISSING,
        MovementKind.FOUND,
    )
)


@dataclass(frozen=True)
class MissingDay:
    """Charts flagged missing and found on a day, and how many were missing at its end."""

    day: date
    flagged: int
    found: int
    missing: int


@dataclass(frozen=True)
class RetrievalDay:
    """Charts wanted for a day's appointments: pulled before the appointment, late, or not."""

    day: date
    on_time: int
    late: int
    not_pulled: int


@dataclass(frozen=True)
class ResponseFigures:
    """Minutes from a request being made to its chart going out: median and 90th percentile."""

    count: int
    median: float | None
    p90: float | None


@dataclass(frozen=True)
class ResponseDay:
    """A day's request response times, STAT apart from routine."""

    day: date
    stat: ResponseFigures
    routine: ResponseFigures


@dataclass(frozen=True)
class ActivityCell:
    """Movements one user made in one hour of the day (local time) over the period."""

    username: str
    hour: int
    count: int


@dataclass(frozen=True)
class MisfileDay:
    """Shelf audits of a day: charts scanned, misfiled, and misfiles per hundred."""

    day: date
    scanned: int
    misfiled: int
    rate: float | None


@dataclass(frozen=True)
class Dashboard:
    """Every figure of the dashboard for one period, as of ``at``."""

    period: Period
    at: datetime
    borrowers: tuple[BorrowerAging, ...]
    missing_now: int
    missing: tuple[MissingDay, ...]
    retrieval: tuple[RetrievalDay, ...]
    responses: tuple[ResponseDay, ...]
    stat_overall: ResponseFigures
    routine_overall: ResponseFigures
    activity: tuple[ActivityCell, ...]
    misfiles: tuple[MisfileDay, ...]

    @property
    def charts_out(self) -> int:
        return sum(b.out for b in self.borrowers)

    @property
    def overdue(self) -> int:
        return sum(b.overdue_total for b in self.borrowers)


def _start(day: date) -> datetime:
    """Local midnight at the start of ``day``, aware."""
    return datetime.combine(day, time()).astimezone()


def _hours_since(session: Session, column: Any, start: datetime) -> ColumnElement[Any]:
    """Whole hours from ``start`` to a UTC column's value, worked out in the database."""
    if session.get_bind().dialect.name == "postgresql":
        return func.floor((extract("epoch", column) - start.timestamp()) / 3600)
    # SQLite: julianday() reads the stored 'YYYY-MM-DD HH:MM:SS.ffffff' (UTC) as days.
    start_day = start.timestamp() / 86400 + 2440587.5
    return cast((func.julianday(column) - start_day) * 24, Integer)


def _minutes_between(session: Session, first: Any, last: Any) -> ColumnElement[Any]:
    if session.get_bind().dialect.name == "postgresql":
        return (extract("epoch", last) - extract("epoch", first)) / 60
    return (func.julianday(last) - func.julianday(first)) * 1440


@lru_cache(maxsize=20_000)
def _local_day(start: datetime, hours: int) -> date:
    """The local day of the hour ``hours`` after ``start``."""
    return (start + timedelta(hours=hours)).astimezone().date()


def _offset_stretches(period: Period) -> list[tuple[date, date, int]]:
    """The period cut where the local zone's offset from UTC changes (daylight saving): each
    stretch's first and last day and its offset in whole hours (half-hour zones round down;
    the change-over night itself counts in the stretch before)."""
    stretches: list[tuple[date, date, int]] = []
    for day in period:
        offset = _start(day).utcoffset() or timedelta(0)
        hours = int(offset.total_seconds() // 3600)
        if stretches and stretches[-1][2] == hours:
            stretches[-1] = (stretches[-1][0], day, hours)
        else:
            stretches.append((day, day, hours))
    return stretches


def _figures(minutes: list[float]) -> ResponseFigures:
    return ResponseFigures(len(minutes), percentile(minutes, 50), percentile(minutes, 90))


class DashboardService:
    """The figures a supervisor reads; each from an index or a summary, never the whole ledger."""

    def __init__(self, db: Database, clock: Clock) -> None:
        self._db = db
        self._clock = clock

    def figures(self, actor: Actor, period: Period) -> Dashboard:
        """Every figure for ``period`` (local days)."""
        actor.require(Permission.REPORTS)
        now = self._clock()
        with self._db.reading() as uow:
            session = uow.session
            borrowers = out_and_aging(session, now)
            missing_now = int(
                session.scalar(
                    select(func.count()).select_from(Volume).where(Volume.missing.is_(True))
                )
                or 0
            )
            missing = self._missing(session, period, missing_now, now)
            retrieval = self._retrieval(session, period, now)
            responses, stat_all, routine_all = self._responses(session, period)
            activity = self._activity(session, period)
            misfiles = self._misfiles(session, period)
        return Dashboard(
            period,
            now,
            borrowers,
            missing_now,
            missing,
            retrieval,
            responses,
            stat_all,
            routine_all,
            activity,
            misfiles,
        )

    def _tallies(
        self, session: Session, start: datetime, end: datetime, kinds: tuple[str, ...]
    ) -> list[tuple[datetime, int, str, int]]:
        rows = session.execute(
            select(
                MovementTally.hour, MovementTally.user_id, MovementTally.kind, MovementTally.count
            ).where(
                MovementTally.hour >= start,
                MovementTally.hour < end,
                MovementTally.kind.in_(kinds),
            )
        ).all()
        return [(h, u, k, n) for h, u, k, n in rows]

    def _missing(
        self, session: Session, period: Period, missing_now: int, now: datetime
    ) -> tuple[MissingDay, ...]:
        kinds = (MovementKind.FLAGGED_MISSING.value, MovementKind.FOUND.value)
        start = _start(period.first)
        flagged: dict[date, int] = defaultdict(int)
        found: dict[date, int] = defaultdict(int)
        later = 0  # flags minus finds after the period, to walk back from today's count
        for hour, _, kind, n in self._tallies(session, start, now + timedelta(hours=1), kinds):
            day = hour.astimezone().date()
            sign = 1 if kind == MovementKind.FLAGGED_MISSING.value else -1
            if day > period.last:
                later += sign * n
            elif sign > 0:
                flagged[day] += n
            else:
                found[day] += n
        at_end = missing_now - later
        days = []
        for day in reversed(list(period)):
            days.append(MissingDay(day, flagged[day], found[day], at_end))
            at_end -= flagged[day] - found[day]
        return tuple(reversed(days))

    def _retrieval(
        self, session: Session, period: Period, now: datetime
    ) -> tuple[RetrievalDay, ...]:
        """One index-covered pass, summed per hour in the database, the hours then put in
        their local days."""
        start, end = _start(period.first), _start(period.last + timedelta(days=1))
        filled = ChartRequest.status == RequestStatus.FILLED.value
        on_time = func.sum(
            case((filled & (ChartRequest.closed_at <= ChartRequest.needed_by), 1), else_=0)
        )
        late = func.sum(
            case((filled & (ChartRequest.closed_at > ChartRequest.needed_by), 1), else_=0)
        )
        unfilled = ChartRequest.status.in_(
            (RequestStatus.PENDING.value, RequestStatus.NOT_FILLABLE.value)
        )
        missed = func.sum(case((unfilled & (ChartRequest.needed_by < now), 1), else_=0))
        hour = _hours_since(session, ChartRequest.needed_by, start)
        rows = session.execute(
            select(hour, on_time, late, missed)
            .where(
                ChartRequest.needed_by >= start,
                ChartRequest.needed_by < end,
                ChartRequest.appointment_id.is_not(None),
            )
            .group_by(hour)
        ).all()
        counts: dict[date, list[int]] = {day: [0, 0, 0] for day in period}
        for index, *values in rows:
            day = _local_day(start, int(index))
            for i, value in enumerate(values):
                counts[day][i] += int(value or 0)
        return tuple(RetrievalDay(day, *counts[day]) for day in period)

    def _responses(
        self, session: Session, period: Period
    ) -> tuple[tuple[ResponseDay, ...], ResponseFigures, ResponseFigures]:
        """Minutes worked out in the database: only numbers come back, one a request."""
        start, end = _start(period.first), _start(period.last + timedelta(days=1))
        hour = _hours_since(session, ChartRequest.created_at, start)
        rows = session.execute(
            select(
                hour,
                ChartRequest.priority,
                _minutes_between(session, ChartRequest.created_at, ChartRequest.closed_at),
            ).where(
                ChartRequest.appointment_id.is_(None),
                ChartRequest.status == RequestStatus.FILLED.value,
                ChartRequest.created_at >= start,
                ChartRequest.created_at < end,
            )
        ).all()
        by_day: dict[tuple[date, bool], list[float]] = defaultdict(list)
        for index, priority, minutes in rows:
            if minutes is None:
                continue
            stat = priority == Priority.STAT.value
            # Rounded: the databases' day fractions leave dust in the last digits.
            by_day[(_local_day(start, int(index)), stat)].append(round(float(minutes), 3))
        days = tuple(
            ResponseDay(day, _figures(by_day[(day, True)]), _figures(by_day[(day, False)]))
            for day in period
        )
        stat_all = [m for (_, s), values in by_day.items() if s for m in values]
        routine = [m for (_, s), values in by_day.items() if not s for m in values]
        return days, _figures(stat_all), _figures(routine)

    def _activity(self, session: Session, period: Period) -> tuple[ActivityCell, ...]:
        """Summed in the database by UTC hour of day, per stretch of days the local zone keeps
        one offset from UTC, then turned to local hours: a year reads a few hundred rows."""
        names = dict(session.execute(select(User.id, User.username)).all())
        hour_of_day: ColumnElement[Any]
        if session.get_bind().dialect.name == "postgresql":
            hour_of_day = extract("hour", func.timezone("UTC", MovementTally.hour))
        else:  # SQLite keeps UTC times as 'YYYY-MM-DD HH:MM:SS.ffffff'
            hour_of_day = cast(func.substr(MovementTally.hour, 12, 2), Integer)
        cells: dict[tuple[str, int], int] = defaultdict(int)
        for first, last, offset_hours in _offset_stretches(period):
            rows = session.execute(
                select(MovementTally.user_id, hour_of_day, func.sum(MovementTally.count))
                .where(
                    MovementTally.hour >= _start(first),
                    MovementTally.hour < _start(last + timedelta(days=1)),
                    MovementTally.kind.in_(ACTIVITY_KINDS),
                )
                .group_by(MovementTally.user_id, hour_of_day)
            ).all()
            for user_id, utc_hour, n in rows:
                local = (int(utc_hour) + offset_hours) % 24
                cells[(names.get(user_id, f"user {user_id}"), local)] += int(n)
        return tuple(ActivityCell(name, hour, n) for (name, hour), n in sorted(cells.items()))

    def _misfiles(self, session: Session, period: Period) -> tuple[MisfileDay, ...]:
        rows = session.execute(
            select(ShelfAuditRun.at, ShelfAuditRun.scanned, ShelfAuditRun.misfiled).where(
                ShelfAuditRun.at >= _start(period.first),
                ShelfAuditRun.at < _start(period.last + timedelta(days=1)),
            )
        ).all()
        scanned: dict[date, int] = defaultdict(int)
        wrong: dict[date, int] = defaultdict(int)
        for at, n, m in rows:
            scanned[at.astimezone().date()] += n
            wrong[at.astimezone().date()] += m
        return tuple(
            MisfileDay(day, scanned[day], wrong[day], misfile_rate(scanned[day], wrong[day]))
            for day in period
        )
