"""Refiling: charts returned but not yet back in their slot, in the order the shelves take them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select

from recordsdesk.domain.barcodes import parse_scan
from recordsdesk.domain.circulation import MovementKind, Outcome
from recordsdesk.domain.errors import InvalidInput, RecordsDeskError
from recordsdesk.domain.filing import shelf_position
from recordsdesk.services.actors import Actor, Clock, Permission
from recordsdesk.services.audit import AuditTrail
from recordsdesk.services.circulation import resolve_volume
from recordsdesk.services.dto import ScanResult
from recordsdesk.services.identity.reads import record_reads
from recordsdesk.services.registry import display_name
from recordsdesk.services.site_settings import load_settings
from recordsdesk.storage.ledger import append_movement
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

    def refile(self, actor: Actor, raw: str) -> ScanResult:
        """Record that a returned chart is back in its slot."""
        actor.require(Permission.CIRCULATE)
        shown = raw.strip()
        try:
            with self._db.writing() as uow:
                settings = load_settings(uow.session)
                # Read as every page reads a scan: a place or a command is no chart here.
                scan = parse_scan(raw, settings.scanner)
                volume = resolve_volume(uow.session, settings, scan)
                name = f"{volume.family_name.upper()}, {volume.given_name}"
                if volume.location_id is not None:
                    raise InvalidInput(f"{volume.barcode} is out, not home: return it first.")
                last = uow.session.get(Movement, volume.last_movement_id)
                if last is None or last.kind != MovementKind.RETURNED.value:
                    return ScanResult(
                        shown,
                        True,
                        Outcome.ALREADY_FILED,
                        f"{volume.barcode} is not on the cart: nothing to refile.",
                        barcode=volume.barcode,
                        mrn=volume.mrn,
                        patient=name,
                    )
                movement_id, _ = append_movement(
                    uow.session,
                    volume,
                    kind=MovementKind.REFILED.value,
                    to_location_id=None,
                    user_id=actor.user_id,
                    workstation=actor.workstation,
                    at=self._clock(),
                )
                position = shelf_position(volume.mrn, settings.filing)
                uow.commit()
                return ScanResult(
                    shown,
                    True,
                    Outcome.REFILED,
                    f"{volume.barcode} refiled at {position.display}.",
                    barcode=volume.barcode,
                    mrn=volume.mrn,
                    patient=name,
                    volume=volume.number,
                    movement_id=movement_id,
                )
        except RecordsDeskError as exc:
            return ScanResult(shown, False, Outcome.REFUSED, exc.message)
