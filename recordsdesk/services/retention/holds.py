"""Legal holds: placed and released by a supervisor; nothing they cover is retired or destroyed."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from recordsdesk.domain.errors import Conflict, InvalidInput, NotFound
from recordsdesk.domain.retention import HoldScope
from recordsdesk.services.actors import Actor, Clock
from recordsdesk.services.audit import AuditTrail
from recordsdesk.services.registry import find_patient
from recordsdesk.services.retention.access import RetentionAccess, RetentionPermission
from recordsdesk.services.retention.dto import HoldInfo
from recordsdesk.services.retention.rules import find_record_type
from recordsdesk.services.site_settings import load_settings
from recordsdesk.storage.models import Patient, RecordType, User
from recordsdesk.storage.retention_models import LegalHold
from recordsdesk.storage.unit_of_work import Database


def _covers(mrn: str | None, record_type: str | None, start: date | None, end: date | None) -> str:
    parts = []
    if mrn:
        parts.append(f"patient {mrn}")
    if record_type:
        parts.append(f"record type {record_type}")
    if start or end:
        parts.append(f"activity {start or 'any time'} to {end or 'now'}")
    return ", ".join(parts)


def hold_info(session: Session, hold: LegalHold) -> HoldInfo:
    """The plain form of a hold."""
    mrn = session.scalar(select(Patient.mrn).where(Patient.id == hold.patient_id))
    code = session.scalar(select(RecordType.code).where(RecordType.id == hold.record_type_id))
    names = dict(
        session.execute(
            select(User.id, User.username).where(
                User.id.in_([hold.placed_by, hold.released_by or hold.placed_by])
            )
        ).all()
    )
    return HoldInfo(
        id=hold.id,
        covers=_covers(mrn, code, hold.starts_on, hold.ends_on),
        reason=hold.reason,
        placed_by=names[hold.placed_by],
        placed_at=hold.placed_at,
        released_by=names.get(hold.released_by) if hold.released_by else None,
        released_at=hold.released_at,
        release_note=hold.release_note,
        mrn=mrn,
        record_type=code,
        starts_on=hold.starts_on,
        ends_on=hold.ends_on,
    )


class HoldService:
    """Placing, listing and releasing legal holds."""

    def __init__(
        self, db: Database, clock: Clock, trail: AuditTrail, access: RetentionAccess
    ) -> None:
        self._db = db
        self._clock = clock
        self._trail = trail
        self._access = access

    def place(
        self,
        actor: Actor,
        reason: str,
        *,
        mrn: str | None = None,
        record_type: str | None = None,
        starts_on: date | None = None,
        ends_on: date | None = None,
    ) -> HoldInfo:
        """Place a hold; from now on nothing it covers is boxed for retirement or destroyed."""
        self._access.require(actor, RetentionPermission.HOLDS)
        with self._access.refusals(actor, "place a legal hold", mrn), self._db.writing() as uow:
            session = uow.session
            if not reason.strip():
                raise InvalidInput("A legal hold needs a reason (the matter, the case number).")
            patient = find_patient(session, load_settings(session), mrn) if mrn else None
            kind = find_record_type(session, record_type) if record_type else None
            HoldScope(
                patient.id if patient else None,
                kind.code if kind else None,
                starts_on,
                ends_on,
            ).check()
            hold = LegalHold(
                patient_id=patient.id if patient else None,
                record_type_id=kind.id if kind else None,
                starts_on=starts_on,
                ends_on=ends_on,
                reason=reason.strip(),
                placed_by=actor.user_id,
                placed_at=self._clock(),
                release_note="",
            )
            session.add(hold)
            session.flush()
            info = hold_info(session, hold)
            self._trail.record_for(
                session,
                actor,
                "legal_hold_placed",
                mrn=info.mrn,
                detail=f"hold #{hold.id} on {info.covers}: {info.reason}",
            )
            uow.commit()
        return info

    def release(self, actor: Actor, hold_id: int, note: str) -> HoldInfo:
        """Release a hold, saying why."""
        self._access.require(actor, RetentionPermission.HOLDS)
        what = f"release legal hold #{hold_id}"
        with self._access.refusals(actor, what), self._db.writing() as uow:
            session = uow.session
            hold = session.get(LegalHold, hold_id)
            if hold is None:
                raise NotFound(f"No legal hold #{hold_id}.")
            if hold.released_at is not None:
                raise Conflict(f"Legal hold #{hold_id} was released already.")
            if not note.strip():
                raise InvalidInput("Say why the hold is released (the matter closed ...).")
            hold.released_by = actor.user_id
            hold.released_at = self._clock()
            hold.release_note = note.strip()
            session.flush()
            info = hold_info(session, hold)
            self._trail.record_for(
                session,
                actor,
                "legal_hold_released",
                mrn=info.mrn,
                detail=f"hold #{hold.id} on {info.covers}: {info.release_note}",
            )
            uow.commit()
        return info

    def listing(self, actor: Actor, include_released: bool = False) -> list[HoldInfo]:
        """The holds in force (and, if asked, the released ones), newest first."""
        self._access.require(actor, RetentionPermission.VIEW)
        with self._db.reading() as uow:
            query = select(LegalHold).order_by(LegalHold.id.desc())
            if not include_released:
                query = query.where(LegalHold.released_at.is_(None))
            found = [hold_info(uow.session, hold) for hold in uow.session.scalars(query)]
        self._access.shown(actor, (h.mrn for h in found if h.mrn), "legal holds")
        return found
