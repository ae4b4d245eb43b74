"""The request queue a clerk works: pending requests, STAT first; filled by scan, or closed
with a reason."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Select, func, select, update
from sqlalchemy.orm import aliased

from recordsdesk.domain.barcodes import ScanKind, parse_scan, request_barcode
from recordsdesk.domain.circulation import Outcome
from recordsdesk.domain.errors import Conflict, InvalidInput, NotFound
from recordsdesk.domain.filing import shelf_position
from recordsdesk.printing.request_slip import RequestSlip, request_slips_pdf
from recordsdesk.services.actors import Actor, Clock, Permission
from recordsdesk.services.audit import AuditTrail
from recordsdesk.services.circulation import CirculationService
from recordsdesk.services.documents import Document, print_settings
from recordsdesk.services.dto import ScanResult
from recordsdesk.services.identity.reads import record_list
from recordsdesk.services.requests import Priority, RequestStatus
from recordsdesk.services.retention.boxes import BoxService
from recordsdesk.services.retention.dto import RetentionAnswer
from recordsdesk.services.retention.whereabouts import Whereabouts, whereabouts
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
    # The box an off-site volume waits in; a recall is offered for it.
    off_site_box: str | None = None


@dataclass(frozen=True)
class QueueMarker:
    """What changes whenever a request is made or closed: the newest id and the pending count."""

    newest: int
    pending: int


class RequestQueue:
    """Pending requests for the desk; filling, cancelling and refusing them."""

    def __init__(
        self,
        db: Database,
        clock: Clock,
        circulation: CirculationService,
        trail: AuditTrail,
        boxes: BoxService | None = None,
    ) -> None:
        self._db = db
        self._clock = clock
        self._circulation = circulation
        self._trail = trail
        self._boxes = boxes

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
        with self._db.reading() as uow:
            query = _PENDING if include_appointments else _PENDING_AT_DESK
            rows = uow.session.execute(query).all()
            moved = whereabouts(uow.session, [r.volume_id for r in rows if r.volume_id])
            # Columns, not ORM objects: a busy room's queue holds thousands of requests, and
            # each object costs more to build (and to expire as the read ends) than to read.
            found = [
                QueuedRequest(
                    id=r.id,
                    stat=r.priority == Priority.STAT.value,
                    barcode=r.barcode,
                    mrn=r.mrn,
                    name=f"{r.family_name.upper()}, {r.given_name}",
                    volume=r.number,
                    to_code=r.to_code,
                    to_name=r.to_name,
                    needed_by=r.needed_by,
                    made_at=r.created_at,
                    made_by=r.made_by,
                    where_now=_where(r.volume_id, r.missing, r.here, moved),
                    note=r.note,
                    appointment=r.appointment_id is not None,
                    off_site_box=_off_site_box(r.volume_id, moved),
                )
                for r in rows
            ]
        found.sort(key=lambda q: (not q.stat, q.needed_by, q.id))
        shown = set(already_shown)
        fresh = [q for q in found if q.id not in shown]
        by_patient: dict[str, list[str]] = {}
        for q in fresh:
            by_patient.setdefault(q.mrn, []).append(f"R{q.id:07d}")
        shown_to = {mrn: f"Requests page: {', '.join(ids)}" for mrn, ids in by_patient.items()}
        record_list(self._db, self._trail, actor, shown_to, REQUEST_LISTED)
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

    def site_slip_printer(self, actor: Actor) -> str:
        """The queue the site prints request slips on where a workstation names none."""
        actor.require(Permission.VIEW_CHARTS)
        with self._db.reading() as uow:
            return load_settings(uow.session).slip_printer

    def slip_printer(self, actor: Actor, workstation_choice: str | None) -> str:
        """Where this workstation's slips go: its own choice ('' for none), else the site's."""
        if workstation_choice is not None:
            return workstation_choice
        return self.site_slip_printer(actor)

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
            moved = whereabouts(uow.session, [v.id for *_, v, _w in rows if v is not None])
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
                    where=moved[v.id].text if v is not None and v.id in moved else "",
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

    def recall(self, actor: Actor, request_id: int) -> RetentionAnswer:
        """Recall the off-site volume a pending request waits for: out of its box (a 'recalled'
        movement, in the audit trail), the request noting when the records centre sends it."""
        actor.require(Permission.CIRCULATE)
        if self._boxes is None:
            raise InvalidInput("Recalls are not available at this desk.")
        with self._db.reading() as uow:
            row = uow.session.execute(
                select(Volume.id, Volume.barcode)
                .join(ChartRequest, ChartRequest.volume_id == Volume.id)
                .where(
                    ChartRequest.id == request_id,
                    ChartRequest.status == RequestStatus.PENDING.value,
                )
            ).first()
            if row is None:
                raise NotFound(f"No pending request R{request_id:07d} for a named volume.")
            volume_id, barcode = row
            place = whereabouts(uow.session, [volume_id]).get(volume_id)
        if place is None or place.lead_days is None:
            raise Conflict(f"Refused (not off-site): {barcode} is not in a box off-site.")
        answer = self._boxes.recall_volume(actor, barcode)
        ready = self._clock().date() + timedelta(days=place.lead_days)
        with self._db.writing() as uow:
            request = uow.session.get(ChartRequest, request_id)
            assert request is not None
            said = f"recalled from box {place.box} by {actor.username}, due about {ready}"
            request.note = (f"{request.note} | {said}" if request.note else said)[:255]
            self._trail.record_for(
                uow.session,
                actor,
                "request_recall",
                mrn=uow.session.scalar(select(Patient.mrn).where(Patient.id == request.patient_id)),
                detail=f"R{request_id:07d}: {barcode} {said}",
            )
            uow.commit()
        return answer

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


def _where(
    volume_id: int | None, missing: bool | None, place: str | None, moved: dict[int, Whereabouts]
) -> str:
    if volume_id is None:
        return "no volume named"
    if missing:
        return "flagged missing"
    if volume_id in moved:
        return moved[volume_id].text
    return place or "on the shelf"


def _off_site_box(volume_id: int | None, moved: dict[int, Whereabouts]) -> str | None:
    found = moved.get(volume_id) if volume_id is not None else None
    return found.box if found is not None and found.lead_days is not None else None


def _pending_query(include_appointments: bool) -> Select[*tuple[Any, ...]]:
    """Every pending request with what the page shows of it, as plain columns."""
    maker = aliased(User)
    here = aliased(Location)
    query = (
        select(
            ChartRequest.id,
            ChartRequest.priority,
            ChartRequest.needed_by,
            ChartRequest.created_at,
            ChartRequest.note,
            ChartRequest.appointment_id,
            Patient.mrn,
            Patient.family_name,
            Patient.given_name,
            Location.code.label("to_code"),
            Location.name.label("to_name"),
            Volume.id.label("volume_id"),
            Volume.barcode,
            Volume.number,
            Volume.missing,
            maker.username.label("made_by"),
            here.name.label("here"),
        )
        .join(Patient, Patient.id == ChartRequest.patient_id)
        .join(Location, Location.id == ChartRequest.location_id)
        .join(maker, maker.id == ChartRequest.requested_by)
        .outerjoin(Volume, Volume.id == ChartRequest.volume_id)
        .outerjoin(here, here.id == Volume.location_id)
        .where(ChartRequest.status == RequestStatus.PENDING.value)
    )
    if not include_appointments:
        query = query.where(ChartRequest.appointment_id.is_(None))
    return query


_PENDING = _pending_query(include_appointments=True)
_PENDING_AT_DESK = _pending_query(include_appointments=False)
