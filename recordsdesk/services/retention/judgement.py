"""Judging volumes under the site's rules: activity from the ledger, rules, deaths and holds."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any, NamedTuple

from sqlalchemy import ColumnElement, Select, String, and_, case, exists, func, select, type_coerce
from sqlalchemy.orm import Session, aliased

from recordsdesk.domain.circulation import MovementKind
from recordsdesk.domain.retention import (
    HoldScope,
    RecordFacts,
    RetentionRule,
    Status,
    add_years,
    retention_of,
    retire_from,
    status_of,
)
from recordsdesk.storage.models import (
    Appointment,
    Chart,
    ChartRequest,
    Movement,
    Patient,
    RecordType,
    Volume,
)
from recordsdesk.storage.retention_models import (
    BoxItem,
    LegalHold,
    PatientDeath,
    RetentionRuleRow,
)

# Movements that are the file room's own housekeeping, not a use of the chart.
NOT_ACTIVITY = (
    MovementKind.BOXED.value,
    MovementKind.RETIRED.value,
    MovementKind.RECALLED.value,
    MovementKind.DESTROYED.value,
)


def rule_of(row: RetentionRuleRow) -> RetentionRule:
    """The domain rule of a stored row."""
    return RetentionRule(
        name=row.name,
        years_after_activity=row.years_after_activity,
        majority_age=row.majority_age,
        years_after_majority=row.years_after_majority,
        years_after_death=row.years_after_death,
        permanent=row.permanent,
        retire_after_years=row.retire_after_years,
        citation=row.citation,
    )


@dataclass(frozen=True)
class RuleBook:
    """The site's rules by record type id (None: every type without its own rule)."""

    rules: dict[int | None, RetentionRule]
    type_codes: dict[int, str]
    type_names: dict[int, str]

    def rule_for(self, record_type_id: int) -> RetentionRule | None:
        return self.rules.get(record_type_id, self.rules.get(None))

    def shortest(self, years: Iterable[int | None]) -> int | None:
        known = [y for y in years if y is not None]
        return min(known) if known else None

    @property
    def shortest_retirement(self) -> int | None:
        return self.shortest(r.retire_after_years for r in self.rules.values())

    @property
    def shortest_retention(self) -> int | None:
        return self.shortest(
            min(y for y in (r.years_after_activity, r.years_after_death) if y is not None)
            for r in self.rules.values()
            if not r.permanent
        )


def load_rulebook(session: Session) -> RuleBook:
    """Every rule of the site, and the record types' codes and names."""
    types = session.execute(select(RecordType.id, RecordType.code, RecordType.name)).all()
    rows = session.scalars(select(RetentionRuleRow)).all()
    return RuleBook(
        {row.record_type_id: rule_of(row) for row in rows},
        {t.id: t.code for t in types},
        {t.id: t.name for t in types},
    )


@dataclass(frozen=True)
class ActiveHold:
    """A hold not yet released."""

    id: int
    scope: HoldScope
    reason: str


def load_holds(session: Session) -> list[ActiveHold]:
    """The holds in force."""
    codes = dict(session.execute(select(RecordType.id, RecordType.code)).all())
    holds = session.scalars(select(LegalHold).where(LegalHold.released_at.is_(None))).all()
    return [
        ActiveHold(
            h.id,
            HoldScope(
                h.patient_id,
                codes.get(h.record_type_id) if h.record_type_id else None,
                h.starts_on,
                h.ends_on,
            ),
            h.reason,
        )
        for h in holds
    ]


def covering(
    holds: Sequence[ActiveHold], patient_id: int, type_code: str, first: date, last: date
) -> list[ActiveHold]:
    """The holds that cover a volume."""
    return [h for h in holds if h.scope.covers(patient_id, type_code, first, last)]


def _day(moment: datetime | date | None) -> date | None:
    if moment is None:
        return None
    if isinstance(moment, datetime):
        return (moment.astimezone(UTC) if moment.tzinfo else moment).date()
    return moment


def patient_activity(
    session: Session, today: date, patient_id: int | None = None
) -> tuple[dict[int, date], dict[int, date]]:
    """Per patient (or for one), the last appointment up to today and the last request."""
    booked = select(Appointment.patient_id, func.max(Appointment.day)).where(
        Appointment.patient_id.is_not(None),
        Appointment.cancelled.is_(False),
        Appointment.day <= today,
    )
    asked = select(ChartRequest.patient_id, func.max(ChartRequest.created_at))
    if patient_id is not None:
        booked = booked.where(Appointment.patient_id == patient_id)
        asked = asked.where(ChartRequest.patient_id == patient_id)
    appointments = session.execute(booked.group_by(Appointment.patient_id)).all()
    requests = session.execute(asked.group_by(ChartRequest.patient_id)).all()
    return (
        {int(p): d for p, d in appointments if p is not None and d is not None},
        {int(p): _day(at) for p, at in requests if at is not None},  # type: ignore[misc]
    )


def deaths(session: Session, patient_id: int | None = None) -> dict[int, date]:
    """Every recorded date of death (or one patient's), by patient."""
    query = select(PatientDeath.patient_id, PatientDeath.died_on)
    if patient_id is not None:
        query = query.where(PatientDeath.patient_id == patient_id)
    return dict(session.execute(query).all())


_last = aliased(Movement)
_earlier = aliased(Movement)
_sibling = aliased(Volume)

# The last movement that was a use of the chart: the volume's last movement, unless that was
# housekeeping (boxed, off-site, recalled), when the ledger is searched back for the one before.
ACTIVITY_AT: ColumnElement[Any] = case(
    (
        _last.kind.in_(NOT_ACTIVITY),
        select(func.max(_earlier.at))
        .where(_earlier.volume_id == Volume.id, _earlier.kind.not_in(NOT_ACTIVITY))
        .scalar_subquery(),
    ),
    else_=_last.at,
)

IN_A_BOX = exists().where(BoxItem.volume_id == Volume.id, BoxItem.removed_at.is_(None))


class VolumeFacts(NamedTuple):
    """One volume with what the rules read about it (a named tuple: made for every volume)."""

    volume_id: int
    barcode: str
    number: int
    of: int  # the chart's volumes
    shelf_key: str
    location_id: int | None
    missing: bool
    destroyed: bool
    patient_id: int
    record_type_id: int
    first_activity: date
    mrn: str
    family_name: str
    given_name: str
    dob: date | None
    ledger_activity: date | None

    @property
    def name(self) -> str:
        return f"{self.family_name.upper()}, {self.given_name}"

    @property
    def label(self) -> str:
        return f"Vol {self.number} of {self.of}"


def volume_query(*criteria: Any) -> Select[Any]:
    """Volumes with patient, chart and last activity, filtered by ``criteria``."""
    count = select(func.count()).where(_sibling.chart_id == Volume.chart_id).scalar_subquery()
    query: Select[Any] = (
        select(
            Volume.id,
            Volume.barcode,
            Volume.number,
            count,
            Volume.shelf_key,
            Volume.location_id,
            Volume.missing,
            _last.kind == MovementKind.DESTROYED.value,
            Chart.patient_id,
            Chart.record_type_id,
            # Read as it comes (a string on SQLite): only its day is wanted, a million times.
            type_coerce(Chart.created_at, String),
            Patient.mrn,
            Patient.family_name,
            Patient.given_name,
            Patient.dob,
            # As it comes too (an ISO string on SQLite, a datetime on PostgreSQL).
            type_coerce(ACTIVITY_AT, String),
        )
        .join(_last, _last.id == Volume.last_movement_id)
        .join(Chart, Chart.id == Volume.chart_id)
        .join(Patient, Patient.id == Chart.patient_id)
    )
    return query.where(and_(*criteria)) if criteria else query


def read_facts(session: Session, query: Select[Any]) -> Iterator[VolumeFacts]:
    """The rows of a ``volume_query``, streamed."""
    # On the bare connection: no ORM row processing for what may be a million rows.
    for row in session.connection().execute(query):
        (
            volume_id,
            barcode,
            number,
            count,
            shelf_key,
            location_id,
            missing,
            destroyed,
            patient_id,
            record_type_id,
            created,
            mrn,
            family_name,
            given_name,
            dob,
            ledger,
        ) = row
        first = _parse_day(created)
        assert first is not None
        yield VolumeFacts(
            volume_id,
            barcode,
            number,
            int(count),
            shelf_key,
            location_id,
            bool(missing),
            bool(destroyed),
            patient_id,
            record_type_id,
            first,
            mrn,
            family_name,
            given_name,
            dob,
            _parse_day(ledger),
        )


def _parse_day(value: Any) -> date | None:
    # Columns read as they come: an ISO string on SQLite (its first ten characters are the
    # day: UTC times are stored as UTC), a datetime or date on PostgreSQL.
    if value is None:
        return None
    if isinstance(value, str):
        return date.fromisoformat(value[:10])
    if isinstance(value, datetime | date):
        return _day(value)
    return date.fromisoformat(str(value)[:10])


class Judged(NamedTuple):
    """A volume judged under its rule on a day (a named tuple: made for every volume)."""

    facts: VolumeFacts
    rule: RetentionRule | None
    last_activity: date
    keep_until: date | None
    basis: str
    retire_from: date | None
    status: Status | None
    holds: tuple[ActiveHold, ...]


@dataclass
class Judge:
    """Everything needed to judge many volumes, loaded once."""

    book: RuleBook
    holds: list[ActiveHold]
    died: dict[int, date]
    appointments: dict[int, date]
    requests: dict[int, date]
    today: date

    @classmethod
    def load(cls, session: Session, today: date, patient_id: int | None = None) -> Judge:
        """Rules and holds, with the activity and deaths of every patient (or of one)."""
        appointments, requests = patient_activity(session, today, patient_id)
        return cls(
            load_rulebook(session),
            load_holds(session),
            deaths(session, patient_id),
            appointments,
            requests,
            today,
        )

    def judge(self, facts: VolumeFacts) -> Judged:
        # The latest of the ledger's activity, the last appointment and request, and the
        # chart's making: written out, as it runs for every volume of the room.
        last = facts.first_activity
        patient_id = facts.patient_id
        for day in (
            facts.ledger_activity,
            self.appointments.get(patient_id),
            self.requests.get(patient_id),
        ):
            if day is not None and day > last:
                last = day
        rule = self.book.rule_for(facts.record_type_id)
        holds: tuple[ActiveHold, ...] = ()
        if self.holds:
            code = self.book.type_codes.get(facts.record_type_id, "")
            first = facts.first_activity
            holds = tuple(covering(self.holds, patient_id, code, first, last))
        if rule is None:
            return Judged(facts, None, last, None, "no retention rule", None, None, holds)
        record = RecordFacts(last, facts.dob, self.died.get(patient_id))
        retention = retention_of(rule, record)
        status = status_of(retention, self.today, held=bool(holds))
        return Judged(
            facts,
            rule,
            last,
            retention.keep_until,
            retention.basis,
            retire_from(rule, record),
            status,
            holds,
        )


def cutoff(today: date, years: int | None) -> date | None:
    """The day before which the last activity must fall for ``years`` to have passed."""
    return None if years is None else add_years(today, -years)


def judge_volume(session: Session, volume_id: int, today: date) -> Judged:
    """One volume judged on ``today``."""
    facts = next(read_facts(session, volume_query(Volume.id == volume_id)))
    return Judge.load(session, today, facts.patient_id).judge(facts)
