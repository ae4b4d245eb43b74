"""Registering patients, their charts and volumes, and finding them again."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from recordsdesk.domain.barcodes import volume_barcode
from recordsdesk.domain.circulation import MovementKind
from recordsdesk.domain.errors import (
    Conflict,
    InvalidInput,
    NotFound,
)
from recordsdesk.domain.filing import shelf_position
from recordsdesk.domain.mrn import normalize_mrn
from recordsdesk.services.actors import Actor, Clock, Permission
from recordsdesk.services.audit import AuditTrail
from recordsdesk.services.dto import PatientSummary
from recordsdesk.services.identity.reads import PATIENTS_FOUND, record_reads
from recordsdesk.services.site_settings import SiteSettings, load_settings
from recordsdesk.storage.models import Chart, Movement, Patient, RecordType, Volume
from recordsdesk.storage.unit_of_work import Database

MAX_VOLUMES = 50


def name_key(family: str, given: str) -> str:
    """The upper-cased "FAMILY, GIVEN" that name searches match by prefix."""
    return f"{family.strip().upper()}, {given.strip().upper()}"


def split_name(name: str) -> tuple[str, str]:
    """("FAMILY", "GIVEN") from "FAMILY, GIVEN"; InvalidInput without a comma."""
    family, comma, given = name.partition(",")
    if not comma or not family.strip() or not given.strip():
        raise InvalidInput(f"Write the name as 'FAMILY, GIVEN', not '{name}'.")
    return family.strip(), given.strip()


def display_name(patient: Patient) -> str:
    """The name as the file room writes it."""
    return f"{patient.family_name.upper()}, {patient.given_name}"


def find_patient(session: Session, settings: SiteSettings, mrn: str) -> Patient:
    """The patient with ``mrn`` (as typed), or NotFound."""
    normal = normalize_mrn(mrn, settings.mrn)
    patient = session.scalar(select(Patient).where(Patient.mrn == normal))
    if patient is None:
        raise NotFound(f"No patient with MRN {normal}.")
    return patient


def find_record_type(session: Session, code: str) -> RecordType:
    """The record type with ``code``, or InvalidInput listing the known ones."""
    record_type = session.scalar(select(RecordType).where(RecordType.code == code.upper()))
    if record_type is None:
        known = ", ".join(session.scalars(select(RecordType.code).order_by(RecordType.code)))
        raise InvalidInput(f"Unknown record type '{code}': known types are {known}.")
    return record_type


def new_volume(
    session: Session, actor: Actor, chart: Chart, number: int, key: str, now: datetime
) -> Volume:
    """Add volume ``number`` to ``chart`` with its barcode and a 'created' movement."""
    volume = Volume(
        chart=chart, number=number, barcode=f"NEW-{chart.id}-{number}", shelf_key=key, missing=False
    )
    session.add(volume)
    session.flush()
    volume.barcode = volume_barcode(volume.id)
    movement = Movement(
        volume_id=volume.id,
        kind=MovementKind.CREATED.value,
        from_location_id=None,
        to_location_id=None,
        user_id=actor.user_id,
        workstation=actor.workstation,
        at=now,
        note="",
    )
    session.add(movement)
    session.flush()
    volume.last_movement_id = movement.id
    return volume


class RegistryService:
    """Patients, charts and volumes: registering and searching."""

    def __init__(self, db: Database, clock: Clock, trail: AuditTrail | None = None) -> None:
        self._db = db
        self._clock = clock
        self._trail = trail or AuditTrail(clock)

    def register_patient(
        self,
        actor: Actor,
        mrn: str,
        name: str,
        dob: date | None,
        volumes: int = 1,
        record_type: str = "MR",
    ) -> PatientSummary:
        """A new patient with a chart of ``volumes`` volumes, each labelled and at home."""
        actor.require(Permission.REGISTER_CHARTS)
        family, given = split_name(name)
        if not 0 <= volumes <= MAX_VOLUMES:
            raise InvalidInput(f"{volumes} volumes is out of range (0 to {MAX_VOLUMES}).")
        if dob is not None and dob > self._clock().date():
            raise InvalidInput(f"Date of birth {dob.isoformat()} is in the future.")
        with self._db.writing() as uow:
            session = uow.session
            settings = load_settings(session)
            normal = normalize_mrn(mrn, settings.mrn)
            if session.scalar(select(Patient.id).where(Patient.mrn == normal)) is not None:
                raise Conflict(f"A patient with MRN {normal} exists already.")
            now = self._clock()
            patient = Patient(
                mrn=normal,
                family_name=family,
                given_name=given,
                dob=dob,
                name_key=name_key(family, given),
                created_at=now,
            )
            session.add(patient)
            position = shelf_position(normal, settings.filing)
            if volumes:
                kind = find_record_type(session, record_type)
                chart = Chart(patient=patient, record_type=kind, created_at=now)
                session.add(chart)
                session.flush()
                for number in range(1, volumes + 1):
                    new_volume(session, actor, chart, number, position.key, now)
            session.flush()
            # Appointments booked before the chart existed now get their requests (imported
            # here: the request services import this module).
            from recordsdesk.services.appointment_requests import sync_patient

            sync_patient(session, patient.id, normal, actor.user_id, now)
            uow.commit()
            return PatientSummary(patient.id, normal, display_name(patient), dob, position.display)

    def add_volume(self, actor: Actor, mrn: str, record_type: str = "MR") -> str:
        """The next volume of a patient's chart (the chart is opened if needed); its barcode."""
        actor.require(Permission.REGISTER_CHARTS)
        with self._db.writing() as uow:
            session = uow.session
            settings = load_settings(session)
            patient = find_patient(session, settings, mrn)
            kind = find_record_type(session, record_type)
            now = self._clock()
            chart = session.scalar(
                select(Chart).where(Chart.patient_id == patient.id, Chart.record_type_id == kind.id)
            )
            if chart is None:
                chart = Chart(patient=patient, record_type=kind, created_at=now)
                session.add(chart)
                session.flush()
            last = session.scalar(
                select(func.max(Volume.number)).where(Volume.chart_id == chart.id)
            )
            number = (last or 0) + 1
            if number > MAX_VOLUMES:
                raise InvalidInput(f"Chart {patient.mrn} has {MAX_VOLUMES} volumes already.")
            key = shelf_position(patient.mrn, settings.filing).key
            volume = new_volume(session, actor, chart, number, key, now)
            from recordsdesk.services.appointment_requests import sync_patient

            sync_patient(session, patient.id, patient.mrn, actor.user_id, now)
            uow.commit()
            return volume.barcode

    def search(
        self, actor: Actor, text: str, dob: date | None = None, limit: int = 50
    ) -> list[PatientSummary]:
        """Patients by MRN, volume barcode, or name prefix ("SMITH, J"), optionally with DOB."""
        actor.require(Permission.VIEW_CHARTS)
        query = text.strip()
        if not query:
            raise InvalidInput("Type an MRN, a barcode or a name to search for.")
        with self._db.reading() as uow:
            session = uow.session
            settings = load_settings(session)
            patients: list[Patient] = []
            upper = query.upper()
            if upper.startswith("V") and upper[1:].isdigit():
                found = session.scalar(
                    select(Patient).join(Chart).join(Volume).where(Volume.barcode == upper)
                )
                patients = [found] if found else []
            elif any(ch.isdigit() for ch in query) and "," not in query:
                try:
                    normal = normalize_mrn(query, settings.mrn)
                except InvalidInput:
                    normal = None
                if normal is not None:
                    found = session.scalar(select(Patient).where(Patient.mrn == normal))
                    patients = [found] if found else []
            else:
                family, _, given = upper.partition(",")
                prefix = f"{family.strip()}, {given.strip()}" if given.strip() else family.strip()
                stmt = select(Patient).where(Patient.name_key.startswith(prefix, autoescape=True))
                if dob is not None:
                    stmt = stmt.where(Patient.dob == dob)
                patients = list(session.scalars(stmt.order_by(Patient.name_key).limit(limit)))
            results = [
                PatientSummary(
                    p.id,
                    p.mrn,
                    display_name(p),
                    p.dob,
                    shelf_position(p.mrn, settings.filing).display,
                )
                for p in patients
            ]
        # Names and dates of birth were shown: each patient found is recorded, with the query.
        why = f"search {query[:40]!r}" + (f" born {dob}" if dob else "")
        record_reads(self._db, self._trail, actor, (p.mrn for p in results), why, PATIENTS_FOUND)
        return results


def load_chart(session: Session, patient_id: int) -> Patient:
    """A patient with charts and volumes loaded in one go."""
    patient = session.scalar(
        select(Patient)
        .where(Patient.id == patient_id)
        .options(selectinload(Patient.charts).selectinload(Chart.volumes))
    )
    if patient is None:
        raise NotFound("That patient is no longer on file.")
    return patient
