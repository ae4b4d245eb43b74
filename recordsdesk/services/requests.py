"""Chart requests: someone needs a volume at a place by a time; filled by scanning the chart."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import Enum

from sqlalchemy import bindparam, select, update

from recordsdesk.domain.barcodes import ScanKind, parse_scan
from recordsdesk.domain.circulation import MovementKind
from recordsdesk.domain.errors import Conflict, InvalidInput, NotFound
from recordsdesk.services.actors import Actor, Clock, Permission
from recordsdesk.services.audit import AuditTrail
from recordsdesk.services.circulation import open_place, resolve_volume
from recordsdesk.services.identity.reads import record_reads
from recordsdesk.services.retention.whereabouts import whereabouts
from recordsdesk.services.site_settings import load_settings
from recordsdesk.storage import hot
from recordsdesk.storage.ledger import VolumeRow
from recordsdesk.storage.models import ChartRequest, Location, Patient, Volume
from recordsdesk.storage.unit_of_work import Database, UnitOfWork


class Priority(Enum):
    """How soon a chart is needed."""

    ROUTINE = "routine"
    STAT = "stat"


class RequestStatus(Enum):
    """Where a request stands."""

    PENDING = "pending"
    FILLED = "filled"
    CANCELLED = "cancelled"
    NOT_FILLABLE = "not_fillable"


@dataclass(frozen=True)
class RequestInfo:
    """A request as listed at the desk."""

    id: int
    barcode: str | None
    mrn: str
    name: str
    location_code: str
    location_name: str
    needed_by: datetime
    priority: str
    status: str
    appointment: str | None
    note: str
    # Where retention has put the volume (off-site in a box, with the lead time), if it has.
    where: str = ""


def _local(moment: datetime) -> str:
    return moment.astimezone().strftime("%H:%M") if moment else ""


_ANY_PENDING = (
    select(ChartRequest.id)
    .where(
        ChartRequest.volume_id == bindparam("volume_id"),
        ChartRequest.status == RequestStatus.PENDING.value,
    )
    .limit(1)
)


def fill_and_warn(
    uow: UnitOfWork, volume: VolumeRow, kind: MovementKind, movement_id: int, now: datetime
) -> list[str]:
    """On every move: a volume checked out where it is wanted fills those requests; a volume
    that comes home while wanted elsewhere is put aside, with where and when it is needed."""
    # Most scans move a volume nobody has asked for: one indexed probe answers that, on the
    # connection, without loading anything into the session.
    if hot.first(uow.connection(), _ANY_PENDING, {"volume_id": volume.id}) is None:
        return []
    pending = uow.session.execute(
        select(ChartRequest, Location)
        .join(Location, Location.id == ChartRequest.location_id)
        .where(
            ChartRequest.volume_id == volume.id,
            ChartRequest.status == RequestStatus.PENDING.value,
        )
        .order_by(ChartRequest.priority.desc(), ChartRequest.needed_by)
    ).all()
    warnings: list[str] = []
    for request, place in pending:
        if kind is not MovementKind.RETURNED and volume.location_id == request.location_id:
            request.status = RequestStatus.FILLED.value
            request.closed_at = now
            request.movement_id = movement_id
            warnings.append(f"Fills the request from {place.name} for {_local(request.needed_by)}.")
    if kind is MovementKind.RETURNED:
        for request, place in pending:
            stat = "STAT: " if request.priority == Priority.STAT.value else ""
            day = request.needed_by.astimezone()
            when = (
                day.strftime("%H:%M")
                if day.date() == now.astimezone().date()
                else day.strftime("%a %d %b %H:%M")
            )
            warnings.append(f"{stat}Put it aside: {place.name} needs it at {when}.")
    uow.flush()
    return warnings


def parse_need_by(text: str, today: date) -> datetime:
    """A need-by time from "HH:MM" (today) or "YYYY-MM-DD HH:MM", in this workstation's zone."""
    raw = text.strip()
    try:
        if len(raw) <= 5:
            moment = datetime.combine(today, time.fromisoformat(raw))
        else:
            moment = datetime.fromisoformat(raw)
    except ValueError:
        raise InvalidInput(f"'{text}' is not a time: write HH:MM or YYYY-MM-DD HH:MM.") from None
    return moment.astimezone() if moment.tzinfo is None else moment


class RequestService:
    """Making, listing and cancelling requests for charts."""

    def __init__(self, db: Database, clock: Clock, trail: AuditTrail | None = None) -> None:
        self._db = db
        self._clock = clock
        self._trail = trail or AuditTrail(clock)

    def add(
        self,
        actor: Actor,
        scan_or_mrn: str,
        location_code: str,
        needed_by: datetime,
        priority: Priority = Priority.ROUTINE,
        note: str = "",
    ) -> RequestInfo:
        """Request a volume (by barcode, or an MRN with one volume) at a place by a time."""
        actor.require(Permission.CIRCULATE)
        now = self._clock()
        if needed_by < now - timedelta(hours=1):
            raise InvalidInput("That need-by time has passed: give a time still to come.")
        with self._db.writing() as uow:
            session = uow.session
            settings = load_settings(session)
            scan = parse_scan(scan_or_mrn, settings.scanner)
            if scan.kind not in (ScanKind.VOLUME, ScanKind.MRN):
                raise InvalidInput(
                    f"'{scan.value}' is not a chart: give a chart barcode or an MRN."
                )
            volume = resolve_volume(uow, settings, scan)
            moved = whereabouts(session, [volume.id]).get(volume.id)
            if moved is not None and moved.destroyed:
                raise Conflict(
                    f"Refused (destroyed): {volume.barcode} was {moved.text}; there is no chart "
                    "to send."
                )
            place = open_place(session, location_code)
            request = ChartRequest(
                patient_id=volume.patient_id,
                volume_id=volume.id,
                location_id=place.id,
                appointment_id=None,
                needed_by=needed_by,
                priority=priority.value,
                status=RequestStatus.PENDING.value,
                requested_by=actor.user_id,
                created_at=now,
                note=note[:255],
            )
            session.add(request)
            session.flush()
            info = RequestInfo(
                request.id,
                volume.barcode,
                volume.mrn,
                f"{volume.family_name.upper()}, {volume.given_name}",
                place.code,
                place.name,
                needed_by,
                priority.value,
                request.status,
                None,
                request.note,
                moved.text if moved is not None else "",
            )
            uow.commit()
            return info

    def pending(self, actor: Actor, day: date | None = None) -> list[RequestInfo]:
        """Pending requests, STAT first then by need-by time; of one day if given."""
        actor.require(Permission.VIEW_CHARTS)
        with self._db.reading() as uow:
            query = (
                select(ChartRequest, Volume.barcode, Patient, Location)
                .join(Patient, Patient.id == ChartRequest.patient_id)
                .join(Location, Location.id == ChartRequest.location_id)
                .outerjoin(Volume, Volume.id == ChartRequest.volume_id)
                .where(ChartRequest.status == RequestStatus.PENDING.value)
                .order_by(ChartRequest.priority.desc(), ChartRequest.needed_by)
            )
            rows = uow.session.execute(query).all()
            moved = whereabouts(uow.session, [r.volume_id for r, *_ in rows if r.volume_id])
            found = [
                RequestInfo(
                    r.id,
                    barcode,
                    p.mrn,
                    f"{p.family_name.upper()}, {p.given_name}",
                    loc.code,
                    loc.name,
                    r.needed_by,
                    r.priority,
                    r.status,
                    str(r.appointment_id) if r.appointment_id else None,
                    r.note,
                    moved[r.volume_id].text if r.volume_id in moved else "",
                )
                for r, barcode, p, loc in rows
            ]
        if day is not None:
            found = [r for r in found if r.needed_by.astimezone().date() == day]
        why = f"pending requests of {day}" if day is not None else "pending requests"
        record_reads(self._db, self._trail, actor, (r.mrn for r in found), why)
        return found

    def cancel(self, actor: Actor, request_id: int) -> None:
        """Withdraw a pending request."""
        actor.require(Permission.CIRCULATE)
        with self._db.writing() as uow:
            changed = uow.session.execute(
                update(ChartRequest)
                .where(
                    ChartRequest.id == request_id,
                    ChartRequest.status == RequestStatus.PENDING.value,
                )
                .values(status=RequestStatus.CANCELLED.value, closed_at=self._clock())
            ).rowcount  # type: ignore[attr-defined]
            if not changed:
                raise NotFound(f"No pending request number {request_id}.")
            uow.commit()
