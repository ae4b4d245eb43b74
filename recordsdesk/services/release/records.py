"""Reading release requests out of the database into the domain's terms and the DTOs."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from recordsdesk.domain.errors import Conflict, InvalidInput, NotFound
from recordsdesk.domain.release_of_information import (
    Authorisation,
    Basis,
    Check,
    RequesterKind,
    RequestStatus,
    SpecialCategory,
    checklist,
    exclusion,
    held_back,
    readiness,
)
from recordsdesk.services.registry import display_name
from recordsdesk.services.release.dto import ChecklistLine, DisclosureInfo, QueueRow, RequestDetail
from recordsdesk.storage.models import Chart, Patient, RecordType, User
from recordsdesk.storage.release_models import (
    RoiApproval,
    RoiChartRequest,
    RoiCheck,
    RoiDisclosure,
    RoiRecordTypeCategory,
    RoiRequest,
)

DENIAL = "denial"


def reference(request_id: int) -> str:
    """How a request is named on paper and at the desk."""
    return f"ROI-{request_id:06d}"


def parse_reference(text: str) -> int:
    """A request number from 'ROI-000012', '12' or a number."""
    raw = str(text).strip().upper().removeprefix("ROI-").removeprefix("ROI")
    if not raw.isdigit():
        raise InvalidInput(f"'{text}' is not a release request number (ROI-000012 or 12).")
    return int(raw)


def split_codes(text: str) -> tuple[str, ...]:
    return tuple(c for c in text.split(",") if c)


def load_request(session: Session, request_id: int, *, for_update: bool = False) -> RoiRequest:
    """The request, locked for the rest of the transaction when ``for_update`` (PostgreSQL)."""
    query = select(RoiRequest).where(RoiRequest.id == request_id)
    if for_update:
        query = query.with_for_update()
    found = session.scalar(query)
    if found is None:
        raise NotFound(f"No release request {reference(request_id)}.")
    return found


def load_open_request(session: Session, request_id: int) -> RoiRequest:
    """The request, locked, refusing one already closed."""
    found = load_request(session, request_id, for_update=True)
    status = RequestStatus(found.status)
    if status.closed:
        raise Conflict(f"{reference(request_id)} is {status.label} already: nothing more to do.")
    return found


def authorisation_of(row: RoiRequest) -> Authorisation | None:
    if not row.has_authorisation:
        return None
    return Authorisation(
        description=row.auth_description,
        discloser=row.auth_discloser,
        recipient=row.auth_recipient,
        purpose=row.auth_purpose,
        expires_on=row.auth_expires_on,
        expiry_event=row.auth_expiry_event,
        signed_by=row.auth_signed_by,
        signed_on=row.auth_signed_on,
        representative_authority=row.auth_representative_authority,
        statements=row.auth_statements,
        covers=frozenset(SpecialCategory(c) for c in split_codes(row.auth_covers)),
    )


def store_authorisation(row: RoiRequest, auth: Authorisation) -> None:
    row.has_authorisation = True
    row.auth_description = auth.description.strip()
    row.auth_discloser = auth.discloser.strip()[:255]
    row.auth_recipient = auth.recipient.strip()[:255]
    row.auth_purpose = auth.purpose.strip()
    row.auth_expires_on = auth.expires_on
    row.auth_expiry_event = auth.expiry_event.strip()[:255]
    row.auth_signed_by = auth.signed_by.strip()[:128]
    row.auth_signed_on = auth.signed_on
    row.auth_representative_authority = auth.representative_authority.strip()[:255]
    row.auth_statements = auth.statements
    row.auth_covers = ",".join(sorted(c.value for c in auth.covers))


def checks_done(session: Session, request_id: int) -> dict[Check, str]:
    rows = session.scalars(select(RoiCheck).where(RoiCheck.request_id == request_id))
    return {Check(r.item): r.note for r in rows}


def approvals(session: Session, request_id: int) -> set[SpecialCategory]:
    subjects = session.scalars(
        select(RoiApproval.subject).where(RoiApproval.request_id == request_id)
    )
    return {SpecialCategory(s) for s in subjects if s != DENIAL}


def categories_by_type(session: Session) -> dict[str, SpecialCategory]:
    """Record type code -> its special category, for the types flagged."""
    rows = session.execute(
        select(RecordType.code, RoiRecordTypeCategory.category).join(
            RoiRecordTypeCategory, RoiRecordTypeCategory.record_type_id == RecordType.id
        )
    )
    return {code: SpecialCategory(category) for code, category in rows}


def patient_record_types(session: Session, patient_id: int) -> tuple[str, ...]:
    codes = session.scalars(
        select(RecordType.code)
        .join(Chart, Chart.record_type_id == RecordType.id)
        .where(Chart.patient_id == patient_id)
        .order_by(RecordType.code)
    )
    return tuple(codes)


def asked_types(session: Session, row: RoiRequest) -> tuple[str, ...]:
    """The record types a request covers: those named, else every chart the patient has."""
    return split_codes(row.record_types) or patient_record_types(session, row.patient_id)


def special_categories(session: Session, row: RoiRequest) -> tuple[SpecialCategory, ...]:
    """The special categories among what the request asks for."""
    flagged = categories_by_type(session)
    return tuple(dict.fromkeys(flagged[c] for c in asked_types(session, row) if c in flagged))


def effective_due(row: RoiRequest) -> date:
    return row.extended_due_on or row.due_on


@dataclass(frozen=True)
class QueueFacts:
    """What a queue row is made of: a request's columns and its patient's, no ORM objects
    (a busy desk's queue holds thousands of requests)."""

    id: int
    patient_id: int
    record_types: str
    status: str
    due_on: date
    extended_due_on: date | None
    requester_kind: str
    requester_name: str
    received_on: date
    mrn: str
    family_name: str
    given_name: str


def queue_query(include_closed: bool = False) -> Select[*tuple[Any, ...]]:
    """Every request of the queue (the open ones unless ``include_closed``), as QueueFacts's
    columns; the open ones found through the (status, due) index."""
    query = select(
        RoiRequest.id,
        RoiRequest.patient_id,
        RoiRequest.record_types,
        RoiRequest.status,
        RoiRequest.due_on,
        RoiRequest.extended_due_on,
        RoiRequest.requester_kind,
        RoiRequest.requester_name,
        RoiRequest.received_on,
        Patient.mrn,
        Patient.family_name,
        Patient.given_name,
    ).join(Patient, Patient.id == RoiRequest.patient_id)
    if not include_closed:
        query = query.where(RoiRequest.status.in_([s.value for s in RequestStatus if not s.closed]))
    return query


def queue_row(session: Session, row: RoiRequest, patient: Patient, today: date) -> QueueRow:
    facts = QueueFacts(
        row.id,
        row.patient_id,
        row.record_types,
        row.status,
        row.due_on,
        row.extended_due_on,
        row.requester_kind,
        row.requester_name,
        row.received_on,
        patient.mrn,
        patient.family_name,
        patient.given_name,
    )
    return queue_rows(session, [facts], today)[0]


def queue_rows(session: Session, requests: Sequence[QueueFacts], today: date) -> list[QueueRow]:
    """Queue rows for many requests in a few queries (not a few per request)."""
    flagged = categories_by_type(session)
    need_types = {r.patient_id for r in requests if not r.record_types}
    charts: dict[int, list[str]] = {}
    if need_types:
        for patient_id, code in session.execute(
            select(Chart.patient_id, RecordType.code)
            .join(RecordType, RecordType.id == Chart.record_type_id)
            .where(Chart.patient_id.in_(need_types))
            .order_by(RecordType.code)
        ):
            charts.setdefault(patient_id, []).append(code)
    partly = [r.id for r in requests if r.status == RequestStatus.PARTLY_RELEASED.value]
    released: dict[int, set[str]] = {}
    if partly:
        for request_id, text in session.execute(
            select(RoiDisclosure.request_id, RoiDisclosure.released_types).where(
                RoiDisclosure.request_id.in_(partly)
            )
        ):
            released.setdefault(request_id, set()).update(split_codes(text or ""))
    rows = []
    for row in requests:
        status = RequestStatus(row.status)
        due = row.extended_due_on or row.due_on
        types = split_codes(row.record_types) or tuple(
            dict.fromkeys(charts.get(row.patient_id, ()))
        )
        done = released.get(row.id)
        rows.append(
            QueueRow(
                id=row.id,
                mrn=row.mrn,
                patient=f"{row.family_name.upper()}, {row.given_name}",
                kind=RequesterKind(row.requester_kind),
                requester=row.requester_name,
                received_on=row.received_on,
                due_on=due,
                status=status,
                overdue=not status.closed and due < today,
                waiting_on_requester=status is RequestStatus.PENDING_AUTHORISATION,
                days_left=(due - today).days,
                special=tuple(dict.fromkeys(flagged[t] for t in types if t in flagged)),
                outstanding=() if done is None else tuple(t for t in types if t not in done),
            )
        )
    return rows


def disclosure_info(d: RoiDisclosure, patient: Patient, clerk: str) -> DisclosureInfo:
    basis = Basis(d.basis)
    excluded_by = exclusion(basis, d.disclosed_at.astimezone().date())
    return DisclosureInfo(
        id=d.id,
        request_id=d.request_id,
        mrn=patient.mrn,
        patient=display_name(patient),
        disclosed_at=d.disclosed_at,
        recipient=d.recipient,
        recipient_address=d.recipient_address,
        what=d.what,
        purpose=d.purpose,
        basis=basis,
        accountable=excluded_by is None,
        exclusion="" if excluded_by is None else excluded_by.label,
        held_back=tuple(SpecialCategory(c) for c in split_codes(d.held_back)),
        pages=d.pages,
        fee_cents=d.fee_cents,
        clerk=clerk,
        audit_event_id=d.audit_event_id,
        record_types=split_codes(d.released_types or ""),
    )


def disclosures_of(session: Session, request_ids: Sequence[int]) -> list[DisclosureInfo]:
    rows = session.execute(
        select(RoiDisclosure, Patient, User.username)
        .join(Patient, Patient.id == RoiDisclosure.patient_id)
        .join(User, User.id == RoiDisclosure.user_id)
        .where(RoiDisclosure.request_id.in_(request_ids))
        .order_by(RoiDisclosure.disclosed_at, RoiDisclosure.id)
    ).all()
    return [disclosure_info(d, p, name) for d, p, name in rows]


def released_types(session: Session, request_id: int) -> set[str]:
    """The record types the request's disclosures have released so far."""
    rows = session.scalars(
        select(RoiDisclosure.released_types).where(RoiDisclosure.request_id == request_id)
    )
    return {code for text in rows for code in split_codes(text or "")}


def outstanding_types(session: Session, row: RoiRequest) -> tuple[str, ...]:
    """What a request asks that no disclosure has released yet (nothing, once closed)."""
    if RequestStatus(row.status).closed:
        return ()
    done = released_types(session, row.id)
    return tuple(t for t in asked_types(session, row) if t not in done)


def derive_status(session: Session, row: RoiRequest, today: date) -> RequestStatus:
    """An open request is partly released once something went, in progress once nothing is
    missing, else it waits on paperwork."""
    if released_types(session, row.id):
        return RequestStatus.PARTLY_RELEASED
    done = checks_done(session, row.id)
    ready = readiness(
        RequesterKind(row.requester_kind),
        Basis(row.basis),
        done,
        authorisation_of(row),
        row.minimum_necessary,
        today,
    ).ready
    return RequestStatus.IN_PROGRESS if ready else RequestStatus.PENDING_AUTHORISATION


def request_detail(session: Session, row: RoiRequest, today: date) -> RequestDetail:
    """Everything about one request, with what still stands in the way of its release."""
    patient = session.get(Patient, row.patient_id)
    assert patient is not None
    kind = RequesterKind(row.requester_kind)
    basis = Basis(row.basis)
    done = checks_done(session, row.id)
    auth = authorisation_of(row)
    lines = [
        ChecklistLine(c.value, c.label, c in done, done.get(c, "")) for c in checklist(kind, basis)
    ]
    status = RequestStatus(row.status)
    missing = (
        ()
        if status.closed
        else readiness(kind, basis, done, auth, row.minimum_necessary, today).missing
    )
    approved = approvals(session, row.id)
    categories = special_categories(session, row)
    links = session.scalars(
        select(RoiChartRequest.chart_request_id)
        .where(RoiChartRequest.roi_request_id == row.id)
        .order_by(RoiChartRequest.chart_request_id)
    )
    logged_by = session.scalar(select(User.username).where(User.id == row.created_by)) or ""
    return RequestDetail(
        row=queue_row(session, row, patient, today),
        basis=basis,
        requester_address=row.requester_address,
        what=row.what,
        record_types=split_codes(row.record_types),
        date_from=row.date_from,
        date_to=row.date_to,
        volumes=split_codes(row.volumes),
        original_due_on=row.due_on,
        extended_due_on=row.extended_due_on,
        extension_reason=row.extension_reason,
        minimum_necessary=row.minimum_necessary,
        page_count=row.page_count,
        fee_cents=row.fee_cents,
        denial_reason=row.denial_reason,
        authorisation=auth,
        checklist=tuple(lines),
        missing=tuple(missing),
        approved=tuple(c for c in categories if c in approved),
        held_back=held_back(categories, approved, basis, auth),
        chart_requests=tuple(links),
        disclosures=tuple(disclosures_of(session, [row.id])),
        logged_by=logged_by,
        checks_done=frozenset(done),
        outstanding=outstanding_types(session, row),
    )


def distinct(values: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(values))
