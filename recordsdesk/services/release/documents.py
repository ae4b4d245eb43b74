"""The release's papers: its cover letter, its disclosure log sheet, and the accounting of
disclosures (PDF and CSV); saving or printing them goes through DocumentService, which records
each one for its patient."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from recordsdesk.domain.release_of_information import (
    AuthElement,
    RequestStatus,
    SpecialCategory,
    money,
)
from recordsdesk.printing.release_accounting import (
    AccountingDocument,
    AccountingLine,
    accounting_csv,
    accounting_pdf,
)
from recordsdesk.printing.release_letters import (
    CoverLetter,
    LogSheet,
    cover_letter_pdf,
    log_sheet_pdf,
)
from recordsdesk.services.actors import Actor, Clock, Permission
from recordsdesk.services.documents import Document
from recordsdesk.services.release.disclosures import DisclosureService
from recordsdesk.services.release.dto import Accounting, DisclosureInfo, RequestDetail
from recordsdesk.services.release.records import load_request, reference, request_detail
from recordsdesk.services.site_settings import load_settings
from recordsdesk.storage.models import Patient
from recordsdesk.storage.unit_of_work import Database


def _printed(moment: datetime) -> str:
    return moment.astimezone().strftime("%Y-%m-%d %H:%M")


def _authorisation_lines(detail: RequestDetail) -> tuple[tuple[str, str], ...]:
    auth = detail.authorisation
    if auth is None:
        return ()
    expiry = ", ".join(
        x
        for x in (f"{auth.expires_on:%Y-%m-%d}" if auth.expires_on else "", auth.expiry_event)
        if x
    )
    signed = f"{auth.signed_by}, {auth.signed_on:%Y-%m-%d}" if auth.signed_on else auth.signed_by
    values = {
        AuthElement.DESCRIPTION: auth.description,
        AuthElement.DISCLOSER: auth.discloser,
        AuthElement.RECIPIENT: auth.recipient,
        AuthElement.PURPOSE: auth.purpose,
        AuthElement.EXPIRY: expiry,
        AuthElement.SIGNATURE: signed
        + (f" (as {auth.representative_authority})" if auth.representative_authority else ""),
        AuthElement.STATEMENTS: "present" if auth.statements else "",
    }
    lines = [(e.value.capitalize(), v or "MISSING") for e, v in values.items()]
    if auth.covers:
        lines.append(("Names specifically", ", ".join(c.label for c in sorted(auth.covers))))
    return tuple(lines)


class ReleaseDocumentService:
    """Renders the release documents; they name one patient each."""

    def __init__(self, db: Database, clock: Clock, disclosures: DisclosureService) -> None:
        self._db = db
        self._clock = clock
        self._disclosures = disclosures

    def _context(self, session: Session, request_id: int) -> tuple[RequestDetail, str, str]:
        """The request in full, the patient's date of birth as written, the file room's name."""
        row = load_request(session, request_id)
        detail = request_detail(session, row, self._clock().astimezone().date())
        dob = session.scalar(select(Patient.dob).where(Patient.id == row.patient_id))
        return detail, f"{dob:%d %B %Y}" if dob else "", load_settings(session).file_room

    def cover_letter(self, actor: Actor, request_id: int) -> Document:
        """The letter to go with the copies of a released request."""
        actor.require(Permission.PREPARE_RELEASES)
        disclosure = self._disclosures.disclosure(actor, request_id)
        with self._db.reading() as uow:
            detail, dob, file_room = self._context(uow.session, request_id)
        letter = CoverLetter(
            file_room=file_room,
            reference=reference(request_id),
            letter_date=disclosure.disclosed_at.astimezone().date(),
            recipient=disclosure.recipient,
            recipient_address=disclosure.recipient_address,
            patient=disclosure.patient,
            mrn=detail.row.mrn,
            dob=dob,
            received_on=detail.row.received_on,
            what=detail.what,
            purpose=disclosure.purpose,
            pages=disclosure.pages,
            fee=money(disclosure.fee_cents or 0),
            held_back=tuple(c.label for c in disclosure.held_back),
            part_2_notice=SpecialCategory.SUBSTANCE_USE in detail.approved
            and SpecialCategory.SUBSTANCE_USE not in disclosure.held_back,
            clerk=disclosure.clerk,
        )
        return Document(
            cover_letter_pdf(letter), "pdf", f"Cover letter {reference(request_id)}", (letter.mrn,)
        )

    def log_sheet(self, actor: Actor, request_id: int) -> Document:
        """The disclosure log sheet of a request (released or not: the checklist as it stands)."""
        actor.require(Permission.PREPARE_RELEASES)
        with self._db.reading() as uow:
            detail, _, file_room = self._context(uow.session, request_id)
        row = detail.row
        released: DisclosureInfo | None = detail.disclosures[-1] if detail.disclosures else None
        facts: list[tuple[str, str]] = [
            ("Patient", f"{row.patient}, MRN {row.mrn}"),
            ("Requester", f"{row.requester} ({row.kind.label})"),
            ("Address", " ".join(detail.requester_address.split())),
            ("Ground", detail.basis.label),
            ("What is asked", detail.what),
            ("Received", f"{row.received_on:%Y-%m-%d}"),
            (
                "Due",
                f"{row.due_on:%Y-%m-%d}"
                + (
                    f" (extended from {detail.original_due_on:%Y-%m-%d}: {detail.extension_reason})"
                    if detail.extended_due_on
                    else ""
                ),
            ),
            ("Status", row.status.label),
            ("Minimum necessary", detail.minimum_necessary or "-"),
            (
                "Pages, fee",
                "-"
                if detail.page_count is None
                else f"{detail.page_count} pages, {money(detail.fee_cents or 0)}",
            ),
            ("Logged by", detail.logged_by),
        ]
        if row.special:
            facts.append(("Special categories", ", ".join(c.label for c in row.special)))
        if detail.held_back and row.status not in (RequestStatus.DENIED, RequestStatus.WITHDRAWN):
            facts.append(("Held back", ", ".join(c.label for c in detail.held_back)))
        if detail.denial_reason:
            facts.append(("Denied", detail.denial_reason))
        if released is not None:
            facts += [
                ("Released", f"{_printed(released.disclosed_at)} by {released.clerk}"),
                (
                    "Accounting",
                    "listed in the accounting (164.528)"
                    if released.accountable
                    else f"not listed: {released.exclusion}",
                ),
                ("Audit entry", f"#{released.audit_event_id}"),
            ]
        sheet = LogSheet(
            file_room=file_room,
            reference=reference(request_id),
            facts=tuple(facts),
            checklist=tuple((c.label, c.done, c.note) for c in detail.checklist),
            authorisation=_authorisation_lines(detail),
            printed=_printed(self._clock()),
        )
        return Document(
            log_sheet_pdf(sheet), "pdf", f"Disclosure log {reference(request_id)}", (row.mrn,)
        )

    def _accounting_document(self, accounting: Accounting) -> AccountingDocument:
        with self._db.reading() as uow:
            file_room = load_settings(uow.session).file_room

        def line(d: DisclosureInfo) -> AccountingLine:
            return AccountingLine(
                d.disclosed_at.astimezone().date(),
                d.recipient,
                d.recipient_address,
                d.what,
                d.purpose,
                reference(d.request_id),
                d.exclusion,
            )

        return AccountingDocument(
            file_room,
            accounting.patient,
            accounting.mrn,
            accounting.since,
            accounting.until,
            _printed(self._clock()),
            tuple(line(d) for d in accounting.accountable),
            tuple(line(d) for d in accounting.excluded),
        )

    def accounting_pdf(self, actor: Actor, accounting: Accounting) -> Document:
        actor.require(Permission.PREPARE_RELEASES)
        data = accounting_pdf(self._accounting_document(accounting))
        return Document(
            data, "pdf", f"Accounting of disclosures {accounting.mrn}", (accounting.mrn,)
        )

    def accounting_csv(self, actor: Actor, accounting: Accounting) -> Document:
        actor.require(Permission.PREPARE_RELEASES)
        data = accounting_csv(self._accounting_document(accounting))
        return Document(
            data, "csv", f"Accounting of disclosures {accounting.mrn}", (accounting.mrn,)
        )
