"""Importing the appointment schedule: idempotent by appointment id, one request per volume."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from recordsdesk.domain.barcodes import validate_location_code
from recordsdesk.domain.errors import InvalidInput
from recordsdesk.feeds import read_schedule
from recordsdesk.feeds.events import AppointmentEvent
from recordsdesk.services.actors import Actor, Clock, Permission
from recordsdesk.services.locations import DEFAULT_LOAN_HOURS, LocationKind
from recordsdesk.services.requests import Priority, RequestStatus
from recordsdesk.services.site import SiteSettings, load_settings
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


class _Importer:
    """Applies the events of one file inside one unit of work, remembering what it looked up."""

    def __init__(self, session: Session, settings: SiteSettings, actor: Actor, now: datetime):
        self.session = session
        self.settings = settings
        self.actor = actor
        self.now = now
        self.places: dict[str, Location] = {}
        self.new_clinics: list[str] = []
        self.no_chart: list[str] = []
        self.counts = {"added": 0, "changed": 0, "cancelled": 0, "unchanged": 0, "requests": 0}

    def place(self, event: AppointmentEvent) -> Location:
        code = clinic_code(event.clinic_code, event.clinic_name)
        if code in self.places:
            return self.places[code]
        location = self.session.scalar(select(Location).where(Location.code == code))
        if location is None:
            location = Location(
                code=code,
                name=(event.clinic_name or event.clinic_code or code)[:128],
                kind=LocationKind.CLINIC.value,
                loan_hours=DEFAULT_LOAN_HOURS[LocationKind.CLINIC],
                active=True,
                needs_review=True,
            )
            self.session.add(location)
            self.session.flush()
            self.new_clinics.append(code)
        self.places[code] = location
        return location

    def volumes_to_pull(self, patient_id: int) -> list[Volume]:
        """The newest volume of each chart, or all of them where the record type says so."""
        rows = self.session.execute(
            select(Volume, RecordType.pull_all_volumes)
            .join(Chart, Chart.id == Volume.chart_id)
            .join(RecordType, RecordType.id == Chart.record_type_id)
            .where(Chart.patient_id == patient_id)
            .order_by(Chart.id, Volume.number)
        ).all()
        chosen: dict[int, list[Volume]] = {}
        for volume, pull_all in rows:
            kept = chosen.setdefault(volume.chart_id, [])
            if pull_all or not kept:
                kept.append(volume)
            else:
                kept[-1] = volume
        return [v for vs in chosen.values() for v in vs]

    def withdraw_requests(self, appointment: Appointment) -> None:
        self.session.execute(
            update(ChartRequest)
            .where(
                ChartRequest.appointment_id == appointment.id,
                ChartRequest.status == RequestStatus.PENDING.value,
            )
            .values(status=RequestStatus.CANCELLED.value, closed_at=self.now)
        )

    def make_requests(self, appointment: Appointment, event: AppointmentEvent) -> None:
        if appointment.patient_id is None:
            return
        for volume in self.volumes_to_pull(appointment.patient_id):
            self.session.add(
                ChartRequest(
                    patient_id=appointment.patient_id,
                    volume_id=volume.id,
                    location_id=appointment.location_id,
                    appointment_id=appointment.id,
                    needed_by=needed_by(event),
                    priority=Priority.ROUTINE.value,
                    status=RequestStatus.PENDING.value,
                    requested_by=self.actor.user_id,
                    created_at=self.now,
                    note="",
                )
            )
            self.counts["requests"] += 1

    def apply(self, event: AppointmentEvent) -> None:
        session = self.session
        existing = session.scalar(
            select(Appointment).where(Appointment.external_id == event.appointment_id)
        )
        if event.action.withdraws:
            if existing is None or existing.cancelled:
                self.counts["unchanged"] += 1
                return
            existing.cancelled = True
            existing.status = event.status or event.action.value
            existing.updated_at = self.now
            self.withdraw_requests(existing)
            self.counts["cancelled"] += 1
            return
        if event.start is None:
            raise InvalidInput("The appointment has no start time.")
        place = self.place(event)
        patient_id = session.scalar(select(Patient.id).where(Patient.mrn == event.mrn))
        fields = {
            "mrn": event.mrn,
            "patient_id": patient_id,
            "family_name": event.family_name[:80],
            "given_name": event.given_name[:80],
            "dob": event.dob,
            "start": event.start,
            "day": event.start.date(),
            "location_id": place.id,
            "provider": event.provider[:128],
            "status": event.status[:32],
            "cancelled": False,
            "source": event.position[:255],
        }
        if existing is None:
            appointment = Appointment(
                external_id=event.appointment_id, updated_at=self.now, **fields
            )
            session.add(appointment)
            session.flush()
            self.make_requests(appointment, event)
            self.counts["added"] += 1
        else:
            watched = ("mrn", "start", "location_id", "cancelled", "provider", "status")
            if all(getattr(existing, key) == fields[key] for key in watched):
                self.counts["unchanged"] += 1
                return
            needs_new_requests = any(
                getattr(existing, key) != fields[key]
                for key in ("mrn", "start", "location_id", "cancelled")
            )
            for key, value in fields.items():
                setattr(existing, key, value)
            existing.updated_at = self.now
            if needs_new_requests:
                self.withdraw_requests(existing)
                session.flush()
                self.make_requests(existing, event)
            self.counts["changed"] += 1
        if patient_id is None:
            self.no_chart.append(event.mrn)


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
        with self._db.writing() as uow:
            importer = _Importer(uow.session, settings, actor, self._clock())
            for event in parsed.events:
                try:
                    with uow.session.begin_nested():
                        importer.apply(event)
                except InvalidInput as exc:
                    problems.append(ImportProblem(event.position, exc.message))
            uow.commit()
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


def _position_key(position: str) -> tuple[int, ...]:
    return tuple(int(n) for n in re.findall(r"\d+", position)) or (0,)
