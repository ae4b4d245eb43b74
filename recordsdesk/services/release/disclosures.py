"""Releasing: the paper requested to the ROI desk, copies and fee, the disclosure recorded in the
audit trail, and a patient's accounting of disclosures."""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import func, select

from recordsdesk.domain.errors import InvalidInput, NotFound
from recordsdesk.domain.release_of_information import (
    Basis,
    RequesterKind,
    RequestStatus,
    accounting_start,
    copy_fee,
    exclusion,
    held_back,
    readiness,
)
from recordsdesk.services.actors import Actor, Clock, Permission
from recordsdesk.services.audit import AuditTrail
from recordsdesk.services.registry import display_name, find_patient
from recordsdesk.services.release.dto import Accounting, DisclosureInfo, QueueFigures
from recordsdesk.services.release.records import (
    approvals,
    asked_types,
    authorisation_of,
    categories_by_type,
    checks_done,
    disclosure_info,
    load_open_request,
    load_request,
    outstanding_types,
    reference,
    split_codes,
)
from recordsdesk.services.release.site import desk_location, load_fee_schedule
from recordsdesk.services.release.suspensions import suspension_note, suspensions_of
from recordsdesk.services.requests import RequestService
from recordsdesk.services.requests import RequestStatus as RequestStatus_
from recordsdesk.services.site_settings import load_settings
from recordsdesk.storage.models import (
    Chart,
    ChartRequest,
    Location,
    Patient,
    RecordType,
    User,
    Volume,
)
from recordsdesk.storage.release_models import RoiChartRequest, RoiDisclosure, RoiRequest
from recordsdesk.storage.unit_of_work import Database

DISCLOSED = "roi_disclosure"
PAPER = "roi_paper_requested"
COPIES = "roi_copies"
ACCOUNTING_VIEWED = "roi_accounting_viewed"


class DisclosureService:
    """From a ready request to a recorded disclosure, and the accounting that lists them."""

    def __init__(
        self, db: Database, clock: Clock, trail: AuditTrail, chart_requests: RequestService
    ) -> None:
        self._db = db
        self._clock = clock
        self._trail = trail
        self._chart_requests = chart_requests

    def _today(self) -> date:
        return self._clock().astimezone().date()

    # The paper -------------------------------------------------------------------------------

    def request_paper(self, actor: Actor, request_id: int) -> tuple[int, ...]:
        """Ask for the volumes a release needs, to the ROI desk, through the chart request flow.

        The volumes: those the request names, else every volume of the record types it asks.
        Volumes already requested for it are not asked again. The chart request numbers.
        """
        actor.require(Permission.PREPARE_RELEASES)
        with self._db.reading() as uow:
            session = uow.session
            row = load_open_request(session, request_id)
            rid = row.id
            desk = desk_location(session)
            if session.scalar(select(Location.id).where(Location.code == desk)) is None:
                raise NotFound(
                    f"The ROI desk's location {desk} does not exist: an administrator adds it "
                    f"(recordsdesk location add {desk} --kind department ...) or names another "
                    "(recordsdesk roi desk CODE)."
                )
            barcodes = list(split_codes(row.volumes)) or list(
                session.scalars(
                    select(Volume.barcode)
                    .join(Chart, Chart.id == Volume.chart_id)
                    .join(RecordType, RecordType.id == Chart.record_type_id)
                    .where(
                        Chart.patient_id == row.patient_id,
                        RecordType.code.in_(asked_types(session, row)),
                    )
                    .order_by(RecordType.code, Volume.number)
                )
            )
            asked_before = set(
                session.scalars(
                    select(Volume.barcode)
                    .join(ChartRequest, ChartRequest.volume_id == Volume.id)
                    .join(RoiChartRequest, RoiChartRequest.chart_request_id == ChartRequest.id)
                    .where(
                        RoiChartRequest.roi_request_id == row.id,
                        ChartRequest.status != RequestStatus_.CANCELLED.value,
                    )
                )
            )
        # A chart request is a unit of work of its own (RequestService.add): each is linked here
        # once it exists, so a failure half way leaves the ones made, linked.
        needed_by = self._clock() + timedelta(days=1)
        made: list[int] = []
        for barcode in barcodes:
            if barcode in asked_before:
                continue
            info = self._chart_requests.add(
                actor, barcode, desk, needed_by, note=f"Release of information {reference(rid)}"
            )
            with self._db.writing() as uow:
                uow.session.add(RoiChartRequest(roi_request_id=rid, chart_request_id=info.id))
                self._trail.record_for(
                    uow.session,
                    actor,
                    PAPER,
                    mrn=info.mrn,
                    detail=f"{reference(rid)}: {barcode} to {desk} (request {info.id})",
                )
                uow.commit()
            made.append(info.id)
        return tuple(made)

    def record_copies(self, actor: Actor, request_id: int, pages: int) -> int:
        """The pages copied for a release, and its fee from the site's schedule (in cents)."""
        actor.require(Permission.PREPARE_RELEASES)
        if pages <= 0:
            raise InvalidInput(f"A page count must be a whole number above 0, not {pages}.")
        with self._db.writing() as uow:
            session = uow.session
            row = load_open_request(session, request_id)
            fee = copy_fee(Basis(row.basis), pages, load_fee_schedule(session))
            row.page_count, row.fee_cents = pages, fee
            session.flush()
            mrn = session.scalar(select(Patient.mrn).where(Patient.id == row.patient_id))
            self._trail.record_for(
                session,
                actor,
                COPIES,
                mrn=mrn,
                detail=f"{reference(row.id)}: {pages} pages, fee {fee} cents",
            )
            uow.commit()
            return fee

    # The release -----------------------------------------------------------------------------

    def release(
        self, actor: Actor, request_id: int, types: Sequence[str] | None = None
    ) -> DisclosureInfo:
        """Release what the request asks and has not had yet, less the special categories not
        approved; with ``types``, only those record types (the rest waits, e.g. for its paper).

        Refused, with everything missing named, unless the checklist and the authorisation its
        ground needs are complete and valid today. The disclosure is written to the audit trail
        and recorded, linked to that entry, in the same transaction. Anything left over (held
        back, or not chosen) keeps the request open as partly released.
        """
        actor.require(Permission.PREPARE_RELEASES)
        now = self._clock()
        today = self._today()
        with self._db.writing() as uow:
            session = uow.session
            row = load_open_request(session, request_id)
            kind, basis = RequesterKind(row.requester_kind), Basis(row.basis)
            auth = authorisation_of(row)
            ready = readiness(
                kind, basis, checks_done(session, row.id), auth, row.minimum_necessary, today
            )
            if not ready.ready:
                raise InvalidInput(f"{reference(row.id)}: {ready.message()}")
            remaining = list(outstanding_types(session, row))
            chosen = self._chosen(row.id, remaining, types)
            flagged = categories_by_type(session)
            asked_special = [flagged[t] for t in chosen if t in flagged]
            held = held_back(asked_special, approvals(session, row.id), basis, auth)
            going = [t for t in chosen if flagged.get(t) not in held]
            if not going:
                raise InvalidInput(
                    f"{reference(row.id)}: not released: everything asked is "
                    f"{', '.join(c.label for c in held)}, which needs a supervisor's approval "
                    "(and an authorisation naming it) first."
                )
            left = [t for t in remaining if t not in going]
            patient = session.get(Patient, row.patient_id)
            assert patient is not None
            named = row.record_types or left or held
            what = row.what + (f" [{', '.join(going)}]" if named else "")
            if held:
                what += f"; held back: {', '.join(c.label for c in held)}"
            purpose = auth.purpose if auth is not None and auth.purpose else basis.label
            entry_id = self._trail.record_for(
                session,
                actor,
                DISCLOSED,
                mrn=patient.mrn,
                detail=f"{reference(row.id)}: to {row.requester_name}; {what}; purpose: "
                f"{purpose}; {basis.value}",
            )
            disclosure = RoiDisclosure(
                request_id=row.id,
                patient_id=row.patient_id,
                disclosed_at=now,
                recipient=row.requester_name,
                recipient_address=row.requester_address,
                what=what,
                purpose=purpose,
                basis=basis.value,
                accountable=exclusion(basis, today) is None,
                held_back=",".join(c.value for c in held),
                pages=row.page_count,
                fee_cents=row.fee_cents,
                user_id=actor.user_id,
                workstation=actor.workstation[:64],
                audit_event_id=entry_id,
                released_types=",".join(going),
            )
            session.add(disclosure)
            if left:
                row.status = RequestStatus.PARTLY_RELEASED.value
            else:
                row.status, row.closed_at = RequestStatus.RELEASED.value, now
            session.flush()
            info = disclosure_info(disclosure, patient, actor.username)
            uow.commit()
            return info

    @staticmethod
    def _chosen(request_id: int, remaining: list[str], types: Sequence[str] | None) -> list[str]:
        """The record types this release covers: those named (each still owed), else all."""
        if types is None:
            return remaining
        wanted = list(dict.fromkeys(t.strip().upper() for t in types if t.strip()))
        strange = [t for t in wanted if t not in remaining]
        if not wanted or strange:
            raise InvalidInput(
                f"{reference(request_id)}: {', '.join(strange) or 'nothing'} is not among what "
                f"is still to release: {', '.join(remaining) or 'nothing'}."
            )
        return wanted

    # The accounting of disclosures -----------------------------------------------------------

    def accounting(
        self, actor: Actor, mrn: str, since: date | None = None, until: date | None = None
    ) -> Accounting:
        """A patient's disclosures from ``since`` (default: six years back) to ``until``
        (default: today), those 164.528 excludes kept apart. The read is recorded."""
        actor.require(Permission.PREPARE_RELEASES)
        until = until or self._today()
        since = since or accounting_start(until)
        if since > until:
            raise InvalidInput(
                f"The period runs backwards: {since:%Y-%m-%d} is after {until:%Y-%m-%d}."
            )
        start = datetime.combine(since, time()).astimezone().astimezone(UTC)
        end = datetime.combine(until + timedelta(days=1), time()).astimezone().astimezone(UTC)
        with self._db.writing() as uow:
            session = uow.session
            patient = find_patient(session, load_settings(session), mrn)
            rows = session.execute(
                select(RoiDisclosure, User.username)
                .join(User, User.id == RoiDisclosure.user_id)
                .where(
                    RoiDisclosure.patient_id == patient.id,
                    RoiDisclosure.disclosed_at >= start,
                    RoiDisclosure.disclosed_at < end,
                )
                .order_by(RoiDisclosure.disclosed_at, RoiDisclosure.id)
            ).all()
            found = [disclosure_info(d, patient, name) for d, name in rows]
            statements = suspensions_of(session, patient.id)
            today = self._today()
            suspended = [
                replace(d, exclusion=why)
                for d in found
                if d.accountable and (why := suspension_note(statements, d, today))
            ]
            withheld = {d.id for d in suspended}
            self._trail.record_for(
                session,
                actor,
                ACCOUNTING_VIEWED,
                mrn=patient.mrn,
                detail=f"{since:%Y-%m-%d} to {until:%Y-%m-%d}: {len(found)} disclosures"
                + (f", {len(suspended)} suspended (164.528(a)(2))" if suspended else ""),
            )
            uow.commit()
            return Accounting(
                patient.mrn,
                display_name(patient),
                since,
                until,
                tuple(d for d in found if d.accountable and d.id not in withheld),
                tuple(d for d in found if not d.accountable),
                tuple(suspended),
            )

    def disclosure(self, actor: Actor, request_id: int) -> DisclosureInfo:
        """The disclosure a request ended in (for its cover letter and log sheet)."""
        actor.require(Permission.PREPARE_RELEASES)
        with self._db.reading() as uow:
            session = uow.session
            load_request(session, request_id)
            found = session.execute(
                select(RoiDisclosure, Patient, User.username)
                .join(Patient, Patient.id == RoiDisclosure.patient_id)
                .join(User, User.id == RoiDisclosure.user_id)
                .where(RoiDisclosure.request_id == request_id)
                .order_by(RoiDisclosure.id.desc())
                .limit(1)
            ).first()
            if found is None:
                raise NotFound(f"{reference(request_id)} has not been released.")
            return disclosure_info(*found)

    # Turnaround ------------------------------------------------------------------------------

    def figures(self, actor: Actor, since: date | None = None) -> QueueFigures:
        """Requests received since ``since`` (default: all), how many released on time, and the
        median days from receipt to release; open and overdue: every open request, whenever
        received (they are the queue)."""
        actor.require(Permission.PREPARE_RELEASES)
        today = self._today()
        closed = [x.value for x in RequestStatus if x.closed]
        due = func.coalesce(RoiRequest.extended_due_on, RoiRequest.due_on)
        with self._db.reading() as uow:
            session = uow.session
            period = [] if since is None else [RoiRequest.received_on >= since]
            received = int(session.scalar(select(func.count(RoiRequest.id)).where(*period)) or 0)
            open_due = session.scalars(select(due).where(RoiRequest.status.not_in(closed))).all()
            # Each request's first disclosure, beside its receipt and due dates: plain columns,
            # no whole rows; the period narrows the requests first (their received_on index).
            released = session.execute(
                select(RoiRequest.received_on, due, func.min(RoiDisclosure.disclosed_at))
                .join(RoiDisclosure, RoiDisclosure.request_id == RoiRequest.id)
                .where(*period)
                .group_by(
                    RoiRequest.id,
                    RoiRequest.received_on,
                    RoiRequest.due_on,
                    RoiRequest.extended_due_on,
                )
            ).all()
        days: list[int] = []
        on_time = 0
        for received_on, due_on, when in released:
            day = _as_utc(when).astimezone().date()
            days.append((day - received_on).days)
            on_time += day <= due_on
        open_count = len(open_due)
        overdue = sum(1 for d in open_due if d < today)
        return QueueFigures(
            received=received,
            open=open_count,
            overdue=overdue,
            released=len(days),
            released_on_time=on_time,
            median_days_to_release=statistics.median(days) if days else None,
        )


def _as_utc(value: datetime) -> datetime:
    """A time read through an aggregate (SQLite hands it back naive, and as text): in UTC."""
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)
