"""The request queue a clerk works: pending requests, STAT first; filled by scan, or closed
with a reason."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select, update
from sqlalchemy.orm import aliased

from recordsdesk.domain.barcodes import ScanKind, parse_scan, request_barcode
from recordsdesk.domain.circulation import Outcome
from recordsdesk.domain.errors import InvalidInput, NotFound
from recordsdesk.domain.filing import shelf_position
from recordsdesk.printing.request_slip import RequestSlip, request_slips_pdf
from recordsdesk.services.actors import Actor, Clock, Permission
from recordsdesk.services.audit import AuditTrail
from recordsdesk.services.circulation import CirculationService
from recordsdesk.services.documents import Document, print_settings
from recordsdesk.services.dto import ScanResult
from recordsdesk.services.requests import Priority, RequestStatus
from recordsdesk.services.site_settings import load_settings
from recordsdesk.storage.models import ChartRequest, Location, Patient, User, Volume
from recordsdesk.storage.unit_of_work import Database

# The audit trail's word for a patient's request shown on the Requests page.
REQUEST_LISTED = "request_listed"


@dataclass(frozen=True)
class QueuedRequest:
    """A pending request as the Requests page shows it."""

    id: int
    stat: bool
    barcode: str | None
    mrn: str
    name: str
    volume: int | None
    to_code: str
    to_name: str
    needed_by: datetime
    made_at: datetime
    made_by: str
    where_now: str
    note: str
    appointment: bool


@dataclass(frozen=True)
class QueueMarker:
    """What changes whenever a request is made or closed: the newest id and the pending count."""

    newest: int
    pending: int


class RequestQueue:
    """Pending requests for the desk; filling, cancelling and refusing them."""

    def __init__(
        self, db: Database, clock: Clock, circulation: CirculationService, trail: AuditTrail
    ) -> None:
        self._db = db
        self._clock = clock
        self._circulation = circulation
        self._trail = trail

    def marker(self, actor: Actor) -> QueueMarker:
        """Two indexed numbers; a desk polls them to learn that the queue changed."""
        actor.require(Permission.VIEW_CHARTS)
        with self._db.reading() as uow:
            newest = uow.session.scalar(select(func.max(ChartRequest.id))) or 0
            pending = uow.session.scalar(
                select(func.count())
                .select_from(ChartRequest)
                .where(ChartRequest.status == RequestStatus.PENDING.value)
            )
        return QueueMarker(int(newest), int(pending or 0))

    def pending(
        self,
        actor: Actor,
        already_shown: Collection[int] = (),
        include_appointments: bool = False,
    ) -> tuple[QueuedRequest, ...]:
        """Pending requests, STAT first, then by need-by time. Requests made for appointments
        are worked from the pull list and left out unless asked for. Each request not in
        ``already_shown`` is recorded in the audit trail as shown, once for its patient."""
        actor.require(Permission.VIEW_CHARTS)
        maker = aliased(User)
        here = aliased(Location)
        query = (
            select(ChartRequest, Patient, Location, Volume, maker.username, here.name)
            .join(Patient, Patient.id == ChartRequest.patient_id)
            .join(Location, Location.id == ChartRequest.location_id)
            .join(maker, maker.id == ChartRequest.requested_by)
            .outerjoin(Volume, Volume.id == ChartRequest.volume_id)
            .outerjoin(here, here.id == Volume.location_id)
            .where(ChartRequest.status == RequestStatus.PENDING.value)
        )
        if not include_appointments:
            query = query.where(ChartRequest.appointment_id.is_(None))
        with self._db.reading() as uow:
            rows = uow.session.execute(query).all()
            found = [
                QueuedRequest(
                    id=r.id,
                    stat=r.priority == Priority.STAT.value,
                    barcode=v.barcode if v else None,
                    mrn=p.mrn,
                    name=f"{p.family_name.upper()}, {p.given_name}",
                    volume=v.number if v else None,
                    to_code=loc.code,
                    to_name=loc.name,
                    needed_by=r.needed_by,
                    made_at=r.created_at,
                    made_by=who,
                    where_now=_where(v, here_name),
                    note=r.note,
                    appointment=r.appointment_id is not None,
                )
                for r, p, loc, v, who, here_name in rows
            ]
        found.sort(key=lambda q: (not q.stat, q.needed_by, q.id))
        shown = set(already_shown)
        fresh = [q for q in found if q.id not in shown]
        if fresh:
            with self._db.writing() as uow:
                for mrn in dict.fromkeys(q.mrn for q in fresh):
                    ids = ", ".join(f"R{q.id:07d}" for q in fresh if q.mrn == mrn)
                    self._trail.record_for(
                        uow.session, actor, REQUEST_LISTED, mrn=mrn, detail=f"Requests page: {ids}"
                    )
                uow.commit()
        return tuple(found)

    def fill(self, actor: Actor, raw: str) -> ScanResult:
        """The scanned volume goes to the place that wants it soonest (STAT first); that check-out
        fills the request. A volume nobody has requested is not moved."""
        actor.require(Permission.CIRCULATE)
        shown = raw.strip()
        with self._db.reading() as uow:
            settings = load_settings(uow.session)
            try:
                scan = parse_scan(raw, settings.scanner)
            except InvalidInput as exc:
                return ScanResult(shown, False, Outcome.INVALID, exc.message)
            if scan.kind is not ScanKind.VOLUME:
                return ScanResult(
                    shown,
                    False,
                    Outcome.WRONG_KIND,
                    f"'{scan.value}' is not a chart: scan the chart.",
                )
            wanted = uow.session.execute(
                select(Location.code)
                .join(ChartRequest, ChartRequest.location_id == Location.id)
                .join(Volume, Volume.id == ChartRequest.volume_id)
                .where(
                    Volume.barcode == scan.value,
                    ChartRequest.status == RequestStatus.PENDING.value,
                )
                .order_by(ChartRequest.priority.desc(), ChartRequest.needed_by)
                .limit(1)
            ).scalar()
        if wanted is None:
            return ScanResult(
                shown,
                False,
                Outcome.NOT_REQUESTED,
                f"No request waits for {scan.value}: check it out at the desk if it must go.",
                barcode=scan.value,
            )
        return self._circulation.check_out(actor, wanted, raw)

    def slips(self, actor: Actor, request_ids: Collection[int]) -> Document:
        """Slips for requests, to pull their charts with (the Requests page prints one for each
        request as it arrives when the workstation is set to); DocumentService prints it and
        records it for each patient named."""
        actor.require(Permission.PRINT)
        maker = aliased(User)
        with self._db.reading() as uow:
            settings = load_settings(uow.session)
            rows = uow.session.execute(
                select(ChartRequest, Patient, Location, Volume, maker.username)
                .join(Patient, Patient.id == ChartRequest.patient_id)
                .join(Location, Location.id == ChartRequest.location_id)
                .join(maker, maker.id == ChartRequest.requested_by)
                .outerjoin(Volume, Volume.id == ChartRequest.volume_id)
                .where(ChartRequest.id.in_(list(request_ids)))
                .order_by(ChartRequest.priority.desc(), ChartRequest.needed_by)
            ).all()
            slips = [
                RequestSlip(
                    request_barcode=request_barcode(r.id),
                    stat=r.priority == Priority.STAT.value,
                    chart_barcode=v.barcode if v else None,
                    shelf=shelf_position(p.mrn, settings.filing).display,
                    mrn=p.mrn,
                    name=f"{p.family_name.upper()}, {p.given_name}",
                    volume=str(v.number) if v else "",
                    to_name=loc.name,
                    to_code=loc.code,
                    needed_by=r.needed_by.astimezone(),
                    asked=f"{r.created_at.astimezone():%a %d %b %H:%M} by {who}",
                    note=r.note,
                )
                for r, p, loc, v, who in rows
            ]
        if not slips:
            raise NotFound("No such request: there is no slip to print.")
        return Document(
            request_slips_pdf(slips, print_settings(settings)),
            "pdf",
            "Request slips",
            tuple(dict.fromkeys(s.mrn for s in slips)),
        )

    def cancel(self, actor: Actor, request_id: int, reason: str) -> None:
        """Withdraw a pending request (the requester no longer needs it); the reason is kept."""
        self._close(actor, request_id, reason, RequestStatus.CANCELLED, "cancelled")

    def cannot_fill(self, actor: Actor, request_id: int, reason: str) -> None:
        """Close a pending request the file room cannot fill (chart missing, off site ...)."""
        self._close(actor, request_id, reason, RequestStatus.NOT_FILLABLE, "cannot fill")

    def _close(
        self, actor: Actor, request_id: int, reason: str, status: RequestStatus, said: str
    ) -> None:
        actor.require(Permission.CIRCULATE)
        why = " ".join(reason.split())
        if not why:
            raise InvalidInput(f"Give a reason: a request is not closed as '{said}' without one.")
        with self._db.writing() as uow:
            note = uow.session.scalar(
                select(ChartRequest.note).where(
                    ChartRequest.id == request_id,
                    ChartRequest.status == RequestStatus.PENDING.value,
                )
            )
            if note is None:
                raise NotFound(f"No pending request R{request_id:07d}: it may be closed already.")
            closing = f"{said} by {actor.username}: {why}"
            uow.session.execute(
                update(ChartRequest)
                .where(ChartRequest.id == request_id)
                .values(
                    status=status.value,
                    closed_at=self._clock(),
                    note=(f"{note} | {closing}" if note else closing)[:255],
                )
            )
            uow.commit()


def _where(volume: Volume | None, place: str | None) -> str:
    if volume is None:
        return "no volume named"
    if volume.missing:
        return "flagged missing"
    return place or "on the shelf"
