"""Suspending a patient's accounting at an agency's statement (45 CFR 164.528(a)(2))."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from recordsdesk.domain.errors import InvalidInput
from recordsdesk.domain.release_of_information import Suspension
from recordsdesk.services.actors import Actor, Clock, Permission
from recordsdesk.services.audit import AuditTrail
from recordsdesk.services.registry import find_patient
from recordsdesk.services.release.dto import DisclosureInfo, SuspensionInfo
from recordsdesk.services.site_settings import load_settings
from recordsdesk.storage.models import User
from recordsdesk.storage.release_models import RoiAccountingSuspension
from recordsdesk.storage.unit_of_work import Database

SUSPENDED = "roi_accounting_suspended"


def _suspension(row: RoiAccountingSuspension) -> Suspension:
    return Suspension(row.agency, row.stated_on, row.written, row.until, row.official)


def suspensions_of(session: Session, patient_id: int) -> list[Suspension]:
    """Every statement recorded for the patient, oldest first."""
    rows = session.scalars(
        select(RoiAccountingSuspension)
        .where(RoiAccountingSuspension.patient_id == patient_id)
        .order_by(RoiAccountingSuspension.id)
    )
    return [_suspension(r) for r in rows]


def suspension_note(statements: Sequence[Suspension], d: DisclosureInfo, on: date) -> str:
    """Why ``d`` is left out of an accounting given on ``on``; empty when it is not."""
    for s in statements:
        if s.withholds(d.basis, d.recipient, on):
            how = "written" if s.written else "oral"
            return (
                f"164.528(a)(2): suspended at {s.agency}'s {how} statement of "
                f"{s.stated_on:%Y-%m-%d}, until {s.ends_on:%Y-%m-%d}"
            )
    return ""


class SuspensionService:
    """Recording and listing the statements (a supervisor or the ROI officer records them)."""

    def __init__(self, db: Database, clock: Clock, trail: AuditTrail) -> None:
        self._db = db
        self._clock = clock
        self._trail = trail

    def suspend(
        self, actor: Actor, mrn: str, suspension: Suspension, note: str = ""
    ) -> SuspensionInfo:
        """Record an agency's statement: the patient's accounting leaves out the disclosures to
        that agency until it ends."""
        actor.require(Permission.APPROVE_RELEASES)
        today = self._clock().astimezone().date()
        if suspension.stated_on > today:
            raise InvalidInput(
                f"The statement cannot have been made on {suspension.stated_on:%Y-%m-%d}: "
                "that is after today."
            )
        with self._db.writing() as uow:
            session = uow.session
            patient = find_patient(session, load_settings(session), mrn)
            row = RoiAccountingSuspension(
                patient_id=patient.id,
                agency=suspension.agency.strip()[:128],
                official=suspension.official.strip()[:128],
                written=suspension.written,
                stated_on=suspension.stated_on,
                until=suspension.until,
                note=note.strip(),
                recorded_by=actor.user_id,
                recorded_at=self._clock(),
            )
            session.add(row)
            session.flush()
            self._trail.record_for(
                session,
                actor,
                SUSPENDED,
                mrn=patient.mrn,
                detail=f"{row.agency} ({'written' if row.written else 'oral'}, "
                f"{row.stated_on:%Y-%m-%d}) until {suspension.ends_on:%Y-%m-%d}",
            )
            info = _info(row, patient.mrn, actor.username)
            uow.commit()
            return info

    def list(self, actor: Actor, mrn: str) -> list[SuspensionInfo]:
        """The statements recorded for a patient, oldest first."""
        actor.require(Permission.PREPARE_RELEASES)
        with self._db.reading() as uow:
            session = uow.session
            patient = find_patient(session, load_settings(session), mrn)
            rows = session.execute(
                select(RoiAccountingSuspension, User.username)
                .join(User, User.id == RoiAccountingSuspension.recorded_by)
                .where(RoiAccountingSuspension.patient_id == patient.id)
                .order_by(RoiAccountingSuspension.id)
            ).all()
            return [_info(r, patient.mrn, name) for r, name in rows]


def _info(row: RoiAccountingSuspension, mrn: str, username: str) -> SuspensionInfo:
    return SuspensionInfo(
        id=row.id,
        mrn=mrn,
        agency=row.agency,
        official=row.official,
        written=row.written,
        stated_on=row.stated_on,
        ends_on=_suspension(row).ends_on,
        note=row.note,
        recorded_by=username,
    )
