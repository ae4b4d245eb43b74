"""Importing the appointment schedule: idempotent by appointment id, one request per volume."""

from __future__ import annotations

import copy
import os
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, cast

from sqlalchemy import Table, insert, select, update
from sqlalchemy.exc import DataError, IntegrityError
from sqlalchemy.orm import Session

from recordsdesk.domain.barcodes import validate_location_code
from recordsdesk.domain.errors import InvalidInput, RecordsDeskError
from recordsdesk.feeds import read_schedule
from recordsdesk.feeds.events import AppointmentEvent
from recordsdesk.services.actors import Actor, Clock, Permission
from recordsdesk.services.locations import DEFAULT_LOAN_HOURS, LocationKind
from recordsdesk.services.requests import Priority, RequestStatus
from recordsdesk.services.site_settings import SiteSettings, load_settings
from recordsdesk.storage.database_errors import translate_database_error
from recordsdesk.storage.limits import check_values
from recordsdesk.storage.models import (
    Appointment,
    Chart,
    ChartRequest,
    Location,
    Patient,
    RecordType,
    Volume,
)
from recordsdesk.storage.unit_of_work import Database


@dataclass(frozen=True)
class ImportProblem:
    """A message or line not imported: where, and why."""

    position: str
    reason: str


@dataclass(frozen=True)
class ImportReport:
    """What one schedule file did."""

    source: str
    format: str
    events: int
    added: int
    changed: int
    cancelled: int
    unchanged: int
    requests: int
    booked_without_chart: tuple[str, ...]
    new_clinics: tuple[str, ...]
    problems: tuple[ImportProblem, ...] = field(default=())


def clinic_code(code: str, name: str) -> str:
    """A location code for a clinic the feed names: its own code where valid, else made from it."""
    for candidate in (code, name):
        text = re.sub(r"[^A-Z0-9\-]+", "-", candidate.strip().upper()).strip("-")[:16]
        if text:
            return validate_location_code(text)
    raise InvalidInput("The appointment names no clinic.")


def needed_by(event: AppointmentEvent) -> datetime:
    """The appointment's start as an aware time: the feed's offset, else this machine's zone."""
    assert event.start is not None
    if event.start_offset is not None:
        return (event.start - event.start_offset).replace(tzinfo=UTC)
    return event.start.astimezone()


_WATCHED = ("mrn", "start", "location_id", "cancelled", "provider", "status")
# A change to any of these moves the chart elsewhere or at another time: new requests.
_MOVING = ("mrn", "start", "location_id", "cancelled")
_CHUNK = 500
_APPOINTMENTS = cast(Table, Appointment.__table__)
_LOCATIONS = cast(Table, Location.__table__)


class _Importer:
    """Applies the events of one file inside one unit of work.

    What the file refers to (appointments, patients, their volumes, clinics) is read up front in
    a few large queries, and the requests are written together at the end: a night's feed of
    tens of thousands of messages is applied in seconds, not one round trip after another.
    """

    def __init__(self, session: Session, settings: SiteSettings, actor: Actor, now: datetime):
        self.session = session
        self.settings = settings
        self.actor = actor
        self.now = now
        self.places: dict[str, int] = {}
        self.appointments: dict[str, dict[str, Any]] = {}
        self.patients: dict[str, int] = {}
        self.volumes: dict[int, list[int]] = {}
        self.requests: list[dict[str, Any]] = []
        self.new_clinics: list[str] = []
        self.no_chart: list[str] = []
        self.counts = {"added": 0, "changed": 0, "cancelled": 0, "unchanged": 0, "requests": 0}

    def prepare(self, events: Sequence[AppointmentEvent]) -> None:
        """Read in bulk what the events refer to."""
        ids = sorted({e.appointment_id for e in events})
        for chunk in _chunks(ids):
            for row in self.session.execute(
                select(
                    Appointment.id,
                    Appointment.external_id,
                    *(getattr(Appointment, key) for key in _WATCHED),
                ).where(Appointment.external_id.in_(chunk))
            ):
                self.appointments[row.external_id] = dict(row._mapping)
        mrns = sorted({e.mrn for e in events})
        for chunk in _chunks(mrns):
            for patient_id, mrn in self.session.execute(
                select(Patient.id, Patient.mrn).where(Patient.mrn.in_(chunk))
            ):
                self.patients[mrn] = patient_id
        for chunk in _chunks(sorted(self.patients.values())):
            rows = self.session.execute(
                select(Volume.id, Volume.chart_id, Chart.patient_id, RecordType.pull_all_volumes)
                .join(Chart, Chart.id == Volume.chart_id)
                .join(RecordType, RecordType.id == Chart.record_type_id)
                .where(Chart.patient_id.in_(chunk))
                .order_by(Chart.id, Volume.number)
            ).all()
            chosen: dict[int, list[tuple[int, int]]] = {}
            for volume_id, chart_id, patient_id, pull_all in rows:
                kept = chosen.setdefault(chart_id, [])
                # The newest volume of each chart, or all of them where the record type says so.
                if pull_all or not kept:
                    kept.append((patient_id, volume_id))
                else:
                    kept[-1] = (patient_id, volume_id)
            for kept in chosen.values():
                for patient_id, volume_id in kept:
                    self.volumes.setdefault(patient_id, []).append(volume_id)
        for location_id, code in self.session.execute(select(Location.id, Location.code)):
            self.places[code] = location_id

    def place(self, event: AppointmentEvent) -> int:
        code = clinic_code(event.clinic_code, event.clinic_name)
        if code not in self.places:
            name = (event.clinic_name or event.clinic_code or code)[:128]
            check_values(_LOCATIONS, {"code": code, "name": name})
            self.places[code] = self.session.execute(
                insert(Location)
                .values(
                    code=code,
                    name=name,
                    kind=LocationKind.CLINIC.value,
                    loan_hours=DEFAULT_LOAN_HOURS[LocationKind.CLINIC],
                    active=True,
                    needs_review=True,
                )
                .returning(Location.id)
            ).scalar_one()
            self.new_clinics.append(code)
        return self.places[code]

    def withdraw_requests(self, appointment_id: int) -> None:
        self.session.execute(
            update(ChartRequest)
            .where(
                ChartRequest.appointment_id == appointment_id,
                ChartRequest.status == RequestStatus.PENDING.value,
            )
            .values(status=RequestStatus.CANCELLED.value, closed_at=self.now)
        )

    def make_requests(
        self, appointment_id: int, row: dict[str, Any], event: AppointmentEvent
    ) -> None:
        patient_id = row["patient_id"]
        if patient_id is None:
            return
        for volume_id in self.volumes.get(patient_id, []):
            self.requests.append(
                {
                    "patient_id": patient_id,
                    "volume_id": volume_id,
                    "location_id": row["location_id"],
                    "appointment_id": appointment_id,
                    "needed_by": needed_by(event),
                    "priority": Priority.ROUTINE.value,
                    "status": RequestStatus.PENDING.value,
                    "requested_by": self.actor.user_id,
                    "created_at": self.now,
                    "note": "",
                }
            )
            self.counts["requests"] += 1

    def apply(self, event: AppointmentEvent) -> None:
        existing = self.appointments.get(event.appointment_id)
        if event.action.withdraws:
            if existing is None or existing["cancelled"]:
                self.counts["unchanged"] += 1
                return
            self.session.execute(
                update(Appointment)
                .where(Appointment.id == existing["id"])
                .values(
                    cancelled=True,
                    status=(event.status or event.action.value)[:32],
                    updated_at=self.now,
                )
            )
            existing["cancelled"] = True
            self.withdraw_requests(existing["id"])
            self.counts["cancelled"] += 1
            return
        if event.start is None:
            raise InvalidInput("The appointment has no start time.")
        # A value the columns cannot hold (too long, a NUL) refuses this message alone.
        check_values(
            _APPOINTMENTS,
            {
                "external_id": event.appointment_id,
                "mrn": event.mrn,
                "family_name": event.family_name[:80],
                "given_name": event.given_name[:80],
                "provider": event.provider[:128],
                "status": event.status[:32],
                "source": event.position[:255],
            },
        )
        # Everything that can refuse the event is checked before anything is written.
        location_id = self.place(event)
        patient_id = self.patients.get(event.mrn)
        row: dict[str, Any] = {
            "mrn": event.mrn,
            "patient_id": patient_id,
            "family_name": event.family_name[:80],
            "given_name": event.given_name[:80],
            "dob": event.dob,
            "start": event.start,
            "day": event.start.date(),
            "location_id": location_id,
            "provider": event.provider[:128],
            "status": event.status[:32],
            "cancelled": False,
            "source": event.position[:255],
        }
        if existing is None:
            appointment_id = self.session.execute(
                insert(Appointment)
                .values(external_id=event.appointment_id, updated_at=self.now, **row)
                .returning(Appointment.id)
            ).scalar_one()
            self.appointments[event.appointment_id] = {"id": appointment_id, **row}
            self.make_requests(appointment_id, row, event)
            self.counts["added"] += 1
        else:
            if all(existing[key] == row[key] for key in _WATCHED):
                self.counts["unchanged"] += 1
                return
            moving = any(existing[key] != row[key] for key in _MOVING)
            self.session.execute(
                update(Appointment)
                .where(Appointment.id == existing["id"])
                .values(updated_at=self.now, **row)
            )
            existing.update(row)
            if moving:
                self.withdraw_requests(existing["id"])
                self.make_requests(existing["id"], row, event)
            self.counts["changed"] += 1
        if patient_id is None:
            self.no_chart.append(event.mrn)

    def finish(self) -> None:
        """Write the requests gathered while applying."""
        for start in range(0, len(self.requests), 5000):
            self.session.execute(insert(ChartRequest), self.requests[start : start + 5000])
        self.requests = []

    def mark(self, event: AppointmentEvent) -> tuple[Any, ...]:
        """What applying ``event`` may change in memory, to undo it if the database refuses."""
        existing = self.appointments.get(event.appointment_id)
        return (
            dict(self.places),
            len(self.new_clinics),
            len(self.no_chart),
            dict(self.counts),
            copy.copy(existing),
        )

    def undo(self, event: AppointmentEvent, mark: tuple[Any, ...]) -> None:
        """Forget what applying ``event`` changed in memory (its savepoint was rolled back)."""
        places, clinics, no_chart, counts, existing = mark
        self.places = places
        del self.new_clinics[clinics:]
        del self.no_chart[no_chart:]
        self.counts = counts
        self.requests = []
        if existing is None:
            self.appointments.pop(event.appointment_id, None)
        else:
            self.appointments[event.appointment_id] = existing


class _OneByOne(Exception):
    """The database refused something in a file applied in one go: apply it again, each
    message in a savepoint of its own, to name the one refused and keep the others."""


def _chunks(values: Sequence[Any]) -> Iterator[Sequence[Any]]:
    for start in range(0, len(values), _CHUNK):
        yield values[start : start + _CHUNK]


class ScheduleService:
    """Reading schedule files into appointments and requests."""

    def __init__(self, db: Database, clock: Clock) -> None:
        self._db = db
        self._clock = clock

    def import_file(
        self, actor: Actor, source: os.PathLike[str] | bytes, name: str | None = None
    ) -> ImportReport:
        """Import one HL7 SIU or CSV file: the good messages all land, each bad one is named."""
        actor.require(Permission.IMPORT_SCHEDULE)
        with self._db.reading() as uow:
            settings = load_settings(uow.session)
        parsed = read_schedule(source, name=name, rules=settings.mrn, layout=settings.csv_layout)
        problems = [ImportProblem(p.position, p.reason) for p in parsed.problems]
        try:
            importer = self._apply(actor, settings, parsed.events, problems, one_by_one=False)
        except _OneByOne:
            importer = self._apply(actor, settings, parsed.events, problems, one_by_one=True)
        problems.sort(key=lambda p: _position_key(p.position))
        return ImportReport(
            source=parsed.source,
            format=parsed.format.value,
            events=len(parsed.events),
            added=importer.counts["added"],
            changed=importer.counts["changed"],
            cancelled=importer.counts["cancelled"],
            unchanged=importer.counts["unchanged"],
            requests=importer.counts["requests"],
            booked_without_chart=tuple(dict.fromkeys(importer.no_chart)),
            new_clinics=tuple(importer.new_clinics),
            problems=tuple(problems),
        )

    def _apply(
        self,
        actor: Actor,
        settings: SiteSettings,
        events: Sequence[AppointmentEvent],
        problems: list[ImportProblem],
        one_by_one: bool,
    ) -> _Importer:
        """Apply ``events`` in one unit of work; the problems found are added to
        ``problems`` only once it has committed."""
        found: list[ImportProblem] = []
        with self._db.writing() as uow:
            importer = _Importer(uow.session, settings, actor, self._clock())
            importer.prepare(events)
            for event in events:
                try:
                    if one_by_one:
                        self._apply_alone(importer, event, uow.session)
                    else:
                        importer.apply(event)
                except InvalidInput as exc:
                    found.append(ImportProblem(event.position, exc.message))
                except _Refused as refused:
                    found.append(ImportProblem(event.position, refused.reason))
                except (IntegrityError, DataError, OverflowError) as exc:
                    if one_by_one:
                        raise
                    raise _OneByOne from exc
            try:
                importer.finish()
            except (IntegrityError, DataError, OverflowError) as exc:
                if one_by_one:
                    raise
                raise _OneByOne from exc
            uow.commit()
        problems.extend(found)
        return importer

    @staticmethod
    def _apply_alone(importer: _Importer, event: AppointmentEvent, session: Session) -> None:
        """One message in a savepoint, its requests written with it; a refusal by the database
        (a duplicate, a missing record, a value out of range) undoes it alone."""
        mark = importer.mark(event)
        try:
            with session.begin_nested():
                importer.apply(event)
                importer.finish()
        except (IntegrityError, DataError, OverflowError) as exc:
            importer.undo(event, mark)
            translated = translate_database_error(exc)
            if translated is None:
                raise
            raise _Refused(translated) from None
        except InvalidInput:
            importer.undo(event, mark)
            raise


class _Refused(Exception):
    """The database refused one message; the reason, in the file room's words."""

    def __init__(self, error: RecordsDeskError) -> None:
        super().__init__(error.message)
        self.reason = error.message


def _position_key(position: str) -> tuple[int, ...]:
    return tuple(int(n) for n in re.findall(r"\d+", position)) or (0,)
