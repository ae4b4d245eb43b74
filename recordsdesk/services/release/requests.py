"""Release requests at the ROI desk: logged, checked, extended, approved, denied or withdrawn."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from recordsdesk.domain.errors import InvalidInput
from recordsdesk.domain.release_of_information import (
    Authorisation,
    Basis,
    Check,
    RequesterKind,
    RequestStatus,
    SpecialCategory,
    basis_for,
    checklist,
    due_date,
    extended_due_date,
)
from recordsdesk.services.actors import Actor, Clock, Permission
from recordsdesk.services.audit import AuditTrail
from recordsdesk.services.identity.reads import record_shown
from recordsdesk.services.registry import find_patient, find_record_type
from recordsdesk.services.release.dto import NewRequest, QueueRow, RequestDetail
from recordsdesk.services.release.records import (
    DENIAL,
    QueueFacts,
    derive_status,
    distinct,
    load_open_request,
    load_request,
    patient_record_types,
    queue_query,
    queue_rows,
    reference,
    request_detail,
    special_categories,
    store_authorisation,
)
from recordsdesk.services.release.site import load_policy_days
from recordsdesk.services.site_settings import load_settings
from recordsdesk.storage.models import Chart, Patient, Volume
from recordsdesk.storage.release_models import RoiApproval, RoiCheck, RoiRequest
from recordsdesk.storage.unit_of_work import Database, UnitOfWork

# Audit actions of the ROI desk (the trail's action column holds 32 characters).
LOGGED = "roi_request_logged"
CHECKED = "roi_checklist"
AUTHORISATION = "roi_authorisation"
EXTENDED = "roi_extended"
APPROVED = "roi_approved"
DENIED = "roi_denied"
WITHDRAWN = "roi_withdrawn"
VIEWED = "roi_request_viewed"
QUEUE_VIEWED = "roi_queue_viewed"


class ReleaseRequestService:
    """The request side of the ROI desk; every action one unit of work, recorded in the trail."""

    def __init__(self, db: Database, clock: Clock, trail: AuditTrail) -> None:
        self._db = db
        self._clock = clock
        self._trail = trail

    def today(self) -> date:
        """Today where this desk is: the default day a request was received."""
        return self._clock().astimezone().date()

    # Logging a request -----------------------------------------------------------------------

    def log_request(self, actor: Actor, new: NewRequest) -> RequestDetail:
        """Log a request as received; its due date comes from the rule for its requester."""
        actor.require(Permission.PREPARE_RELEASES)
        today = self.today()
        if not new.requester_name.strip():
            raise InvalidInput("Name the requester (a person, practice, firm, court or agency).")
        if not new.what.strip():
            raise InvalidInput("Say what is asked for (e.g. 'discharge summaries 2024').")
        if new.received_on > today:
            raise InvalidInput(
                f"The request cannot have been received on {new.received_on:%Y-%m-%d}: "
                "that is after today."
            )
        if new.date_from and new.date_to and new.date_from > new.date_to:
            raise InvalidInput(
                f"The dates asked run backwards: {new.date_from:%Y-%m-%d} is after "
                f"{new.date_to:%Y-%m-%d}."
            )
        basis = basis_for(new.kind, new.basis)
        with self._db.writing() as uow:
            session = uow.session
            due = due_date(new.kind, new.received_on, new.due_on, load_policy_days(session))
            if due < today:
                raise InvalidInput(
                    f"The due date {due:%Y-%m-%d} is in the past: nothing was logged. Check the "
                    "date received and the date the request gives."
                )
            patient = find_patient(session, load_settings(session), new.mrn)
            types = self._check_asked(session, patient, new)
            row = RoiRequest(
                patient_id=patient.id,
                requester_kind=new.kind.value,
                basis=basis.value,
                requester_name=new.requester_name.strip()[:128],
                requester_address=new.requester_address.strip(),
                received_on=new.received_on,
                due_on=due,
                extended_due_on=None,
                extension_reason="",
                status=RequestStatus.RECEIVED.value,
                what=new.what.strip(),
                record_types=",".join(types),
                date_from=new.date_from,
                date_to=new.date_to,
                volumes=",".join(distinct(v.strip().upper() for v in new.volumes)),
                minimum_necessary="",
                denial_reason="",
                has_authorisation=False,
                auth_description="",
                auth_discloser="",
                auth_recipient="",
                auth_purpose="",
                auth_expiry_event="",
                auth_signed_by="",
                auth_representative_authority="",
                auth_statements=False,
                auth_covers="",
                created_by=actor.user_id,
                created_at=self._clock(),
            )
            session.add(row)
            session.flush()
            self._trail.record_for(
                session,
                actor,
                LOGGED,
                mrn=patient.mrn,
                detail=f"{reference(row.id)}: {new.kind.label} '{row.requester_name}', "
                f"{basis.label}, due {due:%Y-%m-%d}",
            )
            detail = request_detail(session, row, today)
            uow.commit()
            return detail

    def _check_asked(self, session: Session, patient: Patient, new: NewRequest) -> list[str]:
        """The record types asked, each one the patient has a chart of; volumes theirs too."""
        has = patient_record_types(session, patient.id)
        if not has:
            raise InvalidInput(
                f"MRN {patient.mrn} has no chart in this file room: there is nothing to release."
            )
        types = distinct(find_record_type(session, code).code for code in new.record_types)
        lacking = [code for code in types if code not in has]
        if lacking:
            raise InvalidInput(
                f"MRN {patient.mrn} has no {', '.join(lacking)} chart: "
                f"their charts are {', '.join(has)}."
            )
        for barcode in new.volumes:
            owner = session.scalar(
                select(Chart.patient_id)
                .join(Volume, Volume.chart_id == Chart.id)
                .where(Volume.barcode == barcode.strip().upper())
            )
            if owner != patient.id:
                raise InvalidInput(f"{barcode} is not a volume of MRN {patient.mrn}'s charts.")
        return types

    # The checklist and the authorisation -----------------------------------------------------

    def record_checks(
        self,
        actor: Actor,
        request_id: int,
        ticks: Mapping[Check, str],
        minimum_necessary: str | None = None,
    ) -> RequestDetail:
        """Tick checklist items (each with a note, may be empty) and note the minimum necessary."""
        actor.require(Permission.PREPARE_RELEASES)
        now = self._clock()
        with self._db.writing() as uow:
            session = uow.session
            row = load_open_request(session, request_id)
            items = checklist(RequesterKind(row.requester_kind), _basis(row))
            ticks = dict(ticks)
            if minimum_necessary and minimum_necessary.strip() and Check.MINIMUM_NECESSARY in items:
                # Noting the minimum necessary is the review the checklist asks for.
                ticks.setdefault(Check.MINIMUM_NECESSARY, "")
            strange = [c for c in ticks if c not in items]
            if strange:
                raise InvalidInput(
                    f"{', '.join(c.value for c in strange)} is not on {reference(row.id)}'s "
                    f"checklist: it has {', '.join(c.value for c in items)}."
                )
            done = {
                c.item: c
                for c in session.scalars(select(RoiCheck).where(RoiCheck.request_id == row.id))
            }
            for check, note in ticks.items():
                found = done.get(check.value)
                if found is None:
                    session.add(
                        RoiCheck(
                            request_id=row.id,
                            item=check.value,
                            note=note.strip()[:255],
                            checked_by=actor.user_id,
                            checked_at=now,
                        )
                    )
                else:
                    found.note = note.strip()[:255]
                    found.checked_by, found.checked_at = actor.user_id, now
            if minimum_necessary is not None:
                row.minimum_necessary = minimum_necessary.strip()
            session.flush()
            said = _ticked(ticks, minimum_necessary)
            return self._saved(session, actor, row, CHECKED, said, uow)

    def record_authorisation(
        self, actor: Actor, request_id: int, authorisation: Authorisation
    ) -> RequestDetail:
        """Record the authorisation as received; what it lacks is listed, not released."""
        actor.require(Permission.PREPARE_RELEASES)
        today = self.today()
        if authorisation.signed_on is not None and authorisation.signed_on > today:
            raise InvalidInput(
                f"The authorisation cannot be signed on {authorisation.signed_on:%Y-%m-%d}: "
                "that is after today."
            )
        with self._db.writing() as uow:
            row = load_open_request(uow.session, request_id)
            store_authorisation(row, authorisation)
            lacking = authorisation.problems(today)
            said = "complete" if not lacking else "lacks " + "; ".join(lacking)
            return self._saved(uow.session, actor, row, AUTHORISATION, said, uow)

    def _saved(
        self,
        session: Session,
        actor: Actor,
        row: RoiRequest,
        action: str,
        detail: str,
        uow: UnitOfWork,
    ) -> RequestDetail:
        today = self.today()
        row.status = derive_status(session, row, today).value
        session.flush()
        self._trail.record_for(
            session, actor, action, mrn=_mrn(session, row), detail=f"{reference(row.id)}: {detail}"
        )
        result = request_detail(session, row, today)
        uow.commit()
        return result

    # Decisions -------------------------------------------------------------------------------

    def extend(self, actor: Actor, request_id: int, reason: str) -> RequestDetail:
        """The one 30-day extension of a patient's access request, with its reason."""
        actor.require(Permission.PREPARE_RELEASES)
        with self._db.writing() as uow:
            row = load_open_request(uow.session, request_id)
            row.extended_due_on = extended_due_date(
                RequesterKind(row.requester_kind),
                row.due_on,
                row.extended_due_on is not None,
                reason,
                self.today(),
            )
            row.extension_reason = reason.strip()
            said = f"due {row.due_on:%Y-%m-%d} extended to {row.extended_due_on:%Y-%m-%d}: {reason}"
            return self._saved(uow.session, actor, row, EXTENDED, said, uow)

    def approve(
        self, actor: Actor, request_id: int, category: SpecialCategory, note: str
    ) -> RequestDetail:
        """A supervisor's (or the ROI officer's) approval to release one special category."""
        actor.require(Permission.APPROVE_RELEASES)
        if not note.strip():
            raise InvalidInput("An approval needs a note: the consent it rests on.")
        with self._db.writing() as uow:
            session = uow.session
            row = load_open_request(session, request_id)
            asked = special_categories(session, row)
            if category not in asked:
                raise InvalidInput(
                    f"{reference(row.id)} does not ask for {category.label}: nothing to approve."
                )
            session.add(
                RoiApproval(
                    request_id=row.id,
                    subject=category.value,
                    note=note.strip(),
                    approved_by=actor.user_id,
                    approved_at=self._clock(),
                )
            )
            return self._saved(session, actor, row, APPROVED, f"{category.value}: {note}", uow)

    def deny(self, actor: Actor, request_id: int, reason: str) -> RequestDetail:
        """Deny a request with its reason (supervisors and the ROI officer)."""
        actor.require(Permission.APPROVE_RELEASES)
        if not reason.strip():
            raise InvalidInput("A denial needs its reason, as written to the requester.")
        return self._close(actor, request_id, RequestStatus.DENIED, reason, DENIED)

    def withdraw(self, actor: Actor, request_id: int, note: str) -> RequestDetail:
        """The requester withdrew the request."""
        actor.require(Permission.PREPARE_RELEASES)
        if not note.strip():
            raise InvalidInput("Say how the request was withdrawn (a call, a letter ...).")
        return self._close(actor, request_id, RequestStatus.WITHDRAWN, note, WITHDRAWN)

    def _close(
        self, actor: Actor, request_id: int, status: RequestStatus, reason: str, action: str
    ) -> RequestDetail:
        now = self._clock()
        with self._db.writing() as uow:
            session = uow.session
            row = load_open_request(session, request_id)
            row.status = status.value
            row.closed_at = now
            if status is RequestStatus.DENIED:
                row.denial_reason = reason.strip()
                session.add(
                    RoiApproval(
                        request_id=row.id,
                        subject=DENIAL,
                        note=reason.strip(),
                        approved_by=actor.user_id,
                        approved_at=now,
                    )
                )
            session.flush()
            self._trail.record_for(
                session,
                actor,
                action,
                mrn=_mrn(session, row),
                detail=f"{reference(row.id)}: {reason.strip()}",
            )
            detail = request_detail(session, row, self.today())
            uow.commit()
            return detail

    # Reading ---------------------------------------------------------------------------------

    def detail(self, actor: Actor, request_id: int) -> RequestDetail:
        """One request in full; the read is recorded for its patient."""
        actor.require(Permission.PREPARE_RELEASES)
        with self._db.writing() as uow:
            session = uow.session
            row = load_request(session, request_id)
            detail = request_detail(session, row, self.today())
            self._trail.record_for(
                session, actor, VIEWED, mrn=detail.row.mrn, detail=reference(row.id)
            )
            uow.commit()
            return detail

    def queue(self, actor: Actor, include_closed: bool = False) -> list[QueueRow]:
        """The ROI desk's queue, due soonest first; the showing is recorded once per patient."""
        actor.require(Permission.PREPARE_RELEASES)
        today = self.today()
        with self._db.writing() as uow:
            session = uow.session
            found = [QueueFacts(*r) for r in session.execute(queue_query(include_closed))]
            rows = queue_rows(session, found, today)
            rows.sort(key=lambda r: (r.status.closed, r.due_on, r.id))
            refs: dict[str, list[str]] = {}
            for r in rows:
                refs.setdefault(r.mrn, []).append(reference(r.id))
            # One entry per patient shown, written in one statement.
            shown = {mrn: ", ".join(listed) for mrn, listed in refs.items()}
            record_shown(session, self._trail, actor, shown, QUEUE_VIEWED)
            uow.commit()
            return rows


def _basis(row: RoiRequest) -> Basis:
    return Basis(row.basis)


def _mrn(session: Session, row: RoiRequest) -> str:
    return str(session.scalar(select(Patient.mrn).where(Patient.id == row.patient_id)))


def _ticked(ticks: Mapping[Check, str], minimum_necessary: str | None) -> str:
    said = [c.value for c in ticks]
    if minimum_necessary is not None:
        said.append(f"minimum necessary: {minimum_necessary.strip()}")
    return "ticked " + (", ".join(said) or "nothing")
