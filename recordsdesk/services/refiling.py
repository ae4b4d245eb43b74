"""Refiling: charts returned but not yet back in their slot, in the order the shelves take them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from recordsdesk.domain.barcodes import parse_scan
from recordsdesk.domain.circulation import MovementKind, Outcome
from recordsdesk.domain.errors import RecordsDeskError
from recordsdesk.domain.filing import shelf_position
from recordsdesk.services.actors import Actor, Clock, Permission
from recordsdesk.services.audit import AuditTrail
from recordsdesk.services.circulation import NAMES_SHOWN, resolve_volume
from recordsdesk.services.dto import ScanResult
from recordsdesk.services.identity.reads import record_reads
from recordsdesk.services.registry import display_name
from recordsdesk.services.site_settings import SiteSettings, load_settings
from recordsdesk.storage.ledger import VolumeRow, append_movement
from recordsdesk.storage.models import Chart, Movement, Patient, Volume
from recordsdesk.storage.unit_of_work import Database

# How far back the cart looks: a chart returned and never refiled for longer is a lost chart.
CART_DAYS = 14


@dataclass(frozen=True)
class CartItem:
    """A returned chart waiting to be refiled."""

    barcode: str
    mrn: str
    name: str
    volume: int
    shelf: str
    section: str
    returned_at: datetime


class RefilingService:
    """The to-be-refiled cart and the scan that puts a chart back in its slot."""

    def __init__(self, db: Database, clock: Clock, trail: AuditTrail | None = None) -> None:
        self._db = db
        self._clock = clock
        self._trail = trail or AuditTrail(clock)

    def cart(self, actor: Actor) -> list[CartItem]:
        """Charts returned lately and not refiled since, in filing order (the walk)."""
        actor.require(Permission.CIRCULATE)
        since = self._clock() - timedelta(days=CART_DAYS)
        with self._db.reading() as uow:
            settings = load_settings(uow.session)
            rows = uow.session.execute(
                select(Volume, Patient, Movement.at)
                .join(Movement, Movement.id == Volume.last_movement_id)
                .join(Chart, Chart.id == Volume.chart_id)
                .join(Patient, Patient.id == Chart.patient_id)
                .where(
                    Movement.kind == MovementKind.RETURNED.value,
                    Movement.at >= since,
                    Volume.location_id.is_(None),
                )
                .order_by(Volume.shelf_key, Volume.number)
            ).all()
            items = []
            for volume, patient, at in rows:
                position = shelf_position(patient.mrn, settings.filing)
                items.append(
                    CartItem(
                        volume.barcode,
                        patient.mrn,
                        display_name(patient),
                        volume.number,
                        position.display,
                        position.section,
                        at,
                    )
                )
        record_reads(self._db, self._trail, actor, (i.mrn for i in items), "refiling cart")
        return items

    def refile(self, actor: Actor, raw: str, named: set[str] | None = None) -> ScanResult:
        """Record that a returned chart is back in its slot.

        Every answer about a chart names its patient and volume; ``named``: the MRNs this
        page has named already (each patient named is recorded as read once); None records
        every answer's patient.
        """
        actor.require(Permission.CIRCULATE)
        shown = raw.strip()
        try:
            with self._db.writing() as uow:
                settings = load_settings(uow.session)
                # Read as every page reads a scan: a place or a command is no chart here.
                scan = parse_scan(raw, settings.scanner)
                volume = resolve_volume(uow, settings, scan)
                result = self._put_back(uow.session, actor, volume, shown, settings)
                seen = set() if named is None else named
                newly_named = volume.mrn not in seen
                if newly_named:
                    # Showing a patient's name is a read of their record: recorded, once.
                    self._trail.record_for(
                        uow.session, actor, NAMES_SHOWN, mrn=volume.mrn, detail=volume.barcode
                    )
                if result.movement_id is not None or newly_named:
                    uow.commit()
                if newly_named:
                    seen.add(volume.mrn)
                return result
        except RecordsDeskError as exc:
            return ScanResult(shown, False, Outcome.REFUSED, exc.message)

    def _put_back(
        self, session: Session, actor: Actor, volume: VolumeRow, shown: str, settings: SiteSettings
    ) -> ScanResult:
        def answer(
            ok: bool, outcome: Outcome, message: str, moved: int | None = None
        ) -> ScanResult:
            return ScanResult(
                shown,
                ok,
                outcome,
                message,
                barcode=volume.barcode,
                mrn=volume.mrn,
                patient=f"{volume.family_name.upper()}, {volume.given_name}",
                volume=volume.number,
                movement_id=moved,
            )

        if volume.location_id is not None:
            return answer(
                False, Outcome.REFUSED, f"{volume.barcode} is out, not home: return it first."
            )
        last = session.get(Movement, volume.last_movement_id)
        if last is None or last.kind != MovementKind.RETURNED.value:
            return answer(
                True,
                Outcome.ALREADY_FILED,
                f"{volume.barcode} is not on the cart: nothing to refile.",
            )
        movement_id, _ = append_movement(
            session,
            volume,
            kind=MovementKind.REFILED.value,
            to_location_id=None,
            user_id=actor.user_id,
            workstation=actor.workstation,
            at=self._clock(),
        )
        position = shelf_position(volume.mrn, settings.filing)
        return answer(
            True, Outcome.REFILED, f"{volume.barcode} refiled at {position.display}.", movement_id
        )
