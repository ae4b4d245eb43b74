"""Missing charts: a supervisor flags a volume missing; the next scan of it records it found."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import aliased

from recordsdesk.domain.barcodes import ScanKind, parse_scan
from recordsdesk.domain.circulation import MovementKind
from recordsdesk.domain.errors import Conflict, InvalidInput, NotFound
from recordsdesk.services.actors import Actor, Clock, Permission
from recordsdesk.services.audit import AuditTrail
from recordsdesk.services.identity.reads import record_reads
from recordsdesk.services.registry import display_name
from recordsdesk.services.retention.guard import refuse_destroyed
from recordsdesk.storage.ledger import append_movement, lock_volume
from recordsdesk.storage.models import Chart, Location, Movement, Patient, User, Volume
from recordsdesk.storage.unit_of_work import Database


@dataclass(frozen=True)
class MissingInfo:
    """A volume flagged missing: who flagged it when, why, and where it was last seen."""

    barcode: str
    mrn: str
    name: str
    volume: int
    flagged_at: datetime
    flagged_by: str
    note: str
    last_place: str | None


class MissingService:
    """Flagging volumes missing and listing them; finding happens on the next scan."""

    def __init__(self, db: Database, clock: Clock, trail: AuditTrail | None = None) -> None:
        self._db = db
        self._clock = clock
        self._trail = trail or AuditTrail(clock)

    def flag(self, actor: Actor, barcode: str, note: str) -> MissingInfo:
        """Flag a volume missing after a search has failed; the note says what was tried."""
        actor.require(Permission.SIGN_OFF_MISSING)
        if not note.strip():
            raise InvalidInput(
                "Say where it was looked for: a note is needed to flag a chart missing."
            )
        scan = parse_scan(barcode)
        if scan.kind is not ScanKind.VOLUME:
            raise InvalidInput(f"'{scan.value}' is not a chart barcode.")
        now = self._clock()
        with self._db.writing() as uow:
            volume = lock_volume(uow.session, scan.value)
            if volume is None:
                raise NotFound(f"Unknown chart barcode {scan.value}.")
            if volume.missing:
                raise Conflict(f"{volume.barcode} is already flagged missing.")
            refuse_destroyed(uow.session, volume)
            append_movement(
                uow.session,
                volume,
                kind=MovementKind.FLAGGED_MISSING.value,
                to_location_id=volume.location_id,
                user_id=actor.user_id,
                workstation=actor.workstation,
                at=now,
                due_at=volume.due_at,
                out_since=volume.out_since,
                missing=True,
                note=note.strip()[:255],
            )
            place = uow.session.get(Location, volume.location_id) if volume.location_id else None
            uow.commit()
        return MissingInfo(
            volume.barcode,
            volume.mrn,
            f"{volume.family_name.upper()}, {volume.given_name}",
            volume.number,
            now,
            actor.username,
            note.strip(),
            place.name if place else None,
        )

    def listing(self, actor: Actor) -> list[MissingInfo]:
        """Every volume flagged missing now, longest missing first (a report)."""
        actor.require(Permission.REPORTS)
        flagger = aliased(User)
        place = aliased(Location)
        with self._db.reading() as uow:
            rows = uow.session.execute(
                select(Volume, Patient, Movement, flagger.username, place.name)
                .join(Chart, Chart.id == Volume.chart_id)
                .join(Patient, Patient.id == Chart.patient_id)
                .join(Movement, Movement.id == Volume.last_movement_id)
                .join(flagger, flagger.id == Movement.user_id)
                .outerjoin(place, place.id == Volume.location_id)
                .where(Volume.missing.is_(True))
                .order_by(Movement.at)
            ).all()
            found = [
                MissingInfo(
                    v.barcode,
                    p.mrn,
                    display_name(p),
                    v.number,
                    m.at,
                    who,
                    m.note,
                    where,
                )
                for v, p, m, who, where in rows
            ]
        record_reads(self._db, self._trail, actor, (f.mrn for f in found), "missing list")
        return found
