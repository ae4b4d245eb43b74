"""Importing the appointment schedule: idempotent by appointment id, one request per volume."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, cast

from sqlalchemy import Table, insert, select, update
from sqlalchemy.orm import Session

from recordsdesk.domain.barcodes import validate_location_code
from recordsdesk.domain.errors import InvalidInput
from recordsdesk.feeds import read_schedule
from recordsdesk.feeds.events import AppointmentEvent
from recordsdesk.services.actors import Actor, Clock, Permission
from recordsdesk.services.appointment_requests import sync_requests
from recordsdesk.services.locations import DEFAULT_LOAN_HOURS, LocationKind
from recordsdesk.services.site_settings import SiteSettings, load_settings
from recordsdesk.storage.limits import check_values
from recordsdesk.storage.models import (
    Appointment,
    Location,
    Patient,
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
    # Decisions the import took that an analyst auditing a go-live should see.
    notices: tuple[ImportProblem, ...] = field(default=())


def clinic_code(code: str, name: str) -> str:
    """A location code for a clinic the feed names: its own code where valid, else made from it."""
    for candidate in (code, name):
        text = re.sub(r"[^A-Z0-9\-]+", "-", candidate.strip().upper()).strip("-")[:16]
        if text:
            return validate_location_code(text)
    raise InvalidInput("The appointment names no clinic.")


_WATCHED = ("mrn", "patient_id", "start", "location_id", "cancelled", "provider", "status")
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
        self.touched: set[int] = set()
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
            self.touched.add(existing["id"])
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
            self.touched.add(appointment_id)
            self.counts["added"] += 1
        else:
            if all(existing[key] == row[key] for key in _WATCHED):
                self.counts["unchanged"] += 1
                return
            self.session.execute(
                update(Appointment)
                .where(Appointment.id == existing["id"])
                .values(updated_at=self.now, **row)
            )
            existing.update(row)
            self.touched.add(existing["id"])
            self.counts["changed"] += 1
        if patient_id is None:
            self.no_chart.append(event.mrn)

    def finish(self) -> None:
        """Bring the requests of every appointment the file touched into line, once, after the
        whole file: a booking and its cancel in one file leave no live request."""
        done = sync_requests(self.session, self.touched, self.actor.user_id, self.now)
        self.counts["requests"] = done.created


def _chunks(values: Sequence[Any]) -> Iterator[Sequence[Any]]:
    for start in range(0, len(values), _CHUNK):
        yield values[start : start + _CHUNK]


class ScheduleService:
    """Reading schedule files into appointments and requests."""

    def __init__(self, db: Database, clock: Clock) -> None:
        self._db = db
        self._clock = clock

    def import_file(
        self,
        actor: Actor,
        source: os.PathLike[str] | bytes,
        name: str | None = None,
        feed: str | None = None,
    ) -> ImportReport:
        """Import one HL7 SIU or CSV file: the good messages all land, each bad one is named."""
        actor.require(Permission.IMPORT_SCHEDULE)
        with self._db.reading() as uow:
            settings = load_settings(uow.session)
        parsed = read_schedule(source, name=name, rules=settings.mrn, layout=settings.csv_layout)
        problems = [ImportProblem(p.position, p.reason) for p in parsed.problems]
        with self._db.writing() as uow:
            importer = _Importer(uow.session, settings, actor, self._clock())
            importer.prepare(parsed.events)
            for event in parsed.events:
                try:
                    importer.apply(event)
                except InvalidInput as exc:
                    problems.append(ImportProblem(event.position, exc.message))
            importer.finish()
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
            notices=tuple(ImportProblem(n.position, n.reason) for n in parsed.notices),
        )


def _position_key(position: str) -> tuple[int, ...]:
    return tuple(int(n) for n in re.findall(r"\d+", position)) or (0,)
